"""The record's coverage tables for data/README.md: events per month, per place, per source
tier. Read from the loaded record (data/*.csv), so the counts are what the app shows.

    python scripts/record_tables.py            # print the tables (Markdown)
    python scripts/record_tables.py --write    # replace the block between the markers in
                                               # data/README.md

tests/test_record.py fails when data/README.md's block differs from this script's output.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.paths import data_file  # noqa: E402
from layers.record import load_record  # noqa: E402
from layers.schema import GEO_PRECISION, SOURCE_TIERS  # noqa: E402

START = "<!-- record-tables:start (scripts/record_tables.py --write) -->"
END = "<!-- record-tables:end -->"


def _table(header: tuple[str, ...], rows: list[tuple]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return out


def tables(directory: Path | None = None) -> str:
    rec = load_record(directory)
    e, s = rec.events, rec.sources
    lines = [
        f"{len(e)} events, {len(rec.claims)} claims, {len(s)} sources "
        f"({e['place_id'].nunique()} distinct places).",
        "",
        "**Events per month** (by the event's first day; a window counts once)",
        "",
    ]
    months = Counter(e["event_date"].dt.strftime("%Y-%m"))
    lines += _table(("month", "events"), sorted(months.items()))
    lines += ["", "**Events per place** (as geocoded; precision = the finest the events give)", ""]
    rows = []
    for (name, kind), grp in e.groupby(["place_name", e["draw_as"]], sort=False):
        best = int(grp["geo_precision"].min())
        rows.append((name, kind, len(grp), f"{best} ({GEO_PRECISION[best]})"))
    rows.sort(key=lambda r: (-r[2], r[0]))
    lines += _table(("place", "drawn as", "events", "geo precision"), rows)
    lines += ["", "**Sources and events per source tier**", ""]
    tier_of = dict(zip(s["source_id"], s["tier"], strict=True))
    rows = []
    for t, label in SOURCE_TIERS.items():
        n_src = int((s["tier"] == t).sum())
        n_ev = sum(any(tier_of.get(i) == t for i in ids) for ids in e["source_ids"])
        n_best = sum(min(tier_of.get(i, 9) for i in ids) == t for ids in e["source_ids"])
        rows.append((f"{t}: {label}", n_src, n_ev, n_best))
    lines += _table(("tier", "sources", "events citing one", "events whose best source"), rows)
    lines += ["", "**Sources per language**", ""]
    langs = Counter(s["language"])
    lines += _table(("language", "sources"), sorted(langs.items(), key=lambda kv: -kv[1]))
    return "\n".join(lines)


def block(directory: Path | None = None) -> str:
    return f"{START}\n{tables(directory)}\n{END}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="update data/README.md in place")
    args = ap.parse_args()
    if not args.write:
        print(tables())
        return
    readme = data_file("README.md")
    text = readme.read_text(encoding="utf-8")
    a, b = text.index(START), text.index(END) + len(END)
    readme.write_text(text[:a] + block() + text[b:], encoding="utf-8")
    print(f"updated {readme}")


if __name__ == "__main__":
    main()
