"""The fast CSV writer writes what pandas' to_csv writes (RFC 4180, quoting when needed)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tansiq.synth.csv_writer import write_csv


def test_writer_matches_pandas_byte_for_byte(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "text": pd.Series(["x", None, "a,b", 'q"r', "line\nbreak", "محمد"], dtype="str"),
            "plain": pd.Series(["x", None, "y", "z", "w", "v"], dtype="str"),
            "age": pd.array([1, None, 3, 4, 5, 6], dtype="Int64"),
            "flag": [True, False] * 3,
        }
    )
    write_csv(frame, tmp_path / "ours.csv")
    frame.to_csv(tmp_path / "pandas.csv", index=False, lineterminator="\n")
    assert (tmp_path / "ours.csv").read_bytes() == (tmp_path / "pandas.csv").read_bytes()


def test_writer_writes_a_header_for_an_empty_table(tmp_path: Path) -> None:
    write_csv(pd.DataFrame({"record_id": pd.Series([], dtype="str")}), tmp_path / "e.csv")
    assert (tmp_path / "e.csv").read_text(encoding="utf-8") == "record_id\n"


def test_writer_round_trips_many_rows_across_chunks(tmp_path: Path) -> None:
    frame = pd.DataFrame({"n": range(450_000), "s": pd.Series(["a,b", "c"] * 225_000, dtype="str")})
    write_csv(frame, tmp_path / "big.csv")
    back = pd.read_csv(tmp_path / "big.csv", dtype={"s": "str"})
    assert back["n"].tolist() == list(range(450_000))
    assert (back["s"] == frame["s"]).all()
