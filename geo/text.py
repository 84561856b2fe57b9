"""Name normalisation: the keys the gazetteer matches on.

Two levels:

* :func:`name_key` folds case, diacritics, punctuation, spacing and Cyrillic script (by a
  fixed transliteration) so that ``"Gora-Podol"``, ``"gora podol"`` and ``"Гора-Подол"`` meet.
* :func:`loose_key` additionally folds the transliteration variants that Russian and
  Ukrainian names take in English text: ``Grayvoron``/``Graivoron``/``Hraivoron``/``Grajvoron``,
  ``Shebekino``/``Shebekine``, ``Novaya``/``Nova``. It is used only when no exact key matches.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# One Latin spelling for every Cyrillic letter used in Russian and Ukrainian.
_CYRILLIC = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "ґ": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "є": "ye",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "і": "i",
    "ї": "yi",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "ʼ": "",
    "'": "",
}
_TRANSLIT = str.maketrans(_CYRILLIC)

# Words that say what kind of place a name is, folded to one form each.
_GENERIC = {
    "oblast": "oblast",
    "oblast'": "oblast",
    "region": "oblast",
    "province": "oblast",
    "oblasti": "oblast",
    "oblasts": "oblast",
}
_LEADING_NOISE = ("the ", "village of ", "town of ", "city of ", "selo ", "s. ", "g. ")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")

# Ordered rewrites applied by loose_key (after name_key-style folding, with spaces kept).
_LOOSE_RULES: tuple[tuple[str, str], ...] = (
    (r"shch", "sc"),
    (r"kh", "x"),
    (r"zh", "z"),
    (r"ch", "c"),
    (r"sh", "s"),
    (r"ts", "c"),
    (r"tz", "c"),
    (r"w", "v"),
    (r"h", "g"),
    (r"[yj]", "i"),
    (r"ie", "e"),
    (r"ii+", "i"),
    # Russian adjectival endings vs Ukrainian: Novaya/Nova, -skiy/-skyi/-sky, Shebekino/-ine
    (r"\bnovaia\b", "nova"),
    (r"\bnovoe\b", "nove"),
    (r"aia\b", "a"),
    (r"ia\b", "a"),
    (r"ski\b", "sk"),
    (r"ino\b", "in"),
    (r"ine\b", "in"),
    (r"ovo\b", "ov"),
    (r"ove\b", "ov"),
    (r"([a-z])\1", r"\1"),
)
_LOOSE_COMPILED = tuple((re.compile(p), r) for p, r in _LOOSE_RULES)


def fold(text: str) -> str:
    """Lower-case Latin text with words separated by single spaces.

    Cyrillic is transliterated; diacritics, punctuation and zero-width or bidi control
    characters are removed. Names recur (a gazetteer folds each name for several keys), so
    short ones are remembered.
    """
    text = text if isinstance(text, str) else str(text)
    return _fold(text) if len(text) <= _FOLD_CACHE_MAX_CHARS else _fold.__wrapped__(text)


# A place name is short; an uploaded file's long texts are folded without being remembered.
_FOLD_CACHE_MAX_CHARS = 64


@lru_cache(maxsize=8192)  # the bundled gazetteer folds ~6,400 distinct names
def _fold(text: str) -> str:
    s = unicodedata.normalize("NFKC", text).casefold()
    s = s.translate(_TRANSLIT)
    if not s.isascii():  # ASCII has no combining marks and no format (Cf) characters
        s = unicodedata.normalize("NFKD", s)
        s = "".join(
            c for c in s if not unicodedata.combining(c) and unicodedata.category(c) != "Cf"
        )
    s = s.replace("'", "").replace("’", "").replace("ʼ", "")
    s = " ".join(_NON_ALNUM.sub(" ", s).split())
    for noise in _LEADING_NOISE:
        if s.startswith(noise):
            s = s[len(noise) :]
    words = [_GENERIC.get(w, w) for w in s.split()]
    return " ".join(words)


def name_key(text: str) -> str:
    """The exact matching key: :func:`fold` without spaces (``"gorapodol"``)."""
    return fold(text).replace(" ", "")


def loose_key(text: str) -> str:
    """A key that also folds transliteration variants (``Hraivoron`` → ``graivoron``)."""
    s = fold(text)
    for pattern, repl in _LOOSE_COMPILED:
        s = pattern.sub(repl, s)
    return s.replace(" ", "")
