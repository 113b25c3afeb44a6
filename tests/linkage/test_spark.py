"""The same model on Spark (pyspark local mode)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from tansiq.linkage import evaluate_clusters, link_records, read_record_csvs

from .conftest import FAST, list_files, make_world


@pytest.mark.spark
def test_small_world_links_on_spark(tmp_path: Path) -> None:
    folder = make_world(tmp_path, persons=250, seed=11)
    records = read_record_csvs(list_files(folder))
    truth = pd.read_csv(folder / "truth.csv", dtype=str)
    params = replace(
        FAST, backend="spark", threads=2, max_u_pairs=1e5, max_training_pairs=5e4, em_iterations=4
    )
    result = link_records(records, params)
    metrics = evaluate_clusters(result.clusters, truth)
    assert metrics.pairwise_f1 >= 0.85
    assert len(result.clusters) == len(records)
