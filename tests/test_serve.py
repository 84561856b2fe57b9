"""raidmap.serve: the launcher ./dev app uses preloads into the app's own caches and starts
Streamlit with the arguments it was given, even when preloading fails."""

from __future__ import annotations

import subprocess
import sys

from raidmap import serve


def test_preload_fills_the_caches_the_app_reads():
    from raidmap import datasets, mapframe
    from raidmap.state import ViewState
    from render import livemap, webmap

    got = serve.preload()
    assert set(got["took"]) == {"imports", "record", "live layers", "base map", "first run"}
    # cache_resource hands back the very object it holds: the app's first run finds these
    ds = datasets.record_dataset()
    assert ds is got["dataset"] and len(ds.events) > 0
    live, url = datasets.live_layers(ds)
    assert live is got["live"] and url == got["live_url"]
    assert (livemap.LIVE_DIR / f"{live.digest}.json").exists()
    default = ViewState(date=datasets.SPAN_FALLBACK[0])
    static = tuple(x for x in default.layers if x in webmap.STATIC_LAYERS)
    assert mapframe.cached_frame(default.lang, default.tiles, static) is got["frame"]


def test_the_apps_first_run_finds_everything_preloaded(monkeypatch):
    """The keys must be the app's own: after preloading (from empty caches), a session's
    first run builds none of the record, the live layers or the base map again."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from raidmap import datasets, mapframe
    from render import livemap

    st.cache_resource.clear()
    serve.preload()

    def built_again(*_args, **_kwargs):
        raise AssertionError("built again: preloading missed the app's cache key")

    monkeypatch.setattr(datasets, "bundled_record", built_again)
    monkeypatch.setattr(livemap, "live_data", built_again)
    monkeypatch.setattr(mapframe, "build_frame", built_again)
    monkeypatch.setattr(datasets, "penetration_bands", built_again)  # the rings' bands
    at = AppTest.from_file(str(serve.APP), default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.slider(key="date")


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


def test_preloading_prints_no_streamlit_warnings_and_later_warnings_still_show():
    code = (
        "import logging\n"
        "from raidmap import serve\n"
        "serve.preload()\n"
        "logging.getLogger('streamlit.raidmap_test').warning('after preloading')\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=serve.APP.parent,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    text = out.stdout + out.stderr
    assert "ScriptRunContext" not in text and "No runtime found" not in text, text
    assert "after preloading" in text
