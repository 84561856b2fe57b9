"""The one escaping helper for every text that comes from data.

Event text reaches popups, tooltips, legends, layer names and exported HTML. ``html.escape``
alone is not enough where folium places text inside JavaScript template literals (``${...}``
and backticks survive it), so :func:`esc` also turns ``$ ` { } \\`` into character
references: the browser shows them literally and no JavaScript parser ever sees them.
"""

from __future__ import annotations

import html
import json
import math

_EXTRA = str.maketrans(
    {
        "`": "&#96;",
        "$": "&#36;",
        "{": "&#123;",
        "}": "&#125;",
        "\\": "&#92;",
    }
)
SAFE_SCHEMES = ("http://", "https://")


def esc(value) -> str:
    """Text → HTML that shows the text literally, safe in markup and in JS literals."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return html.escape(str(value), quote=True).translate(_EXTRA)


def esc_isolated(value) -> str:
    """Like :func:`esc`, wrapped in ``<bdi>`` so right-to-left text or a bidi override
    inside the value cannot reorder the text around it."""
    return f"<bdi>{esc(value)}</bdi>"


def safe_url(url) -> str | None:
    """The URL if it is http(s), else None (``javascript:``, ``data:``, ``vbscript:`` ...)."""
    if not isinstance(url, str):
        return None
    u = url.strip()
    if not u.lower().startswith(SAFE_SCHEMES) or any(c in u for c in "\"'<> \n\r\t`"):
        return None
    return u


def link(url, text) -> str:
    """An ``<a>`` for http(s) URLs (opened without opener), else the escaped text alone."""
    u = safe_url(url)
    if u is None:
        return esc_isolated(text)
    return (
        f'<a href="{esc(u)}" target="_blank" rel="noopener noreferrer nofollow">'
        f"{esc_isolated(text)}</a>"
    )


def json_for_script(obj) -> str:
    """JSON that is safe inside a ``<script>`` element (no ``</script>``, no ``<!--``)."""
    return script_safe_json(
        json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    )


def script_safe_json(s: str) -> str:
    """JSON text made safe inside a ``<script>`` element and for ``eval``. ``<``, ``>``,
    ``&`` and the two line separators can only occur inside JSON strings, where their
    ``\\u`` escapes mean the same."""
    return (
        s.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


_MD_SPECIAL = set("\\`*_{}[]()<>#+-.!|$~&")


def md_escape(value) -> str:
    """Text → Markdown that Streamlit shows literally: no links, emphasis, HTML or LaTeX
    (``$`` starts a formula in Streamlit's Markdown)."""
    if value is None:
        return ""
    s = " ".join(str(value).split())  # newlines would start new Markdown blocks
    return "".join("\\" + c if c in _MD_SPECIAL else c for c in s)


def md_link(url, text) -> str:
    """A Markdown link to an http(s) URL showing ``text`` literally (:func:`md_escape`), or
    the escaped text alone for any other URL. Parentheses and backslashes in the URL are
    percent-encoded so that they cannot end the link's target early."""
    u = safe_url(url)
    label = md_escape(text)
    if u is None:
        return label
    target = u.replace("\\", "%5C").replace("(", "%28").replace(")", "%29")
    return f"[{label}]({target})"
