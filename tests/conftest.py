"""Shared fixtures: the lexicon is loaded once per test session."""

from __future__ import annotations

import pytest

from events.lexicon import Lexicon, load_lexicon


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/golden/sample_rows.tsv from the current coder")


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    return load_lexicon()


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))
