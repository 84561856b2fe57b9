"""The gazetteer: place names in English, Russian and Ukrainian → positions with a precision.

Two files feed it (see ``data/README.md``):

* ``gazetteer.csv``: the curated places the record names, each with its precision radius and
  where its coordinate came from. Curated entries always win.
* ``geonames_region.csv``: the GeoNames populated places of the border oblasts on both sides,
  so that names outside the curated list geocode too. When several GeoNames places share a
  name, the choice is deterministic (see :meth:`Gazetteer.lookup`) and the others are
  reported on the returned place as ``alternatives``.
"""

from __future__ import annotations

import csv
import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from geo.errors import DataFileError, UnknownPlaceError
from geo.paths import data_file
from geo.text import fold, loose_key, name_key

CURATED = "curated"
GEONAMES = "geonames"

# Default radius for a GeoNames populated place: the point is the settlement's centre, and a
# village or small town in the border oblasts spans roughly this much.
GEONAMES_DEFAULT_PRECISION_M = 2000.0
GEONAMES_CITY_PRECISION_M = 6000.0  # population >= 100,000


@dataclass(frozen=True)
class Place:
    """A resolved place. ``lat``/``lon`` are WGS84 degrees."""

    place_id: str
    name: str
    lat: float
    lon: float
    precision_m: float
    country: str
    kind: str = "village"
    admin1: str = ""
    name_ru: str = ""
    name_uk: str = ""
    aliases: tuple[str, ...] = ()
    geonames_id: int | None = None
    coord_source: str = ""
    note: str = ""
    origin: str = CURATED
    population: int | None = None
    alternatives: tuple[str, ...] = field(default=(), compare=False)

    @property
    def is_region(self) -> bool:
        """True for a region or district: it stands for an area, never for a pin."""
        return self.kind in ("region", "district")

    def to_dict(self) -> dict:
        return {
            "place_id": self.place_id,
            "name": self.name,
            "name_ru": self.name_ru,
            "name_uk": self.name_uk,
            "kind": self.kind,
            "lat": self.lat,
            "lon": self.lon,
            "precision_m": self.precision_m,
            "country": self.country,
            "admin1": self.admin1,
            "geonames_id": self.geonames_id,
            "coord_source": self.coord_source,
            "note": self.note,
            "origin": self.origin,
            "alternatives": list(self.alternatives),
        }


@dataclass(frozen=True)
class Mention:
    """A gazetteer place found in a free text, at ``text[start:end]``."""

    place: Place
    start: int
    end: int
    matched: str


def _float(row: dict, key: str, path: Path, line: int) -> float:
    try:
        return float(row[key])
    except (KeyError, TypeError, ValueError):
        raise DataFileError(
            f"{path.name} row {line}: field {key!r} has value {row.get(key)!r}, not a number"
        ) from None


def _read_csv(path: Path) -> Iterator[tuple[int, dict]]:
    if not path.exists():
        raise DataFileError(f"gazetteer file not found: {path}")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh), start=2):
            yield i, {k: (v or "").strip() for k, v in row.items() if k is not None}


def _split(value: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in value.split(";") if p.strip())


# A curated coordinate must say where it came from: a GeoNames id or a link to the page
# (Wikipedia, OSM ...) whose coordinate it takes or from which it is derived.
_CITED = re.compile(r"geonames:\d+|https?://\S+")


def load_curated(path: Path) -> list[Place]:
    places = []
    for line, row in _read_csv(path):
        gid = row.get("geonames_id", "")
        if not _CITED.search(row.get("coord_source", "")):
            raise DataFileError(
                f"{path.name} row {line}: field 'coord_source' has value "
                f"{row.get('coord_source', '')!r}: every coordinate must cite its source "
                "(geonames:<id> or an http(s) link to the page it comes from)"
            )
        places.append(
            Place(
                place_id=row["place_id"],
                name=row["name_en"],
                lat=_float(row, "lat", path, line),
                lon=_float(row, "lon", path, line),
                precision_m=_float(row, "precision_m", path, line),
                country=row.get("country", ""),
                kind=row.get("kind", "") or "village",
                admin1=row.get("admin1", ""),
                name_ru=row.get("name_ru", ""),
                name_uk=row.get("name_uk", ""),
                aliases=_split(row.get("aliases", "")),
                geonames_id=int(gid) if gid.isdigit() else None,
                coord_source=row.get("coord_source", ""),
                note=row.get("note", ""),
                origin=CURATED,
            )
        )
    return places


def load_geonames(path: Path) -> list[Place]:
    places = []
    for line, row in _read_csv(path):
        pop = int(row["population"]) if row.get("population", "").isdigit() else None
        alts = _split(row.get("alternatenames", ""))
        name_ru, name_uk = _russian_and_ukrainian(alts, row["name"], row.get("country", ""))
        places.append(
            Place(
                place_id=f"gn{row['geonames_id']}",
                name=row["name"],
                lat=_float(row, "lat", path, line),
                lon=_float(row, "lon", path, line),
                precision_m=(
                    GEONAMES_CITY_PRECISION_M
                    if pop and pop >= 100_000
                    else GEONAMES_DEFAULT_PRECISION_M
                ),
                country=row.get("country", ""),
                kind="city"
                if pop and pop >= 100_000
                else "town"
                if pop and pop >= 5000
                else "village",
                admin1=row.get("admin1", ""),
                name_ru=name_ru,
                name_uk=name_uk,
                aliases=tuple([row.get("asciiname", "")] + list(alts)),
                geonames_id=int(row["geonames_id"]),
                coord_source=f"geonames:{row['geonames_id']}",
                origin=GEONAMES,
                population=pop,
            )
        )
    return places


_UK_ONLY = re.compile("[іїєґІЇЄҐ]")
_RU_ONLY = re.compile("[ыэъёЫЭЪЁ]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")


def _russian_and_ukrainian(names, latin: str, country: str) -> tuple[str, str]:
    """Pick a Russian and a Ukrainian form among GeoNames' alternate names.

    GeoNames' main name is romanised from the country's language, so the Cyrillic form that
    transliterates back to it is that language's form (Krasnaya Yaruga → Красная Яруга in
    Russia; Kharkiv → Харків in Ukraine). Otherwise letters decide: і ї є ґ are Ukrainian
    only, ы э ъ ё Russian only. Empty where nothing fits."""
    cyr = [n for n in names if _CYRILLIC.search(n)]
    own = next((n for n in cyr if name_key(n) == name_key(latin)), "")
    uk = next((n for n in cyr if _UK_ONLY.search(n)), "")
    ru = next((n for n in cyr if _RU_ONLY.search(n)), "") or next(
        (n for n in cyr if not _UK_ONLY.search(n) and n != uk), ""
    )
    if own and country == "RU":
        ru = own
    elif own and country == "UA":
        uk = own
    return ru, uk


def _names(place: Place) -> Iterable[str]:
    yield place.name
    if place.name_ru:
        yield place.name_ru
    if place.name_uk:
        yield place.name_uk
    yield from place.aliases
    yield place.place_id.replace("_", " ")


TWIN_RADIUS_KM = 5.0


def _curated_twin(p: Place, curated_keys: dict[str, list[Place]]) -> Place | None:
    """The curated place a GeoNames place duplicates: it shares a name and lies within
    :data:`TWIN_RADIUS_KM`."""
    from geo.geodesic import distance_km

    for n in _names(p):
        for c in curated_keys.get(name_key(n), []):
            if c.is_region:
                continue
            if distance_km(lat1=p.lat, lon1=p.lon, lat2=c.lat, lon2=c.lon) <= TWIN_RADIUS_KM:
                return c
    return None


def _rank(place: Place) -> tuple:
    """Deterministic preference among GeoNames places sharing a name: the most populous,
    then the lowest GeoNames id."""
    return (-(place.population or 0), place.geonames_id or 0)


class Gazetteer:
    """Forgiving name lookup over the curated list and the regional GeoNames extract."""

    def __init__(self, curated: list[Place], extract: list[Place] | None = None):
        self.curated = list(curated)
        self.extract = list(extract or [])
        self._by_id: dict[str, Place] = {}
        self._exact: dict[str, list[Place]] = {}
        self._loose: dict[str, list[Place]] = {}
        curated_gids = {p.geonames_id for p in self.curated if p.geonames_id}
        curated_keys: dict[str, list[Place]] = {}
        for p in self.curated:
            for n in _names(p):
                curated_keys.setdefault(name_key(n), []).append(p)
        self.absorbed: list[tuple[Place, Place]] = []  # (GeoNames place, curated place)
        for tier, places in ((0, self.curated), (1, self.extract)):
            for p in places:
                if tier == 1 and p.geonames_id in curated_gids:
                    continue  # the curated entry describes this GeoNames place already
                twin = _curated_twin(p, curated_keys) if tier == 1 else None
                if twin is not None:
                    # e.g. GeoNames' second Shebekino point ("Gorod Shebekino", 0.7 km away)
                    self.absorbed.append((p, twin))
                    continue
                if p.place_id in self._by_id:
                    raise DataFileError(f"duplicate place_id {p.place_id!r} in the gazetteer")
                self._by_id[p.place_id] = p
                for n in _names(p):
                    for key, index in ((name_key(n), self._exact), (loose_key(n), self._loose)):
                        if key:
                            bucket = index.setdefault(key, [])
                            if p not in bucket:
                                bucket.append(p)
        self._tier = {p.place_id: (0 if p.origin == CURATED else 1) for p in self._by_id.values()}
        self._display = sorted({n for p in self._by_id.values() for n in _names(p) if n})
        self._folded: dict[str, str] = {}
        for disp in self._display:
            self._folded.setdefault(fold(disp), disp)
        self._suggest_cache: dict[tuple[str, int], list[str]] = {}

    # -- loading ---------------------------------------------------------------------------
    @classmethod
    def from_files(cls, curated: Path, extract: Path | None = None) -> Gazetteer:
        return cls(load_curated(curated), load_geonames(extract) if extract else [])

    # -- lookup ----------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[Place]:
        return iter(self._by_id.values())

    def get(self, place_id: str) -> Place:
        return self._by_id[place_id]

    def _choose(self, candidates: list[Place]) -> Place:
        best_tier = min(self._tier[p.place_id] for p in candidates)
        pool = sorted((p for p in candidates if self._tier[p.place_id] == best_tier), key=_rank)
        chosen, others = pool[0], pool[1:]
        if others:
            alts = tuple(f"{o.name} ({o.admin1 or o.country}, {o.place_id})" for o in others)
            chosen = Place(**{**chosen.__dict__, "alternatives": alts})
        return chosen

    def candidates(self, name: str) -> list[Place]:
        """Every place the name could mean (exact keys first, else loose keys)."""
        if not isinstance(name, str):
            return []
        key = name_key(name)
        if key in self._exact:
            return list(self._exact[key])
        return list(self._loose.get(loose_key(name), []))

    def lookup(self, name: str) -> Place:
        """Resolve ``name`` (English, a transliteration variant, Russian or Ukrainian).

        A curated entry wins over the GeoNames extract. Among GeoNames places sharing the
        name, the most populous wins, then the lowest GeoNames id; the others are listed in
        the result's ``alternatives``. Raises :class:`UnknownPlaceError` with suggestions.
        """
        if name in self._by_id:
            return self._by_id[name]
        found = self.candidates(name)
        if not found:
            raise UnknownPlaceError(str(name), self.suggest(str(name)))
        return self._choose(found)

    def suggest(self, name: str, n: int = 5) -> list[str]:
        """The closest names the gazetteer knows, best first (remembered per name: a large
        file tends to repeat its unknown names)."""
        key = (fold(name), n)
        if key not in self._suggest_cache:
            self._suggest_cache[key] = self._suggest(name, n)
        return list(self._suggest_cache[key])

    def _suggest(self, name: str, n: int) -> list[str]:
        target = fold(name)
        if not target:
            return []
        folded = self._folded
        close = difflib.get_close_matches(target, list(folded), n=n * 3, cutoff=0.6)
        out: list[str] = []
        seen: set[str] = set()
        for c in close:
            place = self._choose(self.candidates(folded[c]))
            if place.place_id in seen:
                continue
            seen.add(place.place_id)
            where = f" ({place.admin1})" if place.origin == GEONAMES and place.admin1 else ""
            out.append(place.name + where)
        return out[:n]

    # -- free text -------------------------------------------------------------------------
    def find_in_text(
        self, text: str, *, curated_only: bool = False, max_words: int = 4
    ) -> list[Mention]:
        """Places named in ``text``, longest match first, non-overlapping, in text order.

        A match must start with a capital letter in the text (names, not common words).
        ``curated_only`` restricts the search to the curated list.
        """
        words = [(m.start(), m.end()) for m in re.finditer(r"[^\W_]+(?:[-'’][^\W_]+)*", text)]
        found: list[Mention] = []
        i = 0
        while i < len(words):
            match = None
            for n in range(min(max_words, len(words) - i), 0, -1):
                start, end = words[i][0], words[i + n - 1][1]
                chunk = text[start:end]
                if not chunk[0].isupper():
                    break
                key = name_key(chunk)
                cands = self._exact.get(key) or []
                if curated_only:
                    cands = [p for p in cands if p.origin == CURATED]
                if cands:
                    match = Mention(self._choose(cands), start, end, chunk)
                    i += n
                    break
            if match:
                found.append(match)
            else:
                i += 1
        return found


@cache
def default_gazetteer() -> Gazetteer:
    """The bundled gazetteer (curated list + regional GeoNames extract), loaded once."""
    extract = data_file("geonames_region.csv")
    return Gazetteer.from_files(data_file("gazetteer.csv"), extract if extract.exists() else None)
