"""One visual language for the web map, the HTML snapshot and the static images."""

from __future__ import annotations

from layers.vocab import is_raider

# Stroke colour: who acted (actor1).
SIDE_COLOURS = {
    "raiders": "#c62828",  # Freedom of Russia Legion, Russian Volunteer Corps
    "russia": "#1f4e9c",  # Russian state forces and officials
    "ukraine": "#d4a017",  # Ukrainian state forces and officials
    "other": "#555555",
}
SIDE_LABELS = {
    "raiders": "Legion / Volunteer Corps",
    "russia": "Russian state",
    "ukraine": "Ukrainian state",
    "other": "other / unknown",
}
# Fill colour: what happened (ACLED event type).
TYPE_COLOURS = {
    "Battles": "#e53935",
    "Explosions/Remote violence": "#fb8c00",
    "Violence against civilians": "#8e24aa",
    "Protests": "#43a047",
    "Riots": "#6d4c41",
    "Strategic developments": "#90a4ae",
}
LAND_COLOURS = {"RU": "#f3efe6", "UA": "#e8f0e4", "BY": "#eeeeee"}
SEA_COLOUR = "#dbe7f0"
BORDER_COLOUR = "#222222"
RING_COLOUR = "#7a5c99"
CLAIMED_RING_COLOUR = "#c2185b"
BAND_COLOUR = "#00838f"  # penetration over time: the deepest located raider event per day
PRESENCE_COLOUR = "#c62828"
AXIS_COLOUR = "#b71c1c"
ZONE_COLOURS = {"evacuation": "#ef6c00", "uncertainty": "#6a1b9a"}
SETTLEMENT_COLOUR = "#616161"


def side_of(actor1: str | None) -> str:
    a = actor1.lower() if isinstance(actor1, str) else ""
    if is_raider(a):
        return "raiders"
    if "russia" in a and (
        "military forces" in a
        or "government" in a
        or "police" in a
        or "border" in a
        or "ministry" in a
    ):
        return "russia"
    if "ukraine" in a and ("military forces" in a or "government" in a):
        return "ukraine"
    return "other"


def type_colour(event_type: str | None) -> str:
    return TYPE_COLOURS.get(event_type or "", "#9e9e9e")


def marker_radius_px(geo_precision: int) -> int:
    return {1: 8, 2: 7}.get(int(geo_precision), 6)
