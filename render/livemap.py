"""The app's date-dependent layers, sent to the browser once per dataset.

The app's map is the base map of :func:`render.webmap.base_map` plus :class:`LiveLayers`, a
script (``render/live.js``) that keeps the dataset's features in the map iframe. The features
are the same ones the snapshot draws (:func:`render.features.prepare_events`, ``presence_fc``,
``axes_fc``, ``zones_fc``, ``area_feature``): one builder, two ways of delivering it.

* :func:`live_data`: every feature of a dataset as one JSON document, with the index of each
  event's features; built once per dataset, served as a static file (:func:`publish`).
* :func:`show_spec` / :func:`show_js`: what a slider move sends: which features to show, as
  index ranges per kind (for "everything up to this date" on a date-ordered dataset, one
  range), plus the measuring line. A few hundred bytes, whatever the dataset's size.

Coordinates in the JSON are GeoJSON (lon, lat); live.js hands them to Leaflet as (lat, lon).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from branca.element import MacroElement
from jinja2 import Template

from geo.paths import REPO_ROOT
from layers.vocab import DYNAMIC_LAYERS
from render import features, liveagg, livepoints, staticfiles
from render.assets import date_rule_js
from render.escape import json_for_script, script_safe_json

KINDS = ("zones", "presence", "halos", "areas", "axes", "events")
# Above this many event markers, markers and halos are drawn on a canvas (thousands of SVG
# paths make every redraw slow); below it, SVG (crisp, and each marker is a DOM element).
CANVAS_ABOVE = 2000
LIVE_DIR = REPO_ROOT / "static" / "live"
LIVE_URL = "/app/static/live/"
KEEP_FILES = 24


MAP_ARG = "{{ this._parent.get_name() }}"  # live.js's map, in folium's template


@cache
def live_frame_js() -> str:
    """The live layers' definitions, the same for every map: render/daterule.js (the date
    rule), render/liveagg.js (a large dataset's cells), render/eventgroups.js (co-located
    events) and render/labels.js (labels without overlaps), both shared with the HTML
    snapshot, render/mapview.js (following the story), render/live.js (which uses them) as
    ``window.rmLiveOn(map)``, and the bands' ``window.rmBands``
    (:data:`render.bandlayer.BANDS_FN`). The app's map frame loads them as a static file
    (:func:`live_frame_name`): the frame's own script goes with every rerun (~70 KB of it
    was these definitions), and a move's band script no longer carries ``rmBands``."""
    from render.bandlayer import BANDS_FN

    live = shared_js("live.js")
    assert live.count(MAP_ARG) == 1, "live.js: one map argument"
    return (
        date_rule_js()
        + "".join(shared_js(name) for name in ("liveagg.js", "mapview.js"))
        + "window.rmLiveOn = function (rmMap) {\n"
        + live.replace(MAP_ARG, "rmMap")
        + "};\n"
        + BANDS_FN
    )


@cache
def live_frame_name() -> str:
    """:func:`live_frame_js`'s file name: its content's digest (a changed script, a new URL)."""
    return "live-" + hashlib.sha256(live_frame_js().encode()).hexdigest()[:20] + ".js"


@cache
def shared_js(name: str) -> str:
    """One of render/'s scripts; eventgroups.js, labels.js and popupfit.js (popups kept
    inside the map) come with mapview.js (the HTML snapshot takes those alone)."""
    here = Path(__file__).parent
    text = (here / name).read_text(encoding="utf-8")
    if name == "mapview.js":
        text = "".join(shared_js(n) for n in ("eventgroups.js", "labels.js", "popupfit.js")) + text
    return text


class LiveLayers(MacroElement):
    """Defines ``window.rmLive`` in the map's page (see render/live.js). ``inline``: with
    the definitions (:func:`live_frame_js`) in the map's script; otherwise the page loads
    them before the map's script (the app's frame: raidmap/mapframe.py) and the map's script
    only starts them on its map."""

    def __init__(self, inline: bool = True):
        super().__init__()
        self._name = "LiveLayers"
        defs = live_frame_js() + "\n" if inline else ""
        self._template = Template(
            "{% macro script(this, kwargs) %}\n"
            + defs
            + f"window.rmLiveOn({MAP_ARG});\n"
            + "{% endmacro %}"
        )


@dataclass(frozen=True)
class LiveData:
    """A dataset's features for the live layers, and where each event's features are."""

    body: bytes  # the JSON document live.js loads
    digest: str  # content hash: the file name, so a changed dataset is a new URL
    ev: dict  # event_id -> position in the document's ``ev`` list (every event, date order)
    index: dict  # kind -> {key: [positions]}; key is the event_id, or the day for presence
    item_group: tuple  # area item position -> its area (place) position
    n: dict  # kind -> number of features
    big: bool = False  # the columnar document of a large dataset (render/liveagg.py)
    # A large dataset's frame row label -> document position (-1: none), and the event ids
    # in document order: a move's lookup of its shown rows is then an array take, checked
    # against the ids (:func:`shown_positions`), not a hash lookup of every shown id.
    by_label: np.ndarray | None = field(default=None, compare=False, repr=False)
    ids: np.ndarray | None = field(default=None, compare=False, repr=False)

    @cached_property
    def positions(self) -> pd.Series:
        """``ev`` as a Series (made once: a lookup of a few ids then costs a few ids)."""
        return pd.Series(self.ev, dtype=np.int64)

    @cached_property
    def lookup(self) -> dict:
        """kind -> :class:`Flat` positions by event_id (``index``, flattened once)."""
        return {k: _flat(v) for k, v in self.index.items()}


def _iso(v) -> str | None:
    return None if v is None or pd.isna(v) else pd.Timestamp(v).date().isoformat()


def _tagged(feature: dict, e: int) -> dict:
    return {**feature, "properties": {**feature["properties"], "e": e}}


@dataclass
class _Document:
    """The live document being built: features per kind, and where each key's are."""

    feats: dict = field(default_factory=lambda: {k: [] for k in (*KINDS, "area_items")})
    index: dict = field(default_factory=lambda: {k: {} for k in (*KINDS, "area_items")})
    ev: dict = field(default_factory=dict)  # event id -> position in ev_dates
    ev_dates: list = field(default_factory=list)
    item_group: list = field(default_factory=list)
    area_pos: dict = field(default_factory=dict)

    def put(self, kind: str, key: str | None, feature: dict) -> int:
        self.index[kind].setdefault(key, []).append(len(self.feats[kind]))
        self.feats[kind].append(feature)
        return len(self.feats[kind]) - 1

    def put_for_event(self, kind: str, eid: str, feature: dict) -> None:
        """A feature of a known event, tagged with its position (others are dropped)."""
        if eid in self.ev:
            self.put(kind, eid, _tagged(feature, self.ev[eid]))

    def add_events(self, events: gpd.GeoDataFrame, prepared: features.PreparedEvents) -> None:
        # Date order: "everything up to a date" is then one index range.
        order = events.sort_values(["event_date", "event_id"], kind="stable")
        for eid, start, end in zip(
            order["event_id"], order["event_date"], order["end_date"], strict=True
        ):
            self.ev[eid] = len(self.ev_dates)
            self.ev_dates.append([_iso(start), _iso(end)])
            if eid in prepared.points:
                self.put_for_event("events", eid, prepared.points[eid])
            if eid in prepared.halos:
                self.put_for_event("halos", eid, prepared.halos[eid])
            if eid in prepared.areas:
                self.add_area_item(eid, prepared)

    def add_area_item(self, eid: str, prepared: features.PreparedEvents) -> None:
        key, row, popup = prepared.areas[eid]
        if key not in self.area_pos:
            shape = prepared.area_shapes[key]
            props = {"style": features.AREA_STYLE, **features.area_text_parts(row)}
            self.area_pos[key] = self.put("areas", key, features.feature(shape, props))
        g = self.area_pos[key]
        item = {"e": self.ev[eid], "g": g, "html": features.area_item(row, popup)}
        self.put("area_items", eid, item)
        self.item_group.append(g)


def live_data(
    events: gpd.GeoDataFrame,
    prepared: features.PreparedEvents,
    *,
    presence: gpd.GeoDataFrame,
    axes: gpd.GeoDataFrame,
    zones: gpd.GeoDataFrame,
) -> LiveData:
    """The document: ``ev`` lists every event's [start, end] dates (ISO, date order); each
    feature of ``events``, ``halos``, ``axes``, ``zones`` and each ``area_items`` entry
    carries ``e``, its event's position in ``ev``. ``areas`` holds one outline per place
    known only as a region; its popup lists the ``area_items`` shown (``g`` is the area)."""
    d = _Document()
    if not events.empty:
        d.add_events(events, prepared)
    if not presence.empty:
        for day, f in zip(
            presence["date"], features.presence_fc(presence)["features"], strict=True
        ):
            d.put("presence", _iso(day), f)
    if not axes.empty:
        for eid, f in zip(axes["event_id"], features.axes_fc(axes)["features"], strict=True):
            d.put_for_event("axes", eid, f)
    evac = zones.loc[zones["kind"] == "evacuation"] if not zones.empty else zones
    if not evac.empty:
        for eid, f in zip(evac["event_id"], features.zones_fc(evac)["features"], strict=True):
            d.put_for_event("zones", eid, f)
    feats, index, ev, ev_dates, item_group = d.feats, d.index, d.ev, d.ev_dates, d.item_group
    doc = {"ev": ev_dates, **feats, "canvas_above": CANVAS_ABOVE}
    body = json.dumps(doc, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()
    digest = hashlib.sha256(body).hexdigest()[:20]
    return LiveData(
        body,
        digest,
        ev,
        index,
        tuple(item_group),
        {k: len(v) for k, v in feats.items()},
    )


def big_live_data(events: gpd.GeoDataFrame) -> LiveData:
    """A large dataset's document: columns, no per-event features (render/liveagg.py)."""
    body, ev = liveagg.columns_document(events)
    by_label, ids = _label_positions(events, ev)
    return LiveData(
        body,
        liveagg.digest(body),
        ev,
        {},
        (),
        {"events": len(ev)},
        big=True,
        by_label=by_label,
        ids=ids,
    )


def _label_positions(events: gpd.GeoDataFrame, ev: dict):
    """(row label -> position, ids in position order), or (None, None) when the frame's
    labels are not small non-negative integers (a lookup by id is used then)."""
    idx = events.index
    if not len(idx) or not pd.api.types.is_integer_dtype(idx) or not idx.is_unique:
        return None, None
    labels = idx.to_numpy()
    if labels.min() < 0 or labels.max() >= 4 * len(labels):
        return None, None
    pos = events["event_id"].map(ev).to_numpy(dtype=np.int64)
    by_label = np.full(int(labels.max()) + 1, -1, dtype=np.int64)
    by_label[labels] = pos
    ids = np.empty(len(pos), dtype=object)
    ids[pos] = events["event_id"].to_numpy()
    return by_label, ids


def shown_positions(data: LiveData, shown: gpd.GeoDataFrame) -> np.ndarray:
    """The document positions of ``shown``'s events, in ``shown``'s order. Its rows keep the
    labels of the dataset's frame (filters and the day index select, never relabel): the
    positions are taken by label, then every one checked against its event id (a frame
    relabelled on the way falls back to the lookup by id). Costs an array take and a
    comparison per shown event, whatever the dataset's size."""
    if data.by_label is not None and len(shown):
        labels = shown.index.to_numpy()
        if labels.dtype.kind in "iu" and labels.min() >= 0 and labels.max() < len(data.by_label):
            pos = data.by_label[labels]
            if (pos >= 0).all() and (data.ids[pos] == shown["event_id"].to_numpy()).all():
                return pos
    return data.positions.reindex(shown["event_id"]).to_numpy()


def publish(data: LiveData, directory: Path = LIVE_DIR) -> str:
    """Write the dataset's JSON where the app serves static files (once per content) and
    return its URL. Old files beyond the newest ``KEEP_FILES`` are removed."""
    return LIVE_URL + write_static(directory, f"{data.digest}.json", data.body).name


def write_static(directory: Path, name: str, body: bytes, keep: int | None = None) -> Path:
    """:func:`render.staticfiles.write_static`, keeping this module's ``KEEP_FILES`` newest
    files unless ``keep`` says otherwise."""
    return staticfiles.write_static(directory, name, body, KEEP_FILES if keep is None else keep)


def ensure_static(directory: Path, name: str, body: bytes) -> Path:
    """:func:`write_static`, but only if the file is not there: one ``stat`` per call, for
    the paths that run with every rerun (a file removed meanwhile is written again)."""
    path = directory / name
    return path if path.exists() else write_static(directory, name, body)


def ensure_published(data: LiveData, directory: Path = LIVE_DIR) -> str:
    """The document's URL, writing it only if it is not there (this runs on every slider
    move)."""
    return LIVE_URL + ensure_static(directory, f"{data.digest}.json", data.body).name


def ranges(positions: Iterable[int]) -> list[list[int]]:
    """Sorted, merged inclusive ranges: [0, 1, 2, 5] -> [[0, 2], [5, 5]]."""
    a = np.sort(np.fromiter(positions, dtype=np.int64))  # sorted, then deduplicated: faster
    if a.size == 0:  # than np.unique's hashing on the 150,000 positions of a large "up to"
        return []
    a = a[np.concatenate(([True], a[1:] != a[:-1]))]
    breaks = np.flatnonzero(np.diff(a) != 1)
    starts = np.concatenate((a[:1], a[breaks + 1]))
    ends = np.concatenate((a[breaks], a[-1:]))
    return [[int(x), int(y)] for x, y in zip(starts, ends, strict=True)]


@dataclass(frozen=True)
class Flat:
    """``{key: [positions]}`` flattened once: the unique keys (a pandas Index, whose hash
    table is built on its first lookup and kept), and their positions one after another
    (``pos[starts[i]:starts[i + 1]]`` are ``keys[i]``'s)."""

    keys: pd.Index
    starts: np.ndarray
    pos: np.ndarray


def _flat(index: dict) -> Flat:
    lengths = np.fromiter((len(ps) for ps in index.values()), dtype=np.int64, count=len(index))
    starts = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
    pos = np.fromiter((p for ps in index.values() for p in ps), dtype=np.int64, count=starts[-1])
    return Flat(pd.Index(list(index), dtype=object), starts, pos)


def _positions(flat: Flat, ids: pd.Series) -> np.ndarray:
    """The positions of the features of the events ``ids``: a hash lookup per id, so the
    cost follows ``ids``, not the dataset (issue 16: ``isin`` over every feature's key)."""
    if not len(flat.pos) or ids.empty:
        return np.empty(0, dtype=np.int64)
    at = flat.keys.get_indexer(pd.unique(ids.to_numpy()))
    at = at[at >= 0]
    lo, hi = flat.starts[at], flat.starts[at + 1]
    n = hi - lo
    if not n.sum():
        return np.empty(0, dtype=np.int64)
    # every position from lo to hi of each key, in one gather
    offsets = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
    return flat.pos[np.repeat(lo, n) + offsets]


def show_spec(
    data: LiveData,
    url: str,
    shown: gpd.GeoDataFrame,
    *,
    day,
    layers: Iterable[str],
    click: dict | None = None,
    state: str = "",
    filtered: gpd.GeoDataFrame | None = None,
    mode: str = "upto",
    window: int = 7,
    slider: str | None = None,
    filtered_ranges: list | None = None,
    sources: dict | None = None,
) -> dict:
    """What the map shows now: ``shown`` (the events passing the filters and the date), the
    presence footprint of ``day``, the layers switched on, and the measuring line.

    ``rule`` lets the map follow the page's date ``slider`` (its label) by itself while the
    server works: the events passing the other filters (``filtered``), the mode and the
    window; render/live.js applies the date rule (render/daterule.js, the browser's copy of
    :mod:`layers.dates`) to them. What the
    server sends next replaces the guess (tests/test_browser_live.py checks they agree).
    ``filtered_ranges``: ``filtered``'s positions as ranges, when the caller has them cached.
    A large dataset (``data.big``) gets :func:`big_show_spec`."""
    if data.big:
        return big_show_spec(
            data,
            url,
            shown,
            day=day,
            layers=layers,
            click=click,
            state=state,
            mode=mode,
            window=window,
            slider=slider,
            filtered_ranges=filtered_ranges,
            sources=sources,
        )
    ids = shown["event_id"] if not shown.empty else pd.Series([], dtype=object)
    pos: dict[str, Iterable[int]] = {}
    for kind in ("zones", "halos", "axes", "events", "area_items"):
        pos[kind] = _positions(data.lookup[kind], ids)
    pos["areas"] = [data.item_group[i] for i in pos["area_items"]]
    pos["presence"] = list(data.index["presence"].get(pd.Timestamp(day).date().isoformat(), ()))
    open_ids = []
    if not shown.empty and "certain_by_date" in shown:
        open_ids = list(shown.loc[~shown["certain_by_date"].astype(bool), "event_id"])
    spec = {
        "url": url,
        "show": {k: ranges(v) for k, v in pos.items()},
        "open": ranges(_positions(data.lookup["events"], pd.Series(open_ids, dtype=object))),
        "layers": [x for x in layers if x in DYNAMIC_LAYERS],
        "measure": features.measure_fc(click)["features"],
        "state": state,
    }
    if filtered is not None:
        spec["rule"] = {
            "date": pd.Timestamp(day).date().isoformat(),
            "mode": mode,
            "window": int(window),
            "filtered": filtered_ranges
            if filtered_ranges is not None
            else position_ranges(data, filtered),
            "slider": slider,
        }
    return spec


def position_ranges(data: LiveData, frame: gpd.GeoDataFrame) -> list[list[int]]:
    """The document positions of ``frame``'s events, as ranges."""
    return ranges(frame["event_id"].map(data.ev).dropna().astype(np.int64))


def big_show_spec(
    data: LiveData,
    url: str,
    shown: gpd.GeoDataFrame,
    *,
    day,
    layers: Iterable[str],
    click: dict | None,
    state: str,
    mode: str,
    window: int,
    slider: str | None,
    filtered_ranges: list | None,
    sources: dict | None,
) -> dict:
    """:func:`show_spec` for a large dataset: which events are shown (ranges), and their
    features when few enough are shown to draw as points. Its cost follows ``shown``."""
    pos = pd.Series(shown_positions(data, shown), index=shown.index, dtype=np.int64)
    certain = shown["certain_by_date"].astype(bool) if "certain_by_date" in shown else True
    spec = {
        "url": url,
        "big": True,
        "show": {"events": ranges(pos)},
        "open": ranges(pos[~certain]) if not shown.empty and "certain_by_date" in shown else [],
        "points": livepoints.shown_points(data, shown, pos.to_numpy(), sources),
        "layers": [x for x in layers if x in DYNAMIC_LAYERS],
        "measure": features.measure_fc(click)["features"],
        "state": state,
    }
    if filtered_ranges is not None:
        spec["rule"] = {
            "date": pd.Timestamp(day).date().isoformat(),
            "mode": mode,
            "window": int(window),
            "filtered": filtered_ranges,
            "slider": slider,
        }
    return spec


INLINE_MAX_BYTES = 512 * 1024


def show_js(spec: dict, inline: LiveData | None = None) -> str:
    """The script streamlit-folium's front end evaluates on every change of the spec.
    ``inline``: the dataset's document itself, for a map that has not loaded it yet (it then
    draws without fetching the file; small documents only)."""
    if inline is not None and len(inline.body) <= INLINE_MAX_BYTES:
        doc = script_safe_json(inline.body.decode("utf-8"))
        return f"window.rmLive.show({json_for_script(spec)}, {doc});\n"
    return f"window.rmLive.show({json_for_script(spec)});\n"


def focus_spec(data: LiveData, focus: dict | None) -> dict | None:
    """Where the map finds the event a reader picked in the timeline (``focus``: its ``id``
    and the pick's token ``n``): its marker (``events``, a position in the document's
    events) or, for a region-level event, its area (``areas``, the area's position). None
    when there is nothing to show, or for a large dataset's columns (no per-event layers)."""
    if not focus or data.big:
        return None
    eid, n = focus.get("id"), int(focus.get("n", 0))
    at = data.index["events"].get(eid)
    if at:
        return {"n": n, "kind": "events", "i": int(at[0])}
    items = data.index["area_items"].get(eid)
    if items:
        return {"n": n, "kind": "areas", "i": int(data.item_group[items[0]])}
    return None
