"""Chart specifications (Vega-Lite, plain dicts) for the analyst views. No streamlit here: the
app hands the spec to ``st.vega_lite_chart``."""

from __future__ import annotations

import pandas as pd


def deepest_per_day_spec(per_day: pd.DataFrame) -> dict:
    """One bar per day on a date axis (the deepest located event that day) with whiskers of
    ± its uncertainty; the tooltip names the event and place."""
    rows = [
        {
            "date": pd.Timestamp(r["date"]).date().isoformat(),
            "depth_km": round(float(r["depth_km"]), 2),
            "low": round(float(r["depth_km"] - (r["uncertainty_km"] or 0)), 2),
            "high": round(float(r["depth_km"] + (r["uncertainty_km"] or 0)), 2),
            "place": str(r["place_name"] or ""),
            "event": str(r["event_id"]),
        }
        for _, r in per_day.iterrows()
    ]
    x = {"field": "date", "type": "temporal", "title": "date", "timeUnit": "yearmonthdate"}
    return {
        "data": {"values": rows},
        "height": 220,
        "layer": [
            {
                "mark": {"type": "bar", "color": "#b71c1c", "width": {"band": 0.8}},
                "encoding": {
                    "x": x,
                    "y": {"field": "depth_km", "type": "quantitative", "title": "km inside Russia"},
                    "tooltip": [
                        {"field": "date", "type": "temporal"},
                        {"field": "depth_km", "type": "quantitative", "title": "depth (km)"},
                        {"field": "low", "type": "quantitative"},
                        {"field": "high", "type": "quantitative"},
                        {"field": "place"},
                        {"field": "event"},
                    ],
                },
            },
            {
                "mark": {"type": "rule", "color": "#222"},
                "encoding": {
                    "x": x,
                    "y": {"field": "low", "type": "quantitative"},
                    "y2": {"field": "high"},
                },
            },
        ],
    }
