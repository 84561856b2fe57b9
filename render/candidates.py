"""A read report in HTML and on the map: the text with its places and dates highlighted,
and the candidate layer (dashed orange rings, unlike the record's filled markers).

Every text from the report is escaped by :mod:`render.escape`; the highlighting only
inserts our own ``<mark>`` tags between escaped pieces."""

from __future__ import annotations

from render.escape import esc, json_for_script

CANDIDATE_COLOUR = "#e66101"
MAX_HIGHLIGHT_CHARS = 200_000  # beyond this the text is shown plain (a huge page is slow)


def highlight_html(text: str, mentions: list[dict], dates: list[dict]) -> str:
    """The text as HTML, places in ``<mark class="rm-place">`` and dates in ``<mark
    class="rm-date">`` (mentions and dates as in ``reader.output.to_json``)."""
    if len(text) > MAX_HIGHLIGHT_CHARS:
        return f'<div class="rm-read">{esc(text[:MAX_HIGHLIGHT_CHARS])}…</div>'
    spans = [(m["start"], m["end"], "rm-place", m["name"]) for m in mentions]
    spans += [(d["start"], d["end"], "rm-date", d["date"]) for d in dates]
    spans.sort()
    out, pos = [], 0
    for start, end, cls, title in spans:
        if start < pos:
            continue  # overlapping spans: the first wins
        out.append(esc(text[pos:start]))
        out.append(f'<mark class="{cls}" title="{esc(title)}">{esc(text[start:end])}</mark>')
        pos = end
    out.append(esc(text[pos:]))
    body = "".join(out).replace("\n", "<br>")
    style = (
        "<style>.rm-read mark.rm-place{background:#fdb863}"
        ".rm-read mark.rm-date{background:#b2abd2}</style>"
    )
    return f'{style}<div class="rm-read">{body}</div>'


def candidate_features(rows: list[dict]) -> dict:
    """GeoJSON of the confirmed candidates (rows: event_date, end_date, time_precision,
    place name, place_id, lat, lon, depth_km), each with an escaped tooltip."""
    feats = []
    for r in rows:
        when = r["event_date"] + (f" – {r['end_date']}" if r.get("end_date") else "")
        depth = "" if r.get("depth_km") is None else f", depth {r['depth_km']:+.1f} km"
        tip = f"<b>Candidate</b> (machine-read): {esc(r['location'])}, {esc(when)}{esc(depth)}"
        feats.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
                "properties": {"tip": tip, "place_id": r["place_id"]},
            }
        )
    return {"type": "FeatureCollection", "features": feats}


def overlay_js(fc: dict | None) -> str:
    """Script for the live map (after ``window.rmLive`` exists): replace the candidate layer
    with ``fc`` (none: remove it). Leaflet gets escaped HTML only."""
    data = json_for_script(fc or {"type": "FeatureCollection", "features": []})
    return (
        "(function (fc) {\n"
        "  var live = window.rmLive, m = live && live.map;\n"
        "  if (!m) { return; }\n"
        "  if (live.candidates) { m.removeLayer(live.candidates); live.candidates = null; }\n"
        "  document.body.setAttribute('data-rm-candidates', String(fc.features.length));\n"
        "  if (!fc.features.length) { return; }\n"
        "  live.candidates = L.geoJSON(fc, {\n"
        "    pointToLayer: function (f, ll) {\n"
        f"      return L.circleMarker(ll, {{radius: 9, color: '{CANDIDATE_COLOUR}', weight: 3,"
        " dashArray: '4 3', fill: false, className: 'rm-candidate'});\n"
        "    },\n"
        "    onEachFeature: function (f, layer) { layer.bindTooltip(f.properties.tip); }\n"
        "  }).addTo(m);\n"
        f"}})({data});\n"
    )
