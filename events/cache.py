"""The coding cache: coded results per article, so rebuilds re-code only changes.

One SQLite file, `<out>/cache/coded.sqlite`. An article's key is a hash of
its content (`Article.content_hash`: id, text, title, url, publication date,
source, declared language), the coder version and the dictionary digest, so
changing any of those is a miss. Results are JSON, decoded back to the same
`ArticleResult`, so a cached build writes byte-identical data files.

Safety: writes are buffered and committed in transactions (SQLite with a
write-ahead log), so a build killed at any moment leaves a consistent cache,
at worst without its last results. A damaged or foreign file is moved aside
and the cache starts empty. Deleting the folder is always safe: the next
build re-codes everything. After a successful build, entries of other coder
versions or dictionaries (which can never hit again) are pruned.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
from dataclasses import asdict, fields
from datetime import date
from pathlib import Path
from typing import Any

from events.model import ArticleResult, Reject

log = logging.getLogger(__name__)

#: bump when the stored form changes: an older cache is then dropped, not misread
CACHE_FORMAT = 2
FLUSH_EVERY = 256
_DATE_COLUMNS = ("published", "event_date")


def cache_key(content_hash: str, coder_version: str, dictionary_digest: str) -> str:
    blob = f"{content_hash}\0{coder_version}\0{dictionary_digest}".encode()
    return hashlib.sha256(blob).hexdigest()


def _encode(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot cache {type(value).__name__}")


class Cache:
    """A key → ArticleResult store. Use as a context manager.

    `coder_version` and `dictionary_digest` tag the entries written, so that
    `prune()` can drop the ones no build of this coder can use.
    """

    def __init__(self, directory: Path, coder_version: str = "",
                 dictionary_digest: str = "") -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / "coded.sqlite"
        self.tag = (coder_version, dictionary_digest)
        self.hits = 0
        self.misses = 0
        self._pending: list[tuple[str, str, str, str]] = []
        try:
            self._db = self._open()
        except sqlite3.DatabaseError as e:  # not a database, or damaged beyond use
            aside = self.path.with_name(self.path.name + ".damaged")
            log.warning("coding cache %s is unreadable (%s); moved to %s, starting empty",
                        self.path, e, aside)
            self.path.replace(aside)
            for suffix in ("-wal", "-shm"):
                self.path.with_name(self.path.name + suffix).unlink(missing_ok=True)
            self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            if db.execute("PRAGMA user_version").fetchone()[0] != CACHE_FORMAT:
                db.execute("DROP TABLE IF EXISTS coded")
                db.execute(f"PRAGMA user_version = {CACHE_FORMAT}")
            db.execute("CREATE TABLE IF NOT EXISTS coded (key TEXT PRIMARY KEY, "
                       "coder_version TEXT NOT NULL, dictionary_digest TEXT NOT NULL, "
                       "result TEXT NOT NULL)")
            db.execute("SELECT count(*) FROM coded").fetchone()
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        try:
            self.flush()
        finally:
            self._db.close()

    def __len__(self) -> int:
        self.flush()
        return int(self._db.execute("SELECT count(*) FROM coded").fetchone()[0])

    def get(self, key: str) -> ArticleResult | None:
        try:
            row = self._db.execute("SELECT result FROM coded WHERE key = ?", (key,)).fetchone()
        except sqlite3.DatabaseError as e:
            log.warning("coding cache read failed (%s): treated as a miss", e)
            row = None
        found = None
        if row is not None:
            try:
                found = _decode(json.loads(row[0]))
            except (ValueError, KeyError, TypeError):
                found = None  # a damaged entry is a miss
        if found is None:
            self.misses += 1
        else:
            self.hits += 1
        return found

    def put(self, key: str, result: ArticleResult) -> None:
        """Store a result; written with the next `flush()` (every FLUSH_EVERY puts)."""
        payload = json.dumps(_as_dict(result), default=_encode, ensure_ascii=False,
                             sort_keys=True)
        self._pending.append((key, self.tag[0], self.tag[1], payload))
        if len(self._pending) >= FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        """Write the buffered results in one transaction."""
        if not self._pending:
            return
        batch, self._pending = self._pending, []
        try:
            self._db.execute("BEGIN")
            self._db.executemany("INSERT OR REPLACE INTO coded VALUES (?, ?, ?, ?)", batch)
            self._db.execute("COMMIT")
        except sqlite3.DatabaseError as e:  # a cache that cannot be written only costs time
            log.warning("coding cache write failed (%s): %d result(s) not cached", e, len(batch))
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")

    def prune(self) -> int:
        """Drop entries of other coder versions or dictionaries; return how many."""
        self.flush()
        if not any(self.tag):
            return 0
        try:
            cur = self._db.execute(
                "DELETE FROM coded WHERE coder_version != ? OR dictionary_digest != ?", self.tag)
        except sqlite3.DatabaseError as e:
            log.warning("coding cache prune failed (%s)", e)
            return 0
        return int(cur.rowcount)


_RESULT_FIELDS = tuple(f.name for f in fields(ArticleResult))


def _as_dict(result: ArticleResult) -> dict[str, Any]:
    """`dataclasses.asdict(result)` as JSON sees it, without its deep copy.

    (asdict copied every row dict recursively: a tenth of a build's time in
    the main process, profiled; the JSON written is the same.)
    """
    d = {name: getattr(result, name) for name in _RESULT_FIELDS}
    if result.reject is not None:
        d["reject"] = asdict(result.reject)
    return d


def _decode(d: dict[str, Any]) -> ArticleResult:
    rows = []
    for r in d["rows"]:
        for c in _DATE_COLUMNS:
            if r.get(c):
                r[c] = date.fromisoformat(r[c])
        rows.append(r)
    reject = Reject(**d["reject"]) if d.get("reject") else None
    return ArticleResult(
        article_id=d["article_id"], status=d["status"], language=d["language"],
        rows=tuple(rows), reject=reject, content_hash=d["content_hash"], origin=d["origin"],
        line=d["line"],
        published=date.fromisoformat(d["published"]) if d.get("published") else None,
        published_from=d.get("published_from"),
        warnings=tuple(d.get("warnings") or ()),
    )
