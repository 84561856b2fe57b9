/* raidmap's live layers for a large dataset (render/liveagg.py): aggregated cells, or points.
 *
 * The document is columns (first day, last day as day numbers from day0; latitude and
 * longitude in 1e-4 degrees), in the live document's order. What the server sends per move
 * is which events are shown (index ranges) and, when at most points_max are shown, their
 * features (escaped on the server; their popups in a file the map fetches when one is
 * first opened). More than that are counted into a grid of cells that follows the zoom
 * (about CELL_PX pixels), labelled on the map "N events aggregated into M cells"; each
 * cell's popup gives its count and first and last day. The cells' popups hold numbers and
 * dates only: no data text.
 *
 * rmBigLayers(map, live, h) is called by render/live.js; h: its helpers (expand, toRanges,
 * makeLayer, setStatus, panes by kind).
 */
function rmBigLayers(map, live, h) {
  var CELL_PX = 40;
  var COLOURS = ['#fee5d9', '#fcae91', '#fb6a4a', '#de2d26', '#a50f15'];
  var cells = L.featureGroup(), points = L.featureGroup();
  var cellRenderer = L.canvas({pane: 'rm-events', padding: 0.3});
  var label = L.control({position: 'bottomleft'});
  label.onAdd = function () {
    var div = L.DomUtil.create('div', 'rm-agg-label');
    div.style.cssText = 'background:#fff;padding:3px 8px;border-radius:4px;max-width:320px;' +
      'font:12px system-ui,sans-serif;box-shadow:0 1px 4px #0004;display:none';
    return div;
  };
  var last = null;

  function cols() { return live.data.columns; }
  function isoDay(n) {
    return new Date(Date.parse(cols().day0 + 'T00:00:00Z') + n * 864e5).toISOString().slice(0, 10);
  }
  function setLabel(text) {
    if (!label._map) { label.addTo(map); }
    var div = label.getContainer();
    div.textContent = text || '';
    div.style.display = text ? 'block' : 'none';
    document.body.setAttribute('data-rm-agg', text || '');
  }
  function cellDeg() { return 360 / (256 * Math.pow(2, map.getZoom())) * CELL_PX; }

  function drawCells() {
    cells.clearLayers();
    if (!last || last.points) { return; }
    var c = cols(), want = last.want, size = cellDeg(), per = new Map(), total = 0;
    for (var i = 0; i < c.n; i++) {
      if (!want[i]) { continue; }
      var iy = Math.floor(c.y[i] / 1e4 / size), ix = Math.floor(c.x[i] / 1e4 / size);
      var key = iy * 1e7 + ix, cell = per.get(key);
      if (!cell) { cell = {iy: iy, ix: ix, n: 0, first: c.s[i], last: c.s[i]}; per.set(key, cell); }
      cell.n++; total++;
      if (c.s[i] < cell.first) { cell.first = c.s[i]; }
      if (c.e[i] > cell.last) { cell.last = c.e[i]; }
    }
    var max = 1;
    per.forEach(function (cell) { if (cell.n > max) { max = cell.n; } });
    per.forEach(function (cell) {
      var k = Math.min(4, Math.floor(4 * Math.log(cell.n) / Math.log(max + 1) + 0.5));
      var r = L.rectangle([[cell.iy * size, cell.ix * size], [(cell.iy + 1) * size, (cell.ix + 1) * size]],
        {renderer: cellRenderer, pane: 'rm-events', color: '#67000d', weight: 0.5,
         fillColor: COLOURS[k], fillOpacity: 0.7});
      r.bindPopup('<b>' + cell.n.toLocaleString('en') + ' event(s)</b> in this cell<br>' +
        isoDay(cell.first) + ' to ' + isoDay(cell.last) +
        '<br>Zoom in, or narrow the dates or filters, to see them as points.');
      cells.addLayer(r);
    });
    setLabel(total.toLocaleString('en') + ' events aggregated into ' + per.size.toLocaleString('en') +
      ' cells of about ' + Math.round(size * 111) + ' km; at most ' +
      live.data.points_max.toLocaleString('en') + ' are drawn as points. ' + live.data.note);
  }

  function drawPoints(p) {
    points.clearLayers();
    if (!p) { return; }
    live.popupsUrl = p.popups || null;  // their popups' file (render/live.js lazyPopup)
    ['areas', 'halos', 'events'].forEach(function (k) {
      (p[k] || []).forEach(function (f) { points.addLayer(h.makeLayer(k, f)); });
    });
    setLabel((p.events.length + p.areas.length) ? live.data.note : '');
  }

  function apply(spec, state) {
    var c = cols();
    var want = h.expand(spec.show.events, c.n), count = 0;
    for (var i = 0; i < c.n; i++) { count += want[i]; }
    last = {want: want, points: spec.points || null};
    drawPoints(spec.points);
    drawCells();
    var on = spec.layers.indexOf('events') >= 0;
    [cells, points].forEach(function (g) {
      if (on && !map.hasLayer(g)) { map.addLayer(g); }
      if (!on && map.hasLayer(g)) { map.removeLayer(g); }
    });
    var m = live.groups.measure;
    m.clearLayers();
    (spec.measure || []).forEach(function (f) { m.addLayer(h.makeLayer('measure', f)); });
    if (!map.hasLayer(m)) { map.addLayer(m); }
    document.body.setAttribute('data-rm-shown', String(count));
    document.body.setAttribute('data-rm-set', JSON.stringify([spec.show.events, spec.open]));
    document.body.setAttribute('data-rm-state', state);
  }

  // The date rule (render/daterule.js) on day numbers, for the events in rule.filtered.
  // More than points_max predicted: cells at once; fewer: the server's answer brings points.
  function predict(rule, d) {
    var c = cols(), vis = h.expand(rule.filtered, c.n), open = new Uint8Array(c.n);
    var day = Math.round((Date.parse(d + 'T00:00:00Z') - Date.parse(c.day0 + 'T00:00:00Z')) / 864e5);
    for (var i = 0; i < c.n; i++) {
      if (!vis[i]) { continue; }
      var on = rmDateRule.activeOn(c.s[i], c.e[i], day, rule.mode, rule.window);
      vis[i] = on ? 1 : 0;
      open[i] = on && rmDateRule.stillOpen(c.s[i], c.e[i], day) ? 1 : 0;
    }
    return {show: {events: h.toRanges(vis)}, open: h.toRanges(open), points: null};
  }

  function clear() { cells.clearLayers(); points.clearLayers(); last = null; setLabel(''); }

  map.on('zoomend', drawCells);
  return {apply: apply, predict: predict, clear: clear, cells: cells, points: points};
}
