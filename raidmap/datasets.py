"""The app's data, cached per dataset (hashable keys only, never the folium map): the bundled
record or an upload, and what is computed once per dataset (derived layers, live-layer
features, analysis, filter choices, story steps)."""

from __future__ import annotations

import csv
import datetime as dt
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import geopandas as gpd
import pandas as pd
import streamlit as st

from geo.paths import data_file
from layers import analysis, derived, filters
from layers.combine import overlay_events
from layers.confidence import with_confidence
from layers.dayindex import DayIndex
from layers.events import day_span, load_events
from layers.penetration import penetration_bands
from layers.record import bundled_record
from render import bandlayer, liveagg, livemap, webmap
from render.popup import sources_lookup

SPAN_FALLBACK = (dt.date(2023, 3, 1), dt.date(2023, 6, 30))


@dataclass(frozen=True)
class Dataset:
    key: str  # "record" or the upload's sha256
    name: str
    events: gpd.GeoDataFrame
    claims: pd.DataFrame
    sources: pd.DataFrame
    report_lines: tuple[str, ...]
    ok: bool


@st.cache_resource(show_spinner=False)
def record_dataset() -> Dataset:
    rec = bundled_record()
    lines = tuple(line for r in rec.reports for line in r.lines())
    return Dataset("record", "bundled record", rec.events, rec.claims, rec.sources, lines, rec.ok)


UPLOADS_KEPT = 8


@st.cache_resource(show_spinner=False)
def _uploads() -> OrderedDict:
    """The server's loaded uploads, by content digest (newest last, at most UPLOADS_KEPT).
    Not an ``st.cache_*`` function itself: the load reports progress to the page, which a
    cached function would replay."""
    return OrderedDict()


def is_loaded(digest: str) -> bool:
    return digest in _uploads()


def upload_dataset(
    digest: str,
    name: str,
    data: bytes,
    progress: Callable[[int], None] | None = None,
    stage: Callable[[str], None] | None = None,
) -> Dataset:
    """An uploaded file, loaded once per content (the digest is the key); ``progress(rows)``
    is called while it is read, ``stage(text)`` at each step after (see
    :func:`layers.events.load_events`)."""
    kept = _uploads()
    if digest in kept:
        kept.move_to_end(digest)
        return kept[digest]
    gdf, rep = load_events(data, name=name, progress=progress, stage=stage)
    gdf = with_confidence(gdf.assign(claims=[[] for _ in range(len(gdf))]))
    empty_claims = pd.DataFrame(columns=["claim_id", "event_id", "claim_type", "figure"])
    ds = Dataset(digest, name, gdf, empty_claims, pd.DataFrame(), tuple(rep.lines()), rep.ok)
    kept[digest] = ds
    while len(kept) > UPLOADS_KEPT:
        kept.popitem(last=False)
    return ds


def overlay_dataset(record: Dataset, imported: Dataset) -> Dataset:
    """``imported`` laid over ``record`` (:func:`layers.combine.overlay_events`): one
    dataset, made once per import (kept beside the import itself)."""
    key = f"{record.key}+{imported.key}"
    kept = _uploads()
    if key in kept:
        kept.move_to_end(key)
        return kept[key]
    events, notes = overlay_events(record.events, imported.events, name=imported.name)
    ds = Dataset(
        key,
        f"{imported.name} over the {record.name}",
        events,
        record.claims,
        record.sources,
        (*notes, *imported.report_lines),
        imported.ok,
    )
    kept[key] = ds
    while len(kept) > UPLOADS_KEPT:
        kept.popitem(last=False)
    return ds


@st.cache_resource(show_spinner=False, max_entries=16)
def derived_layers(
    ds_key: str,  # noqa: ARG001 - the cache key: st.cache_resource hashes it, not _args
    _events: gpd.GeoDataFrame,
):
    """Presence per day, axes and zones for a dataset, computed once per dataset."""
    return (
        derived.presence_by_day(_events),
        derived.axes_of_advance(_events),
        derived.zones(_events),
    )


@st.cache_resource(show_spinner=False, max_entries=16)
def prepared_events(
    ds_key: str,  # noqa: ARG001 - the cache key: st.cache_resource hashes it, not _args
    _events: gpd.GeoDataFrame,
    _sources: pd.DataFrame,
):
    """Every event's popup, marker and halo, built once per dataset (not per slider move)."""
    return webmap.prepare_events(_events, sources_lookup(_sources))


@st.cache_resource(show_spinner=False, max_entries=16)
def live_data(
    ds_key: str,  # noqa: ARG001 - the cache key: st.cache_resource hashes it, not _args
    _ds: Dataset,
) -> livemap.LiveData:
    """Every feature of a dataset for the map's live layers, built once per dataset; a
    large dataset's is columns (render/liveagg.py)."""
    if liveagg.is_big(_ds.events):
        return livemap.big_live_data(_ds.events)
    presence, axes, zones = derived_layers(ds_key, _ds.events)
    prepared = prepared_events(ds_key, _ds.events, _ds.sources)
    return livemap.live_data(_ds.events, prepared, presence=presence, axes=axes, zones=zones)


def live_layers(ds: Dataset) -> tuple[livemap.LiveData, str]:
    """The dataset's live data and the URL it is served at (written again if removed)."""
    data = live_data(ds.key, ds)
    return data, livemap.ensure_published(data)


@dataclass(frozen=True)
class FilteredView:
    """A dataset's events passing the filters (any date), indexed by day, and their
    positions in the live document as ranges: made once per dataset and filter choice, so
    that a slider move touches only what it shows."""

    frame: gpd.GeoDataFrame
    days: DayIndex
    ranges: list

    @cached_property
    def event_days(self) -> tuple[dt.date, ...]:
        """The days on which a filtered event begins (the date bar's ticks and its previous
        and next targets): found once per view, not on every slider move (issue 16: 0.1-0.3 s
        a move at 500,000 rows)."""
        from raidmap.timebar import event_days

        return event_days(self.frame)


@st.cache_resource(show_spinner=False, max_entries=8)
def filtered_view(
    ds_key: str,
    filters_key: tuple,  # noqa: ARG001 - the cache key: st.cache_resource hashes it
    _ds: Dataset,
    _select: Callable[[gpd.GeoDataFrame], gpd.GeoDataFrame],
) -> FilteredView:
    """:class:`FilteredView` of ``_select(events)``; ``filters_key`` names the filters."""
    frame = _select(_ds.events)
    live = live_data(ds_key, _ds)
    return FilteredView(frame, DayIndex(frame), livemap.position_ranges(live, frame))


@st.cache_resource(show_spinner=False, max_entries=8)
def penetration_of(
    ds_key: str,  # noqa: ARG001 - the cache key: st.cache_resource hashes it, not _args
    filters_key: tuple,  # noqa: ARG001 - the cache key
    _events: gpd.GeoDataFrame,
) -> gpd.GeoDataFrame:
    """The penetration-over-time bands of the filtered events (every day), once per dataset
    and filter choice; a slider move only picks the days shown."""
    return penetration_bands(_events)


@st.cache_resource(show_spinner=False, max_entries=8)
def band_document_of(
    ds_key: str,
    filters_key: tuple,
    _events: gpd.GeoDataFrame,
) -> tuple[str, bytes]:
    """Every band of the filtered events as one document (render/bandlayer.py) and its file
    name, once per dataset and filter choice: a slider move sends only its URL and the date."""
    body = bandlayer.bands_document(penetration_of(ds_key, filters_key, _events))
    return bandlayer.bands_file_name(body), body


@st.cache_resource(show_spinner=False, max_entries=16)
def dataset_analysis(
    ds_key: str,  # noqa: ARG001 - the cache key: st.cache_resource hashes it, not _args
    _events: gpd.GeoDataFrame,
    _claims: pd.DataFrame,
):
    """The views that depend on the whole dataset, not on the slider: computed once."""
    return (analysis.deepest_per_day(_events), analysis.claimed_vs_measured(_events, _claims))


@st.cache_resource(show_spinner=False, max_entries=16)
def filter_choices(
    ds_key: str,  # noqa: ARG001 - the cache key: st.cache_resource hashes it, not _args
    _events: gpd.GeoDataFrame,
) -> tuple[list[str], list[str]]:
    """The actors and claimants a dataset names, for the filter lists (once per dataset)."""
    return filters.actors_of(_events), filters.claimants_of(_events)


@st.cache_resource(show_spinner=False, max_entries=16)
def _sources(ds_key: str, _sources: pd.DataFrame) -> dict:  # noqa: ARG001 - the cache key
    return sources_lookup(_sources)


def sources_of(ds: Dataset) -> dict:
    """The dataset's sources by id, for popups (once per dataset)."""
    return _sources(ds.key, ds.sources)


@st.cache_data(show_spinner=False)
def story_steps() -> list[dict]:
    with data_file("story.csv").open(encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def span_of(ds: Dataset) -> tuple[dt.date, dt.date]:
    """The dataset's days; a one-day dataset gets a second day so the slider can exist."""
    return _span(ds.key, ds.events)


@st.cache_resource(show_spinner=False, max_entries=16)
def _span(
    ds_key: str,  # noqa: ARG001 - the cache key: st.cache_resource hashes it, not _args
    _events: gpd.GeoDataFrame,
) -> tuple[dt.date, dt.date]:
    start, end = day_span(_events) or SPAN_FALLBACK
    return (start, end) if end > start else (start, start + dt.timedelta(days=1))
