"""The examples in docs/names.md hold: a row that drifts from the code fails here."""

from __future__ import annotations

from pathlib import Path

from tansiq.names import normalize_name, split_name, to_skeleton

DOC = Path(__file__).resolve().parents[2] / "docs" / "names.md"


def _table_rows(header: str) -> list[list[str]]:
    """Cells (backticks stripped) of the markdown table whose header line starts with `header`."""
    lines = DOC.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip().strip("`") for cell in line.strip("|").split("|")])
    return rows


def test_documented_keys_are_what_the_code_returns() -> None:
    rows = _table_rows("| input | `normalize_name` | `to_skeleton` |")
    assert len(rows) >= 20
    for text, key, skeleton in rows:
        assert (normalize_name(text), to_skeleton(text)) == (key, skeleton), text


def test_documented_splits_are_what_the_code_returns() -> None:
    rows = _table_rows("| input | `split_name` |")
    assert rows
    for text, parts in rows:
        assert split_name(text) == [p.strip().strip("`") for p in parts.split("·")], text
