"""A self-contained HTML report of a trained model: Splink's match-weight chart, m/u chart and a
waterfall chart explaining the score of a few sample pairs."""

from __future__ import annotations

import copy
import html
import logging
from typing import Any

import pandas as pd

from tansiq.linkage.pipeline import LinkageResult

_SAMPLE_PAIRS = 12


def render_report(result: LinkageResult, seed: int = 42) -> str:
    """HTML document with the model's charts and a waterfall for sample pairs (strongest,
    weakest and around the middle of the kept pairs). Charts embed their scripts (no network)."""
    import duckdb
    from splink import DuckDBAPI, Linker

    logging.getLogger("splink").setLevel(logging.ERROR)
    features = result.features if result.features is not None else pd.DataFrame()
    model = _with_waterfall_columns(result.model_json)
    sample = _sample_pairs(result.pairs, seed)
    with duckdb.connect(":memory:") as connection:
        records = _records_with_tf(features, model, sample)
        db_api = DuckDBAPI(connection)
        linker = Linker(db_api.register(records, table_name="sample"), model, log_level=None)
        charts: list[tuple[str, Any]] = [
            ("Match weights of each comparison level", linker.visualisations.match_weights_chart()),
            ("m and u probabilities", linker.visualisations.m_u_parameters_chart()),
        ]
        scored = _score_sample(linker, records, sample)
        if scored:
            charts.append(
                (
                    "Why sample pairs scored as they did",
                    linker.visualisations.waterfall_chart(scored),
                )
            )
        return _page([(title, chart.to_html(inline=True)) for title, chart in charts])


def _with_waterfall_columns(model_json: dict[str, Any]) -> dict[str, Any]:
    model = copy.deepcopy(model_json)
    model["retain_matching_columns"] = True
    model["retain_intermediate_calculation_columns"] = True
    model.pop("linker_uid", None)
    return model


def _sample_pairs(pairs: pd.DataFrame, seed: int) -> pd.DataFrame:
    if pairs.empty:
        return pairs
    ordered = pairs.sort_values("match_weight").reset_index(drop=True)
    middle = ordered.sample(min(len(ordered), _SAMPLE_PAIRS // 3), random_state=seed)
    picked = pd.concat([ordered.head(_SAMPLE_PAIRS // 3), middle, ordered.tail(_SAMPLE_PAIRS // 3)])
    return picked.drop_duplicates(["record_id_l", "record_id_r"])


def _records_with_tf(
    features: pd.DataFrame, model: dict[str, Any], sample: pd.DataFrame
) -> pd.DataFrame:
    """The sample's records with `tf_<column>` term frequencies taken from all records."""
    wanted = set(sample["record_id_l"]) | set(sample["record_id_r"]) if not sample.empty else set()
    records = features[features["record_id"].isin(wanted)].copy()
    if records.empty:
        records = features.head(2).copy()
    for column in _tf_columns(model):
        shares = features[column].value_counts(normalize=True)
        records[f"tf_{column}"] = records[column].map(shares).astype("Float64")
    return records


def _tf_columns(model: dict[str, Any]) -> list[str]:
    columns = {
        level["tf_adjustment_column"]
        for comparison in model["comparisons"]
        for level in comparison["comparison_levels"]
        if level.get("tf_adjustment_column")
    }
    return sorted(columns)


def _score_sample(linker: Any, records: pd.DataFrame, sample: pd.DataFrame) -> list[dict[str, Any]]:
    by_id = records.set_index("record_id", drop=False)
    scored: list[dict[str, Any]] = []
    for left, right in zip(sample["record_id_l"], sample["record_id_r"], strict=True):
        if left not in by_id.index or right not in by_id.index:
            continue
        pair = linker.inference.score_pair(_plain(by_id.loc[left]), _plain(by_id.loc[right]))
        scored.extend(pair.as_record_list())
    return scored


def _plain(row: pd.Series) -> dict[str, Any]:
    return {key: (None if pd.isna(value) else value) for key, value in row.items()}


def _page(sections: list[tuple[str, str]]) -> str:
    parts = [
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        "<title>tansiq linkage model</title>",
        "<style>body{font-family:sans-serif;margin:2em}iframe{width:100%;height:720px;"
        "border:0}</style></head><body><h1>tansiq linkage model</h1>",
    ]
    for title, document in sections:
        parts.append(f"<h2>{html.escape(title)}</h2>")
        parts.append(f'<iframe srcdoc="{html.escape(document, quote=True)}"></iframe>')
    parts.append("</body></html>")
    return "\n".join(parts)
