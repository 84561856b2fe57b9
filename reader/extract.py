"""A report's plain text from a file's bytes: UTF-8 text as is, an HTML page through
``trafilatura`` (text only: nothing in the page is run, scripts and event handlers are
dropped with the markup)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

MAX_REPORT_BYTES = 8 * 1024 * 1024  # larger files are refused, not cut
_HTML_HEAD = re.compile(r"^\s*(?:<!doctype html|<html|<head|<body|<meta|<title|<p[\s>]|<div)", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


class ReadError(ValueError):
    """A file that cannot be read as a report (missing, too large, binary, not text)."""


@dataclass
class Extracted:
    text: str
    kind: str  # "text", "html" or "empty"
    page_date: dt.date | None = None  # an HTML page's own publication date, if it gives one
    notes: tuple[str, ...] = ()


def read_source(source: str | Path | bytes, name: str | None = None) -> tuple[bytes, str]:
    """The bytes of a path (or bytes as given) and a display name."""
    if isinstance(source, bytes):
        return source, name or "upload"
    path = Path(source)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise ReadError(f"{path}: not a file")
        if size > MAX_REPORT_BYTES:
            raise ReadError(f"{path}: {size:,} bytes; the limit is {MAX_REPORT_BYTES:,}")
        return path.read_bytes(), name or path.name
    except OSError as exc:
        raise ReadError(f"{path}: cannot read the file ({exc.strerror or exc})") from None


def decode(data: bytes, name: str) -> str:
    if len(data) > MAX_REPORT_BYTES:
        raise ReadError(f"{name}: {len(data):,} bytes; the limit is {MAX_REPORT_BYTES:,}")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ReadError(f"{name}: not readable UTF-16 text ({exc.reason})") from None
    else:
        if b"\x00" in data[:65536]:
            raise ReadError(f"{name}: binary data (NUL bytes), not a text or HTML report")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ReadError(
                f"{name}: not UTF-8 text (byte {exc.start}: {exc.reason}); "
                "save the report as UTF-8 text or HTML"
            ) from None
    sample = text[:65536]
    if sample and len(_CONTROL.findall(sample)) > 0.01 * len(sample):
        raise ReadError(f"{name}: binary data (control characters), not a text or HTML report")
    return text


def looks_like_html(text: str, name: str = "") -> bool:
    return name.lower().endswith((".html", ".htm", ".xhtml")) or bool(_HTML_HEAD.match(text[:2000]))


def html_text(html: str) -> tuple[str, dt.date | None]:
    """The article text of an HTML page and the page's date (trafilatura), else every text
    node outside script/style (lxml). Markup, scripts and handlers never reach the text."""
    import trafilatura

    text = trafilatura.extract(
        html, include_comments=False, include_tables=True, favor_recall=True, deduplicate=False
    )
    page_date = None
    try:
        meta = trafilatura.extract_metadata(html)
        if meta is not None and meta.date:
            page_date = dt.date.fromisoformat(str(meta.date)[:10])
    except (ValueError, TypeError):
        page_date = None
    if not text or not text.strip():
        text = _all_text(html)
    return text or "", page_date


def _all_text(html: str) -> str:
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return ""
    for bad in root.xpath("//script|//style|//noscript|//template|//iframe|//object"):
        bad.drop_tree()
    blocks = []
    for el in root.iter("p", "h1", "h2", "h3", "h4", "li", "td", "div", "blockquote"):
        if el.tag == "div" and len(el):
            continue
        t = " ".join(el.text_content().split())
        if t:
            blocks.append(t)
    return "\n\n".join(blocks)


def extract(data: bytes, name: str) -> Extracted:
    text = decode(data, name)
    if not text.strip():
        return Extracted("", "empty", notes=(f"{name}: the file is empty",))
    if looks_like_html(text, name):
        body, page_date = html_text(text)
        notes = () if body.strip() else (f"{name}: the HTML page holds no article text",)
        return Extracted(body, "html", page_date, notes)
    return Extracted(text.replace("\r\n", "\n").replace("\r", "\n"), "text")
