"""The event diff: added, removed, modified by event_id, with exact, null-aware comparison."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from release_factory import plain_row

from events.diff import ArticleChanges, changelog, diff_articles, diff_events
from events.errors import ReleaseError
from events.rows import to_frame


def row(eid: str, **kw: Any) -> dict[str, Any]:
    return plain_row(eid, article_chars=2, **kw)


def frame(*rows: dict[str, Any]) -> pd.DataFrame:
    return to_frame("events", list(rows))


E1, E2, E3, E4 = ("aa" + "0" * 14, "bb" + "0" * 14, "cc" + "0" * 14, "dd" + "0" * 14)


def test_added_removed_modified_and_unchanged() -> None:
    old = frame(row(E1), row(E2), row(E3, topics=["diplomacy"]))
    new = frame(row(E2), row(E3, topics=["diplomacy", "trade"], event_date=None), row(E4))
    ch = diff_events(old, new)
    assert (ch.added, ch.removed, ch.modified) == (1, 1, 1)
    got = {r["event_id"]: (r["change"], list(r["changed_columns"]))
           for r in ch.frame.to_dict("records")}
    assert got == {E4: ("added", []), E1: ("removed", []),
                   E3: ("modified", ["event_date", "topics"])}
    assert list(ch.frame["change"]) == ["added", "modified", "removed"]
    assert ch.modified_columns == {"event_date": 1, "topics": 1}


def test_nulls_equal_nulls_and_lists_compare_by_element() -> None:
    old = frame(row(E1, url=None, topics=["a", "b"]), row(E2, topics=[]))
    same = frame(row(E1, url=None, topics=["a", "b"]), row(E2, topics=[]))
    assert diff_events(old, same).modified == 0
    changed = frame(row(E1, url="https://x", topics=["b", "a"]), row(E2, topics=[""]))
    ch = diff_events(old, changed)
    assert ch.modified == 2
    assert ch.modified_columns == {"topics": 2, "url": 1}


def test_floats_compare_exactly() -> None:
    old = frame(row(E1, confidence=0.5))
    assert diff_events(old, frame(row(E1, confidence=0.5))).modified == 0
    assert diff_events(old, frame(row(E1, confidence=0.75))).modified_columns == {"confidence": 1}


def test_row_order_does_not_matter() -> None:
    a = frame(row(E1), row(E2, mentions=2), row(E3))
    b = frame(row(E3), row(E1), row(E2, mentions=2))
    ch = diff_events(a, b)
    assert (ch.added, ch.removed, ch.modified) == (0, 0, 0) and ch.frame.empty


def test_columns_in_one_release_only_are_named_not_compared() -> None:
    old = frame(row(E1), row(E2)).drop(columns=["mentions"])
    new = frame(row(E1, mentions=3), row(E2))
    ch = diff_events(old, new)
    assert ch.modified == 0 and ch.not_compared == ("mentions",)


def test_a_retyped_column_is_compared_by_value() -> None:
    old = frame(row(E1, quad_class=1), row(E2, quad_class=1))
    old["quad_class"] = old["quad_class"].astype("int64[pyarrow]")
    ch = diff_events(old, frame(row(E1, quad_class=1), row(E2, quad_class=1)))
    assert ch.modified == 0


def test_duplicate_ids_are_an_error() -> None:
    with pytest.raises(ReleaseError, match="duplicate event ids"):
        diff_events(frame(row(E1)), pd.concat([frame(row(E1)), frame(row(E1))]))


def test_empty_tables() -> None:
    empty = frame()
    assert diff_events(empty, empty).frame.empty
    assert diff_events(empty, frame(row(E1))).added == 1
    assert diff_events(frame(row(E1)), empty).removed == 1


def test_article_changes_by_id_and_content_hash() -> None:
    def arts(*pairs: tuple[str | None, str | None]) -> pd.DataFrame:
        return pd.DataFrame({"article_id": [p[0] for p in pairs],
                             "content_sha256": [p[1] for p in pairs]})

    old = arts(("a", "1"), ("b", "2"), ("c", "3"), (None, None))
    new = arts(("a", "1"), ("b", "9"), ("d", "4"), (None, None))
    assert diff_articles(old, new) == ArticleChanges(new=1, changed=1, removed=1, unchanged=1)
    assert diff_articles(None, new) == ArticleChanges(new=3)


def test_changelog_puts_the_new_section_on_top() -> None:
    first = changelog("## 2026.11.0\n\nfirst\n", None)
    second = changelog("## 2026.11.1\n\nsecond\n", first)
    assert second.index("## 2026.11.1") < second.index("## 2026.11.0")
    assert second.count("# Changelog") == 1 and "first" in second and "second" in second
