"""An import laid over the record: the record's events and the imported ones on one map.

An imported event whose id the record already uses is kept under ``import:<id>`` (never
dropped, never mistaken for the record's), and the notes say which ones. The imported
events carry no claims (an ACLED export has none), so every claim stays the record's.
No folium or streamlit.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

RENAMED_PREFIX = "import:"
NOTES_NAMED = 20  # renamed ids listed one by one; more are counted


def overlay_events(
    record: gpd.GeoDataFrame, imported: gpd.GeoDataFrame, *, name: str
) -> tuple[gpd.GeoDataFrame, list[str]]:
    """The record's events and ``imported``'s, in the record's order of events (date, id),
    and notes for the report: how many of each, and the imported ids renamed."""
    ids = imported["event_id"].astype(str)
    clash = ids.isin(set(record["event_id"].astype(str)))
    imported = imported.assign(event_id=ids.where(~clash, RENAMED_PREFIX + ids))
    both = pd.concat([record, imported], ignore_index=True)
    both = both.sort_values(["event_date", "event_id"], kind="stable").reset_index(drop=True)
    combined = gpd.GeoDataFrame(both, geometry="geometry", crs=record.crs)
    notes = [
        f"{name} laid over the bundled record: {len(record):,} events of the record and "
        f"{len(imported):,} imported, {len(combined):,} on the map."
    ]
    if clash.any():
        renamed = ids[clash].tolist()
        listed = ", ".join(renamed[:NOTES_NAMED]) + (
            f" and {len(renamed) - NOTES_NAMED:,} more" if len(renamed) > NOTES_NAMED else ""
        )
        notes.append(
            f"{name}: {len(renamed):,} imported event id(s) also in the record kept as "
            f"'{RENAMED_PREFIX}<id>': {listed}."
        )
    return combined, notes
