"""Dates with a precision (day, month, year, range), as in the record CSV format.

A dated object stores `date_start`, `date_end` (inclusive) and `date_precision`; `2012-08` is
stored as 2012-08-01 .. 2012-08-31 with precision `month`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")
    RANGE = "range", _("range")


class DateFormatError(ValueError):
    """A date text does not match its precision (see docs/formats.md)."""


def parse_dated(text: str, precision: str) -> tuple[dt.date, dt.date]:
    """`(start, end)` of an ISO date text at `precision`: `2012-08-25`, `2012-08`, `2012`, `a/b`."""
    text = text.strip()
    try:
        if precision == DatePrecision.DAY:
            day = dt.date.fromisoformat(text)
            return day, day
        if precision == DatePrecision.MONTH:
            year, month = (int(p) for p in text.split("-"))
            last = calendar.monthrange(year, month)[1]
            return dt.date(year, month, 1), dt.date(year, month, last)
        if precision == DatePrecision.YEAR:
            return dt.date(int(text), 1, 1), dt.date(int(text), 12, 31)
        if precision == DatePrecision.RANGE:
            first, last_text = text.split("/")
            start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last_text)
            if end < start:
                raise DateFormatError(f"range {text!r} ends before it starts")
            return start, end
    except (ValueError, TypeError) as exc:
        if isinstance(exc, DateFormatError):
            raise
        raise DateFormatError(f"{text!r} is not a date of precision {precision!r}") from exc
    raise DateFormatError(f"unknown date precision {precision!r}")


# Arabic-Indic (٠-٩) and Eastern Arabic-Indic (۰-۹, Persian/Urdu keyboards) digits.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# Separators people type between the parts of a date, with the Arabic date separator (U+060D);
# the direction marks, isolates and joiners a phone keyboard (or a copied example) slips in.
_SEPARATORS = re.compile(r"\s*[-/.\u060d\\]\s*")
_MARKS = re.compile(r"[\u200b-\u200f\u061c\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
_YEAR_FIRST = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_YEAR_LAST = re.compile(r"(?:(\d{1,2})-)?(\d{1,2})-(\d{4})")


def parse_typed_date(text: str) -> tuple[str, str]:
    """`(ISO text, precision)` of a date typed the way people write it.

    `2024-03-15`, `2024-03`, `2024` (year first), `15/3/2024`, `3/2024` (day first, as written
    in Syria and most Arabic-speaking countries), with `-`, `/` or `.` between the parts and
    Arabic-Indic digits (`١٥/٣/٢٠٢٤`). Raises `DateFormatError` when it is no such date.
    """
    cleaned = _SEPARATORS.sub("-", _MARKS.sub("", text).translate(_DIGITS).strip())
    year_first, year_last = _YEAR_FIRST.fullmatch(cleaned), _YEAR_LAST.fullmatch(cleaned)
    if year_first:
        year, month, day = year_first.groups()
    elif year_last:
        day, month, year = year_last.groups()
    else:
        raise DateFormatError(f"{text!r} is not a date")
    if day is not None:
        iso, precision = f"{year}-{int(month):02d}-{int(day):02d}", DatePrecision.DAY
    elif month is not None:
        iso, precision = f"{year}-{int(month):02d}", DatePrecision.MONTH
    else:
        iso, precision = year, DatePrecision.YEAR
    parse_dated(iso, precision)  # a day or month that does not exist is refused here
    return iso, str(precision)


def format_dated(start: dt.date | None, end: dt.date | None, precision: str) -> str:
    """The ISO text of a stored date at its precision ('' when no date is recorded)."""
    if start is None or not precision:
        return ""
    if precision == DatePrecision.MONTH:
        return start.strftime("%Y-%m")
    if precision == DatePrecision.YEAR:
        return f"{start.year:04d}"
    if precision == DatePrecision.RANGE and end is not None:
        return f"{start.isoformat()}/{end.isoformat()}"
    return start.isoformat()


class DatedModel(models.Model):
    """Abstract: a date with a precision (`date_start`..`date_end` inclusive)."""

    date_start = models.DateField(_("date (from)"), null=True, blank=True, db_index=True)
    date_end = models.DateField(_("date (to)"), null=True, blank=True)
    date_precision = models.CharField(
        _("date precision"), max_length=5, choices=DatePrecision.choices, blank=True
    )

    class Meta:
        abstract = True

    def clean(self) -> None:
        """A date needs its precision and a precision its date; the end is not before the start."""
        super().clean()
        if (self.date_start is None) != (not self.date_precision):
            raise ValidationError(
                {"date_precision": _("A date and its precision are recorded together.")}
            )
        if self.date_start and self.date_end and self.date_end < self.date_start:
            raise ValidationError({"date_end": _("The date range ends before it starts.")})

    @property
    def date_text(self) -> str:
        """The date as in the record CSV (`2012-08`, `2012-08-20/2012-08-27`, ...)."""
        return format_dated(self.date_start, self.date_end, self.date_precision)

    def set_date(self, text: str, precision: str) -> None:
        """Set the date from its CSV text and precision (empty text clears it)."""
        if not text.strip():
            self.date_start = self.date_end = None
            self.date_precision = ""
            return
        self.date_start, self.date_end = parse_dated(text, precision)
        self.date_precision = precision
