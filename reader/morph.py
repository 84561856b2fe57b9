"""The morphological analyser (pymorphy3 with its Russian and Ukrainian dictionaries).

Used both ways: a gazetteer name's every inflected form comes from its lexeme (so "в
Глотове", "у Новій Таволжанці" are found by their surface forms), and a text word's
readings say whether it is a common word, a first name, a surname or a place name.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

_UK_ONLY = re.compile("[іїєґІЇЄҐ]")
_RU_ONLY = re.compile("[ыэъёЫЭЪЁ]")
CYRILLIC = re.compile("[\u0400-\u04ff]")
# Grammemes of proper names: a word read so is not a common word.
PROPER = {"Geox", "Name", "Surn", "Patr", "Orgn", "Trad", "Abbr", "Init"}


@cache
def analyser(lang: str):
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=lang)


def norm(word: str) -> str:
    return word.lower().replace("ё", "е").replace("’", "'").replace("ʼ", "'")


def languages_of(word: str, preferred: tuple[str, ...] = ("ru", "uk")) -> tuple[str, ...]:
    """Which analysers to ask about a Cyrillic word: its letters decide when they can."""
    if _UK_ONLY.search(word) or "'" in word or "ʼ" in word:
        return ("uk",)
    if _RU_ONLY.search(word):
        return ("ru",)
    return preferred


@lru_cache(maxsize=200_000)
def parses(word: str, lang: str) -> tuple:
    return tuple(analyser(lang).parse(word))


@lru_cache(maxsize=20_000)
def forms(word: str, langs: tuple[str, ...]) -> frozenset[str]:
    """Every form of the word's lexemes (all readings), normalised; the word itself too."""
    out = {norm(word)}
    for lang in langs:
        for p in parses(word, lang):
            try:
                lexeme = p.lexeme
            except (ValueError, IndexError, KeyError):
                continue
            out.update(norm(f.word) for f in lexeme)
    return frozenset(out)


@lru_cache(maxsize=200_000)
def readings(word: str, langs: tuple[str, ...]) -> frozenset[str]:
    """Summary of a text word's readings: "geox", "name", "surn", "patr", "common" (a known
    dictionary word that is not a proper name) and "known" (in the dictionary at all)."""
    out: set[str] = set()
    for lang in langs:
        for p in parses(word, lang):
            tag = p.tag
            grammemes = set(tag.grammemes)  # the Ukrainian tag set lacks some (Geox)
            for g in ("Geox", "Name", "Surn", "Patr"):
                if g in grammemes:
                    out.add(g.lower())
            if p.is_known:
                out.add("known")
                if not (PROPER & grammemes) and tag.POS not in (None, "PREP"):
                    out.add("common")
    return frozenset(out)


@lru_cache(maxsize=200_000)
def lemmas(word: str, langs: tuple[str, ...]) -> frozenset[str]:
    return frozenset(norm(p.normal_form) for lang in langs for p in parses(word, lang))
