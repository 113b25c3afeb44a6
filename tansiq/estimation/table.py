"""Capture tables: how many persons were recorded by each combination of lists.

A capture table is the input of every estimator here. Each row is one capture pattern (a 0/1
vector over the lists, never all zeros) in one stratum, with the number of persons who have
exactly that pattern. Working on patterns rather than persons keeps every estimator's cost
proportional to the number of patterns.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["CaptureTable", "InputError", "merge_lists"]

ALL = "all"


class InputError(ValueError):
    """Bad input, located: the file, the 1-based data row (header is row 1) and the column."""

    def __init__(
        self, message: str, file: str = "", row: int | None = None, column: str = ""
    ) -> None:
        self.file, self.row, self.column, self.reason = file, row, column, message
        where = ", ".join(
            part
            for part in (
                file,
                f"row {row}" if row is not None else "",
                f"column {column!r}" if column else "",
            )
            if part
        )
        super().__init__(f"{where}: {message}" if where else message)


@dataclass(frozen=True)
class CaptureTable:
    """Counts of persons by capture pattern, optionally split by stratum.

    `lists` names the J lists (systems); `patterns` is an (M, J) 0/1 matrix with no all-zero row;
    `counts` holds M person counts; `strata` names the stratum fields and `stratum_values` gives,
    per row, the values of those fields (empty tuples when the table is not stratified).
    """

    lists: tuple[str, ...]
    patterns: np.ndarray
    counts: np.ndarray
    strata: tuple[str, ...] = ()
    stratum_values: tuple[tuple[str, ...], ...] = field(default=())

    def __post_init__(self) -> None:
        patterns = np.asarray(self.patterns, dtype=np.uint8).reshape(-1, len(self.lists))
        counts = np.asarray(self.counts, dtype=np.int64).reshape(-1)
        if patterns.shape[0] != counts.shape[0]:
            raise ValueError("patterns and counts differ in length")
        if np.any(counts < 0):
            raise ValueError("counts must be non-negative")
        if np.any((patterns.sum(axis=1) == 0) & (counts > 0)):
            raise ValueError("a person recorded by no list cannot be counted")
        values = self.stratum_values or tuple(() for _ in range(len(counts)))
        if len(values) != len(counts) or any(len(v) != len(self.strata) for v in values):
            raise ValueError("stratum_values must give one value per stratum field per row")
        object.__setattr__(self, "patterns", patterns)
        object.__setattr__(self, "counts", counts)
        object.__setattr__(self, "stratum_values", tuple(tuple(v) for v in values))

    @property
    def n_lists(self) -> int:
        """Number of lists J."""
        return len(self.lists)

    @property
    def documented(self) -> int:
        """Number of distinct persons recorded by at least one list (the documented count)."""
        return int(self.counts.sum())

    def list_totals(self) -> dict[str, int]:
        """Persons recorded by each list."""
        totals = (self.patterns.astype(np.int64) * self.counts[:, None]).sum(axis=0)
        return {name: int(t) for name, t in zip(self.lists, totals, strict=True)}

    def collapse(self) -> CaptureTable:
        """The same counts summed over strata, one row per distinct observed pattern."""
        return _aggregate(self.lists, self.patterns, self.counts)

    def by_stratum(self) -> dict[str, CaptureTable]:
        """One unstratified table per stratum, keyed by a label such as `SY02/2013`."""
        if not self.strata:
            return {ALL: self.collapse()}
        out: dict[str, CaptureTable] = {}
        for key in sorted(set(self.stratum_values)):
            rows = np.array([v == key for v in self.stratum_values])
            out["/".join(key)] = _aggregate(self.lists, self.patterns[rows], self.counts[rows])
        return out

    def drop_empty_lists(self) -> CaptureTable:
        """The table without lists that recorded nobody (they carry no information)."""
        keep = np.asarray(self.patterns[self.counts > 0].any(axis=0), dtype=bool).reshape(-1)
        return CaptureTable(
            tuple(n for n, k in zip(self.lists, keep.tolist(), strict=True) if k),
            self.patterns[:, keep],
            self.counts,
            self.strata,
            self.stratum_values,
        ).collapse_keep_strata()

    def collapse_keep_strata(self) -> CaptureTable:
        """Sum rows that share a stratum and a pattern; drop rows with no persons."""
        frame = self.to_frame()
        if frame.empty:
            return self
        keys = list(self.strata) + list(self.lists)
        grouped = frame.groupby(keys, as_index=False, sort=True)["count"].sum()
        grouped = grouped[grouped["count"] > 0]
        return _from_frame(grouped, self.lists, self.strata)

    def to_frame(self) -> pd.DataFrame:
        """The table as a DataFrame: stratum columns, one 0/1 column per list, then `count`."""
        data: dict[str, object] = {}
        for i, name in enumerate(self.strata):
            data[name] = [v[i] for v in self.stratum_values]
        for j, name in enumerate(self.lists):
            data[name] = self.patterns[:, j].astype(np.int64)
        data["count"] = self.counts
        return pd.DataFrame(data)

    @classmethod
    def from_patterns_csv(cls, path: str | Path, strata: Sequence[str] = ()) -> CaptureTable:
        """Read a pattern table: one 0/1 column per list, a `count` column, optional strata columns.

        Every column that is not `count` and not named in `strata` is taken as a list. Raises
        `InputError` naming the file, row and column of the first bad value.
        """
        return read_patterns_csv(Path(path), tuple(strata))

    @classmethod
    def from_linkage(
        cls,
        clusters: pd.DataFrame,
        records: pd.DataFrame,
        strata: list[str] | None = None,
    ) -> CaptureTable:
        """Build the person x list table from linkage output.

        `clusters` has `record_id, person_id`; `records` has `record_id, dataset` and any stratum
        fields (record CSV format). A person is on a list when any of their records comes from
        that dataset. Each person is put in the stratum of their most common value of each field
        (ties go to the smallest value; no value gives `unknown`). `year` may be asked for even
        without a `year` column: it is then the first four characters of `date`.
        """
        from tansiq.estimation.linkage_table import table_from_linkage

        return table_from_linkage(clusters, records, list(strata or []))


def merge_lists(table: CaptureTable, groups: Mapping[str, Iterable[str]]) -> CaptureTable:
    """Merge lists that are not independent sources into one system each.

    `groups` maps a new list name to the names it replaces; a person is on the merged list when
    on any of its members. Lists not named in any group are kept as they are.
    """
    members = {name: list(old) for name, old in groups.items()}
    used = [old for olds in members.values() for old in olds]
    unknown = sorted(set(used) - set(table.lists))
    if unknown:
        raise ValueError(f"cannot merge unknown lists: {', '.join(unknown)}")
    if len(used) != len(set(used)):
        raise ValueError("a list may belong to only one merged group")
    columns: list[np.ndarray] = []
    names: list[str] = []
    for j, name in enumerate(table.lists):
        if name not in used:
            names.append(name)
            columns.append(table.patterns[:, j])
    for new, olds in members.items():
        idx = [table.lists.index(o) for o in olds]
        names.append(new)
        columns.append(table.patterns[:, idx].max(axis=1))
    merged = CaptureTable(
        tuple(names), np.column_stack(columns), table.counts, table.strata, table.stratum_values
    )
    return merged.collapse_keep_strata()


def _aggregate(lists: tuple[str, ...], patterns: np.ndarray, counts: np.ndarray) -> CaptureTable:
    if len(counts) == 0:
        return CaptureTable(lists, np.zeros((0, len(lists)), dtype=np.uint8), np.zeros(0, np.int64))
    uniq, inverse = np.unique(patterns, axis=0, return_inverse=True)
    summed = np.bincount(inverse.reshape(-1), weights=counts, minlength=len(uniq)).astype(np.int64)
    keep = summed > 0
    return CaptureTable(lists, uniq[keep], summed[keep])


def _from_frame(
    frame: pd.DataFrame, lists: tuple[str, ...], strata: tuple[str, ...]
) -> CaptureTable:
    values = (
        tuple(tuple(str(v) for v in row) for row in frame[list(strata)].itertuples(index=False))
        if strata
        else tuple(() for _ in range(len(frame)))
    )
    return CaptureTable(
        lists,
        frame[list(lists)].to_numpy(dtype=np.uint8),
        frame["count"].to_numpy(dtype=np.int64),
        strata,
        values,
    )


def read_patterns_csv(path: Path, strata: tuple[str, ...]) -> CaptureTable:
    """Parse a pattern-table CSV (see `CaptureTable.from_patterns_csv`)."""
    name = str(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
    except UnicodeDecodeError as exc:
        raise InputError("not UTF-8 text", name) from exc
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror})", name) from exc
    if not rows:
        raise InputError("empty file", name)
    header = [h.strip() for h in rows[0]]
    if "count" not in header:
        raise InputError("missing column 'count'", name, 1, "count")
    for s in strata:
        if s not in header:
            raise InputError(f"missing stratum column {s!r}", name, 1, s)
    lists = tuple(h for h in header if h != "count" and h not in strata)
    if len(lists) < 2:
        raise InputError("need at least two list columns besides 'count'", name, 1)
    patterns, counts, values = [], [], []
    for r, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise InputError(f"expected {len(header)} cells, found {len(row)}", name, r)
        cells = dict(zip(header, (c.strip() for c in row), strict=True))
        pattern = [_parse_flag(cells[h], name, r, h) for h in lists]
        count = _parse_count(cells["count"], name, r)
        if sum(pattern) == 0 and count > 0:
            raise InputError("a pattern with no list cannot have persons", name, r, "count")
        patterns.append(pattern)
        counts.append(count)
        values.append(tuple(cells[s] or "unknown" for s in strata))
    table = CaptureTable(
        lists, np.array(patterns, dtype=np.uint8), np.array(counts), strata, tuple(values)
    )
    return table.collapse_keep_strata()


def _parse_flag(cell: str, file: str, row: int, column: str) -> int:
    if cell not in ("0", "1"):
        raise InputError(f"expected 0 or 1, found {cell!r}", file, row, column)
    return int(cell)


def _parse_count(cell: str, file: str, row: int) -> int:
    try:
        value = int(cell)
    except ValueError:
        raise InputError(f"expected a whole number, found {cell!r}", file, row, "count") from None
    if value < 0:
        raise InputError(f"count cannot be negative ({value})", file, row, "count")
    return value
