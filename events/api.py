"""Load a release in one line, and read its codebook as data.

    >>> import events
    >>> df = events.load()                      # events of the latest release under ./output
    >>> df = events.load("2026.11.0", columns=["event_date", "event_code"],
    ...                  filters=[("event_root_code", "in", ["18", "19", "20"])])
    >>> events.codebook()                       # every column of every table
    >>> events.codebook("codes")                # every code: CAMEO, QuadClass, topics, …

What `load()` returns (and how it differs from `pandas.read_parquet`):

- **codes are categoricals with the full vocabulary as categories**: event
  and root codes, actor types, countries, language, date precision and
  source (and, in the other tables, status, reason, …). The categories come
  from the schema, not from the data, so they are the same in every release:
  `value_counts()` lists codes that never occur with a count of 0 (pass
  `observed=True` to `groupby` to drop them). A value outside the vocabulary
  (never written by a validated build) is kept, appended as a category;
- **dates are `datetime64[ns]`** (`NaT` when unknown), so `.dt`, resampling
  and comparisons with `"2025-01-01"` work; `read_parquet` gives
  `datetime.date` objects instead;
- **lists are Python lists** (`topics`, `warnings`, `changed_columns`), so
  `df.explode("topics")` works; `read_parquet` gives NumPy arrays;
- **scores are float64 with the value as written** (`goldstein` 3.4, not the
  float32 3.4000000953674316);
- nullable integers (`line`, `byte_offset`) use pandas' `Int64`; other
  integers keep their width (`quad_class` is `int8`, 1-4); free text is
  pandas' default string dtype.

`codebook()` is generated from the same sources as the release's CODEBOOK.md
(the pandera models of `events.schemas` and the vocabularies of
`events.taxonomy`); nothing in it is copied by hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow
import pyarrow.compute as pc
import pyarrow.dataset as pads
import pyarrow.parquet as pq

from events.codebook import TABLE_PATHS, pandas_dtypes, table_schema
from events.errors import ReleaseError, UsageError
from events.release import read_manifest, resolve
from events.schemas import TABLES, arrow_schema, iso3_codes
from events.taxonomy import (
    AGENT_TYPES,
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

Filters = Any  # DNF list of (column, op, value) tuples, or a pyarrow.compute.Expression


def release_path(release: str | Path | None = "latest", root: str | Path = "output") -> Path:
    """The folder of a release: a version, a release folder, or "latest"."""
    return resolve(Path(root), release)


def table_files(release: Path, table: str) -> list[Path]:
    """The Parquet files of one table of a release, as the manifest lists them."""
    if table not in TABLES:
        raise UsageError(f"no table {table!r}; tables are: {', '.join(TABLES)}")
    try:
        listed = read_manifest(release).get("tables", {}).get(table, {}).get("files")
    except ReleaseError:
        listed = None
    if listed is not None:
        return [release / rel for rel in listed]
    where = release / TABLE_PATHS[table]
    if where.is_dir():
        return sorted(where.glob("*.parquet"))
    return [where] if where.exists() else []


def read_arrow(release: Path, table: str = "events", columns: Sequence[str] | None = None,
               filters: Filters = None) -> pyarrow.Table:
    """One table of a release as an Arrow table, with column selection and filters."""
    if table not in TABLES:
        raise UsageError(f"no table {table!r}; tables are: {', '.join(TABLES)}")
    schema = arrow_schema(TABLES[table])
    if columns is not None:
        columns = list(columns)
        unknown = [c for c in columns if c not in schema.names]
        if unknown:
            raise UsageError(f"no column {', '.join(map(repr, unknown))} in table {table!r}; "
                             f"columns are: {', '.join(schema.names)}")
    expr = _filter_expression(filters, schema)
    files = table_files(release, table)
    missing = [p for p in files if not p.exists()]
    if missing:
        raise ReleaseError(f"{release}: {table} file {missing[0].name} is missing "
                           "(run `events verify`)")
    source = (pads.dataset([str(p) for p in files], schema=schema, format="parquet")
              if files else pads.dataset(schema.empty_table()))
    try:
        return source.to_table(columns=columns, filter=expr)
    except (pyarrow.ArrowInvalid, pyarrow.ArrowNotImplementedError, pyarrow.ArrowTypeError) as e:
        if filters is not None:  # most likely a value of the wrong type in a filter
            raise UsageError(f"cannot apply filters {filters!r}: {e}") from e
        raise ReleaseError(f"{release}: cannot read the {table} table ({e}); "
                           "run `events verify`") from e


def load(release: str | Path | None = "latest", root: str | Path = "output",
         columns: Sequence[str] | None = None, filters: Filters = None, *,
         table: str = "events", labels: bool = False) -> pd.DataFrame:
    """A table of a release as a pandas DataFrame with documented dtypes.

    release  a version (`2026.11.0`), a release folder, or "latest" (what
             `root/LATEST` names);
    root     the output root holding `releases/` (default `output`, relative
             to the working directory);
    columns  the columns to read (default: all, in schema order);
    filters  row filters pushed down to Parquet, in pyarrow's form:
             `[("event_root_code", "=", "19")]` (AND), a list of such lists
             (OR of ANDs), or a `pyarrow.compute` expression. Dates may be
             given as `datetime.date`, `pandas.Timestamp` or ISO strings:
             `[("event_date", ">=", "2025-01-01")]`;
    table    "events" (default), "articles", "rejects" or "changes";
    labels   add readable labels next to the codes (events table only):
             `event_label`, `event_root_label`, `quad_class_label`.

    Raises `events.errors.ReleaseError` when there is no such release and
    `events.errors.UsageError` for an unknown table, column or bad filter.
    """
    path = release_path(release, root)
    tbl = read_arrow(path, table, columns, filters)
    df = to_pandas(tbl, table)
    if labels:
        if table != "events":
            raise UsageError("labels=True applies to the events table only")
        df = add_labels(df)
    return df


def _position(df: pd.DataFrame, column: str) -> int:
    """The index just after `column` (columns are unique here)."""
    return list(df.columns).index(column) + 1


def add_labels(df: pd.DataFrame) -> pd.DataFrame:
    """Readable labels of the CAMEO and QuadClass codes, as extra columns."""
    codes = cameo_codes()
    out = df.copy()
    if "event_code" in out:
        out.insert(_position(out, "event_code"), "event_label",
                   _categorical(out["event_code"].astype(object).map(
                       lambda c: codes[c].label if isinstance(c, str) and c in codes else None),
                       sorted({c.label for k, c in codes.items() if len(k) > 2})))
    if "event_root_code" in out:
        roots = {k: c.label for k, c in codes.items() if len(k) == 2}
        out.insert(_position(out, "event_root_code"), "event_root_label",
                   _categorical(out["event_root_code"].astype(object).map(roots.get),
                                list(roots.values())))
    if "quad_class" in out:
        names = {k: v.split(" (")[0] for k, v in QUAD_CLASSES.items()}
        out.insert(_position(out, "quad_class"), "quad_class_label",
                   _categorical(out["quad_class"].map(names), list(names.values())))
    return out


# -- Arrow → pandas with the documented dtypes ---------------------------------------------------

@cache
def categories(table: str) -> Mapping[str, tuple[Any, ...]]:
    """Columns of `table` that load as categoricals, with their categories."""
    out: dict[str, tuple[Any, ...]] = {}
    for name, col in TABLES[table].to_schema().columns.items():
        typ = col.dtype.type.pyarrow_dtype
        if not pyarrow.types.is_string(typ):
            continue
        for check in col.checks:
            if check.name == "isin":
                out[name] = tuple(check.statistics["allowed_values"])
    return out


def to_pandas(tbl: pyarrow.Table, table: str) -> pd.DataFrame:
    """An Arrow table of a release table as a DataFrame with `load()`'s dtypes."""
    schema = arrow_schema(TABLES[table])
    cats = categories(table)
    data: dict[str, pd.Series] = {}
    for name in tbl.column_names:
        arr = tbl.column(name)
        typ = schema.field(name).type
        if name in cats:
            data[name] = _arrow_categorical(arr, cats[name])
        elif pyarrow.types.is_date(typ):
            data[name] = pd.Series(arr.to_pandas(date_as_object=False)).astype("datetime64[ns]")
        elif pyarrow.types.is_list(typ):
            data[name] = pd.Series(_python_lists(arr), dtype=object)
        elif pyarrow.types.is_floating(typ):
            data[name] = pd.Series(_shortest_float64(arr), dtype="float64")
        elif pyarrow.types.is_integer(typ) and schema.field(name).nullable:
            data[name] = pd.Series(pd.array(arr.to_numpy(zero_copy_only=False), dtype="Int64"))
        else:
            data[name] = arr.to_pandas()
    df = pd.DataFrame(data, columns=tbl.column_names)
    df.index = pd.RangeIndex(len(df))
    return df


def _arrow_categorical(arr: pyarrow.ChunkedArray, cats: Sequence[Any]) -> pd.Series:
    """A categorical with categories `cats` (then any unknown value, kept, at the end)."""
    enc = arr.combine_chunks().dictionary_encode()
    seen = enc.dictionary.to_pylist()
    known = set(cats)
    full = [*cats, *sorted((v for v in seen if v not in known), key=str)]
    pos = {v: i for i, v in enumerate(full)}
    remap = np.array([pos[v] for v in seen] or [-1], dtype=np.int64)
    idx = pc.fill_null(enc.indices, -1).to_numpy(zero_copy_only=False).astype(np.int64)
    codes = np.where(idx >= 0, remap[np.clip(idx, 0, None)], -1)
    return pd.Series(pd.Categorical.from_codes(codes, categories=pd.Index(full)))


def _categorical(values: Iterable[Any], cats: Sequence[Any]) -> pd.Series:
    vals = pd.Series(values, dtype=object)
    known = set(cats)
    extra = sorted({v for v in vals.dropna().tolist() if v not in known}, key=str)
    return pd.Series(pd.Categorical(vals, categories=[*cats, *extra]))


def _python_lists(arr: pyarrow.ChunkedArray) -> list[list[Any]]:
    """A list column as Python lists (a null list as []); via NumPy, the fastest way."""
    return [v.tolist() if v is not None else [] for v in arr.to_pandas()]


def _shortest_float64(arr: pyarrow.ChunkedArray) -> np.ndarray:
    """float32 values as the float64 of their shortest decimal form (3.4 → 3.4)."""
    values: np.ndarray = arr.to_numpy()
    if values.dtype == np.float64:
        return values
    # NumPy prints a float32 with the fewest digits that read back to it; scores take
    # few distinct values, so convert each once
    uniq, inverse = np.unique(values.astype(np.float32), return_inverse=True)
    return np.array(uniq.astype(str), dtype=np.float64)[inverse.reshape(-1)]


def _filter_expression(filters: Filters, schema: pyarrow.Schema) -> Any:
    if filters is None:
        return None
    if isinstance(filters, pads.Expression):
        return filters
    if not isinstance(filters, (list, tuple)) or not filters:
        raise UsageError("filters must be a non-empty list of (column, op, value) tuples, "
                         "a list of such lists, or a pyarrow.compute expression")
    dnf = [list(filters)] if isinstance(filters[0], tuple) else [list(f) for f in filters]
    norm = []
    for conj in dnf:
        terms = []
        for term in conj:
            if not isinstance(term, (tuple, list)) or len(term) != 3:
                raise UsageError(f"bad filter term {term!r}: expected (column, op, value)")
            col, op, value = term
            if col not in schema.names:
                raise UsageError(f"filter on unknown column {col!r}")
            typ = schema.field(col).type
            if pyarrow.types.is_date(typ):
                value = ([_as_date(v) for v in value] if op in ("in", "not in")
                         else _as_date(value))
            terms.append((col, op, value))
        norm.append(terms)
    try:
        return pq.filters_to_expression(norm)
    except (TypeError, ValueError) as e:
        raise UsageError(f"bad filters {filters!r}: {e}") from e


def _as_date(v: Any) -> Any:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date) or v is None:
        return v
    if isinstance(v, pd.Timestamp):
        return v.date()
    if isinstance(v, np.datetime64):
        return pd.Timestamp(v).date()
    if isinstance(v, str):
        try:
            return dt.date.fromisoformat(v[:10])
        except ValueError as e:
            raise UsageError(f"not an ISO date: {v!r}") from e
    return v


# -- codebook as data ----------------------------------------------------------------------------

#: vocabulary name → (columns it decodes, {code: label})
def _vocabularies() -> dict[str, tuple[str, Mapping[Any, str]]]:
    return {
        "quad_class": ("events.quad_class", QUAD_CLASSES),
        "agent_type": ("events.actor1_type, events.actor2_type", AGENT_TYPES),
        "topic": ("events.topics", TOPICS),
        "language": ("events.language, articles.language", LANGUAGES),
        "date_precision": ("events.date_precision", DATE_PRECISIONS),
        "date_source": ("events.date_source", DATE_SOURCES),
        "published_from": ("articles.published_from", PUBLISHED_SOURCES),
        "article_status": ("articles.status", STATUSES),
        "reject_reason": ("rejects.reason", REJECT_REASONS),
    }


#: the `kind`s `codebook()` accepts besides "columns" and "codes"
VOCABULARIES = ("cameo_event", "cameo_root", "quad_class", "agent_type", "topic", "country",
                "language", "date_precision", "date_source", "published_from",
                "article_status", "reject_reason")


def codebook(kind: str = "columns", *, table: str | None = None) -> pd.DataFrame:
    """The codebook as a DataFrame.

    kind="columns" (default): one row per column of every release table:
        table, column, arrow_type, load_dtype (what `events.load` gives),
        pandas_dtype (what `pandas.read_parquet` gives), nullable, allowed,
        description. `table=` keeps one table.
    kind="codes": one row per code of every vocabulary:
        vocabulary, code, label, root, quad_class, goldstein, applies_to.
        `root`, `quad_class` and `goldstein` are filled for CAMEO codes only.
    kind=<vocabulary>: the rows of one vocabulary, e.g. "cameo_event",
        "cameo_root", "quad_class", "topic", "agent_type", "country",
        "reject_reason" (see `events.api.VOCABULARIES`).
    """
    if kind == "columns":
        return _columns_frame(table)
    if table is not None:
        raise UsageError("table= applies to kind='columns' only")
    frame = _codes_frame()
    if kind == "codes":
        return frame
    if kind not in VOCABULARIES:
        raise UsageError(f"unknown codebook kind {kind!r}; use 'columns', 'codes' or one of: "
                         + ", ".join(VOCABULARIES))
    return frame[frame["vocabulary"] == kind].reset_index(drop=True)


@cache
def load_dtypes(table: str) -> Mapping[str, str]:
    """The dtype `events.load` gives each column of `table`."""
    df = to_pandas(arrow_schema(TABLES[table]).empty_table(), table)
    out: dict[str, str] = {}
    for col, dtype in df.dtypes.items():
        name = str(col)
        if isinstance(dtype, pd.CategoricalDtype):
            out[name] = f"category ({len(dtype.categories)} codes)"
        elif pyarrow.types.is_list(arrow_schema(TABLES[table]).field(name).type):
            out[name] = "object (list of str)"
        else:
            out[name] = str(dtype)
    return out


def _columns_frame(only: str | None) -> pd.DataFrame:
    if only is not None and only not in TABLES:
        raise UsageError(f"no table {only!r}; tables are: {', '.join(TABLES)}")
    rows = []
    for table in TABLES:
        if only is not None and table != only:
            continue
        read_dtypes = pandas_dtypes(table)
        mine = load_dtypes(table)
        for f in table_schema(table)["fields"]:
            cons = f["constraints"]
            allowed = ""
            if "enum" in cons:
                vals = cons["enum"]
                allowed = ", ".join(map(str, vals)) if len(vals) <= 25 else f"{len(vals)} codes"
            elif "pattern" in cons:
                allowed = cons["pattern"]
            if "minimum" in cons or "maximum" in cons:
                rng = f"{cons.get('minimum', '')}..{cons.get('maximum', '')}"
                allowed = f"{allowed} {rng}".strip()
            if f["name"] == "topics":
                allowed = f"list of {len(TOPICS)} topics"
            rows.append({
                "table": table, "column": f["name"], "arrow_type": f["arrowType"],
                "load_dtype": mine[f["name"]], "pandas_dtype": read_dtypes[f["name"]],
                "nullable": not cons.get("required", False), "allowed": allowed,
                "description": f["description"],
            })
    return pd.DataFrame(rows, columns=["table", "column", "arrow_type", "load_dtype",
                                       "pandas_dtype", "nullable", "allowed", "description"])


def _codes_frame() -> pd.DataFrame:
    rows: list[dict[str, Any]] = []
    for code, c in sorted(cameo_codes().items()):
        root = len(code) == 2
        rows.append({"vocabulary": "cameo_root" if root else "cameo_event", "code": code,
                     "label": c.label, "root": c.root, "quad_class": c.quad_class,
                     "goldstein": c.goldstein,
                     "applies_to": "events.event_root_code" if root else "events.event_code"})
    for name, (applies, items) in _vocabularies().items():
        for code, label in items.items():
            rows.append({"vocabulary": name, "code": str(code), "label": label,
                         "applies_to": applies})
    for code in iso3_codes():
        rows.append({"vocabulary": "country", "code": code, "label": country_name(code),
                     "applies_to": "events.actor1_country, events.actor2_country, "
                                   "events.location_country"})
    frame = pd.DataFrame(rows, columns=["vocabulary", "code", "label", "root", "quad_class",
                                        "goldstein", "applies_to"])
    frame["quad_class"] = frame["quad_class"].astype(pd.Int8Dtype())
    frame["goldstein"] = frame["goldstein"].astype("float64")
    return frame


#: short names where pycountry has only a long formal one (and XKX, which it lacks)
_SHORT_NAMES = {"XKX": "Kosovo", "PSE": "Palestine", "COD": "DR Congo", "RUS": "Russia",
                "FSM": "Micronesia", "VAT": "Vatican City", "VGB": "British Virgin Islands",
                "VIR": "US Virgin Islands"}


@cache
def country_name(iso3: str) -> str:
    """Short English name of an ISO 3166-1 alpha-3 code (the code itself if unknown)."""
    if iso3 in _SHORT_NAMES:
        return _SHORT_NAMES[iso3]
    import pycountry

    c = pycountry.countries.get(alpha_3=iso3)
    if c is None:
        return iso3
    return str(getattr(c, "common_name", None) or c.name)
