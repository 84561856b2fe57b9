"""Render a folium map's figure without compiling its output as templates (issue 15).

branca's ``MacroElement.render`` wraps each piece it renders (a layer's script, its GeoJSON
data included) in ``Element(text)``, whose constructor compiles ``text`` as a Jinja template
only for the figure to render it back out: ~0.1-0.3 s of tokenising data per snapshot, warm
or cold. :func:`render_figure` renders the same figure with such pieces kept as literal text
when that is provably what the template would give back: text with no Jinja syntax
(``{{``, ``{%``, ``{#``) and no carriage return renders as itself less one trailing newline
(Jinja's ``keep_trailing_newline=False``). Anything else is compiled as before, so the
output is byte-identical either way (``tests/test_output_speed.py``).
"""

from __future__ import annotations

import threading

import branca.element as _branca
from branca.element import Element

_MARKERS = ("{{", "{%", "{#", "\r")
_LOCK = threading.Lock()


class _LiteralElement(Element):
    """``Element(text)``, rendering ``text`` as Jinja would, without compiling it."""

    def __init__(self, template: str | None = None, template_name: str | None = None):
        self._literal: str | None = None
        if template is None or template_name is not None or any(m in template for m in _MARKERS):
            super().__init__(template, template_name)
            return
        super().__init__()
        self._template_str = template
        self._literal = template[:-1] if template.endswith("\n") else template

    def render(self, **kwargs) -> str:
        if self._literal is None:
            return super().render(**kwargs)
        if self._children:  # never done by branca; then render as Element(text) would
            from jinja2 import Template

            self._template, self._literal = Template(self._template_str), None
            return super().render(**kwargs)
        return self._literal


def render_figure(m) -> str:
    """``m.get_root().render()``, with the pieces branca would compile kept as text."""
    with _LOCK:
        saved = _branca.Element
        _branca.Element = _LiteralElement  # the name MacroElement.render looks up
        try:
            return m.get_root().render()
        finally:
            _branca.Element = saved
