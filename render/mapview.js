/* raidmap's map view (called by render/live.js): a view that follows the story, place labels
 * that never overlap, and the countries' names.
 *
 * Following: on the first picture and on each change of the events shown, the map fits them
 * (with margins for its controls, and for the part of the frame off screen or under the
 * sticky date bar) unless the reader has moved it (a drag, the wheel, a pinch,
 * the zoom buttons or keys), or the link or a story step set a view. Then a "Follow the
 * story" button appears; pressing it fits the map again and follows until the next move.
 * Far-off events (plan()): when fitting every event shown would make the current day's sites
 * small, the fit keeps to the day's events and those near them, and a note names the events
 * left outside the view with a "Show all" button (then "Zoom to the latest events").
 * A fitted view is not the reader's: streamlit-folium's front end would report it to the
 * server (and the link would save it), so while the map follows, that front end's last
 * report reads as the view shown and nothing is sent. The reader's own moves and clicks
 * (which stop the following) are reported as before.
 *
 * Labels and country names: render/labels.js (shared with the HTML snapshot).
 *
 * Hooks for tests: rmLive.view.follow and .pending (fits still to come), <body
 * data-rm-follow="on|off" data-rm-fits="<fits so far>" data-rm-outside="<events left out>">.
 *
 * The HTML snapshot (render/snapshot_html.py) uses the same view, rule and note: it passes
 * `live` as {groups: {events, areas}, data: {events: features}, shown: {events: flags}} and
 * options.margins(), the pixels its own panels cover ({top, right, bottom, left}), in place
 * of the app's page edges.
 */
function rmMapView(map, live, options) {
  options = options || {};
  var view = {follow: null, ours: false, input: 0, shown: null, first: true, pending: 0,
              guarded: null, day: null, scope: 'near', outside: [], fits: 0};
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
    L.DomEvent.on(b, 'click', function () { setFollow(true); fit(true); });
    return b;
  };
  ctl.addTo(map);

  function setFollow(on) {
    view.follow = on;
    ctl.getContainer().style.display = on ? 'none' : '';
    document.body.setAttribute('data-rm-follow', on ? 'on' : 'off');
    if (!on) { showOutside(null); }
  }

  // -- far-off events: the note saying what the fit left out, with "show all" --------------
  var note = L.control({position: 'topright'});
  note.onAdd = function () {
    var d = L.DomUtil.create('div', 'rm-outside');
    L.DomEvent.disableClickPropagation(d);
    L.DomEvent.disableScrollPropagation(d);
    d.style.display = 'none';
    return d;
  };
  note.addTo(map);
  var MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
                'September', 'October', 'November', 'December'];
  function dayText(iso) {
    var p = String(iso || '').split('-');
    return p.length === 3 ? (+p[2]) + ' ' + MONTHS[+p[1] - 1] : '';
  }
  function noteButton(text, scope) {
    var b = document.createElement('button');
    b.type = 'button';
    b.className = 'rm-outside-show';
    b.textContent = text;
    // The note is rebuilt by the fit: the click must not reach the map from a button no
    // longer in the note (the map would take it as the reader's click and stop following).
    L.DomEvent.on(b, 'click', function (e) {
      L.DomEvent.stop(e);
      setTimeout(function () { view.scope = scope; setFollow(true); fit(true); }, 0);
    });
    return b;
  }
  // out: the events left outside the view (null: no note); place names arrive escaped
  // (render/features.py), dates are ISO days.
  function showOutside(out) {
    var el = note.getContainer();
    view.outside = out || [];
    document.body.setAttribute('data-rm-outside', String(view.outside.length));
    el.innerHTML = '';
    if (view.follow && view.scope === 'all' && view.narrowed) {
      el.appendChild(noteButton('Zoom to the latest events', 'near'));
      el.style.display = '';
      return;
    }
    if (!out || !out.length) { el.style.display = 'none'; return; }
    var later = out.some(function (q) { return q.p.event_date >= view.focusDay; });
    var n = out.length, what = n + (later ? ' other' : ' earlier') + ' event' +
      (n === 1 ? '' : 's') + ' outside the view: ';
    var names = out.slice(0, 2).map(function (q) {
      return (q.p.place || '') + ', ' + dayText(q.p.event_date);
    }).join('; ') + (n > 2 ? '; …' : '');
    var t = document.createElement('span');
    t.innerHTML = what + names + ' ';  // escaped by the server
    el.appendChild(t);
    el.appendChild(noteButton('Show all', 'all'));
    el.style.display = '';
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

  // The part of the map the reader sees: on a phone the map may go on below the screen's
  // bottom (the first screen) or pass under the sticky date bar; a fit keeps the events in
  // the part on screen. [top, bottom] pixels to add to the margins (none on a desktop whose
  // map is all on screen, or where the page cannot be read).
  function hiddenEdges() {
    try {
      var fe = window.frameElement, pw = window.parent;
      if (!fe || !pw || pw === window) { return [0, 0]; }
      var r = fe.getBoundingClientRect(), top = 0, bottom = Math.max(0, r.bottom - pw.innerHeight);
      var bar = pw.document.querySelector('.st-key-rm_datebar');
      if (bar) {
        var br = bar.getBoundingClientRect();
        if (br.bottom > r.top && br.top < r.bottom) { top = Math.max(0, br.bottom - r.top); }
      }
      top = Math.max(0, -r.top, top);
      if (r.height - top - bottom < 220) { return [0, 0]; }  // too little: fit the whole map
      return [top, bottom];
    } catch (err) {
      return [0, 0];
    }
  }
  // The pixels of the map the reader does not see (under the page's or the snapshot's boxes).
  function edges() {
    var h = hiddenEdges();
    return options.margins ? options.margins() : {top: h[0], right: 0, bottom: h[1], left: 0};
  }
  function fitOptions() {
    var e = edges();
    return Object.assign({}, FIT, {paddingTopLeft: [FIT.paddingTopLeft[0] + e.left,
                                                    FIT.paddingTopLeft[1] + e.top],
                                   paddingBottomRight: [FIT.paddingBottomRight[0] + e.right,
                                                        FIT.paddingBottomRight[1] + e.bottom]});
  }
  function zoomFor(b, opts) {
    var pad = L.point(opts.paddingTopLeft).add(L.point(opts.paddingBottomRight));
    return Math.min(opts.maxZoom, map.getBoundsZoom(b, false, pad));
  }

  // The events drawn as markers, with their properties (none for a large dataset's columns).
  function markersShown() {
    var d = live.data, on = live.shown && live.shown.events, g = live.groups.events;
    if (!d || d.columns || !on || !d.events || !g || !map.hasLayer(g) || on.length > 5000) {
      return null;
    }
    var out = [];
    for (var i = 0; i < on.length; i++) {
      var f = d.events[i], c = on[i] && f.geometry && f.geometry.coordinates;
      if (c) { out.push({ll: L.latLng(c[1], c[0]), p: f.properties || {}}); }
    }
    return out;
  }

  // What a fit shows (the rule, README "How the map follows"): every event shown, when that
  // keeps the current day's sites readable, i.e. the fit of all is at most one zoom level out
  // from min(the fit of the day's events, READABLE); otherwise the day's events (those of the
  // date, or of the latest event day up to it; when they lie too far apart to show at
  // READABLE zoom, their largest group that does) and, nearest first, every other event shown
  // that keeps the zoom there; the rest are named in a note with a "Show all" button.
  var READABLE = 9;  // zoom 9: ~200 m a pixel at 50°N, a raid's villages apart
  // The largest group of the day's events that fits at READABLE zoom (grown from each event,
  // nearest first; on a tie the first found), so that one far-off site of the day does not
  // shrink the raid itself.
  function densest(focus, opts, zoom) {
    if (focus.length > 50) { return focus; }  // a large dataset's day: fit it whole (cost n²)
    var best = [];
    focus.forEach(function (seed) {
      var near = focus.slice().sort(function (x, y) {
        return seed.ll.distanceTo(x.ll) - seed.ll.distanceTo(y.ll);
      });
      var b = L.latLngBounds(seed.ll, seed.ll), group = [];
      near.forEach(function (q) {
        var t = L.latLngBounds(b.getSouthWest(), b.getNorthEast()).extend(q.ll);
        if (zoomFor(t, opts) >= zoom) { b = t; group.push(q); }
      });
      if (group.length > best.length) { best = group; }
    });
    return best.length ? best : focus;
  }
  function plan(opts) {
    // no date given: the latest event day shown
    var all = shownBounds(), pts = markersShown(), day = view.day || '9999-12-31';
    view.narrowed = false;
    if (!pts || !pts.length) { return {bounds: all, out: []}; }
    var focusDay = null;
    pts.forEach(function (q) {
      var s = q.p.event_date;
      if (s && s <= day && (!focusDay || s > focusDay)) { focusDay = s; }
    });
    view.focusDay = focusDay;
    var focus = [], rest = [];
    pts.forEach(function (q) {
      var s = q.p.event_date, e = q.p.end_date || s;
      (s === focusDay || (s && s <= day && e >= day) ? focus : rest).push(q);
    });
    if (!focus.length) { return {bounds: all, out: []}; }
    // The day's sites far from the most of them (a claim of the day 200 km off) leave its
    // core and are treated as the other events: nearest first, or named in the note.
    // Such a split day is the raid and its far-off claims: its core is then the densest group
    // of the day's sites at the fit's closest zoom (the raid's villages, their names shown),
    // with what lies near it at one zoom level out.
    var core = densest(focus, opts, READABLE), split = core.length < focus.length;
    if (split) { core = densest(core, opts, FIT.maxZoom); }
    if (core.length < focus.length) {
      rest = rest.concat(focus.filter(function (q) { return core.indexOf(q) < 0; }));
      focus = core;
    }
    if (!rest.length) { return {bounds: all, out: []}; }
    var fb = L.latLngBounds(focus.map(function (q) { return q.ll; }));
    var target = split ? zoomFor(fb, opts) - 1 : Math.min(zoomFor(fb, opts), READABLE) - 1;
    if (zoomFor(all, opts) >= target) { return {bounds: all, out: []}; }
    view.narrowed = true;
    if (view.scope === 'all') { return {bounds: all, out: []}; }
    var centre = fb.getCenter(), b = L.latLngBounds(fb.getSouthWest(), fb.getNorthEast()), out = [];
    // A split day's view is centred on its core's events (the raid: their mean point, so that
    // a lone site of the core on one side does not pull it off), and an event near it is kept
    // where the bounds grown to it on both sides of that centre keep the zoom (on 22 May
    // Borisovka, kept on one side, put the raid's villages in the map's lower left corner).
    function mirror(ll) { return L.latLng(2 * centre.lat - ll.lat, 2 * centre.lng - ll.lng); }
    if (split) {
      centre = L.latLng(focus.reduce(function (a, q) { return a + q.ll.lat; }, 0) / focus.length,
                        focus.reduce(function (a, q) { return a + q.ll.lng; }, 0) / focus.length);
      b.extend(mirror(fb.getSouthWest())).extend(mirror(fb.getNorthEast()));
    }
    rest.sort(function (x, y) { return centre.distanceTo(x.ll) - centre.distanceTo(y.ll); });
    rest.forEach(function (q) {
      var t = L.latLngBounds(b.getSouthWest(), b.getNorthEast()).extend(q.ll);
      if (split) { t.extend(mirror(q.ll)); }
      if (zoomFor(t, opts) >= target) { b = t; } else { out.push(q); }
    });
    out.sort(function (x, y) {  // by date, then the farthest first (named first)
      return x.p.event_date !== y.p.event_date ? (x.p.event_date < y.p.event_date ? -1 : 1)
        : centre.distanceTo(y.ll) - centre.distanceTo(x.ll);
    });
    return {bounds: b, out: out};
  }

  // Whether the fit of b would keep the zoom and b lies inside the view's margins already:
  // a fit that follows a date change then leaves the view as it is (moving it a few pixels
  // would redraw every layer: at 10,000 events most of a slider move's time). What the
  // reader sees meets the fit's rule. A fit the reader asked for (a button) always centres.
  function fitsAlready(b, opts) {
    if (!map._getBoundsCenterZoom || map._getBoundsCenterZoom(b, opts).zoom !== map.getZoom()) {
      return false;
    }
    var size = map.getSize(), tl = L.point(opts.paddingTopLeft), br = L.point(opts.paddingBottomRight);
    var nw = map.latLngToContainerPoint(b.getNorthWest()), se = map.latLngToContainerPoint(b.getSouthEast());
    return nw.x >= tl.x && nw.y >= tl.y && se.x <= size.x - br.x && se.y <= size.y - br.y;
  }

  function fit(asked) {
    var opts = fitOptions(), p = plan(opts), b = p.bounds;
    if (!b || !b.isValid()) { return; }
    guardReports();
    if (asked === true || !fitsAlready(b, opts)) {
      view.ours = true;
      try { map.fitBounds(b, opts); } finally { view.ours = false; }
    }
    view.fitted = map.getCenter().toString() + map.getZoom();
    // named: those the view leaves out (10 px inside its edges is cut off already)
    var size = map.getSize();
    showOutside(p.out.filter(function (q) {
      var c = map.latLngToContainerPoint(q.ll);
      return c.x < 10 || c.y < 10 || c.x > size.x - 10 || c.y > size.y - 10;
    }));
    view.fits += 1;
    document.body.setAttribute('data-rm-fits', String(view.fits));
    placeLabels();
  }
  // The frame resized (the page laid out around it): fit again while following.
  map.on('resize', function () { if (view.follow && !view.ours) { fit(); } });

  // A group of events spread near the map's edge (render/eventgroups.js): its events fan out
  // up to ~110 px (13 events), more than any fit's margin on a phone, so the map moves just
  // enough to bring every one of them into the part the reader sees. The map's own move:
  // it neither stops the following nor, while following, becomes the link's view.
  function reveal(latlngs) {
    var e = edges(), size = map.getSize(), pad = 12;
    var top = e.top + pad, bottom = size.y - e.bottom - pad;
    var left = e.left + pad, right = size.x - e.right - pad;
    var xs = [], ys = [];
    latlngs.forEach(function (ll) {
      var q = map.latLngToContainerPoint(ll); xs.push(q.x); ys.push(q.y);
    });
    if (!xs.length) { return; }
    var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs);
    var y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys);
    var dx = x0 < left ? x0 - left : (x1 > right ? Math.min(x1 - right, x0 - left) : 0);
    var dy = y0 < top ? y0 - top : (y1 > bottom ? Math.min(y1 - bottom, y0 - top) : 0);
    if (!dx && !dy) { return; }
    view.ours = true;
    try { map.panBy([dx, dy], {animate: false}); } finally { view.ours = false; }
    document.body.setAttribute('data-rm-revealed', String(+(document.body.getAttribute(
      'data-rm-revealed') || 0) + 1));
  }
  map.on('rm:spread', function (e) { reveal(e.latlngs || []); });

  // After each picture: fit when the events shown changed. Deferred: on the first picture
  // streamlit-folium sets the link's view right after this script runs.
  view.afterApply = function (spec) {
    view.day = spec.day || (spec.rule && spec.rule.date) || null;
    if (view.follow === null) { setFollow(spec.follow !== false); }
    // The server's view became a chosen one (a story step's): stop following it.
    if (view.served !== false && spec.follow === false && view.follow) { setFollow(false); }
    view.served = spec.follow;
    guardReports();
    var key = JSON.stringify([spec.show && spec.show.events, spec.show && spec.show.areas,
                              spec.layers]);
    // Labels are placed again when what they avoid may have changed (a fit places them).
    var labelsKey = key + JSON.stringify(spec.measure || []);
    if (key === view.shown) {
      if (labelsKey !== view.labelsKey) { setTimeout(placeLabels, 0); }
      view.labelsKey = labelsKey;
      return;
    }
    view.labelsKey = labelsKey;
    view.shown = key;
    var before = map.getCenter().toString() + map.getZoom(), first = view.first;
    view.first = false;
    view.pending += 1;
    setTimeout(function () {
      view.pending -= 1;
      // moved by something else than this map's own fits: several pictures in a row (a
      // slider run through) each wait here, and a fit for an earlier one moves the map
      var now = map.getCenter().toString() + map.getZoom();
      var moved = now !== before && now !== view.fitted;
      if (moved && !first && view.follow) { setFollow(false); }  // a story step's own view
      if (view.follow) { fit(); } else { placeLabels(); }
    }, 0);
  };

  // -- country names and labels without overlaps (render/labels.js) -------------------------
  // They avoid the axes of advance shown, and place first the places the events shown are
  // about (their points read once per picture).
  var placeLabels = rmLabels(map, {
    lines: function () {  // (a large import's hundreds of axes: not avoided, the cost per move)
      var g = live.groups.axes, ls = g && map.hasLayer(g) ? g.getLayers() : [];
      return ls.length <= 100 ? ls : [];
    },
    key: function () { return view.shown; },
    points: function () {
      return (markersShown() || []).map(function (q) {
        return {ll: q.ll, w: 1 + (q.p.claims || 0)};
      });
    }
  });

  view.placeLabels = placeLabels;
  view.fit = fit;
  view.setFollow = setFollow;
  return view;
}
