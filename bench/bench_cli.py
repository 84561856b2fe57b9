"""Benchmark: cold ``raidmap geocode`` and ``raidmap depth``, each in a fresh Python process
(as a user runs them), and what they load.

Per command: the wall-clock time of the whole process (interpreter start, imports, data,
answer), median and best of ``--runs``; the time spent importing and answering inside the
process; and whether folium, branca, streamlit or matplotlib were loaded (they must not be:
``tests/test_cli.py`` checks it). ``python -c pass`` is the floor. Prints figures; asserts
nothing.

    PYTHONPATH=. python3 bench/bench_cli.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HEAVY = ("folium", "branca", "streamlit", "matplotlib")
COMMANDS = {
    "geocode Hraivoron": ["geocode", "Hraivoron", "--json"],
    "depth Kozinka": ["depth", "Kozinka", "--json"],
    "depth 50.47,35.68": ["depth", "50.47,35.68", "--json"],
}
# Runs in the child: the command through main(argv), timed, then what it loaded.
CHILD = """
import contextlib, io, json, sys, time
t0 = time.perf_counter()
from raidmap.cli import main
t1 = time.perf_counter()
with contextlib.redirect_stdout(io.StringIO()):
    code = main({argv!r})
t2 = time.perf_counter()
top = sorted({{m.split(".")[0] for m in sys.modules}} & set({heavy!r}))
print(json.dumps({{"import_s": t1 - t0, "run_s": t2 - t1, "code": code, "heavy": top}}))
"""


def one(code: str) -> tuple[float, dict]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    t0 = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, env=env, check=True
    )
    wall = time.perf_counter() - t0
    lines = out.stdout.strip().splitlines()
    return wall, json.loads(lines[-1]) if lines else {}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    floor = [one("pass")[0] for _ in range(args.runs)]
    print(f"python -c pass: median {statistics.median(floor):.2f} s (interpreter start)")
    print(f"{'command':<22} {'median s':>8} {'best s':>7} {'imports s':>9} {'answer s':>8}  heavy")
    for label, argv in COMMANDS.items():
        runs = [one(CHILD.format(argv=argv, heavy=HEAVY)) for _ in range(args.runs)]
        walls = [w for w, _ in runs]
        inner = [r for _, r in runs]
        heavy = sorted({m for r in inner for m in r["heavy"]}) or "none"
        print(
            f"{label:<22} {statistics.median(walls):>8.2f} {min(walls):>7.2f} "
            f"{statistics.median(r['import_s'] for r in inner):>9.2f} "
            f"{statistics.median(r['run_s'] for r in inner):>8.2f}  {heavy}"
        )


if __name__ == "__main__":
    main()
