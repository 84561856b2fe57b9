"""Benchmark: the standalone HTML snapshot and the static PNG and PDF of the bundled record.

* HTML: ``render.snapshot_html.snapshot_html(rec.events, date="2023-06-01",
  sources=rec.sources)``: time (target < 1 s) and size (target < 2 MB).
* PNG: ``render.static.render_static(rec.events, date="2023-06-01", sources=rec.sources,
  out_path=...)``: time (target < 3 s) and size; PDF the same to a .pdf (no target: close to
  the PNG's).

"Cold" is the first call in a fresh Python process: each cold figure comes from its own
subprocess, so one output's caches do not warm the other's. It counts everything that call
does for the first time in the process: reading the border, land, places and basemap files,
building the depth model, the depth rings, the claim lines and the penetration bands,
matplotlib's font lookups and first text layouts. It does not count the imports
(``render.snapshot_html``, ``render.static`` and what they import: numpy, pandas, geopandas,
shapely, pyproj, folium, matplotlib) nor ``bundled_record()`` (reading and checking the
record): both are timed apart and printed first, because any command pays them once whatever
it then makes. "Warm" is the best of 3 calls after one warm-up call in this process. Each
figure is wall time, with the process's CPU time (user + system) beside it: under a shared
machine's load the CPU time is the steadier figure. Prints figures; asserts nothing.

    PYTHONPATH=. python3 bench/bench_snapshot.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

DATE = "2023-06-01"
HTML_MAX_S, HTML_MAX_BYTES, PNG_MAX_S = 1.0, 2 * 1024 * 1024, 3.0


def _load():
    from layers.record import bundled_record

    t0 = time.perf_counter()
    rec = bundled_record()
    return rec, time.perf_counter() - t0


def _html(rec, _tmp: Path) -> int:
    from render.snapshot_html import snapshot_html

    return len(snapshot_html(rec.events, date=DATE, sources=rec.sources).encode("utf-8"))


def _image(ext: str):
    def run(rec, tmp: Path) -> int:
        from render.static import render_static

        out = render_static(rec.events, date=DATE, sources=rec.sources, out_path=tmp / f"x.{ext}")
        return out.stat().st_size

    return run


OUTPUTS = {"html": _html, "png": _image("png"), "pdf": _image("pdf")}


def cold_child(kind: str) -> None:
    """In a fresh process: load the record, time one call, print JSON."""
    t_imp = time.perf_counter()
    import render.snapshot_html  # noqa: F401
    import render.static  # noqa: F401

    imports = time.perf_counter() - t_imp
    rec, load_s = _load()
    with tempfile.TemporaryDirectory() as tmp:
        t0, c0 = time.perf_counter(), time.process_time()
        size = OUTPUTS[kind](rec, Path(tmp))
        dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(
        json.dumps({"imports_s": imports, "load_s": load_s, "s": dt, "cpu_s": cpu, "bytes": size})
    )


def cold(kind: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    out = subprocess.run(
        [sys.executable, __file__, "--cold", kind],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def warm(rec, kind: str, repeat: int = 3) -> tuple[float, float, int]:
    """(best wall s, best CPU s, bytes) of ``repeat`` calls after a warm-up call."""
    with tempfile.TemporaryDirectory() as tmp:
        OUTPUTS[kind](rec, Path(tmp))  # warm-up
        best, best_cpu, size = float("inf"), float("inf"), 0
        for _ in range(repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            size = OUTPUTS[kind](rec, Path(tmp))
            best = min(best, time.perf_counter() - t0)
            best_cpu = min(best_cpu, time.process_time() - c0)
    return best, best_cpu, size


def main() -> None:
    print(f"load average: {os.getloadavg()[0]:.2f} ({os.cpu_count()} CPUs)")
    cold_runs = {kind: cold(kind) for kind in OUTPUTS}
    c_html = cold_runs["html"]
    print(
        f"fresh process: imports {c_html['imports_s']:.2f} s, bundled_record() "
        f"{c_html['load_s']:.2f} s (not counted below)"
    )
    rec, _ = _load()
    names = {
        "html": "HTML snapshot",
        "png": "PNG (render_static, 200 dpi)",
        "pdf": "PDF (render_static)",
    }
    limits = {"html": (HTML_MAX_S, HTML_MAX_BYTES), "png": (PNG_MAX_S, None), "pdf": (None, None)}
    head = (
        f"{'output (' + DATE + ', bundled record)':<34} {'cold s':>7} {'(CPU)':>7} "
        f"{'warm s':>7} {'(CPU)':>7} {'bytes':>11} {'MB':>6}  targets"
    )
    print(head)
    print("-" * (len(head) + 30))
    for kind, name in names.items():
        c = cold_runs[kind]
        w, w_cpu, size = warm(rec, kind)
        max_s, max_b = limits[kind]
        verdict = ""
        if max_s:
            verdict = f"time < {max_s:g} s: cold {'ok' if c['s'] < max_s else 'SLOW'}, "
            verdict += f"warm {'ok' if w < max_s else 'SLOW'}"
        if max_b:
            verdict += f"; size < 2 MB: {'ok' if size < max_b else 'BIG'}"
        print(
            f"{name:<34} {c['s']:>7.2f} {c['cpu_s']:>7.2f} {w:>7.2f} {w_cpu:>7.2f} "
            f"{size:>11,} {size / 1e6:>6.2f}  {verdict}"
        )
    print("MB = 10^6 bytes; the 2 MB target is read as 2 MiB (2,097,152 bytes)")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--cold":
        cold_child(sys.argv[2])
    else:
        main()
