"""Sort more rows than fit in memory: spools of sorted runs, merged on the way out.

A build streams its rows (events, articles, rejects, …) into spools as the
batches are coded; at the end each table is read back in sorted order and
written to Parquet one row group at a time. Memory stays flat whatever the
size of the corpus:

- a `Spool` buffers Arrow tables up to a byte budget, then sorts the buffer
  and writes it to disk as a *run* (an Arrow IPC file, zstd-compressed);
- `Spool.sorted()` merges the runs (and what is still buffered) into one
  sorted stream of tables; a merge reads one small batch per run at a time,
  and more than `FAN_IN` runs are first merged into longer runs;
- a `PartitionedSpool` keeps one spool per partition (the year of an event)
  under one shared budget;
- `RowGroupWriter` writes a sorted stream to Parquet in row groups of
  exactly `row_group_size` rows, so the file is byte for byte the one
  `pyarrow.parquet.write_table` writes from the whole table at once.

Rows are ordered by one binary column, the *sort key* (`KEY`), which the
caller builds with `key()` from the values it sorts by; keys must be
unique (add a sequence number to break ties), so that the order is total
and never depends on how rows were split into batches or runs.
"""

from __future__ import annotations

import bisect
import itertools
import shutil
import struct
import tempfile
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow
import pyarrow.compute as pc
import pyarrow.parquet as pq

#: name of the sort-key column every spooled table carries
KEY = "_key"
#: runs merged at once; more are merged in passes
FAN_IN = 32
#: rows read per run and step of a merge
MERGE_BATCH = 4096
_EPOCH = date(1970, 1, 1).toordinal()


# --------------------------------------------------------------------------
# sort keys


def key(*parts: str | int | date | None) -> bytes:
    """An order-preserving binary encoding of a tuple of values.

    Comparing two keys bytewise orders them as Python orders the tuples,
    with None before every value (as `x or ""` / `x or 0` would, for
    non-empty strings and positive numbers, which is how the tables sort):

    - str: UTF-8, NUL escaped as NUL 0xFF, then NUL NUL (0xFF never occurs
      in UTF-8, so the escape cannot be confused with text; a string sorts
      before its extensions because NUL NUL is the smallest continuation);
    - int: 8 bytes big-endian with the sign bit flipped;
    - date: its day number, as an int;
    - None: a single 0x00 (smaller than every other tag).

    Every part starts with a tag byte, so parts of different kinds at the
    same position still compare in a fixed way.
    """
    out = bytearray()
    for p in parts:
        if p is None:
            out += b"\x00"
        elif isinstance(p, str):
            out += b"\x01"
            out += p.encode("utf-8", "surrogatepass").replace(b"\x00", b"\x00\xff")
            out += b"\x00\x00"
        elif isinstance(p, date):
            out += b"\x02" + struct.pack(">Q", (p.toordinal() - _EPOCH) + (1 << 63))
        elif isinstance(p, int):
            out += b"\x02" + struct.pack(">Q", p + (1 << 63))
        else:
            raise TypeError(f"cannot encode {type(p).__name__} in a sort key")
    return bytes(out)


def sort_table(table: pyarrow.Table) -> pyarrow.Table:
    """`table` sorted by its key column."""
    if table.num_rows <= 1:
        return table
    return table.take(pc.sort_indices(table, sort_keys=[(KEY, "ascending")]))


# --------------------------------------------------------------------------
# spools


class Spool:
    """Arrow tables in, the same rows sorted by `KEY` out (see the module docstring).

    `schema` must contain the key column. Tables added must have exactly
    that schema. `budget` is the number of bytes buffered before a run is
    written to `directory`.
    """

    def __init__(self, directory: Path, schema: pyarrow.Schema, budget: int = 32 << 20,
                 name: str = "spool") -> None:
        if KEY not in schema.names:
            raise ValueError(f"the schema has no {KEY} column")
        self.directory = directory
        self.schema = schema
        self.budget = budget
        self.name = name
        self.rows = 0
        self._buffer: list[pyarrow.Table] = []
        self._buffered = 0
        self._runs: list[Path] = []
        self._counter = itertools.count()

    @property
    def buffered_bytes(self) -> int:
        return self._buffered

    @property
    def runs(self) -> int:
        return len(self._runs)

    def add(self, table: pyarrow.Table) -> None:
        if table.num_rows == 0:
            return
        if not table.schema.equals(self.schema):
            table = table.cast(self.schema)
        self._buffer.append(table)
        self._buffered += table.nbytes
        self.rows += table.num_rows
        if self._buffered >= self.budget:
            self.spill()

    def spill(self) -> None:
        """Write what is buffered as one sorted run."""
        if not self._buffer:
            return
        # sorted straight from the chunks: one copy of the buffer, not two
        table = sort_table(pyarrow.concat_tables(self._buffer))
        self._buffer, self._buffered = [], 0
        self._runs.append(self._write_run(iter([table])))
        del table
        pyarrow.default_memory_pool().release_unused()  # hand freed pages back to the OS

    def _write_run(self, tables: Iterator[pyarrow.Table]) -> Path:
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.directory / f"{self.name}-{next(self._counter):06d}.arrow"
        options = pyarrow.ipc.IpcWriteOptions(compression="zstd")
        with pyarrow.OSFile(str(path), "wb") as sink, \
                pyarrow.ipc.new_file(sink, self.schema, options=options) as writer:
            for t in tables:
                for batch in t.to_batches(max_chunksize=MERGE_BATCH):
                    writer.write_batch(batch)
        return path

    def sorted(self) -> Iterator[pyarrow.Table]:
        """Every row added, sorted by key, as a stream of tables (the spool is spent)."""
        if not self._runs:
            if self._buffer:
                table = sort_table(pyarrow.concat_tables(self._buffer).combine_chunks())
                self._buffer, self._buffered = [], 0
                yield table
            return
        self.spill()
        while len(self._runs) > FAN_IN:  # merge in passes so that few files are open at once
            first, self._runs = self._runs[:FAN_IN], self._runs[FAN_IN:]
            self._runs.append(self._write_run(_merge([_run_batches(p) for p in first])))
            for p in first:
                p.unlink()
        runs, self._runs = self._runs, []
        try:
            yield from _merge([_run_batches(p) for p in runs])
        finally:
            for p in runs:
                p.unlink(missing_ok=True)


class PartitionedSpool:
    """One `Spool` per partition (e.g. per year), under one shared byte budget.

    When the buffers together exceed the budget, the largest is spilled.
    """

    def __init__(self, directory: Path, schema: pyarrow.Schema, budget: int = 48 << 20,
                 name: str = "part") -> None:
        self.directory = directory
        self.schema = schema
        self.budget = budget
        self.name = name
        self.parts: dict[str, Spool] = {}

    def add(self, part: str, table: pyarrow.Table) -> None:
        spool = self.parts.get(part)
        if spool is None:
            spool = Spool(self.directory, self.schema, budget=1 << 62,
                          name=f"{self.name}-{len(self.parts):04d}")
            self.parts[part] = spool
        spool.add(table)
        while sum(s.buffered_bytes for s in self.parts.values()) >= self.budget:
            max(self.parts.values(), key=lambda s: s.buffered_bytes).spill()

    @property
    def rows(self) -> int:
        return sum(s.rows for s in self.parts.values())


def _run_batches(path: Path) -> Iterator[pyarrow.Table]:
    """The batches of a run file, one at a time (memory-mapped, decompressed on read)."""
    with pyarrow.memory_map(str(path), "r") as source:
        reader = pyarrow.ipc.open_file(source)
        for i in range(reader.num_record_batches):
            yield pyarrow.Table.from_batches([reader.get_batch(i)])


class _Cursor:
    __slots__ = ("batches", "keys", "pos", "table")

    def __init__(self, batches: Iterator[pyarrow.Table]) -> None:
        self.batches = batches
        self.table: pyarrow.Table | None = None
        self.keys: list[bytes] = []
        self.pos = 0
        self.advance()

    def advance(self) -> None:
        for t in self.batches:
            if t.num_rows:
                self.table = t
                self.keys = t.column(KEY).to_pylist()
                self.pos = 0
                return
        self.table, self.keys, self.pos = None, [], 0


def _merge(sources: list[Iterator[pyarrow.Table]]) -> Iterator[pyarrow.Table]:
    """Merge sorted streams of tables into one sorted stream.

    Each step takes the smallest of the streams' current last keys as a
    pivot: every row up to it is in the current batches (a later batch of a
    stream only holds keys above that batch's last key), so those rows are
    cut from each batch, sorted together and emitted, and at least one
    stream moves on to its next batch.
    """
    cursors = [c for c in (_Cursor(s) for s in sources) if c.table is not None]
    while cursors:
        if len(cursors) == 1:
            c = cursors[0]
            while c.table is not None:
                yield c.table.slice(c.pos)
                c.advance()
            return
        pivot = min(c.keys[-1] for c in cursors)
        pieces = []
        for c in cursors:
            assert c.table is not None
            end = bisect.bisect_right(c.keys, pivot, lo=c.pos)
            if end > c.pos:
                pieces.append(c.table.slice(c.pos, end - c.pos))
                c.pos = end
            if c.pos >= len(c.keys):
                c.advance()
        yield sort_table(pyarrow.concat_tables(pieces).combine_chunks())
        cursors = [c for c in cursors if c.table is not None]


# --------------------------------------------------------------------------
# writing


class RowGroupWriter:
    """Write a sorted stream to Parquet in row groups of exactly `row_group_size` rows.

    The bytes equal those of `pq.write_table(whole_table, **options)`: a row
    group only depends on its rows, whatever their chunking (tested in
    `tests/test_streaming.py`). `check` is called on every row group before
    it is written (validation). Only one row group is held in memory.
    """

    def __init__(self, path: Path, schema: pyarrow.Schema, options: dict[str, Any],
                 check: Callable[[pyarrow.Table], None] | None = None) -> None:
        opts = dict(options)
        self.row_group_size = int(opts.pop("row_group_size"))
        self.path = path
        self.schema = schema
        self.check = check
        self.rows = 0
        path.parent.mkdir(parents=True, exist_ok=True)
        self._writer = pq.ParquetWriter(str(path), schema, **opts)
        self._pending: list[pyarrow.Table] = []
        self._pending_rows = 0
        self._wrote_group = False

    def write(self, table: pyarrow.Table) -> None:
        if table.num_rows == 0:
            return
        self._pending.append(table.select(self.schema.names))
        self._pending_rows += table.num_rows
        while self._pending_rows >= self.row_group_size:
            whole = pyarrow.concat_tables(self._pending)
            self._write_group(whole.slice(0, self.row_group_size))
            rest = whole.slice(self.row_group_size)
            self._pending = [rest] if rest.num_rows else []
            self._pending_rows = rest.num_rows

    def _write_group(self, table: pyarrow.Table) -> None:
        # written as it comes, in chunks: the bytes do not depend on the chunking
        # (tested), and combining them would copy the row group once more
        group = table.cast(self.schema) if not table.schema.equals(self.schema) else table
        if self.check is not None:
            self.check(group)
        self._writer.write_table(group, row_group_size=self.row_group_size)
        self._wrote_group = True
        self.rows += group.num_rows

    def close(self) -> int:
        """Write the last (short) row group and the footer; return the rows written."""
        if self._pending_rows or not self._wrote_group:
            # an empty table is still written as one empty row group, as write_table does
            whole = pyarrow.concat_tables(self._pending) if self._pending \
                else self.schema.empty_table()
            self._write_group(whole)
        self._pending, self._pending_rows = [], 0
        self._writer.close()
        return self.rows

    def abort(self) -> None:
        try:
            self._writer.close()
        finally:
            self.path.unlink(missing_ok=True)


def write_sorted(tables: Iterable[pyarrow.Table], path: Path, schema: pyarrow.Schema,
                 options: dict[str, Any],
                 check: Callable[[pyarrow.Table], None] | None = None) -> int:
    """Write a sorted stream of tables to one Parquet file; return its rows."""
    writer = RowGroupWriter(path, schema, options, check)
    try:
        for t in tables:
            writer.write(t)
    except BaseException:
        writer.abort()
        raise
    return writer.close()


def scratch_dir(base: Path, prefix: str = "spool-") -> Path:
    """A fresh folder for spool runs under `base` (the output root's `.staging/`)."""
    base.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=prefix, dir=base))


def remove_dir(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
