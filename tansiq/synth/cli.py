"""`tansiq synth`: generate a synthetic world with known truth into a folder.

Only Typer, Rich and the standard library are imported here; the engine loads inside `synth`.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table


class PresetName(StrEnum):
    """The shipped presets."""

    easy = "easy"
    realistic = "realistic"
    hard = "hard"


def synth(
    out: Annotated[Path, typer.Option("--out", help="Folder to write the world into.")] = Path(
        "world"
    ),
    persons: Annotated[int, typer.Option("--persons", min=0, help="True persons.")] = 10_000,
    lists: Annotated[
        int | None, typer.Option("--lists", min=1, help="Lists (default: the preset's).")
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed: same seed, same files.")] = 0,
    preset_name: Annotated[
        PresetName, typer.Option("--preset", help="easy, realistic or hard.")
    ] = PresetName.realistic,
    error_scale: Annotated[
        float, typer.Option("--error-scale", min=0.0, help="Multiply every error rate.")
    ] = 1.0,
    capture_scale: Annotated[
        float, typer.Option("--capture-scale", min=0.0, help="Multiply every list's capture.")
    ] = 1.0,
    rate: Annotated[
        list[str] | None,
        typer.Option(
            "--rate",
            help="Set an error rate for every list (--rate translit=0.3) or one list "
            "(--rate L2:duplicate=0.1); repeatable; names as in tansiq.synth.ErrorRates.",
        ),
    ] = None,
) -> None:
    """Generate a synthetic world: one record CSV per list, truth.csv, events.csv,
    persons.csv and world.json."""
    console = Console(stderr=True, soft_wrap=True)
    try:
        params = _params(preset_name.value, persons, lists, seed, error_scale, capture_scale, rate)
    except ValueError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    if out.exists() and not out.is_dir():
        console.print(f"[red]error:[/red] --out {out}: exists and is not a folder")
        raise typer.Exit(2)
    try:
        world, paths = _run(params, out)
    except OSError as exc:
        console.print(f"[red]error:[/red] cannot write to {out}: {exc.strerror or exc}")
        raise typer.Exit(2) from None
    _summary(Console(), world, paths)


def _params(
    name: str,
    persons: int,
    lists: int | None,
    seed: int,
    error_scale: float,
    capture_scale: float,
    rates: list[str] | None,
) -> Any:
    from dataclasses import replace

    from tansiq.synth import preset
    from tansiq.synth.params import scale_errors

    params = preset(name, persons=persons, lists=lists, seed=seed)
    overrides = [_parse_rate(r) for r in rates or []]
    names = {lp.name for lp in params.lists}
    for target, _, _ in overrides:
        if target is not None and target not in names:
            raise ValueError(f"--rate: no list {target!r} (lists: {', '.join(sorted(names))})")
    new_lists = []
    for lp in params.lists:
        mine = {k: v for target, k, v in overrides if target in (None, lp.name)}
        errors = replace(scale_errors(lp.errors, error_scale), **mine)
        capture = min(1.0, lp.capture * capture_scale)
        new_lists.append(replace(lp, errors=errors, capture=capture))
    params = replace(params, lists=tuple(new_lists))
    params.validate()
    return params


def _parse_rate(text: str) -> tuple[str | None, str, float]:
    """`[LIST:]NAME=VALUE` -> (list or None for every list, rate name, value)."""
    from tansiq.synth import ErrorRates

    key, sep, value = text.partition("=")
    target, colon, name = key.rpartition(":")
    if not sep or name not in ErrorRates.__dataclass_fields__:
        known = ", ".join(ErrorRates.__dataclass_fields__)
        raise ValueError(f"--rate {text!r}: expected [LIST:]NAME=VALUE with NAME one of {known}")
    try:
        return (target if colon else None), name, float(value)
    except ValueError:
        raise ValueError(f"--rate {text!r}: {value!r} is not a number") from None


def _run(params: Any, out: Path) -> tuple[Any, list[Path]]:
    from tansiq.synth import generate_world, write_world

    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=False) as progress:
        current: list[Any] = []

        def stage(name: str) -> None:
            if current:
                progress.update(current[-1], completed=1, total=1)
            current.append(progress.add_task(name, total=None))

        world = generate_world(params, progress=stage)
        stage(f"writing {out}")
        paths = write_world(world, out)
        progress.update(current[-1], completed=1, total=1)
    return world, paths


def _summary(console: Console, world: Any, paths: list[Path]) -> None:
    table = Table(title=f"{world.totals['persons']} true persons, {len(world.records)} records")
    table.add_column("list")
    table.add_column("records", justify="right")
    table.add_column("persons", justify="right")
    for name, counts in world.totals["by_list"].items():
        table.add_row(name, str(counts["records"]), str(counts["persons"]))
    console.print(table)
    console.print(f"wrote {len(paths)} files to {paths[0].parent if paths else '.'}")
