"""Split body segments into sentences, keeping offsets into the article.

Rules, for both languages: a sentence ends at `.`, `!`, `?`, `؟` or `…`
(with any closing quotes or brackets) followed by whitespace, unless the
dot ends a known abbreviation (`Mr.`, `Gen.`, `U.S.`, `Jan.`), an initial
(`J. Smith`) or sits inside a number (`2.5`). Arabic `؛` and `:` do not end a
sentence. A segment (one line of body prose) never spans two sentences'
worth of line breaks, so every segment boundary is a sentence boundary too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from events.model import Span

_END = re.compile(r"[.!?؟…]+[\"'”’»)\]]*(?=\s|$)")
_ABBREV = frozenset(
    "mr mrs ms dr prof gen lt col maj capt sgt adm cmdr gov sen rep rev st jr sr "
    "jan feb mar apr jun jul aug sep sept oct nov dec no vs etc inc ltd co corp "
    "u.s u.k u.n e.u u.s.a a.m p.m approx dept est fig mt".split()
)
_WORD_BEFORE = re.compile(r"([\w.]+)$")


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int

    def text(self, article: str) -> str:
        return article[self.start:self.end]


def split_sentences(text: str, segments: Iterable[Span]) -> list[Sentence]:
    """Sentences of every segment, numbered in order."""
    out: list[Sentence] = []
    for seg in segments:
        for s, e in _split(text, seg.start, seg.end):
            out.append(Sentence(len(out), s, e))
    return out


def _split(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    s = start
    for m in _END.finditer(text, start, end):
        if m.group(0).startswith(".") and len(m.group(0).rstrip("\"'”’»)]")) == 1:
            w = _WORD_BEFORE.search(text, max(start, m.start() - 20), m.start())
            word = w.group(1).lower() if w else ""
            if word in _ABBREV or (len(word) == 1 and word.isalpha() and word.isascii()):
                continue
        e = m.end()
        if text[s:e].strip():
            spans.append(_trim(text, s, e))
        s = e
    if s < end and text[s:end].strip():
        spans.append(_trim(text, s, end))
    return spans


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e
