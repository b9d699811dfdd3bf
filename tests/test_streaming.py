"""Streaming builds: sorted spools, row-group writes, bounded diffs, identical output.

The build spools rows to disk in sorted runs and writes each table one row
group at a time (`events.spool`), and diffs releases file by file
(`events.diff.diff_event_files`). These tests check that none of that shows
in the output: the same files, byte for byte, whatever the batch size and
however many runs the spools spill, and the same diff as the in-memory one.
"""

from __future__ import annotations

import io
import random
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow
import pyarrow.parquet as pq
import pytest
from generated_corpus import generated, write_jsonl
from hypothesis import given, settings
from hypothesis import strategies as st
from release_factory import plain_row

import events.build as build_mod
import events.spool as spool_mod
from events.build import BuildOptions, build
from events.diff import diff_article_files, diff_articles, diff_event_files, diff_events
from events.errors import ReleaseError
from events.lexicon import Lexicon
from events.release import PARQUET_OPTIONS, data_checksums, read_manifest
from events.rows import to_frame
from events.spool import KEY, PartitionedSpool, Spool, key, write_sorted

DAY = date(2026, 11, 20)


def data_files(out: Path, version: str) -> dict[str, str]:
    return data_checksums(out / "releases" / version)


# --------------------------------------------------------------------------
# sort keys and spools


_part = st.one_of(st.text(max_size=6), st.integers(min_value=-(2**62), max_value=2**62))


@given(st.lists(st.tuples(st.text(max_size=8), st.integers(-5, 2**40), st.text(max_size=4)),
                min_size=2, max_size=30))
@settings(max_examples=200, deadline=None)
def test_keys_sort_like_the_tuples_they_encode(rows: list[tuple[str, int, str]]) -> None:
    by_key = sorted(rows, key=lambda r: key(*r))
    assert by_key == sorted(rows)


def test_a_string_sorts_before_its_extensions_and_nul_is_escaped() -> None:
    assert key("a") < key("a\x00") < key("a\x00b") < key("a\x01") < key("ab")
    assert key(None) < key("") < key(0) or key(None) < key(0)
    assert key(date(2020, 1, 2), "x") < key(date(2020, 1, 10), "a")
    assert key(date(1969, 12, 31)) < key(date(1970, 1, 1))


def _table(schema: pyarrow.Schema, rows: list[tuple[str, int]]) -> pyarrow.Table:
    return pyarrow.table({"a": [r[0] for r in rows], "b": [r[1] for r in rows],
                          KEY: [key(*r) for r in rows]}, schema=schema)


def test_a_spool_sorts_more_than_its_budget_through_runs_and_merge_passes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spool_mod, "FAN_IN", 3)      # force merges in passes
    monkeypatch.setattr(spool_mod, "MERGE_BATCH", 50)
    rng = random.Random(5)
    rows = [(rng.choice(["", "x", "é", "a\x00b", "ab", "b"]) + str(rng.randint(0, 50)), i)
            for i in range(5000)]
    schema = pyarrow.schema([("a", pyarrow.string()), ("b", pyarrow.int64()),
                             (KEY, pyarrow.binary())])
    spool = Spool(tmp_path / "runs", schema, budget=8_000)
    biggest = 0
    for i in range(0, len(rows), 97):
        spool.add(_table(schema, rows[i:i + 97]))
        biggest = max(biggest, spool.buffered_bytes)
    assert spool.runs > 3 * 3  # several passes of merges
    assert biggest < 8_000      # the buffer never exceeds its budget
    got = pyarrow.concat_tables(list(spool.sorted()))
    assert list(zip(got["a"].to_pylist(), got["b"].to_pylist(), strict=True)) == sorted(rows)
    assert not list((tmp_path / "runs").iterdir())  # runs are removed once merged


def test_a_partitioned_spool_keeps_parts_apart_under_one_budget(tmp_path: Path) -> None:
    schema = pyarrow.schema([("a", pyarrow.string()), ("b", pyarrow.int64()),
                             (KEY, pyarrow.binary())])
    spool = PartitionedSpool(tmp_path, schema, budget=6_000)
    want: dict[str, list[tuple[str, int]]] = {}
    for i in range(3000):
        part = str(i % 3)
        row = (f"r{(i * 7919) % 1000:04d}", i)
        want.setdefault(part, []).append(row)
        spool.add(part, _table(schema, [row]))
        assert sum(s.buffered_bytes for s in spool.parts.values()) < 6_000
    for part, rows in want.items():
        got = pyarrow.concat_tables(list(spool.parts[part].sorted()))
        assert list(zip(got["a"].to_pylist(), got["b"].to_pylist(), strict=True)) == sorted(rows)


@pytest.mark.parametrize("n", [0, 1, 99, 100, 101, 250])
def test_row_group_writes_give_the_bytes_of_one_write_table(n: int) -> None:
    rng = random.Random(n)
    schema = pyarrow.schema([("s", pyarrow.string()), ("i", pyarrow.int32()),
                             ("l", pyarrow.list_(pyarrow.string()))])
    tbl = pyarrow.table({"s": [rng.choice(["x" * rng.randint(0, 9), None]) for _ in range(n)],
                         "i": [rng.randint(0, 99) for _ in range(n)],
                         "l": [["p", "q"][:rng.randint(0, 2)] for _ in range(n)]}, schema=schema)
    options = {**PARQUET_OPTIONS, "row_group_size": 100}
    whole = io.BytesIO()
    pq.write_table(tbl, whole, **options)
    for chunk in (1, 7, 100, 1000):
        out = Path(pytest.importorskip("tempfile").mkdtemp()) / "x.parquet"
        write_sorted((tbl.slice(i, chunk) for i in range(0, n, chunk)), out, schema, options)
        assert out.read_bytes() == whole.getvalue(), f"chunks of {chunk}"


# --------------------------------------------------------------------------
# whole builds


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """60 generated articles, plus copies that make duplicate ids (same and other content)."""
    recs = generated(60)
    same, other = recs[3], recs[20]
    assert (same["id"], other["id"]) == ("bench-0000003", "bench-0000020")
    recs.insert(10, dict(same))                                          # same id, same content
    recs.insert(40, {**other, "text": other["text"] + "\nUpdated."})  # same id, other text
    recs.append({"id": "broken", "text": ""})                            # an ingest reject
    return write_jsonl(tmp_path_factory.mktemp("stream") / "articles.jsonl", recs)


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory, corpus: Path,
              lexicon: Lexicon) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("reference")
    s = build([corpus], BuildOptions(out=out, today=DAY), lex=lexicon)
    return out, s.version


def test_the_reference_build_accounts_for_duplicates(reference: tuple[Path, str]) -> None:
    out, version = reference
    rel = out / "releases" / version
    m = read_manifest(rel)
    c = m["counts"]
    assert c["read"] == 63 and c["coded"] + c["no_event"] + c["rejected"] == 63
    assert c["rejects_by_reason"]["duplicate-id"] == 1
    assert c["rejects_by_reason"]["duplicate-id-conflict"] == 2
    rejects = pd.read_parquet(rel / "data" / "rejects.parquet")
    dup = rejects[rejects["reason"] == "duplicate-id"]
    assert list(dup["article_id"]) == ["bench-0000003"] and list(dup["line"]) == [11]
    articles = pd.read_parquet(rel / "data" / "articles.parquet")
    assert len(articles) == 63
    first = articles[articles["article_id"] == "bench-0000003"].sort_values("line")
    statuses = list(first["status"])
    assert statuses[0] != "rejected" and statuses[1] == "rejected"
    conflict = articles[articles["article_id"] == "bench-0000020"]
    assert list(conflict["status"]) == ["rejected", "rejected"]
    events = pd.read_parquet(rel / "data" / "events")
    assert "bench-0000020" not in set(events["article_id"])   # conflict: every version out
    assert "bench-0000003" in set(events["article_id"])       # the first copy stays
    assert events["event_id"].is_unique
    assert len(events) == c["events"]


def test_batch_size_and_spilled_spools_do_not_change_a_byte(
        tmp_path: Path, corpus: Path, lexicon: Lexicon, reference: tuple[Path, str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    ref_out, ref_version = reference
    # tiny budgets: every spool writes many runs to disk and merges them
    monkeypatch.setattr(build_mod, "SPOOL_BUDGETS", {k: 2_000 for k in build_mod.SPOOL_BUDGETS})
    monkeypatch.setattr(build_mod, "_FLUSH_ROWS", 3)
    monkeypatch.setattr(spool_mod, "FAN_IN", 4)
    for batch in (1, 7):
        out = tmp_path / f"b{batch}"
        s = build([corpus], BuildOptions(out=out, today=DAY, batch_size=batch), lex=lexicon)
        assert data_files(out, s.version) == data_files(ref_out, ref_version)
        assert read_manifest(out / "releases" / s.version)["input_sha256"] == \
            read_manifest(ref_out / "releases" / ref_version)["input_sha256"]
    assert not any(p.name.startswith("spool-") for p in (tmp_path / "b7" / ".staging").iterdir())


def test_the_input_hash_is_the_sorted_identities_of_the_records(
        reference: tuple[Path, str], corpus: Path) -> None:
    import hashlib

    out, version = reference
    articles = pd.read_parquet(out / "releases" / version / "data" / "articles.parquet")
    rejects = pd.read_parquet(out / "releases" / version / "data" / "rejects.parquet")
    keys = [h for h in articles["content_sha256"] if isinstance(h, str)]
    keys += [f"reject:{o}:{int(ln) if pd.notna(ln) else None}:{r}"
             for o, ln, r in zip(rejects["origin"], rejects["line"], rejects["reason"],
                                 strict=True)
             if r in ("duplicate-id", "duplicate-id-conflict", "empty-text", "missing-text")]
    h = hashlib.sha256()
    for k in sorted(keys):
        h.update(k.encode() + b"\n")
    assert read_manifest(out / "releases" / version)["input_sha256"] == h.hexdigest()


# --------------------------------------------------------------------------
# the bounded diff agrees with the in-memory one


def _row(eid: str, **kw: Any) -> dict[str, Any]:
    return plain_row(eid, article_chars=3, **kw)


_CHANGES: list[dict[str, Any]] = [
    {"url": "https://x.example/a"}, {"topics": ["diplomacy"]}, {"topics": []},
    {"event_date": None}, {"event_date": date(2025, 3, 4)}, {"confidence": 0.75},
    {"actor2_name": "Chad"}, {"mentions": 2}, {"evidence_text": "y"}, {},
]


def _write_years(df: pd.DataFrame, folder: Path) -> list[Path]:
    from events.release import events_by_year, events_file, sort_events, write_parquet

    paths = []
    for k, part in events_by_year(sort_events(df)).items():
        p = folder / events_file(k)
        write_parquet(part, "events", p)
        paths.append(p)
    return paths


@pytest.mark.parametrize("seed", range(6))
def test_the_file_diff_equals_the_frame_diff(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    ids = [f"{rng.getrandbits(64):016x}" for _ in range(120)]
    old_rows = [_row(e, event_date=rng.choice([date(2024, 5, 1), date(2025, 6, 1), None]),
                     topics=rng.choice([[], ["trade"], ["trade", "diplomacy"]])) for e in ids]
    new_rows = []
    for r in old_rows:
        roll = rng.random()
        if roll < 0.15:
            continue                                    # removed
        if roll < 0.5:
            r = r | rng.choice(_CHANGES) | rng.choice(_CHANGES)  # maybe modified
        new_rows.append(r)
    new_rows += [_row(f"{rng.getrandbits(64):016x}") for _ in range(15)]  # added
    old, new = to_frame("events", old_rows), to_frame("events", new_rows)
    want = diff_events(old, new)
    got, rows = diff_event_files(_write_years(old, tmp_path / "old"),
                                 _write_years(new, tmp_path / "new"), tmp_path / "scratch")
    got_frame = pyarrow.concat_tables(list(rows)).to_pandas()
    assert (got.added, got.removed, got.modified) == (want.added, want.removed, want.modified)
    assert got.modified_columns == want.modified_columns
    assert got.not_compared == want.not_compared
    assert [(r["event_id"], r["article_id"], r["change"], list(r["changed_columns"]))
            for r in got_frame.to_dict("records")] == \
        [(r["event_id"], r["article_id"], r["change"], list(r["changed_columns"]))
         for r in want.frame.to_dict("records")]


def test_the_file_diff_finds_no_change_between_equal_releases_and_rejects_duplicates(
        tmp_path: Path) -> None:
    df = to_frame("events", [_row("aa" + "0" * 14), _row("bb" + "0" * 14, event_date=None)])
    files = _write_years(df, tmp_path / "a")
    ch, rows = diff_event_files(files, files, tmp_path / "s")
    assert (ch.added, ch.removed, ch.modified) == (0, 0, 0) and not list(rows)
    ch, rows = diff_event_files([], files, tmp_path / "s")
    assert ch.added == 2 and [t.num_rows for t in rows] == [2]
    dup = _write_years(pd.concat([df, df]), tmp_path / "dup")
    with pytest.raises(ReleaseError, match="duplicate event ids"):
        diff_event_files(files, dup, tmp_path / "s")


def test_the_article_file_diff_equals_the_frame_diff(tmp_path: Path) -> None:
    from events.release import write_parquet

    def arts(*rows: tuple[str | None, str | None]) -> pd.DataFrame:
        return to_frame("articles", [
            {"article_id": a, "origin": "f", "line": i + 1, "status": "coded", "language": "en",
             "published": None, "published_from": None, "events": 1, "content_sha256": h,
             "warnings": []} for i, (a, h) in enumerate(rows)])

    h = [c * 64 for c in "abcdef"]
    old = arts(("x", h[0]), ("y", h[1]), ("z", h[2]), ("w", None), (None, None), ("x", h[5]))
    new = arts(("x", h[0]), ("y", h[3]), ("v", h[4]), ("w", None), ("y", h[1]))
    write_parquet(old, "articles", tmp_path / "old.parquet")
    write_parquet(new, "articles", tmp_path / "new.parquet")
    assert diff_article_files(tmp_path / "old.parquet", tmp_path / "new.parquet") == \
        diff_articles(old, new)
    assert diff_article_files(None, tmp_path / "new.parquet") == diff_articles(None, new)
