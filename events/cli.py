"""The `events` command line: a thin layer over the library.

Only this module prints or exits. Exit codes:

    0   success
    1   internal error (a bug: please report it)
    2   usage error (bad option, missing input path)
    3   validation failed, or --strict and some records were rejected;
        no release was written
    4   another build holds the lock on the output root; nothing was changed
    5   release not found, not writable, or its version is taken
    6   `events verify` found a problem (each one is printed, naming the file)
    130 interrupted (Ctrl-C or SIGTERM); no partial release is left and
        LATEST names the last complete release
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import traceback
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from events import __version__
from events.errors import EventsError, ReleaseError, UsageError

log = logging.getLogger("events")

EXAMPLES = {
    "build": "examples:\n  events build events/sample\n"
             "  events build scrapes/2026-11/ --out output --quiet\n"
             "  events build articles.jsonl --full --strict\n"
             "  events build corpus/ --workers 8\n"
             "  events build corpus/ --engine dask --scheduler tcp://10.0.0.5:8786\n"
             "  SOURCE_DATE_EPOCH=1795000000 events build articles.jsonl  # fixed release date",
    "verify": "examples:\n  events verify\n  events verify 2026.11.0\n"
              "  events verify output/releases/2026.11.0\n  events verify --all --deep",
    "releases": "examples:\n  events releases\n  events releases --out /data/events --json",
    "diff": "examples:\n  events diff 2026.11.0 2026.11.1\n"
            "  events diff 2026.11.0 latest --limit 0\n"
            "  events diff 2026.11.0 2026.11.1 --json > changes.json",
    "info": "examples:\n  events info\n  events info 2026.11.0 --top 10\n"
            "  events info --out /data/events --json > summary.json",
    "export": "examples:\n"
              "  events export --format gdelt               # events-<version>.gdelt.tsv\n"
              "  events export 2026.11.0 --format acled --output acled.csv\n"
              "  events export --format csv --output - | head\n"
              "  events export --format gdelt --no-header --output events.export.CSV.gz\n"
              "  events export --format acled --describe    # the columns against ACLED's",
    "report": "examples:\n  events report                 # report-<version>.html in this folder\n"
              "  events report 2026.11.0 --output /tmp/report.html\n"
              "(every release already holds its own report.html; this writes another copy,\n"
              "e.g. for a release built before reports existed)",
}

EPILOG = """examples:
  events build events/sample          # code the bundled sample into ./output
  events info                         # what the latest release holds
  events export --format acled        # the release in ACLED's layout
  python -c "import events; print(events.load().shape)"

exit codes:
""" + (__doc__.split("Exit codes:", 1)[1].lstrip("\n") if __doc__ else "")
#: `events export --format` choices (events.export.FORMATS; not imported here: it loads pandas)
EXPORT_FORMATS = ("gdelt", "acled", "csv")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="events",
        description="Arabic and English news articles in, a coded, validated, versioned "
                    "CAMEO event dataset out.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"events {__version__}")
    p.add_argument("-v", "--verbose", action="count", default=0, help="more logging; tracebacks on errors")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, help_: str) -> argparse.ArgumentParser:
        epilog = (EXAMPLES.get(name, "") + "\n\nexit codes: see `events --help`").strip()
        sp = sub.add_parser(name, help=help_, description=help_, epilog=epilog,
                            formatter_class=argparse.RawDescriptionHelpFormatter)
        # -v after the command too (`events build -v …`); SUPPRESS keeps a top-level -v
        sp.add_argument("-v", "--verbose", action="count", default=argparse.SUPPRESS,
                        help="more logging; tracebacks on errors")
        sp.add_argument("--out", type=Path, default=Path("output"),
                        help="output root holding releases/ (default: output)")
        return sp

    b = add("build", "code articles and publish a new release")
    b.add_argument("inputs", nargs="+", metavar="INPUT",
                   help=".jsonl/.json/.txt/.html files or folders of them")
    b.add_argument("--full", action="store_true", help="re-code every article, ignoring the cache")
    b.add_argument("--strict", action="store_true",
                   help="exit 3 and write no release if any record is rejected")
    b.add_argument("--quiet", action="store_true",
                   help="print one JSON summary line only (and no progress bar)")
    b.add_argument("--release-version", metavar="V", help="name the release V (default YYYY.MM.N)")
    b.add_argument("--workers", type=int, metavar="N", default=None,
                   help="coding processes (default: the number of cores; 1 codes in this "
                        "process)")
    b.add_argument("--engine", choices=("process", "serial", "dask"), default=None,
                   help="who runs the coder: a local process pool (default), this process "
                        "only, or Dask (pip install \"events[dask]\"; a local cluster unless "
                        "--scheduler is given)")
    b.add_argument("--scheduler", metavar="ADDRESS",
                   help="address of an existing Dask scheduler (implies --engine dask)")
    b.add_argument("--batch-size", type=int, default=None, metavar="N",
                   help="articles per coding batch (default 256); never changes the output")
    b.add_argument("--reference-date", metavar="YYYY-MM-DD", type=_iso_date,
                   help="ignore publication dates later than this day (+1 day of slack) as "
                        "'published-in-future' (default: the release day); the manifest "
                        "records it, to rebuild a release exactly")

    v = add("verify", "check a release's checksums, files, schema and counts against its manifest")
    v.add_argument("release", nargs="?", default=None,
                   help="version, folder or 'latest' (default: the one LATEST names)")
    v.add_argument("--all", action="store_true", help="verify every release under the output root")
    v.add_argument("--deep", action="store_true",
                   help="also validate every row against the pandera models (slower)")

    r = add("releases", "list the releases under the output root, oldest first")
    r.add_argument("--json", action="store_true", help="one JSON object per release, per line")

    d = add("diff", "events added, removed and modified between two releases (by event_id)")
    d.add_argument("a", help="older release (version, folder or 'latest')")
    d.add_argument("b", help="newer release (version, folder or 'latest')")
    d.add_argument("--limit", type=int, default=50, metavar="N",
                   help="list at most N changed events (default 50; 0: all)")
    d.add_argument("--json", action="store_true",
                   help="print the counts and every change as one JSON document")
    _add_research_commands(add)
    return p


def _add_research_commands(add: Callable[[str, str], argparse.ArgumentParser]) -> None:
    """`info`, `export` and `report`: what researchers run on a finished release."""
    release_help = "version, folder or 'latest' (default: the one LATEST names)"
    i = add("info", "summarise a release: counts, dates, codes, countries, actors, rejects")
    i.add_argument("release", nargs="?", default=None, help=release_help)
    i.add_argument("--top", type=int, default=20, metavar="N",
                   help="rows of the ranked tables (default 20)")
    i.add_argument("--json", action="store_true", help="print the summary as JSON")

    e = add("export", "write a release's events in GDELT's or ACLED's layout, or as CSV")
    e.add_argument("release", nargs="?", default=None, help=release_help)
    e.add_argument("--format", "-f", required=True, choices=EXPORT_FORMATS,
                   help="gdelt: GDELT 2.0 event columns, tab-separated; acled: ACLED's columns "
                        "with CAMEO mapped to ACLED event types; csv: our own columns")
    e.add_argument("--output", "-o", metavar="PATH",
                   help="file to write ('-': standard output; .gz/.bz2/.xz/.zst compress); "
                        "default events-<version>.<format>.tsv|csv here")
    e.add_argument("--no-header", action="store_true",
                   help="no header row (GDELT's raw files have none)")
    e.add_argument("--describe", action="store_true",
                   help="print each exported column against the original's and exit")

    r = add("report", "write a release's report.html (plots; opens offline) to a file")
    r.add_argument("release", nargs="?", default=None, help=release_help)
    r.add_argument("--output", "-o", metavar="PATH",
                   help="file to write (default report-<version>.html here)")


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose > 1 else
                        logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(message)s")
    try:
        return int(_run(args))
    except KeyboardInterrupt as e:
        from events.errors import BuildInterrupted

        done = str(e) if isinstance(e, BuildInterrupted) else "interrupted"
        return _fail(args, 130, f"{done}; no partial release is left "
                                "(LATEST names the last complete release)")
    except EventsError as e:
        if args.verbose:  # the traceback, and still the documented exit code
            traceback.print_exc(file=sys.stderr)
        return _fail(args, e.exit_code, str(e))
    except Exception as e:  # a bug: say so, briefly, unless -v
        if args.verbose:
            traceback.print_exc(file=sys.stderr)
        return _fail(args, 1, f"internal error: {type(e).__name__}: {e} (run with -v for details)")


def _fail(args: argparse.Namespace, code: int, message: str) -> int:
    """Report an error on stderr; `build --quiet` also prints its one JSON line."""
    print(f"events: {message}", file=sys.stderr)
    if args.command == "build" and getattr(args, "quiet", False):
        print(json.dumps({"ok": False, "exit_code": code, "error": message.splitlines()[0]},
                         ensure_ascii=False, sort_keys=True))
    return code


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from e


def _sigterm(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # a scheduler's stop: clean up staging like Ctrl-C


def _run(args: argparse.Namespace) -> int:
    if args.command == "build":
        return _build(args)
    if args.command == "verify":
        return _verify(args)
    if args.command == "releases":
        return _releases(args)
    if args.command == "diff":
        return _diff(args)
    if args.command in _RESEARCH_COMMANDS:
        return _RESEARCH_COMMANDS[args.command](args)
    raise AssertionError(args.command)


def _build(args: argparse.Namespace) -> int:
    import signal
    from dataclasses import replace

    from events.build import BATCH, BuildOptions, build
    from events.engine import default_workers
    from events.progress import ProgressBar
    from events.progress import wanted as progress_wanted

    engine = args.engine or ("dask" if args.scheduler else "process")
    if args.scheduler and engine != "dask":
        raise UsageError("--scheduler needs --engine dask")
    workers = args.workers if args.workers is not None else default_workers()
    if workers < 1:
        raise UsageError("--workers must be 1 or more")
    batch = args.batch_size if args.batch_size is not None else BATCH
    if batch < 1:
        raise UsageError("--batch-size must be 1 or more")
    opts = BuildOptions(out=args.out, full=args.full, strict=args.strict,
                        version=args.release_version, engine=engine, workers=workers,
                        scheduler=args.scheduler, batch_size=batch)
    if args.reference_date is not None:
        opts = replace(opts, ingest=replace(opts.ingest, reference_date=args.reference_date))
    bar = ProgressBar(sys.stderr) if progress_wanted(sys.stderr, args.quiet) else None
    previous = signal.signal(signal.SIGTERM, _sigterm)
    try:
        s = build(args.inputs, opts, progress=bar)
    finally:
        signal.signal(signal.SIGTERM, previous)
        if bar is not None:
            bar.close()
    if args.quiet:
        print(json.dumps(s.as_dict(), ensure_ascii=False, sort_keys=True))
        return 0
    print(f"release {s.version} written to {s.release}")
    print(f"  records read {s.read}: coded {s.coded}, no event {s.no_event}, rejected {s.rejected}")
    since = f"since {s.previous}" if s.previous else "(first release)"
    print(f"  events {s.events}: {s.added} added, {s.removed} removed, {s.modified} modified "
          f"{since}")
    print(f"  articles: {s.articles_new} new, {s.articles_changed} changed, "
          f"{s.articles_removed} removed; coded {s.recoded}, from cache {s.from_cache}")
    if s.rejects_by_reason:
        print("  rejects: " + ", ".join(f"{k} {v}" for k, v in s.rejects_by_reason.items())
              + f" (why: {s.release}/data/rejects.parquet)")
    if s.warnings_by_code:
        print("  warnings: " + ", ".join(f"{k} {v}" for k, v in s.warnings_by_code.items()))
    print(f"  load it: pandas.read_parquet(\"{s.release}/data/events\")")
    print(f"  or: events.load(\"{s.version}\", root=\"{args.out}\"); plots: "
          f"{s.release}/report.html; summary: events info")
    return 0


def _verify(args: argparse.Namespace) -> int:
    from events.errors import VerifyError
    from events.release import latest, list_releases, releases_dir, resolve, verify

    if args.all:
        if args.release is not None:
            raise UsageError("give a release or --all, not both")
        paths = [releases_dir(args.out) / v for v in list_releases(args.out)]
        if not paths:
            raise ReleaseError(f"no releases under {args.out}")
    else:
        paths = [resolve(args.out, args.release)]
    failed = []
    for path in paths:
        problems = verify(path, deep=args.deep)
        if problems:
            failed.append(path)
            print(f"FAILED {path}: {len(problems)} problem(s)", file=sys.stderr)
            for pr in problems:
                print(f"  {pr}", file=sys.stderr)
        else:
            what = "checksums, files, schema, counts" + (", rows" if args.deep else "")
            print(f"OK {path} ({what})")
    if args.all or args.release in (None, "latest", "LATEST"):
        pointed = latest(args.out)
        if pointed is None and (args.out / "LATEST").exists():
            failed.append(args.out / "LATEST")
            print(f"FAILED {args.out / 'LATEST'}: names no release", file=sys.stderr)
    if failed:
        raise VerifyError(f"{len(failed)} of {len(paths)} release(s) failed verification: "
                          + ", ".join(p.name for p in failed))
    return 0


def _releases(args: argparse.Namespace) -> int:
    from events.release import latest, list_releases, release_summary

    current = latest(args.out)
    versions = list_releases(args.out)
    infos = [release_summary(args.out, v) | {"latest": v == current} for v in versions]
    if args.json:
        for info in infos:
            print(json.dumps(info, ensure_ascii=False, sort_keys=True))
        return 0
    if not infos:
        print(f"no releases under {args.out}")
        return 0
    head = (f"  {'version':<12} {'created':<10} {'events':>8} {'articles':>8} {'added':>7} "
            f"{'removed':>7} {'modified':>8}  {'schema':<7} {'coder':<7} event dates")
    print(head)
    for i in infos:
        mark = "*" if i["latest"] else " "
        if "error" in i:
            print(f"{mark} {i['version']:<12} damaged: {i['error']}")
            continue
        dates = i.get("event_dates") or {}
        span = f"{dates.get('min')} .. {dates.get('max')}" if dates.get("min") else "-"
        if dates.get("undated"):
            span += f" (+{dates['undated']} undated)"

        def n(key: str, info: dict[str, object] = i) -> str:
            v = info.get(key)
            return "?" if v is None else str(v)

        print(f"{mark} {i['version']:<12} {str(i.get('created') or '?')[:10]:<10} "
              f"{n('events'):>8} {n('articles'):>8} {n('added'):>7} {n('removed'):>7} "
              f"{n('modified'):>8}  {n('schema_version'):<7} {n('coder_version'):<7} {span}")
    print(f"* = LATEST ({current or 'none'}); added/removed/modified are against each "
          "release's previous one")
    return 0


def _diff(args: argparse.Namespace) -> int:
    from events.diff import diff_events
    from events.release import read_manifest, read_table, resolve

    if args.limit < 0:
        raise UsageError("--limit must be 0 (all) or more")
    a, b = resolve(args.out, args.a), resolve(args.out, args.b)
    va, vb = (read_manifest(p).get("version", p.name) for p in (a, b))
    old = read_table(a / "data" / "events", "events" if not any(
        (a / "data" / "events").glob("*.parquet")) else None)
    new = read_table(b / "data" / "events", "events" if not any(
        (b / "data" / "events").glob("*.parquet")) else None)
    ch = diff_events(old, new)
    if args.json:
        doc = {"from": va, "to": vb, "events_from": len(old), "events_to": len(new),
               **ch.as_dict(), "changes": ch.frame.to_dict("records")}
        print(json.dumps(doc, ensure_ascii=False, indent=1, default=list))
        return 0
    print(f"{va} → {vb}: {ch.added} added, {ch.removed} removed, {ch.modified} modified "
          f"({len(old)} → {len(new)} events)")
    if ch.modified_columns:
        print("modified columns: " + ", ".join(f"{k} {v}" for k, v in ch.modified_columns.items()))
    if ch.not_compared:
        print("not compared (in one release only): " + ", ".join(ch.not_compared))
    rows = ch.frame.to_dict("records")
    shown = rows if args.limit == 0 else rows[:args.limit]
    by_id = {**_brief(old), **_brief(new)}
    for r in shown:
        cols = f"  [{', '.join(r['changed_columns'])}]" if len(r["changed_columns"]) else ""
        print(f"  {r['change']:<8} {r['event_id']}  {r['article_id']}  "
              f"{by_id.get(r['event_id'], '')}{cols}")
    if len(shown) < len(rows):
        print(f"  … and {len(rows) - len(shown)} more (--limit 0 lists all; --json for tools)")
    return 0


def _brief(events: object) -> dict[str, str]:
    """event_id → "date code actor1 → actor2" for the diff listing."""
    import pandas as pd

    assert isinstance(events, pd.DataFrame)
    if events.empty:
        return {}
    out = {}
    cols = ["event_id", "event_date", "event_code", "actor1_code", "actor1_name",
            "actor2_code", "actor2_name"]
    for e, d, code, a1c, a1n, a2c, a2n in events[cols].itertuples(index=False):
        def who(c: object, name: object) -> str:
            return str(c) if isinstance(c, str) else (str(name) if isinstance(name, str) else "-")
        date = d.isoformat() if hasattr(d, "isoformat") else "undated"
        out[str(e)] = f"{date} {code} {who(a1c, a1n)} → {who(a2c, a2n)}"
    return out


# -- info, export, report --------------------------------------------------------------------------

def _info(args: argparse.Namespace) -> int:
    from events.info import format_text, summarize
    from events.release import resolve

    if args.top < 1:
        raise UsageError("--top must be 1 or more")
    s = summarize(resolve(args.out, args.release), top=args.top)
    if args.json:
        print(s.to_json())
        return 0
    enc = (getattr(sys.stdout, "encoding", None) or "").lower()
    sys.stdout.write(format_text(s, unicode=enc.startswith("utf")))
    return 0


def _export(args: argparse.Namespace) -> int:
    from events.export import describe, export
    from events.release import resolve

    if args.describe:
        sys.stdout.write(describe(args.format))
        return 0
    path = resolve(args.out, args.release)
    r = export(path, args.format, args.output, header=not args.no_header)
    if r.path != "-":
        extra = (f"; {r.left_out:,} events are not ACLED event types (statements, meetings, "
                 "appeals, …) and were left out" if r.left_out else "")
        print(f"{r.rows:,} events written to {r.path} ({r.format}){extra}", file=sys.stderr)
    return 0


def _report(args: argparse.Namespace) -> int:
    from events.release import read_manifest, resolve
    from events.report import write_report

    path = resolve(args.out, args.release)
    version = read_manifest(path).get("version", path.name)
    target = Path(args.output) if args.output else Path(f"report-{version}.html")
    print(write_report(path, target))
    return 0


_RESEARCH_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "info": _info, "export": _export, "report": _report,
}


if __name__ == "__main__":
    sys.exit(main())
