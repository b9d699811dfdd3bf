"""The folding normaliser: what it folds, and that offsets survive."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from events.normalize import canonical_form, fold, fold_form, is_arabic


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("أحمد", "احمد"),
        ("إيران", "ايران"),
        ("آفاق", "افاق"),
        ("العاصمة", "العاصمه"),
        ("إلى", "الي"),
        ("مسؤول", "مسءول"),
        ("مسئول", "مسءول"),
        ("اجتماعًا", "اجتماعا"),
        ("الـــقـاهرة", "القاهره"),
        ("١٧ يناير ٢٠٢٦", "17 يناير 2026"),
        ("۱۷", "17"),
        ("Élysée", "elysee"),
        ("Algeria’s", "algeria's"),
        ("a\u200bb\u200fc", "abc"),
        ("ﻻ", "لا"),
    ],
)
def test_fold(raw: str, folded: str) -> None:
    assert fold(raw).text == folded


def test_offsets_map_back_through_deletions() -> None:
    text = "وصلَ نائبُ القائدِ إلى باريسَ"
    f = fold(text)
    i = f.text.index("باريس")
    s, e = f.span_to_original(i, i + len("باريس"))
    assert text[s:e] == "باريس"
    j = f.text.index("ناءب")
    s, e = f.span_to_original(j, j + 4)
    assert text[s:e] == "نائب"


def test_fold_form_collapses_spaces() -> None:
    assert fold_form("  وزير   الخارجية ") == "وزير الخارجيه"


def test_canonical_form_keeps_spelling_but_drops_marks() -> None:
    assert canonical_form("اجتماعًا") == "اجتماعا"
    assert canonical_form("  أمس ") == "أمس"
    assert canonical_form("Foreign  Minister") == "Foreign Minister"


def test_is_arabic() -> None:
    assert is_arabic("Paris باريس")
    assert not is_arabic("Paris")


_texts = st.text(
    alphabet=st.sampled_from(list("abcXYZ éİß ابتةىأإآؤئ٠١٢۳ـًٌَُِّ\u200b\u200f\u202b\ufeffﻻﷲ.,\n\t")),
    max_size=80,
)


@settings(max_examples=300, deadline=None)
@given(_texts)
def test_every_folded_offset_maps_into_the_original(text: str) -> None:
    f = fold(text)
    prev = 0
    for i in range(len(f.text) + 1):
        o = f.to_original(i)
        assert 0 <= o <= len(text)
        assert o >= prev  # monotone
        prev = o


@settings(max_examples=300, deadline=None)
@given(_texts)
def test_folding_is_idempotent(text: str) -> None:
    once = fold(text).text
    assert fold(once).text == once
