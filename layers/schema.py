"""Column names, accepted aliases (ACLED's export columns among them) and vocabularies."""

from __future__ import annotations

import datetime as dt

# Canonical event columns, in the order exports write them.
EVENT_COLUMNS = (
    "event_id",
    "event_date",
    "end_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "location",
    "geo_precision",
    "latitude",
    "longitude",
    "fatalities",
    "summary",
    "source_ids",
)
REQUIRED_EVENT_COLUMNS = (
    "event_id",
    "event_date",
    "time_precision",
    "event_type",
    "location",
    "geo_precision",
)

# Other names accepted for each canonical column (lower-case). ACLED exports use
# event_id_cnty, notes, source, assoc_actor_1 ...
EVENT_ALIASES: dict[str, tuple[str, ...]] = {
    "event_id": ("event_id_cnty", "id", "event_id_no_cnty"),
    "event_date": ("date", "start_date"),
    "end_date": ("date_end",),
    "time_precision": ("date_precision",),
    "summary": ("notes", "description"),
    "source_ids": ("source", "sources"),
    "latitude": ("lat",),
    "longitude": ("lon", "lng", "long"),
    "location": ("place", "location_name"),
}

# The columns of ACLED's standard export, in its order. The loader reads the ones named
# above (through EVENT_ALIASES) and ignores the others; tests and benchmarks write files
# with exactly these (tests/support/synthetic.py).
ACLED_EXPORT_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)

EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": (
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ),
    "Explosions/Remote violence": (
        "Shelling/artillery/missile attack",
        "Air/drone strike",
        "Remote explosive/landmine/IED",
        "Grenade",
        "Suicide bomb",
        "Chemical weapon",
    ),
    "Violence against civilians": ("Attack", "Abduction/forced disappearance", "Sexual violence"),
    "Protests": (
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}

# A machine-read candidate (``raidmap read``) says nothing of what happened: its type is
# this, with no sub-event type, until an analyst sets one.
UNKNOWN_EVENT_TYPE = "unknown"

TIME_PRECISION = {1: "day", 2: "week", 3: "month"}
GEO_PRECISION = {1: "named place", 2: "near the place / part of an area", 3: "region only"}

# Positions known no better than this are drawn as areas, never as pins.
AREA_RADIUS_M = 10_000.0
# Radius (m) drawn for a point given by coordinates (ACLED), by geo_precision.
COORD_RADIUS_M = {1: 2000.0, 2: 5000.0, 3: 75000.0}
# Smallest radius for geo_precision 2 ("near the place") when the place is curated.
NEAR_PLACE_MIN_RADIUS_M = 5000.0

SOURCE_COLUMNS = (
    "source_id",
    "publisher",
    "title",
    "author",
    "published_date",
    "date_precision",
    "language",
    "tier",
    "url",
    "seed_file",
    "note",
)
# Columns a sources file may leave out (older files, imports): empty when missing.
OPTIONAL_SOURCE_COLUMNS = ("author", "language", "tier", "url", "seed_file", "note")
# Older names still accepted for source columns.
SOURCE_ALIASES: dict[str, tuple[str, ...]] = {"publisher": ("publication",), "title": ("headline",)}
# Legacy names kept as copies in the loaded table for code that still reads them.
SOURCE_LEGACY_COPIES = {"publication": "publisher", "headline": "title"}
# Reliability tiers (data/SCHEMA.md): 1 wire service or major outlet, 2 analyst (ISW),
# 3 official statement of a party, 4 partisan channel, 5 aggregator or content farm.
SOURCE_TIERS = {
    1: "wire service or major outlet",
    2: "analyst",
    3: "official statement of a party",
    4: "partisan channel",
    5: "aggregator or content farm",
}
AGGREGATOR_TIER = 5
CLAIM_COLUMNS = (
    "claim_id",
    "event_id",
    "claimant",
    "claim_type",
    "claim_text",
    "figure",
    "figure_unit",
    "figure_qualifier",
    "figure_high",
    "status",
    "disputed_by",
    "source_id",
)
CLAIM_STATUSES = ("claimed", "corroborated", "disputed", "refuted")
CLAIM_TYPES = ("casualties", "equipment", "depth", "control", "attribution", "evacuation", "other")
# Units a claimed figure may count (data/SCHEMA.md).
FIGURE_UNITS = (
    "killed",
    "wounded",
    "injured",
    "prisoners",
    "troops",
    "battalions",
    "people",
    "children",
    "vehicles",
    "settlements",
    "strikes",
    "km",
    "mi",
    "percent",
)
FIGURE_QUALIFIERS = ("", "over", "about", "at least", "exactly", "range", "up to")

# Actors treated as the raiding side when deriving presence and axes of advance.
RAIDER_ACTORS = (
    "Freedom of Russia Legion",
    "Russian Volunteer Corps",
    "Polish Volunteer Corps",
)

# A full-column ACLED export of 500,000 rows (31 columns, notes of a few sentences) is about
# 230 MB (bench/bench_import.py writes one); the app refuses bigger uploads itself, and
# .streamlit/config.toml's maxUploadSize (in MB) says the same to the browser.
MAX_UPLOAD_BYTES = 320 * 1024 * 1024
MAX_ROWS = 500_000
MAX_JSON_DEPTH = 64

# The plausible window for an event's dates: from 1 January 2014 (the year the war began;
# ACLED's coverage of Russia and Ukraine starts later) to the end of the current year. A
# date outside it (year 1, 9999, a typo in the year) is rejected with its row and value, so
# nothing downstream ever spans centuries of days.
DATE_MIN = dt.date(2014, 1, 1)


def date_max() -> dt.date:
    return dt.date(dt.date.today().year, 12, 31)


# A count above this in one event's fatalities is no real figure (and would not fit the
# exports' integer columns); rejected at validation.
MAX_FATALITIES = 100_000
