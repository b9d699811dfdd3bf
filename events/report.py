"""`report.html`: a self-contained page of plots that every release carries.

The page answers what a reader asks of a release in the first minute: how
many events, over which period, of which kinds, between which countries, and
how clean the input was. Plots are inline SVG drawn here by hand (no plotting
library, no JavaScript, no fonts or styles fetched from anywhere), so the file
opens offline in any browser and stays byte-for-byte reproducible: it is made
from the release's own files only, with no timestamps.

Plots: events per week (or month, for long periods) by QuadClass; events by
CAMEO root code; the top 20 country pairs; events by country involved; data
quality (articles by status, rejects by reason, event dates by precision,
the share of undated events). Each is a `<figure class="plot">` whose `<svg>`
holds one `class="mark"` element per bar, or a `class="empty"` note when
there is nothing to draw.

`write_report(release)` writes `release/report.html`; the build calls it on
the staging folder before the checksums are written.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from html import escape
from pathlib import Path

from events.info import ReleaseSummary, ranked_title, summarize
from events.taxonomy import QUAD_CLASSES, cameo_codes, quad_class_of

#: QuadClass colours: blues for cooperation, warm for conflict (colour-blind safe pairs)
QUAD_COLOURS = {1: "#9ecae1", 2: "#2171b5", 3: "#fdae6b", 4: "#d94801"}
BAR = "#4a6d8c"
BAD = "#b04a4a"
FONT_PX = 12
WIDE = 908
HALF = 432


def write_report(release: Path, out: Path | None = None) -> Path:
    """Write the report of the release in folder `release` (default: its report.html)."""
    target = out or release / "report.html"
    target.write_text(render(summarize(release)), encoding="utf-8")
    return target


# -- SVG helpers ----------------------------------------------------------------------------------

def _nice_step(biggest: float, ticks: int = 5) -> float:
    """A round tick step (1, 2 or 5 times a power of ten) giving about `ticks` ticks."""
    if biggest <= 0:
        return 1.0
    raw = biggest / ticks
    mag = float(10.0 ** math.floor(math.log10(raw)))
    for m in (1, 2, 5, 10):
        if raw <= m * mag:
            return max(1.0, m * mag)
    return max(1.0, 10 * mag)


def _fmt(n: float) -> str:
    return f"{int(n):,}" if float(n).is_integer() else f"{n:,.1f}"


def _text_width(s: str, px: int = FONT_PX) -> int:
    return int(len(s) * px * 0.58) + 4


def _svg_open(width: int, height: int, title: str) -> str:
    return (f'<svg width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">'
            f"<title>{escape(title)}</title>")


def _empty_svg(width: int, title: str, message: str) -> str:
    return (_svg_open(width, 64, title)
            + f'<rect x="0.5" y="0.5" width="{width - 1}" height="63" rx="4" class="frame"/>'
            + f'<text class="empty" x="{width // 2}" y="37" text-anchor="middle">'
            + f"{escape(message)}</text></svg>")


def hbar_chart(rows: Sequence[tuple[str, int, str, str]], title: str, width: int = WIDE,
               empty: str = "Nothing to show in this release") -> str:
    """Horizontal bars: rows of (label, value, colour, tooltip), top to bottom."""
    if not rows or not any(v for _, v, _, _ in rows):
        return _empty_svg(width, title, empty)
    row_h, bar_h, top, bottom = 22, 14, 6, 26
    label_w = min(max(_text_width(lab) for lab, *_ in rows) + 8, width // 2)
    value_w = _text_width(_fmt(max(v for _, v, _, _ in rows))) + 10
    plot_w = width - label_w - value_w
    biggest = max(v for _, v, _, _ in rows)
    step = _nice_step(biggest)
    top_tick = step * math.ceil(biggest / step)
    height = top + row_h * len(rows) + bottom
    scale = plot_w / top_tick
    parts = [_svg_open(width, height, title)]
    # grid and ticks
    t = 0.0
    while t <= top_tick + 1e-9:
        x = label_w + t * scale
        parts.append(f'<line class="grid" x1="{x:.1f}" y1="{top}" x2="{x:.1f}" '
                     f'y2="{height - bottom + 4}"/>')
        parts.append(f'<text class="tick" x="{x:.1f}" y="{height - 8}" text-anchor="middle">'
                     f"{_fmt(t)}</text>")
        t += step
    for i, (label, value, colour, tip) in enumerate(rows):
        y = top + i * row_h
        cy = y + row_h / 2
        w = value * scale
        parts.append(f'<text class="label" x="{label_w - 8}" y="{cy + 4:.1f}" '
                     f'text-anchor="end">{escape(label)}</text>')
        if value:
            parts.append(f'<rect class="mark" x="{label_w}" y="{cy - bar_h / 2:.1f}" '
                         f'width="{max(w, 1.5):.1f}" height="{bar_h}" fill="{colour}">'
                         f"<title>{escape(tip)}</title></rect>")
        parts.append(f'<text class="value" x="{label_w + w + 5:.1f}" y="{cy + 4:.1f}">'
                     f"{_fmt(value)}</text>")
    parts.append(f'<line class="axis" x1="{label_w}" y1="{top}" x2="{label_w}" '
                 f'y2="{height - bottom + 4}"/>')
    parts.append("</svg>")
    return "".join(parts)


def _date_label(iso: str, unit: str, with_year: bool) -> str:
    d = dt.date.fromisoformat(iso)
    month = d.strftime("%b")
    if unit == "month":
        return f"{month} {d.year}"
    return f"{d.day} {month} {d.year}" if with_year else f"{d.day} {month}"


def timeline_chart(s: ReleaseSummary, width: int = WIDE) -> str:
    """Stacked columns of events per week (or month) by QuadClass."""
    title = f"Events per {s.timeline_unit} by QuadClass"
    if not s.timeline:
        return _empty_svg(width, title, "No event in this release is dated to the day or week")
    left, right, top, bottom, legend_h = 52, 12, 30, 44, 0
    height = 300
    plot_w = width - left - right
    plot_h = height - top - bottom - legend_h
    totals = [sum(v) for _, v in s.timeline]
    biggest = max(totals) or 1
    step = _nice_step(biggest)
    top_tick = step * math.ceil(biggest / step)
    scale = plot_h / top_tick
    n = len(s.timeline)
    slot = plot_w / n
    bar_w = max(1.0, slot * 0.8) if n > 1 else min(60.0, plot_w)
    base_y = top + plot_h
    parts = [_svg_open(width, height, title)]
    # legend, top left
    x = left
    for q, label in QUAD_CLASSES.items():
        name = label.split(" (")[0]
        parts.append(f'<rect x="{x}" y="6" width="12" height="12" fill="{QUAD_COLOURS[q]}"/>')
        parts.append(f'<text class="legend" x="{x + 16}" y="16">{q} {escape(name)}</text>')
        x += _text_width(f"{q} {name}") + 34
    t = 0.0
    while t <= top_tick + 1e-9:
        y = base_y - t * scale
        parts.append(f'<line class="grid" x1="{left}" y1="{y:.1f}" x2="{width - right}" '
                     f'y2="{y:.1f}"/>')
        parts.append(f'<text class="tick" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">'
                     f"{_fmt(t)}</text>")
        t += step
    every = max(1, math.ceil(n / 10))
    prev_year = None
    for i, (start, counts) in enumerate(s.timeline):
        cx = left + slot * i + slot / 2
        y = base_y
        for q in (1, 2, 3, 4):
            c = counts[q - 1]
            if not c:
                continue
            h = c * scale
            y -= h
            tip = (f"{s.timeline_unit} of {start}: {c:,} {QUAD_CLASSES[q].split(' (')[0].lower()}"
                   f" (total {sum(counts):,})")
            parts.append(f'<rect class="mark" x="{cx - bar_w / 2:.1f}" y="{y:.1f}" '
                         f'width="{bar_w:.1f}" height="{max(h, 0.5):.1f}" fill="{QUAD_COLOURS[q]}">'
                         f"<title>{escape(tip)}</title></rect>")
        if i % every == 0:
            year = start[:4]
            label = _date_label(start, s.timeline_unit, with_year=year != prev_year)
            prev_year = year
            parts.append(f'<line class="axis" x1="{cx:.1f}" y1="{base_y}" x2="{cx:.1f}" '
                         f'y2="{base_y + 4}"/>')
            parts.append(f'<text class="tick" x="{cx:.1f}" y="{base_y + 18}" '
                         f'text-anchor="middle">{escape(label)}</text>')
    parts.append(f'<line class="axis" x1="{left}" y1="{base_y}" x2="{width - right}" '
                 f'y2="{base_y}"/>')
    unit = "week starting" if s.timeline_unit == "week" else "month"
    parts.append(f'<text class="tick" x="{left + plot_w / 2:.1f}" y="{height - 6}" '
                 f'text-anchor="middle">{unit}</text>')
    parts.append("</svg>")
    return "".join(parts)


# -- the page -------------------------------------------------------------------------------------

_CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f4f5f7; color: #1d2733;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans",
  "Noto Sans Arabic", sans-serif; }
main { max-width: 980px; margin: 0 auto; padding: 24px 20px 40px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; }
p.meta, p.note, figcaption .note { color: #5b6673; margin: 2px 0; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(140px, 1fr)); gap: 10px;
  margin: 18px 0 4px; }
.kpi { background: #fff; border: 1px solid #dde1e6; border-radius: 6px; padding: 10px 12px; }
.kpi .n { font-size: 21px; font-weight: 600; }
.kpi .what { color: #5b6673; font-size: 12px; }
figure.plot, figure.panel { background: #fff; border: 1px solid #dde1e6; border-radius: 6px;
  margin: 0 0 14px; padding: 12px 14px 8px; overflow-x: auto; }
figcaption { margin-bottom: 6px; }
figcaption .title { font-weight: 600; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 14px; }
@media (max-width: 940px) { .pair { grid-template-columns: 1fr; } }
svg { display: block; max-width: 100%; height: auto; font-size: 12px; }
svg text { fill: #1d2733; }
svg .tick, svg .value { fill: #5b6673; font-size: 11px; }
svg .legend { font-size: 12px; }
svg .grid { stroke: #e6e9ed; stroke-width: 1; }
svg .axis { stroke: #8a949e; stroke-width: 1; }
svg .frame { fill: #fafbfc; stroke: #dde1e6; }
svg .empty { fill: #5b6673; font-style: italic; }
table { border-collapse: collapse; background: #fff; width: 100%; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #e6e9ed; }
th.n, td.n { text-align: right; font-variant-numeric: tabular-nums; }
code, pre { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace;
  font-size: 13px; }
pre { background: #fff; border: 1px solid #dde1e6; border-radius: 6px; padding: 10px 12px;
  overflow-x: auto; }
footer { color: #5b6673; margin-top: 28px; font-size: 12px; }
"""


def _kpi(n: str, what: str) -> str:
    return (f'<div class="kpi"><div class="n">{escape(n)}</div>'
            f'<div class="what">{escape(what)}</div></div>')


def _figure(ident: str, title: str, svg: str, note: str = "") -> str:
    note_html = f'<div class="note">{escape(note)}</div>' if note else ""
    return (f'<figure class="plot" id="{ident}"><figcaption><div class="title">{escape(title)}'
            f"</div>{note_html}</figcaption>{svg}</figure>")


def _pct(n: int, total: int) -> str:
    return f"{100 * n / total:.1f}%" if total else "–"


def render(s: ReleaseSummary) -> str:
    """The report page of a release summary, as one HTML string."""
    e = s.events
    period = f"{s.first_date} to {s.last_date}" if s.first_date else "no dated event"
    kpis = "".join([
        _kpi(f"{e:,}", "events"),
        _kpi(f"{s.read:,}", "articles read"),
        _kpi(f"{s.coded:,}", f"articles with events ({_pct(s.coded, s.read)})"),
        _kpi(f"{s.rejected:,}", f"records rejected ({_pct(s.rejected, s.read)})"),
        _kpi(_pct(s.undated, e), f"events undated ({s.undated:,})"),
        _kpi(f"{sum(1 for r in s.by_language if r.n)}", "languages: " + ", ".join(
            f"{r.label} {r.n:,}" for r in s.by_language if r.n) if e else "languages"),
    ])

    timeline_note = (
        "Stacked by GDELT QuadClass. Only events dated to the day or the week are placed"
        + (f"; {s.timeline_left_out:,} dated to the month or year only, or undated, are left out."
           if s.timeline_left_out else ".")
    )
    roots = [(f"{r.code} {r.label}", r.n, QUAD_COLOURS[quad_class_of(r.code)]
              if r.code in _ROOTS else BAR, f"{r.code} {r.label}: {r.n:,} ({_pct(r.n, e)})")
             for r in s.by_root]
    pairs = [(f"{r.label}  {r.code}", r.n, BAR, f"{r.label}: {r.n:,} ({_pct(r.n, e)})")
             for r in s.top_pairs]
    countries = [(f"{r.code}  {r.label}", r.n, BAR, f"{r.label}: {r.n:,} events")
                 for r in s.by_country]
    status = [(r.code, r.n, BAD if r.code == "rejected" else BAR,
               f"{r.code}: {r.n:,} ({_pct(r.n, s.read)})") for r in s.by_status]
    rejects = [(r.code, r.n, BAD, f"{r.code}: {r.n:,} — {r.label}") for r in s.rejects_by_reason]
    precision = [(r.label, r.n, BAD if r.code == "unknown" else BAR,
                  f"{r.code}: {r.n:,} ({_pct(r.n, e)})") for r in s.by_precision]

    actor_rows = "".join(
        f'<tr><td><code>{escape(r.code)}</code></td><td dir="auto">{escape(r.label)}</td>'
        f'<td class="n">{r.n:,}</td></tr>' for r in s.top_actors)
    actors = (f"<table><thead><tr><th>actor code</th><th>name most often written</th>"
              f'<th class="n">events</th></tr></thead><tbody>{actor_rows}</tbody></table>'
              if s.top_actors else '<p class="note">No actor with a code in this release.</p>')

    body = f"""
<main>
<header>
<h1>events release {escape(s.version)}</h1>
<p class="meta">{escape(period)} · schema {escape(s.schema_version)} · coder
{escape(s.coder_version)} · package {escape(s.package_version)} · previous release
{escape(s.previous or "none")} ({s.added:,} added, {s.removed:,} removed, {s.modified:,}
modified)</p>
</header>
<section class="kpis">{kpis}</section>

<h2>Over time</h2>
{_figure("plot-timeline", f"Events per {s.timeline_unit} by QuadClass", timeline_chart(s),
         timeline_note)}

<h2>What happened</h2>
{_figure("plot-roots", "Events by CAMEO root code", hbar_chart(roots, "Events by CAMEO root code"),
         "Bars coloured by QuadClass; codes that never occur show 0.")}

<h2>Between whom</h2>
{_figure("plot-pairs", ranked_title("country pairs", len(pairs), s.top),
         hbar_chart(pairs, "Top country pairs", WIDE, "No event with both countries known"),
         "Events whose two actors' countries are both known; the pair is sorted, so "
         "EGY-LBY counts Egypt acting on Libya and Libya acting on Egypt.")}
{_figure("plot-countries", "Events by country"
         + (f" (top {len(countries)})" if len(countries) >= s.top else ""),
         hbar_chart(countries, "Events by country", WIDE, "No event with a known country"),
         "Country of actor 1, actor 2 or the location; an event counts once per country.")}
<figure class="panel" id="table-actors"><figcaption><div class="title">{
    escape(ranked_title("actors", len(s.top_actors), s.top))}</div>
<div class="note">By CAMEO actor code (country then agent type), either side of the event.</div>
</figcaption>{actors}</figure>

<h2>Data quality</h2>
<div class="pair">
{_figure("plot-status", "Articles by status",
         hbar_chart(status, "Articles by status", HALF, "No article was read"),
         f"{s.read:,} records read; coded + no event + rejected = read.")}
{_figure("plot-precision", "Event dates by precision",
         hbar_chart(precision, "Event dates by precision", HALF, "No events"),
         f"Undated events: {s.undated:,} of {e:,} ({_pct(s.undated, e)}).")}
</div>
{_figure("plot-rejects", "Rejects by reason",
         hbar_chart(rejects, "Rejects by reason", WIDE, "No record was rejected"),
         "Every rejected record is in data/rejects.parquet with its file, line and message.")}

<h2>Use it</h2>
<pre>import events
df = events.load("{escape(s.version)}")          # pandas, codes as categoricals
events.codebook()                      # every column; events.codebook("codes") for codes</pre>
<p class="note">Columns and codes: <code>CODEBOOK.md</code>. Citation: <code>CITATION.cff</code>.
What changed: <code>CHANGELOG.md</code> and <code>data/changes.parquet</code>. Checksums:
<code>SHA256SUMS</code>.</p>
<footer>Generated by <code>events</code> from this release's own files; the page loads nothing
from the network.</footer>
</main>
"""
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>events release {escape(s.version)}</title>\n<style>{_CSS}</style>\n"
            f"</head>\n<body>{body}</body>\n</html>\n")


_ROOTS = frozenset(k for k in cameo_codes() if len(k) == 2)

