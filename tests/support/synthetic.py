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


# -- a full-column ACLED export with seeded bad rows (issue 16: the whole-war export) -----
# acled_csv above writes the columns the app reads, all valid; this one writes every column
# of ACLED's export (31) and makes every bad_every-th row invalid in one of eight ways, so
# that rows in = rows kept + rows rejected can be checked at any size.
ACLED_COLUMNS = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
    "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,"
    "iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,"
    "source,source_scale,notes,fatalities,tags,timestamp"
)
# (name, lat, lon, country, admin1): settlements well inside their country, so that points
# scattered a few km around them stay on its side of the border.
_ANCHORS = (
    ("Belgorod", 50.59543, 36.58723, "Russia", "Belgorod"),
    ("Kursk", 51.73733, 36.18735, "Russia", "Kursk"),
    ("Bryansk", 53.25209, 34.37167, "Russia", "Bryansk"),
    ("Voronezh", 51.67204, 39.18430, "Russia", "Voronezh"),
    ("Kharkiv", 49.98081, 36.25272, "Ukraine", "Kharkiv"),
    ("Sumy", 50.91410, 34.80190, "Ukraine", "Sumy"),
    ("Chernihiv", 51.50551, 31.28487, "Ukraine", "Chernihiv"),
    ("Poltava", 49.58925, 34.55107, "Ukraine", "Poltava"),
)
_KINDS = (
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Battles", "Armed clash"),
    ("Strategic developments", "Other"),
)
_BAD_KINDS = (
    "calendar",  # 31 February
    "year",  # year 9999
    "swapped",  # latitude and longitude swapped
    "time",  # T99:99
    "short",  # a row with fewer cells than the header
    "fatalities",  # a 23-digit count
    "type",  # an unknown event type
    "duplicate",  # the id of the row before (both rows are then rejected)
)


def acled_rows(n: int, *, bad_every: int = 0, seed: int = 16):
    """(line, rows rejected because of it) for n synthetic ACLED rows with every column of
    ACLED's export; every ``bad_every``-th row is made invalid in one of eight ways."""
    import random

    rnd = random.Random(seed)
    for i in range(n):
        name, alat, alon, country, admin1 = _ANCHORS[i % len(_ANCHORS)]
        etype, sub = _KINDS[i % len(_KINDS)]
        k = i % 300
        if k == 0:  # the settlement itself: close to its gazetteer point
            loc, lat, lon = name, alat + rnd.uniform(-0.01, 0.01), alon + rnd.uniform(-0.01, 0.01)
        else:
            loc = f"{name} area settlement {k}"
            lat, lon = alat + rnd.uniform(-0.08, 0.08), alon + rnd.uniform(-0.08, 0.08)
        day = 1 + i % 28
        date = f"{day:02d} {('January', 'May', 'June', 'October')[i % 4]} {2022 + i % 4}"
        fatalities = str(rnd.randint(0, 6))
        eid = f"SYN{i}"
        notes = (
            f"On {date}, synthetic report {i}: {sub.lower()} near {loc} in {admin1} oblast; "
            f"{fatalities} killed according to local officials, damage to houses and a "
            "power line reported. Text generated for the import benchmark."
        )
        cells = [
            eid,
            date,
            str(2022 + i % 4),
            "1",
            "Political violence",
            etype,
            sub,
            "Military Forces of Ukraine (2019-)"
            if country == "Russia"
            else "Military Forces of Russia (2000-)",
            "",
            "State forces",
            "Civilians (Russia)" if country == "Russia" else "Civilians (Ukraine)",
            "",
            "Civilians",
            "State forces-Civilians",
            "Civilian targeting",
            "643" if country == "Russia" else "804",
            "Europe",
            country,
            admin1,
            f"{name} district",
            "",
            loc,
            f"{lat:.4f}",
            f"{lon:.4f}",
            "1",
            "Telegram; Ukrainska Pravda",
            "Local partner-Other",
            notes,
            fatalities,
            "",
            str(1_700_000_000 + i),
        ]
        rejected = 0
        if bad_every and i % bad_every == bad_every - 1:
            bad = _BAD_KINDS[(i // bad_every) % len(_BAD_KINDS)]
            rejected = 1
            if bad == "calendar":
                cells[1] = "31 February 2023"
            elif bad == "year":
                cells[1] = "9999-05-22"
            elif bad == "swapped":
                cells[22], cells[23] = cells[23], cells[22]
            elif bad == "time":
                cells[1] = "2023-05-22T99:99"
            elif bad == "short":
                cells = cells[:20]
            elif bad == "fatalities":
                cells[28] = "1" * 23
            elif bad == "type":
                cells[5] = "Invasion"
            elif bad == "duplicate":
                cells[0] = f"SYN{i - 1}"
                rejected = 2  # the row before (valid: bad rows are never adjacent) too
        yield ",".join(_csv_cell(c) for c in cells), rejected


def _csv_cell(v: str) -> str:
    return '"' + v.replace('"', '""') + '"' if any(c in v for c in ',"\n') else v


def write_acled_csv(path, n: int, *, bad_every: int = 0) -> int:
    """Write n rows (see :func:`acled_rows`) to ``path``; returns how many rows the loader
    must reject."""
    rejected = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(ACLED_COLUMNS + "\n")
        for line, r in acled_rows(n, bad_every=bad_every):
            fh.write(line + "\n")
            rejected += r
    return rejected
