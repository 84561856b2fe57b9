"""Depth exact to 1 m anywhere in the region's box (issue 16, item 8), and no depth outside
Russia and Ukraine (item 2; HOSTILE_INPUTS.md case 26)."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from pyproj import Geod

from geo.border import load_border
from geo.errors import CoordinateError
from geo.measure import check_in_region, default_depth_model
from geo.territory import EXTRACT_BOUNDS

GEOD = Geod(ellps="WGS84")


@pytest.fixture(scope="module")
def reference():
    """Brute force, independent of geo.measure: the geodesic distance from a point to every
    segment of the border, each segment taken as a geodesic between its two vertices. A
    segment is searched (golden section on the distance along it, with Geod.fwd and
    Geod.inv) when its nearer vertex minus half its length is within the nearest vertex's
    distance: no other segment can hold a nearer point."""
    segs = []
    for part in load_border().parts:
        c = np.asarray(part.coords)[:, :2]
        segs.append(np.column_stack([c[:-1], c[1:]]))
    s = np.concatenate(segs)
    az, _, length = GEOD.inv(s[:, 0], s[:, 1], s[:, 2], s[:, 3])

    def nearest_m(lat: float, lon: float) -> float:
        n = len(s)
        _, _, da = GEOD.inv(np.full(n, lon), np.full(n, lat), s[:, 0], s[:, 1])
        _, _, db = GEOD.inv(np.full(n, lon), np.full(n, lat), s[:, 2], s[:, 3])
        best = min(da.min(), db.min())
        cand = np.flatnonzero(np.minimum(da, db) - length / 2 <= best)
        lo, hi = np.zeros(cand.size), length[cand].copy()
        g = (np.sqrt(5) - 1) / 2

        def f(t):
            x, y, _ = GEOD.fwd(s[cand, 0], s[cand, 1], az[cand], t)
            return GEOD.inv(np.full(cand.size, lon), np.full(cand.size, lat), x, y)[2]

        for _ in range(60):  # golden section: the bracket shrinks to ~1e-13 of the segment
            m1, m2 = hi - g * (hi - lo), lo + g * (hi - lo)
            left = f(m1) < f(m2)
            hi = np.where(left, m2, hi)
            lo = np.where(left, lo, m1)
        return float(min(best, f((lo + hi) / 2).min()))

    return nearest_m


@pytest.mark.parametrize("search", ["tree", "cells"])
def test_depth_is_exact_to_a_metre_anywhere_in_the_region(reference, search, monkeypatch):
    """Both ways of finding the nearest border vertices: the k-d tree (few points) and the
    per-cell lists (many points, geo/nearcells.py), forced here for 304 points."""
    monkeypatch.setattr("geo.measure.CELLS_MIN_POINTS", 10**9 if search == "tree" else 1)
    lon0, lat0, lon1, lat1 = EXTRACT_BOUNDS
    rng = np.random.default_rng(16)
    lat = np.concatenate([rng.uniform(lat0, lat1, 300), [52.475, 50.4613, 53.9, 48.6]])
    lon = np.concatenate([rng.uniform(lon0, lon1, 300), [37.720, 35.6026, 40.9, 30.1]])
    r = default_depth_model().depth(lon=lon, lat=lat)
    has = np.isfinite(r.depth_km)
    assert has.sum() > 200  # most of the box is Russia or Ukraine
    worst = 0.0
    for i in np.flatnonzero(has):
        err = abs(abs(r.depth_km[i]) * 1000 - reference(lat[i], lon[i]))
        worst = max(worst, err)
    print(f"worst error {worst:.3f} m")
    assert worst < 1.0, worst


def test_the_issues_worst_point_far_from_the_projection_centre(reference):
    """52.475 N 37.720 E: 225.205 km was answered by the one-projection method."""
    r = default_depth_model().depth(lon=[37.720], lat=[52.475])
    assert abs(r.depth_km[0] * 1000 - reference(52.475, 37.720)) < 1.0
    assert r.side[0] == "RU" and r.depth_km[0] < 225.0


@pytest.mark.parametrize(
    "lat, lon",
    [(0.0, 0.0), (35.59, 50.45), (52.43, 30.99), (55.75, 37.62), (50.45, 60.0)],
    ids=["null-island", "iran-swapped", "belarus-gomel", "moscow-outside-box", "kazakhstan"],
)
def test_points_outside_russia_and_ukraine_get_no_depth(lat, lon):
    r = default_depth_model().depth(lon=[lon], lat=[lat])
    assert np.isnan(r.depth_km[0]) and r.side[0] == ""
    with pytest.raises(CoordinateError, match="not on Russian or Ukrainian territory"):
        default_depth_model().depth_at(lat=lat, lon=lon)


def test_swapped_pair_is_suggested_when_it_lies_in_the_region():
    with pytest.raises(CoordinateError) as exc:
        default_depth_model().depth_at(lat=35.59, lon=50.45)
    assert "did you mean lat=50.45, lon=35.59" in str(exc.value)
    with pytest.raises(CoordinateError) as exc:
        default_depth_model().depth_at(lat=0.0, lon=0.0)
    assert "swapped" not in str(exc.value)


def test_region_check_for_the_distance_tool_names_the_swap():
    check_in_region(lat=50.45, lon=35.59)
    with pytest.raises(CoordinateError, match="did you mean lat=50.45, lon=35.59"):
        check_in_region(lat=35.59, lon=50.45)
    with pytest.raises(CoordinateError, match="outside the map's region"):
        check_in_region(lat=0.0, lon=0.0)


def test_a_lake_inside_russia_is_russian_territory():
    """Territory is land with its lakes: a point in a kept hole of Russia's land gets a
    depth (and the side RU), not 'outside Russia and Ukraine'."""
    ru = load_border().land["RU"]
    holes = [
        shapely.Polygon(r)
        for p in getattr(ru, "geoms", [ru])
        for r in p.interiors
        if shapely.Polygon(r).area > 1e-4
    ]
    assert holes
    pt = max(holes, key=lambda h: h.area).representative_point()
    assert not ru.contains(pt)  # in the water, not on the land polygon
    r = default_depth_model().depth(lon=[pt.x], lat=[pt.y])
    assert r.side[0] == "RU" and r.depth_km[0] > 0


def test_territory_grid_agrees_with_the_polygons():
    """The grid's shortcut answers exactly what the polygons answer."""
    from geo.territory import fill_holes

    model = default_depth_model()
    rng = np.random.default_rng(3)
    lon = rng.uniform(29.5, 41.5, 20_000)
    lat = rng.uniform(48.0, 54.5, 20_000)
    got = model.territory.country_at(lon, lat)
    want = np.full(lon.size, "", dtype=object)
    for code, geom in load_border().land.items():
        inside = shapely.intersects_xy(fill_holes(geom), lon, lat)
        lo, la = lon, lat
        box = (lo >= 30) & (lo <= 41) & (la >= 48.5) & (la <= 54)
        want[inside & box & (want == "")] = code
    assert (got == want).all()


def test_cell_lists_hold_every_vertex_that_can_end_the_nearest_segment():
    """Against brute force over every vertex: each point's cell lists every vertex within
    sqrt(dv^2 + s^2/4) of it (dv: its nearest vertex; s: the longest segment), which is
    where an end of its nearest segment must lie (geo/nearcells.py)."""
    from geo.measure import ecef
    from geo.nearcells import CellCandidates

    model = default_depth_model()
    grid = CellCandidates(model._xyz, model._half_seg2, EXTRACT_BOUNDS)
    lon0, lat0, lon1, lat1 = EXTRACT_BOUNDS
    rng = np.random.default_rng(7)
    # the whole box, and a strip along the border, where lists are longest
    border = np.concatenate([np.asarray(p.coords)[:, :2] for p in load_border().parts])
    pick = border[rng.integers(0, len(border), 1500)] + rng.normal(0, 0.02, (1500, 2))
    lon = np.concatenate([rng.uniform(lon0, lon1, 1500), pick[:, 0]])
    lat = np.concatenate([rng.uniform(lat0, lat1, 1500), pick[:, 1]])
    inside = (lon >= lon0) & (lon <= lon1) & (lat >= lat0) & (lat <= lat1)
    lon, lat = lon[inside], lat[inside]
    cells = grid.cell_of(lon, lat)
    count = grid.counts(cells)
    assert (count >= 1).mean() > 0.95 and (count == 1).mean() > 0.3  # mostly one vertex
    p = ecef(lon=lon, lat=lat)
    for i in np.flatnonzero(count >= 1):
        d2 = ((model._xyz - p[i]) ** 2).sum(axis=1)
        band = set(np.flatnonzero(d2 < d2.min() + model._half_seg2))
        assert band <= set(grid.table(cells[i : i + 1], count[i])[0]), (lat[i], lon[i])


def test_cell_lists_and_the_tree_agree_on_many_points():
    """The same depths, feet and sides from both searches, at 60,000 points."""
    import geo.measure as measure

    model = default_depth_model()
    rng = np.random.default_rng(11)
    lon = rng.uniform(33.0, 39.0, 60_000)
    lat = rng.uniform(49.5, 52.5, 60_000)
    by_cells = model.depth(lon=lon, lat=lat)
    assert measure.CELLS_MIN_POINTS <= 60_000 and model._cells is not None
    tree = [
        model.depth(lon=lon[i : i + 15_000], lat=lat[i : i + 15_000])
        for i in range(0, 60_000, 15_000)
    ]
    for field in ("depth_km", "nearest_lon", "nearest_lat"):
        want = np.concatenate([getattr(r, field) for r in tree])
        np.testing.assert_allclose(getattr(by_cells, field), want, rtol=0, atol=1e-9)
    assert (by_cells.side == np.concatenate([r.side for r in tree])).all()


def test_coarse_lists_are_exactly_the_vertices_the_bound_keeps():
    """The runs' bounds (matrix products, loosened) only prune: each coarse cell's list is
    exactly, in order, the vertices v with G(v) = |c-v|^2 - |c-w|^2 - 2 r |v-w| < s^2/4 + 1
    (w: the vertex nearest to the cell's centre c), found here by brute force over every
    vertex; the cells are drawn from the whole grid and from along the border."""
    from geo.nearcells import CellCandidates

    model = default_depth_model()
    grid = CellCandidates(model._xyz, model._half_seg2, EXTRACT_BOUNDS)
    ncx, ncy = grid.nx // grid.per, grid.ny // grid.per
    rng = np.random.default_rng(5)
    border = np.concatenate([np.asarray(p.coords)[:, :2] for p in load_border().parts])
    near = border[rng.integers(0, len(border), 200)]
    ix = np.clip(((near[:, 0] - grid.x0) / grid.coarse).astype(int), 0, ncx - 1)
    iy = np.clip(((near[:, 1] - grid.y0) / grid.coarse).astype(int), 0, ncy - 1)
    cells = np.unique(np.concatenate([rng.integers(0, ncx * ncy, 300), iy * ncx + ix]))
    grid._build_coarse(cells)
    c, r = grid._box(cells % ncx, cells // ncx, grid.coarse)
    xyz = model._xyz
    for k, cell in enumerate(cells):
        d2 = ((xyz - c[k]) ** 2).sum(axis=1)
        w = int(np.argmin(d2))
        g = d2 - d2[w] - 2 * r[k] * np.sqrt(((xyz - xyz[w]) ** 2).sum(axis=1))
        want = np.flatnonzero(g < grid.band2 + 1.0)
        got = grid._ctab[cell, : grid._ccount[cell]]
        assert len(want) >= 1 and np.array_equal(got, want), cell


def test_two_threads_give_the_same_answers_as_one(monkeypatch):
    """A large batch is split between two threads (geo.measure.PARALLEL_MIN_POINTS): the
    same depths, feet and sides, in the same order, as one thread."""
    import geo.measure as measure

    model = default_depth_model()
    rng = np.random.default_rng(13)
    lon = np.concatenate([rng.uniform(33.0, 39.0, 50_001), [0.0, np.nan]])
    lat = np.concatenate([rng.uniform(49.5, 52.5, 50_001), [0.0, 51.0]])
    monkeypatch.setattr(measure, "PARALLEL_MIN_POINTS", 10**9)
    one = model.depth(lon=lon, lat=lat)
    split = []
    monkeypatch.setattr(model, "_depth_valid", _spy(model._depth_valid, split))
    monkeypatch.setattr(measure, "PARALLEL_MIN_POINTS", 1_000)
    two = model.depth(lon=lon, lat=lat)
    assert len(split) == 2 and sum(split) == np.isfinite(one.depth_km).sum()
    for field in ("depth_km", "nearest_lon", "nearest_lat"):
        np.testing.assert_array_equal(getattr(two, field), getattr(one, field))
    assert (two.side == one.side).all()


def _spy(f, sizes):
    def g(lon, lat, land):
        sizes.append(len(lon))
        return f(lon, lat, land)

    return g
