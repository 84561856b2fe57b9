/* raidmap's live layers: the app's date-dependent layers, inside the map iframe.
 *
 * A dataset's features (events, precision halos, region-level areas, presence footprints,
 * axes of advance, evacuation zones) reach the browser once, as a JSON file the app serves
 * (render/livemap.py writes it). After that a slider move sends only which features to show:
 * index ranges per kind, a few bytes. Sub-layers are made the first time they are shown and
 * then only added to or removed from their group, so the view, zoom and open popups stay.
 *
 * Every text in the file (tooltips, popups) is HTML escaped by render/escape.py on the
 * server; nothing here builds HTML from data. Coordinates in the file are GeoJSON (lon, lat);
 * Leaflet takes (lat, lon): L.GeoJSON.coordsToLatLng swaps them.
 *
 * Test and benchmark hooks on <body>: data-rm-state (the server's signature of the state
 * last drawn), data-rm-shown (event markers shown), data-rm-set (which, and which drawn as
 * still open), data-rm-status (loading, ready, error).
 */
(function (map) {
  var KINDS = ['zones', 'presence', 'halos', 'areas', 'axes', 'events', 'measure'];
  var Z = {zones: 410, presence: 420, halos: 430, areas: 440, axes: 450, events: 460, measure: 470};
  var CLASS = {events: 'rm-events', halos: 'rm-precision', measure: 'rm-measure'};
  var OPEN_STYLE = {fillOpacity: 0.15, dashArray: '3 3'};
  var OPEN_NOTE = '<br><i>date window still open</i>';
  var live = {url: null, data: null, subs: {}, shown: {}, open: {}, groups: {}, spec: null};
  var svg = {}, canvas = {};
  KINDS.forEach(function (k) {
    map.createPane('rm-' + k).style.zIndex = Z[k];
    svg[k] = L.svg({pane: 'rm-' + k});
    canvas[k] = L.canvas({pane: 'rm-' + k, padding: 0.3});
    live.groups[k] = L.featureGroup();
  });

  var status = L.control({position: 'topright'});
  status.onAdd = function () {
    var div = L.DomUtil.create('div', 'rm-status');
    div.setAttribute('role', 'status');
    div.style.cssText = 'background:#fff;padding:4px 8px;border-radius:4px;' +
      'font:13px system-ui,sans-serif;box-shadow:0 1px 4px #0004;display:none';
    return div;
  };
  status.addTo(map);
  function setStatus(state, text) {
    document.body.setAttribute('data-rm-status', state);
    var div = status.getContainer();
    div.textContent = text || '';
    div.style.display = text ? 'block' : 'none';
  }

  function renderer(kind) {
    // Thousands of SVG paths make every redraw slow: large datasets draw their markers and
    // halos on a canvas. Areas stay SVG, so only their outline takes clicks.
    var big = live.data && live.data.events.length > live.data.canvas_above;
    return big && (kind === 'events' || kind === 'halos') ? canvas[kind] : svg[kind];
  }

  function makeLayer(kind, feature) {
    var p = feature.properties || {};
    var s = Object.assign({}, p.style || {});
    var opts = Object.assign({}, s, {pane: 'rm-' + kind, renderer: renderer(kind)});
    if (CLASS[kind]) { opts.className = ((s.className || '') + ' ' + CLASS[kind]).trim(); }
    opts.pointToLayer = function (f, latlng) {
      return kind === 'halos' ? L.circle(latlng, opts) : L.circleMarker(latlng, opts);
    };
    var layer = L.GeoJSON.geometryToLayer(feature, opts);
    layer.feature = feature;
    if (layer.setStyle) { layer.setStyle(s); }
    if (p.tooltip) { layer.bindTooltip(p.tooltip, {sticky: false}); }
    if (p.popup) { layer.bindPopup(p.popup, {maxWidth: 460}); }
    return layer;
  }

  function clear() {
    KINDS.forEach(function (k) { live.groups[k].clearLayers(); });
    live.subs = {}; live.shown = {}; live.open = {};
  }

  function expand(ranges, n) {
    var want = new Uint8Array(n);
    (ranges || []).forEach(function (r) {
      for (var i = r[0]; i <= r[1] && i < n; i++) { want[i] = 1; }
    });
    return want;
  }

  function setOpen(layer, feature, open) {
    var p = feature.properties || {};
    var s = Object.assign({}, p.style || {});
    if (open) { Object.assign(s, OPEN_STYLE); }
    layer.setStyle(s);
    if (p.tooltip) { layer.setTooltipContent(p.tooltip + (open ? OPEN_NOTE : '')); }
  }

  function apply(spec) {
    var d = live.data;
    ['zones', 'presence', 'halos', 'areas', 'axes', 'events'].forEach(function (k) {
      var feats = d[k] || [], n = feats.length, group = live.groups[k];
      var subs = live.subs[k] = live.subs[k] || {};
      var shown = live.shown[k] = live.shown[k] || new Uint8Array(n);
      var want = expand(spec.show[k], n);
      for (var i = 0; i < n; i++) {
        if (want[i] === shown[i]) { continue; }
        if (want[i]) {
          subs[i] = subs[i] || makeLayer(k, feats[i]);
          group.addLayer(subs[i]);
        } else if (subs[i]) {
          group.removeLayer(subs[i]);
        }
        shown[i] = want[i];
      }
      var on = spec.layers.indexOf(k) >= 0 || (k === 'areas' && spec.layers.indexOf('halos') >= 0);
      if (on && !map.hasLayer(group)) { map.addLayer(group); }
      if (!on && map.hasLayer(group)) { map.removeLayer(group); }
    });
    // Events whose date window is still open on the slider's date: drawn faint and dashed.
    var open = expand(spec.open, d.events.length), was = live.open;
    for (var j = 0; j < d.events.length; j++) {
      var isOpen = open[j] === 1;
      if (live.subs.events[j] && (was[j] || false) !== isOpen) {
        setOpen(live.subs.events[j], d.events[j], isOpen);
      }
      was[j] = isOpen;
    }
    var m = live.groups.measure;
    m.clearLayers();
    (spec.measure || []).forEach(function (f) { m.addLayer(makeLayer('measure', f)); });
    if (!map.hasLayer(m)) { map.addLayer(m); }
    var count = 0;
    for (var c = 0; c < live.shown.events.length; c++) { count += live.shown.events[c]; }
    document.body.setAttribute('data-rm-shown', String(count));
    document.body.setAttribute('data-rm-set', JSON.stringify([spec.show.events, spec.open]));
    document.body.setAttribute('data-rm-state', spec.state || '');
  }

  function load(url) {
    live.url = url; live.data = null; clear();
    setStatus('loading', 'Loading the events…');
    fetch(url, {credentials: 'same-origin'})
      .then(function (r) {
        if (!r.ok) { throw new Error('HTTP ' + r.status); }
        return r.json();
      })
      .then(function (data) {
        if (live.url !== url) { return; }  // a newer dataset was asked for meanwhile
        live.data = data;
        setStatus('ready', '');
        apply(live.spec);
      })
      .catch(function (err) {
        if (live.url !== url) { return; }
        live.url = null;  // the next show() tries again
        setStatus('error', 'The events could not be loaded (' + err.message +
          '). Move the slider or reload the page to try again.');
      });
  }

  live.show = function (spec) {
    live.spec = spec;
    if (spec.url !== live.url) { load(spec.url); return; }
    if (live.data) { apply(spec); }
  };
  window.rmLive = live;
})({{ this._parent.get_name() }});
