"""The `tansiq` command: one entry point for the engines and the web system.

Engine commands (`synth`, `link`, `estimate`) work on plain files with no server and no database;
their implementations live beside their engines (`tansiq/<engine>/cli.py`). Those modules import
only Typer and the standard library at the top and the heavy engines inside the command, so
`tansiq --help` stays fast.
"""

from __future__ import annotations

import importlib
from typing import Any

import typer

app = typer.Typer(
    name="tansiq",
    help="tansiq (تنسيق): record, verify, link, estimate and publish.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,  # locals may hold protected data
)


def _command(module: str, function: str) -> Any:
    """Return the Typer command function `function` of `module`."""
    return getattr(importlib.import_module(module), function)


app.command("synth", help="Generate a synthetic world with known truth.")(
    _command("tansiq.synth.cli", "synth")
)
app.command("link", help="Link records of the same person across and within lists.")(
    _command("tansiq.linkage.cli", "link")
)
app.command("estimate", help="Estimate the unrecorded by multiple systems estimation.")(
    _command("tansiq.estimation.cli", "estimate")
)

web = _command("tansiq.web.cli", "register")
web(app)


if __name__ == "__main__":
    app()
