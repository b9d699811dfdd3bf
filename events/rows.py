"""Turn coded events into rows of the events table, and validate tables.

A row is a plain dict whose keys are the columns of `events.schemas.Events`.
`event_id` is a hash of the article id, the evidence span and the coding, so
it never depends on row order or on which other articles were in the build.
Validation is lazy (every failure at once) and each failure is reported as
"row N (event_id …): column X failed check Y (value)".
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd
import pandera.pandas as pa
import pyarrow

from events.errors import SchemaValidationError
from events.lexicon import Lexicon
from events.model import ActorRef, Article, CodedEvent
from events.schemas import TABLES, arrow_schema
from events.taxonomy import quad_class_of


def event_id(article_id: str, ev: CodedEvent) -> str:
    """Stable id of an event: article, evidence span and coding."""
    a2 = ev.actor2
    key = "\x1f".join([
        article_id, str(ev.evidence.start), str(ev.evidence.end), ev.code,
        ev.actor1.code or "", ev.actor1.name, (a2.code or "") if a2 else "", a2.name if a2 else "",
    ])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _actor_cols(n: int, a: ActorRef | None) -> dict[str, Any]:
    if a is None:
        return {f"actor{n}_name": None, f"actor{n}_code": None,
                f"actor{n}_country": None, f"actor{n}_type": None}
    return {f"actor{n}_name": a.name, f"actor{n}_code": a.code,
            f"actor{n}_country": a.country, f"actor{n}_type": a.type}


def event_rows(article: Article, language: str, events: Iterable[CodedEvent],
               lex: Lexicon, coder_version: str) -> list[dict[str, Any]]:
    """The events table rows of one article."""
    rows = []
    for ev in events:
        cameo = lex.cameo[ev.code]
        c1 = ev.actor1.country
        c2 = ev.actor2.country if ev.actor2 else None
        rows.append({
            "event_id": event_id(article.id, ev),
            "article_id": article.id,
            "source": article.source,
            "url": article.url,
            "language": language,
            "published": article.published,
            "event_date": ev.date.date,
            "date_precision": ev.date.precision,
            "date_source": ev.date.source,
            **_actor_cols(1, ev.actor1),
            **_actor_cols(2, ev.actor2),
            "country_pair": "-".join(sorted((c1, c2))) if c1 and c2 else None,
            "event_code": ev.code,
            "event_root_code": cameo.root,
            "quad_class": quad_class_of(cameo.root),
            "goldstein": cameo.goldstein,
            "location_name": ev.location_name,
            "location_country": ev.location_country,
            "topics": list(ev.topics),
            "evidence_text": article.text[ev.evidence.start:ev.evidence.end],
            "evidence_start": ev.evidence.start,
            "evidence_end": ev.evidence.end,
            "sentence_index": ev.sentence_index,
            "mentions": ev.mentions,
            "confidence": ev.confidence,
            "coder_version": coder_version,
        })
    return rows


def to_frame(table: str, rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """Rows as a DataFrame with the table's columns and Arrow-backed dtypes."""
    schema = arrow_schema(TABLES[table])
    if rows:
        data = {name: [r.get(name) for r in rows] for name in schema.names}
    else:
        data = {name: [] for name in schema.names}
    tbl = pyarrow.table(
        {f.name: pyarrow.array(data[f.name], type=f.type) for f in schema},
    )
    frame: pd.DataFrame = tbl.to_pandas(types_mapper=pd.ArrowDtype)
    return frame


_ROW_CHECKS = {name: {c.name for c in model.to_schema().checks} for name, model in TABLES.items()}


def failures(table: str, df: pd.DataFrame) -> dict[int, list[str]]:
    """Lazy validation: failure messages by row position ({-1: …} for table-wide)."""
    model = TABLES[table]
    try:
        model.validate(df, lazy=True)
    except pa.errors.SchemaErrors as e:
        out: dict[int, list[str]] = {}
        ids = df["event_id"].tolist() if "event_id" in df.columns else None
        seen: set[tuple[int, str, str]] = set()
        for fc in e.failure_cases.to_dict("records"):
            idx = fc.get("index")
            pos = int(idx) if idx is not None and not pd.isna(idx) else -1
            check = str(fc.get("check"))
            row_check = fc.get("schema_context") == "DataFrameSchema" and check in _ROW_CHECKS[table]
            col = "(row check)" if row_check else str(fc.get("column") or "(table)")
            if (pos, col, check) in seen:
                continue
            seen.add((pos, col, check))
            who = f"row {pos}" + (f" (event_id {ids[pos]})" if ids and 0 <= pos < len(ids) else "")
            if pos < 0:
                who = "table"
            what = f"failed row check {check}" if row_check else \
                f"column {col} failed check {check} (value {fc.get('failure_case')!r})"
            out.setdefault(pos, []).append(f"{who}: {what}")
        return out
    return {}


def validate(table: str, df: pd.DataFrame) -> None:
    """Raise SchemaValidationError naming every failed row, column and check."""
    found = failures(table, df)
    if found:
        raise SchemaValidationError(table, [msg for k in sorted(found) for msg in found[k]])
