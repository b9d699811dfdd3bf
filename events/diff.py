"""What changed between two releases, and the changelog that says it.

- Events are matched by `event_id` (a hash of the article id, the evidence
  span and the coding, see `events.rows.event_id`): an id only in the new
  release is **added**, only in the old one **removed**, in both with some
  other column different **modified** (with the list of changed columns).
  The result is the release's `changes` table (`data/changes.parquet`).
- Articles are matched by id and compared by content hash: new, changed,
  removed, unchanged. That is what a rebuild had to re-code.
- `changelog_section` turns both into the Markdown section a release adds on
  top of its predecessor's `CHANGELOG.md`.

Values are compared exactly (nulls equal nulls; lists element by element);
the comparison is vectorised, so a diff of millions of events takes seconds.
Columns present in only one of the two releases (a schema change) are not
compared, and are named in the result.

Two implementations give the same result. `diff_events` and `diff_articles`
compare two tables held in memory (the `events diff` command, tests).
`diff_event_files` and `diff_article_files` compare the Parquet files of two
releases with bounded memory, which is what a build does: they hold a few
64-bit numbers per event (its id and a digest of its row),
read each file twice at most (a digest per row, then per-column digests of
the rows that differ), and spool the changes table to disk in sorted runs
(`events.spool`), so a release of millions of events is diffed without
loading either release.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow
import pyarrow.compute as pc
import pyarrow.parquet as pq

from events.errors import ReleaseError

CHANGE_TYPES = ("added", "modified", "removed")
CHANGES_COLUMNS = ["event_id", "article_id", "change", "changed_columns"]


@dataclass(frozen=True, slots=True)
class Changes:
    """Events added, removed and modified from one release to the next."""

    added: int
    removed: int
    modified: int
    #: the changes table: event_id, article_id, change, changed_columns
    frame: pd.DataFrame
    #: column → number of modified events in which it changed
    modified_columns: Mapping[str, int] = field(default_factory=dict)
    #: columns in only one of the two releases (not compared)
    not_compared: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {"added": self.added, "removed": self.removed, "modified": self.modified,
                "modified_columns": dict(self.modified_columns),
                "not_compared": list(self.not_compared)}


@dataclass(frozen=True, slots=True)
class ArticleChanges:
    """Articles (by id and content hash) new, changed, removed and unchanged."""

    new: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"new": self.new, "changed": self.changed, "removed": self.removed,
                "unchanged": self.unchanged}


def _arrow(s: pd.Series) -> pyarrow.Array:
    arr = pyarrow.array(s.array) if isinstance(s.dtype, pd.ArrowDtype) else pyarrow.array(s)
    return arr.combine_chunks() if isinstance(arr, pyarrow.ChunkedArray) else arr


def _comparable(arr: pyarrow.Array) -> pyarrow.Array:
    """Lists as one string each (length + joined items), so `equal` can compare them."""
    if pyarrow.types.is_list(arr.type) or pyarrow.types.is_large_list(arr.type):
        items = arr if pyarrow.types.is_string(arr.type.value_type) else pc.cast(
            arr, pyarrow.list_(pyarrow.string()))
        joined = pc.binary_join(items, "\x1f")
        length = pc.cast(pc.list_value_length(arr), pyarrow.string())
        return pc.binary_join_element_wise(length, joined, "\x1e")
    return arr


def same_values(a: pd.Series, b: pd.Series) -> np.ndarray:
    """Element-wise "equal or both null" of two aligned columns."""
    x, y = _arrow(a), _arrow(b)
    if not x.type.equals(y.type):  # retyped column: compare what a reader would see
        x = pyarrow.array([None if v is None else str(v) for v in x.to_pylist()], pyarrow.string())
        y = pyarrow.array([None if v is None else str(v) for v in y.to_pylist()], pyarrow.string())
    x, y = _comparable(x), _comparable(y)
    both_null = pc.and_(pc.is_null(x), pc.is_null(y))
    equal = pc.fill_null(pc.equal(x, y), False)
    out: np.ndarray = pc.or_(both_null, equal).to_numpy(zero_copy_only=False)
    return out


def diff_events(old: pd.DataFrame, new: pd.DataFrame) -> Changes:
    """Events added, removed and modified (by `event_id`) from `old` to `new`."""
    for name, df in (("old", old), ("new", new)):
        if df["event_id"].duplicated().any():
            raise ReleaseError(f"the {name} events table has duplicate event ids")
    o = old.set_index(old["event_id"].astype(str).to_numpy())
    n = new.set_index(new["event_id"].astype(str).to_numpy())
    added_ids = sorted(set(n.index) - set(o.index))
    removed_ids = sorted(set(o.index) - set(n.index))
    common = sorted(set(n.index) & set(o.index))
    cols = [c for c in new.columns if c in old.columns and c != "event_id"]
    not_compared = tuple(sorted((set(new.columns) ^ set(old.columns)) - {"event_id"}))

    rows: list[dict[str, Any]] = []
    rows += [{"event_id": e, "article_id": n.at[e, "article_id"], "change": "added",
              "changed_columns": []} for e in added_ids]
    rows += [{"event_id": e, "article_id": o.at[e, "article_id"], "change": "removed",
              "changed_columns": []} for e in removed_ids]
    modified_columns: dict[str, int] = {}
    n_modified = 0
    if common and cols:
        oc, nc = o.loc[common], n.loc[common]
        changed = np.column_stack([~same_values(oc[c], nc[c]) for c in cols])
        for j, c in enumerate(cols):
            k = int(changed[:, j].sum())
            if k:
                modified_columns[c] = k
        article = nc["article_id"].tolist()
        for i in np.flatnonzero(changed.any(axis=1)):
            n_modified += 1
            rows.append({"event_id": common[i], "article_id": article[i], "change": "modified",
                         "changed_columns": [cols[j] for j in np.flatnonzero(changed[i])]})
    rows.sort(key=lambda r: (CHANGE_TYPES.index(r["change"]), r["event_id"]))
    frame = pd.DataFrame(rows, columns=CHANGES_COLUMNS)
    return Changes(len(added_ids), len(removed_ids), n_modified, frame,
                   dict(sorted(modified_columns.items(), key=lambda kv: (-kv[1], kv[0]))),
                   not_compared)


def diff_articles(old: pd.DataFrame | None, new: pd.DataFrame) -> ArticleChanges:
    """Compare two articles tables by article id and content hash."""
    def by_id(df: pd.DataFrame) -> dict[str, str | None]:
        out: dict[str, str | None] = {}
        for aid, h in zip(df["article_id"].tolist(), df["content_sha256"].tolist(), strict=True):
            if isinstance(aid, str) and aid not in out:
                out[aid] = h if isinstance(h, str) else None
        return out

    n = by_id(new)
    if old is None or "content_sha256" not in old.columns:
        return ArticleChanges(new=len(n))
    o = by_id(old)
    both = n.keys() & o.keys()
    changed = sum(1 for a in both if n[a] != o[a])
    return ArticleChanges(new=len(n.keys() - o.keys()), changed=changed,
                          removed=len(o.keys() - n.keys()), unchanged=len(both) - changed)


# --------------------------------------------------------------------------
# the same diffs over Parquet files, with bounded memory

#: rows read per step from a release's files
_READ_BATCH = 16_384
_HEX16 = frozenset("0123456789abcdef")


def _file_schema(files: Sequence[Path]) -> pyarrow.Schema | None:
    return pq.read_schema(files[0]) if files else None


def _column_batches(files: Sequence[Path], columns: list[str]) -> Iterator[pyarrow.RecordBatch]:
    """`columns` of every file, in file order, a batch at a time."""
    for f in files:
        yield from pq.ParquetFile(f).iter_batches(batch_size=_READ_BATCH, columns=columns)


def _event_ids(files: Sequence[Path], which: str) -> np.ndarray | None:
    """Every event id of `files` as uint64 (None if one is not 16 hex digits); no duplicates."""
    parts = []
    for batch in _column_batches(files, ["event_id"]):
        ids = batch.column(0).to_pylist()
        if not all(isinstance(e, str) and len(e) == 16 and _HEX16.issuperset(e) for e in ids):
            return None
        parts.append(np.fromiter((int(e, 16) for e in ids), dtype=np.uint64, count=len(ids)))
    out = np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint64)
    if np.unique(out).size != out.size:
        raise ReleaseError(f"the {which} events table has duplicate event ids")
    return out


def _same_type(a: pyarrow.DataType, b: pyarrow.DataType) -> bool:
    if pyarrow.types.is_list(a) and pyarrow.types.is_list(b):
        return bool(a.value_type.equals(b.value_type))
    return bool(a.equals(b))


def _value_digests(values: list[Any], as_text: bool) -> np.ndarray:
    """A 64-bit digest of each value.

    Equal values (nulls included, lists element by element) give equal
    digests; different values differ but for a 2**-64 chance. `as_text`
    compares what a reader would see (a retyped column), as `same_values`
    does. The digests are Python hashes: stable within one process, which
    is all a diff needs.
    """
    if as_text:
        values = [None if v is None else str(v) for v in values]
    return np.fromiter((hash(tuple(v)) if isinstance(v, list) else hash(v) for v in values),
                       dtype=np.int64, count=len(values))


#: odd multipliers that combine column digests into a row digest
_MIX = np.random.default_rng(20261123).integers(1, 2**63, size=256, dtype=np.int64) | 1


def _row_digests(files: Sequence[Path], cols: list[str], as_text: set[str]) -> np.ndarray:
    """One 64-bit digest per row over `cols`, in file order (one read of each file).

    Each row is first encoded as one string by Arrow kernels (every value
    as `<length>:<text>`, a null as NUL: an encoding no two different rows
    share, lists joined as `same_values` compares them), then hashed once:
    one Python call per row instead of one per value.
    """
    parts = []
    for batch in _column_batches(files, cols):
        if as_text or batch.num_rows == 0:  # retyped columns: the value-by-value way
            acc = np.zeros(batch.num_rows, dtype=np.int64)
            for j, c in enumerate(cols):
                d = _value_digests(batch.column(j).to_pylist(), c in as_text)
                acc += d * _MIX[j % len(_MIX)] + j
            parts.append(acc)
            continue
        fields = [_encoded(batch.column(j)) for j in range(len(cols))]
        rows = pc.binary_join_element_wise(*fields, "")
        parts.append(np.fromiter((hash(r) for r in rows.to_pylist()), dtype=np.int64,
                                 count=batch.num_rows))
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def _encoded(arr: pyarrow.Array) -> pyarrow.Array:
    """Each value as `<byte length>:<text>`, a null as NUL (self-delimiting)."""
    if pyarrow.types.is_list(arr.type) or pyarrow.types.is_large_list(arr.type):
        text = _comparable(arr)   # "<items>\x1e<joined items>", as `same_values` sees lists
    elif pyarrow.types.is_string(arr.type) or pyarrow.types.is_large_string(arr.type):
        text = arr
    else:
        text = pc.cast(arr, pyarrow.string())
    length = pc.cast(pc.binary_length(text), pyarrow.string())
    return pc.fill_null(pc.binary_join_element_wise(length, text, ":"), "\x00")


def _cell_digests(files: Sequence[Path], cols: list[str], as_text: set[str],
                  rows: np.ndarray) -> np.ndarray:
    """Per-column digests (len(rows) × len(cols)) of the rows at positions `rows` (sorted)."""
    out = np.zeros((rows.size, len(cols)), dtype=np.int64)
    pos = done = 0
    for batch in _column_batches(files, cols):
        n = batch.num_rows
        hi = int(np.searchsorted(rows, pos + n))
        if hi > done:
            take = pyarrow.array(rows[done:hi] - pos)
            for j, c in enumerate(cols):
                out[done:hi, j] = _value_digests(batch.column(j).take(take).to_pylist(),
                                                 c in as_text)
            done = hi
        pos += n
    return out


def diff_event_files(old_files: Sequence[Path], new_files: Sequence[Path],
                     scratch: Path) -> tuple[Changes, Iterator[pyarrow.Table]]:
    """`diff_events` over two releases' event files, with bounded memory.

    Returns the counts (with an empty `frame`) and the rows of the changes
    table as a stream of tables sorted like `diff_events`' frame (change
    type, then event id), to be written with `release.write_parquet`.
    `scratch` holds the spool of changes while it is sorted. Falls back to
    `diff_events` in memory for event ids that are not 16 hex digits (never
    the case for a release that validates).
    """
    from events.schemas import TABLES, arrow_schema
    from events.spool import KEY, Spool, key

    old_files, new_files = sorted(old_files), sorted(new_files)
    nid = _event_ids(new_files, "new")
    oid = _event_ids(old_files, "old")
    if nid is None or oid is None:
        return _diff_in_memory(old_files, new_files)
    o_schema, n_schema = _file_schema(old_files), _file_schema(new_files)
    o_names = o_schema.names if o_schema is not None else (n_schema.names if n_schema else [])
    n_names = n_schema.names if n_schema is not None else o_names
    cols = [c for c in n_names if c in o_names and c != "event_id"]
    not_compared = tuple(sorted((set(n_names) ^ set(o_names)) - {"event_id"}))

    common, o_at, n_at = np.intersect1d(oid, nid, assume_unique=True, return_indices=True)
    added = ~np.isin(nid, oid, assume_unique=True)
    removed = ~np.isin(oid, nid, assume_unique=True)
    changed = np.zeros((common.size, len(cols)), dtype=bool)
    if common.size and cols and o_schema is not None and n_schema is not None:
        as_text = {c for c in cols
                   if not _same_type(o_schema.field(c).type, n_schema.field(c).type)}
        # pass 1: one digest per row; pass 2: per-column digests of the rows that differ
        differ = np.flatnonzero(_row_digests(old_files, cols, as_text)[o_at]
                                != _row_digests(new_files, cols, as_text)[n_at])
        if differ.size:
            o_rows, n_rows = o_at[differ], n_at[differ]
            o_order, n_order = np.argsort(o_rows), np.argsort(n_rows)
            o_cells = np.empty((differ.size, len(cols)), dtype=np.int64)
            n_cells = np.empty((differ.size, len(cols)), dtype=np.int64)
            o_cells[o_order] = _cell_digests(old_files, cols, as_text, o_rows[o_order])
            n_cells[n_order] = _cell_digests(new_files, cols, as_text, n_rows[n_order])
            changed[differ] = o_cells != n_cells
    modified_rows = changed.any(axis=1)
    modified_columns = {c: int(changed[:, j].sum()) for j, c in enumerate(cols)
                        if changed[:, j].any()}
    counts = Changes(int(added.sum()), int(removed.sum()), int(modified_rows.sum()),
                     pd.DataFrame(columns=CHANGES_COLUMNS),
                     dict(sorted(modified_columns.items(), key=lambda kv: (-kv[1], kv[0]))),
                     not_compared)

    # the changes table: spooled in sorted runs, so that it may be as long as the release
    schema = arrow_schema(TABLES["changes"])
    kschema = schema.append(pyarrow.field(KEY, pyarrow.binary()))
    spool = Spool(scratch, kschema, budget=16 << 20, name="changes")
    # position in new-file order -> list of changed columns, for modified events
    mod_cols: dict[int, list[str]] = {
        int(n_at[i]): [cols[j] for j in np.flatnonzero(changed[i])]
        for i in np.flatnonzero(modified_rows)}

    def spool_side(files: Sequence[Path], pick: np.ndarray, change_of: Any) -> None:
        pos = 0
        for batch in _column_batches(files, ["event_id", "article_id"]):
            n = batch.num_rows
            sel = np.flatnonzero(pick[pos:pos + n])
            if sel.size:
                eids = batch.column(0).take(pyarrow.array(sel)).to_pylist()
                aids = batch.column(1).take(pyarrow.array(sel)).to_pylist()
                rows = [change_of(pos + int(i)) for i in sel]
                spool.add(pyarrow.table({
                    "event_id": eids, "article_id": aids,
                    "change": [r[0] for r in rows],
                    "changed_columns": [r[1] for r in rows],
                    KEY: [key(CHANGE_TYPES.index(r[0]), e)
                          for r, e in zip(rows, eids, strict=True)],
                }, schema=kschema))
            pos += n

    new_pick = added.copy()
    if mod_cols:
        new_pick[np.fromiter(mod_cols, dtype=np.int64, count=len(mod_cols))] = True
    spool_side(new_files, new_pick,
               lambda p: ("added", []) if added[p] else ("modified", mod_cols[p]))
    spool_side(old_files, removed, lambda p: ("removed", []))
    return counts, (t.drop_columns([KEY]) for t in spool.sorted())


def _diff_in_memory(old_files: Sequence[Path],
                    new_files: Sequence[Path]) -> tuple[Changes, Iterator[pyarrow.Table]]:
    from events.rows import to_frame
    from events.schemas import TABLES, arrow_schema

    def load(files: Sequence[Path]) -> pd.DataFrame:
        tbl = pyarrow.concat_tables([pq.read_table(f).replace_schema_metadata(None)
                                     for f in files], promote_options="default") \
            if files else arrow_schema(TABLES["events"]).empty_table()
        out: pd.DataFrame = tbl.to_pandas(types_mapper=pd.ArrowDtype)
        return out

    ch = diff_events(load(old_files), load(new_files))
    frame = to_frame("changes", [{str(k): v for k, v in r.items()}
                                 for r in ch.frame.to_dict("records")])
    schema = arrow_schema(TABLES["changes"])
    table = pyarrow.Table.from_pandas(frame[schema.names], schema=schema, preserve_index=False)
    return ch, iter([table])


def _text_digest(value: str) -> int:
    """A stable 64-bit digest of a string (for article ids and content hashes)."""
    d = int.from_bytes(hashlib.blake2b(value.encode("utf-8", "surrogatepass"),
                                       digest_size=8).digest(), "big")
    return d or 1  # 0 stands for "no content hash"


def _article_keys(path: Path | None) -> tuple[np.ndarray, np.ndarray] | None:
    """(id digest, content digest) of each article id's first row in an articles file."""
    if path is None or not path.exists():
        return None
    names = pq.read_schema(path).names
    if "article_id" not in names or "content_sha256" not in names:
        return None
    ids: list[np.ndarray] = []
    hashes: list[np.ndarray] = []
    for batch in _column_batches([path], ["article_id", "content_sha256"]):
        pairs = [(a, h) for a, h in zip(batch.column(0).to_pylist(), batch.column(1).to_pylist(),
                                        strict=True) if isinstance(a, str)]
        ids.append(np.fromiter((_text_digest(a) for a, _ in pairs), dtype=np.uint64,
                               count=len(pairs)))
        hashes.append(np.fromiter((_text_digest(h) if isinstance(h, str) else 0 for _, h in pairs),
                                  dtype=np.uint64, count=len(pairs)))
    i = np.concatenate(ids) if ids else np.zeros(0, dtype=np.uint64)
    h = np.concatenate(hashes) if hashes else np.zeros(0, dtype=np.uint64)
    uniq, first = np.unique(i, return_index=True)  # the first row of an id counts
    return uniq, h[first]


def diff_article_files(old: Path | None, new: Path) -> ArticleChanges:
    """`diff_articles` over two articles files, holding two 64-bit digests per article."""
    n = _article_keys(new)
    if n is None:
        return ArticleChanges()
    o = _article_keys(old)
    if o is None:
        return ArticleChanges(new=int(n[0].size))
    both, o_at, n_at = np.intersect1d(o[0], n[0], assume_unique=True, return_indices=True)
    changed = int((o[1][o_at] != n[1][n_at]).sum())
    return ArticleChanges(new=int(n[0].size - both.size), changed=changed,
                          removed=int(o[0].size - both.size),
                          unchanged=int(both.size) - changed)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def changelog_section(manifest: Mapping[str, Any], previous: Mapping[str, Any] | None) -> str:
    """The Markdown section for one release, from its manifest (and its predecessor's)."""
    version = manifest["version"]
    created = str(manifest.get("created") or "")[:10]
    ch, c = manifest["changes"], manifest["counts"]
    art = manifest.get("inputs", {}).get("articles", {})
    lines = [f"## {version}" + (f" ({created})" if created else ""), ""]
    if previous is None:
        lines.append("First release under this output root: every event is new.")
    else:
        lines.append(f"Compared with {previous['version']}.")
        notes = []
        for key, label in (("schema_version", "schema"), ("coder_version", "coder")):
            a, b = previous.get(key), manifest.get(key)
            notes.append(f"{label} {b}" + (f" (was {a})" if a != b else " (unchanged)"))
        same_dict = previous.get("dictionary_digest") == manifest.get("dictionary_digest")
        notes.append("dictionaries " + ("unchanged" if same_dict else "changed"))
        text = "; ".join(notes)
        lines.append(text[0].upper() + text[1:] + ".")
    lines += ["", "| events | count |", "|---|---|",
              f"| added | {ch['added']} |", f"| modified | {ch['modified']} |",
              f"| removed | {ch['removed']} |", f"| in this release | {c['events']} |", ""]
    if ch.get("modified_columns"):
        lines += ["Modified columns: " + ", ".join(
            f"`{k}` ({v})" for k, v in ch["modified_columns"].items()) + ".", ""]
    if ch.get("not_compared"):
        lines += ["Not compared (the column is in only one of the two releases): "
                  + ", ".join(f"`{k}`" for k in ch["not_compared"]) + ".", ""]
    if art:
        lines.append(f"Articles: {art.get('new', 0)} new, {art.get('changed', 0)} changed, "
                     f"{art.get('removed', 0)} removed, {art.get('unchanged', 0)} unchanged.")
    b = manifest.get("build", {})
    if b:
        lines.append(f"Build: {b.get('mode', '?')}; {_plural(b.get('recoded', 0), 'article')} "
                     f"coded, {b.get('from_cache', 0)} from the cache.")
    reasons = c.get("rejects_by_reason") or {}
    rej = f"rejected {c['rejected']}" + (
        " (" + ", ".join(f"{k} {v}" for k, v in reasons.items()) + ")" if reasons else "")
    lines += [f"Records read {c['read']}: coded {c['coded']}, no event {c['no_event']}, {rej}.",
              "", "Every added, modified and removed event is listed in `data/changes.parquet`.",
              ""]
    return "\n".join(lines)


CHANGELOG_HEAD = (
    "# Changelog\n\n"
    "Each release compares its events with the previous release's by `event_id`: added,\n"
    "modified (same id, another column differs) and removed. Newest release first.\n\n"
)


def changelog(section: str, previous_text: str | None) -> str:
    """`CHANGELOG.md`: the new section on top of the previous release's sections."""
    older = ""
    if previous_text and "\n## " in "\n" + previous_text:
        older = previous_text[("\n" + previous_text).index("\n## "):]
    return CHANGELOG_HEAD + section + ("\n" + older.lstrip("\n") if older else "")
