"""Small synthetic worlds (tansiq.synth) linked once per test session."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from tansiq.linkage import LinkageParams, LinkageResult, link_records, read_record_csvs
from tansiq.synth import generate_world, preset, write_world

# Small bounds keep the suite fast; the benchmark uses the defaults.
FAST = LinkageParams(max_u_pairs=3e5, max_training_pairs=2e5)

# Hand-made records added to the small world (docs/formats.md columns).
EXTRA_HEADER = (
    "record_id,dataset,name_ar,given_name,father_name,grandfather_name,family_name,mother_name,"
    "sex,age,act,date,date_precision,governorate,locality\n"
)
EXTRA_ROWS = [
    # One very common name, two people: different governorates, years apart.
    "X-common-1,L1,محمد أحمد محمد المحمد,محمد,أحمد,محمد,المحمد,,M,30,killed,2012-05-03,day,SY02,",
    "X-common-2,L2,محمد أحمد محمد المحمد,محمد,أحمد,محمد,المحمد,,M,30,killed,2016-11-20,day,SY12,",
    # A chain: B (little recorded) looks like both A and C; A and C clearly differ.
    "X-chain-A,L1,زاهر نديم فواز القصير,زاهر,نديم,فواز,القصير,ريما,M,24,killed,2013-04-07,day,SY04,تلكلخ",
    "X-chain-B,L2,زاهر القصير,زاهر,,,القصير,,M,,killed,,,SY04,تلكلخ",
    "X-chain-C,L4,زاهر مروان صبحي القصير,زاهر,مروان,صبحي,القصير,هند,M,61,killed,2015-09-21,day,SY04,تلكلخ",
]


@dataclass
class LinkedWorld:
    """A small world, its records and truth, and the result of linking them."""

    folder: Path
    records: pd.DataFrame
    truth: pd.DataFrame
    result: LinkageResult


def make_world(folder: Path, persons: int, seed: int = 7, preset_name: str = "realistic") -> Path:
    """Write a synthetic world with `persons` true persons into `folder`."""
    write_world(generate_world(preset(preset_name, persons=persons, seed=seed)), folder)
    return folder


def list_files(folder: Path) -> list[Path]:
    """The record CSVs of a written world."""
    return sorted(folder.glob("L*.csv"))


@pytest.fixture(scope="session")
def small_world(tmp_path_factory: pytest.TempPathFactory) -> LinkedWorld:
    """About 2,600 records of 1,500 persons plus the hand-made records, linked once."""
    folder = make_world(tmp_path_factory.mktemp("world"), persons=1500)
    extra = folder / "extra.csv"
    extra.write_text(EXTRA_HEADER + "\n".join(EXTRA_ROWS) + "\n", encoding="utf-8")
    records = read_record_csvs([*list_files(folder), extra])
    truth = pd.read_csv(folder / "truth.csv", dtype=str)
    result = link_records(records, FAST, truth=truth)
    return LinkedWorld(folder, records, truth, result)
