"""Row-by-row checks of the given-name list `events/data/given_names.tsv`.

The coder reads this list to tell that the words after a title are a person's
name ("الجنرال فنسنت ...", "وزير الخارجية المكلف علي ..."). A row is used as it
is, so each one must be a clean Arabic form in the normalised spelling of
`events/data/README.md`: NFC, trimmed, single spaces, no diacritics or tatweel,
Arabic letters only, no proclitic or article glued to it, one row per folded
key. A row that is really a title or an ordinary word would make the coder glue
the words after a title into a false name, so those are checked too.

The file is read as plain text (no loader) so that a bad row is reported with
its line number.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import NamedTuple

import pytest

from events.normalize import canonical_form, fold_form

DATA = Path(__file__).resolve().parents[1] / "events" / "data"
NAME = "given_names.tsv"

# Arabic letters: hamza to ghain, feh to yeh (no tatweel U+0640, no marks).
ARABIC_WORDS = re.compile(r"[\u0621-\u063A\u0641-\u064A]+(?: [\u0621-\u063A\u0641-\u064A]+)*")
# tashkeel U+064B-U+065F, superscript alef U+0670, tatweel U+0640
ARABIC_MARKS = re.compile(r"[\u064B-\u065F\u0670\u0640]")
# the folding the matcher applies (the README's list); fold_form does it too
FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ة": "ه", "ى": "ي", "ؤ": "ء", "ئ": "ء"})
# the article, alone or after a proclitic: the matcher adds these itself
# (not ف + ال: فالح, فاليري and فالنتينا are names)
ATTACHED_ARTICLE = re.compile(r"^(?:[وبك]?ال|لل)")
PROCLITICS = "وفبلك"
# names in their own right that happen to read as proclitic + another row
PROCLITIC_LOOKALIKES = {"كريم", "بكير", "لخضر"}

# Words that must never be rows: titles and very frequent words of news
# sentences that look like names (the file's comments list all exclusions).
NOT_NAMES = [
    "أمير", "ملك", "سلطان", "شيخ", "سيد", "إمام", "قائد", "أمين", "شريف", "عماد",
    "سلام", "أمل", "نصر", "صالح", "كامل", "باسم", "صباح", "جمعة", "خميس", "نور",
    "هلال", "سامي", "عبد", "أبو", "بن", "ولد", "غير", "لي", "هو", "جورجيا",
]


class Row(NamedTuple):
    line: int
    fields: tuple[str, ...]

    @property
    def form(self) -> str:
        return self.fields[1] if len(self.fields) > 1 else ""


def read_rows() -> tuple[str | None, list[Row]]:
    """Header line and data rows (comments and blank lines skipped)."""
    header: str | None = None
    rows: list[Row] = []
    text = (DATA / NAME).read_text(encoding="utf-8")
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if header is None:
            header = line
            continue
        rows.append(Row(n, tuple(line.split("\t"))))
    return header, rows


def key(form: str) -> str:
    """The matcher's duplicate key: its folding plus the README's letter folds."""
    return fold_form(form).translate(FOLD)


def strip_article(folded: str) -> str:
    return folded[2:] if folded.startswith("ال") else folded


HEADER, ROWS = read_rows()
KEYS = Counter(key(r.form) for r in ROWS)


def role_keys() -> set[str]:
    """Folded Arabic forms of roles.tsv (titles, bodies, groups), article stripped."""
    lines = [ln for ln in (DATA / "roles.tsv").read_text(encoding="utf-8").split("\n")
             if ln.strip() and not ln.startswith("#")]
    cols = lines[0].split("\t")
    lang, form = cols.index("lang"), cols.index("form")
    return {strip_article(key(c[form])) for c in (ln.split("\t") for ln in lines[1:])
            if len(c) > max(lang, form) and c[lang] == "ar"}


ROLE_KEYS = role_keys()


def row_id(row: Row) -> str:
    return f"{NAME}:{row.line}"


# ---------------------------------------------------------------- whole file

def test_header() -> None:
    assert HEADER == "lang\tform"


def test_row_count() -> None:
    # the list is meant to cover the region's news; a truncated file fails here
    assert 600 <= len(ROWS) <= 1200, len(ROWS)


@pytest.mark.parametrize("word", NOT_NAMES)
def test_title_or_ordinary_word_is_not_a_row(word: str) -> None:
    assert KEYS[key(word)] == 0, f"{word} is a title or an ordinary word, not a name"


# ---------------------------------------------------------------- row by row

@pytest.mark.parametrize("row", ROWS, ids=row_id)
def test_fields(row: Row) -> None:
    assert len(row.fields) == 2, f"{len(row.fields)} fields: {row.fields!r}"
    assert row.fields[0] == "ar", f"lang {row.fields[0]!r}: only Arabic names belong here"


@pytest.mark.parametrize("row", ROWS, ids=row_id)
def test_form_is_normalised(row: Row) -> None:
    form = row.form
    assert form, "empty form"
    assert unicodedata.is_normalized("NFC", form), "not NFC"
    assert form == form.strip(), "leading or trailing space"
    assert "  " not in form, "double space"
    assert not ARABIC_MARKS.search(form), "diacritic or tatweel"
    assert form == canonical_form(form)


@pytest.mark.parametrize("row", ROWS, ids=row_id)
def test_form_is_arabic_letters_and_spaces(row: Row) -> None:
    assert ARABIC_WORDS.fullmatch(row.form), f"{row.form!r} holds a non-Arabic character"


@pytest.mark.parametrize("row", ROWS, ids=row_id)
def test_no_article_or_proclitic(row: Row) -> None:
    form = row.form
    assert not ATTACHED_ARTICLE.match(form), f"{form} starts with the article"
    # وليد and بشار are names; لحسن is ل + حسن when حسن is a row
    if form[:1] in PROCLITICS and len(form) > 2 and form not in PROCLITIC_LOOKALIKES:
        assert KEYS[key(form[1:])] == 0, f"{form} is {form[0]} + the row {form[1:]}"


@pytest.mark.parametrize("row", ROWS, ids=row_id)
def test_no_duplicate_after_folding(row: Row) -> None:
    n = KEYS[key(row.form)]
    assert n == 1, f"{row.form}: {n} rows fold to {key(row.form)}"


@pytest.mark.parametrize("row", ROWS, ids=row_id)
def test_not_a_role(row: Row) -> None:
    # a title taken for a name would turn "title + title" into a person
    assert strip_article(key(row.form)) not in ROLE_KEYS, f"{row.form} is a form of roles.tsv"
