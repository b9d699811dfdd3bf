"""Find every dictionary form in a text at once, on word boundaries.

One Aho-Corasick automaton (pyahocorasick) holds the folded forms of all
dictionaries; one pass over an article's folded text yields every candidate,
and each candidate is kept only if it sits on word boundaries:

- before an Arabic form, the letters between the word start and the match
  must be proclitics: optional و/ف, then optional ب/ك + ال, لل, or ب/ل/ك
  (so `وبالجيش`, `للقوات`, `وفرنسا`); a leading ال of a form is optional;
- after an Arabic verb or event noun, an object/possessive pronoun suffix
  may follow (`زيارته`, `التقاه`: ة becomes ت and ى becomes ا before it);
- after an English form, a possessive `'s` or `'` may follow;
- forms written in capitals (`US`, `UN`) match only capitals in the text.

Matches are reported with offsets into the *original* text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

import ahocorasick

from events.normalize import Folded, fold, fold_form, is_arabic

P = TypeVar("P")

_PREFIX_RE = re.compile(r"(?:[وف])?(?:[بك]?ال|لل|[بلكس])?")
_VERB_PREFIX_RE = re.compile(r"[وف]?[لس]?")
#: the future prefix س stands only before an imperfect verb (سيزور، ستشارك، سنعمل)
_IMPERFECT = ("ي", "ت", "ن", "أ", "ا")
# third-person pronouns only: news reports, and هناك ("there") is not هنأ + ك
_AR_SUFFIXES = ("ه", "ها", "هم", "هما", "هن")
_AR_SUFFIX_RE = re.compile("(?:" + "|".join(sorted(_AR_SUFFIXES, key=len, reverse=True)) + ")")
_EN_SUFFIX_RE = re.compile(r"'s?")
_ALEF_RE = re.compile("ا")
_ACRONYM_RE = re.compile(r"[A-Z][A-Z.&\-]*")


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


@dataclass(frozen=True, slots=True)
class Entry(Generic[P]):
    """One dictionary row as the matcher sees it."""

    kind: str        # which dictionary: "country", "actor", "role", "cue", ...
    lang: str
    form: str
    payload: P
    #: may an Arabic pronoun suffix follow (verbs, event nouns)?
    suffixes: bool = False
    #: is a leading ال of the form (or before it in text) the article?
    #: True for nouns and names, False for verbs (`التقى` is not ال + تقى)
    article: bool = True


@dataclass(frozen=True, slots=True)
class Match:
    """A dictionary form found in the text."""

    start: int          # original offsets
    end: int
    fstart: int         # folded offsets
    fend: int
    entry: Entry[object]
    #: the clitic letters before the form (folded), e.g. "و", "بال"
    prefix: str = ""
    #: original offset where the word starts, clitics included
    wstart: int = -1

    @property
    def kind(self) -> str:
        return self.entry.kind

    @property
    def length(self) -> int:
        return self.fend - self.fstart


@dataclass(frozen=True, slots=True)
class _Key:
    entry: Entry[object]
    acronym: bool
    needs_suffix: bool  # the ة→ت variant only stands before a suffix


@dataclass(slots=True)
class Matcher:
    """An automaton over many dictionaries; build once, search many texts."""

    _automaton: ahocorasick.Automaton = field(repr=False)
    size: int = 0

    @classmethod
    def build(cls, entries: Iterable[Entry[object]]) -> Matcher:
        table: dict[str, list[_Key]] = {}
        n = 0
        for e in entries:
            key = fold_form(e.form)
            arabic = is_arabic(key)
            if arabic and e.article and e.form.startswith("ال") and len(key) > 4:
                key = key[2:]   # the article is matched as a proclitic (not أل of ألمانيا)
            if len(key.replace(" ", "")) < 2:
                continue
            acronym = not arabic and bool(_ACRONYM_RE.fullmatch(e.form)) and len(e.form) <= 8
            table.setdefault(key, []).append(_Key(e, acronym, False))
            if arabic and e.suffixes and key.endswith("ه"):
                table.setdefault(key[:-1] + "ت", []).append(_Key(e, False, True))
            if arabic and e.suffixes and e.form.endswith("ى"):
                # التقى + ه is written التقاه
                table.setdefault(key[:-1] + "ا", []).append(_Key(e, False, True))
            n += 1
        automaton = ahocorasick.Automaton()
        for key, keys in table.items():
            automaton.add_word(key, (len(key), tuple(keys)))
        if len(automaton):
            automaton.make_automaton()
        return cls(automaton, n)

    def find(self, folded: Folded, original: str) -> list[Match]:
        """Every valid match in `folded` (the fold of `original`), sorted."""
        if not len(self._automaton):
            return []
        text = folded.text
        n = len(text)
        out: list[Match] = []
        # The hot loop of the coder (a third of its time, profiled): offsets map
        # one to one unless folding deleted or expanded characters, and what
        # depends only on the hit, not on the entry, is computed once per hit.
        identity = folded._origin is None and not folded._shift_at
        to_original = folded.to_original
        for last, (length, keys) in self._automaton.iter(text):
            e = last + 1
            s = e - length
            if s:
                ch = text[s - 1]
                if ch.isalnum() or ch == "_":
                    prefix = _prefix_before(text, s)
                    if prefix is None:
                        continue
                else:
                    prefix = ""
            else:
                prefix = ""
            compound = _in_compound(text, s, e)
            after = text[e] if e < n else ""
            after_word = after != "" and (after.isalnum() or after == "_")
            arabic: bool | None = None
            for k in keys:
                entry = k.entry
                end = e
                if compound and not (entry.kind == "country" and _proper_compound(original, folded, s, e)):
                    continue  # "anti-government", but "Egyptian-French" drills
                if after_word or k.needs_suffix:
                    if arabic is None:
                        arabic = is_arabic(text[s:e])
                    suffix_end = _suffix_end(text, e, entry, arabic)
                    if suffix_end is None:
                        continue
                    end = suffix_end
                    # a folded ه that was ة in the text ends a noun, it is no pronoun
                    if original[to_original(e)] == "ة":
                        continue
                if prefix:
                    if arabic is None:
                        arabic = is_arabic(text[s:e])
                    if not arabic:
                        continue   # clitics only exist in Arabic
                start, clitics = s, prefix
                if not entry.article and prefix and not _VERB_PREFIX_RE.fullmatch(prefix):
                    continue  # ب/ك never attach to a verb (بحث is not ب + حث)
                if prefix.endswith("س") and (entry.article or not entry.form.startswith(_IMPERFECT)):
                    continue  # سيزور is س + يزور; سياسة is no س + anything
                if prefix.endswith("ال") or prefix.endswith("لل"):
                    if not entry.article:
                        continue
                    # the article belongs to the phrase, not to the clitics
                    cut = 2 if prefix.endswith("ال") else 1
                    start, clitics = s - cut, prefix[:-cut]
                if k.acronym:
                    ostart, oend = (s, e) if identity else folded.span_to_original(s, e)
                    if not original[ostart:oend].replace(".", "").isupper():
                        continue
                if identity:
                    ostart, oend_full = start, end
                    wstart = start - len(clitics) if clitics else ostart
                else:
                    ostart, oend_full = folded.span_to_original(start, end)
                    wstart = to_original(start - len(clitics)) if clitics else ostart
                out.append(Match(ostart, oend_full, start, end, entry, clitics, wstart))
        out.sort(key=lambda m: (m.start, -m.end, m.entry.kind))
        return out


def _in_compound(text: str, s: int, e: int) -> bool:
    """Part of a hyphenated Latin compound: `Director-general`, `anti-government`."""
    n = len(text)
    before = s >= 2 and text[s - 1] == "-" and text[s - 2].isalpha() and text[s - 2].isascii()
    after = e + 1 < n and text[e] == "-" and text[e + 1].isalpha() and text[e + 1].isascii()
    return before or after


def _proper_compound(original: str, folded: Folded, s: int, e: int) -> bool:
    """Both sides of the hyphen are capitalised names: `Egyptian-French`, `US-British`."""
    os_, oe = folded.span_to_original(s, e)
    if not original[os_:os_ + 1].isupper():
        return False
    if os_ >= 2 and original[os_ - 1] == "-":
        w = os_ - 2
        while w > 0 and original[w - 1].isalpha():
            w -= 1
        if not original[w].isupper():
            return False
    return not (oe + 1 < len(original) and original[oe] == "-" and not original[oe + 1].isupper())


def _prefix_before(text: str, s: int) -> str | None:
    """The clitic letters between the word start and `s`, or None if not allowed."""
    ws = s
    while ws > 0:
        ch = text[ws - 1]
        if not (ch.isalnum() or ch == "_"):
            break
        ws -= 1
        if s - ws > 4:
            return None
    if ws == s:
        return ""
    prefix = text[ws:s]
    return prefix if _PREFIX_RE.fullmatch(prefix) else None


def _suffix_end(text: str, e: int, entry: Entry[object], arabic: bool) -> int | None:
    """End of the word after an allowed suffix, or None if the word goes on."""
    n = len(text)
    if arabic:
        if not entry.suffixes:
            return None
        m = _AR_SUFFIX_RE.match(text, e)
        if m is None and entry.kind == "cue" and entry.article and text.startswith("ا", e):
            m = _ALEF_RE.match(text, e)  # accusative: اجتماعا، اتفاقا
    else:
        m = _EN_SUFFIX_RE.match(text, e)
    if not m:
        return None
    end = m.end()
    if end < n and _is_word_char(text[end]):
        # a longer suffix alternative may still end the word
        return None
    return end


def resolve_longest(matches: Sequence[Match], kinds: frozenset[str] | None = None) -> list[Match]:
    """Leftmost-longest non-overlapping subset of `matches` (of `kinds`, if given)."""
    chosen: list[Match] = []
    last_end = -1
    pool = [m for m in matches if kinds is None or m.kind in kinds]
    pool.sort(key=lambda m: (m.start, -(m.end - m.start)))
    for m in pool:
        if m.start >= last_end:
            chosen.append(m)
            last_end = m.end
    return chosen


def search(matcher: Matcher, text: str) -> list[Match]:
    """Fold `text` and find every match in it."""
    return matcher.find(fold(text), text)
