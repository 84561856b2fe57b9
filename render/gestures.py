"""Two-finger map moves on touch screens: Leaflet's gesture-handling plugin (vendored,
render/vendor/leaflet-gesture-handling/), enabled on touch screens and pages under 640 px
wide, so that a one-finger swipe over the map scrolls the page instead of dragging the map
(a phone's page could not otherwise be scrolled past a map that fills it). Desktops keep
the wheel zoom.

On a narrow page (a phone) the first view is also fitted to the events first drawn (the
desktop's default centre cuts the raid sites off at 390 px); brief A's fitting of the view to
the events shown (issue 14, item 3) supersedes this when it lands.

Test hooks: ``data-rm-gestures="on"`` on the map page's <body> when enabled,
``data-rm-phone-fit`` once the phone's first view is fitted."""

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
  if (!narrow || !window.rmLive) { return; }
  // A phone's first screen: the desktop's centre leaves the raid sites out of a narrow map.
  // Once the first events are drawn, fit them (unless the reader has moved the map).
  var moved = false, tries = 0;
  map.once('dragstart', function () { moved = true; });
  var timer = setInterval(function () {
    var g = window.rmLive.groups && window.rmLive.groups.events;
    if (moved || ++tries > 150) { clearInterval(timer); return; }
    if (!g || !map.hasLayer(g) || !g.getLayers().length) { return; }
    clearInterval(timer);
    map.fitBounds(g.getBounds().pad(0.2), {maxZoom: 11});
    document.body.setAttribute('data-rm-phone-fit', '1');
  }, 200);
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
