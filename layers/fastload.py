"""Validating a large CSV import column by column (issue 16: the whole-war export).

The same rules as :func:`layers.validate.validate_into_columns`, which checks one row at a
time: at 500,000 rows that loop alone takes minutes. Here the file is parsed by pyarrow's
CSV reader, every repetitive column (dates, codes, types, places, countries) is validated
once per distinct value and the verdict spread to its rows, and coordinates are parsed and
checked as arrays. ``tests/test_fastload.py`` checks that both paths report the same
rejections, warnings and kept events.
The column helpers are in :mod:`layers.fastcolumns`, places and coordinates in
:mod:`layers.fastplaces`.

:func:`validate_csv` returns None when the file needs the row-by-row path: text that was
not clean UTF-8, quoted line breaks or blank lines (line numbers are then not simply the
record's position), or a cross-check against known sources (the bundled record).
"""

from __future__ import annotations

import codecs

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from geo.gazetteer import Gazetteer
from layers import readers
from layers.fastcolumns import Ctx, judge, spread, text_of
from layers.fastplaces import locate, warn_places
from layers.parse import (
    check_date_window,
    parse_code,
    parse_count,
    parse_date,
    split_list,
    type_errors,
)
from layers.placecheck import COUNTRY_CODES, COUNTRY_NAMES
from layers.report import LoadReport
from layers.schema import (
    AREA_RADIUS_M,
    DATE_MIN,
    MAX_FATALITIES,
    MAX_ROWS,
    date_max,
)

# Files below this many bytes take the row-by-row path (its cost does not matter there).
FAST_MIN_BYTES = 2_000_000


def use_jemalloc() -> str:
    """Make jemalloc pyarrow's default memory pool, where this pyarrow build has it, and
    return the default pool's name. The large reader's peak memory depends on the pool:
    ``bench/bench_import.py 500000 --parquet`` (pyarrow 26, 2 cores) peaked at 1.61-1.69 GB
    in 6 of 7 runs with pyarrow's default (mimalloc) or the system allocator, over the 1.5 GB
    target, and at 1.11-1.12 GB with jemalloc, which hands the CSV parse's freed blocks back.
    A process-wide choice, made when a large file is first read (the command line's export,
    the app's upload)."""
    try:
        if pa.default_memory_pool().backend_name != "jemalloc":
            pa.set_memory_pool(pa.jemalloc_memory_pool())
    except NotImplementedError:  # a build without jemalloc keeps its default
        pass
    return pa.default_memory_pool().backend_name


def read_table(data: bytes, header: list[str], keep: set[str], report: LoadReport):
    """(table of the kept columns as text, line number of each row) or None for the
    row-by-row path. Rows with the wrong number of cells are rejected here, by line."""
    lines_total = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    invalid: list[tuple[int, int, str]] = []

    def handler(row) -> str:
        invalid.append((row.actual_columns, row.expected_columns, row.text))
        return "skip"

    use_jemalloc()
    try:
        table = pacsv.read_csv(
            pa.py_buffer(data),
            read_options=pacsv.ReadOptions(block_size=1 << 24),
            parse_options=pacsv.ParseOptions(newlines_in_values=True, invalid_row_handler=handler),
            convert_options=pacsv.ConvertOptions(
                column_types={h: pa.string() for h in header},
                include_columns=[h for h in header if h in keep],
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowKeyError):
        return None  # duplicate header names and the like: the row-by-row reader decides
    if table.num_rows + len(invalid) + 1 != lines_total:
        return None  # quoted line breaks or blank lines
    if table.num_rows + len(invalid) > MAX_ROWS:
        report.fail(f"more than {MAX_ROWS:,} rows; split the file")
        return table, np.zeros(0, np.int64)
    at_lines = _line_numbers(data, [text.encode("utf-8") for _, _, text in invalid])
    if at_lines is None:
        return None  # not found as a line of its own: the row-by-row reader decides
    found = sorted(zip(at_lines, *zip(*invalid, strict=True), strict=True)) if invalid else []
    for line, got, want, text in found:
        if got > want:
            cells = text.split(",")
            report.reject(line, "-", ",".join(cells[want:]), "more cells than header columns")
        else:
            report.reject(
                line,
                "-",
                text,
                f"{got} cells, the header has {want} columns (a cut or shifted row?)",
            )
    bad_lines = [f[0] for f in found]
    lines = np.setdiff1d(np.arange(2, lines_total + 1), np.array(bad_lines, np.int64))
    return table, lines


def _line_numbers(data: bytes, texts: list[bytes]) -> list[int] | None:
    """The line number of each text, found as a whole line of ``data`` (between two line
    feeds; the same text twice: two lines, in file order); None when one is not there.
    The reader reports bad rows out of file order (blocks are parsed in parallel): rather
    than a search per row, every line's length and first bytes are read as arrays once,
    and only lines that agree with a text on both are compared with it."""
    if not texts:
        return []
    buf = np.frombuffer(data, np.uint8)  # a view: the bytes are not copied
    step = 1 << 23  # the line feeds found a slice at a time (no file-sized temporary)
    feeds = np.concatenate(
        [np.flatnonzero(buf[a : a + step] == 10) + a for a in range(0, len(buf), step)]
    )  # line k + 2 lies between feeds[k] and feeds[k + 1]
    length = np.diff(feeds) - 1
    cand = np.flatnonzero(np.isin(length, np.array(sorted({len(t) for t in texts}))))
    head = 8  # the first bytes of each candidate line, as one 64-bit number
    at = np.minimum((feeds[cand] + 1)[:, None] + np.arange(head), len(buf) - 1)
    firsts = buf[at]
    firsts[np.arange(head) >= np.minimum(length[cand], head)[:, None]] = 0
    keys = np.ascontiguousarray(firsts).view(np.uint64)[:, 0]
    lens = length[cand]
    used: set[int] = set()
    out = []
    for t in texts:
        key = np.frombuffer(t[:head].ljust(head, b"\0"), np.uint64)[0]
        hit = None
        for k in cand[(lens == len(t)) & (keys == key)].tolist():
            if k not in used and data[feeds[k] + 1 : feeds[k + 1]] == t:
                hit = k
                break
        if hit is None:
            return None
        used.add(hit)
        out.append(hit + 2)
    return out


def validate_csv(
    box: list, header, mapping, report: LoadReport, gaz: Gazetteer, progress=None, stage=None
):
    """Validate the clean UTF-8 CSV bytes in ``box`` (taken out of it once parsed, so that
    they can be freed; left there when None is returned) into a dict of columns for
    :func:`layers.events.build_gdf`; None when the row-by-row path must do it.
    ``stage(text)``, when given, is told each step after the rows are read."""
    read = read_table(box[0], header, set(mapping), report)
    if read is None:
        return None
    table, lines = read
    box.clear()  # the caller's bytes are not needed any more: free them before the rest
    if report.file_error:
        return {}
    report.rows_in += table.num_rows + report.rows_rejected
    if progress is not None:
        progress(report.rows_in)
    if stage is not None:
        stage(f"checking {report.rows_in:,} rows")
    ctx = Ctx(table, {canon: s for s, canon in mapping.items()})
    out: dict[str, object] = {}
    eid_idx, eid_vals = ctx.col("event_id")
    ctx.reject_unique(eid_idx, eid_vals, ["empty event id" if not v else None for v in eid_vals],
                      "event_id")  # fmt: skip
    out["event_id"] = text_of(eid_vals, eid_idx)
    for f in ("actor1", "actor2", "location", "summary"):
        out[f] = ctx.texts(f)
    tp, gp = _dates_and_codes(ctx, out)
    _types(ctx, out)
    f_idx, f_vals = ctx.col("fatalities")
    nums, verdict = judge(
        f_vals, lambda v: parse_count(v, what="fatalities", maximum=MAX_FATALITIES)
    )
    ctx.reject_unique(f_idx, f_vals, verdict, "fatalities")
    out["fatalities"] = spread(nums, f_idx)  # None: no count given (kept as missing)
    s_idx, s_vals = ctx.col("source_ids")
    lists = [split_list(v) for v in s_vals]
    out["source_ids"] = [lists[i] for i in s_idx.tolist()]
    if stage is not None:
        stage(f"checking the places of {report.rows_in:,} rows")
    locate(ctx, out, gp, gaz)
    bad_rows = _report_errors(ctx, lines, report)
    bad_rows |= _duplicates(eid_vals, eid_idx, lines, report)
    keep = ~bad_rows
    warn_places(out, keep, lines, table, ctx.src, gp, report, COUNTRY_CODES, COUNTRY_NAMES)
    report.rows_kept = int(keep.sum())
    return _result(out, keep, tp, gp)


def _dates_and_codes(ctx: Ctx, out: dict) -> tuple[np.ndarray, np.ndarray]:
    """Dates (in the plausible window), the precision codes, and the window a week- or
    month-precise date stands for; returns the two codes per row."""
    lo, hi = DATE_MIN, date_max()

    def day(v: str):
        d = parse_date(v)
        check_date_window(d, lo, hi)
        return np.datetime64(d, "D")

    dates = {}
    for f in ("event_date", "end_date"):
        idx, vals = ctx.col(f)
        parsed, verdict = judge(vals, day, np.datetime64("NaT"))
        if f == "end_date":  # an empty end date is no error
            parsed = [
                np.datetime64("NaT") if not v else p for v, p in zip(vals, parsed, strict=True)
            ]
            verdict = [None if not v else w for v, w in zip(vals, verdict, strict=True)]
        ctx.reject_unique(idx, vals, verdict, f)
        arr = np.array([*parsed, np.datetime64("NaT")], "datetime64[D]")[idx]
        empty = np.array([not v for v in vals] + [True], bool)[idx]
        dates[f] = (arr, idx, vals, empty)
    start, end = dates["event_date"][0], dates["end_date"][0]
    rows = np.flatnonzero(~np.isnat(start) & ~np.isnat(end) & (end < start))
    if rows.size:
        e_idx, e_vals = dates["end_date"][1], dates["end_date"][2]
        ctx.errs.append((rows, "end_date", [e_vals[e_idx[r]] for r in rows],
                         ["end date is before the event date"] * rows.size))  # fmt: skip
    codes = {}
    for f in ("time_precision", "geo_precision"):
        idx, vals = ctx.col(f)
        num, verdict = judge(vals, lambda v, f=f: parse_code(v, what=f), 0)
        ctx.reject_unique(idx, vals, verdict, f)
        codes[f] = np.array([*num, 0], np.int64)[idx]
    tp, gp = codes["time_precision"], codes["geo_precision"]
    win = ~np.isnat(start) & dates["end_date"][3] & ((tp == 2) | (tp == 3))
    week, month = win & (tp == 2), win & (tp == 3)
    new_start, new_end = start.copy(), end.copy()
    new_start[week] = start[week] - np.timedelta64(3, "D")
    new_end[week] = start[week] + np.timedelta64(3, "D")
    m0 = start[month].astype("datetime64[M]")
    new_start[month] = m0.astype("datetime64[D]")
    new_end[month] = (m0 + 1).astype("datetime64[D]") - np.timedelta64(1, "D")
    out["event_date"], out["end_date"] = new_start, new_end
    return tp, gp


def _types(ctx: Ctx, out: dict) -> None:
    """Event type and sub-type: each distinct pair judged once."""
    t_idx, t_vals = ctx.col("event_type")
    s_idx, s_vals = ctx.col("sub_event_type")
    width = len(s_vals) + 1
    uniq, inv = np.unique(t_idx.astype(np.int64) * width + s_idx, return_inverse=True)
    pairs = [(t_vals[c // width], s_vals[c % width]) for c in uniq.tolist()]
    t_bad: list[str | None] = []
    s_bad: list[str | None] = []
    for et, st in pairs:
        reasons = {field: reason for field, _, reason in type_errors(et, st)}
        t_bad.append(reasons.get("event_type"))
        s_bad.append(reasons.get("sub_event_type"))
    ctx.reject_unique(inv, [p[0] for p in pairs], t_bad, "event_type")
    ctx.reject_unique(inv, [p[1] for p in pairs], s_bad, "sub_event_type")
    out["event_type"] = text_of(t_vals, t_idx)
    out["sub_event_type"] = text_of(s_vals, s_idx)


def _report_errors(ctx: Ctx, lines: np.ndarray, report: LoadReport) -> np.ndarray:
    """Every error into the report, in row order; the rows with any."""
    bad_rows = np.zeros(ctx.n, bool)
    for rows, *_ in ctx.errs:
        bad_rows[rows] = True
    order = sorted(
        (int(r), k, j) for k, (rows, *_rest) in enumerate(ctx.errs) for j, r in enumerate(rows)
    )
    for r, k, j in order:
        _, field, values, reasons = ctx.errs[k]
        report.reject(int(lines[r]), field, values[j], reasons[j])
    return bad_rows


def _duplicates(eid_vals: list[str], eid_idx, lines, report: LoadReport) -> np.ndarray:
    """Every row whose id another row carries too, each named with the others."""
    counts = np.bincount(eid_idx, minlength=len(eid_vals) + 1)
    empty = np.array([not v for v in eid_vals] + [True], bool)
    dup = ~empty[eid_idx] & (counts[eid_idx] > 1)
    groups: dict[str, list[int]] = {}
    for r in np.flatnonzero(dup).tolist():
        groups.setdefault(eid_vals[eid_idx[r]], []).append(int(lines[r]))
    for e, refs in groups.items():
        for ref in refs:
            others = ", ".join(str(o) for o in refs if o != ref)
            report.reject(ref, "event_id", e, f"duplicate event id (also in row {others})")
    return dup


def _result(out: dict, keep: np.ndarray, tp, gp) -> dict:
    result = {}
    for k, v in out.items():
        if k.startswith("_"):
            continue
        result[k] = [v[i] for i in np.flatnonzero(keep)] if isinstance(v, list) else v[keep]
    result["time_precision"] = tp[keep]
    result["geo_precision"] = gp[keep]
    radius = out["radius_m"][keep]
    region = out["_region"][keep]
    result["draw_as"] = text_of(
        ["point", "area"], (region | (radius > AREA_RADIUS_M)).astype(np.int32)
    )
    return result


def csv_header(box: list[bytes], report: LoadReport) -> list[str] | None:
    """The header of the CSV bytes in ``box`` (a UTF-8 BOM dropped from them), or None
    after failing the report."""
    if box[0].startswith(codecs.BOM_UTF8):
        box[0] = box[0][3:]
    data = box[0]
    head = data[: data.find(b"\n") + 1 or len(data)].decode("utf-8")
    parsed = readers.iter_csv_rows(head, report)
    return None if parsed is None else parsed[0]
