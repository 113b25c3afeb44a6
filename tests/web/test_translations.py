"""Both languages are complete: every user-facing string has its Arabic, and nothing drifts."""

from __future__ import annotations

import gettext
import shutil
import subprocess
import sys
from pathlib import Path

import tansiq

PACKAGE = Path(tansiq.__file__).parent
ENGINES = ("synth/*", "linkage/*", "names/*", "estimation/*")


def _unquote(line: str) -> str:
    return (
        line[line.index('"') + 1 : line.rindex('"')]
        .encode()
        .decode("unicode_escape")
        .encode("latin-1")
        .decode("utf-8")
    )


def parse_po(path: Path) -> list[dict[str, object]]:
    """Entries of a .po file: msgctxt, msgid, msgid_plural, msgstr list, fuzzy flag."""
    entries: list[dict[str, object]] = []
    entry: dict[str, object] = {"msgstr": [], "fuzzy": False}
    key = ""
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if "msgid" in entry:
                entries.append(entry)
            entry, key = {"msgstr": [], "fuzzy": False}, ""
        elif line.startswith("#,") and "fuzzy" in line:
            entry["fuzzy"] = True
        elif line.startswith("#"):
            continue
        elif line.startswith("msgstr"):
            key = "msgstr"
            entry["msgstr"].append(_unquote(line))  # type: ignore[union-attr]
        elif line.startswith(("msgid_plural", "msgid", "msgctxt")):
            key = line.split()[0]
            entry[key] = _unquote(line)
        elif line.startswith('"') and key == "msgstr":
            entry["msgstr"][-1] += _unquote(line)  # type: ignore[index]
        elif line.startswith('"'):
            entry[key] = str(entry[key]) + _unquote(line)
    return [e for e in entries if e["msgid"] != ""]


def _ids(entries: list[dict[str, object]]) -> set[tuple[object, object]]:
    return {(e.get("msgctxt"), e["msgid"]) for e in entries}


ARABIC_PO = PACKAGE / "locale" / "ar" / "LC_MESSAGES" / "django.po"


def test_every_string_has_an_arabic_translation():
    missing = [
        e["msgid"]
        for e in parse_po(ARABIC_PO)
        if e["fuzzy"] or not all(str(s).strip() for s in e["msgstr"])  # type: ignore[union-attr]
    ]
    assert not missing, f"{len(missing)} untranslated or fuzzy, e.g. {missing[:10]}"


def test_the_compiled_catalogue_matches_the_translations():
    catalogue = gettext.GNUTranslations(ARABIC_PO.with_suffix(".mo").open("rb"))
    for entry in parse_po(ARABIC_PO):
        if "msgid_plural" in entry or entry.get("msgctxt"):
            continue
        assert catalogue.gettext(str(entry["msgid"])) == entry["msgstr"][0], entry["msgid"]  # type: ignore[index]


def test_the_catalogue_holds_every_string_of_the_code_and_templates(tmp_path):
    copy = tmp_path / "tansiq"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    ignores = [arg for pattern in ENGINES for arg in ("-i", pattern)]
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "ar", *ignores],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"DJANGO_SETTINGS_MODULE": "tansiq.web.settings", "PATH": "/usr/bin:/bin"},
    )
    fresh = _ids(parse_po(copy / "locale" / "ar" / "LC_MESSAGES" / "django.po"))
    committed = _ids(parse_po(ARABIC_PO))
    assert fresh - committed == set(), "run `make messages` and translate the new strings"
    assert committed - fresh == set(), "run `make messages` to drop strings no longer used"
