"""Popup, tooltip and timeline text for events: every data value goes through ``esc``."""

from __future__ import annotations

import math

import pandas as pd

from layers.areas import area_text  # noqa: F401 - re-exported (render.webmap uses it)
from layers.confidence import FAMILY_LABELS
from layers.schema import GEO_PRECISION, TIME_PRECISION
from layers.vocab import citation, is_raider
from render.escape import esc, esc_isolated, link

MAX_CLAIMS_SHOWN = 12


def _date(ts) -> str:
    return f"{ts.day} {ts.strftime('%B %Y')}"


def span_text(start, end) -> str:
    """A span of days as one writes it: "22–23 May 2023", "28 May – 2 June 2023",
    "30 December 2022 – 2 January 2023"."""
    if start.year != end.year:
        return f"{_date(start)} – {_date(end)}"
    if start.month != end.month:
        return f"{start.day} {start.strftime('%B')} – {_date(end)}"
    return f"{start.day}–{_date(end)}"


def when_text(row) -> str:
    """The date as precisely as it is known, and no more: a precision code of 2 or 3 (the
    day known only to the week or month, ``data/SCHEMA.md``) with an end date is the window
    the day lies in, said as such."""
    start, end, tp = row["event_date"], row.get("end_date"), int(row["time_precision"])
    has_end = end is not None and not pd.isna(end) and end != start
    same_month = has_end and (start.year, start.month) == (end.year, end.month)
    if tp == 3 and (not has_end or (same_month and start.day == 1 and end.is_month_end)):
        return f"{start.strftime('%B %Y')} (date known to the month)"
    if has_end:
        span = span_text(start, end)
        if tp == 1:
            return f"{span} (over several days)"
        return f"{span} (date known to within a {TIME_PRECISION[tp]})"
    if tp != 1:
        return f"{_date(start)} (date known to within a {TIME_PRECISION[tp]})"
    return _date(start)


def depth_text(row) -> str:
    d = row.get("depth_km")
    if d is None or (isinstance(d, float) and math.isnan(d)):
        if row.get("draw_as") == "area":
            return f"no single depth: {area_text(row)}"
        return "no depth"
    side = "inside Russia" if d > 0 else "inside Ukraine" if d < 0 else "on the border"
    unc = row.get("uncertainty_km")
    unc_s = f" ± {unc:.1f}" if unc is not None and not math.isnan(unc) else ""
    return f"{abs(d):.1f}{unc_s} km {side}"


def depth_alt_text(row) -> str:
    """The depth against the Natural Earth 1:10m line and how far it is from the OSM one
    ('' when the event has no depth)."""
    d, alt = row.get("depth_km"), row.get("depth_km_alt")
    if any(v is None or (isinstance(v, float) and math.isnan(v)) for v in (d, alt)):
        return ""
    return f"{alt:+.1f} km ({alt - d:+.1f} km against the OpenStreetMap line)"


def confidence_text(row) -> str:
    """The event's confidence grade and why (layers/confidence.py), or ''."""
    g = row.get("confidence")
    return f"{g} ({row.get('confidence_why')})" if g else ""


def families_text(row) -> str:
    """The claimant families of the event's claims, in words, or ''."""
    fams = [f for f in str(row.get("claim_families") or "").split("; ") if f]
    return "; ".join(FAMILY_LABELS.get(f, f) for f in fams)


def place_text(row) -> str:
    names = [row.get("place_name") or row.get("location") or ""]
    cyr = [n for n in (row.get("name_ru"), row.get("name_uk")) if n]
    cyr = list(dict.fromkeys(cyr))
    s = names[0] + (f" ({' / '.join(cyr)})" if cyr else "")
    loc = row.get("location") or ""
    if loc and loc != names[0]:
        s += f"; source writes “{loc}”"
    return s


# Plain-language headlines by ACLED sub-event type (then event type): {place} is the place,
# {who} the raiders or "Armed group". The ACLED type itself is shown under the headline.
_HEADLINES = {
    "Non-state actor overtakes territory": "{who} take {place}",
    "Armed clash": "Fighting at {place}",
    "Shelling/artillery/missile attack": "Shelling of {place}",
    "Air/drone strike": "Air or drone strike on {place}",
    "Remote explosive/landmine/IED": "Explosion at {place}",
    "Government regains territory": "Russian forces retake {place}",
    "Non-violent transfer of territory": "{place} changes hands",
    "Attack": "Attack at {place}",
    "Change to group/activity": "Shift in activity at {place}",
    "Other": "Report from {place}",
    "Strategic developments": "Report from {place}",
    "Battles": "Fighting at {place}",
    "Explosions/Remote violence": "Strike on {place}",
    "Violence against civilians": "Violence against civilians at {place}",
    "Protests": "Protest at {place}",
    "Riots": "Riot at {place}",
}


def headline(row) -> str:
    """A plain-language headline from the event's type and place ("Raiders take Kozinka",
    "Shelling of Shebekino"), as plain text (escape it for HTML). Types without a wording
    of their own: "<ACLED sub-event type>: <place>"."""
    place = str(row.get("place_name") or row.get("location") or "an unnamed place")
    sub, kind = row.get("sub_event_type"), row.get("event_type")
    who = "Raiders" if is_raider(row.get("actor1")) else "Armed group"
    pattern = _HEADLINES.get(sub) or _HEADLINES.get(kind)
    if pattern:
        return pattern.format(who=who, place=place)
    return f"{sub or kind or 'Event'}: {place}"


def tooltip_html(row) -> str:
    return (
        f"<b>{esc_isolated(row.get('place_name') or row.get('location'))}</b> · "
        f"{esc(when_text(row))}<br>{esc_isolated(row.get('sub_event_type') or row['event_type'])}"
    )


def _sources_html(ids, sources: dict[str, dict] | None) -> str:
    items = []
    for sid in ids or []:
        s = (sources or {}).get(sid)
        if s:
            items.append(f"<li>{link(s.get('url'), citation(s))}</li>")
        else:
            items.append(f"<li>{esc_isolated(sid)}</li>")
    return "<ul class='rm-src'>" + "".join(items) + "</ul>" if items else ""


def claims_html(claims, sources: dict[str, dict] | None = None) -> str:
    if not claims:
        return ""
    rows = []
    for c in list(claims)[:MAX_CLAIMS_SHOWN]:
        src = (sources or {}).get(c.get("source_id"), {}).get("publication", c.get("source_id", ""))
        rows.append(
            f"<tr><td>{esc_isolated(c.get('claimant'))}</td>"
            f"<td>{esc_isolated(c.get('claim_text'))}</td>"
            f"<td class='rm-status rm-{esc(c.get('status'))}'>{esc(c.get('status'))}</td>"
            f"<td>{esc_isolated(src)}</td></tr>"
        )
    more = len(claims) - MAX_CLAIMS_SHOWN
    extra = f"<p>… and {more} more claims</p>" if more > 0 else ""
    n = len(claims)
    # Folded: the reader sees how many claims there are and opens them (no script needed).
    return (
        f"<details class='rm-claims-fold'><summary>{n} claim{'s' if n != 1 else ''}: "
        "who says what</summary>"
        "<table class='rm-claims'><tr><th>who says</th><th>what</th><th>status</th>"
        "<th>reported by</th></tr>" + "".join(rows) + "</table>" + extra + "</details>"
    )


def _fact_row(label: str, text: str) -> str:
    """One row of the facts table, or nothing when ``text`` is empty."""
    return f"<tr><th>{esc(label)}</th><td>{esc(text)}</td></tr>" if text else ""


def popup_html(row, sources: dict[str, dict] | None = None) -> str:
    """The full popup of one event."""
    actors = esc_isolated(row.get("actor1"))
    if row.get("actor2"):
        actors += " vs " + esc_isolated(row.get("actor2"))
    gp = int(row["geo_precision"])
    return (
        "<div class='rm-popup'>"
        f"<h4>{esc_isolated(headline(row))}</h4>"
        f"<p class='rm-type'>{esc_isolated(row.get('sub_event_type') or row['event_type'])}</p>"
        f"<p>{esc_isolated(row.get('summary'))}</p>"
        "<table class='rm-facts'>"
        f"<tr><th>where</th><td>{esc_isolated(place_text(row))}"
        f" <small>({esc(GEO_PRECISION.get(gp, ''))})</small></td></tr>"
        f"<tr><th>when</th><td>{esc(when_text(row))}</td></tr>"
        f"<tr><th>actors</th><td>{actors}</td></tr>"
        f"<tr><th>depth</th><td>{esc(depth_text(row))}</td></tr>"
        f"{_fact_row('depth, Natural Earth line', depth_alt_text(row))}"
        f"{_fact_row('confidence', confidence_text(row))}"
        f"{_fact_row('who says', families_text(row))}"
        f"<tr><th>event</th><td>{esc_isolated(row.get('event_id'))}</td></tr>"
        "</table>"
        f"{claims_html(row.get('claims') or [], sources)}"
        "<div class='rm-sources'><b>Sources</b>"
        f"{_sources_html(row.get('source_ids'), sources)}</div>"
        "</div>"
    )


def sources_lookup(sources_df) -> dict[str, dict]:
    if sources_df is None or len(sources_df) == 0:
        return {}
    return {r["source_id"]: r for r in sources_df.to_dict("records")}


POPUP_CSS = """
.rm-popup{font:13px/1.35 system-ui,sans-serif;max-width:420px;
  max-height:min(360px,calc(100vh - 120px));overflow-y:auto;overscroll-behavior:contain}
.rm-popup-below .leaflet-popup-tip-container{display:none}
.rm-popup h4{margin:0 0 2px;font-size:15px}
.rm-popup .rm-type{margin:0 0 4px;color:#666;font-size:11px}
.rm-claims-fold summary{cursor:pointer;font-weight:600;margin:4px 0}
.rm-popup table{border-collapse:collapse;width:100%;margin:4px 0}
.rm-popup th{text-align:left;vertical-align:top;padding-right:6px;color:#555;font-weight:600}
.rm-popup td{vertical-align:top}
.rm-claims td,.rm-claims th{border-top:1px solid #ddd;padding:2px 4px;font-size:12px}
.rm-status{font-variant:small-caps}
.rm-disputed{color:#b26a00}.rm-refuted{color:#b71c1c}.rm-corroborated{color:#2e7d32}
.rm-src{margin:2px 0 0 16px;padding:0;font-size:12px}
.rm-label{background:none;border:none;box-shadow:none;padding:2px 3px;
  font:11px system-ui,sans-serif;color:#333;text-shadow:0 0 2px #fff,0 0 2px #fff}
.rm-label::before{display:none}
.rm-cluster{background:#fff;border:2px solid #222;border-radius:50%;box-shadow:0 1px 4px #0007;
  display:flex;align-items:center;justify-content:center;font:700 12px system-ui,sans-serif;
  color:#111;cursor:pointer}
.rm-spread .rm-cluster{opacity:.3!important;pointer-events:none}
.rm-country{font:700 13px/1 system-ui,sans-serif;letter-spacing:2px;color:#8a8a8a;
  white-space:nowrap;text-shadow:0 0 3px #fff,0 0 3px #fff;transform-origin:center}
.rm-country{width:auto!important;height:auto!important;translate:-50% -50%}
.rm-follow{font:600 12px system-ui,sans-serif;padding:5px 8px;border:2px solid #0003;
  border-radius:4px;background:#fff;cursor:pointer}
.rm-outside{font:12px/1.35 system-ui,sans-serif;background:#fffe;border:1px solid #0003;
  border-radius:4px;padding:4px 6px;max-width:min(300px,60vw);box-shadow:0 1px 4px #0003}
.rm-outside-show{font:600 12px system-ui,sans-serif;padding:1px 6px;margin-left:2px;
  border:1px solid #b2182b;border-radius:3px;background:#fff;color:#b2182b;cursor:pointer}
.leaflet-control-scale-line:nth-child(2){display:none}
.leaflet-pane > svg path.rm-area.leaflet-interactive{pointer-events:visibleStroke}
"""
