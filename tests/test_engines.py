"""Engines: serial, process pool and Dask builds write the same data files, byte for byte.

The corpus is a few dozen generated articles (`benchmarks/corpus.py`, made
from the sample corpus) coded in batches of 8, so that every engine gets
several batches and the pool really runs. Dask is part of the `test` extra,
so in CI the Dask build always runs (a missing Dask fails there instead of
skipping).
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from generated_corpus import generated, write_jsonl

from events.build import BuildOptions, BuildSummary, build, code_batch
from events.cli import main
from events.engine import (
    DaskEngine,
    EngineError,
    ProcessEngine,
    _worker_lexicon,
    make_engine,
    serial_engine,
)
from events.errors import UsageError
from events.ingest import read_inputs
from events.lexicon import Lexicon, data_dir
from events.model import Article
from events.release import data_checksums

DAY = date(2026, 11, 20)
N_ARTICLES = 40
BATCH = 8


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_jsonl(tmp_path_factory.mktemp("engines") / "articles.jsonl",
                       generated(N_ARTICLES, seed=3))


def run(corpus: Path, out: Path, lexicon: Lexicon, **kw: object) -> BuildSummary:
    return build([corpus], BuildOptions(out=out, today=DAY, batch_size=BATCH, **kw),  # type: ignore[arg-type]
                 lex=lexicon)


def data(out: Path, s: BuildSummary) -> dict[str, str]:
    return data_checksums(out / "releases" / s.version)


@pytest.fixture(scope="module")
def serial(tmp_path_factory: pytest.TempPathFactory, corpus: Path,
           lexicon: Lexicon) -> dict[str, str]:
    out = tmp_path_factory.mktemp("serial")
    s = run(corpus, out, lexicon, engine="serial")
    assert s.recoded == N_ARTICLES and s.events > 0
    return data(out, s)


def test_the_process_pool_writes_the_serial_build_byte_for_byte(
        tmp_path: Path, corpus: Path, lexicon: Lexicon, serial: dict[str, str]) -> None:
    engine = ProcessEngine(2)
    s = build([corpus], BuildOptions(out=tmp_path, today=DAY, batch_size=BATCH), lex=lexicon,
              engine=engine)
    assert engine.used_pool
    assert data(tmp_path, s) == serial


def test_dask_writes_the_serial_build_byte_for_byte(
        tmp_path: Path, corpus: Path, lexicon: Lexicon, serial: dict[str, str]) -> None:
    if os.environ.get("CI"):
        import distributed  # noqa: F401  (the test extra installs it: never skip in CI)
    else:
        pytest.importorskip("distributed")
    s = run(corpus, tmp_path, lexicon, engine="dask", workers=2)
    assert data(tmp_path, s) == serial
    # the LocalCluster is gone: no worker process left behind
    import multiprocessing

    assert multiprocessing.active_children() == []


def test_the_pool_keeps_order_and_a_bounded_number_of_batches_in_flight(
        corpus: Path, lexicon: Lexicon) -> None:
    articles = [a for a in read_inputs([corpus], lexicon.date_cues) if isinstance(a, Article)]
    batches = [articles[i:i + 4] for i in range(0, len(articles), 4)]
    pulled: list[int] = []

    def source() -> Iterator[list[Article]]:
        for i, b in enumerate(batches):
            pulled.append(i)
            yield b

    engine = ProcessEngine(2, in_flight=3)
    got = []
    for i, results in enumerate(engine(source(), lexicon)):
        assert len(pulled) <= i + 3 + 1, "more batches read ahead than allowed in flight"
        got.append(results)
    assert [[r.article_id for r in rs] for rs in got] == \
        [[a.id for a in b] for b in batches]
    assert got == [code_batch(b, lexicon) for b in batches]


def test_one_batch_is_coded_in_process_without_starting_a_pool(
        corpus: Path, lexicon: Lexicon) -> None:
    articles = [a for a in read_inputs([corpus], lexicon.date_cues) if isinstance(a, Article)]
    engine = ProcessEngine(2)
    assert list(engine([articles[:3]], lexicon)) == [code_batch(articles[:3], lexicon)]
    assert not engine.used_pool


def test_workers_refuse_other_dictionaries(tmp_path: Path, lexicon: Lexicon) -> None:
    other = tmp_path / "data"
    shutil.copytree(data_dir(), other)
    with (other / "media.tsv").open("a", encoding="utf-8") as f:
        f.write("en\tthe harbour gazette\n")
    with pytest.raises(EngineError, match="digest"):
        _worker_lexicon(str(other), lexicon.digest)
    assert _worker_lexicon(None, lexicon.digest).digest == lexicon.digest


def test_make_engine_and_the_cli_check_their_options(tmp_path: Path, corpus: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    assert make_engine("process", 1) is serial_engine
    assert make_engine("serial", 4) is serial_engine
    assert isinstance(make_engine("process", 2), ProcessEngine)
    assert isinstance(make_engine("dask", 2, scheduler="tcp://127.0.0.1:1"), DaskEngine)
    with pytest.raises(UsageError):
        make_engine("process", 0)
    with pytest.raises(UsageError):
        make_engine("process", 2, scheduler="tcp://127.0.0.1:1")
    with pytest.raises(UsageError):
        make_engine("spark")
    out = str(tmp_path / "out")
    assert main(["build", str(corpus), "--out", out, "--workers", "0"]) == 2
    assert main(["build", str(corpus), "--out", out, "--engine", "serial",
                 "--scheduler", "tcp://127.0.0.1:1"]) == 2
    assert main(["build", str(corpus), "--out", out, "--batch-size", "0"]) == 2
    # without Dask installed, --engine dask says how to get it
    monkeypatch.setitem(sys.modules, "distributed", None)
    assert main(["build", str(corpus), "--out", out, "--engine", "dask"]) == 2
    assert not (tmp_path / "out" / "releases").exists()


def _children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    if int(f.read().rsplit(b")", 1)[1].split()[1]) == pid:
                        out.append(int(entry))
            except OSError:
                continue
    return out


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc")
def test_pool_workers_exit_when_the_build_is_killed(tmp_path: Path, corpus: Path) -> None:
    """SIGKILL leaves the pool no chance to stop its workers: they notice and exit."""
    import signal
    import subprocess
    import time

    root = Path(__file__).resolve().parents[1]
    trace = tmp_path / "trace"
    env = {**os.environ, "PYTHONPATH": str(root) + os.pathsep + os.environ.get("PYTHONPATH", ""),
           "EVENTS_TEST_TRACE": str(trace), "EVENTS_TEST_PAUSE": "0.5",
           "EVENTS_TEST_PAUSE_AT": "coded batch"}
    proc = subprocess.Popen([sys.executable, "-m", "events", "build", str(corpus), "--out",
                             str(tmp_path / "out"), "--workers", "2", "--batch-size", "4",
                             "--quiet"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not (trace.exists() and "coded batch" in trace.read_text()):
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        workers = _children(proc.pid)
        assert len(workers) >= 2
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        deadline = time.monotonic() + 20
        while any(_alive(w) for w in workers):
            assert time.monotonic() < deadline, "pool workers outlived the killed build"
            time.sleep(0.1)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _alive(pid: int) -> bool:
    """Running (not a zombie waiting for its reaper)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except OSError:
        return False
