"""Dates with a precision, as in the record CSV."""

from __future__ import annotations

import datetime as dt

import pytest

from tansiq.documentation.dates import (
    DateFormatError,
    format_dated,
    parse_dated,
    parse_typed_date,
)


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


@pytest.mark.parametrize(
    ("typed", "iso", "precision"),
    [
        ("2024-03-15", "2024-03-15", "day"),
        ("2024-03", "2024-03", "month"),
        ("2024", "2024", "year"),
        ("15/3/2024", "2024-03-15", "day"),
        ("3/2024", "2024-03", "month"),
        ("15.03.2024", "2024-03-15", "day"),
        (" 2024/3/5 ", "2024-03-05", "day"),
        ("٢٠٢٤-٠٣", "2024-03", "month"),
        ("١٥/٣/٢٠٢٤", "2024-03-15", "day"),
        ("۱۵/۳/۲۰۲۴", "2024-03-15", "day"),
        ("\u200f١٥ / ٣ / ٢٠٢٤", "2024-03-15", "day"),
        ("\u20662024-\u206003-\u206015\u2069", "2024-03-15", "day"),
    ],
)
def test_a_date_typed_the_way_people_write_it_gets_its_precision(typed, iso, precision):
    assert parse_typed_date(typed) == (iso, precision)


@pytest.mark.parametrize(
    "typed", ["", "March 2024", "31/2/2024", "2024-13", "15/13/2024", "24", "2024-03-15-01"]
)
def test_a_typed_text_that_is_no_date_is_refused(typed):
    with pytest.raises(DateFormatError):
        parse_typed_date(typed)
