"""The `tansiq` command: its web-side commands against the real database."""

from __future__ import annotations

import pytest
from django.db import connection
from typer.testing import CliRunner

from tansiq.cli import app

runner = CliRunner()


def test_help_lists_every_command():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("demo", "serve", "worker", "audit", "synth", "link", "estimate", "manage"):
        assert command in result.output


@pytest.mark.django_db
def test_audit_verify_passes_on_an_intact_chain(world):
    result = runner.invoke(app, ["audit", "verify"])
    assert result.exit_code == 0, result.output


@pytest.mark.django_db
def test_audit_verify_fails_and_names_the_tampered_row(world):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET changes = '{}' WHERE seq = 5")
    result = runner.invoke(app, ["audit", "verify"])
    assert result.exit_code == 1
    assert "audit chain broken at seq 5" in result.output
