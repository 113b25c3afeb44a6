"""Capture tables: how many persons were recorded by each combination of lists.

A capture table is the input of every estimator here. Each row is one capture pattern (a 0/1
vector over the lists, never all zeros) in one stratum, with the number of persons who have
exactly that pattern. Working on patterns rather than persons keeps every estimator's cost
proportional to the number of patterns.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
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
        """Sum rows that share a stratum and a pattern; drop rows with no persons.

        Rows come out sorted by stratum values, then by pattern.
        """
        sums: dict[tuple[tuple[str, ...], tuple[int, ...]], int] = {}
        for values, pattern, count in zip(
            self.stratum_values, self.patterns.tolist(), self.counts.tolist(), strict=True
        ):
            key = (values, tuple(pattern))
            sums[key] = sums.get(key, 0) + int(count)
        kept = sorted((key, n) for key, n in sums.items() if n > 0)
        return CaptureTable(
            self.lists,
            np.array([key[1] for key, _ in kept], dtype=np.uint8).reshape(-1, self.n_lists),
            np.array([n for _, n in kept], dtype=np.int64),
            self.strata,
            tuple(key[0] for key, _ in kept),
        )

    def to_frame(self) -> pd.DataFrame:
        """The table as a DataFrame: stratum columns, one 0/1 column per list, then `count`."""
        import pandas as pd

        data: dict[str, object] = {}
        for i, name in enumerate(self.strata):
            data[name] = [v[i] for v in self.stratum_values]
        for j, name in enumerate(self.lists):
            data[name] = self.patterns[:, j].astype(np.int64)
        data["count"] = self.counts
        return pd.DataFrame(data)

    @classmethod
    def from_patterns_csv(
        cls, path: str | Path, strata: Sequence[str] = (), lists: Sequence[str] | None = None
    ) -> CaptureTable:
        """Read a pattern table: one 0/1 column per list, a `count` column, optional strata columns.

        Without `lists`, every column that is not `count` and not named in `strata` is taken as
        a list; with `lists`, those columns are the lists and any other column is ignored.
        Raises `InputError` naming the file, row and column of the first problem: a duplicate or
        unnamed column, a column that is not 0/1, a list that recorded nobody, a bad count.
        """
        return read_patterns_csv(Path(path), tuple(strata), lists)[0]

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


def read_patterns_csv(
    path: Path, strata: tuple[str, ...], lists: Sequence[str] | None = None
) -> tuple[CaptureTable, tuple[str, ...]]:
    """Parse a pattern-table CSV (see `CaptureTable.from_patterns_csv`).

    Returns the table and the columns that were ignored (only when `lists` names the lists).
    """
    name = str(path)
    rows = _read_rows(path)
    header = [h.strip() for h in rows[0]]
    check_header(header, name)
    for column in ("count", *strata):
        if column not in header:
            kind = "column" if column == "count" else "stratum column"
            raise InputError(f"missing {kind} {column!r}", name, 1, column)
    list_names, ignored = _list_columns(header, strata, lists, name)
    body = _body_rows(rows, len(header), name)
    if lists is None:
        for column in list_names:
            _check_is_list_column(header.index(column), column, body, name)
    patterns, counts, values = [], [], []
    for r, row in body:
        cells = dict(zip(header, (c.strip() for c in row), strict=True))
        pattern = [_parse_flag(cells[h], name, r, h) for h in list_names]
        count = _parse_count(cells["count"], name, r)
        if sum(pattern) == 0 and count > 0:
            hint = "" if lists is None else " (persons on ignored columns only cannot be counted)"
            raise InputError(f"a pattern with no list cannot have persons{hint}", name, r, "count")
        patterns.append(pattern)
        counts.append(count)
        values.append(tuple(cells[s] or "unknown" for s in strata))
    table = CaptureTable(
        list_names,
        np.array(patterns, dtype=np.uint8).reshape(-1, len(list_names)),
        np.array(counts, dtype=np.int64),
        strata,
        tuple(values),
    )
    _check_every_list_recorded(table, name)
    return table.collapse_keep_strata(), ignored


def _read_rows(path: Path) -> list[list[str]]:
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror})", name) from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        raise InputError("not UTF-8 text", name, row) from None
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        raise InputError("empty file", name)
    return rows


def check_header(header: list[str], name: str) -> None:
    """Refuse a header with an unnamed column or a name used twice (`InputError`, row 1)."""
    for i, column in enumerate(header, start=1):
        if not column:
            raise InputError(f"column {i} has no name", name, 1)
    seen: dict[str, list[int]] = {}
    for i, column in enumerate(header, start=1):
        seen.setdefault(column, []).append(i)
    for column, places in seen.items():
        if len(places) > 1:
            where = ", ".join(str(p) for p in places)
            raise InputError(
                f"the name appears {len(places)} times (columns {where}); every column needs "
                "its own name",
                name,
                1,
                column,
            )


def _list_columns(
    header: list[str], strata: tuple[str, ...], lists: Sequence[str] | None, name: str
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The list columns and the ignored columns."""
    if lists is None:
        chosen = tuple(h for h in header if h != "count" and h not in strata)
    else:
        chosen = tuple(lists)
        for column in chosen:
            if column not in header:
                raise InputError(f"missing list column {column!r}", name, 1, column)
            if column == "count" or column in strata:
                role = "the count" if column == "count" else "a stratum"
                raise InputError(f"{role} column cannot also be a list", name, 1, column)
        if len(set(chosen)) != len(chosen):
            raise InputError("a list column is named twice in the list columns", name, 1)
    if len(chosen) < 2:
        raise InputError("need at least two list columns besides 'count'", name, 1)
    ignored = tuple(h for h in header if h not in chosen and h != "count" and h not in strata)
    return chosen, ignored


def _body_rows(rows: list[list[str]], width: int, name: str) -> list[tuple[int, list[str]]]:
    """Non-blank data rows with their 1-based row numbers (the header is row 1)."""
    body = []
    for r, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != width:
            raise InputError(f"expected {width} cells, found {len(row)}", name, r)
        body.append((r, row))
    return body


def _check_is_list_column(
    index: int, column: str, body: list[tuple[int, list[str]]], name: str
) -> None:
    """Refuse a column most of whose cells are not 0/1: a text column, not a list with a typo."""
    cells = [(r, row[index].strip()) for r, row in body]
    flags = sum(cell in ("0", "1") for _, cell in cells)
    if cells and flags * 2 < len(cells):
        r, example = next((r, cell) for r, cell in cells if cell not in ("0", "1"))
        raise InputError(
            f"not a 0/1 list column (e.g. {example!r} in row {r}; {len(cells) - flags} of "
            f"{len(cells)} cells are not 0 or 1): name it as a stratum (--strata) or name the "
            "list columns (--list-columns)",
            name,
            None,
            column,
        )


def _check_every_list_recorded(table: CaptureTable, name: str) -> None:
    """A list column that recorded nobody is refused, never dropped unseen."""
    for column, total in table.list_totals().items():
        if total == 0:
            raise InputError(
                "this list recorded nobody (no row with 1 here and a positive count): leave it "
                "out by naming the other list columns (--list-columns), or check the file",
                name,
                None,
                column,
            )


def _parse_flag(cell: str, file: str, row: int, column: str) -> int:
    if cell not in ("0", "1"):
        found = "an empty cell" if not cell else repr(cell)
        raise InputError(f"expected 0 or 1, found {found}", file, row, column)
    return int(cell)


def _parse_count(cell: str, file: str, row: int) -> int:
    try:
        value = int(cell)
    except ValueError:
        raise InputError(f"expected a whole number, found {cell!r}", file, row, "count") from None
    if value < 0:
        raise InputError(f"count cannot be negative ({value})", file, row, "count")
    return value
