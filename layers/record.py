"""The bundled record: sources, events and the claim ledger, loaded and cross-checked.

``load_record()`` returns a :class:`Record` whose ``reports`` account for every row of every
file. Events carry their claims (``claims`` column: a list of dicts) so that every view and
export shows who says what.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.paths import data_dir
from layers import readers
from layers.confidence import with_confidence
from layers.events import load_events
from layers.parse import FieldError, parse_code, parse_date, parse_float, split_list
from layers.report import LoadReport
from layers.schema import (
    AGGREGATOR_TIER,
    CLAIM_COLUMNS,
    CLAIM_STATUSES,
    CLAIM_TYPES,
    FIGURE_QUALIFIERS,
    FIGURE_UNITS,
    OPTIONAL_SOURCE_COLUMNS,
    SOURCE_ALIASES,
    SOURCE_COLUMNS,
    SOURCE_LEGACY_COPIES,
    SOURCE_TIERS,
)


@dataclass
class Record:
    events: gpd.GeoDataFrame
    claims: pd.DataFrame
    sources: pd.DataFrame
    reports: list[LoadReport] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.reports)


def _read_table(
    path: Path,
    columns: tuple[str, ...],
    report: LoadReport,
    optional: tuple[str, ...] = ("note", "url"),
    aliases: dict[str, tuple[str, ...]] | None = None,
):
    data = readers.read_bytes(path, report)
    text = readers.decode(data, report) if data is not None else None
    parsed = readers.read_csv_rows(text, report) if text is not None else None
    if parsed is None:
        return None
    header, rows = parsed
    renamed = {}
    for canon, olds in (aliases or {}).items():
        if canon not in header:
            old = next((o for o in olds if o in header), None)
            if old:
                renamed[old] = canon
    missing = [
        c for c in columns if c not in header and c not in optional and c not in renamed.values()
    ]
    if missing:
        report.fail(f"missing column(s): {', '.join(missing)}; expected {', '.join(columns)}")
        return None
    if renamed:
        rows = [(ref, {renamed.get(k, k): v for k, v in raw.items()}) for ref, raw in rows]
    return rows


def load_sources(path: Path) -> tuple[pd.DataFrame, LoadReport]:
    """Sources with publisher, title, date, language, reliability tier and http(s) link.

    ``publication``/``headline`` (the older names) are accepted for ``publisher``/``title``
    and kept as copies in the table for code that still reads them.
    """
    report = LoadReport(file=path.name)
    rows = (
        _read_table(
            path, SOURCE_COLUMNS, report, optional=OPTIONAL_SOURCE_COLUMNS, aliases=SOURCE_ALIASES
        )
        or []
    )
    kept: list[dict] = []
    seen: dict[str, int | str] = {}
    for ref, raw in rows:
        report.rows_in += 1
        r = {c: (raw.get(c) or "").strip() for c in SOURCE_COLUMNS}
        errs = []
        if not r["source_id"]:
            errs.append(("source_id", "", "empty source id"))
        elif r["source_id"] in seen:
            errs.append(
                ("source_id", r["source_id"], f"duplicate (also row {seen[r['source_id']]})")
            )
        try:
            parse_date(r["published_date"])
        except FieldError as exc:
            errs.append(("published_date", r["published_date"], str(exc)))
        try:
            r["date_precision"] = parse_code(r["date_precision"], what="date_precision")
        except FieldError as exc:
            errs.append(("date_precision", r["date_precision"], str(exc)))
        if r["url"] and not r["url"].lower().startswith(("http://", "https://")):
            errs.append(("url", r["url"], "only http(s) links are allowed"))
        tier = r["tier"]
        if tier:
            if tier.isdigit() and int(tier) in SOURCE_TIERS:
                r["tier"] = int(tier)
            else:
                errs.append(("tier", tier, f"must be one of {', '.join(map(str, SOURCE_TIERS))}"))
        else:
            r["tier"] = None
        for e in errs:
            report.reject(ref, *e)
        if not errs:
            seen[r["source_id"]] = ref
            kept.append(r)
    report.rows_kept = len(kept)
    df = pd.DataFrame(kept, columns=list(SOURCE_COLUMNS))
    for legacy, canon in SOURCE_LEGACY_COPIES.items():
        df[legacy] = df[canon]
    return df, report


def _claim_errors(r: dict, seen: dict, event_ids: set[str], source_ids: set[str]) -> list:
    """What is wrong with one claim row (its figures parsed in place)."""
    errs = []
    if not r["claim_id"]:
        errs.append(("claim_id", "", "empty claim id"))
    elif r["claim_id"] in seen:
        errs.append(("claim_id", r["claim_id"], f"duplicate (also row {seen[r['claim_id']]})"))
    if r["event_id"] not in event_ids:
        errs.append(("event_id", r["event_id"], "no such event in events.csv"))
    if r["source_id"] not in source_ids:
        errs.append(("source_id", r["source_id"], "no such source in sources.csv"))
    if not r["claimant"]:
        errs.append(("claimant", "", "every claim names who makes it"))
    if r["status"] not in CLAIM_STATUSES:
        errs.append(("status", r["status"], "must be one of " + ", ".join(CLAIM_STATUSES)))
    if r["claim_type"] not in CLAIM_TYPES:
        errs.append(("claim_type", r["claim_type"], "must be one of " + ", ".join(CLAIM_TYPES)))
    if r["figure_qualifier"] not in FIGURE_QUALIFIERS:
        errs.append(
            (
                "figure_qualifier",
                r["figure_qualifier"],
                "must be one of " + ", ".join(q or "(empty)" for q in FIGURE_QUALIFIERS),
            )
        )
    errs += _figure_errors(r)
    return errs


def _figure_errors(r: dict) -> list:
    """What is wrong with a claim's figures (parsed in place) and their unit."""
    errs = []
    for f in ("figure", "figure_high"):
        if r[f]:
            try:
                r[f] = parse_float(r[f], what=f)
            except FieldError as exc:
                errs.append((f, r[f], str(exc)))
                continue
            if r[f] < 0:
                errs.append((f, r[f], "a claimed figure cannot be negative"))
        else:
            r[f] = None
    if r["figure"] is not None and not r["figure_unit"]:
        errs.append(("figure_unit", "", "a figure needs a unit"))
    elif r["figure_unit"] and r["figure_unit"] not in FIGURE_UNITS:
        errs.append(("figure_unit", r["figure_unit"], "must be one of " + ", ".join(FIGURE_UNITS)))
    return errs


def load_claims(
    path: Path, event_ids: set[str], source_ids: set[str]
) -> tuple[pd.DataFrame, LoadReport]:
    report = LoadReport(file=path.name)
    rows = _read_table(path, CLAIM_COLUMNS, report) or []
    kept: list[dict] = []
    seen: dict[str, int | str] = {}
    for ref, raw in rows:
        report.rows_in += 1
        r = {c: (raw.get(c) or "").strip() for c in CLAIM_COLUMNS}
        errs = _claim_errors(r, seen, event_ids, source_ids)
        r["disputed_by"] = split_list(r["disputed_by"])
        for e in errs:
            report.reject(ref, *e)
        if not errs:
            seen[r["claim_id"]] = ref
            kept.append(r)
    ids = {r["claim_id"] for r in kept}
    for r in kept:
        for other in r["disputed_by"]:
            if other not in ids:
                report.notes.append(
                    f"{path.name}: claim {r['claim_id']}: disputed_by names unknown claim {other!r}"
                )
    kept = _two_way_disputes(kept, seen, report)
    report.rows_kept = len(kept)
    return pd.DataFrame(kept, columns=list(CLAIM_COLUMNS)), report


def _two_way_disputes(kept: list[dict], rows: dict, report: LoadReport) -> list[dict]:
    """Reject every claim whose ``disputed_by`` names a claim that does not name it back.

    A dispute is one fact seen from both sides: recorded on one side only, a reader of the
    other claim would never learn it is contested. The rejection names both claim ids.
    """
    links = {r["claim_id"]: set(r["disputed_by"]) for r in kept}
    bad = set()
    for r in kept:
        a = r["claim_id"]
        for b in r["disputed_by"]:
            if b in links and a not in links[b]:
                report.reject(
                    rows[a],
                    "disputed_by",
                    b,
                    f"one-way dispute: claim {a} names {b} in disputed_by, "
                    f"but {b} does not name {a}; record the dispute on both claims",
                )
                bad.add(a)
    return [r for r in kept if r["claim_id"] not in bad]


def _event_lines(path: Path) -> dict[str, int]:
    """event_id -> the CSV line its row ends on (for naming a rejected row)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return {}
    reader = csv.DictReader(io.StringIO(text))
    return {
        (row.get("event_id") or "").strip(): reader.line_num for row in reader if row is not None
    }


def drop_aggregator_only(
    events: gpd.GeoDataFrame, sources: pd.DataFrame, report: LoadReport, path: Path
) -> gpd.GeoDataFrame:
    """Reject every event whose sources are all aggregators or content farms (tier 5)."""
    tiers = dict(zip(sources["source_id"], sources["tier"], strict=True))
    lines = None
    keep = []
    for ids in events["source_ids"]:
        ids = list(ids) if isinstance(ids, list | tuple) else []
        known = [tiers.get(i) for i in ids]
        keep.append(not (known and all(t == AGGREGATOR_TIER for t in known)))
    for eid, ids, ok in zip(events["event_id"], events["source_ids"], keep, strict=True):
        if not ok:
            lines = lines if lines is not None else _event_lines(path)
            report.reject(
                lines.get(eid, f"event {eid}"),
                "source_ids",
                ";".join(ids),
                f"event {eid} rests only on aggregator sources (tier {AGGREGATOR_TIER}); "
                "cite an outlet, analyst or statement as well",
            )
    if all(keep):
        return events
    report.rows_kept -= keep.count(False)
    return events.loc[keep].reset_index(drop=True)


def attach_claims(events: gpd.GeoDataFrame, claims: pd.DataFrame) -> gpd.GeoDataFrame:
    """Add a ``claims`` column: each event's claims as a list of plain dicts."""
    events = events.copy()
    by_event: dict[str, list[dict]] = {}
    for rec in claims.to_dict("records"):
        by_event.setdefault(rec["event_id"], []).append(
            {k: v for k, v in rec.items() if k != "event_id"}
        )
    events["claims"] = [by_event.get(e, []) for e in events["event_id"]]
    return events


SOURCE_REF_FIELDS = {
    "id": "source_id",
    "publisher": "publisher",
    "title": "title",
    "date": "published_date",
    "url": "url",
    "tier": "tier",
}


def attach_sources(events: gpd.GeoDataFrame, sources: pd.DataFrame) -> gpd.GeoDataFrame:
    """Add a ``sources`` column: each event's sources as ``{id, publisher, title, date, url,
    tier}`` dicts, in the order of ``source_ids`` (an id missing from ``sources`` keeps only
    its id), so that every view and export says where a fact comes from."""
    events = events.copy()
    table = {
        r["source_id"]: {k: r.get(col) for k, col in SOURCE_REF_FIELDS.items()}
        for r in sources.to_dict("records")
    }
    events["sources"] = [
        [table.get(i, {"id": i}) for i in (ids if isinstance(ids, list | tuple) else [])]
        for ids in events["source_ids"]
    ]
    return events


def load_record(directory: Path | None = None) -> Record:
    directory = Path(directory or data_dir())
    sources, s_rep = load_sources(directory / "sources.csv")
    source_ids = set(sources["source_id"])
    events, e_rep = load_events(directory / "events.csv", known_sources=source_ids)
    events = drop_aggregator_only(events, sources, e_rep, directory / "events.csv")
    claims, c_rep = load_claims(directory / "claims.csv", set(events["event_id"]), source_ids)
    events = with_confidence(attach_sources(attach_claims(events, claims), sources))
    return Record(events, claims, sources, [s_rep, e_rep, c_rep])


@cache
def bundled_record() -> Record:
    """The bundled record, loaded once per process."""
    return load_record()
