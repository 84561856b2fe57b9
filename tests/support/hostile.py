"""A hostile event file (shared/HOSTILE_INPUTS.md, "Text that reaches HTML")."""

from __future__ import annotations

import json

PAYLOADS = {
    "img": '<img src=x onerror="window.__pwned=1;alert(1)">',
    "script": "</script><script>window.__pwned=2;alert(2)</script>",
    "template": "${window.__pwned=3}${alert(3)}",
    "backtick": "`+(window.__pwned=4)+`\\`",
    "trailing": "ends with a backslash \\",
    "bidi": "\u202eRTL override\u202c, zero\u200bwidth, עברית, 🙂",
}
MARKER = "HOSTILE-"


def hostile_geojson() -> bytes:
    feats = []
    coords = [
        (35.6026, 50.4613),
        (35.68087, 50.47893),
        (36.92537, 50.41342),
        (36.8298, 50.35123),
        (35.75, 50.5),
        (36.58091, 50.60343),
    ]
    for i, ((key, text), (lon, lat)) in enumerate(zip(PAYLOADS.items(), coords, strict=True)):
        feats.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {
                    "event_id": f"{MARKER}{i}-{text}",
                    "event_date": "2023-05-22",
                    "time_precision": 1,
                    "event_type": "Battles",
                    "sub_event_type": "Armed clash",
                    "actor1": f"Russian Volunteer Corps {text}",
                    "actor2": text,
                    "location": f"{MARKER}{key} {text}",
                    "geo_precision": 1,
                    "summary": f"{MARKER}{key}: {text}",
                    "source_ids": text,
                },
            }
        )
    return json.dumps({"type": "FeatureCollection", "features": feats}).encode()
