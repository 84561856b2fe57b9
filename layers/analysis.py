"""Analyst views over the event GeoDataFrame: depth table, deepest point per day, and claimed
depths set against measured ones. Plain pandas in, plain pandas out."""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from layers.dates import event_end, events_on
from layers.topk import deepest_first
from layers.vocab import is_raider

# Not how deep the raids went (a billboard photo in Belgorod, an announcement).
NOT_PENETRATION = ("Strategic developments",)
KM_PER_UNIT = {"km": 1.0, "kilometres": 1.0, "kilometers": 1.0, "mi": 1.609344, "miles": 1.609344}

DEPTH_COLUMNS = [
    "event_id",
    "event_date",
    "end_date",
    "time_precision",
    "place_name",
    "location",
    "geo_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "depth_km",
    "uncertainty_km",
    "depth_km_alt",
    "confidence",
    "claim_families",
    "side",
    "border_lat",
    "border_lon",
    "latitude",
    "longitude",
]


def depth_table(events: gpd.GeoDataFrame, limit: int | None = None) -> pd.DataFrame:
    """One row per event with its measured depth, deepest first (region-level events last,
    with no depth); events of equal depth keep their order in ``events`` (a stable sort).
    ``limit``: only the ``limit`` deepest, chosen without sorting every row
    (:func:`layers.topk.deepest_first`)."""
    cols = [c for c in DEPTH_COLUMNS if c in events.columns]
    df = pd.DataFrame(deepest_first(events, limit)[cols]).copy()
    return df.reset_index(drop=True)


def _involves_raiders(events: gpd.GeoDataFrame) -> pd.Series:
    """Events with a raiding unit on either side: how deep the raids went is measured on
    these, not on drone drops or shelling whose authors nobody has established."""
    return events["actor1"].map(is_raider) | events["actor2"].map(is_raider)


def depth_table_view(events: gpd.GeoDataFrame, limit: int | None = None) -> pd.DataFrame:
    """:func:`depth_table` as a reader sees it: the depth with its uncertainty first, dates as
    plain dates (no time of day), and empty cells empty (never "None" or "NaN"); numbers stay
    numbers so that the table still sorts by them. ``limit``: only the deepest ``limit`` rows
    (chosen first: the cells of the rows left out are never formatted)."""
    df = depth_table(events, limit)
    first = [c for c in ("depth_km", "uncertainty_km", "depth_km_alt") if c in df]
    df = df[first + [c for c in df.columns if c not in first]]
    for c in ("event_date", "end_date"):
        if c in df:
            df[c] = df[c].map(lambda v: "" if pd.isna(v) else pd.Timestamp(v).date().isoformat())
    for c in df.columns:
        if df[c].dtype == object:
            df[c] = df[c].map(lambda v: "" if v is None or (isinstance(v, float) and v != v) else v)
    return df


def per_day_counts(events: gpd.GeoDataFrame) -> str:
    """Which events :func:`deepest_per_day` counts, in words."""
    kinds = sorted(set(events["event_type"].dropna()) - set(NOT_PENETRATION))
    return (
        "Counts located events involving the raiders, of these types: "
        + (", ".join(kinds) or "none")
        + f" (not {', '.join(NOT_PENETRATION)}), dated to the day; "
        "whiskers: ± the place's precision radius."
    )


def deepest_per_day(events: gpd.GeoDataFrame) -> pd.DataFrame:
    """For each day of the events' span: the deepest located event whose date (or window)
    includes that day. Only day-precise dates count as "on" a day; window events are listed
    separately in ``window_events``."""
    cols = ["date", "depth_km", "uncertainty_km", "event_id", "place_name", "window_events"]
    # Fighting, strikes and attacks only: a photo of a billboard in Belgorod is not how deep
    # the raids went.
    located = events.loc[
        events["depth_km"].notna()
        & ~events["event_type"].isin(NOT_PENETRATION)
        & _involves_raiders(events)
    ]
    if located.empty:
        return pd.DataFrame(columns=cols)
    days = pd.date_range(located["event_date"].min(), event_end(located).max(), freq="D")
    out = []
    for day in days:
        on = located.loc[events_on(located, day, "day")]
        sure = on.loc[on["time_precision"] == 1]
        maybe = on.loc[on["time_precision"] != 1]
        if sure.empty:
            continue
        best = sure.loc[sure["depth_km"].idxmax()]
        out.append(
            {
                "date": day,
                "depth_km": best["depth_km"],
                "uncertainty_km": best["uncertainty_km"],
                "event_id": best["event_id"],
                "place_name": best["place_name"],
                "window_events": "; ".join(maybe["event_id"]),
            }
        )
    return pd.DataFrame(out, columns=cols)


WINDOW_IDS_SHOWN = 3  # window events named per day on the page (the download has them all)


def per_day_view(
    per_day: pd.DataFrame, ids_shown: int = WINDOW_IDS_SHOWN, limit: int | None = None
) -> pd.DataFrame:
    """:func:`deepest_per_day` as the page shows it: dates as plain dates, and each day's
    window events as a count (``window_count``) and the first ``ids_shown`` ids
    (``window_events``, "… and N more"). The whole list grows with the dataset (an
    ACLED-scale import: thousands of ids a day, megabytes resent with every slider move);
    the page's table stays one short row per day.
    ``limit``: only the ``limit`` deepest days (the first of equal depths), in date order."""
    if limit is not None and len(per_day) > limit:
        deepest = per_day["depth_km"].astype(float).nlargest(limit, keep="first").index
        per_day = per_day.loc[per_day.index.isin(deepest)]
    ids = per_day["window_events"].map(lambda s: s.split("; ") if s else [])
    first = ids.map(
        lambda xs: (
            "; ".join(xs[:ids_shown])
            + (f" … and {len(xs) - ids_shown:,} more" if len(xs) > ids_shown else "")
        )
    )
    return per_day.assign(
        date=per_day["date"].dt.date.astype(str),
        window_count=ids.map(len).astype(int),
        window_events=first,
    )


def claimed_vs_measured(events: gpd.GeoDataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """Every claimed depth or distance from the border, in km, set against what is measured.

    A penetration-depth claim (``claim_type`` depth) is set against the deepest located event
    of the same raid (events starting within the claim's event window ± 3 days); any other
    claim with a distance figure against the depth of its own event's place."""
    cols = [
        "claim_id",
        "claimant",
        "claim_text",
        "claimed_km",
        "status",
        "event_id",
        "measured_deepest_km",
        "measured_uncertainty_km",
        "measured_at",
        "ratio",
    ]
    if claims.empty:
        return pd.DataFrame(columns=cols)
    depth_claims = claims.loc[
        (claims["claim_type"] == "depth") | claims["figure_unit"].isin(["km", "mi", "miles"])
    ]
    rows = []
    for c in depth_claims.to_dict("records"):
        if c.get("figure") is None or pd.isna(c.get("figure")):
            continue
        unit = str(c.get("figure_unit") or "").lower()
        if unit not in KM_PER_UNIT:
            continue
        claimed = float(c["figure"]) * KM_PER_UNIT[unit]
        ev = events.loc[events["event_id"] == c["event_id"]]
        deepest: dict[str, Any] = {
            "measured_deepest_km": np.nan,
            "measured_uncertainty_km": np.nan,
            "measured_at": "",
        }
        if not ev.empty and c["claim_type"] != "depth":
            # A distance claim about a place (e.g. "Belgorod is some 25 miles from the
            # border"): set against that place's own measured depth.
            e = ev.iloc[0]
            deepest = {
                "measured_deepest_km": e["depth_km"],
                "measured_uncertainty_km": e["uncertainty_km"],
                "measured_at": f"{e['place_name']} itself ({e['event_id']})",
            }
        elif not ev.empty:
            start = ev.iloc[0]["event_date"] - pd.Timedelta(days=3)
            end = event_end(ev).iloc[0] + pd.Timedelta(days=3)
            near = events.loc[
                (events["event_date"] >= start)
                & (events["event_date"] <= end)
                & events["depth_km"].notna()
                & (events["depth_km"] > 0)
                & (events["event_type"] != "Strategic developments")
                & _involves_raiders(events)
            ]
            if not near.empty:
                best = near.loc[near["depth_km"].idxmax()]
                deepest = {
                    "measured_deepest_km": best["depth_km"],
                    "measured_uncertainty_km": best["uncertainty_km"],
                    "measured_at": f"{best['place_name']} ({best['event_id']})",
                }
        ratio = (
            claimed / deepest["measured_deepest_km"]
            if deepest["measured_deepest_km"] and not np.isnan(deepest["measured_deepest_km"])
            else np.nan
        )
        rows.append(
            {
                "claim_id": c["claim_id"],
                "claimant": c["claimant"],
                "claim_text": c["claim_text"],
                "claimed_km": round(claimed, 2),
                "status": c["status"],
                "event_id": c["event_id"],
                **deepest,
                "ratio": ratio,
            }
        )
    return pd.DataFrame(rows, columns=cols)
