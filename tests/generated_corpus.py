"""Articles made by the benchmark's generator (`benchmarks/corpus.py`), for tests.

The generator varies the package's sample corpus (names, dates, lengths,
noise); tests use a few dozen of its articles as a realistic small corpus.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def generated(n: int, seed: int = 7) -> list[dict[str, Any]]:
    """n generated articles (the same for the same n and seed)."""
    mod = sys.modules.get("bench_corpus")
    if mod is None:
        spec = importlib.util.spec_from_file_location("bench_corpus",
                                                      ROOT / "benchmarks" / "corpus.py")
        assert spec is not None and spec.loader is not None
        mod = importlib.util.module_from_spec(spec)
        sys.modules["bench_corpus"] = mod  # dataclasses look their module up
        spec.loader.exec_module(mod)
    return list(mod.generate(n, seed))


def write_jsonl(path: Path, recs: list[dict[str, Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs),
                    encoding="utf-8")
    return path
