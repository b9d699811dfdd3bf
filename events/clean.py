"""Separate an article's body from the page noise around it.

Scraped pages carry site taglines, clocks, menus, share buttons, "read also"
links, headlines of other stories between paragraphs and widgets of
unrelated news. The coder reads only *body segments*: lines of running
prose. A line is prose when it reads like sentences (it ends a sentence, or
is long) and carries no noise cue. Headline-like lines (short, no final
punctuation) are never coded: that one rule removes titles, subheadings,
related links and widget items alike, and costs little recall because a
news body restates what its headlines say. Datelines (`ALGIERS, Aug 25:`,
`بغداد - العرب اليوم`) and agency credits (`- AFP`, `– Reuters`) are cut
from the segments, so that a country named only there never becomes an
actor. Offsets always refer to the original text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from events.matcher import Match
from events.model import Span

_LINE_RE = re.compile(r"[^\n\r\u2028\u2029]+")
_SENT_END = re.compile(r"[.!?؟…:;؛][\"'”’»)\]]*\s*$")
_SENT_INSIDE = re.compile(r"[.!?؟][\"'”’»)\]]*\s+\S")
_WORDS = re.compile(r"\w+")
_DATE_ONLY = re.compile(
    r"^[\s\d\u0660-\u0669/:.\-–,|]*((صباح|مساء|ص|م|am|pm|AM|PM|GMT|UTC)[ًا]*[\s\d:.\-]*)*$"
)
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
# A dateline at the head of a body line: "ALGIERS, Aug 25:" / "CAIRO (Reuters) -" /
# "بغداد - العرب اليوم" / "طرابلس (ليبيا) -"
_DATELINE_EN = re.compile(
    r"^\s*[A-Z][A-Z.'\- ]{2,40}(?:,\s*[A-Z][A-Za-z.]*\.?(?:\s+\d{1,2})?)?"
    r"\s*(?:\([^)]{1,40}\))?\s*[:\-–—]\s+"
)
_DATELINE_AR = re.compile(
    r"^\s*[\u0600-\u06ff]+(?: [\u0600-\u06ff]+){0,2}\s*(?:\([^)]{1,40}\))?\s*[-–—]\s*"
)
_CREDIT_END = re.compile(
    r"\s*(?:[-–—]\s*|\(\s*)(?:AFP|Reuters|AP|Xinhua|Anadolu|dpa|IANS|PTI|UNB|TASS)\s*\)?\s*\.?\s*$"
)
_MIN_PROSE_WORDS = 8
_LONG_LINE_WORDS = 25


@dataclass(frozen=True, slots=True)
class Line:
    start: int
    end: int
    #: body, heading (title-like), noise, meta (date/time), table
    kind: str
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Page:
    """The lines of a page, classified, and the body segments to code."""

    lines: tuple[Line, ...]
    body: tuple[Span, ...]
    #: the dateline cut from the first body line (`ALGIERS, Aug 25:`), if any
    dateline: Span | None = None
    #: start offsets of the body segments, for bisection
    starts: tuple[int, ...] = ()

    def body_text(self, text: str) -> str:
        return "\n".join(text[s.start:s.end] for s in self.body)

    def in_body(self, start: int, end: int) -> bool:
        """Is [start, end) inside one body segment? (Segments are sorted: bisect.)"""
        starts = self.starts or tuple(s.start for s in self.body)
        i = bisect_right(starts, start) - 1
        return i >= 0 and end <= self.body[i].end


def split_lines(text: str) -> list[tuple[int, int]]:
    """Non-empty lines as (start, end), whitespace trimmed, offsets into `text`."""
    out = []
    for m in _LINE_RE.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


_WRAP_END = re.compile(r"(?:[A-Za-z,\-]|\b(?:a|an|the|of|and|or|to|in|on|for|with|by|from|at))$")
_WRAP_NEXT = re.compile(r"^[\"'“‘(]?[a-z]")


def _join_wrapped(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Rejoin English lines a scraper hard-wrapped in mid-sentence.

    A line that does not end a sentence, directly followed (no blank line)
    by a line starting in lower case, continues on that line.
    """
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out:
            ps, pe = out[-1]
            between = text[pe:s]
            if between.count("\n") == 1 and _WRAP_END.search(text[ps:pe]) \
                    and _WRAP_NEXT.match(text[s:e]):
                out[-1] = (ps, e)
                continue
        out.append((s, e))
    return out


def clean_page(text: str, lang: str, cues: Sequence[Match]) -> Page:
    """Classify every line of `text`; return the body segments to code.

    `cues` are the boilerplate matches of the text (kind `boilerplate`).
    """
    by_line: dict[int, list[Match]] = {}
    spans = _join_wrapped(text, split_lines(text)) if lang == "en" else split_lines(text)
    starts = [s for s, _ in spans]
    for m in cues:
        i = bisect_right(starts, m.start) - 1
        if i >= 0 and m.end <= spans[i][1]:
            by_line.setdefault(i, []).append(m)

    lines: list[Line] = []
    stopped = False
    seen_body = False
    for i, (s, e) in enumerate(spans):
        raw = text[s:e]
        kind, reason = _classify(raw, lang, by_line.get(i, ()), s)
        if kind == "stop":
            # a stop cue ends the article only once some body was seen;
            # before that it is a menu item
            if seen_body:
                stopped = True
            kind = "noise"
        if stopped:
            kind, reason = "noise", reason or "after-stop-cue"
        if kind == "body":
            seen_body = True
        lines.append(Line(s, e, kind, reason))

    body: list[Span] = []
    dateline: Span | None = None
    for ln in lines:
        if ln.kind != "body":
            continue
        s, e = ln.start, ln.end
        s = _strip_dateline(text, s, e, lang)
        if s > ln.start and dateline is None and not body:
            dateline = Span(ln.start, s)
        credit = _CREDIT_END.search(text, s, e)
        if credit and credit.end() == e:
            e = credit.start()
        if e > s:
            body.append(Span(s, e))
    return Page(tuple(lines), tuple(body), dateline, tuple(b.start for b in body))


def _classify(raw: str, lang: str, cues: Sequence[Match], start: int) -> tuple[str, str]:
    for m in cues:
        kind = getattr(m.entry.payload, "kind", "")
        if kind == "line":
            return "noise", "cue:" + m.entry.form
        if kind == "start" and m.start - start <= 2:
            return "noise", "cue:" + m.entry.form
        if kind == "stop" and m.start - start <= 2:
            return "stop", "cue:" + m.entry.form
    if _TABLE_ROW.match(raw):
        return "table", ""
    if _DATE_ONLY.match(raw):
        return "meta", ""
    words = len(_WORDS.findall(raw))
    if ".." in raw and words < 20 and not raw.rstrip().endswith("..."):
        return "heading", "headline-dots"  # "غارات على النبطية.. وحمادة: خرق فاضح": a headline
    ends = bool(_SENT_END.search(raw))
    inside = bool(_SENT_INSIDE.search(raw))
    if words >= _LONG_LINE_WORDS or (words >= _MIN_PROSE_WORDS and (ends or inside)):
        return "body", ""
    return "heading", ""


_STAMP = re.compile(r"\s*(?:date\s+)?\d{4}-\d{2}(?:-\d{2})?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?\s+")


def _strip_dateline(text: str, s: int, e: int, lang: str) -> int:
    """Start of the prose after a leading dateline or page timestamp, if any."""
    stamp = _STAMP.match(text, s, e)
    if stamp:
        s = stamp.end()  # "date 2023-05-05 …": the page's own metadata
    head = text[s:min(e, s + 80)]
    rx = _DATELINE_AR if lang == "ar" else _DATELINE_EN
    m = rx.match(head)
    if not m:
        return s
    return s + m.end()
