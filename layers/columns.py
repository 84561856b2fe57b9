"""Valid rows kept column by column while a file is validated."""

from __future__ import annotations

from collections import defaultdict


class Columns:
    """Valid rows kept column by column (a list per field, not a dict per row: at 500,000
    rows a dict per row alone would take about a gigabyte)."""

    def __init__(self):
        self.data: dict[str, list] = defaultdict(list)
        self.n = 0

    def append(self, out: dict) -> None:
        for k in set(self.data) | set(out):
            col = self.data[k]
            if len(col) < self.n:
                col.extend([None] * (self.n - len(col)))
            col.append(out.get(k))
        self.n += 1

    def drop(self, positions: set[int]) -> None:
        if not positions:
            return
        keep = [i for i in range(self.n) if i not in positions]
        for k, col in self.data.items():
            self.data[k] = [col[i] for i in keep]
        self.n = len(keep)

    def records(self) -> list[dict]:
        keys = list(self.data)
        return [{k: self.data[k][i] for k in keys} for i in range(self.n)]
