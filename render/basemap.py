"""The base map's data as escaped GeoJSON dicts, built once per process: land, border, depth
rings, settlements (by language) and the Belgorod-22 uncertainty area. No folium:
:func:`render.webmap.base_map` draws them."""

from __future__ import annotations

from functools import cache

import geopandas as gpd
import numpy as np
import shapely

from geo.border import fill_small_holes, load_border
from layers import claimlines, derived
from layers.settlements import labelled, settlements
from layers.vocab import local_name
from render import style
from render.escape import esc
from render.features import collection, feature, round_geom, zones_fc

# Display simplification of land polygons (metres, in the local projection). The border
# line itself is drawn unsimplified.
LAND_SIMPLIFY_M = 100.0


WEB_MIN_POPULATION = 2000


@cache
def land_geojson() -> dict:
    border = load_border()
    feats = []
    # The claim lines' AEQD transformers (made once: geopandas' to_crs made two per country)
    fwd, inv = claimlines._transformers()
    for code, poly in sorted(border.land.items()):
        g = shapely.transform(poly, lambda xy, t=fwd: np.column_stack(t.transform(*xy.T)))
        g = shapely.simplify(fill_small_holes(g), LAND_SIMPLIFY_M)
        g = round_geom(shapely.transform(g, lambda xy, t=inv: np.column_stack(t.transform(*xy.T))))
        feats.append(
            feature(
                g,
                {
                    "style": {
                        "color": style.LAND_COLOURS.get(code, "#eee"),
                        "weight": 0.5,
                        "fillColor": style.LAND_COLOURS.get(code, "#eee"),
                        "fillOpacity": 1.0,
                    },
                    "country": code,
                },
            )
        )
    return collection(feats)


@cache
def border_geojson() -> dict:
    line = round_geom(load_border().line, 5)  # ~1 m
    return collection(
        [
            feature(
                line,
                {
                    "style": {"color": style.BORDER_COLOUR, "weight": 3},
                    "tooltip": "Russia–Ukraine border (© OpenStreetMap contributors)",
                },
            )
        ]
    )


@cache
def rings_geojson() -> dict:
    rings = derived.depth_rings()
    feats = []
    for _, r in rings.iterrows():
        colour = style.CLAIMED_RING_COLOUR if r["claimed"] else style.RING_COLOUR
        feats.append(
            feature(
                # display only: ~20 m simplification keeps the map light
                round_geom(shapely.simplify(r.geometry, 0.0004)),
                {
                    "style": {"color": colour, "weight": 1.5, "dashArray": "6 6", "opacity": 0.8},
                    "tooltip": esc(f"{r['label']} from the border"),
                },
            )
        )
    return collection(feats)


def short_claimant(name: str) -> str:
    """A claimant's name short enough for a map label: without its parenthesis, and a long
    name by its initials ("Russian Volunteer Corps (commander Denis Nikitin)" -> "RVC",
    "Eurasia Daily Monitor" -> "EDM")."""
    base = str(name).split(" (", 1)[0].strip()
    words = base.split()
    if len(base) <= 14 or len(words) < 2:
        return base
    return "".join(w[0].upper() for w in words if w[:1].isalpha())


def short_claim_text(row) -> str:
    """A claim line's label on the web map: "RVC claim: 42 km" for the line, "RVC gap:
    34.5 km" for the gap; the full text (claimant, measurement, place) is the line's popup."""
    if row["kind"] == "claim":
        return f"{short_claimant(row['claimant'])} claim: {row['claimed_km']:g} km"
    return f"{short_claimant(row['claimant'])} gap: {row['gap_km']:.1f} km"


@cache
def claim_lines_geojson() -> dict:
    """Each depth claim's line at the claimed distance and the labelled gap to the deepest
    located event of its phase (layers/claimlines.py), drawn with the depth rings."""
    feats = []
    for _, r in claimlines.record_claim_lines().iterrows():
        claim = r["kind"] == "claim"
        feats.append(
            feature(
                round_geom(r.geometry),
                {
                    "style": {
                        "color": style.CLAIMED_RING_COLOUR,
                        "weight": 4 if claim else 2.5,
                        "dashArray": None if claim else "2 6",
                        "opacity": 0.9,
                    },
                    "label": esc(r["label"]),
                    "short": esc(short_claim_text(r)),
                    "popup": esc(r["label"]),
                },
            )
        )
    return collection(feats)


_SMALL_PLACE = {
    "radius": 2,
    "fill": True,
    "color": style.SETTLEMENT_COLOUR,
    "weight": 1,
    "fillColor": style.SETTLEMENT_COLOUR,
    "fillOpacity": 1.0,
}


_LABELLED_PLACE = {**_SMALL_PLACE, "radius": 3, "fillColor": "#ffffff"}


def place_label(place, lang: str = "en") -> str:
    """The place's name in ``lang`` (en, ru, uk), falling back to English."""
    return local_name(place, lang)


_LABEL_RANK = {"city": 0, "town": 1, "village": 2}


@cache
def settlements_geojson(lang: str = "en") -> dict:
    """The settlements of :func:`layers.settlements.settlements` (none of under 2,000 people
    from GeoNames: the web map shows the whole region at once)."""
    feats = [
        feature(
            shapely.Point(round(p.lon, 5), round(p.lat, 5)),
            {"label": esc(place_label(p, lang)), "labelled": labelled(p)},
        )
        # Labels are placed in this order where they meet (render/mapview.js): the record's
        # curated places first (cities, towns, villages, then the rest), then the larger towns.
        for p in sorted(
            settlements(min_population=WEB_MIN_POPULATION),
            key=lambda p: (
                p.origin != "curated",
                _LABEL_RANK.get(p.kind, len(_LABEL_RANK)),
                -(p.population or 0),
            ),
        )
    ]
    return collection(feats)


@cache
def uncertainty_geojson() -> dict:
    z = derived.zones(_no_events())
    return zones_fc(z.loc[z["kind"] == "uncertainty"])


def _no_events() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"claims": []}, geometry=[], crs="EPSG:4326")
