"""The one generator of synthetic ACLED exports, for tests and benchmarks that need many
events: the raids' box and days with the columns the app reads (``bench/bench_app.py``
uploads one; browser tests draw thousands), or the whole war with every column of ACLED's
export (``layers.schema.ACLED_EXPORT_COLUMNS``) and seeded bad rows (issue 16), so that
rows in = rows kept + rows rejected can be checked at any size."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from collections.abc import Iterator

from layers.schema import ACLED_EXPORT_COLUMNS

EVENT_TYPES = [
    ("Battles", "Armed clash", 0.30),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", 0.45),
    ("Explosions/Remote violence", "Air/drone strike", 0.15),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", 0.04),
    ("Strategic developments", "Looting/property destruction", 0.03),
    ("Violence against civilians", "Attack", 0.03),
]
ACTORS = [
    "Military Forces of Russia (2000-)",
    "Russian Volunteer Corps",
    "Freedom of Russia Legion",
    "Military Forces of Ukraine (2019-)",
    "Police Forces of Russia (2000-)",
]
SOURCES = ["Telegram", "Kommersant", "RIA Novosti; Meduza", "Ukrainska Pravda"]
# The columns the app reads, in the export's order (the short export).
ACLED_HEADER = [
    "event_id_cnty",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "location",
    "geo_precision",
    "latitude",
    "longitude",
    "notes",
    "source",
]
assert set(ACLED_HEADER) <= set(ACLED_EXPORT_COLUMNS)
# The raids: lat 50.2-50.8, lon 35.4-37.2 (both sides of the border).
RAID_BOX = (50.2, 50.8, 35.4, 37.2)
# The whole war: from 24 February 2022 to the end of 2025, around these settlements (name,
# lat, lon, country, admin1), well inside their country, so that points scattered a few km
# around them stay on its side of the border.
WAR_START = dt.date(2022, 2, 24)
WAR_DAYS = (dt.date(2025, 12, 31) - WAR_START).days + 1
ANCHORS = (
    ("Belgorod", 50.59543, 36.58723, "Russia", "Belgorod"),
    ("Kursk", 51.73733, 36.18735, "Russia", "Kursk"),
    ("Bryansk", 53.25209, 34.37167, "Russia", "Bryansk"),
    ("Voronezh", 51.67204, 39.18430, "Russia", "Voronezh"),
    ("Kharkiv", 49.98081, 36.25272, "Ukraine", "Kharkiv"),
    ("Sumy", 50.91410, 34.80190, "Ukraine", "Sumy"),
    ("Chernihiv", 51.50551, 31.28487, "Ukraine", "Chernihiv"),
    ("Poltava", 49.58925, 34.55107, "Ukraine", "Poltava"),
)
BAD_KINDS = (
    "calendar",  # 31 February
    "year",  # year 9999
    "swapped",  # latitude and longitude swapped
    "time",  # T99:99
    "short",  # a row with fewer cells than the header
    "fatalities",  # a 23-digit count
    "type",  # an unknown event type
    "duplicate",  # the id of the row before (both rows are then rejected)
)


def gazetteer_places() -> list[tuple[str, float, float]]:
    """(name, lat, lon) of the gazetteer's settlements around the sampled box."""
    from geo.gazetteer import default_gazetteer

    return [
        (p.name, p.lat, p.lon)
        for p in default_gazetteer()
        if not p.is_region and 49.9 <= p.lat <= 51.1 and 35.0 <= p.lon <= 37.6
    ]


def acled_events(
    n: int,
    *,
    seed: int = 1,
    whole_war: bool = False,
    start: dt.date = dt.date(2023, 5, 22),
    days: int = 16,
    precise: bool = False,
    places: list[tuple[str, float, float]] | None = None,
    bad_every: int = 0,
) -> Iterator[tuple[dict[str, str], int]]:
    """(row, rows rejected because of it) for ``n`` synthetic events, each row a dict of
    every column of ACLED's export.

    The raids (default): random points in :data:`RAID_BOX` on the ``days`` days from
    ``start``, each named after its nearest of ``places`` as in ACLED's data or, without
    ``places``, a name the gazetteer does not know (the worst case for the place lookup).
    ``whole_war``: points around :data:`ANCHORS` (every 300th at the settlement itself, named
    after it) from 24 February 2022 to the end of 2025, with country and oblast, and longer
    notes. ``precise``: every event day-precise at a named place; otherwise one in ten is
    week-precise and three in ten are near a place. Every ``bad_every``-th row is made
    invalid in one of the eight :data:`BAD_KINDS` (never two adjacent rows)."""
    rng = random.Random(seed)
    weights = [w for *_, w in EVENT_TYPES]
    if whole_war:
        start, days = WAR_START, WAR_DAYS

    def nearest(lat: float, lon: float) -> str:
        assert places
        return min(places, key=lambda p: (p[1] - lat) ** 2 + ((p[2] - lon) * 0.64) ** 2)[0]

    for i in range(n):
        day = start + dt.timedelta(days=rng.randrange(days))
        etype, sub, _ = rng.choices(EVENT_TYPES, weights)[0]
        a1, a2 = rng.sample(ACTORS, 2)
        country = admin1 = ""
        if whole_war:
            name, alat, alon, country, admin1 = ANCHORS[i % len(ANCHORS)]
            spread = 0.01 if i % 300 == 0 else 0.08
            lat, lon = alat + rng.uniform(-spread, spread), alon + rng.uniform(-spread, spread)
            loc = name if i % 300 == 0 else f"{name} area settlement {i % 300}"
        else:
            s, n_, w, e = RAID_BOX
            lat, lon = rng.uniform(s, n_), rng.uniform(w, e)
            loc = nearest(lat, lon) if places else f"Synthetic place {i % 700}"
        time_precision = 1 if precise or rng.random() < 0.9 else 2
        geo_precision = 1 if precise or rng.random() < 0.7 else 2
        fatalities = i % 7
        notes = f"On {day:%d %B %Y}, {a1} reported {sub.lower()} near point {i}."
        if whole_war:
            notes += (
                f" {fatalities} killed according to local officials in {admin1} oblast; "
                "damage to houses and a power line reported. Text generated for tests."
            )
        row = dict.fromkeys(ACLED_EXPORT_COLUMNS, "")
        row["interaction"] = "-".join(  # e.g. 'State forces-Rebel group'
            ("State forces" if "Forces" in a else "Rebel group") for a in (a1, a2)
        )
        row.update(
            event_id_cnty=f"{'SYN' if whole_war else 'RUS'}{100000 + i}",
            event_date=f"{day.day} {day:%B %Y}",
            year=str(day.year),
            time_precision=str(time_precision),
            disorder_type="Political violence",
            event_type=etype,
            sub_event_type=sub,
            actor1=a1,
            inter1="State forces" if "Forces" in a1 else "Rebel group",
            actor2=a2,
            inter2="State forces" if "Forces" in a2 else "Rebel group",
            civilian_targeting="Civilian targeting" if etype.startswith("Violence") else "",
            iso={"Russia": "643", "Ukraine": "804"}.get(country, ""),
            region="Europe",
            country=country,
            admin1=admin1,
            admin2=f"{admin1} district" if admin1 else "",
            location=loc,
            latitude=f"{lat:.4f}",
            longitude=f"{lon:.4f}",
            geo_precision=str(geo_precision),
            source=rng.choice(SOURCES),
            source_scale="Local partner-Other",
            notes=notes,
            fatalities=str(fatalities),
            timestamp=str(1_700_000_000 + i),
        )
        rejected = 0
        if bad_every and i % bad_every == bad_every - 1:
            rejected = _spoil(row, BAD_KINDS[(i // bad_every) % len(BAD_KINDS)], i)
        yield row, rejected


def _spoil(row: dict[str, str], bad: str, i: int) -> int:
    """Make ``row`` invalid in the way ``bad`` names; how many rows that rejects."""
    if bad == "calendar":
        row["event_date"] = "31 February 2023"
    elif bad == "year":
        row["event_date"] = "9999-05-22"
    elif bad == "swapped":
        row["latitude"], row["longitude"] = row["longitude"], row["latitude"]
    elif bad == "time":
        row["event_date"] = "2023-05-22T99:99"
    elif bad == "short":
        row["short"] = "yes"  # written with fewer cells than the header
    elif bad == "fatalities":
        row["fatalities"] = "1" * 23
    elif bad == "type":
        row["event_type"] = "Invasion"
    elif bad == "duplicate":
        prefix = row["event_id_cnty"][:3]
        row["event_id_cnty"] = f"{prefix}{100000 + i - 1}"
        return 2  # the row before (valid: bad rows are never adjacent) too
    return 1


def _cells(row: dict[str, str], columns) -> list[str]:
    cells = [row[c] for c in columns]
    return cells[: len(cells) * 2 // 3] if row.get("short") else cells


def acled_csv(n: int, *, columns=ACLED_HEADER, **kwargs) -> bytes:
    """An ACLED export (ACLED's date style '22 May 2023') of ``n`` events of
    :func:`acled_events` (all valid unless ``bad_every``), with ``columns`` (default: the
    columns the app reads; ``ACLED_EXPORT_COLUMNS`` for every column)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for row, _ in acled_events(n, **kwargs):
        w.writerow(_cells(row, columns))
    return buf.getvalue().encode("utf-8")


def many_events_csv(n: int) -> bytes:
    """``n`` day-precise located events over May 2023 (every row valid): :func:`acled_csv`
    with the settings the browser tests count on."""
    return acled_csv(n, start=dt.date(2023, 5, 1), days=31, precise=True)


def acled_rows(n: int, *, bad_every: int = 0, seed: int = 16) -> Iterator[tuple[str, int]]:
    """(CSV line, rows rejected because of it) for ``n`` rows of the whole war with every
    column of ACLED's export (:func:`acled_events` with ``whole_war``)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="")
    for row, rejected in acled_events(n, seed=seed, whole_war=True, bad_every=bad_every):
        buf.seek(0)
        buf.truncate()
        w.writerow(_cells(row, ACLED_EXPORT_COLUMNS))
        yield buf.getvalue(), rejected


def write_acled_csv(path, n: int, *, bad_every: int = 0) -> int:
    """Write ``n`` rows of :func:`acled_rows` (the whole war, every column) under ACLED's
    header to ``path``; returns how many rows the loader must reject."""
    rejected = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(ACLED_EXPORT_COLUMNS) + "\n")
        for line, r in acled_rows(n, bad_every=bad_every):
            fh.write(line + "\n")
            rejected += r
    return rejected
