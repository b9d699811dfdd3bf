"""The pandera models are the single source of truth; everything else follows them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from events.codebook import INPUT_MODELS, codebook_markdown, table_schema
from events.schemas import SCHEMA_VERSION, TABLES, arrow_schema, schema_fingerprint

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("table", [*TABLES, *INPUT_MODELS])
def test_checked_in_schema_files_are_current(table: str) -> None:
    path = ROOT / "schemas" / f"{table}.schema.json"
    want = json.dumps(table_schema(table), indent=2, ensure_ascii=False) + "\n"
    assert path.read_text(encoding="utf-8") == want, (
        f"{path} is stale: run `python -m events.codebook schemas` and commit the result")


def test_schema_changes_come_with_a_new_schema_version() -> None:
    history = json.loads((ROOT / "schemas" / "HISTORY.json").read_text(encoding="utf-8"))["versions"]
    assert SCHEMA_VERSION in history, (
        f"SCHEMA_VERSION {SCHEMA_VERSION} is not in schemas/HISTORY.json: add its fingerprint")
    assert history[SCHEMA_VERSION] == schema_fingerprint(), (
        "the tables changed but SCHEMA_VERSION did not: bump it (major: removed/retyped column; "
        "minor: added column or category) and record the new fingerprint in schemas/HISTORY.json")


@pytest.mark.parametrize("table", list(TABLES))
def test_every_column_has_a_description(table: str) -> None:
    for name, col in TABLES[table].to_schema().columns.items():
        assert col.description, f"{table}.{name} has no description"


@pytest.mark.parametrize("table", list(TABLES))
def test_codebook_lists_every_column_with_its_arrow_type(table: str) -> None:
    book = codebook_markdown("test")
    for field in arrow_schema(TABLES[table]):
        assert f"| `{field.name}` | {field.type} |" in book


def test_arrow_schema_follows_the_model() -> None:
    schema = arrow_schema(TABLES["events"])
    assert str(schema.field("event_date").type) == "date32[day]"
    assert str(schema.field("topics").type) == "list<item: string>"
    assert schema.field("actor2_name").nullable and not schema.field("actor1_name").nullable
