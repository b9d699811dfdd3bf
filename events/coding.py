"""Code the events of one article: cues, actors, direction, date, place, topics.

The coder reads only body sentences (see `events.clean`). In each sentence
it finds event cues (verbs and verbal nouns of `event_cues.tsv`) and, for
each cue, the actors that play its two roles:

- **actor1**, who acts. English is subject-first: the nearest actor before
  the cue in its clause. Arabic verbs are usually verb-first: the first
  actor after the verb not governed by a preposition, unless an actor
  stands before the verb in its clause (subject-first). A verb with no
  subject of its own (`وبحث معه`, `and discussed`) continues the subject of
  the previous event of the article.
- **actor2**, the target: the first actor after the cue introduced the way
  the cue says (`with`, `on`, `مع`, `على`, or as direct object).
- Passive cues swap the roles (`X was attacked by Y`); `between X and Y`
  gives both actors of a meeting or a clash; a reception (`X received Y`)
  is CAMEO's 043 with the host as actor1; a call or an invitation received
  (`X received a call from Y`, `تلقى X اتصالا من Y`) is Y's act.

Deliberate non-events: a cue governed by a negation (`did not meet`, `لم
يلتق`), a future or hypothetical (`is expected to visit`, `من المقرر أن
يزور`, `could`), a call for it (`called for talks`), or a denial (`denied
attacking`) produces no row; nor does a cue whose actor1 is unknown, a
statement (root 01) with no target, an event whose date the text places
more than a year before publication (background history), or an event
whose two actors are the same. Repeats of one happening (same root, same
pair of actors) collapse into one row with `mentions` counting them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from events.actors import ENTITY_KINDS, Mention, build_mentions, definite_forms, domestic
from events.clean import Page, clean_page
from events.dates import DateMention, event_date, find_dates
from events.language import detect_language
from events.lexicon import CountryForm, Cue, Lexicon, Tag
from events.matcher import Entry, Match, resolve_longest, search
from events.model import ActorRef, Article, CodedEvent, EventDate, Span
from events.normalize import fold_form
from events.sentences import Sentence, split_sentences

#: bump when a change in the coder's logic can change its output
CODER_VERSION = "0.1.0"

_CLAUSE_BREAK = re.compile(r"[;؛]|،\s*(?=و)|,\s*(?:while|whereas|but)\b")
_AND_BEFORE = re.compile(r"(?:\band|\bthen|,)\s*$", re.IGNORECASE)
_MODIFIER_WINDOW = {"en": 28, "ar": 22}
_VISIT_ROOT_CODES = frozenset({"042", "043", "044"})
_FORCE_ROOTS = frozenset({"17", "18", "19", "20"})
#: attacks whose agent a claim of responsibility can supply, and how far apart (sentences)
_CLAIMABLE_ROOTS = frozenset({"18", "19"})
_CLAIM_REACH = 3
#: acts two parties do together: "X and Y met / signed / held drills"
_JOINT_ROOTS = frozenset({"03", "04", "05", "06"})
_JOINT_CODES = frozenset({"190"})
#: acts whose two sides `between X and Y` names: talks, deals, clashes
_BETWEEN_ROOTS = frozenset({"03", "04", "05", "06", "18", "19"})
#: verbal reactions whose object may be another act: praise, demand, disapprove, reject
_REACTION_ROOTS = frozenset({"05", "10", "11", "12"})
_BY = frozenset(fold_form(w) for w in ("by", "من قبل", "على يد", "على أيدي", "بواسطة"))
_BETWEEN = frozenset({"between", "بين"})
_FROM = frozenset(fold_form(w) for w in ("from", "من"))
#: location prepositions that open a time frame when a verbal noun follows (`in talks with`)
_FRAME_LOCATION = frozenset(fold_form(w) for w in ("in", "at", "في"))
_COMMA = re.compile(r"[,،]")


@dataclass(frozen=True, slots=True)
class CodedArticle:
    """What the coder found in one article."""

    language: str
    events: tuple[CodedEvent, ...]
    page: Page | None = None
    sentences: tuple[Sentence, ...] = ()


@dataclass(frozen=True, slots=True)
class _Act:
    """An attack the text reports without its agent, waiting for a claim of responsibility."""

    code: str
    target: Mention
    sent: Sentence
    cue: Match
    mentions: Sequence[Mention]
    clause: tuple[int, int]
    when: EventDate


@dataclass(slots=True)
class _Context:
    """Per-article state threaded through the sentences."""

    text: str
    lang: str
    published: date | None
    lex: Lexicon
    functions: list[Match]
    modifiers: list[Match]
    topics: list[Match]
    home: str | None
    lead_dates: list[DateMention]
    role_country: dict[str, str]
    #: national adjectives of the body (`Turkish`, `الأميركية`), for act agents
    demonyms: list[Match] = field(default_factory=list)
    #: every event cue of the body, so grammar never reaches across one
    cue_spans: list[Match] = field(default_factory=list)
    #: (code, actor1) of the events coded so far, for reactions to them
    coded: list[tuple[str, Mention]] = field(default_factory=list)
    #: other nations that did the act just coded with its actor1 (`غارات أميركية بريطانية`)
    allies: tuple[str, ...] = ()
    #: the body reports violence; casualty-report words (`casualty` function words)
    violent: bool = False
    casualty: _Window | None = None
    #: the story's topics, computed on first use
    story_topics: tuple[str, ...] | None = None
    #: the page, and every located mention of the body (for paragraph places)
    page: Page | None = None
    located: list[Mention] = field(default_factory=list)
    last_actor1: Mention | None = None
    #: acts of force whose agent the text has not named yet, and who claimed one
    agentless: list[_Act] = field(default_factory=list)
    claims: list[tuple[Sentence, Mention]] = field(default_factory=list)
    #: countries of the armed groups the body names (`al-Shabaab`: SOM), for bare `militants`
    armed: frozenset[str] = frozenset()
    #: (place name, country) of the page's dateline, the fallback location
    dateline: tuple[str, str] | None = None


def code_article(article: Article, lex: Lexicon) -> CodedArticle:
    """Every event of `article`, one per happening."""
    # Zero-width and bidi marks become spaces for the rules (one character for
    # one, so every offset still points into the article's own text): a mark
    # after a full stop or inside a phrase must not hide an event.
    text = _INVISIBLE.sub(" ", article.text)
    lang = detect_language(text)
    if lang not in ("ar", "en"):
        return CodedArticle(lang, ())
    matches = definite_forms(text, search(lex.matcher, text))
    page = clean_page(text, lang, [m for m in matches if m.kind == "boilerplate"])
    sentences = split_sentences(text, page.body)
    if not sentences:
        return CodedArticle(lang, (), page, ())
    in_body = [m for m in matches if page.in_body(m.start, m.end)]
    in_body += _aliases(text, in_body, page)
    in_body = _anaphors(text, in_body, lang)
    in_body = _kingdom(text, in_body, lex.kingdoms)
    entities = resolve_longest(in_body, ENTITY_KINDS)
    # a cue inside a name is no cue (`فيصل` is not ف + يصل)
    names = _Window([m for m in entities if m.kind in ("actor", "country", "place", "media")])
    cues = [c for c in resolve_longest([m for m in in_body if m.kind == "cue"])
            if not names.overlaps(c.start, c.end) and _cue_position_ok(text, c)]
    functions = [m for m in in_body if m.kind in ("function", "given")]
    # an entity that is a function word in disguise never hides a cue
    ctx = _Context(
        text=text, lang=lang, published=article.published, lex=lex,
        functions=functions,
        modifiers=[m for m in in_body if m.kind == "modifier"],
        topics=resolve_longest([m for m in in_body if m.kind == "topic"]),
        home=None, lead_dates=[], role_country={},
    )
    first = sentences[0]
    ctx.lead_dates = [d for d in find_dates(text, lang, article.published, lex.date_cues,
                                            first.start, first.end) if d.date is not None]
    ctx.home = _home_country(text, entities, functions, page, lang)
    ctx.dateline = _dateline_place(text, matches, page)
    ctx.cue_spans = cues
    ctx.demonyms = _attributive(text, entities)
    ctx.violent = any(isinstance(c.entry.payload, Cue) and c.entry.payload.kind != "reference"
                      and c.entry.payload.code[:2] in _VIOLENT_ROOTS for c in cues)
    ctx.casualty = _Window([f for f in functions if _tag(f) == "casualty"])

    ctx.page = page
    # Every rule looks only inside the sentence it codes: cut each list to the
    # sentence once (bisect), so that coding time stays linear in the text.
    w_entities, w_functions = _Window(entities), _Window(functions)
    w_cues, w_modifiers = _Window(cues), _Window(ctx.modifiers)
    w_demonyms = _Window(ctx.demonyms)
    per_sentence = [build_mentions(text, w_entities.within(s.start, s.end),
                                   w_functions.within(s.start, s.end), s.start, s.end, lang)
                    for s in sentences]
    per_sentence = _surnames(text, sentences, per_sentence)
    ctx.located = [m for ms in per_sentence for m in ms if m.located]
    ctx.armed = frozenset(m.country for ms in per_sentence for m in ms
                          if m.head == "named" and m.type in _FACELESS | {"REB"} and m.country)
    found: list[CodedEvent] = []
    for sent, mentions in zip(sentences, per_sentence, strict=True):
        mentions = [_remember(ctx, m) for m in mentions]
        sent_cues = w_cues.within(sent.start, sent.end)
        ctx.functions = w_functions.within(sent.start, sent.end)
        ctx.modifiers = w_modifiers.within(sent.start, sent.end)
        ctx.cue_spans = sent_cues
        ctx.demonyms = w_demonyms.within(sent.start, sent.end)
        dates = [d for d in find_dates(text, lang, article.published, lex.date_cues,
                                       sent.start, sent.end) if d.date is not None]
        for k, cue in enumerate(sent_cues):
            ctx.allies = ()
            ev = _code_cue(ctx, sent, cue, sent_cues, k, mentions, dates)
            if ev is not None:
                found.append(ev)
                found.extend(_co_actors(ctx, ev, mentions, cue))
                found.extend(_allied(ev, ctx.allies))
                found.extend(_co_targets(ctx, ev, mentions))
        found.extend(_participants(ctx, sent, mentions, found))
        found.extend(_blamed(ctx, sent, mentions, dates))
        found.extend(_demanded(ctx, sent, mentions, dates))
        found = _unmasked(ctx, found)
        found.extend(_claimed(ctx))
    return CodedArticle(lang, tuple(_collapse(found)), page, tuple(sentences))


class _Window:
    """Matches sorted by start, cut to a span in logarithmic time."""

    def __init__(self, items: Sequence[Match]) -> None:
        self.items = sorted(items, key=lambda m: m.start)
        self.starts = [m.start for m in self.items]
        self.longest = max((m.end - m.start for m in self.items), default=0)

    def within(self, start: int, end: int) -> list[Match]:
        lo, hi = bisect_left(self.starts, start), bisect_left(self.starts, end)
        return [m for m in self.items[lo:hi] if m.end <= end]

    def overlaps(self, start: int, end: int) -> bool:
        lo = bisect_left(self.starts, start - self.longest)
        hi = bisect_left(self.starts, end)
        return any(m.start < end and start < m.end for m in self.items[lo:hi])


_ALIAS_MIN = 4
_INVISIBLE = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def _aliases(text: str, matches: Sequence[Match], page: Page) -> list[Match]:
    """Later bare surnames of named actors (`Türk` after `Volker Türk`).

    The last word of a named actor's matched form becomes an alias of that
    actor for the rest of the article, where no other match covers it.
    """
    named = [m for m in matches if m.kind == "actor"]
    if not named:
        return []
    taken = _Window([m for m in matches if m.kind in ENTITY_KINDS])
    out: list[Match] = []
    seen: set[str] = set()
    for m in named:
        words = text[m.start:m.end].split()
        if len(words) < 2:
            continue
        last = words[-1].strip(".,،")
        if len(last) < _ALIAS_MIN or last in seen or (last.isascii() and not last[:1].isupper()):
            continue
        seen.add(last)
        for hit in re.finditer(r"(?<![\w\-])(?:[وفبل]|وب|ول)?(" + re.escape(last) + r")(?![\w\-])",
                               text[m.end:]):
            s, e = m.end + hit.start(1), m.end + hit.end(1)
            if not page.in_body(s, e) or taken.overlaps(s, e):
                continue
            out.append(Match(s, e, -1, -1, m.entry, "", s))
    return out


#: what English `the group`, `the militia`, `the movement` may stand for
_ANAPHOR_TYPES = frozenset({"REB", "INS", "UAF", "PTY", "CRM"})


def _anaphors(text: str, matches: Sequence[Match], lang: str) -> list[Match]:
    """`الجماعة` after `جماعة الحوثي`, `the group` after `Hamas`, `the bloc` after
    `ECOWAS`: the same actor.

    An anaphor (`function_words.tsv`) stands for the last named actor before it
    that fits: in Arabic one whose name holds the noun itself (`الحزب` → `حزب
    الله`), in English a named armed group or party. It must stand alone: a
    following definite adjective makes another group (`الحزب الحاكم`). A role
    read on the same words gives way to it.
    """
    named = sorted((m for m in matches if m.kind == "actor"), key=lambda m: m.start)
    anaphors = [m for m in matches if m.kind == "function" and _tag(m) in ("anaphor", "bloc")]
    if not named or not anaphors:
        return list(matches)
    others = _Window([m for m in matches if m.kind in ("actor", "country", "place", "media")])
    found: list[Match] = []
    for a in anaphors:
        if others.overlaps(a.start, a.end):
            continue
        if lang == "ar":
            surface = fold_form(text[a.start:a.end])
            definite = _ar_definite(text, a)
            after = text[a.end:a.end + 12].split()
            if not definite or (after and fold_form(after[0]).startswith("ال")):
                continue
            noun = surface.removeprefix("ال")
            fits = [n for n in named if n.end <= a.start
                    and noun in fold_form(text[n.start:n.end]).split()]
        else:
            types = frozenset({"IGO"}) if _tag(a) == "bloc" else _ANAPHOR_TYPES
            fits = [n for n in named if n.end <= a.start
                    and getattr(n.entry.payload, "type", None) in types]
        if fits:
            found.append(Match(a.start, a.end, -1, -1, fits[-1].entry, a.prefix, a.wstart))
    if not found:
        return list(matches)
    taken = _Window(found)
    return [m for m in matches if not (m.kind == "role" and taken.overlaps(m.start, m.end))] + found


def _kingdom(text: str, matches: Sequence[Match], kingdoms: frozenset[str]) -> list[Match]:
    """`قيام المملكة باستدعاء سفيرها`, `the kingdom said`: the one kingdom the story names.

    A bare `المملكة` or `the kingdom` stands for the country it refers back
    to when the body names exactly one kingdom (`المغرب` for Morocco);
    otherwise it stays nothing.
    """
    refs = [m for m in matches if m.kind == "function" and _tag(m) == "kingdom"]
    if not refs:
        return list(matches)
    named = [m for m in matches if m.kind == "country" and isinstance(m.entry.payload, CountryForm)
             and not m.entry.payload.ambiguous and m.entry.payload.iso3 in kingdoms]
    if len({m.entry.payload.iso3 for m in named if isinstance(m.entry.payload, CountryForm)}) != 1:
        return list(matches)
    iso3 = next(iter({m.entry.payload.iso3 for m in named if isinstance(m.entry.payload, CountryForm)}))
    others = _Window([m for m in matches if m.kind in ("actor", "country", "place", "media", "role")])
    found = [Match(r.start, r.end, -1, -1,
                   Entry("country", r.entry.lang, r.entry.form, CountryForm(iso3, "name")),
                   r.prefix, r.wstart) for r in refs if not others.overlaps(r.start, r.end)]
    return list(matches) + found


def _surnames(text: str, sentences: Sequence[Sentence],
              per_sentence: list[list[Mention]]) -> list[list[Mention]]:
    """Later bare surnames of people the text introduced (`Bennani` after
    `Moroccan Energy Transition Minister Leila Bennani`, `المنصوري` after
    `سعيد راشد المنصوري، وزير الدولة`): the same actor, country and type.
    Dictionary actors get the same treatment from `_aliases`.
    """
    known: dict[str, Mention] = {}
    pattern: re.Pattern[str] | None = None
    out: list[list[Mention]] = []
    for sent, mentions in zip(sentences, per_sentence, strict=True):
        found = list(mentions)
        if pattern is not None:
            for hit in pattern.finditer(text, sent.start, sent.end):
                s, e = hit.start(1), hit.end(1)
                if not any(x.start < e and s < x.end for x in found):
                    found.append(replace(known[hit.group(1)], start=s, end=e, name=text[s:e],
                                         prefix="", located=False))
        found.sort(key=lambda x: x.start)
        out.append(found)
        for m in mentions:
            if m.has_name and m.country and m.head in ("role", "named"):
                # the name's last word, not the apposed title's (`سعيد المنصوري، وزير الدولة`)
                words = [w.strip(".,،") for w in text[m.start:m.name_end if m.name_end > 0
                                                      else m.end].split()]
                last = words[-1] if words else ""
                if len(last) >= _ALIAS_MIN and (not last.isascii() or last[:1].isupper()) \
                        and last not in known:
                    known[last] = m
                    pattern = re.compile(r"(?<![\w\-])(?:[وفبل])?(" + "|".join(
                        re.escape(k) for k in sorted(known, key=len, reverse=True)) + r")(?![\w\-])")
    return out


def _attributive(text: str, entities: Sequence[Match]) -> list[Match]:
    """Country words that may qualify an act: demonyms, and the parts of a hyphen compound.

    `Egyptian drills`; `Egypt-France drills`, `Sino-Russian drills`, `Indo-Maldives
    exercise`: a name or a combining form counts only joined by a hyphen to
    another country word, so `Indo-Pacific` and `Franco` alone stay nothing.
    """
    countries = [(m, m.entry.payload) for m in entities if isinstance(m.entry.payload, CountryForm)
                 and not m.entry.payload.ambiguous]
    out = []
    for i, (m, p) in enumerate(countries):
        if p.kind == "demonym":
            out.append(m)
            continue
        if p.kind not in ("name", "combining"):
            continue
        nxt = countries[i + 1][0] if i + 1 < len(countries) else None
        prev = countries[i - 1] if i else None
        joined_next = nxt is not None and text[m.end:nxt.start] == "-"
        joined_prev = prev is not None and text[prev[0].end:m.start] == "-" and prev[1].kind != "capital"
        if joined_next or (joined_prev and p.kind == "name"):
            out.append(m)
    return out


def _dateline_place(text: str, matches: Sequence[Match], page: Page) -> tuple[str, str] | None:
    """The place a dateline names (`ALGIERS, Aug 25:` → Algiers, DZA)."""
    d = page.dateline
    if d is None:
        return None
    for m in matches:
        if d.start <= m.start and m.end <= d.end and m.kind in ("country", "place"):
            p = m.entry.payload
            code = getattr(p, "iso3", None)
            if code and not getattr(p, "ambiguous", False):
                return text[m.start:m.end], code
    return None


def _remember(ctx: _Context, m: Mention) -> Mention:
    """Give a role without a country the country of an earlier same role.

    `نائب القائد العام` alone, after `نائب القائد العام ..., صدام حفتر`, is
    the same Libyan commander; a domestic role (police, protesters, army)
    with no country takes the story's home country when there is one, except
    unnamed armed men and criminals (`_STATELESS`): they belong to the armed
    groups the story names, if all of those are of one country.
    """
    # only specific titles (two words or more) are remembered: a later bare
    # "الرئيس" or "the minister" may be anyone's
    if m.role and m.country and not m.inferred and len(m.role.split()) > 1:
        ctx.role_country.setdefault(m.role, m.country)
    if m.head != "role" or m.country:
        return m
    known = ctx.role_country.get(m.role or m.key)
    if known:
        return replace(m, country=known, inferred=True)
    if m.type in _STATELESS:
        # unnamed gunmen, militants, a cell, bandits: where they struck is not who
        # they are, so they stay of unknown country (the codebook's convention),
        # unless the story names armed groups of one country only: they are those
        if m.type in _FACELESS and len(ctx.armed) == 1:
            return replace(m, country=next(iter(ctx.armed)), inferred=True)
        return m
    if ctx.home and (domestic(m.type) or (m.type == "GOV" and (m.has_name or not m.titled))):
        # a bare official with a name (`Foreign Minister Ali Omar`) is the story's own:
        # wire style qualifies a foreign one (`Ethiopia's foreign minister`)
        return replace(m, country=ctx.home, inferred=True)
    return m


def _home_country(text: str, entities: Sequence[Match], functions: Sequence[Match],
                  page: Page, lang: str) -> str | None:
    """The country a story is set in, when the lead makes it plain.

    Countries of the first three body paragraphs are counted, a place or
    country in a location phrase twice, any other national mention once;
    the winner must be named at least twice and more than any other.
    """
    counts: dict[str, int] = {}
    for seg in page.body[:3]:
        for m in build_mentions(text, entities, functions, seg.start, seg.end, lang):
            if m.country:
                counts[m.country] = counts.get(m.country, 0) + (2 if m.located else 1)
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    best, n = ranked[0]
    if n < 2 or (len(ranked) > 1 and ranked[1][1] == n):
        return None
    return best


def _clause(text: str, sent: Sentence, pos: int, inside: Sequence[Mention] = ()) -> tuple[int, int]:
    """The clause of `sent` that holds offset `pos`.

    Clauses end at semicolons and at `، و…` (and English `, while/but`),
    except where the و belongs to a name that a mention spans (`، وزير`).
    """
    s, e = sent.start, sent.end
    for m in _CLAUSE_BREAK.finditer(text, sent.start, sent.end):
        if any(x.start <= m.end() < x.end or x.start == m.end() for x in inside):
            continue
        if m.end() <= pos:
            s = m.end()
        elif m.start() >= pos:
            e = m.start()
            break
    return s, e


def _governed(ctx: _Context, cue: Match, cs: int) -> str | None:
    """The modifier kind (negation, future, …) that governs `cue`, if any.

    Besides the modifiers of `modifiers.tsv`, an English infinitive (`arrived
    to sign`, `is set to meet`) and an Arabic verb or cooperative verbal noun
    with the purpose `ل` (`ليبحث`, `لتوقيع`) report an aim, not an event.
    """
    payload = cue.entry.payload
    assert isinstance(payload, Cue)
    if ctx.lang == "en" and payload.kind == "verb" \
            and re.search(r"\bto\s+$", ctx.text[max(cs, cue.start - 4):cue.start], re.I) \
            and not _DECIDED.search(ctx.text[max(cs, cue.start - 40):cue.start]):
        return "future"
    if ctx.lang == "ar" and cue.prefix.endswith("ل") and (
            payload.kind == "verb" or payload.code[:2] in _JOINT_ROOTS | {"01", "02", "07", "08"}):
        return "future"
    if ctx.lang == "ar" and cue.prefix.endswith("س"):
        return "future"  # سيزور، ستعقد: will visit, will hold
    window = _MODIFIER_WINDOW[ctx.lang]
    anchor = cue
    if payload.kind == "noun":
        light = _light_verb(ctx, cue)
        if light is not None:
            anchor = light  # "من المقرر أن يجري … مباحثات": the light verb is governed
            if ctx.lang == "ar" and light.prefix.endswith("س"):
                return "future"  # ستجري مباحثات: will hold talks
        if ctx.lang == "ar" and any(
                _tag(f) == "join" and f.prefix.endswith("س") and f.end <= cue.start
                and len(ctx.text[f.end:cue.start].split()) <= 2 for f in ctx.functions):
            return "future"  # ستشارك بمناورات: will take part in drills
    for m in ctx.modifiers:
        if anchor is not cue and cs <= m.start and m.end <= anchor.start \
                and anchor.start - m.end <= window:
            if fold_form(m.entry.form) == "قد" and not _present_tense(ctx.text[anchor.start:anchor.end]):
                continue  # "كانت المملكة قد قررت استدعاء": had decided, not may
            return m.entry.payload.kind if isinstance(m.entry.payload, Tag) else None
        if cs <= m.start and m.end <= cue.start and cue.start - m.end <= window:
            kind = m.entry.payload.kind if isinstance(m.entry.payload, Tag) else ""
            word = fold_form(m.entry.form)
            if word == "قد" and not _present_tense(ctx.text[cue.start:cue.end]):
                continue  # قد + past verb is "had/indeed", not "may"
            if word == "لا" and ctx.text[m.end:m.end + 6].strip().startswith("سيما"):
                continue  # لا سيما: "especially"
            return kind or None
    return None


#: a speaker announcing its own use of force: `said it would strike`, `vowed to attack`
_EN_THREAT = re.compile(
    r"\b(said|says|warned|warns|vowed|vows|pledged|pledges|threatened|threatens|announced|"
    r"declared|stated|added|promised|promises)(?:\s+on\s+\w+day)?(?:\s+that)?\s+"
    r"(?:(?:it|they|he|we|the group|its (?:forces|troops|fighters|army)|their fighters)\s+"
    r"(?:would|will|is going to|are going to|was going to|were going to)\s+|to\s+)"
    r"(?:(?:soon|also|again|continue to|keep)\s+)?$", re.IGNORECASE)
#: `قال إنه سيقصف`, `أعلنت … أن مقاتليها سيقصفون`: the speaker's own future force
_AR_THREAT = re.compile(r"(?:إن|أن)(?:ه|ها|هم|هما)?\s+(?:[\u0600-\u06ff]+(?:ه|ها|هم)\s+)?"
                        r"(?:(?:في|ب)\s*[\u0600-\u06ff]+\s+(?:[\u0600-\u06ff]+\s+)?)?$")
_AR_SPEECH = re.compile(r"(?<![\u0600-\u06ff])[وف]?(?:قال|أعلن|أكد|صرح|هدد|توعد|حذر|أضاف|شدد)"
                        r"[\u0600-\u06ff]*")


#: the threat (CAMEO 13) of each coercive act announced for later
_THREATENED = {"16": "131", "163": "1312", "1631": "1312", "161": "1313", "17": "137",
               "18": "138", "19": "138", "20": "138"}


def _threat(ctx: _Context, sent: Sentence, cue: Match, payload: Cue) -> tuple[int, int] | None:
    """The speech verb by which a use of force is announced for later, if it is a threat.

    Force its own agent announces is a threat (CAMEO 138) only when the
    speaker and the agent are one (`Iran said it would strike`, `the rebels
    vowed to attack`, `أعلنت الفصائل أن مقاتليها سيقصفون`); a forecast about
    someone else (`said Israel would strike`) is no event.
    """
    if payload.code[:2] not in _THREATENED or payload.kind not in ("verb", "initial", "noun"):
        return None
    if payload.kind == "noun" and ctx.lang == "ar":
        return None
    start = cue.start - len(cue.prefix)
    if ctx.lang == "en":
        frame = _EN_THREAT.search(ctx.text, max(sent.start, start - 80), start)
        return (frame.start(), frame.start() + len(frame.group(1))) if frame is not None else None
    return _ar_own_speech(ctx, sent, cue) if cue.prefix.endswith("س") else None


def _ar_own_speech(ctx: _Context, sent: Sentence, cue: Match) -> tuple[int, int] | None:
    """`قال X إنه …`, `أكدت X أن قواتها …`: the speech verb whose speaker is the verb's own subject."""
    start = cue.start - len(cue.prefix)
    frame = _AR_THREAT.search(ctx.text, max(sent.start, start - 80), start)
    speech = None if frame is None else _AR_SPEECH.search(ctx.text, sent.start, frame.start())
    return (speech.start(), speech.end()) if speech is not None else None


def _speaker(ctx: _Context, speech: tuple[int, int], actors: Sequence[Mention],
             preps: dict[int, str | None]) -> Mention | None:
    """Who says the speech verb at `speech`: its subject (verb-first in Arabic)."""
    free = [m for m in actors if preps[id(m)] is None]
    if ctx.lang == "ar":
        after = [m for m in free if m.start >= speech[1]]
        if after and _near(ctx.text, speech[1], after[0].start):
            return after[0]
    before = [m for m in free if m.end <= speech[0]]
    return before[-1] if before else ctx.last_actor1


def _physical(ctx: _Context, a1: Mention, a2: Mention, cue: Match, cs: int, ce: int) -> bool:
    """Is an `armed` cue (`attacked`, `هاجم`) force here, not a verbal attack?

    It is when armed men or a state act, when the target is a place, or when
    the clause names a weapon or another act of force.
    """
    if a1.type in _ARMED or a1.head == "country" or (a2.type is None and a2.inferred):
        return True
    if any(_tag(f) == "weapon" and cs <= f.start < ce for f in ctx.functions):
        return True
    return any(c is not cue and isinstance(c.entry.payload, Cue) and c.entry.payload.kind != "reference"
               and c.entry.payload.code[:2] in _VIOLENT_ROOTS and cs <= c.start < ce for c in ctx.cue_spans)


def _present_tense(verb: str) -> bool:
    """An Arabic imperfect verb starts with ي ت or ن (يزور، تبحث); the first person
    (أزور) is left out: in news it is rare, and أ opens most past verbs (أجرى، أدان)."""
    return verb[:1] in "يتن"


#: an English relative pronoun right before a verb (`which killed`, `that has shelled`)
_EN_RELATIVE = re.compile(r"[,\s]\s*(?:which|that|who)\s+(?:(?:has|have|had|was|were|reportedly|"
                          r"allegedly|also)\s+){0,2}$", re.IGNORECASE)
_SPACES_COMMAS = re.compile(r"[\s,]*")
_EN_GERUND_PREP = re.compile(r"\b(?:in|of|after|during|amid|from|by|with|since|before)\s+$",
                             re.IGNORECASE)
_EN_AND_VERB = re.compile(r"(?:^|[\s,])and\s+$", re.IGNORECASE)
#: be + an adverb before a past participle: `were reportedly killed`, `was later arrested`
_EN_BE_ADVERB = re.compile(r"\b(?:was|were|been|being|is|are)\s+(?:\w+ly|later|also|then|still)\s+$",
                           re.IGNORECASE)


def _en_passive(ctx: _Context, cue: Match, payload: Cue) -> bool:
    """`25 people were reportedly killed`: a listed active verb read as a passive."""
    return ctx.lang == "en" and payload.kind == "verb" \
        and ctx.text[cue.start:cue.end].split()[0].lower().endswith("ed") \
        and _EN_BE_ADVERB.search(ctx.text, max(0, cue.start - 30), cue.start) is not None


_EN_TIME = re.compile(
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|"
    r"April|May|June|July|August|September|October|November|December|\d+|today|yesterday|"
    r"week|month|year|night|morning|evening|afternoon)\b", re.IGNORECASE)


def _prep(ctx: _Context, m: Mention, lo: int) -> str | None:
    """The preposition that governs mention `m` (folded), if any."""
    if ctx.lang == "ar" and m.prefix:
        if _LED_BY.match(ctx.text[m.start:m.end]):
            return None  # "برئاسة الأمير فيصل": chaired by him, he acts
        for p in ("ب", "ل", "ك"):
            if p in m.prefix:
                return p
    best: Match | None = None
    for f in ctx.functions:
        if f.end <= m.start and f.start >= lo and m.start - f.end <= 40 \
                and _tag(f) in ("prep", "location", "by", "between"):
            best = f if best is None or f.start > best.start else best
    if best is None:
        return None
    if any(c.start <= best.start and best.end <= c.end for c in ctx.cue_spans):
        return None  # the cue's own preposition (`called on X`, `أثنى على X`): X is its object
    if _QUANTITY_OF.search(ctx.text[max(lo, best.start - 30):best.end]):
        return None  # "thousands of Iraqis", "عدد من المتظاهرين": the people themselves
    if ctx.lang == "ar" and re.search(r"(?:^|\s)كلا?\s+$", ctx.text[max(lo, best.start - 6):best.start]):
        return None  # "التقى كلا من X وY": a list of objects, not a preposition
    # only determiners and modifiers between the preposition and the mention:
    # `with his Russian counterpart X`, `مع نظيره`
    gap = ctx.text[best.end:m.start]
    if ctx.lang == "ar" and gap.strip():
        return None  # an Arabic preposition governs the very next word (في قصره أمس X)
    if gap.strip() and (re.search(r"[,.;:،؛\"“”«»()]", gap) or len(gap.split()) > 3
                        or any(c.start >= best.end and c.end <= m.start for c in ctx.cue_spans)
                        or _EN_TIME.search(gap)):
        return None  # `On Tuesday the U.S. …`: the preposition took the day
    return fold_form(best.entry.form)


_BI_DEFINITE = re.compile(r"(?<![\w\u0600-\u06ff])و?بال[\u0600-\u06ff]{2,}")
# `عن الموظفين الثلاثة وجميع العاملين`, `with X and all other Y`: a conjunct, quantified
_AR_CONJ_ALL = re.compile(r"\s*(?:[^\s،,.]+\s+)?و(?:جميع|كل|كافة|بقية|باقي|سائر)\s*")
_EN_CONJ_ALL = re.compile(r"\s*(?:,\s*)?(?:and|or|as well as)\s+(?:all\s+)?(?:the\s+)?(?:other\s+)?",
                          re.IGNORECASE)


def _preps(ctx: _Context, actors: Sequence[Mention], lo: int) -> dict[int, str | None]:
    """The preposition governing each mention; a conjunct inherits its neighbour's.

    In `مع X، والمبعوث Y` and `with X and Y`, Y is governed by `مع`/`with`
    like X: it is a second target, never a subject.
    """
    out: dict[int, str | None] = {}
    prev: Mention | None = None
    for m in actors:
        p = _prep(ctx, m, lo)
        if p is None and prev is not None and out.get(id(prev)) is not None:
            gap = ctx.text[prev.end:m.start]
            conj = (ctx.lang == "ar" and m.prefix.startswith("و") and len(gap.split()) <= 1) or (
                ctx.lang == "ar" and _AR_CONJ_ALL.fullmatch(gap) is not None) or (
                ctx.lang == "en" and _EN_CONJ_ALL.fullmatch(gap) is not None)
            if conj:
                p = out[id(prev)]
        out[id(m)] = p
        prev = m
    return out


def _code_cue(ctx: _Context, sent: Sentence, cue: Match, sent_cues: Sequence[Match], k: int,
              mentions: Sequence[Mention], dates: Sequence[DateMention]) -> CodedEvent | None:
    payload = cue.entry.payload
    assert isinstance(payload, Cue)
    if payload.kind == "reference":
        # `the strike` only points back to an act reported before; `said it would
        # strike` is the verb, announced
        verb = replace(payload, kind="verb", target=("direct",))
        if ctx.lang != "en" or _threat(ctx, sent, cue, verb) is None:
            return None
        payload = verb
    cs, ce = _clause(ctx.text, sent, cue.start, mentions)
    governed = _governed(ctx, cue, cs)
    # an English noun cue after `to`/`would` is the verb (`vowed to attack`)
    nominal = payload.kind == "noun" or payload is not cue.entry.payload
    threat = _threat(ctx, sent, cue, payload) if governed in ("future", "hypothetical") or nominal else None
    if governed and threat is None:
        return None
    actors = [m for m in mentions if m.head != "place" and not m.located and cs <= m.start and m.end <= ce]
    before = [m for m in actors if m.end <= cue.start]
    # "…, according to the Syrian Observatory", "بحسب المرصد": sources, not targets
    said = min((f.start for f in ctx.functions if cue.end <= f.start < ce
                and _tag(f) in ("attribution", "source") and _SOURCE_WORD.search(f.entry.form)),
               default=ce)
    said = min(said, _response(ctx, cue.end, ce), _speech_clause(ctx, cue.end, ce))
    after = [m for m in actors if m.start >= cue.end and m.start < said
             and not _trailing_source(ctx, m, cue.end)]
    preps = _preps(ctx, actors, cs)

    a1: Mention | None = None
    a2: Mention | None = None
    between = _between(ctx, cue, after, preps) if payload.code[:2] in _BETWEEN_ROOTS else None
    if between is not None and payload.kind == "noun" and payload.code[:2] not in _FORCE_ROOTS \
            and _light_verb(ctx, cue) is None:
        # "the agreement between X and Y", "talks between X and Y remain stalled":
        # a reference, unless something is said to have held them
        between = None
    if between is not None:
        a1, a2 = between
    elif (participle := _by_participle(ctx, cue, payload, before, after, preps)) is not None:
        a1, a2 = participle
    elif threat is not None:
        a1 = _speaker(ctx, threat, actors, preps)
        a2 = _target(payload, [m for m in after if m is not a1], preps, a1)
    elif payload.kind == "passive" or _en_passive(ctx, cue, payload):
        # the target is the subject before the cue, or follows it (`تم اعتقال X`)
        by = [m for m in after if preps[id(m)] in _BY]
        a1 = by[0] if by else None
        if "direct" in payload.target and payload.kind == "passive":
            free = [m for m in after if preps[id(m)] is None and m is not a1]
            a2 = free[0] if free else None
        else:
            a2 = before[-1] if before else None
    else:
        a1, rest = _subject(ctx, sent, cue, payload, before, after, preps, sent_cues, k)
        a2 = _target(payload, _before_content(ctx, cue, payload, a1, rest), preps, a1)
        if a2 is None and a1 is not None:
            a2 = _person_object(ctx, cue, payload, a1, rest, preps)
        if a2 is None and payload.kind == "noun" and rest and _receiver(ctx, cue) is not None:
            a2 = rest[0]  # the receiver of a call or an invitation (see _agent)
        elif a1 is not None and a2 is not None and payload.kind == "verb" \
                and _FROM & set(payload.target) and _starts_with_receive(ctx, cue):
            a1, a2 = a2, a1  # "X received a phone call from Y": Y called
        if a1 is None and payload.kind == "noun" and payload.code[:2] in _VIOLENT_ROOTS:
            a1 = _noun_agent(ctx, cue, after)
            if a1 is not None and a2 is a1:
                a2 = None
    if a1 is None:
        if payload.code[:2] in _CLAIMABLE_ROOTS:
            _hold_agentless(ctx, sent, cue, payload, mentions, (cs, ce), a2, dates)
        return None
    if payload.code.startswith("015") and not _unresolved(a1):
        ctx.claims.append((sent, a1))
    if not _unresolved(a1) and threat is not None:
        ctx.last_actor1 = a1
    elif not _unresolved(a1):
        ctx.last_actor1 = a1
        # the act happened and its agent is known, even if no target is: a
        # later "X condemned the drills" can target it
        ctx.coded.append((payload.code, a1))
    if a2 is None and payload.code in _VISIT_ROOT_CODES:
        a2 = _destination(ctx, mentions, cue, cs, ce, payload)
    if a2 is None and (payload.code[:2] in _FORCE_ROOTS or payload.code.startswith("138")):
        a2 = _force_target(ctx, mentions, cue, sent, a1, payload, ce)
    if a2 is None and payload.code[:2] == "15":
        a2 = _posture_target(ctx, mentions, cue, ce, a1)
    if a2 is None and payload.code[:2] == "07":
        a2 = _place_target(ctx, mentions, cue, sent, payload, any_prep=True)
    if a2 is None and (payload.code[:2] in _JOINT_ROOTS or payload.code in _JOINT_CODES):
        a2 = _partner(ctx, actors, a1)
    if a2 is None and payload.code == "161":
        # "recalled its ambassador from Beirut": the posting is the target
        a2 = _posting(ctx, mentions, cue.end, a1.country, ce)
    if a2 is None and payload.code[:2] in _REACTION_ROOTS:
        a2 = _reacted_to(ctx, cue, a1)
    if a2 is None and payload.code[:2] in _JUDGED_ROOTS | _REACTION_ROOTS:
        a2 = _what_called(ctx, cue, a1, after)
    if a2 is None and payload.code[:2] in _JUDGED_ROOTS:
        a2 = _judged_owner(ctx, cue, a1, after)
    if a2 is None and payload.code[:2] in _JUDGED_ROOTS | _REACTION_ROOTS:
        # "انتقاد السياسات الإثيوبية", "criticised Ethiopian policies": the nation judged
        owned = _national_object(ctx, cue, a1.end if cue.end <= a1.start < ce else cue.end, ce)
        a2 = owned if owned is not None and owned.country != a1.country else None
    if a2 is None and payload.code == "045":
        # "another group intervened to broker a truce": between the parties of the
        # fighting the story has reported
        a2 = next((m for code, m in reversed(ctx.coded) if code[:2] in _VIOLENT_ROOTS
                   and not _same(m, a1)), None)
    if a2 is None and payload.code[:2] not in _BETWEEN_ROOTS:
        # "called for talks between X and Y": the appeal is addressed to both
        pair = _between(ctx, cue, after, preps)
        a2 = pair[0] if pair is not None else None
    code = payload.code
    if a2 is not None and _own(ctx, a2):
        # "استدعت الجزائر سفيرها لدى مالي": the subject's own envoy; recalling
        # one's own ambassador reduces relations with the posting country (161)
        a2 = replace(a2, country=a1.country, inferred=False)
        if code.startswith("114") or code == "161":
            posting = _posting(ctx, mentions, a2.end, a2.country, ce)
            if posting is not None:
                a2, code = posting, "161"
    if a2 is None and code.startswith("114") \
            and _OWN_SUFFIX.search(fold_form(ctx.text[cue.start:cue.end].split()[-1])):
        # "استدعاء سفيرها بالجزائر": its own ambassador, called home from a posting (161)
        posting = _posting(ctx, mentions, cue.end, a1.country, ce) or next(
            (m for m in mentions if m.start < cue.end < m.end and m.country
             and m.country != a1.country), None)
        if posting is not None:
            a2, code = replace(posting, type="GOV", head="country", located=False), "161"
    if a2 is None and payload.kind == "noun" and payload.code[:2] in ("15", "06"):
        # "مناورات مصرية فرنسية", "joint Egyptian-French drills": both nations
        nations = _nations(ctx, cue)
        if len(nations) > 1 and nations[0].country == a1.country:
            a2 = nations[1]
            code = "062" if code[:2] == "15" else code
    if a2 is None and payload.code[:2] == "14":
        a2 = _authorities(ctx, mentions, a1, cs, ce)
    if a2 is None and payload.code[:2] == "17":
        a2 = _held_person(ctx, cue, mentions, a1, cs, ce)
    if a2 is None or _same(a1, a2):
        return None  # every event needs its target (PETRARCH's require_dyad)
    a1, a2 = _placed(a1, mentions, cs, ce), _placed(a2, mentions, cs, ce)
    if _unresolved(a1) or _unresolved(a2):
        return None  # "the officials met": whose officials, the text did not say
    if a2.head == "country" and a2.country == a1.country and not a2.inferred:
        return None  # an Iranian commander does not act on "Iran": a misread object
    if payload.code.startswith("174") and _DIPLOMAT.search(fold_form(ctx.text[a2.start:a2.end])):
        # expelling a diplomat reduces relations (CAMEO 161), expelling people is 174
        code = "161"
    if code[:2] == "04" and a1.head == "role" and a1.type in _NOT_DIPLOMATIC:
        return None  # "hospitals hosting the displaced": shelter, not a meeting of parties
    if code[:2] == "19" and a1.group and a1.type == "CVL":
        code = "145"  # civilians fighting the police: a violent protest, not war
    if code in ("190", "193", "194") and _AIR.search(fold_form(a1.name)):
        code = "195"  # an air force that attacks or shells does so from the air
    if code[:2] in _FORCE_ROOTS and _EXERCISE.match(ctx.text, cue.end, ce):
        code = "150"  # "encircled Taiwan in drills", "fired missiles during exercises": a show of force
    if payload.armed and not _physical(ctx, a1, a2, cue, cs, ce):
        code = "111"  # "the minister attacked the opposition", هاجم الوزير: words, not force
    if threat is not None:
        # coercion its own agent announces for later is a threat of it (`said it would
        # strike` 138, `would impose sanctions` 1312, `will cut ties` 1313)
        code = _THREATENED.get(code, _THREATENED[code[:2]])
    elif code == "130" and any(isinstance(c.entry.payload, Cue) and c.entry.payload.code[:2] in _VIOLENT_ROOTS
                               and c.start > cue.end and c.end <= ce for c in sent_cues):
        code = "138"  # "warned that it would strike US bases": a threat of force
    if a1.country is None and a1.type is None:
        return None

    when = event_date(dates, ctx.lead_dates, ctx.published)
    if _history(dates, ctx.published) or (when.source == "text" and _background(when, ctx.published)):
        return None
    loc_name, loc_country = _location(ctx, mentions, sent, cs, ce, cue, code, a1, a2)
    topics = _topics(ctx)
    conf = 0.5 + (0.2 if a2 is not None else 0.0) + (0.1 if payload.kind == "verb" else 0.0)
    conf += 0.1 if a1.head == "named" else 0.0
    conf -= 0.2 if a1.inferred or (a2 is not None and a2.inferred) else 0.0
    # "…, days after Beijing encircled the island": an earlier act recalled in passing;
    # its own report elsewhere in the story is the better row
    conf -= 0.15 if _RECALLED.search(ctx.text, max(sent.start, cue.start - 60), cue.start) else 0.0
    ctx.allies = tuple(c for c in a1.also if a2 is None or c != a2.country) \
        if code[:2] in _FORCE_ROOTS | {"15"} else ()
    return CodedEvent(
        code=code,
        actor1=_ref(a1),
        actor2=_ref(a2) if a2 is not None else None,
        date=when,
        evidence=Span(sent.start, sent.end),
        sentence_index=sent.index,
        location_name=loc_name,
        location_country=loc_country,
        topics=topics,
        confidence=round(max(0.05, min(conf, 0.95)), 2),
    )


_BY_AFTER = re.compile(r"\s+by\s", re.IGNORECASE)
_RECALLED = re.compile(r"\b(?:days|weeks|months|a day|a week|a month|shortly)\s+(?:after|since)\b|"
                       r"(?:بعد|منذ)\s+(?:أيام|أسابيع|أشهر|يوم|أسبوع|شهر)\s+(?:من|على)\b", re.IGNORECASE)
#: `…, the US navy said.`: a trailing source of the report, never a target
_EN_SOURCE_AFTER = re.compile(r"\s+(?:said|says|told|added|reported|announced|confirmed)\b",
                              re.IGNORECASE)
_EN_SOURCE_BEFORE = re.compile(r"[,;]\s*(?:the\s+|a\s+|an\s+)?(?:\w+\s+)?$", re.IGNORECASE)


#: `… in response to X's strikes`, `ردا على القصف`: the act's reason, whose actors are no targets
_RESPONSE = re.compile(r"\b(?:in (?:response|retaliation|reply) (?:to|for)|in revenge for)\b|"
                       r"(?<![\u0600-\u06ff])(?:ردا|ردًا|رداً|انتقاما|انتقامًا|انتقاماً)\s+(?:على|ل)",
                       re.IGNORECASE)


#: `…, saying the bloc rejects …`, `، مؤكدا أن …`: what follows is what was said
_SPEECH_CLAUSE = re.compile(r",\s*(?:saying|adding|stressing|noting|insisting)\b|"
                            r"[،,]\s*(?:قائلا|مؤكدا|مضيفا|مشيرا|معتبرا|موضحا|مشددا|لافتا)", re.IGNORECASE)


def _speech_clause(ctx: _Context, lo: int, hi: int) -> int:
    """Where a participle of speech (`, saying`, `، مؤكدا`) starts after `lo`, or `hi`."""
    m = _SPEECH_CLAUSE.search(ctx.text, lo, hi)
    return m.start() if m is not None else hi


def _response(ctx: _Context, lo: int, hi: int) -> int:
    """Where an act's reason (`in response to …`) starts after `lo`, or `hi`."""
    m = _RESPONSE.search(ctx.text, lo, hi)
    return m.start() if m is not None else hi


#: `في بيان صادر عن مكتب الإعلام`, `in a statement issued by`: who issued it, never a target
_ISSUED_BY = re.compile(r"(?:صادر|الصادر|صادرة|الصادرة)\s+عن\s+(?:[^\s،,]+\s+){0,2}$|"
                        r"\bissued by\s+(?:the\s+)?$", re.IGNORECASE)


def _trailing_source(ctx: _Context, m: Mention, lo: int) -> bool:
    """`…, the US navy said.`, `في بيان صادر عن …`: the mention is who reports the event."""
    if _ISSUED_BY.search(ctx.text, max(lo, m.start - len(m.prefix) - 30), m.start - len(m.prefix)):
        return True
    return ctx.lang == "en" and _EN_SOURCE_AFTER.match(ctx.text, m.end) is not None \
        and _EN_SOURCE_BEFORE.search(ctx.text, max(lo, m.start - 12), m.start) is not None
#: a use of force performed inside an exercise (`… Taiwan in drills`, `… خلال مناورات`)
_EXERCISE = re.compile(
    r"[^.;،,]{0,80}?\b(?:in|during|as part of)\s+(?:[\w\-]+\s+){0,3}?(?:drills?|exercises?|war games|"
    r"manoeuvres|maneuvers)\b|[^.;،,]{0,80}?(?:خلال|في|ضمن)\s+(?:\S+\s+){0,2}?(?:مناورات|تدريبات|"
    r"تمرين|تمارين)", re.IGNORECASE)


def _by_participle(ctx: _Context, cue: Match, payload: Cue, before: Sequence[Mention],
                   after: Sequence[Mention], preps: dict[int, str | None]) -> tuple[Mention, Mention] | None:
    """`students abducted by gunmen`, `a convoy attacked by militants`: a participle with its agent.

    An English past form followed by `by` is passive: the agent after `by`
    acts on the noun the participle follows.
    """
    if ctx.lang != "en" or payload.kind != "verb" or not _BY_AFTER.match(ctx.text, cue.end) \
            or "direct" not in payload.target or not before:
        return None
    agent = next((m for m in after if preps[id(m)] in _BY), None)
    patient = before[-1]
    gap = ctx.text[patient.end:cue.start]
    if agent is None or len(gap.split()) > 2 or re.search(r"[,;:]", gap) \
            or re.search(r"\b(?:was|were|is|are|been|be|has|have|had)\b", gap, re.I):
        return None
    return agent, patient


def _hold_agentless(ctx: _Context, sent: Sentence, cue: Match, payload: Cue, mentions: Sequence[Mention],
                    clause: tuple[int, int], target: Mention | None, dates: Sequence[DateMention]) -> None:
    """Keep an attack with a known target and no agent for a later claim (`X claimed it`).

    Not once the story has named an attacker: `the attack` is then that one again.
    """
    if any(code[:2] in _CLAIMABLE_ROOTS for code, _ in ctx.coded):
        return
    if target is None:
        target = _force_target(ctx, mentions, cue, sent, None, payload, clause[1])
    if target is None or _unresolved(target):
        return
    when = event_date(dates, ctx.lead_dates, ctx.published)
    if _history(dates, ctx.published) or (when.source == "text" and _background(when, ctx.published)):
        return
    ctx.agentless.append(_Act(payload.code, target, sent, cue, mentions, clause, when))


def _blamed(ctx: _Context, sent: Sentence, mentions: Sequence[Mention],
            dates: Sequence[DateMention]) -> list[CodedEvent]:
    """`Morocco said Algiers' move was unjustified`, `اعتبرت مصر القرار الإسرائيلي انتهاكا`.

    A speaker who calls another nation's act or its people unjustified,
    illegal, a violation (`blame` function words) criticises them (CAMEO 111),
    though no event verb says so. The judged side is the actor, or the
    national adjective, between the speech verb and the judgement; nothing
    is coded across a verb cue, a negation or a second speech verb.
    """
    blames = [f for f in ctx.functions if _tag(f) == "blame"]
    if not blames:
        return []
    speeches = [f for f in ctx.functions if _tag(f) in ("attribution", "evaluate")]
    out: list[CodedEvent] = []
    for blame in blames:
        speech = max((f for f in speeches if f.end <= blame.start), key=lambda f: f.start, default=None)
        if speech is None:
            out.extend(_blamed_in_quote(ctx, sent, mentions, dates, blame, speeches))
            break
        lo, hi = speech.end, blame.start
        if any(isinstance(c.entry.payload, Cue) and c.entry.payload.kind in ("verb", "passive")
               and lo <= c.start < hi for c in ctx.cue_spans) \
                or any(lo <= m.start < hi and _tag(m) == "negation" for m in ctx.modifiers):
            continue
        actors = [m for m in mentions if m.head != "place" and not m.located and sent.start <= m.start < hi]
        speaker = _speaker(ctx, (speech.start, speech.end), actors, {id(m): _prep(ctx, m, sent.start)
                                                                      for m in actors})
        if speaker is None or speaker not in actors or _unresolved(speaker) or speaker.country is None:
            continue  # "analysts said …": no one the story names
        start = max(lo, speaker.end) if speaker.start >= lo else lo
        judged = next((m for m in actors if start <= m.start and m is not speaker
                       and m.country and m.country != speaker.country), None)
        if judged is None:
            judged = _national_object(ctx, speech, start, hi, anywhere=True)
        if judged is None and any(isinstance(c.entry.payload, Cue) and start <= c.start < hi
                                  and c.entry.payload.code[:2] in _VIOLENT_ROOTS for c in ctx.cue_spans):
            # "ووصف الوزير الهجوم بأنه إرهاب دولة": the attack told before, its agent judged
            judged = next((m for code, m in reversed(ctx.coded) if code[:2] in _VIOLENT_ROOTS
                           and m.country and m.country != speaker.country), None)
        if judged is None or judged.country == speaker.country:
            continue
        ev = _said(ctx, sent, mentions, dates, speech, "111", speaker, judged, 0.5)
        if ev is None:
            continue
        out.append(ev)
        break
    return out


#: `… said the junta must cede power`, `أكد أنه يجب على الحكومة أن`: an obligation laid on someone
_EN_MUST = re.compile(r"(?:\s+(?:in|of)\s+(?:the\s+)?[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*)?"
                      r"\s+(?:must|should|has to|have to|needs to|need to)\s+(?!not\b|be\b)")
_AR_MUST = re.compile(r"(?:يجب|ينبغي|يتعين|يتوجب|لا بد)\s+(?:\S+\s+)?على\s*$|(?:أن|إن)\s+على\s*$")


def _demanded(ctx: _Context, sent: Sentence, mentions: Sequence[Mention],
              dates: Sequence[DateMention]) -> list[CodedEvent]:
    """`ECOWAS said the junta must cede power`, `أكد الوزير أنه يجب على إسرائيل وقف …`.

    A speaker who says another actor must or should act demands it (CAMEO
    100), though no demand verb says so.
    """
    speeches = [f for f in ctx.functions if _tag(f) == "attribution"]
    if not speeches:
        return []
    actors = [m for m in mentions if m.head != "place" and not m.located]
    for m in actors:
        speech = max((f for f in speeches if f.end <= m.start), key=lambda f: f.start, default=None)
        if speech is None:
            continue
        if ctx.lang == "en":
            must = _EN_MUST.match(ctx.text, m.end) is not None
        else:
            must = _AR_MUST.search(ctx.text, max(speech.end, m.start - len(m.prefix) - 24),
                                   m.start - len(m.prefix)) is not None
        if not must or any(isinstance(c.entry.payload, Cue) and c.entry.payload.kind in ("verb", "passive")
                           and speech.end <= c.start < m.start for c in ctx.cue_spans):
            continue
        before = [x for x in actors if x.end <= m.start]
        speaker = _speaker(ctx, (speech.start, speech.end), before,
                           {id(x): _prep(ctx, x, sent.start) for x in before})
        if speaker is None or speaker not in before or _same(speaker, m) or _unresolved(speaker) \
                or _unresolved(m) \
                or (speaker.country is None and m.country is None):
            continue
        ev = _said(ctx, sent, mentions, dates, speech, "100", speaker, m, 0.5)
        return [ev] if ev is not None else []
    return []


_EN_SPEAKER_PRONOUN = re.compile(r"\s*(?:he|she|they)\b", re.IGNORECASE)
_EN_SPEAKER_PRONOUN_BEFORE = re.compile(r"\b(?:he|she|they)\s*$", re.IGNORECASE)
_QUOTE_MARK = re.compile("[\"\u201c\u201d]")


def _blamed_in_quote(ctx: _Context, sent: Sentence, mentions: Sequence[Mention],
                     dates: Sequence[DateMention], blame: Match,
                     speeches: Sequence[Match]) -> list[CodedEvent]:
    """`"Morocco has never stopped its hostile actions against Algeria," he added`.

    English quotes first and names the speaker after: the speech verb after
    the judgement, its subject after it (`he` is the story's last actor).
    """
    if ctx.lang != "en":
        return []
    speech = min((f for f in speeches if f.start >= blame.end and _tag(f) == "attribution"),
                 key=lambda f: f.start, default=None)
    if speech is None or not _QUOTE_MARK.search(ctx.text, sent.start, speech.start):
        return []
    after = [m for m in mentions if m.start >= speech.end and not m.located]
    if after and len(ctx.text[speech.end:after[0].start].split()) <= 1:
        speaker: Mention | None = after[0]
    elif _EN_SPEAKER_PRONOUN.match(ctx.text, speech.end) or _EN_SPEAKER_PRONOUN_BEFORE.search(
            ctx.text, max(sent.start, speech.start - 8), speech.start):
        speaker = ctx.last_actor1
    else:
        speaker = None
    if speaker is None or speaker.country is None:
        return []
    judged = next((m for m in mentions if sent.start <= m.start < blame.start and not m.located
                   and m.country and m.country != speaker.country and m.head != "place"), None)
    if judged is None:
        return []
    ev = _said(ctx, sent, mentions, dates, speech, "112", speaker, judged, 0.45)
    return [ev] if ev is not None else []


def _said(ctx: _Context, sent: Sentence, mentions: Sequence[Mention], dates: Sequence[DateMention],
          speech: Match, code: str, speaker: Mention, target: Mention,
          confidence: float) -> CodedEvent | None:
    """The row of an act done by speaking (`said … must`, `… unjustified`), evidenced by its sentence."""
    when = event_date(dates, ctx.lead_dates, ctx.published)
    if _history(dates, ctx.published) or (when.source == "text" and _background(when, ctx.published)):
        return None
    loc_name, loc_country = _location(ctx, mentions, sent, sent.start, sent.end, speech, code,
                                      speaker, target)
    return CodedEvent(code=code, actor1=_ref(speaker), actor2=_ref(target), date=when,
                      evidence=Span(sent.start, sent.end), sentence_index=sent.index,
                      location_name=loc_name, location_country=loc_country, topics=_topics(ctx),
                      confidence=confidence)


#: unnamed armed men, whom a later claim may name
_FACELESS = frozenset({"UAF", "INS", "CRM"})


def _unmasked(ctx: _Context, found: list[CodedEvent]) -> list[CodedEvent]:
    """`Jihadist fighters ambushed a convoy … JNIM claimed responsibility`: the claimer acted.

    An attack by armed men the text does not name takes as its agent the
    group that claims it (CAMEO 015) within three sentences either way.
    """
    for sent, who in list(ctx.claims):
        for i, ev in enumerate(found):
            a1 = ev.actor1
            if ev.code[:2] not in _CLAIMABLE_ROOTS or a1.country is not None or a1.actor_id is not None \
                    or a1.type not in _FACELESS or abs(ev.sentence_index - sent.index) > _CLAIM_REACH:
                continue
            if ev.actor2 is not None and ev.actor2.country == who.country and ev.actor2.type == who.type:
                continue
            found[i] = replace(ev, actor1=_ref(who))
            ctx.claims.remove((sent, who))
            ctx.coded.append((ev.code, who))
            break
    return found


def _claimed(ctx: _Context) -> list[CodedEvent]:
    """`A car bomb killed eight soldiers … Al-Shabab claimed responsibility`: the claimer acted.

    A claim of responsibility (CAMEO 015) names the agent of an attack the
    story reported without one, within three sentences either way; the row's
    evidence runs from the attack to the claim.
    """
    out: list[CodedEvent] = []
    for sent, who in list(ctx.claims):
        near = [a for a in ctx.agentless if abs(a.sent.index - sent.index) <= _CLAIM_REACH
                and not _same(who, a.target)]
        if not near:
            continue
        act = min(near, key=lambda a: (abs(a.sent.index - sent.index), -a.sent.index))
        ctx.claims.remove((sent, who))
        # `a car bomb killed eight`: the bombing and the killing are one happening,
        # and a repeated sentence (a lead printed twice) is the same one again
        taken = ctx.text[act.sent.start:act.sent.end]
        ctx.agentless = [a for a in ctx.agentless if a.sent is not act.sent
                         and ctx.text[a.sent.start:a.sent.end] != taken]
        loc_name, loc_country = _location(ctx, act.mentions, act.sent, *act.clause, act.cue, act.code,
                                          who, act.target)
        first, last = sorted((act.sent, sent), key=lambda x: x.index)
        # the attacker is now known: a later agentless `they killed eight` is this attack again
        ctx.coded.append((act.code, who))
        out.append(CodedEvent(
            code=act.code, actor1=_ref(who), actor2=_ref(act.target), date=act.when,
            evidence=Span(first.start, last.end), sentence_index=first.index,
            location_name=loc_name, location_country=loc_country, topics=_topics(ctx),
            confidence=0.5,
        ))
    return out


def _participants(ctx: _Context, sent: Sentence, mentions: Sequence[Mention],
                  found: Sequence[CodedEvent]) -> list[CodedEvent]:
    """`X, Y and Z took part in the meeting`, `وشارك في الاجتماع X وY`.

    A sentence that says who took part in a meeting the article has already
    coded gives each participant the same event with the same counterpart.
    """
    joins = [f for f in ctx.functions if _tag(f) == "join"]
    meeting = next((e for e in reversed(found) if e.code[:2] == "04"), None)
    if not joins or meeting is None or meeting.actor2 is None:
        return []
    if not any(isinstance(c.entry.payload, Cue) and c.entry.payload.code[:2] == "04"
               for c in ctx.cue_spans if c.start >= joins[0].end and c.start - joins[0].end <= 25):
        return []  # participation in something else
    host, guest = meeting.actor2, meeting.actor1
    out = []
    for m in mentions:
        # Arabic names the participants after the verb, English before it
        side_ok = m.start >= joins[0].end if ctx.lang == "ar" else m.end <= joins[0].start
        if not side_ok or m.located or not (m.country or m.type in _STATELESS):
            continue
        if m.country in (host.country, guest.country) and m.country is not None:
            continue
        out.append(replace(meeting, actor1=_ref(m), evidence=Span(sent.start, sent.end),
                           sentence_index=sent.index,
                           confidence=round(max(0.05, meeting.confidence - 0.1), 2)))
    return out


def _allied(ev: CodedEvent, allies: Sequence[str]) -> list[CodedEvent]:
    """`US-British air strikes`, `الطيران الأميركي البريطاني`: each nation's forces struck.

    A force named by two national adjectives gives one event per nation.
    """
    return [replace(ev, actor1=replace(ev.actor1, country=c, actor_id=None),
                    confidence=round(max(0.05, ev.confidence - 0.1), 2)) for c in allies]


_LIST_GAP = re.compile(r"\s*(?:[,،]\s*)?(?:(?:and|as well as)\s+(?:the\s+)?|the\s+|و\s*)?")


def _co_targets(ctx: _Context, ev: CodedEvent, mentions: Sequence[Mention]) -> list[CodedEvent]:
    """`met the ambassadors of Russia, Britain and France`, `التقى كلا من X، وY`.

    When actor2 opens a list of actors, each member underwent the act: one
    event each, with members of other countries than the ones already coded.
    """
    if ev.actor2 is None:
        return []
    i = next((k for k, m in enumerate(mentions)
              if m.start == ev.actor2.start and m.end == ev.actor2.end), None)
    if i is None or re.search(r"(?:\bbetween|بين)\s+(?:the\s+)?$",
                              ctx.text[max(0, ev.actor2.start - 14):ev.actor2.start]):
        return []  # `between X and Y` is a pair, coded by its own rule
    out: list[CodedEvent] = []
    seen = {ev.actor1.country, ev.actor2.country}
    prev = mentions[i]
    for m in mentions[i + 1:]:
        gap = ctx.text[prev.end:m.start]
        if ctx.lang == "ar":
            # `سفير روسيا لدى ليبيا حيدر أغانين، وسفير بريطانيا`: the posting and the
            # name stand between the members; the next member carries و
            if m.head == "country" and re.search(r"لدى\s*$", ctx.text[max(0, m.start - 6):m.start]):
                continue
            listed = m.prefix.startswith("و") and not re.search(r"[.؛;:]", gap) \
                and len(gap.split()) <= 6
        else:
            listed = _LIST_GAP.fullmatch(gap) is not None \
                and re.search(r"[,،]|\band\b|\bas well as\b", gap) is not None
        if not listed or m.located or m.head == "place" or not m.country or m.country in seen:
            break
        seen.add(m.country)
        out.append(replace(ev, actor2=_ref(m), confidence=round(max(0.05, ev.confidence - 0.1), 2)))
        prev = m
    return out


def _co_actors(ctx: _Context, ev: CodedEvent, mentions: Sequence[Mention], cue: Match) -> list[CodedEvent]:
    """`Australia, Britain, Canada and Spain expelled their Syrian ambassadors`.

    When actor1 closes a list of actors (`X, Y and Z`, `X و Y`) before the
    cue, each member of the list did the act: one event each. Joint acts
    (talks, deals) are not split: their list is actor1 and its partner.
    """
    if ev.code[:2] in _JOINT_ROOTS or ev.code in _JOINT_CODES or ev.actor1.end > cue.start:
        return []
    chain: list[Mention] = []
    current = next((m for m in mentions if m.start == ev.actor1.start and m.end == ev.actor1.end), None)
    if current is None:
        return []
    for m in reversed([x for x in mentions if x.end <= current.start and not x.located]):
        gap = ctx.text[m.end:current.start]
        if not re.fullmatch(r"\s*(?:,|،|and|,\s*and|و)?\s*(?:the\s+)?", gap) and not (
                ctx.lang == "ar" and current.prefix.startswith("و") and not gap.strip(" ،,")):
            break
        if not m.country or m.country == ev.actor1.country or m.type != ev.actor1.type:
            break
        chain.append(m)
        current = m
    out = []
    for m in chain:
        if ev.actor2 is not None and m.country == ev.actor2.country:
            continue
        out.append(replace(ev, actor1=_ref(m), confidence=round(max(0.05, ev.confidence - 0.1), 2)))
    return out


_OWN_SUFFIX = re.compile(r"(?:ه|ها|هم|هما)$")


def _own(ctx: _Context, m: Mention) -> bool:
    """A role with a possessive pronoun and no country of its own: `سفيرها`, `its envoy`."""
    if m.head != "role" or (m.country and not m.inferred):
        return False
    raw = ctx.text[m.start:m.end].split()[0]
    if ctx.lang == "ar":
        # folding turns ta marbuta into ه, so the unfolded word tells `خلية` from `مبعوثه`
        return bool(_OWN_SUFFIX.search(fold_form(raw))) and not raw.endswith(("ة", "ـة"))
    return bool(re.search(r"\b(?:its|their)\s+(?:own\s+)?$", ctx.text[max(0, m.start - 12):m.start]))


def _posting(ctx: _Context, mentions: Sequence[Mention], after: int, own: str | None,
             ce: int) -> Mention | None:
    """The country an envoy is posted to: `لدى مالي`, `in Bamako`, `from Addis Ababa`."""
    for m in mentions:
        if m.start < after or m.start > ce or not m.country or m.country == own:
            continue
        before = fold_form(ctx.text[max(after, m.start - 12):m.start])
        if re.search(r"(?:لدي|في|الي|from|in|to)\s*(?:the\s+)?$", before) or m.prefix.endswith(("ب", "ل")):
            return replace(m, type="GOV", head="country", located=False)
    return None


#: praise and criticism, whose object may be the role or efforts of an actor
_JUDGED_ROOTS = frozenset({"05", "11"})


def _judged_owner(ctx: _Context, cue: Match, a1: Mention, after: Sequence[Mention]) -> Mention | None:
    """`أشاد بالدور الذي تضطلع به سلطنة عمان`, `praised the efforts of Qatar`: Oman, Qatar.

    Praise or criticism of a thing (a role, efforts, a stance) targets the
    actor it belongs to, named within a few words after it.
    """
    if ctx.lang == "ar":
        m = re.match(r"\s*(?:\S+\s+){0,2}?و?ب(?:ال)?(?:دور|جهود|جهد|موقف|مواقف|مبادرة|مبادرات|"
                     r"سياسة|سياسات|قرار|تصريحات)\S*", ctx.text[cue.end:cue.end + 60])
    else:
        m = re.match(r"\s+(?:\w+\s+){0,2}?(?:the\s+)?(?:\w+\s+)?(?:role|efforts?|stance|"
                     r"position|mediation|initiative|policy|policies|decision|remarks)\b",
                     ctx.text[cue.end:cue.end + 60], re.IGNORECASE)
    if m is None:
        return None
    pos = cue.end + m.end()
    for x in after:
        if x.start < pos or _same(x, a1):
            continue
        if len(ctx.text[pos:x.start].split()) <= 5 and not re.search(r"[.;؛]", ctx.text[pos:x.start]):
            return x
        return None
    return None


def _reacted_to(ctx: _Context, cue: Match, a1: Mention) -> Mention | None:
    """`condemned the arrest`, `أدانت الاعتقال`: the target is who did the act.

    When a reaction's object is itself an event noun, and the article has
    already coded an event of that kind, the reaction targets that event's
    actor1 (Amnesty condemned the arrest → Amnesty vs the police). A subject
    between verb and object (`ودان رئيس الوزراء اللبناني الغارات`) is skipped.
    """
    nxt = next((c for c in ctx.cue_spans if c.start >= cue.end), None)
    if nxt is None:
        return None
    start = a1.end if cue.end <= a1.start and a1.end <= nxt.start else cue.end
    if len(ctx.text[start:nxt.start].split()) > 5 or re.search(r"[.,،;؛]", ctx.text[start:nxt.start]):
        return None
    payload = nxt.entry.payload
    assert isinstance(payload, Cue)
    # "condemned the Israeli strikes", "أدانت الغارات الإسرائيلية": the act's nation did it
    nation = _demonym_agent(ctx, nxt, payload)
    if nation is not None and nation.country != a1.country:
        return replace(nation, also=())
    for code, actor in reversed(ctx.coded):
        if code[:2] == payload.code[:2]:
            return actor
    return None


#: actors that may stand without a country: organisations above states, and
#: armed men or criminals the text does not attribute
_STATELESS = frozenset({"IGO", "NGO", "UAF", "CRM", "INS"})


def _unresolved(m: Mention) -> bool:
    """A state actor whose state neither the text nor the story tells."""
    return m.country is None and m.type not in _STATELESS


def _partner(ctx: _Context, actors: Sequence[Mention], a1: Mention) -> Mention | None:
    """`X and Y met`, `وقعت إسرائيل والإمارات`: the co-subject of a joint act."""
    for m in actors:
        if m.start <= a1.start or _same(m, a1):
            continue
        gap = ctx.text[a1.end:m.start]
        if ctx.lang == "ar" and m.prefix.startswith("و") and not gap.strip(" ،,و"):
            return m
        if ctx.lang == "en" and _EN_CONJ.fullmatch(gap):
            return m
        return None
    return None


def _authorities(ctx: _Context, mentions: Sequence[Mention], a1: Mention, cs: int,
                 ce: int) -> Mention | None:
    """A protest with no named target is against the authorities where it happens."""
    where = next((m.country for m in mentions if m.located and m.country and cs <= m.start < ce),
                 None) or ctx.home or a1.country
    if where is None:
        return None
    return Mention(ce, ce, f"{where} authorities", where, "GOV", f"{where}GOV", "country",
                   inferred=True)


def _force_target(ctx: _Context, mentions: Sequence[Mention], cue: Match, sent: Sentence,
                  a1: Mention | None, payload: Cue, ce: int) -> Mention | None:
    """The target of a use of force when no preposition introduces it.

    The first actor named after the cue in the sentence (`air strikes in
    northern Iraq that destroyed targets of the PKK`), or else the place it
    hit, standing for that place's country (`shelled El-Fasher`).
    """
    said = min((f.start for f in ctx.functions if f.start >= cue.end and f.end <= sent.end
                and _tag(f) in ("attribution", "source")), default=ce)
    said = min(said, ce, _response(ctx, cue.end, ce))  # never past the cue's clause, nor its reason
    # nor past the next verb cue (`threatened to attack … and called on the civilians`)
    said = min(said, _next_verb(ctx, cue, a1, mentions))
    for m in mentions:
        if m.start < cue.end or m.head == "place" or m.located or _same(m, a1):
            continue
        if m.start >= said or _trailing_source(ctx, m, cue.end):
            break  # "…, according to police", "…, police said": sources, not targets
        if ctx.lang == "ar" and "ب" in m.prefix:
            continue  # `قصفت السوق بالمدفعية`: the means, not the target
        return m
    # the object follows the verb, or its subject in Arabic (`قصفت القوات الروسية ناقلات أوكرانية`)
    lead = a1.end if a1 is not None and cue.end <= a1.start < said else cue.end
    owned = _national_object(ctx, cue, lead, said)
    if owned is not None and (a1 is None or owned.country != a1.country):
        return owned
    place = _place_target(ctx, mentions, cue, sent, payload, any_prep=True)
    if place is None and a1 is not None and a1.country and payload.code[:2] in _VIOLENT_ROOTS:
        # `in a village of Marib … hit by a coalition strike`: a foreign force's
        # strike hit the country the sentence places it in
        here = [m for m in mentions if m.located and m.country and m.end <= cue.start
                and m.country != a1.country]
        if here:
            place = _standing_for_people(here[-1])
    return place


#: what may stand between a verb and the national adjective of its object
_EN_OBJECT_LEAD = re.compile(r"\s+(?:(?:a|an|the|two|three|several|its|their|\d+)\s+){0,2}$", re.I)
_AR_OBJECT_LEAD = re.compile(r"^\s*(?:(?:على|ضد)\s+)?(?:\S+\s+){1,2}$")
_EN_NOUN_AFTER = re.compile(r"(?:\s+(?!(?:on|in|at|of|near|and|with|for|to|by|from)\b)[a-z][\w-]*){1,2}")


def _national_object(ctx: _Context, cue: Match, start: int, stop: int,
                     anywhere: bool = False) -> Mention | None:
    """`attacked a Saudi border post`, `سيستهدفون السفن الأمريكية`: a thing of a nation.

    The national adjective of the object (a post, ships, a convoy) stands for
    its country as the target of force: inferred, with no agent type.
    """
    for d in ctx.demonyms:
        if d.start < start or d.start >= stop:
            continue
        p = d.entry.payload
        if not isinstance(p, CountryForm) or p.kind != "demonym":
            return None
        lead = ctx.text[start:d.start - len(d.prefix)]
        ok = _EN_OBJECT_LEAD.fullmatch(" " + lead) if ctx.lang == "en" else _AR_OBJECT_LEAD.fullmatch(lead)
        if not anywhere and (ok is None or any(c.start < d.start and c.end > cue.end
                                               for c in ctx.cue_spans if c is not cue)):
            return None
        end = d.end
        if ctx.lang == "en":  # the noun the adjective qualifies: `a Saudi border post`
            head = _EN_NOUN_AFTER.match(ctx.text, d.end)
            end = head.end() if head is not None else end
        if anywhere:  # name the adjective's noun only: `القرار الإسرائيلي`, `Israeli decision`
            words = ctx.text[start:d.start].split()
            start = d.start if ctx.lang == "en" or not words else ctx.text.rfind(words[-1], start, d.start)
        name = re.sub(r"^(?:على|ضد)\s+", "", ctx.text[start:end].strip())
        return Mention(d.start, end, name, p.iso3, None, p.iso3, "country", inferred=True)
    return None


def _posture_target(ctx: _Context, mentions: Sequence[Mention], cue: Match, ce: int,
                    a1: Mention) -> Mention | None:
    """`held drills around Taiwan`, `مناورات قبالة سواحل X`: a show of force aims at its neighbour.

    Only a foreign country the act is said to be near (around, off, near),
    not one it happens in: drills in a country are hosted there.
    """
    for m in mentions:
        if m.start < cue.end or not m.located or m.start >= ce:
            continue
        lead = ctx.text[max(cue.end, m.start - 30):m.start]
        if m.country and m.country != a1.country and _NEAR_WORD.search(lead):
            return replace(m, located=False)
    return None


#: agent types that may announce their own use of force (`أعلن الجيش تنفيذ غارات`)
_VIOLENT_ROOTS = frozenset({"18", "19", "20"})
_ARMED = frozenset({"MIL", "COP", "REB", "INS", "UAF", "SPY", "CRM"})
_ANNOUNCE = frozenset(fold_form(w) for w in ("announced", "أعلن", "أعلنت", "يعلن", "تعلن"))
_OFFSHORE = re.compile(r"(?:\boff the coast of|\bnear the coast of|قبالة(?:\s+سواحل|\s+ساحل)?)\s+$", re.I)
_NEAR_WORD = re.compile(r"(?:\b(?:around|near|off|close to|off the coast of|near the coast of|surrounding)\s+"
                        r"(?:the\s+)?(?:\w+\s+)?|(?:قرب|حول|قبالة|بالقرب من|محيط)\s+(?:\S+\s+)?)$", re.I)


def _place_target(ctx: _Context, mentions: Sequence[Mention], cue: Match, sent: Sentence,
                  payload: Cue, any_prep: bool = False) -> Mention | None:
    """The place an act was aimed at, standing for its people (`shelled El-Fasher`,
    `aid convoys to Idlib`): the place's country, with no agent type."""
    tokens = set(payload.target)
    stop = _response(ctx, cue.end, sent.end)
    for m in mentions:
        if m.start < cue.end or not m.country or not m.located:
            continue
        if m.start >= stop:
            break  # "… in response to the shelling of Idlib": the reason, not the target
        before = ctx.text[max(sent.start, m.start - 25):m.start]
        if _OFFSHORE.search(before):
            continue  # "a missile attack off the coast of Yemen": at sea, not on its people
        if any_prep or any(fold_form(w) in tokens for w in before.split()[-4:]) or "direct" in tokens:
            return _standing_for_people(m)
    return None


def _standing_for_people(m: Mention) -> Mention:
    """A place as a target: it stands for its people, its country inferred, no agent type."""
    return replace(m, type=None, head="country", key=m.country or m.key, located=False,
                   inferred=True)


def _destination(ctx: _Context, mentions: Sequence[Mention], cue: Match, cs: int, ce: int,
                 payload: Cue) -> Mention | None:
    """The host of a visit named as its destination (`arrived in Paris`, `إلى باريس`)."""
    for m in mentions:
        if m.start < cue.end or m.end > ce or not m.located or not m.country:
            continue
        before = ctx.text[max(cs, m.start - 30):m.start]
        if any(fold_form(w) in payload.target for w in before.split()[-3:]):
            return replace(m, type="GOV", head="country", located=False)
    return None


def _between(ctx: _Context, cue: Match, after: Sequence[Mention],
             preps: dict[int, str | None]) -> tuple[Mention, Mention] | None:
    """`talks between X and Y`, `clashes took place between two groups: X and Y`."""
    for f in ctx.functions:
        if f.start < cue.end or f.start - cue.end > 30 or _tag(f) != "between":
            continue
        named = [m for m in after if m.start >= f.end]
        pair = named[:2]
        colon = ctx.text.find(":", pair[0].end, pair[1].start) if len(pair) == 2 else -1
        if colon >= 0:
            # "between two armed groups …: Al-Radaa and the Tripoli Brigade": the
            # colon names them
            listed = [m for m in named if m.start > colon][:2]
            pair = listed if len(listed) == 2 else pair
        if len(pair) == 2 and len(ctx.text[f.end:named[0].start].split()) <= 3:
            return pair[0], pair[1]
        return None
    return None


def _ar_definite(text: str, m: Match) -> bool:
    """Does the Arabic word carry the article (`الجماعة`, `بالإفراج`, `للحركة`)?"""
    return text[m.start:m.end].startswith("ال") or m.prefix.endswith(("ال", "لل"))


def _definite(ctx: _Context, cue: Match) -> bool:
    """Does the noun cue carry the definite article (the talks, المحادثات)?"""
    if ctx.lang == "ar":
        return _ar_definite(ctx.text, cue)
    return bool(re.search(r"\bthe\s+(?:\w+\s+)?$", ctx.text[max(0, cue.start - 20):cue.start], re.I))


def _tag(m: Match) -> str:
    return m.entry.payload.kind if isinstance(m.entry.payload, Tag) else ""


def _subject(ctx: _Context, sent: Sentence, cue: Match, payload: Cue, before: Sequence[Mention],
             after: Sequence[Mention], preps: dict[int, str | None],
             sent_cues: Sequence[Match], k: int) -> tuple[Mention | None, list[Mention]]:
    """actor1 of an active cue, and the mentions left for the target."""
    free_before = [m for m in before if preps[id(m)] is None]
    free_after = [m for m in after if preps[id(m)] is None]
    if payload.kind == "noun":
        return _agent(ctx, cue, payload, before, after, preps)
    if ctx.lang == "en":
        prev_cue_end = sent_cues[k - 1].end if k > 0 else -1
        gap = ctx.text[max(prev_cue_end, cue.start - 12):cue.start] if k > 0 else ""
        if k > 0 and _AND_BEFORE.search(gap) and ctx.last_actor1 is not None:
            return ctx.last_actor1, list(after)
        if free_before and ctx.text[cue.start:cue.end].split()[0].lower().endswith("ing") \
                and (len(ctx.text[free_before[-1].end:cue.start].split()) > 3
                     or _EN_GERUND_PREP.search(ctx.text, max(0, cue.start - 12), cue.start)):
            # "convoys heading to Bamako": the -ing form modifies a noun; "people died
            # in fighting": after a preposition it is a noun, its agent not the subject
            return None, list(after)
        rel = _EN_RELATIVE.search(ctx.text, max(0, cue.start - 30), cue.start)
        if rel is not None and not (free_before and _SPACES_COMMAS.fullmatch(
                ctx.text[free_before[-1].end:rel.start()])):
            # "a massacre which killed 100 people": the subject is the massacre
            return None, list(after)
        if free_before:
            if _pronoun_subject(ctx, free_before[-1], cue):
                # "Kadhimi said ... he has opened an investigation": he is the speaker
                speaker = next((m for m in free_before if m.head == "named" or m.titled), None)
                return speaker, list(after)
            if payload.code[:2] in _JOINT_ROOTS or payload.code in _JOINT_CODES:
                subj, partner = _conjuncts(ctx, free_before)
                return subj, ([partner] if partner else []) + list(after)
            if len(free_before) > 1 and _EN_AND_VERB.search(ctx.text, max(0, cue.start - 8), cue.start) \
                    and not _EN_CONJ.fullmatch(ctx.text[free_before[-2].end:free_before[-1].start]):
                # "Somalia ordered Ethiopia's envoy to leave and recalled its own": a
                # second verb of the clause shares its subject, not the first verb's object
                return free_before[0], list(after)
            last = free_before[-1]
            prev = free_before[-2] if len(free_before) > 1 else None
            if (_unresolved(last) or last.inferred) and prev is not None and prev.type == last.type \
                    and prev.country and not prev.inferred \
                    and _EN_CONJ.fullmatch(ctx.text[prev.end:last.start]):
                # "Chinese warships and fighter jets": one adjective for both conjuncts
                return prev, list(after)
            return last, list(after)  # a list of subjects: see _co_actors
        return None, list(after)
    # Arabic
    if payload.kind == "verb":
        if free_before and cue.prefix == "" and _sv_order(ctx, free_before[-1], cue):
            return free_before[-1], list(after)
        # verb-first: the subject follows the verb closely; otherwise the
        # subject was dropped and continues the previous event's
        # `ألقت القبض على X`: a cue that ends in its own target preposition is
        # followed by its object, never its subject
        object_next = fold_form(ctx.text[cue.start:cue.end].split()[-1]) in payload.target
        speech = _ar_own_speech(ctx, sent, cue)
        if speech is not None and not (free_after and _near(ctx.text, cue.end, free_after[0].start)
                                       and not object_next):
            # "أكدت الشرطة أن مفارزها ألقت القبض على …": the speaker's own men acted
            speaker = _speaker(ctx, speech, [*before, *after], preps)
            if speaker is not None:
                return speaker, [m for m in after if m is not speaker]
        if free_after and not object_next and _near(ctx.text, cue.end, free_after[0].start):
            subj = free_after[0]
            if payload.code in _VISIT_ROOT_CODES and subj.head == "country" \
                    and ctx.last_actor1 is not None and ctx.last_actor1.head != "country" \
                    and _clause_initial(ctx, cue):
                # "زار مصر … والتقى": a visitor already in the story visits a country
                return ctx.last_actor1, list(after)
            return subj, [m for m in after if m is not subj]
        if ctx.last_actor1 is not None and _clause_initial(ctx, cue):
            return ctx.last_actor1, list(after)
        return None, list(after)
    return None, list(after)


def _agent(ctx: _Context, cue: Match, payload: Cue, before: Sequence[Mention],
           after: Sequence[Mention], preps: dict[int, str | None]) -> tuple[Mention | None, list[Mention]]:
    """Who performs a verbal noun: in its own phrase, else as the subject of a framed clause."""
    subj, rest = _own_agent(ctx, cue, payload, before, after, preps)
    if subj is None and payload.code[:2] in _JOINT_ROOTS:
        framed = _framed(ctx, cue, after, preps)
        if framed is not None:
            return framed
    return subj, rest


#: what may stand between a frame word and its noun (`during a phone call`, `in his talks`)
_FRAME_GAP = re.compile(r"\s*(?:(?:a|an|the|his|her|their|its|two|three|lengthy|separate|"
                        r"telephone|phone|bilateral|closed-door)\s+){0,3}", re.IGNORECASE)


def _framed(ctx: _Context, cue: Match, after: Sequence[Mention],
            preps: dict[int, str | None]) -> tuple[Mention, list[Mention]] | None:
    """`During talks with X, Y said …`, `وخلال اتصال هاتفي مع X، أكد Y …`.

    A meeting, call or visit named in a time phrase that opens the sentence is
    performed by the subject of the clause after the comma; its partner is in
    the phrase itself. Only cooperative acts: `after the attack on X, Y
    said` says nothing of who attacked.
    """
    frame = next((f for f in ctx.functions if f.end <= cue.start and cue.start - f.end <= 40
                  and (_tag(f) == "frame" or (_tag(f) == "location"
                                              and fold_form(f.entry.form) in _FRAME_LOCATION))
                  and _FRAME_GAP.fullmatch(ctx.text[f.end:cue.start])), None)
    if frame is None:
        return None
    lead = ctx.text[:frame.start]
    cut = max(lead.rfind(c) for c in ".!?؟\n\"“«:")
    if fold_form(lead[cut + 1:]).strip() not in ("", "و", "ف"):
        return None  # the phrase must open the sentence
    comma = _COMMA.search(ctx.text, cue.end)
    if comma is None or re.search(r"[.;؛!?؟]", ctx.text[cue.end:comma.start()]):
        return None
    inner = [m for m in after if m.start < comma.start()]
    if not inner or any(c.start >= cue.end and c.end <= comma.start() for c in ctx.cue_spans):
        return None
    limit = 3 if ctx.lang == "ar" else 2
    for m in after:
        if m.start > comma.start() and preps[id(m)] is None:
            if len(ctx.text[comma.end():m.start].split()) <= limit:
                return m, inner
            return None
    return None


def _own_agent(ctx: _Context, cue: Match, payload: Cue, before: Sequence[Mention], after: Sequence[Mention],
               preps: dict[int, str | None]) -> tuple[Mention | None, list[Mention]]:
    """Who performs a verbal noun (`air strikes`, `غارات`, `اعتقال`), if the text says.

    In order: a passive agent (`by X`, `من قبل X`); the subject of a light
    verb that takes the noun (`X carried out air strikes`, `شن X غارات`,
    `أعلنت X اعتقال`); an English possessive (`X's attack`); an Arabic
    genitive right after the noun when the cue's target is not that genitive
    (`زيارة الرئيس` is the president's visit, `اعتقال X` is X's arrest). A
    noun that is the object of another act (`condemned the attack`) gets no
    agent from that act's subject.
    """
    rest = list(after)
    agent = next((m for m in after if preps[id(m)] in _BY), None)
    if agent is not None:
        return agent, [m for m in rest if m is not agent]
    nation = _demonym_agent(ctx, cue, payload)
    if nation is not None:
        return nation, rest
    got = _receiver(ctx, cue)
    if got is not None:
        # "X received a call from Y", "تلقى X اتصالا من Y": Y acts, X is the target
        sender = next((m for m in after if preps[id(m)] in _FROM), None)
        receiver = next((m for m in before if m.start >= got.end), None) if ctx.lang == "ar" \
            else (before[-1] if before else None)
        if receiver is None and ctx.lang == "ar":
            receiver = next((m for m in after if m.end <= cue.start), None)
        if sender is not None and receiver is not None:
            return sender, [receiver]
    if ctx.lang == "ar":
        # هجوم صاروخي للحوثيين, بغارة من طيران التحالف, غارتين شنها الطيران الأميركي
        for m in after:
            gap = ctx.text[cue.end:m.start].split()
            if len(gap) > 2:
                break
            if m.prefix.endswith("ل") or (gap and fold_form(gap[-1]) == "من"):
                return m, [x for x in rest if x is not m]
        trailing = _light_verb(ctx, cue, after_cue=True)
        if trailing is not None:
            doer = next((m for m in after if m.start >= trailing.end
                         and len(ctx.text[trailing.end:m.start].split()) <= 1), None)
            if doer is not None:
                return doer, [x for x in rest if x is not doer]
    light = _light_verb(ctx, cue)
    if light is not None:
        between = [m for m in before if m.start >= light.end and preps[id(m)] is None]
        ahead = [m for m in before if m.end <= light.start and preps[id(m)] is None]
        subj: Mention | None = None
        partner: Mention | None = None
        if ctx.lang == "ar" and between:
            subj = between[0]
        elif ahead and _sv_order_span(ctx.text, ahead[-1].end, light.start):
            subj, partner = _conjuncts(ctx, ahead)
        elif between:
            subj = between[0]
        if subj is not None and payload.code[:2] in _VIOLENT_ROOTS and subj.type not in _ARMED \
                and fold_form(light.entry.form) in _ANNOUNCE:
            # "أعلنت وزارة الصحة مقتل 20 شخصا": who reports deaths did not kill
            return None, rest
        return subj, ([partner] if partner else []) + rest
    if ctx.lang == "en":
        # "Turkey's air strikes", "a UN aid convoy": the name on the act
        if before and re.fullmatch(r"(?:['’]s?)?\s+(?:[a-z\-]+\s+)?", ctx.text[before[-1].end:cue.start]):
            return before[-1], rest
        return None, rest
    free_after = [m for m in after if preps[id(m)] is None]
    # a genitive follows only an indefinite noun: زيارة الرئيس, not الزيارة وزير
    if free_after and free_after[0].start - cue.end <= 2 and "direct" not in payload.target \
            and not _definite(ctx, cue):
        subj = free_after[0]
        return subj, [m for m in rest if m is not subj]
    return None, rest


def _conjuncts(ctx: _Context, before: Sequence[Mention]) -> tuple[Mention, Mention | None]:
    """The subject before a cue, split when it is `X and Y` (X acts, Y is the partner)."""
    subj = before[-1]
    if len(before) > 1 and _EN_CONJ.fullmatch(ctx.text[before[-2].end:subj.start]):
        return before[-2], subj
    return subj, None


_PRONOUN_RE = re.compile(r"\b(?:he|she)\b(?:\s+\w+){0,2}\s*$", re.IGNORECASE)


def _pronoun_subject(ctx: _Context, nearest: Mention, cue: Match) -> bool:
    """Is the cue's subject a personal pronoun standing after the nearest mention?"""
    return bool(_PRONOUN_RE.search(ctx.text[nearest.end:cue.start]))


def _starts_with_receive(ctx: _Context, cue: Match) -> bool:
    return any(_tag(f) == "receive" and f.start == cue.start for f in ctx.functions)


def _receiver(ctx: _Context, cue: Match) -> Match | None:
    """A `receive` verb (`received`, `تلقى`) right before the noun cue in its clause.

    Arabic puts the subject (with its title and a time word) in between:
    `تلقى سعيد المنصوري، وزير الدولة في وزارة الخارجية، اليوم، اتصالا`.
    """
    reach = 20 if ctx.lang == "ar" else 6
    for f in ctx.functions:
        if _tag(f) == "receive" and f.end <= cue.start and len(ctx.text[f.end:cue.start].split()) <= reach \
                and not re.search(r"[.;؛]", ctx.text[f.end:cue.start]):
            return f
    return None


def _light_verb(ctx: _Context, cue: Match, after_cue: bool = False) -> Match | None:
    """The light verb (`carried out`, `شن`) governing a noun cue in its clause.

    With `after_cue`, a light verb right after the noun in a relative clause
    (`غارتين شنها الطيران`).
    """
    best = None
    for f in ctx.functions:
        if _tag(f) != "light":
            continue
        if after_cue:
            if f.start >= cue.end and len(ctx.text[cue.end:f.start].split()) <= 2:
                return f
            continue
        if f.end <= cue.start and cue.start - f.end <= 250:
            gap = ctx.text[f.end:cue.start]
            # Arabic puts the subject and time phrases between: شن الطيران، فجر اليوم، غارات;
            # no other act may stand between the light verb and its noun
            if not re.search(r"[.;؛:!?؟]", gap) and len(gap.split()) <= (30 if ctx.lang == "ar" else 6) \
                    and not any(f.end <= c.start and c.end <= cue.start for c in ctx.cue_spans):
                best = f
    return best


def _nations(ctx: _Context, cue: Match) -> list[Mention]:
    """National adjectives on an act: `غارات أميركية بريطانية`, `Egyptian-French drills`.

    Arabic puts them right after the noun, English right before it; a run of
    them joined by spaces, hyphens or `and` is read as one list.
    """
    ar = ctx.lang == "ar"
    cands = [d for d in ctx.demonyms if (d.start >= cue.end if ar else d.end <= cue.start)]
    cands.sort(key=lambda d: d.start if ar else -d.end)  # nearest first
    out: list[Mention] = []
    pos = cue.end if ar else cue.start
    for d in cands:
        gap = ctx.text[pos:d.start] if ar else ctx.text[d.end:pos]
        words = [w for w in re.sub(r"[-–]|\band\b", " ", gap).split() if w != "و"]
        if len(words) > (0 if out else 1):
            break
        iso3 = getattr(d.entry.payload, "iso3", None)
        if iso3 and all(m.country != iso3 for m in out):
            out.append(Mention(d.start, d.end, ctx.text[d.start:d.end], iso3, "MIL",
                               f"{iso3}MIL", "country", d.prefix))
        pos = d.end if ar else d.start
    return out if ar else out[::-1]


def _demonym_agent(ctx: _Context, cue: Match, payload: Cue) -> Mention | None:
    """`US air strikes`, `Turkish air strikes`, `غارات أميركية`: the nation acts.

    Only for uses and shows of force and for joint military activity, where a
    national adjective on the act names who carried it out.
    """
    if payload.code[:2] not in _FORCE_ROOTS | {"15", "06"}:
        return None
    nations = _nations(ctx, cue)
    if not nations:
        return None
    # "غارات أميركية بريطانية": the first nation acts, and each other one too; the
    # name is the whole run of adjectives, true of every nation's row
    first, last = min(nations, key=lambda n: n.start), max(nations, key=lambda n: n.end)
    return replace(nations[0], name=ctx.text[first.start:last.end],
                   also=tuple(n.country for n in nations[1:] if n.country))


def _sv_order_span(text: str, a: int, b: int) -> bool:
    gap = text[a:b]
    return len(gap.split()) <= 3 and "،" not in gap and "," not in gap


# "agreed to impose sanctions": a decision taken is an act, not an aim
_DECIDED = re.compile(
    r"\b(?:agreed|decided|voted|moved|began|started|continued|resolved|intervened|stepped in)\b"
    r"(?:\s+\S+){0,3}\s+to\s+$", re.I)
_DIPLOMAT = re.compile(r"ambassador|diplomat|charg|envoy|consul|سفير|دبلوماسي|القايم بالاعمال|قنصل")
#: attribution words after which a name is the source of the report
_SOURCE_WORD = re.compile(r"according|بحسب|حسب|وفق|نقلا|quoting|citing", re.I)
_AIR = re.compile(r"\bair force|warplane|aircraft|fighter jet|drone|"
                  r"طيران|طايرات|سلاح الجو|القوات الجويه|مقاتلات|مسير")
#: "X and Y", "X and his Y": two conjuncts of one subject
_EN_CONJ = re.compile(r"\s*(?:and|,)\s+(?:the\s+|his\s+|her\s+|its\s+|their\s+)?", re.IGNORECASE)
_LED_BY = re.compile(r"(?:رئاسة|قيادة)\s")
_OPENERS = frozenset(fold_form(w) for w in ("حيث", "ثم", "كما", "بعدما", "بعد أن", "قبل أن",
                                             "عندما", "حين", "وقد", "قد", "فيما", "بينما"))


_TEEN = re.compile(r"\s+عشر")


def _cue_position_ok(text: str, cue: Match) -> bool:
    """A verb listed as `initial` counts only where it opens its sentence or clause.

    `وطالب الرئيس إسرائيل بالانسحاب`, `حذر الجيش من …`: the verb; `قتل مدني وطالب`
    (and a student), `الطالب`: a noun.
    """
    payload = cue.entry.payload
    if _TEEN.match(text, cue.end) and fold_form(text[cue.start:cue.end]) in ("اثني", "اثنى"):
        return False  # `اثني عشر`, twelve, is not أثنى (praised)
    if not (isinstance(payload, Cue) and payload.initial):
        return True
    if cue.prefix not in ("", "و", "ف"):
        return False
    head = text[:cue.wstart if cue.wstart >= 0 else cue.start]
    cut = max(head.rfind(c) for c in ".،,:؛;!?؟\n\"«»“”")
    lead = fold_form(head[cut + 1:]).strip()
    return lead == "" or lead in _OPENERS or (lead.startswith("و") and lead[1:] in _OPENERS)


def _clause_initial(ctx: _Context, cue: Match) -> bool:
    """Does the verb open its clause (so a dropped subject continues the last one)?

    `وبحث معه`, `حيث عقد اجتماعا`, a sentence that starts with the verb: yes.
    `أن الغارة استهدفت`: no, the subject is `الغارة`, just not an actor.
    """
    if cue.prefix and cue.prefix[0] in "وف":
        return True
    head = ctx.text[:cue.start]
    cut = max(head.rfind(c) for c in ".،,:؛;\n")
    lead = fold_form(head[cut + 1:]).strip()
    return lead == "" or lead in _OPENERS or (lead.startswith("و") and lead[1:] in _OPENERS)


_QUANTITY_OF = re.compile(
    r"(?:\b(?:thousands|hundreds|dozens|scores|millions|tens|groups?|number|some|many|most|all|"
    r"several|members|one|two|three|four|five|six|seven|eight|nine|ten)\s+of|"
    r"(?:عدد|مجموعة|آلاف|الاف|مئات|عشرات|بعض|أحد|احد|كثير|المئات|الآلاف|العشرات|\d+|"
    r"اثنين|اثنان|ثلاثة|أربعة|خمسة|ستة|سبعة|ثمانية|تسعة|عشرة)\s+من)$",
    re.IGNORECASE)
_TIME_WORDS = frozenset(fold_form(w) for w in (
    "اليوم", "أمس", "امس", "الأحد", "الاثنين", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس",
    "الجمعة", "السبت", "يوم", "صباح", "مساء", "فجر", "ظهر", "الماضي", "الماضية", "أيضا", "بدوره",
    "بدورها", "رسميا", "مؤخرا", "قد", "كذلك"))


def _near(text: str, a: int, b: int) -> bool:
    """At most three words, all of them time or filler words, between a and b."""
    words = [w.strip("،,") for w in text[a:b].split()]
    return len(words) <= 3 and all(fold_form(w) in _TIME_WORDS for w in words if w)


def _sv_order(ctx: _Context, subj: Mention, cue: Match) -> bool:
    """Arabic subject-first: the actor sits right before the verb."""
    gap = ctx.text[subj.end:cue.start]
    if any(subj.end <= c.start and c.end <= cue.start for c in ctx.cue_spans):
        return False  # `جنود في هجوم استهدف`: the act named between is the subject
    return len(gap.split()) <= 3 and "،" not in gap and "," not in gap


_NOUN_AGENT = re.compile(r"\s*(?:[^\s,.،]+\s+)?(?:by|من|من قبل)\s+$", re.IGNORECASE)


def _noun_agent(ctx: _Context, cue: Match, after: Sequence[Mention]) -> Mention | None:
    """`بغارة من طيران التحالف`, `a strike by coalition jets`: the attack's agent.

    An armed actor right after a violent verbal noun (an adjective may stand
    between) and `by` / `من` carried it out.
    """
    for m in after:
        if m.start < cue.end:
            continue
        if _NOUN_AGENT.fullmatch(ctx.text[cue.end:m.start]) and m.type in _ARMED:
            return m
        return None
    return None


def _next_verb(ctx: _Context, cue: Match, a1: Mention | None, inside: Sequence[Mention]) -> int:
    """Where the sentence's next finite verb cue starts (or the text's end).

    `threatened to attack X and called on Y to …`: Y is the next verb's
    object, not the first one's. A purpose infinitive (`fired tear gas to
    disperse the crowd`) continues the act and is no such boundary, nor is
    a cue read inside a name (`عمر فايد`).
    """
    for c in ctx.cue_spans:
        if c.start <= cue.end or (a1 is not None and c.start < a1.end):
            continue
        if any(m.start <= c.start < m.end for m in inside):
            continue
        if not ctx.text[cue.end:c.start].strip():
            continue  # `fired artillery shells`: one phrase, `shells` is its noun
        if not (isinstance(c.entry.payload, Cue) and c.entry.payload.kind == "verb"):
            continue
        if ctx.lang == "en" and re.search(r"\bto\s+$", ctx.text[max(0, c.start - 4):c.start], re.I):
            continue
        if ctx.lang == "ar" and c.prefix.endswith("ل"):
            continue  # لتفريق المحتجين: the purpose
        return c.start
    return len(ctx.text)


def _before_content(ctx: _Context, cue: Match, payload: Cue, a1: Mention | None,
                    rest: Sequence[Mention]) -> Sequence[Mention]:
    """Arabic `طالب X بالإفراج عن Y`, `قصفت السوق بالمدفعية`: Y is no target.

    No object of a verb stands past the next verb cue of its sentence. For
    a verb whose target is not introduced by ب, a ب-phrase after the verb
    (and its subject) states what is demanded or accused of, or the means:
    a verbal noun cue with ب, or any definite word with بال. The verb's own
    object stands before it.
    """
    nxt = _next_verb(ctx, cue, a1, rest)
    rest = [m for m in rest if m.end <= nxt]
    if ctx.lang != "ar" or "ب" in payload.target:
        return rest
    pos = max(cue.end, a1.end) if a1 is not None else cue.end
    content = next((c.start for c in ctx.cue_spans if c.start > cue.end and "ب" in c.prefix),
                   len(ctx.text))
    for means in _BI_DEFINITE.finditer(ctx.text, pos, content):
        # a word of a name is no phrase of its own (`القائم بالأعمال`)
        if not any(m.start <= means.start() < m.end for m in rest):
            content = means.start()
            break
    return [m for m in rest if m.end <= content]


def _target(payload: Cue, rest: Sequence[Mention], preps: dict[int, str | None],
            a1: Mention | None) -> Mention | None:
    """The first mention after the cue introduced the way the cue says."""
    tokens = set(payload.target)
    for m in rest:
        if m is a1 or _same(m, a1):
            continue
        p = preps[id(m)]
        if (p is None and "direct" in tokens) or (p is not None and p in tokens):
            return m
    return None


#: `انتقد ما وصفه بـ"التصرفات الأحادية" للهند`, `criticised what he called India's …`
_WHAT_CALLED = re.compile(r"^\s*(?:[^\s،,.]+\s+){0,6}?(?:ما\s+(?:وصفه|وصفته|وصفها|وصفوه|اعتبره|اعتبرته|"
                          r"سماه|أسماه)|what\s+(?:he|she|it|they)\s+(?:called|described as|termed))\b",
                          re.IGNORECASE)


def _what_called(ctx: _Context, cue: Match, a1: Mention, after: Sequence[Mention]) -> Mention | None:
    """The owner of what a critic calls names: `ما وصفه بـ"التصرفات الأحادية" للهند` → India."""
    called = _WHAT_CALLED.match(ctx.text[cue.end:cue.end + 160])
    if called is None:
        return None
    start = cue.end + called.end()
    return next((m for m in after if m.start >= start and m.country and m.country != a1.country
                 and m is not a1), None)


_EN_HIM = re.compile(r"\s+(?:him|her|them)\b", re.IGNORECASE)


def _held_person(ctx: _Context, cue: Match, mentions: Sequence[Mention], a1: Mention, cs: int,
                 ce: int) -> Mention | None:
    """`قامت الشرطة بإلقاء القبض عليه`, `police arrested him`: a person the story told of.

    An arrest or detention whose object is a pronoun holds a civilian of the
    country where it happened (the clause's place, else the arresting side's).
    """
    if ctx.lang == "ar":
        word = ctx.text[cue.start:cue.end].split()[-1]
        if not _OWN_SUFFIX.search(fold_form(word)) or word.endswith("ة"):
            return None
        end = cue.end
    else:
        him = _EN_HIM.match(ctx.text, cue.end)
        if him is None:
            return None
        end = him.end()
    where = next((m.country for m in mentions if m.located and m.country and cs <= m.start < ce),
                 None) or a1.country
    if where is None:
        return None
    pronoun = ctx.text[cue.start:end].split()[-1]
    return Mention(cue.start, end, pronoun, where, "CVL", f"{where}CVL", "role", inferred=True)


def _person_object(ctx: _Context, cue: Match, payload: Cue, a1: Mention, rest: Sequence[Mention],
                   preps: dict[int, str | None]) -> Mention | None:
    """`حفتر يبحث سفير بريطانيا سبل التعاون`: a talks verb whose object is a person.

    Arabic talks verbs (بحث، ناقش) take the topic as object and the partner
    after مع; news style also writes the partner as the object. Only an
    official's title or name right after the verb (or its subject) counts, so
    `بحث الرئيس تقرير الوزير` stays a topic.
    """
    if ctx.lang != "ar" or payload.kind != "verb" or payload.code[:2] != "04" \
            or "direct" in payload.target:
        return None
    pos = max(cue.end, a1.end) if a1.start > cue.start else cue.end
    for m in rest:
        if m.start < pos or m is a1:
            continue
        if preps[id(m)] is None and m.titled and m.head in ("named", "role") \
                and _near(ctx.text, pos, m.start) and not _same(m, a1):
            return m
        return None
    return None


def _same(a: Mention | None, b: Mention | None) -> bool:
    """Do two mentions name the same actor (so that no event joins them)?

    The same span or named actor; or the same role where one side's country
    was only inferred (`وزير الخارجية` after `وزير الخارجية التونسي` may be
    either minister of a bilateral story: better no event than a wrong one).
    """
    if a is None or b is None:
        return False
    if a.start == b.start and a.end == b.end:
        return True
    if a.role and a.role == b.role and (a.inferred or b.inferred):
        return True
    return a.head == b.head == "named" and a.key == b.key


def _history(dates: Sequence[DateMention], published: date | None) -> bool:
    """The sentence dates itself in a past year (`signed an accord in 2012`).

    An `at` date (not `since`/`until`) more than a year before publication,
    with no recent date beside it, makes the sentence background.
    """
    if published is None:
        old = [d for d in dates if d.relation == "at" and d.precision == "year"]
        return bool(old) and len(old) == len(dates)
    recent = [d for d in dates if d.date and (published - d.date).days <= 366]
    old = [d for d in dates if d.relation == "at" and d.date and (published - d.date).days > 366]
    return bool(old) and not recent


def _background(when: EventDate, published: date | None) -> bool:
    """An event the text dates long before publication is history, not news."""
    if when.date is None:
        return False
    if when.precision == "year":
        return True
    return published is not None and (published - when.date).days > 366


def _location(ctx: _Context, mentions: Sequence[Mention], sent: Sentence, cs: int, ce: int,
              cue: Match, code: str, a1: Mention,
              a2: Mention | None) -> tuple[str | None, str | None]:
    """Where the event happened: the nearest place the text ties to it.

    A located place or country of the event's clause, else of its sentence,
    else of its paragraph; for a verbal act the place before the cue wins
    (`وفي القاهرة، أدانت …`: Cairo, not the place of what was condemned), for
    a material act the place after it (`air strikes in northern Iraq`).
    Failing those: a visit's host country; the last place the story named
    before the event, or its dateline, when one of the actors belongs there.
    """
    verbal = code[:2] < "14" and code not in _VISIT_ROOT_CODES
    for lo, hi in ((cs, ce), (sent.start, sent.end), _segment(ctx, sent)):
        located = [m for m in mentions if m.located and m.country and lo <= m.start and m.end <= hi]
        if not located and (lo, hi) == _segment(ctx, sent):
            # a paragraph's place counts up to the event's sentence: a later
            # sentence's place is where something later happened
            located = [m for m in ctx.located if m.located and m.country and lo <= m.start
                       and m.end <= min(hi, sent.end)]
        if not located:
            continue
        before = [m for m in located if m.end <= cue.start]
        after = [m for m in located if m.start >= cue.start]
        best = (before[-1] if before else after[0]) if verbal else (after[0] if after else before[-1])
        return ctx.text[best.start:best.end], best.country
    if code in _VISIT_ROOT_CODES and a2 is not None and a2.country:
        return None, a2.country
    # the story's last place before the event, or its dateline, when an actor
    # belongs there (a Nairobi dateline does not place a strike in Somalia)
    countries = {a1.country, a2.country if a2 is not None else None} - {None}
    earlier = [m for m in ctx.located if m.country and m.end <= cue.start]
    for m in reversed(earlier):
        if m.country in countries:
            return ctx.text[m.start:m.end], m.country
    if ctx.dateline is not None and ctx.dateline[1] in countries:
        return ctx.dateline
    return None, None


def _segment(ctx: _Context, sent: Sentence) -> tuple[int, int]:
    """The body segment (paragraph) that holds the sentence."""
    assert ctx.page is not None
    for seg in ctx.page.body:
        if seg.start <= sent.start and sent.end <= seg.end:
            return seg.start, seg.end
    return sent.start, sent.end


def _topics(ctx: _Context) -> tuple[str, ...]:
    """Topics of the story an event belongs to: every topic cued in the body.

    Measured on our sample corpus and the dev sets, the whole body predicts
    the hand-coded topics better than the event's sentence or paragraph
    (topic F1 0.80 vs 0.73 on the sample); page noise is already excluded.
    """
    if ctx.story_topics is None:
        cued: dict[str, bool] = {}  # topic -> cued by more than casualty reports
        for m in ctx.topics:
            if isinstance(m.entry.payload, Tag):
                report = ctx.violent and ctx.casualty is not None \
                    and ctx.casualty.overlaps(m.start, m.end)
                cued[m.entry.payload.kind] = cued.get(m.entry.payload.kind, False) or not report
        # "taken to hospital", "the health ministry said 20 were killed": in a story
        # of violence, casualty reports alone do not make it a story about health
        ctx.story_topics = tuple(sorted(t for t, real in cued.items() if real))
    return ctx.story_topics


def _placed(m: Mention, mentions: Sequence[Mention], cs: int, ce: int) -> Mention:
    """`protesters stormed the consulate in Casablanca`: people of no stated country,
    acting where their clause places them, are of that place's country."""
    if m.country or not domestic(m.type) or m.type in _STATELESS:
        return m
    where = {x.country for x in mentions if x.located and x.country and cs <= x.start < ce}
    return replace(m, country=where.pop(), inferred=True) if len(where) == 1 else m


def _ref(m: Mention) -> ActorRef:
    return ActorRef(name=m.name, country=m.country, type=m.type, start=m.start, end=m.end,
                    actor_id=m.key if m.head == "named" else None)


def _actor_key(a: ActorRef | None) -> str:
    if a is None:
        return ""
    return a.actor_id or a.country or a.name


#: roots whose act goes one way: A's criticism of B and B's of A are two happenings
_DIRECTED_ROOTS = frozenset({"09", "10", "11", "12", "13", "14", "16", "17", "18", "20"})


#: agent types of roles that do not hold meetings as parties (`المستشفيات تستضيف النازحين`)
_NOT_DIPLOMATIC = frozenset({"HLH", "EDU", "BUS", "CVL", "REF", "MED", "LAB"})


def _collapse(events: Sequence[CodedEvent]) -> list[CodedEvent]:
    """One row per happening: same root and same pair of countries (or actors)."""
    groups: dict[tuple[str, ...], list[CodedEvent]] = {}
    for ev in events:
        c1, c2 = ev.actor1.country, ev.actor2.country if ev.actor2 else None
        if c1 and c2:
            # a meeting or a clash is one happening whichever side is named first; a
            # criticism or an arrest one way and another the other way are two
            pair = (c1, c2) if ev.code[:2] in _DIRECTED_ROOTS else tuple(sorted((c1, c2)))
            key = (ev.code[:2], *pair)
        else:
            key = (ev.code[:2], _actor_key(ev.actor1), _actor_key(ev.actor2))
        groups.setdefault(key, []).append(ev)
    out = []
    for group in groups.values():
        best = max(group, key=lambda e: (e.confidence, -e.sentence_index))
        topics = tuple(sorted({t for e in group for t in e.topics}))
        dated = best if best.date.source == "text" else next(
            (e for e in group if e.date.source == "text"), best)
        out.append(replace(best, mentions=len(group), topics=topics, date=dated.date))
    out.sort(key=lambda e: (e.evidence.start, e.code))
    return out
