"""Who says, and how sure: claimant families and a per-event confidence grade.

Claimant families (``data/claimant_families.csv``: claimant -> family, exact names) group the
record's claimants into the three sides of the story, plus ``other`` (foreign governments,
Russian milbloggers, a soldier's unverified video, unattributed text) and ``unclassified`` (a
claimant the table does not name, e.g. from an import).

Confidence grade (A best, D weakest), from points:

* where: ``geo_precision`` 1 (the place itself) 2, 2 (near it) 1, 3 (region) 0;
* when: ``time_precision`` 1 (the day) 2, 2 (the week) 1, 3 (the month) 0;
* sources: distinct sources of the event and of its claims, each weighted by its reliability
  tier (``sources.csv``, scale in ``data/SCHEMA.md``): tier 1 (wire service or major outlet)
  and 2 (analyst) weigh 1, tier 3 (official party statement) and 4 (partisan channel) 0.5,
  tier 5 (aggregator) 0, a source without a tier (an import) 1; a total under 2 gives 0,
  2 to under 3 gives 1, 3 or more 2;
* sides: claims about the event from two or more of the three families: +1;
* statuses: any claim ``corroborated`` +1; any ``disputed`` -1; any ``refuted`` -2.

A: 6 or more; B: 4-5; C: 2-3; D: 1 or less. The
grade says how well the record pins the event down and how far its claims are contested; it
is not a probability.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from functools import cache

import geopandas as gpd
import pandas as pd

from geo.paths import data_file

FAMILIES_FILE = ("claimant_families.csv",)
FAMILY_LABELS = {
    "russian_state": "Russian state",
    "raiders_ukraine": "Raiders and Ukrainian officials",
    "independent": "Independent media and analysts",
    "other": "Other (foreign governments, milbloggers, unattributed)",
    "unclassified": "Unclassified",
}
SIDES = ("russian_state", "raiders_ukraine", "independent")
GEO_POINTS = {1: 2, 2: 1, 3: 0}
TIME_POINTS = {1: 2, 2: 1, 3: 0}
STATUS_POINTS = {"corroborated": 1, "disputed": -1, "refuted": -2}
GRADES = ((6, "A"), (4, "B"), (2, "C"))  # (minimum points, grade); below: D
CONFIDENCE_COLUMNS = ("claim_families", "confidence", "confidence_points", "confidence_why")


@cache
def families() -> dict[str, str]:
    """claimant (casefolded) -> family, from ``data/claimant_families.csv``."""
    with data_file(*FAMILIES_FILE).open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    bad = [r for r in rows if r.get("family") not in FAMILY_LABELS]
    if bad:
        raise ValueError(f"claimant_families.csv: unknown family in {bad[0]}")
    return {r["claimant"].strip().casefold(): r["family"] for r in rows}


def family_of(claimant: str | None) -> str:
    return families().get(str(claimant or "").strip().casefold(), "unclassified")


def _sources_of(event: dict) -> set[str]:
    ids = set(event.get("source_ids") or [])
    ids.update(c["source_id"] for c in event.get("claims") or [] if c.get("source_id"))
    return ids


TIER_WEIGHT = {1: 1.0, 2: 1.0, 3: 0.5, 4: 0.5, 5: 0.0}


def _source_weight(event: dict, ids: set[str]) -> float:
    """The tier-weighted count of ``ids`` (tiers from the event's ``sources`` column)."""
    tiers = {s.get("id"): s.get("tier") for s in event.get("sources") or [] if isinstance(s, dict)}

    def weight(i: str) -> float:
        tier = tiers.get(i)
        if tier is None:
            return 1.0
        try:
            return TIER_WEIGHT.get(int(tier), 1.0)
        except (TypeError, ValueError):
            return 1.0

    return sum(weight(i) for i in ids)


def grade(event: dict) -> tuple[str, int, str]:
    """(grade, points, why) of one event (a row as a dict: precisions, source_ids, claims)."""
    claims = event.get("claims") or []
    gp, tp = int(event["geo_precision"]), int(event["time_precision"])
    ids = _sources_of(event)
    n_src, w_src = len(ids), _source_weight(event, ids)
    src_pts = 2 if w_src >= 3 else 1 if w_src >= 2 else 0
    sides = {family_of(c.get("claimant")) for c in claims} & set(SIDES)
    statuses = {str(c.get("status") or "") for c in claims}
    status_pts = sum(STATUS_POINTS.get(s, 0) for s in statuses)
    points = GEO_POINTS.get(gp, 0) + TIME_POINTS.get(tp, 0) + src_pts
    points += (1 if len(sides) >= 2 else 0) + status_pts
    letter = next((g for floor, g in GRADES if points >= floor), "D")
    why = [
        f"place precision {gp} (+{GEO_POINTS.get(gp, 0)})",
        f"date precision {tp} (+{TIME_POINTS.get(tp, 0)})",
        f"{n_src} source{'s' if n_src != 1 else ''}, weight {w_src:g} by tier (+{src_pts})",
    ]
    if len(sides) >= 2:
        why.append(f"claims from {len(sides)} sides (+1)")
    why += [f"a {s} claim ({STATUS_POINTS[s]:+d})" for s in sorted(statuses & set(STATUS_POINTS))]
    return letter, points, "; ".join(why)


def with_confidence(events: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``events`` with :data:`CONFIDENCE_COLUMNS`: the families of its claimants (``; ``-joined
    labels keys, in :data:`FAMILY_LABELS` order) and its grade, points and the reasons."""
    events = events.copy()
    recs = events.to_dict("records")
    out = []
    for e in recs:
        fams = {family_of(c.get("claimant")) for c in e.get("claims") or []}
        letter, points, why = grade(e)
        out.append(("; ".join(f for f in FAMILY_LABELS if f in fams), letter, points, why))
    cols = list(zip(*out, strict=True)) if out else [(), (), (), ()]
    for name, values in zip(CONFIDENCE_COLUMNS, cols, strict=True):
        events[name] = list(values)
    return events


def by_family(events: gpd.GeoDataFrame, wanted: Iterable[str]) -> gpd.GeoDataFrame:
    """Events with at least one claim by a claimant of one of the ``wanted`` families (an
    empty choice keeps every event)."""
    wanted = set(wanted)
    if not wanted:
        return events
    if "claim_families" not in events:
        return events.iloc[0:0]
    mask = events["claim_families"].map(lambda s: bool(wanted & set(str(s).split("; "))))
    return events.loc[mask.astype(bool)]


def family_counts(claims: pd.DataFrame) -> pd.Series:
    """How many claims each family makes (for a legend or a summary)."""
    if claims.empty:
        return pd.Series(dtype=int)
    return claims["claimant"].map(family_of).value_counts()
