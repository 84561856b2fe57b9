"""Name normalisation: the spellings articles use must meet on one key."""

import pytest

from geo.text import fold, loose_key, name_key


@pytest.mark.parametrize(
    "variants",
    [
        ("Grayvoron", "Graivoron", "Hraivoron", "Grajvoron", "Грайворон", "GRAYVORON"),
        ("Shebekino", "Shebekine", "Шебекино", "Шебекіно"),
        ("Novaya Tavolzhanka", "Nova Tavolzhanka", "Новая Таволжанка", "Нова Таволжанка"),
        ("Kozinka", "Kozynka", "Козинка"),
    ],
)
def test_transliteration_variants_share_a_loose_key(variants):
    keys = {loose_key(v) for v in variants}
    assert len(keys) == 1, keys


def test_exact_key_folds_case_punctuation_spacing_and_diacritics():
    assert name_key("Gora-Podol") == name_key("gora podol") == name_key("Гора-Подол")
    assert name_key("Velýka Pýsarivka") == name_key("Velyka Pysarivka")
    assert name_key("  Belgorod\u200b ") == "belgorod"  # zero-width space removed


def test_region_words_fold_together():
    assert name_key("the Belgorod region") == name_key("Belgorod Oblast")
    assert name_key("Belgorod oblast'") == name_key("Belgorod Region")


def test_distinct_places_stay_distinct():
    assert loose_key("Belgorod") != loose_key("Bryansk")
    assert loose_key("Sumy") != loose_key("Shebekino")


@pytest.mark.parametrize(
    ("hostile", "folded"),
    [
        ("", ""),
        ("   ", ""),
        ("\u202e", ""),  # a bidi override is a format character: dropped
        ("<script>", "script"),  # markup is punctuation: only the word is left
        ("🙂", ""),
        ("${x}", "x"),
        ("\u202eRTL override\u202c, zero\u200bwidth", "rtl override zerowidth"),
    ],
)
def test_hostile_text_folds_to_its_plain_words(hostile, folded):
    assert fold(hostile) == folded


def test_fold_is_the_same_for_long_text_that_is_not_remembered_and_for_non_strings():
    long = "Гора-Подол\u200b, " * 30  # over the remembered length, with a zero-width space
    assert len(long) > 64
    assert fold(long) == " ".join(["gora podol"] * 30)
    assert fold("Гора-Подол\u200b") == "gora podol"  # the remembered path agrees
    assert fold(1234) == "1234"
    assert fold("Café") == fold("Cafe") == "cafe"  # the non-ASCII path still strips marks
