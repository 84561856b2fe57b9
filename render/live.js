/* raidmap's live layers: the app's date-dependent layers, inside the map iframe.
 *
 * A dataset's features (events, precision halos, region-level areas, presence footprints,
 * axes of advance, evacuation zones) reach the browser once, as a JSON file the app serves
 * (render/livemap.py writes it). After that a change of date or filter sends only which
 * features to show: index ranges per kind, a few hundred bytes. Sub-layers are made the
 * first time they are shown and then only added to or removed from their group, so the
 * view, zoom and open popups stay.
 *
 * The map also follows the page's date slider by itself: when the slider's value changes
 * it applies the date rule (render/daterule.js, layers/dates.py's) to the events passing the other
 * filters (spec.rule), at once; the server's own answer arrives with the rerun and
 * replaces the guess (the two agree: tests/test_browser_live.py).
 *
 * Every text in the file (tooltips, popups, area entries) is HTML escaped by
 * render/escape.py on the server; nothing here turns data into markup. Coordinates in the
 * file are GeoJSON (lon, lat); L.GeoJSON.coordsToLatLng hands Leaflet (lat, lon).
 *
 * Test and benchmark hooks on <body>: data-rm-state (the state last drawn: the server's
 * signature, or "<date> predicted"), data-rm-shown (event markers shown), data-rm-set (which
 * markers, and which drawn as still open), data-rm-status (loading, ready, error).
 */
(function (map) {
  var KINDS = ['zones', 'presence', 'halos', 'areas', 'axes', 'events', 'measure'];
  var Z = {zones: 410, presence: 420, halos: 430, areas: 440, axes: 450, events: 460, measure: 470};
  var CLASS = {events: 'rm-events', halos: 'rm-precision', measure: 'rm-measure'};
  var OPEN_STYLE = {fillOpacity: 0.15, dashArray: '3 3'};
  var OPEN_NOTE = '<br><i>date window still open</i>';
  // Popups never move the map (a view the reader did not choose would then be saved in the
  // link); their height is capped by CSS (render/popup.py) and they scroll.
  var POPUP = {maxWidth: 460, autoPan: false};
  var live = {url: null, data: null, spec: null, subs: {}, shown: {}, open: null,
              areaText: {}, groups: {}};
  // A canvas that draws layers added since the last frame on top of what it shows, instead
  // of clearing and redrawing every layer under their bounds (Leaflet's way): stepping
  // "everything up to this date" forward through 10,000 events then draws only the day's
  // new markers. New layers come last in the canvas's drawing order, so the picture is the
  // one a full redraw would give. Anything else (a removal, a restyle, a pan) still asks for
  // Leaflet's own redraw, which then also covers any additions not yet drawn.
  var AddingCanvas = L.Canvas.extend({
    _addPath: function (layer) {
      if (!this._map) { return; }
      if (this._redrawRequest) { this._requestRedraw(layer); return; }
      (this._added = this._added || []).push(layer);
      this._addRequest = this._addRequest || L.Util.requestAnimFrame(this._drawAdded, this);
    },
    _requestRedraw: function (layer) {
      L.Canvas.prototype._requestRedraw.call(this, layer);
      if (this._added && this._map) {  // the full redraw must cover them too
        this._added.forEach(this._extendRedrawBounds, this);
        this._added = null;
      }
    },
    _redraw: function () {  // a redraw of everything (pan, zoom) draws them as well
      if (this._added && this._redrawBounds) { this._added.forEach(this._extendRedrawBounds, this); }
      this._added = null;
      L.Canvas.prototype._redraw.call(this);
    },
    _drawAdded: function () {
      var added = this._added || [];
      this._added = null; this._addRequest = null;
      if (!this._map || !added.length) { return; }
      this._ctx.save();
      this._drawing = true;
      for (var i = 0; i < added.length; i++) {
        if (added[i]._order) { added[i]._updatePath(); }  // still on this canvas
      }
      this._drawing = false;
      this._ctx.restore();
    }
  });
  var svg = {}, canvas = {};
  KINDS.forEach(function (k) {
    map.createPane('rm-' + k).style.zIndex = Z[k];
    svg[k] = L.svg({pane: 'rm-' + k});
    canvas[k] = new AddingCanvas({pane: 'rm-' + k, padding: 0.3});
    live.groups[k] = L.featureGroup();
  });

  var status = L.control({position: 'topright'});
  status.onAdd = function () {
    var div = L.DomUtil.create('div', 'rm-status');
    div.setAttribute('role', 'status');
    div.style.cssText = 'background:#fff;padding:4px 8px;border-radius:4px;max-width:260px;' +
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
    var big = live.data && (live.data.events || []).length > live.data.canvas_above;
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
    if (kind === 'areas') {  // text set by areaTexts() for the events shown
      layer.bindTooltip('', {sticky: false});
      layer.bindPopup('', POPUP);
    }
    if (p.tooltip) { layer.bindTooltip(p.tooltip, {sticky: false}); }
    if (p.popup) { layer.bindPopup(p.popup, POPUP); }
    else if (p.pop !== undefined && live.popupsUrl) { lazyPopup(layer, live.popupsUrl, p.pop); }
    return layer;
  }

  // A large dataset's points come without their popups: the move's popups are a file (a
  // JSON list of HTML escaped by the server, render/livemap.publish_popups), fetched when a
  // popup is first opened; the feature's "pop" is its place in the list.
  var popupFiles = {};
  function popupsAt(url) {
    if (!popupFiles[url]) {
      var keep = {};
      keep[url] = fetch(url, {credentials: 'same-origin'}).then(function (r) {
        if (!r.ok) { throw new Error('HTTP ' + r.status); }
        return r.json();
      });
      keep[url].catch(function () { delete popupFiles[url]; });  // the next opening retries
      popupFiles = keep;  // only the latest move's file is kept
    }
    return popupFiles[url];
  }
  function lazyPopup(layer, url, k) {
    layer.bindPopup('<i>Loading the details…</i>', POPUP);
    layer.on('popupopen', function () {
      if (layer._rmPopupFilled) { return; }
      popupsAt(url).then(function (list) {
        if (typeof list[k] !== 'string') { throw new Error('no popup ' + k); }
        layer.setPopupContent(list[k]);
        layer._rmPopupFilled = true;
      }).catch(function () {
        layer.setPopupContent('<i>The details could not be loaded; open it again to retry.</i>');
      });
    });
  }

  // -- co-located events: one marker per spot, with its count ----------------------------
  // render/eventgroups.js (shared with the HTML snapshot); datasets drawn on a canvas (more
  // than canvas_above events) keep a plain group.
  function eventsGroup(big) {
    return big ? L.featureGroup() : rmEventsGroup(map);
  }
  // The events' group suits the dataset's size (called with each dataset's first picture).
  function fitEventsGroup() {
    var big = (live.data.events || []).length > live.data.canvas_above;
    if (live.eventsBig === big) { return; }
    var old = live.groups.events;
    if (map.hasLayer(old)) { map.removeLayer(old); }
    live.groups.events = eventsGroup(big);
    live.eventsBig = big;
    live.subs.events = {}; live.shown.events = null; live.open = null;
  }
  // Nothing to add or remove: the group is left alone (a cluster group's addLayers and
  // removeLayers fold a spread group, closing the popup a reader or the timeline opened).
  function addAll(group, layers) {
    if (!layers.length) { return; }
    if (group.addLayers) { group.addLayers(layers); } else { layers.forEach(group.addLayer, group); }
  }
  function removeAll(group, layers) {
    if (!layers.length) { return; }
    if (group.removeLayers) { group.removeLayers(layers); }
    else { layers.forEach(group.removeLayer, group); }
  }

  function clear() {
    bigLayers.clear();
    KINDS.forEach(function (k) { live.groups[k].clearLayers(); });
    live.subs = {}; live.shown = {}; live.open = null; live.areaText = {};
  }

  function expand(ranges, n) {
    var want = new Uint8Array(n);
    (ranges || []).forEach(function (r) {
      for (var i = r[0]; i <= r[1] && i < n; i++) { want[i] = 1; }
    });
    return want;
  }

  function toRanges(flags) {
    var out = [];
    for (var i = 0; i < flags.length; i++) {
      if (!flags[i]) { continue; }
      if (out.length && out[out.length - 1][1] === i - 1) { out[out.length - 1][1] = i; }
      else { out.push([i, i]); }
    }
    return out;
  }

  function setOpen(layer, feature, open) {
    var p = feature.properties || {};
    var s = Object.assign({}, p.style || {});
    if (open) { Object.assign(s, OPEN_STYLE); }
    layer.setStyle(s);
    if (p.tooltip) { layer.setTooltipContent(p.tooltip + (open ? OPEN_NOTE : '')); }
  }

  // Each shown area lists the events shown in it: its text is put together from the
  // escaped parts the server made (render/webmap.area_text_parts).
  function areaTexts(show) {
    var d = live.data, items = expand(show.area_items, d.area_items.length), per = {};
    for (var i = 0; i < items.length; i++) {
      if (items[i]) { (per[d.area_items[i].g] = per[d.area_items[i].g] || []).push(i); }
    }
    Object.keys(per).forEach(function (g) {
      var key = per[g].join(','), layer = live.subs.areas && live.subs.areas[g];
      if (!layer || live.areaText[g] === key) { return; }
      var p = d.areas[g].properties, n = String(per[g].length);
      var html = per[g].map(function (i) { return d.area_items[i].html; }).join('');
      layer.setTooltipContent(p.tooltip_parts[0] + n + p.tooltip_parts[1]);
      layer.setPopupContent(p.popup_parts[0] + n + p.popup_parts[1] + html + p.popup_parts[2]);
      live.areaText[g] = key;
    });
  }

  // -- a large dataset: columns, drawn as cells or points (render/liveagg.js) --------------
  var bigLayers = rmBigLayers(map, live, {expand: expand, toRanges: toRanges,
                                          makeLayer: function (k, f) { return makeLayer(k, f); }});
  // -- the view follows the events shown; labels without overlaps (render/mapview.js) -----
  var mapView = live.view = rmMapView(map, live);

  function apply(spec, state) {
    var d = live.data;
    if (d.columns) { bigLayers.apply(spec, state); return; }
    fitEventsGroup();
    ['zones', 'presence', 'halos', 'areas', 'axes', 'events'].forEach(function (k) {
      var feats = d[k] || [], n = feats.length, group = live.groups[k];
      var subs = live.subs[k] = live.subs[k] || {};
      var shown = live.shown[k] = live.shown[k] || new Uint8Array(n);
      var want = expand(spec.show[k], n), adds = [], drops = [];
      for (var i = 0; i < n; i++) {
        if (want[i] === shown[i]) { continue; }
        if (want[i]) {
          subs[i] = subs[i] || makeLayer(k, feats[i]);
          adds.push(subs[i]);
        } else if (subs[i]) {
          drops.push(subs[i]);
        }
        shown[i] = want[i];
      }
      removeAll(group, drops);  // in bulk: a cluster group then regroups once
      addAll(group, adds);
      var on = spec.layers.indexOf(k) >= 0 || (k === 'areas' && spec.layers.indexOf('halos') >= 0);
      if (on && !map.hasLayer(group)) { map.addLayer(group); }
      if (!on && map.hasLayer(group)) { map.removeLayer(group); }
    });
    areaTexts(spec.show);
    // Events whose date window is still open on the date: drawn faint and dashed.
    var open = expand(spec.open, d.events.length), was = live.open || new Uint8Array(open.length);
    for (var j = 0; j < open.length; j++) {
      var sub = live.subs.events[j];  // made closed; hidden ones are set closed
      if (sub && open[j] !== was[j]) { setOpen(sub, d.events[j], open[j] === 1); }
    }
    live.open = open;
    var m = live.groups.measure;
    m.clearLayers();
    (spec.measure || []).forEach(function (f) { m.addLayer(makeLayer('measure', f)); });
    if (!map.hasLayer(m)) { map.addLayer(m); }
    var count = 0;
    for (var c = 0; c < live.shown.events.length; c++) { count += live.shown.events[c]; }
    document.body.setAttribute('data-rm-shown', String(count));
    document.body.setAttribute('data-rm-set', JSON.stringify([spec.show.events, spec.open]));
    document.body.setAttribute('data-rm-state', state);
    mapView.afterApply(spec);
  }

  // -- following the page's slider ------------------------------------------------------
  // The server's rule (layers/dates.py, via render/daterule.js) for the events in
  // rule.filtered on date d.
  live.predict = function (rule, d) {
    if (live.data.columns) { return bigLayers.predict(rule, d); }
    var data = live.data, ev = data.ev, n = ev.length;
    var vis = expand(rule.filtered, n), open = new Uint8Array(n);
    for (var i = 0; i < n; i++) {
      if (!vis[i]) { continue; }
      var s = ev[i][0], e = ev[i][1] || s;
      var on = rmDateRule.activeOn(s, e, d, rule.mode, rule.window);
      vis[i] = on ? 1 : 0;
      open[i] = on && rmDateRule.stillOpen(s, e, d) ? 1 : 0;
    }
    function by(kind, flags) {
      var list = data[kind] || [], out = new Uint8Array(list.length);
      for (var j = 0; j < list.length; j++) {
        var item = list[j], e = item.properties ? item.properties.e : item.e;
        out[j] = flags[e];
      }
      return out;
    }
    var items = by('area_items', vis), areas = new Uint8Array((data.areas || []).length);
    for (var a = 0; a < items.length; a++) { if (items[a]) { areas[data.area_items[a].g] = 1; } }
    var presence = (data.presence || []).map(function (f) { return f.properties.date === d ? 1 : 0; });
    return {
      show: {
        events: toRanges(by('events', vis)), halos: toRanges(by('halos', vis)),
        axes: toRanges(by('axes', vis)), zones: toRanges(by('zones', vis)),
        area_items: toRanges(items), areas: toRanges(areas), presence: toRanges(presence)
      },
      open: toRanges(by('events', open))
    };
  };

  var slider = {el: null, obs: null, label: null};
  function sliderDate() {
    var us = Number(slider.el && slider.el.value);  // Streamlit: microseconds since 1970, UTC
    return isFinite(us) && us > 0 ? new Date(us / 1000).toISOString().slice(0, 10) : null;
  }
  // Draw the slider's date if it is not the one drawn (nor the server's latest answer).
  // Returns whether it drew.
  function onSlider() {
    var spec = live.spec, d = sliderDate();
    if (!spec || !spec.rule || !live.data || !d || live.url !== spec.url) { return false; }
    if (d === live.predicted || (d === spec.rule.date && !live.predicted)) { return false; }
    live.predicted = d === spec.rule.date ? null : d;
    if (!live.predicted) { apply(spec, spec.state || ''); return true; }
    // day: the date predicted (render/mapview.js fits around its events)
    apply(Object.assign({}, spec, live.predict(spec.rule, d), {day: d}), d + ' predicted');
    return true;
  }
  // (Re)attach to the page's slider after each update from the server: Streamlit may have
  // replaced the element. Another origin, or no such slider: the server's updates alone.
  function watchSlider(label) {
    var doc;
    try { doc = window.parent.document; } catch (err) { return; }
    if (!label || !doc) { return; }
    var sel = '[data-testid="stSlider"] input[type="range"][aria-label="' +
      label.replace(/["\\]/g, '') + '"]';
    var el = doc.querySelector(sel);
    if (el === slider.el) { return; }
    if (slider.obs) { slider.obs.disconnect(); }
    slider.el = el; slider.obs = null;
    if (!el) { return; }
    slider.obs = new MutationObserver(onSlider);
    slider.obs.observe(el, {attributes: true, attributeFilter: ['value', 'aria-valuetext']});
  }

  // -- loading ----------------------------------------------------------------------------
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
        apply(live.spec, live.spec.state || '');
      })
      .catch(function (err) {
        if (live.url !== url) { return; }
        live.url = null;  // the next show() tries again
        setStatus('error', 'The events could not be loaded (' + err.message +
          '). Move the slider or reload the page to try again.');
      });
  }

  // spec: what to show; data: the dataset's document, when the server sends it inline (the
  // first map of a session: no fetch before the first picture).
  live.show = function (spec, data) {
    live.spec = spec;
    live.predicted = null;
    watchSlider(spec.rule && spec.rule.slider);
    if (spec.url !== live.url && data) {
      live.url = spec.url; clear(); live.data = data; setStatus('ready', '');
    }
    if (spec.url !== live.url) { load(spec.url); return; }
    if (!live.data) { return; }
    // An answer for a date the slider has already left: keep following the slider.
    var d = sliderDate();
    if (spec.rule && d && d !== spec.rule.date && onSlider()) { return; }
    apply(spec, spec.state || '');
  };
  live.canvas = canvas;  // for tests
  live.map = map;  // for overlays beside the record (the "Read a report" candidates)
  live.bigCells = function () { return bigLayers.cells; };  // for tests
  live.bigPoints = function () { return bigLayers.points; };  // for tests
  window.rmLive = live;
})({{ this._parent.get_name() }});

/* A timeline entry clicked (raidmap/timeline.py): fly to that event and open it. The spec
 * carries focus = {n: the click's token, kind: 'events' or 'areas', i: the layer's position};
 * the layer is found only through the live layers' registry (rmLive.subs). A layer inside a
 * cluster group is shown with the group's own zoomToShowLayer, when the group has one.
 * Test hook: data-rm-focus on <body> ("<kind>:<i>") once the popup is open. */
(function (live) {
  var show = live.show, done = null;
  function focus(f, tries) {
    var map = live.map, layer = live.subs[f.kind] && live.subs[f.kind][f.i];
    var group = live.groups[f.kind];
    // Drawn: on the map, or inside its cluster group (a grouped marker has no map of its own).
    var drawn = layer && (layer._map || (group && group.getVisibleParent && group.hasLayer(layer)));
    if (!drawn) {  // not drawn yet (the data still loading): try again soon
      if (tries > 0) { setTimeout(function () { focus(f, tries - 1); }, 250); }
      return;
    }
    // The reader picked this event: the view is theirs now (the map stops following).
    if (live.view && live.view.setFollow) { live.view.setFollow(false); }
    var opened = false;
    function open() {
      if (opened) { return; }
      opened = true;
      if (layer.openPopup) { layer.openPopup(); }
      document.body.setAttribute('data-rm-focus', f.kind + ':' + f.i);
    }
    // Inside a cluster group, a marker sharing its spot with others stays grouped at every
    // zoom: after the flight its group is spread where it is (as a reader's click would).
    function reveal() {
      var parent = group && group.getVisibleParent ? group.getVisibleParent(layer) : layer;
      if (parent && parent !== layer && parent.spiderfy) {
        group.once('spiderfied', open);
        parent.spiderfy();
        setTimeout(open, 600);  // already spread: no event comes
      } else {
        open();
      }
    }
    var point = layer.getLatLng ? layer.getLatLng() : null;
    var zoom = point ? Math.max(map.getZoom(), 11) :
      Math.min(map.getBoundsZoom(layer.getBounds(), false, L.point(40, 40)), 11);
    var revealed = false;
    function once() { if (!revealed) { revealed = true; reveal(); } }
    map.once('moveend', once);
    map.flyTo(point || layer.getBounds().getCenter(), zoom, {duration: 0.8});
    setTimeout(once, 1500);  // a flight to where the map already is may not move it
  }
  live.show = function (spec, data) {
    show(spec, data);
    var f = spec && spec.focus;
    if (f && f.n !== done) { done = f.n; focus(f, 40); }
  };
})(window.rmLive);
