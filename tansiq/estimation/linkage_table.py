"""Build a capture table from linkage output: persons x lists, by stratum."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tansiq.estimation.table import CaptureTable, InputError

UNKNOWN = "unknown"


def table_from_linkage(
    clusters: pd.DataFrame, records: pd.DataFrame, strata: list[str]
) -> CaptureTable:
    """Person x list capture table from `clusters` (record_id, person_id) and `records`.

    See `CaptureTable.from_linkage` for the rules on lists and strata.
    """
    for column in ("record_id", "person_id"):
        if column not in clusters.columns:
            raise InputError(f"missing column {column!r}", "clusters", 1, column)
    for column in ("record_id", "dataset"):
        if column not in records.columns:
            raise InputError(f"missing column {column!r}", "records", 1, column)
    fields = {s: _stratum_column(records, s) for s in strata}
    frame = records[["record_id", "dataset"]].astype(str).copy()
    for s, values in fields.items():
        frame[s] = values
    links = clusters[["record_id", "person_id"]].astype(str)
    merged = frame.merge(links, on="record_id", how="left")
    # A record that linkage left out is a person of its own: it was reported, so it counts.
    lonely = merged["person_id"].isna()
    merged.loc[lonely, "person_id"] = "record:" + merged.loc[lonely, "record_id"]
    lists = tuple(sorted(merged["dataset"].unique()))
    wide = pd.crosstab(merged["person_id"], merged["dataset"]).reindex(
        columns=list(lists), fill_value=0
    )
    patterns = (wide.to_numpy() > 0).astype(np.uint8)
    persons = pd.DataFrame(patterns, index=wide.index, columns=list(lists))
    for s in strata:
        persons[s] = _modal_value(merged, s).reindex(wide.index).fillna(UNKNOWN)
    persons["count"] = 1
    keys = list(strata) + list(lists)
    grouped = persons.groupby(keys, as_index=False, sort=True)["count"].sum()
    values = (
        tuple(tuple(str(v) for v in row) for row in grouped[strata].itertuples(index=False))
        if strata
        else tuple(() for _ in range(len(grouped)))
    )
    return CaptureTable(
        lists,
        grouped[list(lists)].to_numpy(dtype=np.uint8),
        grouped["count"].to_numpy(dtype=np.int64),
        tuple(strata),
        values,
    )


def _stratum_column(records: pd.DataFrame, name: str) -> pd.Series:
    if name in records.columns:
        return records[name].fillna("").astype(str).str.strip()
    if name == "year" and "date" in records.columns:
        return records["date"].fillna("").astype(str).str.strip().str[:4]
    raise InputError(f"missing stratum column {name!r}", "records", 1, name)


def _modal_value(merged: pd.DataFrame, column: str) -> pd.Series:
    """Each person's most common non-empty value of `column`; ties go to the smallest value."""
    known = merged[merged[column] != ""]
    if known.empty:
        return pd.Series(dtype=object)
    counts = known.groupby(["person_id", column]).size().reset_index(name="n")
    counts = counts.sort_values(["person_id", "n", column], ascending=[True, False, True])
    return counts.drop_duplicates("person_id").set_index("person_id")[column]
