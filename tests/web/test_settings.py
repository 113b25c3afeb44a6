"""Settings come from the environment, fail loudly, and are clean for production."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from tansiq.web.env import envbool, envint, envlist, envsecret

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k" * 20 + "-production-secret-key-with-enough-entropy-0123456789",
    "TANSIQ_FIELD_KEYS": Fernet.generate_key().decode(),
    "ALLOWED_HOSTS": "tansiq.example.org",
    "DATABASE_URL": "sqlite:///:memory:",
}


def _django(args: list[str], env: dict[str, str], tmp_path) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION}
    clean.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    clean.update(env, DJANGO_SETTINGS_MODULE="tansiq.web.settings", TANSIQ_HOME=str(tmp_path))
    return subprocess.run(
        [sys.executable, "-m", "django", *args], env=clean, capture_output=True, text=True
    )


def test_envbool_reads_common_spellings_and_rejects_others(monkeypatch):
    monkeypatch.setenv("X_FLAG", "Yes")
    assert envbool("X_FLAG", False) is True
    monkeypatch.setenv("X_FLAG", "0")
    assert envbool("X_FLAG", True) is False
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        envbool("X_FLAG", False)


def test_envint_and_envlist_parse_or_name_the_variable(monkeypatch):
    monkeypatch.setenv("X_NUM", "12")
    assert envint("X_NUM", 0) == 12
    monkeypatch.setenv("X_NUM", "twelve")
    with pytest.raises(ImproperlyConfigured, match="X_NUM"):
        envint("X_NUM", 0)
    monkeypatch.setenv("X_LIST", " a.org, b.org ,,")
    assert envlist("X_LIST", []) == ["a.org", "b.org"]


def test_a_missing_secret_is_an_error_in_production_only(monkeypatch):
    monkeypatch.delenv("X_SECRET", raising=False)
    assert envsecret("X_SECRET", debug=True, dev_default="dev") == "dev"
    with pytest.raises(ImproperlyConfigured, match="X_SECRET"):
        envsecret("X_SECRET", debug=False, dev_default="dev")


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = _django(["check", "--deploy", "--fail-level", "WARNING"], PRODUCTION, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "TANSIQ_FIELD_KEYS"])
def test_production_refuses_to_start_without_a_secret(tmp_path, missing):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = _django(["check"], env, tmp_path)
    assert result.returncode != 0
    assert f"{missing} must be set" in result.stderr
    assert not (tmp_path / "var" / "secret-key").exists()
