/* Popups that stay inside the map without moving it (shared by the app and the HTML snapshot).
 *
 * The maps' popups never pan the map (autoPan off: a view the reader did not choose would
 * otherwise be saved in the link, and the groups being clicked through would move). Leaflet
 * then draws a popup above its marker whatever the room, so a marker near the map's edge got
 * a popup cut off by the frame or hidden under the map's own controls (the note, the zoom
 * buttons, the snapshot's title). Here every popup without autoPan is placed inside the map's
 * free area, after Leaflet has laid it out and positioned it:
 *  - never wider than the map (Leaflet's maxWidth lowered to the map's width);
 *  - near a side, shifted sideways, its tip still on the marker;
 *  - its content's height capped to the room above the marker, below the controls at the
 *    top that it would run under (the content scrolls); when that room is under MIN_H and
 *    there is more below, it opens below the marker instead (tip hidden), above the controls
 *    at the bottom.
 * Runs again whenever Leaflet repositions the popup (its content filled, a zoom).
 */
(function () {
  if (!window.L || L.Popup.prototype._rmFits) { return; }
  var M = 6;  // px kept free at the map's edges
  var MIN_H = 140;  // px of content below which a popup above its marker opens below instead
  var GAP = 12;  // px between a marker's centre and a popup opened below it
  var P = L.Popup.prototype;
  var layout = P._updateLayout;
  var position = P._updatePosition;
  P._rmFits = true;

  P._updateLayout = function () {
    if (this._map && !this.options.autoPan) {
      if (this._rmMaxWidth === undefined) { this._rmMaxWidth = this.options.maxWidth; }
      // 44 px: the content's margins inside the popup's wrapper (leaflet.css)
      var room = this._map.getSize().x - 2 * M - 44;
      this.options.maxWidth = Math.max(100, Math.min(this._rmMaxWidth, room));
      var el = scroller(this);
      if (el) { el.style.maxHeight = ''; el.style.maxWidth = this.options.maxWidth + 'px'; }
    }
    return layout.apply(this, arguments);
  };

  P._updatePosition = function () {
    position.apply(this, arguments);
    if (this._map && !this.options.autoPan) { fit(this); }
  };

  function scroller(popup) {
    var content = popup._contentNode;
    return content ? (content.querySelector('.rm-popup') || content) : null;
  }

  function overlaps(a, b) { return a.left < b.right && b.left < a.right; }

  // The lowest bottom of the controls at the map's top that lie over [left, right], and the
  // highest top of those at its bottom.
  function bounds(map, mr, left, right) {
    var top = mr.top + M;
    var bottom = mr.bottom - M;
    var span = {left: left, right: right};
    map.getContainer().querySelectorAll('.leaflet-control').forEach(function (el) {
      var r = el.getBoundingClientRect();
      if (!r.width || !r.height || !overlaps(r, span)) { return; }
      if (el.closest('.leaflet-top')) { top = Math.max(top, r.bottom + M); }
      if (el.closest('.leaflet-bottom')) { bottom = Math.min(bottom, r.top - M); }
    });
    return {top: top, bottom: bottom};
  }

  function cap(el, px) {
    el.style.maxHeight = Math.max(40, Math.floor(px)) + 'px';
    el.style.overflowY = 'auto';
  }

  function fit(popup) {
    var map = popup._map;
    var c = popup._container;
    var tip = popup._tipContainer;
    var el = scroller(popup);
    if (!c || !el) { return; }
    c.style.translate = '';
    c.classList.remove('rm-popup-below');
    if (tip) { tip.style.translate = ''; }
    el.style.maxHeight = '';
    var mr = map.getContainer().getBoundingClientRect();
    var r = c.getBoundingClientRect();
    if (!r.width) { return; }
    var a = map.latLngToContainerPoint(popup.getLatLng());
    var size = map.getSize();
    if (a.x < 0 || a.y < 0 || a.x > size.x || a.y > size.y) { return; }  // its marker is off-map
    var ax = mr.left + a.x;
    var ay = mr.top + a.y;
    // sideways: inside the map's width
    var dx = 0;
    if (r.left < mr.left + M) { dx = mr.left + M - r.left; }
    else if (r.right > mr.right - M) { dx = mr.right - M - r.right; }
    var b = bounds(map, mr, r.left + dx, r.right + dx);
    // up and down: the content's height, with the popup above or below the marker
    var h = el.getBoundingClientRect().height;
    var chrome = r.height - h;  // the wrapper's padding and the tip
    var above = h - Math.max(0, b.top - r.top);
    var below = b.bottom - Math.max(ay + GAP, b.top) - chrome;
    var dy = 0;
    if (above >= Math.min(MIN_H, h) || above >= below) {
      if (above < h) { cap(el, above); }
    } else {
      if (below < h) { cap(el, below); }
      c.classList.add('rm-popup-below');
      // (below the controls too, should the marker itself lie under one)
      dy = Math.round(Math.max(ay + GAP, b.top) - c.getBoundingClientRect().top);
    }
    if (dx || dy) { c.style.translate = Math.round(dx) + 'px ' + dy + 'px'; }
    if (tip && dx) {  // the tip stays on the marker, within the popup's width
      var lim = Math.max(0, r.width / 2 - 24);
      tip.style.translate = Math.max(-lim, Math.min(lim, ax - (r.left + r.width / 2) - dx)) +
        'px 0';
    }
  }
})();
