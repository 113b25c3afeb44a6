"""Reading CLI inputs and writing `estimate.json`, `estimate.csv` and the plots."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tansiq.estimation.table import CaptureTable, InputError, check_header

if TYPE_CHECKING:
    import pandas as pd

    from tansiq.estimation.strata import StrataEstimate

__all__ = ["read_linkage_inputs", "write_outputs"]

CSV_COLUMNS = (
    "method", "stratum", "status", "documented", "estimate", "lower_95", "upper_95", "reason", "warnings",
)  # fmt: skip


def read_csv_rows(path: Path, required: Sequence[str], present: Sequence[str] = ()) -> pd.DataFrame:
    """Read a UTF-8 CSV as strings; `InputError` names the file, row and column of a problem.

    `required` columns must exist and never be empty; `present` columns must exist (an empty
    cell means not recorded).
    """
    import pandas as pd

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
    header = [h.strip() for h in rows[0]]
    check_header(header, name)
    for column in (*required, *present):
        if column not in header:
            raise InputError(f"missing column {column!r}", name, 1, column)
    for number, cells in enumerate(rows[1:], start=2):
        if len(cells) != len(header) and any(c.strip() for c in cells):
            raise InputError(f"expected {len(header)} cells, found {len(cells)}", name, number)
    body = [row for row in rows[1:] if len(row) == len(header)]
    frame = pd.DataFrame(body, columns=header, dtype=str)
    for column in required:
        empty = frame.index[frame[column].str.strip() == ""]
        if len(empty):
            raise InputError("empty required value", name, int(empty[0]) + 2, column)
    frame["_file"], frame["_row"] = name, range(2, len(frame) + 2)
    return frame


def read_linkage_inputs(
    clusters_path: Path, list_paths: Sequence[Path], strata: Sequence[str]
) -> CaptureTable:
    """Capture table from `clusters.csv` and the record CSVs it was linked from."""
    import pandas as pd

    clusters = read_csv_rows(clusters_path, ("record_id", "person_id"))
    needed = [s for s in strata if s != "year"]
    frames = [read_csv_rows(p, ("record_id", "dataset"), needed) for p in list_paths]
    records = pd.concat(frames, ignore_index=True)
    if "year" in strata and "year" not in records.columns and "date" not in records.columns:
        raise InputError(
            "missing column 'date' (needed for stratum 'year')", str(list_paths[0]), 1, "date"
        )
    duplicated = records[records["record_id"].duplicated()]
    if len(duplicated):
        first = duplicated.iloc[0]
        raise InputError(
            f"record_id {first['record_id']!r} appears twice",
            first["_file"],
            int(first["_row"]),
            "record_id",
        )
    return CaptureTable.from_linkage(clusters, records, list(strata))


def write_outputs(
    results: Mapping[str, StrataEstimate],
    out: Path,
    inputs: Mapping[str, Any],
    chains: int,
    plots: bool = True,
) -> list[Path]:
    """Write estimate.json, estimate.csv and, with `plots`, one PNG per method (plus per-stratum
    PNGs)."""
    out.mkdir(parents=True, exist_ok=True)
    document = {
        "what": "unique persons (documented = recorded by at least one list; estimate = recorded or not)",
        "generated": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "inputs": dict(inputs),
        "methods": {m: r.summary() for m, r in results.items()},
    }
    written = [out / "estimate.json", out / "estimate.csv"]
    written[0].write_text(
        json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    with written[1].open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_COLUMNS)
        for method, result in results.items():
            writer.writerows(_csv_rows(method, result))
    if plots:
        written += _write_plots(results, out, chains)
    return written


def _write_plots(results: Mapping[str, StrataEstimate], out: Path, chains: int) -> list[Path]:
    from tansiq.estimation.plots import plot_estimate, plot_strata

    written = []
    for method, result in results.items():
        if result.combined is not None:
            n_chains = chains if method == "lcmcr" and len(result.estimates) == 1 else 1
            written.append(plot_estimate(result.combined, out / f"estimate_{method}.png", n_chains))
        if result.strata and result.estimates:
            written.append(plot_strata(result, out / f"strata_{method}.png"))
    return written


def _csv_rows(method: str, result: StrataEstimate) -> list[list[Any]]:
    rows: list[list[Any]] = []
    if result.combined is not None and (result.strata or not result.estimates):
        rows.append(_estimate_row(method, "combined", result.combined))
    for label, e in result.estimates.items():
        rows.append(_estimate_row(method, label, e))
    for r in result.refusals:
        rows.append([method, r.stratum, "refused", r.documented, "", "", "", r.reason, ""])
    return rows


def _estimate_row(method: str, label: str, e: Any) -> list[Any]:
    return [method, label, "estimated", e.documented, round(e.estimate, 1), round(e.lower, 1),
            round(e.upper, 1), "", "; ".join(e.warnings)]  # fmt: skip
