"""The build: input files in, one new release out.

    read → (cache | code) per batch → spool → dedupe → write → diff → publish

Every record read ends as exactly one of: coded (≥ 1 event), no event, or
rejected (with a reason); the build checks that the three add up to the
records read before it publishes anything. Coding happens per batch of
articles in a pure function (`code_batch`), so that any engine can run it
(`events.engine`: in this process, on a local process pool, or on Dask);
results are cached by content so a rebuild re-codes only new or changed
articles.

The build streams: input is read and coded a batch at a time, and the rows
of each batch go to spools on disk (`events.spool`: sorted runs under
`<out>/.staging/`), partitioned by event year. The tables are then written
one row group at a time from the merged runs, and diffed against the
previous release with bounded memory (`events.diff.diff_event_files`), so
memory does not grow with the corpus. Rows are sorted by a total order
(events by date and id; articles and rejects by origin, line, id and input
position), so the data files do not depend on batch boundaries, worker
count or engine. The release is written to a staging folder and moved into
place only when complete (see `events.release`).
"""

from __future__ import annotations

import hashlib
import time
import traceback
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow
import pyarrow.compute as pc

from events import __version__
from events import release as _release
from events.cache import Cache, cache_key
from events.coding import CODER_VERSION, code_article
from events.engine import Engine, make_engine, serial_engine
from events.errors import (
    AccountingError,
    BuildInterrupted,
    SchemaValidationError,
    StrictModeError,
    UsageError,
)
from events.ingest import IngestOptions, batched, read_inputs, validate_articles
from events.lexicon import Lexicon, load_lexicon
from events.model import Article, ArticleResult, Reject
from events.release import (
    UNDATED,
    StreamedRelease,
    build_time,
    check_new_version,
    checkpoint,
    clean_leftovers,
    events_file,
    locked,
    make_release,
    next_version,
)
from events.rows import event_rows, failures, to_frame, validate
from events.schemas import TABLES, arrow_schema
from events.spool import KEY, PartitionedSpool, Spool, key, remove_dir, scratch_dir

__all__ = ["BATCH", "BuildOptions", "BuildSummary", "Engine", "build", "code_batch",
           "code_one", "serial_engine", "validate_batch"]

#: articles per coding batch (the unit of work an engine gets)
BATCH = 256


@dataclass(frozen=True, slots=True)
class BuildOptions:
    out: Path = Path("output")
    full: bool = False
    strict: bool = False
    #: release version; default: the next calendar version for `today`
    version: str | None = None
    #: the day that names the release and dates the manifest, changelog and
    #: citation (never any date in the data); default: `SOURCE_DATE_EPOCH`
    #: when set, else today (UTC). Also the default reference day of ingest:
    #: a later publication date is ignored as `published-in-future`
    today: date | None = None
    ingest: IngestOptions = field(default_factory=IngestOptions)
    #: coding engine: "process" (a local process pool; in this process when
    #: `workers` is 1), "serial" or "dask" (see `events.engine`)
    engine: str = "process"
    #: coding processes (the CLI's default is the number of cores)
    workers: int = 1
    #: Dask scheduler address; default: a local cluster of `workers` processes
    scheduler: str | None = None
    #: articles per coding batch
    batch_size: int = BATCH


@dataclass(slots=True)
class BuildSummary:
    """What a build did; `--quiet` prints it as one JSON line."""

    ok: bool = True
    version: str = ""
    release: str = ""
    previous: str | None = None
    read: int = 0
    coded: int = 0
    no_event: int = 0
    rejected: int = 0
    events: int = 0
    #: articles coded in this build (new, changed, or all with --full)
    recoded: int = 0
    #: articles whose coded result came from the cache
    from_cache: int = 0
    added: int = 0
    removed: int = 0
    modified: int = 0
    articles_new: int = 0
    articles_changed: int = 0
    articles_removed: int = 0
    rejects_by_reason: dict[str, int] = field(default_factory=dict)
    warnings_by_code: dict[str, int] = field(default_factory=dict)
    #: the reference day ingest judged publication dates against
    reference_date: str = ""
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__}


def code_one(article: Article, lex: Lexicon) -> ArticleResult:
    """Code one article; an unexpected exception becomes a `coder-error` reject."""
    try:
        coded = code_article(article, lex)
        rows = event_rows(article, coded.language, coded.events, lex, CODER_VERSION)
    except Exception as e:  # a bug of ours must not stop the build
        reject = Reject(article.origin, "coder-error", _error_summary(e),
                        line=article.line, article_id=article.id)
        return ArticleResult(article.id, "rejected", "und", reject=reject,
                             content_hash=article.content_hash(), origin=article.origin,
                             line=article.line, published=article.published,
                             published_from=article.published_from, warnings=article.warnings)
    if coded.language == "und":
        reject = Reject(article.origin, "unsupported-language",
                        "the text is neither Arabic nor English", line=article.line,
                        article_id=article.id)
        return ArticleResult(article.id, "rejected", "und", reject=reject,
                             content_hash=article.content_hash(), origin=article.origin,
                             line=article.line, published=article.published,
                             published_from=article.published_from, warnings=article.warnings)
    return ArticleResult(
        article.id, "coded" if rows else "no-event", coded.language, rows=tuple(rows),
        content_hash=article.content_hash(), origin=article.origin, line=article.line,
        published=article.published, published_from=article.published_from,
        warnings=article.warnings,
    )


def _error_summary(e: BaseException) -> str:
    """`Type: message (at f.py:12 in g <- h.py:3 in k)`: the innermost frames first."""
    frames = traceback.extract_tb(e.__traceback__)[-4:]
    where = " <- ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} in {f.name}"
                        for f in reversed(frames)) or "?"
    return f"{type(e).__name__}: {str(e)[:300]} (at {where})"


def code_batch(articles: Sequence[Article], lex: Lexicon) -> list[ArticleResult]:
    """Code a batch of articles and validate their rows together.

    An article any of whose rows fails the events schema is rejected with
    `schema-violation` and the failed checks; its other rows are dropped too,
    so that an article is either fully in the table or fully in rejects.
    """
    results = [code_one(a, lex) for a in articles]
    return validate_batch(results)


def validate_batch(results: list[ArticleResult]) -> list[ArticleResult]:
    """Reject the articles whose rows fail the events schema (see `code_batch`).

    The rows of the whole batch are validated at once (pandera's cost is
    mostly per call). Only when that fails is each article that may be at
    fault validated on its own rows, and judged by that alone: so which
    articles are rejected, and the messages (row numbers count within the
    article), never depend on which other articles shared the batch, nor on
    the batch size or the engine. Event ids unique across articles are
    checked over the whole table when it is written.
    """
    rows: list[dict[str, Any]] = []
    owner: list[int] = []
    for i, r in enumerate(results):
        rows.extend(r.rows)
        owner.extend([i] * len(r.rows))
    if not rows:
        return results
    found = failures("events", to_frame("events", rows))
    if not found:
        return results
    suspects = sorted({owner[pos] for pos in found if pos >= 0}) if -1 not in found \
        else sorted(set(owner))
    out = list(results)
    for i in suspects:
        r = results[i]
        own = failures("events", to_frame("events", list(r.rows)))
        if not own:
            continue  # it failed only beside another article (e.g. a copy of itself)
        msgs = [m for k in sorted(own) for m in own[k]]
        reject = Reject(r.origin, "schema-violation", "; ".join(msgs)[:2000], line=r.line,
                        article_id=r.article_id)
        out[i] = replace(r, status="rejected", rows=(), reject=reject)
    return out


# --------------------------------------------------------------------------
# the build


def build(inputs: Sequence[str | Path], options: BuildOptions = BuildOptions(),
          lex: Lexicon | None = None, engine: Engine | None = None,
          progress: Callable[[int, int], None] | None = None) -> BuildSummary:
    """Build a new release from `inputs` under `options.out`.

    `engine` overrides the one the options name (see `events.engine`).
    `progress(done, total)` is called as articles are coded: first with
    done = 0, then after every coded batch. `total` counts the articles to
    code (those not found in the cache) read so far: input is read while it
    is coded, so it is final only once reading is done (the last call).
    A missing input path raises `InputPathError` before anything is
    written; Ctrl-C (KeyboardInterrupt) raises `BuildInterrupted` with the
    counts reached.
    """
    started = time.monotonic()
    lex = lex or load_lexicon()
    if options.batch_size < 1:
        raise UsageError("the batch size must be 1 or more")
    run = engine or make_engine(options.engine, options.workers, scheduler=options.scheduler)
    root = options.out
    summary = BuildSummary()
    when = _build_time(options)
    ingest = replace(options.ingest,
                     reference_date=options.ingest.reference_date or when.date())
    summary.reference_date = str(ingest.reference_date)
    # paths checked now; the output root is never read as input
    reading = read_inputs(inputs, lex.date_cues, ingest, exclude=[root])
    with locked(root), _interruptible(summary):
        checkpoint("locked")
        clean_leftovers(root)  # what killed builds left; ours to remove, we hold the lock
        version = options.version or next_version(root, when.date())
        check_new_version(root, version)  # fail before coding, not after
        scratch = scratch_dir(root / ".staging")
        try:
            with Cache(root / "cache", CODER_VERSION, lex.digest) as cache:
                tables = _Tables(scratch)
                _code_all(reading, options, lex, run, cache, tables, summary, progress)
                new = tables.finish(summary, options, lex, ingest)
                checkpoint("assembled")
                manifest = make_release(root, new, version, when)
                cache.prune()
        finally:
            remove_dir(scratch)
    ch, arts = manifest["changes"], manifest["inputs"]["articles"]
    summary.version = version
    summary.release = str(root / "releases" / version)
    summary.previous = manifest["previous"]
    summary.added, summary.removed, summary.modified = ch["added"], ch["removed"], ch["modified"]
    summary.articles_new, summary.articles_changed = arts["new"], arts["changed"]
    summary.articles_removed = arts["removed"]
    summary.seconds = round(time.monotonic() - started, 3)
    return summary


def _code_all(reading: Iterator[Article | Reject], options: BuildOptions, lex: Lexicon,
              engine: Engine, cache: Cache, tables: _Tables, summary: BuildSummary,
              progress: Callable[[int, int], None] | None) -> None:
    """Read every record, take cached results, code the others in batches; spool them all.

    Articles are checked against the input model a read batch (`BATCH`
    records, whatever the coding batch size) at a time.

    Records are numbered in reading order (`seq`): the tables sort by it to
    break ties, and the dedupe keeps the first of two equal records by it.
    Cache hits are spooled as they are read and coded batches as the engine
    returns them: order of arrival does not matter, only `seq` does.
    """
    waiting: deque[list[tuple[int, str]]] = deque()  # (seq, cache key) per batch sent
    to_code = 0  # articles not found in the cache, read so far

    def pending_batches() -> Iterator[list[Article]]:
        nonlocal to_code
        batch: list[Article] = []
        meta: list[tuple[int, str]] = []
        for rec in (r for chunk in batched(reading, BATCH) for r in validate_articles(chunk)):
            seq = summary.read
            summary.read += 1
            if isinstance(rec, Reject):
                tables.add_reject(seq, rec)
                continue
            k = cache_key(rec.content_hash(), CODER_VERSION, lex.digest)
            hit = None if options.full else cache.get(k)
            if hit is not None:
                summary.from_cache += 1
                tables.add_result(seq, replace(hit, origin=rec.origin, line=rec.line,
                                               warnings=rec.warnings))
                continue
            batch.append(rec)
            meta.append((seq, k))
            to_code += 1
            if len(batch) >= options.batch_size:
                waiting.append(meta)
                yield batch
                batch, meta = [], []
        if batch:
            waiting.append(meta)
            yield batch
        checkpoint("read")

    if progress:
        progress(0, 0)
    for results in engine(pending_batches(), lex):
        meta = waiting.popleft()
        if len(results) != len(meta):
            raise AccountingError(f"the engine returned {len(results)} results for a batch of "
                                  f"{len(meta)} articles")
        for (seq, k), res in zip(meta, results, strict=True):
            if res.reject is None or res.reject.reason not in ("coder-error",):
                cache.put(k, res)
            tables.add_result(seq, res)
        summary.recoded += len(results)
        cache.flush()
        checkpoint("coded batch")
        if progress:
            progress(summary.recoded, to_code)
    if waiting:
        raise AccountingError(f"the engine returned no results for {len(waiting)} batch(es)")


def _build_time(options: BuildOptions) -> datetime:
    if options.today is not None:
        return datetime(options.today.year, options.today.month, options.today.day,
                        tzinfo=UTC)
    return build_time()


@contextmanager
def _interruptible(summary: BuildSummary) -> Iterator[None]:
    """Turn Ctrl-C into `BuildInterrupted` carrying the counts so far."""
    try:
        yield
    except BuildInterrupted:
        raise
    except KeyboardInterrupt as e:
        raise BuildInterrupted(summary.read, summary.recoded) from e


def _ingest_info(ingest: IngestOptions) -> dict[str, Any]:
    """What ingest judged by: the reference day and the limits (for the manifest)."""
    return {"reference_date": ingest.reference_date.isoformat() if ingest.reference_date else None,
            "max_article_bytes": ingest.max_article_bytes,
            "max_record_bytes": ingest.max_record_bytes,
            "max_json_file_bytes": ingest.max_json_file_bytes,
            "max_id_length": ingest.max_id_length}


# --------------------------------------------------------------------------
# spooled tables


def _with(schema: pyarrow.Schema, *extra: tuple[str, pyarrow.DataType]) -> pyarrow.Schema:
    for name, typ in extra:
        schema = schema.append(pyarrow.field(name, typ))
    return schema


_SEQ = "_seq"
_DUP = "_dup"
_EVENTS = arrow_schema(TABLES["events"])
_ARTICLES = arrow_schema(TABLES["articles"])
_REJECTS = arrow_schema(TABLES["rejects"])
_EVENTS_SPOOL = _with(_EVENTS, (_SEQ, pyarrow.int64()), (KEY, pyarrow.binary()))
_ARTICLES_SPOOL = _with(_ARTICLES, (_SEQ, pyarrow.int64()), (KEY, pyarrow.binary()))
_REJECTS_SPOOL = _with(_REJECTS, (_SEQ, pyarrow.int64()), (_DUP, pyarrow.bool_()),
                       (KEY, pyarrow.binary()))
#: one row per coded article (ArticleResult), for the dedupe of article ids
_IDS_SPOOL = pyarrow.schema([("article_id", pyarrow.string()), ("content_sha256", pyarrow.string()),
                             ("origin", pyarrow.string()), ("line", pyarrow.int64()),
                             ("status", pyarrow.string()), ("reason", pyarrow.string()),
                             ("events", pyarrow.int64()),
                             ("warnings", pyarrow.list_(pyarrow.string())),
                             (_SEQ, pyarrow.int64()), (KEY, pyarrow.binary())])
#: the identities the input hash is made of, one per record
_INPUTS_SPOOL = pyarrow.schema([("identity", pyarrow.string()), (_SEQ, pyarrow.int64()),
                                (_DUP, pyarrow.bool_()), (KEY, pyarrow.binary())])
#: rows buffered in Python before they become an Arrow table
_FLUSH_ROWS = 4096
#: bytes each spool buffers before it writes a sorted run to disk (the events'
#: budget is shared by the years); what bounds a build's memory, with one
#: row group of the largest table (`release.PARQUET_OPTIONS`)
SPOOL_BUDGETS = {"events": 24 << 20, "articles": 8 << 20, "rejects": 4 << 20,
                 "ids": 4 << 20, "inputs": 4 << 20}
_HEX16 = frozenset("0123456789abcdef")


def _table(schema: pyarrow.Schema, rows: list[dict[str, Any]]) -> pyarrow.Table:
    return pyarrow.table({f.name: pyarrow.array([r.get(f.name) for r in rows], type=f.type)
                          for f in schema}, schema=schema)


def _id64(event_id: str) -> int:
    if len(event_id) == 16 and _HEX16.issuperset(event_id):
        return int(event_id, 16)
    return int.from_bytes(hashlib.blake2b(event_id.encode(), digest_size=8).digest(), "big")


class _Tables:
    """The rows of a build, spooled as they come; written as the release's tables at the end.

    Holds in memory only: Python rows until `_FLUSH_ROWS` of them, the
    spools' buffers (bounded by their budgets), the counts, and 16 bytes
    per event (id and article number, for the uniqueness guard).
    """

    def __init__(self, scratch: Path) -> None:
        b = SPOOL_BUDGETS
        self.events = PartitionedSpool(scratch, _EVENTS_SPOOL, budget=b["events"], name="events")
        self.articles = Spool(scratch, _ARTICLES_SPOOL, budget=b["articles"], name="articles")
        self.rejects = Spool(scratch, _REJECTS_SPOOL, budget=b["rejects"], name="rejects")
        self.ids = Spool(scratch, _IDS_SPOOL, budget=b["ids"], name="ids")
        self.inputs = Spool(scratch, _INPUTS_SPOOL, budget=b["inputs"], name="inputs")
        self._rows: dict[str, list[dict[str, Any]]] = {
            "events": [], "articles": [], "rejects": [], "ids": [], "inputs": []}
        self.status: Counter[str] = Counter()
        self.reasons: Counter[str] = Counter()
        self.warnings: Counter[str] = Counter()
        self.n_events = 0
        self._event_ids: list[np.ndarray] = []
        self._event_seqs: list[np.ndarray] = []

    # -- in

    def add_reject(self, seq: int, rej: Reject) -> None:
        """A record that never became an article (ingest's reject)."""
        self._reject_rows(seq, rej, None)
        self._add("inputs", {"identity": f"reject:{rej.origin}:{rej.line}:{rej.reason}",
                             _SEQ: seq, _DUP: False})

    def add_result(self, seq: int, r: ArticleResult) -> None:
        """A coded (or cached) article."""
        self._add("ids", {"article_id": r.article_id, "content_sha256": r.content_hash,
                          "origin": r.origin, "line": r.line, "status": r.status,
                          "reason": r.reject.reason if r.reject is not None else None,
                          "events": 0 if r.reject is not None else len(r.rows),
                          "warnings": list(r.warnings), _SEQ: seq})
        self.warnings.update(r.warnings)
        self._add("inputs", {"identity": r.content_hash, _SEQ: seq, _DUP: False})
        if r.reject is not None:
            self._reject_rows(seq, r.reject, r)
            return
        for row in r.rows:
            self._add("events", {**row, _SEQ: seq})
        self.n_events += len(r.rows)
        self._add("articles", {"article_id": r.article_id, "origin": r.origin, "line": r.line,
                               "status": r.status, "language": r.language,
                               "published": r.published, "published_from": r.published_from,
                               "events": len(r.rows), "content_sha256": r.content_hash,
                               "warnings": list(r.warnings), _SEQ: seq})
        self.status[r.status] += 1

    def _reject_rows(self, seq: int, rej: Reject, rec: ArticleResult | None) -> None:
        self._add("rejects", {"origin": rej.origin, "line": rej.line,
                              "byte_offset": rej.byte_offset, "article_id": rej.article_id,
                              "reason": rej.reason, "message": rej.message, _SEQ: seq,
                              _DUP: False})
        self._add("articles", _rejected_article(rej, rec, seq))
        self.status["rejected"] += 1
        self.reasons[rej.reason] += 1

    def _add(self, which: str, row: dict[str, Any]) -> None:
        rows = self._rows[which]
        rows.append(row)
        if len(rows) >= _FLUSH_ROWS:
            self._flush(which)

    def _flush(self, which: str) -> None:
        rows, self._rows[which] = self._rows[which], []
        if not rows:
            return
        if which == "events":
            for r in rows:
                r[KEY] = key(r["event_date"], r["event_id"])
            tbl = _table(_EVENTS_SPOOL, rows)
            ids = [r["event_id"] for r in rows]
            self._event_ids.append(np.fromiter((_id64(e) for e in ids), dtype=np.uint64,
                                               count=len(ids)))
            self._event_seqs.append(tbl.column(_SEQ).to_numpy())
            years = [r["event_date"].year if r["event_date"] is not None else None for r in rows]
            for y in dict.fromkeys(years):
                part = tbl.filter(pyarrow.array([yy == y for yy in years]))
                self.events.add(UNDATED if y is None else f"{y:04d}", part)
        elif which == "articles":
            for r in rows:
                r[KEY] = key(r["origin"], r["line"] or 0, r["article_id"] or "", r[_SEQ])
            self.articles.add(_table(_ARTICLES_SPOOL, rows))
        elif which == "rejects":
            for r in rows:
                r[KEY] = _reject_key(r)
            self.rejects.add(_table(_REJECTS_SPOOL, rows))
        elif which == "ids":
            for r in rows:
                r[KEY] = key(r["article_id"], r[_SEQ])
            self.ids.add(_table(_IDS_SPOOL, rows))
        else:
            for r in rows:
                r[KEY] = key(r["identity"], r[_SEQ])
            self.inputs.add(_table(_INPUTS_SPOOL, rows))

    # -- out

    def finish(self, summary: BuildSummary, options: BuildOptions, lex: Lexicon,
               ingest: IngestOptions) -> StreamedRelease:
        """Dedupe, count, check; return the release whose tables `write_data` will write."""
        for which in self._rows:
            self._flush(which)
        dups = self._dedupe()
        summary.coded = self.status["coded"]
        summary.no_event = self.status["no-event"]
        summary.rejected = self.status["rejected"]
        summary.events = self.n_events
        if summary.coded + summary.no_event + summary.rejected != summary.read or \
                self.articles.rows != summary.read:
            raise AccountingError(
                f"coded {summary.coded} + no event {summary.no_event} + rejected "
                f"{summary.rejected} != read {summary.read} (article rows {self.articles.rows})")
        summary.rejects_by_reason = dict(sorted((k, v) for k, v in self.reasons.items() if v))
        summary.warnings_by_code = dict(sorted((k, v) for k, v in self.warnings.items() if v))
        if options.strict and summary.rejected:
            raise StrictModeError(
                f"--strict: {summary.rejected} record(s) rejected ("
                + ", ".join(f"{k} {v}" for k, v in summary.rejects_by_reason.items())
                + "); no release written")
        self._check_event_ids(dups)
        counts = {"read": summary.read, "coded": summary.coded, "no_event": summary.no_event,
                  "rejected": summary.rejected, "events": summary.events,
                  "rejects_by_reason": summary.rejects_by_reason,
                  "warnings_by_code": summary.warnings_by_code}
        info = {"coder_version": CODER_VERSION, "package_version": __version__,
                "dictionary_digest": lex.digest,
                "mode": "full" if options.full else "incremental",
                "recoded": summary.recoded, "from_cache": summary.from_cache,
                "ingest": _ingest_info(ingest)}
        self._dups = dups
        return StreamedRelease(self.write_data, counts, info, self._input_hash(dups))

    def _dedupe(self) -> dict[int, tuple[str, str]]:
        """Articles sharing an id, as `events.ingest.dedupe` resolves them.

        Same content: the copy first in (origin, line) order is kept, the
        others are `duplicate-id`; different contents: every version is a
        `duplicate-id-conflict`. Done after coding, from the spool of (id,
        seq), so that no list of every record is held: returns the records
        (by `seq`) to reject, with reason and message, and corrects the
        counts.
        """
        out: dict[int, tuple[str, str]] = {}
        info: dict[int, dict[str, Any]] = {}
        group: list[dict[str, Any]] = []

        def where(g: dict[str, Any]) -> str:
            return str(g["origin"]) + (f" line {g['line']}" if g["line"] else "")

        def close(group: list[dict[str, Any]]) -> None:
            # the rules and messages of `events.ingest.dedupe`, applied after coding
            if len(group) < 2:
                return
            aid = group[0]["article_id"]
            hashes = {g["content_sha256"] for g in group}
            if len(hashes) == 1:
                keep = min(group, key=lambda g: (g["origin"], g["line"] or 0, g[_SEQ]))
                for g in group:
                    if g is not keep:
                        out[g[_SEQ]] = ("duplicate-id",
                                        f"id {aid!r}: same content as the copy kept at "
                                        f"{where(keep)}")
                        info[g[_SEQ]] = g
            else:
                places = ", ".join(sorted(where(g) for g in group))
                for g in group:
                    out[g[_SEQ]] = ("duplicate-id-conflict",
                                    f"id {aid!r} has {len(hashes)} different contents "
                                    f"({places[:500]}); all {len(group)} versions rejected")
                    info[g[_SEQ]] = g

        for tbl in self.ids.sorted():
            ids = tbl.column("article_id").to_pylist()
            starts = [i for i in range(len(ids)) if i == 0 or ids[i] != ids[i - 1]]
            # only groups (possibly continuing from the last table) can hold duplicates
            for j, i in enumerate(starts):
                end = starts[j + 1] if j + 1 < len(starts) else len(ids)
                if group and group[0]["article_id"] != ids[i]:
                    close(group)
                    group = []
                if end - i > 1 or group or j == len(starts) - 1:
                    group.extend(tbl.slice(i, end - i).drop_columns([KEY]).to_pylist())
                else:
                    group = []
        close(group)

        dup_rejects = []
        for seq, (reason, message) in sorted(out.items()):
            g = info[seq]
            self.status[g["status"]] -= 1
            self.status["rejected"] += 1
            if g["reason"] is not None:
                self.reasons[g["reason"]] -= 1
            self.reasons[reason] += 1
            self.warnings.subtract(g["warnings"] or [])
            self.n_events -= g["events"]
            dup_rejects.append({"origin": g["origin"], "line": g["line"], "byte_offset": None,
                                "article_id": g["article_id"], "reason": reason,
                                "message": message, _SEQ: seq, _DUP: True})
            self._add("inputs", {"identity": f"reject:{g['origin']}:{g['line']}:{reason}",
                                 _SEQ: seq, _DUP: True})
        for r in dup_rejects:
            self._add("rejects", r)
        self._flush("rejects")
        self._flush("inputs")
        return out

    def _check_event_ids(self, dups: dict[int, tuple[str, str]]) -> None:
        """Event ids are unique over the whole table (each batch checked its own)."""
        if not self._event_ids:
            return
        ids = np.concatenate(self._event_ids)
        if dups:
            seqs = np.concatenate(self._event_seqs)
            ids = ids[~np.isin(seqs, np.fromiter(dups, dtype=np.int64, count=len(dups)))]
        self._event_ids, self._event_seqs = [], []
        uniq, counts = np.unique(ids, return_counts=True)
        if uniq.size != ids.size:
            raise SchemaValidationError("events", [
                f"column event_id failed check field_uniqueness ({int((counts > 1).sum())} "
                "event id(s) occur more than once)"])

    def _input_hash(self, dups: dict[int, tuple[str, str]]) -> str:
        """SHA-256 over the sorted identities of the records (content hash, or the reject)."""
        h = hashlib.sha256()
        for tbl in _undup(self.inputs.sorted(), dups):
            for identity in tbl.column("identity").to_pylist():
                h.update(identity.encode())
                h.update(b"\n")
        return h.hexdigest()

    def write_data(self, tmp: Path) -> dict[str, list[str]]:
        """Write the events (one file per year), articles and rejects under `tmp`."""
        from events.codebook import TABLE_PATHS

        dups = self._dups
        files: dict[str, list[str]] = {"events": []}
        parts = sorted(self.events.parts, key=lambda p: (p == UNDATED, p))
        if UNDATED not in parts:
            parts.append(UNDATED)
        for part in parts:
            spool = self.events.parts.get(part)
            stream = _dropped(spool.sorted(), dups) if spool is not None else iter(())
            first = next(stream, None)
            if first is None and part != UNDATED:
                continue  # every event of that year came from a rejected duplicate
            rel = events_file(part)
            _release.write_parquet(_guarded(_chain(first, stream), "events"), "events", tmp / rel)
            files["events"].append(rel)
            checkpoint("wrote " + rel)
        rel = TABLE_PATHS["articles"]
        _release.write_parquet(_guarded(_as_rejected(self.articles.sorted(), dups), "articles"),
                               "articles", tmp / rel)
        files["articles"] = [rel]
        checkpoint("wrote " + rel)
        rel = TABLE_PATHS["rejects"]
        _release.write_parquet(_guarded(_undup(self.rejects.sorted(), dups), "rejects"),
                               "rejects", tmp / rel)
        files["rejects"] = [rel]
        checkpoint("wrote " + rel)
        return files


def _reject_key(r: dict[str, Any]) -> bytes:
    return key(r["origin"], r["line"] or 0, r["byte_offset"] or 0, r["reason"],
               r["article_id"] or "", r["message"], r[_SEQ])


def _rejected_article(rej: Reject, rec: ArticleResult | None, seq: int) -> dict[str, Any]:
    """The articles-table row of a rejected record (`rec`: its coding result, if any)."""
    return {"article_id": rej.article_id, "origin": rej.origin, "line": rej.line,
            "status": "rejected", "language": rec.language if rec else None,
            "published": rec.published if rec else None,
            "published_from": rec.published_from if rec else None, "events": 0,
            "content_sha256": rec.content_hash if rec else None,
            "warnings": list(rec.warnings) if rec else [], _SEQ: seq}


def _seq_set(dups: dict[int, tuple[str, str]]) -> pyarrow.Array:
    return pyarrow.array(sorted(dups), type=pyarrow.int64())


def _dropped(tables: Iterable[pyarrow.Table],
             dups: dict[int, tuple[str, str]]) -> Iterator[pyarrow.Table]:
    """Events without those of rejected duplicates."""
    values = _seq_set(dups)
    for t in tables:
        if dups:
            t = t.filter(pc.invert(pc.is_in(t[_SEQ], value_set=values)))
        if t.num_rows:
            yield t


def _undup(tables: Iterable[pyarrow.Table],
           dups: dict[int, tuple[str, str]]) -> Iterator[pyarrow.Table]:
    """Rows of a rejected duplicate replaced by its duplicate row (`_DUP`)."""
    values = _seq_set(dups)
    for t in tables:
        if dups:
            t = t.filter(pc.or_(t[_DUP], pc.invert(pc.is_in(t[_SEQ], value_set=values))))
        if t.num_rows:
            yield t


def _as_rejected(tables: Iterable[pyarrow.Table],
                 dups: dict[int, tuple[str, str]]) -> Iterator[pyarrow.Table]:
    """Article rows of rejected duplicates turned into rejected rows (same place in the order)."""
    values = _seq_set(dups)
    for t in tables:
        if dups and pc.any(pc.is_in(t[_SEQ], value_set=values)).as_py():
            rows = t.to_pylist()
            for r in rows:
                if r[_SEQ] in dups:
                    rej = Reject(r["origin"], dups[r[_SEQ]][0], "", line=r["line"],
                                 article_id=r["article_id"])
                    r.update(_rejected_article(rej, None, r[_SEQ]))
            t = pyarrow.Table.from_pylist(rows, schema=t.schema)
        yield t


def _chain(first: pyarrow.Table | None, rest: Iterator[pyarrow.Table]) -> Iterator[pyarrow.Table]:
    if first is not None:
        yield first
    yield from rest


def _guarded(tables: Iterable[pyarrow.Table], table: str) -> Iterator[pyarrow.Table]:
    """The stream, validated against the table's model on its way to the file.

    A guard: every row was validated when its batch was coded (this checks
    again in case the cache or a worker handed back something else).
    Uniqueness of event ids over the whole table is checked apart
    (`_Tables._check_event_ids`). Rows are validated `_GUARD_ROWS` at a
    time: pandera's cost is mostly per call, and the frames it works on stay
    small whatever the size of the table.
    """
    held: list[pyarrow.Table] = []
    rows = 0
    for t in tables:
        held.append(t)
        rows += t.num_rows
        if rows >= _GUARD_ROWS:
            _validate_rows(table, held)
            yield from held
            held, rows = [], 0
    if held:
        _validate_rows(table, held)
        yield from held


def _validate_rows(table: str, tables: list[pyarrow.Table]) -> None:
    whole = pyarrow.concat_tables(tables)
    if whole.num_rows:
        names = arrow_schema(TABLES[table]).names
        validate(table, whole.select(names).to_pandas(types_mapper=_arrow_dtype))


#: rows validated at once by the guard
_GUARD_ROWS = 32_768


def _arrow_dtype(t: pyarrow.DataType) -> Any:
    import pandas as pd

    return pd.ArrowDtype(t)
