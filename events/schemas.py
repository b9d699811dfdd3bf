"""The tables of a release, as pandera models: the single source of truth.

Every column's name, type, nullability, allowed values and description is
declared here once. The Arrow schemas used to write Parquet, the Frictionless
table schemas under `schemas/`, `datapackage.json` and `CODEBOOK.md` are all
generated from these models (see `events.codebook`).

Columns use pyarrow-backed pandas dtypes, so a validated frame converts to
Arrow without guessing. `SCHEMA_VERSION` follows semantic versioning: major
for a removed or retyped column, minor for an added column or category,
patch for descriptions only; `schemas/HISTORY.json` records the fingerprint of
every version and a test fails if the models change without a new version.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from functools import cache
from typing import Annotated, Any

import pandas as pd
import pandera.pandas as pa
import pyarrow as pyarrow
from pandera.typing import Series

from events.taxonomy import (
    AGENT_TYPES,
    DATE_PRECISIONS,
    DATE_SOURCES,
    LANGUAGES,
    PUBLISHED_SOURCES,
    REJECT_REASONS,
    STATUSES,
    TOPICS,
    cameo_codes,
)

SCHEMA_VERSION = "1.0.0"

Str = Annotated[pd.ArrowDtype, pyarrow.string()]
Date = Annotated[pd.ArrowDtype, pyarrow.date32()]
Int8 = Annotated[pd.ArrowDtype, pyarrow.int8()]
Int16 = Annotated[pd.ArrowDtype, pyarrow.int16()]
Int32 = Annotated[pd.ArrowDtype, pyarrow.int32()]
Int64 = Annotated[pd.ArrowDtype, pyarrow.int64()]
Float32 = Annotated[pd.ArrowDtype, pyarrow.float32()]
StrList = Annotated[pd.ArrowDtype, pyarrow.list_(pyarrow.string())]


@cache
def iso3_codes() -> tuple[str, ...]:
    """Every ISO 3166-1 alpha-3 code pycountry knows, plus XKX (Kosovo)."""
    import pycountry

    return tuple(sorted({c.alpha_3 for c in pycountry.countries} | {"XKX"}))


def _iso3(nullable: bool, description: str) -> Any:
    return pa.Field(nullable=nullable, isin=list(iso3_codes()), description=description)


def _actor_fields(n: int) -> dict[str, Any]:
    role = "who acts (the visitor, the critic, the attacker)" if n == 1 else \
        "the target of the action; all actor2 columns are null when the event has none"
    return {
        f"actor{n}_name": pa.Field(
            nullable=n == 2, description=f"Actor {n}: {role}. Name as written in the article"),
        f"actor{n}_code": pa.Field(
            nullable=True, str_matches=r"^[A-Z]{3}([A-Z]{3})*$",
            description=f"Actor {n}: CAMEO-style code, country (or IGO/NGO) then agent type, e.g. LBYMIL"),
        f"actor{n}_country": _iso3(True, f"Actor {n}: country, ISO 3166-1 alpha-3; null for an "
                                         "international organisation or an unknown country"),
        f"actor{n}_type": pa.Field(nullable=True, isin=list(AGENT_TYPES),
                                   description=f"Actor {n}: CAMEO agent type (GOV, MIL, REB, …)"),
    }


class _Model(pa.DataFrameModel):
    class Config:
        strict = True
        coerce = True
        ordered = True


# Character classes written with literal characters, so that the same pattern
# means the same under Python's `re` and under RE2 (which pandas uses for Arrow
# strings, and whose `\s` is ASCII only).
#: whitespace as Python's `str.isspace` sees it
WHITESPACE_CHARS = ("\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029"
                    "\u202f\u205f\u3000")
#: controls and invisible format characters: zero-width, bidi marks and
#: overrides, soft hyphen, BOM, interlinear annotation marks
INVISIBLE_CHARS = ("\x00-\x1f\x7f-\x9f\xad\u061c\u180e\u200b-\u200f\u2028-\u202e"
                   "\u2060-\u206f\ufeff\ufff9-\ufffb")
#: longest article id
MAX_ID_LENGTH = 1024


class ArticleInput(_Model):
    """One input article as handed to the coder (JSON Lines record, JSON item or page).

    Not a release table: ingest validates every article against it before
    coding; an article breaking it becomes a `schema-violation` reject.
    """

    id: Series[Str] = pa.Field(
        str_length={"min_value": 1, "max_value": MAX_ID_LENGTH},
        str_matches=f"^[^{WHITESPACE_CHARS}{INVISIBLE_CHARS}](?:[^{INVISIBLE_CHARS}]*"
                    f"[^{WHITESPACE_CHARS}{INVISIBLE_CHARS}])?$",
        description="Article id, unique in the corpus: the record's `id`, or the file stem of a "
                    "page. No control, invisible or bidi characters; no surrounding spaces")
    text: Series[Str] = pa.Field(
        str_matches=f"(?s).*?[^{WHITESPACE_CHARS}{INVISIBLE_CHARS}]",
        description="The article text as scraped, page noise included; at least one visible "
                    "character")
    title: Series[Str] = pa.Field(nullable=True, description="Title, when the record gives one")
    url: Series[Str] = pa.Field(nullable=True, description="Address of the page, when known")
    published: Series[Date] = pa.Field(
        nullable=True, description="Publication date (ISO date or datetime in the input)")
    source: Series[Str] = pa.Field(nullable=True, description="Publisher or site name")
    language: Series[Str] = pa.Field(
        nullable=True, description="Declared language (ar, en); the coder detects its own")


class Events(_Model):
    """The events table: one row per distinct event reported in an article."""

    event_id: Series[Str] = pa.Field(
        unique=True, str_matches=r"^[0-9a-f]{16}$",
        description="Stable id: a hash of the article id, the evidence span and the coding; "
                    "never depends on row order")
    article_id: Series[Str] = pa.Field(description="Id of the article the event was coded from")
    source: Series[Str] = pa.Field(nullable=True, description="Publisher or site of the article")
    url: Series[Str] = pa.Field(nullable=True, description="Address of the article")
    language: Series[Str] = pa.Field(isin=["ar", "en"], description="Language the event was coded in")
    published: Series[Date] = pa.Field(nullable=True, description="Publication date of the article")
    event_date: Series[Date] = pa.Field(
        nullable=True, description="Day the event happened (first day of the week/month/year "
                                   "when date_precision is coarser); null when unknown")
    date_precision: Series[Str] = pa.Field(isin=list(DATE_PRECISIONS),
                                           description="How precise event_date is")
    date_source: Series[Str] = pa.Field(isin=list(DATE_SOURCES),
                                        description="Where event_date comes from")
    actor1_name: Series[Str] = _actor_fields(1)["actor1_name"]
    actor1_code: Series[Str] = _actor_fields(1)["actor1_code"]
    actor1_country: Series[Str] = _actor_fields(1)["actor1_country"]
    actor1_type: Series[Str] = _actor_fields(1)["actor1_type"]
    actor2_name: Series[Str] = _actor_fields(2)["actor2_name"]
    actor2_code: Series[Str] = _actor_fields(2)["actor2_code"]
    actor2_country: Series[Str] = _actor_fields(2)["actor2_country"]
    actor2_type: Series[Str] = _actor_fields(2)["actor2_type"]
    country_pair: Series[Str] = pa.Field(
        nullable=True, str_matches=r"^[A-Z]{3}-[A-Z]{3}$",
        description="The two actors' countries sorted and joined, e.g. FRA-LBY; null unless "
                    "both are known")
    event_code: Series[Str] = pa.Field(
        isin=sorted(c for c in cameo_codes() if len(c) >= 3),
        description="CAMEO event code, leading zeros kept (e.g. 042)")
    event_root_code: Series[Str] = pa.Field(
        isin=[f"{r:02d}" for r in range(1, 21)], description="CAMEO root code, 01-20")
    quad_class: Series[Int8] = pa.Field(
        isin=[1, 2, 3, 4], description="GDELT QuadClass: 1 verbal cooperation, 2 material "
                                       "cooperation, 3 verbal conflict, 4 material conflict")
    goldstein: Series[Float32] = pa.Field(
        ge=-10, le=10, description="Goldstein scale of the event code (-10 conflict .. +10 cooperation)")
    location_name: Series[Str] = pa.Field(
        nullable=True, description="Where the event happened, as named in its sentence")
    location_country: Series[Str] = _iso3(True, "Country where the event happened, ISO 3166-1 alpha-3")
    topics: Series[StrList] = pa.Field(
        description="Topics of the event's context, from the controlled vocabulary (may be empty)")
    evidence_text: Series[Str] = pa.Field(
        str_length={"min_value": 1}, description="The sentence that reports the event")
    evidence_start: Series[Int32] = pa.Field(
        ge=0, description="Offset of the evidence's first character in the article text")
    evidence_end: Series[Int32] = pa.Field(
        ge=1, description="Offset just after the evidence's last character in the article text")
    sentence_index: Series[Int32] = pa.Field(
        ge=0, description="Index of the evidence sentence among the article's body sentences")
    mentions: Series[Int16] = pa.Field(
        ge=1, description="How many sentences of the article report this same event")
    confidence: Series[Float32] = pa.Field(
        ge=0, le=1, description="Coder's confidence in the row (0-1), from the evidence's form")
    coder_version: Series[Str] = pa.Field(description="Version of the coder that produced the row")

    @pa.check("topics", name="topics_in_vocabulary")
    @classmethod
    def _topics_known(cls, s: pd.Series) -> pd.Series:
        allowed = set(TOPICS)
        return s.map(lambda v: v is not None and all(t in allowed for t in v)).astype(bool)

    @pa.dataframe_check(name="root_is_code_prefix")
    @classmethod
    def _root_prefix(cls, df: pd.DataFrame) -> pd.Series:
        return (df["event_code"].str.slice(0, 2) == df["event_root_code"]).astype(bool)

    @pa.dataframe_check(name="quad_class_matches_root")
    @classmethod
    def _quad(cls, df: pd.DataFrame) -> pd.Series:
        root = df["event_root_code"].astype("int64")
        want = (root > 5).astype("int64") + (root > 8).astype("int64") + (root > 13).astype("int64") + 1
        return (df["quad_class"].astype("int64") == want).astype(bool)

    @pa.dataframe_check(name="evidence_span_ordered")
    @classmethod
    def _span(cls, df: pd.DataFrame) -> pd.Series:
        return (df["evidence_end"] > df["evidence_start"]).astype(bool)

    @pa.dataframe_check(name="country_pair_matches_actors")
    @classmethod
    def _pair(cls, df: pd.DataFrame) -> pd.Series:
        want = [
            "-".join(sorted((a, b))) if isinstance(a, str) and isinstance(b, str) else None
            for a, b in zip(df["actor1_country"].tolist(), df["actor2_country"].tolist(), strict=True)
        ]
        got = [g if isinstance(g, str) else None for g in df["country_pair"].tolist()]
        return pd.Series([g == w for g, w in zip(got, want, strict=True)], index=df.index)


class Articles(_Model):
    """One row per input record: what became of it. coded + no-event + rejected = read."""

    article_id: Series[Str] = pa.Field(nullable=True, description="Article id (null when unreadable)")
    origin: Series[Str] = pa.Field(description="Input file the record came from, as found "
                                   "(undecodable bytes of its name shown as \\xNN)")
    line: Series[Int64] = pa.Field(nullable=True, ge=1, description="Line where the record starts "
                                  "(JSON Lines file or `.json` array); null for a page file")
    status: Series[Str] = pa.Field(isin=list(STATUSES), description="coded, no-event or rejected")
    language: Series[Str] = pa.Field(nullable=True, isin=list(LANGUAGES),
                                     description="Detected language")
    published: Series[Date] = pa.Field(nullable=True, description="Publication date used")
    published_from: Series[Str] = pa.Field(nullable=True, isin=list(PUBLISHED_SOURCES),
                                           description="Where the publication date came from")
    events: Series[Int32] = pa.Field(ge=0, description="Number of event rows coded")
    content_sha256: Series[Str] = pa.Field(
        nullable=True, str_matches=r"^[0-9a-f]{64}$",
        description="SHA-256 of the article's content (the cache key's main part)")
    warnings: Series[StrList] = pa.Field(
        description="Non-fatal problems with the record (kebab-case codes; see the "
                    "article warnings of the codebook)")


class Rejects(_Model):
    """Input records that could not be coded, with the reason."""

    origin: Series[Str] = pa.Field(description="Input file the record came from, as found "
                                   "(undecodable bytes of its name shown as \\xNN)")
    line: Series[Int64] = pa.Field(nullable=True, ge=1, description="Line where the record starts "
                                  "(JSON Lines file or `.json` array); null for a page file")
    byte_offset: Series[Int64] = pa.Field(nullable=True, ge=0,
                                          description="Byte offset where the record starts in its "
                                                      "file (JSON Lines; UTF-8 `.json` arrays)")
    article_id: Series[Str] = pa.Field(nullable=True, description="Article id, when known")
    reason: Series[Str] = pa.Field(isin=list(REJECT_REASONS),
                                   description="Why the record was rejected (kebab-case code)")
    message: Series[Str] = pa.Field(description="Human-readable detail")


class Changes(_Model):
    """Events added, removed or modified since the previous release."""

    event_id: Series[Str] = pa.Field(description="The event's id")
    article_id: Series[Str] = pa.Field(description="Its article")
    change: Series[Str] = pa.Field(isin=["added", "removed", "modified"],
                                   description="What happened to the event")
    changed_columns: Series[StrList] = pa.Field(
        description="For a modified event, the columns whose value changed")


#: release table name → model, in the order they are documented
TABLES: Mapping[str, type[_Model]] = {
    "events": Events,
    "articles": Articles,
    "rejects": Rejects,
    "changes": Changes,
}


def arrow_schema(model: type[_Model]) -> pyarrow.Schema:
    """The Arrow schema of a model: its types, nullability and descriptions."""
    fields = []
    for name, col in model.to_schema().columns.items():
        typ = col.dtype.type.pyarrow_dtype
        meta = {"description": col.description or ""}
        fields.append(pyarrow.field(name, typ, nullable=bool(col.nullable), metadata=meta))
    return pyarrow.schema(fields)


def fingerprint(model: type[_Model]) -> dict[str, Any]:
    """What a schema version promises: names, types, nullability, allowed values."""
    cols = {}
    for name, col in model.to_schema().columns.items():
        checks = sorted(str(c) for c in col.checks)
        cols[name] = {"type": str(col.dtype.type.pyarrow_dtype),
                      "nullable": bool(col.nullable), "checks": checks}
    return {"columns": cols, "checks": sorted(str(c) for c in model.to_schema().checks)}


def schema_fingerprint() -> str:
    """SHA-256 of the fingerprints of every release table."""
    blob = json.dumps({k: fingerprint(m) for k, m in TABLES.items()}, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()
