"""A release's CODEBOOK.md, datapackage.json and Parquet schemas agree with the pandera models."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from events.build import BuildOptions, build
from events.codebook import TABLE_PATHS, codebook_markdown
from events.lexicon import Lexicon
from events.release import read_manifest
from events.schemas import SCHEMA_VERSION, TABLES, arrow_schema
from events.taxonomy import DATE_PRECISIONS, QUAD_CLASSES, TOPICS, cameo_codes

FIXTURES = Path(__file__).parent / "fixtures" / "release"

_FRICTIONLESS = {"string": "string", "date32[day]": "date", "int8": "integer", "int16": "integer",
                 "int32": "integer", "int64": "integer", "float": "number", "double": "number",
                 "bool": "boolean"}


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory, lexicon: Lexicon) -> Path:
    out = tmp_path_factory.mktemp("docs")
    s = build([FIXTURES / "base.jsonl"], BuildOptions(out=out, today=date(2026, 11, 20)),
              lex=lexicon)
    return out / "releases" / s.version


def _model_columns(table: str) -> list[tuple[str, object]]:
    return list(TABLES[table].to_schema().columns.items())


def test_datapackage_describes_every_table_as_the_models_do(release: Path) -> None:
    dp = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    manifest = read_manifest(release)
    assert dp["version"] == manifest["version"] and dp["schemaVersion"] == SCHEMA_VERSION
    assert [r["name"] for r in dp["resources"]] == list(TABLES)
    for res in dp["resources"]:
        table = res["name"]
        assert res["format"] == "parquet" and res["mediatype"] == "application/vnd.apache.parquet"
        assert res["path"] == manifest["tables"][table]["files"]
        assert res["rows"] == manifest["tables"][table]["rows"]
        fields = res["schema"]["fields"]
        cols = _model_columns(table)
        assert [f["name"] for f in fields] == [name for name, _ in cols]
        for f, (name, col) in zip(fields, cols, strict=True):
            typ = col.dtype.type.pyarrow_dtype  # type: ignore[attr-defined]
            assert f["arrowType"] == str(typ), name
            want = "array" if str(typ).startswith("list") else _FRICTIONLESS[str(typ)]
            assert f["type"] == want, name
            assert f["description"] == col.description  # type: ignore[attr-defined]
            assert f["constraints"]["required"] is (not col.nullable)  # type: ignore[attr-defined]
            isin = [c for c in col.checks if c.name == "isin"]  # type: ignore[attr-defined]
            if isin:
                assert f["constraints"]["enum"] == list(isin[0].statistics["allowed_values"])
            else:
                assert "enum" not in f["constraints"]
    topics = next(f for f in dp["resources"][0]["schema"]["fields"] if f["name"] == "topics")
    assert topics["arrayItem"]["constraints"]["enum"] == list(TOPICS)


def test_codebook_lists_every_column_code_and_vocabulary(release: Path) -> None:
    book = (release / "CODEBOOK.md").read_text(encoding="utf-8")
    version = read_manifest(release)["version"]
    assert book == codebook_markdown(version)
    assert f"schema version {SCHEMA_VERSION}" in book
    for table in TABLES:
        head = f"## Table `{table}` ({TABLE_PATHS[table]})"
        section = book[book.index(head):].split("\n## ", 1)[0].splitlines()
        for name, col in _model_columns(table):
            typ = col.dtype.type.pyarrow_dtype  # type: ignore[attr-defined]
            nullable = "yes" if col.nullable else "no"  # type: ignore[attr-defined]
            row = next(ln for ln in section if ln.startswith(f"| `{name}` | {typ} |"))
            assert f"| {nullable} |" in row
            assert (col.description or "").replace("|", "\\|") in row  # type: ignore[attr-defined]
    for code, c in cameo_codes().items():
        if len(code) >= 3:
            assert f"| `{code}` | `{c.root}` | {c.quad_class} | {c.goldstein:g} |" in book
    for vocab in (TOPICS, DATE_PRECISIONS):
        for key in vocab:
            assert f"| `{key}` |" in book
    for q in QUAD_CLASSES:
        assert f"| `{q}` |" in book


def test_parquet_files_carry_the_models_schema_and_descriptions(release: Path) -> None:
    manifest = read_manifest(release)
    for table, info in manifest["tables"].items():
        want = arrow_schema(TABLES[table])
        for rel in info["files"]:
            got = pq.read_schema(release / rel)
            assert got.remove_metadata().equals(want.remove_metadata()), rel
            for field in want:
                meta = got.field(field.name).metadata or {}
                assert meta.get(b"description") == field.metadata[b"description"], field.name
            assert got.metadata[b"events.schema_version"].decode() == SCHEMA_VERSION
