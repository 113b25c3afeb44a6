"""The `tansiq` command loads an engine only for the command that uses it."""

from __future__ import annotations

import subprocess
import sys

from typer.testing import CliRunner

from tansiq.cli import ENGINE_COMMANDS, app

HEAVY = ("numba", "pandas", "scipy", "arviz", "matplotlib", "django", "splink", "duckdb")


def modules_loaded_by(*args: str) -> set[str]:
    """Top-level modules imported by `tansiq <args>` in a fresh interpreter."""
    script = (
        "import sys\nfrom tansiq.cli import app\n"
        "try:\n    app(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, check=True
    )
    return set(done.stderr.split())


def test_estimate_help_imports_no_heavy_engine() -> None:
    loaded = modules_loaded_by("estimate", "--help")
    assert "typer" in loaded
    assert sorted(loaded & set(HEAVY)) == []


def test_top_level_help_lists_engine_commands_without_importing_them() -> None:
    loaded = modules_loaded_by("--help")
    assert sorted(loaded & set(HEAVY)) == []
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    for name, lazy in ENGINE_COMMANDS.items():
        assert name in result.output and lazy.help.split()[0] in result.output


def test_warmup_fills_the_numba_cache_and_says_where() -> None:
    result = CliRunner().invoke(app, ["warmup"])
    assert result.exit_code == 0, result.output
    assert "Numba cache: " in result.output


def test_a_mistyped_engine_command_is_answered_with_its_name() -> None:
    result = CliRunner().invoke(app, ["estimat"])
    assert result.exit_code == 2
    assert "Did you mean 'estimate'?" in " ".join(result.output.split())
