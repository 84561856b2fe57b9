"""Synthetic datasets for tests that need many events."""

from __future__ import annotations

from tests.conftest import csv_bytes


def many_events_csv(n: int) -> bytes:
    """n located events over May 2023, spread over the Belgorod border area, as an import
    CSV (every row valid)."""
    rows = []
    for i in range(n):
        lat = 50.30 + (i % 47) * 0.004
        lon = 35.60 + (i % 97) * 0.012
        day = 1 + i % 31
        rows.append(
            f"B-{i},2023-05-{day:02d},,1,Battles,Armed clash,Russian Volunteer Corps,,"
            f"Place {i},1,{lat:.4f},{lon:.4f},Clash number {i}.,S1"
        )
    return csv_bytes(*rows)
