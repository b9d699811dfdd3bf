"""The build: input files in, one new release out.

    read → (cache | code) per article → validate → assemble → write → publish

Every record read ends as exactly one of: coded (≥ 1 event), no event, or
rejected (with a reason); the build checks that the three add up to the
records read before it publishes anything. Coding happens per article in a
pure function (`code_batch`), so that any engine can run it; results are
cached by content so a rebuild re-codes only new or changed articles.
The release is written to a staging folder and moved into place only when
complete (see `events.release`).
"""

from __future__ import annotations

import hashlib
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from events import __version__
from events.cache import Cache, cache_key
from events.coding import CODER_VERSION, code_article
from events.errors import AccountingError, BuildInterrupted, StrictModeError
from events.ingest import IngestOptions, batched, dedupe, read_inputs, validate_articles
from events.lexicon import Lexicon, load_lexicon
from events.model import Article, ArticleResult, Reject
from events.release import (
    NewRelease,
    build_time,
    check_new_version,
    checkpoint,
    clean_leftovers,
    locked,
    make_release,
    next_version,
    sort_events,
)
from events.rows import event_rows, failures, to_frame, validate

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
    bad: dict[int, list[str]] = {}
    for pos, msgs in found.items():
        targets = [owner[pos]] if pos >= 0 else sorted(set(owner))
        for t in targets:
            bad.setdefault(t, []).extend(msgs)
    out = list(results)
    for i, msgs in bad.items():
        r = results[i]
        reject = Reject(r.origin, "schema-violation", "; ".join(msgs)[:2000], line=r.line,
                        article_id=r.article_id)
        out[i] = replace(r, status="rejected", rows=(), reject=reject)
    return out


Engine = Callable[[Iterable[list[Article]], Lexicon], Iterable[list[ArticleResult]]]


def serial_engine(batches: Iterable[list[Article]], lex: Lexicon) -> Iterable[list[ArticleResult]]:
    for batch in batches:
        yield code_batch(batch, lex)


def _batches(items: Iterable[Article], size: int) -> Iterable[list[Article]]:
    batch: list[Article] = []
    for a in items:
        batch.append(a)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def build(inputs: Sequence[str | Path], options: BuildOptions = BuildOptions(),
          lex: Lexicon | None = None, engine: Engine = serial_engine,
          progress: Callable[[int, int], None] | None = None) -> BuildSummary:
    """Build a new release from `inputs` under `options.out`.

    `progress(done, total)` is called as articles are coded (total: those not
    found in the cache), first with done = 0. A missing input path raises
    `InputPathError` before anything is written; Ctrl-C (KeyboardInterrupt)
    raises `BuildInterrupted` with the counts reached.
    """
    started = time.monotonic()
    lex = lex or load_lexicon()
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
        with Cache(root / "cache", CODER_VERSION, lex.digest) as cache:
            records: list[ArticleResult | Reject] = []
            pending: list[Article] = []
            pending_keys: list[str] = []
            slots: list[int] = []

            read: list[Article | Reject] = []
            for batch in batched(reading, BATCH):
                summary.read += len(batch)
                read.extend(validate_articles(batch))
            for rec in dedupe(read):
                if isinstance(rec, Reject):
                    records.append(rec)
                    continue
                key = cache_key(rec.content_hash(), CODER_VERSION, lex.digest)
                hit = None if options.full else cache.get(key)
                if hit is not None:
                    summary.from_cache += 1
                    records.append(replace(hit, origin=rec.origin, line=rec.line,
                                           warnings=rec.warnings))
                    continue
                slots.append(len(records))
                records.append(Reject("", "coder-error", "placeholder"))
                pending.append(rec)
                pending_keys.append(key)
            checkpoint("read")
            done = 0
            if progress:
                progress(0, len(pending))
            for batch_results in engine(_batches(pending, BATCH), lex):
                for res in batch_results:
                    i = slots[done]
                    records[i] = res
                    if res.reject is None or res.reject.reason not in ("coder-error",):
                        cache.put(pending_keys[done], res)
                    done += 1
                    summary.recoded = done
                    if progress:
                        progress(done, len(pending))
                cache.flush()
                checkpoint("coded batch")
            if done != len(pending):
                raise AccountingError(f"the engine gave {done} results for {len(pending)} articles")
            _assemble(root, records, options, lex, summary, version, when, ingest)
            cache.prune()
    summary.seconds = round(time.monotonic() - started, 3)
    return summary


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


def _assemble(root: Path, records: list[ArticleResult | Reject], options: BuildOptions,
              lex: Lexicon, summary: BuildSummary, version: str, when: datetime,
              ingest: IngestOptions | None = None) -> None:
    """Account for every record, build and validate the tables, write the release."""
    event_rows_all: list[dict[str, Any]] = []
    article_rows: list[dict[str, Any]] = []
    reject_rows: list[dict[str, Any]] = []
    for r in records:
        if isinstance(r, Reject) or r.reject is not None:
            rej = r if isinstance(r, Reject) else r.reject
            assert rej is not None
            rec = None if isinstance(r, Reject) else r
            reject_rows.append({"origin": rej.origin, "line": rej.line,
                                "byte_offset": rej.byte_offset, "article_id": rej.article_id,
                                "reason": rej.reason, "message": rej.message})
            article_rows.append({"article_id": rej.article_id, "origin": rej.origin,
                                 "line": rej.line, "status": "rejected",
                                 "language": rec.language if rec else None,
                                 "published": rec.published if rec else None,
                                 "published_from": rec.published_from if rec else None,
                                 "events": 0,
                                 "content_sha256": rec.content_hash if rec else None,
                                 "warnings": list(rec.warnings) if rec else []})
            summary.rejected += 1
            continue
        event_rows_all.extend(r.rows)
        article_rows.append({"article_id": r.article_id, "origin": r.origin, "line": r.line,
                             "status": r.status, "language": r.language, "published": r.published,
                             "published_from": r.published_from, "events": len(r.rows),
                             "content_sha256": r.content_hash, "warnings": list(r.warnings)})
        if r.status == "coded":
            summary.coded += 1
        else:
            summary.no_event += 1
    if summary.coded + summary.no_event + summary.rejected != summary.read or \
            len(article_rows) != summary.read or len(reject_rows) != summary.rejected:
        raise AccountingError(
            f"coded {summary.coded} + no event {summary.no_event} + rejected {summary.rejected} "
            f"!= read {summary.read} (articles rows {len(article_rows)}, "
            f"rejects rows {len(reject_rows)})")
    summary.rejects_by_reason = dict(sorted(Counter(r["reason"] for r in reject_rows).items()))
    summary.warnings_by_code = dict(sorted(Counter(
        w for a in article_rows for w in a["warnings"]).items()))
    if options.strict and reject_rows:
        raise StrictModeError(
            f"--strict: {len(reject_rows)} record(s) rejected ("
            + ", ".join(f"{k} {v}" for k, v in summary.rejects_by_reason.items())
            + "); no release written")

    events = sort_events(to_frame("events", event_rows_all))
    validate("events", events)   # a guard: rows were validated per batch
    articles = to_frame("articles", sorted(
        article_rows, key=lambda a: (a["origin"], a["line"] or 0, a["article_id"] or "")))
    rejects = to_frame("rejects", sorted(
        reject_rows, key=lambda a: (a["origin"], a["line"] or 0, a["byte_offset"] or 0,
                                    a["reason"], a["article_id"] or "", a["message"])))
    validate("articles", articles)
    validate("rejects", rejects)
    summary.events = len(events)
    checkpoint("assembled")

    counts = {"read": summary.read, "coded": summary.coded, "no_event": summary.no_event,
              "rejected": summary.rejected, "events": summary.events,
              "rejects_by_reason": summary.rejects_by_reason,
              "warnings_by_code": summary.warnings_by_code}
    info = {"coder_version": CODER_VERSION, "package_version": __version__,
            "dictionary_digest": lex.digest, "mode": "full" if options.full else "incremental",
            "recoded": summary.recoded, "from_cache": summary.from_cache,
            "ingest": _ingest_info(ingest or options.ingest)}
    manifest = make_release(root, NewRelease(events, articles, rejects, counts, info,
                                             _input_hash(records)), version, when)
    ch, arts = manifest["changes"], manifest["inputs"]["articles"]
    summary.version = version
    summary.release = str(root / "releases" / version)
    summary.previous = manifest["previous"]
    summary.added, summary.removed, summary.modified = ch["added"], ch["removed"], ch["modified"]
    summary.articles_new, summary.articles_changed = arts["new"], arts["changed"]
    summary.articles_removed = arts["removed"]


def _ingest_info(ingest: IngestOptions) -> dict[str, Any]:
    """What ingest judged by: the reference day and the limits (for the manifest)."""
    return {"reference_date": ingest.reference_date.isoformat() if ingest.reference_date else None,
            "max_article_bytes": ingest.max_article_bytes,
            "max_record_bytes": ingest.max_record_bytes,
            "max_json_file_bytes": ingest.max_json_file_bytes,
            "max_id_length": ingest.max_id_length}


def _input_hash(records: Sequence[ArticleResult | Reject]) -> str:
    """SHA-256 over the sorted content hashes of the articles and the rejects' identities."""
    h = hashlib.sha256()
    keys = (r.content_hash if isinstance(r, ArticleResult)
            else f"reject:{r.origin}:{r.line}:{r.reason}" for r in records)
    for k in sorted(keys):
        h.update(k.encode())
        h.update(b"\n")
    return h.hexdigest()
