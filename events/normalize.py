"""Folding text for matching, without losing offsets into the original.

One function, `fold`, is applied both to dictionary forms and to article
text, so that a dictionary entry matches however a page spells it:

- Arabic: diacritics (tashkeel, Quranic marks) and tatweel removed; alef
  forms أ إ آ ٱ → ا; ة → ه; ى → ي; ؤ ئ → ء; Persian/Urdu ک ی ۀ → ك ي ه;
  Arabic-Indic and Persian digits → ASCII digits; presentation forms →
  base letters.
- Latin: lower case, accents dropped (é → e), typographic apostrophes → '.
- Everywhere: zero-width and bidi control characters removed; any run of
  whitespace kept as is (offsets stay simple) but every whitespace char → ' '.

`fold` returns a `Folded` text that can map any offset in the folded string
back to the original, so a match found in folded text points at the exact
characters of the page.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache

# Characters deleted by folding: Arabic diacritics and marks, tatweel,
# zero-width and bidi controls, soft hyphen, BOM.
_DELETE = (
    "\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0640"
    "\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
)
_DELETE_RE = re.compile(f"[{_DELETE}]")
# Characters whose folded form is longer than one char (ligatures);
# rare enough that a slow path is fine.
_EXPANDING_RE = re.compile("[\ufb50-\ufdff\ufe70-\ufefc\ufb00-\ufb06]")


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for src, dst in (
        ("أإآٱ", "ا"), ("ة", "ه"), ("ى", "ي"), ("ؤئ", "ء"),
        ("ک", "ك"), ("یي", "ي"), ("ۀ", "ه"), ("ھ", "ه"),
        ("’‘‛ʼ`´", "'"), ("“”„", '"'), ("‐‑‒–—", "-"),
    ):
        for ch in src:
            table[ord(ch)] = dst
    for i in range(10):
        table[0x0660 + i] = str(i)  # Arabic-Indic
        table[0x06F0 + i] = str(i)  # Persian
    # Latin letters with diacritics → base letter (one char to one char).
    for cp in range(0x00C0, 0x0250):
        ch = chr(cp)
        base = unicodedata.normalize("NFD", ch)[0]
        if base != ch and base.isascii():
            table[cp] = base.lower()
    spaces = "\t\n\r\x0b\x0c\u00a0\u2028\u2029\u202f\u205f\u3000"
    for ws in spaces + "".join(chr(c) for c in range(0x2000, 0x200B)):
        table[ord(ws)] = " "
    return table


_TABLE = _build_table()


@dataclass(frozen=True, slots=True)
class Folded:
    """Folded text plus what is needed to map its offsets to the original."""

    text: str
    #: folded offsets at which one or more original chars were deleted,
    #: with the cumulative count of deletions up to there (slow path only)
    _shift_at: tuple[int, ...] = ()
    _shift_by: tuple[int, ...] = ()
    #: per-char origin, used only when folding expanded a character
    _origin: tuple[int, ...] | None = None
    _orig_len: int = -1

    def to_original(self, i: int) -> int:
        """Offset in the original text of folded offset `i` (0 ≤ i ≤ len)."""
        if self._origin is not None:
            return self._origin[i] if i < len(self._origin) else self._orig_len
        if not self._shift_at:
            return i
        k = bisect_right(self._shift_at, i)
        return i + (self._shift_by[k - 1] if k else 0)

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original span of folded span [start, end): the end maps after the last char."""
        if end <= start:
            o = self.to_original(start)
            return o, o
        return self.to_original(start), self.to_original(end - 1) + 1


def fold(text: str) -> Folded:
    """Fold `text` for matching (see the module docstring)."""
    if _EXPANDING_RE.search(text):
        return _fold_slow(text)
    deletions = [m.start() for m in _DELETE_RE.finditer(text)]
    if not deletions:
        return Folded(text.translate(_TABLE).lower(), _orig_len=len(text))
    kept = _DELETE_RE.sub("", text).translate(_TABLE).lower()
    # A deletion at original position p, being the k-th (0-based), leaves
    # folded position p - k; every folded index >= p - k shifts by k + 1.
    shift_at: list[int] = []
    shift_by: list[int] = []
    for k, p in enumerate(deletions):
        at = p - k
        if shift_at and shift_at[-1] == at:
            shift_by[-1] = k + 1
        else:
            shift_at.append(at)
            shift_by.append(k + 1)
    return Folded(kept, tuple(shift_at), tuple(shift_by), None, len(text))


def _fold_slow(text: str) -> Folded:
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        if _DELETE_RE.match(ch):
            continue
        rep = _fold_char(ch)
        out.append(rep)
        origin.extend([i] * len(rep))
    return Folded("".join(out), (), (), tuple(origin), len(text))


@cache
def _fold_char(ch: str) -> str:
    if _EXPANDING_RE.match(ch):
        ch = unicodedata.normalize("NFKC", ch)
        return "".join(_fold_char(c) if len(c) == 1 and not _EXPANDING_RE.match(c) else c.lower()
                       for c in ch if not _DELETE_RE.match(c))
    return ch.translate(_TABLE).lower()


def fold_form(form: str) -> str:
    """Fold a dictionary form: as `fold`, plus NFC and single spaces."""
    return " ".join(fold(unicodedata.normalize("NFC", form)).text.split())


_ARABIC_RE = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_DIACRITIC_RE = re.compile("[\u064b-\u065f\u0670\u0640]")


def is_arabic(s: str) -> bool:
    """True when `s` holds at least one Arabic-script letter."""
    return _ARABIC_RE.search(s) is not None


def canonical_form(form: str) -> str:
    """The normalised spelling of a dictionary form, as files must hold it.

    NFC, trimmed, single spaces, no Arabic diacritics or tatweel. Unlike
    `fold_form` it keeps case, hamza and ta-marbuta spellings.
    """
    return " ".join(_DIACRITIC_RE.sub("", unicodedata.normalize("NFC", form)).split())
