"""Word-boundary, clitic and case rules of the dictionary matcher."""

from __future__ import annotations

from events.matcher import Entry, Matcher, resolve_longest, search


def _found(entries: list[Entry[object]], text: str) -> list[tuple[str, str]]:
    m = Matcher.build(entries)
    return [(x.entry.form, text[x.start:x.end]) for x in search(m, text)]


def test_arabic_proclitics_and_article() -> None:
    es: list[Entry[object]] = [Entry("country", "ar", "فرنسا", "FRA"),
                               Entry("role", "ar", "الجيش", "MIL")]
    got = _found(es, "وفرنسا وبالجيش وللجيش بفرنسا")
    assert got == [("فرنسا", "فرنسا"), ("الجيش", "الجيش"), ("الجيش", "لجيش"), ("فرنسا", "فرنسا")]


def test_no_match_inside_a_longer_word() -> None:
    es: list[Entry[object]] = [Entry("country", "ar", "مالي", "MLI"),
                               Entry("country", "en", "Oman", "OMN")]
    assert _found(es, "الأوضاع المالية والماليون Romania Omani") == []


def test_article_is_not_stripped_from_verbs() -> None:
    es: list[Entry[object]] = [Entry("cue", "ar", "التقى", "040", suffixes=True, article=False)]
    assert [f for f, _ in _found(es, "والتقاه الوزير ثم التقى")] == ["التقى", "التقى"]
    assert _found(es, "تقى") == []


def test_ta_marbuta_before_a_pronoun_suffix() -> None:
    es: list[Entry[object]] = [Entry("cue", "ar", "زيارة", "042", suffixes=True)]
    assert _found(es, "خلال زيارته") == [("زيارة", "زيارته")]
    assert _found(es, "زيارت") == []


def test_acronyms_match_capitals_only() -> None:
    es: list[Entry[object]] = [Entry("actor", "en", "UN", "un"), Entry("country", "en", "US", "USA")]
    assert _found(es, "let us go, the UN and the US said") == [("UN", "UN"), ("US", "US")]


def test_english_possessive_and_case() -> None:
    es: list[Entry[object]] = [Entry("country", "en", "Algeria", "DZA")]
    assert _found(es, "ALGERIA and Algeria's minister") == [("Algeria", "ALGERIA"), ("Algeria", "Algeria")]


def test_resolve_longest_prefers_the_longer_phrase() -> None:
    es: list[Entry[object]] = [Entry("role", "en", "Foreign Minister", "GOV"),
                               Entry("role", "en", "Minister", "GOV")]
    m = Matcher.build(es)
    chosen = resolve_longest(search(m, "the Foreign Minister said"))
    assert [c.entry.form for c in chosen] == ["Foreign Minister"]


def test_future_prefix_only_before_an_imperfect_verb() -> None:
    es: list[Entry[object]] = [Entry("cue", "ar", "يزور", "042", suffixes=True, article=False),
                               Entry("cue", "ar", "زار", "042", suffixes=True, article=False),
                               Entry("role", "ar", "ياسة", "GOV")]
    m = Matcher.build(es)
    hits = search(m, "سيزور وسيزور سزار سياسة")
    assert [(text_of.entry.form, text_of.prefix) for text_of in hits] == [("يزور", "س"), ("يزور", "وس")]
