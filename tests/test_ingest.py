"""Ingest: decoding, discovery, JSON strictness, record checks, limits, HTML.

Each test feeds one kind of bad (or odd) input to the reader and checks the
one promise: exactly one Article or one Reject per record, with the
documented reason or warning.
"""

from __future__ import annotations

import codecs
import json
import os
import tracemalloc
from datetime import date
from pathlib import Path

import pytest

from events.dates import DateCues
from events.errors import InputPathError
from events.ingest import (
    MIN_LEGACY_LETTERS,
    Decoded,
    IngestOptions,
    decode_bytes,
    dedupe,
    discover,
    html_to_text,
    read_file,
    read_inputs,
    validate_articles,
)
from events.lexicon import Lexicon
from events.model import Article, Reject
from events.taxonomy import ARTICLE_WARNINGS, REJECT_REASONS

AR = "وزير الخارجية يلتقي نظيره في القاهرة، ويبحث معه الأوضاع في المنطقة وملف المياه."
EN = "The foreign minister met his counterpart in Cairo on Monday."


@pytest.fixture(scope="module")
def cues(lexicon: Lexicon) -> DateCues:
    return lexicon.date_cues


def records(path: Path, cues: DateCues, **opts: object) -> list[Article | Reject]:
    out = list(read_inputs([path], cues, IngestOptions(**opts)))  # type: ignore[arg-type]
    for r in out:
        if isinstance(r, Reject):
            assert r.reason in REJECT_REASONS
        else:
            assert set(r.warnings) <= set(ARTICLE_WARNINGS), r.warnings
    return out


def one(path: Path, cues: DateCues, **opts: object) -> Article | Reject:
    got = records(path, cues, **opts)
    assert len(got) == 1, got
    return got[0]


def jsonl(tmp_path: Path, *lines: str | bytes, name: str = "a.jsonl") -> Path:
    p = tmp_path / name
    p.write_bytes(b"".join((ln if isinstance(ln, bytes) else ln.encode()) + b"\n" for ln in lines))
    return p


def rec(**kw: object) -> str:
    return json.dumps(kw, ensure_ascii=False)


# --- decoding ------------------------------------------------------------------


def test_utf8_with_and_without_bom() -> None:
    for raw in (AR.encode(), codecs.BOM_UTF8 + AR.encode()):
        d = decode_bytes(raw)
        assert isinstance(d, Decoded) and d.text == AR and d.warnings == ()


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(codec: str) -> None:
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    d = decode_bytes(bom + AR.encode(codec))
    assert isinstance(d, Decoded) and d.text == AR and d.warnings == ("encoding-utf-16",)


@pytest.mark.parametrize(("codec", "name"), [("cp1256", "windows-1256"),
                                             ("iso8859_6", "iso-8859-6")])
def test_legacy_arabic_is_told_apart(codec: str, name: str) -> None:
    # ISO-8859-6 has no Arabic comma at A1 and no ... keep to letters both have
    text = AR.replace("،", ",")
    d = decode_bytes(text.encode(codec))
    assert isinstance(d, Decoded), d
    assert d.text == text and d.encoding == name and d.warnings == (f"encoding-{name}",)


def test_each_legacy_reading_of_the_other_is_implausible() -> None:
    text = AR.replace("،", ",")
    # ISO-8859-6 bytes read as windows-1256 give Latin letters (ç è ê) ...
    assert "è" in text.encode("iso8859_6").decode("cp1256")
    # ... and windows-1256 bytes are not even valid ISO-8859-6 (ف ق ك at DD-DF)
    with pytest.raises(UnicodeDecodeError):
        text.encode("cp1256").decode("iso8859_6")


def test_short_legacy_arabic_is_undecodable() -> None:
    short = "في القاهرة"  # under MIN_LEGACY_LETTERS letters: too little to tell
    assert len(short) < MIN_LEGACY_LETTERS
    d = decode_bytes(short.encode("cp1256"))
    assert isinstance(d, str) and "too little" in d


def test_latin1_french_is_undecodable() -> None:
    d = decode_bytes("Le ministre a été reçu à l'Élysée mercredi. Déclaration très attendue."
                     .encode("latin-1"))
    assert isinstance(d, str) and "not valid UTF-8" in d


def test_windows1252_punctuation_only_is_decoded() -> None:
    raw = "The minister said \u201cwe will return\u201d \u2013 talks resume\u2026".encode("cp1252")
    d = decode_bytes(raw)
    assert isinstance(d, Decoded) and d.encoding == "windows-1252"
    assert "\u201cwe will return\u201d" in d.text


def test_utf8_with_a_stray_byte_is_repaired_with_a_warning() -> None:
    raw = (EN * 40).encode()
    raw = raw[:500] + b"\xff" + raw[500:]
    d = decode_bytes(raw)
    assert isinstance(d, Decoded) and d.warnings == ("invalid-utf8-replaced",)
    assert d.text.count("\ufffd") == 1


def test_utf8_arabic_cut_mid_character_is_repaired() -> None:
    raw = (AR * 30).encode()
    cut = raw.index(b" ", 900) - 1  # drop the last byte of a 2-byte letter
    d = decode_bytes(raw[:cut] + raw[cut + 1:])
    assert isinstance(d, Decoded) and d.warnings == ("invalid-utf8-replaced",)


def test_mostly_invalid_utf8_is_undecodable() -> None:
    assert isinstance(decode_bytes(bytes(range(0x80, 0x100)) * 4), str)


# --- discovery -----------------------------------------------------------------


def test_missing_path_is_a_usage_error_naming_it(tmp_path: Path, cues: DateCues) -> None:
    with pytest.raises(InputPathError, match=r"nowhere\.jsonl"):
        read_inputs([tmp_path / "nowhere.jsonl"], cues)


def test_discover_order_hidden_and_excluded(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text(EN)
    (tmp_path / "a.txt").write_text(EN)
    (tmp_path / ".hidden.txt").write_text(EN)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text(EN)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "cache.txt").write_text(EN)
    names = [e.path.relative_to(tmp_path).as_posix()
             for e in discover([tmp_path], exclude=[tmp_path / "out"])]
    assert names == ["a.txt", "b/z.txt"]


def test_a_file_named_twice_is_read_once(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(EN)
    assert len(discover([tmp_path, tmp_path / "a.txt", tmp_path / "." / "a.txt"])) == 1


def test_links_and_special_files_are_reported(tmp_path: Path, cues: DateCues) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.txt").write_text(EN)
    (tmp_path / "in").mkdir()
    os.symlink(tmp_path / "real", tmp_path / "in" / "folder-link")
    os.symlink(tmp_path / "missing.txt", tmp_path / "in" / "dangling.txt")
    os.symlink(tmp_path / "real" / "a.txt", tmp_path / "in" / "file-link.txt")
    os.mkfifo(tmp_path / "in" / "pipe.jsonl")
    got = {Path(r.origin).name: r for r in records(tmp_path / "in", cues)}
    assert isinstance(got["file-link.txt"], Article)
    assert got["dangling.txt"].reason == "unreadable"  # type: ignore[union-attr]
    assert got["folder-link"].reason == "unsupported-file"  # type: ignore[union-attr]
    assert got["pipe.jsonl"].reason == "unsupported-file"  # type: ignore[union-attr]
    assert "named pipe" in got["pipe.jsonl"].message  # type: ignore[union-attr]


def test_unopenable_file_is_an_unreadable_reject(tmp_path: Path, cues: DateCues,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "locked.txt"
    p.write_text(EN)
    real_open = Path.open

    def deny(self: Path, *a: object, **k: object) -> object:
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real_open(self, *a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", deny)
    r = one(p, cues)
    assert isinstance(r, Reject) and r.reason == "unreadable"
    assert "locked.txt" in r.message and "Permission denied" in r.message


def test_undecodable_file_name_gives_an_invalid_id(tmp_path: Path, cues: DateCues) -> None:
    name = os.fsdecode(b"caf\xe9.txt")
    (tmp_path / name).write_text(EN)
    r = one(tmp_path, cues)
    assert isinstance(r, Reject) and r.reason == "invalid-id"
    assert r.origin.endswith("caf\\xe9.txt")  # storable, and says what the byte was
    r.origin.encode("utf-8")


# --- JSON Lines ------------------------------------------------------------------


def test_jsonl_lines_offsets_and_blank_lines(tmp_path: Path, cues: DateCues) -> None:
    lines = [rec(id="a", text=EN), "", "   ", rec(id="b", text=AR), "{oops"]
    p = jsonl(tmp_path, *lines)
    got = records(p, cues)
    assert [type(r).__name__ for r in got] == ["Article", "Article", "Reject"]
    assert [r.line for r in got] == [1, 4, 5]
    bad = got[2]
    assert isinstance(bad, Reject) and bad.reason == "invalid-json"
    raw = p.read_bytes()
    assert bad.byte_offset == raw.index(b"{oops")


def test_jsonl_crlf_and_bom(tmp_path: Path, cues: DateCues) -> None:
    p = tmp_path / "a.jsonl"
    p.write_bytes(codecs.BOM_UTF8 + (rec(id="a", text=EN) + "\r\n" + rec(id="b", text=EN)).encode())
    assert [r.id for r in records(p, cues)] == ["a", "b"]  # type: ignore[union-attr]


def test_jsonl_utf16_with_bom(tmp_path: Path, cues: DateCues) -> None:
    p = tmp_path / "a.jsonl"
    body = rec(id="a", text=AR) + "\n" + "{bad\n" + rec(id="b", text=EN) + "\n"
    p.write_bytes(codecs.BOM_UTF16_LE + body.encode("utf-16-le"))
    got = records(p, cues)
    assert isinstance(got[0], Article) and got[0].text == AR
    assert got[0].warnings == ("encoding-utf-16",)
    assert isinstance(got[1], Reject) and got[1].reason == "invalid-json" and got[1].line == 2
    assert got[1].byte_offset == 2 + len((rec(id="a", text=AR) + "\n").encode("utf-16-le"))
    assert isinstance(got[2], Article)


@pytest.mark.parametrize(("line", "reason"), [
    ('{"id": "a", "text": "x"', "invalid-json"),
    ('{"id": "a", "text": "x",}', "invalid-json"),
    ("{'id': 'a', 'text': 'x'}", "invalid-json"),
    ('{"id": "a", "text": NaN}', "invalid-json"),
    ('{"id": Infinity, "text": "x"}', "invalid-json"),
    ('{"id": "a", "text": "one", "text": "two"}', "invalid-json"),
    ("[" * 100_000 + "]" * 100_000, "invalid-json"),
    ('{"id": ' + "9" * 5000 + ', "text": "x"}', "invalid-json"),
    (b'{"id": "a", "text": "x\x00y"}', "invalid-json"),
    ("[1, 2]", "not-an-object"),
    ('"just text"', "not-an-object"),
    ("null", "not-an-object"),
    ('{"text": "x"}', "missing-id"),
    ('{"id": null, "text": "x"}', "missing-id"),
    ('{"id": "a"}', "missing-text"),
    ('{"id": "a", "text": null}', "missing-text"),
    ('{"id": "a", "text": 42}', "wrong-type"),
    ('{"id": "a", "text": ["para one", "para two"]}', "wrong-type"),
    ('{"id": {"n": 1}, "text": "x"}', "wrong-type"),
    ('{"id": true, "text": "x"}', "wrong-type"),
    ('{"id": 1.5, "text": "x"}', "wrong-type"),
    ('{"id": "", "text": "x"}', "invalid-id"),
    ('{"id": "a\\nb", "text": "x"}', "invalid-id"),
    ('{"id": "evil\\u202etxt.exe", "text": "x"}', "invalid-id"),
    ('{"id": "zero\\u200bwidth", "text": "x"}', "invalid-id"),
    ('{"id": "\\ud800", "text": "x"}', "invalid-id"),
    ('{"id": "' + "x" * 1025 + '", "text": "x"}', "invalid-id"),
    ('{"id": "a", "text": ""}', "empty-text"),
    ('{"id": "a", "text": " \\n\\t\\u00a0\\u3000 "}', "empty-text"),
    ('{"id": "a", "text": "\\u200b\\u200f\\ufeff\\u2066"}', "empty-text"),
    ('{"id": "a", "text": "\\u0000\\u0000"}', "empty-text"),
    (b'{"id": "a", "text": "caf\xe9 caf\xe9 caf\xe9"}', "undecodable"),
])
def test_jsonl_bad_records(tmp_path: Path, cues: DateCues, line: str | bytes, reason: str) -> None:
    r = one(jsonl(tmp_path, line), cues)
    assert isinstance(r, Reject), r
    assert (r.reason, r.line, r.byte_offset) == (reason, 1, 0), r.message
    assert r.message.startswith("line 1: ")


def test_integer_id_is_accepted_as_text(tmp_path: Path, cues: DateCues) -> None:
    r = one(jsonl(tmp_path, '{"id": 17, "text": "x"}'), cues)
    assert isinstance(r, Article) and r.id == "17"


def test_reject_keeps_the_id_when_known(tmp_path: Path, cues: DateCues) -> None:
    r = one(jsonl(tmp_path, '{"id": "k1", "text": "   "}'), cues)
    assert isinstance(r, Reject) and r.article_id == "k1"


def test_over_long_line_is_skipped_and_the_next_is_read(tmp_path: Path, cues: DateCues) -> None:
    big = rec(id="big", text="x" * 5000)
    p = jsonl(tmp_path, big, rec(id="next", text=EN))
    got = records(p, cues, max_record_bytes=1000)
    assert isinstance(got[0], Reject) and got[0].reason == "too-large" and got[0].line == 1
    assert isinstance(got[1], Article) and got[1].line == 2
    assert got[1].id == "next"


def test_over_long_utf16_line_is_skipped(tmp_path: Path, cues: DateCues) -> None:
    p = tmp_path / "a.jsonl"
    body = rec(id="big", text="ب" * 3000) + "\n" + rec(id="next", text=EN) + "\n"
    p.write_bytes(codecs.BOM_UTF16_LE + body.encode("utf-16-le"))
    got = records(p, cues, max_record_bytes=1000)
    assert isinstance(got[0], Reject) and got[0].reason == "too-large"
    assert isinstance(got[1], Article) and got[1].id == "next" and got[1].line == 2


def test_article_text_limit_after_unescaping(tmp_path: Path, cues: DateCues) -> None:
    p = jsonl(tmp_path, rec(id="a", text="ب" * 600))  # 1,200 bytes of UTF-8
    r = one(p, cues, max_article_bytes=1000)
    assert isinstance(r, Reject) and r.reason == "too-large" and r.article_id == "a"


def test_twenty_megabyte_article_is_rejected_in_bounded_memory(tmp_path: Path,
                                                               cues: DateCues) -> None:
    p = tmp_path / "big.jsonl"
    chunk = ("ضرب زلزال المنطقة " * 1000).encode()
    with p.open("wb") as f:
        f.write(b'{"id": "huge", "text": "')
        while f.tell() < 20_000_000:
            f.write(chunk)
        f.write(b'"}\n' + rec(id="after", text=EN).encode() + b"\n")
    tracemalloc.start()
    try:
        got = records(p, cues)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(got[0], Reject) and got[0].reason == "too-large"
    assert isinstance(got[1], Article) and got[1].id == "after"
    limit = IngestOptions().max_record_bytes
    assert peak < limit + 3 * 1024 * 1024, f"peak {peak} bytes while skipping a 20 MB line"


def test_big_page_file_is_rejected_without_reading_it(tmp_path: Path, cues: DateCues) -> None:
    p = tmp_path / "big.txt"
    p.write_bytes(EN.encode() * 100)
    r = one(p, cues, max_record_bytes=1000)
    assert isinstance(r, Reject) and r.reason == "too-large" and str(p.stat().st_size) in r.message


# --- text repairs and warnings -------------------------------------------------------


def test_nul_and_surrogates_are_repaired_with_warnings(tmp_path: Path, cues: DateCues) -> None:
    r = one(jsonl(tmp_path, '{"id": "a", "text": "Tripoli\\u0000 talks \\udc80 resumed", '
                            '"title": "t\\ud83d"}'), cues)
    assert isinstance(r, Article)
    assert r.text == "Tripoli talks \ufffd resumed" and r.title == "t\ufffd"
    assert set(r.warnings) == {"nul-removed", "invalid-characters-replaced"}
    r.text.encode("utf-8")


def test_bidi_and_zero_width_stay_in_the_text(tmp_path: Path, cues: DateCues) -> None:
    text = "\u200fوزير\u200c الخارجية\u202b يصل\u202c " + AR
    r = one(jsonl(tmp_path, rec(id="a", text=text)), cues)
    assert isinstance(r, Article) and r.text == text and r.warnings == ()


def test_wrong_typed_metadata_is_ignored_with_a_warning(tmp_path: Path, cues: DateCues) -> None:
    r = one(jsonl(tmp_path, rec(id="a", text=EN, title=["x"], url=5, source={"a": 1},
                                language=True)), cues)
    assert isinstance(r, Article) and r.title is None and r.url is None
    assert set(r.warnings) == {"title-wrong-type", "url-wrong-type", "source-wrong-type",
                               "language-wrong-type"}


@pytest.mark.parametrize("value", ["17/01/2026", "yesterday", "2026-02-30", 1768608000, True,
                                   "2026-01-17T25:00"])
def test_unparseable_published_is_ignored(tmp_path: Path, cues: DateCues, value: object) -> None:
    r = one(jsonl(tmp_path, rec(id="a", text=EN, published=value)), cues)
    assert isinstance(r, Article) and r.published is None
    assert r.warnings == ("published-unparseable",)


def test_future_published_is_ignored_against_the_reference_day(tmp_path: Path,
                                                               cues: DateCues) -> None:
    p = jsonl(tmp_path, rec(id="a", text=EN, published="2026-03-05"))
    ref = date(2026, 3, 3)
    r = one(p, cues, reference_date=ref)
    assert isinstance(r, Article) and r.published is None
    assert r.warnings == ("published-in-future",)
    # one day of slack for time zones ahead of UTC
    r = one(p, cues, reference_date=date(2026, 3, 4))
    assert isinstance(r, Article) and r.published == date(2026, 3, 5)
    # no reference day: no check
    r = one(p, cues)
    assert isinstance(r, Article) and r.published == date(2026, 3, 5)


def test_future_metadata_falls_back_to_the_page_date(tmp_path: Path, cues: DateCues) -> None:
    text = "Published: 12 February 2026\n\n" + EN
    r = one(jsonl(tmp_path, rec(id="a", text=text, published="2031-01-01")), cues,
            reference_date=date(2026, 3, 1))
    assert isinstance(r, Article)
    assert (r.published, r.published_from) == (date(2026, 2, 12), "page")
    assert r.warnings == ("published-in-future",)


def test_future_page_date_is_ignored_too(tmp_path: Path, cues: DateCues) -> None:
    text = "Published: 12 February 2036\n\n" + EN
    r = one(jsonl(tmp_path, rec(id="a", text=text)), cues, reference_date=date(2026, 3, 1))
    assert isinstance(r, Article) and r.published is None
    assert r.warnings == ("published-in-future",)


@pytest.mark.parametrize(("aid", "warned"), [
    ("../../etc/passwd", True), ("/abs/path", True), ("-rf", True), ("~root", True),
    ("CON", True), ("reports/nul.txt", True), ("C:\\x", True),
    ("https://news.example/2026/01/17/story.html", False), ("ar-01", False), ("a..b", False),
])
def test_ids_unsafe_as_file_names_are_kept_with_a_warning(tmp_path: Path, cues: DateCues,
                                                          aid: str, warned: bool) -> None:
    r = one(jsonl(tmp_path, rec(id=aid, text=EN)), cues)
    assert isinstance(r, Article) and r.id == aid
    assert ("id-not-filename-safe" in r.warnings) is warned


# --- page files and .json ---------------------------------------------------------------


def test_text_page_id_is_the_stem_and_nul_bytes_are_removed(tmp_path: Path,
                                                             cues: DateCues) -> None:
    p = tmp_path / "story.v2.txt"
    p.write_bytes(EN.encode() + b"\x00" + EN.encode() * 20)
    r = one(p, cues)
    assert isinstance(r, Article) and r.id == "story.v2" and "\x00" not in r.text
    assert r.warnings == ("nul-removed",)


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(200), "binary-file"),
    ("photo.jpg", b"\xff\xd8\xff\xe0" + bytes(200), "binary-file"),
    ("scan.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "binary-file"),
    ("dump.jsonl.gz", b"\x1f\x8b\x08\x00" + bytes(50), "binary-file"),
    ("articles.jsonl", b"PK\x03\x04" + bytes(50), "binary-file"),
    ("utf16-no-bom.txt", EN.encode("utf-16-le"), "binary-file"),
    ("blob.bin", bytes(range(256)) * 8, "binary-file"),
    ("notes.md", b"# notes\n", "unsupported-file"),
    ("data.csv", b"id,text\n1,x\n", "unsupported-file"),
    ("empty.txt", b"", "empty-text"),
    ("blank.txt", b" \n\t\n", "empty-text"),
    ("menu-only.html", b"<html><body><nav>Home | World</nav><script>x()</script></body></html>",
     "empty-text"),
    ("broken.json", b'[{"id": "a", "text": "x"},', "invalid-json"),
    ("scalar.json", b"42", "not-an-object"),
])
def test_whole_file_rejects(tmp_path: Path, cues: DateCues, name: str, data: bytes,
                            reason: str) -> None:
    p = tmp_path / name
    p.write_bytes(data)
    r = one(p, cues)
    assert isinstance(r, Reject) and r.reason == reason, r
    assert r.origin == p.as_posix() and name in r.message


def test_json_array_items_have_lines_and_offsets(tmp_path: Path, cues: DateCues) -> None:
    p = tmp_path / "batch.json"
    items = [{"id": "a", "text": AR}, "oops", {"id": "c", "text": EN}]
    p.write_text("[\n" + ",\n".join(json.dumps(i, ensure_ascii=False) for i in items) + "\n]\n",
                 encoding="utf-8")
    got = records(p, cues)
    assert [r.line for r in got] == [2, 3, 4]
    assert isinstance(got[1], Reject) and got[1].reason == "not-an-object"
    raw = p.read_bytes()
    assert got[1].byte_offset == raw.index(b'"oops"')
    assert isinstance(got[2], Article) and got[2].id == "c"


def test_json_single_object(tmp_path: Path, cues: DateCues) -> None:
    p = tmp_path / "one.json"
    p.write_text(rec(id="solo", text=EN))
    r = one(p, cues)
    assert isinstance(r, Article) and r.id == "solo" and r.line is None


# --- HTML ------------------------------------------------------------------------------


def test_html_drops_scripts_menus_and_survives_broken_markup() -> None:
    page = html_to_text(
        "<html><head><title>Talks in Tripoli</title>"
        '<meta property="article:published_time" content="2026-01-17T09:00:00+02:00">'
        '<link rel="stylesheet" href="http://cdn.example/x.css"></head><body>'
        "<nav><a href='/'>Home</a></nav><script>document.write('<p>fake</p>')</script>"
        "<p>First paragraph &amp; more<div>Second <b>bold <i>nested</b> text"
        "<style>p{color:red}</style><img src='http://tracker.example/p.gif'>"
        "<p>Third <!-- a comment --> part &#1575;&#1604;</p><svg/><p>After svg</p>"
    )
    assert page.title == "Talks in Tripoli" and page.published == date(2026, 1, 17)
    assert "fake" not in page.text and "Home" not in page.text and "color" not in page.text
    assert "First paragraph & more" in page.text and "bold nested text" in page.text
    assert "Third part ال" in page.text and "After svg" in page.text


def test_html_unclosed_title_does_not_eat_the_body() -> None:
    page = html_to_text("<title>Headline<p>" + EN + "</p>")
    assert EN in page.text


def test_html_external_entities_are_text_not_fetched() -> None:
    page = html_to_text(
        '<!DOCTYPE html [<!ENTITY xxe SYSTEM "http://attacker.example/secret">]>'
        "<p>Before &xxe; after</p>")
    assert "attacker" not in page.text and "Before &xxe; after" in page.text


def test_html_unclosed_comment_hides_the_rest_quickly(tmp_path: Path, cues: DateCues) -> None:
    import time

    p = tmp_path / "bomb.html"
    p.write_text("<p>" + EN + "</p><!-- never closed " + "<!--" * 250_000)
    t = time.monotonic()
    r = one(p, cues)
    assert time.monotonic() - t < 10  # html.parser alone: minutes (quadratic)
    assert isinstance(r, Article) and r.text == EN
    assert r.warnings == ("html-unclosed-markup",)


def test_html_unparseable_meta_date_warns(tmp_path: Path, cues: DateCues) -> None:
    p = tmp_path / "page.html"
    p.write_text('<meta name="date" content="next Tuesday"><p>' + EN + "</p>")
    r = one(p, cues)
    assert isinstance(r, Article) and r.warnings == ("published-unparseable",)


# --- validation and duplicates -----------------------------------------------------------


def test_validate_articles_names_the_failed_check() -> None:
    good = Article(id="ok", text=EN, origin="x")
    bad_id = Article(id=" padded", text=EN, origin="x", line=2)
    bad_text = Article(id="t", text="\u200b", origin="x", line=3)
    lone = Article(id="s", text="a\ud800", origin="x", line=4)
    out = validate_articles([good, Reject("x", "invalid-json", "m"), bad_id, bad_text, lone])
    assert out[0] is good and isinstance(out[1], Reject) and out[1].reason == "invalid-json"
    for r, col in ((out[2], "id"), (out[3], "text")):
        assert isinstance(r, Reject) and r.reason == "schema-violation"
        assert f"column {col} failed check str_matches" in r.message
    assert isinstance(out[4], Reject) and out[4].reason == "schema-violation"


def test_every_ingested_article_passes_article_input(tmp_path: Path, cues: DateCues) -> None:
    lines = [rec(id=f"id-{i}", text=t) for i, t in enumerate(
        [EN, AR, "  leading space " + EN, "\u200f" + AR, "x", "a\u0000b"])]
    got = records(jsonl(tmp_path, *lines), cues)
    assert all(isinstance(r, Article) for r in got)
    assert validate_articles(got) == got


def _a(aid: str, text: str, origin: str, line: int) -> Article:
    return Article(id=aid, text=text, origin=origin, line=line)


def test_dedupe_same_content_keeps_the_first_in_file_order_whatever_the_input_order() -> None:
    a1, a2 = _a("x", EN, "b.jsonl", 3), _a("x", EN, "a.jsonl", 9)
    for order in ([a1, a2], [a2, a1]):
        out = dedupe(order)
        kept = [r for r in out if isinstance(r, Article)]
        assert kept == [a2]
        dup = [r for r in out if isinstance(r, Reject)]
        assert [(d.reason, d.origin, d.line) for d in dup] == [("duplicate-id", "b.jsonl", 3)]
        assert "a.jsonl line 9" in dup[0].message


def test_dedupe_conflict_rejects_every_version() -> None:
    recs: list[Article | Reject] = [_a("x", EN, "a", 1), _a("x", AR, "a", 2), _a("x", EN, "b", 1),
                                    _a("y", EN, "a", 3)]
    out = dedupe(recs)
    assert [getattr(r, "reason", None) for r in out] == ["duplicate-id-conflict"] * 3 + [None]
    assert dedupe(list(reversed(recs))) == list(reversed(out))


def test_a_rejected_copy_does_not_shadow_a_good_one() -> None:
    recs: list[Article | Reject] = [Reject("a", "empty-text", "m", article_id="x"),
                                    _a("x", EN, "b", 1)]
    assert dedupe(recs) == recs


def test_reject_reasons_are_kebab_case() -> None:
    import re

    for code in (*REJECT_REASONS, *ARTICLE_WARNINGS):
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", code), code


def test_read_file_on_every_suffix_yields_records(tmp_path: Path, cues: DateCues) -> None:
    for suffix in (".txt", ".html", ".json", ".jsonl"):
        p = tmp_path / f"x{suffix}"
        p.write_bytes(b"\xff\xfe\x00")
        got = list(read_file(p, cues))
        assert len(got) == 1 and isinstance(got[0], Reject)


def test_deep_folders_and_unlistable_ones(tmp_path: Path, cues: DateCues,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    deep = tmp_path / "in"
    p = deep
    for _ in range(60):
        p = p / "d"
    p.mkdir(parents=True)
    (p / "a.txt").write_text(EN)
    (deep / "b.txt").write_text(EN)
    got = records(deep, cues)
    assert [Path(r.origin).name for r in got] == ["b.txt", "a.txt"]  # b < d
    real = os.scandir

    def refuse(path: object) -> object:
        if str(path).endswith("/d/d"):
            raise PermissionError(13, "Permission denied")
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", refuse)
    got = records(deep, cues)
    assert [(Path(r.origin).name, getattr(r, "reason", None)) for r in got] == [
        ("b.txt", None), ("d", "unreadable")]
    assert "cannot list folder" in got[1].message  # type: ignore[union-attr]
