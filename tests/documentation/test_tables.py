"""Records as tables in the record CSV format, for the engines."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tansiq.documentation.models import Record
from tansiq.documentation.tables import RECORD_CSV_COLUMNS, records_table

pytestmark = pytest.mark.django_db

FORMATS_MD = Path(__file__).resolve().parents[2] / "docs" / "formats.md"


def _documented_columns() -> list[str]:
    """The record CSV's columns, in order, from the table in docs/formats.md."""
    section = FORMATS_MD.read_text(encoding="utf-8").split("## tansiq record CSV")[1]
    section = section.split("###")[0]
    return re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.MULTILINE)


FORMATS_COLUMNS = _documented_columns()


def test_the_table_has_the_record_csv_columns_of_docs_formats_in_order(world):
    assert len(FORMATS_COLUMNS) == 20
    assert list(RECORD_CSV_COLUMNS) == FORMATS_COLUMNS
    assert list(records_table(Record.objects.all()).columns) == FORMATS_COLUMNS


def test_a_row_carries_the_record_as_the_csv_would(world, django_assert_num_queries):
    record = world.records["a_new"]
    record.age, record.date_precision = 41, "month"
    record.date_start = record.date_start.replace(day=1)
    record.save()
    with django_assert_num_queries(1):
        table = records_table(Record.objects.filter(pk=record.pk))
    row = table.iloc[0]
    assert row["record_id"] == "T-a_new" and row["dataset"] == "homs-records"
    assert (row["governorate"], row["date"], row["date_precision"]) == ("SY04", "2012-08", "month")
    assert row["age"] == 41 and row["sex"] == "" and row["name_latin"] == ""


def test_protected_fields_never_reach_a_table(world, witness):
    table = records_table(Record.objects.all())
    assert not any(witness in str(v) for v in table.to_numpy().ravel())
