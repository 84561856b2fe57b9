"""The one generator of synthetic ACLED-style exports, for tests and benchmarks that need
many events (``bench/bench_app.py`` uploads one; browser tests draw thousands)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random

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


def gazetteer_places() -> list[tuple[str, float, float]]:
    """(name, lat, lon) of the gazetteer's settlements around the sampled box."""
    from geo.gazetteer import default_gazetteer

    return [
        (p.name, p.lat, p.lon)
        for p in default_gazetteer()
        if not p.is_region and 49.9 <= p.lat <= 51.1 and 35.0 <= p.lon <= 37.6
    ]


def acled_csv(
    n: int,
    *,
    seed: int = 1,
    start: dt.date = dt.date(2023, 5, 22),
    days: int = 16,
    precise: bool = False,
    places: list[tuple[str, float, float]] | None = None,
) -> bytes:
    """An ACLED-style export (ACLED's date style '22 May 2023') of ``n`` valid events at
    random points in lat 50.2-50.8, lon 35.4-37.2, on the ``days`` days from ``start``.

    ``precise``: every event day-precise at a named place (time and geo precision 1);
    otherwise one in ten is week-precise and three in ten are near a place. ``places``: each
    event is named after its nearest place, as in ACLED's data; without, a name the gazetteer
    does not know (the worst case for the loader's place lookup)."""
    rng = random.Random(seed)
    weights = [w for *_, w in EVENT_TYPES]

    def nearest(lat: float, lon: float) -> str:
        assert places
        return min(places, key=lambda p: (p[1] - lat) ** 2 + ((p[2] - lon) * 0.64) ** 2)[0]

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(ACLED_HEADER)
    for i in range(n):
        day = start + dt.timedelta(days=rng.randrange(days))
        etype, sub, _ = rng.choices(EVENT_TYPES, weights)[0]
        a1, a2 = rng.sample(ACTORS, 2)
        lat, lon = rng.uniform(50.2, 50.8), rng.uniform(35.4, 37.2)
        time_precision = 1 if precise or rng.random() < 0.9 else 2
        geo_precision = 1 if precise or rng.random() < 0.7 else 2
        w.writerow(
            [
                f"RUS{100000 + i}",
                f"{day.day} {day:%B %Y}",
                time_precision,
                etype,
                sub,
                a1,
                a2,
                nearest(lat, lon) if places else f"Synthetic place {i % 700}",
                geo_precision,
                f"{lat:.4f}",
                f"{lon:.4f}",
                f"On {day:%d %B %Y}, {a1} reported {sub.lower()} near point {i}.",
                rng.choice(SOURCES),
            ]
        )
    return buf.getvalue().encode("utf-8")


def many_events_csv(n: int) -> bytes:
    """``n`` day-precise located events over May 2023 (every row valid): :func:`acled_csv`
    with the settings the browser tests count on."""
    return acled_csv(n, start=dt.date(2023, 5, 1), days=31, precise=True)
