"""Load the dictionaries of `events/data/` into one immutable `Lexicon`.

The lexicon is built once per process (`load_lexicon`) and passed to every
stage as an argument. It holds the typed rows of each dictionary and one
`Matcher` over all of them, so a single pass finds every form in a text.
The file formats are documented in `events/data/README.md`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from events.dates import DateCues
from events.errors import DictionaryError
from events.matcher import Entry, Matcher
from events.normalize import canonical_form, fold_form
from events.taxonomy import AGENT_TYPES, TOPICS, CameoCode, cameo_codes

#: every dictionary file and its exact header
FILES: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "cameo.tsv": ("code", "root", "goldstein", "label"),
    "countries_generated.tsv": ("iso3", "lang", "form", "source"),
    "country_forms.tsv": ("iso3", "lang", "kind", "form", "flags"),
    "places.tsv": ("iso3", "lang", "kind", "form"),
    "actors.tsv": ("id", "lang", "form", "country", "type"),
    "roles.tsv": ("lang", "form", "type", "kind"),
    "event_cues.tsv": ("lang", "form", "code", "kind", "target"),
    "modifiers.tsv": ("lang", "form", "kind"),
    "topic_cues.tsv": ("lang", "form", "topic"),
    "boilerplate_cues.tsv": ("lang", "form", "kind"),
    "media.tsv": ("lang", "form"),
    "date_cues.tsv": ("lang", "form", "kind", "value"),
    "function_words.tsv": ("lang", "form", "kind"),
    "given_names.tsv": ("lang", "form"),
})

COUNTRY_KINDS = frozenset({"name", "demonym", "capital", "seat", "combining"})
COUNTRY_FLAGS = frozenset({"", "ambiguous", "bare-ambiguous"})
PLACE_KINDS = frozenset({"city", "region", "area"})
ROLE_KINDS = frozenset({"title", "body", "group"})
CUE_KINDS = frozenset({"verb", "noun", "passive", "initial", "reference", "armed"})
MODIFIER_KINDS = frozenset({"negation", "future", "hypothetical", "call", "denial"})
BOILERPLATE_KINDS = frozenset({"line", "start", "stop"})
FUNCTION_KINDS = frozenset({"location", "prep", "attribution", "source", "between", "by",
                            "adjective", "blocker", "light", "receive", "join", "frame",
                            "anaphor", "casualty", "weapon", "kingdom", "blame", "evaluate",
                            "bloc"})
LANGS = frozenset({"ar", "en"})


@dataclass(frozen=True, slots=True)
class CountryForm:
    iso3: str
    kind: str
    ambiguous: bool = False
    #: ambiguous only without the Arabic article (`تركي` is also a given name, `التركي` is not)
    bare_ambiguous: bool = False


@dataclass(frozen=True, slots=True)
class Place:
    iso3: str
    kind: str


@dataclass(frozen=True, slots=True)
class NamedActor:
    id: str
    country: str | None
    type: str


@dataclass(frozen=True, slots=True)
class Role:
    type: str
    kind: str


@dataclass(frozen=True, slots=True)
class Cue:
    code: str
    kind: str
    #: prepositions (folded) that introduce the target; ("direct",) or ()
    target: tuple[str, ...]
    #: a verb only where it opens its clause (`وطالب الرئيس`; elsewhere `طالب` is a student)
    initial: bool = False
    #: force only when armed men or weapons do it (`هاجم`, `attacked`); else a verbal attack (111)
    armed: bool = False


@dataclass(frozen=True, slots=True)
class Tag:
    """A row whose only meaning is its kind (modifiers, boilerplate, topics, media…)."""

    kind: str


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Every dictionary, typed, plus one matcher over all of them."""

    digest: str
    matcher: Matcher
    date_cues: DateCues
    cameo: Mapping[str, CameoCode]
    #: iso3 → (English name, Arabic name) for display
    country_names: Mapping[str, tuple[str, str]]
    #: named-actor id → display name (first English form)
    actor_names: Mapping[str, str]
    #: countries whose official name is a kingdom (`Kingdom of Morocco`): what a bare
    #: `the kingdom`, `المملكة` may stand for
    kingdoms: frozenset[str] = frozenset()


def _rows(name: str, text: str) -> Iterator[tuple[int, dict[str, str]]]:
    header = FILES[name]
    lines = [(n, ln) for n, ln in enumerate(text.splitlines(), 1)
             if ln.strip() and not ln.startswith("#")]
    if not lines:
        raise DictionaryError(f"{name}: no header row")
    got = tuple(lines[0][1].split("\t"))
    if got != header:
        raise DictionaryError(f"{name}: header is {got}, expected {header}")
    for n, ln in lines[1:]:
        cells = ln.split("\t")
        if len(cells) < len(header):
            cells += [""] * (len(header) - len(cells))
        if len(cells) != len(header):
            raise DictionaryError(f"{name}:{n}: {len(cells)} fields, expected {len(header)}")
        yield n, dict(zip(header, (c.strip() for c in cells), strict=True))


def _check(cond: bool, name: str, n: int, msg: str) -> None:
    if not cond:
        raise DictionaryError(f"{name}:{n}: {msg}")


def data_dir() -> Path:
    """The folder of the dictionaries shipped with the package."""
    return Path(str(resources.files("events").joinpath("data")))


def read_tables(directory: Path | None = None) -> dict[str, list[tuple[int, dict[str, str]]]]:
    """Every dictionary file as (line number, row) pairs, checked for shape only."""
    base = directory or data_dir()
    out: dict[str, list[tuple[int, dict[str, str]]]] = {}
    for name in FILES:
        path = base / name
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError as e:
            raise DictionaryError(f"missing dictionary file {path}") from e
        out[name] = list(_rows(name, text))
    return out


def digest_of(directory: Path | None = None) -> str:
    """SHA-256 over every dictionary file, in name order (the dictionary digest)."""
    base = directory or data_dir()
    h = hashlib.sha256()
    for name in sorted(FILES):
        h.update(name.encode())
        h.update(b"\0")
        h.update((base / name).read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def load_lexicon(directory: Path | None = None) -> Lexicon:
    """Read, check and index every dictionary. Call once per process."""
    import pycountry

    tables = read_tables(directory)
    valid_iso3 = {c.alpha_3 for c in pycountry.countries} | {"XKX"}
    cameo = cameo_codes() if directory is None else _cameo_from(tables["cameo.tsv"])
    entries: list[Entry[object]] = []

    def form_ok(name: str, n: int, row: dict[str, str]) -> str:
        form, lang = row["form"], row["lang"]
        _check(lang in LANGS, name, n, f"lang {lang!r} is not ar/en")
        _check(bool(form) and form == canonical_form(form), name, n,
               f"form {form!r} is not in normalised form {canonical_form(form)!r}")
        return form

    def iso(name: str, n: int, code: str, *, empty: bool = False) -> str | None:
        if not code and empty:
            return None
        _check(code in valid_iso3, name, n, f"{code!r} is not an ISO 3166-1 alpha-3 code")
        return code

    # Countries: hand-written rows override generated rows of the same form.
    countries: dict[tuple[str, str], tuple[str, CountryForm]] = {}
    names: dict[str, dict[str, str]] = {}
    kingdoms: set[str] = set()
    for n, r in tables["countries_generated.tsv"]:
        form = form_ok("countries_generated.tsv", n, r)
        code = iso("countries_generated.tsv", n, r["iso3"])
        assert code
        countries[(r["lang"], form)] = (code, CountryForm(code, "name"))
        names.setdefault(code, {}).setdefault(r["lang"], form)
        if r["lang"] == "en" and _KINGDOM.match(form):
            kingdoms.add(code)
    for n, r in tables["country_forms.tsv"]:
        name = "country_forms.tsv"
        form = form_ok(name, n, r)
        code = iso(name, n, r["iso3"])
        assert code
        _check(r["kind"] in COUNTRY_KINDS, name, n, f"kind {r['kind']!r}")
        _check(r["flags"] in COUNTRY_FLAGS, name, n, f"flags {r['flags']!r}")
        countries[(r["lang"], form)] = (code, CountryForm(code, r["kind"], r["flags"] != "",
                                                          r["flags"] == "bare-ambiguous"))
    for (lang, form), (_, payload) in countries.items():
        entries.append(Entry("country", lang, form, payload))

    for n, r in tables["places.tsv"]:
        form = form_ok("places.tsv", n, r)
        code = iso("places.tsv", n, r["iso3"])
        assert code
        _check(r["kind"] in PLACE_KINDS, "places.tsv", n, f"kind {r['kind']!r}")
        entries.append(Entry("place", r["lang"], form, Place(code, r["kind"])))

    actor_names: dict[str, str] = {}
    actor_meta: dict[str, tuple[str | None, str]] = {}
    for n, r in tables["actors.tsv"]:
        form = form_ok("actors.tsv", n, r)
        country = iso("actors.tsv", n, r["country"], empty=True)
        _check(r["type"] in AGENT_TYPES, "actors.tsv", n, f"type {r['type']!r}")
        meta = (country, r["type"])
        _check(actor_meta.setdefault(r["id"], meta) == meta, "actors.tsv", n,
               f"id {r['id']!r} has another country/type elsewhere")
        if r["lang"] == "en":
            actor_names.setdefault(r["id"], form)
        entries.append(Entry("actor", r["lang"], form, NamedActor(r["id"], country, r["type"])))
    for _, r in tables["actors.tsv"]:
        actor_names.setdefault(r["id"], r["form"])

    for n, r in tables["roles.tsv"]:
        form = form_ok("roles.tsv", n, r)
        _check(r["type"] in AGENT_TYPES, "roles.tsv", n, f"type {r['type']!r}")
        _check(r["kind"] in ROLE_KINDS, "roles.tsv", n, f"kind {r['kind']!r}")
        # نظيره، رئيسها: a role may carry a possessive pronoun
        entries.append(Entry("role", r["lang"], form, Role(r["type"], r["kind"]),
                             suffixes=r["lang"] == "ar"))

    preps = {fold_form(r["form"]) for _, r in tables["function_words.tsv"]
             if r["lang"] == "ar" and r["kind"] == "prep"}
    cue_rows: list[tuple[str, str, Cue]] = []
    for n, r in tables["event_cues.tsv"]:
        form = form_ok("event_cues.tsv", n, r)
        _check(r["code"] in cameo, "event_cues.tsv", n, f"code {r['code']!r} is not in cameo.tsv")
        _check(r["kind"] in CUE_KINDS, "event_cues.tsv", n, f"kind {r['kind']!r}")
        target = tuple(fold_form(t) for t in r["target"].split())
        initial, armed = r["kind"] == "initial", r["kind"] == "armed"
        cue_rows.append((r["lang"], form, Cue(r["code"], "verb" if initial or armed else r["kind"],
                                              target, initial, armed)))
    # An Arabic verb phrase ending in its preposition (`وصل إلى`) is usually
    # split by its subject (`وصل الوزير إلى`): the verb alone is a cue too,
    # whose target follows that preposition.
    known = {(lang, fold_form(form)) for lang, form, _ in cue_rows}
    for lang, form, cue in list(cue_rows):
        words = form.split()
        # only for cooperative verbs of movement and contact (وصل إلى، اجتمع مع):
        # bare حذر or طلب or حقق would be far too ambiguous
        if lang == "ar" and cue.kind == "verb" and len(words) == 2 and fold_form(words[1]) in preps \
                and cue.code[:2] in ("03", "04", "05") and (lang, fold_form(words[0])) not in known:
            known.add((lang, fold_form(words[0])))
            cue_rows.append((lang, words[0], Cue(cue.code, cue.kind, (fold_form(words[1]),))))
    for lang, form, cue in cue_rows:
        entries.append(Entry("cue", lang, form, cue, suffixes=lang == "ar", article=cue.kind != "verb"))

    for fname, kind, allowed in (
        ("modifiers.tsv", "modifier", MODIFIER_KINDS),
        ("boilerplate_cues.tsv", "boilerplate", BOILERPLATE_KINDS),
        ("function_words.tsv", "function", FUNCTION_KINDS),
    ):
        for n, r in tables[fname]:
            form = form_ok(fname, n, r)
            _check(r["kind"] in allowed, fname, n, f"kind {r['kind']!r}")
            if r["kind"] == "blocker":
                entries.append(Entry("blocker", r["lang"], form, Tag("blocker")))
            else:
                entries.append(Entry(kind, r["lang"], form, Tag(r["kind"]),
                                     suffixes=r["kind"] in ("light", "receive", "join") and r["lang"] == "ar",
                                     article=r["kind"] == "adjective"))
    for n, r in tables["topic_cues.tsv"]:
        form = form_ok("topic_cues.tsv", n, r)
        _check(r["topic"] in TOPICS, "topic_cues.tsv", n, f"topic {r['topic']!r}")
        entries.append(Entry("topic", r["lang"], form, Tag(r["topic"])))
    for n, r in tables["media.tsv"]:
        form = form_ok("media.tsv", n, r)
        entries.append(Entry("media", r["lang"], form, Tag("media")))
    for n, r in tables["given_names.tsv"]:
        form = form_ok("given_names.tsv", n, r)
        # a name takes no article: رياض is a name, الرياض the city
        entries.append(Entry("given", r["lang"], form, Tag("given"), article=False))

    date_cues = DateCues.from_rows(r for _, r in tables["date_cues.tsv"])
    country_names = {c: (v.get("en", c), v.get("ar", v.get("en", c))) for c, v in names.items()}
    return Lexicon(
        digest=digest_of(directory),
        matcher=Matcher.build(entries),
        date_cues=date_cues,
        cameo=cameo,
        country_names=MappingProxyType(country_names),
        actor_names=MappingProxyType(actor_names),
        kingdoms=frozenset(kingdoms),
    )


#: an official name that makes a kingdom (`Hashemite Kingdom of Jordan`; not the
#: `United Kingdom of Great Britain`, which no one calls "the kingdom" in these news)
_KINGDOM = re.compile(r"(?:Hashemite\s+)?Kingdom of\b")


def _cameo_from(rows: list[tuple[int, dict[str, str]]]) -> Mapping[str, CameoCode]:
    out: dict[str, CameoCode] = {}
    for n, r in rows:
        try:
            out[r["code"]] = CameoCode(r["code"], r["root"], float(r["goldstein"]), r["label"])
        except ValueError as e:
            raise DictionaryError(f"cameo.tsv:{n}: {e}") from e
    return MappingProxyType(out)

