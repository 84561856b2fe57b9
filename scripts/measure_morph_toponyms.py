"""How pymorphy3 does on the gazetteer's own names (README: "What the analyser gets wrong").

For every single-word Russian or Ukrainian name in the gazetteer (curated and GeoNames), in
its dictionary (nominative) form: does the analyser's best reading give the name back as
its lemma, does any reading say it is a place (Geox, Russian dictionary only), and does it
also read as a common word? Prints the counts and some examples.

    .venv/bin/python scripts/measure_morph_toponyms.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.gazetteer import default_gazetteer  # noqa: E402
from reader import morph  # noqa: E402
from reader.places import _names  # noqa: E402

PURE = re.compile(r"^[А-Яа-яЁёІіЇїЄєҐґ'ʼ’-]+$")


def main() -> None:
    names: set[str] = set()
    for p in default_gazetteer():
        names.update(n for n in _names(p) if PURE.match(n))
    for lang in ("ru", "uk"):
        pool = sorted(n for n in names if lang in morph.languages_of(n))
        wrong, geox, common = 0, 0, 0
        ex: list[str] = []
        for n in pool:
            ps = morph.parses(n, lang)
            if morph.norm(ps[0].normal_form) != morph.norm(n):
                wrong += 1
                if len(ex) < 10:
                    ex.append(f"{n} -> {ps[0].normal_form} ({ps[0].tag.POS})")
            if any("Geox" in set(p.tag.grammemes) for p in ps):
                geox += 1
            if "common" in morph.readings(n, (lang,)):
                common += 1
        k = len(pool)
        print(f"{lang}: {k} single-word names")
        print(f"  best reading's lemma is not the name: {wrong} ({wrong / k:.0%})")
        print(f"  some reading marks it a place (Geox): {geox} ({geox / k:.0%})")
        print(f"  also reads as a common dictionary word: {common} ({common / k:.0%})")
        print("  e.g. " + "; ".join(ex))


if __name__ == "__main__":
    main()
