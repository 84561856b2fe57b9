"""One date rule: layers/dates.py (Python) and render/daterule.js (the browser's, used by the
app's live layers and the HTML snapshot's slider) agree for every day, mode and time
precision of the bundled record and of a synthetic set. The JS runs in headless Chromium."""

from __future__ import annotations

import pandas as pd
import pytest

from layers import dates, filters
from render.assets import date_rule_js
from tests.support.browser import launch, offline_page

WINDOWS = (1, 3, 7)


def synthetic() -> pd.DataFrame:
    """Day-, week- and month-precision events, overlapping, with spans crossing months."""
    rows = []
    base = pd.Timestamp("2023-04-27")
    for i in range(60):
        start = base + pd.Timedelta(days=(i * 5) % 41)
        prec = 1 + i % 3
        span = {1: 0 if i % 2 else None, 2: 6, 3: 30}[prec]
        end = None if span is None else start + pd.Timedelta(days=span)
        rows.append(
            {"event_id": f"S-{i}", "event_date": start, "end_date": end, "time_precision": prec}
        )
    df = pd.DataFrame(rows)
    df["end_date"] = pd.to_datetime(df["end_date"])
    return df


def python_answers(df: pd.DataFrame, days: list[pd.Timestamp]) -> dict:
    out = {}
    for mode in dates.MODES:
        for w in WINDOWS if mode == "window" else (7,):
            for d in days:
                shown = filters.by_date(df, d, mode, w)
                key = f"{mode}|{w}|{d.date().isoformat()}"
                out[key] = [
                    sorted(shown["event_id"]),
                    sorted(shown.loc[~shown["certain_by_date"], "event_id"]),
                ]
    return out


JS = """
([ev, days, modes, windows]) => {
  const out = {};
  for (const mode of modes) {
    for (const w of (mode === 'window' ? windows : [7])) {
      for (const d of days) {
        const shown = [], open = [];
        for (const [id, s, e] of ev) {
          if (!rmDateRule.activeOn(s, e, d, mode, w)) { continue; }
          shown.push(id);
          if (rmDateRule.stillOpen(s, e, d)) { open.push(id); }
        }
        out[mode + '|' + w + '|' + d] = [shown.sort(), open.sort()];
      }
    }
  }
  return out;
}
"""


def iso(v):
    return None if pd.isna(v) else pd.Timestamp(v).date().isoformat()


@pytest.mark.browser
def test_python_and_js_date_rules_agree(record):
    sets = {"record": record.events, "synthetic": synthetic()}
    assert set(sets["synthetic"]["time_precision"]) == {1, 2, 3}
    assert set(record.events["time_precision"]) >= {1, 2}  # day and week windows at least
    with launch() as browser:
        page, _, _, errors = offline_page(browser)
        page.set_content(f"<html><body><script>{date_rule_js()}</script></body></html>")
        for name, df in sets.items():
            lo = df["event_date"].min() - pd.Timedelta(days=2)
            hi = dates.event_end(df).max() + pd.Timedelta(days=2)
            days = list(pd.date_range(lo, hi, freq="D"))
            ev = [
                [r.event_id, iso(r.event_date), iso(r.end_date)]
                for r in df[["event_id", "event_date", "end_date"]].itertuples()
            ]
            got = page.evaluate(
                JS, [ev, [d.date().isoformat() for d in days], list(dates.MODES), list(WINDOWS)]
            )
            want = python_answers(df, days)
            assert got.keys() == want.keys()
            wrong = {k: (got[k], want[k]) for k in want if got[k] != want[k]}
            assert not wrong, (
                f"{name}: {len(wrong)} disagreements, e.g. {next(iter(wrong.items()))}"
            )
            # the comparison is not empty: some days show events, some show open windows
            assert any(v[0] for v in want.values()) and any(v[1] for v in want.values())
        with pytest.raises(Exception, match="unknown date mode"):
            page.evaluate("rmDateRule.activeOn('2023-05-01', null, '2023-05-02', 'week', 7)")
        assert errors == []


def test_python_rule_basics():
    s, e = pd.Timestamp("2023-05-20"), pd.Timestamp("2023-05-26")
    assert not dates.active_on(s, e, "2023-05-19", "upto")
    assert dates.active_on(s, e, "2023-05-30", "upto")
    assert not dates.active_on(s, e, "2023-05-27", "day")
    assert dates.active_on(s, e, "2023-05-27", "window", 2)
    assert not dates.active_on(s, e, "2023-05-28", "window", 2)
    assert dates.still_open(e, "2023-05-25") and not dates.still_open(e, "2023-05-26")
    with pytest.raises(ValueError, match="mode must be one of"):
        dates.active_on(s, e, "2023-05-20", "week")
