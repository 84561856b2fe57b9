"""``raidmap snapshot``'s teaching options (issue 15): the GIF's range, mode, step, frame
duration and size; --view/--bounds; the lesson sheet; their bad-input errors (exit 2)."""

from __future__ import annotations

import re

import pytest
from PIL import Image


def test_gif_options_reach_the_file(cli, tmp_path):
    a, b, c = (tmp_path / f"{n}.gif" for n in "abc")
    common = ("snapshot", "--from", "2023-05-22", "--step", "day", "--frame-ms", "250")
    assert cli(*common, "--date", "2023-05-25", "--out", str(a))[0] == 0
    assert cli(*common, "--date", "2023-05-24", "--out", str(b))[0] == 0
    assert cli(*common, "--date", "2023-05-25", "--mode", "day", "--out", str(c))[0] == 0
    im = Image.open(a)
    assert im.n_frames == 4 and im.info["duration"] == 250
    assert Image.open(b).n_frames == 3
    assert a.read_bytes() != c.read_bytes()  # --mode changes the file


def test_slide_png_and_view_options(cli, tmp_path):
    out = tmp_path / "slide.png"
    code, err = cli("snapshot", "--date", "2023-06-01", "--size", "slide", "--out", str(out))
    assert code == 0, err
    assert Image.open(out).size == (1920, 1080)
    v = tmp_path / "v.html"
    code, err = cli("snapshot", "--date", "2023-06-01", "--view", "50.43,36.9,11", "--out", str(v))
    assert code == 0, err
    assert "[50.43, 36.9]" in v.read_text("utf-8")
    p1, p2 = tmp_path / "b1.png", tmp_path / "b2.png"
    box = "50.40,36.80,50.55,37.05"
    assert (
        cli("snapshot", "--date", "2023-06-01", "--bounds", box, "--dpi", "40", "--out", str(p1))[0]
        == 0
    )
    assert cli("snapshot", "--date", "2023-06-01", "--dpi", "40", "--out", str(p2))[0] == 0
    assert p1.read_bytes() != p2.read_bytes()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--view", "36.9,50.43,11"), "latitude comes first"),
        (("--view", "50.43,36.9"), "3 comma-separated numbers"),
        (("--bounds", "50.55,36.8,50.4,37.05"), "SOUTH,WEST,NORTH,EAST"),
        (("--view", "50.43,36.9,11", "--bounds", "50.4,36.8,50.55,37.05"), "not both"),
        (("--from", "2023-06-02"), "after --date"),
        (("--frame-ms", "5"), "at least 20"),
        (("--sheet",), "PDF"),
    ],
)
def test_bad_teaching_options_exit_2(cli, tmp_path, args, message):
    code, err = cli("snapshot", "--date", "2023-06-01", *args, "--out", str(tmp_path / "x.gif"))
    assert code == 2 and message in err


def test_lesson_sheet_from_the_cli(cli, tmp_path):
    out = tmp_path / "sheet.pdf"
    code, err = cli("snapshot", "--date", "2023-06-01", "--sheet", "--out", str(out))
    assert code == 0, err
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and re.search(rb"/MediaBox \[ ?0 0 595\.44 841\.68 ?\]", data)
