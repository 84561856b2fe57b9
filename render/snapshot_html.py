"""The standalone HTML snapshot: one file that opens and draws with no network at all.

Built with the same map builder as the app (:mod:`render.webmap`), with every event of the
record on the map and a small client-side time slider that shows and hides them by date
(no re-download, no server). Leaflet's JS and CSS are inlined; the basemap is the bundled
vector one; tiles are an optional extra. Element ids are sequential, so the same inputs give
byte-identical output.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import folium
import geopandas as gpd
import pandas as pd
from branca.element import MacroElement
from jinja2 import Template

from layers import derived
from layers.dates import DEFAULT_WINDOW_DAYS, MODES
from layers.events import day_span
from layers.penetration import penetration_bands
from layers.vocab import citation
from render import webmap
from render.assets import (
    date_rule_js,
    gesture_css,
    gesture_js,
    leaflet_css_inline,
    leaflet_js,
    markercluster_css,
    markercluster_js,
)
from render.escape import esc, esc_isolated, json_for_script, link
from render.fastrender import render_figure
from render.gestures import GestureHandling
from render.legend import legend_html
from render.livemap import shared_js
from render.popup import sources_lookup

DEFAULT_TITLE = "Cross-border raids into Russia's Belgorod region, 2023"
ATTRIBUTION = (
    "Border and land © OpenStreetMap contributors (ODbL) · Places: GeoNames "
    "(CC BY 4.0) · Leaflet · raidmap"
)


class InlineMap(webmap.RaidMap):
    """Leaflet is inlined after rendering; no <script src> at all."""

    default_js: list = []
    default_css: list = []


class TimeSlider(MacroElement):
    """Client-side date slider over the dynamic layers (events, halos, presence, axes,
    zones). Each feature carries ``event_date``/``end_date`` (or ``date`` for presence)."""

    _template = Template("""
{% macro html(this, kwargs) %}
<div id="rm-panel" class="rm-panel">
  <div class="rm-title">{{ this.title_html }}</div>
  <div class="rm-date" id="rm-date" aria-live="polite"></div>
  <label for="rm-slider" class="rm-visually-hidden">Date</label>
  <input id="rm-slider" type="range" min="0" max="{{ this.n_days - 1 }}"
         value="{{ this.start_index }}" step="1" aria-label="Date">
  <div class="rm-controls">
    <button type="button" id="rm-play" aria-label="Play">&#9654; Play</button>
    <label><input type="radio" name="rm-mode" value="upto" {{ 'checked' if this.mode == 'upto' }}>
      <span class="rm-long">up to this date</span><span class="rm-short">up to</span></label>
    <label><input type="radio" name="rm-mode" value="day" {{ 'checked' if this.mode == 'day' }}>
      <span class="rm-long">this day only</span><span class="rm-short">this day</span></label>
    <label><input type="radio" name="rm-mode" value="window"
      {{ 'checked' if this.mode == 'window' }}>
      <span class="rm-long">the {{ this.window_days }} days to this date</span><span
      class="rm-short">{{ this.window_days }} days</span></label>
  </div>
  <div class="rm-count" id="rm-count"></div>
</div>
<details id="rm-legend" class="rm-box rm-legend-box" open><summary>Legend</summary>
{{ this.legend }}</details>
<details class="rm-box rm-sources-box"><summary>Sources</summary>{{ this.sources_html }}
  <p class="rm-attr">{{ this.attribution }}</p></details>
{% endmacro %}
{% macro script(this, kwargs) %}
{{ this.date_rule_js }}
(function () {
  var map = {{ this._parent.get_name() }};
  var days = {{ this.days_json }};
  var layers = {
    {%- for kind, layer in this.layer_names %}
    {{ kind|tojson }}: {{ layer.get_name() }},
    {%- endfor %}
  };
  var store = {};
  Object.keys(layers).forEach(function (k) { store[k] = layers[k].getLayers(); });
  // Co-located events: one marker per spot with its count, spread by a click, as in the app
  // (render/eventgroups.js); labels never overlap (render/labels.js).
  // Popups never move the map (as in the app: the groups a reader is clicking through stay
  // where they were). A popup is bound to a layer's group or to its features.
  Object.keys(store).forEach(function (k) {
    [layers[k]].concat(store[k]).forEach(function (l) {
      var p = l.getPopup && l.getPopup();
      if (p) { p.options.autoPan = false; }
    });
  });
  if (layers.events) {
    var grouped = rmEventsGroup(map);
    layers.events.clearLayers();
    layers.events.addLayer(grouped);
    layers.events = grouped;
  }
  // The view follows the story as the app's does (render/mapview.js, shared): on open and on
  // each date the map fits the events shown, unless the reader moved it or the view was
  // chosen (--view, --bounds); far-off events are named in a note with "Show all".
  var feats = (store.events || []).map(function (sub) { return sub.feature; });
  var live = {groups: {events: layers.events, areas: layers.areas, axes: layers.axes},
              data: {events: feats},
              shown: {events: new Uint8Array(feats.length)}};
  var small = window.matchMedia('(max-width: {{ this.fold_px }}px)').matches;
  var SPREAD_PX = 24;  // room for a group spread near an edge (its events fan out ~50 px)
  // The pixels the panel, the folded boxes at the bottom and (on a wide screen) the open
  // legend cover, for the fit's margins.
  function margins() {
    var box = map.getContainer().getBoundingClientRect(), r = function (el) {
      return el.getBoundingClientRect();
    };
    var legend = document.getElementById('rm-legend'), open = legend.open && !small;
    var low = document.querySelector('.rm-sources-box');
    var bottom = Math.max(0, box.bottom - Math.min(r(low).top, open ? box.bottom : r(legend).top));
    return {top: Math.max(0, r(document.getElementById('rm-panel')).bottom - box.top) + SPREAD_PX,
            right: Math.max(0, open ? box.right - r(legend).left : 0) + SPREAD_PX,
            bottom: bottom, left: SPREAD_PX};
  }
  // The far-off note (top right) goes left of the legend where the legend sits in that
  // corner (a wide screen, open or folded), and under the panel where the room left beside
  // the panel is too narrow for it (a phone).
  function placeNote() {
    var corner = map.getContainer().querySelector('.leaflet-top.leaflet-right');
    var box = map.getContainer().getBoundingClientRect();
    var panel = document.getElementById('rm-panel').getBoundingClientRect();
    var lg = document.getElementById('rm-legend').getBoundingClientRect();
    if (corner) {
      var inCorner = lg.height > 0 && lg.top - box.top < 60 && box.right - lg.right < 60;
      corner.style.right = inCorner ? (box.right - lg.left + 4) + 'px' : '';
      var room = (inCorner ? lg.left : box.right) - panel.right;
      corner.style.top = room < 320 ? (panel.bottom - box.top + 4) + 'px' : '';
    }
  }
  var view = rmMapView(map, live, {margins: function () { placeNote(); return margins(); }});
  window.addEventListener('resize', placeNote);
  document.getElementById('rm-legend').addEventListener('toggle', placeNote);
  var placeLabels = view.placeLabels, follow = {{ this.follow_json }};
  window.rmSnapshot = {layers: layers, map: map, view: view};  // for tests and curious readers
  var slider = document.getElementById('rm-slider');
  var label = document.getElementById('rm-date');
  var count = document.getElementById('rm-count');
  var months = ['January','February','March','April','May','June','July','August',
                'September','October','November','December'];
  function human(iso) {
    var p = iso.split('-');
    return parseInt(p[2], 10) + ' ' + months[parseInt(p[1], 10) - 1] + ' ' + p[0];
  }
  function mode() { return document.querySelector('input[name=rm-mode]:checked').value; }
  var windowDays = {{ this.window_days }};
  // The date rule is render/daterule.js's (the app's, and layers/dates.py's).
  function visible(props, d, m, kind) {
    if (kind === 'presence') { return props.date === d; }
    if (props.ranges) {  // one area per place: shown while any of its events is
      return props.ranges.some(function (r) {
        return rmDateRule.activeOn(r[0], r[1], d, m, windowDays);
      });
    }
    if (!props.event_date) { return true; }
    return rmDateRule.activeOn(props.event_date, props.end_date, d, m, windowDays);
  }
  function restyle(sub, props, d) {
    if (!sub.setStyle || !props.style) { return; }
    var open = rmDateRule.stillOpen(props.event_date || d, props.end_date, d);
    var s = Object.assign({}, props.style);
    if (open && s.radius) { s.fillOpacity = 0.15; s.dashArray = '3 3'; }
    sub.setStyle(s);
  }
  function update() {
    var d = days[parseInt(slider.value, 10)], m = mode(), shown = 0;
    Object.keys(layers).forEach(function (k) {
      var group = layers[k], adds = [], drops = [];
      store[k].forEach(function (sub, idx) {
        var props = (sub.feature && sub.feature.properties) || {};
        var on = visible(props, d, m, k);
        if (on && !group.hasLayer(sub)) { adds.push(sub); }
        if (!on && group.hasLayer(sub)) { drops.push(sub); }
        if (on) { restyle(sub, props, d); if (k === 'events') { shown += 1; } }
        if (k === 'events') { live.shown.events[idx] = on ? 1 : 0; }
      });
      // in bulk (a group of events then regroups once); nothing to do: left alone
      if (drops.length) {
        if (group.removeLayers) { group.removeLayers(drops); }
        else { drops.forEach(group.removeLayer, group); }
      }
      if (adds.length) {
        if (group.addLayers) { group.addLayers(adds); }
        else { adds.forEach(group.addLayer, group); }
      }
    });
    view.afterApply({day: d, show: {events: Array.prototype.join.call(live.shown.events, '')},
                     layers: [], follow: follow});
    follow = undefined;  // the first picture says whether the view was chosen
    var lead = {upto: 'as of ', day: 'on ', window: 'in the ' + windowDays + ' days to '};
    label.textContent = lead[m] + human(d);
    count.textContent = shown + ' located event(s) shown';
    document.body.setAttribute('data-rm-date', d);
    document.body.setAttribute('data-rm-shown', String(shown));
  }
  slider.addEventListener('input', update);
  document.querySelectorAll('input[name=rm-mode]').forEach(function (r) {
    r.addEventListener('change', update);
  });
  var timer = null, play = document.getElementById('rm-play');
  play.addEventListener('click', function () {
    if (timer) { clearInterval(timer); timer = null; play.innerHTML = '&#9654; Play'; return; }
    play.innerHTML = '&#10074;&#10074; Pause';
    timer = setInterval(function () {
      slider.value = (parseInt(slider.value, 10) + 1) % days.length; update();
    }, 900);
  });
  // Small screens: the legend starts folded (it would cover the map); the view leaves room
  // for the panel and, on wide screens, the legend beside the events.
  if (small) { document.getElementById('rm-legend').open = false; }
  var fit = {{ this.fit_json }};
  if (fit) {
    // not animated: a zoom animation ending later would undo the view's own fit
    map.fitBounds(fit, Object.assign({animate: false}, small
      ? {paddingTopLeft: [0, 140], paddingBottomRight: [0, 40]}
      : {paddingTopLeft: [40, 150], paddingBottomRight: [360, 40]}));
  }
  ['rm-panel'].forEach(function (id) {
    var el = document.getElementById(id);
    L.DomEvent.disableClickPropagation(el); L.DomEvent.disableScrollPropagation(el);
  });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution({{ this.attribution_js }});
  update();
})();
{% endmacro %}
""")

    def __init__(
        self,
        *,
        days: list[str],
        start_index: int,
        mode: str,
        window_days: int = DEFAULT_WINDOW_DAYS,
        layer_names,
        title: str,
        legend: str,
        sources_html: str,
        fit=None,
        follow: bool = True,
        note: str | None = None,
    ):
        super().__init__()
        self._name = "TimeSlider"
        self.days_json = json_for_script(days)
        self.n_days = len(days)
        self.start_index = start_index
        self.mode = mode
        self.window_days = int(window_days)
        self.date_rule_js = date_rule_js()
        self.layer_names = layer_names
        self.title_html = esc_isolated(title) + showing_html(note)
        self.legend = legend
        self.sources_html = sources_html
        self.fold_px = LEGEND_FOLD_PX
        self.fit_json = json_for_script(fit)
        self.follow_json = json_for_script(follow)
        self.attribution = esc(ATTRIBUTION)
        self.attribution_js = json_for_script(esc(ATTRIBUTION))


LEGEND_FOLD_PX = 700  # narrower windows open the snapshot with its legend folded


def showing_html(note: str | None) -> str:
    """The filters the events went through, in words (:func:`layers.selection.showing`), as
    a line under the title: always in sight, whether the legend is open or folded."""
    if not note:
        return ""
    return (
        "<div class='rm-showing' style='font-weight:600;font-size:12px;color:#8a1c00;"
        f"margin-top:2px'>{esc_isolated(note)}</div>"
    )


SNAPSHOT_CSS = """
html,body{margin:0;height:100%}
.rm-panel{position:absolute;top:10px;left:54px;z-index:1000;background:#fffffff0;
  padding:8px 12px;border-radius:6px;box-shadow:0 1px 5px #0005;font:13px system-ui,sans-serif;
  max-width:min(520px,calc(100% - 120px))}
.rm-title{font-weight:700;font-size:15px}.rm-date{font-size:14px;margin:2px 0}
#rm-slider{width:100%}.rm-controls{display:flex;gap:10px;align-items:center;flex-wrap:wrap}
.rm-count{color:#555;font-size:12px}
.rm-box{position:absolute;z-index:1000;background:#fffffff0;padding:6px 10px;border-radius:6px;
  box-shadow:0 1px 5px #0005;font:12px system-ui,sans-serif;max-width:340px;max-height:45%;
  overflow:auto}
/* the legend opens top right, over Russia's interior: the events are fitted left of it and
   the border villages east of Shebekino (bottom right) stay in sight */
.rm-legend-box{top:10px;right:10px}.rm-sources-box{bottom:28px;left:10px;max-width:420px}
.rm-sources-box li{margin-bottom:3px}.rm-attr{color:#555}
.rm-visually-hidden{position:absolute;left:-9999px}
.rm-short{display:none}
.leaflet-bottom.leaflet-left{bottom:40px}
@media (max-width:640px){
  /* a phone: the credit wraps to three lines; the boxes and the scale bar sit above it */
  .leaflet-control-attribution{font-size:10px;line-height:1.3}
  .rm-legend-box,.rm-sources-box{bottom:52px}.rm-legend-box{top:auto}
  .leaflet-bottom.leaflet-left{bottom:84px}
  /* Play and the three modes on one line (the modes' texts shortened) */
  .rm-controls{gap:4px 8px;flex-wrap:nowrap;font-size:12px}
  .rm-controls label{white-space:nowrap}.rm-controls input{margin:0 2px 0 0}
  .rm-long{display:none}.rm-short{display:inline}
}
"""


def _sources_list(events: gpd.GeoDataFrame, sources: pd.DataFrame | None) -> str:
    cited = sorted({s for ids in events.get("source_ids", []) for s in (ids or [])})
    lookup = sources_lookup(sources)
    items = []
    for sid in cited:
        s = lookup.get(sid)
        if s is None:
            items.append(f"<li>{esc_isolated(sid)}</li>")
            continue
        items.append(f"<li>{link(s.get('url'), citation(s))}</li>")
    return "<ol>" + "".join(items) + "</ol>" if items else "<p>No sources cited.</p>"


def snapshot_map(
    events: gpd.GeoDataFrame,
    *,
    date: dt.date | str,
    mode: str = "upto",
    window_days: int = DEFAULT_WINDOW_DAYS,
    layers: Iterable[str] | None = None,
    title: str | None = None,
    sources: pd.DataFrame | None = None,
    tiles: bool = False,
    view: webmap.View | None = None,
    bounds: tuple[float, float, float, float] | None = None,
    lang: str = "en",
    families: Iterable[str] = (),
    showing: str | None = None,
) -> folium.Map:
    """The snapshot's map. Its view: ``view`` (centre and zoom, e.g. the app's), else
    ``bounds`` (south, west, north, east in degrees), else the located events.
    ``families``: the claimant families ``events`` were filtered to, said in the legend;
    ``showing``: every filter they went through, in words, under the title."""
    layers = set(layers or webmap.ALL_LAYERS)
    if mode not in MODES:
        mode = "upto"
    span = day_span(events) or (pd.Timestamp(date).date(), pd.Timestamp(date).date())
    days = [d.date().isoformat() for d in pd.date_range(span[0], span[1], freq="D")]
    date_iso = pd.Timestamp(date).date().isoformat()
    start_index = (
        days.index(date_iso) if date_iso in days else (0 if date_iso < days[0] else len(days) - 1)
    )

    m = webmap.base_map(
        view or webmap.DEFAULT_VIEW,
        tiles=tiles,
        layers=[x for x in layers if x in webmap.STATIC_LAYERS],
        map_class=InlineMap,
        lang=lang,
    )
    all_events = events.assign(certain_by_date=True)
    groups = webmap.dynamic_layers(
        all_events,
        presence=derived.presence_by_day(events),
        axes=derived.axes_of_advance(events),
        zones=derived.zones(events),
        sources=sources_lookup(sources),
        layers=[x for x in layers if x in webmap.DYNAMIC_LAYERS],
        areas_per_event=True,
    )
    if "rings" in layers:  # with the depth rings and the claim lines: depth against time
        groups.insert(0, webmap.band_group(penetration_bands(events)))
    kinds = {
        webmap.BAND_LAYER: "bands",
        "Events": "events",
        "Precision": "halos",
        "Areas": "areas",
        "Reported presence": "presence",
        "Axes of advance": "axes",
        "Evacuation zones": "zones",
    }
    layer_names = []
    for g in groups:
        g.add_to(m)
        for child in g._children.values():
            if isinstance(child, folium.GeoJson) and g.layer_name in kinds:
                layer_names.append((kinds[g.layer_name], child))
    if tiles:
        folium.LayerControl(collapsed=True).add_to(m)
    m.get_root().header.add_child(folium.Element(f"<style>{SNAPSHOT_CSS}</style>"))
    GestureHandling(inline=True).add_to(m)  # the plugin itself is inlined in <head>
    m.add_child(
        TimeSlider(
            days=days,
            start_index=start_index,
            mode=mode,
            window_days=window_days,
            layer_names=layer_names,
            title=title or DEFAULT_TITLE,
            legend=legend_html(events, families=tuple(families)),
            sources_html=_sources_list(events, sources),
            fit=_fit(events, view, bounds),
            follow=view is None and bounds is None,  # else a view chosen: kept
            note=showing,
        )
    )
    return webmap.stable_ids(m)


def _fit(events: gpd.GeoDataFrame, view, bounds) -> list | None:
    """The [[south, west], [north, east]] the map is fitted to in the browser, if any."""
    if view is not None:
        return None
    if bounds is not None:
        s, w, n, e = (float(v) for v in bounds)
        if not (s < n and w < e):
            raise ValueError(f"bounds must be south < north and west < east, got {bounds!r}")
        return [[s, w], [n, e]]
    pts = events.loc[events["draw_as"] == "point"] if not events.empty else events
    if pts.empty:
        return None
    b = pts.total_bounds  # lon/lat
    return [[b[1] - 0.03, b[0] - 0.05], [b[3] + 0.03, b[2] + 0.05]]


def snapshot_html(events: gpd.GeoDataFrame, **kwargs) -> str:
    """The snapshot as one self-contained HTML string (see :func:`snapshot_map`)."""
    html = render_figure(snapshot_map(events, **kwargs))
    # Leaflet.markercluster and the app's own view, grouping and label scripts (shared, not
    # copied: render/mapview.js with render/eventgroups.js and render/labels.js)
    head_assets = (
        f"<style>{leaflet_css_inline()}</style>\n<script>{leaflet_js()}</script>\n"
        f"<style>{gesture_css()}</style>\n<script>{gesture_js()}</script>\n"
        f"<style>{markercluster_css()}</style>\n<script>{markercluster_js()}</script>\n"
        f"<script>{shared_js('mapview.js')}</script>\n"
    )
    # Leaflet must be defined before the map script; put it first in <head>.
    html = html.replace("<head>", "<head>\n" + head_assets, 1)
    return html
