"""Reading reports (issue 12): precision and recall on the hand-labelled corpus per
language, and the time to read a 20,000-word report (target < 2 s, models loaded).

    .venv/bin/python bench/bench_read.py
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reader import read_text  # noqa: E402
from reader.evaluate import load_corpus, score  # noqa: E402

FILLER = [
    "officials",
    "said",
    "the",
    "situation",
    "remained",
    "tense",
    "while",
    "residents",
    "waited",
    "for",
    "buses",
    "and",
    "volunteers",
    "brought",
    "water",
    "food",
    "and",
    "medicine",
    "to",
    "the",
    "shelters",
    "near",
    "the",
    "main",
    "road",
    "as",
    "reporters",
    "counted",
    "damaged",
    "houses",
    "cars",
    "and",
    "power",
    "lines",
    "across",
    "the",
    "district",
]
PLACES = ["Kozinka", "Glotovo", "Grayvoron", "Shebekino", "Novaya Tavolzhanka", "Belgorod"]
MONTHS = ["May", "June"]


def report_text(n_words: int, seed: int = 7) -> str:
    """An English report of about ``n_words`` words in which no sentence repeats (so no
    cache helps): filler, one place in about every third sentence, a date in every fifth."""
    rng = random.Random(seed)
    paras, words = [], 0
    while words < n_words:
        sents = []
        for k in range(5):
            w = rng.sample(FILLER, 12)
            w[0] = w[0].capitalize()
            if k % 3 == 0:
                w.insert(6, "in " + rng.choice(PLACES))
            if k % 5 == 0:
                w.insert(1, f"on {rng.randint(1, 28)} {rng.choice(MONTHS)}")
            s = " ".join(w) + f" {rng.randint(2, 999)} times."
            sents.append(s)
            words += len(s.split())
        paras.append(" ".join(sents))
    return "\n\n".join(paras)


def main() -> None:
    t = time.perf_counter()
    read_text("Козинка. Kozinka.", report_date=dt.date(2023, 5, 24))
    print(f"first call (loads gazetteer, analysers, name index): {time.perf_counter() - t:.2f} s")
    corpus = load_corpus(ROOT / "tests" / "read_corpus")
    print(f"{'lang':4} {'paras':>5} {'place P':>8} {'place R':>8} {'pair P':>7} {'pair R':>7}")
    for lang, paras in corpus.items():
        s = score(paras, lang)
        pl, pa = s["places"], s["pairs"]
        print(
            f"{lang:4} {len(paras):5d} {pl['precision']:8.3f} {pl['recall']:8.3f} "
            f"{pa['precision']:7.3f} {pa['recall']:7.3f}"
        )
        for e in s["errors"]:
            print(f"     {e}")
    big = report_text(20_000)
    for run in (1, 2):
        t = time.perf_counter()
        r = read_text(big, report_date=dt.date(2023, 5, 24))
        took = time.perf_counter() - t
        print(
            f"20,000-word report (run {run}): {len(big.split()):,} words, {len(r.places):,} "
            f"mentions, {len(r.events)} events in {took:.2f} s (target < 2 s)"
        )
    print("(timings on a shared machine: see the load before comparing)")


if __name__ == "__main__":
    main()
