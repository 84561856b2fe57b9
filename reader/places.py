"""Places named in a report: the gazetteer's names (and, for Russian and Ukrainian, every
inflected form of them from the analyser), then context rules that favour precision.

Matching. A Cyrillic name is indexed by the forms of its words' lexemes (``reader.morph``):
"Новая Таволжанка" is found as "Новой Таволжанке", "Нова Таволжанка" as "Новій
Таволжанці". A Latin name goes through the gazetteer's own keys, exact then loose, so
transliteration variants (Graivoron/Hraivoron) come from its aliases. The longest name
wins ("Bryansk Oblast", never "Bryansk" inside it); a match must start with a capital.

Rejections (precision over recall):

* a word followed by a place-type or street word that is not part of a known name
  ("Kursk Oblast" when the gazetteer knows no such oblast, "Советском районе", "Pobeda
  Square") or preceded by a street word ("улица Победы");
* a person: after a title ("Governor", "губернатор") or a first name, or before a
  patronymic;
* a word that is also a common word ("Мирный", "Дружба", "Советский") or a surname
  ("Дмитриев", "Троицкий"), for a place outside the curated list, unless a settlement word
  ("село", "village of") or a locative preposition ("в", "у", "біля") comes right before it.
  The same holds for any such word at the start of a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from geo.gazetteer import CURATED, Gazetteer, Place, default_gazetteer
from geo.text import fold, loose_key, name_key
from reader import morph
from reader.dates import is_date_word
from reader.segment import WORD, Token

MAX_NAME_WORDS = 5

GENERIC_AFTER = {
    "район", "область", "округ", "улица", "проспект", "площадь", "переулок", "шоссе",
    "бульвар", "вулиця", "площа", "провулок", "шосе", "трасса", "траса", "водохранилище",
    "водосховище", "сельсовет", "громада", "oblast", "oblast's", "region", "region's",
    "district", "raion", "province", "street", "avenue", "square", "prospekt", "prospect",
    "highway", "boulevard", "lane", "road", "stadium", "hotel", "park", "reservoir",
}  # fmt: skip
STREET_BEFORE = {
    "улица", "проспект", "площадь", "переулок", "бульвар", "вулиця", "площа", "провулок",
    "шоссе", "шосе",
}  # fmt: skip
PERSON_BEFORE = {
    "губернатор", "глава", "мэр", "министр", "командир", "генерал", "полковник", "президент",
    "депутат", "журналист", "корреспондент", "сенатор", "господин", "голова", "міністр",
    "командувач", "речник", "представитель", "представник", "лейтенант", "майор", "капитан",
    "капітан", "губернатора", "governor", "mr", "mrs", "ms", "dr", "general", "gen",
    "colonel", "col", "commander", "president", "minister", "mayor", "spokesman",
    "spokeswoman", "journalist", "reporter", "lieutenant", "captain", "major", "deputy",
    "senator", "sergeant", "analyst", "blogger", "correspondent",
}  # fmt: skip
DESIGNATOR = {
    "село", "поселок", "посёлок", "хутор", "деревня", "пгт", "город", "слобода", "селище",
    "місто", "хутір", "смт", "станция", "с", "п", "пос", "г", "м", "х", "village", "town",
    "settlement", "city", "hamlet", "villages",
}  # fmt: skip
PREPOSITION = {
    "в", "во", "у", "из", "под", "до", "около", "возле", "близ", "біля", "поблизу", "від",
    "со", "на", "по", "через", "над", "к", "ко", "между", "між", "из-под", "за",
    "in", "near", "at", "from", "to", "into", "outside", "around", "towards", "toward", "of",
    "on", "across", "through", "beyond",
}  # fmt: skip


@dataclass
class PlaceMention:
    start: int
    end: int
    text: str
    place: Place
    alternatives: list[Place] = field(default_factory=list)


def _rank(p: Place) -> tuple:
    """The gazetteer's own preference: curated first, then the most populous, then the
    lowest GeoNames id."""
    return (p.origin != CURATED, -(p.population or 0), p.geonames_id or 0)


def _names(p: Place):
    seen = set()
    for n in (p.name_ru, p.name_uk, *p.aliases):
        n = (n or "").strip().strip('«»"')
        if n and n not in seen and morph.CYRILLIC.search(n):
            seen.add(n)
            yield n


class PlaceIndex:
    """The gazetteer's Cyrillic names by the forms their first word takes."""

    def __init__(self, gaz: Gazetteer):
        self.gaz = gaz
        self.cyr: dict[str, list[tuple[tuple[frozenset, ...], str]]] = {}
        # Keys of the first word of every Latin name: a capitalised word that is none of
        # them starts no name, and the gazetteer is not asked about it.
        self.latin_first: set[str] = set()
        for p in gaz:
            for name in (p.name, *p.aliases, p.place_id.replace("_", " ")):
                words = fold(name).split()
                if words and name.isascii():
                    self.latin_first.update((name_key(words[0]), loose_key(words[0])))
                    raw = name.split()[0]  # a hyphenated first word ("Gora-Podol")
                    self.latin_first.update((name_key(raw), loose_key(raw)))
        self._candidates: dict[str, list] = {}
        for p in gaz:
            for name in _names(p):
                words = WORD.findall(name.replace("«", " ").replace("»", " "))
                if not words or len(words) > MAX_NAME_WORDS:
                    continue
                langs = morph.languages_of(name)  # letters decide, else both analysers
                sets = tuple(
                    frozenset({morph.norm(w)}) if any(c.isdigit() for c in w)
                    else morph.forms(w, langs)
                    for w in words
                )  # fmt: skip
                for f in sets[0]:
                    bucket = self.cyr.setdefault(f, [])
                    entry = (sets[1:], p.place_id)
                    if entry not in bucket:
                        bucket.append(entry)


@cache
def default_index() -> PlaceIndex:
    return PlaceIndex(default_gazetteer())


def _adjacent(text: str, a: Token, b: Token) -> bool:
    gap = text[a.end : b.start]
    return len(gap) <= 3 and gap.strip() in ("", "-")


def _match_cyrillic(idx: PlaceIndex, text: str, toks: list[Token], i: int):
    entries = idx.cyr.get(morph.norm(toks[i].text))
    if not entries:
        return 0, []
    best_n, ids = 0, []
    for rest, pid in entries:
        n = 1 + len(rest)
        if i + n > len(toks):
            continue
        ok = all(
            _adjacent(text, toks[i + k], toks[i + k + 1])
            and morph.norm(toks[i + k + 1].text) in rest[k]
            for k in range(len(rest))
        )
        if not ok:
            continue
        if n > best_n:
            best_n, ids = n, [pid]
        elif n == best_n and pid not in ids:
            ids.append(pid)
    return best_n, ids


def _strip_possessive(chunk: str) -> str:
    return re.sub(r"['’]s$", "", chunk)


def _match_latin(idx: PlaceIndex, text: str, toks: list[Token], i: int):
    gaz = idx.gaz
    first = _strip_possessive(toks[i].text)
    if name_key(first) not in idx.latin_first and loose_key(first) not in idx.latin_first:
        return 0, [], ""
    for n in range(min(MAX_NAME_WORDS, len(toks) - i), 0, -1):
        if any(not _adjacent(text, toks[i + k], toks[i + k + 1]) for k in range(n - 1)):
            continue
        chunk = _strip_possessive(text[toks[i].start : toks[i + n - 1].end])
        if not chunk[:1].isupper():
            continue
        cands = idx._candidates.get(chunk)
        if cands is None:
            if len(idx._candidates) > 100_000:
                idx._candidates.clear()
            cands = idx._candidates[chunk] = gaz.candidates(chunk)
        if cands:
            ids = []
            for p in cands:
                if p.place_id not in ids:
                    ids.append(p.place_id)
            return n, ids, chunk
    return 0, [], ""


def _lower(tok: Token | None) -> str:
    return morph.norm(tok.text).rstrip(".") if tok else ""


def _word_lemmas(tok: Token | None, langs) -> frozenset[str]:
    if tok is None:
        return frozenset()
    w = tok.text
    if morph.CYRILLIC.search(w):
        return morph.lemmas(w, langs) | {morph.norm(w)}
    return frozenset({morph.norm(w)})


def find_places(
    text: str,
    sentence_tokens: list[list[Token]],
    *,
    lang: str,
    index: PlaceIndex | None = None,
) -> list[PlaceMention]:
    """Place mentions in the tokenised sentences, in text order."""
    idx = index or default_index()
    gaz = idx.gaz
    prefer = (lang,) if lang in ("ru", "uk") else ("ru", "uk")
    out: list[PlaceMention] = []
    for toks in sentence_tokens:
        i = 0
        last_end = -1  # index of the last token of the previous accepted mention
        while i < len(toks):
            tok = toks[i]
            if not tok.text[:1].isupper():
                i += 1
                continue
            cyrillic = bool(morph.CYRILLIC.search(tok.text))
            if cyrillic:
                n, ids = _match_cyrillic(idx, text, toks, i)
                loose_only = False
            else:
                n, ids, chunk = _match_latin(idx, text, toks, i)
                loose_only = bool(n) and not any(
                    p.place_id in ids for p in gaz._exact.get(_exact_key(chunk), [])
                )
            if not n:
                i += 1
                continue
            places = sorted((gaz.get(pid) for pid in ids), key=_rank)
            prev = toks[i - 1] if i > 0 else None
            nxt = toks[i + n] if i + n < len(toks) else None
            word = tok.text
            langs = morph.languages_of(word, prefer)
            after_place = last_end >= 0 and last_end >= i - 2
            if _rejected(
                places[0], word, n, prev, nxt, tok, cyrillic, langs, loose_only, after_place
            ):
                i += n
                continue
            last_end = i + n - 1
            end = toks[i + n - 1].end
            if not cyrillic:
                end = tok.start + len(_strip_possessive(text[tok.start : end]))
            out.append(PlaceMention(tok.start, end, text[tok.start : end], places[0], places[1:]))
            i += n
    return out


def _exact_key(chunk: str) -> str:
    return name_key(chunk)


def _rejected(place, word, n, prev, nxt, tok, cyrillic, langs, loose_only, after_place) -> bool:
    """True when the context says the matched words are not this place (see the module's
    docstring). ``after_place``: the previous mention (at most one word back) was a place,
    as in "Суджа и Теткино", "Kozinka, Glotovo"."""
    area = place.is_region
    nxt_l = _word_lemmas(nxt, langs)
    prev_l = _word_lemmas(prev, langs)
    if not area and nxt is not None and nxt_l & GENERIC_AFTER:
        return True
    if prev_l & STREET_BEFORE:
        return True
    if area or n > 1 or after_place:
        return _doubtful_start(tok, loose_only)
    if _person(place, prev, nxt, prev_l, cyrillic, langs) or _doubtful_start(tok, loose_only):
        return True
    if place.origin == CURATED or not cyrillic:
        return False
    return _common_word_unplaced(word, tok, prev, prev_l, langs)


def _person(place, prev, nxt, prev_l, cyrillic, langs) -> bool:
    """A person's name: a title or a first name before, a patronymic after."""
    if prev_l & PERSON_BEFORE:
        return True
    if prev is not None and prev.text[:1].isupper() and not prev.sentence_start:
        if morph.CYRILLIC.search(prev.text):
            if "name" in morph.readings(prev.text, morph.languages_of(prev.text, langs)):
                return True
        elif not cyrillic and not (
            _lower(prev) in GENERIC_AFTER or prev.text.endswith("s") or is_date_word(prev.text)
        ):
            return True  # "Vyacheslav Gladkov": a capitalised word before a Latin name
    if (
        not cyrillic
        and place.origin != CURATED
        and prev is not None
        and prev.sentence_start
        and prev.text[:1].isupper()
        and _lower(prev) not in PREPOSITION
        and not prev_l & DESIGNATOR
        and not is_date_word(prev.text)
    ):
        return True  # "Sergei Troitsky said": a first name opening the sentence
    return (
        nxt is not None
        and nxt.text[:1].isupper()
        and bool(morph.CYRILLIC.search(nxt.text))
        and "patr" in morph.readings(nxt.text, langs)
    )


def _common_word_unplaced(word, tok, prev, prev_l, langs) -> bool:
    """A Cyrillic word that is also a common word or a surname, with no settlement word or
    locative preposition right before it."""
    r = morph.readings(word, langs)
    doubtful = "common" in r or ("surn" in r and "geox" not in r)
    if tok.sentence_start and "known" in r and "geox" not in r:
        doubtful = True  # a known word opening a sentence that is never a place name
    if not doubtful:
        return False
    located = prev is not None and _lower(prev) in PREPOSITION
    return not (prev_l & DESIGNATOR or located)


def _doubtful_start(tok, loose_only: bool) -> bool:
    """A Latin name matched only through a loose transliteration key at a sentence start."""
    return loose_only and tok.sentence_start
