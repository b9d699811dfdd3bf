"""The coding cache: coded results per article, so rebuilds re-code only changes.

One SQLite file under `<out>/cache/`. The key of an article is a hash of its
content, the coder version and the dictionary digest, so any change to one
of those is a miss. Each write is its own transaction: a build killed at any
moment leaves a consistent cache, and deleting the folder is always safe.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from events.model import ArticleResult, Reject

_DATE_COLUMNS = ("published", "event_date")


def cache_key(content_hash: str, coder_version: str, dictionary_digest: str) -> str:
    return hashlib.sha256(f"{content_hash}\0{coder_version}\0{dictionary_digest}".encode()).hexdigest()


def _encode(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot cache {type(value).__name__}")


class Cache:
    """A key → ArticleResult store. Use as a context manager."""

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / "coded.sqlite"
        self._db = sqlite3.connect(self.path, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS coded (key TEXT PRIMARY KEY, result TEXT NOT NULL)")

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def get(self, key: str) -> ArticleResult | None:
        row = self._db.execute("SELECT result FROM coded WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        try:
            return _decode(json.loads(row[0]))
        except (ValueError, KeyError, TypeError):
            return None  # a damaged entry is a miss

    def put(self, key: str, result: ArticleResult) -> None:
        payload = json.dumps(asdict(result), default=_encode, ensure_ascii=False, sort_keys=True)
        self._db.execute("INSERT OR REPLACE INTO coded (key, result) VALUES (?, ?)", (key, payload))


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
        line=d["line"], published=date.fromisoformat(d["published"]) if d.get("published") else None,
        published_from=d.get("published_from"),
        warnings=tuple(d.get("warnings") or ()),
    )
