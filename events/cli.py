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
    143 terminated (SIGTERM); no release was written
"""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from types import FrameType

from events import __version__
from events.errors import EventsError

log = logging.getLogger("events")

EXAMPLES = {
    "build": "examples:\n  events build events/sample\n  events build scrapes/2026-11/ --out output --quiet\n"
             "  events build articles.jsonl --full --strict",
    "verify": "examples:\n  events verify\n  events verify 2026.11.0\n  events verify output/releases/2026.11.0",
    "releases": "examples:\n  events releases\n  events releases --out /data/events",
    "diff": "examples:\n  events diff 2026.11.0 2026.11.1",
}


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="events",
        description="Arabic and English news articles in, a coded, validated, versioned "
                    "CAMEO event dataset out.",
        epilog=__doc__.split("Only this module", 1)[1].split("\n", 1)[1] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"events {__version__}")
    p.add_argument("-v", "--verbose", action="count", default=0, help="more logging; tracebacks on errors")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, help_: str) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, help=help_, description=help_, epilog=EXAMPLES.get(name),
                            formatter_class=argparse.RawDescriptionHelpFormatter)
        sp.add_argument("--out", type=Path, default=Path("output"),
                        help="output root holding releases/ (default: output)")
        return sp

    b = add("build", "code articles and publish a new release")
    b.add_argument("inputs", nargs="+", metavar="INPUT",
                   help=".jsonl/.json/.txt/.html files or folders of them")
    b.add_argument("--full", action="store_true", help="re-code every article, ignoring the cache")
    b.add_argument("--strict", action="store_true",
                   help="exit 3 and write no release if any record is rejected")
    b.add_argument("--quiet", action="store_true", help="print one JSON summary line only")
    b.add_argument("--release-version", metavar="V", help="name the release V (default YYYY.MM.N)")
    b.add_argument("--reference-date", metavar="YYYY-MM-DD", type=date.fromisoformat,
                   help="ignore publication dates later than this day (+1 day of slack) as "
                        "'published-in-future' (default: today, UTC); give the manifest's "
                        "value to rebuild a release exactly")

    v = add("verify", "check a release's checksums, schema and row counts")
    v.add_argument("release", nargs="?", default=None, help="version or folder (default: LATEST)")

    add("releases", "list the releases under the output root")

    d = add("diff", "events added, removed and modified between two releases")
    d.add_argument("a", help="older release (version or folder)")
    d.add_argument("b", help="newer release (version or folder)")
    return p


class _Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: a scheduler stopping a build gets a clean stop."""


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise _Terminated()


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose > 1 else
                        logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(message)s")
    terminated = False
    try:
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:  # not the main thread: leave SIGTERM alone
        previous = None
    try:
        return int(_run(args))
    except KeyboardInterrupt as e:
        terminated = isinstance(e, _Terminated) or isinstance(e.__context__, _Terminated)
        why = "terminated" if terminated else "interrupted"
        detail = str(e) if str(e) else f"{why}; no release was written"
        if terminated and detail.startswith("interrupted"):
            detail = why + detail[len("interrupted"):]
        print(f"events: {detail}", file=sys.stderr)
        return 143 if terminated else 130
    except EventsError as e:
        if args.verbose:
            raise
        print(f"events: {e}", file=sys.stderr)
        return e.exit_code
    except Exception as e:  # a bug: say so, briefly, unless -v
        if args.verbose:
            raise
        print(f"events: internal error: {type(e).__name__}: {e} (run with -v for details)",
              file=sys.stderr)
        return 1
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _run(args: argparse.Namespace) -> int:
    if args.command == "build":
        return _build(args)
    if args.command == "verify":
        return _verify(args)
    if args.command == "releases":
        return _releases(args)
    if args.command == "diff":
        return _diff(args)
    raise AssertionError(args.command)


def _build(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from events.build import BuildOptions, build

    opts = BuildOptions(out=args.out, full=args.full, strict=args.strict,
                        version=args.release_version)
    if args.reference_date is not None:
        opts = replace(opts, ingest=replace(opts.ingest, reference_date=args.reference_date))
    s = build(args.inputs, opts)
    if args.quiet:
        print(json.dumps(s.as_dict(), ensure_ascii=False, sort_keys=True))
        return 0
    print(f"release {s.version} written to {s.release}")
    print(f"  records read {s.read}: coded {s.coded}, no event {s.no_event}, rejected {s.rejected}")
    print(f"  events {s.events} ({s.added} added, {s.removed} removed, {s.modified} modified)")
    print(f"  articles re-coded {s.recoded}, from cache {s.from_cache}")
    if s.rejects_by_reason:
        print("  rejects: " + ", ".join(f"{k} {v}" for k, v in s.rejects_by_reason.items())
              + f" (details in {s.release}/data/rejects.parquet)")
    if s.warnings_by_code:
        print("  warnings: " + ", ".join(f"{k} {v}" for k, v in s.warnings_by_code.items()))
    print(f"  load it: pandas.read_parquet(\"{s.release}/data/events\")")
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


if __name__ == "__main__":
    sys.exit(main())
