"""Versioned releases on disk: layout, lock, staging, publication, verification.

Layout under an output root:

    .lock                  held by the running build (a second build stops, exit 4)
    .staging/<tmp>/        a release being written; wiped by the next build
    cache/                 coded results per article (`events.cache`); safe to delete
    releases/<version>/    finished releases, never modified
    LATEST                 the current version, one line (replaced atomically)

A release holds `manifest.json`, `datapackage.json`, `CODEBOOK.md`,
`CHANGELOG.md`, `CITATION.cff`, `report.html` (plots, `events.report`),
`SHA256SUMS` (covering every other file,
`sha256sum -c` compatible) and `data/` with Parquet only:
`data/events/events-<year>.parquet` (one per year of event date) and
`data/events/events-undated.parquet` (always present, possibly empty, so that
a glob over the folder never matches nothing), `data/articles.parquet`,
`data/rejects.parquet` and `data/changes.parquet` (the diff from the
previous release, see `events.diff`).

Data files are byte-for-byte reproducible: explicit Arrow schema, stable
row order, fixed writer settings, no pandas metadata, and nothing volatile
inside them (no version, timestamp, host or path). Only `manifest.json`,
`datapackage.json`, `CODEBOOK.md`, `CHANGELOG.md` and `CITATION.cff` carry the
release version and date; `SOURCE_DATE_EPOCH` fixes that date for a fully
reproducible release.

Versions are calendar style, `YYYY.MM.N`: N counts the releases already made
in that month under this output root, and a new version always sorts after
every existing one.

Publication is crash-safe: the release is written under `.staging/`, every
file fsynced, the folder renamed into `releases/` (atomic on one filesystem)
and only then is `LATEST` replaced (write a temporary file, fsync,
`os.replace`). A build killed at any moment leaves every earlier release and
`LATEST` intact; the worst case, a kill between the rename and the replace,
leaves a complete release that `LATEST` does not name yet.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow
import pyarrow.compute as pc
import pyarrow.parquet as pq

from events.diff import Changes, diff_events  # noqa: F401  (re-exported: older callers)
from events.errors import LockedError, ReleaseError, UsageError
from events.schemas import SCHEMA_VERSION, TABLES, arrow_schema

VERSION_RE = re.compile(r"^(\d{4})\.(0[1-9]|1[0-2])\.(0|[1-9]\d*)$")
#: release files besides `data/`, in the order they are documented
RELEASE_FILES = ("manifest.json", "datapackage.json", "CODEBOOK.md", "CHANGELOG.md",
                 "CITATION.cff", "SHA256SUMS")
UNDATED = "undated"
#: fixed writer settings: changing any of them changes the bytes of every file
PARQUET_OPTIONS: Mapping[str, Any] = dict(
    compression="zstd", compression_level=9, use_dictionary=True, write_statistics=True,
    version="2.6", data_page_version="1.0", row_group_size=262_144,
)
#: list item names differ between Arrow ("item") and Parquet ("element"): not a change
_LIST_ITEM = re.compile(r"list<\w+: ")
_SUMS_LINE = re.compile(r"^([0-9a-f]{64}) [ *](.+)$")
#: how the checks below report a problem: add(where, what)
Add = Callable[[str, str], None]


# --------------------------------------------------------------------------
# test-only hooks


def checkpoint(stage: str) -> None:
    """Mark a stage of the build (test-only hooks, no effect unless set).

    `EVENTS_TEST_TRACE=<file>` appends the stage name to that file and
    `EVENTS_TEST_PAUSE=<seconds>` sleeps after it (after every stage, or
    only after the one named by `EVENTS_TEST_PAUSE_AT`). The kill tests in
    `tests/test_release_kill.py` use them to stop builds at every stage of
    publication; nothing else should set them.
    """
    trace = os.environ.get("EVENTS_TEST_TRACE")
    if trace:
        with open(trace, "a", encoding="utf-8") as f:
            f.write(stage + "\n")
    pause = os.environ.get("EVENTS_TEST_PAUSE")
    if pause and os.environ.get("EVENTS_TEST_PAUSE_AT", stage) == stage:
        time.sleep(float(pause))


# --------------------------------------------------------------------------
# layout, lock and versions


def releases_dir(root: Path) -> Path:
    return root / "releases"


@contextmanager
def locked(root: Path) -> Iterator[None]:
    """Hold the output root's lock for the whole build.

    An advisory lock (`flock`) on `<root>/.lock`: the operating system drops
    it when the process ends, however it ends, so a killed build never
    leaves a stale lock. A second build raises LockedError at once, naming
    the process that holds the lock.
    """
    path = root / ".lock"
    try:
        root.mkdir(parents=True, exist_ok=True)
        import fcntl
    except ImportError:  # not POSIX: fall back to filelock (msvcrt underneath)
        with _filelock(root, path):
            yield
        return
    except OSError as e:
        raise ReleaseError(f"cannot use output root {root}: {e.strerror or e}") from e
    try:
        # no O_TRUNC: a second build must not wipe the holder's note before it fails
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as e:
        raise ReleaseError(f"cannot create the lock {path}: {e.strerror or e}") from e
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
            who = f" ({holder})" if holder else ""
            raise LockedError(
                f"another build is running on {root}{who}; this one stopped without "
                f"changing anything. Wait for it to finish (lock: {path})") from e
        os.ftruncate(fd, 0)
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        os.pwrite(fd, f"pid {os.getpid()}, since {now}\n".encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # releases the flock


@contextmanager
def _filelock(root: Path, path: Path) -> Iterator[None]:
    from filelock import FileLock, Timeout

    lock = FileLock(str(path), timeout=0)
    try:
        lock.acquire()
    except Timeout as e:
        raise LockedError(f"another build is running on {root} (lock {path} is held)") from e
    try:
        yield
    finally:
        lock.release()


def clean_leftovers(root: Path) -> list[str]:
    """Remove what killed builds left behind (call with the lock held)."""
    removed = []
    base = root / ".staging"
    if base.is_dir():
        for old in sorted(base.iterdir()):
            if old.is_dir() and not old.is_symlink():
                shutil.rmtree(old, ignore_errors=True)
            else:
                old.unlink(missing_ok=True)
            removed.append(old.relative_to(root).as_posix())
    for tmp in sorted(root.glob(".LATEST.*")):
        tmp.unlink(missing_ok=True)
        removed.append(tmp.name)
    return removed


def version_key(v: str) -> tuple[int, int, int]:
    m = VERSION_RE.match(v)
    if not m:
        raise UsageError(f"{v!r} is not a release version (YYYY.MM.N, e.g. 2026.11.0)")
    return int(m.group(1)), int(m.group(2)), int(m.group(3))


def list_releases(root: Path) -> list[str]:
    """Finished release versions under `root`, oldest first."""
    d = releases_dir(root)
    if not d.is_dir():
        return []
    found = [p.name for p in d.iterdir() if p.is_dir() and VERSION_RE.match(p.name)]
    return sorted(found, key=version_key)


def latest(root: Path) -> str | None:
    """The version LATEST names, if it names an existing release."""
    try:
        v = (root / "LATEST").read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return v if VERSION_RE.match(v) and (releases_dir(root) / v).is_dir() else None


def resolve(root: Path, release: str | Path | None) -> Path:
    """A release folder from a version, a folder, 'latest' or None (= latest)."""
    if release is not None and (Path(release) / "manifest.json").is_file():
        return Path(release)
    if release not in (None, "latest", "LATEST") and (Path(str(release)) / "releases").is_dir():
        return resolve(Path(str(release)), "latest")  # an output root: its current release
    if release in (None, "latest", "LATEST"):
        v = latest(root)
        if v is None:
            raise ReleaseError(f"no current release under {root} (LATEST is missing or names "
                               "no release); run `events build` first")
        return releases_dir(root) / v
    if isinstance(release, Path) or os.sep in str(release):
        # a folder that is neither a release nor an output root
        raise ReleaseError(f"{release} is not a release folder (no manifest.json) nor an output "
                           "root (no releases/)")
    path = releases_dir(root) / str(release)
    if not path.is_dir():
        known = ", ".join(list_releases(root)[-5:]) or "none"
        raise ReleaseError(f"no release {release} under {root} (latest releases: {known})")
    return path


def build_time() -> datetime:
    """The build's "now": `SOURCE_DATE_EPOCH` when set (reproducible builds), else the clock.

    Only names the release and dates the manifest, changelog and citation;
    it never reaches a data file.
    """
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if raw:
        try:
            return datetime.fromtimestamp(int(raw), UTC)
        except (ValueError, OverflowError, OSError) as e:
            raise UsageError(f"SOURCE_DATE_EPOCH={raw!r} is not a Unix time in seconds") from e
    return datetime.now(UTC).replace(microsecond=0)


def next_version(root: Path, today: date) -> str:
    """`YYYY.MM.N` for `today`: one more than the month's highest N."""
    prefix = f"{today.year:04d}.{today.month:02d}."
    ns = [version_key(v)[2] for v in list_releases(root) if v.startswith(prefix)]
    return f"{prefix}{max(ns) + 1 if ns else 0}"


def check_new_version(root: Path, version: str) -> None:
    """A new release must be a well-formed version after every existing one."""
    key = version_key(version)
    existing = list_releases(root)
    if version in existing or (releases_dir(root) / version).exists():
        raise ReleaseError(f"release {version} already exists under {root}; releases are "
                           "never overwritten (omit --release-version to take the next number)")
    if existing and version_key(existing[-1]) > key:
        raise ReleaseError(
            f"release {version} would sort before the existing release {existing[-1]}: "
            "versions only grow (check the clock, SOURCE_DATE_EPOCH or --release-version)")


# --------------------------------------------------------------------------
# tables and Parquet files


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def to_arrow(df: pd.DataFrame, table: str) -> pyarrow.Table:
    """A frame as an Arrow table with exactly the table's schema."""
    schema = arrow_schema(TABLES[table])
    # no pandas metadata: the file must not depend on how the frame was built
    return pyarrow.Table.from_pandas(df[schema.names], schema=schema, preserve_index=False)


def parquet_schema(table: str) -> pyarrow.Schema:
    """The Arrow schema a data file of `table` is written with (footer metadata included)."""
    return arrow_schema(TABLES[table]).with_metadata(
        {"events.table": table, "events.schema_version": SCHEMA_VERSION})


def parquet_options(table: str) -> dict[str, Any]:
    """The writer settings of `table`'s files: `PARQUET_OPTIONS`, plus the sort order of events."""
    options = dict(PARQUET_OPTIONS)
    if table == "events":  # rows are sorted so (readers may skip row groups)
        names = arrow_schema(TABLES[table]).names
        options["sorting_columns"] = [
            pq.SortingColumn(names.index("event_date"), nulls_first=False),
            pq.SortingColumn(names.index("event_id"))]
    return options


def write_parquet(data: pd.DataFrame | Iterable[pyarrow.Table], table: str, path: Path,
                  check: Callable[[pyarrow.Table], None] | None = None) -> int:
    """Write `table` with the fixed, reproducible writer settings; return the rows written.

    `data` is a whole frame, or a stream of Arrow tables already in the
    file's row order (a build's spool, see `events.spool`), written one row
    group at a time; both give the same bytes for the same rows. `check` is
    called on every row group of a stream before it is written.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    schema = parquet_schema(table)
    if isinstance(data, pd.DataFrame):
        tbl = to_arrow(data, table).replace_schema_metadata(schema.metadata)
        pq.write_table(tbl, path, **parquet_options(table))
        return int(tbl.num_rows)
    from events.spool import write_sorted

    return write_sorted(data, path, schema, parquet_options(table), check)


def read_table(path: Path, table: str | None = None) -> pd.DataFrame:
    """A table of a release as a DataFrame with Arrow dtypes.

    `path` is a file or a folder of Parquet files. With `table`, the files
    are read with that table's current schema and an absent path gives an
    empty table; without it they are read with their own schema (a release
    written under another schema version).
    """
    files = sorted(path.glob("*.parquet")) if path.is_dir() else ([path] if path.exists() else [])
    schema = arrow_schema(TABLES[table]) if table else None
    if not files:
        if schema is None:
            raise ReleaseError(f"no Parquet files at {path}")
        empty: pd.DataFrame = schema.empty_table().to_pandas(types_mapper=pd.ArrowDtype)
        return empty
    tables = [pq.read_table(f, schema=schema) for f in files]
    tbl = pyarrow.concat_tables([t.replace_schema_metadata(None) for t in tables],
                                promote_options="default" if schema is None else "none")
    out: pd.DataFrame = tbl.to_pandas(types_mapper=pd.ArrowDtype)
    return out


def sort_events(events: pd.DataFrame) -> pd.DataFrame:
    """Stable, total order: event date (undated last), then event id."""
    if events.empty:
        return events.reset_index(drop=True)
    return events.sort_values(["event_date", "event_id"], na_position="last",
                              kind="stable").reset_index(drop=True)


def events_by_year(events: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The events split by year of event date; key 'undated' always present."""
    dates = pyarrow.array(events["event_date"].array, type=pyarrow.date32()) if len(events) \
        else pyarrow.array([], type=pyarrow.date32())
    years = pc.year(dates).to_pylist() if len(events) else []
    out: dict[str, pd.DataFrame] = {}
    for y in sorted({y for y in years if y is not None}):
        out[f"{y:04d}"] = events[[yy == y for yy in years]].reset_index(drop=True)
    out[UNDATED] = events[[yy is None for yy in years]].reset_index(drop=True) if len(events) \
        else events.iloc[0:0]
    return out


def events_file(key: str) -> str:
    return f"data/events/events-{key}.parquet"


def file_entry(release: Path, rel: str, table: str) -> dict[str, Any]:
    """The manifest's record of one data file (GDELT master-list style, plus rows)."""
    p = release / rel
    meta = pq.read_metadata(p)
    entry: dict[str, Any] = {"path": rel, "table": table, "bytes": p.stat().st_size,
                             "sha256": sha256_file(p), "rows": meta.num_rows,
                             "row_groups": meta.num_row_groups}
    if table == "events":
        lo, hi, _ = date_stats(meta)
        entry["event_date_min"] = lo.isoformat() if lo else None
        entry["event_date_max"] = hi.isoformat() if hi else None
    return entry


def date_stats(meta: pq.FileMetaData) -> tuple[date | None, date | None, int]:
    """(min, max, null count) of `event_date` from a file's footer statistics."""
    idx = meta.schema.to_arrow_schema().get_field_index("event_date")
    lo: date | None = None
    hi: date | None = None
    nulls = 0
    for g in range(meta.num_row_groups):
        st = meta.row_group(g).column(idx).statistics
        if st is None:
            continue
        nulls += st.null_count
        if st.has_min_max:
            lo = st.min if lo is None or st.min < lo else lo
            hi = st.max if hi is None or st.max > hi else hi
    return lo, hi, nulls


# --------------------------------------------------------------------------
# checksums, staging and publication


def checksums(release: Path) -> list[tuple[str, str]]:
    """(sha256, relative path) of every file of a release but SHA256SUMS."""
    out = []
    for p in sorted(release.rglob("*"), key=lambda p: p.relative_to(release).as_posix()):
        if p.is_file() and p.relative_to(release).as_posix() != "SHA256SUMS":
            out.append((sha256_file(p), p.relative_to(release).as_posix()))
    return out


def write_checksums(release: Path) -> None:
    """`SHA256SUMS`, the `sha256sum` text format: `<hash>  <path>` per line."""
    lines = "".join(f"{h}  {rel}\n" for h, rel in checksums(release))
    (release / "SHA256SUMS").write_text(lines, encoding="utf-8")


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def write_json(path: Path, data: Any) -> None:
    write_text(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


@contextmanager
def staging(root: Path) -> Iterator[Path]:
    """A fresh staging folder on the output root's filesystem, removed on failure."""
    base = root / ".staging"
    base.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="build-", dir=base))
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


@contextmanager
def _signals_deferred() -> Iterator[None]:
    """Hold SIGINT/SIGTERM until the release and LATEST are both in place.

    The handlers are swapped for ones that only note the signal, which is
    raised again, with the original handlers, once the block is done.
    (Masking with `pthread_sigmask` is not enough: it covers one thread, and
    the kernel hands a process signal to any thread, pyarrow's included.
    SIGKILL cannot be deferred: that case is the one `LATEST` protects.)
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # handlers can only be set in the main thread
        return
    received: list[int] = []

    def note(signum: int, frame: object) -> None:
        received.append(signum)

    old = {sig: signal.signal(sig, note) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)
        for signum in dict.fromkeys(received):
            signal.raise_signal(signum)


def publish(root: Path, staged: Path, version: str) -> Path:
    """Move a finished release into place, then point LATEST at it (atomically)."""
    target = releases_dir(root) / version
    if target.exists():
        raise ReleaseError(f"release {version} already exists; releases are never overwritten")
    target.parent.mkdir(parents=True, exist_ok=True)
    checkpoint("fsync")
    _fsync_tree(staged)
    checkpoint("rename")
    with _signals_deferred():
        os.rename(staged, target)
        _fsync_dir(target.parent)
        checkpoint("renamed")  # the window where the release exists but LATEST is older
        write_latest(root, version)
    checkpoint("published")
    return target


def write_latest(root: Path, version: str) -> None:
    """Replace `LATEST` atomically: temporary file, fsync, rename over."""
    tmp = root / f".LATEST.{os.getpid()}"
    with tmp.open("w", encoding="utf-8") as f:
        f.write(version + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, root / "LATEST")
    _fsync_dir(root)


def _fsync_tree(path: Path) -> None:
    for p in sorted(path.rglob("*")):
        if p.is_file():
            with p.open("rb") as f:
                os.fsync(f.fileno())
        elif p.is_dir():
            _fsync_dir(p)
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


# --------------------------------------------------------------------------
# reading and verifying releases


def read_manifest(release: Path) -> dict[str, Any]:
    try:
        data = json.loads((release / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise ReleaseError(f"{release}: manifest.json is missing or not JSON ({e})") from e
    if not isinstance(data, dict):
        raise ReleaseError(f"{release}: manifest.json is not a JSON object")
    return data


class Problem(str):
    """One thing wrong with a release: "<file or aspect>: <what>" (a str, with both parts)."""

    where: str
    what: str

    def __new__(cls, where: str, what: str) -> Problem:
        obj = super().__new__(cls, f"{where}: {what}")
        obj.where, obj.what = where, what
        return obj


def verify(release: Path, deep: bool = False) -> list[Problem]:
    """Problems found in a release (an empty list means it verified).

    Checks, in order: every line of `SHA256SUMS` (well formed, file present,
    checksum equal) and that it covers every file; `data/` holds Parquet
    only; every data file's size, SHA-256 and row count against the
    manifest; every table's schema against the release's own
    `datapackage.json` (and against the current models when the release has
    the current schema version); the footers' schema version; each year
    file's event dates; the counts (read = coded + no event + rejected, the
    articles, rejects and changes tables against them, the change types).
    `deep` also validates every table with its pandera model.
    """
    problems: list[Problem] = []

    def add(where: str, what: str) -> None:
        problems.append(Problem(where, what))

    # 1. checksums
    listed: dict[str, str] = {}
    sums = release / "SHA256SUMS"
    if not sums.is_file():
        add("SHA256SUMS", "missing")
    else:
        for n, ln in enumerate(sums.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            m = _SUMS_LINE.match(ln)
            if not m:
                add("SHA256SUMS", f"line {n} is not `<sha256>  <path>`: {ln[:80]!r}")
                continue
            listed[m.group(2)] = m.group(1)
    actual = {rel: h for h, rel in checksums(release)} if release.is_dir() else {}
    for rel, h in sorted(listed.items()):
        if rel not in actual:
            add(rel, "listed in SHA256SUMS but missing")
        elif actual[rel] != h:
            add(rel, "checksum mismatch: the file changed or is damaged")
    if listed or sums.is_file():
        for rel in sorted(actual.keys() - listed.keys()):
            add(rel, "not listed in SHA256SUMS")
    for rel in sorted(actual):
        if rel.startswith("data/") and not rel.endswith(".parquet"):
            add(rel, "not a Parquet file: data/ must hold Parquet only")

    # 2. manifest and data files
    try:
        manifest = read_manifest(release)
    except ReleaseError as err:
        add("manifest.json", str(err).split(": ", 1)[-1])
        return problems
    for name in RELEASE_FILES:
        if name not in actual and name != "SHA256SUMS":
            add(name, "missing")
    entries = {e.get("path"): e for e in manifest.get("files", []) if isinstance(e, dict)}
    for rel in sorted(r for r in actual if r.startswith("data/")):
        if rel not in entries:
            add(rel, "not listed in manifest.json `files`")
    schema_version = manifest.get("schema_version")
    described = _datapackage_schemas(release, add)
    tables: Mapping[str, Any] = manifest.get("tables", {})
    rows_by_table: dict[str, int] = {}
    for table, info in tables.items():
        total = 0
        for rel in info.get("files", []):
            p = release / rel
            entry = entries.get(rel)
            if entry is None:
                add(rel, f"listed for table {table} but not in manifest.json `files`")
            if not p.is_file():
                add(rel, "missing")
                continue
            try:
                meta = pq.read_metadata(p)
                got = meta.schema.to_arrow_schema()
            except Exception as ex:  # damaged files raise many kinds of errors
                add(rel, f"not a readable Parquet file ({type(ex).__name__}: {ex})")
                continue
            total += meta.num_rows
            if entry is not None:
                if entry.get("bytes") != p.stat().st_size:
                    add(rel, f"size {p.stat().st_size} bytes, manifest says {entry.get('bytes')}")
                if entry.get("sha256") != actual.get(rel):
                    add(rel, "SHA-256 differs from manifest.json")
                if entry.get("rows") != meta.num_rows:
                    add(rel, f"{meta.num_rows} rows, manifest says {entry.get('rows')}")
            footer = (got.metadata or {}).get(b"events.schema_version", b"").decode()
            if footer != schema_version:
                add(rel, f"footer schema version {footer!r}, manifest says {schema_version!r}")
            _check_schema(rel, table, got, schema_version, described.get(table), add)
            if table == "events":
                _check_year_file(rel, meta, entry, add)
        rows_by_table[table] = total
        if total != info.get("rows"):
            add(f"table {table}", f"{total} rows in its files, manifest says {info.get('rows')}")
    _check_counts(release, manifest, rows_by_table, add)
    if deep and not problems:
        _deep_validate(release, manifest, add)
    return problems


def _datapackage_schemas(release: Path, add: Add) -> dict[str, list[dict[str, Any]]]:
    try:
        dp = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
        return {r["name"]: r["schema"]["fields"] for r in dp["resources"]}
    except (OSError, ValueError, KeyError, TypeError) as e:
        add("datapackage.json", f"unreadable or without table schemas ({type(e).__name__}: {e})")
        return {}


def _check_schema(rel: str, table: str, got: pyarrow.Schema, schema_version: Any,
                  fields: list[dict[str, Any]] | None, add: Add) -> None:
    if fields is not None:
        want = [(f.get("name"), _LIST_ITEM.sub("list<", str(f.get("arrowType")))) for f in fields]
        have = [(f.name, _LIST_ITEM.sub("list<", str(f.type))) for f in got]
        if want != have:
            diff = sorted(set(want) ^ set(have))[:4]
            add(rel, f"columns differ from datapackage.json's {table} schema (e.g. {diff})")
    if schema_version == SCHEMA_VERSION and table in TABLES:
        want_schema = arrow_schema(TABLES[table])
        if not got.remove_metadata().equals(want_schema.remove_metadata()):
            add(rel, f"schema differs from the {table} model of schema version {SCHEMA_VERSION}")


def _check_year_file(rel: str, meta: pq.FileMetaData, entry: Mapping[str, Any] | None,
                     add: Add) -> None:
    key = rel.rsplit("events-", 1)[-1].removesuffix(".parquet")
    lo, hi, nulls = date_stats(meta)
    if key == UNDATED:
        if nulls != meta.num_rows:
            add(rel, "holds dated events; only undated events belong here")
    elif not key.isdigit():
        add(rel, "unexpected file name in data/events/ (events-<year> or events-undated)")
    elif nulls or (lo and lo.year != int(key)) or (hi and hi.year != int(key)):
        add(rel, f"holds event dates outside {key} ({lo} .. {hi}, {nulls} undated)")
    want = (lo.isoformat() if lo else None, hi.isoformat() if hi else None)
    if entry is not None and key != UNDATED and \
            (entry.get("event_date_min"), entry.get("event_date_max")) != want:
            add(rel, f"event dates {lo} .. {hi}, manifest says "
                     f"{entry.get('event_date_min')} .. {entry.get('event_date_max')}")


def _check_counts(release: Path, manifest: Mapping[str, Any], rows: Mapping[str, int],
                  add: Add) -> None:
    c = manifest.get("counts", {})
    read, coded, no_event, rejected = (c.get(k) for k in ("read", "coded", "no_event", "rejected"))
    if None in (read, coded, no_event, rejected):
        add("manifest.json", "counts lack read/coded/no_event/rejected")
        return
    if coded + no_event + rejected != read:
        add("manifest.json", f"counts do not add up: coded {coded} + no event {no_event} + "
                             f"rejected {rejected} != read {read}")
    for table, want in (("events", c.get("events")), ("articles", read), ("rejects", rejected)):
        if table in rows and rows[table] != want:
            add(f"table {table}", f"{rows[table]} rows, manifest counts say {want}")
    ch = manifest.get("changes", {})
    n_changes = sum(ch.get(k, 0) for k in ("added", "removed", "modified"))
    if "changes" in rows and rows["changes"] != n_changes:
        add("table changes", f"{rows['changes']} rows, manifest changes say {n_changes}")
    try:
        status = _column_counts(release, manifest, "articles", "status")
        if status is not None and (status.get("coded", 0), status.get("no-event", 0),
                                   status.get("rejected", 0)) != (coded, no_event, rejected):
            add("table articles", f"statuses {dict(sorted(status.items()))} disagree with the "
                                  "manifest counts")
        reasons = _column_counts(release, manifest, "rejects", "reason")
        if reasons is not None and reasons != c.get("rejects_by_reason", reasons):
            add("table rejects", f"reasons {reasons} disagree with the manifest's "
                                 f"{c.get('rejects_by_reason')}")
        kinds = _column_counts(release, manifest, "changes", "change")
        if kinds is not None:
            for k in ("added", "removed", "modified"):
                if kinds.get(k, 0) != ch.get(k, 0):
                    add("table changes",
                        f"{kinds.get(k, 0)} {k} rows, manifest says {ch.get(k, 0)}")
    except Exception as e:  # an unreadable file is reported above already
        add("tables", f"could not read a column to check the counts ({type(e).__name__}: {e})")


def _column_counts(release: Path, manifest: Mapping[str, Any], table: str,
                   column: str) -> dict[str, int] | None:
    files = manifest.get("tables", {}).get(table, {}).get("files", [])
    if not files:
        return None
    counts: dict[str, int] = {}
    for rel in files:
        col = pq.read_table(release / rel, columns=[column]).column(column).combine_chunks()
        vc = pc.value_counts(col)
        for v, n in zip(vc.field(0).to_pylist(), vc.field(1).to_pylist(), strict=True):
            counts[str(v)] = counts.get(str(v), 0) + int(n)
    return counts


def _deep_validate(release: Path, manifest: Mapping[str, Any], add: Add) -> None:
    from events.errors import SchemaValidationError
    from events.rows import validate

    if manifest.get("schema_version") != SCHEMA_VERSION:
        add("--deep", f"release has schema version {manifest.get('schema_version')}, this "
                      f"program validates {SCHEMA_VERSION}: skipped")
        return
    for table, info in manifest.get("tables", {}).items():
        if table not in TABLES:
            continue
        frames = [read_table(release / rel, table) for rel in info.get("files", [])]
        df = pd.concat(frames, ignore_index=True) if frames else read_table(release / "-", table)
        try:
            validate(table, df)
        except SchemaValidationError as e:
            for f in e.failures[:20]:
                add(f"table {table}", f)


def release_summary(root: Path, version: str) -> dict[str, Any]:
    """What `events releases` shows of one release (never raises)."""
    path = releases_dir(root) / version
    try:
        m = read_manifest(path)
    except ReleaseError as e:
        return {"version": version, "path": str(path), "error": str(e)}
    c, ch = m.get("counts", {}), m.get("changes", {})
    return {
        "version": version, "path": str(path), "created": m.get("created"),
        "previous": m.get("previous"), "events": c.get("events"), "articles": c.get("read"),
        "rejected": c.get("rejected"), "added": ch.get("added"), "removed": ch.get("removed"),
        "modified": ch.get("modified"), "schema_version": m.get("schema_version"),
        "coder_version": m.get("coder_version"),
        "event_dates": m.get("event_dates", {}),
    }


def data_checksums(release: Path) -> dict[str, str]:
    """`SHA256SUMS` entries of the data files (path → sha256)."""
    out = {}
    for ln in (release / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        m = _SUMS_LINE.match(ln)
        if m and m.group(2).startswith("data/"):
            out[m.group(2)] = m.group(1)
    return out


def dump_problems(problems: Sequence[Problem]) -> str:
    return "\n".join(f"  {p}" for p in problems)


# --------------------------------------------------------------------------
# assembling a release


@dataclass(frozen=True, slots=True)
class NewRelease:
    """Everything a build hands over to be written as a release, as frames in memory."""

    events: pd.DataFrame
    articles: pd.DataFrame
    rejects: pd.DataFrame
    #: read, coded, no_event, rejected, events, rejects_by_reason
    counts: Mapping[str, Any]
    #: coder_version, package_version, dictionary_digest, mode, recoded, from_cache
    build: Mapping[str, Any]
    input_sha256: str

    def write_data(self, tmp: Path) -> dict[str, list[str]]:
        """Write the events (one file per year), articles and rejects under `tmp`."""
        from events.codebook import TABLE_PATHS

        files: dict[str, list[str]] = {"events": []}
        for key, part in events_by_year(sort_events(self.events)).items():
            rel = events_file(key)
            write_parquet(part, "events", tmp / rel)
            files["events"].append(rel)
            checkpoint("wrote " + rel)
        for table, frame in (("articles", self.articles), ("rejects", self.rejects)):
            rel = TABLE_PATHS[table]
            write_parquet(frame, table, tmp / rel)
            files[table] = [rel]
            checkpoint("wrote " + rel)
        return files


@dataclass(frozen=True, slots=True)
class StreamedRelease:
    """A release whose data files the build writes itself, streaming (see `events.build`).

    `write_data(tmp)` writes the events (one file per year, and the undated
    file), articles and rejects tables under the staging folder `tmp` with
    `write_parquet`, and returns the relative paths written per table.
    """

    write_data: Callable[[Path], dict[str, list[str]]]
    counts: Mapping[str, Any]
    build: Mapping[str, Any]
    input_sha256: str


def environment() -> dict[str, str]:
    """Versions that can change the bytes of a data file (recorded, never in data)."""
    import platform
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    env = {"python": platform.python_version(),
           "platform": f"{platform.system().lower()}-{platform.machine()}"}
    for dist in ("pandas", "pyarrow", "pandera", "dateparser", "pycountry", "pyahocorasick",
                 "filelock", "numpy"):
        try:
            env[dist] = dist_version(dist)
        except PackageNotFoundError:
            env[dist] = "absent"
    return env


def _previous(root: Path, prev: str | None) -> tuple[Path | None, dict[str, Any] | None,
                                                    str | None]:
    """The previous release's folder, manifest and changelog (None if absent)."""
    if prev is None:
        return None, None, None
    path = releases_dir(root) / prev
    damaged = quick_check(path)
    if damaged:
        # the changelog compares with this release: a damaged one would make it wrong
        raise ReleaseError(
            f"the previous release {prev} (named by LATEST) is damaged: {'; '.join(damaged[:3])}. "
            f"Run `events verify {prev}` and restore it from a copy, or point LATEST at an "
            "intact release; nothing was written")
    try:
        manifest: dict[str, Any] | None = read_manifest(path)
    except ReleaseError:
        manifest = {"version": prev}
    try:
        text: str | None = (path / "CHANGELOG.md").read_text(encoding="utf-8")
    except OSError:
        text = None
    return path, manifest, text


def quick_check(release: Path) -> list[str]:
    """Cheap integrity check (no hashing): the manifest's data files exist with their sizes."""
    try:
        m = read_manifest(release)
    except ReleaseError as e:
        return [str(e)]
    out = []
    for entry in m.get("files", []):
        rel, size = entry.get("path"), entry.get("bytes")
        p = release / str(rel)
        if not p.is_file():
            out.append(f"{rel} is missing")
        elif p.stat().st_size != size:
            out.append(f"{rel} has {p.stat().st_size} bytes, manifest says {size}")
    return out


def make_release(root: Path, new: NewRelease | StreamedRelease, version: str,
                 created: datetime) -> dict[str, Any]:
    """Write and publish a release; an I/O failure (disk full, permissions) is a ReleaseError."""
    try:
        return _make_release(root, new, version, created)
    except OSError as e:
        where = f" ({e.filename})" if getattr(e, "filename", None) else ""
        raise ReleaseError(f"could not write release {version}: {e.strerror or e}{where}; "
                           "nothing was published") from e


def _make_release(root: Path, new: NewRelease | StreamedRelease, version: str,
                  created: datetime) -> dict[str, Any]:
    """Write `new` as release `version` under `root` and publish it; return its manifest.

    Call with the output root's lock held. Writes the data files into a
    staging folder, diffs them against the files of the release LATEST names
    (with bounded memory, `events.diff.diff_event_files`), writes the
    documents, checksums everything and moves the folder into place (see
    `publish`).
    """
    from events.codebook import TABLE_PATHS, codebook_markdown, datapackage
    from events.diff import changelog, changelog_section, diff_article_files, diff_event_files
    from events.schemas import schema_fingerprint
    from events.spool import remove_dir, scratch_dir

    check_new_version(root, version)
    prev = latest(root)
    prev_path, prev_manifest, prev_changelog = _previous(root, prev)

    with staging(root) as tmp:
        checkpoint("staging")
        files = new.write_data(tmp)
        checkpoint("diff")
        old_events = sorted((prev_path / "data" / "events").glob("*.parquet")) \
            if prev_path is not None else []
        scratch = scratch_dir(root / ".staging", "diff-")
        try:
            changes, change_rows = diff_event_files(old_events, [tmp / f for f in files["events"]],
                                                    scratch)
            rel = TABLE_PATHS["changes"]
            write_parquet(change_rows, "changes", tmp / rel)
        finally:
            remove_dir(scratch)
        files["changes"] = [rel]
        checkpoint("wrote " + rel)
        articles_diff = diff_article_files(
            prev_path / TABLE_PATHS["articles"] if prev_path is not None else None,
            tmp / TABLE_PATHS["articles"])
        entries = [file_entry(tmp, rel, t) for t in files for rel in files[t]]
        rows = {t: sum(e["rows"] for e in entries if e["table"] == t) for t in files}
        dated = [e for e in entries if e["table"] == "events" and e.get("event_date_min")]
        by_year = {e["path"].rsplit("events-", 1)[1].removesuffix(".parquet"): e["rows"]
                   for e in entries if e["table"] == "events"}
        manifest: dict[str, Any] = {
            "manifest_version": 1,
            "dataset": "events",
            "title": "events: CAMEO-coded events from Arabic and English news",
            "license": "CC-BY-4.0",
            "version": version,
            "previous": prev,
            "created": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "schema_version": SCHEMA_VERSION,
            "schema_fingerprint": schema_fingerprint(),
            "coder_version": new.build.get("coder_version"),
            "package_version": new.build.get("package_version"),
            "dictionary_digest": new.build.get("dictionary_digest"),
            "input_sha256": new.input_sha256,
            "environment": environment(),
            "build": {"mode": new.build.get("mode"), "recoded": new.build.get("recoded", 0),
                      "from_cache": new.build.get("from_cache", 0),
                      "parquet": dict(PARQUET_OPTIONS),
                      # reference day and size limits of ingest (see README, "Bad input")
                      "ingest": dict(new.build.get("ingest") or {})},
            "inputs": {"records": new.counts["read"], "input_sha256": new.input_sha256,
                       "articles": articles_diff.as_dict()},
            "counts": {**{k: new.counts[k] for k in ("read", "coded", "no_event", "rejected",
                                                       "events")},
                       "rejects_by_reason": dict(new.counts.get("rejects_by_reason", {})),
                       "warnings_by_code": dict(new.counts.get("warnings_by_code", {})),
                       "events_by_year": by_year},
            "event_dates": {"min": min((e["event_date_min"] for e in dated), default=None),
                            "max": max((e["event_date_max"] for e in dated), default=None),
                            "undated": by_year.get(UNDATED, 0)},
            "changes": {"from": prev, **changes.as_dict(), "path": TABLE_PATHS["changes"]},
            "tables": {t: {"files": files[t], "rows": rows[t]} for t in files},
            "files": sorted(entries, key=lambda e: e["path"]),
        }
        write_json(tmp / "manifest.json", manifest)
        dp = datapackage(version, [{"name": t, "path": files[t], "rows": rows[t]} for t in files])
        write_json(tmp / "datapackage.json", dp)
        write_text(tmp / "CODEBOOK.md", codebook_markdown(version))
        write_text(tmp / "CHANGELOG.md",
                   changelog(changelog_section(manifest, prev_manifest), prev_changelog))
        write_text(tmp / "CITATION.cff", citation(version, created.date()))
        from events.report import write_report  # imported here: events.report imports us
        write_report(tmp)  # report.html: plots of the release, covered by SHA256SUMS
        checkpoint("docs")
        write_checksums(tmp)
        checkpoint("checksums")
        publish(root, tmp, version)
    return manifest


def citation(version: str, released: date) -> str:
    """`CITATION.cff` (Citation File Format 1.2.0) for a release."""
    return (
        "cff-version: 1.2.0\n"
        "message: \"If you use this dataset, please cite this release (its version and date).\"\n"
        "type: dataset\n"
        "title: \"events: CAMEO-coded events from Arabic and English news\"\n"
        f"version: \"{version}\"\n"
        f"date-released: \"{released.isoformat()}\"\n"
        "authors:\n  - name: \"events developers\"\n"
        "license: CC-BY-4.0\n"
        "keywords:\n  - event data\n  - CAMEO\n  - Arabic\n  - news\n"
    )
