"""Filters over the event GeoDataFrame: by date, actor, claimant, claim status, precision.

The date rule itself lives in :mod:`layers.dates`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import geopandas as gpd
import pandas as pd

from layers.dates import (  # noqa: F401 - MODES and event_end re-exported
    DEFAULT_WINDOW_DAYS,
    MODES,
    check_mode,
    event_end,
    events_on,
    still_open,
)


def by_date(
    gdf: gpd.GeoDataFrame,
    date: dt.date | str,
    mode: str = "upto",
    window_days: int = DEFAULT_WINDOW_DAYS,
) -> gpd.GeoDataFrame:
    """The events shown on ``date`` in ``mode`` (see :mod:`layers.dates`), with
    ``certain_by_date``: False for an event whose window is still open on the date (it may
    or may not have happened yet)."""
    mask = events_on(gdf, date, check_mode(mode), window_days)
    out = gdf.loc[mask].copy()
    out["certain_by_date"] = ~still_open(event_end(out), date)
    return out


def _contains_any(series: pd.Series, needles: Iterable[str]) -> pd.Series:
    needles = [n.casefold() for n in needles]
    return series.fillna("").map(lambda s: any(n in str(s).casefold() for n in needles))


def by_actor(gdf: gpd.GeoDataFrame, actors: Iterable[str]) -> gpd.GeoDataFrame:
    actors = list(actors)
    if not actors:
        return gdf
    mask = _contains_any(gdf["actor1"], actors) | _contains_any(gdf["actor2"], actors)
    return gdf.loc[mask]


def _claims_match(gdf: gpd.GeoDataFrame, key: str, wanted: Iterable[str]) -> gpd.GeoDataFrame:
    wanted = {w.casefold() for w in wanted}
    if not wanted:
        return gdf
    if "claims" not in gdf:
        return gdf.iloc[0:0]
    mask = gdf["claims"].map(
        lambda cs: any(str(c.get(key, "")).casefold() in wanted for c in (cs or []))
    )
    return gdf.loc[mask.astype(bool)]


def by_claimant(gdf: gpd.GeoDataFrame, claimants: Iterable[str]) -> gpd.GeoDataFrame:
    """Events carrying at least one claim by one of ``claimants``."""
    return _claims_match(gdf, "claimant", claimants)


def by_claim_status(gdf: gpd.GeoDataFrame, statuses: Iterable[str]) -> gpd.GeoDataFrame:
    """Events carrying at least one claim with one of ``statuses``."""
    return _claims_match(gdf, "status", statuses)


def by_precision(
    gdf: gpd.GeoDataFrame, geo: Iterable[int] | None = None, time: Iterable[int] | None = None
) -> gpd.GeoDataFrame:
    mask = pd.Series(True, index=gdf.index)
    if geo is not None:
        mask &= gdf["geo_precision"].isin(list(geo))
    if time is not None:
        mask &= gdf["time_precision"].isin(list(time))
    return gdf.loc[mask]


def actors_of(gdf: gpd.GeoDataFrame) -> list[str]:
    """Every single actor named (``;``-separated lists split), sorted."""
    names: set[str] = set()
    for col in ("actor1", "actor2"):
        for v in gdf[col].dropna():
            names.update(p.strip() for p in str(v).split(";") if p.strip())
    return sorted(names)


def claimants_of(gdf: gpd.GeoDataFrame) -> list[str]:
    if "claims" not in gdf:
        return []
    return sorted({c["claimant"] for cs in gdf["claims"] for c in (cs or [])})
