"""Who is named in a sentence: actor mentions built from dictionary matches.

A mention is a phrase headed by a named actor, a role or a country, with
the country it belongs to resolved from the phrase itself:

- a title before a name: `Foreign Minister Ramtane Lamamra`,
  `الفريق أول ركن صدام حفتر` (an unknown English name after a title is taken
  from its capitalised words);
- a role qualified by a demonym or a country: `the French president`,
  `Iraqi security forces`, `Algeria's foreign ministry`, `الرئيس الفرنسي`,
  `القوات المسلحة الليبية`, `سفير المملكة المتحدة`, `the President of France`;
- a genitive chain: `المبعوث الخاص للرئيس الفرنسي` (the French president's
  envoy is French);
- a country, capital or seat of government standing alone, as long as no
  location word puts it in the role of a place (`in Paris`, `في باريس`): a
  place name alone is not an actor.

A role with no country in its phrase takes the country of an earlier
mention of the same role in the article (`نائب القائد العام` after
`نائب القائد العام ... صدام حفتر`), else of the article's home country for
domestic roles (police, protesters, army) when the page establishes one.
News agencies and unnamed sources are never actors.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from events.lexicon import CountryForm, NamedActor, Role
from events.matcher import Match

ENTITY_KINDS = frozenset({"actor", "role", "country", "place", "media"})

_SPACE_ONLY = re.compile(r"^[\s]*$")
_EN_POSSESSIVE = re.compile(r"^\s*['’]s?\s*$")
_EN_OF = re.compile(r"^\s*(?:of|of the|for|for the)\s*$", re.IGNORECASE)
_COMMA = re.compile(r"^\s*[,،]\s*$")
_EN_NAME = re.compile(r"\s*((?:(?:al-|el-|bin |ben |Abu |abu |de |van |von )?[A-Z][\w'’\-]+\s?){1,4})")
_EN_NAME_STOP = frozenset(
    "The A An On In At And But Said Says Told Tuesday Monday Wednesday Thursday Friday "
    "Saturday Sunday January February March April May June July August September October "
    "November December".split()
)
_AR_NAME_WORD = re.compile(r"\s*([\u0621-\u064a]{2,})")
_AR_NAME_STOP = frozenset(
    "في على إلى الى من عن مع أن إن ان الذي التي الذين قد لم لن و ثم حيث خلال عند بعد قبل "
    "اليوم أمس امس يوم صباح مساء".split()
)
_AR_ADJ = re.compile(r"^\s*(?:ال[\u0621-\u064a]{2,}\s*){0,2}$")
_DOMESTIC = frozenset({"COP", "CVL", "MIL", "JUD", "LEG", "OPP", "REB", "INS", "CRM", "UAF",
                       "EDU", "HLH", "REF", "LAB", "BUS", "MED", "REL", "SPY"})


@dataclass(frozen=True, slots=True)
class Mention:
    """An actor phrase in the text, with what is known of it."""

    start: int
    end: int
    name: str
    country: str | None
    type: str | None
    #: named-actor id, role form, or country code that heads the phrase
    key: str
    #: "named", "role", "country" (a country/capital/seat as actor), "place"
    head: str
    #: clitic/preposition context just before the mention (folded), for grammar
    prefix: str = ""
    #: the country was inferred from context, not the phrase
    inferred: bool = False
    #: the head is a seat or capital (metonym) rather than a role or name
    metonym: bool = False
    #: a location word governs it (`in X`, `في X`)
    located: bool = False
    #: the mention is a group/collective (protesters, police)
    group: bool = False


def _payload(m: Match) -> object:
    return m.entry.payload


def build_mentions(text: str, matches: Sequence[Match], functions: Sequence[Match],
                   start: int, end: int, lang: str) -> list[Mention]:
    """Actor and place mentions in text[start:end], left to right.

    `matches` are the article's resolved entity matches (leftmost-longest
    over ENTITY_KINDS) and `functions` its function-word matches.
    """
    ms = [m for m in matches if start <= m.start and m.end <= end]
    out: list[Mention] = []
    i = 0
    while i < len(ms):
        m = ms[i]
        p = _payload(m)
        if m.kind == "media":
            i += 1
            continue
        if m.kind == "place":
            out.append(Mention(m.start, m.end, text[m.start:m.end], p.iso3, None,  # type: ignore[attr-defined]
                               "place", "place", m.prefix, located=True))
            i += 1
            continue
        mention, used = _phrase(text, ms, i, end, lang)
        if mention is not None:
            out.append(mention)
        i += max(used, 1)
    fs = [f for f in functions if start <= f.start and f.end <= end]
    return [_mark_located(text, m, fs, lang, start) for m in out]


def _gap(text: str, a: Match | int, b: Match) -> str:
    s = a if isinstance(a, int) else a.end
    return text[s:b.start]


def _phrase(text: str, ms: Sequence[Match], i: int, end: int, lang: str) -> tuple[Mention | None, int]:
    """Build the mention that starts at ms[i]; return it and how many matches it used."""
    m = ms[i]
    p = _payload(m)
    nxt = ms[i + 1] if i + 1 < len(ms) else None
    nxt2 = ms[i + 2] if i + 2 < len(ms) else None

    # English: [country/demonym]['s] + role/named actor
    if lang == "en" and m.kind == "country" and nxt is not None and nxt.kind in ("role", "actor"):
        g = _gap(text, m, nxt)
        if _SPACE_ONLY.match(g) or _EN_POSSESSIVE.match(g):
            head, used = _phrase(text, ms, i + 1, end, lang)
            if head is not None and isinstance(p, CountryForm):
                country = head.country if head.head == "named" and head.country else p.iso3
                return replace(head, start=m.start, name=text[m.start:head.end],
                               country=country, inferred=False), used + 1

    if m.kind == "actor" and isinstance(p, NamedActor):
        mention = Mention(m.start, m.end, text[m.start:m.end], p.country, p.type, p.id,
                          "named", m.prefix)
        return mention, 1

    if m.kind == "role" and isinstance(p, Role):
        mention = Mention(m.start, m.end, text[m.start:m.end], None, p.type, m.entry.form,
                          "role", m.prefix, group=p.kind == "group")
        used = 1
        # title + named actor → the named actor, with the title in its name
        if nxt is not None and nxt.kind == "actor" and _title_gap(text, m, nxt):
            named = _payload(nxt)
            assert isinstance(named, NamedActor)
            return Mention(m.start, nxt.end, text[m.start:nxt.end], named.country, named.type,
                           named.id, "named", m.prefix), 2
        # role + rank/role + named actor ("Army chief General X")
        if (nxt is not None and nxt2 is not None and nxt.kind == "role" and nxt2.kind == "actor"
                and _title_gap(text, m, nxt) and _title_gap(text, nxt, nxt2)):
            named = _payload(nxt2)
            assert isinstance(named, NamedActor)
            return Mention(m.start, nxt2.end, text[m.start:nxt2.end], named.country,
                           named.type, named.id, "named", m.prefix), 3
        # role + demonym / country (+ adjectives between, Arabic); role of country (English)
        j = i + 1
        while j < len(ms):
            q = ms[j]
            g = _gap(text, ms[j - 1], q)
            qp = _payload(q)
            if q.kind == "country" and isinstance(qp, CountryForm) and not qp.ambiguous:
                attach = (_SPACE_ONLY.match(g) is not None
                          or (lang == "ar" and _AR_ADJ.match(g) is not None)
                          or (lang == "en" and _EN_OF.match(g) is not None))
                # "لدى ليبيا" / "to Libya" is the posting, not the nationality
                if attach and not q.prefix.endswith("ل") and qp.kind in ("demonym", "name", "seat"):
                    mention = replace(mention, end=q.end, name=text[mention.start:q.end],
                                      country=qp.iso3)
                    used = j - i + 1
                    break
                if attach and lang == "ar" and q.prefix.endswith("ل") and qp.kind == "demonym":
                    mention = replace(mention, end=q.end, name=text[mention.start:q.end],
                                      country=qp.iso3)
                    used = j - i + 1
                    break
                break
            if q.kind == "role" and lang == "ar" and (q.prefix.endswith("ل") or q.prefix == "") \
                    and (_SPACE_ONLY.match(g) or _AR_ADJ.match(g)):
                # genitive chain: رئيس الأركان الخاص لرئيس الجمهورية الفرنسية
                j += 1
                continue
            if q.kind == "role" and lang == "en" and _EN_OF.match(g):
                j += 1
                continue
            break
        # an unknown name after a title
        if p.kind == "title":
            stop = ms[i + used].start if i + used < len(ms) else end
            name_end = _name_after(text, mention.end, stop, lang)
            if name_end > mention.end:
                mention = replace(mention, end=name_end, name=text[mention.start:name_end])
        return mention, used

    if m.kind == "country" and isinstance(p, CountryForm):
        if p.ambiguous or p.kind == "demonym":
            # a demonym alone qualifies a noun we don't know ("the French role")
            return None, 1
        return Mention(m.start, m.end, text[m.start:m.end], p.iso3, "GOV", p.iso3, "country",
                       m.prefix, metonym=p.kind in ("capital", "seat")), 1
    return None, 1


def _title_gap(text: str, a: Match, b: Match) -> bool:
    g = _gap(text, a, b)
    return bool(_SPACE_ONLY.match(g) or _COMMA.match(g))


def _name_after(text: str, s: int, stop: int, lang: str) -> int:
    """End of a personal name right after a title, or `s` if none."""
    if lang == "en":
        m = _EN_NAME.match(text, s, stop)
        if not m:
            return s
        words = m.group(1).split()
        kept = []
        for w in words:
            if w.strip(",.") in _EN_NAME_STOP:
                break
            kept.append(w)
        if not kept:
            return s
        # end of the last kept word
        idx = text.find(kept[-1], s)
        return idx + len(kept[-1]) if idx >= 0 else s
    # Arabic: a name is one to three words that are not function words
    pos, n = s, 0
    while n < 3:
        m = _AR_NAME_WORD.match(text, pos, stop)
        if not m or m.group(1) in _AR_NAME_STOP or m.group(1).startswith("و") and n > 0:
            break
        pos, n = m.end(), n + 1
    return pos if n >= 2 else s


_LOC_PREFIX = frozenset({"ب", "وب", "فب"})


def _mark_located(text: str, m: Mention, fs: Sequence[Match], lang: str, start: int) -> Mention:
    """Set `located` when a location word governs the mention."""
    if m.head == "place":
        return m
    if lang == "ar" and m.prefix in _LOC_PREFIX and m.head == "country":
        return replace(m, located=True)
    for f in fs:
        if f.kind != "function" or getattr(f.entry.payload, "kind", "") != "location":
            continue
        if f.end <= m.start and m.start - f.end <= 2 and f.start >= start:
            if m.head == "country" or (lang == "en" and text[f.start:f.end].lower() in ("in", "at")):
                return replace(m, located=True)
    if lang == "en" and m.head == "country":
        before = text[max(start, m.start - 12):m.start].lower()
        if re.search(r"\b(in|at|to|from|near|into|across|of)\s+(the\s+)?$", before):
            return replace(m, located=True)
    return m


def domestic(type_: str | None) -> bool:
    """Is this an agent type whose country is usually the story's own?"""
    return type_ in _DOMESTIC
