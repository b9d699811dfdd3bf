"""What a release holds, in numbers: the summary behind `events info` and `report.html`.

`summarize(release)` reads the manifest and the few columns it needs and
returns a `ReleaseSummary`: counts, date range, events by language,
QuadClass, root code, country and date precision, top country pairs and
actors, articles by status, rejects by reason, and weekly counts by
QuadClass. `format_text(summary)` renders it as aligned plain-text tables
for the terminal; `ReleaseSummary.as_dict()` is its JSON form
(`events info --json`). An empty release summarises to zeros, never an error.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from events.api import country_name, read_arrow
from events.release import read_manifest
from events.taxonomy import (
    LANGUAGES,
    QUAD_CLASSES,
    REJECT_REASONS,
    cameo_codes,
)

_EVENT_COLUMNS = ["event_date", "date_precision", "language", "quad_class", "event_root_code",
                  "country_pair", "actor1_code", "actor1_name", "actor2_code", "actor2_name",
                  "actor1_country", "actor2_country", "location_country"]

#: short labels for tables and plots (the codebook has the full descriptions)
PRECISION_LABELS = {"day": "to the day", "week": "to the week", "month": "to the month only",
                    "year": "to the year only", "unknown": "undated"}
STATUS_LABELS = {"coded": "at least one event", "no-event": "read, no codable event",
                 "rejected": "rejected (see rejects)"}

#: a long period is drawn by month rather than by week
MAX_WEEKS = 156


@dataclass(slots=True)
class Row:
    """One line of a frequency table: a code, its label, its count."""

    code: str
    label: str
    n: int


@dataclass(slots=True)
class ReleaseSummary:
    version: str
    path: str
    schema_version: str = "?"
    coder_version: str = "?"
    package_version: str = "?"
    previous: str | None = None
    read: int = 0
    coded: int = 0
    no_event: int = 0
    rejected: int = 0
    events: int = 0
    added: int = 0
    removed: int = 0
    modified: int = 0
    first_date: str | None = None
    last_date: str | None = None
    undated: int = 0
    by_language: list[Row] = field(default_factory=list)
    by_quad_class: list[Row] = field(default_factory=list)
    by_root: list[Row] = field(default_factory=list)
    by_precision: list[Row] = field(default_factory=list)
    by_country: list[Row] = field(default_factory=list)
    top_pairs: list[Row] = field(default_factory=list)
    top_actors: list[Row] = field(default_factory=list)
    by_status: list[Row] = field(default_factory=list)
    rejects_by_reason: list[Row] = field(default_factory=list)
    #: "week" or "month": the unit of `timeline`
    timeline_unit: str = "week"
    #: (first day of the week/month, [n QuadClass 1, 2, 3, 4]) from first to last, gaps as zeros
    timeline: list[tuple[str, list[int]]] = field(default_factory=list)
    #: events left out of the timeline: dated to the month or year only, or undated
    timeline_left_out: int = 0
    #: the length the ranked tables were cut to
    top: int = 20

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2)

    @property
    def dated(self) -> int:
        return self.events - self.undated


def summarize(release: Path, top: int = 20) -> ReleaseSummary:
    """Summarise the release in folder `release`; `top` rows for the ranked tables."""
    m = read_manifest(release)
    counts = m.get("counts", {})
    ch = m.get("changes", {})
    s = ReleaseSummary(
        version=str(m.get("version", release.name)), path=str(release),
        schema_version=str(m.get("schema_version", "?")),
        coder_version=str(m.get("coder_version", "?")),
        package_version=str(m.get("package_version", "?")), previous=m.get("previous"),
        read=int(counts.get("read", 0)), coded=int(counts.get("coded", 0)),
        no_event=int(counts.get("no_event", 0)), rejected=int(counts.get("rejected", 0)),
        added=int(ch.get("added", 0)), removed=int(ch.get("removed", 0)),
        modified=int(ch.get("modified", 0)), top=top,
    )
    ev = read_arrow(release, "events", _EVENT_COLUMNS)
    s.events = ev.num_rows
    s.undated = ev.column("event_date").null_count
    span = pc.min_max(ev.column("event_date")).as_py()
    if span["min"] is not None:
        s.first_date, s.last_date = span["min"].isoformat(), span["max"].isoformat()

    coded_languages = {k: v for k, v in LANGUAGES.items() if k != "und"}
    s.by_language = _rows(_counts(ev.column("language")), coded_languages)
    s.by_quad_class = _rows(_counts(ev.column("quad_class")),
                            {k: v.split(" (")[0] for k, v in QUAD_CLASSES.items()}, keep_order=True)
    roots = {k: c.label for k, c in cameo_codes().items() if len(k) == 2}
    s.by_root = _rows(_counts(ev.column("event_root_code")), roots, keep_order=True)
    s.by_precision = _rows(_counts(ev.column("date_precision")), dict(PRECISION_LABELS),
                           keep_order=True)
    s.top_pairs = _top(_counts(ev.column("country_pair")), top, _pair_label)
    s.by_country = _top(_country_counts(ev), top, country_name)
    s.top_actors = _top_actors(ev, top)

    arts = read_arrow(release, "articles", ["status"]).column("status")
    s.by_status = _rows(_counts(arts), dict(STATUS_LABELS), keep_order=True)
    reasons = read_arrow(release, "rejects", ["reason"]).column("reason")
    s.rejects_by_reason = [r for r in _rows(_counts(reasons), dict(REJECT_REASONS)) if r.n]
    s.timeline_unit, s.timeline, s.timeline_left_out = _timeline(ev)
    return s


def _counts(values: pa.ChunkedArray | pa.Array) -> Counter[Any]:
    """How often each non-null value occurs (computed in Arrow: fast on millions of rows)."""
    out: Counter[Any] = Counter()
    for item in pc.value_counts(values).to_pylist():
        if item["values"] is not None:
            out[item["values"]] += item["counts"]
    return out


def _rows(counter: Counter[Any], labels: dict[Any, str], keep_order: bool = False) -> list[Row]:
    """Every code of a vocabulary with its count (zeros included), plus unknown codes."""
    rows = [Row(str(k), labels[k], counter.get(k, 0)) for k in labels]
    rows += [Row(str(k), "(not in the vocabulary)", v) for k, v in counter.items()
             if k not in labels and k is not None]
    if not keep_order:
        rows.sort(key=lambda r: (-r.n, r.code))
    return rows


def _top(counter: Counter[str], top: int, label: Any) -> list[Row]:
    ranked = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return [Row(k, label(k), v) for k, v in ranked]


def _pair_label(pair: str) -> str:
    a, _, b = pair.partition("-")
    return f"{country_name(a)} – {country_name(b)}"


def _country_counts(ev: pa.Table) -> Counter[str]:
    """Events per country involved: actor 1, actor 2 or location, once per event."""
    a = pc.fill_null(ev.column("actor1_country"), "")
    b = pc.fill_null(ev.column("actor2_country"), "")
    loc = pc.fill_null(ev.column("location_country"), "")
    c = _counts(pc.filter(a, pc.not_equal(a, "")))
    c.update(_counts(pc.filter(b, pc.and_(pc.not_equal(b, ""), pc.not_equal(b, a)))))
    new_loc = pc.and_(pc.not_equal(loc, ""), pc.and_(pc.not_equal(loc, a), pc.not_equal(loc, b)))
    c.update(_counts(pc.filter(loc, new_loc)))
    return c


def _top_actors(ev: pa.Table, top: int) -> list[Row]:
    """Actors by CAMEO actor code (either side), with the name most often written."""
    sides = pa.table({
        "code": pa.chunked_array(ev.column("actor1_code").chunks + ev.column("actor2_code").chunks,
                                 type=pa.string()),
        "name": pa.chunked_array(ev.column("actor1_name").chunks + ev.column("actor2_name").chunks,
                                 type=pa.string()),
    })
    sides = sides.filter(pc.is_valid(sides.column("code")))
    if not sides.num_rows:
        return []
    pairs = sides.group_by(["code", "name"]).aggregate([([], "count_all")]).to_pylist()
    # per code, the most frequent name first (ties: alphabetical, so the output is stable)
    pairs.sort(key=lambda p: (p["code"], -p["count_all"], p["name"] or ""))
    totals: Counter[str] = Counter()
    names: dict[str, str] = {}
    for p in pairs:
        totals[p["code"]] += p["count_all"]
        names.setdefault(p["code"], p["name"] or "")
    ranked = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return [Row(code, names[code], n) for code, n in ranked]


def _timeline(ev: pa.Table) -> tuple[str, list[tuple[str, list[int]]], int]:
    """Counts per week (or month, for long periods) and QuadClass, gaps filled with zeros.

    Only events dated to the day or the week are placed: an event known to
    the month or year sits on the first day of it and would make a false peak.
    """
    keep = pc.and_(pc.is_valid(ev.column("event_date")),
                   pc.is_in(ev.column("date_precision"), value_set=pa.array(["day", "week"])))
    placed = ev.select(["event_date", "quad_class"]).filter(keep)
    left_out = ev.num_rows - placed.num_rows
    if not placed.num_rows:
        return "week", [], left_out
    span = pc.min_max(placed.column("event_date")).as_py()
    first, last = span["min"], span["max"]
    unit = "week" if (last - first).days // 7 < MAX_WEEKS else "month"
    days = pc.cast(placed.column("event_date"), pa.int32())
    if unit == "week":  # the Monday of the week, in days since 1970-01-01
        key = pc.subtract(days, pc.cast(pc.day_of_week(placed.column("event_date")), pa.int32()))
    else:
        key = pc.add(pc.multiply(pc.year(placed.column("event_date")), 12),
                     pc.subtract(pc.month(placed.column("event_date")), 1))
    grouped = pa.table({"key": key, "quad": placed.column("quad_class")}) \
        .group_by(["key", "quad"]).aggregate([([], "count_all")]).to_pylist()

    def to_date(k: int) -> dt.date:
        return _EPOCH + dt.timedelta(days=k) if unit == "week" else dt.date(k // 12, k % 12 + 1, 1)

    bucket = _week_start if unit == "week" else _month_start
    buckets: dict[dt.date, list[int]] = {}
    cur, end = bucket(first), bucket(last)
    while cur <= end:
        buckets[cur] = [0, 0, 0, 0]
        cur = cur + dt.timedelta(days=7) if unit == "week" else _next_month(cur)
    for g in grouped:
        buckets[to_date(g["key"])][int(g["quad"]) - 1] += g["count_all"]
    return unit, [(k.isoformat(), v) for k, v in buckets.items()], left_out


_EPOCH = dt.date(1970, 1, 1)


def _week_start(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def _month_start(d: dt.date) -> dt.date:
    return d.replace(day=1)


def _next_month(d: dt.date) -> dt.date:
    return d.replace(year=d.year + 1, month=1) if d.month == 12 else d.replace(month=d.month + 1)


# -- plain-text rendering --------------------------------------------------------------------------

def _pct(n: int, total: int) -> str:
    return f"{100 * n / total:5.1f}%" if total else "     -"


def _bar(n: int, biggest: int, width: int = 24, full: str = "█") -> str:
    if not biggest or not n:
        return ""
    return full * max(1, round(width * n / biggest))


def table(title: str, rows: Iterable[Sequence[Any]], total: int | None = None,
          bar_char: str = "█") -> list[str]:
    """An aligned text table: code, label, count, share of `total`, bar."""
    rows = list(rows)
    out = [title]
    if not rows:
        return [*out, "  (none)", ""]
    biggest = max((int(r[-1]) for r in rows), default=0)
    w_code = max(len(str(r[0])) for r in rows)
    w_label = min(max(len(str(r[1])) for r in rows), 60)
    w_n = max(len(f"{int(r[-1]):,}") for r in rows)
    for code, label, n in rows:
        lab = str(label)
        ell = "…" if bar_char == "█" else ".."  # plain output: ASCII only
        lab = lab if len(lab) <= w_label else lab[: w_label - len(ell)] + ell
        share = f"  {_pct(int(n), total)}" if total is not None else ""
        out.append(f"  {code!s:<{w_code}}  {lab:<{w_label}}  {int(n):>{w_n},}{share}  "
                   f"{_bar(int(n), biggest, full=bar_char)}".rstrip())
    out.append("")
    return out


def ranked_title(what: str, shown: int, top: int) -> str:
    """"Top 20 …" when the table was cut, "All 6 …" when it holds everything."""
    if not shown:
        return what[:1].upper() + what[1:]
    return f"Top {shown} {what}" if shown >= top else f"All {shown} {what}"


def format_text(s: ReleaseSummary, unicode: bool = True) -> str:
    """The summary as aligned plain-text tables (for `events info`)."""
    bar = "█" if unicode else "#"
    lines = [
        f"events release {s.version}  ({s.path})",
        f"  schema {s.schema_version} · coder {s.coder_version} · package {s.package_version}"
        f" · previous release: {s.previous or 'none'}",
        "",
        f"Articles  read {s.read:,} · coded {s.coded:,} · no event {s.no_event:,} · "
        f"rejected {s.rejected:,}",
        f"Events    {s.events:,}" + (
            f" · {s.first_date} … {s.last_date}" if s.first_date else "")
        + f" · undated {s.undated:,} ({_pct(s.undated, s.events).strip()})",
        f"Changes   {s.added:,} added · {s.removed:,} removed · {s.modified:,} modified"
        f" since {s.previous or '(first release)'}",
        "",
    ]
    if not unicode:
        lines = [ln.replace("·", "|").replace("…", "..") for ln in lines]
    e = s.events
    lines += table("Events by language", [(r.code, r.label, r.n) for r in s.by_language], e, bar)
    lines += table("Events by QuadClass", [(r.code, r.label, r.n) for r in s.by_quad_class], e, bar)
    lines += table("Events by CAMEO root code",
                   [(r.code, r.label, r.n) for r in s.by_root], e, bar)
    lines += table("Event dates by precision",
                   [(r.code, r.label, r.n) for r in s.by_precision], e, bar)
    lines += table(ranked_title("country pairs", len(s.top_pairs), s.top),
                   [(r.code, r.label, r.n) for r in s.top_pairs], e, bar)
    lines += table(ranked_title("countries involved (actor or location)", len(s.by_country), s.top),
                   [(r.code, r.label, r.n) for r in s.by_country], e, bar)
    lines += table(ranked_title("actors (CAMEO actor code, name most often written)",
                           len(s.top_actors), s.top),
                   [(r.code, r.label, r.n) for r in s.top_actors], None, bar)
    lines += table("Articles by status", [(r.code, r.label, r.n) for r in s.by_status], s.read, bar)
    lines += table("Rejects by reason", [(r.code, r.label, r.n) for r in s.rejects_by_reason],
                   s.rejected, bar)
    return "\n".join(lines).rstrip() + "\n"
