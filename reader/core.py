"""Reading a report: text → place mentions, date mentions, candidate events."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from reader import segment
from reader.dates import DateMention, find_dates
from reader.extract import extract, read_source
from reader.pairing import CandidateEvent, pair_events
from reader.places import PlaceMention, find_places

LANGS = ("en", "ru", "uk")
_LATIN = re.compile(r"[A-Za-z]")
_CYR = re.compile("[\u0400-\u04ff]")
_UK = re.compile("[іїєґІЇЄҐ]")
_RU = re.compile("[ыэъёЫЭЪЁ]")


def detect_language(text: str) -> str:
    """en, ru or uk by letters: Latin vs Cyrillic, then і ї є ґ vs ы э ъ ё."""
    latin, cyr = len(_LATIN.findall(text)), len(_CYR.findall(text))
    if latin > cyr:
        return "en"
    if not cyr:
        return "en"
    return "uk" if len(_UK.findall(text)) > len(_RU.findall(text)) else "ru"


@dataclass
class Reading:
    text: str
    source: str
    report_date: dt.date | None
    date_certain: bool
    languages: list[str]
    places: list[PlaceMention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    events: list[CandidateEvent] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def read_text(
    text: str,
    *,
    report_date: dt.date | None = None,
    date_certain: bool = True,
    lang: str = "auto",
    source: str = "text",
) -> Reading:
    """Read plain text. ``lang`` en/ru/uk, or auto (each paragraph by its letters)."""
    if lang not in (*LANGS, "auto"):
        raise ValueError(f"unknown language {lang!r}; use en, ru, uk or auto")
    reading = Reading(text, source, report_date, date_certain and report_date is not None, [])
    if report_date is None:
        reading.notes.append(
            "no report date: weekday and relative dates, and dates without a year, are "
            "not resolved (give --date)"
        )
    langs_seen: list[str] = []
    para_spans = segment.paragraphs(text)
    para_of_sentence: list[tuple] = []
    for para in para_spans:
        plang = detect_language(text[para.start : para.end]) if lang == "auto" else lang
        if plang not in langs_seen:
            langs_seen.append(plang)
        sents = segment.sentences(text, para)
        toks = [segment.tokens(text, s) for s in sents]
        reading.places += find_places(text, toks, lang=plang)
        reading.dates += find_dates(
            text,
            sents,
            languages=(plang,),
            report_date=report_date,
            date_certain=reading.date_certain,
        )
        para_of_sentence.append((para, sents))
    reading.languages = langs_seen
    reading.events = pair_events(text, para_of_sentence, reading.places, reading.dates, reading)
    return reading


def read_report(
    source: str | Path | bytes,
    *,
    name: str | None = None,
    report_date: dt.date | None = None,
    lang: str = "auto",
) -> Reading:
    """Read a file (plain text or a saved HTML page). Raises ReadError if it is unreadable.

    Without ``report_date``, an HTML page's own date is used as an uncertain report date
    (a weekday reference then resolves to its week, not its day)."""
    data, display = read_source(source, name)
    ex = extract(data, display)
    certain = report_date is not None
    if report_date is None and ex.page_date is not None:
        report_date = ex.page_date
    r = read_text(ex.text, report_date=report_date, date_certain=certain, lang=lang, source=display)
    if ex.page_date is not None and not certain:
        r.notes.insert(0, f"report date {ex.page_date.isoformat()} taken from the HTML page")
    r.notes[:0] = list(ex.notes)
    return r
