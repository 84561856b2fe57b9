/* raidmap's date rule in the browser: layers/dates.py's rule, written once here and used by
 * the app's live layers (render/live.js) and the HTML snapshot's slider
 * (render/snapshot_html.py). tests/test_daterule.py runs it in headless Chromium and checks
 * that it agrees with the Python rule for every day, mode and precision.
 *
 * Dates are ISO strings (YYYY-MM-DD), which compare as dates, or day numbers (all of one
 * kind: render/liveagg.js counts days from its dataset's first). An event spans start .. end
 * (end empty: the single day start).
 *   upto:   shown once it may have happened (start on or before the date);
 *   day:    shown while its span includes the date;
 *   window: shown while its span overlaps the windowDays days ending on the date.
 * A shown event whose end is after the date is still open: it may not have happened yet.
 */
var rmDateRule = (function () {
  var MODES = ['upto', 'day', 'window'];
  function addDays(iso, n) {
    var t = Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) + n * 864e5;
    return new Date(t).toISOString().slice(0, 10);
  }
  function windowStart(d, mode, windowDays) {
    if (MODES.indexOf(mode) < 0) { throw new Error('unknown date mode ' + mode); }
    if (mode !== 'window') { return d; }
    var back = Math.max(1, Math.floor(windowDays || 1)) - 1;
    return typeof d === 'number' ? d - back : addDays(d, -back);  // a day number, or ISO
  }
  function activeOn(start, end, d, mode, windowDays) {
    var lo = windowStart(d, mode, windowDays);
    if (mode === 'upto') { return start <= d; }
    return start <= d && (end || start) >= lo;
  }
  function stillOpen(start, end, d) { return (end || start) > d; }
  return {MODES: MODES, addDays: addDays, windowStart: windowStart, activeOn: activeOn,
          stillOpen: stillOpen};
})();
