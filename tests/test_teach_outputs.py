"""Teachers' outputs (issue 15): the GIF's range, mode, step, frame duration and size; the
slide preset; a static image's view box; the lesson sheet; the snapshot's one area per place
and its view."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from PIL import Image

from layers import derived
from layers.events import day_span
from layers.filters import by_date
from render import static
from render.escape import json_for_script
from render.features import event_feature_collections
from render.snapshot_html import LEGEND_FOLD_PX, snapshot_html
from render.static.frame import _view, bounds_of_view
from render.static.geometry import _xy
from render.static.sheet import A4_IN, disputed_pairs, render_sheet
from render.webmap import View


def _gif(record, tmp_path, name="a.gif", **kw):
    kw.setdefault("dpi", 40)
    return static.render_gif(record.events, sources=record.sources, out_path=tmp_path / name, **kw)


def _durations(path) -> list[int]:
    im = Image.open(path)
    out = []
    for i in range(im.n_frames):
        im.seek(i)
        out.append(im.info["duration"])
    return out


def _changes(record, days, mode) -> int:
    """Days on which the map differs from the day before (the first day counts), computed
    from the date rule and the presence footprints, independently of the renderer."""
    fps = derived.presence_by_day(record.events)
    n, prev = 0, None
    for d in days:
        shown = by_date(record.events, d, mode)
        fp = derived.presence_on(fps, d)
        key = (
            tuple(shown["event_id"]),
            tuple(shown["certain_by_date"]),
            tuple(fp["event_ids"]) if fp is not None else (),
        )
        n += key != prev
        prev = key
    return n


def test_gif_range_and_one_frame_per_day_on_request(record, tmp_path):
    out = _gif(record, tmp_path, start="2023-05-22", date="2023-05-26", step="day")
    assert Image.open(out).n_frames == 5


def test_gif_frames_only_where_the_map_changes(record, tmp_path):
    start, end = day_span(record.events)
    days = list(pd.date_range(start, end, freq="D"))
    out = _gif(record, tmp_path, frame_ms=450)
    n = Image.open(out).n_frames
    changes = _changes(record, days, "upto")
    # every change gets a frame, plus the last day if the map did not change on it
    assert changes <= n <= changes + 1
    assert n < len(days) / 2  # far fewer than the 98 daily frames of before
    durations = _durations(out)
    assert durations[:-1] == [450] * (n - 1) and durations[-1] == 2500


def test_gif_follows_date_and_mode(record, tmp_path):
    a = _gif(record, tmp_path, "a.gif", date="2023-06-06").read_bytes()
    b = _gif(record, tmp_path, "b.gif", date="2023-05-24").read_bytes()
    c = _gif(record, tmp_path, "c.gif", date="2023-06-06", mode="day").read_bytes()
    again = _gif(record, tmp_path, "d.gif", date="2023-06-06").read_bytes()
    assert a != b and a != c
    assert a == again  # identical inputs, byte-identical file
    assert Image.open(tmp_path / "b.gif").n_frames < Image.open(tmp_path / "a.gif").n_frames


def test_gif_size_and_slide_preset(record, tmp_path):
    events = record.events.loc[record.events["event_date"] >= pd.Timestamp("2023-06-01")]
    out = static.render_gif(events, out_path=tmp_path / "g.gif", date="2023-06-03")
    assert Image.open(out).size == (1350, 960)  # smallest text 4.8 pt = 10 px
    slide = static.render_gif(events, out_path=tmp_path / "s.gif", date="2023-06-03", size="slide")
    assert Image.open(slide).size == (1920, 1080)


def test_gif_rejects_a_reversed_range_and_bad_options(record, tmp_path):
    with pytest.raises(ValueError, match="after it ends"):
        _gif(record, tmp_path, start="2023-06-02", date="2023-06-01")
    with pytest.raises(ValueError, match="step"):
        _gif(record, tmp_path, step="week")
    with pytest.raises(ValueError, match="size"):
        _gif(record, tmp_path, size="poster")


@pytest.mark.parametrize("ext", ["png", "svg", "pdf"])
def test_slide_preset_for_every_image_format(record, tmp_path, ext):
    out = static.render_static(
        record.events, date="2023-06-01", out_path=tmp_path / f"s.{ext}", size="slide"
    )
    if ext == "png":
        assert Image.open(out).size == (1920, 1080)
    elif ext == "svg":
        head = out.read_text("utf-8")[:2000]
        assert 'width="921.6pt"' in head and 'height="518.4pt"' in head  # 12.8 x 7.2 in
    else:
        assert re.search(rb"/MediaBox \[ ?0 0 921\.6 518\.4 ?\]", out.read_bytes())


def test_bounds_set_the_static_view(record):
    shown = by_date(record.events, "2023-06-01", "upto")
    box = (50.40, 36.80, 50.55, 37.05)  # south, west, north, east: around Shebekino
    x0, x1, y0, y1 = _view(shown, bounds=box)
    x, y = _xy([box[1], box[3], box[1], box[3]], [box[0], box[0], box[2], box[2]])
    assert x0 - 1 <= x.min() and x.max() <= x1 + 1 and y0 - 1 <= y.min() and y.max() <= y1 + 1
    # tight: the box fills the view one way (the other is the frame's aspect)
    assert (x.max() - x.min()) / (x1 - x0) > 0.9 or (y.max() - y.min()) / (y1 - y0) > 0.9
    wide = _view(shown)
    assert (x1 - x0) < (wide[1] - wide[0])


def test_bounds_of_view_zoom_halves_the_box():
    s, w, n, e = bounds_of_view(lat=50.5, lon=36.5, zoom=10)
    s2, w2, n2, e2 = bounds_of_view(lat=50.5, lon=36.5, zoom=11)
    assert s < 50.5 < n and w < 36.5 < e
    assert (n2 - s2) == pytest.approx((n - s) / 2) and (e2 - w2) == pytest.approx((e - w) / 2)


def test_lesson_sheet_is_a4_and_deterministic(record, tmp_path):
    a = render_sheet(
        record.events,
        date="2023-06-01",
        sources=record.sources,
        out_path=tmp_path / "a.pdf",
        map_dpi=60,
    )
    b = render_sheet(
        record.events,
        date="2023-06-01",
        sources=record.sources,
        out_path=tmp_path / "b.pdf",
        map_dpi=60,
    )
    data = a.read_bytes()
    assert data.startswith(b"%PDF") and data == b.read_bytes()
    w, h = (round(v * 72, 2) for v in A4_IN)
    boxes = re.findall(rb"/MediaBox \[ ?0 0 ([\d.]+) ([\d.]+) ?\]", data)
    assert boxes and all((float(x), float(y)) == pytest.approx((w, h), abs=0.01) for x, y in boxes)


def test_lesson_sheet_claims_side_by_side_from_the_record(record):
    shown = by_date(record.events, "2023-06-06", "upto")
    pairs = disputed_pairs(shown)
    assert pairs
    assert sum(bool(right) for _, _, right in pairs) >= 3  # counter-claims beside claims
    claims = {c["claim_id"]: c for cs in shown["claims"] for c in cs}
    for _head, left, right in pairs:
        for c in left:
            assert c["status"] == "disputed"
            named = set(c.get("disputed_by") or [])
            assert {o["claim_id"] for o in right} <= named
            assert all(o is claims[o["claim_id"]] for o in right)  # the record's own claims
    # every disputed claim of the shown events appears, once
    shown_ids = [c["claim_id"] for _, left, right in pairs for c in (*left, *right)]
    disputed = {cid for cid, c in claims.items() if c["status"] == "disputed"}
    assert disputed <= set(shown_ids) and len(shown_ids) == len(set(shown_ids))


def test_snapshot_draws_one_area_per_place_with_each_events_dates(record):
    _, _, areas = event_feature_collections(
        record.events.assign(certain_by_date=True), areas_per_event=True
    )
    region = record.events.loc[record.events["draw_as"] != "point"]
    feats = areas["features"]
    assert len(feats) < len(region)  # several events share a place: not stacked
    assert sum(len(f["properties"]["ranges"]) for f in feats) == len(region)
    for f in feats:
        assert all(r[0] and r[0] <= (r[1] or r[0]) for r in f["properties"]["ranges"])


def test_snapshot_keeps_a_view_or_fits_bounds(record):
    html = snapshot_html(record.events, date="2023-06-01", view=View(50.45, 36.9, 11))
    assert "[50.45, 36.9]" in html and '"zoom": 11' in html
    fitted = snapshot_html(record.events, date="2023-06-01", bounds=(50.4, 36.8, 50.55, 37.05))
    assert json_for_script([[50.4, 36.8], [50.55, 37.05]]) in fitted
    assert f"(max-width: {LEGEND_FOLD_PX}px)" in fitted
    with pytest.raises(ValueError, match="south < north"):
        snapshot_html(record.events, date="2023-06-01", bounds=(50.6, 36.8, 50.55, 37.05))
