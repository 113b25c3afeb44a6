"""Dates with a precision, as in the record CSV."""

from __future__ import annotations

import datetime as dt

import pytest

from tansiq.documentation.dates import DateFormatError, format_dated, parse_dated


@pytest.mark.parametrize(
    ("text", "precision", "start", "end"),
    [
        ("2012-08-25", "day", dt.date(2012, 8, 25), dt.date(2012, 8, 25)),
        ("2012-02", "month", dt.date(2012, 2, 1), dt.date(2012, 2, 29)),
        ("2013", "year", dt.date(2013, 1, 1), dt.date(2013, 12, 31)),
        ("2012-08-20/2012-08-27", "range", dt.date(2012, 8, 20), dt.date(2012, 8, 27)),
    ],
)
def test_a_date_text_is_stored_as_an_inclusive_interval_and_written_back_unchanged(
    text, precision, start, end
):
    assert parse_dated(text, precision) == (start, end)
    assert format_dated(start, end, precision) == text


@pytest.mark.parametrize(
    ("text", "precision"),
    [
        ("2012-08", "day"),
        ("2012-13", "month"),
        ("twenty", "year"),
        ("2012-08-27/2012-08-20", "range"),
        ("2012-08-25", "week"),
    ],
)
def test_a_date_that_does_not_match_its_precision_is_refused(text, precision):
    with pytest.raises(DateFormatError):
        parse_dated(text, precision)


def test_no_date_formats_as_empty():
    assert format_dated(None, None, "") == ""
