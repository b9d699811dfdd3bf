"""Throughput and scale benchmark of `events build` (see benchmarks/README.md).

    python benchmarks/bench.py                      # 1k, 10k, 100k articles (~30 min)
    python benchmarks/bench.py --sizes 1000,10000   # quicker
    python benchmarks/bench.py --json results.json  # also write the figures as JSON
    python benchmarks/bench.py --memory-size 300000 # and the peak memory of a bigger build

For each size it generates that many articles from the sample corpus
(`benchmarks/corpus.py`) into a temporary folder and measures, each in a
fresh process:

- the **build**: `python -m events build <corpus> --workers 1`, end to end
  (read, code, validate, write, diff, publish): wall time, articles/s,
  MB/s per core, CPU time and peak memory (RSS of the build process, and of
  the build with all its workers);
- the **I/O floor**: reading the same input and writing the same number of
  rows (events and articles) to Parquet with the same writer settings,
  without coding; and the ratio build / floor.

At the largest size it also measures the build with 2 workers (speedup,
and that its data files are identical to the 1-worker build's) and an
incremental rebuild after 1% of the articles changed (as a share of the
full build). Generated data stays in the temporary folder (removed at the
end unless --keep); nothing is written to the repository.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import corpus as gen  # noqa: E402  (benchmarks/corpus.py)

TARGETS = {
    "throughput_1w": ("end-to-end throughput, 1 worker, ~2 KB articles", ">= 2,000 articles/s"),
    "floor_ratio": ("build / I/O floor", "<= 10x"),
    "linearity": ("time from 10k to 100k articles", "linear within 15%"),
    "memory": ("peak memory at 100k articles", "< 500 MB and not growing with N"),
    "speedup": ("2 workers vs 1", ">= 1.7x"),
    "incremental": ("incremental rebuild after 1% change", "<= 5% of the full build"),
}
EPOCH = "1790000000"  # a fixed release date: SOURCE_DATE_EPOCH


# --------------------------------------------------------------------------
# measuring a process


def _rss_of_tree(pid: int) -> int:
    """Resident set size (bytes) of `pid` and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        p = int(entry)
        children.setdefault(int(stat[1]), []).append(p)  # field 4: ppid
        rss[p] = int(stat[21]) * resource.getpagesize()   # field 24: rss pages
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo.extend(children.get(p, []))
    return total


def measure(cmd: list[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run `cmd`; return wall seconds, CPU seconds, peak RSS (process, tree), stdout."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                            text=True)
    peak_tree = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak_tree
        while not stop.is_set():
            with contextlib.suppress(OSError):
                peak_tree = max(peak_tree, _rss_of_tree(proc.pid))
            stop.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - t0
    stop.set()
    sampler.join()
    if proc.returncode:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-3000:]}")
    return {"seconds": wall, "stdout": out, "peak_tree_mb": peak_tree / 2**20}


def run_measured(cmd: list[str], env: dict[str, str]) -> dict[str, Any]:
    """`measure` through a wrapper process that reports exact rusage of the command."""
    wrapper = [sys.executable, str(Path(__file__).resolve()), "_rusage", "--", *cmd]
    r = measure(wrapper, env)
    lines = r["stdout"].strip().splitlines()
    usage = json.loads(lines[-1])
    r["stdout"] = "\n".join(lines[:-1])
    r["peak_mb"] = usage["maxrss_kb"] / 1024
    r["cpu_seconds"] = usage["cpu_seconds"]
    r["seconds"] = usage["seconds"]
    return r


def _rusage_main(cmd: list[str]) -> int:
    """Run cmd, pass its stdout through, then print its rusage as one JSON line."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd)
    _, status, ru = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    code = os.waitstatus_to_exitcode(status)
    sys.stdout.flush()
    print(json.dumps({"maxrss_kb": ru.ru_maxrss, "seconds": wall,
                      "cpu_seconds": children.ru_utime + children.ru_stime, "exit": code}))
    return code


# --------------------------------------------------------------------------
# the I/O floor


def floor_main(src: Path, events_rows: int, out: Path) -> int:
    """Read `src` as the build does (JSON Lines), write as many rows as it wrote, no coding."""
    from datetime import date

    import pyarrow

    from events.release import parquet_options, parquet_schema
    from events.spool import RowGroupWriter

    schemas = {t: parquet_schema(t) for t in ("events", "articles")}
    n_articles = sum(1 for _ in src.open("rb"))
    per_article = events_rows / n_articles if n_articles else 0.0

    def rows() -> Any:
        owed = 0.0
        with src.open("rb") as f:
            for n, line in enumerate(f, 1):
                a = json.loads(line)
                published = date.fromisoformat(a["published"]) if a.get("published") else None
                art = {"article_id": a["id"], "origin": str(src), "line": n, "status": "coded",
                       "language": a.get("language"), "published": published,
                       "published_from": "metadata", "events": 1, "content_sha256": "0" * 64,
                       "warnings": []}
                owed += per_article
                evs = []
                while owed >= 1:
                    owed -= 1
                    text = a["text"]
                    evs.append({
                        "event_id": f"{len(evs):016x}", "article_id": a["id"],
                        "source": a.get("source"), "url": a.get("url"),
                        "language": a.get("language") or "en", "published": published,
                        "event_date": published, "date_precision": "day",
                        "date_source": "published", "actor1_name": text[:20],
                        "actor1_code": "EGYGOV", "actor1_country": "EGY", "actor1_type": "GOV",
                        "actor2_name": None, "actor2_code": None, "actor2_country": None,
                        "actor2_type": None, "country_pair": None, "event_code": "042",
                        "event_root_code": "04", "quad_class": 1, "goldstein": 1.9,
                        "location_name": None, "location_country": None, "topics": [],
                        "evidence_text": text[:240], "evidence_start": 0, "evidence_end": 240,
                        "sentence_index": 0, "mentions": 1, "confidence": 0.5,
                        "coder_version": "floor"})
                yield art, evs

    out.mkdir(parents=True, exist_ok=True)
    writers = {t: RowGroupWriter(out / f"{t}.parquet", parquet_schema(t), parquet_options(t))
               for t in ("events", "articles")}
    bufs: dict[str, list[dict[str, Any]]] = {"events": [], "articles": []}

    def flush(t: str) -> None:
        writers[t].write(pyarrow.Table.from_pylist(bufs[t], schema=schemas[t]))
        bufs[t] = []

    for art, evs in rows():
        bufs["articles"].append(art)
        bufs["events"].extend(evs)
        for t in bufs:
            if len(bufs[t]) >= 4096:
                flush(t)
    for t in bufs:
        if bufs[t]:
            flush(t)
    print(json.dumps({t: w.close() for t, w in writers.items()}))
    return 0


# --------------------------------------------------------------------------
# the benchmark


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH")
                                     else "")
    env["SOURCE_DATE_EPOCH"] = EPOCH
    return env


def build_once(python: str, src: Path, out: Path, workers: int) -> dict[str, Any]:
    cmd = [python, "-m", "events", "build", str(src), "--out", str(out), "--workers",
           str(workers), "--quiet"]
    r = run_measured(cmd, _env())
    r["summary"] = json.loads(r["stdout"].strip().splitlines()[-1])
    return r


def floor_once(python: str, src: Path, events_rows: int, out: Path) -> dict[str, Any]:
    cmd = [python, str(Path(__file__).resolve()), "_floor", str(src), str(events_rows), str(out)]
    return run_measured(cmd, _env())


def data_sums(out: Path, version: str) -> dict[str, str]:
    from events.release import data_checksums

    return data_checksums(out / "releases" / version)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--sizes", default="1000,10000,100000",
                    help="corpus sizes, comma-separated (default 1000,10000,100000)")
    ap.add_argument("--scale-size", type=int, default=None,
                    help="size for the 2-worker and incremental runs (default: the largest)")
    ap.add_argument("--python", default=sys.executable, help="interpreter that runs events")
    ap.add_argument("--tmp", type=Path, default=None, help="work folder (default: a temp dir)")
    ap.add_argument("--keep", action="store_true", help="keep the generated data")
    ap.add_argument("--json", type=Path, default=None, help="write the figures here as JSON")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--memory-size", type=int, default=None, metavar="N",
                    help="also build N articles with all cores, to show that the build "
                         "process's peak memory does not grow past the largest size")
    args = ap.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    big = args.scale_size or sizes[-1]
    work = args.tmp or Path(tempfile.mkdtemp(prefix="events-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {"machine": {
        "cores": os.cpu_count(), "python": platform.python_version(),
        "platform": platform.platform(), "load_average_start": os.getloadavg()}}
    rows: list[dict[str, Any]] = []
    try:
        for n in sorted(set(sizes) | {big}):
            src = work / f"corpus-{n}" / "articles.jsonl"
            t = time.perf_counter()
            info = gen.write(src, n, args.seed)
            print(f"generated {n} articles ({info['bytes'] / 2**20:.1f} MB, mean text "
                  f"{info['mean_text_bytes']:.0f} B) in {time.perf_counter() - t:.1f}s",
                  file=sys.stderr, flush=True)
            b = build_once(args.python, src, work / f"out-{n}-w1", 1)
            s = b["summary"]
            f = floor_once(args.python, src, s["events"], work / f"floor-{n}")
            mb = info["bytes"] / 2**20
            row = {"articles": n, "input_mb": mb, "events": s["events"],
                   "build_s": b["seconds"], "build_cpu_s": b["cpu_seconds"],
                   "articles_per_s": n / b["seconds"], "mb_per_s_per_core": mb / b["seconds"],
                   "peak_mb": b["peak_mb"], "peak_tree_mb": b["peak_tree_mb"],
                   "floor_s": f["seconds"], "floor_articles_per_s": n / f["seconds"],
                   "floor_mb_per_s": mb / f["seconds"], "floor_peak_mb": f["peak_mb"],
                   "ratio": b["seconds"] / f["seconds"], "version": s["version"]}
            rows.append(row)
            print(f"  {n}: build {b['seconds']:.1f}s ({row['articles_per_s']:.0f} art/s, "
                  f"peak {b['peak_mb']:.0f} MB); floor {f['seconds']:.1f}s; ratio "
                  f"{row['ratio']:.1f}x", file=sys.stderr, flush=True)
        results["sizes"] = rows
        by_n = {r["articles"]: r for r in rows}
        ref = by_n[big]
        src = work / f"corpus-{big}" / "articles.jsonl"
        # 2 workers: speedup, and the same data files as with 1
        b2 = build_once(args.python, src, work / f"out-{big}-w2", 2)
        same = data_sums(work / f"out-{big}-w2", b2["summary"]["version"]) == \
            data_sums(work / f"out-{big}-w1", ref["version"])
        results["workers2"] = {"articles": big, "build_s": b2["seconds"],
                               "speedup": ref["build_s"] / b2["seconds"],
                               "peak_mb": b2["peak_mb"], "peak_tree_mb": b2["peak_tree_mb"],
                               "identical_to_1_worker": same}
        print(f"  2 workers: {b2['seconds']:.1f}s, speedup "
              f"{results['workers2']['speedup']:.2f}x, identical data: {same}",
              file=sys.stderr, flush=True)
        # incremental: 1% of the articles changed, rebuilt in the 1-worker output root
        tmp = src.with_suffix(".touched")
        changed = gen.touch(src, tmp, 0.01)
        os.replace(tmp, src)  # same path: the records' origins stay the same
        inc = build_once(args.python, src, work / f"out-{big}-w1", 1)
        results["incremental"] = {"articles": big, "changed": changed,
                                  "build_s": inc["seconds"],
                                  "share_of_full": inc["seconds"] / ref["build_s"],
                                  "recoded": inc["summary"]["recoded"],
                                  "from_cache": inc["summary"]["from_cache"],
                                  "peak_mb": inc["peak_mb"]}
        if args.memory_size:
            n = args.memory_size
            src = work / f"corpus-{n}" / "articles.jsonl"
            gen.write(src, n, args.seed)
            bm = build_once(args.python, src, work / f"out-{n}-wall", os.cpu_count() or 1)
            results["memory"] = {"articles": n, "workers": os.cpu_count(),
                                 "build_s": bm["seconds"], "peak_mb": bm["peak_mb"],
                                 "peak_tree_mb": bm["peak_tree_mb"]}
            print(f"  {n} articles, {os.cpu_count()} workers: {bm['seconds']:.1f}s, peak "
                  f"{bm['peak_mb']:.0f} MB (build process)", file=sys.stderr, flush=True)
        results["machine"]["load_average_end"] = os.getloadavg()
    finally:
        if not args.keep and args.tmp is None:
            shutil.rmtree(work, ignore_errors=True)
    report(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


def report(res: dict[str, Any]) -> None:
    rows = res["sizes"]
    print(f"events build benchmark: {res['machine']['cores']} cores, Python "
          f"{res['machine']['python']}, load average at start "
          f"{res['machine']['load_average_start'][0]:.1f}, at end "
          f"{res['machine'].get('load_average_end', [0])[0]:.1f}")
    print()
    print("| articles | MB in | events | build s | articles/s | MB/s/core | CPU s | peak MB "
          "| floor s | floor art/s | floor peak MB | build/floor |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['articles']:,} | {r['input_mb']:.1f} | {r['events']:,} | "
              f"{r['build_s']:.1f} | {r['articles_per_s']:.0f} | {r['mb_per_s_per_core']:.2f} | "
              f"{r['build_cpu_s']:.1f} | {r['peak_mb']:.0f} | {r['floor_s']:.2f} | "
              f"{r['floor_articles_per_s']:,.0f} | {r['floor_peak_mb']:.0f} | "
              f"{r['ratio']:.0f}x |")
    by_n = {r["articles"]: r for r in rows}
    w2, inc = res["workers2"], res["incremental"]
    print()
    print(f"2 workers at {w2['articles']:,} articles: {w2['build_s']:.1f}s, speedup "
          f"{w2['speedup']:.2f}x (peak {w2['peak_tree_mb']:.0f} MB with workers); data files "
          f"identical to the 1-worker build: {w2['identical_to_1_worker']}")
    if res.get("memory"):
        m = res["memory"]
        print(f"{m['articles']:,} articles with {m['workers']} workers: {m['build_s']:.1f}s, "
              f"peak {m['peak_mb']:.0f} MB (build process), {m['peak_tree_mb']:.0f} MB "
              "(with workers)")
    print(f"incremental rebuild at {inc['articles']:,} articles after {inc['changed']} changed "
          f"({inc['recoded']} re-coded, {inc['from_cache']} from cache): {inc['build_s']:.1f}s "
          f"= {100 * inc['share_of_full']:.1f}% of the full build")
    figures: dict[str, str] = {}
    big = max(by_n)
    figures["throughput_1w"] = f"{by_n[big]['articles_per_s']:.0f} articles/s " \
        f"({by_n[big]['mb_per_s_per_core']:.2f} MB/s)"
    figures["floor_ratio"] = f"{by_n[big]['ratio']:.0f}x"
    if 10_000 in by_n and 100_000 in by_n:
        dev = by_n[100_000]["build_s"] / by_n[10_000]["build_s"] / 10 - 1
        figures["linearity"] = f"{100 * dev:+.1f}% from linear " \
            f"({by_n[10_000]['build_s']:.0f}s → {by_n[100_000]['build_s']:.0f}s)"
    peaks = ", ".join(f"{r['peak_mb']:.0f} MB at {r['articles']:,}" for r in rows)
    if res.get("memory"):
        m = res["memory"]
        peaks += f"; {m['peak_mb']:.0f} MB at {m['articles']:,} ({m['workers']} workers)"
    figures["memory"] = peaks
    figures["speedup"] = f"{w2['speedup']:.2f}x"
    figures["incremental"] = f"{100 * inc['share_of_full']:.1f}%"
    print()
    print("| figure | target | measured |")
    print("|---|---|---|")
    for k, (label, target) in TARGETS.items():
        print(f"| {label} | {target} | {figures.get(k, 'not measured (needs 10k and 100k)')} |")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_rusage":
        sys.exit(_rusage_main(sys.argv[3:]))
    if len(sys.argv) > 1 and sys.argv[1] == "_floor":
        sys.exit(floor_main(Path(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4])))
    sys.exit(main())
