"""Two-finger map moves on touch screens: Leaflet's gesture-handling plugin (vendored,
render/vendor/leaflet-gesture-handling/), enabled on touch screens and pages under 640 px
wide, so that a one-finger swipe over the map scrolls the page instead of dragging the map
(a phone's page could not otherwise be scrolled past a map that fills it). Desktops keep
the wheel zoom.

The view itself is set in one place only, render/mapview.js (following the story): on a phone
its fit keeps the events inside the part of the map on the first screen.

Test hook: ``data-rm-gestures="on"`` on the map page's <body> when enabled."""

from __future__ import annotations

from branca.element import MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

GESTURE_URL_BASE = "/app/static/vendor/leaflet-gesture-handling/"
JS_NAME = "leaflet-gesture-handling.min.js"
CSS_NAME = "leaflet-gesture-handling.min.css"

ENABLE_JS = """
(function (map) {
  var coarse = window.matchMedia && window.matchMedia('(pointer: coarse)').matches;
  var page = window;  // the page's width, not the map's (a desktop's map column is narrow)
  try { page = window.top.innerWidth ? window.top : window; } catch (err) { page = window; }
  var narrow = page.innerWidth < 640;
  if (!map.gestureHandling || !(coarse || narrow)) { return; }
  map.gestureHandling.enable();
  document.body.setAttribute('data-rm-gestures', 'on');
})(%s);
"""


class GestureHandling(JSCSSMixin, MacroElement):
    """Loads the plugin (from the app's static files, unless ``inline``: the HTML snapshot
    carries it in its own <head>) and enables it where a finger is the pointer."""

    default_js = [("rm_gestures", GESTURE_URL_BASE + JS_NAME)]
    default_css = [("rm_gestures_css", GESTURE_URL_BASE + CSS_NAME)]

    def __init__(self, inline: bool = False):
        super().__init__()
        self._name = "GestureHandling"
        if inline:
            self.default_js = []
            self.default_css = []
        self._template = Template(
            "{% macro script(this, kwargs) %}"
            + ENABLE_JS % "{{ this._parent.get_name() }}"
            + "{% endmacro %}"
        )
