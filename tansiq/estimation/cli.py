"""`tansiq estimate`: multiple systems estimation from a pattern table or linkage output.

Only Typer, Rich and the standard library are imported here; the engine loads inside `estimate`.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn
from rich.table import Table


class Method(StrEnum):
    """Which estimator(s) to run."""

    lcmcr = "lcmcr"
    loglinear = "loglinear"
    all = "all"


class Criterion(StrEnum):
    """Model-selection criterion of the log-linear models."""

    aic = "aic"
    bic = "bic"


def estimate(
    inputs: Annotated[
        list[Path] | None,
        typer.Argument(
            help="A pattern table CSV (one 0/1 column per list, plus count); with --clusters, "
            "the record CSVs instead."
        ),
    ] = None,
    out: Annotated[
        Path, typer.Option("--out", help="Folder for estimate.json, estimate.csv, plots.")
    ] = Path("estimate"),
    clusters: Annotated[
        Path | None,
        typer.Option("--clusters", help="clusters.csv (record_id, person_id) from tansiq link."),
    ] = None,
    lists: Annotated[
        list[Path] | None,
        typer.Option("--lists", help="Record CSV(s) that were linked (repeatable)."),
    ] = None,
    strata: Annotated[
        str, typer.Option("--strata", help="Comma-separated stratum fields, e.g. governorate,year.")
    ] = "",
    method: Annotated[
        Method, typer.Option("--method", help="lcmcr, loglinear or all.")
    ] = Method.lcmcr,
    seed: Annotated[int, typer.Option("--seed", help="Seed: same seed, same numbers.")] = 1,
    merge: Annotated[
        list[str] | None,
        typer.Option(
            "--merge", help="Merge dependent lists into one system: NEW=L1+L2 (repeatable)."
        ),
    ] = None,
    k: Annotated[
        int, typer.Option("--K", min=2, help="LCMCR: maximum number of latent classes.")
    ] = 10,
    iterations: Annotated[
        int, typer.Option("--iterations", min=100, help="LCMCR: sweeps per chain after burn-in.")
    ] = 20_000,
    burn_in: Annotated[
        int, typer.Option("--burn-in", min=0, help="LCMCR: discarded sweeps per chain.")
    ] = 10_000,
    thin: Annotated[int, typer.Option("--thin", min=1, help="LCMCR: keep every n-th sweep.")] = 10,
    chains: Annotated[int, typer.Option("--chains", min=1, help="LCMCR: number of chains.")] = 4,
    criterion: Annotated[
        Criterion, typer.Option("--criterion", help="Log-linear: aic or bic.")
    ] = Criterion.aic,
    bootstrap: Annotated[
        int, typer.Option("--bootstrap", min=20, help="Log-linear: bootstrap replicates.")
    ] = 200,
    min_records: Annotated[
        int, typer.Option("--min-records", min=1, help="Refuse smaller strata.")
    ] = 20,
) -> None:
    """Estimate the unrecorded by multiple systems estimation; write estimate.json,
    estimate.csv and plots to --out."""
    console = Console(stderr=True)
    options: dict[str, dict[str, Any]] = {
        "lcmcr": {
            "K": k,
            "iterations": iterations,
            "burn_in": burn_in,
            "thin": thin,
            "chains": chains,
        },
        "loglinear": {"criterion": criterion.value, "bootstrap": bootstrap},
    }
    fields = [s.strip() for s in strata.split(",") if s.strip()]
    try:
        _run(list(inputs or []), clusters, list(lists or []), fields, method.value, seed,
             list(merge or []), options, min_records, out, chains, console)  # fmt: skip
    except _BadInput as error:
        console.print(f"[red]error:[/red] {error}", highlight=False, soft_wrap=True)
        raise typer.Exit(code=2) from None


class _BadInput(Exception):
    """Input the user must fix; shown as one line, exit code 2."""


def _run(
    inputs: list[Path],
    clusters: Path | None,
    lists: list[Path],
    strata: list[str],
    method: str,
    seed: int,
    merge: list[str],
    options: dict[str, dict[str, Any]],
    min_records: int,
    out: Path,
    chains: int,
    console: Console,
) -> None:
    import numpy as np

    from tansiq.estimation import InputError, estimate_strata, merge_lists
    from tansiq.estimation.report import read_linkage_inputs, write_outputs

    methods = ["lcmcr", "loglinear"] if method == "all" else [method]
    rng = np.random.default_rng(seed)
    results = {}
    with _progress(console) as progress:
        read_task = progress.add_task("read inputs", total=None)
        try:
            table, described = _read_table(inputs, clusters, lists, strata, read_linkage_inputs)
            if merge:
                table = merge_lists(table, _parse_merge(merge))
        except (InputError, ValueError) as exc:
            raise _BadInput(str(exc)) from None
        progress.update(read_task, completed=1, total=1)
        for m in methods:
            task = progress.add_task(f"{m}", total=None)

            def report(label: str, done: int, total: int, task: Any = task, m: str = m) -> None:
                progress.update(task, description=f"{m} {label}", completed=done, total=total)

            progress.update(
                task, description=f"{m}: {table.documented} persons, {table.n_lists} lists"
            )
            results[m] = estimate_strata(table, m, seed=rng, min_records=min_records,
                                         progress=report, **options[m])  # fmt: skip
            progress.update(task, completed=1, total=1)
        write_task = progress.add_task("write outputs", total=None)
        written = write_outputs(results, out, described | {"seed": seed, "merge": merge}, chains)
        progress.update(write_task, completed=1, total=1)
    _print_summary(console, results, written)


def _read_table(
    inputs: list[Path],
    clusters: Path | None,
    lists: list[Path],
    strata: list[str],
    read_linkage_inputs: Any,
) -> tuple[Any, dict[str, Any]]:
    from tansiq.estimation import CaptureTable

    if clusters is not None:
        record_files = [*lists, *inputs]
        if not record_files:
            raise _BadInput("--clusters needs the record CSVs that were linked (--lists)")
        described = {
            "clusters": str(clusters),
            "lists": [str(p) for p in record_files],
            "strata": strata,
        }
        return read_linkage_inputs(clusters, record_files, strata), described
    if len(inputs) != 1 or lists:
        raise _BadInput("give one pattern table CSV, or --clusters with --lists")
    return CaptureTable.from_patterns_csv(inputs[0], strata), {
        "patterns": str(inputs[0]),
        "strata": strata,
    }


def _parse_merge(specs: list[str]) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for spec in specs:
        new, sep, olds = spec.partition("=")
        members = [o.strip() for o in olds.split("+") if o.strip()]
        if not sep or not new.strip() or len(members) < 2:
            raise _BadInput(f"--merge {spec!r}: expected NEW=LIST1+LIST2")
        groups[new.strip()] = members
    return groups


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )


def _print_summary(console: Console, results: dict[str, Any], written: list[Path]) -> None:
    table = Table(title="Estimated total (unique persons)")
    for column in ("method", "stratum", "documented", "estimate", "95% interval", "note"):
        table.add_column(column)
    for method, result in results.items():
        rows = list(result.estimates.items())
        if result.strata and result.combined is not None:
            rows.insert(0, ("combined", result.combined))
        for label, e in rows:
            note = f"{len(e.warnings)} warning(s)" if e.warnings else ""
            table.add_row(method, label, str(e.documented), f"{e.estimate:,.0f}",
                          f"{e.lower:,.0f} – {e.upper:,.0f}", note)  # fmt: skip
        for r in result.refusals:
            table.add_row(method, r.stratum, str(r.documented), "refused", "", r.reason)
    console.print(table)
    for method, result in results.items():
        if result.combined is not None:
            for w in result.combined.warnings:
                console.print(f"[yellow]{method}:[/yellow] {w}", highlight=False)
    console.print("wrote " + ", ".join(str(p) for p in written), highlight=False)
