"""docs/estimation.md cannot drift from the CLI and the outputs it describes."""

from __future__ import annotations

from pathlib import Path

import typer
from typer.main import get_command

from tansiq.estimation import __all__ as public_names
from tansiq.estimation.cli import estimate
from tansiq.estimation.report import CSV_COLUMNS

DOC = (Path(__file__).resolve().parents[2] / "docs" / "estimation.md").read_text(encoding="utf-8")


def test_every_estimate_option_is_documented() -> None:
    app = typer.Typer(add_completion=False)
    app.command()(estimate)
    command = get_command(app)
    options = [opt for param in command.params for opt in param.opts if opt.startswith("--")]
    assert "--strata" in options
    missing = [opt for opt in options if f"`{opt}" not in DOC]
    assert missing == []


def test_every_csv_column_and_public_name_is_documented() -> None:
    assert [c for c in CSV_COLUMNS if c not in DOC] == []
    assert [name for name in public_names if f"`{name}" not in DOC] == []
