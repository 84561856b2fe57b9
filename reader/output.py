"""A reading as JSON, as ACLED-like CSV rows (what ``raidmap events --events`` imports) and
as GeoJSON. Candidates carry no actors and no event type: ``event_type`` is "unknown" and
every row says it is a machine-read candidate, with the report's file name as its source."""

from __future__ import annotations

import csv
import io
import json
import re

from layers.schema import EVENT_COLUMNS
from reader.core import Reading
from reader.pairing import place_depth_km

UNKNOWN = "unknown"
CSV_COLUMNS = (*EVENT_COLUMNS, "place_id", "depth_km", "candidate")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _alt(p) -> dict:
    return {
        "place_id": p.place_id,
        "name": p.name,
        "admin1": p.admin1,
        "country": p.country,
        "lat": p.lat,
        "lon": p.lon,
    }


def mention_dict(m) -> dict:
    p = m.place
    d = {
        "text": m.text,
        "start": m.start,
        "end": m.end,
        "place_id": p.place_id,
        "name": p.name,
        "lat": p.lat,
        "lon": p.lon,
        "precision_m": p.precision_m,
        "country": p.country,
        "depth_km": place_depth_km(p.place_id),
    }
    if m.alternatives:
        d["alternatives"] = [_alt(a) for a in m.alternatives]
    return d


def _event_id(reading: Reading, i: int) -> str:
    stem = re.sub(r"[^A-Za-z0-9]+", "-", reading.source).strip("-")[:40] or "report"
    return f"READ-{stem}-{i:03d}"


def event_dict(reading: Reading, i: int, e) -> dict:
    p = e.place
    return {
        "event_id": _event_id(reading, i),
        "event_date": e.event_date.isoformat(),
        "end_date": e.end_date.isoformat() if e.end_date else None,
        "time_precision": e.time_precision,
        "date_from": e.date_from,
        "date_text": e.date_text,
        "place_id": p.place_id,
        "location": p.name,
        "lat": p.lat,
        "lon": p.lon,
        "geo_precision": e.geo_precision,
        "depth_km": None if p.is_region else place_depth_km(p.place_id),
        "evidence": [{"start": a, "end": b} for a, b in e.evidence],
        "mentions": list(e.mentions),
    }


def to_json(reading: Reading) -> dict:
    return {
        "source": reading.source,
        "report_date": reading.report_date.isoformat() if reading.report_date else None,
        "report_date_certain": reading.date_certain,
        "languages": reading.languages,
        "mentions": [mention_dict(m) for m in reading.places],
        "dates": [
            {
                "text": d.text,
                "start": d.start,
                "end": d.end,
                "date": d.date.isoformat(),
                "end_date": d.end_date.isoformat() if d.end_date else None,
                "time_precision": d.time_precision,
            }
            for d in reading.dates
        ],
        "events": [event_dict(reading, i, e) for i, e in enumerate(reading.events, start=1)],
        "notes": list(reading.notes),
    }


def _cell(v) -> str:
    s = "" if v is None else str(v)
    return "'" + s if s.startswith(_FORMULA_START) else s


def _location(p) -> str:
    """A name that the gazetteer resolves back to this very place (else its id), so the
    import finds the place with its own precision radius."""
    from geo.gazetteer import default_gazetteer

    gaz = default_gazetteer()
    try:
        if gaz.lookup(p.name).place_id == p.place_id:
            return p.name
    except KeyError:
        pass
    return p.place_id


def csv_rows(reading: Reading) -> list[dict]:
    rows = []
    for i, e in enumerate(reading.events, start=1):
        d = event_dict(reading, i, e)
        where = ", ".join(f"characters {a}-{b}" for a, b in e.evidence[:5])
        rows.append(
            {
                "event_id": d["event_id"],
                "event_date": d["event_date"],
                "end_date": d["end_date"] or "",
                "time_precision": d["time_precision"],
                "event_type": UNKNOWN,
                "sub_event_type": "",
                "actor1": "",
                "actor2": "",
                "location": _location(e.place),
                "geo_precision": d["geo_precision"],
                "latitude": "",  # the gazetteer places it, with its precision radius
                "longitude": "",
                "fatalities": "",
                "summary": (
                    f"Machine-read candidate from {reading.source}, not reviewed: "
                    f"{e.place.name} named in {where}; date from its {e.date_from}."
                ),
                "source_ids": reading.source,
                "place_id": e.place.place_id,
                "depth_km": "" if d["depth_km"] is None else d["depth_km"],
                "candidate": "machine-read",
            }
        )
    return rows


def to_csv(reading: Reading) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    w.writeheader()
    for row in csv_rows(reading):
        w.writerow({k: _cell(v) for k, v in row.items()})
    return buf.getvalue()


def to_geojson(reading: Reading) -> dict:
    feats = []
    for i, e in enumerate(reading.events, start=1):
        props = event_dict(reading, i, e)
        props.update(event_type=UNKNOWN, candidate="machine-read", source_ids=[reading.source])
        feats.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [e.place.lon, e.place.lat]},
                "properties": props,
            }
        )
    return {"type": "FeatureCollection", "features": feats}


def dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2)


def confirmed_rows_csv(rows: list[dict], source: str) -> str:
    """CSV (the columns of :func:`to_csv`) of candidates an analyst confirmed in the app.
    ``rows``: event_date, end_date, time_precision, place_id, geo_precision, depth_km."""
    from geo.gazetteer import default_gazetteer

    gaz = default_gazetteer()
    stem = re.sub(r"[^A-Za-z0-9]+", "-", source).strip("-")[:40] or "report"
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    w.writeheader()
    for i, r in enumerate(rows, start=1):
        place = gaz.get(r["place_id"])
        row = {
            "event_id": f"READ-{stem}-{i:03d}",
            "event_date": r["event_date"],
            "end_date": r.get("end_date") or "",
            "time_precision": r["time_precision"],
            "event_type": UNKNOWN,
            "sub_event_type": "",
            "actor1": "",
            "actor2": "",
            "location": _location(place),
            "geo_precision": r["geo_precision"],
            "latitude": "",
            "longitude": "",
            "fatalities": "",
            "summary": f"Machine-read candidate from {source}, confirmed by an analyst.",
            "source_ids": source,
            "place_id": place.place_id,
            "depth_km": "" if r.get("depth_km") is None else r["depth_km"],
            "candidate": "machine-read, confirmed",
        }
        w.writerow({k: _cell(v) for k, v in row.items()})
    return buf.getvalue()
