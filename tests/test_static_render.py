"""The static map (render/static/): print quality, literal text, determinism, GIF, empty input."""

from __future__ import annotations

import io
import re
from xml.sax.saxutils import escape

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from layers.events import day_span, empty_events
from layers.record import bundled_record
from render import static

DATE = "2023-06-01"
HOSTILE = "$\\alpha$ <script>alert(1)</script> \u202eRTL"


@pytest.fixture(scope="module")
def record():
    return bundled_record()


def _render(record, path, **kw):
    kw = {"date": DATE, "sources": record.sources, **kw}
    return static.render_static(record.events, out_path=path, **kw)


@pytest.fixture
def drawn_maps(monkeypatch) -> list:
    """Every map frame (render.static.frame._Map) the static renderer makes, in order."""
    maps: list = []
    new_map = static._new_map

    def keep(*a, **k):
        maps.append(new_map(*a, **k))
        return maps[-1]

    monkeypatch.setattr(static, "_new_map", keep)
    return maps


@pytest.fixture(scope="module")
def png(record, tmp_path_factory):
    return _render(record, tmp_path_factory.mktemp("png") / "map.png")


@pytest.fixture(scope="module")
def svg_text(record, tmp_path_factory):
    path = _render(record, tmp_path_factory.mktemp("svg") / "map.svg")
    return path.read_text(encoding="utf-8")


def test_png_is_print_sized_and_not_blank(png):
    # (was test_png_bytes_open, a duplicate of this test's opening: the file is a whole PNG)
    Image.open(io.BytesIO(png.read_bytes())).verify()
    im = Image.open(png).convert("RGB")
    assert im.width >= 1600
    assert len(im.getcolors(maxcolors=1 << 20)) > 200
    w, h = im.size
    left, bottom, mw, mh = static.MAP_RECT
    box = (int(w * left), int(h * (1 - bottom - mh)), int(w * (left + mw)), int(h * (1 - bottom)))
    area = np.asarray(im.crop(box), dtype=float)
    assert area.std() > 10  # the map is drawn, not a uniform field
    # The raids' colours are on the map: a battle fill and the border's near-black.
    px = area.reshape(-1, 3)
    assert (np.abs(px - (0xE5, 0x39, 0x35)).sum(axis=1) < 30).sum() > 50
    assert (px.sum(axis=1) < 120).sum() > 500


def test_width_px_and_dpi(record, tmp_path):
    im = Image.open(_render(record, tmp_path / "w.png", width_px=2400))
    assert im.width == 2400
    im = Image.open(_render(record, tmp_path / "d.png", dpi=100))
    assert im.width == int(static.FIG_W * 100)


def test_svg_keeps_title_legend_and_furniture_as_text(svg_text):
    for s in (
        static.TITLE,
        "as of 1 June 2023",
        "What happened (fill)",
        "Who acted (outline)",
        "Battles",
        "Legion / Volunteer Corps",
        "Russia–Ukraine border",
        "40 km: claimed raid depth",
        "axis of advance",
        "Sources:",
        "© OpenStreetMap contributors (ODbL)",
        "GeoNames (CC BY 4.0)",
        ">km<",
    ):
        assert escape(s) in svg_text or s in svg_text, s
    assert "<dc:date>" not in svg_text


@pytest.mark.parametrize("ext", ["png", "svg", "pdf"])
def test_byte_identical_across_renders(record, tmp_path, ext):
    a = _render(record, tmp_path / f"a.{ext}").read_bytes()
    b = _render(record, tmp_path / f"b.{ext}").read_bytes()
    assert a == b
    if ext == "pdf":
        assert b"CreationDate" not in a


def test_hostile_text_is_literal(record, tmp_path):
    sources = record.sources.copy()
    # every source's title: whichever the side text lists first (the record is long, the
    # list is cut to fit) carries the hostile text
    for col in ("title", "headline"):
        sources[col] = "Costs $5 and $x$ <b>bold</b> & more"
    svg = _render(record, tmp_path / "h.svg", title=HOSTILE, sources=sources).read_text("utf-8")
    assert escape(HOSTILE) in svg
    assert "<script>" not in svg and "<b>" not in svg
    assert "$x$" in svg and "&lt;b&gt;bold&lt;/b&gt;" in svg  # (the headline may be wrapped)
    # Raster and PDF outputs with the same text render without error.
    _render(record, tmp_path / "h.png", title=HOSTILE, sources=sources, dpi=60)
    _render(record, tmp_path / "h.pdf", title=HOSTILE, sources=sources)


def test_place_labels_follow_language(record, tmp_path):
    ru = _render(record, tmp_path / "ru.svg", lang="ru").read_text("utf-8")
    uk = _render(record, tmp_path / "uk.svg", lang="uk").read_text("utf-8")
    assert "Шебекино" in ru and "Шебекине" in uk


def test_gif_has_one_frame_per_day(record, tmp_path):
    out = static.render_gif(  # step="day": one frame per day (default: per change)
        record.events, sources=record.sources, out_path=tmp_path / "a.gif", dpi=50, step="day"
    )
    start, end = day_span(record.events)
    im = Image.open(out)
    assert im.n_frames == (end - start).days + 1
    assert im.info.get("loop") == 0


def test_snapshot_gif_via_render_static(record, tmp_path):
    events = record.events.loc[record.events["event_date"] >= pd.Timestamp("2023-06-01")]
    last = day_span(events)[1]  # the GIF runs to the given date (its range's end)
    out = static.render_static(events, date=last, out_path=tmp_path / "b.gif", dpi=50, step="day")
    start, end = day_span(events)
    assert Image.open(out).n_frames == (end - start).days + 1


@pytest.mark.parametrize("ext", ["png", "svg"])
def test_zero_events_draws_basemap(tmp_path, ext):
    out = static.render_static(empty_events(), date=DATE, out_path=tmp_path / f"e.{ext}", dpi=80)
    if ext == "svg":
        assert "0 events" in out.read_text("utf-8")
    else:
        im = Image.open(out).convert("RGB")
        assert len(im.getcolors(maxcolors=1 << 20)) > 50


def test_date_before_any_event(record, tmp_path):
    svg = _render(record, tmp_path / "early.svg", date="2022-01-01").read_text("utf-8")
    assert "0 events" in svg


def test_empty_gif(tmp_path):
    out = static.render_gif(empty_events(), out_path=tmp_path / "e.gif", dpi=40)
    assert Image.open(out).n_frames == 1


def test_layer_selection(record, tmp_path):
    svg = _render(record, tmp_path / "l.svg", layers={"border"}).read_text("utf-8")
    assert "Russia–Ukraine border" in svg
    assert "What happened (fill)" not in svg and "claimed raid depth" not in svg


def test_web_map_layer_names_are_accepted(record, tmp_path):
    web = {
        "events",
        "halos",
        "presence",
        "axes",
        "zones",
        "land",
        "settlements",
        "border",
        "rings",
        "uncertainty",
    }  # render.webmap's vocabulary, as raidmap snapshot passes it
    svg = _render(record, tmp_path / "web.svg", layers=web).read_text("utf-8")
    # labels stay on: that vocabulary has no label switch. Settlement names no event, legend
    # or source mentions: which of them find room depends on the record, so any of them.
    names = ("Okhtyrka", "Klintsy", "Novozybkov", "Golovchino", "Velyka Pysarivka")
    assert any(name in svg for name in names)
    bare = _render(record, tmp_path / "bare.svg", layers={"events", "settlements"})
    assert not any(name in bare.read_text("utf-8") for name in names)


def test_day_and_window_modes(record, tmp_path):
    for mode, words in (("day", "on 1 June 2023"), ("window", "in the 7 days to 1 June 2023")):
        svg = _render(record, tmp_path / f"{mode}.svg", mode=mode).read_text("utf-8")
        assert words in svg


@pytest.mark.parametrize(
    "kw, words",
    [
        ({"out_path": "x.bmp"}, "unsupported"),
        ({"lang": "fr"}, "lang"),
        ({"mode": "since"}, "mode"),
        ({"layers": {"events", "roads"}}, "roads"),
    ],
)
def test_bad_arguments_are_named(record, tmp_path, kw, words):
    kw = {"out_path": "x.png", **kw}
    kw["out_path"] = tmp_path / kw["out_path"]
    with pytest.raises(ValueError, match=words):
        static.render_static(record.events, date=DATE, **kw)


def test_view_is_local_metres_and_bounded(record):
    one = record.events.loc[record.events["place_id"] == "kozinka"].assign(certain_by_date=True)
    x0, x1, y0, y1 = static._view(one)
    assert x1 - x0 >= static.MIN_VIEW_M[0] - 1 and y1 - y0 >= static.MIN_VIEW_M[1] - 1
    assert abs(x1 - x0) < 400_000  # metres of the local projection, not degrees
    rx0, rx1, ry0, ry1 = static._region_box()
    wide = static._view(record.events)
    assert rx0 <= wide[0] < wide[1] <= rx1 and ry0 <= wide[2] < wide[3] <= ry1


def test_the_slides_side_lists_are_16_px_text_ending_with_where_the_rest_are(record):
    """On a 1920x1080 slide the areas and sources under the legend are one legible size
    (7.8 pt at 150 dpi: 16 px), fewer of them, and the last line says how many more there
    are and where they are; the default size keeps its smaller text."""
    from layers.filters import by_date
    from render.static import _literal_text
    from render.static.frame import SIZES, _new_map, _view, is_slide
    from render.static.furniture import _fit_text

    shown = by_date(record.events, "2023-06-06", "upto")
    lines = [
        f"[S-{i:03d}] A source with a title long enough to wrap, number {i}" for i in range(60)
    ]
    w, h, dpi = SIZES["slide"]
    with _literal_text():
        m = _new_map(_view(shown), dpi, size=(w, h))
        assert is_slide(m)
        _fit_text(m, 0.6, lines)
        (t,) = m.panel.texts
        assert t.get_fontsize() * dpi / 72 >= 16
        last = t.get_text().splitlines()[-1]
        n = int(re.fullmatch(r"\+(\d+) more sources: all are listed in the HTML snapshot", last)[1])
        assert 0 < n < len(lines) and t.get_text().count("[S-") == len(lines) - n
        plain = _new_map(_view(shown), 100)
        assert not is_slide(plain)
        _fit_text(plain, 0.6, lines)
        assert plain.panel.texts[0].get_fontsize() < 7


def test_the_slide_names_belgorod_first_and_no_label_covers_an_event_marker(
    record, tmp_path, drawn_maps
):
    """Label priority by place importance (the regional capital before villages) and labels
    that avoid the event markers, on the 1920x1080 slide of 1 June."""
    from matplotlib.collections import PathCollection

    maps = drawn_maps
    static.render_static(
        record.events, date="2023-06-01", sources=record.sources, size="slide",
        out_path=tmp_path / "slide.png",
    )  # fmt: skip
    (m,) = maps
    r = m.renderer
    texts = [t for t in m.ax.texts if t.get_visible() and t.get_text().strip()]
    belgorod = [t for t in texts if t.get_text() == "Belgorod"]
    assert belgorod and belgorod[0].get_fontweight() == "bold"
    marks = [c for c in m.ax.collections if isinstance(c, PathCollection) and c.get_zorder() == 10]
    centres = np.vstack([m.ax.transData.transform(c.get_offsets()) for c in marks])
    assert len(centres) >= 20
    for t in texts:
        bb = t.get_window_extent(r)
        inside = (
            (centres[:, 0] > bb.x0) & (centres[:, 0] < bb.x1)
            & (centres[:, 1] > bb.y0) & (centres[:, 1] < bb.y1)
        )  # fmt: skip
        assert not inside.any(), (t.get_text(), centres[inside])


@pytest.mark.parametrize("size", [None, "slide"])
def test_no_event_marker_lies_under_the_locator_scale_bar_or_north_arrow(
    record, tmp_path, drawn_maps, size
):
    """The inset map of Europe, the scale bar and the north arrow are drawn over the map: the
    default view keeps every event marker clear of them, so that no event is hidden (on
    1 June the inset covered Churovichi's marker in the upper-left corner); a country's name is
    whole or left out (not cut by the frame or hidden under the inset)."""
    from matplotlib.collections import PathCollection
    from matplotlib.patches import Rectangle

    maps = drawn_maps
    for date in ("2023-03-02", "2023-05-22", "2023-05-24", "2023-06-01", "2023-06-04"):
        static.render_static(
            record.events, date=date, sources=record.sources, size=size,
            out_path=tmp_path / f"{date}.png", dpi=60,
        )  # fmt: skip
        m = maps[-1]
        r = m.renderer
        marks = [
            c for c in m.ax.collections if isinstance(c, PathCollection) and c.get_zorder() == 10
        ]
        if date == "2023-03-02":  # the Bryansk raid's events are areas: no marker to hide
            assert not marks
            continue
        centres = np.vstack([m.ax.transData.transform(c.get_offsets()) for c in marks])
        (inset,) = [a for a in m.fig.axes if a not in (m.ax, m.panel)]
        covers = {"locator inset": inset.get_window_extent(r)}
        bars = [p for p in m.ax.patches if isinstance(p, Rectangle) and p.get_zorder() == 30]
        assert bars, "the scale bar's box is drawn"
        covers["scale bar"] = bars[0].get_window_extent(r)
        (arrow,) = [t for t in m.ax.texts if t.get_text() == "N"]
        covers["north arrow"] = arrow.get_window_extent(r).union(
            [arrow.get_window_extent(r), arrow.arrow_patch.get_window_extent(r)]
        )
        frame = m.ax.get_window_extent(r)
        for t in m.ax.texts:
            if t.get_text() in ("RUSSIA", "UKRAINE", "BELARUS"):  # whole, and not under the inset
                bb = t.get_window_extent(r)
                assert frame.x0 <= bb.x0 and bb.x1 <= frame.x1, (date, size, t.get_text())
                assert frame.y0 <= bb.y0 and bb.y1 <= frame.y1, (date, size, t.get_text())
                assert not bb.overlaps(covers["locator inset"]), (date, size, t.get_text())
        for what, bb in covers.items():
            bb = bb.expanded(1.0, 1.0).padded(4 * 60 / 72)  # a marker's radius, about 4 pt
            under = (
                (centres[:, 0] > bb.x0) & (centres[:, 0] < bb.x1)
                & (centres[:, 1] > bb.y0) & (centres[:, 1] < bb.y1)
            )  # fmt: skip
            assert not under.any(), (date, size, what, centres[under])
