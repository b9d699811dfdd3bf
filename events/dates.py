"""Dates in Arabic and English news text: find them, resolve them, pick the event's.

Everything here is deterministic: no function reads the clock. A relative
expression ("yesterday", `أمس`, "on Tuesday") is resolved against the
article's publication date passed in by the caller, and stays unresolved
(`date=None`) when there is none. Nothing is ever invented: no date found
means no date.

The common forms are matched with our own regular expressions over a folded
copy of the text (diacritics, tatweel and bidi marks removed; `أ إ آ ٱ`→`ا`,
`ة`→`ه`, `ى`→`ي`, `ؤ ئ`→`ء`; Arabic-Indic and Persian digits→ASCII). Offsets
always point into the original text, and a span that ends on an Arabic letter
also takes the diacritics that follow it. dateparser is not used: every
string form we accept is parsed here, which is about a hundred times faster
and keeps the granularity (day, month, year) that dateparser fills in.

Calendar words come from `events/data/date_cues.tsv` (`DateCues`); the small
closed grammar around them (`last`, `الماضي`, `يوم`, `عام`, week/month/year
nouns, `since`/`منذ`) lives in this module.

What `find_dates` recognises
----------------------------
Absolute dates (kind "absolute"):
  * day month [year], Arabic: `17 يناير 2026`, `17 كانون الثاني 2026`,
    `في 17 من يناير`, `الأول من مارس`, MSA/Levantine pairs `6 مارس/آذار 2016`,
    `كانون الثاني (يناير)`; English: `17 January 2026`, `17th of Jan.`,
    `January 17, 2026`, `Jan. 17`, `Aug 25`;
  * numeric, day first as in Arabic and British wire copy: `17/1/2026`,
    `17-1-2026`, `17.01.2026`; year first: `2026-01-17`, `2026/1/17`. A
    numeric date needs a four-digit year; month > 12 is rejected (never
    swapped: `1/17/2026` is not a date here);
  * month + year -> precision "month": `January 2026`, `يناير 2026`,
    `يناير من عام 2026`;
  * year after a year cue -> precision "year": `عام 2016`, `العام 2016`,
    `منذ 2014`, `خلال 2020`, `in 2016`, `since 2014`, `by 2030`, `mid-2016`.
    A bare number is never a year (`2026 people`, resolution `2254`);
  * month with a direction instead of a year: `17 يناير الماضي`,
    `يناير الماضي`, `last January` (the most recent one strictly before the
    publication date), `الجاري`/`الحالي` (the publication year),
    `المقبل`/`القادم`/`next` (the first one after publication).
  Impossible dates (31 February) and years outside 1900..2100 are rejected,
  and the whole match goes (`17 يناير 1850` does not fall back to `17 يناير`).
  A day and month without a year takes the year that puts it on or before
  `published` when that is within the last 335 days (about 11 months);
  otherwise it is a date in the coming month (`talks on Jan 20`, published
  Jan 17). Without `published` such a mention is dropped.
Relative days (kind "relative"): the `relative` rows of the cue table
  (`أمس`, `أول أمس`, `اليوم`, `غدا`, `yesterday`, `today`, `last night` ...),
  with clitics (`وأمس`, `بالأمس`, `يوم أمس`). `اليوم` is not "today" in
  `اليوم التالي`, `اليوم العالمي`, `في اليوم` ("per day"), `ذلك اليوم`, `هذا
  اليوم` (anniversaries), inside a quoted or named medium (`«روسيا اليوم»`,
  `صحيفة المصري اليوم`, `العرب اليوم`), and English `Today` capitalised in
  mid-sentence (`USA Today`) is a name. Periods: `الأسبوع الماضي`/`last week`
  -> precision "week", Monday of the previous week; `this week`/`هذا الأسبوع`/
  `الأسبوع الجاري` -> this week's Monday; `الشهر الماضي`/`last month` ->
  precision "month", first day of that month; `العام الماضي`/`last year` ->
  precision "year", 1 January. `العام` after a noun it qualifies
  (`الأمين العام المقبل`, "the next secretary-general") is not a year.
Weekdays (kind "weekday"): `الخميس`, `يوم الخميس`, `Thursday`, `on Thursday`:
  the most recent such day on or before `published` (the same weekday is the
  publication day itself); `الخميس الماضي`, `last Thursday`, `this past
  Thursday`: strictly before; `الاثنين المقبل`, `next Monday`: strictly after.
  Arabic weekdays need their article (bare `اثنين`, `أحد` are numerals).
  English month and weekday names must be capitalised (`may`, `march`).
Chains: a relative word, a weekday and a day-precision absolute date
  separated only by spaces, commas, brackets, dashes, `الموافق` or a
  time-of-day word make one mention: `اليوم الإثنين`, `أمس (الثلاثاء)`,
  `الأحد 6 مارس/آذار 2016`, `Saturday, 17 January 2026`. Its date is the
  absolute date when there is one (its digits beat a weekday that disagrees);
  else the weekday nearest to published+offset (`أمس الثلاثاء` is the
  Tuesday within three days of the day before publication, which absorbs a
  publication date a day late); else the relative offset.
Time of day (`صباح`, `مساء`, `فجر`, `ليل`, `morning`, `night`, `overnight`)
  never moves the day and is not part of the span.
Relations: a mention right after `since`, `from`, `منذ` (or `من` before a
  year or month) has relation "since"; after `until`, `till`, `by`, `before`,
  `حتى`, `لغاية`, `قبل`, `بحلول` it has relation "until"; otherwise "at".

Not handled (on purpose): bare month names without year or direction
(`in March`), Hijri dates (the clock lines of Arabic sites carry them; they
are recognised only to discard such lines), numeric dates without a
four-digit year, month-first numeric dates, counts of days (`3 days ago`,
`منذ ثلاثة أيام`) beyond the fixed phrases in the cue table, and times.
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_right
from calendar import monthrange
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from importlib import resources
from types import MappingProxyType
from typing import Any, Literal
from urllib.parse import urlsplit

import ahocorasick

from events.errors import DictionaryError
from events.model import EventDate, Precision

__all__ = [
    "DateCues",
    "DateMention",
    "event_date",
    "find_dates",
    "find_published",
    "fold",
    "load_date_cues",
    "parse_published",
]

MentionKind = Literal["absolute", "relative", "weekday"]
Relation = Literal["at", "since", "until"]
CueKind = Literal["month", "weekday", "relative"]

MIN_YEAR = 1900
MAX_YEAR = 2100
#: a day and month without a year is read as the past only up to this many days back
_PAST_WINDOW_DAYS = 335
#: ... and as the coming weeks beyond that
_FUTURE_WINDOW_DAYS = 31

# --------------------------------------------------------------------------
# Normalisation with an offset map back to the original text
# --------------------------------------------------------------------------

# Removed from the text before matching: Arabic diacritics and Quranic marks,
# tatweel, bidi and zero-width controls, BOM, soft hyphen.
_DIACRITICS = (
    "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"
)
_DELETE_RE = re.compile(
    f"[{_DIACRITICS}\u0640\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad]+"
)
# Characters that belong to the letter before them: a span ending on that
# letter takes them along.
_MARK_RE = re.compile(f"[{_DIACRITICS}\u0640]+")

_FOLD_PAIRS: tuple[tuple[str, str], ...] = tuple(
    {
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
        "ة": "ه", "ى": "ي", "ؤ": "ء", "ئ": "ء",
        "ی": "ي", "ک": "ك",
        "٫": ".", "٬": ",",
        **{chr(0x0660 + i): str(i) for i in range(10)},
        **{chr(0x06F0 + i): str(i) for i in range(10)},
        **{c: " " for c in "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
                          "\u2008\u2009\u200a\u202f\u205f\u3000"},
    }.items()
)


def _fold_chars(s: str) -> str:
    # str.replace per character present is ~15x faster than str.translate on
    # non-ASCII text (translate looks every character up in a dict).
    for src, dst in _FOLD_PAIRS:
        if src in s:
            s = s.replace(src, dst)
    return s


def fold(s: str) -> str:
    """Fold a string the way the matcher sees text (marks removed, letters and digits
    folded, runs of spaces collapsed). Used for cue forms and grammar words."""
    return " ".join(_fold_chars(_DELETE_RE.sub("", s)).split())


class _Folded:
    """A folded copy of a text plus the map from its offsets to the original's."""

    __slots__ = ("_nstarts", "_ostarts", "norm", "orig_text")

    def __init__(self, text: str) -> None:
        self.orig_text = text
        if _DELETE_RE.search(text) is None:
            # Common case: folding is one-to-one, offsets are identical.
            self.norm = _fold_chars(text)
            self._nstarts: list[int] | None = None
            self._ostarts: list[int] = []
            return
        parts: list[str] = []
        nstarts: list[int] = []
        ostarts: list[int] = []
        pos = n = 0
        for m in _DELETE_RE.finditer(text):
            if m.start() > pos:
                nstarts.append(n)
                ostarts.append(pos)
                parts.append(text[pos:m.start()])
                n += m.start() - pos
            pos = m.end()
        if pos < len(text):
            nstarts.append(n)
            ostarts.append(pos)
            parts.append(text[pos:])
        self.norm = _fold_chars("".join(parts))
        self._nstarts = nstarts
        self._ostarts = ostarts

    def _orig(self, n: int) -> int:
        if self._nstarts is None:
            return n
        k = bisect_right(self._nstarts, n) - 1
        return self._ostarts[k] + n - self._nstarts[k]

    def span(self, ns: int, ne: int) -> tuple[int, int]:
        """Original [start, end) of the folded span [ns, ne) (ne > ns)."""
        start = self._orig(ns)
        end = self._orig(ne - 1) + 1
        if self._nstarts is not None:
            m = _MARK_RE.match(self.orig_text, end)
            if m:
                end = m.end()
        return start, end


# --------------------------------------------------------------------------
# The cue table
# --------------------------------------------------------------------------

_LETTER_BEFORE = r"(?<![^\W\d_])"  # not preceded by a letter (any script)
_LETTER_AFTER = r"(?![^\W\d_])"
_SP = r"[^\S\n]+"  # spaces, never across a line break
_SP0 = r"[^\S\n]*"
# Arabic proclitics: و/ف, then ب/ك/ل, then the article (ل + ال is written لل).
# Bare ب/ل/ك are not accepted before a form without ال: بأمس (بأمس الحاجة, "in dire
# need") and لامس ("touched") are not "yesterday".
_P_ANY_AL = r"(?:[وف]?(?:[بك]?ال|لل)?)"
_P_REQ_AL = r"(?:[وف]?(?:[بك]?ال|لل))"

_AR_PAST = ("الماضي", "الماضية", "المنصرم", "المنصرمة", "الفائت", "الفائتة")
_AR_NEXT = ("المقبل", "المقبلة", "القادم", "القادمة")
_AR_THIS = ("الجاري", "الجارية", "الحالي", "الحالية")


def _strip_ar(word: str) -> str:
    """A folded Arabic word without its proclitics and article (for lookups)."""
    w = word
    if len(w) > 3 and w[0] in "وف":
        w = w[1:]
    if w.startswith("لل") and len(w) > 3:
        return w[2:]
    if len(w) > 3 and w[0] in "بكل" and w[1:3] == "ال":
        w = w[1:]
    if w.startswith("ال") and len(w) > 3:
        w = w[2:]
    return w


# Nouns that the adjective العام ("general") follows: الأمين العام المقبل is a
# person, not "next year".
_AR_GENERAL_NOUNS = frozenset(fold(w) for w in (
    "الأمين", "أمين", "المدعي", "مدعي", "النائب", "المدير", "مدير", "المرشد", "المفتش",
    "المراقب", "المنسق", "القائد", "قائد", "الاتحاد", "المؤتمر", "الادعاء", "الرأي",
    "القطاع", "النظام", "الأمن", "الإضراب", "العفو", "المال", "التعليم", "الصالح",
    "الشأن", "المجلس", "الحق", "الإطار", "الخط", "الاتجاه", "المقرر", "الوكيل", "المحامي",
))
# Words after which اليوم / الليلة is not the publication day.
_AR_REL_BAD_PREV = frozenset(fold(w) for w in (
    "ذلك", "تلك", "نفس", "ذات", "هذا", "هذه", "مثل", "كل", "طوال", "طيلة", "العرب",
))
_AR_REL_BAD_FOLLOW = frozenset(fold(w) for w in (
    "التالي", "التالية", "السابق", "السابقة", "الأول", "الأولى", "الثاني", "الثالث",
    "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع", "العاشر", "الأخير",
    "الأخيرة", "العالمي", "الوطني", "الدولي", "نفسه", "ذاته", "نفسها", "ذاتها",
    "الواحد", "القريب", "الموعود", "المشهود", "الحاسم", "الحاجة",
))
_AR_MEDIA_NOUNS = frozenset(fold(w) for w in (
    "صحيفة", "جريدة", "قناة", "موقع", "وكالة", "مجلة", "برنامج", "إذاعة", "تلفزيون",
))
_AR_MEDIA_STEMS = frozenset(_strip_ar(w) for w in _AR_MEDIA_NOUNS)
_AR_REL_BAD_PREV_STEMS = frozenset(_strip_ar(w) for w in _AR_REL_BAD_PREV)
_AR_GENERAL_STEMS = frozenset(_strip_ar(w) for w in _AR_GENERAL_NOUNS)
_HIJRI_RE = re.compile(
    fold(r"(?<![^\W\d_])(?:هـ|محرم|صفر|ربيع|جمادى|رجب|شعبان|رمضان|شوال|ذو القعدة|ذو الحجة)"
         r"(?![^\W\d_])") + r"|\bAH\b"
)
_AR_DAY_WORDS = ("صباح", "مساء", "فجر", "ظهر", "عصر", "ليل", "ليلة", "منتصف")
_EN_DAY_WORDS = ("morning", "afternoon", "evening", "night", "overnight", "early", "late",
                 "the", "on")
# What may separate the parts of one chain (`اليوم الإثنين`, `Saturday, 17 January`).
_GAP_RE = re.compile(
    r"(?:[^\S\n]|[,،()\[\]\-–—]|" + "|".join(
        [fold(w) for w in ("الموافق", "الموافقة", *_AR_DAY_WORDS)] + list(_EN_DAY_WORDS)
    ) + r")*"
)


def _alt(forms: Iterable[str]) -> str:
    """Regex alternation of literal forms, longest first, spaces as flexible spaces."""
    uniq = sorted(set(forms), key=lambda f: (-len(f), f))
    return "(?:" + "|".join(_SP.join(re.escape(w) for w in f.split(" ")) for f in uniq) + ")"


@dataclass(frozen=True, slots=True)
class _Patterns:
    """Compiled regexes and lookups built from one cue table."""

    #: family -> script ("ar", "en", "num") -> [(pattern name, regex)]
    families: Mapping[str, Mapping[str, tuple[tuple[str, re.Pattern[str]], ...]]]
    #: Aho-Corasick automaton of trigger words: key -> (length, families, script)
    triggers: Any
    ar_month: Mapping[str, int]   # folded form -> month
    en_month: Mapping[str, int]   # lower-case form, no period -> month
    ar_body: Mapping[str, tuple[CueKind, int]]  # folded form without ال -> (kind, value)
    en_weekday: Mapping[str, int]
    en_relative: Mapping[str, int]


def _compile(
    months: Mapping[tuple[str, str], int],
    weekdays: Mapping[tuple[str, str], int],
    relative: Mapping[tuple[str, str], int],
    en_forms: Mapping[tuple[str, str], str],
) -> _Patterns:
    ar_month = {f: v for (lang, f), v in months.items() if lang == "ar"}
    en_month = {f: v for (lang, f), v in months.items() if lang == "en"}
    en_weekday = {f: v for (lang, f), v in weekdays.items() if lang == "en"}
    en_relative = {f: v for (lang, f), v in relative.items() if lang == "en"}
    ar_body: dict[str, tuple[CueKind, int]] = {}
    req_al: dict[CueKind, list[str]] = {"weekday": [], "relative": []}
    any_al: dict[CueKind, list[str]] = {"weekday": [], "relative": []}
    for kind, table in (("weekday", weekdays), ("relative", relative)):
        k: CueKind = "weekday" if kind == "weekday" else "relative"
        for (lang, f), v in table.items():
            if lang != "ar":
                continue
            body = f[2:] if f.startswith("ال") else f
            if body in ar_body and ar_body[body] != (k, v):
                raise DictionaryError(f"date_cues.tsv: {f!r} clashes with another form")
            ar_body[body] = (k, v)
            (req_al if f.startswith("ال") else any_al)[k].append(body)

    def ar_cues(k: CueKind) -> str:
        parts = []
        if req_al[k]:
            parts.append(_P_REQ_AL + _alt(req_al[k]))
        if any_al[k]:
            parts.append(_P_ANY_AL + _alt(any_al[k]))
        return "(?:" + "|".join(parts) + ")" if parts else "(?!)"

    b, a = _LETTER_BEFORE, _LETTER_AFTER
    ar_mon = _alt(ar_month) if ar_month else "(?!)"
    mon_pair = (
        rf"{b}[وفبل]?(?P<m>{ar_mon}){a}"
        rf"(?:{_SP0}[/\\\-–]{_SP0}(?P<m2>{ar_mon}){a}|{_SP0}\({_SP0}(?P<m3>{ar_mon}){_SP0}\))?"
    )
    ar_mod = _alt(fold(w) for w in (*_AR_PAST, *_AR_NEXT, *_AR_THIS))
    year_tail_ar = (
        rf"{_SP0}[,،]?{_SP0}(?:من{_SP})?(?:(?:ال)?عام|(?:ال)?سنه)?{_SP0}(?<!\d)(?P<y>\d{{4}})(?!\d)"
    )
    tail_ar = rf"(?:{year_tail_ar}|{_SP}(?P<mod>{ar_mod}){a})"
    ar_patterns = (
        ("dmy", re.compile(
            rf"(?:(?<!\d)(?P<d>\d{{1,2}})(?!\d){_SP0}(?:من{_SP})?|"
            rf"(?P<first>{b}[وفب]?(?:ال)?اول){_SP}من{_SP})(?:شهر{_SP})?{mon_pair}{tail_ar}?"
        )),
        ("my", re.compile(rf"{mon_pair}{tail_ar}")),
        ("year", re.compile(
            rf"{b}(?:(?:[وفبل]?(?:ال)?(?:عام|سنه)|لل(?:عام|سنه)){_SP}|(?P<prep>[وف]?(?:منذ|خلال)){_SP}(?=\d))"
            rf"(?P<y>\d{{4}})(?![\d])(?![.,]\d)"
        )),
        ("weekday", re.compile(
            rf"{b}(?:[وف]?[بل]?يوم{_SP})?(?P<w>{ar_cues('weekday')}){a}"
            rf"(?:{_SP}(?P<mod>{ar_mod}){a})?"
        )),
        ("relative", re.compile(rf"{b}(?:[وف]?[بل]?يوم{_SP})?(?P<r>{ar_cues('relative')}){a}")),
        ("period", re.compile(
            rf"{b}(?:(?P<this>هذا|هذه){_SP})?(?P<u>{_P_REQ_AL}(?:اسبوع|شهر|عام|سنه)){a}"
            rf"(?:{_SP}(?P<mod>{ar_mod}){a})?"
        )),
    )

    def en_alt(table: Mapping[str, int], forms: Mapping[tuple[str, str], str],
               abbr_dot: bool) -> str:
        out = []
        for key in table:
            f = forms[("en", key)]
            longer = any(o != key and o.startswith(key) and table[o] == table[key] for o in table)
            dot = r"\.?" if abbr_dot and longer else ""
            cap = f[:1].upper() + f[1:]
            out += [re.escape(cap) + dot, re.escape(f.upper()) + dot]
        uniq = sorted(set(out), key=lambda s: (-len(s), s))
        return "(?:" + "|".join(uniq) + ")" if uniq else "(?!)"

    eb, ea = r"(?<![A-Za-z])", r"(?![A-Za-z])"
    en_mon = rf"{eb}(?P<m>{en_alt(en_month, en_forms, True)}){ea}"
    ordinal = r"(?:st|nd|rd|th)?"
    en_year = rf"(?:{_SP0},?{_SP0}(?<!\d)(?P<y>\d{{4}})(?!\d))"
    en_rel = "|".join(
        _SP.join(re.escape(w) for w in f.split(" "))
        for f in sorted(en_relative, key=lambda s: (-len(s), s))
    ) or "(?!)"
    en_patterns = (
        ("dmy", re.compile(
            rf"(?<![\d,.:])(?P<d>\d{{1,2}}){ordinal}(?!\d){_SP}(?:of{_SP})?{en_mon}{en_year}?"
        )),
        ("mdy", re.compile(rf"{en_mon}{_SP}(?P<d>\d{{1,2}}){ordinal}(?!\d|:\d){en_year}?")),
        ("my", re.compile(
            rf"(?:{eb}(?P<mod>[Ll]ast|[Nn]ext){_SP})?{en_mon}{en_year}?"
        )),
        ("year", re.compile(
            rf"{eb}(?P<cue>[Ii]n|[Ss]ince|[Dd]uring|[Uu]ntil|[Tt]ill|[Bb]y|[Bb]efore|[Ff]rom|"
            rf"[Tt]hroughout|[Ee]arly|[Ll]ate|[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter|"
            rf"[Ee]nd{_SP}of|[Mm]id(?=-))(?:{_SP}of)?(?:{_SP}|-)(?P<y>\d{{4}})(?!\d)(?![.,]\d)"
        )),
        ("weekday", re.compile(
            rf"{eb}(?:(?P<mod>[Ll]ast|[Nn]ext|[Pp]ast|[Tt]his){_SP})?"
            rf"(?P<w>{en_alt(en_weekday, en_forms, False)}){ea}"
        )),
        ("relative", re.compile(rf"{eb}(?:(?i:the){_SP})?(?P<r>(?i:{en_rel})){ea}")),
        ("period", re.compile(
            rf"{eb}(?P<mod>(?i:last|next|this)){_SP}(?P<u>(?i:week|month|year)){ea}"
        )),
    )
    num_patterns = (
        ("num_dmy", re.compile(
            r"(?<![\d/.\-])(?P<d>\d{1,2})(?P<s>[/.\-])(?P<m>\d{1,2})(?P=s)(?P<y>\d{4})"
            r"(?!\d)(?![/.\-]\d)"
        )),
        ("num_ymd", re.compile(
            r"(?<![\d/.\-])(?P<y>\d{4})(?P<s>[/.\-])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})"
            r"(?!\d)(?![/.\-]\d)"
        )),
    )
    fam_of = {"dmy": "month", "my": "month", "mdy": "month", "year": "year",
              "weekday": "weekday", "relative": "relative", "period": "period",
              "num_dmy": "num", "num_ymd": "num"}
    families: dict[str, dict[str, list[tuple[str, re.Pattern[str]]]]] = {}
    for script, pats in (("ar", ar_patterns), ("en", en_patterns), ("num", num_patterns)):
        for name, pat in pats:
            families.setdefault(fam_of[name], {}).setdefault(script, []).append((name, pat))
    # Trigger words: a family's regexes only run in small windows around them.
    trig: dict[str, tuple[set[str], str]] = {}

    def add(word: str, fam: str, script: str) -> None:
        fams, _ = trig.setdefault(word, (set(), script))
        fams.add(fam)

    for (lang, f) in months:
        if lang == "ar":
            add(f.split(" ")[0], "month", "ar")
        else:
            for variant in (f, f.capitalize(), f.upper()):
                add(variant, "month", "en")
    for fam, table in (("weekday", weekdays), ("relative", relative)):
        for (lang, f) in table:
            for w in f.split(" "):
                if lang == "ar":
                    w = w[2:] if w.startswith("ال") and len(w) > 3 else w
                    if w not in _AR_TRIGGER_STOP:
                        add(w, fam, "ar")
                elif w not in _EN_TRIGGER_STOP:
                    for variant in (w, w.capitalize(), w.upper()):
                        add(variant, fam, "en")
    for w in ("اسبوع", "شهر", "عام", "سنه"):
        add(w, "period", "ar")
    for w in ("عام", "سنه", "منذ", "خلال"):
        add(w, "year", "ar")
    for w in ("week", "month", "year"):
        for variant in (w, w.capitalize(), w.upper()):
            add(variant, "period", "en")
    automaton = ahocorasick.Automaton()
    for w, (fams, script) in trig.items():
        automaton.add_word(w, (len(w), frozenset(fams), script))
    automaton.make_automaton()
    return _Patterns(
        families=MappingProxyType({
            fam: MappingProxyType({sc: tuple(v) for sc, v in d.items()})
            for fam, d in families.items()
        }),
        triggers=automaton,
        ar_month=MappingProxyType(ar_month), en_month=MappingProxyType(en_month),
        ar_body=MappingProxyType(ar_body), en_weekday=MappingProxyType(en_weekday),
        en_relative=MappingProxyType(en_relative),
    )


# Words of multi-word cues too common to be worth a window of their own.
_AR_TRIGGER_STOP = frozenset({"من", "قبل", "بعد", "اول"})
_EN_TRIGGER_STOP = frozenset({"the", "day", "two", "this", "last", "after", "before"})
# (back, forward) characters searched around a trigger word, per family:
# enough for `وبالأول من شهر` before a month and `/كانون الثاني 2026` after it.
_MARGINS: Mapping[str, tuple[int, int]] = {
    "month": (24, 48), "weekday": (14, 18), "relative": (22, 22), "period": (16, 20),
    "year": (10, 16), "num": (10, 12),
}
# Letters that may stand before a trigger word inside the same token.
_AR_PREFIXES = frozenset({
    "", "و", "ف", "ب", "ل", "ك", "ال", "وال", "فال", "بال", "كال", "لل", "ولل", "فلل",
    "وبال", "فبال", "وكال", "وب", "فب", "ول", "فل", "وك",
})
_DIGITS4_RE = re.compile(r"[0-9]{4,}")

_VALUE_RANGE: Mapping[str, tuple[int, int]] = {
    "month": (1, 12), "weekday": (0, 6), "relative": (-7, 7),
}


@dataclass(frozen=True, slots=True)
class DateCues:
    """The parsed `date_cues.tsv`: calendar words by (lang, folded form).

    Arabic keys are folded with `fold`; English keys are lower case. The
    regexes built from them are compiled once, here.
    """

    months: Mapping[tuple[str, str], int]
    weekdays: Mapping[tuple[str, str], int]
    relative: Mapping[tuple[str, str], int]
    #: English forms as written (for capitalisation), by key
    en_forms: Mapping[tuple[str, str], str] = field(default_factory=dict)
    _rx: _Patterns = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        forms = dict(self.en_forms)
        for table in (self.months, self.weekdays, self.relative):
            for key in table:
                if key[0] == "en":
                    forms.setdefault(key, key[1])
        object.__setattr__(self, "_rx", _compile(self.months, self.weekdays, self.relative, forms))

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, str]]) -> DateCues:
        """Build from rows with `lang form kind value` (as read from the TSV).

        Raises `DictionaryError` on an unknown lang or kind, a value out of
        range, a form not in normalised form, or two rows with the same
        folded key (even with the same meaning).
        """
        tables: dict[str, dict[tuple[str, str], int]] = {
            "month": {}, "weekday": {}, "relative": {},
        }
        en_forms: dict[tuple[str, str], str] = {}
        seen: dict[tuple[str, str], str] = {}
        for row in rows:
            try:
                lang, form, kind, raw = row["lang"], row["form"], row["kind"], row["value"]
            except KeyError as e:
                raise DictionaryError(f"date_cues.tsv: row {dict(row)!r} lacks {e}") from e
            if lang not in ("ar", "en"):
                raise DictionaryError(f"date_cues.tsv: bad lang {lang!r} in {dict(row)!r}")
            if kind not in tables:
                raise DictionaryError(f"date_cues.tsv: bad kind {kind!r} in {dict(row)!r}")
            try:
                value = int(raw)
            except (TypeError, ValueError) as e:
                raise DictionaryError(f"date_cues.tsv: bad value {raw!r} for {form!r}") from e
            lo, hi = _VALUE_RANGE[kind]
            if not lo <= value <= hi:
                raise DictionaryError(f"date_cues.tsv: value {value} out of {lo}..{hi}: {form!r}")
            if not form or form != " ".join(form.split()) or _DELETE_RE.search(form):
                raise DictionaryError(f"date_cues.tsv: form not normalised: {form!r}")
            key = (lang, fold(form) if lang == "ar" else form.lower())
            if key in seen:
                raise DictionaryError(
                    f"date_cues.tsv: {form!r} repeats {seen[key]!r} (same folded form)")
            seen[key] = form
            tables[kind][key] = value
            if lang == "en":
                en_forms[key] = form
        return cls(
            months=MappingProxyType(tables["month"]),
            weekdays=MappingProxyType(tables["weekday"]),
            relative=MappingProxyType(tables["relative"]),
            en_forms=MappingProxyType(en_forms),
        )


def load_date_cues() -> DateCues:
    """Read `events/data/date_cues.tsv` from the installed package."""
    text = resources.files("events").joinpath("data/date_cues.tsv").read_text(encoding="utf-8")
    rows = csv.DictReader(
        (ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")),
        delimiter="\t", quoting=csv.QUOTE_NONE,
    )
    return DateCues.from_rows(rows)


# --------------------------------------------------------------------------
# Mentions
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DateMention:
    """One date expression found in a text, resolved if it can be.

    `start`/`end` are offsets into the text given to `find_dates`, and
    `text == original[start:end]`. `date` is the first day of the period the
    mention names (the day, the Monday of the week, the 1st of the month, 1
    January) or None for a relative mention without a publication date.
    `relation` says whether the date is a point ("at") or the start ("since")
    or end ("until") of a period the sentence talks about.
    """

    start: int
    end: int
    date: date | None
    precision: Precision
    kind: MentionKind
    text: str
    relation: Relation = "at"


@dataclass(slots=True)
class _Atom:
    """One regex hit in the folded text, before chaining and resolution."""

    ns: int
    ne: int
    kind: str  # "abs", "wd", "rel", "period"
    date: date | None = None
    precision: Precision = "day"
    valid: bool = True
    # weekday atoms: weekday and direction (-1 past, 0 bare, 1 next)
    weekday: int = 0
    direction: int = 0
    # relative atoms: day offset
    offset: int = 0
    # absolute day/month without a year, resolved only against `published`
    month: int = 0
    day: int = 0
    year_mode: str = ""  # "" (year given), "auto", "past", "this", "next"


def _valid_date(y: int, m: int, d: int) -> date | None:
    if not MIN_YEAR <= y <= MAX_YEAR or not 1 <= m <= 12:
        return None
    if not 1 <= d <= monthrange(y, m)[1]:
        return None
    return date(y, m, d)


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return _valid_date(y, m, d)
    except (ValueError, OverflowError):
        return None


def _infer_year(m: int, d: int, published: date, mode: str) -> date | None:
    """Resolve a day/month (d=0: a whole month) without a year against `published`."""
    dd = d or 1
    cands = [c for y in range(published.year - 2, published.year + 3)
             if (c := _safe_date(y, m, dd)) is not None]
    ref = published if d else published.replace(day=1)
    if mode == "this":
        return _safe_date(published.year, m, dd)
    if mode == "past":
        past = [c for c in cands if c < ref]
        return past[-1] if past else None
    if mode == "next":
        fut = [c for c in cands if c > ref]
        return fut[0] if fut else None
    past = [c for c in cands if c <= ref]
    if past and (ref - past[-1]).days <= _PAST_WINDOW_DAYS:
        return past[-1]
    fut = [c for c in cands if c > ref]
    if fut and (fut[0] - ref).days <= _FUTURE_WINDOW_DAYS:
        return fut[0]
    return None  # 29 February far from any leap year: no honest reading


def _ar_mod_dir(mod: str | None) -> str:
    if not mod:
        return ""
    if mod in _AR_PAST_F:
        return "past"
    if mod in _AR_NEXT_F:
        return "next"
    return "this"


_AR_PAST_F = frozenset(fold(w) for w in _AR_PAST)
_AR_NEXT_F = frozenset(fold(w) for w in _AR_NEXT)
_PREV_WORD_RE = re.compile(r"([^\W\d_]+)[^\S\n]*$")
_NEXT_WORD_RE = re.compile(r"[^\S\n]*([^\W\d_]+)")
_QUOTE_AFTER_RE = re.compile(r"[^\S\n]*[»”\"']")


def _prev_words(norm: str, ns: int, n: int = 2) -> list[str]:
    """Up to n folded words before ns on the same line, nearest first."""
    out: list[str] = []
    pos = ns
    while len(out) < n:
        m = _PREV_WORD_RE.search(norm, max(0, pos - 30), pos)
        if not m:
            break
        out.append(m.group(1))
        pos = m.start()
    return out


def _ar_month_of(rx: _Patterns, m: re.Match[str]) -> int | None:
    """Month of an Arabic month group (with its optional pair); None if they disagree."""
    v = rx.ar_month.get(" ".join(m.group("m").split()))
    other = m.group("m2") or m.group("m3")
    if other is not None and rx.ar_month.get(" ".join(other.split())) != v:
        return None
    return v


def _en_month_of(rx: _Patterns, text: str) -> int | None:
    return rx.en_month.get(text.rstrip(".").lower())


def _windows(norm: str, lang: str, rx: _Patterns) -> dict[tuple[str, str], list[list[int]]]:
    """Where each (family, script) of regexes needs to look: merged [start, end) windows
    around trigger words and four-digit numbers."""
    raw: dict[tuple[str, str], list[tuple[int, int]]] = {}
    n = len(norm)
    scripts = {"ar", "en"} if lang not in ("ar", "en") else {lang}

    def add(fam: str, script: str, s: int, e: int, back: int, fwd: int) -> None:
        raw.setdefault((fam, script), []).append((max(0, s - back), min(n, e + fwd)))

    for end_idx, (length, fams, script) in rx.triggers.iter(norm):
        if script not in scripts:
            continue
        e = end_idx + 1
        s = e - length
        if e < n and norm[e].isalpha():
            continue
        k = s
        while k > 0 and norm[k - 1].isalpha() and s - k <= 4:
            k -= 1
        if script == "en":
            if k != s:
                continue
        elif norm[k:s] not in _AR_PREFIXES or (k > 0 and norm[k - 1].isalpha()):
            continue
        for fam in fams:
            back, fwd = _MARGINS[fam]
            add(fam, script, s, e, back, fwd)
    for m in _DIGITS4_RE.finditer(norm):
        s, e = m.span()
        if e - s != 4:
            continue
        add("num", "num", s, e, *_MARGINS["num"])
        for script in scripts:
            add("year", script, s, e, 18, 4)
    out: dict[tuple[str, str], list[list[int]]] = {}
    for key, spans in raw.items():
        spans.sort()
        merged: list[list[int]] = []
        for ws, we in spans:
            if merged and ws <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], we)
            else:
                merged.append([ws, we])
        for w in merged:
            # end a window on a space so that no token is cut in two
            while w[1] < n and not norm[w[1]].isspace():
                w[1] += 1
        out[key] = merged
    return out


def _scan(norm: str, lang: str, rx: _Patterns) -> list[_Atom]:
    """Every regex hit as an atom; overlapping hits resolved leftmost-longest."""
    atoms: dict[tuple[str, str, int], _Atom] = {}
    for (fam, script), windows in _windows(norm, lang, rx).items():
        for name, pat in rx.families.get(fam, {}).get(script, ()):
            for ws, we in windows:
                for m in pat.finditer(norm, ws, we):
                    a = _make_atom("ar" if script == "num" else script, name, m, norm, rx)
                    if a is None:
                        continue
                    key = (script, name, a.ns)
                    old = atoms.get(key)
                    if old is None or a.ne > old.ne:
                        atoms[key] = a
    ordered = sorted(atoms.values(), key=lambda a: (a.ns, -a.ne))
    kept: list[_Atom] = []
    last_end = -1
    for a in ordered:
        if a.ns >= last_end:
            kept.append(a)
            last_end = a.ne
    return [a for a in kept if a.valid]


def _make_atom(script: str, name: str, m: re.Match[str], norm: str,
               rx: _Patterns) -> _Atom | None:
    ns, ne = m.span()
    gd = m.groupdict()
    if name in ("num_dmy", "num_ymd"):
        d = _safe_date(int(gd["y"]), int(gd["m"]), int(gd["d"]))
        return _Atom(ns, ne, "abs", d, "day", valid=d is not None)
    if name in ("dmy", "mdy", "my"):
        month = _ar_month_of(rx, m) if script == "ar" else _en_month_of(rx, gd["m"])
        if month is None:
            return _Atom(ns, ne, "abs", valid=False)
        if name == "my":
            ystr, mod = gd.get("y"), gd.get("mod")
            if script == "en" and mod:
                mode = "past" if mod.lower() == "last" else "next"
                if ystr:  # "last January 2026": the year decides
                    ns = m.start("m")
                    mode = ""
            else:
                mode = _ar_mod_dir(mod)
            if ystr:
                d0 = _safe_date(int(ystr), month, 1)
                return _Atom(ns, ne, "abs", d0, "month", valid=d0 is not None)
            if not mode:
                return None  # a bare month name is not a date here
            return _Atom(ns, ne, "abs", None, "month", month=month, year_mode=mode)
        day = 1 if gd.get("first") else int(gd["d"])
        ystr = gd.get("y")
        if ystr:
            d1 = _safe_date(int(ystr), month, day)
            return _Atom(ns, ne, "abs", d1, "day", valid=d1 is not None)
        # no year: check the day exists in some year (29 February does)
        if _safe_date(2024, month, day) is None:
            return _Atom(ns, ne, "abs", valid=False)
        mode = _ar_mod_dir(gd.get("mod")) if script == "ar" else ""
        return _Atom(ns, ne, "abs", None, "day", month=month, day=day, year_mode=mode or "auto")
    if name == "year":
        y = int(gd["y"])
        if script == "en" or gd.get("prep"):
            ns = m.start("y")  # the span is the year (plus عام, a noun), not the preposition
        d2 = _safe_date(y, 1, 1)
        return _Atom(ns, ne, "abs", d2, "year", valid=d2 is not None)
    if name == "weekday":
        mod = gd.get("mod")
        if script == "ar":
            word = _strip_ar(gd["w"])
            kv = rx.ar_body.get(" ".join(word.split()))
            if kv is None:
                return None
            wd = kv[1]
            follow = _NEXT_WORD_RE.match(norm, ne)
            if wd == 6 and follow and follow.group(1) == "عشر":  # الأحد عشر: eleven
                return None
            direction = {"past": -1, "next": 1}.get(_ar_mod_dir(mod), 0)
        else:
            wd = rx.en_weekday[gd["w"].lower()]
            direction = {"last": -1, "past": -1, "next": 1}.get((mod or "").lower(), 0)
            if mod and mod.lower() == "this":
                ns = m.start("w")
        return _Atom(ns, ne, "wd", weekday=wd, direction=direction)
    if name == "relative":
        r = gd["r"]
        if script == "ar":
            word = " ".join(r.split())
            kv = None
            for cand in (word, _strip_ar(word.split(" ")[0]) + word[len(word.split(" ")[0]):]):
                kv = rx.ar_body.get(cand) or rx.ar_body.get(_strip_ar(cand))
                if kv is not None:
                    break
            if kv is None:
                return None
            if not _ar_relative_ok(norm, ns, ne, word):
                return None
            return _Atom(ns, ne, "rel", offset=kv[1])
        key = " ".join(r.lower().split())
        if key not in rx.en_relative:
            return None
        rs = m.start("r")
        if r[:1] == "T" and not r.isupper() and not _sentence_start(norm, rs):
            return None  # USA Today, Egypt Today: a name
        return _Atom(rs, ne, "rel", offset=rx.en_relative[key])
    if name == "period":
        unit = gd["u"]
        mod = gd.get("mod")
        this = gd.get("this")
        if script == "ar":
            u = _strip_ar(unit)
            if this and not mod:
                direction = 0
            elif mod:
                direction = {"past": -1, "next": 1, "this": 0}[_ar_mod_dir(mod)]
            else:
                return None
            if u == "عام" and not this:
                prev = _prev_words(norm, ns, 1)
                if prev and _strip_ar(prev[0]) in _AR_GENERAL_STEMS:
                    return None
            prec: Precision = {"اسبوع": "week", "شهر": "month"}.get(u, "year")  # type: ignore[assignment]
        else:
            direction = {"last": -1, "next": 1, "this": 0}[(mod or "this").lower()]
            prec = {"week": "week", "month": "month"}.get(unit.lower(), "year")  # type: ignore[assignment]
        return _Atom(ns, ne, "period", precision=prec, offset=direction)
    return None  # pragma: no cover


def _sentence_start(norm: str, pos: int) -> bool:
    i = pos - 1
    while i >= 0 and norm[i] in " \t\"'“‘(«":
        i -= 1
    return i < 0 or norm[i] in ".!?\n:;"


def _ar_relative_ok(norm: str, ns: int, ne: int, word: str) -> bool:
    """Reject اليوم/الليلة etc. where they are not the publication day."""
    follow = _NEXT_WORD_RE.match(norm, ne)
    if follow and follow.group(1) in _AR_REL_BAD_FOLLOW:
        return False
    first = word.split(" ")[0]
    if first in ("قبل", "بعد") and follow and follow.group(1) in ("من", "علي"):
        return False  # قبل يومين من الانتخابات: relative to something else
    if _QUOTE_AFTER_RE.match(norm, ne):
        return False  # «روسيا اليوم»: a medium's name
    prev = _prev_words(norm, ns, 2)
    if prev and (prev[0] in _AR_REL_BAD_PREV or _strip_ar(prev[0]) in _AR_REL_BAD_PREV_STEMS):
        return False
    if len(prev) > 1 and _strip_ar(prev[1]) in _AR_MEDIA_STEMS:
        return False
    if prev and prev[0] == "في" and norm[ns:ne].startswith("ال"):
        # في اليوم: "per day" or a day named later, unless a weekday follows
        nxt = norm[ne:ne + 12]
        if not re.match(r"[^\S\n]+(?:ال)?(?:اثنين|ثلاثاء|اربعاء|خميس|جمعه|سبت|احد)", nxt):
            return False
    return True


_SINCE_WORDS = frozenset({"since", "from", "منذ"})
_UNTIL_WORDS = frozenset({"until", "till", "by", "before", "حتي", "لغايه", "غايه", "قبل", "بحلول"})


def _relation(norm: str, ns: int, precision: Precision) -> Relation:
    prev = _prev_words(norm, ns, 1)
    if not prev:
        return "at"
    w = prev[0].lower()
    if w in _SINCE_WORDS or (w == "من" and precision in ("month", "year")):
        return "since"
    if w in _UNTIL_WORDS:
        return "until"
    if len(w) > 3 and w[0] in "وف" and w[1:] in _SINCE_WORDS | _UNTIL_WORDS:
        return "since" if w[1:] in _SINCE_WORDS else "until"
    return "at"


def _chains(norm: str, atoms: list[_Atom]) -> list[list[_Atom]]:
    """Group atoms that form one expression (`اليوم الإثنين`, `Saturday, 17 January`)."""
    chainable = ("rel", "wd")
    out: list[list[_Atom]] = []
    cur: list[_Atom] = []
    for a in atoms:
        joinable = a.kind in chainable or (a.kind == "abs" and a.precision == "day")
        if (
            cur and joinable
            and norm[a.ns] != "و"  # `17 يناير وأمس`: "and yesterday" is another date
            and all(x.kind != a.kind for x in cur)
            and (cur[-1].kind in chainable or cur[-1].precision == "day")
            and _GAP_RE.fullmatch(norm, cur[-1].ne, a.ns) is not None
        ):
            cur.append(a)
            continue
        if cur:
            out.append(cur)
        cur = [a]
    if cur:
        out.append(cur)
    return out


def _weekday_date(wd: int, direction: int, published: date) -> date:
    if direction < 0:
        back = (published.weekday() - wd) % 7 or 7
        return published - timedelta(days=back)
    if direction > 0:
        fwd = (wd - published.weekday()) % 7 or 7
        return published + timedelta(days=fwd)
    return published - timedelta(days=(published.weekday() - wd) % 7)


def _period_date(prec: Precision, offset: int, published: date) -> date | None:
    if prec == "week":
        monday = published - timedelta(days=published.weekday())
        return monday + timedelta(weeks=offset)
    if prec == "month":
        idx = published.year * 12 + published.month - 1 + offset
        return _safe_date(idx // 12, idx % 12 + 1, 1)
    return _safe_date(published.year + offset, 1, 1)


def _resolve(chain: list[_Atom], published: date | None) -> tuple[date | None, Precision,
                                                                   MentionKind] | None:
    """Date, precision and kind of a chain, or None when it must be dropped."""
    by_kind = {a.kind: a for a in chain}
    ab, wd, rel, per = (by_kind.get(k) for k in ("abs", "wd", "rel", "period"))
    if ab is not None:
        d = ab.date
        if d is None and ab.year_mode and published is not None:
            d = _infer_year(ab.month, ab.day, published, ab.year_mode)
        if d is not None:
            return d, ab.precision, "absolute"
        if wd is None and rel is None:
            return None  # no year and nothing to resolve it with: not a date
    if wd is not None:
        if published is None:
            return None, "day", "weekday"
        if rel is not None:
            anchor = published + timedelta(days=rel.offset)
            delta = (wd.weekday - anchor.weekday()) % 7
            if delta > 3:
                delta -= 7
            return anchor + timedelta(days=delta), "day", "weekday"
        return _weekday_date(wd.weekday, wd.direction, published), "day", "weekday"
    if rel is not None:
        if published is None:
            return None, "day", "relative"
        return published + timedelta(days=rel.offset), "day", "relative"
    if per is not None:
        if published is None:
            return None, per.precision, "relative"
        return _period_date(per.precision, per.offset, published), per.precision, "relative"
    return None  # pragma: no cover


def find_dates(text: str, lang: str, published: date | None, cues: DateCues,
               start: int = 0, end: int | None = None) -> list[DateMention]:
    """Every date expression in `text[start:end]`, in text order.

    `lang` is "ar" or "en" (Arabic text is also searched for numeric dates;
    any other value searches with both grammars). Offsets are into `text`.
    Relative and weekday mentions get `date=None` without `published`;
    absolute day/month mentions without a year are dropped without it.
    See the module docstring for the forms and the resolution rules.
    """
    n = len(text)
    stop = n if end is None else end
    if not 0 <= start <= stop <= n:
        raise ValueError(f"bad range [{start}, {end}) for a text of {n} characters")
    seg = text[start:stop]
    if not seg:
        return []
    fd = _Folded(seg)
    norm = fd.norm
    atoms = _scan(norm, lang, cues._rx)
    out: list[DateMention] = []
    for chain in _chains(norm, atoms):
        res = _resolve(chain, published)
        if res is None:
            continue
        d, prec, kind = res
        ns, ne = chain[0].ns, chain[-1].ne
        os_, oe = fd.span(ns, ne)
        out.append(DateMention(
            start=start + os_, end=start + oe, date=d, precision=prec, kind=kind,
            text=seg[os_:oe], relation=_relation(norm, ns, prec),
        ))
    return out


# --------------------------------------------------------------------------
# Publication date
# --------------------------------------------------------------------------

_ISO_RE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?"
)


def parse_published(value: object) -> date | None:
    """A publication date given as metadata, strictly.

    Accepts a `date`, a `datetime` (its own calendar date, no time-zone
    conversion), or an ISO 8601 string `YYYY-MM-DD`, optionally followed by
    `T` or a space and `HH:MM[:SS[.fff]]` and `Z` or `±HH[:MM]` (surrounding
    spaces are ignored). The date is the one written, as the publisher's
    local date: `2026-01-17T00:30+03:00` is 17 January. Anything else (other
    formats, numbers, booleans, impossible dates, years outside 1900..2100)
    gives None.
    """
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value if MIN_YEAR <= value.year <= MAX_YEAR else None
    if not isinstance(value, str):
        return None
    m = _ISO_RE.fullmatch(value.strip())
    if not m:
        return None
    if m.group(4) is not None:
        hh, mm, ss = int(m.group(4)), int(m.group(5)), int(m.group(6) or 0)
        if hh > 23 or mm > 59 or ss > 59:
            return None
    return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))


_HEAD_CHARS = 600
# What may stand between a cue and its date: one space, mark or small word at a
# time (no nested quantifiers: they backtrack exponentially on runs of spaces).
_CUE_TAIL = r"(?:[^\S\n]|[:|\-–—]|(?i:on|at|في|يوم)(?![^\W\d_]))*$"
_PUBLISHED_CUE_RE = re.compile(
    r"(?<![^\W\d_])(?i:(?:first\s+)?published|posted|publication\s+date|date|dated|released|"
    + "|".join(fold(w) for w in ("تاريخ النشر", "نشر", "نشرت", "بتاريخ", "تاريخ")) + r")"
    + _CUE_TAIL
)
_UPDATED_CUE_RE = re.compile(
    r"(?<![^\W\d_])(?i:(?:last\s+)?updated?|"
    + "|".join(fold(w) for w in ("آخر تحديث", "تحديث", "محدث")) + r")"
    + _CUE_TAIL
)
# CITY, Country (Agency) - : the start of an English dateline
_DATELINE_RE = re.compile(
    r"^[^\S\n]*[A-Z][A-Z.'\- ]{1,40}(?:,[^\S\n]*[A-Z][A-Za-z.'\- ]{0,30})?"
    r"(?:[^\S\n]*\([^()\n]{0,30}\))?[^\S\n]*[,:\-–—]?[^\S\n]*$"
)
_CLOCK_RE = re.compile(
    r"\d{1,2}:\d{2}(?::\d{2})?|[+-]\d{2}:?\d{2}|(?i:\b(?:[ap]\.?m\.?|gmt|utc|local|time)\b)|"
    + r"(?<![^\W\d_])(?:" + "|".join(fold(w) for w in (
        "صباحا", "صباحاً", "مساء", "مساءا", "ص", "م", "بتوقيت", "غرينتش", "مكة", "نشر",
        "في", "تاريخ", "آخر", "تحديث")) + r")(?![^\W\d_])"
    + r"|(?i:\b(?:published|posted|updated|update|last|date|on|at)\b)"
)
_WORD_RE = re.compile(r"[^\W\d_]+")
_URL_DATE_RES = (
    re.compile(r"/((?:19|20)\d\d)/(\d{1,2})/(\d{1,2})(?=/|$)"),
    re.compile(r"/((?:19|20)\d\d)[-_](\d{2})[-_](\d{2})(?!\d)"),
    re.compile(r"(?:^|[/_\-])((?:19|20)\d\d)(\d{2})(\d{2})(?=$|[/_.\-])"),
)


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for ln in text.split("\n"):
        out.append((pos, pos + len(ln)))
        pos += len(ln) + 1
    return out


def _date_from_url(url: str | None) -> date | None:
    if not url:
        return None
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    for rx in _URL_DATE_RES:
        for m in rx.finditer(path):
            d = _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if d is not None:
                return d
    return None


def find_published(text: str, url: str | None,
                   cues: DateCues) -> tuple[date, Literal["page", "url"]] | None:
    """The publication date a page prints near its head, else the one in its URL.

    Only full dates (day, month and year) count. In the head of the page (the
    first 600 characters, completed to the end of the line) we take, in order:
      1. a date right after a publication cue on its line (`Published:`,
         `Posted`, `date`, `نشر في`, `بتاريخ`, `تاريخ النشر`); failing that one
         after an update cue (`Updated`, `آخر تحديث`);
      2. a date right after an English dateline (`ALGIERS, Aug 25, 2021:`); a
         dateline without a year gives nothing;
      3. a line that holds nothing but a date (with a weekday, a time, `GMT`,
         `صباحًا`): the last such line before the first paragraph (a line of
         120+ characters), else the first one. A **masthead clock** is skipped:
         a line with a Hijri date (`1 رمضان 1447 هـ`), or one with a weekday
         among the first three lines of the page followed by menu-like short
         lines. Those print the day the page was fetched, not the day the
         story was published.
    Else a full date in the URL path (`/2023/12/23/`, `/2024-05-27-slug`,
    `/20240527/`, `-20240527-0001.html`) gives source "url"; a URL with only
    a year and month gives nothing. No cross-check against any clock is
    made: the page's own date is returned as printed.
    """
    cut = text.find("\n", _HEAD_CHARS)
    head = text[:cut] if 0 <= cut < _HEAD_CHARS + 200 else text[:_HEAD_CHARS]
    mentions = [m for m in find_dates(head, "und", None, cues)
                if m.date is not None and m.precision == "day" and m.kind == "absolute"]
    if mentions:
        found = _published_from_head(head, mentions, cues)
        if found is not None:
            return found, "page"
    d = _date_from_url(url)
    return (d, "url") if d is not None else None


def _published_from_head(head: str, mentions: list[DateMention], cues: DateCues) -> date | None:
    lines = _lines(head)

    def line_of(pos: int) -> int:
        return next(i for i, (s, e) in enumerate(lines) if s <= pos <= e)

    # 1. cue on the same line, just before the date
    for cue_rx in (_PUBLISHED_CUE_RE, _UPDATED_CUE_RE):
        for m in mentions:
            ls = lines[line_of(m.start)][0]
            before = fold(head[max(ls, m.start - 40):m.start])
            if cue_rx.search(before):
                return m.date
    # 2. English dateline
    for m in mentions:
        ls, le = lines[line_of(m.start)]
        if _DATELINE_RE.match(head[ls:m.start]) and re.match(r"[^\S\n]*[:\-–—(]", head[m.end:le]):
            return m.date
    # 3. date-only lines
    nonempty = [i for i, (s, e) in enumerate(lines) if head[s:e].strip()]
    body = next((i for i in nonempty if len(head[lines[i][0]:lines[i][1]].strip()) >= 120), None)
    date_lines: list[tuple[int, date]] = []
    for i in nonempty:
        s, e = lines[i]
        on_line = [m for m in mentions if s <= m.start and m.end <= e]
        if not on_line:
            continue
        rest = head[s:e]
        for m in reversed(on_line):
            rest = rest[:m.start - s] + " " + rest[m.end - s:]
        # "November 3, 2025 6:42 PM GMT+1 · Updated 3 hours ago": what follows a
        # separator after a line-opening date is another field of the byline
        if not head[s:on_line[0].start].strip():
            rest = re.split(r"[·|•]| - ", rest, maxsplit=1)[0]
        rest = re.sub(r"\b(?:GMT|UTC)[+-]?\d{0,2}\b", " ", rest)
        rest = _CLOCK_RE.sub(" ", fold(rest))
        words = [w for w in _WORD_RE.findall(rest) if not _is_weekday(w, cues)]
        if len(words) > 1:
            continue
        if _is_masthead(head, lines, nonempty, i, cues):
            continue
        assert on_line[0].date is not None
        date_lines.append((i, on_line[0].date))
    if not date_lines:
        return None
    if body is not None:
        above = [d for i, d in date_lines if i < body]
        if above:
            return above[-1]
    return date_lines[0][1]


def _is_weekday(word: str, cues: DateCues) -> bool:
    rx = cues._rx
    if word.lower() in rx.en_weekday:
        return True
    kv = rx.ar_body.get(_strip_ar(word))
    return kv is not None and kv[0] == "weekday"


def _is_masthead(head: str, lines: list[tuple[int, int]], nonempty: list[int], i: int,
                 cues: DateCues) -> bool:
    s, e = lines[i]
    line = fold(head[s:e])
    if _HIJRI_RE.search(line):
        return True
    if i not in nonempty[:3]:
        return False
    if not any(_is_weekday(w, cues) for w in _WORD_RE.findall(line)):
        return False
    after = [head[lines[j][0]:lines[j][1]].strip() for j in nonempty if j > i][:3]
    return sum(1 for a in after if len(a) < 40) >= 2


# --------------------------------------------------------------------------
# The event's date
# --------------------------------------------------------------------------


def _period_bounds(m: DateMention) -> tuple[date, date]:
    assert m.date is not None
    d = m.date
    if m.precision == "week":
        return d, d + timedelta(days=6)
    if m.precision == "month":
        return d, d.replace(day=monthrange(d.year, d.month)[1])
    if m.precision == "year":
        return d, d.replace(month=12, day=31)
    return d, d


def event_date(sentence: Sequence[DateMention], context: Sequence[DateMention],
               published: date | None) -> EventDate:
    """When the event of a sentence happened, from the dates around it.

    Mentions without a date are skipped. In order, the first mention that
    qualifies wins:
      1. a day in the sentence, relation "at"; then a day in the sentence
         with relation "since"/"until" (`fighting since Saturday`);
      2. a week, month or year in the sentence, relation "at", that is
         *recent*: it ends before `published` and less than a year before it
         (`last week`, `الشهر الماضي`, `last year`, `December 2025`). A period
         that contains `published` (`this week`, `عام 2026`) says less than
         the publication date and is skipped;
      3. a day in `context` (relation "at", then "since"/"until");
      4. `published`, as `EventDate(published, "day", "published")`;
      5. without `published` only: a week, month or year with relation "at"
         in the sentence, then in the context;
      6. `EventDate.unknown()`.
    So a year or month alone never beats a day, and an older one
    (`formed in 2014`, `منذ 2014`, `عام 1984` in a history clause) never
    beats the context or the publication date: in a news article such
    clauses are background to the event being reported. A "since"/"until"
    year or month is never used. Future dates (`غدا`, `next Monday`) are
    kept; whether the event happened is the coder's call (modifiers).
    """
    def usable(ms: Sequence[DateMention], day: bool, relations: tuple[Relation, ...]
               ) -> DateMention | None:
        for m in ms:
            if m.date is None or m.relation not in relations:
                continue
            if (m.precision == "day") == day:
                return m
        return None

    def as_text(m: DateMention) -> EventDate:
        assert m.date is not None
        return EventDate(m.date, m.precision, "text")

    point: tuple[Relation, ...] = ("at",)
    bounds: tuple[Relation, ...] = ("since", "until")
    for rels in (point, bounds):
        hit = usable(sentence, True, rels)
        if hit is not None:
            return as_text(hit)
    if published is not None:
        for m in sentence:
            if m.date is None or m.precision == "day" or m.relation != "at":
                continue
            _, last = _period_bounds(m)
            if last < published and (published - last).days <= 365:
                return as_text(m)
    for rels in (point, bounds):
        hit = usable(context, True, rels)
        if hit is not None:
            return as_text(hit)
    if published is not None:
        return EventDate(published, "day", "published")
    for ms in (sentence, context):
        hit = usable(ms, False, point)
        if hit is not None:
            return as_text(hit)
    return EventDate.unknown()
