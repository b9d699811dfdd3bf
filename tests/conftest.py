"""Shared fixtures: the lexicon is loaded once per test session."""

from __future__ import annotations

import pytest

from events.lexicon import Lexicon, load_lexicon


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    return load_lexicon()
