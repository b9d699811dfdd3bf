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
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow
import pyarrow.compute as pc

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
