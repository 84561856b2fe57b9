"""The app's filters as one function (actor, claimant, claimant family, claim status,
location precision), shared by the app (:func:`raidmap.panels.filtered_events`) and
``raidmap snapshot``; and what a choice keeps, said in words for an image, so that a
filtered slide is not read as the whole record. No streamlit, folium or matplotlib."""

from __future__ import annotations

from collections.abc import Iterable

import geopandas as gpd

from layers import confidence, filters

ALL_GEO_PRECISIONS = (1, 2, 3)
GEO_PRECISION_WORDS = {1: "named place", 2: "near a place", 3: "region only"}  # the app's


def select(
    events: gpd.GeoDataFrame,
    *,
    actors: Iterable[str] = (),
    claimants: Iterable[str] = (),
    families: Iterable[str] = (),
    statuses: Iterable[str] = (),
    geo_precision: Iterable[int] | None = None,
) -> gpd.GeoDataFrame:
    """The events passing every filter given (an empty choice keeps every event): an actor
    of ``actors`` (either side), a claim by one of ``claimants``, a claim by a claimant of
    one of ``families`` (:func:`layers.confidence.by_family`), a claim with one of
    ``statuses``, a location precision in ``geo_precision``."""
    out = filters.by_actor(events, actors)
    out = filters.by_claimant(out, claimants)
    out = confidence.by_family(out, families)
    out = filters.by_claim_status(out, statuses)
    return filters.by_precision(out, geo=None if geo_precision is None else list(geo_precision))


def _either(names: Iterable[str]) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def showing(
    *,
    actors: Iterable[str] = (),
    claimants: Iterable[str] = (),
    families: Iterable[str] = (),
    statuses: Iterable[str] = (),
    geo_precision: Iterable[int] | None = None,
) -> str | None:
    """What :func:`select` keeps, in one sentence ("Showing only events with a claim by the
    Russian state (claimant family)"), or None when it keeps everything."""
    parts = []
    fams = [confidence.FAMILY_LABELS.get(f, f) for f in families]
    if fams:
        parts.append(f"with a claim by {_either(fams)} (claimant family)")
    if list(claimants):
        parts.append(f"with a claim by {_either(claimants)}")
    if list(statuses):
        parts.append(f"with a {_either(statuses)} claim")
    if list(actors):
        parts.append(f"involving {_either(actors)}")
    if geo_precision is not None:
        kept = [p for p in ALL_GEO_PRECISIONS if p in set(geo_precision)]
        if kept != list(ALL_GEO_PRECISIONS):
            words = [GEO_PRECISION_WORDS[p] for p in kept]
            parts.append(f"located: {_either(words)}" if words else "located: none chosen")
    if not parts:
        return None
    return "Showing only events " + "; ".join(parts)
