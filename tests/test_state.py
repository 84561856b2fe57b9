"""URL state: a link reproduces the view; hostile query strings are ignored and reported."""

import datetime as dt

from raidmap.state import DEFAULT_LAYERS, ViewState, from_query, to_query

SPAN = (dt.date(2023, 3, 1), dt.date(2023, 6, 6))
D0 = dt.date(2023, 5, 22)


def test_round_trip():
    s = ViewState(
        date=dt.date(2023, 6, 1),
        mode="window",
        window=3,
        layers=("events", "border"),
        actors=("Russian Volunteer Corps",),
        claimants=("TASS",),
        statuses=("disputed",),
        geo_precision=(1, 2),
        lat=50.4,
        lon=36.9,
        zoom=11,
        tiles=True,
        lang="uk",
    )
    q = to_query(s)
    back = from_query(q, span=SPAN, default_date=D0)
    assert back == s and not back.warnings


def test_defaults_when_no_query():
    s = from_query({}, span=SPAN, default_date=D0)
    assert s.date == D0 and s.mode == "upto" and s.layers == DEFAULT_LAYERS


def test_hostile_query_is_ignored_with_warnings():
    q = {
        "date": "31/02/2023",
        "mode": "<script>",
        "zoom": "99",
        "lat": "nan",
        "layers": "events,${x}",
        "gp": "1,7",
        "lang": "xx",
    }
    s = from_query(q, span=SPAN, default_date=D0)
    assert s.date == D0 and s.mode == "upto" and s.zoom == ViewState(date=D0).zoom
    assert s.layers == ("events",) and s.geo_precision == (1,) and s.lang == "en"
    assert len(s.warnings) >= 6


def test_date_outside_the_record_is_clamped():
    s = from_query({"date": "2030-01-01"}, span=SPAN, default_date=D0)
    assert s.date == SPAN[1] and "outside" in s.warnings[0]


def test_repeated_parameters_and_lists():
    s = from_query({"actor": ["A", "B,C"]}, span=SPAN, default_date=D0)
    assert s.actors == ("A", "B", "C")


def test_empty_selections_survive_the_link():
    s = ViewState(date=D0, layers=(), geo_precision=())
    back = from_query(to_query(s), span=SPAN, default_date=D0)
    assert back.layers == () and back.geo_precision == () and not back.warnings


def test_filter_values_the_data_does_not_offer_are_dropped_and_named():
    from raidmap.state import keep_known_filters

    state = from_query(
        {"actor": ["civilians (russia)", "Nobody", "<script>x</script>"], "status": ["DISPUTED"]},
        span=SPAN,
        default_date=D0,
    )
    kept = keep_known_filters(
        state,
        actors=["Civilians (Russia)", "Russian Volunteer Corps"],
        claimants=["Kremlin"],
        statuses=["disputed", "refuted"],
    )
    assert kept.actors == ("Civilians (Russia)",)  # spelled as the data spells it
    assert kept.statuses == ("disputed",)
    assert kept.claimants == ()
    assert any("'Nobody'" in w and "'<script>x</script>'" in w for w in kept.warnings)
    assert not any("status" in w for w in kept.warnings)  # a case variant is not an error
    assert (
        keep_known_filters(kept, actors=["Civilians (Russia)"], claimants=[], statuses=["disputed"])
        == kept
    )  # nothing left to drop


def test_a_link_without_a_view_follows_the_events_and_saves_no_view():
    s = from_query({"date": "2023-06-01"}, span=SPAN, default_date=D0)
    assert s.follow
    q = to_query(s)
    assert "lat" not in q and "lon" not in q and "zoom" not in q
    assert from_query(q, span=SPAN, default_date=D0).follow


def test_a_link_with_a_view_keeps_it():
    s = from_query({"zoom": "10"}, span=SPAN, default_date=D0)
    assert not s.follow and to_query(s)["zoom"] == "10"


def test_only_a_view_the_reader_chose_reaches_the_link():
    from raidmap.panels import reported_view

    s = from_query({}, span=SPAN, default_date=D0)
    same = reported_view(s, lat=s.lat + 1e-6, lon=s.lon, zoom=s.zoom)  # the map's first report
    assert same.follow and "lat" not in to_query(same)
    moved = reported_view(s, lat=50.5, lon=36.5, zoom=11)  # the reader moved the map
    assert not moved.follow
    assert to_query(moved)["lat"] == "50.5000" and to_query(moved)["zoom"] == "11"
