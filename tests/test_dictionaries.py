"""The common format of every file in `events/data/` (its README, "Common format").

The per-file tests (`test_actor_data.py`, `test_cue_data.py`, …) check what the
rows of one file mean; this one checks what all files share, so that a file
added later is held to the same rules without a test of its own being written.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from events.lexicon import FILES, data_dir, digest_of

DATA = data_dir()
TSV = sorted(p.name for p in DATA.glob("*.tsv"))
README = (DATA / "README.md").read_text(encoding="utf-8")
# read by events.export, not by the lexicon: the digest does not cover it
EXPORT_ONLY = {"acled_crosswalk.tsv"}


def _lines(name: str) -> list[tuple[int, str]]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [(n, ln) for n, ln in enumerate(text.split("\n"), 1)
            if ln.strip() and not ln.startswith("#")]


def test_every_file_is_known() -> None:
    assert set(TSV) == set(FILES) | EXPORT_ONLY


@pytest.mark.parametrize("name", TSV)
def test_encoding_and_line_ends(name: str) -> None:
    raw = (DATA / name).read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "BOM"
    assert b"\r" not in raw, "CR line ends"
    assert raw.endswith(b"\n") and not raw.endswith(b"\n\n"), "one final newline"
    raw.decode("utf-8")


@pytest.mark.parametrize("name", TSV)
def test_documented_in_readme(name: str) -> None:
    assert f"### `{name}`" in README


@pytest.mark.parametrize("name", TSV)
def test_rows_have_the_header_width(name: str) -> None:
    (_, header), *rows = _lines(name)
    width = len(header.split("\t"))
    if name in FILES:
        assert tuple(header.split("\t")) == FILES[name]
    bad = [n for n, ln in rows if len(ln.split("\t")) != width]
    assert not bad, f"{name}: lines {bad[:10]} do not have {width} fields"


@pytest.mark.parametrize("name", TSV)
def test_cells_are_nfc_and_trimmed(name: str) -> None:
    bad = []
    for n, ln in _lines(name):
        for cell in ln.split("\t"):
            if cell != cell.strip() or "  " in cell or unicodedata.normalize("NFC", cell) != cell:
                bad.append(n)
                break
    assert not bad, f"{name}: lines {bad[:10]} are not NFC, trimmed, single-spaced"


@pytest.mark.parametrize("name", TSV)
def test_no_exact_duplicate_lines(name: str) -> None:
    seen: dict[str, int] = {}
    dup = []
    for n, ln in _lines(name):
        if ln in seen:
            dup.append((seen[ln], n))
        seen[ln] = n
    assert not dup, f"{name}: repeated lines {dup[:10]}"


def test_digest_changes_with_any_dictionary(tmp_path: Path) -> None:
    # the cache key and the manifest rely on it: an edit must re-code everything
    for name in FILES:
        (tmp_path / name).write_bytes((DATA / name).read_bytes())
    before = digest_of(tmp_path)
    assert before == digest_of(DATA)
    target = tmp_path / sorted(FILES)[-1]
    target.write_text(target.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert digest_of(tmp_path) != before
