"""Checks of the country and place dictionaries, with the stdlib csv module only.

Covers `countries_generated.tsv`, `country_forms.tsv` and `places.tsv`:
shape, codes, closed vocabularies, normalised spelling, and that no folded
form means two different things (the matcher folds case, Latin accents,
Arabic alef/ta-marbuta/ya/hamza spellings and a leading ال).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pycountry
import pytest

DATA = Path(__file__).resolve().parents[1] / "events" / "data"
HEADERS = {
    "countries_generated.tsv": ["iso3", "lang", "form", "source"],
    "country_forms.tsv": ["iso3", "lang", "kind", "form", "flags"],
    "places.tsv": ["iso3", "lang", "kind", "form"],
}
COUNTRY_KINDS = {"name", "demonym", "capital", "seat", "combining"}
PLACE_KINDS = {"city", "region", "area"}
VALID_ISO3 = {c.alpha_3 for c in pycountry.countries} | {"XKX"}

_ARABIC_LETTER = re.compile("[\u0621-\u064a\u0671-\u06d3]")
_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي",
                              "ؤ": "ء", "ئ": "ء", "’": "'", "‘": "'"})

Row = dict[str, str]
Tables = dict[str, list[tuple[int, Row]]]


def fold(form: str, lang: str) -> str:
    """The matcher's view of a form: case, accents and Arabic spellings folded."""
    s = unicodedata.normalize("NFD", _ARABIC_MARKS.sub("", form).translate(_ARABIC_FOLD))
    s = "".join(c for c in s if not unicodedata.combining(c) or _ARABIC_LETTER.match(c))
    s = " ".join(unicodedata.normalize("NFC", s).lower().split())
    if lang == "ar" and s.startswith("ال") and len(s) > 3:
        s = s[2:]
    return s


def read(name: str) -> tuple[list[str], list[tuple[int, Row]]]:
    """Header and (line number, row) pairs of a data file, comments skipped."""
    text = (DATA / name).read_text(encoding="utf-8")
    numbered = [(n, ln) for n, ln in enumerate(text.split("\n"), 1)
                if ln.strip() and not ln.startswith("#")]
    reader = csv.reader((ln for _, ln in numbered), delimiter="\t", quoting=csv.QUOTE_NONE)
    header, *cells = list(reader)
    rows = []
    for (n, _), fields in zip(numbered[1:], cells, strict=True):
        assert len(fields) == len(header), f"{name}:{n}: {len(fields)} fields"
        rows.append((n, dict(zip(header, fields, strict=True))))
    return header, rows


@pytest.fixture(scope="module")
def tables() -> Tables:
    return {name: read(name)[1] for name in HEADERS}


def all_rows(tables: Tables) -> Iterator[tuple[str, int, Row]]:
    for name, rows in tables.items():
        for n, r in rows:
            yield name, n, r


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_header_and_rows(name: str) -> None:
    header, rows = read(name)
    assert header == HEADERS[name]
    assert rows


def test_codes_languages_kinds_flags(tables: Tables) -> None:
    for name, n, r in all_rows(tables):
        where = f"{name}:{n}"
        assert r["iso3"] in VALID_ISO3, f"{where}: {r['iso3']!r}"
        assert r["lang"] in ("ar", "en"), where
        if name == "country_forms.tsv":
            assert r["kind"] in COUNTRY_KINDS, where
            assert r["flags"] in ("", "ambiguous", "bare-ambiguous"), where
        elif name == "places.tsv":
            assert r["kind"] in PLACE_KINDS, where


def test_forms_are_normalised(tables: Tables) -> None:
    for name, n, r in all_rows(tables):
        form, where = r["form"], f"{name}:{n}: {r['form']!r}"
        assert form, where
        assert form == unicodedata.normalize("NFC", form), f"{where} not NFC"
        assert form == " ".join(form.split()), f"{where} has extra spaces"
        assert not _ARABIC_MARKS.search(form), f"{where} has diacritics or tatweel"
        if r["lang"] == "ar":
            assert _ARABIC_LETTER.search(form), f"{where} has no Arabic letter"
        else:
            assert not _ARABIC_LETTER.search(form), f"{where} is Arabic in an en row"
            assert not form.lower().startswith("the "), f"{where} starts with 'the'"


def test_no_exact_duplicates(tables: Tables) -> None:
    for name, rows in tables.items():
        seen: dict[tuple[str, ...], int] = {}
        for n, r in rows:
            key = tuple(r.values())
            assert key not in seen, f"{name}:{n} repeats line {seen[key]}"
            seen[key] = n


def test_no_folded_form_names_two_countries(tables: Tables) -> None:
    owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    where: dict[tuple[str, str], list[str]] = defaultdict(list)
    for name, n, r in all_rows(tables):
        key = (r["lang"], fold(r["form"], r["lang"]))
        owners[key].add(r["iso3"])
        where[key].append(f"{name}:{n} {r['iso3']} {r['form']!r}")
    clashes = {k: where[k] for k, v in owners.items() if len(v) > 1}
    assert not clashes, "\n".join(f"{k}: {v}" for k, v in clashes.items())


def test_one_meaning_per_folded_form(tables: Tables) -> None:
    """Within country_forms a folded form has one kind and flag; places are no country forms."""
    meaning: dict[tuple[str, str], tuple[str, str, int]] = {}
    for n, r in tables["country_forms.tsv"]:
        key = (r["lang"], fold(r["form"], r["lang"]))
        this = (r["kind"], r["flags"], n)
        prev = meaning.setdefault(key, this)
        assert prev[:2] == this[:2], f"country_forms.tsv:{n} {r['form']!r} vs line {prev[2]}"
    generated = {(r["lang"], fold(r["form"], r["lang"]))
                 for _, r in tables["countries_generated.tsv"]}
    for key, (kind, _, n) in meaning.items():
        if key in generated:
            assert kind == "name", f"country_forms.tsv:{n} overrides a generated name as {kind}"
    countries = generated | set(meaning)
    for n, r in tables["places.tsv"]:
        key = (r["lang"], fold(r["form"], r["lang"]))
        assert key not in countries, f"places.tsv:{n} {r['form']!r} is a country form"
    place_kinds: dict[tuple[str, str], str] = {}
    for n, r in tables["places.tsv"]:
        key = (r["lang"], fold(r["form"], r["lang"]))
        assert place_kinds.setdefault(key, r["kind"]) == r["kind"], f"places.tsv:{n}"


def test_overrides_of_generated_rows_flag_something(tables: Tables) -> None:
    generated = {(r["iso3"], r["lang"], r["form"]) for _, r in tables["countries_generated.tsv"]}
    for n, r in tables["country_forms.tsv"]:
        if (r["iso3"], r["lang"], r["form"]) in generated:
            assert r["flags"] == "ambiguous", f"country_forms.tsv:{n} repeats a generated row"


def test_acronyms_are_written_in_capitals(tables: Tables) -> None:
    forms = {r["form"] for _, r in tables["country_forms.tsv"] if r["lang"] == "en"}
    for acronym in ("US", "USA", "U.S.", "UK", "U.K.", "UAE", "KSA", "DRC", "DPRK", "PRC"):
        assert acronym in forms
    # The capitals-only rule would never fire on a lower-case twin, and "us"
    # must never match.
    assert not {"us", "Us", "uk", "Uk"} & forms


# Countries of the region and the great powers: complete coverage required.
_REGION_CODES = (
    "DZA BHR COM DJI EGY IRQ JOR KWT LBN LBY MRT MAR OMN PSE QAT SAU SOM SDN SYR TUN ARE YEM "
    "IRN TUR ISR MLI NER TCD BFA SEN NGA CMR ETH ERI SSD KEN UGA "
    "AUT BEL BGR HRV CYP CZE DNK EST FIN FRA DEU GRC HUN IRL ITA LVA LTU LUX MLT NLD POL PRT "
    "ROU SVK SVN ESP SWE USA GBR RUS CHN"
)
REGION = _REGION_CODES.split()
# Documented gaps (see the comments in country_forms.tsv).
NO_CAPITAL = {("PSE", "ar"), ("PSE", "en"), ("JOR", "ar")}


@pytest.mark.parametrize("iso3", REGION)
def test_region_countries_are_complete(iso3: str, tables: Tables) -> None:
    kinds = {(r["lang"], r["kind"]) for _, r in tables["country_forms.tsv"] if r["iso3"] == iso3}
    for lang in ("ar", "en"):
        assert (lang, "demonym") in kinds, f"{iso3}: no {lang} demonym"
        if (iso3, lang) not in NO_CAPITAL:
            assert (lang, "capital") in kinds, f"{iso3}: no {lang} capital"


def test_every_country_has_some_vocabulary(tables: Tables) -> None:
    covered = {r["iso3"] for _, r in tables["country_forms.tsv"]}
    # Uninhabited territories have no demonym or capital to list.
    uninhabited = {"ATA", "ATF", "BVT", "CCK", "CXR", "HMD", "NFK", "SGS", "TKL", "UMI"}
    missing = VALID_ISO3 - covered - uninhabited
    assert not missing, sorted(missing)


def test_sample_facts(tables: Tables) -> None:
    forms = {(r["iso3"], r["lang"], r["kind"], r["form"]): r["flags"]
             for _, r in tables["country_forms.tsv"]}
    assert forms[("LBY", "ar", "capital", "طرابلس")] == ""
    assert forms[("LBY", "en", "capital", "Tripoli")] == ""
    assert not any(k[0] == "LBN" and k[3] in ("طرابلس", "Tripoli") for k in forms)
    assert forms[("MLI", "ar", "name", "مالي")] == "ambiguous"
    assert forms[("JOR", "en", "name", "Jordan")] == "ambiguous"
    assert forms[("FRA", "en", "seat", "Élysée")] == ""
    assert forms[("USA", "ar", "seat", "البيت الأبيض")] == ""
    for demonym in ("فرنسي", "فرنسية", "فرنسيون", "فرنسيين", "فرنسيات"):
        assert ("FRA", "ar", "demonym", demonym) in forms
    places = {(r["iso3"], r["lang"], r["form"]) for _, r in tables["places.tsv"]}
    assert ("SDN", "en", "El Fasher") in places
    assert ("PSE", "ar", "غزة") in places
    assert ("LBY", "ar", "مصراتة") in places


def test_fold() -> None:
    assert fold("الإمارات", "ar") == fold("امارات", "ar")
    assert fold("Élysée", "en") == "elysee"
    assert fold("مصراتة", "ar") == "مصراته"
