"""A filtered image says so (issue 15): the app's filters are one function
(layers.selection.select) that the app and ``raidmap snapshot --family`` both call, and every
output format prints what the filter keeps ("Showing only events with a claim by ...")."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from PIL import Image

from layers.filters import by_date
from layers.selection import select, showing
from raidmap.panels import filtered_events
from raidmap.state import ViewState
from render.snapshot_html import snapshot_html
from render.static import render_gif, render_static

DATE = "2023-06-01"
RU = "Showing only events with a claim by Russian state (claimant family)"


def test_the_words_say_every_filter_and_nothing_without_one():
    assert showing() is None
    assert showing(geo_precision=(1, 2, 3)) is None  # every precision: no filter
    assert showing(families=["russian_state"]) == RU
    text = showing(
        families=["russian_state", "independent"],
        claimants=["TASS"],
        statuses=["disputed", "refuted"],
        actors=["Russian Volunteer Corps"],
        geo_precision=(1,),
    )
    assert text == (
        "Showing only events with a claim by Russian state or Independent media and analysts "
        "(claimant family); with a claim by TASS; with a disputed or refuted claim; involving "
        "Russian Volunteer Corps; located: named place"
    )


def test_the_app_filters_with_the_same_function(record):
    state = ViewState(date=dt.date(2023, 6, 1), families=("russian_state",), statuses=("disputed",))
    got = filtered_events(record.events, state)
    want = select(record.events, families=["russian_state"], statuses=["disputed"])
    assert list(got["event_id"]) == list(want["event_id"])
    assert 0 < len(want) < len(record.events)


def test_svg_and_html_print_the_filter_escaped(record, tmp_path):
    ev = select(record.events, families=["russian_state"])
    svg = render_static(
        ev, date=DATE, sources=record.sources, out_path=tmp_path / "a.svg", showing=RU
    )
    assert RU in svg.read_text()
    plain = render_static(ev, date=DATE, sources=record.sources, out_path=tmp_path / "b.svg")
    assert "Showing only" not in plain.read_text()
    hostile = RU + " <script>alert(1)</script> {{ x }}"
    html = snapshot_html(ev, date=DATE, sources=record.sources, showing=hostile)
    assert "class='rm-showing'" in html and RU in html
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
    assert "rm-showing" not in snapshot_html(ev, date=DATE, sources=record.sources)


def test_png_pdf_and_gif_carry_the_line(record, tmp_path):
    ev = select(record.events, families=["russian_state"])
    for ext in ("png", "pdf"):
        a = render_static(ev, date=DATE, out_path=tmp_path / f"a.{ext}", showing=RU, dpi=60)
        b = render_static(ev, date=DATE, out_path=tmp_path / f"b.{ext}", dpi=60)
        assert a.read_bytes() != b.read_bytes(), ext
    kw = {"date": "2023-05-24", "start": "2023-05-22", "step": "day"}
    a = render_gif(ev, out_path=tmp_path / "a.gif", showing=RU, **kw)
    b = render_gif(ev, out_path=tmp_path / "b.gif", **kw)
    fa, fb = Image.open(a), Image.open(b)
    assert fa.n_frames == fb.n_frames == 3
    for i in range(3):  # every frame: the line is drawn once, under the frames' changes
        fa.seek(i)
        fb.seek(i)
        assert fa.convert("RGB").tobytes() != fb.convert("RGB").tobytes(), i


def test_cli_family_filters_and_says_so(cli, record, tmp_path):
    out = tmp_path / "ru.svg"
    code, err = cli("snapshot", "--date", DATE, "--family", "russian_state", "--out", str(out))
    assert code == 0, err
    svg = out.read_text()
    assert RU in svg
    n = len(by_date(select(record.events, families=["russian_state"]), DATE, "upto"))
    assert n < len(by_date(record.events, DATE, "upto"))
    assert re.search(rf"as of 1 June 2023 · {n} events shown", svg)
    html = tmp_path / "two.html"
    code, err = cli(
        "snapshot", "--date", DATE, "--family", "russian_state,independent", "--out", str(html)
    )
    assert code == 0, err
    text = html.read_text()
    assert "Russian state or Independent media and analysts (claimant family)" in text
    assert "<b>Who says:</b> only events with a claim by Russian state or Independent" in text
    png = tmp_path / "ru.png"
    assert cli("snapshot", "--date", DATE, "--family", "raiders_ukraine", "--out", str(png))[0] == 0


def test_cli_unknown_family_is_bad_input(cli, tmp_path):
    out = tmp_path / "x.png"
    code, err = cli("snapshot", "--date", DATE, "--family", "kremlin", "--out", str(out))
    assert code == 2 and "unknown claimant family 'kremlin'" in err and "russian_state" in err
    assert not out.exists()


@pytest.mark.parametrize(
    "extra",
    [
        ("--out", "x.pdf"),
        ("--sheet", "--out", "sheet.pdf"),
        ("--from", "2023-05-31", "--out", "x.gif"),
        ("--size", "slide", "--out", "x.png"),
    ],
)
def test_cli_family_reaches_every_image_format(cli, tmp_path, monkeypatch, extra):
    import render.static

    seen: list = []
    real = render.static._draw_showing
    monkeypatch.setattr(render.static, "_draw_showing", lambda m, s: seen.append(s) or real(m, s))
    *opts, out = extra
    path = tmp_path / out
    code, err = cli("snapshot", "--date", DATE, "--family", "russian_state", *opts, str(path))
    assert code == 0, err
    assert path.stat().st_size > 0 and seen == [RU]
