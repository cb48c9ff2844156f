"""Opening hours: is a queue open at a time, and when does it next open; which local day a moment is in."""

from __future__ import annotations

import itertools
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from parley.routing.errors import BadOpeningHours, UnknownTimeZone
from parley.routing.model import OpeningHours

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise UnknownTimeZone(f"unknown time zone {name!r}", zone=name) from error


def parse_week(spec: dict[str, list[str]]) -> dict[int, tuple[tuple[int, int], ...]]:
    """{"mon": ["09:00-18:00"], ...} -> {0: ((540, 1080),)}; end may be 24:00; ranges must not overlap."""
    week: dict[int, tuple[tuple[int, int], ...]] = {}
    for day, ranges in spec.items():
        if day not in DAYS:
            days = ", ".join(DAYS)
            raise BadOpeningHours(
                f"opening hours: unknown day {day!r} (use {days})", reason="unknown-day", day=day, days=days
            )
        parsed = sorted(_parse_range(day, text) for text in ranges)
        for (_, end), (start, _) in itertools.pairwise(parsed):
            if start < end:
                raise BadOpeningHours(
                    f"opening hours: ranges of {day} overlap", reason="hours-overlap", day=day
                )
        week[DAYS.index(day)] = tuple(parsed)
    return week


def format_week(week: dict[int, tuple[tuple[int, int], ...]]) -> dict[str, list[str]]:
    return {
        DAYS[day]: [f"{_clock(start)}-{_clock(end)}" for start, end in ranges] for day, ranges in week.items()
    }


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _parse_range(day: str, text: str) -> tuple[int, int]:
    try:
        start_text, end_text = text.split("-")
        start, end = _minutes(start_text), _minutes(end_text)
    except ValueError:
        raise BadOpeningHours(
            f"opening hours: {day} {text!r} is not HH:MM-HH:MM",
            reason="hours-not-a-range",
            day=day,
            hours=text,
        ) from None
    if not 0 <= start < end <= 24 * 60:
        raise BadOpeningHours(
            f"opening hours: {day} {text!r} must start before it ends, within the day",
            reason="hours-reversed",
            day=day,
            hours=text,
        )
    return start, end


def _minutes(text: str) -> int:
    hours, minutes = text.strip().split(":")
    if len(minutes) != 2 or not hours.isdigit() or not minutes.isdigit() or int(minutes) > 59:
        raise ValueError(text)
    return int(hours) * 60 + int(minutes)


def is_open(hours: OpeningHours | None, now: float) -> bool:
    if hours is None:
        return True
    local = datetime.fromtimestamp(now, zone(hours.timezone))
    minute = local.hour * 60 + local.minute
    return any(start <= minute < end for start, end in hours.week.get(local.weekday(), ()))


def next_opening(hours: OpeningHours | None, now: float) -> float | None:
    """The first moment at or after `now` when the queue is open; None if it never opens."""
    if hours is None or is_open(hours, now):
        return now
    tz = zone(hours.timezone)
    local = datetime.fromtimestamp(now, tz)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    for offset in range(8):
        day = midnight + timedelta(days=offset)
        for start, _ in hours.week.get(day.weekday(), ()):
            candidate = (day + timedelta(minutes=start)).replace(tzinfo=tz).timestamp()
            if candidate >= now:
                return candidate
    return None


class LocalDays:
    """Which local day a moment falls on in one time zone, as days since 1970-01-01 (UTC gives the same
    numbers as `seconds // 86400`). Asking again within the same day costs two comparisons."""

    __slots__ = ("_day", "_end", "_start", "zone")

    def __init__(self, timezone: str = "UTC") -> None:
        self.zone = zone(timezone)
        self._start, self._end, self._day = 0.0, 0.0, 0

    def day(self, now: float) -> int:
        if self._start <= now < self._end:
            return self._day
        local = datetime.fromtimestamp(now, self.zone).date()
        self._start = datetime.combine(local, time(), self.zone).timestamp()
        self._end = datetime.combine(local + timedelta(days=1), time(), self.zone).timestamp()
        self._day = (local - EPOCH_DAY).days
        return self._day

    def midnight(self, now: float) -> datetime:
        """The start of the local day of `now`, as an aware datetime."""
        return datetime.combine(datetime.fromtimestamp(now, self.zone).date(), time(), self.zone)


EPOCH_DAY = date(1970, 1, 1)
