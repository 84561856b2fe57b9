"""Small import files for tests: the project's import CSV header, a valid row, and the
properties the CLI contract promises."""

from __future__ import annotations

HEADER = (
    "event_id,event_date,end_date,time_precision,event_type,sub_event_type,actor1,actor2,"
    "location,geo_precision,latitude,longitude,summary,source_ids"
)
GOOD_ROW = "T-1,2023-05-22,,1,Battles,Armed clash,Russian Volunteer Corps,,Kozinka,1,,,A clash.,S1"


# The properties the CLI contract (issue 4) promises on every exported feature.
CONTRACT_PROPERTIES = (
    "event_date",
    "location",
    "geo_precision",
    "time_precision",
    "depth_km",
    "source_ids",
    "claims",
)


def csv_bytes(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")
