"""Event text that looks like a template is data, never a template (HOSTILE_INPUTS: untrusted
text is never executed). branca compiles each rendered piece of a folium map as a Jinja
template (render/fastrender.py says how); text with ``{{ }}``/``{% %}`` must still come out as
the characters the reader typed. (The static images are drawn by matplotlib, no templates.)"""

from __future__ import annotations

import html as htmlmod

from render.snapshot_html import snapshot_html

DATE = "2023-06-01"
EVAL = "RMJ{{ 6*7 }}X {% if true %}RMIF{% endif %} {{ ''.__class__ }}"


def _hostile(record):
    ev = record.events.copy()
    shown = ev["event_date"] <= DATE
    for col in ("summary", "location", "actor1"):
        ev.loc[shown, col] = ev.loc[shown, col].astype(str) + " " + EVAL
    return ev


def test_template_syntax_in_event_text_is_literal_in_the_snapshot(record):
    out = snapshot_html(_hostile(record), date=DATE, sources=record.sources)
    # what the page shows: the text inside JSON strings (\u0026 is "&"), entities decoded
    shown = htmlmod.unescape(out.replace("\\u0026", "&"))
    assert "RMJ42X" not in shown and "<class 'str'>" not in shown
    assert "RMJ{{ 6*7 }}X" in shown  # the reader's characters, kept
    assert "{% if true %}RMIF{% endif %}" in shown
