"""Whatever a file holds, the record reader either reads it or says what is wrong with it
(`RecordInputError`, naming the file): never another exception."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tansiq.linkage import RecordInputError, read_record_csvs
from tansiq.record_format import RECORD_COLUMNS

COLUMNS = ["record_id", "dataset", "name_ar", "name_latin", "sex", "age", "act", "date"]
CELLS = st.text(max_size=20) | st.sampled_from(
    ["", "M", "F", "killed", "2012-08", "٢٠١٢", "15/3/2012", "-1", "1e400", "nan", '"', "\r"]
)


def _read(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "list.csv"
        path.write_bytes(data)
        try:
            records = read_record_csvs([path])
        except RecordInputError as error:
            assert str(path) in str(error)
        else:
            assert set(RECORD_COLUMNS) <= set(records.columns)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_are_read_or_refused_with_a_reason(data: bytes) -> None:
    _read(data)


@settings(max_examples=150, deadline=None)
@given(
    header=st.lists(st.sampled_from(COLUMNS + ["extra", ""]), min_size=1, max_size=9),
    rows=st.lists(st.lists(CELLS, max_size=10), max_size=6),
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_any_table_of_text_is_read_or_refused_with_a_reason(
    header: list[str], rows: list[list[str]], delimiter: str
) -> None:
    lines = [delimiter.join(header)] + [delimiter.join(row) for row in rows]
    _read("\n".join(lines).encode("utf-8"))
