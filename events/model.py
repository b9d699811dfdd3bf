"""What flows between the pipeline stages: plain, immutable records.

Stages exchange these dataclasses, never DataFrames; `events.rows` turns coded
events into table rows and `events.schemas` describes the tables.
All character offsets are into `Article.text`, the text exactly as read
(after decoding), so `text[start:end]` is always the evidence.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Precision = Literal["day", "week", "month", "year", "unknown"]
DateSource = Literal["text", "published", "none"]
PublishedSource = Literal["metadata", "page", "url"]
Status = Literal["coded", "no-event", "rejected"]


@dataclass(frozen=True, slots=True)
class Article:
    """One input article, decoded and with its metadata checked."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: date | None = None
    #: where `published` came from: the record's metadata, the page text, the URL
    published_from: PublishedSource | None = None
    source: str | None = None
    #: language declared by the input (the coder detects its own)
    language: str | None = None
    #: the input file as named on the command line (or found in a folder)
    origin: str = ""
    #: 1-based line in a JSON Lines file; None for whole-file inputs
    line: int | None = None
    #: non-fatal problems found while reading (kebab-case codes)
    warnings: tuple[str, ...] = ()

    def content_hash(self) -> str:
        """SHA-256 of everything that can change the coding of this article."""
        payload = json.dumps(
            [self.id, self.text, self.title, self.url,
             self.published.isoformat() if self.published else None,
             self.published_from, self.source, self.language],
            ensure_ascii=False, separators=(",", ":"),
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Reject:
    """An input record that could not be coded, and why."""

    origin: str
    reason: str
    message: str
    line: int | None = None
    byte_offset: int | None = None
    article_id: str | None = None


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range [start, end) of `Article.text`."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ActorRef:
    """An actor as coded: who, which country, which CAMEO agent type."""

    name: str
    country: str | None
    type: str | None
    start: int
    end: int
    #: key of a named actor in `actors.tsv`, when the actor is one
    actor_id: str | None = None

    @property
    def code(self) -> str | None:
        """CAMEO-style actor code: country (or IGO/NGO root) + agent type."""
        parts = [p for p in (self.country, self.type) if p]
        if not parts:
            return None
        if self.country and self.type in ("IGO", "NGO"):
            return f"{self.country}{self.type}"
        return "".join(parts)


@dataclass(frozen=True, slots=True)
class EventDate:
    """When an event happened, how precisely, and how we know."""

    date: date | None
    precision: Precision
    source: DateSource

    @staticmethod
    def unknown() -> EventDate:
        return EventDate(None, "unknown", "none")


@dataclass(frozen=True, slots=True)
class CodedEvent:
    """One event the coder found in one article, before it becomes a row."""

    code: str
    actor1: ActorRef
    actor2: ActorRef | None
    date: EventDate
    evidence: Span
    sentence_index: int
    location_name: str | None = None
    location_country: str | None = None
    topics: tuple[str, ...] = ()
    confidence: float = 0.5
    #: how many sentences of the article report this same happening
    mentions: int = 1


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """What coding one article produced: rows, or the reason it has none."""

    article_id: str
    status: Status
    language: str
    rows: tuple[dict[str, object], ...] = ()
    reject: Reject | None = None
    content_hash: str = ""
    origin: str = ""
    line: int | None = None
    published: date | None = None
    published_from: PublishedSource | None = None
    warnings: tuple[str, ...] = field(default=())
