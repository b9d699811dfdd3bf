"""Row-by-row checks of the page-noise and topic dictionaries.

`events/data/boilerplate_cues.tsv` and `events/data/topic_cues.tsv` follow the
common format of `events/data/README.md`. These tests read the files as plain
text (no loader needed) so that a malformed row is reported with its line
number, and they check what the matcher relies on: normalised forms, Arabic
forms without proclitics, one meaning per folded key.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import NamedTuple

import pytest

from events.taxonomy import TOPICS

DATA = Path(__file__).resolve().parents[1] / "events" / "data"

ARABIC_LETTER = re.compile(r"[\u0621-\u064A\u0671-\u06D3\u06FA-\u06FF]")
# tashkeel, superscript alef, Quranic marks, tatweel
ARABIC_MARKS = re.compile(r"[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]")
ARABIC_INDIC_DIGITS = re.compile(r"[\u0660-\u0669\u06F0-\u06F9]")
# a proclitic glued to the article: the matcher adds these itself
PROCLITIC_ARTICLE = re.compile(r"^(?:[وفبك]ال|لل)")

FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ة": "ه", "ى": "ي", "ؤ": "ء", "ئ": "ء"})


class Row(NamedTuple):
    file: str
    line: int
    fields: tuple[str, ...]


def fold(form: str) -> str:
    """The duplicate key: case, alef/hamza/ta-marbuta/ya spellings, one leading ال."""
    key = form.lower().translate(FOLD)
    return key[2:] if key.startswith("ال") else key


def read_rows(name: str) -> tuple[str | None, list[Row]]:
    """Header line and data rows of a TSV file (comments and blank lines skipped)."""
    header: str | None = None
    rows: list[Row] = []
    text = (DATA / name).read_text(encoding="utf-8")
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if header is None:
            header = line
            continue
        rows.append(Row(name, n, tuple(line.split("\t"))))
    return header, rows


BOILER_HEADER, BOILER_ROWS = read_rows("boilerplate_cues.tsv")
TOPIC_HEADER, TOPIC_ROWS = read_rows("topic_cues.tsv")
ALL_ROWS = BOILER_ROWS + TOPIC_ROWS
KEY_COUNTS = {
    name: Counter((r.fields[0], fold(r.fields[1])) for r in rows if len(r.fields) == 3)
    for name, rows in (("boilerplate_cues.tsv", BOILER_ROWS), ("topic_cues.tsv", TOPIC_ROWS))
}


def row_id(row: Row) -> str:
    return f"{row.file}:{row.line}"


# ---------------------------------------------------------------- whole files

def test_boilerplate_header() -> None:
    assert BOILER_HEADER == "lang\tform\tkind"


def test_topic_header() -> None:
    assert TOPIC_HEADER == "lang\tform\ttopic"


def test_every_kind_in_both_languages() -> None:
    have = {(r.fields[0], r.fields[2]) for r in BOILER_ROWS if len(r.fields) == 3}
    assert have == {(lang, kind) for lang in ("ar", "en") for kind in ("line", "start", "stop")}


@pytest.mark.parametrize("topic", sorted(TOPICS))
@pytest.mark.parametrize("lang", ["ar", "en"])
def test_topic_has_20_to_60_cues(topic: str, lang: str) -> None:
    n = sum(1 for r in TOPIC_ROWS
            if len(r.fields) == 3 and r.fields[0] == lang and r.fields[2] == topic)
    assert 20 <= n <= 60, f"{topic}/{lang}: {n} cues"


def test_required_noise_cues_present() -> None:
    forms = {(r.fields[0], fold(r.fields[1])) for r in BOILER_ROWS if len(r.fields) == 3}
    wanted = [("ar", "اقرأ أيضا"), ("ar", "أخبار ذات صلة"), ("ar", "مواضيع ذات صلة"),
              ("ar", "قد يهمك أيضا"), ("ar", "أرسل تعليقك"), ("ar", "جميع الحقوق محفوظة"),
              ("ar", "مواقيت الصلاة"), ("ar", "حالة الطقس"), ("ar", "حاسبة العملة"),
              ("ar", "تابعونا على"), ("en", "Read also"), ("en", "Read more"), ("en", "Related"),
              ("en", "All rights reserved"), ("en", "Sign up for our newsletter"),
              ("en", "Follow us on"), ("en", "Advertisement"), ("en", "Opens in new window")]
    missing = [w for w in wanted if (w[0], fold(w[1])) not in forms]
    assert not missing


# ---------------------------------------------------------------- each row

@pytest.mark.parametrize("row", ALL_ROWS, ids=row_id)
def test_row_shape(row: Row) -> None:
    assert len(row.fields) == 3, f"{len(row.fields)} fields"
    lang, form, value = row.fields
    assert lang in ("ar", "en")
    assert form, "empty form"
    if row.file == "boilerplate_cues.tsv":
        assert value in ("line", "start", "stop")
    else:
        assert value in TOPICS


@pytest.mark.parametrize("row", ALL_ROWS, ids=row_id)
def test_form_is_normalised(row: Row) -> None:
    form = row.fields[1]
    assert form == unicodedata.normalize("NFC", form), "not NFC"
    assert form == form.strip(), "untrimmed"
    assert "  " not in form and "\t" not in form, "spaces"
    assert " ".join(form.split()) == form, "non-ASCII whitespace"
    assert not ARABIC_MARKS.search(form), "diacritic or tatweel"
    assert not ARABIC_INDIC_DIGITS.search(form), "digits must be ASCII"


@pytest.mark.parametrize("row", ALL_ROWS, ids=row_id)
def test_script_matches_language(row: Row) -> None:
    lang, form = row.fields[0], row.fields[1]
    if lang == "ar":
        assert ARABIC_LETTER.search(form), "Arabic row without Arabic letters"
        assert not re.search(r"[A-Za-z]", form), "Latin letters in an Arabic form"
    else:
        assert not ARABIC_LETTER.search(form), "Arabic letters in an English row"


@pytest.mark.parametrize("row", [r for r in ALL_ROWS if r.fields[0] == "ar"], ids=row_id)
def test_arabic_form_has_no_proclitic(row: Row) -> None:
    assert not PROCLITIC_ARTICLE.match(row.fields[1]), "proclitic before the article"


@pytest.mark.parametrize("row", ALL_ROWS, ids=row_id)
def test_no_duplicate_after_folding(row: Row) -> None:
    key = (row.fields[0], fold(row.fields[1]))
    assert KEY_COUNTS[row.file][key] == 1, f"{key!r} occurs {KEY_COUNTS[row.file][key]} times"


@pytest.mark.parametrize("row", [r for r in BOILER_ROWS if r.fields[2] == "line"], ids=row_id)
def test_line_cue_is_not_a_bare_word(row: Row) -> None:
    # A one-word line cue would kill every sentence using that word.
    form = row.fields[1]
    assert " " in form or form in {"©"}, "line cues must be multi-word UI strings"


def test_fold_examples() -> None:
    assert fold("الإرهاب") == fold("إرهاب") == "ارهاب"
    assert fold("أيضاً".replace("\u064b", "")) == fold("ايضا")
    assert fold("READ ALSO") == fold("Read also")
    assert fold("المؤسسة") == "مءسسه"
