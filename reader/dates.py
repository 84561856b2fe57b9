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

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

LANGUAGES = ("en", "ru", "uk")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_DIGIT = re.compile(r"\d")
_ONLY_NUMBERS = re.compile(r"^[\W\d_]*$")
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
    """Words that can start a date expression, from dateparser's locale data."""
    from dateparser.languages.loader import default_loader

    words: set[str] = set()
    months = "january february march april may june july august september october november"
    days = "december monday tuesday wednesday thursday friday saturday sunday week month day"
    keys = [*months.split(), *days.split()]
    for lang in languages:
        info = default_loader.get_locale(lang).info
        for k in keys:
            words.update(w for w in info.get(k, []) if len(w) >= 3)
        for phrases in info.get("relative-type", {}).values():
            for p in phrases:
                words.update(w for w in re.findall(r"[^\W\d_]+", p) if len(w) >= 4)
    alt = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
    return re.compile(rf"\d|\b(?:{alt})", re.I)


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
    from dateparser.search import search_dates

    languages = tuple(lang for lang in languages if lang in LANGUAGES) or LANGUAGES
    base = report_date or dt.date.today()
    trigger = _trigger(languages)
    settings = _settings(base)
    parser = _parser(languages, base)
    found: list[DateMention] = []
    for span in spans:
        sentence = text[span.start : span.end]
        if not trigger.search(sentence):
            continue
        hits = search_dates(sentence, languages=list(languages), settings=settings) or []
        pos = 0
        for sub, _ in hits:
            at = sentence.find(sub, pos)
            if at < 0:
                continue
            pos = at + len(sub)
            mention = _mention(sub, span.start + at, parser, report_date, date_certain)
            if mention is not None:
                found.append(mention)
    return found


def _mention(sub, start, parser, report_date, date_certain) -> DateMention | None:
    if _ONLY_NUMBERS.match(sub):
        return None  # "15", "2023", "22.": numbers, not dates
    data = parser.get_date_data(sub)
    if data.date_obj is None:
        return None
    trimmed = _TRAILING_NUMBER.sub("", sub)
    if trimmed != sub and trimmed.strip():
        # search_dates swallows a following count ("yesterday 2 drones"): keep the date only
        again = parser.get_date_data(trimmed)
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
