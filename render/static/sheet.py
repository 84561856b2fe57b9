"""The lesson sheet: an A4 PDF with the map of a date, the dated timeline of the events it
shows, the disputed claims side by side (who says what, and the claim's status) and the
sources. Only the record's own fields are printed; nothing is summarised or invented.

The map is the static image of :func:`render.static.render_static` (PNG at 220 dpi, placed
on the page); the text is PDF text. Further A4 pages follow when the text does not fit.
"""

from __future__ import annotations

import io
import re
import textwrap
from pathlib import Path

import pandas as pd
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from PIL import Image

from layers.vocab import citation
from render.popup import sources_lookup, when_text

A4_IN = (8.27, 11.69)
MARGIN_IN = 0.55
FONT = 7.4  # pt: body text
LINE_IN = FONT * 1.3 / 72
MAP_DPI = 220


class _Pages:
    """Text flowing down A4 pages, top to bottom; a new page when the next block is full."""

    def __init__(self, pdf: PdfPages):
        self.pdf, self.fig, self.y = pdf, None, 0.0
        self.width = A4_IN[0] - 2 * MARGIN_IN

    def new_page(self) -> None:
        self.flush()
        self.fig = Figure(figsize=A4_IN, facecolor="white")
        self.y = A4_IN[1] - MARGIN_IN

    def flush(self) -> None:
        if self.fig is not None:
            self.pdf.savefig(self.fig)
            self.fig = None

    def need(self, height_in: float) -> None:
        if self.fig is None or self.y - height_in < MARGIN_IN:
            self.new_page()

    def text(self, x_in: float, lines: list[str], **kw) -> float:
        """Draw ``lines`` at ``x_in`` from the current y; returns their height (in)."""
        fs = kw.pop("fontsize", FONT)
        h = len(lines) * fs * 1.3 / 72
        self.fig.text(
            (MARGIN_IN + x_in) / A4_IN[0],
            self.y / A4_IN[1],
            "\n".join(lines),
            va="top",
            ha="left",
            fontsize=fs,
            linespacing=1.3,
            **kw,
        )
        return h

    def heading(self, t: str) -> None:
        self.need(0.3 + 3 * LINE_IN)
        self.y -= 0.12
        self.y -= self.text(0, [t], fontsize=10.5, fontweight="bold") + 0.04

    def row(self, cells: list[tuple[float, float, str]], **kw) -> None:
        """One table row: (x in, width in, text) per cell, each wrapped to its width."""
        wrapped = [(x, _wrap(t, w, kw.get("fontsize", FONT)) or [""]) for x, w, t in cells]
        h = max(len(lines) for _, lines in wrapped) * LINE_IN
        self.need(h)
        for x, lines in wrapped:
            self.text(x, lines, **kw)
        self.y -= h + 0.035


def _wrap(text: str, width_in: float, fs: float) -> list[str]:
    chars = max(10, int(width_in * 72 / (fs * 0.55)))
    return [ln for para in str(text).split("\n") for ln in textwrap.wrap(para, chars) or [""]]


def _str(v) -> str:
    return "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v)


def _split_ids(v) -> list[str]:
    """Claim ids from a list (the record) or a ``;``/``,``-separated string (an import)."""
    items = v if isinstance(v, list | tuple) else re.split(r"[;,\s]+", _str(v))
    return [str(p) for p in items if _str(p)]


def _claim_text(c: dict) -> str:
    return f"{_str(c.get('claimant'))}: {_str(c.get('claim_text'))} [{_str(c.get('status'))}]" + (
        f" ({c['source_id']})" if _str(c.get("source_id")) else ""
    )


def disputed_pairs(shown) -> list[tuple[str, list[dict], list[dict]]]:
    """(event heading, claims, the claims disputing them) for every shown event with a
    disputed claim: a claim and those its ``disputed_by`` names, side by side."""
    out = []
    if shown is None or not len(shown) or "claims" not in shown:
        return out
    every = [c for cs in shown["claims"] for c in (cs or []) if isinstance(c, dict)]
    by_id = {_str(c.get("claim_id")): c for c in every if _str(c.get("claim_id"))}
    done: set[int] = set()  # a claim is shown once, beside the first claim it answers
    for _, ev in shown.sort_values(["event_date", "event_id"]).iterrows():
        claims = [c for c in (ev.get("claims") or []) if isinstance(c, dict)]
        for c in claims:
            if id(c) in done or _str(c.get("status")) != "disputed":
                continue
            others = [by_id[i] for i in _split_ids(c.get("disputed_by")) if i in by_id]
            others = [o for o in others if id(o) not in done]
            done.update({id(c), *(id(o) for o in others)})
            head = f"{when_text(ev)} · {_str(ev.get('location'))} ({_str(ev.get('event_id'))})"
            out.append((head, [c], others))
    return out


def _map_png(
    events, *, date, mode, title, lang, layers, sources, bounds, dpi, showing=None
) -> Image.Image:
    import tempfile

    from render.static import render_static

    buf = io.BytesIO()
    with tempfile.TemporaryDirectory() as tmp:
        p = render_static(
            events,
            date=date,
            mode=mode,
            title=title,
            lang=lang,
            layers=layers,
            sources=sources,
            out_path=Path(tmp) / "map.png",
            dpi=dpi,
            bounds=bounds,
            showing=showing,
        )
        buf.write(p.read_bytes())
    buf.seek(0)
    return Image.open(buf).convert("RGB")


def render_sheet(
    events,
    *,
    date,
    mode="upto",
    title=None,
    lang="en",
    layers=None,
    sources=None,
    out_path,
    bounds=None,
    map_dpi=MAP_DPI,
    showing=None,
) -> Path:
    """The lesson sheet of ``events`` on ``date`` (``mode`` as in the map) as an A4 PDF; the
    map is placed as an image of ``map_dpi``."""
    from render.static import _literal_text, _save_meta, _shown

    out = Path(out_path)
    img = _map_png(
        events,
        date=date,
        mode=mode,
        title=title,
        lang=lang,
        layers=layers,
        sources=sources,
        bounds=bounds,
        dpi=map_dpi,
        showing=showing,
    )
    with _literal_text(), PdfPages(out, metadata=_save_meta("pdf")) as pdf:
        shown = _shown(events, date, mode)
        pages = _Pages(pdf)
        pages.new_page()
        w = pages.width
        h = w * img.height / img.width
        ax = pages.fig.add_axes(
            (MARGIN_IN / A4_IN[0], (pages.y - h) / A4_IN[1], w / A4_IN[0], h / A4_IN[1])
        )
        ax.imshow(img, interpolation="none")
        ax.set_axis_off()
        pages.y -= h + 0.05
        _timeline(pages, shown)
        _claims(pages, shown)
        _sources(pages, shown, sources)
        pages.flush()
    return out


def _timeline(pages: _Pages, shown) -> None:
    pages.heading(f"Timeline: the {len(shown)} event(s) on the map")
    if not len(shown):
        pages.row([(0, pages.width, "No event of the record is shown on this date.")])
        return
    cols = [(0, 1.75), (1.8, 1.35), (3.2, 1.45), (4.7, pages.width - 4.7)]
    head = ["When", "Where", "What", "Sources"]
    pages.row([(x, cw, t) for (x, cw), t in zip(cols, head, strict=True)], fontweight="bold")
    for _, ev in shown.sort_values(["event_date", "event_id"]).iterrows():
        ids = ev.get("source_ids")
        cells = [
            when_text(ev),
            _str(ev.get("location")),
            _str(ev.get("sub_event_type")) or _str(ev.get("event_type")),
            ", ".join(ids) if isinstance(ids, list | tuple) else _str(ids),
        ]
        pages.row([(x, cw, t) for (x, cw), t in zip(cols, cells, strict=True)])


def _claims(pages: _Pages, shown) -> None:
    pairs = disputed_pairs(shown)
    pages.heading("Disputed claims, side by side (claimant: claim [status] (source))")
    if not pairs:
        pages.row([(0, pages.width, "No shown event has a disputed claim in the record.")])
        return
    half = (pages.width - 0.2) / 2
    for head, left, right in pairs:
        pages.row([(0, pages.width, head)], fontweight="bold")
        pages.row(
            [
                (0, half, "\n".join(_claim_text(c) for c in left)),
                (
                    half + 0.2,
                    half,
                    "\n".join(_claim_text(c) for c in right) or "(no counter-claim named)",
                ),
            ]
        )


def _sources(pages: _Pages, shown, sources) -> None:
    cited = sorted(
        {
            s
            for ids in shown.get("source_ids", [])
            for s in (ids if isinstance(ids, list | tuple) else [])
        }
    )
    pages.heading("Sources")
    lookup = sources_lookup(sources)
    if not cited:
        pages.row([(0, pages.width, "No sources cited by the shown events.")])
    for sid in cited:
        s = lookup.get(sid)
        pages.row([(0, 0.4, sid), (0.45, pages.width - 0.45, citation(s) if s else "")])
    pages.row(
        [
            (
                0,
                pages.width,
                "Made with raidmap from its record only: each line above is a field of the "
                "record. Border and land © OpenStreetMap contributors (ODbL); places GeoNames "
                "(CC BY 4.0).",
            )
        ],
        color="#555555",
    )
