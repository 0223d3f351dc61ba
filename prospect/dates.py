"""Dates a person types: `7d`, `2w`, `3m`, `1y`, `yesterday`, `today`, `tomorrow`, ISO dates.

Relative values count back from now (or forward for `tomorrow`) in the user's local time
zone: `yesterday` is local midnight a day ago, `2026-12-01` is local midnight that day.
Every result is an aware UTC datetime, the form the store keeps. Ages are capped so that a
huge number is a clear error, never an overflow.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, tzinfo

from prospect.errors import InvalidValue

UNIT_DAYS = {"d": 1, "w": 7, "m": 30, "y": 365}
MAX_DAYS = 100 * 365  # a century back is as far as any retention or change list goes
_AGE = re.compile(r"^\s*(\d{1,12})\s*([dwmy])\s*$", re.IGNORECASE)
_WORDS = {"today": 0, "yesterday": -1, "tomorrow": 1, "hoy": 0, "ayer": -1, "mañana": 1}
HELP = "7d, 2w, 3m, 1y, yesterday, today or a date like 2026-12-01"


def local_zone() -> tzinfo:
    """The machine's local time zone (UTC where it cannot be told)."""
    return datetime.now().astimezone().tzinfo or UTC


def parse_age(value: str, what: str = "--older-than") -> timedelta:
    """`365d`, `52w`, `12m` (30-day months) or `1y` (365 days), at least one day."""
    m = _AGE.match(value or "")
    if not m or int(m.group(1)) < 1:
        raise InvalidValue(f"{what} must be a number and a unit d, w, m or y "
                           f"(e.g. 365d, 12w, 6m, 1y), got {value!r}")
    days = int(m.group(1)) * UNIT_DAYS[m.group(2).lower()]
    if days > MAX_DAYS:
        raise InvalidValue(f"{what} {value!r} is more than 100 years")
    return timedelta(days=days)


def local_midnight(day: date, tz: tzinfo | None = None) -> datetime:
    """The start of `day` in the local zone, as UTC."""
    return datetime(day.year, day.month, day.day, tzinfo=tz or local_zone()).astimezone(UTC)


def parse_when(value: str, what: str = "--since", *, now: datetime | None = None,
               tz: tzinfo | None = None) -> datetime:
    """A point in time from a relative age, a day word, or an ISO date or date-time.

    An age (`7d`) is that long before now; a day word or a plain date is local midnight of
    that day; a date-time without a zone is local time.
    """
    tz = tz or local_zone()
    now = (now or datetime.now(UTC)).astimezone(tz)
    text = (value or "").strip()
    word = text.lower()
    if word in _WORDS:
        return local_midnight(now.date() + timedelta(days=_WORDS[word]), tz)
    if _AGE.match(text):
        return (now - parse_age(text, what)).astimezone(UTC)
    try:
        if len(text) == 10:
            return local_midnight(date.fromisoformat(text), tz)
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidValue(f"{what} must be {HELP}; got {value!r}") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=tz)
    return when.astimezone(UTC)


def parse_day(value: str, what: str = "--day", *, now: datetime | None = None,
              tz: tzinfo | None = None) -> date:
    """A calendar day: `today`, `tomorrow`, `yesterday` or `YYYY-MM-DD` (local)."""
    tz = tz or local_zone()
    today = (now or datetime.now(UTC)).astimezone(tz).date()
    word = (value or "").strip().lower()
    if word in _WORDS:
        return today + timedelta(days=_WORDS[word])
    try:
        return date.fromisoformat(word)
    except ValueError:
        raise InvalidValue(f"{what} must be today, tomorrow, yesterday or a date like "
                           f"2026-12-09; got {value!r}") from None
