"""Releases: layout, byte-identical rebuilds, incremental rebuilds, changelog, verify, lock.

The inputs are our own small wire-style articles in `tests/fixtures/release/`
(English and Arabic). The assertions hold whatever exact codes the coder
gives: they compare releases with each other and with the articles' own
events, never with fixed event counts.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pytest

from events.build import BuildOptions, BuildSummary, build
from events.cache import Cache
from events.cli import main
from events.errors import LockedError, ReleaseError, UsageError
from events.lexicon import Lexicon
from events.release import (
    check_new_version,
    data_checksums,
    latest,
    list_releases,
    locked,
    next_version,
    read_manifest,
    verify,
)

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "release"
DAY = date(2026, 11, 20)


def records(name: str) -> list[dict[str, Any]]:
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(ln) for ln in lines if ln.strip()]


def write_jsonl(path: Path, recs: list[dict[str, Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs),
                    encoding="utf-8")
    return path


def run(inputs: Path | list[Path], out: Path, lex: Lexicon, **kw: Any) -> BuildSummary:
    kw.setdefault("today", DAY)
    paths = inputs if isinstance(inputs, list) else [inputs]
    return build(paths, BuildOptions(out=out, **kw), lex=lex)


def events_of(release: Path) -> pd.DataFrame:
    return pd.read_parquet(release / "data" / "events")


def ids(df: pd.DataFrame, article: str | None = None) -> set[str]:
    if article is not None:
        df = df[df["article_id"] == article]
    return set(df["event_id"].astype(str))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture articles, copied to one fixed path (origins are recorded)."""
    d = tmp_path_factory.mktemp("corpus")
    return write_jsonl(d / "articles.jsonl", records("base.jsonl"))


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory, corpus: Path,
             lexicon: Lexicon) -> tuple[Path, BuildSummary]:
    """One output root with one release of the base corpus (do not modify it)."""
    out = tmp_path_factory.mktemp("released")
    s = run(corpus, out, lexicon)
    return out / "releases" / s.version, s


# ---------------------------------------------------------------------------
# layout


def test_a_release_has_the_documented_layout(released: tuple[Path, BuildSummary]) -> None:
    rel, s = released
    root = rel.parents[1]
    assert (root / "LATEST").read_text() == s.version + "\n"
    assert (root / "cache" / "coded.sqlite").is_file()
    assert (root / ".lock").exists()
    assert not any((root / ".staging").iterdir()) if (root / ".staging").exists() else True
    files = sorted(p.relative_to(rel).as_posix() for p in rel.rglob("*") if p.is_file())
    top = [f for f in files if "/" not in f]
    assert top == sorted(["manifest.json", "datapackage.json", "CODEBOOK.md", "CHANGELOG.md",
                          "CITATION.cff", "report.html", "SHA256SUMS"])
    data = [f for f in files if f.startswith("data/")]
    assert all(f.endswith(".parquet") for f in data)
    assert {"data/rejects.parquet", "data/articles.parquet", "data/changes.parquet",
            "data/events/events-undated.parquet"} <= set(data)
    # one file per year of event date, named so
    years = {d.year for d in events_of(rel)["event_date"].dropna()}
    assert {f"data/events/events-{y}.parquet" for y in years} | \
        {"data/events/events-undated.parquet"} == {f for f in data if f.startswith("data/events/")}
    # nothing but the events table is named events*
    assert [f for f in data if Path(f).name.startswith("events")] == \
        [f for f in data if f.startswith("data/events/")]


def test_year_files_hold_their_year_sorted_by_date_then_id(
        released: tuple[Path, BuildSummary]) -> None:
    rel, _ = released
    for f in sorted((rel / "data" / "events").glob("*.parquet")):
        df = pd.read_parquet(f)
        key = f.stem.removeprefix("events-")
        if key == "undated":
            assert df["event_date"].isna().all()
        else:
            assert {d.year for d in df["event_date"]} <= {int(key)}
        order = list(zip(df["event_date"].astype(str), df["event_id"], strict=True))
        assert order == sorted(order)


def test_manifest_records_files_counts_environment_and_inputs(
        released: tuple[Path, BuildSummary]) -> None:
    rel, s = released
    m = read_manifest(rel)
    assert m["version"] == s.version and m["previous"] is None
    for key in ("coder_version", "dictionary_digest", "input_sha256", "schema_version",
                "schema_fingerprint", "created"):
        assert m[key], key
    assert {"python", "pyarrow", "pandas", "pandera", "platform"} <= set(m["environment"])
    c = m["counts"]
    assert c["coded"] + c["no_event"] + c["rejected"] == c["read"] == 7
    assert c["rejected"] == 1 and c["rejects_by_reason"]
    sums = data_checksums(rel)
    assert {e["path"] for e in m["files"]} == set(sums)
    for e in m["files"]:
        p = rel / e["path"]
        assert e["bytes"] == p.stat().st_size
        assert e["sha256"] == sums[e["path"]]
        assert e["rows"] == pq.read_metadata(p).num_rows
    ev = events_of(rel)
    assert m["tables"]["events"]["rows"] == len(ev) == c["events"] == s.events
    dated = ev["event_date"].dropna()
    assert m["event_dates"] == {"min": min(dated).isoformat(), "max": max(dated).isoformat(),
                                "undated": int(ev["event_date"].isna().sum())}
    assert m["changes"]["added"] == len(ev) and m["changes"]["from"] is None


def test_data_files_hold_no_version_timestamp_or_pandas_metadata(
        released: tuple[Path, BuildSummary]) -> None:
    rel, s = released
    for f in (rel / "data").rglob("*.parquet"):
        meta = pq.read_metadata(f).metadata
        assert set(meta) == {b"ARROW:schema", b"events.table", b"events.schema_version"}, f
        raw = f.read_bytes()
        assert s.version.encode() not in raw
        assert str(DAY.year).encode() + b"-11-" not in raw  # the build day is nowhere


def test_sha256sums_is_sha256sum_compatible(released: tuple[Path, BuildSummary]) -> None:
    rel, _ = released
    lines = (rel / "SHA256SUMS").read_text().splitlines()
    listed = [ln.split("  ", 1)[1] for ln in lines]
    every = sorted(p.relative_to(rel).as_posix() for p in rel.rglob("*") if p.is_file())
    assert listed == [p for p in every if p != "SHA256SUMS"]
    if shutil.which("sha256sum"):
        done = subprocess.run(["sha256sum", "-c", "--strict", "SHA256SUMS"], cwd=rel,
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr


# ---------------------------------------------------------------------------
# byte-identical rebuilds


def test_two_roots_give_identical_data_checksums(tmp_path: Path, corpus: Path,
                                                 lexicon: Lexicon,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    a = run(corpus, tmp_path / "a", lexicon, today=None)
    # another day, another month, another version number: same data bytes
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1893456000")  # 2030-01-01
    run(corpus, tmp_path / "b", lexicon, today=None, version="2030.01.7")
    sa = data_checksums(tmp_path / "a" / "releases" / a.version)
    sb = data_checksums(tmp_path / "b" / "releases" / "2030.01.7")
    assert sa == sb and len(sa) >= 5
    assert (tmp_path / "a" / "releases" / a.version / "SHA256SUMS").read_text() != \
        (tmp_path / "b" / "releases" / "2030.01.7" / "SHA256SUMS").read_text()


def test_source_date_epoch_makes_the_whole_release_reproducible(
        tmp_path: Path, corpus: Path, lexicon: Lexicon, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    a = run(corpus, tmp_path / "a", lexicon, today=None)
    b = run(corpus, tmp_path / "b", lexicon, today=None)
    assert a.version == b.version == "2026.01.0"
    ra, rb = (tmp_path / r / "releases" / "2026.01.0" for r in ("a", "b"))
    assert (ra / "SHA256SUMS").read_bytes() == (rb / "SHA256SUMS").read_bytes()
    assert read_manifest(ra)["created"] == "2026-01-01T00:00:00Z"
    assert 'date-released: "2026-01-01"' in (ra / "CITATION.cff").read_text()


def test_cached_full_and_cold_builds_write_the_same_bytes(tmp_path: Path, corpus: Path,
                                                          lexicon: Lexicon) -> None:
    out = tmp_path / "out"
    cold = run(corpus, out, lexicon)
    warm = run(corpus, out, lexicon)
    full = run(corpus, out, lexicon, full=True)
    assert cold.recoded == 6 and cold.from_cache == 0
    assert warm.recoded == 0 and warm.from_cache == 6
    assert full.recoded == 6 and full.from_cache == 0
    sums = [data_checksums(out / "releases" / s.version) for s in (cold, warm, full)]
    for other in sums[1:]:
        # the changes table differs (first release: all added; later: none)
        assert {k: v for k, v in other.items() if "changes" not in k} == \
            {k: v for k, v in sums[0].items() if "changes" not in k}
    assert warm.added == warm.removed == warm.modified == 0
    assert full.added == full.removed == full.modified == 0


# ---------------------------------------------------------------------------
# incremental rebuilds and the changelog


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory,
            lexicon: Lexicon) -> dict[str, Any]:
    """Build the base corpus, then add one article, change one, remove one, rebuild."""
    d = tmp_path_factory.mktemp("history")
    out = d / "out"
    base = records("base.jsonl")
    inputs = write_jsonl(d / "in" / "articles.jsonl", base)
    first = run(inputs, out, lexicon)
    second_recs = []
    for r in base:
        if r["id"] == "rel-ar-visit":
            continue  # removed
        if r["id"] == "rel-en-visit":
            r = {**r, "published": "2026-03-11"}  # changed: a later publication date
        second_recs.append(r)
    second_recs += records("added.jsonl")
    write_jsonl(inputs, second_recs)
    second = run(inputs, out, lexicon)
    return {"out": out, "first": first, "second": second,
            "old": out / "releases" / first.version, "new": out / "releases" / second.version}


def test_rebuild_recodes_only_the_new_and_changed_articles(history: dict[str, Any]) -> None:
    s = history["second"]
    assert s.recoded == 2           # rel-en-added and rel-en-visit
    assert s.from_cache == 4        # the unchanged articles
    assert (s.articles_new, s.articles_changed, s.articles_removed) == (1, 1, 1)
    assert s.previous == history["first"].version


def test_changes_show_exactly_the_added_modified_and_removed_events(
        history: dict[str, Any]) -> None:
    old, new = events_of(history["old"]), events_of(history["new"])
    added, removed, changed = (ids(new, "rel-en-added"), ids(old, "rel-ar-visit"),
                               ids(new, "rel-en-visit"))
    assert added and removed and changed, "each of the three articles must code ≥ 1 event"
    assert changed == ids(old, "rel-en-visit")   # same ids: the coding did not change
    ch = pd.read_parquet(history["new"] / "data" / "changes.parquet")
    got = {k: set(ch.loc[ch["change"] == k, "event_id"]) for k in ("added", "removed", "modified")}
    assert got == {"added": added, "removed": removed, "modified": changed}
    for cols in ch.loc[ch["change"] == "modified", "changed_columns"]:
        assert "published" in list(cols)
    s = history["second"]
    assert (s.added, s.removed, s.modified) == (len(added), len(removed), len(changed))
    m = read_manifest(history["new"])
    assert (m["changes"]["added"], m["changes"]["removed"], m["changes"]["modified"]) == \
        (len(added), len(removed), len(changed))
    assert m["changes"]["modified_columns"]["published"] == len(changed)
    assert m["inputs"]["articles"] == {"new": 1, "changed": 1, "removed": 1, "unchanged": 5}


def test_changelog_is_cumulative_and_counts_the_changes(history: dict[str, Any]) -> None:
    text = (history["new"] / "CHANGELOG.md").read_text(encoding="utf-8")
    s, first = history["second"], history["first"]
    assert text.index(f"## {s.version}") < text.index(f"## {first.version}")
    section = text[text.index(f"## {s.version}"):text.index(f"## {first.version}")]
    assert f"Compared with {first.version}." in section
    assert f"| added | {s.added} |" in section
    assert f"| modified | {s.modified} |" in section
    assert f"| removed | {s.removed} |" in section
    assert "`published`" in section
    assert "1 new, 1 changed, 1 removed" in section
    # the older section is carried over verbatim
    older = (history["old"] / "CHANGELOG.md").read_text(encoding="utf-8")
    assert older[older.index("## "):] in text


def test_events_diff_command_agrees_with_the_release(history: dict[str, Any],
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    out, s, first = history["out"], history["second"], history["first"]
    assert main(["diff", first.version, s.version, "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert text.splitlines()[0].startswith(
        f"{first.version} → {s.version}: {s.added} added, {s.removed} removed, "
        f"{s.modified} modified")
    assert "rel-en-added" in text and "rel-ar-visit" in text and "[published" in text
    assert main(["diff", first.version, "latest", "--out", str(out), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["added"], doc["removed"], doc["modified"]) == (s.added, s.removed, s.modified)
    ch = pd.read_parquet(history["new"] / "data" / "changes.parquet")
    assert [c["event_id"] for c in doc["changes"]] == list(ch["event_id"])
    # reversed: added and removed swap
    assert main(["diff", s.version, first.version, "--out", str(out), "--json"]) == 0
    rev = json.loads(capsys.readouterr().out)
    assert (rev["added"], rev["removed"], rev["modified"]) == (s.removed, s.added, s.modified)


def test_events_releases_lists_every_release_and_marks_latest(
        history: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    out, s, first = history["out"], history["second"], history["first"]
    assert main(["releases", "--out", str(out)]) == 0
    lines = capsys.readouterr().out.splitlines()
    mine = [ln for ln in lines if first.version in ln.split()[:2] or s.version in ln.split()[:2]]
    assert len(mine) == 2
    assert mine[1].startswith(f"* {s.version}") and mine[0].startswith(f"  {first.version}")
    assert main(["releases", "--out", str(out), "--json"]) == 0
    rows = [json.loads(ln) for ln in capsys.readouterr().out.splitlines()]
    assert [r["version"] for r in rows] == [first.version, s.version]
    assert [r["latest"] for r in rows] == [False, True]
    assert rows[1]["previous"] == first.version and rows[1]["added"] == s.added


# ---------------------------------------------------------------------------
# verify


def test_verify_passes_on_fresh_releases(history: dict[str, Any],
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert verify(history["old"], deep=True) == []
    assert verify(history["new"], deep=True) == []
    assert main(["verify", "--out", str(history["out"]), "--all", "--deep"]) == 0
    assert capsys.readouterr().out.count("OK ") == 2


@pytest.fixture
def copy_of(released: tuple[Path, BuildSummary], tmp_path: Path) -> Path:
    """A private copy of a release's output root, free to damage."""
    rel, _ = released
    shutil.copytree(rel.parents[1], tmp_path / "out")
    return tmp_path / "out" / "releases" / rel.name


def _flip_byte(path: Path, at: int) -> None:
    data = bytearray(path.read_bytes())
    data[at % len(data)] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("target", ["data/events/events-2026.parquet", "data/rejects.parquet",
                                    "data/articles.parquet", "CODEBOOK.md", "manifest.json",
                                    "datapackage.json", "CITATION.cff"])
def test_changing_one_byte_fails_verify_naming_the_file(
        copy_of: Path, target: str, capsys: pytest.CaptureFixture[str]) -> None:
    _flip_byte(copy_of / target, at=len((copy_of / target).read_bytes()) // 2)
    problems = verify(copy_of)
    assert problems and all(p.where == target for p in problems[:1])
    assert main(["verify", "--out", str(copy_of.parents[1])]) == 6
    err = capsys.readouterr().err
    assert f"{target}: checksum mismatch" in err


def test_verify_names_missing_and_unlisted_files(copy_of: Path) -> None:
    (copy_of / "data" / "rejects.parquet").unlink()
    (copy_of / "data" / "events" / "notes.txt").write_text("stray")
    where = {str(p) for p in verify(copy_of)}
    assert "data/rejects.parquet: listed in SHA256SUMS but missing" in where
    assert "data/events/notes.txt: not listed in SHA256SUMS" in where
    assert "data/events/notes.txt: not a Parquet file: data/ must hold Parquet only" in where


def test_verify_checks_counts_even_when_checksums_were_redone(copy_of: Path) -> None:
    """A manifest edited and re-checksummed still disagrees with the data."""
    from events.release import write_checksums

    m = read_manifest(copy_of)
    m["counts"]["coded"] += 1
    m["tables"]["rejects"]["rows"] += 2
    (copy_of / "manifest.json").write_text(json.dumps(m, indent=2))
    write_checksums(copy_of)
    found = [str(p) for p in verify(copy_of)]
    assert any(p.startswith("manifest.json: counts do not add up") for p in found)
    assert any(p.startswith("table rejects:") for p in found)
    assert any(p.startswith("table articles: statuses") for p in found)


def test_verify_of_a_missing_release_is_a_clear_error(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", "--out", str(tmp_path)]) == 5
    assert "no current release" in capsys.readouterr().err
    assert main(["verify", "2020.01.0", "--out", str(tmp_path)]) == 5


# ---------------------------------------------------------------------------
# versions


def test_versions_count_releases_in_the_month_and_only_grow(tmp_path: Path) -> None:
    for v in ("2026.10.0", "2026.11.0", "2026.11.2"):
        (tmp_path / "releases" / v).mkdir(parents=True)
    assert next_version(tmp_path, date(2026, 11, 30)) == "2026.11.3"
    assert next_version(tmp_path, date(2026, 12, 1)) == "2026.12.0"
    check_new_version(tmp_path, "2026.12.0")
    with pytest.raises(ReleaseError, match="already exists"):
        check_new_version(tmp_path, "2026.11.2")
    with pytest.raises(ReleaseError, match="sort before"):
        check_new_version(tmp_path, "2026.11.1")
    for bad in ("2026.13.0", "26.11.0", "2026.11", "2026.11.01", "latest"):
        with pytest.raises(UsageError):
            check_new_version(tmp_path, bad)
    assert list_releases(tmp_path) == ["2026.10.0", "2026.11.0", "2026.11.2"]


def test_bad_version_options_exit_2_before_anything_is_written(
        tmp_path: Path, corpus: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    assert main(["build", str(corpus), "--out", str(out), "--release-version", "v1"]) == 2
    assert "not a release version" in capsys.readouterr().err
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    assert main(["build", str(corpus), "--out", str(out), "--quiet"]) == 2
    line = json.loads(capsys.readouterr().out)
    assert line["ok"] is False and line["exit_code"] == 2 and "SOURCE_DATE_EPOCH" in line["error"]
    assert not (out / "releases").exists() and not (out / "LATEST").exists()


# ---------------------------------------------------------------------------
# lock, leftovers, cache


def test_a_second_build_on_a_locked_root_stops_clearly(tmp_path: Path, corpus: Path,
                                                       lexicon: Lexicon,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    with locked(out):
        with pytest.raises(LockedError, match=r"another build is running .*pid \d+"):
            run(corpus, out, lexicon)
        assert main(["build", str(corpus), "--out", str(out)]) == 4
        assert "another build is running" in capsys.readouterr().err
    assert not (out / "releases").exists()
    assert run(corpus, out, lexicon).version  # free again


def test_locked_root_from_the_command_line(tmp_path: Path, corpus: Path) -> None:
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with locked(out):
        done = subprocess.run([sys.executable, "-m", "events", "build", str(corpus), "--out",
                               str(out), "--quiet"], capture_output=True, text=True, env=env,
                              timeout=120)
    assert done.returncode == 4
    assert "another build is running on" in done.stderr
    assert json.loads(done.stdout) == {"ok": False, "exit_code": 4,
                                       "error": done.stderr.strip().removeprefix("events: ")}


def test_leftovers_of_killed_builds_are_cleaned(tmp_path: Path, corpus: Path,
                                                lexicon: Lexicon) -> None:
    out = tmp_path / "out"
    stale = out / ".staging" / "build-dead" / "data" / "events"
    stale.mkdir(parents=True)
    (stale / "events-2026.parquet").write_bytes(b"partial")
    (out / ".LATEST.12345").write_text("2099.01.0\n")
    s = run(corpus, out, lexicon)
    assert list((out / ".staging").iterdir()) == []
    assert not (out / ".LATEST.12345").exists()
    assert latest(out) == s.version


def test_the_cache_is_safe_to_delete_or_damage(tmp_path: Path, corpus: Path,
                                               lexicon: Lexicon) -> None:
    out = tmp_path / "out"
    a = run(corpus, out, lexicon)
    shutil.rmtree(out / "cache")
    b = run(corpus, out, lexicon)
    assert b.recoded == a.recoded == 6 and b.from_cache == 0
    (out / "cache" / "coded.sqlite").write_bytes(b"this is not a database" * 100)
    for suffix in ("-wal", "-shm"):
        (out / "cache" / f"coded.sqlite{suffix}").unlink(missing_ok=True)
    c = run(corpus, out, lexicon)
    assert c.recoded == 6 and (out / "cache" / "coded.sqlite.damaged").exists()
    d = run(corpus, out, lexicon)
    assert d.recoded == 0 and d.from_cache == 6
    sums = [data_checksums(out / "releases" / s.version) for s in (a, b, c, d)]
    for other in sums[1:]:
        assert {k: v for k, v in other.items() if "changes" not in k} == \
            {k: v for k, v in sums[0].items() if "changes" not in k}


def test_cache_prunes_entries_of_other_coders(tmp_path: Path, released: tuple[Path, Any]) -> None:
    rel, _ = released
    src = rel.parents[1] / "cache" / "coded.sqlite"
    shutil.copy(src, tmp_path / "coded.sqlite")
    with Cache(tmp_path, "0.0.0-old", "digest") as old:
        key = "k" * 64
        any_result = Cache(rel.parents[1] / "cache")
        try:
            row = any_result._db.execute("SELECT key FROM coded LIMIT 1").fetchone()
            hit = any_result.get(row[0])
        finally:
            any_result.close()
        assert hit is not None
        old.put(key, hit)
        old.flush()
        assert old.get(key) == hit
    n_before = len(Cache(tmp_path))
    m = read_manifest(rel)
    with Cache(tmp_path, m["coder_version"], m["dictionary_digest"]) as cur:
        assert cur.prune() == 1
        assert len(cur) == n_before - 1
    assert sqlite3.connect(tmp_path / "coded.sqlite").execute(
        "PRAGMA user_version").fetchone()[0] >= 2


# ---------------------------------------------------------------------------
# reading a release as it is


def test_pandas_and_pyarrow_read_the_events_folder(released: tuple[Path, BuildSummary]) -> None:
    import pyarrow.dataset as ds

    rel, s = released
    df = pd.read_parquet(rel / "data" / "events")
    assert len(df) == s.events > 0
    assert isinstance(df["event_date"].dropna().iloc[0], date)
    assert df["event_code"].str.len().min() >= 3  # codes are strings, zeros kept
    arrow = pd.read_parquet(rel / "data" / "events", dtype_backend="pyarrow")
    assert str(arrow["topics"].dtype).startswith("list<")
    assert ds.dataset(rel / "data" / "events", format="parquet").count_rows() == s.events
    assert len(pd.read_parquet(rel / "data" / "rejects.parquet")) == 1


def test_duckdb_reads_the_events_glob(released: tuple[Path, BuildSummary]) -> None:
    import duckdb  # in the test extra: CI always has it
    rel, s = released
    glob = (rel / "data" / "events" / "*.parquet").as_posix()
    con = duckdb.connect()
    [(n, roots)] = con.execute(
        f"SELECT count(*), count(DISTINCT event_root_code) FROM '{glob}'").fetchall()
    assert n == s.events and roots >= 1
    [typ] = con.execute(
        f"SELECT typeof(event_date), typeof(topics) FROM '{glob}' LIMIT 1").fetchall()
    assert typ == ("DATE", "VARCHAR[]")


def test_polars_reads_the_events_glob(released: tuple[Path, BuildSummary]) -> None:
    import polars as pl  # in the test extra: CI always has it
    rel, s = released
    df = pl.scan_parquet((rel / "data" / "events" / "*.parquet").as_posix()).collect()
    assert df.height == s.events
    assert df.schema["event_date"] == pl.Date and df.schema["topics"] == pl.List(pl.String)


def test_a_damaged_previous_release_stops_the_build(copy_of: Path, corpus: Path,
                                                   lexicon: Lexicon) -> None:
    """The changelog compares with LATEST's release: it must not be built on a damaged one."""
    out = copy_of.parents[1]
    (copy_of / "data" / "events" / "events-2026.parquet").write_bytes(b"truncated")
    with pytest.raises(ReleaseError, match=r"previous release .* is damaged: .*events-2026"):
        run(corpus, out, lexicon)
    assert list_releases(out) == [copy_of.name] and latest(out) == copy_of.name


def test_an_unwritable_output_root_is_a_release_error(tmp_path: Path, corpus: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert main(["build", str(corpus), "--out", str(blocker / "out")]) == 5
    assert "cannot use output root" in capsys.readouterr().err


def test_a_full_disk_publishes_nothing(tmp_path: Path, corpus: Path, lexicon: Lexicon,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    import events.release as release

    out = tmp_path / "out"
    first = run(corpus, out, lexicon)

    def full(*a: Any, **kw: Any) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "data/rejects.parquet")

    monkeypatch.setattr(release, "write_parquet", full)
    with pytest.raises(ReleaseError, match="No space left on device"):
        run(corpus, out, lexicon)
    assert list_releases(out) == [first.version] and latest(out) == first.version
    assert list((out / ".staging").iterdir()) == []
