"""The raidmap command line: its JSON contract, exit statuses and rejection reports.

Run in this process through ``main(argv)`` (a fresh interpreter per command cost about a
second each); the tests that need a process of their own (the installed entry point, what a
command imports) say so."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass

import pytest

from raidmap.cli import main
from tests.support.data import CONTRACT_PROPERTIES, GOOD_ROW, csv_bytes

ACLED_HEADER = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,"
    "sub_event_type,actor1,assoc_actor_1,actor2,country,admin1,location,latitude,"
    "longitude,geo_precision,source,notes,fatalities"
)
ACLED_ROWS = [
    "RUS1,22 May 2023,2023,1,Political violence,Battles,Armed clash,Russian Volunteer Corps,,"
    "Military Forces of Russia (2000-),Russia,Belgorod,Kozinka,50.4613,35.6026,1,Telegram,"
    "Clash at Kozinka.,0",
    "RUS2,01 June 2023,2023,1,Political violence,Explosions/Remote violence,"
    "Shelling/artillery/missile attack,Military Forces of Ukraine (2019-),,,Russia,Belgorod,"
    'Shebekino,50.41342,36.92537,1,TASS,=HYPERLINK("http://x"),2',
]


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(capsys):
    """``raidmap ARGS...`` in this process: its exit status and what it printed."""

    def run(*args: str) -> Run:
        capsys.readouterr()  # drop anything printed before
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse's usage errors
            code = exc.code if isinstance(exc.code, int) else 2
        out = capsys.readouterr()
        return Run(code, out.out, out.err)

    return run


def subprocess_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "raidmap.cli", *args], capture_output=True, text=True, timeout=120
    )


def test_geocode_json_contract(cli):
    r = cli("geocode", "Hraivoron", "--json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["name"] == "Grayvoron" and d["country"] == "RU"
    assert abs(d["lat"] - 50.47893) < 1e-6 and abs(d["lon"] - 35.68087) < 1e-6
    assert d["precision_m"] > 0


def test_geocode_unknown_exits_2_with_suggestions(cli):
    r = cli("geocode", "Shebekno")
    assert r.returncode == 2 and "Shebekino" in r.stderr and r.stdout == ""


def test_depth_json_contract_by_name_and_point(cli):
    d = json.loads(cli("depth", "Kozinka", "--json").stdout)
    assert 1.0 < d["depth_km"] < 2.5 and d["uncertainty_km"] == 2.0
    assert {"nearest_border_lat", "nearest_border_lon"} <= set(d)
    p = json.loads(cli("depth", "50.42335,35.48299", "--json").stdout)  # Velyka Pysarivka
    assert p["depth_km"] < 0 and p["side"] == "UA"


@pytest.mark.parametrize("bad", ["200,30", "50.4", "nan,nan"])
def test_depth_bad_point_exits_2(bad, cli):
    r = cli("depth", bad)
    assert r.returncode == 2 and r.stderr


def test_distance_json(cli):
    d = json.loads(cli("distance", "Kozinka", "Belgorod", "--json").stdout)
    assert 70 < d["distance_km"] < 72


def test_events_geojson_carries_properties_and_claims(cli):
    r = cli("events", "--as-of", "2023-05-23")
    assert r.returncode == 0, r.stderr
    fc = json.loads(r.stdout)
    props = [f["properties"] for f in fc["features"]]
    assert props and all(p["event_date"] <= "2023-05-23" for p in props)
    for key in CONTRACT_PROPERTIES:
        assert key in props[0]
    assert any(p["claims"] for p in props)


def test_events_csv_and_parquet(tmp_path, cli):
    out = tmp_path / "e.csv"
    r = cli("events", "--format", "csv", "--out", str(out))
    assert r.returncode == 0 and out.read_text(encoding="utf-8").startswith("event_id,")
    pq = tmp_path / "e.parquet"
    assert cli("events", "--format", "parquet", "--out", str(pq)).returncode == 0
    assert pq.stat().st_size > 0
    assert cli("events", "--format", "parquet").returncode == 2  # needs --out


def test_events_import_acled(tmp_path, cli):
    f = tmp_path / "acled.csv"
    f.write_text("\n".join([ACLED_HEADER, *ACLED_ROWS]) + "\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    r = cli("events", "--events", str(f), "--format", "csv", "--out", str(out))
    assert r.returncode == 0, r.stderr
    text = out.read_text(encoding="utf-8")
    assert "RUS1" in text and "RUS2" in text
    assert "'=HYPERLINK" in text  # made safe for spreadsheets


def test_events_rejections_go_to_stderr_and_exit_2(tmp_path, cli):
    f = tmp_path / "bad.csv"
    bad = GOOD_ROW.replace("T-1", "T-2").replace("2023-05-22", "31 February 2023")
    f.write_bytes(csv_bytes(GOOD_ROW, bad))
    out = tmp_path / "out.geojson"
    r = cli("events", "--events", str(f), "--out", str(out))
    assert r.returncode == 2
    assert "bad.csv: row 3: field 'event_date': value '31 February 2023'" in r.stderr
    fc = json.loads(out.read_text(encoding="utf-8"))
    assert [x["properties"]["event_id"] for x in fc["features"]] == ["T-1"]  # valid rows kept


def test_events_unreadable_file_exits_2(tmp_path, cli):
    f = tmp_path / "x.geojson"
    f.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    r = cli("events", "--events", str(f))
    assert r.returncode == 2 and "not valid JSON" in r.stderr


def test_snapshot_formats(tmp_path, cli):
    for ext in ("html", "svg"):
        out = tmp_path / f"s.{ext}"
        r = cli("snapshot", "--date", "2023-06-01", "--out", str(out))
        assert r.returncode == 0, r.stderr
        assert out.stat().st_size > 10_000
    assert cli("snapshot", "--date", "2023-06-01", "--out", str(tmp_path / "x.doc")).returncode == 2
    assert (
        cli(
            "snapshot",
            "--date",
            "2023-06-01",
            "--layers",
            "nope",
            "--out",
            str(tmp_path / "y.html"),
        ).returncode
        == 2
    )


def test_snapshot_with_bad_events_file_exits_2(tmp_path, cli):
    f = tmp_path / "bad.csv"
    f.write_bytes(csv_bytes(GOOD_ROW, GOOD_ROW.replace("T-1", "T-2").replace("Kozinka", "Nowhere")))
    out = tmp_path / "s.html"
    r = cli("snapshot", "--date", "2023-05-22", "--events", str(f), "--out", str(out))
    assert r.returncode == 2 and "unknown place" in r.stderr and out.exists()


def test_the_command_runs_in_its_own_process():
    r = subprocess_cli("distance", "Kozinka", "50.42335,35.48299", "--json")
    assert r.returncode == 0, r.stderr
    assert 5 < json.loads(r.stdout)["distance_km"] < 20
    r = subprocess_cli("geocode", "Shebekno")
    assert r.returncode == 2 and "Shebekino" in r.stderr


# What a lookup must not load: the map, the app and the image libraries (about 0.8 s).
HEAVY = ("folium", "branca", "streamlit", "matplotlib")


@pytest.mark.parametrize(
    "argv",
    [["geocode", "Hraivoron"], ["depth", "Kozinka", "--json"], ["depth", "50.47,35.68"]],
)
def test_geocode_and_depth_load_no_map_app_or_image_library(argv):
    code = (
        "import json, sys\n"
        "from raidmap.cli import main\n"
        f"code = main({argv!r})\n"
        "top = {name.split('.')[0] for name in sys.modules}\n"
        f"print(json.dumps([code, sorted(top & set({HEAVY!r}))]))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    exit_code, loaded = json.loads(r.stdout.strip().splitlines()[-1])
    assert exit_code == 0 and loaded == []


def test_raidmap_app_runs_what_dev_app_runs(monkeypatch):
    """``raidmap app`` goes through raidmap.serve (the preload), with the server options
    ``./dev app`` gets; ``./dev app`` runs ``python -m raidmap.serve``, whose entry point
    adds the same options."""
    from pathlib import Path

    from raidmap import serve

    calls: list[list[str]] = []
    preloaded: list[bool] = []
    monkeypatch.setattr(serve, "preload", lambda: preloaded.append(True) or {"took": {}})
    monkeypatch.setattr("streamlit.web.cli.main", lambda: calls.append(list(sys.argv)))
    monkeypatch.setattr(sys, "argv", list(sys.argv))
    assert main(["app", "--port", "8765"]) == 0
    assert preloaded == [True]
    assert calls == [
        [
            "streamlit",
            "run",
            str(serve.APP),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            "--server.port",
            "8765",
        ]
    ]
    # options given on the command line win over the defaults
    assert serve.with_server_options(["--server.address=0.0.0.0"])[-1] == "--server.address=0.0.0.0"
    assert "127.0.0.1" not in serve.with_server_options(["--server.address", "::1"])
    dev = (Path(serve.APP).parent / "dev").read_text(encoding="utf-8")
    assert 'exec "$PY" -m raidmap.serve "$@"' in dev
    source = Path(serve.__file__).read_text(encoding="utf-8")
    assert source.rstrip().endswith('if __name__ == "__main__":\n    run_app(sys.argv[1:])')
