"""`tansiq estimate`: multiple systems estimation from a pattern table or linkage output.

Only Typer, Rich and the standard library are imported here; the engine loads inside `estimate`
(and `warmup`), so `tansiq estimate --help` costs no Numba, pandas or SciPy import.

Exit codes: 0 estimated; 2 bad input (the message names the file, row and column); 3 a table or
stratum was refused (the reason is printed and written to estimate.json; `--allow-refusal` makes
that exit 0).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
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
        Criterion,
        typer.Option(
            "--criterion", help="Log-linear: the model selected by bic (as Rcapture) or aic."
        ),
    ] = Criterion.bic,
    bootstrap: Annotated[
        int, typer.Option("--bootstrap", min=20, help="Log-linear: bootstrap replicates.")
    ] = 200,
    min_records: Annotated[
        int, typer.Option("--min-records", min=1, help="Refuse smaller strata.")
    ] = 20,
    list_columns: Annotated[
        str,
        typer.Option(
            "--list-columns",
            help="Pattern table: comma-separated list columns; other columns are ignored "
            "(default: every column but count and the strata).",
        ),
    ] = "",
    max_n_factor: Annotated[
        float | None,
        typer.Option(
            "--max-n-factor",
            help="Bound N at this many times each stratum's documented persons (R's LCMCR: 20).",
        ),
    ] = None,
    plots: Annotated[
        bool,
        typer.Option(
            "--plots/--no-plots", help="Write the PNG plots (matplotlib: about 1 s of CPU per run)."
        ),
    ] = True,
    allow_refusal: Annotated[
        bool,
        typer.Option(
            "--allow-refusal", help="Exit 0 even when a table or stratum is refused (default 3)."
        ),
    ] = False,
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
    request = _Request(
        inputs=list(inputs or []),
        clusters=clusters,
        lists=list(lists or []),
        strata=_split(strata),
        list_columns=_split(list_columns) or None,
        method=method.value,
        seed=seed,
        merge=list(merge or []),
        options=options,
        min_records=min_records,
        max_n_factor=max_n_factor,
        out=out,
        plots=plots,
    )
    try:
        if max_n_factor is not None and max_n_factor <= 1:
            raise _BadInput(f"--max-n-factor {max_n_factor:g}: must exceed 1 (N >= documented)")
        refusals = _run(request, console)
    except _BadInput as error:
        console.print(f"[red]error:[/red] {escape(str(error))}", highlight=False, soft_wrap=True)
        raise typer.Exit(code=2) from None
    for line in refusals:
        label = "note:" if allow_refusal else "[red]refused:[/red]"
        console.print(f"{label} {escape(line)}", highlight=False, soft_wrap=True)
    if refusals and not allow_refusal:
        raise typer.Exit(code=3)


def warmup() -> None:
    """Compile the LCMCR kernels into Numba's on-disk cache, so the first estimate starts fast.

    `make install` runs it. Numba keeps the cache beside the kernels' sources (their
    `__pycache__`), or in `NUMBA_CACHE_DIR` when that is set; editing a kernel's source makes
    Numba compile it again on the next run.
    """
    import numpy as np

    from tansiq.estimation import CaptureTable, estimate_lcmcr
    from tansiq.estimation import lcmcr_kernel as kernel

    table = CaptureTable(
        ("A", "B", "C"), np.array([[1, 0, 0], [0, 1, 0], [1, 1, 1]]), np.array([5, 4, 3])
    )
    estimate_lcmcr(table, K=2, iterations=40, burn_in=0, thin=10, chains=1, seed=0)
    typer.echo(f"Numba cache: {_cache_dir(kernel.run_chain)}")


def _cache_dir(dispatcher: Any) -> str:
    # Numba's cache object is not public API; fall back to what its documentation says.
    cache = getattr(dispatcher, "_cache", None)
    return str(getattr(cache, "_cache_path", "NUMBA_CACHE_DIR or the kernels' __pycache__"))


def _split(text: str) -> list[str]:
    return [s.strip() for s in text.split(",") if s.strip()]


@dataclass(frozen=True)
class _Request:
    """What one `tansiq estimate` was asked to do."""

    inputs: list[Path]
    clusters: Path | None
    lists: list[Path]
    strata: list[str]
    list_columns: list[str] | None
    method: str
    seed: int
    merge: list[str]
    options: dict[str, dict[str, Any]]
    min_records: int
    max_n_factor: float | None
    out: Path
    plots: bool


class _BadInput(Exception):
    """Input the user must fix; shown as one line, exit code 2."""


def _run(request: _Request, console: Console) -> list[str]:
    """Read, estimate, write; return one line per refused table or stratum."""
    import numpy as np

    from tansiq.estimation import InputError, estimate_strata, merge_lists
    from tansiq.estimation.report import write_outputs

    methods = ["lcmcr", "loglinear"] if request.method == "all" else [request.method]
    rng = np.random.default_rng(request.seed)
    results = {}
    with _progress(console) as progress:
        read_task = progress.add_task("read inputs", total=None)
        try:
            table, described = _read_table(request, console)
            if request.merge:
                table = merge_lists(table, _parse_merge(request.merge))
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
            results[m] = estimate_strata(
                table, m, seed=rng, min_records=request.min_records, progress=report,
                max_n_factor=request.max_n_factor, **request.options[m],
            )  # fmt: skip
            progress.update(task, completed=1, total=1)
        write_task = progress.add_task("write outputs", total=None)
        described |= {"seed": request.seed, "merge": request.merge}
        if request.max_n_factor is not None:
            described["max_n_factor"] = request.max_n_factor
        chains = int(request.options["lcmcr"]["chains"])
        written = write_outputs(results, request.out, described, chains, request.plots)
        progress.update(write_task, completed=1, total=1)
    _print_summary(console, results, written)
    source = described.get("patterns") or described.get("clusters")
    return [
        f"{source}: {method} refused stratum {r.stratum!r} ({r.documented} documented): {r.reason}"
        for method, result in results.items()
        for r in result.refusals
    ]


def _read_table(request: _Request, console: Console) -> tuple[Any, dict[str, Any]]:
    from tansiq.estimation.table import read_patterns_csv

    inputs, lists, strata = request.inputs, request.lists, request.strata
    if request.clusters is not None:
        from tansiq.estimation.report import read_linkage_inputs

        if request.list_columns is not None:
            raise _BadInput("--list-columns is for a pattern table, not for --clusters")
        record_files = [*lists, *inputs]
        if not record_files:
            raise _BadInput("--clusters needs the record CSVs that were linked (--lists)")
        described = {
            "clusters": str(request.clusters),
            "lists": [str(p) for p in record_files],
            "strata": strata,
        }
        return read_linkage_inputs(request.clusters, record_files, strata), described
    if len(inputs) != 1 or lists:
        raise _BadInput("give one pattern table CSV, or --clusters with --lists")
    table, ignored = read_patterns_csv(inputs[0], tuple(strata), request.list_columns)
    if ignored:
        names = ", ".join(repr(c) for c in ignored)
        note = f"{inputs[0]}: ignoring column(s) {names} (not in --list-columns)"
        console.print(note, markup=False, highlight=False, soft_wrap=True)
    described = {"patterns": str(inputs[0]), "strata": strata}
    if request.list_columns is not None:
        described |= {"list_columns": list(table.lists), "ignored_columns": list(ignored)}
    return table, described


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
