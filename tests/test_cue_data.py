"""Row-by-row checks of the event vocabulary: cameo.tsv, event_cues.tsv, modifiers.tsv.

These files are the contract between the dictionaries and the coder (see
`events/data/README.md`). Every row is checked on its own (one test per row,
so a failure names the line), plus a few whole-file checks: the exact header,
the CAMEO code tree, coverage per language and some anchor entries whose
meaning must not drift.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import NamedTuple

import pytest

DATA = Path(__file__).resolve().parents[1] / "events" / "data"

CAMEO_HEADER = ["code", "root", "goldstein", "label"]
CUES_HEADER = ["lang", "form", "code", "kind", "target"]
MODIFIERS_HEADER = ["lang", "form", "kind"]

LANGS = {"ar", "en"}
CUE_KINDS = {"verb", "noun", "passive", "initial", "reference", "armed"}
MODIFIER_KINDS = {"negation", "future", "hypothetical", "call", "denial"}
TARGETS = {
    "en": {"with", "to", "against", "on", "at", "in", "into", "of", "for", "from",
           "between", "by", "over"},
    "ar": {"مع", "ب", "على", "ضد", "إلى", "ل", "من", "في", "عن", "بين", "بحق"},
}

ARABIC_LETTER = re.compile("[\u0621-\u064a]")
# Tashkeel (fathatan .. sukun and the extended marks up to U+065F), superscript
# alef, tatweel.
DIACRITIC = re.compile("[\u064b-\u065f\u0670\u0640]")
LATIN_LETTER = re.compile("[A-Za-z]")
SPACE_RUN = re.compile(r"\s{2,}|[^\S ]")


class Row(NamedTuple):
    file: str
    line: int
    fields: dict[str, str]


def _read(name: str) -> tuple[list[str], list[Row]]:
    """Header and data rows of a dictionary file (comments and blanks skipped)."""
    text = (DATA / name).read_text(encoding="utf-8")
    header: list[str] | None = None
    rows: list[Row] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            continue
        fields = dict(zip(header, cells, strict=False))
        fields["_n"] = str(len(cells))  # field count, checked per row
        rows.append(Row(name, number, fields))
    assert header is not None, f"{name}: no header row"
    return header, rows


_ARABIC_FOLD = str.maketrans("أإآةىؤئ", "اااهيءء")


def fold(form: str) -> str:
    """The matcher's key of a form: case, accents, hamza/alef, ta marbuta, alef maqsura, article."""
    s = unicodedata.normalize("NFD", form.lower())
    s = "".join(ch for ch in s if not unicodedata.combining(ch) or "\u0600" <= ch <= "\u06ff")
    s = unicodedata.normalize("NFC", s)
    s = s.translate(_ARABIC_FOLD)
    if s.startswith("ال") and len(s) > 2:
        s = s[2:]
    return s


CAMEO_HEADER_READ, CAMEO_ROWS = _read("cameo.tsv")
CUES_HEADER_READ, CUE_ROWS = _read("event_cues.tsv")
MOD_HEADER_READ, MOD_ROWS = _read("modifiers.tsv")
CAMEO = {r.fields["code"]: r.fields for r in CAMEO_ROWS}


def _id(row: Row) -> str:
    return f"{row.file}:{row.line}"


# ---------------------------------------------------------------- whole files

def test_headers_are_exact() -> None:
    assert CAMEO_HEADER_READ == CAMEO_HEADER
    assert CUES_HEADER_READ == CUES_HEADER
    assert MOD_HEADER_READ == MODIFIERS_HEADER


def test_cameo_codes_are_unique() -> None:
    codes = [r.fields["code"] for r in CAMEO_ROWS]
    assert len(codes) == len(set(codes))


def test_cameo_has_the_whole_1_1b3_tree() -> None:
    roots = {c for c in CAMEO if len(c) == 2}
    assert roots == {f"{i:02d}" for i in range(1, 21)}
    per_root: dict[str, int] = defaultdict(int)
    for c in CAMEO:
        if len(c) > 2:
            per_root[c[:2]] += 1
    # Number of non-root codes per root in the CAMEO 1.1b3 codebook.
    expected = {"01": 10, "02": 27, "03": 28, "04": 7, "05": 8, "06": 5, "07": 6,
                "08": 25, "09": 5, "10": 27, "11": 12, "12": 26, "13": 22, "14": 26,
                "15": 6, "16": 13, "17": 13, "18": 14, "19": 9, "20": 7}
    assert dict(per_root) == expected


@pytest.mark.parametrize(("code", "value", "label"), [
    ("042", 1.9, "Make a visit"),
    ("043", 2.8, "Host a visit"),
    ("190", -10.0, "Use conventional military force, not specified below"),
    ("0874", 10.0, "Retreat or surrender militarily"),
    ("016", -2.0, "Deny responsibility"),
    ("173", -5.0, "Arrest, detain, or charge with legal action"),
    ("13", -4.4, "Threaten"),
])
def test_cameo_anchor_values(code: str, value: float, label: str) -> None:
    assert float(CAMEO[code]["goldstein"]) == value
    assert CAMEO[code]["label"] == label


def test_cameo_table_loads_through_taxonomy() -> None:
    from events.taxonomy import cameo_codes

    codes = cameo_codes()
    assert set(codes) == set(CAMEO)
    assert codes["195"].quad_class == 4 and codes["057"].quad_class == 1


@pytest.mark.parametrize("lang", sorted(LANGS))
def test_enough_cues_per_language(lang: str) -> None:
    assert sum(r.fields["lang"] == lang for r in CUE_ROWS) >= 400


@pytest.mark.parametrize("lang", sorted(LANGS))
def test_cues_reach_every_root(lang: str) -> None:
    reached = {r.fields["code"][:2] for r in CUE_ROWS if r.fields["lang"] == lang}
    assert reached == {f"{i:02d}" for i in range(1, 21)}


def _cue(lang: str, form: str) -> dict[str, str]:
    key = fold(form)
    hits = [r.fields for r in CUE_ROWS
            if r.fields["lang"] == lang and fold(r.fields["form"]) == key]
    assert len(hits) == 1, f"{lang} {form!r}: {len(hits)} rows"
    return hits[0]


@pytest.mark.parametrize(("lang", "form", "code"), [
    ("en", "met", "040"), ("en", "held talks", "040"), ("en", "phone call", "041"),
    ("en", "visited", "042"), ("en", "arrived", "042"), ("en", "hosted", "043"),
    ("en", "signed an agreement", "057"), ("en", "joint exercises", "062"),
    ("en", "declared a ceasefire", "0871"), ("en", "opened an investigation", "090"),
    ("en", "condemned", "111"), ("en", "accused", "112"), ("en", "rejected", "120"),
    ("en", "threatened military action", "138"), ("en", "demonstrated", "141"),
    ("en", "military drills", "150"), ("en", "severed diplomatic relations", "161"),
    ("en", "arrested", "173"), ("en", "deported", "174"), ("en", "kidnapped", "181"),
    ("en", "suicide bombing", "1831"), ("en", "car bomb", "1832"), ("en", "assassinated", "186"),
    ("en", "clashed", "190"), ("en", "shelled", "194"), ("en", "air strikes", "195"),
    ("en", "violated the ceasefire", "196"), ("en", "massacre", "202"),
    ("ar", "التقى", "040"), ("ar", "يلتقي", "040"), ("ar", "اجتمع", "040"),
    ("ar", "عقد اجتماعا", "040"), ("ar", "بحث", "040"), ("ar", "يبحث", "040"),
    ("ar", "ناقش", "040"), ("ar", "مباحثات", "040"), ("ar", "محادثات", "040"),
    ("ar", "لقاء", "040"), ("ar", "اتصال هاتفي", "041"), ("ar", "زار", "042"),
    ("ar", "يزور", "042"), ("ar", "زيارة", "042"), ("ar", "وصل إلى", "042"),
    ("ar", "توجه إلى", "042"), ("ar", "استقبل", "043"), ("ar", "فتح تحقيقا", "090"),
    ("ar", "أدان", "111"), ("ar", "اتهم", "112"), ("ar", "اعتقل", "173"),
    ("ar", "تم اعتقال", "173"), ("ar", "اختطف", "181"), ("ar", "اغتيل", "186"),
    ("ar", "شن غارات", "195"), ("ar", "اشتباكات", "190"),
])
def test_anchor_cues(lang: str, form: str, code: str) -> None:
    assert _cue(lang, form)["code"] == code


def test_passive_forms_are_marked() -> None:
    assert _cue("ar", "تم اعتقال")["kind"] == "passive"
    assert _cue("en", "was arrested")["kind"] == "passive"


@pytest.mark.parametrize(("lang", "form"), [
    ("en", "said"), ("en", "told"), ("en", "added"), ("en", "stressed"), ("en", "strike"),
    ("en", "released"), ("en", "march"),
    # inflections left out on purpose (header of event_cues.tsv)
    ("en", "visiting"), ("en", "killing"), ("en", "storming"), ("en", "host"), ("en", "free"),
    ("en", "welcome"), ("en", "deal"), ("en", "sanctions"), ("en", "frozen aid"),
    ("en", "using chemical weapons"), ("en", "violating the ceasefire"), ("en", "flown to"),
    ("ar", "قال"), ("ar", "أكد"), ("ar", "أضاف"), ("ar", "أشار"), ("ar", "طالب"),
    ("ar", "إطلاق النار"), ("ar", "الاحتلال"),
    ("ar", "يستدعي"), ("ar", "تستدعي"), ("ar", "يسيطر على"), ("ar", "تحمل مسؤولية"),
    ("ar", "تسلم المطلوب"), ("ar", "قضى على"), ("ar", "قضت على"), ("ar", "صادرا"),
    ("ar", "سجنا"), ("ar", "بحثا"), ("ar", "حذرا من"), ("ar", "طلبا من"), ("ar", "يدعون"),
])
def test_attribution_and_ambiguous_words_are_not_cues(lang: str, form: str) -> None:
    """Never a cue that makes an event: at most an `initial` verb, counted only opening
    its clause, or a `reference` back to an act already reported."""
    key = fold(form)
    assert not any(r.fields["lang"] == lang and fold(r.fields["form"]) == key
                   and r.fields["kind"] not in ("initial", "reference") for r in CUE_ROWS)


def test_armed_cues_are_bare_verbs_of_force() -> None:
    """`armed` is for verbs of force that also name a verbal attack (هاجم, attacked)."""
    armed = [r for r in CUE_ROWS if r.fields["kind"] == "armed"]
    assert armed, "no armed cue left: drop the kind"
    for r in armed:
        assert r.fields["code"][:2] in ("18", "19") and r.fields["target"] == "direct", r


def test_initial_cues_are_verbs_that_are_also_nouns() -> None:
    """`initial` is kept for the few bare Arabic verbs that read as common nouns."""
    initial = [r for r in CUE_ROWS if r.fields["kind"] == "initial"]
    assert initial, "no initial cue left: drop the kind"
    for r in initial:
        assert r.fields["lang"] == "ar" and " " not in r.fields["form"], r


# ---------------------------------------------------------------- cameo.tsv rows

@pytest.mark.parametrize("row", CAMEO_ROWS, ids=_id)
def test_cameo_row(row: Row) -> None:
    f = row.fields
    assert f["_n"] == "4", "wrong number of fields"
    code, root = f["code"], f["root"]
    assert re.fullmatch(r"\d{2,4}", code), code
    assert root == code[:2]
    assert 1 <= int(root) <= 20
    assert root in CAMEO, f"no root row for {code}"
    if len(code) == 4:
        assert code[:3] in CAMEO, f"no parent row for {code}"
    g = float(f["goldstein"])
    assert -10.0 <= g <= 10.0
    assert f["goldstein"] == f"{g:.1f}", "one decimal"
    if len(code) == 2:
        assert g == float(CAMEO[code + "0"]["goldstein"]), "root = value of its X0 code"
    label = f["label"]
    assert label and label == label.strip() and not SPACE_RUN.search(label)


# ---------------------------------------------------------------- shared form checks

def _check_form(lang: str, form: str) -> None:
    assert lang in LANGS
    assert form, "empty form"
    assert form == unicodedata.normalize("NFC", form), "not NFC"
    assert form == form.strip(), "untrimmed"
    assert not SPACE_RUN.search(form), "double or non-space whitespace"
    assert not DIACRITIC.search(form), "tashkeel or tatweel"
    if lang == "ar":
        assert ARABIC_LETTER.search(form), "Arabic row without Arabic letters"
        assert not LATIN_LETTER.search(form)
    else:
        assert not ARABIC_LETTER.search(form), "English row with Arabic letters"
        assert LATIN_LETTER.search(form)
        assert not form.lower().startswith("the "), "leading 'the'"


def _keys(rows: list[Row]) -> dict[tuple[str, str], list[Row]]:
    by_key: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for r in rows:
        by_key[(r.fields["lang"], fold(r.fields["form"]))].append(r)
    return by_key


CUE_KEYS = _keys(CUE_ROWS)
MOD_KEYS = _keys(MOD_ROWS)


# ---------------------------------------------------------------- event_cues.tsv rows

@pytest.mark.parametrize("row", CUE_ROWS, ids=_id)
def test_cue_row(row: Row) -> None:
    f = row.fields
    assert f["_n"] == "5", "wrong number of fields"
    _check_form(f["lang"], f["form"])
    assert f["code"] in CAMEO, f"unknown CAMEO code {f['code']}"
    assert len(f["code"]) >= 3, "a cue names a code, not a bare root"
    assert f["kind"] in CUE_KINDS
    target = f["target"]
    assert target == target.strip() and "  " not in target
    tokens = target.split()
    assert len(tokens) == len(set(tokens)), "repeated target token"
    assert set(tokens) <= TARGETS[f["lang"]] | {"direct"}, tokens
    same = CUE_KEYS[(f["lang"], fold(f["form"]))]
    others = [r.line for r in same if r.line != row.line]
    assert not others, f"same folded form as line(s) {others}"


#: prepositions a form may end in that are also target tokens
TRAILING_PREPS = {
    "en": {"with", "to", "against", "on", "at", "in", "into", "of", "for", "from", "over"},
    "ar": {"مع", "على", "ضد", "إلى", "من", "في", "عن"},
}


def _ends_in_preposition(row: Row) -> bool:
    words = row.fields["form"].split()
    return len(words) > 1 and words[-1] in TRAILING_PREPS[row.fields["lang"]]


@pytest.mark.parametrize("row", [r for r in CUE_ROWS if _ends_in_preposition(r)
                                 and "direct" in r.fields["target"].split()], ids=_id)
def test_form_ending_in_its_preposition_lists_it(row: Row) -> None:
    # the coder reads the preposition inside the form as governing the next
    # actor, so `direct` alone would never find the target of `called on X`
    last = row.fields["form"].split()[-1]
    assert last in row.fields["target"].split(), f"target {row.fields['target']!r} lacks {last!r}"


# ---------------------------------------------------------------- modifiers.tsv rows

@pytest.mark.parametrize("row", MOD_ROWS, ids=_id)
def test_modifier_row(row: Row) -> None:
    f = row.fields
    assert f["_n"] == "3", "wrong number of fields"
    _check_form(f["lang"], f["form"])
    assert f["kind"] in MODIFIER_KINDS
    same = MOD_KEYS[(f["lang"], fold(f["form"]))]
    others = [r.line for r in same if r.line != row.line]
    assert not others, f"same folded form as line(s) {others}"


@pytest.mark.parametrize("kind", sorted(MODIFIER_KINDS))
def test_every_modifier_kind_in_both_languages(kind: str) -> None:
    langs = {r.fields["lang"] for r in MOD_ROWS if r.fields["kind"] == kind}
    assert langs == LANGS


def test_references_are_bare_nouns_without_target() -> None:
    """A `reference` only points back: it names no target of its own."""
    refs = [r for r in CUE_ROWS if r.fields["kind"] == "reference"]
    assert refs
    for r in refs:
        assert r.fields["target"] == "", r
