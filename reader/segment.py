"""Paragraphs, sentences, clauses and word tokens, with character offsets into the text."""

from __future__ import annotations

import re
from dataclasses import dataclass

WORD = re.compile(r"[^\W_]+(?:[-'’ʼ][^\W_]+)*")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")
# A sentence ends at . ! ? … followed by space and an upper-case letter, a quote or a
# digit, or at a line break. Abbreviations of one letter ("с.", "м.", "Gen.") do not end one.
_SENTENCE_END = re.compile(
    r"(?<![\s.][^\W\d_])(?<!Gen)(?<!Col)(?<!Mr)(?<!Ms)(?<!Dr)(?<!St)(?<!Lt)[.!?…]+[\"»”)]*\s+(?=[\"«“(]?[^\W_])|\n+"
)
# Clause boundaries inside a sentence.
_CLAUSE_END = re.compile(
    r";|:\s|\s[—–]\s|,\s+(?=(?:and|while|but|whereas|а|и|но|тогда как|і|та|але|й)\s)"
)


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def _split(text: str, start: int, end: int, pattern: re.Pattern) -> list[Span]:
    spans, pos = [], start
    for m in pattern.finditer(text, start, end):
        if text[pos : m.end()].strip():
            spans.append(Span(pos, m.end()))
        pos = m.end()
    if text[pos:end].strip():
        spans.append(Span(pos, end))
    return spans


def paragraphs(text: str) -> list[Span]:
    return _split(text, 0, len(text), _PARAGRAPH_BREAK)


def sentences(text: str, para: Span) -> list[Span]:
    return _split(text, para.start, para.end, _SENTENCE_END)


def clauses(text: str, sent: Span) -> list[Span]:
    return _split(text, sent.start, sent.end, _CLAUSE_END)


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    sentence_start: bool  # the first word of its sentence


def tokens(text: str, sent: Span) -> list[Token]:
    out = []
    for i, m in enumerate(WORD.finditer(text, sent.start, sent.end)):
        out.append(Token(m.group(), m.start(), m.end(), i == 0))
    return out
