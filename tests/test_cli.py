"""CLI conventions: help with examples, --version, -v anywhere, exit codes, progress bar."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from release_factory import event_row, make_release

from events import __version__
from events.cli import EXAMPLES, _parser, main
from events.progress import ProgressBar, wanted

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = ("build", "verify", "releases", "diff", "info", "export", "report")


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-m", "events", *args], capture_output=True,
                          text=True, cwd=cwd, env=env, timeout=300, check=False)


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_version() -> None:
    res = run("--version")
    assert res.returncode == 0 and res.stdout.strip() == f"events {__version__}"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_examples(command: str) -> None:
    assert command in EXAMPLES
    sub = _parser()._subparsers._group_actions[0].choices[command]  # type: ignore[union-attr]
    text = sub.format_help()
    assert "examples:" in text and f"events {command}" in text.split("examples:", 1)[1]
    assert "exit codes" in text and "-v, --verbose" in text


def test_top_level_help_documents_exit_codes_and_examples() -> None:
    res = run("--help")
    assert res.returncode == 0
    for code in ("0", "1", "2", "3", "4", "5", "6", "130"):
        assert f"\n    {code} " in res.stdout, code
    assert "examples:" in res.stdout and "events.load()" in res.stdout


def test_errors_are_one_line_without_traceback_unless_verbose(tmp_path: Path) -> None:
    res = run("info", "--out", str(tmp_path))
    assert res.returncode == 5
    assert res.stderr.startswith("events: ") and "run `events build` first" in res.stderr
    assert "Traceback" not in res.stderr and len(res.stderr.strip().splitlines()) == 1
    verbose = run("info", "-v", "--out", str(tmp_path))  # -v after the command works too
    assert verbose.returncode == 5  # the documented code, with the traceback
    assert "Traceback" in verbose.stderr and "ReleaseError" in verbose.stderr
    assert run("-v", "info", "--out", str(tmp_path)).returncode == 5
    assert run("info", "--top", "x").returncode == 2  # argparse: usage error


def test_usage_error_for_a_missing_input(tmp_path: Path) -> None:
    res = run("build", str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "out"))
    assert res.returncode == 2 and "Traceback" not in res.stderr


def test_report_command_writes_a_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    root = make_release(tmp_path / "out", [event_row(0)]).parents[1]
    monkeypatch.chdir(tmp_path)
    assert main(["report", "--out", str(root)]) == 0
    assert (tmp_path / "report-2025.07.0.html").is_file()
    assert main(["report", "--out", str(root), "-o", str(tmp_path / "r.html")]) == 0
    assert "events release 2025.07.0" in (tmp_path / "r.html").read_text(encoding="utf-8")


# -- progress bar ---------------------------------------------------------------------------------

class Clock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


def test_progress_bar_shows_done_rate_and_time_left() -> None:
    out, clock = FakeTTY(), Clock()
    bar = ProgressBar(out, clock=clock)
    bar(0, 1000)
    clock.t = 2.0
    for done in range(1, 257):  # a batch arrives at once
        bar(done, 1000)
    clock.t = 4.0
    bar(257, 1000)  # the next batch starts: the last one's end is drawn
    text = out.getvalue()
    assert "0/1,000 articles" in text
    assert "256/1,000 articles" in text and "128/s" in text and "0:06 left" in text
    assert "1/1,000" not in text  # the first article of a burst is never drawn
    assert "26%" in text and "\r" in text
    clock.t = 8.0
    bar(1000, 1000)
    bar.close()
    lines = out.getvalue().split("\r\x1b[2K")
    assert lines[-1] == "coded 1,000 articles in 0:08 (125/s)\n"


def test_progress_bar_draws_steady_streams_once_a_second() -> None:
    out, clock = FakeTTY(), Clock()
    bar = ProgressBar(out, clock=clock)
    bar(0, 100)
    for i in range(1, 100):
        clock.t = i * 0.05  # a result every 50 ms: no pause, so draw by time
        bar(i, 100)
    assert out.getvalue().count("\r") == 1 + 4  # the start and once per second


def test_progress_bar_only_on_a_terminal_and_never_quiet() -> None:
    assert wanted(FakeTTY(), quiet=False)
    assert not wanted(FakeTTY(), quiet=True)
    assert not wanted(io.StringIO(), quiet=False)
    quiet = ProgressBar(io.StringIO())
    quiet.close()  # never drawn: closing prints nothing
    assert quiet.stream.getvalue() == ""  # type: ignore[attr-defined]


def test_build_shows_the_bar_on_a_terminal_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "in.jsonl"
    corpus.write_text("".join(json.dumps({"id": f"a{i}", "text": "The minister spoke on Monday."})
                              + "\n" for i in range(5)), encoding="utf-8")
    tty = FakeTTY()
    monkeypatch.setattr(sys, "stderr", tty)
    assert main(["build", str(corpus), "--out", str(tmp_path / "o1")]) == 0
    assert "5/5 articles" in tty.getvalue() and "coded 5 articles in" in tty.getvalue()
    tty2 = FakeTTY()
    monkeypatch.setattr(sys, "stderr", tty2)
    assert main(["build", str(corpus), "--out", str(tmp_path / "o2"), "--quiet"]) == 0
    assert "articles" not in tty2.getvalue()
    json.loads(capsys.readouterr().out.strip().splitlines()[-1])  # --quiet: one JSON line
    piped = io.StringIO()
    monkeypatch.setattr(sys, "stderr", piped)
    assert main(["build", str(corpus), "--out", str(tmp_path / "o3")]) == 0
    assert "\r" not in piped.getvalue()
