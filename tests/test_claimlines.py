"""Claims against measurement as geometry: the claimed-depth line and the labelled gap."""

from __future__ import annotations

import numpy as np
import pytest

from geo.measure import default_depth_model
from layers.claimlines import record_claim_lines
from render.basemap import claim_lines_geojson


def test_the_edm_40_km_claim_is_drawn_at_40_km_beside_grayvoron():
    g = record_claim_lines()
    claim = g.loc[g["kind"] == "claim"].iloc[0]
    gap = g.loc[g["kind"] == "gap"].iloc[0]
    assert claim["claim_id"] == "C-003" and claim["claimed_km"] == 40
    xy = np.asarray(claim.geometry.coords)
    depth = default_depth_model().depth(lon=xy[:, 0], lat=xy[:, 1]).depth_km
    assert np.all(np.abs(depth - 40) <= 0.05) and len(xy) > 10
    assert gap["place_name"] == "Grayvoron"
    assert gap["measured_km"] == pytest.approx(7.53, abs=0.01)
    assert gap["gap_km"] == pytest.approx(40 - 7.53, abs=0.01)
    # the gap segment runs from the event to the claim line and is at least the depth gap
    assert gap.geometry.coords[0] == pytest.approx((35.68087, 50.47893))
    assert claim.geometry.distance(gap.geometry) < 1e-6
    assert gap["reach_km"] >= gap["gap_km"]
    assert gap["label"] == "40 km claimed, 7.5 ± 2.5 km measured at Grayvoron: 32.5 km apart"


def test_the_map_layer_carries_the_labels_escaped():
    fc = claim_lines_geojson()
    labels = [f["properties"]["label"] for f in fc["features"]]
    assert "Eurasia Daily Monitor: 40 km claimed" in labels
    assert any("32.5 km apart" in x for x in labels)


def test_the_web_maps_claim_labels_are_short_and_the_full_text_is_the_popup():
    """The permanent labels of the app's and the snapshot's claim lines are short ("RVC
    claim: 42 km"): the long ones piled up near Grayvoron and ran off the map; the full text
    (claimant, measurement, place, gap) is each line's popup."""
    from render.basemap import short_claimant

    assert short_claimant("Russian Volunteer Corps (commander Denis Nikitin)") == "RVC"
    assert short_claimant("Eurasia Daily Monitor") == "EDM"
    assert short_claimant("La Repubblica") == "La Repubblica"
    props = [f["properties"] for f in claim_lines_geojson()["features"]]
    shorts = {p["short"] for p in props}
    assert {"EDM claim: 40 km", "RVC claim: 42 km", "RVC gap: 34.5 km"} <= shorts
    assert all(len(p["short"]) <= 26 for p in props)
    assert all(p["popup"] == p["label"] for p in props)
    assert "Russian Volunteer Corps (commander Denis Nikitin): 42 km claimed" in {
        p["popup"] for p in props
    }
