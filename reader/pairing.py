"""Which date goes with which place, and the candidate events that result.

A place mention takes, in this order:

1. the date of its own clause (clauses end at ``;``, ``:``, a dash, or a comma before
   "and"/"while"/"but"/"а"/"и"/"но"/"і"/"та"/"але"): the nearest one before the place,
   else the first after it;
2. else a date of its own sentence: the nearest one before the place, else the first after;
3. else the nearest date before it in the same paragraph;
4. else the report's date at week precision: the seven days ending on the report's date
   (an event a report tells of has happened by then);
5. else (no report date) no date: the mention is listed, no event is made.

One candidate event per (place, date window): a place named three times for the same day
is one event with three pieces of evidence.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from functools import cache

from geo.gazetteer import Place
from reader import segment
from reader.dates import DateMention
from reader.places import PlaceMention


@dataclass
class CandidateEvent:
    place: Place
    event_date: dt.date
    end_date: dt.date | None
    time_precision: int
    date_from: str  # clause, sentence, paragraph or report
    evidence: list[tuple[int, int]] = field(default_factory=list)  # sentence offsets
    mentions: list[int] = field(default_factory=list)  # indices into Reading.places
    date_text: str = ""

    @property
    def geo_precision(self) -> int:
        if self.place.kind == "region":
            return 3
        return 2 if self.place.kind == "district" else 1


@cache
def place_depth_km(place_id: str) -> float | None:
    from geo.gazetteer import default_gazetteer
    from geo.measure import place_depth

    d = place_depth(default_gazetteer().get(place_id))["depth_km"]
    return None if d is None else round(float(d), 3)


def _nearest(
    dates: list[DateMention], starts: list[int], pos: int, lo: int, hi: int
) -> DateMention | None:
    a, b = bisect.bisect_left(starts, lo), bisect.bisect_left(starts, hi)
    inside = [d for d in dates[a:b] if d.end <= hi]
    before = [d for d in inside if d.end <= pos]
    if before:
        return before[-1]
    after = [d for d in inside if d.start >= pos]
    return after[0] if after else None


def pair_events(text, paras_sents, places: list[PlaceMention], dates: list[DateMention], reading):
    dates = sorted(dates, key=lambda d: d.start)
    starts = [d.start for d in dates]
    events: dict[tuple, CandidateEvent] = {}
    undated = 0
    sentence_spans = [(p, s) for p, sents in paras_sents for s in sents]
    sent_starts = [s.start for _, s in sentence_spans]
    for mi, m in enumerate(places):
        k = bisect.bisect_right(sent_starts, m.start) - 1
        para, sent = sentence_spans[max(k, 0)]
        date, how = None, ""
        for cl in segment.clauses(text, sent):
            if cl.start <= m.start < cl.end:
                date, how = _nearest(dates, starts, m.start, cl.start, cl.end), "clause"
                break
        if date is None:
            date, how = _nearest(dates, starts, m.start, sent.start, sent.end), "sentence"
        if date is None:
            j = bisect.bisect_left(starts, sent.start) - 1
            if j >= 0 and dates[j].start >= para.start:
                date, how = dates[j], "paragraph"
        if date is not None:
            key = (m.place.place_id, date.date, date.end_date, date.time_precision)
            first, last, prec, dtext = date.date, date.end_date, date.time_precision, date.text
        elif reading.report_date is not None:
            rd = reading.report_date
            first, last, prec, how, dtext = rd - dt.timedelta(days=6), rd, 2, "report", ""
            key = (m.place.place_id, first, last, prec)
        else:
            undated += 1
            continue
        ev = events.get(key)
        if ev is None:
            ev = events[key] = CandidateEvent(m.place, first, last, prec, how, date_text=dtext)
        ev.evidence.append((sent.start, sent.end))
        ev.mentions.append(mi)
    if undated:
        reading.notes.append(
            f"{undated} place mention(s) have no date (no date in their paragraph and no "
            "report date): listed under mentions, no event made"
        )
    return sorted(events.values(), key=lambda e: (e.event_date, e.evidence[0][0]))
