"""Coverage of the event vocabulary: inflections that must stay in event_cues.tsv.

The matcher finds forms as written: it does not stem English and it does not
conjugate Arabic verbs (it only strips proclitics and pronoun suffixes). So
every inflection that wire news uses must be a row of its own, and a later
edit that drops one silently loses events. These tests pin:

- a table of lemmas, English and Arabic, with the forms each must list and
  the CAMEO code (and kind) of every form; the forms of one lemma also share
  one target, so an inflection cannot drift from its siblings;
- a structural rule for the most common phrase heads: a verb phrase listed
  with one head form (`held talks`, `شن غارات`) is listed with the others
  (`holds talks`, `hold talks`, `holding talks`; `شنت غارات`, `شنوا غارات`,
  `يشن غارات`).

Forms left out on purpose (see the header of event_cues.tsv) are checked as
absent in `tests/test_cue_data.py`.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import NamedTuple

import pytest

from events.normalize import fold_form

CUES = Path(__file__).resolve().parents[1] / "events" / "data" / "event_cues.tsv"


class Cue(NamedTuple):
    line: int
    lang: str
    form: str
    code: str
    kind: str
    target: str


def _load() -> dict[tuple[str, str], list[Cue]]:
    """Rows of event_cues.tsv by (lang, folded form), as the matcher keys them."""
    out: dict[tuple[str, str], list[Cue]] = defaultdict(list)
    header = True
    for n, line in enumerate(CUES.read_text(encoding="utf-8").split("\n"), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        if header:
            header = False
            continue
        cells = line.split("\t")
        cue = Cue(n, *cells[:5])
        out[(cue.lang, fold_form(cue.form))].append(cue)
    return out


ROWS = _load()


def _row(lang: str, form: str) -> Cue | None:
    hits = ROWS.get((lang, fold_form(form)), [])
    return hits[0] if len(hits) == 1 else None


class Lemma(NamedTuple):
    lang: str
    name: str
    code: str
    kind: str      # kind of every form ("" = not checked)
    forms: tuple[str, ...]


def L(lang: str, name: str, code: str, kind: str, forms: str) -> Lemma:
    return Lemma(lang, name, code, kind, tuple(f.strip() for f in forms.split("|")))


LEMMAS: list[Lemma] = [
    # ---------------------------------------------------------------- English
    L("en", "expel", "174", "verb", "expel|expels|expelled|expelling"),
    L("en", "visit", "042", "verb", "visits|visited"),
    L("en", "pay a visit", "042", "verb", "pay a visit|pays a visit|paid a visit|paying a visit"),
    L("en", "shell", "194", "verb", "shells|shelled"),
    L("en", "meet", "040", "verb", "meet|meets|met"),
    L("en", "hold talks", "040", "verb", "hold talks|holds talks|held talks|holding talks"),
    L("en", "discuss", "040", "verb", "discuss|discusses|discussed|discussing"),
    L("en", "receive", "043", "verb", "receive|receives|received|receiving"),
    L("en", "tour", "042", "verb", "tour|tours|toured|touring"),
    L("en", "cut diplomatic ties", "161", "verb",
      "cut diplomatic ties|cuts diplomatic ties|cutting diplomatic ties"),
    L("en", "sever diplomatic relations", "161", "verb",
      "sever diplomatic relations|severs diplomatic relations|severed diplomatic relations"
      "|severing diplomatic relations"),
    L("en", "recall its ambassador", "161", "verb",
      "recall its ambassador|recalls its ambassador|recalled its ambassador"
      "|recalling its ambassador"),
    L("en", "recall its envoy", "161", "verb", "recalled its envoy|recalls its envoy"),
    L("en", "expel the ambassador", "161", "verb",
      "expel the ambassador|expels the ambassador|expelled the ambassador"
      "|expelling the ambassador"),
    L("en", "impose sanctions", "163", "verb",
      "impose sanctions|imposes sanctions|imposed sanctions|imposing sanctions"),
    L("en", "sign an agreement", "057", "verb",
      "sign an agreement|signs an agreement|signed an agreement|signing an agreement"),
    L("en", "agreement", "057", "noun",
      "agreement|agreements|accord|accords|treaty|treaties|memorandum of understanding"
      "|memoranda of understanding|peace deal"),
    L("en", "reach a deal", "057", "verb",
      "reach a deal|reaches a deal|reached a deal|reaching a deal"),
    L("en", "ready to work with", "030", "verb", "ready to work with|willing to work with"),
    L("en", "broker a truce", "045", "verb",
      "broker a truce|brokers a truce|brokered a truce|brokering a truce"),
    L("en", "mediate", "045", "verb", "mediate|mediates|mediated|mediating"),
    L("en", "condemn", "111", "verb", "condemn|condemns|condemned|condemning"),
    L("en", "accuse", "112", "verb", "accuse|accuses|accused|accusing"),
    L("en", "threaten", "130", "verb", "threaten|threatens|threatened|threatening"),
    L("en", "summon", "114", "verb", "summon|summons|summoned|summoning"),
    L("en", "deploy troops", "154", "verb",
      "deploy troops|deploys troops|deployed troops|deploying troops"),
    L("en", "arrest", "173", "verb", "arrests|arrested|arresting"),
    L("en", "kidnap", "181", "verb", "kidnap|kidnaps|kidnapped"),
    L("en", "suicide bombing", "1831", "noun",
      "suicide bombing|suicide bombings|suicide bomber|suicide bombers"),
    L("en", "encircle", "191", "verb", "encircle|encircles|encircled|encircling"),
    L("en", "launch air strikes", "195", "verb",
      "launch air strikes|launches air strikes|launched air strikes|launching air strikes"),
    L("en", "open fire", "193", "verb", "open fire|opens fire|opened fire|opening fire"),
    # ---------------------------------------------------------------- Arabic
    L("ar", "استدعى", "114", "verb", "استدعى|استدعت|استدعيا|استدعوا"),
    L("ar", "استدعاء", "114", "noun", "استدعاء|استدعاء السفير"),
    L("ar", "استدعى السفير", "114", "verb",
      "استدعى السفير|استدعت السفير|استدعيا السفير|استدعوا السفير|يستدعي السفير"
      "|تستدعي السفير|يستدعون السفير"),
    L("ar", "استدعى سفيره", "161", "verb",
      "استدعى سفيره|استدعت سفيرها|استدعيا سفيرهما|استدعوا سفيرهم|يستدعي سفيره|تستدعي سفيرها"),
    L("ar", "سحب سفيره", "161", "verb",
      "سحب سفيره|سحبت سفيرها|سحبا سفيرهما|سحبوا سفيرهم|يسحب سفيره|تسحب سفيرها|يسحبون سفيرهم"),
    L("ar", "طرد السفير", "161", "verb",
      "طرد السفير|طردت السفير|طردا السفير|طردوا السفير|يطرد السفير"),
    L("ar", "قطع العلاقات الدبلوماسية", "161", "verb",
      "قطع العلاقات الدبلوماسية|قطعت العلاقات الدبلوماسية|قطعا العلاقات الدبلوماسية"
      "|قطعوا العلاقات الدبلوماسية|يقطع العلاقات الدبلوماسية|تقطع العلاقات الدبلوماسية"
      "|يقطعون العلاقات الدبلوماسية"),
    L("ar", "التقى", "040", "verb", "التقى|التقت|التقيا|التقوا|يلتقي|تلتقي|يلتقون"),
    L("ar", "اجتماع", "040", "noun", "اجتماع|اجتماعين|اجتماعان|اجتماعات"),
    L("ar", "مباحثات", "040", "noun", "مباحثات|محادثات"),
    L("ar", "زار", "042", "verb", "زار|زارت|زارا|زاروا|يزور|تزور|يزورون"),
    L("ar", "زيارة", "042", "noun", "زيارة|زيارتين|زيارتان|زيارات"),
    L("ar", "اتفاقية", "057", "noun",
      "اتفاق|اتفاقية|اتفاقيتين|اتفاقيتان|اتفاقيات|مذكرة تفاهم|مذكرتي تفاهم|مذكرات تفاهم|معاهدة"),
    L("ar", "وقع اتفاقية", "057", "verb",
      "وقع اتفاقية|وقعت اتفاقية|وقعا اتفاقية|وقعوا اتفاقية|يوقع اتفاقية|توقع اتفاقية"
      "|يوقعون اتفاقية"),
    L("ar", "وجه دعوة", "036", "verb", "وجه دعوة|وجهت دعوة|وجها دعوة|وجهوا دعوة|يوجه دعوة"),
    L("ar", "دعوة لزيارة", "036", "noun", "دعوة لزيارة"),
    L("ar", "مناورات مشتركة", "062", "noun", "مناورات مشتركة|تدريبات مشتركة|تمرينا مشتركا"),
    L("ar", "فتح تحقيقا", "090", "verb",
      "فتح تحقيقا|فتحت تحقيقا|فتحا تحقيقا|فتحوا تحقيقا|يفتح تحقيقا|تفتح تحقيقا|يفتحون تحقيقا"),
    L("ar", "أمر بفتح تحقيق", "090", "verb", "أمر بفتح تحقيق|أمرت بفتح تحقيق|أمروا بفتح تحقيق"),
    L("ar", "تحقيقات في", "090", "noun", "تحقيق في|تحقيقات في"),
    L("ar", "أدان", "111", "verb", "أدان|أدانت|أدانا|أدانوا|يدين|تدين|يدينون"),
    L("ar", "اعتقل", "173", "verb", "اعتقل|اعتقلت|اعتقلا|اعتقلوا|يعتقل|تعتقل|يعتقلون"),
    L("ar", "اعتقال", "173", "noun", "اعتقال|اعتقالات"),
    L("ar", "توعد", "130", "verb", "توعد|توعدت|توعدا|توعدوا|يتوعد|تتوعد|يتوعدون"),
    L("ar", "هدد بقصف", "1384", "verb", "هدد بقصف|هددت بقصف|هددا بقصف|هددوا بقصف|يهدد بقصف"),
    L("ar", "فض الاعتصام", "175", "verb", "فض الاعتصام|فضت الاعتصام|فضوا الاعتصام|يفض الاعتصام"),
    L("ar", "أطلق الغاز المسيل للدموع", "175", "verb",
      "أطلق الغاز المسيل للدموع|أطلقت الغاز المسيل للدموع|أطلقوا الغاز المسيل للدموع"
      "|يطلق الغاز المسيل للدموع"),
    L("ar", "أعرب عن قلقه", "012", "verb",
      "أعرب عن قلقه|أعربت عن قلقها|أعربا عن قلقهما|أعربوا عن قلقهم|يعرب عن قلقه|تعرب عن قلقها"
      "|يعربون عن قلقهم"),
    L("ar", "هجوم", "190", "noun", "هجوم|هجومين|هجومان|هجمات"),
    L("ar", "اقتحم", "190", "verb", "اقتحم|اقتحمت|اقتحموا|يقتحم|تقتحم|يقتحمون"),
    L("ar", "غارة", "195", "noun", "غارة|غارتين|غارتان|غارات"),
    L("ar", "ضربة جوية", "195", "noun", "ضربة جوية|ضربتين جويتين|ضربتان جويتان|ضربات جوية"),
    L("ar", "شن غارات", "195", "verb",
      "شن غارات|شنت غارات|شنا غارات|شنوا غارات|يشن غارات|تشن غارات|يشنون غارات"),
]

FORM_CASES = [(lem, form) for lem in LEMMAS for form in lem.forms]


@pytest.mark.parametrize(("lemma", "form"), FORM_CASES,
                         ids=[f"{lem.lang}-{form}" for lem, form in FORM_CASES])
def test_lemma_form_is_listed(lemma: Lemma, form: str) -> None:
    row = _row(lemma.lang, form)
    assert row is not None, f"{lemma.lang} {form!r} ({lemma.name}) is not one row of event_cues.tsv"
    assert row.code == lemma.code, (
        f"line {row.line}: {form!r} is {row.code}, {lemma.name} is {lemma.code}")
    if lemma.kind:
        assert row.kind == lemma.kind, f"line {row.line}: {form!r} is a {row.kind}"


@pytest.mark.parametrize("lemma", LEMMAS, ids=[f"{lem.lang}-{lem.name}" for lem in LEMMAS])
def test_lemma_forms_share_one_target(lemma: Lemma) -> None:
    targets = {r.target for f in lemma.forms if (r := _row(lemma.lang, f)) is not None}
    assert len(targets) <= 1, f"{lemma.name}: forms disagree on the target: {sorted(targets)}"


def test_lemma_table_has_no_repeated_form() -> None:
    seen = [(lem.lang, fold_form(f)) for lem in LEMMAS for f in lem.forms]
    assert len(seen) == len(set(seen))


# ---------------------------------------------------------------- phrase heads

#: English head word of a verb phrase -> the other inflections it must have.
EN_HEADS: dict[str, tuple[str, ...]] = {
    "held": ("holds", "hold", "holding"),
    "signed": ("signs", "sign", "signing"),
    "launched": ("launches", "launch", "launching"),
    "imposed": ("imposes", "impose", "imposing"),
    "expressed": ("expresses", "express", "expressing"),
    "threatened": ("threatens", "threaten", "threatening"),
    "suspended": ("suspends", "suspend", "suspending"),
    "deployed": ("deploys", "deploy", "deploying"),
    "severed": ("severs", "sever", "severing"),
    "carried": ("carries", "carry", "carrying"),
    "conducted": ("conducts", "conduct", "conducting"),
}
#: phrases whose inflection is left out on purpose (see the file's header)
EN_NOT_SPREAD = {"launched a strike"}

#: Arabic past 3rd masculine singular head -> feminine, plural, present masculine.
AR_HEADS: dict[str, tuple[str, ...]] = {
    "وقع": ("وقعت", "وقعوا", "يوقع"),
    "شن": ("شنت", "شنوا", "يشن"),
    "أجرى": ("أجرت", "أجروا", "يجري"),
    "فرض": ("فرضت", "فرضوا", "يفرض"),
    "هدد": ("هددت", "هددوا", "يهدد"),
    "عقد": ("عقدت", "عقدوا", "يعقد"),
    "أطلق": ("أطلقت", "أطلقوا", "يطلق"),
    "نفذ": ("نفذت", "نفذوا", "ينفذ"),
    "طرد": ("طردت", "طردوا", "يطرد"),
    "رفض": ("رفضت", "رفضوا", "يرفض"),
    "أعرب": ("أعربت", "أعربوا", "يعرب"),
    "قطع": ("قطعت", "قطعوا", "يقطع"),
}
#: nouns whose pronoun suffix agrees with the subject (أعرب عن قلقه / أعربت عن قلقها)
AR_AGREE = {"قلق", "أسف", "تفاؤل", "مسؤوليت", "تورط", "تعازي", "تضامن", "استعداد", "دعم",
            "ترحيب", "وساطت", "قوات", "سفير", "سفارت", "علاقات", "مساعدات", "سيطرت"}
_AR_PRONOUN = {0: "ها", 1: "هم", 2: "ه"}  # index into AR_HEADS values


def _agree(word: str, slot: int) -> str:
    for suffix in ("هما", "هم", "ها", "ه"):
        if word.endswith(suffix) and word[: -len(suffix)] in AR_AGREE:
            return word[: -len(suffix)] + _AR_PRONOUN[slot]
    return word


def _phrase_cases() -> list[tuple[Cue, str]]:
    cases: list[tuple[Cue, str]] = []
    for rows in ROWS.values():
        for r in rows:
            words = r.form.split()
            if r.kind != "verb" or len(words) < 2 or r.form in EN_NOT_SPREAD:
                continue
            if r.lang == "en" and words[0] in EN_HEADS:
                for head in EN_HEADS[words[0]]:
                    cases.append((r, " ".join([head, *words[1:]])))
            if r.lang == "ar" and words[0] in AR_HEADS:
                for slot, head in enumerate(AR_HEADS[words[0]]):
                    cases.append((r, " ".join([head, *(_agree(w, slot) for w in words[1:])])))
    return sorted(cases, key=lambda c: c[0].line)


PHRASE_CASES = _phrase_cases()


def test_phrase_rule_applies_to_many_rows() -> None:
    # the rule must keep biting: a change of file layout that empties it fails here
    assert len({c[0].line for c in PHRASE_CASES if c[0].lang == "en"}) >= 80
    assert len({c[0].line for c in PHRASE_CASES if c[0].lang == "ar"}) >= 60


@pytest.mark.parametrize(("row", "form"), PHRASE_CASES,
                         ids=[f"{r.lang}-{r.line}-{f}" for r, f in PHRASE_CASES])
def test_phrase_heads_are_inflected(row: Cue, form: str) -> None:
    other = _row(row.lang, form)
    assert other is not None, f"line {row.line} {row.form!r} is listed, {form!r} is not"
    assert (other.code, other.kind, other.target) == (row.code, row.kind, row.target), (
        f"line {other.line} {form!r} differs from line {row.line} {row.form!r}")
