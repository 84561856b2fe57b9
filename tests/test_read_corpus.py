"""The reader against the hand-labelled corpus (tests/read_corpus): the issue's targets."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.evaluate import load_corpus, score

CORPUS = load_corpus(Path(__file__).parent / "read_corpus")


def test_corpus_size():
    assert set(CORPUS) == {"en", "ru", "uk"}
    assert sum(len(v) for v in CORPUS.values()) >= 30
    for paras in CORPUS.values():
        for p in paras:
            assert set(p["places"]) >= {pair[2] for pair in p["pairs"]}, p["id"]


@pytest.mark.parametrize("lang", ["en", "ru", "uk"])
def test_targets_per_language(lang):
    s = score(CORPUS[lang], lang)
    detail = "\n".join(s["errors"])
    assert s["places"]["precision"] >= 0.95, detail
    assert s["places"]["recall"] >= 0.9, detail
    assert s["pairs"]["precision"] >= 0.85, detail
    assert s["pairs"]["recall"] >= 0.85, detail
