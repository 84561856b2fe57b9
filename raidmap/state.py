"""The view state and its URL form, so a link reopens the exact view.

Query parameters (all optional): ``date`` (YYYY-MM-DD), ``mode`` (upto|day|window),
``window`` (days), ``layers`` (comma list), ``actor``/``claimant``/``status`` (repeatable or
comma lists), ``gp`` (geo precisions, e.g. ``1,2``), ``lat``/``lon``/``zoom`` (the view),
``tiles`` (1), ``lang`` (en|ru|uk), ``data`` (``record``: uploads are not in URLs).
Anything malformed is ignored and reported, never trusted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from geo import settings
from geo.settings import REGION_BOUNDS, ZOOM_RANGE
from layers.confidence import FAMILY_LABELS
from layers.vocab import ALL_LAYERS, LANGS, MODES

DEFAULT_LAYERS = ALL_LAYERS


@dataclass(frozen=True)
class ViewState:
    date: dt.date
    mode: str = "upto"
    window: int = 7
    layers: tuple[str, ...] = DEFAULT_LAYERS
    actors: tuple[str, ...] = ()
    claimants: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    families: tuple[str, ...] = ()  # claimant families (layers/confidence.py)
    geo_precision: tuple[int, ...] = (1, 2, 3)
    lat: float = settings.DEFAULT_LAT
    lon: float = settings.DEFAULT_LON
    zoom: int = settings.DEFAULT_ZOOM
    tiles: bool = False
    lang: str = "en"
    # The map fits the events shown (render/mapview.js) and lat/lon/zoom are not the reader's:
    # a link without a view, until the reader moves the map. The link then leaves them out.
    follow: bool = False
    warnings: tuple[str, ...] = field(default=(), compare=False)

    def with_(self, **kw) -> ViewState:
        return replace(self, **kw)


def _one(params: Mapping, key: str) -> str | None:
    v = params.get(key)
    if isinstance(v, list | tuple):
        v = v[-1] if v else None
    return None if v is None else str(v)


def _many(params: Mapping, key: str) -> list[str]:
    v = params.get(key)
    vals = v if isinstance(v, list | tuple) else [v] if v is not None else []
    out: list[str] = []
    for item in vals:
        out.extend(p.strip() for p in str(item).split(",") if p.strip())
    return out


def _enum(params: Mapping, key: str, allowed, kw: dict, warnings: list[str]) -> None:
    """Take ``key`` into ``kw`` if its value is one of ``allowed``, else warn."""
    value = _one(params, key)
    if value:
        if value in allowed:
            kw[key] = value
        else:
            warnings.append(f"ignored {key} {value!r}")


def _numbers(params: Mapping, kw: dict, warnings: list[str]) -> None:
    """The window, zoom and view centre, each taken only inside its range."""
    for key, lo, hi, cast in (
        ("window", 1, 60, int),
        ("zoom", *ZOOM_RANGE, int),
        ("lat", REGION_BOUNDS[1], REGION_BOUNDS[3], float),
        ("lon", REGION_BOUNDS[0], REGION_BOUNDS[2], float),
    ):
        v = _one(params, key)
        if v is None:
            continue
        try:
            x = cast(v)
            if not lo <= x <= hi:
                raise ValueError
            kw[key] = x
        except ValueError:
            warnings.append(f"ignored {key}={v!r}")


def _geo_precision(params: Mapping, kw: dict, warnings: list[str]) -> None:
    gp = _many(params, "gp")
    if gp == ["none"]:
        kw["geo_precision"] = ()
    elif gp:
        ok = tuple(sorted({int(x) for x in gp if x in ("1", "2", "3")}))
        if len(ok) != len(set(gp)):
            warnings.append(f"ignored geo precision(s) in {','.join(gp)!r}")
        if ok:
            kw["geo_precision"] = ok


def from_query(
    params: Mapping, *, span: tuple[dt.date, dt.date], default_date: dt.date
) -> ViewState:
    """A ViewState from URL query parameters; bad values fall back to defaults with a warning."""
    warnings: list[str] = []
    kw: dict = {}
    raw = _one(params, "date")
    date = default_date
    if raw:
        try:
            date = dt.date.fromisoformat(raw)
            if not span[0] <= date <= span[1]:
                warnings.append(f"date {raw} is outside the record ({span[0]}–{span[1]})")
                date = min(max(date, span[0]), span[1])
        except ValueError:
            warnings.append(f"ignored date {raw!r}: not YYYY-MM-DD")
    kw["date"] = date
    _enum(params, "mode", MODES, kw, warnings)
    _numbers(params, kw, warnings)
    kw["follow"] = not any(k in kw for k in ("lat", "lon", "zoom"))
    if "layers" in params:
        layers = [x for x in _many(params, "layers") if x != "none"]
        bad = [x for x in layers if x not in ALL_LAYERS]
        if bad:
            warnings.append(f"ignored unknown layer(s): {', '.join(bad)}")
        kw["layers"] = tuple(x for x in ALL_LAYERS if x in layers)
    for key, attr in (("actor", "actors"), ("claimant", "claimants"), ("status", "statuses")):
        vals = tuple(v[:200] for v in _many(params, key))
        if vals:
            kw[attr] = vals
    fams = _many(params, "family")
    bad = [f for f in fams if f not in FAMILY_LABELS]
    if bad:
        warnings.append(f"ignored unknown claimant family(ies): {', '.join(map(repr, bad))}")
    if known := tuple(f for f in FAMILY_LABELS if f in fams):
        kw["families"] = known
    _geo_precision(params, kw, warnings)
    kw["tiles"] = _one(params, "tiles") == "1"
    _enum(params, "lang", LANGS, kw, warnings)
    return ViewState(**kw, warnings=tuple(warnings))


def keep_known_filters(
    state: ViewState,
    *,
    actors: Sequence[str],
    claimants: Sequence[str],
    statuses: Sequence[str],
) -> ViewState:
    """``state`` with only the filter values the data offers, spelled as the data spells them
    (a link's ``actor=civilians (russia)`` becomes ``Civilians (Russia)``); each value
    dropped is named in ``warnings``. The filter lists can show only these values, so a
    link's other values would filter the first page and then silently stop filtering."""
    kw: dict[str, Any] = {}
    warnings = list(state.warnings)
    for attr, key, options in (
        ("actors", "actor", actors),
        ("claimants", "claimant", claimants),
        ("statuses", "status", statuses),
    ):
        by_fold = {o.casefold(): o for o in options}
        known = [by_fold[v.casefold()] for v in getattr(state, attr) if v.casefold() in by_fold]
        unknown = [v for v in getattr(state, attr) if v.casefold() not in by_fold]
        kw[attr] = tuple(dict.fromkeys(known))
        if unknown:
            warnings.append(f"{key}(s) not in the data: {', '.join(map(repr, unknown))}")
    return replace(state, **kw, warnings=tuple(warnings))


def to_query(state: ViewState) -> dict[str, str | list[str]]:
    """The URL query parameters that reproduce ``state`` (defaults left out)."""
    q: dict[str, str | list[str]] = {"date": state.date.isoformat(), "mode": state.mode}
    if state.mode == "window":
        q["window"] = str(state.window)
    if tuple(state.layers) != DEFAULT_LAYERS:
        q["layers"] = ",".join(state.layers) or "none"
    if state.actors:
        q["actor"] = list(state.actors)
    if state.claimants:
        q["claimant"] = list(state.claimants)
    if state.statuses:
        q["status"] = list(state.statuses)
    if state.families:
        q["family"] = list(state.families)
    if tuple(state.geo_precision) != (1, 2, 3):
        q["gp"] = ",".join(map(str, state.geo_precision)) or "none"
    if not state.follow:  # a view the reader chose (or the link gave)
        q["lat"], q["lon"], q["zoom"] = f"{state.lat:.4f}", f"{state.lon:.4f}", str(state.zoom)
    if state.tiles:
        q["tiles"] = "1"
    if state.lang != "en":
        q["lang"] = state.lang
    return q
