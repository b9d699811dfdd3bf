"""Who is named in a sentence: actor mentions built from dictionary matches.

A mention is a phrase headed by a named actor, a role or a country, with
the country it belongs to resolved from the phrase itself:

- a title before a name: `Foreign Minister Ramtane Lamamra`,
  `الفريق أول ركن صدام حفتر`; an unknown name after a title is kept as the
  mention's name (capitalised words in English, up to three words in Arabic);
- a role qualified by a demonym or a country: `the French president`,
  `Iraqi security forces`, `Algeria's foreign ministry`, `الرئيس الفرنسي`,
  `القوات المسلحة الليبية`, `سفير المملكة المتحدة`, `the President of France`
  (only the usual title adjectives may stand between: `الخاص`, `العام`…);
- a genitive chain: `المبعوث الخاص للرئيس الفرنسي` (the French president's
  envoy is French), `نائب القائد العام للقوات المسلحة`;
- an apposition: `نائب القائد العام للقوات المسلحة، الفريق أول ركن صدام
  حفتر` or `Ramtane Lamamra, Algeria's foreign minister` is one person;
- a country, capital or seat of government standing alone, as long as no
  location word puts it in the role of a place (`in Paris`, `في باريس`): a
  place name alone is not an actor; a demonym alone ("the French role")
  qualifies a noun we do not know and is not an actor either.

News agencies and `blocker` phrases (`أمريكا اللاتينية`, `force majeure`)
hide the names inside them.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace

from events.lexicon import CountryForm, NamedActor, Role, Tag
from events.matcher import Match

#: match kinds that take part in leftmost-longest resolution of names
ENTITY_KINDS = frozenset({"actor", "role", "country", "place", "media", "blocker"})

_SPACE_ONLY = re.compile(r"^\s*$")
_EN_POSSESSIVE = re.compile(r"^\s*['’]s?\s*$")
# "Taiwan's new president", "Iraq's semi-official commission"
_EN_POSS_ADJ = re.compile(r"^\s*['’]s?\s+(?:[a-z][a-z\-]+\s+){1,2}$")
# "Moroccan Energy Transition Minister": a portfolio between nation and title
_EN_PORTFOLIO = re.compile(r"^(?:['’]s)?\s+(?:(?:[A-Z][a-z]+|and|of|,)\s*){1,5}\s$")
_EN_OF = re.compile(r"^\s*(?:of|of the|for|for the|to|to the)\s*$", re.IGNORECASE)
_EN_THE = re.compile(r"^\s*(?:the\s+)?$", re.IGNORECASE)
_POSTED = re.compile(r"لدى\s*$")
_IN_LINK = re.compile(r"^\s*(?:في|in|in the)\s+$", re.IGNORECASE)
_FROM_LINK = re.compile(r"^\s*from\s+(?:the\s+)?$", re.IGNORECASE)
# who comes `from` a country belongs to it ("lawmakers from South Korea visited"), but
# only as a subject: an object came away from it ("recalled their ambassadors from
# Beirut", "withdrew troops from Syria")
_SUBJECT_BEFORE = re.compile(
    r"(?:^|[.,;:!?\"“”(\n]|\b(?:a|an|the|as|and|but|while|when|after|that|which))\s*$",
    re.IGNORECASE)
_COMMA = re.compile(r"^\s*[,،]\s*(?:the\s+|and\s+)?$", re.IGNORECASE)
_EN_NAME_WORD = re.compile(r"\s*((?:al-|el-|bin |ben |Abu |abu |de |van |von )?[A-Z][\w'’\-]*\.?)")
_EN_NAME_STOP = frozenset(
    "The A An On In At And But Said Says Told Tuesday Monday Wednesday Thursday Friday "
    "Saturday Sunday January February March April May June July August September October "
    "November December He She They It His Her Their This That These".split()
)
_AR_NAME_WORD = re.compile(r"\s*([\u0621-\u064a]{2,})")
_AR_NAME_STOP = frozenset(
    "في على إلى الى من عن مع أن إن ان الذي التي الذين قد لم لن ثم حيث خلال عند بعد قبل "
    "اليوم أمس امس يوم صباح مساء وذلك كما حول بشأن لدى الى".split()
)
_AR_WORD = re.compile(r"[\u0621-\u064a]+")
_AR_NAME_LINK = frozenset("بن ابن بنت آل ال أبو ابو أبي ولد".split())


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
    #: clitic letters just before the mention (folded), for grammar
    prefix: str = ""
    #: the country was inferred from context, not the phrase
    inferred: bool = False
    #: the head is a seat or capital (metonym) rather than a role or name
    metonym: bool = False
    #: a location word governs it (`in X`, `في X`)
    located: bool = False
    #: the mention is a group/collective (protesters, police)
    group: bool = False
    #: the role form that opens the phrase, if any (for later bare mentions)
    role: str | None = None
    #: the phrase holds a person's title (president, general, envoy)
    titled: bool = False
    #: the phrase holds a personal name (named actor, or a name after a title)
    has_name: bool = False
    #: where the personal name ends, when a title follows it (`سعيد المنصوري، وزير …`)
    name_end: int = -1
    #: more nations on the same phrase (`الطيران الأميركي البريطاني`): each acted too
    also: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Words:
    """Function words of a sentence, by kind, for the phrase rules."""

    adjectives: frozenset[tuple[int, int]]
    location: tuple[Match, ...]
    #: Arabic given names (start → end), so a title's name can be told
    givens: dict[int, int]
    #: location words sorted by end offset, for bisection
    location_by_end: tuple[Match, ...] = ()
    location_ends: tuple[int, ...] = ()


def _payload(m: Match) -> object:
    return m.entry.payload


def definite_forms(text: str, matches: Sequence[Match]) -> list[Match]:
    """Country words that are ambiguous only bare, written with the article: no longer ambiguous.

    `تركي` is a demonym and a given name (Turki); `التركي`, `للتركي` are only the adjective.
    """
    out = []
    for m in matches:
        p = m.entry.payload
        if isinstance(p, CountryForm) and p.bare_ambiguous:
            surface = text[m.start:m.end]
            if surface.startswith("ال") or (m.prefix.endswith("ل") and surface.startswith("ل")):
                m = replace(m, entry=replace(m.entry, payload=replace(p, ambiguous=False)))
        out.append(m)
    return out


def build_mentions(text: str, matches: Sequence[Match], functions: Sequence[Match],
                   start: int, end: int, lang: str) -> list[Mention]:
    """Actor and place mentions in text[start:end], left to right.

    `matches` are the article's resolved entity matches (leftmost-longest
    over ENTITY_KINDS) and `functions` its function-word matches.
    """
    # a combining form (`Sino-`, `Indo-`) only qualifies an act: never an actor or a qualifier
    ms = [m for m in matches if start <= m.start and m.end <= end
          and not (isinstance(m.entry.payload, CountryForm) and m.entry.payload.kind == "combining")]
    fs = [f for f in functions if start <= f.start and f.end <= end]
    words = _Words(
        adjectives=frozenset((f.start, f.end) for f in fs if _tag(f) == "adjective"),
        location=tuple(f for f in fs if _tag(f) == "location"),
        givens={f.start: f.end for f in fs if f.kind == "given"},
    )
    by_end = tuple(sorted(words.location, key=lambda f: f.end))
    words = replace(words, location_by_end=by_end, location_ends=tuple(f.end for f in by_end))
    out: list[Mention] = []
    i = 0
    while i < len(ms):
        m = ms[i]
        p = _payload(m)
        if m.kind in ("media", "blocker"):
            i += 1  # an agency or a blocked phrase: never an actor
            continue
        if m.kind == "place":
            assert hasattr(p, "iso3")
            out.append(Mention(m.start, m.end, text[m.start:m.end], p.iso3, None,
                               "place", "place", m.prefix, located=True))
            i += 1
            continue
        place = _national_place(text, m, lang)
        if place is not None:
            out.append(place)
            i += 1
            continue
        mention, used = _phrase(text, ms, i, end, lang, words)
        if mention is not None:
            out.append(mention)
        i += max(used, 1)
    if lang == "ar":
        out = _persons(text, out, words, end)
    out = _appositions(text, out, lang)
    # a person no title placed is of unknown country and kind: not an actor
    out = [m for m in out if m.head != "person"]
    return [_mark_located(text, m, words, lang, start) for m in out]


_EN_PLACE_NOUN_AFTER = re.compile(
    r"\s+(?:capital|towns|cities|villages|territory|soil|border towns)\b(?!\s+(?:of|city\s+of)\b)",
    re.IGNORECASE)
_AR_PLACE_NOUN_BEFORE = re.compile(r"(?:^|\s)[وفب]?(?:ال|لل)(?:عاصمة|مدن|بلدات|قرى|أراضي|اراضي)\s+$")


def _national_place(text: str, m: Match, lang: str) -> Mention | None:
    """`the Somali capital`, `Israeli towns`, `العاصمة الليبية`, `الأراضي العراقية`: a place.

    A national adjective on a capital, towns, villages or territory names
    where something happened (or is aimed at), not an actor; the mention is
    located in that country.
    """
    p = _payload(m)
    if m.kind != "country" or not isinstance(p, CountryForm) or p.kind != "demonym" or p.ambiguous:
        return None
    if lang == "en":
        after = _EN_PLACE_NOUN_AFTER.match(text, m.end)
        if after is None:
            return None
        return Mention(m.start, after.end(), text[m.start:after.end()], p.iso3, None, "place",
                       "place", m.prefix, located=True)
    before = _AR_PLACE_NOUN_BEFORE.search(text, max(0, m.start - len(m.prefix) - 12),
                                       m.start - len(m.prefix))
    if before is None:
        return None
    start = before.start() + (1 if text[before.start()].isspace() else 0)
    return Mention(start, m.end, text[start:m.end], p.iso3, None, "place", "place", "",
                   located=True)


def _tag(m: Match) -> str:
    p = m.entry.payload
    return p.kind if isinstance(p, Tag) else ""


def _construct(text: str, end: int) -> bool:
    """Does the Arabic phrase ending at `end` end in construct state (no ال)?

    `وزير` in `وزير الزراعة` does; `المتظاهرون` in `المتظاهرون الرئيس` does not,
    so the second noun there starts a new phrase (an object), not a genitive.
    """
    words = text[:end].split()
    return bool(words) and not words[-1].lstrip("وفبلك").startswith("ال")


def _nisba(word: str) -> bool:
    """A relational adjective (`الدبلوماسي`, `العسكرية`): it may qualify a title."""
    return word.startswith("ال") and word.endswith(("ي", "ية", "يه")) and len(word) > 4


def _gap_ok(text: str, a_end: int, b_start: int, lang: str, words: _Words,
            complement: bool = False) -> bool:
    """Only whitespace, or (Arabic) title adjectives, between two parts of a phrase.

    With `complement`, one definite noun may stand there too when the first
    part is in construct state: `وزير الزراعة الإسرائيلي`.
    """
    gap = text[a_end:b_start]
    if _SPACE_ONLY.match(gap):
        return True
    if lang != "ar":
        return False
    pos = a_end
    spare = complement and _construct(text, a_end)
    for w in _AR_WORD.finditer(text, a_end, b_start):
        if text[pos:w.start()].strip():
            return False
        if not any(s <= w.start() and w.end() <= e for s, e in words.adjectives):
            if spare and w.group(0).startswith("ال"):
                spare = False
            elif not _nisba(w.group(0)):
                return False
        pos = w.end()
    return not text[pos:b_start].strip()


def _phrase(text: str, ms: Sequence[Match], i: int, end: int, lang: str,
            words: _Words) -> tuple[Mention | None, int]:
    """Build the mention that starts at ms[i]; return it and how many matches it used."""
    m = ms[i]
    p = _payload(m)
    nxt = ms[i + 1] if i + 1 < len(ms) else None

    # English: [country/demonym]['s] + role/named actor
    if lang == "en" and m.kind == "country" and nxt is not None and nxt.kind in ("role", "actor"):
        g = text[m.end:nxt.start]
        # "Niger's military leaders": a possessive makes even an ambiguous name a country
        portfolio = _EN_PORTFOLIO.match(g) is not None and nxt.kind == "role" \
            and isinstance(nxt.entry.payload, Role) and nxt.entry.payload.kind == "title"
        if isinstance(p, CountryForm) and (not p.ambiguous or _EN_POSSESSIVE.match(g)
                                           or _EN_POSS_ADJ.match(g)) and (portfolio or
                _SPACE_ONLY.match(g) or _EN_POSSESSIVE.match(g) or _EN_POSS_ADJ.match(g)):
            head, used = _phrase(text, ms, i + 1, end, lang, words)
            if head is not None and head.head in ("role", "named"):
                country = head.country if head.head == "named" and head.country else p.iso3
                return replace(head, start=m.start, name=text[m.start:head.end],
                               country=country, inferred=False, prefix=m.prefix), used + 1

    if m.kind == "actor" and isinstance(p, NamedActor):
        mention = Mention(m.start, m.end, text[m.start:m.end], p.country, p.type, p.id,
                          "named", m.prefix, has_name=True)
        # "PKK militants", "Houthi rebels", "مسلحو داعش": the group itself
        if nxt is not None and nxt.kind == "role" and isinstance(nxt.entry.payload, Role) \
                and nxt.entry.payload.kind in ("group", "body") and lang == "en" \
                and _SPACE_ONLY.match(text[m.end:nxt.start]):
            return replace(mention, end=nxt.end, name=text[m.start:nxt.end]), 2
        return mention, 1

    if m.kind == "role" and isinstance(p, Role):
        return _role_phrase(text, ms, i, end, lang, words)

    if m.kind == "country" and isinstance(p, CountryForm):
        if p.ambiguous and p.kind == "name" and _POSTED.search(text[max(0, m.start - 8):m.start]):
            # "سفيرها لدى مالي": after لدى a country name is one, however ambiguous
            return Mention(m.start, m.end, text[m.start:m.end], p.iso3, "GOV", p.iso3, "country",
                           m.prefix), 1
        if p.kind == "demonym" and not p.ambiguous and _plural_demonym(text[m.start:m.end], lang):
            # "آلاف التونسيين", "Iraqis took to the streets": the people
            return Mention(m.start, m.end, text[m.start:m.end], p.iso3, "CVL", f"{p.iso3}CVL",
                           "role", m.prefix, group=True), 1
        if p.ambiguous or p.kind == "demonym":
            return None, 1
        return Mention(m.start, m.end, text[m.start:m.end], p.iso3, "GOV", p.iso3, "country",
                       m.prefix, metonym=p.kind in ("capital", "seat")), 1
    return None, 1


def _role_phrase(text: str, ms: Sequence[Match], i: int, end: int, lang: str,
                 words: _Words) -> tuple[Mention, int]:
    m = ms[i]
    p = _payload(m)
    assert isinstance(p, Role)
    mention = Mention(m.start, m.end, text[m.start:m.end], None, p.type, m.entry.form,
                      "role", m.prefix, group=p.kind == "group", role=m.entry.form)
    j = i + 1
    last = m
    titles = p.kind == "title"
    genitive = False
    while j < len(ms):
        q = ms[j]
        qp = _payload(q)
        qs = q.wstart if q.wstart >= 0 else q.start
        joined = _gap_ok(text, last.end, qs, lang, words)
        en_of = lang == "en" and _EN_OF.match(text[last.end:q.start]) is not None
        if q.kind == "actor" and isinstance(qp, NamedActor) and not titles and lang == "ar" \
                and joined and last is m and len(text[m.start:m.end].split()) == 1 \
                and _construct(text, last.end) and qp.type not in ("GOV",):
            # "طيران التحالف", "مسلحو داعش", "عناصر حزب الله": the named force itself
            return Mention(m.start, q.end, text[m.start:q.end], qp.country, qp.type, qp.id,
                           "named", m.prefix, has_name=True), j - i + 1
        if q.kind == "actor" and isinstance(qp, NamedActor) and not titles and lang == "en" \
                and _EN_OF.match(text[last.end:q.start]) and mention.group:
            # "militants of the Islamic State", "fighters of Hamas": the group
            return Mention(m.start, q.end, text[m.start:q.end], qp.country, qp.type, qp.id,
                           "named", m.prefix), j - i + 1
        if q.kind == "actor" and isinstance(qp, NamedActor) and titles and (
                joined or _EN_THE.match(text[last.end:q.start])):
            if genitive:
                # "envoy of the French president Macron": the name is the
                # president's; the phrase stays the envoy, of his country
                mention = replace(mention, end=q.end, name=text[mention.start:q.end],
                                  country=mention.country or qp.country)
                return mention, j - i + 1
            # title (+ more titles) + a named actor: the named actor
            return Mention(m.start, q.end, text[m.start:q.end], qp.country, qp.type, qp.id,
                           "named", m.prefix, role=mention.role, titled=True,
                           has_name=True), j - i + 1
        if q.kind == "country" and isinstance(qp, CountryForm) and lang == "en" \
                and _FROM_LINK.match(text[last.end:q.start]) and not qp.ambiguous \
                and qp.kind in ("name", "capital") and mention.country is None \
                and _SUBJECT_BEFORE.search(text[max(0, m.start - 12):m.start]):
            # "lawmakers from South Korea", "a delegation from Qatar": theirs, not a place
            mention = replace(mention, end=q.end, name=text[mention.start:q.end], country=qp.iso3)
            j += 1
            break
        if q.kind == "country" and isinstance(qp, CountryForm) and not qp.ambiguous:
            # "لدى ليبيا" / "to Libya" names the posting, not the nationality
            posting = (q.prefix.endswith("ل") and qp.kind != "demonym") or (
                lang == "en" and re.match(r"^\s*to\b", text[last.end:q.start], re.IGNORECASE))
            joined = joined or (qp.kind == "demonym" and _gap_ok(text, last.end, qs, lang, words, True))
            if (joined or en_of) and not posting and (mention.country is None or qp.kind == "demonym"):
                also = mention.also
                if mention.country and qp.kind == "demonym" and qp.iso3 != mention.country \
                        and qp.iso3 not in also and _SPACE_ONLY.match(text[last.end:qs]):
                    also = (*also, qp.iso3)  # "الطيران الأميركي البريطاني": two air forces
                mention = replace(mention, end=q.end, name=text[mention.start:q.end],
                                  country=mention.country or qp.iso3, also=also)
                last, j = q, j + 1
                continue
            break
        in_link = _IN_LINK.match(text[last.end:q.wstart if q.wstart >= 0 else q.start]) is not None
        if q.kind == "country" and isinstance(qp, CountryForm) and in_link and not titles \
                and not qp.ambiguous and qp.kind in ("name", "capital") and mention.country is None:
            # "الحكومة الانتقالية في مالي", "the authorities in Bamako": whose they are
            mention = replace(mention, country=qp.iso3)
            break
        post = q.kind == "role" and isinstance(qp, Role) and in_link and qp.kind == "body"
        if post:
            # "وزير الدولة في وزارة الخارجية الإماراتية": a post in an institution
            joined = True
        if q.kind == "role" and isinstance(qp, Role) and (joined or en_of):
            # genitive chain (ل, or construct state): one phrase, the first role heads it
            if lang == "ar" and not post and not (q.prefix.endswith("ل") or (
                    q.prefix == "" and _construct(text, last.end))):
                break
            genitive = genitive or (lang == "ar" and q.prefix.endswith("ل")) or en_of
            mention = replace(mention, end=q.end, name=text[mention.start:q.end],
                              type=mention.type if mention.type else qp.type)
            titles = titles or qp.kind == "title"
            last, j = q, j + 1
            continue
        break
    if (titles or lang == "en") and not genitive:
        stop = ms[j].start if j < len(ms) else end
        name_end = _name_after(text, mention.end, stop, lang, words)
        if name_end > mention.end:
            mention = replace(mention, end=name_end, name=text[mention.start:name_end],
                              has_name=True)
    return replace(mention, titled=titles), j - i


def _plural_demonym(surface: str, lang: str) -> bool:
    """A demonym in the plural is a noun (the people), not an adjective."""
    w = surface.split()[-1] if surface.split() else ""
    if lang == "ar":
        return w.endswith(("ون", "ين")) and len(w) > 4
    return (w.endswith("s") and not w.endswith("ss")) or w.endswith("men")


def _name_after(text: str, s: int, stop: int, lang: str, words: _Words) -> int:
    """End of a personal name right after a title, or `s` if none.

    English: capitalised words (one plain word may come first: `opposition
    politician Karim Haddad`). Arabic: a given name of `given_names.tsv`
    and up to two more words (`الجنرال فنسنت جيرو`, `العميد محمد سمير`).
    """
    pos, n = s, 0
    if lang == "en":
        skip = re.match(r"\s+[a-z][a-z\-]+(?=\s+[A-Z])", text[s:stop])
        if skip:
            probe = _name_after(text, s + skip.end(), stop, lang, words)
            if len(text[s + skip.end():probe].split()) >= 2:
                return probe
        while n < 4:
            w = _EN_NAME_WORD.match(text, pos, stop)
            if not w or w.group(1).rstrip(".") in _EN_NAME_STOP:
                break
            pos, n = w.end(), n + 1
        return pos if n >= 1 else s
    first = re.match(r"\s*", text[s:stop])
    begin = s + (first.end() if first else 0)
    given_end = words.givens.get(begin)
    if given_end is None or given_end > stop:
        return s
    return _name_rest(text, given_end, stop, words.givens)


def _name_rest(text: str, pos: int, stop: int, givens: dict[int, int]) -> int:
    """After an Arabic given name, the rest of the name: more given names (a
    father's, a grandfather's), then one family name (`سعيد راشد المنصوري`,
    `نبيل حمادة`); the word after a family name is not part of the name."""
    while True:
        w = _AR_NAME_WORD.match(text, pos, stop)
        if not w or w.group(1) in _AR_NAME_STOP or w.group(1).startswith("و"):
            return pos
        if w.group(1) in _AR_NAME_LINK:  # بن، بنت، آل، أبو: the next word is a name too
            nxt = _AR_NAME_WORD.match(text, w.end(), stop)
            if not nxt:
                return pos
            pos = nxt.end()
            continue
        if w.start(1) in givens and givens[w.start(1)] <= stop:
            pos = givens[w.start(1)]
            continue
        word = w.group(1)
        if word.startswith("ال") and word.endswith(("ات", "ون", "ين")):
            return pos  # a definite plural (الغارات) is the sentence going on, not a surname
        return w.end()


def _persons(text: str, ms: list[Mention], words: _Words, end: int) -> list[Mention]:
    """Arabic people named without a title (`سعيد راشد المنصوري، وزير الدولة …`).

    A given name outside every other mention opens a person: the given name
    and the family names after it. The person has no country or type of its
    own; an apposed title gives them (see `_appositions`).
    """
    spans = sorted((m.start, m.end) for m in ms)  # mentions are short and do not nest
    starts = [a for a, _ in spans]
    people: list[Mention] = []
    for gs, ge in sorted(words.givens.items()):
        i = bisect_right(starts, gs) - 1
        if i >= 0 and gs < spans[i][1]:
            continue  # inside another mention
        if people and gs < people[-1].end:
            continue  # a father's name inside the person just found (سعيد راشد المنصوري)
        j = bisect_left(starts, ge)
        stop = starts[j] if j < len(starts) else end
        name_end = _name_rest(text, ge, stop, words.givens)
        if name_end == ge:
            continue  # a bare given name is too weak to stand for a person
        people.append(Mention(gs, name_end, text[gs:name_end], None, None, text[gs:name_end],
                              "person", has_name=True))
    return sorted([*ms, *people], key=lambda m: m.start)


def _appositions(text: str, ms: list[Mention], lang: str) -> list[Mention]:
    """Merge `X, Y` when one side names a person and the other gives the title.

    `نائب القائد العام، الفريق أول ركن صدام حفتر`, `سعيد المنصوري، وزير الدولة`,
    `Ramtane Lamamra, Algeria's foreign minister`: one person. The named side
    gives the identity; the title side gives type and country when the name
    has none. Two titles without names (`رئيس المجلس، السفير`, subject and
    object around a comma) are two people and stay apart.
    """
    out: list[Mention] = []
    for m in ms:
        if out and _apposed(text, out[-1], m):
            a = out[-1]
            named, title = (a, m) if _name_side(a) else (m, a)
            out[-1] = Mention(
                a.start, m.end, text[a.start:m.end], named.country or title.country,
                named.type or title.type, named.key if named.head == "named" else title.key,
                "named" if named.head == "named" else "role", a.prefix,
                role=title.role or named.role, titled=True, has_name=True,
                name_end=named.end if named is a else -1)
            continue
        out.append(m)
    return out


def _name_side(m: Mention) -> bool:
    return m.head in ("named", "person") or (m.head == "role" and m.has_name)


def _title_side(m: Mention) -> bool:
    return m.head == "role" and m.titled and not m.has_name and not m.group


def _apposed(text: str, a: Mention, b: Mention) -> bool:
    gap = text[a.end:b.start]
    if not _COMMA.match(gap) or ("," not in gap and "،" not in gap):
        return False
    if not ((_name_side(a) and _title_side(b)) or (_title_side(a) and _name_side(b))):
        return False
    if a.head == "named" and a.type in ("IGO", "NGO", "PTY", "REB", "INS") and not a.titled:
        return False  # an organisation is not a person's name
    return not (a.country and b.country and a.country != b.country)


#: words that open a new clause: `in drills that Beijing said` does not place Beijing
_EN_CLAUSE_WORDS = frozenset({"that", "which", "who", "where", "when", "as", "and", "but", "while",
                              "after", "before", "since", "because", "if", "than", "said", "says"})
#: nouns of a building that make the institution after them a place (`في مقر الوزارة`)
_AR_PREMISES = frozenset({"مقر", "ديوان", "مبنى", "قصر", "دار", "عام", "مكتب", "قاعة", "مجمع"})


def _mark_located(text: str, m: Mention, words: _Words, lang: str, start: int) -> Mention:
    """Set `located` when a location word governs the mention."""
    if m.head == "place":
        return m
    if lang == "ar" and m.head == "country" and m.prefix.replace("و", "").replace("ف", "").startswith("ب"):
        return replace(m, located=True)
    # only location words ending in the 24 characters before the mention count
    lo = bisect_left(words.location_ends, m.start - 24)
    hi = bisect_right(words.location_ends, m.start)
    for f in words.location_by_end[lo:hi]:
        if f.start >= start:
            gap = text[f.end:m.start].split()
            # "إلى العاصمة الفرنسية باريس", "in the capital Paris"
            near = not gap or (m.head == "country" and len(gap) <= 2 and all(
                w.startswith("ال") if lang == "ar" else (w.islower() and w not in _EN_CLAUSE_WORDS)
                for w in gap))
            in_at = lang == "en" and text[f.start:f.end].lower() in ("in", "at")
            if near and (m.head == "country" or in_at):
                return replace(m, located=True)
            if lang == "ar" and gap and len(gap) <= 3 and all(w in _AR_PREMISES for w in gap):
                # "في ديوان عام الوزارة", "في مقر وزارة الخارجية": the building, a place
                return replace(m, located=True)
    if lang == "en" and m.head == "country":
        before = text[max(start, m.start - 12):m.start].lower()
        if re.search(r"\b(in|at|to|from|near|into|across)\s+(the\s+)?$", before):
            return replace(m, located=True)
    return m


def domestic(type_: str | None) -> bool:
    """Is this an agent type whose country is usually the story's own?"""
    return type_ in _DOMESTIC


_DOMESTIC = frozenset({"COP", "CVL", "MIL", "JUD", "LEG", "OPP", "REB", "INS", "CRM", "UAF",
                       "EDU", "HLH", "REF", "LAB", "BUS", "MED", "REL", "SPY"})
