"""Read input files into articles, or into rejects that say why not.

Inputs are JSON Lines (`.jsonl`, one article per line), `.json` (one object
or an array of objects), plain-text pages (`.txt`, id = file stem) and HTML
pages (`.html`/`.htm`, visible text only), or folders holding them
(recursively, in sorted order; hidden files are skipped). Every record read
yields exactly one `Article` or one `Reject`, so that coded + no event +
rejected = read. Nothing is fetched: links and external entities in HTML
are never followed.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from events.dates import DateCues, find_published, parse_published
from events.errors import InputPathError
from events.model import Article, Reject

TEXT_SUFFIXES = frozenset({".txt", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
JSON_SUFFIXES = frozenset({".json"})
INPUT_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | JSON_SUFFIXES

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"PK\x03\x04", b"\x1f\x8b",
          b"BM", b"RIFF", b"\x7fELF", b"MZ", b"OggS", b"ID3", b"\x00\x00\x01\x00")


@dataclass(frozen=True, slots=True)
class IngestOptions:
    #: largest article (or page file) accepted, in bytes of UTF-8 text
    max_article_bytes: int = 5 * 1024 * 1024
    #: longest id accepted
    max_id_length: int = 256


Record = Article | Reject


def discover(paths: Sequence[str | Path]) -> list[Path]:
    """Input files named by `paths` (folders expanded), in a stable order."""
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            raise InputPathError(f"input path does not exist: {p}")
        if p.is_dir():
            found = sorted(
                (f for f in p.rglob("*") if f.is_file()
                 and not any(part.startswith(".") for part in f.relative_to(p).parts)),
                key=lambda f: f.relative_to(p).as_posix(),
            )
            out.extend(found)
        else:
            out.append(p)
    return out


def read_inputs(paths: Sequence[str | Path], cues: DateCues,
                options: IngestOptions = IngestOptions()) -> Iterator[Record]:
    """Every record of every input file, as Article or Reject, in input order."""
    for path in discover(paths):
        yield from read_file(path, cues, options)


def read_file(path: Path, cues: DateCues, options: IngestOptions = IngestOptions()) -> Iterator[Record]:
    origin = path.as_posix()
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(path, origin, cues, options)
        return
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            raw = f.read(options.max_article_bytes * 4 + 1)
    except OSError as e:
        yield Reject(origin, "unreadable", f"cannot read {origin}: {e.strerror or e}")
        return
    if _is_binary(raw):
        yield Reject(origin, "binary-file", f"{origin} is a binary file, not text")
        return
    if suffix not in INPUT_SUFFIXES:
        yield Reject(origin, "unsupported-file",
                     f"{origin}: {suffix or 'no extension'} is not an input format")
        return
    if size > options.max_article_bytes * 4:
        yield Reject(origin, "too-large", f"{origin} has {size} bytes, over the limit")
        return
    text = decode(raw)
    if text is None:
        yield Reject(origin, "undecodable", f"{origin} is neither UTF-8/UTF-16 nor Arabic windows-1256")
        return
    if suffix in JSON_SUFFIXES:
        yield from _read_json(text, origin, cues, options)
        return
    stem = path.stem
    title = None
    published: date | None = None
    url = None
    if suffix in HTML_SUFFIXES:
        page = html_to_text(text)
        text, title, published, url = page.text, page.title, page.published, page.url
    yield _article(
        {"id": stem, "text": text, "title": title, "url": url,
         "published": published.isoformat() if published else None},
        origin, None, cues, options,
    )


def decode(raw: bytes) -> str | None:
    """Text of `raw`: UTF-8 (BOM optional), UTF-16 with a BOM, or Arabic windows-1256."""
    if raw.startswith(codecs.BOM_UTF16_LE) or raw.startswith(codecs.BOM_UTF16_BE):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # Legacy Arabic pages: accept windows-1256 only when it yields mostly
    # Arabic letters, i.e. the encoding can be told reliably.
    try:
        text = raw.decode("cp1256")
    except UnicodeDecodeError:
        return None
    letters = [c for c in text if c.isalpha()]
    arabic = sum("\u0600" <= c <= "\u06ff" for c in letters)
    return text if letters and arabic / len(letters) >= 0.6 else None


def _is_binary(raw: bytes) -> bool:
    head = raw[:8]
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if any(head.startswith(m) for m in _MAGIC):
        return True
    return b"\x00" in raw[:4096]


def _read_jsonl(path: Path, origin: str, cues: DateCues, options: IngestOptions) -> Iterator[Record]:
    try:
        f = path.open("rb")
    except OSError as e:
        yield Reject(origin, "unreadable", f"cannot read {origin}: {e.strerror or e}")
        return
    limit = options.max_article_bytes * 2
    with f:
        offset = 0
        n = 0
        while True:
            line = f.readline(limit + 1)
            if not line:
                break
            n += 1
            start = offset
            offset += len(line)
            if len(line) > limit and not line.endswith(b"\n"):
                # skip the rest of an over-long line without holding it
                while True:
                    chunk = f.readline(limit)
                    offset += len(chunk)
                    if not chunk or chunk.endswith(b"\n"):
                        break
                yield Reject(origin, "too-large", f"line {n} is longer than {limit} bytes",
                             line=n, byte_offset=start)
                continue
            if not line.strip():
                continue  # a blank line is not a record
            text = decode(line)
            if text is None:
                yield Reject(origin, "undecodable", f"line {n} is not valid UTF-8",
                             line=n, byte_offset=start)
                continue
            try:
                obj = json.loads(text)
            except json.JSONDecodeError as e:
                yield Reject(origin, "invalid-json", f"line {n}: {e.msg} at column {e.colno}",
                             line=n, byte_offset=start)
                continue
            if not isinstance(obj, dict):
                yield Reject(origin, "not-an-object", f"line {n} is JSON {type(obj).__name__}, not an object",
                             line=n, byte_offset=start)
                continue
            yield _article(obj, origin, n, cues, options, byte_offset=start)


def _read_json(text: str, origin: str, cues: DateCues, options: IngestOptions) -> Iterator[Record]:
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as e:
        yield Reject(origin, "invalid-json", f"{e.msg} at line {e.lineno} column {e.colno}")
        return
    items = obj if isinstance(obj, list) else [obj]
    for i, item in enumerate(items, 1):
        if not isinstance(item, dict):
            yield Reject(origin, "not-an-object", f"item {i} is JSON {type(item).__name__}, not an object")
            continue
        yield _article(item, origin, i if isinstance(obj, list) else None, cues, options)


def _opt_str(obj: dict[str, object], key: str) -> tuple[str | None, bool]:
    v = obj.get(key)
    if v is None:
        return None, True
    if isinstance(v, str):
        return (v.strip() or None), True
    return None, False


def _article(obj: dict[str, object], origin: str, line: int | None, cues: DateCues,
             options: IngestOptions, byte_offset: int | None = None) -> Record:
    def rej(reason: str, msg: str, aid: str | None = None) -> Reject:
        where = f"line {line}: " if line else ""
        return Reject(origin, reason, where + msg, line=line, byte_offset=byte_offset, article_id=aid)

    if "id" not in obj or obj["id"] is None:
        return rej("missing-id", "record has no id")
    raw_id = obj["id"]
    if isinstance(raw_id, bool) or not isinstance(raw_id, (str, int)):
        return rej("wrong-type", f"id is {type(raw_id).__name__}, expected a string")
    aid = str(raw_id).strip()
    if not aid or len(aid) > options.max_id_length or _CONTROL.search(aid):
        return rej("invalid-id", f"id {aid[:40]!r} is empty, too long or has control characters")
    if "text" not in obj or obj["text"] is None:
        return rej("missing-text", "record has no text", aid)
    text = obj["text"]
    if not isinstance(text, str):
        return rej("wrong-type", f"text is {type(text).__name__}, expected a string", aid)
    if len(text.encode("utf-8", "surrogatepass")) > options.max_article_bytes:
        return rej("too-large", f"text is over {options.max_article_bytes} bytes", aid)
    text = text.replace("\x00", "")
    if not text.strip():
        return rej("empty-text", "text is empty or whitespace only", aid)
    warnings: list[str] = []
    fields: dict[str, str | None] = {}
    for key in ("title", "url", "source", "language"):
        val, ok = _opt_str(obj, key)
        if not ok:
            warnings.append(f"{key}-wrong-type")
        fields[key] = val
    published = None
    published_from = None
    if obj.get("published") not in (None, ""):
        published = parse_published(obj.get("published"))
        if published is None:
            warnings.append("published-unparseable")
        else:
            published_from = "metadata"
    if published is None:
        found = find_published(text, fields["url"], cues)
        if found is not None:
            published, published_from = found
    source = fields["source"] or _host(fields["url"])
    return Article(
        id=aid, text=text, title=fields["title"], url=fields["url"], published=published,
        published_from=published_from,  # type: ignore[arg-type]
        source=source, language=fields["language"], origin=origin, line=line,
        warnings=tuple(warnings),
    )


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


# --- HTML ------------------------------------------------------------------

_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "object",
                   "nav", "header", "footer", "aside", "form", "button", "select", "head"})
_BLOCK = frozenset({"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
                    "article", "section", "tr", "table", "blockquote", "pre", "figure",
                    "figcaption", "main", "dd", "dt", "hr", "title"})


@dataclass(frozen=True, slots=True)
class HtmlPage:
    text: str
    title: str | None
    published: date | None
    url: str | None


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.title: list[str] = []
        self.in_title = False
        self.meta: dict[str, str] = {}
        self.time: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and a.get("content"):
                self.meta.setdefault(key, a["content"])
        elif tag == "link" and a.get("rel", "").lower() == "canonical" and a.get("href"):
            self.meta.setdefault("canonical", a["href"])
        elif tag == "time" and a.get("datetime") and self.time is None:
            self.time = a["datetime"]
        if tag == "title":
            self.in_title = True
        if tag in _SKIP and tag != "head":
            self.skip += 1
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _SKIP and tag != "head" and self.skip:
            self.skip -= 1
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
            return
        if not self.skip:
            self.parts.append(data)


def html_to_text(html: str) -> HtmlPage:
    """Visible text of an HTML page (no scripts, styles, menus), plus its metadata."""
    p = _Extractor()
    try:
        p.feed(html)
        p.close()
    except Exception:  # html.parser is lenient; a broken page keeps what was read
        pass
    lines = [" ".join(ln.split()) for ln in "".join(p.parts).split("\n")]
    text = "\n".join(ln for ln in lines if ln)
    title = " ".join("".join(p.title).split()) or p.meta.get("og:title") or None
    pub_raw = (p.meta.get("article:published_time") or p.meta.get("datepublished")
               or p.meta.get("date") or p.time)
    published = parse_published(pub_raw) if pub_raw else None
    url = p.meta.get("og:url") or p.meta.get("canonical")
    return HtmlPage(text, title, published, url)
