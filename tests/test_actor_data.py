"""Row checks of the actor dictionaries: `actors.tsv`, `roles.tsv`, `media.tsv`.

The files are read with the stdlib `csv` module, independently of the
project's loader, so a format slip is caught here even if the loader would
tolerate it. Every data row is checked on its own (parametrised tests named
`file:line`): its shape, its normalised form, its codes, and that its folded
key means one thing only across `actors.tsv` and `roles.tsv`. A few spot
checks at the end pin judgement calls that must not drift (ambiguous family
names stay out, acronyms stay in capitals, key actors keep their codes).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pycountry
import pytest

from events.taxonomy import AGENT_TYPES

DATA = Path(__file__).resolve().parent.parent / "events" / "data"

HEADERS: dict[str, tuple[str, ...]] = {
    "actors.tsv": ("id", "lang", "form", "country", "type"),
    "roles.tsv": ("lang", "form", "type", "kind"),
    "media.tsv": ("lang", "form"),
}
LANGS = frozenset({"ar", "en"})
KINDS = frozenset({"title", "body", "group"})
ID_RE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")

# Arabic tashkeel (fathatan .. sukun and the extended marks up to U+065F),
# superscript alef, and tatweel: none may appear in a normalised form.
TASHKEEL = {chr(c) for c in range(0x064B, 0x0660)} | {"\u0670"}
TATWEEL = "\u0640"
ARABIC_LETTER = re.compile(r"[\u0621-\u063A\u0641-\u064A\u0671-\u06D3]")

# The matcher's folding (README): hamza/alef, ta marbuta and alef maqsura
# variants collapse; digits become ASCII.
AR_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ة": "ه", "ى": "ي", "ؤ": "ء", "ئ": "ء"})
DIGITS = str.maketrans({chr(base + d): str(d) for base in (0x0660, 0x06F0) for d in range(10)})


@dataclass(frozen=True, slots=True)
class Row:
    file: str
    line: int
    fields: dict[str, str]
    width_ok: bool = True  # the line had exactly one field per header column

    @property
    def name(self) -> str:
        return f"{self.file}:{self.line}"

    @property
    def lang(self) -> str:
        return self.fields.get("lang", "")

    @property
    def form(self) -> str:
        return self.fields.get("form", "")

    @property
    def meaning(self) -> tuple[str, ...]:
        """What a match of this row's form means to the coder."""
        if self.file == "actors.tsv":
            return ("actor", self.fields["id"])
        if self.file == "roles.tsv":
            return ("role", self.fields["type"], self.fields["kind"])
        return ("medium",)


def is_acronym(form: str) -> bool:
    """A form written entirely in capitals (`UN`, `U.N.`, `SPLM-N`) keeps its case."""
    return form == form.upper() and form != form.lower()


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def fold(form: str, lang: str) -> str:
    """The key a form is matched under (README: the matcher's folding)."""
    text = unicodedata.normalize("NFC", form).translate(DIGITS)
    if lang == "ar":
        text = text.translate(AR_FOLD)
        # A leading article is optional at match time: الجيش and جيش are one key.
        if text.startswith("ال") and len(text) > 2:
            text = text[2:]
        return text
    text = strip_accents(text)
    return text if is_acronym(text) else text.lower()


def key(row: Row) -> tuple[str, str]:
    return (row.lang, fold(row.form, row.lang))


@cache
def load(name: str) -> tuple[tuple[str, ...], tuple[Row, ...]]:
    """Header and data rows of one file; comments and blank lines skipped."""
    header: tuple[str, ...] | None = None
    rows: list[Row] = []
    text = (DATA / name).read_text(encoding="utf-8")
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
        if header is None:
            header = tuple(fields)
            continue
        # A row of the wrong width is kept (padded) so that its shape test
        # fails with its line number instead of the whole module erroring.
        padded = [*fields, *[""] * len(header)][: len(header)]
        rows.append(
            Row(name, number, dict(zip(header, padded, strict=True)), len(fields) == len(header))
        )
    assert header is not None, f"{name}: no header row"
    return header, tuple(rows)


def all_rows() -> list[Row]:
    return [row for name in HEADERS for row in load(name)[1]]


def rows_of(*names: str) -> list[Row]:
    return [row for name in names for row in load(name)[1]]


@cache
def index() -> dict[tuple[str, str], list[Row]]:
    """Rows of actors.tsv and roles.tsv by folded key: they share one matcher."""
    by_key: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for row in rows_of("actors.tsv", "roles.tsv"):
        by_key[key(row)].append(row)
    return by_key


@cache
def exact_counts() -> dict[tuple[str, tuple[tuple[str, str], ...]], int]:
    counts: dict[tuple[str, tuple[tuple[str, str], ...]], int] = defaultdict(int)
    for row in all_rows():
        counts[(row.file, tuple(sorted(row.fields.items())))] += 1
    return counts


@cache
def first_of_id() -> dict[str, Row]:
    first: dict[str, Row] = {}
    for row in rows_of("actors.tsv"):
        first.setdefault(row.fields["id"], row)
    return first


def params(*names: str) -> list[object]:
    return [pytest.param(row, id=row.name) for row in rows_of(*names)]


# -- files ------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_header_and_rows(name: str) -> None:
    header, rows = load(name)
    assert header == HEADERS[name]
    assert rows, "no data rows"


# -- one row at a time ------------------------------------------------------


@pytest.mark.parametrize("row", params(*HEADERS))
def test_row_shape_and_form(row: Row) -> None:
    assert row.width_ok, "wrong number of TAB-separated fields"
    assert row.lang in LANGS
    form = row.form
    assert form, "empty form"
    assert form == unicodedata.normalize("NFC", form), "form is not NFC"
    assert form == form.strip(), "untrimmed form"
    assert "  " not in form and "\t" not in form, "form is not single-spaced"
    assert all(unicodedata.category(c)[0] != "C" for c in form), "control character"
    assert not TASHKEEL & set(form), "Arabic diacritics (tashkeel)"
    assert TATWEEL not in form, "tatweel"
    if row.lang == "ar":
        assert ARABIC_LETTER.search(form), "Arabic row without Arabic letters"
        assert not re.search(r"[A-Za-z]", form), "Latin letters in an Arabic form"
    else:
        assert not ARABIC_LETTER.search(form), "Arabic letters in an English row"
        assert re.search(r"[A-Za-z]", form), "English form without letters"
        assert not form.lower().startswith("the "), "English form with a leading 'the'"


@pytest.mark.parametrize("row", params("actors.tsv"))
def test_actor_codes(row: Row) -> None:
    assert ID_RE.fullmatch(row.fields["id"]), "id is not snake_case"
    country = row.fields["country"]
    assert country == "" or country == "XKX" or pycountry.countries.get(alpha_3=country), (
        f"unknown ISO alpha-3 {country!r}"
    )
    assert row.fields["type"] in AGENT_TYPES


@pytest.mark.parametrize("row", params("roles.tsv"))
def test_role_codes(row: Row) -> None:
    assert row.fields["type"] in AGENT_TYPES
    assert row.fields["kind"] in KINDS


@pytest.mark.parametrize("row", params(*HEADERS))
def test_no_exact_duplicate(row: Row) -> None:
    assert exact_counts()[(row.file, tuple(sorted(row.fields.items())))] == 1


@pytest.mark.parametrize("row", params("actors.tsv"))
def test_id_has_one_country_and_type(row: Row) -> None:
    first = first_of_id()[row.fields["id"]]
    got = (row.fields["country"], row.fields["type"])
    want = (first.fields["country"], first.fields["type"])
    assert got == want, f"{row.fields['id']} is {want} at {first.name}"


@pytest.mark.parametrize("row", params("actors.tsv", "roles.tsv"))
def test_folded_key_has_one_meaning(row: Row) -> None:
    others = [o for o in index()[key(row)] if o.meaning != row.meaning]
    assert not others, f"{row.form!r} also means {others[0].meaning} at {others[0].name}"


@pytest.mark.parametrize("row", params("actors.tsv", "roles.tsv"))
def test_folded_key_not_repeated(row: Row) -> None:
    # Same key, same meaning, another spelling: the matcher folds them to one
    # pattern, so the second row is dead weight (often a hamza or article slip).
    same = [o for o in index()[key(row)] if o is not row and o.file == row.file]
    assert not same, f"{row.form!r} folds like {same[0].form!r} at {same[0].name}"


@pytest.mark.parametrize("row", params("media.tsv"))
def test_medium_is_not_an_actor_or_role(row: Row) -> None:
    clash = index().get(key(row), [])
    assert not clash, f"{row.form!r} is also {clash[0].meaning} at {clash[0].name}"
    same = [o for o in load("media.tsv")[1] if o is not row and key(o) == key(row)]
    assert not same, f"{row.form!r} folds like {same[0].form!r} at {same[0].name}"


# -- the folding used above -------------------------------------------------


@pytest.mark.parametrize(
    ("form", "lang", "folded"),
    [
        ("الجيش", "ar", "جيش"),
        ("أردوغان", "ar", "اردوغان"),
        ("وزارة الخارجية", "ar", "وزاره الخارجيه"),
        ("مصطفى", "ar", "مصطفي"),
        ("Volker Türk", "en", "volker turk"),
        ("UN", "en", "UN"),
        ("U.N.", "en", "U.N."),
        ("Unicef", "en", "unicef"),
    ],
)
def test_fold(form: str, lang: str, folded: str) -> None:
    assert fold(form, lang) == folded


# -- judgement calls that must not drift ------------------------------------


def actor_forms() -> dict[tuple[str, str], Row]:
    return {(r.lang, r.form): r for r in rows_of("actors.tsv")}


@pytest.mark.parametrize(
    ("lang", "form", "actor_id", "country", "agent_type"),
    [
        ("en", "Khalifa Haftar", "khalifa_haftar", "LBY", "MIL"),
        ("ar", "صدام حفتر", "saddam_haftar", "LBY", "MIL"),
        ("ar", "البرهان", "abdel_fattah_al_burhan", "SDN", "MIL"),
        ("ar", "حميدتي", "mohamed_hamdan_dagalo", "SDN", "REB"),
        ("en", "RSF", "rapid_support_forces", "SDN", "REB"),
        ("en", "Libyan National Army", "libyan_national_army", "LBY", "MIL"),
        ("ar", "السيسي", "abdel_fattah_el_sisi", "EGY", "GOV"),
        ("en", "Macron", "emmanuel_macron", "FRA", "GOV"),
        ("ar", "أردوغان", "recep_tayyip_erdogan", "TUR", "GOV"),
        ("en", "Hezbollah", "hezbollah", "LBN", "REB"),
        ("ar", "داعش", "isis", "", "INS"),
        ("en", "PKK", "pkk", "TUR", "INS"),
        ("en", "AFRICOM", "africom", "USA", "MIL"),
        ("en", "UN", "united_nations", "", "IGO"),
        ("en", "Volker Türk", "volker_turk", "", "IGO"),
        (
            "en",
            "Syrian Observatory for Human Rights",
            "syrian_observatory_for_human_rights",
            "SYR",
            "NGO",
        ),
    ],
)
def test_key_actors(lang: str, form: str, actor_id: str, country: str, agent_type: str) -> None:
    row = actor_forms()[(lang, form)]
    assert (row.fields["id"], row.fields["country"], row.fields["type"]) == (
        actor_id,
        country,
        agent_type,
    )


@pytest.mark.parametrize(
    ("lang", "form"),
    [
        ("ar", "حفتر"),
        ("en", "Haftar"),  # Khalifa, Saddam, Khaled, Belgasem
        ("ar", "الأسد"),
        ("en", "Assad"),  # Bashar, Maher; also "the lion"
        ("ar", "المالكي"),
        ("en", "Maliki"),  # Nouri, Riyad, Turki
        ("en", "Abbas"),
        ("ar", "عباس"),  # Mahmoud Abbas, Abbas Araghchi, Abbas Kamel
        ("ar", "القاعدة"),  # "the base"
        ("ar", "الشباب"),  # "the youth"
        ("ar", "مرسي"),  # folds like مرسى (anchorage)
        ("ar", "كاميرون"),  # Cameroon is الكاميرون
        ("en", "Clinton"),
        ("en", "May"),
        ("en", "Johnson"),
        ("en", "Amnesty"),
        ("ar", "ديبي"),
        ("en", "Deby"),  # Idriss and Mahamat
        ("ar", "عون"),
        ("en", "Aoun"),  # Michel and Joseph
    ],
)
def test_ambiguous_names_are_not_forms(lang: str, form: str) -> None:
    want = fold(form, lang)
    hits = [r for r in rows_of("actors.tsv", "roles.tsv") if key(r) == (lang, want)]
    assert not hits, f"{form!r} is ambiguous but listed at {hits[0].name}"


def test_acronyms_stay_in_capitals() -> None:
    forms = {r.form for r in rows_of("actors.tsv") if r.lang == "en"}
    for acronym in ("UN", "EU", "AU", "RSF", "SDF", "PKK", "ISIS", "IOM", "NATO"):
        assert acronym in forms
        # A lower-case copy would fold and match ordinary words ("un", "us").
        assert acronym.lower() not in forms
