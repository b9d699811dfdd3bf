"""Property-based tests of the whole pipeline: ingest → code → rows.

For any text (Arabic, English, mixed, with page noise, invisible and
control characters, presentation forms, emoji) and any bytes:

- nothing raises, and no article ends as `coder-error` (that would be a bug
  of ours: hypothesis prints the failing example);
- every record is one Article or one Reject with a known reason, and every
  Article passes `ArticleInput`;
- every row validates against the events schema, and its evidence offsets
  point at its evidence text;
- event ids do not depend on the order of the articles, and duplicates are
  resolved the same way whatever the order.

The budget is bounded for CI (`max_examples` per test, no deadline); set
`EVENTS_FUZZ_SCALE=20` to run twenty times as many examples locally.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from events.build import BuildOptions, build, code_batch, code_one
from events.ingest import IngestOptions, dedupe, html_to_text, read_file, validate_articles
from events.lexicon import Lexicon
from events.model import Article, ArticleResult, Reject
from events.release import read_table
from events.rows import failures, to_frame
from events.taxonomy import ARTICLE_WARNINGS, REJECT_REASONS

SCALE = int(os.environ.get("EVENTS_FUZZ_SCALE", "1"))


def budget(n: int) -> settings:
    return settings(max_examples=n * SCALE, deadline=None, derandomize=SCALE == 1,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture,
                                           HealthCheck.data_too_large])


# --- text strategies -------------------------------------------------------------

SENTENCES = [
    "Libyan security forces arrested three smugglers near the border with Tunisia on Sunday.",
    "The prime minister of Iraq visited Tehran on Monday for talks with Iranian officials.",
    "Sudanese army aircraft bombed positions of the Rapid Support Forces north of Khartoum.",
    "Police in Tunisia detained a prominent opposition figure on Saturday.",
    "Morocco and Mauritania signed an agreement on fisheries in Rabat on Tuesday.",
    "Gunmen attacked a police station in northern Mali on Monday, killing four officers.",
    "The Egyptian foreign minister did not meet his Turkish counterpart, officials said.",
    "Algeria is expected to host talks with Niger next month.",
    "استقبل الرئيس التونسي وزير الخارجية الجزائري في قصر قرطاج يوم الأحد.",
    "اعتقلت قوات الأمن العراقية خمسة مسلحين في محافظة الأنبار يوم الاثنين.",
    "زار رئيس الوزراء العراقي طهران يوم الاثنين وبحث مع المسؤولين الإيرانيين ملف المياه.",
    "قصف الجيش السوداني مواقع لقوات الدعم السريع شمال الخرطوم يوم الجمعة.",
    "لم يلتق وزير الخارجية المصري نظيره التركي خلال الزيارة.",
    "وقالت وكالة الأنباء إن الاجتماع سيعقد الأسبوع المقبل في القاهرة.",
]
NOISE = [
    "Home", "World", "Sport", "Share this story", "Read more:", "Related stories",
    "Published: 12 March 2026", "Updated 10:42 GMT", "الخميس 13 نوفمبر 2025", "١٢:٣٠ مساءً",
    "الرئيسية", "اقرأ أيضا", "عاجل: زلزال يضرب المنطقة", "© 2026 All rights reserved",
    "https://news.example/2026/03/12/story-1234.html", "| | |", "TRIPOLI, March 12 (Reuters) -",
    "طرابلس - العرب اليوم", "Mr. Smith, Jr. said: \"No.\"", "...", "؟!", "1.5 million", "",
]
SPECIAL = (
    "\x00\t\r\x0b\x0c\x1b\x7f\x85\xa0\xad\u061c\u0640\u064b\u0651\u0670\u06d6"
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2028\u2029\u2060"
    "\u2066\u2067\u2068\u2069\ufeff\ufffd\ufdf2\ufefb\ufb01\u0660\u06f1\U0001f600\u0301"
)
SEPARATORS = ["\n", "\n\n", " ", ". ", "، ", "\r\n", "\u2029", "\n\n\n", " - ", ": "]

noise_chars = st.text(
    alphabet=st.one_of(
        st.sampled_from(SPECIAL),
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
        st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
        st.characters(min_codepoint=0xFB50, max_codepoint=0xFEFF),
    ),
    max_size=60,
)
piece = st.one_of(st.sampled_from(SENTENCES), st.sampled_from(NOISE), noise_chars)


@st.composite
def texts(draw: st.DrawFn) -> str:
    parts = draw(st.lists(piece, min_size=1, max_size=12))
    seps = draw(st.lists(st.sampled_from(SEPARATORS), min_size=len(parts), max_size=len(parts)))
    return "".join(p + s for p, s in zip(parts, seps, strict=True))


published = st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1),
                                          max_value=date(2040, 12, 31)))


def check_result(article: Article, res: ArticleResult) -> None:
    """The invariants of one coded article."""
    event(f"status {res.status}")  # shown by --hypothesis-show-statistics
    if res.reject is not None:
        assert res.reject.reason != "coder-error", res.reject.message
        assert res.reject.reason in REJECT_REASONS
        assert res.status == "rejected" and not res.rows
        return
    assert res.status == ("coded" if res.rows else "no-event")
    for row in res.rows:
        s, e = row["evidence_start"], row["evidence_end"]
        assert isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(article.text)
        assert article.text[s:e] == row["evidence_text"]
        assert row["article_id"] == article.id
    if res.rows:
        assert failures("events", to_frame("events", list(res.rows))) == {}


# --- the coder on any text -----------------------------------------------------------


@budget(150)
@given(text=texts(), pub=published)
def test_any_text_codes_without_error_and_valid_rows(lexicon: Lexicon, text: str,
                                                     pub: date | None) -> None:
    a = Article(id="prop", text=text, published=pub, origin="prop.jsonl", line=1)
    check_result(a, code_one(a, lexicon))


@budget(60)
@given(text=st.text(max_size=400), pub=published)
def test_any_unicode_codes_without_error(lexicon: Lexicon, text: str, pub: date | None) -> None:
    text = text.encode("utf-8", "replace").decode("utf-8") or "x"
    a = Article(id="u", text=text, published=pub)
    check_result(a, code_one(a, lexicon))


@budget(40)
@given(data=st.lists(st.tuples(texts(), published), min_size=2, max_size=5),
       seed=st.randoms(use_true_random=False))
def test_event_ids_do_not_depend_on_article_order(lexicon: Lexicon,
                                                  data: list[tuple[str, date | None]],
                                                  seed: object) -> None:
    arts = [Article(id=f"a{i}", text=t, published=p) for i, (t, p) in enumerate(data)]
    shuffled = list(arts)
    seed.shuffle(shuffled)  # type: ignore[attr-defined]

    def ids(results: list[ArticleResult]) -> dict[str, list[str]]:
        return {r.article_id: sorted(str(row["event_id"]) for row in r.rows) for r in results}

    first, second = code_batch(arts, lexicon), code_batch(shuffled, lexicon)
    for a, r in zip(arts, first, strict=True):
        check_result(a, r)
    assert ids(first) == ids(second)
    # and an article alone codes as it does in company
    assert ids([code_one(arts[0], lexicon)])["a0"] == ids(first)["a0"]


# --- ingest on any input -------------------------------------------------------------


def _check_records(recs: list[Article | Reject]) -> None:
    for r in recs:
        if isinstance(r, Reject):
            assert r.reason in REJECT_REASONS and r.message
            r.message.encode("utf-8")
            r.origin.encode("utf-8")
        else:
            assert set(r.warnings) <= set(ARTICLE_WARNINGS)
            for v in (r.id, r.text, r.title, r.url, r.source, r.language):
                if v is not None:
                    v.encode("utf-8")  # storable: no lone surrogates
    assert validate_articles(recs) == recs, "an ingested article broke ArticleInput"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8),
                                                                      children, max_size=4),
    max_leaves=12,
)
records_st = st.fixed_dictionaries(
    {},
    optional={"id": st.one_of(st.text(max_size=20), st.integers(), json_values),
              "text": st.one_of(texts(), json_values),
              "title": json_values, "url": json_values, "published": st.one_of(
                  json_values, st.dates().map(str), st.datetimes().map(lambda d: d.isoformat())),
              "source": json_values, "language": json_values},
)


@budget(80)
@given(objs=st.lists(st.one_of(records_st, json_values), min_size=1, max_size=6),
       ascii_only=st.booleans())
def test_any_json_lines_give_one_record_per_line(tmp_path_factory: pytest.TempPathFactory,
                                                 lexicon: Lexicon, objs: list[object],
                                                 ascii_only: bool) -> None:
    p = tmp_path_factory.mktemp("jl") / "x.jsonl"
    lines = [json.dumps(o, ensure_ascii=ascii_only) for o in objs]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
    recs = list(read_file(p, lexicon.date_cues, IngestOptions(reference_date=date(2026, 1, 1))))
    assert [r.line for r in recs] == list(range(1, len(objs) + 1))
    _check_records(recs)
    arts = [r for r in recs if isinstance(r, Article)]
    for a, res in zip(arts, code_batch(arts, lexicon), strict=True):
        check_result(a, res)


@budget(80)
@given(raw=st.one_of(st.binary(max_size=600),
                     texts().map(lambda t: t.encode("utf-8", "surrogatepass")),
                     texts().map(lambda t: t.encode("cp1256", "ignore")),
                     texts().map(lambda t: t.encode("utf-16", "surrogatepass"))),
       suffix=st.sampled_from([".txt", ".html", ".json", ".jsonl", ".dat"]))
def test_any_bytes_in_any_file_never_raise(tmp_path_factory: pytest.TempPathFactory,
                                           lexicon: Lexicon, raw: bytes, suffix: str) -> None:
    p = tmp_path_factory.mktemp("raw") / f"f{suffix}"
    p.write_bytes(raw)
    recs = list(read_file(p, lexicon.date_cues))
    if suffix != ".jsonl":
        assert len(recs) >= 1  # a file is at least one record
    _check_records(recs)
    arts = [r for r in recs if isinstance(r, Article)]
    for a, res in zip(arts, code_batch(arts, lexicon), strict=True):
        check_result(a, res)


@budget(100)
@given(html=st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(st.sampled_from([
        "<p>", "</p>", "<div>", "</div>", "<script>", "</script>", "<style>", "<nav>", "</nav>",
        "<title>", "</title>", "<!--", "-->", "<![CDATA[", "]]>", "<br/>", "<svg/>", "&amp;",
        "&#0;", "&#x110000;", "&#99999999999;", "&nbsp", "<img src='http://192.0.2.1/x'>",
        "<!DOCTYPE x [<!ENTITY e SYSTEM 'http://192.0.2.1/'>]>", "&e;", "<a href=", ">", "<",
        '<meta name="date" content="2026-02-30">', "<time datetime='2026-01-01'>",
    ]), st.sampled_from(SENTENCES), noise_chars), max_size=25).map("".join)))
def test_any_html_gives_text_without_raising(html: str) -> None:
    page = html_to_text(html)
    assert isinstance(page.text, str)
    assert "<script" not in page.text.lower() or "<script" in html.lower()


# --- duplicates and the whole build ---------------------------------------------------


@budget(100)
@given(spec=st.lists(st.tuples(st.sampled_from("abc"), st.sampled_from(["t1", "t2"]),
                               st.sampled_from(["f1", "f2"]), st.integers(1, 4)),
                     max_size=8),
       seed=st.randoms(use_true_random=False))
def test_duplicate_resolution_does_not_depend_on_order(spec: list[tuple[str, str, str, int]],
                                                       seed: object) -> None:
    recs: list[Article | Reject] = [Article(id=i, text=t, origin=o, line=n)
                                    for i, t, o, n in spec]
    shuffled = list(recs)
    seed.shuffle(shuffled)  # type: ignore[attr-defined]

    def outcome(rs: list[Article | Reject]) -> list[tuple[str, str, int | None, str]]:
        return sorted((type(r).__name__, r.origin, r.line,
                       r.reason if isinstance(r, Reject) else r.id) for r in dedupe(rs))

    assert outcome(recs) == outcome(shuffled)
    kept = [r for r in dedupe(recs) if isinstance(r, Article)]
    assert len({a.id for a in kept}) == len(kept)  # never two articles with one id


def test_build_output_does_not_depend_on_input_order(tmp_path: Path, lexicon: Lexicon) -> None:
    rows = [{"id": f"o{i}", "text": f"{SENTENCES[i]}\n\n{SENTENCES[(i + 3) % len(SENTENCES)]}",
             "published": "2026-03-02"} for i in range(len(SENTENCES))]
    rows.append(dict(rows[0]))  # an exact duplicate
    rows.append({"id": "clash", "text": SENTENCES[1]})
    rows.append({"id": "clash", "text": SENTENCES[2]})
    tables = []
    for name, order in (("fwd", rows), ("rev", rows[::-1])):
        src = tmp_path / name / "in"
        src.mkdir(parents=True)
        half = len(order) // 2
        # split over two files whose names sort the other way round in each build
        (src / ("b.jsonl" if name == "fwd" else "a.jsonl")).write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in order[:half]))
        (src / ("a.jsonl" if name == "fwd" else "b.jsonl")).write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in order[half:]))
        s = build([src], BuildOptions(out=tmp_path / name / "out", version="2026.03.0",
                                      today=date(2026, 3, 3)), lex=lexicon)
        assert s.coded + s.no_event + s.rejected == s.read == len(rows)
        tables.append(read_table(Path(s.release) / "data" / "events", "events"))
    fwd, rev = tables
    assert len(fwd) > 0
    assert fwd["event_id"].tolist() == rev["event_id"].tolist()
    assert fwd.equals(rev)

