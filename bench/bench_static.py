"""Time the static renderer on the bundled record: the PNG of 2023-06-01 (target < 3 s) and
the GIF of the whole record (target well under 30 s).

    python3 bench/bench_static.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from layers import derived  # noqa: E402
from layers.events import day_span  # noqa: E402
from layers.record import bundled_record  # noqa: E402
from render.static import render_gif, render_static  # noqa: E402


def _timed(label: str, fn) -> float:
    t0 = time.perf_counter()
    out = fn()
    dt = time.perf_counter() - t0
    print(f"{label:<44} {dt:6.2f} s   {out.stat().st_size / 1024:8.0f} KiB")
    return dt


def main() -> int:
    t0 = time.perf_counter()
    rec = bundled_record()
    print(
        f"{'load record (' + str(len(rec.events)) + ' events)':<44} "
        f"{time.perf_counter() - t0:6.2f} s"
    )
    t0 = time.perf_counter()
    derived.depth_rings()
    print(f"{'depth rings (one-off, layers/derived.py)':<44} {time.perf_counter() - t0:6.2f} s")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)

        def png(name):
            return lambda: render_static(
                rec.events, date="2023-06-01", sources=rec.sources, out_path=tmp / name
            )

        _timed("PNG 2023-06-01, first (cold caches)", png("a.png"))
        warm = _timed("PNG 2023-06-01, second (warm)", png("b.png"))
        for ext in ("svg", "pdf"):
            _timed(
                f"{ext.upper()} 2023-06-01",
                lambda e=ext: render_static(
                    rec.events, date="2023-06-01", sources=rec.sources, out_path=tmp / f"c.{e}"
                ),
            )
        span = day_span(rec.events)
        assert span is not None, "the bundled record has dated events"
        start, end = span
        days = (end - start).days + 1
        gif = _timed(
            f"GIF {start}..{end} ({days} frames, 100 dpi)",
            lambda: render_gif(rec.events, sources=rec.sources, out_path=tmp / "d.gif"),
        )
    print(
        f"targets: PNG (warm) < 3 s ({'ok' if warm < 3 else 'SLOW'}), "
        f"GIF < 30 s ({'ok' if gif < 30 else 'SLOW'})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
