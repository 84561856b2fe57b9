/* raidmap's ruler (render/ruler.js), loaded into every folium map by render/webmap.py.
 *
 * rmRuler.geo: geodesics on the WGS84 ellipsoid by Vincenty's formulae (inverse: length and
 *   azimuths between two points; direct: the point at a distance along an azimuth), checked
 *   against pyproj's Geod in Chromium (tests/test_browser_ruler.py).
 * rmRulerInit(map): a "Ruler" button on the map. While it is on, two clicks draw the geodesic
 *   between them (densified: a vertex every 500 m at most, so that it is the curve, not a
 *   straight line in Mercator) and label it with its length; a third click starts again.
 *   Ruler clicks are not depth clicks: they never reach the app.
 * In the app (streamlit-folium's page, window.__GLOBAL_DATA__), a click reaches the app only
 *   once it is known not to be half of a double click: a double-click zoom keeps the measured
 *   point. Elsewhere (the HTML snapshot) only the ruler is added.
 * Coordinates: Leaflet's (lat, lng); the geodesic functions take degrees lat/lon, named.
 */
(function () {
  'use strict';
  var A = 6378137.0, F = 1 / 298.257223563, B = A * (1 - F);
  var RAD = Math.PI / 180;

  // Vincenty's inverse formula: {s12 metres, az1, az2 degrees}; null if it does not converge
  // (nearly antipodal points: never in this region).
  function inverse(lat1, lon1, lat2, lon2) {
    var L = (lon2 - lon1) * RAD;
    var U1 = Math.atan((1 - F) * Math.tan(lat1 * RAD));
    var U2 = Math.atan((1 - F) * Math.tan(lat2 * RAD));
    var sinU1 = Math.sin(U1), cosU1 = Math.cos(U1), sinU2 = Math.sin(U2), cosU2 = Math.cos(U2);
    var lambda = L, iter = 0, prev, sinS, cosS, sigma, sinA, cos2A, cos2Sm, C;
    var sinL, cosL;
    do {
      sinL = Math.sin(lambda); cosL = Math.cos(lambda);
      sinS = Math.sqrt(Math.pow(cosU2 * sinL, 2) +
        Math.pow(cosU1 * sinU2 - sinU1 * cosU2 * cosL, 2));
      if (sinS === 0) { return {s12: 0, az1: 0, az2: 0}; }
      cosS = sinU1 * sinU2 + cosU1 * cosU2 * cosL;
      sigma = Math.atan2(sinS, cosS);
      sinA = cosU1 * cosU2 * sinL / sinS;
      cos2A = 1 - sinA * sinA;
      cos2Sm = cos2A !== 0 ? cosS - 2 * sinU1 * sinU2 / cos2A : 0;
      C = F / 16 * cos2A * (4 + F * (4 - 3 * cos2A));
      prev = lambda;
      lambda = L + (1 - C) * F * sinA *
        (sigma + C * sinS * (cos2Sm + C * cosS * (-1 + 2 * cos2Sm * cos2Sm)));
    } while (Math.abs(lambda - prev) > 1e-12 && ++iter < 200);
    if (iter >= 200) { return null; }
    var u2 = cos2A * (A * A - B * B) / (B * B);
    var bigA = 1 + u2 / 16384 * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)));
    var bigB = u2 / 1024 * (256 + u2 * (-128 + u2 * (74 - 47 * u2)));
    var dS = bigB * sinS * (cos2Sm + bigB / 4 * (cosS * (-1 + 2 * cos2Sm * cos2Sm) -
      bigB / 6 * cos2Sm * (-3 + 4 * sinS * sinS) * (-3 + 4 * cos2Sm * cos2Sm)));
    var s = B * bigA * (sigma - dS);
    var az1 = Math.atan2(cosU2 * sinL, cosU1 * sinU2 - sinU1 * cosU2 * cosL) / RAD;
    var az2 = Math.atan2(cosU1 * sinL, -sinU1 * cosU2 + cosU1 * sinU2 * cosL) / RAD;
    return {s12: s, az1: az1, az2: az2};
  }

  // Vincenty's direct formula: the point s metres from (lat, lon) along azimuth az (degrees).
  function direct(lat, lon, az, s) {
    var a1 = az * RAD, sinA1 = Math.sin(a1), cosA1 = Math.cos(a1);
    var tanU1 = (1 - F) * Math.tan(lat * RAD);
    var cosU1 = 1 / Math.sqrt(1 + tanU1 * tanU1), sinU1 = tanU1 * cosU1;
    var s1 = Math.atan2(tanU1, cosA1);
    var sinA = cosU1 * sinA1, cos2A = 1 - sinA * sinA;
    var u2 = cos2A * (A * A - B * B) / (B * B);
    var bigA = 1 + u2 / 16384 * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)));
    var bigB = u2 / 1024 * (256 + u2 * (-128 + u2 * (74 - 47 * u2)));
    var sigma = s / (B * bigA), prev, cos2Sm, sinS, cosS, iter = 0;
    do {
      cos2Sm = Math.cos(2 * s1 + sigma);
      sinS = Math.sin(sigma); cosS = Math.cos(sigma);
      var dS = bigB * sinS * (cos2Sm + bigB / 4 * (cosS * (-1 + 2 * cos2Sm * cos2Sm) -
        bigB / 6 * cos2Sm * (-3 + 4 * sinS * sinS) * (-3 + 4 * cos2Sm * cos2Sm)));
      prev = sigma;
      sigma = s / (B * bigA) + dS;
    } while (Math.abs(sigma - prev) > 1e-12 && ++iter < 200);
    sinS = Math.sin(sigma); cosS = Math.cos(sigma); cos2Sm = Math.cos(2 * s1 + sigma);
    var x = sinU1 * sinS - cosU1 * cosS * cosA1;
    var lat2 = Math.atan2(sinU1 * cosS + cosU1 * sinS * cosA1,
      (1 - F) * Math.sqrt(sinA * sinA + x * x));
    var lam = Math.atan2(sinS * sinA1, cosU1 * cosS - sinU1 * sinS * cosA1);
    var C = F / 16 * cos2A * (4 + F * (4 - 3 * cos2A));
    var L = lam - (1 - C) * F * sinA *
      (sigma + C * sinS * (cos2Sm + C * cosS * (-1 + 2 * cos2Sm * cos2Sm)));
    return {lat: lat2 / RAD, lon: lon + L / RAD};
  }

  // The geodesic from 1 to 2 as [[lat, lon], ...], a vertex every maxStep metres at most.
  function path(lat1, lon1, lat2, lon2, maxStep) {
    var inv = inverse(lat1, lon1, lat2, lon2);
    if (!inv) { return [[lat1, lon1], [lat2, lon2]]; }
    var n = Math.max(1, Math.ceil(inv.s12 / (maxStep || 500)));
    var out = [[lat1, lon1]];
    for (var i = 1; i < n; i++) {
      var p = direct(lat1, lon1, inv.az1, inv.s12 * i / n);
      out.push([p.lat, p.lon]);
    }
    out.push([lat2, lon2]);
    return out;
  }

  function lengthText(m) {
    return m >= 10000 ? (m / 1000).toFixed(1) + ' km' :
      m >= 1000 ? (m / 1000).toFixed(2) + ' km' : Math.round(m) + ' m';
  }

  var geo = {inverse: inverse, direct: direct, path: path, lengthText: lengthText};
  var DOUBLE_CLICK_MS = 400;  // a click waits this long for a second one before it counts

  function init(map) {
    var state = {on: false, a: null, layer: L.layerGroup().addTo(map), last: null};
    var ruler = {geo: geo, map: map, state: state};

    function clear() {
      state.layer.clearLayers();
      state.a = null;
    }

    function measure(a, b) {
      clear();
      var inv = inverse(a.lat, a.lng, b.lat, b.lng);
      var s = inv ? inv.s12 : a.distanceTo(b);
      var line = L.polyline(path(a.lat, a.lng, b.lat, b.lng, 500), {
        color: '#00695c', weight: 3, className: 'rm-ruler-line', interactive: false
      });
      state.layer.addLayer(line);
      [a, b].forEach(function (p) {
        state.layer.addLayer(L.circleMarker(p, {
          radius: 4, color: '#00695c', fillColor: '#fff', fillOpacity: 1, weight: 2,
          className: 'rm-ruler-end', interactive: false
        }));
      });
      var mid = path(a.lat, a.lng, b.lat, b.lng, Math.max(s / 2, 1))[1];
      var label = L.tooltip({permanent: true, direction: 'top', className: 'rm-ruler-label',
        offset: [0, -6]}).setLatLng(mid).setContent(lengthText(s) + ' (geodesic, WGS84)');
      state.layer.addLayer(label);
      state.last = {a: [a.lat, a.lng], b: [b.lat, b.lng], metres: s, vertices: line.getLatLngs().length};
      document.body.setAttribute('data-rm-ruler', String(s));
      return state.last;
    }
    ruler.measure = function (lat1, lon1, lat2, lon2) {
      return measure(L.latLng(lat1, lon1), L.latLng(lat2, lon2));
    };

    var Control = L.Control.extend({
      options: {position: 'topleft'},
      onAdd: function () {
        var box = L.DomUtil.create('div', 'leaflet-bar rm-ruler-control');
        var btn = L.DomUtil.create('a', 'rm-ruler-button', box);
        btn.href = '#';
        btn.setAttribute('role', 'button');
        btn.title = 'Ruler: click two points to measure the geodesic between them';
        btn.setAttribute('aria-label', btn.title);
        btn.textContent = '\u21A6';  // ↦
        btn.style.fontSize = '16px';
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.on(btn, 'click', function (e) {
          L.DomEvent.preventDefault(e);
          ruler.toggle(!state.on);
        });
        ruler.button = btn;
        return box;
      }
    });
    new Control().addTo(map);

    ruler.toggle = function (on) {
      state.on = on;
      clear();
      document.body.removeAttribute('data-rm-ruler');
      // While ruling, the map's features let clicks through (no popup, no pan): CSS in
      // render/webmap.py; canvas-drawn features open no popup either.
      if (on) {
        L.DomUtil.addClass(map.getContainer(), 'rm-ruling');
      } else {
        L.DomUtil.removeClass(map.getContainer(), 'rm-ruling');
      }
      if (ruler.button) {
        ruler.button.style.background = on ? '#b2dfdb' : '';
        ruler.button.setAttribute('aria-pressed', String(on));
      }
      // two ruler clicks in a row must not zoom
      if (on) { map.doubleClickZoom.disable(); } else { map.doubleClickZoom.enable(); }
      document.body.setAttribute('data-rm-ruler-on', String(on));
    };

    map.on('popupopen', function () { if (state.on) { map.closePopup(); } });

    // What the app sees of clicks (streamlit-folium reads __GLOBAL_DATA__.lat_lng_clicked
    // 250 ms after the last click or move). This handler runs before streamlit-folium's
    // (registered first), so it steps in once they have all run (setTimeout 0).
    var kept = null, waiting = null;
    function app() { return window.__GLOBAL_DATA__; }
    map.on('click', function (e) {
      if (state.on) {
        if (!state.a) {
          clear();
          state.a = e.latlng;
          state.layer.addLayer(L.circleMarker(e.latlng, {radius: 4, color: '#00695c',
            className: 'rm-ruler-end', interactive: false}));
        } else {
          measure(state.a, e.latlng);  // clears state.a: the next click starts again
        }
      }
      if (!app()) { return; }
      var ruling = state.on;
      setTimeout(function () {
        var g = app(), clicked = g.lat_lng_clicked;
        g.lat_lng_clicked = kept;  // hidden until it is known to be a single click
        if (waiting) { clearTimeout(waiting); waiting = null; }
        if (ruling) { return; }  // ruler clicks never reach the app
        waiting = setTimeout(function () {
          waiting = null;
          kept = clicked;
          app().lat_lng_clicked = clicked;
          map.fire('moveend');  // streamlit-folium's own way to report the change
        }, DOUBLE_CLICK_MS);
      }, 0);
    });
    map.on('dblclick', function () {
      // the two clicks of a double click: neither is a measurement
      if (waiting) { clearTimeout(waiting); waiting = null; }
      if (app()) { app().lat_lng_clicked = kept; }
    });
    window.rmRuler = ruler;
    return ruler;
  }

  window.rmRulerGeo = geo;
  window.rmRulerInit = init;
})();
