"""The code style the developers' guide asks for, checked on every run: ruff and mypy --strict.

Both tools come with the `test` extra, so a fresh environment runs them; a lint
error or a missing type fails the suite like any other regression.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=600, check=False)


@pytest.mark.slow
def test_ruff_is_clean() -> None:
    paths = [p for p in ("events", "tests", "benchmarks") if (ROOT / p).exists()]
    got = _run("ruff", "check", *paths)
    assert got.returncode == 0, got.stdout + got.stderr


@pytest.mark.slow
def test_mypy_strict_is_clean() -> None:
    got = _run("mypy", "--no-error-summary", "-p", "events")
    assert got.returncode == 0, got.stdout + got.stderr
