"""raidmap.serve: the launcher ./dev app uses preloads into the app's own caches and starts
Streamlit with the arguments it was given, even when preloading fails."""

from __future__ import annotations

import sys

from raidmap import serve


def test_preload_fills_the_caches_the_app_reads():
    from raidmap import mapframe, ui
    from raidmap.state import ViewState
    from render import livemap, webmap

    got = serve.preload()
    assert set(got["took"]) == {"imports", "record", "live layers", "base map"}
    # cache_resource hands back the very object it holds: the app's first run finds these
    ds = ui.record_dataset()
    assert ds is got["dataset"] and len(ds.events) > 0
    live, url = ui.live_layers(ds)
    assert live is got["live"] and url == got["live_url"]
    assert (livemap.LIVE_DIR / f"{live.digest}.json").exists()
    default = ViewState(date=ui.SPAN_FALLBACK[0])
    static = tuple(x for x in default.layers if x in webmap.STATIC_LAYERS)
    assert mapframe.cached_frame(default.lang, default.tiles, static) is got["frame"]


def test_main_starts_streamlit_run_with_the_given_options(monkeypatch, capsys):
    calls = []
    monkeypatch.setattr(serve, "preload", lambda: {"took": {"imports": 0.5}})
    monkeypatch.setattr("streamlit.web.cli.main", lambda: calls.append(list(sys.argv)))
    monkeypatch.setattr(sys, "argv", list(sys.argv))
    serve.main(["--server.port", "8765"])
    assert calls == [["streamlit", "run", str(serve.APP), "--server.port", "8765"]]
    assert "preloaded" in capsys.readouterr().out


def test_main_starts_the_server_even_when_preloading_fails(monkeypatch, capsys):
    def broken():
        raise OSError("data/gazetteer.csv: unreadable")

    calls = []
    monkeypatch.setattr(serve, "preload", broken)
    monkeypatch.setattr("streamlit.web.cli.main", lambda: calls.append(list(sys.argv)))
    monkeypatch.setattr(sys, "argv", list(sys.argv))
    serve.main([])
    assert calls == [["streamlit", "run", str(serve.APP)]]
    err = capsys.readouterr().err
    assert "preloading failed" in err and "gazetteer.csv: unreadable" in err


def test_quieting_is_temporary():
    import logging

    loggers = [logging.getLogger(n) for n in serve._QUIET]
    before = [lg.level for lg in loggers]
    with serve._quiet_streamlit():
        assert all(lg.level == logging.ERROR for lg in loggers)
    assert [lg.level for lg in loggers] == before
