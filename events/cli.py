"""The `events` command line: a thin layer over the library.

Only this module prints or exits. Exit codes:

    0   success
    1   internal error (a bug: please report it)
    2   usage error (bad option, missing input path)
    3   validation failed, or --strict and some records were rejected;
        no release was written
    4   another build holds the lock on the output root
    5   release not found or not writable
    6   `events verify` found a problem
    130 interrupted (Ctrl-C); no release was written
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from events import __version__
from events.errors import EventsError

log = logging.getLogger("events")

EXAMPLES = {
    "build": "examples:\n  events build events/sample\n  events build scrapes/2026-11/ --out output --quiet\n"
             "  events build articles.jsonl --full --strict",
    "verify": "examples:\n  events verify\n  events verify 2026.11.0\n  events verify output/releases/2026.11.0",
    "releases": "examples:\n  events releases\n  events releases --out /data/events",
    "diff": "examples:\n  events diff 2026.11.0 2026.11.1",
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

    v = add("verify", "check a release's checksums, schema and row counts")
    v.add_argument("release", nargs="?", default=None, help="version or folder (default: LATEST)")

    add("releases", "list the releases under the output root")

    d = add("diff", "events added, removed and modified between two releases")
    d.add_argument("a", help="older release (version or folder)")
    d.add_argument("b", help="newer release (version or folder)")
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
    except KeyboardInterrupt:
        print("events: interrupted; no release was written", file=sys.stderr)
        return 130
    except EventsError as e:
        if args.verbose:  # the traceback, and still the documented exit code
            traceback.print_exc(file=sys.stderr)
        print(f"events: {e}", file=sys.stderr)
        return e.exit_code
    except Exception as e:  # a bug: say so, briefly, unless -v
        if args.verbose:
            traceback.print_exc(file=sys.stderr)
        print(f"events: internal error: {type(e).__name__}: {e} (run with -v for details)",
              file=sys.stderr)
        return 1


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
    from events.build import BuildOptions, build
    from events.progress import ProgressBar
    from events.progress import wanted as progress_wanted

    opts = BuildOptions(out=args.out, full=args.full, strict=args.strict,
                        version=args.release_version)
    bar = ProgressBar(sys.stderr) if progress_wanted(sys.stderr, args.quiet) else None
    try:
        s = build(args.inputs, opts, progress=bar)
    finally:
        if bar is not None:
            bar.close()
    if args.quiet:
        print(json.dumps(s.as_dict(), ensure_ascii=False, sort_keys=True))
        return 0
    print(f"release {s.version} written to {s.release}")
    print(f"  records read {s.read}: coded {s.coded}, no event {s.no_event}, rejected {s.rejected}")
    print(f"  events {s.events} ({s.added} added, {s.removed} removed, {s.modified} modified)")
    print(f"  articles re-coded {s.recoded}, from cache {s.from_cache}")
    if s.rejects_by_reason:
        print("  rejects: " + ", ".join(f"{k} {v}" for k, v in s.rejects_by_reason.items()))
    print(f"  load it: pandas.read_parquet(\"{s.release}/data/events\")")
    print(f"  or: events.load(\"{s.version}\", root=\"{args.out}\"); plots: "
          f"{s.release}/report.html; summary: events info")
    return 0


def _verify(args: argparse.Namespace) -> int:
    from events.errors import VerifyError
    from events.release import resolve, verify

    path = resolve(args.out, args.release)
    problems = verify(path)
    if problems:
        raise VerifyError(f"{path} failed verification:\n  " + "\n  ".join(problems))
    print(f"{path}: OK (checksums, schema and row counts verified)")
    return 0


def _releases(args: argparse.Namespace) -> int:
    from events.release import latest, list_releases, read_manifest, releases_dir

    current = latest(args.out)
    versions = list_releases(args.out)
    if not versions:
        print(f"no releases under {args.out}")
        return 0
    for v in versions:
        m = read_manifest(releases_dir(args.out) / v)
        c = m.get("counts", {})
        mark = "*" if v == current else " "
        print(f"{mark} {v}  events {c.get('events', '?'):>7}  articles {c.get('read', '?'):>7}  "
              f"schema {m.get('schema_version', '?')}  coder {m.get('coder_version', '?')}")
    return 0


def _diff(args: argparse.Namespace) -> int:
    from events.release import diff_events, read_table, resolve

    a, b = resolve(args.out, args.a), resolve(args.out, args.b)
    ch = diff_events(read_table(a / "data" / "events", "events"), read_table(b / "data" / "events", "events"))
    print(f"{a.name} → {b.name}: {ch.added} added, {ch.removed} removed, {ch.modified} modified")
    for r in ch.frame.to_dict("records"):
        cols = f" ({', '.join(r['changed_columns'])})" if r["changed_columns"] else ""
        print(f"  {r['change']:<8} {r['event_id']}  {r['article_id']}{cols}")
    return 0



# -- info, export, report --------------------------------------------------------------------------

def _info(args: argparse.Namespace) -> int:
    from events.errors import UsageError
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
