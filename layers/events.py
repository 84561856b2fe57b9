"""Events: loading a file's rows (validated by :mod:`layers.validate`, or column by column
by :mod:`layers.fastload` for large clean CSV files) and building the event GeoDataFrame.

The GeoDataFrame is EPSG:4326, one row per event, with the signed depth from the border
(``depth_km``), its uncertainty (``uncertainty_km``, the precision radius) and the nearest
border point (``border_lat``, ``border_lon``). Region-level events (``geo_precision`` 3) get
no depth and are marked ``draw_as='area'``: they are never drawn as a pin.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.gazetteer import Gazetteer, default_gazetteer
from geo.measure import DepthModel, alt_depth_km, default_depth_model
from layers import fastload, readers
from layers.columns import Columns
from layers.report import LoadReport
from layers.schema import EVENT_COLUMNS
from layers.validate import PROGRESS_EVERY, map_columns, validate_into_columns  # noqa: F401 (PROGRESS_EVERY: re-exported, its docstring names it)

GDF_COLUMNS = (
    *EVENT_COLUMNS,
    "place_id",
    "place_name",
    "name_ru",
    "name_uk",
    "radius_m",
    "draw_as",
    "depth_km",
    "uncertainty_km",
    "border_lat",
    "border_lon",
    "side",
    "depth_km_alt",
)


_FLOAT_COLUMNS = (
    "latitude",
    "longitude",
    "radius_m",
    "depth_km",
    "uncertainty_km",
    "border_lat",
    "border_lon",
    "depth_km_alt",
)
_INT_COLUMNS = ("time_precision", "geo_precision")


def empty_events() -> gpd.GeoDataFrame:
    """Zero events with the same columns and dtypes as a loaded file (so every filter,
    view and export works on it unchanged)."""
    cols = {}
    for c in GDF_COLUMNS:
        if c in ("event_date", "end_date"):
            cols[c] = pd.Series([], dtype="datetime64[ns]")
        elif c in _FLOAT_COLUMNS:
            cols[c] = pd.Series([], dtype=float)
        elif c in _INT_COLUMNS:
            cols[c] = pd.Series([], dtype=int)
        else:
            cols[c] = pd.Series([], dtype=object)
    return gpd.GeoDataFrame(cols, geometry=gpd.GeoSeries([], crs="EPSG:4326"))


def build_gdf(
    events: list[dict] | Columns, model: DepthModel | None = None, stage=None
) -> gpd.GeoDataFrame:
    """The event GeoDataFrame with depths (vectorised; region-level events get none).
    ``stage(text)``, when given, is told what it does next (a progress line)."""
    stage = stage or _silent
    if isinstance(events, Columns):
        if not events.n:
            return empty_events()
        stage(f"ordering {events.n:,} events")
        data, events.data = events.data, {}  # hand the lists over: not held twice
        # in (date, id) order before the frame is made: reordering the frame's columns
        # (arrow strings, geometries) costs seconds at half a million rows
        order = _date_id_order(data["event_date"], data["event_id"])
        at = order.tolist()
        for k, v in data.items():  # lists may hold lists (source ids): never np.asarray
            if isinstance(v, list):
                data[k] = [v[i] for i in at]
            elif isinstance(v, pd.api.extensions.ExtensionArray):
                data[k] = v.take(order)  # arrow text (layers.fastload) stays arrow text
            else:
                data[k] = np.asarray(v)[order]
        df = pd.DataFrame(data).drop(columns=["_row"], errors="ignore")
        del data
        ordered = True
    elif not events:
        return empty_events()
    else:
        df = pd.DataFrame(events).drop(columns=["_row"], errors="ignore")
        ordered = False
    for c in GDF_COLUMNS:
        if c not in df:
            df[c] = None
    df["event_date"] = pd.to_datetime(df["event_date"])
    df["end_date"] = pd.to_datetime(df["end_date"])
    ids = df["source_ids"]
    if not all(type(v) is list for v in ids.tolist()):  # lists (the loaders') stay as they are
        df["source_ids"] = ids.map(list)
    gdf = gpd.GeoDataFrame(
        df, geometry=gpd.points_from_xy(df["longitude"], df["latitude"]), crs="EPSG:4326"
    )
    model = model or default_depth_model()
    stage(f"measuring the depths of {len(gdf):,} events")
    res = model.depth(lon=gdf["longitude"].to_numpy(float), lat=gdf["latitude"].to_numpy(float))
    area = (gdf["draw_as"] == "area").to_numpy()
    gdf["depth_km"] = np.where(area, np.nan, res.depth_km)
    gdf["uncertainty_km"] = np.where(area, np.nan, gdf["radius_m"].to_numpy(float) / 1000.0)
    gdf["border_lat"] = np.where(area, np.nan, res.nearest_lat)
    gdf["border_lon"] = np.where(area, np.nan, res.nearest_lon)
    gdf["side"] = res.side
    # The same depth against a second, independent line (Natural Earth 1:10m): how much the
    # choice of border line matters for this event.
    alt = alt_depth_km(lon=gdf["longitude"].to_numpy(float), lat=gdf["latitude"].to_numpy(float))
    gdf["depth_km_alt"] = np.where(area, np.nan, alt)
    if not ordered:
        gdf = gdf.take(_date_id_order(gdf["event_date"], gdf["event_id"]))
    gdf = gdf.reset_index(drop=True)
    return gdf[[*GDF_COLUMNS, "geometry"]]


def _silent(_text: str) -> None:
    pass


def _date_id_order(dates, ids) -> np.ndarray:
    """Row order by (event_date, event_id), as a stable ``sort_values`` gives it (missing
    dates last); arrow's sort, several times faster than pandas' on 500,000 string ids."""
    import pyarrow as pa
    import pyarrow.compute as pc

    keys = pa.table(
        {
            "d": pa.array(
                pd.to_datetime(pd.Series(dates)).to_numpy("datetime64[ns]"), from_pandas=True
            ),
            "i": pa.array(ids, pa.string())
            if isinstance(ids, pd.api.extensions.ExtensionArray)
            else pa.array([str(i) for i in ids], pa.string()),
        }
    )
    order = pc.sort_indices(keys, sort_keys=[("d", "ascending"), ("i", "ascending")])
    return order.to_numpy()


def load_events(
    source: str | Path | bytes,
    *,
    name: str | None = None,
    gazetteer: Gazetteer | None = None,
    known_sources: set[str] | None = None,
    model: DepthModel | None = None,
    max_bytes: int | None = None,
    progress=None,
    stage=None,
) -> tuple[gpd.GeoDataFrame, LoadReport]:
    """Load an events CSV (the record's or an ACLED export) or a GeoJSON FeatureCollection.

    Never raises for bad input: the report says what was rejected and why, and the valid
    rows are returned. ``progress(rows_read)`` is called every :data:`PROGRESS_EVERY` rows;
    ``stage(text)`` is told each step after the rows are read (checks, order, depths).
    """
    name = name or (Path(source).name if not isinstance(source, bytes) else "upload")
    report = LoadReport(file=name)
    kwargs = {"max_bytes": max_bytes} if max_bytes else {}
    data = readers.read_bytes(source, report, **kwargs)
    text = readers.decode(data, report) if data is not None else None
    if data is None or text is None:
        return empty_events(), report
    first = re.search(r"\S", text[:4096])
    is_json = name.lower().endswith((".geojson", ".json")) or (
        first is not None and first.group() in "{["
    )
    if (
        not is_json
        and known_sources is None
        and len(data) >= fastload.FAST_MIN_BYTES
        and not report.notes  # plain UTF-8: the bytes are the text
    ):
        del text  # the bytes alone from here on (a large file is held once, not twice)
        box = [data]
        del data  # held by the box alone, so that the fast path can let go of it
        done = _load_fast(
            box, report, gazetteer or default_gazetteer(), model, progress, stage or _silent
        )
        if done is not None:
            return done
        data = box.pop()
        text = readers.decode(data, report)
        if text is None:
            return empty_events(), report
    del data
    if is_json:
        parsed = readers.read_geojson_rows(text, report)
        if parsed is None:
            return empty_events(), report
        header, rows = parsed
        if not rows:
            return empty_events(), report  # an empty FeatureCollection: "0 events"
        make_rows = lambda _keep: iter(rows)  # noqa: E731
    else:
        parsed = readers.iter_csv_rows(text, report)
        if parsed is None:
            return empty_events(), report
        header, make_rows = parsed
    mapping = map_columns(header, report)
    if mapping is None:
        # Count the rows as rejected: the file lacks what every row needs.
        for ref, _ in make_rows(set()):
            report.rows_in += 1
            report.reject(ref, "-", "", "file is missing required columns (see above)")
        return empty_events(), report
    cols = validate_into_columns(
        make_rows(set(mapping)),
        mapping,
        report,
        gazetteer or default_gazetteer(),
        known_sources,
        progress=progress,
    )
    del text
    if report.file_error:  # a CSV error or too many rows, found part-way through
        return empty_events(), report
    return build_gdf(cols, model, stage), report


def _load_fast(box: list[bytes], report: LoadReport, gaz: Gazetteer, model, progress, stage):
    """A large clean UTF-8 CSV (the bytes in ``box``) validated column by column
    (layers/fastload.py); None when the row-by-row path must read it (the report is then
    untouched and the bytes are still in ``box``)."""
    header = fastload.csv_header(box, report)
    mapping = map_columns(header, report) if header is not None else None
    if header is None or mapping is None:
        report.file_error = None  # the row-by-row path counts and names every row
        report.rejections.clear()
        return None
    cols = fastload.validate_csv(box, header, mapping, report, gaz, progress, stage)
    if cols is None:
        return None
    if report.file_error:
        return empty_events(), report
    frame = Columns()
    frame.data, frame.n = cols, report.rows_kept
    return build_gdf(frame, model, stage), report


def day_span(gdf: gpd.GeoDataFrame) -> tuple[dt.date, dt.date] | None:
    if gdf.empty:
        return None
    start = gdf["event_date"].min()
    end = pd.concat([gdf["event_date"], gdf["end_date"].dropna()]).max()
    return start.date(), end.date()
