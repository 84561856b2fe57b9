/* Permanent tooltips (the place labels) placed in one layout instead of one each (issue 14).
 *
 * Leaflet places a tooltip by reading its size (offsetWidth/offsetHeight) and then writing its
 * class and position; with about a hundred permanent labels opened, and moved again on every
 * zoom, each read forced a layout of the whole map (measured: the largest part of the map's
 * first script). Here a permanent tooltip's placement waits for the end of the current task
 * (a microtask: before anything is painted or any timer runs); then every waiting tooltip's
 * size is read at once, and each is placed by Leaflet's own code, handed the size read.
 * Positions are Leaflet's exactly (tests/test_browser_tooltipbatch.py). Our code, no data.
 */
(function () {
  if (!window.L || !L.Tooltip || L.Tooltip.prototype._rmBatched) { return; }
  var P = L.Tooltip.prototype, place = P._setPosition, waiting = null;
  P._rmBatched = true;
  function flush() {
    var q = [];
    waiting.forEach(function (pos, tip) {
      if (tip._map && tip._container) { q.push([tip, pos]); }
    });
    waiting = null;
    var sizes = q.map(function (e) {  // every read first: one layout
      return [e[0]._container.offsetWidth, e[0]._container.offsetHeight];
    });
    q.forEach(function (e, i) {
      var c = e[0]._container;
      Object.defineProperty(c, 'offsetWidth', {value: sizes[i][0], configurable: true});
      Object.defineProperty(c, 'offsetHeight', {value: sizes[i][1], configurable: true});
      try { place.call(e[0], e[1]); } finally { delete c.offsetWidth; delete c.offsetHeight; }
    });
  }
  P._setPosition = function (pos) {
    if (!this.options.permanent) { return place.call(this, pos); }
    if (!waiting) { waiting = new Map(); Promise.resolve().then(flush); }
    waiting.set(this, pos);  // the last position asked for in this task
  };
})();
