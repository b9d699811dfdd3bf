"""The checked-in `countries_generated.tsv` is what the generator writes today."""

from __future__ import annotations

import csv
import io

import pycountry
import pytest

from events.tools import gen_countries

REGENERATE = "regenerate it with `python -m events.tools.gen_countries` and commit the result"


@pytest.fixture(scope="module")
def generated() -> str:
    return gen_countries.generate()


@pytest.fixture(scope="module")
def rows(generated: str) -> list[dict[str, str]]:
    body = "\n".join(ln for ln in generated.splitlines() if not ln.startswith("#"))
    return list(csv.DictReader(io.StringIO(body), delimiter="\t", quoting=csv.QUOTE_NONE))


def test_checked_in_file_is_current(generated: str) -> None:
    on_disk = gen_countries.OUTPUT.read_text(encoding="utf-8")
    assert on_disk == generated, f"countries_generated.tsv is stale: {REGENERATE}"


def test_header_and_provenance_comment(generated: str) -> None:
    first, header = generated.splitlines()[:2]
    assert first.startswith("#") and gen_countries.COMMAND in first
    assert "pycountry" in first and "Babel" in first
    assert header.split("\t") == list(gen_countries.HEADER)


def test_generation_is_deterministic(generated: str) -> None:
    assert gen_countries.generate() == generated


def test_known_names(rows: list[dict[str, str]]) -> None:
    have = {(r["iso3"], r["lang"], r["form"]) for r in rows}
    assert ("LBY", "ar", "ليبيا") in have
    assert ("FRA", "en", "France") in have
    assert ("IRN", "en", "Iran") in have  # pycountry common_name
    assert ("RUS", "en", "Russia") in have  # CLDR short name
    # Official names lose their leading article ("the State of Eritrea").
    assert ("ERI", "en", "State of Eritrea") in have
    # عُمان comes out of CLDR without its damma.
    assert ("OMN", "ar", "عمان") in have


def test_every_country_in_both_languages(rows: list[dict[str, str]]) -> None:
    codes = {c.alpha_3 for c in pycountry.countries}
    for lang in ("ar", "en"):
        covered = {r["iso3"] for r in rows if r["lang"] == lang}
        assert codes <= covered, f"{lang}: missing {sorted(codes - covered)}"


def test_codes_sources_and_forms(rows: list[dict[str, str]]) -> None:
    valid = {c.alpha_3 for c in pycountry.countries} | {"XKX"}
    for r in rows:
        assert r["iso3"] in valid, r
        assert r["lang"] in ("ar", "en"), r
        assert r["source"] in ("pycountry", "cldr"), r
        assert r["form"] == gen_countries.normalise(r["form"], r["lang"]), r
        assert not r["form"].lower().startswith("the "), r


def test_sorted_without_duplicates(rows: list[dict[str, str]]) -> None:
    keys = [(r["iso3"], r["lang"], r["form"]) for r in rows]
    assert keys == sorted(keys)
    assert len(keys) == len(set(keys))


def test_pycountry_wins_over_cldr(rows: list[dict[str, str]]) -> None:
    # "France" is both pycountry's name and CLDR's: one row, from pycountry.
    key = ("FRA", "en", "France")
    sources = [r["source"] for r in rows if (r["iso3"], r["lang"], r["form"]) == key]
    assert sources == ["pycountry"]


def test_normalise() -> None:
    assert gen_countries.normalise("عُمـان", "ar") == "عمان"
    assert gen_countries.normalise("  the  State of\tPalestine ", "en") == "State of Palestine"
    assert gen_countries.normalise("Co\u0302te", "en") == "Côte"  # NFC
