/* Place labels that never overlap, and the countries' names: shared by the app's map view
 * (render/mapview.js) and the HTML snapshot (render/snapshot_html.py).
 *
 * After each move and picture, permanent labels (.rm-label) and the country names are placed
 * in priority order (country names, place names in the page's order: curated places first,
 * then the claim lines' labels); a label that would overlap one already placed, an event
 * marker or group, a map control, or the far-off events' note is moved above, below or to the left of its
 * point, or hidden. rmLabels(map) returns the placing function (call it after a picture).
 */
function rmLabels(map) {
  var box = map.getContainer();
  // -- country names -------------------------------------------------------------------------
  var NAMES = {RU: 'RUSSIA · РОССИЯ', UA: 'UKRAINE · УКРАЇНА'};
  map.createPane('rm-countries').style.zIndex = 405;
  var names = {};
  function inRing(x, y, ring) {
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
      if ((yi > y) !== (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) { inside = !inside; }
    }
    return inside;
  }
  function inGeom(lon, lat, g) {
    var polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
    return polys.some(function (p) {
      return inRing(lon, lat, p[0]) && !p.slice(1).some(function (h) { return inRing(lon, lat, h); });
    });
  }
  // The countries' outlines (base map layers, fixed for the map's life: found once, not by
  // walking every layer, thousands of event markers included, after each move).
  var landCache = null;
  function lands() {
    if (landCache) { return landCache; }
    var out = {};
    map.eachLayer(function (l) {
      var f = l.feature, c = f && f.properties && f.properties.country;
      if (c && NAMES[c] && f.geometry) { out[c] = f.geometry; }
    });
    if (Object.keys(out).length === Object.keys(NAMES).length) { landCache = out; }
    return out;
  }
  // Each country's name at the point of a grid over the view that lies in its land farthest
  // from the grid's points that do not (none for a sliver of land).
  function placeCountries() {
    var land = lands(), b = map.getBounds(), pts = [], NX = 7, NY = 5;
    for (var ix = 0; ix < NX; ix++) {
      for (var iy = 0; iy < NY; iy++) {
        var lat = b.getSouth() + (b.getNorth() - b.getSouth()) * (iy + 0.5) / NY;
        var lon = b.getWest() + (b.getEast() - b.getWest()) * (ix + 0.5) / NX;
        var c = null;
        Object.keys(land).forEach(function (k) { if (!c && inGeom(lon, lat, land[k])) { c = k; } });
        pts.push({ll: L.latLng(lat, lon), c: c, p: map.latLngToContainerPoint([lat, lon])});
      }
    }
    Object.keys(NAMES).forEach(function (code) {
      var size = map.getSize();  // a name is centred on its point: keep it inside the view
      var mine = pts.filter(function (q) {
        return q.c === code && q.p.x > 100 && q.p.x < size.x - 100 && q.p.y > 20 &&
          q.p.y < size.y - 20;
      });
      var best = null, far = -1;
      var area = pts.filter(function (q) { return q.c === code; }).length;
      if (area >= 3) {  // less: a sliver of the country, its name would not fit
        mine.forEach(function (q) {
          var d = Math.min.apply(null, pts.filter(function (o) { return o.c !== code; })
            .map(function (o) { return q.p.distanceTo(o.p); }).concat([1e9]));
          if (d > far) { far = d; best = q; }
        });
      }
      if (!best) {
        if (names[code]) { map.removeLayer(names[code]); delete names[code]; }
        return;
      }
      if (!names[code]) {
        names[code] = L.marker(best.ll, {
          pane: 'rm-countries', interactive: false, keyboard: false,
          icon: L.divIcon({className: 'rm-country', html: NAMES[code], iconSize: null})
        }).addTo(map);
      } else {
        names[code].setLatLng(best.ll);
      }
    });
  }

  // -- labels without overlaps -----------------------------------------------------------------
  function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }
  function shift(r, dx, dy) {
    return {left: r.left + dx, right: r.right + dx, top: r.top + dy, bottom: r.bottom + dy};
  }
  function placeLabels() {
    placeCountries();
    var all = function (sel) { return [].slice.call(box.querySelectorAll(sel)); };
    var els = all('.rm-country').concat(all('.leaflet-tooltip.rm-label:not(.rm-label-claim)'),
                                         all('.leaflet-tooltip.rm-label-claim'));
    var nCountries = all('.rm-country').length;
    els.forEach(function (el) { el.style.translate = ''; el.style.visibility = ''; });
    var rects = els.map(function (el) { return el.getBoundingClientRect(); });  // one layout
    // The event markers and groups shown, the far-off events' note and the map's controls
    // (zoom, scale, credit) are obstacles for place labels (not for the faint country names,
    // drawn under them): a label under the credit line was cut ("Maslov|").
    var marks = all('.rm-cluster').concat(all('path.rm-events'), all('.rm-outside'),
                                          all('.leaflet-control'))
      .map(function (el) { return el.getBoundingClientRect(); });
    var kept = [], frame = box.getBoundingClientRect();
    function inside(r) {  // a place label is kept wholly inside the map, or hidden
      return r.left >= frame.left && r.right <= frame.right && r.top >= frame.top &&
        r.bottom <= frame.bottom;
    }
    els.forEach(function (el, i) {
      if (i === nCountries) { kept = kept.concat(marks); }
      var r = rects[i], h = r.bottom - r.top, w = r.right - r.left;
      var tries = el.classList.contains('rm-country') ? [[0, 0]]
        : [[0, 0], [0, -h + 2], [0, h - 2], [-(w + 16), 0], [-w / 2, -h - 6], [-w / 2, h + 6]];
      for (var t = 0; t < tries.length; t++) {
        var s = shift(r, tries[t][0], tries[t][1]);
        if ((i < nCountries || inside(s)) && !kept.some(function (k) { return overlaps(k, s); })) {
          kept.push(s);
          if (t) { el.style.translate = tries[t][0] + 'px ' + tries[t][1] + 'px'; }
          return;
        }
      }
      el.style.visibility = 'hidden';
    });
  }
  // After a move (once the groups of events are redrawn for it) and after each picture.
  map.on('zoomend moveend', function () { setTimeout(placeLabels, 0); });
  map.whenReady(function () { setTimeout(placeLabels, 0); });
  return placeLabels;
}
