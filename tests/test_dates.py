"""Dates a person types: relative ages, day words and ISO dates, in local time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prospect.dates import parse_age, parse_day, parse_when
from prospect.errors import InvalidValue

NOW = datetime(2026, 12, 3, 23, 30, tzinfo=UTC)
MADRID = timezone(timedelta(hours=1))


def test_ages_count_back_from_now() -> None:
    assert parse_when("7d", now=NOW, tz=UTC) == NOW - timedelta(days=7)
    assert parse_when("2w", now=NOW, tz=UTC) == NOW - timedelta(days=14)
    assert parse_age("1y") == timedelta(days=365)


def test_day_words_are_local_midnight() -> None:
    # 23:30 UTC is already the 4th in Madrid: "today" there starts at 3 Dec 23:00 UTC
    assert parse_when("today", now=NOW, tz=MADRID) == datetime(2026, 12, 3, 23, tzinfo=UTC)
    assert parse_when("yesterday", now=NOW, tz=UTC) == datetime(2026, 12, 2, tzinfo=UTC)
    assert parse_day("tomorrow", now=NOW, tz=MADRID) == date(2026, 12, 5)


def test_dates_and_times_without_zone_are_local() -> None:
    assert parse_when("2026-12-01", tz=MADRID) == datetime(2026, 11, 30, 23, tzinfo=UTC)
    assert parse_when("2026-12-01T10:00", tz=MADRID) == datetime(2026, 12, 1, 9, tzinfo=UTC)
    assert parse_when("2026-12-01T10:00Z", tz=MADRID) == datetime(2026, 12, 1, 10, tzinfo=UTC)


@pytest.mark.parametrize("value", ["1000000000d", "99999999999y", "0d", "soon", "", "12x"])
def test_bad_values_are_one_clear_error(value: str) -> None:
    with pytest.raises(InvalidValue):
        parse_when(value)


@given(st.text(max_size=30))
def test_any_text_parses_or_gives_invalid_value(value: str) -> None:
    try:
        when = parse_when(value, now=NOW)
    except InvalidValue:
        return
    assert when.tzinfo is not None
