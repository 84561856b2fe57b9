"""Rows whose coordinates disagree with the place they name, or with their country
(issue 16, item 3): warned about, the row kept."""

from __future__ import annotations

import numpy as np

from geo.measure import default_depth_model, lambert_m
from layers.report import LoadReport
from layers.schema import COORD_RADIUS_M


class PlaceChecks:
    """Rows whose coordinates were given and whose location names a known place: checked
    all at once (vectorised) after validation."""

    def __init__(self):
        self.items: list[tuple] = []

    def add(self, ref, out: dict, country: str) -> None:
        place = out.pop("_place", None)
        alts = out.pop("_alts", ())
        if out.get("_given") and (place is not None or country):
            self.items.append((ref, out["latitude"], out["longitude"], place, alts, country, out))
        out.pop("_given", None)

    def warn(self, report: LoadReport, skip: set[int], position: dict) -> None:
        items = [it for it in self.items if position.get(it[0]) not in skip]
        if not items:
            return
        lat = np.array([it[1] for it in items])
        lon = np.array([it[2] for it in items])
        where = default_depth_model().territory.country_at(lon, lat)
        # Distance to the nearest place of that name (a homonym may be the one meant).
        rows, plat, plon, allowed = [], [], [], []
        for k, (_, _, _, place, alts, _, out) in enumerate(items):
            for p in (place, *alts) if place is not None else ():
                rows.append(k)
                plat.append(p.lat)
                plon.append(p.lon)
                allowed.append(p.precision_m + COORD_RADIUS_M[out.get("geo_precision") or 1])
        best = np.full(len(items), np.inf)
        limit = np.zeros(len(items))
        if rows:
            ks = np.array(rows)
            d = lambert_m(lon[ks], lat[ks], np.array(plon), np.array(plat))
            ratio = d / np.array(allowed)
            order = np.lexsort((ratio, ks))
            first = order[np.r_[True, ks[order][1:] != ks[order][:-1]]]
            best[ks[first]] = d[first]
            limit[ks[first]] = np.array(allowed)[first]
        for k, (ref, la, lo, place, _, country, out) in enumerate(items):
            if place is not None and best[k] > limit[k]:
                report.warn(
                    ref,
                    "location",
                    out["location"],
                    f"coordinates lat={la}, lon={lo} lie {best[k] / 1000:.1f} km from "
                    f"{place.name} ({place.country}), farther than its "
                    f"{limit[k] / 1000:.1f} km radius allows: check the place or the point",
                )
            want = COUNTRY_CODES.get(str(country or "").strip().lower()) or (
                place.country if place is not None else ""
            )
            if want and where[k] and where[k] != want:
                report.warn(
                    ref,
                    "latitude",
                    f"{la}, {lo}",
                    f"coordinates lie in {COUNTRY_NAMES.get(where[k], where[k])}, the row's "
                    f"country is {COUNTRY_NAMES.get(want, want)}",
                )


COUNTRY_CODES = {"russia": "RU", "ukraine": "UA", "belarus": "BY", "ru": "RU", "ua": "UA"}
COUNTRY_NAMES = {"RU": "Russia", "UA": "Ukraine", "BY": "Belarus"}
