/* Place labels that never overlap, and the countries' names: shared by the app's map view
 * (render/mapview.js) and the HTML snapshot (render/snapshot_html.py).
 *
 * After each move and picture, permanent labels (.rm-label) and the country names are placed
 * in priority order: the places the events shown are about (weighed by their events within
 * 1 km, each counting 1 + its claims), the country names, the other place names in the page's
 * order (curated places first), then the claim lines' labels. A label that would overlap one
 * already placed, an event marker or group, a map control, or the far-off events' note, or
 * that a drawn claim line or axis of advance would cross, is moved above, below or to the left
 * of its point, or hidden. The border may cross a label (it runs through the raids' villages:
 * avoiding it would drop their names). Country names are put where neither the note, a
 * control nor a claim or axis line covers them.
 * rmLabels(map, options) returns the placing function (call it after a picture). options:
 * lines() the layers of the axes of advance shown (the claim lines are found on the map);
 * key() a key of the events shown and points() their [{ll, w}] (w: weight), read again when
 * the key changes.
 */
function rmLabels(map, options) {
  options = options || {};
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
  function placeCountries(covers, segs) {
    var land = lands(), b = map.getBounds(), pts = [], NX = 7, NY = 5;
    var frame = box.getBoundingClientRect();
    function free(code, p) {  // the name's box (its last size, or a guess) at p meets none
      var el = names[code] && names[code].getElement();
      var w = el && el.offsetWidth ? el.offsetWidth : 180, h = el && el.offsetHeight ? el.offsetHeight : 16;
      var r = {left: frame.left + p.x - w / 2, right: frame.left + p.x + w / 2,
               top: frame.top + p.y - h / 2, bottom: frame.top + p.y + h / 2};
      return !(covers || []).some(function (k) { return overlaps(k, r); }) &&
        !(segs || []).some(function (g) { return crosses(g[0], g[1], r); });
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
  // The claim lines (claimed against measured), base map layers found once (again if a claim
  // label is new), and the axes of advance shown (options.lines()): no label sits on one.
  var lineCache = [];
  function claimLines(els) {
    var known = function (el) {
      return lineCache.some(function (l) { return l.getTooltip().getElement() === el; });
    };
    if (els.every(known)) { return lineCache; }
    lineCache = [];
    map.eachLayer(function (l) {
      var t = l.getTooltip && l.getTooltip(), cls = t && t.options && t.options.className;
      if (cls && cls.indexOf('rm-label-claim') >= 0 && l.getLatLngs) { lineCache.push(l); }
    });
    return lineCache;
  }
  // The screen segments (page pixels, like the labels' boxes) of the lines of these layers
  // (groups opened, each part of a multi-line on its own).
  function segments(layers, frame) {
    var segs = [];
    function path(lls) {
      if (lls.length && Array.isArray(lls[0])) { lls.forEach(path); return; }
      var prev = null;
      lls.forEach(function (ll) {
        var q = map.latLngToContainerPoint(ll), pt = {x: q.x + frame.left, y: q.y + frame.top};
        if (prev) { segs.push([prev, pt]); }
        prev = pt;
      });
    }
    function add(l) {
      if (l.getLatLngs) { path(l.getLatLngs()); } else if (l.eachLayer) { l.eachLayer(add); }
    }
    layers.forEach(add);
    return segs;
  }
  // The weight of each place label in the view: its events shown (each counting 1 + its
  // claims), an event going to the nearest label within 1 km of it. Computed once per picture
  // (again when a move brings new labels into the view).
  var anchors = null, weightKey = null, weights = new Map();
  function anchorOf(el) {
    if (!anchors || !anchors.has(el)) {
      anchors = new Map();
      map.eachLayer(function (l) {
        var t = l.getTooltip && l.getTooltip(), e = t && t.options.permanent && t.getElement();
        if (e && l.getLatLng) { anchors.set(e, l.getLatLng()); }
      });
    }
    return anchors.get(el);
  }
  function weigh(els) {
    var key = options.key ? options.key() : null;
    if (key === weightKey && els.every(function (el) { return weights.has(el); })) {
      return weights;
    }
    weightKey = key;
    weights = new Map();
    var at = els.map(function (el) { weights.set(el, 0); return anchorOf(el); });
    ((options.points && options.points()) || []).forEach(function (q) {
      var best = -1, near = 1000.001;
      for (var i = 0; i < at.length; i++) {
        var d = at[i] ? at[i].distanceTo(q.ll) : Infinity;
        if (d < near) { near = d; best = i; }  // a tie: the first in the page's order
      }
      if (best >= 0) { weights.set(els[best], weights.get(els[best]) + q.w); }
    });
    return weights;
  }
  var unstyled = 0;  // placings again while the map's controls are unstyled
  function placeLabels() {
    var all = function (sel) { return [].slice.call(box.querySelectorAll(sel)); };
    var frame = box.getBoundingClientRect();
    var claims = all('.leaflet-tooltip.rm-label-claim');
    var lines = (claims.length ? claimLines(claims) : []).filter(function (l) {
      return map.hasLayer(l);
    }).concat(options.lines ? options.lines() : []);
    var segs = segments(lines, frame).filter(function (g) {  // those that reach the map
      var a = g[0], b = g[1];
      return !((a.x < frame.left && b.x < frame.left) || (a.x > frame.right && b.x > frame.right) ||
               (a.y < frame.top && b.y < frame.top) || (a.y > frame.bottom && b.y > frame.bottom));
    });
    // The note and the controls are obstacles for the country names too (the note covered
    // "RUSSIA · РОССИЯ"); markers are not (the names are drawn faint, under them).
    var covers = all('.rm-outside').concat(all('.leaflet-control'))
      .map(function (el) { return el.getBoundingClientRect(); })
      .filter(function (r) { return r.right > r.left; });
    placeCountries(covers, segs);
    var countries = all('.rm-country');
    var places = all('.leaflet-tooltip.rm-label:not(.rm-label-claim)');
    var els = countries.concat(places, claims);
    els.forEach(function (el) { el.style.translate = ''; el.style.visibility = ''; });
    var rects = new Map();
    els.forEach(function (el) { rects.set(el, el.getBoundingClientRect()); });  // one layout
    function inside(r) {  // a place label is kept wholly inside the map, or hidden
      return r.left >= frame.left && r.right <= frame.right && r.top >= frame.top &&
        r.bottom <= frame.bottom;
    }
    // The places the events are about first (by weight; the page's order on a tie), then the
    // country names, the other places, the claim labels.
    var inView = places.filter(function (el) {  // its point in the map (its label may not be)
      var r = rects.get(el), y = (r.top + r.bottom) / 2;
      return r.left - 6 >= frame.left && r.left - 6 <= frame.right && y >= frame.top &&
        y <= frame.bottom;
    });
    var weight = weigh(inView);
    var weighed = inView.map(function (el, i) { return {el: el, w: weight.get(el), i: i}; })
      .filter(function (x) { return x.w > 0; })
      .sort(function (a, b) { return b.w - a.w || a.i - b.i; })
      .map(function (x) { return x.el; });
    var order = weighed.concat(countries, places.filter(function (el) {
      return weighed.indexOf(el) < 0;
    }), claims);
    // The event markers and groups shown, the far-off events' note and the map's controls
    // (zoom, scale, credit) are obstacles for place labels (not for the faint country names,
    // drawn under them): a label under the credit line was cut ("Maslov|").
    var marks = all('.rm-cluster').concat(all('path.rm-events'), all('.rm-outside'),
                                          all('.leaflet-control'))
      .map(function (el) { return el.getBoundingClientRect(); });
    // Leaflet's style sheet not applied yet (in the app's frame it can come after the first
    // picture): its controls are blocks as wide as the map, which would hide every place
    // label, and nothing else would place them again. Place them again a moment later.
    if (all('.leaflet-control').some(function (el) {
      return el.getBoundingClientRect().width >= frame.width - 1;
    }) && unstyled < 100) {
      unstyled += 1;
      setTimeout(placeLabels, 100);
    }
    var kept = [];
    order.forEach(function (el) {
      var r = rects.get(el), h = r.bottom - r.top, w = r.right - r.left;
      var country = el.classList.contains('rm-country');
      var claim = el.classList.contains('rm-label-claim');
      var tries = country ? [[0, 0]]
        : [[0, 0], [0, -h + 2], [0, h - 2], [-(w + 20), 0], [-w / 2, -h - 6], [-w / 2, h + 6],
           [-(w + 20), -h + 2], [-(w + 20), h - 2],  // above or below, on the left
           // then clear of a group marker on the point (14 px radius), on either side
           [8, 0], [-(w + 28), 0], [8, -h + 2], [8, h - 2], [-(w + 28), -h + 2],
           [-(w + 28), h - 2],
           // then a line's width farther, still by the point (a line ends at or runs by it)
           [0, -h - 6], [0, h + 6], [-w / 2, -h - 12], [-w / 2, h + 12], [8, -h - 6],
           [8, h + 6], [-(w + 20), -h - 6], [-(w + 20), h + 6]];
      if (claim) {  // beside or above a line, never on one: the same tries, then farther off
        tries = tries.concat([[-w / 2, -2 * h - 6], [-w / 2, 2 * h + 6], [0, -2 * h - 4],
                              [0, 2 * h + 4], [-w - 16, -2 * h], [-w - 16, 2 * h]]);
      }
      for (var t = 0; t < tries.length; t++) {
        var s = shift(r, tries[t][0], tries[t][1]);
        var pad = {left: s.left - 2, right: s.right + 2, top: s.top - 1, bottom: s.bottom + 1};
        if ((country || inside(s)) && !kept.some(function (k) { return overlaps(k, s); }) &&
            !(country ? covers : marks).some(function (k) { return overlaps(k, s); }) &&
            !segs.some(function (g) { return crosses(g[0], g[1], country ? s : pad); })) {
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
