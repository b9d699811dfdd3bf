"""Consistency of the bundled sample corpus and its hand-coded expectations.

`events/sample/corpus/` is the corpus the README's first command codes, and
`tests/golden/sample_gold.jsonl` says what a careful coder finds in it. These
tests check that the two agree with each other and with the gold format
(valid codes, countries, agent types, topics, dates), so that a later test
comparing a build with the gold compares like with like.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pycountry
import pytest

from events.taxonomy import AGENT_TYPES, TOPICS

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "events" / "sample" / "corpus"
GOLD_PATH = ROOT / "tests" / "golden" / "sample_gold.jsonl"
EXTRA_ISO3 = {"PSE", "XKX"}

GOLD: list[dict[str, Any]] = [
    json.loads(line) for line in GOLD_PATH.read_text(encoding="utf-8").splitlines() if line.strip()
]
_JSONL_LINES = (SAMPLE / "articles.jsonl").read_text(encoding="utf-8").splitlines()
RECORDS: dict[str, dict[str, Any]] = {
    rec["id"]: rec for rec in (json.loads(line) for line in _JSONL_LINES if line.strip())
}


def corpus_ids() -> dict[str, str]:
    """Article id -> file name, as the builder names them (file stem or record id)."""
    ids = {p.stem: p.name for p in SAMPLE.iterdir() if p.suffix in (".txt", ".html")}
    ids.update({i: "articles.jsonl" for i in RECORDS})
    return ids


def all_events(art: dict[str, Any]) -> list[dict[str, Any]]:
    return list(art["events"]) + list(art["also_ok"])


def valid_iso3(code: str) -> bool:
    return code in EXTRA_ISO3 or pycountry.countries.get(alpha_3=code) is not None


def gid(art: dict[str, Any]) -> str:
    return str(art["id"])


def test_corpus_shape() -> None:
    files = Counter(p.suffix for p in SAMPLE.iterdir() if p.suffix in (".txt", ".html", ".jsonl"))
    assert files == {".txt": 6, ".html": 4, ".jsonl": 1}
    assert len(RECORDS) == 6
    langs = Counter(i[:2] for i in corpus_ids())
    assert langs == {"ar": 8, "en": 8}


def test_one_gold_row_per_article() -> None:
    gold_ids = [a["id"] for a in GOLD]
    assert len(gold_ids) == len(set(gold_ids))
    assert set(gold_ids) == set(corpus_ids())


@pytest.mark.parametrize("art", GOLD, ids=gid)
def test_gold_row_fields(art: dict[str, Any]) -> None:
    assert "text" not in art
    assert set(art) >= {"id", "lang", "source", "url", "published", "page_published", "file",
                        "events", "also_ok", "must_not_countries", "note"}
    assert art["file"] == corpus_ids()[art["id"]]
    assert art["lang"] == art["id"][:2]
    assert art["events"], "every sample article reports at least one event"
    assert len(art["note"]) > 80


@pytest.mark.parametrize("art", GOLD, ids=gid)
def test_published_matches_metadata(art: dict[str, Any]) -> None:
    rec = RECORDS.get(art["id"])
    assert art["published"] == (rec.get("published") if rec else None)
    if rec:
        assert art["url"] == rec.get("url")


@pytest.mark.parametrize("art", GOLD, ids=gid)
def test_page_date_is_printed_in_the_page(art: dict[str, Any]) -> None:
    if art["page_published"] is None:
        return
    d = date.fromisoformat(art["page_published"])
    rec = RECORDS.get(art["id"])
    text = rec["text"] if rec else (SAMPLE / art["file"]).read_text(encoding="utf-8")
    # the day of the month and the year must both be visible near the top
    # (for a page, in its <body>, not only in a meta tag)
    head = text[text.find("<body"):][:2500] if art["file"].endswith(".html") else text[:1500]
    assert str(d.year) in head and re.search(rf"(?<!\d)0?{d.day}(?!\d)", head)


@pytest.mark.parametrize("art", GOLD, ids=gid)
def test_events_are_well_formed(art: dict[str, Any]) -> None:
    for ev in all_events(art):
        assert re.fullmatch(r"\d{3,4}", ev["code"]), ev["code"]
        assert ev["root"] == ev["code"][:2] and 1 <= int(ev["root"]) <= 20
        for key in ("actor1", "actor2"):
            actor = ev[key]
            if actor is None:
                assert key == "actor2"
                continue
            assert actor["name"]
            assert actor["country"] is None or valid_iso3(actor["country"]), actor
            assert actor["type"] is None or actor["type"] in AGENT_TYPES, actor
        assert ev["location_country"] is None or valid_iso3(ev["location_country"])
        assert set(ev["topics"]) <= set(TOPICS)
        if ev["date"] is not None:
            date.fromisoformat(ev["date"])


@pytest.mark.parametrize("art", GOLD, ids=gid)
def test_event_dates_follow_the_publication_date(art: dict[str, Any]) -> None:
    anchor = art["published"] or art["page_published"]
    for ev in all_events(art):
        if ev["date"] is None:
            continue
        assert anchor is not None, "a dated event in an article with no date anywhere"
        gap = (date.fromisoformat(anchor) - date.fromisoformat(ev["date"])).days
        assert 0 <= gap <= 7, f"{ev['code']} on {ev['date']} vs {anchor}"


@pytest.mark.parametrize("art", GOLD, ids=gid)
def test_noise_countries_are_never_actors(art: dict[str, Any]) -> None:
    bad = set(art["must_not_countries"])
    assert all(valid_iso3(c) for c in bad)
    for ev in all_events(art):
        for key in ("actor1", "actor2"):
            if ev[key] is not None:
                assert ev[key]["country"] not in bad, (ev["code"], ev[key])


def test_two_articles_have_no_date_anywhere() -> None:
    undated = [a["id"] for a in GOLD if a["published"] is None and a["page_published"] is None]
    assert sorted(undated) == ["ar-02-el-obeid-shelling", "en-02-mali-convoy"]
    for a in GOLD:
        if a["id"] in undated:
            assert all(ev["date"] is None for ev in all_events(a))


def test_spread_of_event_types() -> None:
    roots = Counter(ev["root"] for a in GOLD for ev in a["events"])
    # talks, visits, calls, statements, agreements, praise, appeals, demands,
    # disapproval, threats, protest, force posture, reduced relations,
    # coercion, assault and fighting must all be present
    for root in ("01", "02", "04", "05", "08", "10", "11", "13", "14", "15", "16", "17", "18",
                 "19"):
        assert roots[root] > 0, root
    assert roots["04"] + roots["05"] >= 8
    assert roots["19"] >= 4


def test_jsonl_records_have_the_expected_fields() -> None:
    for rec in RECORDS.values():
        assert set(rec) <= {"id", "text", "title", "url", "published", "source", "language"}
        assert isinstance(rec["text"], str) and rec["text"].strip()
        if "published" in rec:
            date.fromisoformat(rec["published"])
