"""The cheaper ways the snapshot and the static images do their first-time work (issue 15)
give what the plain ways gave: the stepped buffer of the claim lines and the bands, the
bands' shared projections, and the side text's search for the most lines that fit."""

from __future__ import annotations

import re

import numpy as np
import pytest
import shapely
from pyproj import Transformer
from shapely.geometry import Point, box

from geo.border import load_border
from geo.measure import AEQD
from layers import claimlines, penetration
from layers.claimlines import far_buffer


def _local_border(lon: float, lat: float, reach_m: float):
    fwd, _ = claimlines._transformers()
    x, y = fwd.transform(lon, lat)
    line = claimlines._projected()[0]
    return shapely.intersection(line, box(x - reach_m, y - reach_m, x + reach_m, y + reach_m))


@pytest.mark.parametrize("km", [3, 8, 25, 42])
def test_the_stepped_buffer_is_the_one_step_buffer_within_30_m(km):
    line = _local_border(35.68, 50.48, (km + 45) * 1000.0)  # Grayvoron, the claims' place
    one = line.buffer(km * 1000.0, quad_segs=64)
    stepped = far_buffer(line, km * 1000.0)
    assert shapely.hausdorff_distance(one.boundary, stepped.boundary) < 30.0
    assert abs(stepped.area - one.area) / one.area < 1e-3


def test_the_regional_centre_is_geo_measures():
    lat0 = float(re.search(r"\+lat_0=([\d.]+)", AEQD).group(1))
    lon0 = float(re.search(r"\+lon_0=([\d.]+)", AEQD).group(1))
    assert (lat0, lon0) == (penetration.AEQD_LAT, penetration.AEQD_LON)


def _reference_band(*, lon, lat, inner_km, outer_km):
    """The band as it was made before: a projection centred on the event, one-step buffers."""
    aeqd = f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m +no_defs"
    fwd = Transformer.from_crs("EPSG:4326", aeqd, always_xy=True)
    inv = Transformer.from_crs(aeqd, "EPSG:4326", always_xy=True)

    def t(tr):
        return lambda xy: np.column_stack(tr.transform(xy[:, 0], xy[:, 1]))

    border = load_border()
    reach = (outer_km + penetration.HALF_WIDTH_KM + 5.0) * 1000.0
    window = box(-reach, -reach, reach, reach)
    line = shapely.intersection(shapely.transform(border.line, t(fwd)), window)
    ru = shapely.intersection(shapely.transform(border.land["RU"], t(fwd)), window)
    ring = line.buffer(outer_km * 1000.0, quad_segs=32)
    if inner_km:
        ring = ring.difference(line.buffer(inner_km * 1000.0, quad_segs=32))
    near = Point(0, 0).buffer(penetration.HALF_WIDTH_KM * 1000.0, quad_segs=32)
    band = shapely.intersection(shapely.intersection(ring, ru), near)
    return shapely.transform(band, t(inv)), fwd


@pytest.mark.parametrize(
    ("lon", "lat", "inner", "outer"),
    [
        (35.68087, 50.47893, 5.0, 10.1),  # Grayvoron: the regional projection
        (36.9, 50.43, 2.0, 9.0),  # Shebekino: the regional projection, 70 km from its centre
        (33.55, 52.33, 0.5, 6.0),  # Bryansk oblast, 190 km away: a grid-centred projection
    ],
)
def test_a_band_is_the_event_centred_band(lon, lat, inner, outer):
    got = penetration.band_geometry.__wrapped__(lon=lon, lat=lat, inner_km=inner, outer_km=outer)
    want, fwd = _reference_band(lon=lon, lat=lat, inner_km=inner, outer_km=outer)
    assert not want.is_empty and not got.is_empty

    def metres(g):
        return shapely.transform(g, lambda xy: np.column_stack(fwd.transform(xy[:, 0], xy[:, 1])))

    g, w = metres(got), metres(want)
    # The bands' display simplification is 40 m; the stepped buffer adds up to ~20 m.
    assert shapely.hausdorff_distance(g.boundary, w.boundary) < 80.0
    assert abs(g.area - w.area) / w.area < 0.01


def test_the_side_text_keeps_the_most_lines_that_fit(record):
    from layers.filters import by_date
    from render.static import _literal_text
    from render.static.frame import _new_map, _view
    from render.static.furniture import _fit_text, _kept, _wrapped

    shown = by_date(record.events, "2023-06-06", "upto")
    lines = [
        f"[S-{i:03d}] A source with a long enough title to wrap, number {i}" for i in range(80)
    ]
    with _literal_text():
        m = _new_map(_view(shown), 100)
        _fit_text(m, 0.6, lines)
        texts = list(m.panel.texts)
        assert len(texts) == 1  # the probes and the tries are all removed
        kept = texts[0].get_text()
        n = int(re.search(r"\+(\d+) more sources: all are listed in the HTML snapshot", kept)[1])
        keep = len(lines) - n
        bottom = m.panel.get_window_extent(m.renderer).y0
        assert texts[0].get_window_extent(m.renderer).y0 >= bottom
        texts[0].remove()
        one_more = _wrapped(m, 0.6, _kept(lines, keep + 1), 4.8)
        assert one_more.get_window_extent(m.renderer).y0 < bottom  # one more does not fit


def test_the_snapshot_rendered_without_compiling_its_pieces_is_byte_identical(record):
    """render.fastrender keeps branca's rendered pieces as text instead of compiling each one
    as a template: the snapshot's HTML is the same bytes as folium's own render gives (and a
    piece the template would change, with Jinja syntax or a carriage return, is still
    compiled: rendered as Jinja renders it)."""
    import branca.element as be

    from render.fastrender import _LiteralElement, render_figure
    from render.snapshot_html import snapshot_map

    def build():
        return snapshot_map(record.events, date="2023-06-01", sources=record.sources)

    plain = build().get_root().render()
    fast = render_figure(build())
    assert be.Element is not _LiteralElement  # put back after the render
    assert len(plain) > 100_000 and fast == plain
    for text in ["a\n", "a\n\n", "x {{ 1 + 1 }} y\n", "p\r\nq", "{# c #}z", "plain"]:
        assert _LiteralElement(text).render() == be.Element(text).render()
    assert _LiteralElement("x {{ 1 + 1 }}").render() == "x 2"


def test_the_shipped_claim_lines_are_the_computed_ones_and_a_stale_file_is_not_used(
    tmp_path, monkeypatch
):
    """data/border/claim_lines.geojson (scripts/make_claim_lines.py) holds exactly what
    claimlines computes from the record; with another fingerprint (the record, border or
    parameters changed) the lines are computed, not read."""
    import json
    import shutil

    from geo.paths import data_dir

    computed = claimlines.compute_record_claim_lines()
    shipped = claimlines._shipped_lines()
    assert shipped is not None and len(shipped) == len(computed) >= 4
    assert list(shipped.columns) == list(computed.columns)
    for col in claimlines.COLUMNS:
        assert shipped[col].tolist() == computed[col].tolist(), col
    for a, b in zip(shipped.geometry, computed.geometry, strict=True):
        assert a.equals_exact(b, 0.0)

    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy)
    path = copy.joinpath(*claimlines.LINES_FILE)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["features"][0]["properties"]["label"] = "not what the record gives"
    path.write_text(json.dumps(doc), encoding="utf-8")
    monkeypatch.setenv("RAIDMAP_DATA", str(copy))
    assert claimlines._shipped_lines()["label"].iloc[0] == "not what the record gives"
    claims = copy / "claims.csv"
    claims.write_text(claims.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert claimlines._shipped_lines() is None  # stale: record_claim_lines computes them


def _place_label_one_artist_per_spot(m, x, y, text, offsets=None, **kw):
    """render.static.labels._place_label as it was: a new annotation for every spot tried."""
    from render.static import labels

    kw = {
        "fontsize": 6.2,
        "color": "#222222",
        "bbox": labels.LABEL_BOX,
        "zorder": 20,
        "multialignment": "left",
        **kw,
    }
    frame = m.ax.get_window_extent(m.renderer)
    for dx, dy, ha, va in offsets or labels._offsets(5):
        t = m.ax.annotate(
            text, (x, y), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
            annotation_clip=False, **kw,
        )  # fmt: skip
        bb = t.get_window_extent(m.renderer).expanded(1.04, 1.15)
        inside = bb.x0 >= frame.x0 and bb.x1 <= frame.x1 and bb.y0 >= frame.y0 and bb.y1 <= frame.y1
        if inside and not any(bb.overlaps(o) for o in m.placed):
            m.placed.append(bb)
            return t
        t.remove()
    return None


@pytest.mark.parametrize("size", [None, "slide"])
def test_labels_placed_by_moving_one_artist_give_the_same_image(record, tmp_path, size):
    """The static labels try their spots with one annotation moved from spot to spot: the
    image is pixel for pixel the one made with a new annotation per spot."""
    import matplotlib.image as mpimg

    from render import static
    from render.static import labels

    def draw(name):
        out = static.render_static(
            record.events, date="2023-06-01", sources=record.sources, size=size,
            out_path=tmp_path / name, dpi=100,
        )  # fmt: skip
        return mpimg.imread(out)

    fast = draw("fast.png")
    with pytest.MonkeyPatch.context() as mp:
        for mod in {labels, *(m for m in _modules_using(labels._place_label))}:
            mp.setattr(mod, "_place_label", _place_label_one_artist_per_spot)
        slow = draw("slow.png")
    assert fast.shape == slow.shape and (fast == slow).all()


def _modules_using(fn):
    import sys

    return [
        mod
        for name, mod in list(sys.modules.items())
        if name.startswith("render.static") and getattr(mod, "_place_label", None) is fn
    ]
