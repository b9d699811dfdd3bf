"""Sentence splitting keeps offsets and respects abbreviations."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from events.model import Span
from events.sentences import split_sentences


def _split(text: str) -> list[str]:
    return [s.text(text) for s in split_sentences(text, [Span(0, len(text))])]


def test_english_abbreviations_and_numbers() -> None:
    text = "Gen. Smith met U.S. envoys on Jan. 5. Growth was 2.5 percent. Did they agree? Yes."
    assert _split(text) == ["Gen. Smith met U.S. envoys on Jan. 5.", "Growth was 2.5 percent.",
                            "Did they agree?", "Yes."]


def test_arabic_question_mark_and_quotes() -> None:
    text = "قال الوزير: «لن نتراجع». وأضاف أن المحادثات مستمرة؟ نعم."
    assert _split(text) == ["قال الوزير: «لن نتراجع».", "وأضاف أن المحادثات مستمرة؟", "نعم."]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .?!؟\n\"»«١U.S")), max_size=60))
def test_offsets_point_at_the_sentence(text: str) -> None:
    sents = split_sentences(text, [Span(0, len(text))])
    last = 0
    for s in sents:
        assert 0 <= s.start < s.end <= len(text)
        assert s.start >= last
        assert text[s.start:s.end].strip() == text[s.start:s.end]
        last = s.end
