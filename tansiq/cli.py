"""The `tansiq` command: one entry point for the engines and the web system.

Engine commands (`synth`, `link`, `estimate`, `warmup`) work on plain files with no server and no
database; their implementations live beside their engines (`tansiq/<engine>/cli.py`). They are
registered lazily: `tansiq --help` lists them from the short help below without importing their
modules, and `tansiq estimate ...` imports `tansiq.estimation.cli` only, so no command pays for
another engine's imports (pandas, Splink, DuckDB, Numba, Django).
"""

from __future__ import annotations

import importlib
from difflib import get_close_matches
from typing import NamedTuple

import typer

# Typer vendors its own Click (typer._click); its groups and commands are typed against it.
from typer._click import Command, Context, HelpFormatter
from typer._click.exceptions import UsageError
from typer.core import TyperCommand, TyperGroup
from typer.main import get_command_from_info
from typer.models import CommandInfo


class _Lazy(NamedTuple):
    module: str
    function: str
    help: str


# name -> where its Typer command function lives, and the one-line help `tansiq --help` shows.
ENGINE_COMMANDS: dict[str, _Lazy] = {
    "synth": _Lazy("tansiq.synth.cli", "synth", "Generate a synthetic world with known truth."),
    "link": _Lazy(
        "tansiq.linkage.cli", "link", "Link records of the same person across and within lists."
    ),
    "estimate": _Lazy(
        "tansiq.estimation.cli",
        "estimate",
        "Estimate the unrecorded by multiple systems estimation.",
    ),
    "warmup": _Lazy(
        "tansiq.estimation.cli",
        "warmup",
        "Compile the estimation kernels into Numba's cache (run once at install).",
    ),
}


class LazyGroup(TyperGroup):
    """A Typer group whose engine commands are imported only when they are run or asked about."""

    _listing = False

    def list_commands(self, ctx: Context) -> list[str]:
        """Engine commands first, then the web commands, in the order they were added."""
        return [*ENGINE_COMMANDS, *(n for n in self.commands if n not in ENGINE_COMMANDS)]

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        """The command `cmd_name`; a light stand-in while the group's own help is drawn."""
        lazy = ENGINE_COMMANDS.get(cmd_name)
        if lazy is None or cmd_name in self.commands:
            return self.commands.get(cmd_name)
        if self._listing:
            return TyperCommand(cmd_name, help=lazy.help, short_help=lazy.help)
        function = getattr(importlib.import_module(lazy.module), lazy.function)
        command = get_command_from_info(
            CommandInfo(name=cmd_name, callback=function, help=lazy.help),
            pretty_exceptions_short=True,
            rich_markup_mode=self.rich_markup_mode,
        )
        self.commands[cmd_name] = command
        return command

    def resolve_command(
        self, ctx: Context, args: list[str]
    ) -> tuple[str | None, Command | None, list[str]]:
        """As Typer's, but a typo is matched against the engine commands too."""
        try:
            return self._click_resolve_command(ctx, args)
        except UsageError as error:
            matches = get_close_matches(args[0], self.list_commands(ctx)) if args else []
            if self.suggest_commands and matches:
                names = ", ".join(repr(m) for m in matches)
                error.message = f"{error.message.rstrip('.')}. Did you mean {names}?"
            raise

    def format_help(self, ctx: Context, formatter: HelpFormatter) -> None:
        """The group's help, listing engine commands without importing them."""
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False


app = typer.Typer(
    name="tansiq",
    cls=LazyGroup,
    help="tansiq (تنسيق): record, verify, link, estimate and publish.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,  # locals may hold protected data
)

# The web commands import only Typer and the standard library; Django loads inside each one.
importlib.import_module("tansiq.web.cli").register(app)


if __name__ == "__main__":
    app()
