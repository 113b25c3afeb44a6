"""`tansiq link`: link record CSVs into persons and write the results to a folder.

Only Typer, Rich and the standard library are imported here; the engine loads inside `link`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table


class BackendChoice(StrEnum):
    """Where the Splink model runs."""

    duckdb = "duckdb"
    spark = "spark"


def link(
    lists: Annotated[
        list[Path],
        typer.Argument(metavar="LIST.csv...", help="Record CSV files (docs/formats.md)."),
    ],
    out: Annotated[Path, typer.Option("--out", help="Folder for the outputs.")],
    truth: Annotated[
        Path | None, typer.Option("--truth", help="truth.csv (record_id, person_id) to score.")
    ] = None,
    threshold: Annotated[
        float, typer.Option("--threshold", min=0.0, max=1.0, help="Match probability to link.")
    ] = 0.5,
    backend: Annotated[
        BackendChoice, typer.Option("--backend", help="duckdb (default) or spark.")
    ] = BackendChoice.duckdb,
    decisions: Annotated[
        Path | None,
        typer.Option("--decisions", help="CSV of record_id_l, record_id_r, decision."),
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed for sampling.")] = 42,
) -> None:
    """Link records of the same person across and within lists; write clusters.csv,
    pairs.parquet, model.json, report.html (and metrics.json with --truth)."""
    console = Console(stderr=True)
    try:
        _run(lists, out, truth, threshold, backend.value, decisions, seed, console)
    except _BadInput as error:
        console.print(f"[red]error:[/red] {error}", highlight=False, soft_wrap=True)
        raise typer.Exit(code=2) from None


class _BadInput(Exception):
    """Input the user must fix; shown as one line, exit code 2."""


def _run(
    lists: list[Path],
    out: Path,
    truth_path: Path | None,
    threshold: float,
    backend: str,
    decisions_path: Path | None,
    seed: int,
    console: Console,
) -> None:
    from tansiq.linkage import LinkageParams, RecordInputError, link_records, read_record_csvs

    with _progress(console) as stage:
        try:
            with stage("read"):
                records = read_record_csvs(lists)
                truth = _read_table(truth_path, ("record_id", "person_id"))
                decisions = _read_table(decisions_path, ("record_id_l", "record_id_r", "decision"))
        except RecordInputError as error:
            raise _BadInput(str(error)) from None
        params = LinkageParams(
            threshold=threshold,
            same_list_threshold=max(threshold, LinkageParams.same_list_threshold),
            backend=backend,  # type: ignore[arg-type]
            seed=seed,
        )
        result = _link_with_stages(stage, link_records, records, params, decisions, truth)
        with stage("write"):
            _write_outputs(out, result, seed)
        metrics = None
        if truth is not None:
            with stage("evaluate"):
                metrics = _write_metrics(out, result, truth)
    _print_summary(console, out, result, metrics)


@contextmanager
def _progress(console: Console) -> Iterator[Callable[[str], Any]]:
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=False) as progress:

        @contextmanager
        def stage(name: str) -> Iterator[None]:
            task = progress.add_task(name, total=1)
            yield
            progress.update(task, completed=1)
            progress.stop_task(task)

        yield stage


def _link_with_stages(
    stage: Callable[[str], Any],
    link_records: Callable[..., Any],
    records: Any,
    params: Any,
    decisions: Any,
    truth: Any,
) -> Any:
    """Run the engine, opening a progress line as each of its stages starts."""
    open_stages: dict[str, Any] = {}

    def on_progress(name: str, fraction: float) -> None:
        if fraction == 0.0:
            open_stages[name] = stage(name)
            open_stages[name].__enter__()
        elif name in open_stages:
            open_stages.pop(name).__exit__(None, None, None)

    try:
        return link_records(records, params, decisions=decisions, progress=on_progress, truth=truth)
    except ImportError as error:
        raise _BadInput(str(error)) from None


def _read_table(path: Path | None, columns: tuple[str, ...]) -> Any:
    """A small CSV (truth or decisions) with the given columns, or None without a path."""
    if path is None:
        return None
    import pandas as pd

    from tansiq.linkage import RecordInputError

    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise RecordInputError(str(path), None, None, f"cannot read ({err})") from None
    for column in columns:
        if column not in table.columns:
            raise RecordInputError(str(path), 1, column, "missing required column")
    return table


def _write_outputs(out: Path, result: Any, seed: int) -> None:
    from tansiq.linkage.report import render_report

    out.mkdir(parents=True, exist_ok=True)
    result.clusters.to_csv(out / "clusters.csv", index=False)
    result.pairs.to_parquet(out / "pairs.parquet", index=False)
    (out / "model.json").write_text(json.dumps(result.model_json, indent=2), encoding="utf-8")
    (out / "report.html").write_text(render_report(result, seed=seed), encoding="utf-8")


def _write_metrics(out: Path, result: Any, truth: Any) -> Any:
    from tansiq.linkage import evaluate_clusters

    metrics = evaluate_clusters(result.clusters, truth)
    payload = {
        **metrics.as_dict(),
        "blocking_recall": result.blocking_recall,
        "timings_seconds": result.timings,
        "generated": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    (out / "metrics.json").write_text(json.dumps(payload, indent=2), encoding="utf-8")
    return metrics


def _print_summary(console: Console, out: Path, result: Any, metrics: Any) -> None:
    persons = result.clusters["person_id"].nunique()
    console.print(
        f"{len(result.clusters):,} records -> {persons:,} persons; "
        f"{len(result.pairs):,} scored pairs; outputs in {out}"
    )
    if metrics is None:
        return
    table = Table(title="Accuracy against truth")
    for column in ("measure", "precision", "recall", "F1"):
        table.add_column(column)
    table.add_row(
        "pairwise",
        f"{metrics.pairwise_precision:.4f}",
        f"{metrics.pairwise_recall:.4f}",
        f"{metrics.pairwise_f1:.4f}",
    )
    table.add_row(
        "B-cubed",
        f"{metrics.bcubed_precision:.4f}",
        f"{metrics.bcubed_recall:.4f}",
        f"{metrics.bcubed_f1:.4f}",
    )
    Console().print(table)
    if result.blocking_recall is not None:
        Console().print(f"blocking keeps {result.blocking_recall:.4f} of true pairs")
