"""Scoring the reader against a hand-labelled corpus (``tests/read_corpus``): precision and
recall of places (per paragraph, by place id) and of dated pairs ((first day, last day,
place id)), per language. Shared by the test and ``bench/bench_read.py``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from reader.core import read_text


def load_corpus(folder: Path) -> dict[str, list[dict]]:
    return {p.stem: json.loads(p.read_text("utf-8")) for p in sorted(folder.glob("*.json"))}


def _pr(tp: int, fp: int, fn: int) -> tuple[float, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall


def score(paragraphs: list[dict], lang: str) -> dict:
    counts = {"places": [0, 0, 0], "pairs": [0, 0, 0]}
    errors: list[str] = []
    for para in paragraphs:
        r = read_text(
            para["text"], report_date=dt.date.fromisoformat(para["report_date"]), lang=lang
        )
        got_places = {m.place.place_id for m in r.places}
        want_places = set(para["places"])
        got_pairs = {
            (
                e.event_date.isoformat(),
                e.end_date.isoformat() if e.end_date else None,
                e.place.place_id,
            )
            for e in r.events
        }
        want_pairs = {tuple(p) for p in para["pairs"]}
        for what, got, want in (
            ("places", got_places, want_places),
            ("pairs", got_pairs, want_pairs),
        ):
            c = counts[what]
            c[0] += len(got & want)
            c[1] += len(got - want)
            c[2] += len(want - got)
            for x in sorted(map(str, got - want)):
                errors.append(f"{para['id']} {what}: false {x}")
            for x in sorted(map(str, want - got)):
                errors.append(f"{para['id']} {what}: missed {x}")
    out = {"paragraphs": len(paragraphs), "errors": errors}
    for what, (tp, fp, fn) in counts.items():
        p, rec = _pr(tp, fp, fn)
        out[what] = {"precision": p, "recall": rec, "tp": tp, "fp": fp, "fn": fn}
    return out
