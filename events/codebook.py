"""Generate the published descriptions of the tables from the pandera models.

- `table_schema(name)`: a Frictionless Table Schema (JSON) for one table;
- `write_schema_files(dir)`: those schemas as `schemas/<table>.schema.json`,
  plus `schemas/article-input.schema.json` for the input model
  (checked in; a test fails when they are stale);
- `datapackage(...)`: a Frictionless Data Package describing a release;
- `codebook_markdown(...)`: `CODEBOOK.md`: every column with its type, the
  dtype pandas reads it as, nullability, allowed values and description,
  then the CAMEO codes, QuadClass, agent types, topics, precision codes,
  article statuses and reject reasons.

Run `python -m events.codebook` to rewrite `schemas/`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import pyarrow

from events.schemas import SCHEMA_VERSION, TABLES, ArticleInput, arrow_schema
from events.taxonomy import (
    AGENT_TYPES,
    ARTICLE_WARNINGS,
    DATE_PRECISIONS,
    DATE_SOURCES,
    LANGUAGES,
    PUBLISHED_SOURCES,
    QUAD_CLASSES,
    REJECT_REASONS,
    STATUSES,
    TOPICS,
    cameo_codes,
)

#: where each table lives inside a release
TABLE_PATHS: Mapping[str, str] = {
    "events": "data/events/",
    "articles": "data/articles.parquet",
    "rejects": "data/rejects.parquet",
    "changes": "data/changes.parquet",
}

_FRICTIONLESS_TYPES = {
    "string": "string", "large_string": "string", "date32[day]": "date", "int8": "integer",
    "int16": "integer", "int32": "integer", "int64": "integer", "float": "number",
    "double": "number", "bool": "boolean",
}


def _frictionless_type(t: pyarrow.DataType) -> str:
    if pyarrow.types.is_list(t):
        return "array"
    return _FRICTIONLESS_TYPES.get(str(t), "any")


def _readable_pattern(pattern: str) -> str:
    """A regex with its invisible and non-ASCII whitespace characters as `\\uXXXX`
    escapes (ECMAScript / JSON Schema syntax), so the schema file can be read."""
    return "".join(
        f"\\u{ord(c):04x}" if not c.isprintable() or (c.isspace() and c != " ") else c
        for c in pattern)


def _constraints(col: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"required": not col.nullable}
    for check in col.checks:
        stats = check.statistics or {}
        name = check.name
        if name == "isin":
            out["enum"] = list(stats["allowed_values"])
        elif name == "str_matches":
            out["pattern"] = _readable_pattern(stats["pattern"])
        elif name == "greater_than_or_equal_to":
            out["minimum"] = stats["min_value"]
        elif name == "less_than_or_equal_to":
            out["maximum"] = stats["max_value"]
        elif name == "str_length":
            if stats.get("min_value") is not None:
                out["minLength"] = stats["min_value"]
            if stats.get("max_value") is not None:
                out["maxLength"] = stats["max_value"]
    if getattr(col, "unique", False):
        out["unique"] = True
    return out


@cache
def pandas_dtypes(table: str) -> Mapping[str, str]:
    """The dtype `pandas.read_parquet` gives each column of `table`."""
    empty = arrow_schema(TABLES[table]).empty_table()
    df = empty.to_pandas()
    return {c: str(t) for c, t in df.dtypes.items()}


#: models described by a schema file but not part of a release
INPUT_MODELS: Mapping[str, Any] = {"article-input": ArticleInput}


def table_schema(table: str) -> dict[str, Any]:
    """Frictionless Table Schema of one release table (or input model, `INPUT_MODELS`)."""
    model = TABLES[table] if table in TABLES else INPUT_MODELS[table]
    schema = model.to_schema()
    fields = []
    for name, col in schema.columns.items():
        typ = col.dtype.type.pyarrow_dtype
        field: dict[str, Any] = {
            "name": name,
            "type": _frictionless_type(typ),
            "description": col.description or "",
            "arrowType": str(typ),
            "constraints": _constraints(col),
        }
        if pyarrow.types.is_list(typ):
            field["arrayItem"] = {"type": "string"}
        if name == "topics":
            field["arrayItem"]["constraints"] = {"enum": list(TOPICS)}
        fields.append(field)
    checks = [c.name for c in schema.checks]
    return {
        "$schema": "https://datapackage.org/profiles/2.0/tableschema.json",
        "name": table,
        "title": (model.__doc__ or "").strip().splitlines()[0],
        "schemaVersion": SCHEMA_VERSION,
        "fields": fields,
        "rowChecks": checks,
        "missingValues": [""],
    }


def write_schema_files(directory: Path) -> list[Path]:
    """Write `<table>.schema.json` for every table and input model; return the paths."""
    directory.mkdir(parents=True, exist_ok=True)
    out = []
    for table in (*TABLES, *INPUT_MODELS):
        path = directory / f"{table}.schema.json"
        path.write_text(json.dumps(table_schema(table), indent=2, ensure_ascii=False) + "\n",
                        encoding="utf-8")
        out.append(path)
    return out


def datapackage(version: str, resources: list[dict[str, Any]]) -> dict[str, Any]:
    """A Frictionless Data Package for a release.

    `resources` holds, per table, {"name", "path" (list of files), "rows"}.
    """
    res = []
    for r in resources:
        res.append({
            "name": r["name"],
            "type": "table",
            "path": r["path"],
            "format": "parquet",
            "mediatype": "application/vnd.apache.parquet",
            "schema": table_schema(r["name"]),
            "rows": r.get("rows"),
        })
    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "events",
        "title": "events: CAMEO-coded events from Arabic and English news",
        "version": version,
        "schemaVersion": SCHEMA_VERSION,
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "resources": res,
    }


def _md_escape(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def codebook_markdown(version: str | None = None) -> str:
    """CODEBOOK.md: every column, type and code of the release."""
    lines = [
        "# Codebook",
        "",
        f"Release {version or '(unreleased)'} · schema version {SCHEMA_VERSION}. Generated from the",
        "pandera models in `events/schemas.py`; do not edit by hand.",
        "",
        "Load a release with `pandas.read_parquet(\"output/releases/<version>/data/events\")`;",
        "the *pandas dtype* column says what you get. Codes are strings (leading zeros kept),",
        "dates are `datetime.date` values, `topics` is a list of strings.",
        "",
    ]
    for table in TABLES:
        schema = TABLES[table].to_schema()
        dtypes = pandas_dtypes(table)
        lines += [f"## Table `{table}` ({TABLE_PATHS[table]})", "",
                  (TABLES[table].__doc__ or "").strip(), "",
                  "| column | Arrow type | pandas dtype | nullable | allowed values | description |",
                  "|---|---|---|---|---|---|"]
        for name, col in schema.columns.items():
            allowed = ""
            for check in col.checks:
                stats = check.statistics or {}
                if check.name == "isin":
                    vals = list(stats["allowed_values"])
                    allowed = (", ".join(map(str, vals)) if len(vals) <= 25
                               else f"{len(vals)} codes, see below")
                elif check.name == "str_matches":
                    allowed = f"`{stats['pattern']}`"
                elif check.name in ("greater_than_or_equal_to", "less_than_or_equal_to"):
                    bound = stats.get("min_value", stats.get("max_value"))
                    sym = "≥" if check.name.startswith("greater") else "≤"
                    allowed = (allowed + " " if allowed else "") + f"{sym} {bound}"
            if name == "topics":
                allowed = "topic vocabulary below"
            lines.append(f"| `{name}` | {col.dtype.type.pyarrow_dtype} | {dtypes[name]} | "
                         f"{'yes' if col.nullable else 'no'} | {_md_escape(allowed)} | "
                         f"{_md_escape(col.description or '')} |")
        if schema.checks:
            lines += ["", "Row checks: " + ", ".join(f"`{c.name}`" for c in schema.checks) + "."]
        lines.append("")

    def vocab(title: str, items: Mapping[Any, str], key: str = "code") -> None:
        lines.extend([f"## {title}", "", f"| {key} | meaning |", "|---|---|"])
        lines.extend(f"| `{k}` | {_md_escape(v)} |" for k, v in items.items())
        lines.append("")

    vocab("QuadClass (GDELT convention)", QUAD_CLASSES, "quad_class")
    vocab("Date precision", DATE_PRECISIONS)
    vocab("Date source", DATE_SOURCES)
    vocab("Where the publication date comes from", PUBLISHED_SOURCES)
    vocab("Languages", LANGUAGES)
    vocab("Article status", STATUSES)
    vocab("Reject reasons", REJECT_REASONS)
    vocab("Article warnings", ARTICLE_WARNINGS, "warning")
    vocab("Topics", TOPICS, "topic")
    vocab("CAMEO agent types", AGENT_TYPES, "type")
    lines += ["## CAMEO event codes", "",
              "Root codes and every event code, with the Goldstein score the `goldstein` column takes.",
              "", "| code | root | quad_class | goldstein | label |", "|---|---|---|---|---|"]
    for code, c in sorted(cameo_codes().items()):
        if len(code) == 2:
            continue
        lines.append(f"| `{code}` | `{c.root}` | {c.quad_class} | {c.goldstein:g} | {_md_escape(c.label)} |")
    lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    target = Path(argv[0] if argv else (sys.argv[1] if len(sys.argv) > 1 else "schemas"))
    for p in write_schema_files(target):
        print(p)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

