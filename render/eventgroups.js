/* Co-located events, one marker per spot with its count: shared by the app's live layers
 * (render/live.js) and the HTML snapshot (render/snapshot_html.py).
 *
 * Events on one spot (the same place, on one day or on several) would hide one another:
 * Leaflet.markercluster (vendored: render/vendor/markercluster) draws one marker with
 * their count, and a click spreads them out ("spiderfy") so that each can be opened: any
 * event shown is at most two clicks away. Markers within RM_CLUSTER_PX pixels of each other
 * are grouped: a marker is about 18 px across and a group 24 px, so anything closer would
 * cover its neighbour's centre (zoomed in, neighbouring villages come apart). Without the
 * plugin: a plain group.
 */
var RM_CLUSTER_PX = 26;
function rmEventsGroup(map) {
  if (!L.markerClusterGroup) { return L.featureGroup(); }
  function clusterIcon(cluster) {
    var n = cluster.getChildCount();
    return L.divIcon({
      html: '<span title="' + n + ' events here: click to list them">' + n + '</span>',
      className: 'rm-cluster', iconSize: L.point(24, 24)
    });
  }
  var group = L.markerClusterGroup({
    maxClusterRadius: RM_CLUSTER_PX, showCoverageOnHover: false, animate: false,
    zoomToBoundsOnClick: false, spiderfyOnMaxZoom: false,  // spread in place, below
    spiderfyDistanceMultiplier: 1.4, iconCreateFunction: clusterIcon,
    spiderLegPolylineOptions: {weight: 1.5, color: '#333', opacity: 0.6, interactive: false}
  });
  // A click (or Enter) spreads the group where it is: the map never moves by itself.
  group.on('clusterclick clusterkeypress', function (e) {
    var key = e.originalEvent && e.originalEvent.keyCode;
    if (e.type === 'clusterkeypress' && key !== 13) { return; }
    e.layer.spiderfy();
  });
  // While a group is spread, the other groups' markers (drawn above the events' pane) fade
  // and let clicks through to the spread events under them; a click elsewhere folds it.
  group.on('spiderfied', function (e) {
    L.DomUtil.addClass(map.getContainer(), 'rm-spread');
    // where the events fanned out: render/mapview.js brings them into sight
    map.fire('rm:spread', {latlngs: (e.markers || []).map(function (m) { return m.getLatLng(); })});
  });
  group.on('unspiderfied', function () {
    L.DomUtil.removeClass(map.getContainer(), 'rm-spread');
  });
  return group;
}
