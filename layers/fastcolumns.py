"""Column helpers of the column-by-column CSV check (:mod:`layers.fastload`): arrow text
columns, each distinct value judged once and the verdict spread to its rows."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from layers.parse import FieldError


def strings(table: pa.Table, src: str | None, n: int) -> pa.Array:
    if src is None:
        return pa.array([""] * n, pa.string()) if n else pa.array([], pa.string())
    return table.column(src).combine_chunks()


def text_column(values: pa.Array) -> pd.api.extensions.ExtensionArray:
    """Arrow text as the frame's text column (pandas' ``str``, arrow-backed): no Python
    string per row is made (at 500,000 rows, a column of them costs a quarter second)."""
    return pd.array(values.cast(pa.string()), dtype="str")


def text_of(vals: list[str], idx: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """The text column whose row r holds ``vals[idx[r]]`` (distinct values spread by arrow)."""
    return text_column(
        pa.DictionaryArray.from_arrays(pa.array(idx, pa.int32()), pa.array(vals, pa.string()))
    )


def distinct(arr: pa.Array) -> tuple[np.ndarray, list[str]]:
    """(index per row, distinct values): each value is then judged once."""
    enc = pc.dictionary_encode(pc.utf8_trim_whitespace(arr))
    return enc.indices.to_numpy(zero_copy_only=False), enc.dictionary.to_pylist()


class Ctx:
    """The parsed table, where each canonical column comes from, and the errors found."""

    def __init__(self, table: pa.Table, src: dict[str, str]):
        self.table, self.src, self.n = table, src, table.num_rows
        self.errs: list[tuple[np.ndarray, str, list, list]] = []  # rows, field, values, why

    def col(self, field: str) -> tuple[np.ndarray, list[str]]:
        return distinct(strings(self.table, self.src.get(field), self.n))

    def texts(self, field: str) -> pd.api.extensions.ExtensionArray:
        """The column's trimmed text, kept in arrow (never a Python string per row)."""
        return text_column(
            pc.utf8_trim_whitespace(strings(self.table, self.src.get(field), self.n))
        )

    def reject_unique(self, idx, values, verdicts, field) -> None:
        """verdicts[k]: a reason for distinct value k, or None when it passes."""
        bad = np.array([v is not None for v in verdicts] + [False], bool)[idx]
        rows = np.flatnonzero(bad)
        if rows.size:
            vals = [values[idx[r]] for r in rows]
            self.errs.append((rows, field, vals, [verdicts[idx[r]] for r in rows]))


def spread(vals: list, idx: np.ndarray) -> np.ndarray:
    arr = np.empty(len(vals) + 1, dtype=object)
    for i, v in enumerate(vals):
        arr[i] = v
    return arr[idx]


def judge(vals: list[str], parse, failed=None) -> tuple[list, list]:
    """(parsed value, reason or None) for each distinct value."""
    parsed: list = []
    verdict: list[str | None] = []
    for v in vals:
        try:
            parsed.append(parse(v))
            verdict.append(None)
        except FieldError as exc:
            parsed.append(failed)
            verdict.append(str(exc))
    return parsed, verdict
