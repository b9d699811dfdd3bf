"""A build killed with SIGKILL at any moment leaves every release and LATEST intact.

Builds run as `python -m events build` subprocesses on a small corpus and
are killed either at a random time or just after a chosen stage of the build
(the stages come from the test-only hooks `EVENTS_TEST_TRACE` and
`EVENTS_TEST_PAUSE`, see `events.release.checkpoint`), so that every stage
is hit: coding, writing each file into staging, the checksums, the rename
into `releases/` and the window between that rename and the replacement of
`LATEST`. After every kill: `LATEST` names a complete release, every release
verifies, and nothing half-written is under `releases/`. At the end a normal
build succeeds and writes the same data as a build in a fresh output root.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from events.release import VERSION_RE, data_checksums, latest, list_releases, verify

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).parent / "fixtures" / "release" / "base.jsonl"
PAUSE = 0.02           # seconds slept at every stage (test-only hook)
BUDGET = 30.0          # seconds for the kill loop (the whole file stays well under 90 s)
#: hit first, so that a slow machine that runs out of budget still covers them
CRITICAL = ("renamed", "coded batch", "rename", "checksums", "staging", "published")
MIN_ITERATIONS = 12


def _env(trace: Path | None = None, pause: float | None = None,
         pause_at: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EVENTS_TEST_")}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["SOURCE_DATE_EPOCH"] = "1767225600"  # 2026-01-01: versions 2026.01.N
    if trace is not None:
        env["EVENTS_TEST_TRACE"] = str(trace)
    if pause is not None:
        env["EVENTS_TEST_PAUSE"] = str(pause)
    if pause_at is not None:
        env["EVENTS_TEST_PAUSE_AT"] = pause_at
    return env


def _cmd(out: Path, full: bool = False) -> list[str]:
    return [sys.executable, "-m", "events", "build", str(CORPUS), "--out", str(out), "--quiet",
            *(["--full"] if full else [])]


def _stages(trace: Path) -> list[str]:
    return trace.read_text(encoding="utf-8").splitlines() if trace.exists() else []


def _check_root(out: Path) -> None:
    """The invariants that must hold whenever no build is running."""
    names = sorted(p.name for p in (out / "releases").iterdir()) if (out / "releases").exists() \
        else []
    assert all(VERSION_RE.match(n) for n in names), f"stray entries in releases/: {names}"
    if (out / "LATEST").exists():
        current = latest(out)
        assert current is not None, f"LATEST names no release: {(out / 'LATEST').read_text()!r}"
        assert current == list_releases(out)[-1] or current in list_releases(out)
    for v in list_releases(out):
        problems = verify(out / "releases" / v)
        assert not problems, f"release {v} does not verify: {[str(p) for p in problems]}"


@pytest.mark.slow
def test_sigkill_at_any_moment_never_breaks_a_release(tmp_path: Path) -> None:
    out = tmp_path / "out"
    # a reference build: which stages a build goes through, and how long it takes
    ref_trace = tmp_path / "reference.trace"
    t0 = time.monotonic()
    done = subprocess.run(_cmd(tmp_path / "reference"), env=_env(ref_trace, PAUSE),
                          capture_output=True, text=True, timeout=120)
    duration = time.monotonic() - t0
    assert done.returncode == 0, done.stderr
    stages = _stages(ref_trace)
    assert {"locked", "coded batch", "checksums", "rename", "renamed", "published"} <= set(stages)

    rng = random.Random(20261122)
    # every stage once (in random order), then random moments, until the budget is spent
    rest = [st for st in stages if st not in CRITICAL]
    rng.shuffle(rest)
    plan: list[str | float] = [*CRITICAL, *rest]
    plan += [rng.uniform(0.0, 1.3 * duration) for _ in range(200)]
    killed_at: Counter[str] = Counter()
    completed = orphans = iterations = 0
    started = time.monotonic()
    for target in plan:
        if iterations >= MIN_ITERATIONS and time.monotonic() - started > BUDGET:
            break
        iterations += 1
        trace = tmp_path / f"run{iterations}.trace"
        # with a warm cache nothing is coded: force coding when that is the stage to hit
        full = target == "coded batch" or rng.random() < 0.5
        n_before = len(list_releases(out))
        proc = subprocess.Popen(_cmd(out, full=full), env=_env(trace, PAUSE),
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            if isinstance(target, float):
                time.sleep(target)
            else:
                deadline = time.monotonic() + 60
                while target not in _stages(trace) and proc.poll() is None:
                    assert time.monotonic() < deadline, f"stage {target!r} never reached"
                    time.sleep(0.002)
                time.sleep(rng.uniform(0, PAUSE * 0.8))
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGKILL)
                killed_at[(_stages(trace) or ["(starting)"])[-1]] += 1
            proc.wait(timeout=60)
            err = proc.stderr.read().decode() if proc.stderr else ""
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            if proc.stderr:
                proc.stderr.close()
        if proc.returncode == 0:
            completed += 1
        else:
            assert proc.returncode == -signal.SIGKILL, f"build failed on its own: {err}"
        _check_root(out)
        versions = list_releases(out)
        if len(versions) > n_before and latest(out) != versions[-1]:
            orphans += 1  # killed between the rename and LATEST: complete, not yet current

    # the next build succeeds, and its data equal those of a fresh root's build
    final = subprocess.run(_cmd(out), env=_env(), capture_output=True, text=True, timeout=120)
    assert final.returncode == 0, final.stderr
    _check_root(out)
    assert latest(out) == list_releases(out)[-1]
    assert not any((out / ".staging").iterdir())
    fresh = subprocess.run(_cmd(tmp_path / "fresh"), env=_env(), capture_output=True, text=True,
                           timeout=120)
    assert fresh.returncode == 0, fresh.stderr

    def tables(root: Path) -> dict[str, str]:
        sums = data_checksums(root / "releases" / str(latest(root)))
        return {k: v for k, v in sums.items() if "changes" not in k}

    assert tables(out) == tables(tmp_path / "fresh")

    print(f"\nkill loop: {iterations} builds in {time.monotonic() - started:.1f}s, "
          f"{sum(killed_at.values())} killed, {completed} completed, {orphans} kills between "
          f"rename and LATEST; killed after: {dict(sorted(killed_at.items()))}")
    assert len(killed_at) >= 6, f"kills hit too few stages: {killed_at}"
    assert killed_at["renamed"] >= 1 and killed_at["coded batch"] >= 1


def test_a_killed_build_leaves_an_earlier_release_and_latest_untouched(tmp_path: Path) -> None:
    """The one case spelled out: kill inside the staging phase, then build again."""
    out = tmp_path / "out"
    assert subprocess.run(_cmd(out), env=_env(), capture_output=True, timeout=120).returncode == 0
    before = (out / "LATEST").read_bytes()
    sums_before = (out / "releases" / latest(out).strip() / "SHA256SUMS").read_bytes()  # type: ignore[union-attr]
    trace = tmp_path / "t.trace"
    proc = subprocess.Popen(_cmd(out, full=True), env=_env(trace, 2.0, "staging"),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while "staging" not in _stages(trace) and proc.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.005)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    assert (out / "LATEST").read_bytes() == before
    assert len(list_releases(out)) == 1
    assert (out / "releases" / before.decode().strip() / "SHA256SUMS").read_bytes() == sums_before
    assert any((out / ".staging").iterdir())  # the dead build's staging folder is left …
    again = subprocess.run(_cmd(out), env=_env(), capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert not any((out / ".staging").iterdir())  # … and removed by the next build
    assert len(list_releases(out)) == 2 and latest(out) == list_releases(out)[-1]


@pytest.mark.parametrize(("stage", "published"), [("staging", False), ("renamed", True)])
def test_sigterm_stops_a_build_cleanly_and_never_splits_publication(
        tmp_path: Path, stage: str, published: bool) -> None:
    """SIGTERM (a scheduler's stop) exits 130; during publication it waits for LATEST."""
    out = tmp_path / "out"
    assert subprocess.run(_cmd(out), env=_env(), capture_output=True, timeout=120).returncode == 0
    first = latest(out)
    trace = tmp_path / "t.trace"
    proc = subprocess.Popen(_cmd(out), env=_env(trace, 1.0, stage), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while stage not in _stages(trace) and proc.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.005)
    proc.send_signal(signal.SIGTERM)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert '"ok": false' in stdout and "interrupted" in stderr
    assert not any((out / ".staging").iterdir())
    if published:   # the release was already in place: LATEST follows it before exiting
        assert len(list_releases(out)) == 2 and latest(out) == list_releases(out)[-1]
    else:
        assert list_releases(out) == [first] and latest(out) == first
    _check_root(out)
