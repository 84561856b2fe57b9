/* Place labels that never overlap, and the countries' names: shared by the app's map view
 * (render/mapview.js) and the HTML snapshot (render/snapshot_html.py).
 *
 * After each move and picture, permanent labels (.rm-label) and the country names are placed
 * in priority order (country names, place names in the page's order: curated places first,
 * then the claim lines' labels); a label that would overlap one already placed, an event
 * marker or group, a map control, or the far-off events' note is moved above, below or to the left of its
 * point, or hidden. A claim line's label is also kept off its own line (beside or above it).
 * Country names are put where neither the note nor a control covers them. rmLabels(map) returns the placing function (call it after a picture).
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
  // covers: page boxes (the far-off note, the controls) a name's box should not meet.
  function placeCountries(covers) {
    var land = lands(), b = map.getBounds(), pts = [], NX = 7, NY = 5;
    var frame = box.getBoundingClientRect();
    function free(code, p) {  // the name's box (its last size, or a guess) at p meets none
      var el = names[code] && names[code].getElement();
      var w = el && el.offsetWidth ? el.offsetWidth : 180, h = el && el.offsetHeight ? el.offsetHeight : 16;
      var r = {left: frame.left + p.x - w / 2, right: frame.left + p.x + w / 2,
               top: frame.top + p.y - h / 2, bottom: frame.top + p.y + h / 2};
      return !(covers || []).some(function (k) { return overlaps(k, r); });
    }
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
          q.p.y < size.y - 20 && free(code, q.p);
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
  // Whether the segment a-b (container points) crosses the box r (Liang-Barsky clipping).
  function crosses(a, b, r) {
    var t0 = 0, t1 = 1, dx = b.x - a.x, dy = b.y - a.y;
    var p = [-dx, dx, -dy, dy], q = [a.x - r.left, r.right - a.x, a.y - r.top, r.bottom - a.y];
    for (var i = 0; i < 4; i++) {
      if (p[i] === 0) { if (q[i] < 0) { return false; } continue; }
      var t = q[i] / p[i];
      if (p[i] < 0) { if (t > t1) { return false; } if (t > t0) { t0 = t; } }
      else { if (t < t0) { return false; } if (t < t1) { t1 = t; } }
    }
    return true;
  }
  // The claim lines (claimed against measured) whose labels these are: a label is kept off
  // its own dashed line (it read as struck through). Found once, again if a label is new.
  var lineCache = [];
  function claimLines(els) {
    var known = function (el) {
      return lineCache.some(function (c) { return c.layer.getTooltip().getElement() === el; });
    };
    if (els.every(known)) { return lineCache; }
    lineCache = [];
    map.eachLayer(function (l) {
      var t = l.getTooltip && l.getTooltip(), cls = t && t.options && t.options.className;
      if (cls && cls.indexOf('rm-label-claim') >= 0 && l.getLatLngs) { lineCache.push({layer: l}); }
    });
    return lineCache;
  }
  // The screen segments of the line a claim label belongs to (page pixels, like its box).
  function ownSegments(el, lines, frame) {
    var segs = [];
    lines.forEach(function (c) {
      if (c.layer.getTooltip().getElement() !== el) { return; }
      var flat = [].concat.apply([], [c.layer.getLatLngs()]);
      while (flat.length && Array.isArray(flat[0])) { flat = [].concat.apply([], flat); }
      var pts = flat.map(function (ll) {
        var q = map.latLngToContainerPoint(ll);
        return {x: q.x + frame.left, y: q.y + frame.top};
      });
      for (var i = 1; i < pts.length; i++) { segs.push([pts[i - 1], pts[i]]); }
    });
    return segs;
  }
  function placeLabels() {
    var all = function (sel) { return [].slice.call(box.querySelectorAll(sel)); };
    placeCountries(all('.rm-outside').concat(all('.leaflet-control')).map(function (el) {
      return el.getBoundingClientRect();
    }).filter(function (r) { return r.right > r.left; }));
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
    // The note and the controls are obstacles for the country names too (the note covered
    // "RUSSIA · РОССИЯ"); markers are not (the names are drawn faint, under them).
    var covers = all('.rm-outside').concat(all('.leaflet-control'))
      .map(function (el) { return el.getBoundingClientRect(); })
      .filter(function (r) { return r.right > r.left; });
    var claims = els.filter(function (el) { return el.classList.contains('rm-label-claim'); });
    var lines = claims.length ? claimLines(claims) : [];
    els.forEach(function (el, i) {
      if (i === nCountries) { kept = kept.concat(marks); }
      var r = rects[i], h = r.bottom - r.top, w = r.right - r.left;
      var claim = el.classList.contains('rm-label-claim');
      var segs = claim ? ownSegments(el, lines, frame) : [];
      var tries = el.classList.contains('rm-country') ? [[0, 0]]
        : [[0, 0], [0, -h + 2], [0, h - 2], [-(w + 20), 0], [-w / 2, -h - 6], [-w / 2, h + 6],
           [-(w + 20), -h + 2], [-(w + 20), h - 2],  // above or below, on the left
           // then clear of a group marker on the point (14 px radius), on either side
           [8, 0], [-(w + 28), 0], [8, -h + 2], [8, h - 2], [-(w + 28), -h + 2],
           [-(w + 28), h - 2]];
      if (claim) {  // beside or above its line, never on it: the same tries, then farther off
        tries = tries.concat([[0, -h - 6], [0, h + 6],
                              [-w / 2, -2 * h - 6], [-w / 2, 2 * h + 6], [0, -2 * h - 4],
                              [0, 2 * h + 4], [-w - 16, -2 * h], [-w - 16, 2 * h]]);
      }
      for (var t = 0; t < tries.length; t++) {
        var s = shift(r, tries[t][0], tries[t][1]);
        var pad = {left: s.left - 2, right: s.right + 2, top: s.top - 1, bottom: s.bottom + 1};
        if ((i < nCountries || inside(s)) && !kept.some(function (k) { return overlaps(k, s); }) &&
            !(i < nCountries && covers.some(function (k) { return overlaps(k, s); })) &&
            !segs.some(function (g) { return crosses(g[0], g[1], pad); })) {
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
