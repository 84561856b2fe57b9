"""Dates in a report's text: ``dateparser``'s date search, wrapped.

``dateparser.search.search_dates`` finds the date expressions of a sentence and resolves
them against ``RELATIVE_BASE`` (the report's date); ``DateDataParser.get_date_data`` says
what each one names (a day, a week, a month). This module only

* runs the search on the sentences that can hold a date (a digit, or a month, weekday or
  relative word from dateparser's own locale data), because the search costs ~10 ms per
  sentence in English;
* drops what is not a date here: bare numbers, expressions naming only a year, and any
  expression that needs a report date when there is none (a weekday, "yesterday", a day
  and month without a year);
* gives each date a window and the ACLED time precision it deserves: 1 a day, 2 a week,
  3 a month. A weekday or relative day ("on Monday", "yesterday") is a day only when the
  report's date is certain, else the week around it.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache, lru_cache

LANGUAGES = ("en", "ru", "uk")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_DIGIT = re.compile(r"\d")
_ONLY_NUMBERS = re.compile(r"^[\W\d_]*$")
# Pieces of a sentence a date does not cross: commas, semicolons and colons end them,
# except a comma before a year ("May 22, 2023").
_PIECE = re.compile(r"(?:[^,;:]|,(?=\s*(?:19|20)\d\d\b))+")
_WORD_GAP = re.compile(r"\S+\s*")
WINDOW_BEFORE, WINDOW_AFTER = 3, 4  # words kept around a date word
_TRAILING_NUMBER = re.compile(r"\s+\d+\s*$")


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    date: dt.date  # first day of the window
    end_date: dt.date | None  # last day, when the expression names a window
    time_precision: int  # 1 day, 2 week, 3 month
    relative: bool  # resolved against the report's date


@cache
def _trigger(languages: tuple[str, ...]) -> re.Pattern:
    """What a sentence must hold to be searched for dates, from dateparser's locale data:
    a month or weekday name (any form it lists), a relative phrase ("yesterday", "last
    week", "на прошлой неделе"), an "ago" word, or a numeric date or a year. A bare number
    ("2 drones") is not enough."""
    from dateparser.languages.loader import default_loader

    months = "january february march april may june july august september october november"
    days = "december monday tuesday wednesday thursday friday saturday sunday"
    words: set[str] = set()
    for lang in languages:
        info = default_loader.get_locale(lang).info
        for k in [*months.split(), *days.split()]:
            words.update(w.lower() for w in info.get(k, []) if len(w) >= 3)
        for phrases in info.get("relative-type", {}).values():
            words.update(p.lower() for p in phrases if len(p) >= 4 and not p.isdigit())
        words.update(w.lower() for w in info.get("ago", []) if len(w) >= 3)
    stems = sorted((re.escape(w) for w in words), key=len, reverse=True)
    return re.compile(
        rf"\b(?:{'|'.join(stems)})|\b\d{{1,2}}[./]\d{{1,2}}\b|\b(?:19|20)\d\d\b", re.I
    )


def is_date_word(word: str) -> bool:
    """A month, weekday or relative-date word ("Monday", "May", "вчера") in any language."""
    m = _trigger(LANGUAGES).match(word)
    if not m or word[:1].isdigit():
        return False
    return m.end() == len(word) or not word.isascii()  # Cyrillic names inflect


@cache
def _parser(languages: tuple[str, ...], base: dt.date):
    from dateparser.date import DateDataParser

    return DateDataParser(languages=list(languages), settings=_settings(base))


def _settings(base: dt.date) -> dict:
    return {
        "RELATIVE_BASE": dt.datetime(base.year, base.month, base.day),
        "PREFER_DATES_FROM": "past",  # a report tells what has happened
        "DATE_ORDER": "DMY",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }


def _window(day: dt.date, period: str) -> tuple[dt.date, dt.date | None, int] | None:
    if period in ("day", "time", "hour", "minute", "second"):
        return day, None, 1
    if period == "week":
        monday = day - dt.timedelta(days=day.weekday())
        return monday, monday + dt.timedelta(days=6), 2
    if period == "month":
        first = day.replace(day=1)
        nxt = (first + dt.timedelta(days=32)).replace(day=1)
        return first, nxt - dt.timedelta(days=1), 3
    return None  # a year or longer: no time precision code for it


def find_dates(
    text: str,
    spans,
    *,
    languages: tuple[str, ...],
    report_date: dt.date | None,
    date_certain: bool = True,
) -> list[DateMention]:
    """Every date in ``text`` within the given sentence spans, in text order."""

    languages = tuple(lang for lang in languages if lang in LANGUAGES) or LANGUAGES
    base = report_date or dt.date.today()
    trigger = _trigger(languages)
    settings = _settings(base)
    parser = _parser(languages, base)
    found: list[DateMention] = []
    for span in spans:
        sentence = text[span.start : span.end]
        hits = []
        for a, b in _windows(sentence, trigger):
            hits += _search(sentence[a:b], a, languages, settings)
        for at, _, sub in sorted(hits):
            mention = _mention(sub, span.start + at, parser, report_date, date_certain)
            if mention is not None:
                found.append(mention)
    return found


def _windows(sentence: str, trigger: re.Pattern) -> list[tuple[int, int]]:
    """Where to search: a few words either side of each date word, within its piece.

    dateparser's search costs time with the length of what it is given and can miss a date
    that a comma follows ("last week, though"); short windows cut both."""
    out: list[tuple[int, int]] = []
    for piece in _PIECE.finditer(sentence):
        p0, p1 = piece.span()
        words = None
        for m in trigger.finditer(sentence, p0, p1):
            if words is None:
                words = [w.span() for w in _WORD_GAP.finditer(sentence, p0, p1)]
                ends = [we for _, we in words]
            k = min(bisect.bisect_right(ends, m.start()), len(words) - 1)
            j = min(bisect.bisect_left(ends, m.end()), len(words) - 1)
            a = words[max(0, k - WINDOW_BEFORE)][0]
            b = words[min(len(words) - 1, j + WINDOW_AFTER)][1]
            if out and a <= out[-1][1]:
                out[-1] = (out[-1][0], max(b, out[-1][1]))
            else:
                out.append((a, b))
    return out


def _search(piece: str, offset: int, languages, settings) -> list:
    """(start, end, substring) of each date search_dates finds in ``piece``."""
    out, pos = [], 0
    base = settings["RELATIVE_BASE"]
    for sub in _search_cached(piece, tuple(languages), base):
        at = piece.find(sub, pos)
        if at < 0:
            continue
        pos = at + len(sub)
        out.append((offset + at, offset + pos, sub))
    return out


@lru_cache(maxsize=4096)
def _search_cached(piece: str, languages: tuple[str, ...], base: dt.datetime) -> tuple:
    """The substrings search_dates finds (reports repeat their stock phrases)."""
    from dateparser.search import search_dates

    settings = _settings(base.date())
    return tuple(
        s for s, _ in search_dates(piece, languages=list(languages), settings=settings) or []
    )


@lru_cache(maxsize=4096)
def _date_data(parser, sub: str):
    return parser.get_date_data(sub)


def _mention(sub, start, parser, report_date, date_certain) -> DateMention | None:
    if _ONLY_NUMBERS.match(sub):
        return None  # "15", "2023", "22.": numbers, not dates
    data = _date_data(parser, sub)
    if data.date_obj is None:
        return None
    trimmed = _TRAILING_NUMBER.sub("", sub)
    if trimmed != sub and trimmed.strip():
        # search_dates swallows a following count ("yesterday 2 drones"): keep the date only
        again = _date_data(parser, trimmed)
        if again.date_obj is not None and again.date_obj.date() == data.date_obj.date():
            sub, data = trimmed, again
    stripped = sub.strip()
    start += len(sub) - len(sub.lstrip())
    relative = not _DIGIT.search(stripped)  # "Monday", "yesterday", "last week"
    has_year = bool(_YEAR.search(stripped))
    if report_date is None and (relative or not has_year):
        return None  # needs the report's date, which is unknown: not guessed
    win = _window(data.date_obj.date(), data.period or "day")
    if win is None:
        return None
    first, last, precision = win
    if relative and precision == 1 and not date_certain:
        first, last, precision = first - dt.timedelta(days=3), first + dt.timedelta(days=3), 2
    if report_date is not None and first > report_date and relative:
        return None
    return DateMention(start, start + len(stripped), stripped, first, last, precision, relative)
