"""Percentiles and tables of bench_app.py's measured moves."""

from __future__ import annotations

import statistics


def pct(values: list[float], q: float) -> float:
    v = sorted(values)
    if not v:
        return float("nan")
    k = (len(v) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def fmt(x: float | None, digits: int = 0) -> str:
    return "-" if x is None or x != x else f"{x:.{digits}f}"


def print_moves(moves: list[dict]) -> None:
    """Per move: whether the drawn markers changed (chg); ms after the key press of: the
    websocket message sent (send), the largest message received (ws in), the URL updated =
    rerun done (url), the map iframe handed the server's answer (iframe), the map showing
    the set it ends with (updated; "*" when that was the map's own guess from the slider,
    before the server answered), the next frame (paint); the server's script run time
    (py run, ms; "/n" when the move caused n full runs); main-thread long tasks in the page
    and iframe (busy, ms);
    bytes received; whether the map iframe was loaded again (remount)."""
    print(
        f"  {'key':<10} {'date':<10} {'events':>13} {'chg':>3} {'send':>5} {'py run':>9} "
        f"{'ws in':>6} {'url':>6} {'iframe':>6} {'updated':>8} {'paint':>6} {'busy':>6} "
        f"{'ws bytes':>10} remount"
    )
    for m in moves:
        runs = f"/{m['n_runs']}" if m["n_runs"] > 1 else ""
        print(
            f"  {m['key']:<10} {m['date'].isoformat():<10} "
            f"{m['n_before']:>6}->{m['n_after']:<6} {'yes' if m['changed'] else 'no':>3} "
            f"{fmt(m['to_send']):>5} {fmt(m['py_run']):>6}{runs:<3} {fmt(m['to_ws']):>6} "
            f"{fmt(m['to_url']):>6} {fmt(m['to_frame']):>6} "
            f"{fmt(m['to_mutation']) + ('*' if m['predicted'] else ''):>8} "
            f"{fmt(m['to_paint']):>6} {fmt(m['busy']):>6} {m['recv_bytes']:>10,} "
            f"{'YES' if m['remount'] else ''}"
        )


def summary_rows(scenario: str, moves: list[dict], remounted: bool, first_s) -> list[tuple]:
    rows = []
    changed = [m["to_paint"] for m in moves if m["changed"] and m["to_paint"] is not None]
    missing = sum(1 for m in moves if m["changed"] and m["to_paint"] is None)
    same = [m["to_url"] for m in moves if not m["changed"] and m["to_url"] is not None]
    py_changed = [m["py_run"] for m in moves if m["changed"] and m["py_run"] is not None]
    py_same = [m["py_run"] for m in moves if not m["changed"] and m["py_run"] is not None]
    if changed or missing:
        rows.append(
            (f"{scenario}: markers changed (key->paint)", changed, remounted, first_s, py_changed)
        )
    if same:
        rows.append((f"{scenario}: unchanged (key->rerun done)", same, remounted, first_s, py_same))
    return rows


def print_table(rows: list[tuple]) -> None:
    head = (
        f"{'scenario':<52} {'n':>3} {'median ms':>9} {'p90 ms':>7} {'max ms':>7} "
        f"{'remounted':>9} {'first render s*':>15} {'py run med ms':>13}"
    )
    print(head)
    print("-" * len(head))
    for scenario, values, remounted, first_s, py in rows:
        med = statistics.median(values) if values else None
        print(
            f"{scenario:<52} {len(values):>3} {fmt(med):>9} "
            f"{fmt(pct(values, 0.9)):>7} {fmt(max(values) if values else None):>7} "
            f"{'yes' if remounted else 'no':>9} {fmt(first_s, 2):>15} "
            f"{fmt(statistics.median(py) if py else None):>13}"
        )
