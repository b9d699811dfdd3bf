"""`events info`: the summary of a release, as numbers and as aligned text."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from release_factory import event_row, make_release, reject_row, rejected_article

from events.cli import main
from events.info import PRECISION_LABELS, STATUS_LABELS, format_text, summarize
from events.taxonomy import DATE_PRECISIONS, STATUSES


@pytest.fixture()
def release(tmp_path: Path) -> Path:
    rows = [
        event_row(0, code="042", date=dt.date(2025, 3, 3), language="ar",
                  a1=("وزير الخارجية المصري", "EGY", "GOV"), a2=("Libya", "LBY", "GOV")),
        event_row(1, code="043", date=dt.date(2025, 3, 5), a1=("Egypt", "EGY", "GOV"),
                  a2=("Libya", "LBY", "GOV")),
        event_row(2, code="190", date=dt.date(2025, 3, 20), a1=("army", "LBY", "MIL"),
                  a2=("rebels", "LBY", "REB"), location=("Sirte", "LBY")),
        event_row(3, code="111", date=dt.date(2025, 1, 1), precision="year",
                  a1=("France", "FRA", "GOV"), a2=("Iran", "IRN", "GOV")),
        event_row(4, code="173", date=None, a1=("police", "TUN", "COP"), a2=None,
                  location=("Tunis", "TUN")),
    ]
    rejects = [reject_row(0, "invalid-json"), reject_row(1, "invalid-json"),
               reject_row(2, "empty-text")]
    articles = [{"article_id": f"art-{i}", "origin": "t.jsonl", "line": i + 1, "status": "coded",
                 "language": "en", "published": None, "published_from": None, "events": 1,
                 "content_sha256": "0" * 64, "warnings": []} for i in range(5)]
    articles += [rejected_article(10 + i) for i in range(3)]
    return make_release(tmp_path, rows, rejects=rejects, articles=articles)


def test_summary_counts_dates_and_codes(release: Path) -> None:
    s = summarize(release)
    assert (s.version, s.events, s.read, s.coded, s.rejected) == ("2025.07.0", 5, 8, 5, 3)
    assert (s.first_date, s.last_date, s.undated) == ("2025-01-01", "2025-03-20", 1)
    assert [(r.code, r.n) for r in s.by_quad_class] == [("1", 2), ("2", 0), ("3", 1), ("4", 2)]
    assert len(s.by_root) == 20 and {r.code: r.n for r in s.by_root}["19"] == 1
    assert {r.code: r.n for r in s.by_language} == {"ar": 1, "en": 4}
    assert [(r.code, r.n) for r in s.rejects_by_reason] == [("invalid-json", 2), ("empty-text", 1)]
    assert {r.code: r.n for r in s.by_status} == {"coded": 5, "no-event": 0, "rejected": 3}


def test_pairs_countries_and_actors_are_ranked(release: Path) -> None:
    s = summarize(release)
    assert [(r.code, r.n) for r in s.top_pairs] == [("EGY-LBY", 2), ("FRA-IRN", 1),
                                                    ("LBY-LBY", 1)]
    assert s.top_pairs[0].label == "Egypt – Libya"
    # a country counts once per event even when it is actor and location
    assert {r.code: r.n for r in s.by_country}["LBY"] == 3
    assert {r.code: r.n for r in s.by_country}["TUN"] == 1
    top = s.top_actors[0]
    assert (top.code, top.n) == ("EGYGOV", 2)
    assert {r.code: r.n for r in s.top_actors}["LBYGOV"] == 2
    assert len(summarize(release, top=1).top_pairs) == 1


def test_timeline_places_day_and_week_dates_only(release: Path) -> None:
    s = summarize(release)
    assert s.timeline_unit == "week"
    assert s.timeline[0] == ("2025-03-03", [2, 0, 0, 0])  # the Monday of the week
    assert s.timeline[-1] == ("2025-03-17", [0, 0, 0, 1])
    assert len(s.timeline) == 3  # gaps filled with zero weeks
    assert s.timeline_left_out == 2  # the year-only and the undated event


def test_a_long_period_is_counted_by_month(tmp_path: Path) -> None:
    rows = [event_row(0, date=dt.date(2020, 1, 15)), event_row(1, date=dt.date(2024, 2, 10))]
    s = summarize(make_release(tmp_path, rows))
    assert s.timeline_unit == "month"
    assert s.timeline[0] == ("2020-01-01", [1, 0, 0, 0])
    assert len(s.timeline) == 4 * 12 + 2


def test_text_tables_are_aligned(release: Path) -> None:
    text = format_text(summarize(release))
    assert "events release 2025.07.0" in text
    assert "2025-01-01 … 2025-03-20" in text
    block = text.split("Events by CAMEO root code\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert len(block) == 20
    # the counts end in the same column on every line
    ends = {m.end() for ln in block if (m := re.search(r"\d+(?=\s+\d+\.\d%)", ln))}
    assert len(ends) == 1
    assert "Egypt – Libya" in text and "invalid-json" in text
    plain = format_text(summarize(release), unicode=False)
    assert "█" not in plain and "#" in plain and "…" not in plain


def test_info_works_on_an_empty_release(tmp_path: Path) -> None:
    s = summarize(make_release(tmp_path, [], articles=[], rejects=[]))
    assert s.events == 0 and s.first_date is None and s.timeline == []
    text = format_text(s)
    assert "Events    0" in text and "(none)" in text


def test_short_labels_cover_the_vocabularies() -> None:
    assert set(PRECISION_LABELS) == set(DATE_PRECISIONS)
    assert set(STATUS_LABELS) == set(STATUSES)


def test_cli_info_text_json_and_errors(release: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = str(release.parents[1])
    assert main(["info", "--out", root]) == 0
    assert "All 3 country pairs" in capsys.readouterr().out
    assert main(["info", "2025.07.0", "--out", root, "--json", "--top", "1"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["events"] == 5 and len(doc["top_pairs"]) == 1
    assert main(["info", "1999.01.0", "--out", root]) == 5
    err = capsys.readouterr().err
    assert "no release 1999.01.0" in err and "Traceback" not in err
    assert main(["info", "--out", root, "--top", "0"]) == 2
