"""Read input files into articles, or into rejects that say why not.

Inputs are JSON Lines (`.jsonl`/`.ndjson`, one article per line), `.json`
(one object or an array of objects), plain-text pages (`.txt`, id = file
stem) and HTML pages (`.html`/`.htm`/`.xhtml`, visible text only), or
folders holding them (recursively, in a stable order).

The one promise of this module: **every record read yields exactly one
`Article` or one `Reject`**, so that coded + no event + rejected = read. A
record is a non-blank line of a JSON Lines file, an item of a `.json` file,
or any other file found (a page, an image, a stray `notes.md`). Nothing
raises for bad input; only a missing input path named by the caller does
(`InputPathError`), before anything is read.

What is never done: fetching anything (links, images, scripts and external
entities in HTML are plain text to us; no XML parser is used), following a
symbolic link to a folder, or reading the build's own output root.

Bytes to text (`decode_bytes`), in order, first match wins:

1. a UTF-16 byte-order mark: UTF-16 (strict);
2. valid UTF-8 (BOM optional);
3. Arabic in a legacy single-byte code page, when the code page can be told
   reliably (see `_legacy_arabic`): windows-1256 or ISO-8859-6;
4. text whose only non-ASCII bytes are punctuation that windows-1252 and
   windows-1256 agree on (curly quotes, dashes, `…`, NBSP): windows-1252,
   since every candidate gives the same text;
5. UTF-8 with a few broken bytes (at most one per 1,000 characters, e.g. a
   multi-byte character cut at a chunk boundary): each broken sequence
   becomes U+FFFD and the article gets the warning `invalid-utf8-replaced`;
6. anything else: rejected as `undecodable`.

The only changes made to a record's text: NUL characters are removed
(`nul-removed`) and lone UTF-16 surrogates from JSON escapes become U+FFFD
(`invalid-characters-replaced`); HTML pages become their visible text.
Evidence offsets are into this text.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit

import pandas as pd
import pandera.pandas as pa
import pyarrow

from events.dates import DateCues, find_published, parse_published
from events.errors import InputPathError
from events.model import Article, PublishedSource, Reject
from events.schemas import (
    INVISIBLE_CHARS,
    MAX_ID_LENGTH,
    WHITESPACE_CHARS,
    ArticleInput,
    arrow_schema,
)

TEXT_SUFFIXES = frozenset({".txt", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
JSON_SUFFIXES = frozenset({".json"})
INPUT_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | JSON_SUFFIXES

MiB = 1024 * 1024

# File signatures of things that are never text (images, archives, documents,
# executables, media, databases).
_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"%PDF", b"PK\x03\x04",
          b"PK\x05\x06", b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00", b"7z\xbc\xaf\x27\x1c",
          b"Rar!\x1a\x07", b"\x28\xb5\x2f\xfd", b"RIFF", b"\x7fELF", b"MZ", b"OggS", b"ID3",
          b"fLaC", b"\x00\x00\x01\x00", b"II*\x00", b"MM\x00*", b"SQLite format 3\x00",
          b"PAR1", b"ARROW1", b"\xd0\xcf\x11\xe0", b"\xca\xfe\xba\xbe", b"\x00asm",
          b"wOFF", b"wOF2", b"\x00\x01\x00\x00\x00")
_SNIFF = 8192

# Controls, bidi and zero-width format characters (and lone surrogates): never in an id.
_ID_FORBIDDEN_RE = re.compile(f"[{INVISIBLE_CHARS}\ud800-\udfff]")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
# A character someone can see: anything but whitespace, controls and
# invisible format characters (ZWSP, bidi marks, BOM, soft hyphen).
_VISIBLE_RE = re.compile(f"[^{WHITESPACE_CHARS}{INVISIBLE_CHARS}]")
# Ids that are dangerous if someone makes a file name of them. The builder
# never does; the article keeps its id and gets the `id-not-filename-safe` warning.
_UNSAFE_ID_RE = re.compile(
    r"(?:^|[/\\])\.\.?(?:[/\\]|$)|^[/\\~-]|^[A-Za-z]:[/\\]|"
    r"(?:^|[/\\])(?i:con|prn|aux|nul|com[1-9]|lpt[1-9])(?:\.[^/\\]*)?(?:[/\\]|$)")


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """Limits and the reference day of ingest. Defaults suit wire news."""

    #: largest article text accepted, in bytes of UTF-8 (after decoding and,
    #: for HTML, extracting the visible text). A news article is rarely over
    #: 100 KB; over 1 MiB is a dump or a runaway page, and coding time grows
    #: faster than the length (about a minute for 1 MiB of text).
    max_article_bytes: int = 1 * MiB
    #: largest raw record: a JSON Lines line, a page file. Three times the
    #: article limit, so that an article at the limit still fits when written
    #: with `\\uXXXX` escapes (6 bytes for a 2-byte Arabic letter).
    max_record_bytes: int = 3 * MiB
    #: largest `.json` file (parsed whole; use JSON Lines for big corpora)
    max_json_file_bytes: int = 100 * MiB
    #: longest id accepted (URLs are used as ids); at most `MAX_ID_LENGTH`
    max_id_length: int = MAX_ID_LENGTH
    #: a publication date later than this day (plus one day of time-zone
    #: slack) is ignored with the warning `published-in-future`; None: no check
    reference_date: date | None = None


Record = Article | Reject


# --- finding files ----------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Entry:
    """A file system entry found under the inputs: a file to read, or a reason not to."""

    path: Path
    #: None for a regular file (or a link to one); else the reject it becomes
    problem: tuple[str, str] | None = None


def discover(paths: Sequence[str | Path], exclude: Sequence[Path] = ()) -> list[Entry]:
    """Input entries named by `paths`, folders expanded, in a stable order.

    Raises `InputPathError` naming the first path that does not exist.
    Folders are walked depth first, names sorted by code point; hidden
    entries (name starting with `.`) are skipped; symbolic links to folders
    are not followed (reported); a file named twice is read once; folders in
    `exclude` (the output root) are skipped.
    """
    for raw in paths:
        if not os.path.lexists(raw):
            raise InputPathError(f"input path does not exist: {raw}")
    skip = {_real(p) for p in exclude}
    seen: set[str] = set()
    out: list[Entry] = []

    def add(e: Entry) -> None:
        key = _real(e.path) if e.problem is None else f"\0{e.path}"
        if key not in seen:
            seen.add(key)
            out.append(e)

    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            if _real(p) not in skip:
                for e in _walk(p, skip):
                    add(e)
        else:
            add(_entry(p))
    return out


def _real(p: str | Path) -> str:
    try:
        return os.path.realpath(p)
    except (OSError, ValueError):
        return os.path.abspath(p)


def _entry(p: Path) -> Entry:
    try:
        st = p.stat()
    except FileNotFoundError:
        return Entry(p, ("unreadable", "broken symbolic link (its target does not exist)"))
    except OSError as e:
        return Entry(p, ("unreadable", f"cannot stat: {e.strerror or e}"))
    if stat.S_ISREG(st.st_mode):
        return Entry(p)
    if stat.S_ISDIR(st.st_mode):
        return Entry(p, ("unsupported-file", "symbolic link to a folder (not followed)"))
    mode = st.st_mode
    kind = ("named pipe" if stat.S_ISFIFO(mode) else "socket" if stat.S_ISSOCK(mode)
            else "device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "special file")
    return Entry(p, ("unsupported-file", f"not a regular file ({kind})"))


def _walk(folder: Path, skip: set[str]) -> Iterator[Entry]:
    """Depth first, names sorted; iterative, so no folder depth overflows the stack."""
    stack: list[Iterator[os.DirEntry[str] | Entry]] = [_listing(folder)]
    while stack:
        d = next(stack[-1], None)
        if d is None:
            stack.pop()
            continue
        if isinstance(d, Entry):
            yield d
            continue
        if d.name.startswith("."):
            continue
        p = Path(d.path)
        try:
            is_dir = d.is_dir(follow_symlinks=False)
        except OSError:
            is_dir = False
        if is_dir:
            if _real(p) not in skip:
                stack.append(_listing(p))
        else:
            yield _entry(p)


def _listing(folder: Path) -> Iterator[os.DirEntry[str] | Entry]:
    try:
        with os.scandir(folder) as it:
            items = sorted(it, key=lambda d: d.name)
    except OSError as e:
        return iter([Entry(folder, ("unreadable", f"cannot list folder: {e.strerror or e}"))])
    return iter(items)


def read_inputs(paths: Sequence[str | Path], cues: DateCues,
                options: IngestOptions = IngestOptions(),
                exclude: Sequence[Path] = ()) -> Iterator[Record]:
    """Every record of every input, as Article or Reject, in input order.

    The paths are checked now (`InputPathError` for a missing one); the
    records are read lazily as the iterator is consumed.
    """
    entries = discover(paths, exclude)
    return _read_entries(entries, cues, options)


def _read_entries(entries: list[Entry], cues: DateCues, options: IngestOptions) -> Iterator[Record]:
    for e in entries:
        if e.problem is not None:
            reason, msg = e.problem
            yield Reject(display_path(e.path), reason, f"{display_path(e.path)}: {msg}")
            continue
        yield from read_file(e.path, cues, options)


def display_path(path: Path) -> str:
    """The path as text that any table can store (undecodable bytes escaped)."""
    s = path.as_posix()
    return s.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


# --- reading one file -------------------------------------------------------

def read_file(path: Path, cues: DateCues,
              options: IngestOptions = IngestOptions()) -> Iterator[Record]:
    """The records of one file (one, except for JSON Lines and `.json` arrays)."""
    origin = display_path(path)
    suffix = path.suffix.lower()
    try:
        f = path.open("rb")
    except OSError as e:
        yield Reject(origin, "unreadable", f"cannot open {origin}: {e.strerror or e}")
        return
    with f:
        try:
            size = os.fstat(f.fileno()).st_size
            head = f.read(_SNIFF)
        except OSError as e:
            yield Reject(origin, "unreadable", f"cannot read {origin}: {e.strerror or e}")
            return
        if _is_binary(head):
            yield Reject(origin, "binary-file", f"{origin} is a binary file, not text")
            return
        if suffix not in INPUT_SUFFIXES:
            yield Reject(origin, "unsupported-file",
                         f"{origin}: {suffix or 'no extension'} is not an input format "
                         "(.jsonl, .json, .txt, .html)")
            return
        if suffix in JSONL_SUFFIXES:
            try:
                f.seek(0)
                yield from _read_jsonl(f, head, origin, cues, options)
            except OSError as e:
                yield Reject(origin, "unreadable", f"read error in {origin}: {e.strerror or e}")
            return
        limit = options.max_json_file_bytes if suffix in JSON_SUFFIXES else options.max_record_bytes
        if size > limit:
            yield Reject(origin, "too-large",
                         f"{origin} has {size} bytes, over the limit of {limit} bytes")
            return
        try:
            raw = head + f.read(limit + 1 - len(head))
        except OSError as e:
            yield Reject(origin, "unreadable", f"cannot read {origin}: {e.strerror or e}")
            return
    if len(raw) > limit:  # the file grew while we read it
        yield Reject(origin, "too-large", f"{origin} is over the limit of {limit} bytes")
        return
    decoded = decode_bytes(raw)
    if isinstance(decoded, str):
        yield Reject(origin, "undecodable", f"{origin}: {decoded}")
        return
    text, enc_warnings = decoded.text, decoded.warnings
    del raw
    if suffix in JSON_SUFFIXES:
        # byte offsets of items only when characters map to bytes plainly
        plain = decoded.encoding == "utf-8" and not decoded.warnings
        yield from _read_json(text, origin, cues, options, enc_warnings,
                              utf8_bom=decoded.bom if plain else None)
        return
    fields: dict[str, object] = {"id": _stem(path), "text": text}
    if suffix in HTML_SUFFIXES:
        page = html_to_text(text)
        fields.update(text=page.text, title=page.title, url=page.url, published=page.published_raw)
        if page.truncated:
            enc_warnings = (*enc_warnings, "html-unclosed-markup")
    yield _article(fields, origin, None, None, cues, options, enc_warnings, where=origin)


def _stem(path: Path) -> str:
    return path.name[: -len(path.suffix)] if path.suffix else path.name


def _is_binary(head: bytes) -> bool:
    """A known binary signature, or NUL bytes that are not UTF-16/32 text with a BOM."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if any(head.startswith(m) for m in _MAGIC):
        return True
    if not head:
        return False
    # A few stray NULs are damage in a text file (removed with a warning, or
    # an invalid JSON line). Over 1 byte in 10 (UTF-16 without a BOM has one
    # in two), or control bytes text never has (1 in 20; random bytes have
    # 1 in 10, UTF-16 Arabic one in two), mean binary.
    nul = head.count(0)
    odd = sum(head.count(b) for b in (*range(1, 9), *range(14, 27), *range(28, 32)))
    return nul * 10 > len(head) or odd * 20 > len(head)


# --- decoding ---------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    #: utf-8, utf-16, windows-1256, iso-8859-6 or windows-1252
    encoding: str
    bom: bool = False
    warnings: tuple[str, ...] = ()


_ARABIC_LETTER = re.compile("[\u0621-\u063a\u0641-\u064a]")
_ARABIC_MARK = re.compile("[\u064b-\u0652]")
# A harakah not preceded by an Arabic letter (or another harakah, or shadda):
# impossible in real text, the sign of windows-1256 bytes read as ISO-8859-6.
_STRAY_MARK = re.compile("(?<![\u0621-\u063a\u0640-\u0652])[\u064b-\u0652]")
_LATIN_EXTRA = re.compile("[\u00c0-\u024f]")
#: bytes on which windows-1252 and windows-1256 give the same non-letter
_SHARED_PUNCT = frozenset(
    b for b in range(0x80, 0x100)
    if bytes([b]).decode("cp1252", "replace") == bytes([b]).decode("cp1256")
    and not bytes([b]).decode("cp1256").isalpha()
)
#: fewest Arabic letters a legacy text needs before we trust a code page guess
MIN_LEGACY_LETTERS = 20


def decode_bytes(raw: bytes) -> Decoded | str:
    """The text of `raw`, or a message saying why it cannot be told (see module doc)."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return Decoded(raw.decode("utf-16"), "utf-16", True, ("encoding-utf-16",))
        except UnicodeDecodeError as e:
            return f"UTF-16 (byte-order mark) but invalid at byte {e.start}"
    bom = raw.startswith(codecs.BOM_UTF8)
    try:
        return Decoded(raw.decode("utf-8-sig"), "utf-8", bom)
    except UnicodeDecodeError:
        pass
    legacy = _legacy_arabic(raw)
    if isinstance(legacy, Decoded):
        return legacy
    if legacy is None and all(b < 0x80 or b in _SHARED_PUNCT for b in raw):
        return Decoded(raw.decode("cp1252"), "windows-1252", False, ("encoding-windows-1252",))
    text = raw.decode("utf-8-sig", "replace")
    bad = text.count("\ufffd") - raw.count(b"\xef\xbf\xbd")
    if bad > 0 and bad * 1000 <= len(text):
        return Decoded(text, "utf-8", bom, ("invalid-utf8-replaced",))
    if legacy is not None:
        return legacy
    return (f"not valid UTF-8 ({bad} invalid sequences in {len(raw)} bytes) and not Arabic "
            "in windows-1256 or ISO-8859-6")


def _legacy_arabic(raw: bytes) -> Decoded | str | None:
    """Arabic in windows-1256 or ISO-8859-6, when one of them is clearly right.

    The two code pages put the common Arabic letters on different bytes:
    windows-1256 has ل و ي at E1 E6 ED, ISO-8859-6 at E4 E8 EA; windows-1256
    uses DB-DF (غ ف ق ك) and A1 (،), which ISO-8859-6 leaves undefined, and
    ISO-8859-6 uses E7-EA (ه و ى ي), which windows-1256 decodes as Latin
    letters (ç è é ê). So a candidate is *plausible* when it decodes strictly,
    gives at least `MIN_LEGACY_LETTERS` Arabic letters, almost no accented
    Latin letters (≤ 2 % of the Arabic ones) and no harakah without a letter
    before it (windows-1256 ي read as ISO-8859-6 is a kasratan). Exactly one
    plausible reading, or two identical ones: that text. Two different
    plausible readings: undecodable (ambiguous). None: not legacy Arabic
    (None returned, the caller tries other readings).
    """
    found: dict[str, str] = {}
    arabic_seen = False
    for codec, name in (("cp1256", "windows-1256"), ("iso8859_6", "iso-8859-6")):
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        letters = len(_ARABIC_LETTER.findall(text))
        if letters:
            arabic_seen = True
        if letters < MIN_LEGACY_LETTERS:
            continue
        if len(_LATIN_EXTRA.findall(text)) * 50 > letters or _STRAY_MARK.search(text):
            continue
        # UTF-8 Arabic read as windows-1256 is mostly ط and ظ (the lead bytes D8, D9)
        if (text.count("ط") + text.count("ظ")) * 4 > letters:
            continue
        found[name] = text
    if len(found) == 1 or (len(found) == 2 and len(set(found.values())) == 1):
        name, text = next(iter(found.items()))
        return Decoded(text, name, False, (f"encoding-{name}",))
    if len(found) == 2:
        return "Arabic in a legacy code page, but windows-1256 and ISO-8859-6 cannot be told apart"
    if arabic_seen:
        return ("not valid UTF-8; if it is Arabic in windows-1256 or ISO-8859-6, "
                f"too little of it (under {MIN_LEGACY_LETTERS} letters) or too garbled to "
                "tell which")
    return None


# --- JSON -------------------------------------------------------------------

class _Keys(dict[str, Any]):
    """A JSON object that remembers keys given twice (ambiguous: first or last?)."""

    duplicated: tuple[str, ...] = ()


def _pairs(pairs: list[tuple[str, Any]]) -> _Keys:
    d = _Keys(pairs)
    if len(d) != len(pairs):
        seen: set[str] = set()
        dup: set[str] = set()
        for k, _ in pairs:
            (dup if k in seen else seen).add(k)
        d.duplicated = tuple(sorted(dup))
    return d


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


_DECODER = json.JSONDecoder(object_pairs_hook=_pairs, parse_constant=_no_constant)


def _loads(text: str) -> tuple[Any, str | None]:
    """(value, None), or (None, why it is not strict JSON)."""
    try:
        return _DECODER.decode(text), None
    except json.JSONDecodeError as e:
        return None, f"{e.msg} at line {e.lineno} column {e.colno}"
    except RecursionError:
        return None, "nested too deeply"
    except ValueError as e:  # NaN/Infinity, integers over the digit limit
        return None, str(e).split("\n")[0][:200]


def _jsonl_lines(f: BinaryIO, head: bytes, limit: int
                 ) -> Iterator[tuple[int, int, bytes | str | None]]:
    """(line number, byte offset, line) of each line; None for an over-long one.

    UTF-8 files give bytes, UTF-16 files (with a BOM) give text. An over-long
    line is skipped in bounded chunks, never held whole.
    """
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text_f = io.TextIOWrapper(f, encoding="utf-16", errors="strict", newline="")
        offset, n = 2, 0
        while True:
            pieces: list[str] | None = []
            used = 0
            while True:
                try:
                    piece = text_f.readline(MiB // 2)
                except UnicodeDecodeError as e:
                    raise _Utf16Error(n + 1, offset) from e
                size = len(piece.encode("utf-16-le", "surrogatepass"))
                used += size
                if pieces is not None:
                    pieces.append(piece)
                    if used > limit:
                        pieces = None
                if not piece or piece.endswith("\n"):
                    break
            if not used:
                return
            n += 1
            yield n, offset, None if pieces is None else "".join(pieces)
            offset += used
    offset, n = 0, 0
    while True:
        raw, used = _read_line(f, limit)
        if not used:
            return
        n += 1
        yield n, offset, raw
        offset += used


def _read_line(f: BinaryIO, limit: int) -> tuple[bytes | None, int]:
    """The next line (None when over `limit` bytes) and the bytes it used.

    Read in 1 MiB pieces, dropped as soon as the line passes the limit:
    skipping a line of any length holds at most `limit` + 1 MiB.
    """
    pieces: list[bytes] | None = []
    size = used = 0
    while True:
        piece = f.readline(MiB)
        used += len(piece)
        if pieces is not None:
            size += len(piece)
            if size > limit:
                pieces = None
            else:
                pieces.append(piece)
        if not piece or piece.endswith(b"\n"):
            if pieces is None:
                return None, used
            return (pieces[0] if len(pieces) == 1 else b"".join(pieces)), used


class _Utf16Error(Exception):
    def __init__(self, line: int, offset: int) -> None:
        super().__init__(line, offset)
        self.line, self.offset = line, offset


def _read_jsonl(f: BinaryIO, head: bytes, origin: str, cues: DateCues,
                options: IngestOptions) -> Iterator[Record]:
    limit = options.max_record_bytes
    lines = _jsonl_lines(f, head, limit)
    while True:
        try:
            item = next(lines)
        except StopIteration:
            return
        except _Utf16Error as e:
            yield Reject(origin, "undecodable",
                         f"line {e.line}: invalid UTF-16; the rest of the file is unreadable",
                         line=e.line, byte_offset=e.offset)
            return
        n, start, line = item

        def rej(reason: str, msg: str, n: int = n, start: int = start) -> Reject:
            return Reject(origin, reason, f"line {n}: {msg}", line=n, byte_offset=start)

        if line is None:
            yield rej("too-large", f"longer than the limit of {limit} bytes")
            continue
        warnings: tuple[str, ...] = ()
        if isinstance(line, bytes):
            if not line.strip():
                continue  # a blank line is not a record
            if b"\x00" in line:
                yield rej("invalid-json", "raw NUL bytes (not allowed in JSON; escape as \\u0000)")
                continue
            decoded = decode_bytes(line)
            if isinstance(decoded, str):
                yield rej("undecodable", decoded)
                continue
            text, warnings = decoded.text, decoded.warnings
        else:
            if not line.strip():
                continue
            text, warnings = line, ("encoding-utf-16",)
        obj, err = _loads(text)
        if err is not None:
            yield rej("invalid-json", err)
            continue
        if not isinstance(obj, dict):
            yield rej("not-an-object", f"JSON {_json_type(obj)}, not an object")
            continue
        yield _article(obj, origin, n, start, cues, options, warnings)


def _json_type(v: object) -> str:
    return {list: "array", str: "string", int: "number", float: "number", bool: "boolean",
            type(None): "null"}.get(type(v), type(v).__name__)


def _read_json(text: str, origin: str, cues: DateCues, options: IngestOptions,
               warnings: tuple[str, ...], utf8_bom: bool | None) -> Iterator[Record]:
    """One object, or an array of objects; each item's line (and byte offset
    when the file is UTF-8) is where it starts."""
    obj, err = _loads(text)
    if err is not None:
        yield Reject(origin, "invalid-json", f"{origin}: {err}")
        return
    if not isinstance(obj, list):
        if not isinstance(obj, dict):
            yield Reject(origin, "not-an-object",
                         f"{origin}: JSON {_json_type(obj)}, not an object or array")
            return
        yield _article(obj, origin, None, None, cues, options, warnings, where=origin)
        return
    # walk the array again to know where each item starts
    pos = text.index("[") + 1
    line, byte = 1 + text.count("\n", 0, pos), None
    if utf8_bom is not None:
        byte = (3 if utf8_bom else 0) + len(text[:pos].encode("utf-8", "surrogatepass"))
    ws = re.compile(r"[ \t\n\r,]*")
    for i, item in enumerate(obj, 1):
        m = ws.match(text, pos)
        assert m is not None
        start = m.end()
        line += text.count("\n", pos, start)
        if byte is not None:
            byte += len(text[pos:start].encode("utf-8", "surrogatepass"))
        _, end = _DECODER.raw_decode(text, start)
        where = f"item {i}"
        if not isinstance(item, dict):
            yield Reject(origin, "not-an-object", f"{where} (line {line}) is JSON "
                         f"{_json_type(item)}, not an object", line=line, byte_offset=byte)
        else:
            yield _article(item, origin, line, byte, cues, options, warnings, where=where)
        line += text.count("\n", start, end)
        if byte is not None:
            byte += len(text[start:end].encode("utf-8", "surrogatepass"))
        pos = end


# --- one record -------------------------------------------------------------

def _opt_str(obj: dict[str, object], key: str) -> tuple[str | None, bool]:
    v = obj.get(key)
    if v is None:
        return None, True
    if isinstance(v, str):
        return (v.strip() or None), True
    return None, False


def _article(obj: dict[str, object], origin: str, line: int | None, byte_offset: int | None,
             cues: DateCues, options: IngestOptions, warnings: tuple[str, ...] = (),
             where: str | None = None) -> Record:
    """An Article from one decoded record, or the Reject saying why not."""
    prefix = f"{where}: " if where else f"line {line}: " if line else ""

    def rej(reason: str, msg: str, aid: str | None = None) -> Reject:
        return Reject(origin, reason, prefix + msg, line=line, byte_offset=byte_offset,
                      article_id=aid)

    dup = getattr(obj, "duplicated", ())
    if dup:
        return rej("invalid-json", f"key given twice: {', '.join(dup)} (which value is meant?)")
    if "id" not in obj or obj["id"] is None:
        return rej("missing-id", "record has no id")
    raw_id = obj["id"]
    if isinstance(raw_id, bool) or not isinstance(raw_id, (str, int)):
        return rej("wrong-type", f"id is {_json_type(raw_id)}, expected a string")
    aid = str(raw_id).strip()
    shown = aid[:60].encode("utf-8", "backslashreplace").decode("utf-8")
    if not aid:
        return rej("invalid-id", "id is empty")
    if len(aid) > options.max_id_length:
        return rej("invalid-id", f"id is {len(aid)} characters long, over {options.max_id_length}")
    if _ID_FORBIDDEN_RE.search(aid):
        return rej("invalid-id", f"id {shown!r} holds control, invisible or bidi characters")
    if "text" not in obj or obj["text"] is None:
        return rej("missing-text", "record has no text", aid)
    text = obj["text"]
    if not isinstance(text, str):
        return rej("wrong-type", f"text is {_json_type(text)}, expected a string", aid)
    if len(text) * 4 > options.max_article_bytes and \
            len(text.encode("utf-8", "surrogatepass")) > options.max_article_bytes:
        return rej("too-large", f"text is over the limit of {options.max_article_bytes} bytes", aid)
    found = list(warnings)
    if "\x00" in text:
        text = text.replace("\x00", "")
        found.append("nul-removed")
    text, bad = _fix_surrogates(text)
    if not _VISIBLE_RE.search(text):
        return rej("empty-text",
                   "text is empty or holds only whitespace and invisible characters", aid)
    fields: dict[str, str | None] = {}
    for key in ("title", "url", "source", "language"):
        val, ok = _opt_str(obj, key)
        if not ok:
            found.append(f"{key}-wrong-type")
        if val is not None:
            val, b = _fix_surrogates(val.replace("\x00", ""))
            bad = bad or b
        fields[key] = val or None
    if bad:
        found.append("invalid-characters-replaced")
    if _UNSAFE_ID_RE.search(aid):
        found.append("id-not-filename-safe")
    published: date | None = None
    published_from: PublishedSource | None = None
    latest = options.reference_date + timedelta(days=1) if options.reference_date else None
    if obj.get("published") not in (None, ""):
        published = parse_published(obj.get("published"))
        if published is None:
            found.append("published-unparseable")
        elif latest is not None and published > latest:
            published = None
            found.append("published-in-future")
        else:
            published_from = "metadata"
    if published is None:
        got = find_published(text, fields["url"], cues)
        if got is not None:
            if latest is not None and got[0] > latest:
                if "published-in-future" not in found:
                    found.append("published-in-future")
            else:
                published, published_from = got
    source = fields["source"] or _host(fields["url"])
    return Article(
        id=aid, text=text, title=fields["title"], url=fields["url"], published=published,
        published_from=published_from, source=source, language=fields["language"],
        origin=origin, line=line, warnings=tuple(dict.fromkeys(found)),
    )


def _fix_surrogates(s: str) -> tuple[str, bool]:
    """Lone surrogates (from `\\udXXX` escapes) → U+FFFD; they cannot be stored as UTF-8."""
    if not _SURROGATE_RE.search(s):
        return s, False
    return s.encode("utf-16", "surrogatepass").decode("utf-16", "replace"), True


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


# --- validation and duplicates ----------------------------------------------

def article_frame(articles: Sequence[Article]) -> pd.DataFrame:
    """Articles as a frame of the `ArticleInput` model (for validation)."""
    schema = arrow_schema(ArticleInput)
    cols = {
        "id": [a.id for a in articles], "text": [a.text for a in articles],
        "title": [a.title for a in articles], "url": [a.url for a in articles],
        "published": [a.published for a in articles], "source": [a.source for a in articles],
        "language": [a.language for a in articles],
    }
    tbl = pyarrow.table({f.name: pyarrow.array(cols[f.name], type=f.type) for f in schema})
    frame: pd.DataFrame = tbl.to_pandas(types_mapper=pd.ArrowDtype)
    return frame


def validate_articles(records: Sequence[Record]) -> list[Record]:
    """Check the articles among `records` against `ArticleInput`, lazily.

    An article breaking the model becomes a `schema-violation` reject naming
    each failed column and check; a table-wide failure (a bug) turns every
    article of the batch into one. Rejects pass through unchanged. Ingest
    checks the same things itself with better reasons, so this is a guard.
    """
    out = list(records)
    for i, r in enumerate(records):
        # not storable at all (Arrow strings are UTF-8): ingest never makes these
        if isinstance(r, Article) and any(
                isinstance(v, str) and _SURROGATE_RE.search(v)
                for v in (r.id, r.text, r.title, r.url, r.source, r.language)):
            out[i] = Reject(r.origin, "schema-violation", "ArticleInput: a string field holds "
                            "lone surrogates (not valid Unicode)", line=r.line, article_id=None)
    records = out
    pos = [i for i, r in enumerate(records) if isinstance(r, Article)]
    if not pos:
        return list(records)
    arts = [records[i] for i in pos]
    assert all(isinstance(a, Article) for a in arts)
    try:
        ArticleInput.validate(article_frame(arts), lazy=True)  # type: ignore[arg-type]
        return list(records)
    except pa.errors.SchemaErrors as e:
        cases = e.failure_cases.to_dict("records")
    bad: dict[int, list[str]] = {}
    for fc in cases:
        idx = fc.get("index")
        k = int(idx) if idx is not None and not pd.isna(idx) else -1
        value = str(fc.get("failure_case"))[:80]
        col = fc.get("column") or "(table)"
        msg = f"column {col} failed check {fc.get('check')} (value {value!r})"
        for t in ([k] if k >= 0 else range(len(arts))):
            if msg not in bad.setdefault(t, []):
                bad[t].append(msg)
    out = list(records)
    for k, msgs in bad.items():
        a = arts[k]
        assert isinstance(a, Article)
        out[pos[k]] = Reject(a.origin, "schema-violation",
                             "ArticleInput: " + "; ".join(msgs)[:2000],
                             line=a.line, article_id=a.id)
    return out


def dedupe(records: Sequence[Record]) -> list[Record]:
    """Resolve articles sharing an id; the outcome does not depend on input order.

    - Same id, same content (`Article.content_hash`): the copy found first in
      (origin, line) order is kept; every other becomes a `duplicate-id`
      reject naming the kept one. The coded rows are the same whichever is kept.
    - Same id, different content: every version becomes a
      `duplicate-id-conflict` reject. We cannot tell which version is right,
      and keeping one would make the result depend on which file came first.
    Rejects do not take part: a broken record does not shadow a good one.
    """
    by_id: dict[str, list[int]] = {}
    for i, r in enumerate(records):
        if isinstance(r, Article):
            by_id.setdefault(r.id, []).append(i)
    out = list(records)
    for aid, idx in by_id.items():
        if len(idx) < 2:
            continue
        arts = [records[i] for i in idx]
        assert all(isinstance(a, Article) for a in arts)
        hashes = {a.content_hash() for a in arts}  # type: ignore[union-attr]

        def key(i: int) -> tuple[str, int, int]:
            a = records[i]
            assert isinstance(a, Article)
            return (a.origin, a.line or 0, i)

        if len(hashes) == 1:
            keep = min(idx, key=key)
            k = records[keep]
            assert isinstance(k, Article)
            where = _where(k)
            for i in idx:
                if i != keep:
                    a = records[i]
                    assert isinstance(a, Article)
                    out[i] = Reject(a.origin, "duplicate-id",
                                    f"id {aid!r}: same content as the copy kept at {where}",
                                    line=a.line, article_id=aid)
        else:
            where = ", ".join(sorted(_where(a) for a in arts))
            for i in idx:
                a = records[i]
                assert isinstance(a, Article)
                out[i] = Reject(a.origin, "duplicate-id-conflict",
                                f"id {aid!r} has {len(hashes)} different contents "
                                f"({where[:500]}); all {len(idx)} versions rejected",
                                line=a.line, article_id=aid)
    return out


def _where(r: Record) -> str:
    return r.origin + (f" line {r.line}" if r.line else "")


def batched(items: Iterable[Record], size: int) -> Iterator[list[Record]]:
    batch: list[Record] = []
    for r in items:
        batch.append(r)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


# --- HTML ------------------------------------------------------------------

_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "math", "iframe", "object",
                   "nav", "header", "footer", "aside", "form", "button", "select", "textarea"})
_BLOCK = frozenset({"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
                    "article", "section", "tr", "table", "blockquote", "pre", "figure",
                    "figcaption", "main", "dd", "dt", "hr", "title", "td", "th"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "param", "source", "track", "wbr"})


@dataclass(frozen=True, slots=True)
class HtmlPage:
    text: str
    title: str | None
    #: the publication date as the page's metadata gives it (not parsed)
    published_raw: str | None
    url: str | None
    #: an unclosed comment, tag or declaration hid the end of the page
    truncated: bool = False

    @property
    def published(self) -> date | None:
        return parse_published(self.published_raw) if self.published_raw else None


class _Extractor(HTMLParser):
    """Visible text and a few metadata values. Never fetches anything: `src`,
    `href` and entity declarations are only strings here."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip: list[str] = []
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
        elif tag in _BLOCK:
            self.in_title = False  # a title left open ends where the body starts
        if tag in _SKIP:
            self.skip.append(tag)
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <svg/>, <div/>: opened and closed at once; never leaves a skip open
        if tag in _SKIP:
            return
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _SKIP and tag in self.skip:
            # close up to the matching open tag (forgives missing end tags inside)
            while self.skip and self.skip.pop() != tag:
                pass
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title and not self.skip:
            self.title.append(data)
            return
        if not self.skip:
            self.parts.append(data)


def html_to_text(html: str) -> HtmlPage:
    """Visible text of an HTML page (no scripts, styles, menus), plus its metadata.

    Broken markup keeps whatever was read; an element left open (a `<nav>`
    never closed) hides the rest of the page, as it would be hidden in a
    browser's text of that element, and so does a comment, tag or
    declaration never closed (`<!--` without `-->`): that rest is dropped
    (`truncated`). html.parser before Python 3.12.11/3.13.4 takes quadratic
    time to close such a construct at the end of the input (CVE-2025-6069:
    11 minutes for 1 MB of `<!--`), so it is never asked to.
    """
    p = _Extractor()
    truncated = False
    try:
        p.feed(html)  # linear: stops at the first construct left open
        rest = p.rawdata
        if rest.startswith("<"):
            truncated = len(rest) > 64
            p.rawdata = ""
        p.close()
    except Exception:  # html.parser is lenient; a broken page keeps what was read
        pass
    lines = [" ".join(ln.split()) for ln in "".join(p.parts).split("\n")]
    text = "\n".join(ln for ln in lines if ln)
    title = " ".join("".join(p.title).split()) or p.meta.get("og:title") or None
    pub_raw = (p.meta.get("article:published_time") or p.meta.get("datepublished")
               or p.meta.get("date") or p.time)
    url = p.meta.get("og:url") or p.meta.get("canonical")
    return HtmlPage(text, title, pub_raw, url, truncated)


__all__ = [
    "HTML_SUFFIXES", "INPUT_SUFFIXES", "JSONL_SUFFIXES", "JSON_SUFFIXES", "TEXT_SUFFIXES",
    "Decoded", "Entry", "HtmlPage", "IngestOptions", "Record", "article_frame", "batched",
    "decode_bytes", "dedupe", "discover", "display_path", "html_to_text", "read_file",
    "read_inputs", "validate_articles",
]
