"""Strict field parsers. Each returns the parsed value or raises :class:`FieldError` with a
reason a person can act on. Nothing is guessed: an ambiguous date or a decimal comma is an
error, not a coercion."""

from __future__ import annotations

import datetime as dt
import math
import re

from layers.schema import EVENT_TYPES, UNKNOWN_EVENT_TYPE


class FieldError(ValueError):
    """A field value that cannot be accepted; ``str(exc)`` is the reason."""


_MONTHS = {
    m.lower(): i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]([0-9:.+\-Z]*))?$")
# A time of day after an ISO date: HH:MM[:SS[.fff]] with an optional Z or +HH:MM offset.
_TIME = re.compile(r"^(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
_DMY_TEXT = re.compile(r"^(\d{1,2})[\s\-]+([A-Za-z]+)\.?[\s\-,]+(\d{4})$")  # 22 May 2023
_MDY_TEXT = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")  # May 22, 2023
_NUMERIC = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")  # 22/05/2023, 05.22.2023


def parse_date(value: str) -> dt.date:
    """ISO ``2023-05-22``, ACLED's ``22 May 2023``, ``May 22, 2023``; ``dd/mm/yyyy`` only
    when the day cannot be read as a month (a day above 12)."""
    s = (value or "").strip()
    if not s:
        raise FieldError("empty date")
    try:
        if m := _ISO.match(s):
            found = dt.date(int(m[1]), int(m[2]), int(m[3]))
            if m[4] is not None:
                _check_time(m[4])
            return found
        if m := _DMY_TEXT.match(s):
            return dt.date(int(m[3]), _month(m[2]), int(m[1]))
        if m := _MDY_TEXT.match(s):
            return dt.date(int(m[3]), _month(m[1]), int(m[2]))
        if m := _NUMERIC.match(s):
            a, b, y = int(m[1]), int(m[2]), int(m[3])
            if a <= 12 and b <= 12 and a != b:
                raise FieldError(
                    f"ambiguous date: {a:02d}/{b:02d} could be day/month or month/day; "
                    "write it as YYYY-MM-DD"
                )
            day, month = (a, b) if a > 12 or a == b else (b, a)
            return dt.date(y, month, day)
    except ValueError as exc:
        if isinstance(exc, FieldError):
            raise
        raise FieldError(f"not a real calendar date ({exc})") from None
    raise FieldError("unrecognised date format; use YYYY-MM-DD (or ACLED's '22 May 2023')")


def _check_time(text: str) -> None:
    """A time of day is not kept (events are dated to the day) but must be a real one."""
    t = _TIME.match(text)
    ok = t is not None and int(t[1]) <= 23 and int(t[2]) <= 59 and int(t[3] or 0) <= 60
    if t is not None and t[4] and t[4] != "Z":
        off = t[4][1:].replace(":", "")
        ok = ok and int(off[:2]) <= 14 and int(off[2:]) <= 59
    if not ok:
        raise FieldError(f"not a real time of day ({text!r}); write HH:MM, or the date alone")


def check_date_window(day: dt.date, lo: dt.date, hi: dt.date) -> None:
    if not lo <= day <= hi:
        raise FieldError(
            f"{day.isoformat()} is outside the plausible window {lo.isoformat()} to "
            f"{hi.isoformat()} (a typo in the year?)"
        )


def _month(name: str) -> int:
    try:
        return _MONTHS[name.lower()]
    except KeyError:
        raise FieldError(f"unknown month name {name!r}") from None


_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def parse_float(value, *, what: str = "number") -> float:
    """A plain decimal number with a dot; decimal commas and thousands separators refused."""
    if isinstance(value, bool):
        raise FieldError(f"{what} must be a number, got a boolean")
    if isinstance(value, int | float):
        f = float(value)
    else:
        s = (value or "").strip() if isinstance(value, str) else None
        if s is None:
            raise FieldError(f"{what} must be a number, got {type(value).__name__}")
        if not s:
            raise FieldError(f"empty {what}")
        if re.fullmatch(r"[+-]?\d+,\d+", s):
            raise FieldError(f"decimal comma in {what}; write {s.replace(',', '.')} with a dot")
        if "," in s or " " in s or "_" in s:
            raise FieldError(f"{what} has separators; write a plain decimal number")
        if not _NUMBER.match(s):
            raise FieldError(f"{what} is not a number")
        f = float(s)
    if not math.isfinite(f):
        raise FieldError(f"{what} is not finite")
    return f


def parse_lat_lon(lat, lon) -> tuple[float, float]:
    """(lat, lon) as floats inside WGS84's ranges; raises FieldError naming the bad one."""
    la = parse_float(lat, what="latitude")
    lo = parse_float(lon, what="longitude")
    if not -90 <= la <= 90:
        raise FieldError(f"latitude {la} is outside -90..90")
    if not -180 <= lo <= 180:
        raise FieldError(f"longitude {lo} is outside -180..180")
    return la, lo


def parse_code(value, *, allowed: tuple[int, ...] = (1, 2, 3), what: str = "precision") -> int:
    s = str(value).strip() if value is not None else ""
    if not re.fullmatch(r"\d{1,9}", s):
        raise FieldError(f"{what} must be one of {', '.join(map(str, allowed))}")
    n = int(s)
    if n not in allowed:
        raise FieldError(f"{what} {n} is not one of {', '.join(map(str, allowed))}")
    return n


def parse_count(value, *, what: str = "count", maximum: int = 1_000_000) -> int | None:
    """A non-negative whole number up to ``maximum``, or None for an empty cell."""
    s = str(value).strip() if value is not None else ""
    if not s:
        return None
    if not re.fullmatch(r"\d+", s):
        raise FieldError(f"{what} must be a non-negative whole number")
    if len(s.lstrip("0")) > len(str(maximum)) or int(s) > maximum:
        raise FieldError(f"{what} above {maximum:,} is beyond any real value")
    return int(s)


def split_list(value) -> list[str]:
    return [p.strip() for p in str(value or "").split(";") if p.strip()]


def type_errors(etype: str, sub: str) -> list[tuple[str, str, str]]:
    """(field, value, reason) for an event type and sub-event type pair; [] when they are
    valid. The one rule for both loaders (row by row in layers.events, column-wise in
    layers.fastload)."""
    if etype == UNKNOWN_EVENT_TYPE:
        if sub:
            return [("sub_event_type", sub, "an event of unknown type has no sub-event type")]
        return []
    if etype not in EVENT_TYPES:
        return [("event_type", etype, "unknown event type; accepted: " + ", ".join(EVENT_TYPES))]
    if sub and sub not in EVENT_TYPES[etype]:
        accepted = ", ".join(EVENT_TYPES[etype])
        return [("sub_event_type", sub, f"not a sub-event type of {etype!r}; accepted: {accepted}")]
    return []
