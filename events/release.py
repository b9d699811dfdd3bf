"""Versioned releases on disk: layout, atomic publication, verification, diffs.

Layout under an output root:

    .lock                  held by the running build (a second build stops)
    .staging/<tmp>/        a release being written
    cache/                 coded results per article (events.cache)
    releases/<version>/    finished releases, never modified
    LATEST                 the current version (replaced atomically)

A release holds `manifest.json`, `datapackage.json`, `CODEBOOK.md`,
`CHANGELOG.md`, `CITATION.cff`, `SHA256SUMS` (covering every other file,
`sha256sum -c` compatible) and `data/` with Parquet only:
`data/events/events-<year>.parquet` (plus `events-undated.parquet`),
`data/articles.parquet`, `data/rejects.parquet`, `data/changes.parquet`.

Data files are byte-for-byte reproducible: explicit Arrow schema, stable
row order, fixed writer settings, no timestamps or hostnames inside them.
Versions are calendar style, `YYYY.MM.N`, N counting releases in the month.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow
import pyarrow.parquet as pq
from filelock import FileLock, Timeout

from events.errors import LockedError, ReleaseError, VerifyError
from events.schemas import SCHEMA_VERSION, TABLES, arrow_schema

VERSION_RE = re.compile(r"^(\d{4})\.(\d{2})\.(\d+)$")
#: columns compared to tell a modified event (all but the id itself)
_PARQUET_OPTS: dict[str, Any] = dict(
    compression="zstd", compression_level=9, use_dictionary=True, write_statistics=True,
    version="2.6", data_page_version="1.0", row_group_size=262_144,
)


@contextmanager
def locked(root: Path) -> Iterator[None]:
    """Hold the output root's lock; raise LockedError if another build has it."""
    root.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(root / ".lock"), timeout=0)
    try:
        lock.acquire()
    except Timeout as e:
        raise LockedError(f"another build is running on {root} (lock {root / '.lock'} is held)") from e
    try:
        yield
    finally:
        lock.release()


def releases_dir(root: Path) -> Path:
    return root / "releases"


def list_releases(root: Path) -> list[str]:
    """Finished release versions under `root`, oldest first."""
    d = releases_dir(root)
    if not d.is_dir():
        return []
    found = [p.name for p in d.iterdir() if p.is_dir() and VERSION_RE.match(p.name)]
    return sorted(found, key=_version_key)


def _version_key(v: str) -> tuple[int, int, int]:
    m = VERSION_RE.match(v)
    assert m
    return int(m.group(1)), int(m.group(2)), int(m.group(3))


def latest(root: Path) -> str | None:
    """The version LATEST points at, if it names an existing release."""
    p = root / "LATEST"
    try:
        v = p.read_text(encoding="utf-8").split()[0]
    except (OSError, IndexError):
        return None
    return v if (releases_dir(root) / v).is_dir() else None


def resolve(root: Path, release: str | Path | None) -> Path:
    """A release folder from a version, a path, 'latest' or None (latest)."""
    if release is not None and Path(release).is_dir() and (Path(release) / "manifest.json").exists():
        return Path(release)
    if release in (None, "latest"):
        v = latest(root)
        if v is None:
            raise ReleaseError(f"no release under {root} (LATEST missing); run `events build` first")
        return releases_dir(root) / v
    path = releases_dir(root) / str(release)
    if not path.is_dir():
        raise ReleaseError(f"no release {release} under {root}")
    return path


def next_version(root: Path, today: date) -> str:
    """`YYYY.MM.N`: N counts the releases already made in that month."""
    prefix = f"{today.year:04d}.{today.month:02d}."
    n = sum(1 for v in list_releases(root) if v.startswith(prefix))
    return f"{prefix}{n}"


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def write_parquet(df: pd.DataFrame, table: str, path: Path) -> int:
    """Write `df` as `table` with the fixed, reproducible writer settings."""
    schema = arrow_schema(TABLES[table])
    meta = {"events.table": table, "events.schema_version": SCHEMA_VERSION}
    # no pandas metadata: the file must not depend on how the frame was built
    tbl = pyarrow.Table.from_pandas(df[schema.names], schema=schema, preserve_index=False)
    tbl = tbl.replace_schema_metadata(meta)
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(tbl, path, **_PARQUET_OPTS)
    return tbl.num_rows


def read_table(path: Path, table: str) -> pd.DataFrame:
    """A table of a release as a DataFrame with Arrow dtypes (empty if absent)."""
    if path.is_dir():
        files = sorted(path.glob("*.parquet"))
    else:
        files = [path] if path.exists() else []
    schema = arrow_schema(TABLES[table])
    if not files:
        return schema.empty_table().to_pandas(types_mapper=pd.ArrowDtype)
    tables = [pq.read_table(f, schema=schema) for f in files]
    return pyarrow.concat_tables(tables).to_pandas(types_mapper=pd.ArrowDtype)


@dataclass(frozen=True, slots=True)
class Changes:
    added: int
    removed: int
    modified: int
    frame: pd.DataFrame


def diff_events(old: pd.DataFrame, new: pd.DataFrame) -> Changes:
    """Events added, removed and modified (by event_id) from `old` to `new`."""
    o = {r["event_id"]: r for r in old.to_dict("records")}
    n = {r["event_id"]: r for r in new.to_dict("records")}
    rows = []
    compare = [c for c in new.columns if c != "event_id"]
    for eid in sorted(n.keys() - o.keys()):
        rows.append({"event_id": eid, "article_id": n[eid]["article_id"], "change": "added",
                     "changed_columns": []})
    for eid in sorted(o.keys() - n.keys()):
        rows.append({"event_id": eid, "article_id": o[eid]["article_id"], "change": "removed",
                     "changed_columns": []})
    modified = 0
    for eid in sorted(n.keys() & o.keys()):
        changed = [c for c in compare if not _same_value(o[eid].get(c), n[eid].get(c))]
        if changed:
            modified += 1
            rows.append({"event_id": eid, "article_id": n[eid]["article_id"], "change": "modified",
                         "changed_columns": changed})
    rows.sort(key=lambda r: (r["change"], r["event_id"]))
    added = sum(r["change"] == "added" for r in rows)
    removed = sum(r["change"] == "removed" for r in rows)
    frame = pd.DataFrame(rows, columns=["event_id", "article_id", "change", "changed_columns"])
    return Changes(added, removed, modified, frame)


def _same_value(a: Any, b: Any) -> bool:
    if a is None or (not isinstance(a, (list, tuple)) and pd.isna(a)):
        return b is None or (not isinstance(b, (list, tuple)) and pd.isna(b))
    if isinstance(a, (list, tuple)) or hasattr(a, "tolist"):
        return list(a) == list(b) if b is not None else False
    if isinstance(a, float) or isinstance(b, float):
        return b is not None and abs(float(a) - float(b)) < 1e-6
    return bool(a == b)


def events_by_year(events: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Split the events table into per-year frames (key 'undated' for no date)."""
    if events.empty:
        return {}
    years = [d.year if d is not None and not pd.isna(d) else None
             for d in events["event_date"].tolist()]
    out: dict[str, pd.DataFrame] = {}
    keys = sorted({y for y in years if y is not None})
    for y in keys:
        mask = [yy == y for yy in years]
        out[str(y)] = events[mask].reset_index(drop=True)
    undated = [yy is None for yy in years]
    if any(undated):
        out["undated"] = events[undated].reset_index(drop=True)
    return out


def sort_events(events: pd.DataFrame) -> pd.DataFrame:
    """Stable order: event date (undated last), then event id."""
    if events.empty:
        return events
    key = [(d.isoformat() if d is not None and not pd.isna(d) else "9999", e)
           for d, e in zip(events["event_date"].tolist(), events["event_id"].tolist(), strict=True)]
    order = sorted(range(len(key)), key=key.__getitem__)
    return events.iloc[order].reset_index(drop=True)


def checksums(release: Path) -> list[tuple[str, str]]:
    """(sha256, relative path) of every file of a release but SHA256SUMS."""
    out = []
    for p in sorted(release.rglob("*"), key=lambda p: p.relative_to(release).as_posix()):
        if p.is_file() and p.name != "SHA256SUMS":
            out.append((sha256_file(p), p.relative_to(release).as_posix()))
    return out


def write_checksums(release: Path) -> None:
    lines = "".join(f"{h}  {rel}\n" for h, rel in checksums(release))
    (release / "SHA256SUMS").write_text(lines, encoding="utf-8")


@contextmanager
def staging(root: Path) -> Iterator[Path]:
    """A fresh staging folder on the output root's filesystem, removed on failure."""
    base = root / ".staging"
    base.mkdir(parents=True, exist_ok=True)
    # leftovers of killed builds are ours to clean: we hold the lock
    for old in base.iterdir():
        shutil.rmtree(old, ignore_errors=True) if old.is_dir() else old.unlink(missing_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="build-", dir=base))
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def publish(root: Path, staged: Path, version: str) -> Path:
    """Move a finished release into place, then point LATEST at it (atomically)."""
    target = releases_dir(root) / version
    if target.exists():
        raise ReleaseError(f"release {version} already exists; releases are never overwritten")
    target.parent.mkdir(parents=True, exist_ok=True)
    _fsync_tree(staged)
    os.rename(staged, target)
    _fsync_dir(target.parent)
    tmp = root / f".LATEST.{os.getpid()}"
    with tmp.open("w", encoding="utf-8") as f:
        f.write(version + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, root / "LATEST")
    _fsync_dir(root)
    return target


def _fsync_tree(path: Path) -> None:
    for p in path.rglob("*"):
        if p.is_file():
            with p.open("rb") as f:
                os.fsync(f.fileno())
    _fsync_dir(path)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def read_manifest(release: Path) -> dict[str, Any]:
    try:
        data: dict[str, Any] = json.loads((release / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise VerifyError(f"{release}: manifest.json is missing or not JSON ({e})") from e
    return data


def verify(release: Path) -> list[str]:
    """Problems found in a release (empty list = verified).

    Checks every checksum of SHA256SUMS, that no file is missing from it,
    that every data file matches its table's schema, and the row counts
    against the manifest.
    """
    problems: list[str] = []
    sums = release / "SHA256SUMS"
    if not sums.exists():
        return [f"{release}: SHA256SUMS is missing"]
    listed: dict[str, str] = {}
    for ln in sums.read_text(encoding="utf-8").splitlines():
        if not ln.strip():
            continue
        h, _, rel = ln.partition("  ")
        listed[rel] = h
    actual = dict((rel, h) for h, rel in checksums(release))
    for rel, h in sorted(listed.items()):
        if rel not in actual:
            problems.append(f"{rel}: listed in SHA256SUMS but missing")
        elif actual[rel] != h:
            problems.append(f"{rel}: checksum mismatch (file changed or damaged)")
    for rel in sorted(actual.keys() - listed.keys()):
        problems.append(f"{rel}: not listed in SHA256SUMS")
    try:
        manifest = read_manifest(release)
    except VerifyError as e:
        return problems + [str(e)]
    counts: Mapping[str, Any] = manifest.get("tables", {})
    for table, info in counts.items():
        rel_paths: Sequence[str] = info.get("files", [])
        rows = 0
        want = arrow_schema(TABLES[table])
        for rel in rel_paths:
            p = release / rel
            try:
                f = pq.ParquetFile(p)
            except Exception as e:  # damaged files raise many kinds of errors
                problems.append(f"{rel}: not a readable Parquet file ({e})")
                continue
            got = f.schema_arrow.remove_metadata()
            if not got.equals(want.remove_metadata()):
                problems.append(f"{rel}: schema differs from the {table} table's")
            rows += f.metadata.num_rows
        if rows != info.get("rows"):
            problems.append(f"{table}: {rows} rows in files, manifest says {info.get('rows')}")
    return problems
