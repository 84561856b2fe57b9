/* raidmap's map view (called by render/live.js): a view that follows the story, place labels
 * that never overlap, and the countries' names.
 *
 * Following: on the first picture and on each change of the events shown, the map fits them
 * (with margins for its controls) unless the reader has moved it (a drag, the wheel, a pinch,
 * the zoom buttons or keys), or the link or a story step set a view. Then a "Follow the
 * story" button appears; pressing it fits the map again and follows until the next move.
 * A fitted view is not the reader's: streamlit-folium's front end would report it to the
 * server (and the link would save it), so while the map follows, that front end's last
 * report reads as the view shown and nothing is sent. The reader's own moves and clicks
 * (which stop the following) are reported as before.
 *
 * Labels: after each move and picture, permanent labels (.rm-label) and the country names
 * are placed in priority order (country names, place names in the page's order: curated
 * places first, then the claim lines' labels); a label that would overlap one already placed
 * or an event marker is moved above, below or to the left of its point, or hidden.
 *
 * Hooks for tests: rmLive.view.follow and .pending (fits still to come), <body
 * data-rm-follow="on|off">.
 */
function rmMapView(map, live) {
  var view = {follow: null, ours: false, input: 0, shown: null, first: true, pending: 0,
              guarded: null};
  var box = map.getContainer();
  var FIT = {paddingTopLeft: [54, 44], paddingBottomRight: [44, 44], maxZoom: 11, animate: false};
  var INPUT_MS = 1500;  // a move this soon after the reader's own input is the reader's

  ['wheel', 'mousedown', 'touchstart', 'keydown', 'dblclick'].forEach(function (t) {
    box.addEventListener(t, function () { view.input = Date.now(); },
                         {capture: true, passive: true});
  });
  map.on('movestart', function () {
    if (!view.ours && view.follow && Date.now() - view.input < INPUT_MS) { setFollow(false); }
  });
  // A click on the map (a depth to measure, a marker) keeps the view: the map stops following
  // (before streamlit-folium's own click listener reports the click, and with it the view).
  map.on('click', function () { if (view.follow) { setFollow(false); } });

  // -- the "Follow the story" button, shown while the map does not follow ------------------
  var ctl = L.control({position: 'topleft'});
  ctl.onAdd = function () {
    var b = L.DomUtil.create('button', 'rm-follow');
    b.type = 'button';
    b.textContent = 'Follow the story';
    b.title = 'Fit the map to the events shown again, and keep doing so on each date';
    L.DomEvent.disableClickPropagation(b);
    L.DomEvent.on(b, 'click', function () { setFollow(true); fit(); });
    return b;
  };
  ctl.addTo(map);

  function setFollow(on) {
    view.follow = on;
    ctl.getContainer().style.display = on ? 'none' : '';
    document.body.setAttribute('data-rm-follow', on ? 'on' : 'off');
  }

  function shownBounds() {
    var b = L.latLngBounds([]);
    ['events', 'areas'].forEach(function (k) {
      var g = live.groups[k];
      if (!b.isValid() && g && map.hasLayer(g) && g.getLayers().length) { b = g.getBounds(); }
    });
    return b;
  }

  // streamlit-folium's front end reports the view (with the last click) whenever it differs
  // from its last report, previous_data. While the map follows, that last report reads as
  // the view shown, so no view of the map's own is ever sent (nor saved in the link).
  function guardReports() {
    var g = window.__GLOBAL_DATA__;
    if (!g || !g.returned_objects || view.guarded === g) { return; }
    var stored = g.previous_data;
    Object.defineProperty(g, 'previous_data', {
      configurable: true,
      get: function () {
        if (!view.follow) { return stored; }
        var now = {last_clicked: g.lat_lng_clicked, zoom: map.getZoom(), center: map.getCenter()};
        var last = {};
        Object.keys(now).forEach(function (k) {
          if (g.returned_objects.indexOf(k) >= 0) { last[k] = now[k]; }
        });
        return last;
      },
      set: function (v) { stored = v; }
    });
    view.guarded = g;
  }

  function fit() {
    var b = shownBounds();
    if (!b.isValid()) { return; }
    guardReports();
    view.ours = true;
    try { map.fitBounds(b, FIT); } finally { view.ours = false; }
    placeLabels();
  }

  // After each picture: fit when the events shown changed. Deferred: on the first picture
  // streamlit-folium sets the link's view right after this script runs.
  view.afterApply = function (spec) {
    if (view.follow === null) { setFollow(spec.follow !== false); }
    // The server's view became a chosen one (a story step's): stop following it.
    if (view.served !== false && spec.follow === false && view.follow) { setFollow(false); }
    view.served = spec.follow;
    guardReports();
    var key = JSON.stringify([spec.show && spec.show.events, spec.show && spec.show.areas,
                              spec.layers]);
    setTimeout(placeLabels, 0);
    if (key === view.shown) { return; }
    view.shown = key;
    var before = map.getCenter().toString() + map.getZoom(), first = view.first;
    view.first = false;
    view.pending += 1;
    setTimeout(function () {
      view.pending -= 1;
      var moved = map.getCenter().toString() + map.getZoom() !== before;
      if (moved && !first && view.follow) { setFollow(false); }  // a story step's own view
      if (view.follow) { fit(); }
    }, 0);
  };

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
  function lands() {
    var out = {};
    map.eachLayer(function (l) {
      var f = l.feature, c = f && f.properties && f.properties.country;
      if (c && NAMES[c] && f.geometry) { out[c] = f.geometry; }
    });
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
    // The event markers and groups shown are obstacles for place labels (not for the faint
    // country names, drawn under them).
    var marks = all('.rm-cluster').concat(all('path.rm-events')).map(function (el) {
      return el.getBoundingClientRect();
    });
    var kept = [];
    els.forEach(function (el, i) {
      if (i === nCountries) { kept = kept.concat(marks); }
      var r = rects[i], h = r.bottom - r.top, w = r.right - r.left;
      var tries = el.classList.contains('rm-country') ? [[0, 0]]
        : [[0, 0], [0, -h + 2], [0, h - 2], [-(w + 16), 0], [-w / 2, -h - 6], [-w / 2, h + 6]];
      for (var t = 0; t < tries.length; t++) {
        var s = shift(r, tries[t][0], tries[t][1]);
        if (!kept.some(function (k) { return overlaps(k, s); })) {
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

  view.placeLabels = placeLabels;
  view.fit = fit;
  view.setFollow = setFollow;
  return view;
}
