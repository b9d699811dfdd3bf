"""Write a release's events in layouts GDELT and ACLED users already read.

    events export --format gdelt   → tab-separated, GDELT 2.0 event columns
    events export --format acled   → CSV, ACLED's columns, CAMEO mapped to ACLED types
    events export --format csv     → CSV of our own events table, flat

Each exported column is documented against the original in `GDELT_COLUMNS`
and `ACLED_COLUMNS` (name, what we put there, how it differs); `describe()`
prints that table (`events export --format gdelt --describe`), and the
exports keep the originals' names only where the meaning is the same.

**GDELT** (the 61 columns of a GDELT 2.0 events file, in its order): one row
per event, tab-separated, UTF-8, with a header row (`--no-header` writes the
raw GDELT layout, to read with GDELT's column list). Differences that matter:
`GLOBALEVENTID` holds our 16-hex-digit `event_id` (a string, not GDELT's
integer); countries are ISO 3166-1 alpha-3 everywhere, including
`ActionGeo_CountryCode`, where GDELT writes FIPS 10-4 (`IZ` for Iraq there,
`IRQ` here); GDELT's CAMEO actor country codes are mostly the same ISO-3
codes, but CAMEO also has regional codes (e.g. AFR, MEA) that we never use;
one row is one event reported in one article, so `NumSources` and
`NumArticles` are 1 and `NumMentions` counts the article's sentences that
report it; we code no tone, no ethnicity or religion, no known-group codes and
no coordinates, and leave those columns empty. Read it with:

    pandas.read_csv(path, sep="\\t", quoting=3, dtype={"EventCode": str,
                    "EventBaseCode": str, "EventRootCode": str})

(as with GDELT's own files, CAMEO codes lose their leading zeros unless read as
strings).

**ACLED** (the 31 columns of ACLED's current export, in its order, then two
of ours): only events whose CAMEO code is an ACLED event type are written,
through the crosswalk `events/data/acled_crosswalk.tsv` (its header explains
the mapping and the rules); verbal and cooperative events (statements,
meetings, appeals, threats, …) are not ACLED events and are left out, and
the command says how many. `inter1`/`inter2`/`interaction` use ACLED's
numeric actor-type codes (1 State forces … 8 External/Other forces), derived
from the CAMEO agent type. `fatalities` is **empty, not 0**: we do not code
fatalities. `iso` is the ISO 3166-1 numeric code of `location_country`, and
`country` its name; region, admin areas, coordinates, geo precision, source
scale, tags and timestamp are empty.

**csv**: every column of the events table under its own name; dates as
YYYY-MM-DD, `topics` joined with `;`, codes as text (`042`).

CSV files are RFC 4180 (text quoted, missing values empty), UTF-8, with a
header. The conversions run in Arrow, so a release of millions of events
exports in seconds.
"""

from __future__ import annotations

import csv
import lzma
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from events.api import country_name, read_arrow
from events.errors import DictionaryError, UsageError
from events.release import read_manifest

FORMATS = ("gdelt", "acled", "csv")
EXTENSIONS = {"gdelt": "tsv", "acled": "csv", "csv": "csv"}


@dataclass(frozen=True, slots=True)
class Column:
    """One exported column: its name in the original, what we write, how it differs."""

    name: str
    source: str
    note: str = ""


def _gdelt_columns() -> list[Column]:
    cols = [
        Column("GLOBALEVENTID", "event_id",
               "our stable id: 16 hex digits, a string (GDELT: a sequential integer)"),
        Column("SQLDATE", "event_date as YYYYMMDD",
               "empty when the event is undated; the first day of the week/month/year when "
               "date_precision is coarser"),
        Column("MonthYear", "event_date as YYYYMM"),
        Column("Year", "event_date's year"),
        Column("FractionDate", "event_date as YYYY.FFFF", "GDELT's formula: year + (month × 30 "
               "+ day) / 365"),
    ]
    for n in (1, 2):
        a = f"Actor{n}"
        cols += [
            Column(f"{a}Code", f"actor{n}_code",
                   "country (ISO-3) then CAMEO agent type, e.g. LBYMIL; IGO alone for an "
                   "international organisation (GDELT adds the organisation, e.g. IGOUNO)"),
            Column(f"{a}Name", f"actor{n}_name",
                   "as written in the article, Arabic or English (GDELT: upper-cased English)"),
            Column(f"{a}CountryCode", f"actor{n}_country",
                   "ISO 3166-1 alpha-3 (XKX for Kosovo); GDELT's CAMEO country codes are the "
                   "same for countries, but CAMEO's regional codes are never used"),
            Column(f"{a}KnownGroupCode", "(empty)", "we code no known groups"),
            Column(f"{a}EthnicCode", "(empty)", "we code no ethnicity"),
            Column(f"{a}Religion1Code", "(empty)", "we code no religion"),
            Column(f"{a}Religion2Code", "(empty)", "we code no religion"),
            Column(f"{a}Type1Code", f"actor{n}_type", "CAMEO agent type (GOV, MIL, REB, …)"),
            Column(f"{a}Type2Code", "(empty)", "one agent type per actor"),
            Column(f"{a}Type3Code", "(empty)", "one agent type per actor"),
        ]
    cols += [
        Column("IsRootEvent", "1 if sentence_index is 0 else 0",
               "1 when the evidence is the article's first body sentence (GDELT: lead "
               "paragraph)"),
        Column("EventCode", "event_code", "CAMEO code, leading zeros kept (read as text)"),
        Column("EventBaseCode", "first three digits of event_code"),
        Column("EventRootCode", "event_root_code"),
        Column("QuadClass", "quad_class"),
        Column("GoldsteinScale", "goldstein"),
        Column("NumMentions", "mentions",
               "sentences of this article reporting the event (GDELT: mentions in all "
               "articles of its 15-minute batch)"),
        Column("NumSources", "1", "one row is one event in one article"),
        Column("NumArticles", "1", "one row is one event in one article"),
        Column("AvgTone", "(empty)", "we code no tone"),
    ]
    for geo in ("Actor1Geo", "Actor2Geo", "ActionGeo"):
        action = geo == "ActionGeo"
        cols += [
            Column(f"{geo}_Type",
                   "1 (country) when location_country is known and no place is named"
                   if action else "(empty)",
                   "empty when a place is named (we do not tell cities from regions)"
                   if action else "we do not locate actors"),
            Column(f"{geo}_FullName", "location_name, country name" if action else "(empty)",
                   "the place as written in the sentence, then the country's English name"
                   if action else ""),
            Column(f"{geo}_CountryCode", "location_country" if action else "(empty)",
                   "ISO 3166-1 alpha-3, not FIPS 10-4 as in GDELT" if action else ""),
            Column(f"{geo}_ADM1Code", "(empty)", "no administrative areas"),
            Column(f"{geo}_ADM2Code", "(empty)", "no administrative areas"),
            Column(f"{geo}_Lat", "(empty)", "no coordinates"),
            Column(f"{geo}_Long", "(empty)", "no coordinates"),
            Column(f"{geo}_FeatureID", "(empty)", "no gazetteer ids"),
        ]
    cols += [
        Column("DATEADDED", "published as YYYYMMDD000000",
               "publication date of the article, time unknown (GDELT: when the event was "
               "added, UTC)"),
        Column("SOURCEURL", "url, else source",
               "like GDELT, the source's name when there is no address"),
    ]
    return cols


GDELT_COLUMNS: Sequence[Column] = tuple(_gdelt_columns())

ACLED_COLUMNS: Sequence[Column] = (
    Column("event_id_cnty", "event_id", "our stable id (ACLED: country code and number)"),
    Column("event_date", "event_date as YYYY-MM-DD", "empty when the event is undated"),
    Column("year", "event_date's year"),
    Column("time_precision", "date_precision: day 1, week 2, month 3, year 3",
           "year-only dates have no ACLED code and get 3, its coarsest"),
    Column("disorder_type", "crosswalk", "Political violence, Demonstrations or Strategic "
           "developments"),
    Column("event_type", "crosswalk", "from event_code through acled_crosswalk.tsv"),
    Column("sub_event_type", "crosswalk", "from event_code, then ACLED's actor rules"),
    Column("actor1", "actor1_name",
           "as written in the article (ACLED: its standard names, e.g. Military Forces of "
           "Libya)"),
    Column("assoc_actor_1", "(empty)", "we code no associated actors"),
    Column("inter1", "actor1_type → ACLED inter code",
           "1 state (GOV MIL COP SPY JUD LEG; 8 when acting outside its own country), 2 rebels "
           "(REB INS), 3 militias (UAF CRM), 5 rioters / 6 protesters in riots / protests, "
           "7 civilians (other types), 8 IGO; empty when the type is unknown"),
    Column("actor2", "actor2_name", "as written; empty when the event has no target"),
    Column("assoc_actor_2", "(empty)", "we code no associated actors"),
    Column("inter2", "actor2_type → ACLED inter code", "as inter1"),
    Column("interaction", "inter1 and inter2, lower first",
           "two digits, e.g. 17; 10, 20, … when there is one actor (ACLED's convention)"),
    Column("civilian_targeting", "'Civilian targeting' when actor 2 is a civilian",
           "political violence only"),
    Column("iso", "location_country as ISO 3166-1 numeric", "empty for Kosovo and when "
           "unknown"),
    Column("region", "(empty)", "ACLED's regions are not derived"),
    Column("country", "English name of location_country"),
    Column("admin1", "(empty)", "no administrative areas"),
    Column("admin2", "(empty)", "no administrative areas"),
    Column("admin3", "(empty)", "no administrative areas"),
    Column("location", "location_name", "as written in the sentence"),
    Column("latitude", "(empty)", "no coordinates"),
    Column("longitude", "(empty)", "no coordinates"),
    Column("geo_precision", "(empty)", "no coordinates"),
    Column("source", "source", "publisher or site of the article"),
    Column("source_scale", "(empty)", "not coded"),
    Column("notes", "evidence_text", "the sentence that reports the event"),
    Column("fatalities", "(empty)", "we do not code fatalities: empty, never 0"),
    Column("tags", "(empty)", "not coded"),
    Column("timestamp", "(empty)", "no update time per event"),
    Column("cameo_code", "event_code", "ours, not ACLED's: the CAMEO code that was mapped"),
    Column("source_url", "url", "ours, not ACLED's: the article's address"),
)

#: ACLED's event types and their sub-event types (ACLED codebook, 2023 onwards)
ACLED_EVENT_TYPES: Mapping[str, tuple[str, ...]] = {
    "Battles": ("Government regains territory", "Non-state actor overtakes territory",
                "Armed clash"),
    "Protests": ("Excessive force against protesters", "Protest with intervention",
                 "Peaceful protest"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Explosions/Remote violence": ("Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack",
                                   "Remote explosive/landmine/IED", "Grenade"),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Strategic developments": ("Agreement", "Arrests", "Change to group/activity",
                               "Disrupted weapons use", "Headquarters or base established",
                               "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"),
}
ACLED_DISORDER_TYPES = ("Political violence", "Demonstrations", "Strategic developments",
                        "Political violence; Demonstrations")

#: ACLED's numeric actor-type ("inter") codes
INTER_CODES: Mapping[int, str] = {
    1: "State forces", 2: "Rebel group", 3: "Political militia", 4: "Identity militia",
    5: "Rioters", 6: "Protesters", 7: "Civilians", 8: "External/Other forces",
}
_STATE = frozenset({"GOV", "MIL", "COP", "SPY", "JUD", "LEG"})
_REBEL = frozenset({"REB", "INS"})
_MILITIA = frozenset({"UAF", "CRM"})
_ARMED = frozenset({1, 2, 3, 4, 8})


@dataclass(frozen=True, slots=True)
class AcledType:
    disorder_type: str
    event_type: str
    sub_event_type: str


@cache
def acled_crosswalk() -> Mapping[str, AcledType | None]:
    """CAMEO code → ACLED type (None: not an ACLED event), from acled_crosswalk.tsv."""
    text = resources.files("events").joinpath("data/acled_crosswalk.tsv").read_text("utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    rows = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    out: dict[str, AcledType | None] = {}
    for row in rows:
        code, flag = row.get("code"), row.get("acled")
        if not code or flag not in ("yes", "no") or code in out:
            raise DictionaryError(f"acled_crosswalk.tsv: bad or duplicate row {row!r}")
        if flag == "no":
            if (row["disorder_type"], row["event_type"], row["sub_event_type"]) != ("-",) * 3:
                raise DictionaryError(f"acled_crosswalk.tsv: {code} is not ACLED but has a type")
            out[code] = None
            continue
        t = AcledType(row["disorder_type"], row["event_type"], row["sub_event_type"])
        subs = ACLED_EVENT_TYPES.get(t.event_type, ())
        if t.disorder_type not in ACLED_DISORDER_TYPES or not all(
                x in subs for x in t.sub_event_type.split("|")):
            raise DictionaryError(f"acled_crosswalk.tsv: {code}: not an ACLED type {t}")
        out[code] = t
    return out


# -- conversions (vectorised in Arrow: millions of rows in seconds) --------------------------------

def _columns(ev: pa.Table) -> Any:
    """Column getter returning single Arrow arrays (compute kernels then align row for row)."""
    return lambda name: ev.column(name).combine_chunks()


def _text(col: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray | pa.Array:
    """Any column as strings (Arrow's shortest form for floats: 3.4, -10)."""
    return pc.cast(col, pa.string())


def _lookup(keys: pa.ChunkedArray, mapping: Mapping[Any, Any], typ: pa.DataType) -> Any:
    """`mapping[key]` for every key (null where the key is null or unknown)."""
    if not mapping:
        return pa.nulls(len(keys), typ)
    idx = pc.index_in(keys, value_set=pa.array(list(mapping), type=keys.type))
    return pc.take(pa.array(list(mapping.values()), type=typ), idx)


def _names(countries: pa.ChunkedArray) -> Any:
    """English names of ISO-3 codes."""
    seen = [c for c in pc.unique(countries).to_pylist() if c]
    return _lookup(countries, {c: country_name(c) for c in seen}, pa.string())


def _blank(n: int) -> pa.Array:
    return pa.nulls(n, pa.string())


def _ymd(dates: Any) -> Any:
    """Dates as YYYYMMDD integers (arithmetic: far faster than strftime)."""
    return pc.add(pc.add(pc.multiply(pc.year(dates), 10_000), pc.multiply(pc.month(dates), 100)),
                  pc.day(dates))


def to_gdelt(ev: pa.Table) -> pa.Table:
    """Our events as GDELT 2.0 event columns (text; null where we have nothing)."""
    n = ev.num_rows
    c = _columns(ev)
    d = c("event_date")
    blank = _blank(n)
    cols: dict[str, Any] = {col.name: blank for col in GDELT_COLUMNS}
    fraction = pc.add(pc.cast(pc.year(d), pa.float64()), pc.divide(
        pc.cast(pc.add(pc.multiply(pc.month(d), 30), pc.day(d)), pa.float64()), 365.0))
    cols.update({
        "GLOBALEVENTID": c("event_id"),
        "SQLDATE": _ymd(d), "MonthYear": pc.divide(_ymd(d), 100), "Year": pc.year(d),
        "FractionDate": pc.round(fraction, 4),
        "IsRootEvent": pc.if_else(pc.equal(c("sentence_index"), 0), "1", "0"),
        "EventCode": c("event_code"),
        "EventBaseCode": pc.utf8_slice_codeunits(c("event_code"), 0, 3),
        "EventRootCode": c("event_root_code"), "QuadClass": _text(c("quad_class")),
        "GoldsteinScale": _text(c("goldstein")), "NumMentions": _text(c("mentions")),
        "NumSources": pa.repeat("1", n), "NumArticles": pa.repeat("1", n),
        "ActionGeo_Type": pc.if_else(pc.and_(pc.is_valid(c("location_country")),
                                             pc.is_null(c("location_name"))), "1", None),
        # "place, Country", or whichever is known (pyarrow's null_handling="skip" drops rows)
        "ActionGeo_FullName": pc.coalesce(
            pc.binary_join_element_wise(c("location_name"), _names(c("location_country")), ", "),
            c("location_name"), _names(c("location_country"))),
        "ActionGeo_CountryCode": c("location_country"),
        "DATEADDED": pc.multiply(pc.cast(_ymd(c("published")), pa.int64()), 1_000_000),
        "SOURCEURL": pc.coalesce(c("url"), c("source")),
    })
    for k in (1, 2):
        cols[f"Actor{k}Code"] = c(f"actor{k}_code")
        cols[f"Actor{k}Name"] = c(f"actor{k}_name")
        cols[f"Actor{k}CountryCode"] = c(f"actor{k}_country")
        cols[f"Actor{k}Type1Code"] = c(f"actor{k}_type")
    # GDELT files are unquoted: a tab or line break inside free text would break the row
    for name in ("Actor1Name", "Actor2Name", "ActionGeo_FullName", "SOURCEURL"):
        cols[name] = pc.replace_substring_regex(cols[name], r"[\t\r\n]", " ")
    return pa.table({name: _text(v) for name, v in cols.items()})


def inter_code(actor_type: str | None, outside: bool, event_type: str) -> int | None:
    """ACLED's numeric actor type of one actor (`outside`: a state's forces abroad)."""
    if not actor_type:
        return None
    if actor_type in _STATE:
        return 8 if outside else 1
    if actor_type == "IGO":
        return 8
    if actor_type in _REBEL:
        return 2
    if actor_type in _MILITIA:
        return 3
    if event_type == "Riots":
        return 5
    if event_type == "Protests":
        return 6
    return 7


@dataclass(frozen=True, slots=True)
class AcledCoding:
    """What the ACLED columns of one event say."""

    disorder_type: str
    event_type: str
    sub_event_type: str
    inter1: int | None
    inter2: int | None
    interaction: int | None
    civilian_targeting: str | None


def acled_coding(code: str, actor1_type: str | None, actor1_outside: bool, has_actor2: bool,
                 actor2_type: str | None, actor2_outside: bool) -> AcledCoding | None:
    """ACLED's type and actor codes for an event, or None when it is not an ACLED event.

    The crosswalk gives the type; then ACLED's definitions: Battles need two
    armed sides (against civilians it is Violence against civilians / Attack),
    an Attack on an armed target is a battle (Armed clash), and `A|B`
    sub-event types take A when actor 1 is a state force.
    """
    t = acled_crosswalk().get(code)
    if t is None:
        return None
    disorder, etype, sub = t.disorder_type, t.event_type, t.sub_event_type
    i1 = inter_code(actor1_type, actor1_outside, etype)
    i2 = inter_code(actor2_type, actor2_outside, etype) if has_actor2 else None
    if has_actor2 and etype in ("Protests", "Riots") and i2 in (5, 6):
        i2 = 7  # the target of a protest is not a protester
    if "|" in sub:
        state, other = sub.split("|", 1)
        sub = state if i1 in (1, 8) else other
    if etype == "Battles" and i2 == 7:
        disorder, etype, sub = "Political violence", "Violence against civilians", "Attack"
    elif etype == "Violence against civilians" and sub == "Attack" and i2 in _ARMED:
        disorder, etype, sub = "Political violence", "Battles", "Armed clash"
    # the two inter codes, lower first; X0 for an actor on its own
    if i1 is None or (has_actor2 and i2 is None):
        interaction = None
    elif i2 is None:
        interaction = i1 * 10
    else:
        interaction = min(i1, i2) * 10 + max(i1, i2)
    civilian = "Civilian targeting" if disorder == "Political violence" and i2 == 7 else None
    return AcledCoding(disorder, etype, sub, i1, i2, interaction, civilian)


def _outside(country: pa.ChunkedArray, location: pa.ChunkedArray) -> Any:
    return pc.fill_null(pc.and_(pc.is_valid(location), pc.not_equal(country, location)), False)


def to_acled(ev: pa.Table) -> tuple[pa.Table, int]:
    """ACLED columns for the events that are ACLED events; also how many were left out."""
    c = _columns(ev)
    loc = c("location_country")
    keys = [c("event_code"), pc.fill_null(c("actor1_type"), ""),
            _outside(c("actor1_country"), loc), pc.is_valid(c("actor2_name")),
            pc.fill_null(c("actor2_type"), ""), _outside(c("actor2_country"), loc)]
    # the coding depends on these six values only: code each combination once
    key = pc.binary_join_element_wise(*[_text(k) for k in keys], "|")
    combos = pc.unique(key).to_pylist()
    coded = {}
    for combo in combos:
        code, t1, out1, has2, t2, out2 = combo.split("|")
        coded[combo] = acled_coding(code, t1 or None, out1 == "true", has2 == "true",
                                    t2 or None, out2 == "true")
    kept = {k: v for k, v in coded.items() if v is not None}

    def field(name: str, typ: pa.DataType) -> Any:
        return _lookup(key, {k: getattr(v, name) for k, v in kept.items()}, typ)

    n = ev.num_rows
    d = c("event_date")
    iso = {code: int(num) for code, num in _iso_numeric(pc.unique(loc).to_pylist()).items()}
    blank = _blank(n)
    cols: dict[str, Any] = {col.name: blank for col in ACLED_COLUMNS}
    cols.update({
        "event_id_cnty": c("event_id"), "event_date": _text(d), "year": pc.year(d),
        "time_precision": _lookup(c("date_precision"),
                                  {"day": 1, "week": 2, "month": 3, "year": 3}, pa.int8()),
        "disorder_type": field("disorder_type", pa.string()),
        "event_type": field("event_type", pa.string()),
        "sub_event_type": field("sub_event_type", pa.string()),
        "actor1": c("actor1_name"), "inter1": field("inter1", pa.int8()),
        "actor2": c("actor2_name"), "inter2": field("inter2", pa.int8()),
        "interaction": field("interaction", pa.int8()),
        "civilian_targeting": field("civilian_targeting", pa.string()),
        "iso": _lookup(loc, iso, pa.int16()), "country": _names(loc),
        "location": c("location_name"), "source": c("source"), "notes": c("evidence_text"),
        "fatalities": pa.nulls(n, pa.int32()), "timestamp": pa.nulls(n, pa.int64()),
        "cameo_code": c("event_code"), "source_url": c("url"),
    })
    table = pa.table(cols)
    out = table.filter(pc.is_valid(table.column("event_type")))
    return out, n - out.num_rows


def _iso_numeric(codes: list[str | None]) -> dict[str, str]:
    import pycountry

    out = {}
    for code in codes:
        if code and code != "XKX":  # Kosovo has no ISO numeric code
            found = pycountry.countries.get(alpha_3=code)
            if found is not None:
                out[code] = found.numeric
    return out


def to_flat(ev: pa.Table) -> pa.Table:
    """Our events table with text-friendly values: ISO dates, `;`-joined topics."""
    cols = {name: ev.column(name) for name in ev.column_names}
    for name in ("published", "event_date", "goldstein", "confidence"):
        cols[name] = _text(cols[name])
    cols["topics"] = pc.binary_join(cols["topics"], ";")
    return pa.table(cols)


# -- writing --------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ExportResult:
    path: str
    format: str
    rows: int
    left_out: int


def default_path(release: Path, fmt: str) -> Path:
    """`events-<version>.<format>.<ext>` in the working directory."""
    version = read_manifest(release).get("version", release.name)
    return Path(f"events-{version}.{fmt}.{EXTENSIONS[fmt]}")


_CODECS = {".gz": "gzip", ".bz2": "bz2", ".zst": "zstd"}


@contextmanager
def _open(target: Path | None) -> Iterator[Any]:
    """A binary stream: standard output, a file, or a compressed file by its suffix."""
    if target is None:
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    if target.suffix == ".xz":
        with lzma.open(target, "wb") as f:
            yield f
    elif target.suffix in _CODECS:
        with pa.CompressedOutputStream(str(target), _CODECS[target.suffix]) as f:
            yield f
    else:
        with target.open("wb") as f:
            yield f


def _write_tsv(table: pa.Table, out: Any, header: bool) -> None:
    """Tab-separated, unquoted (GDELT's layout); values hold no tab or line break."""
    if header:
        out.write(("\t".join(table.column_names) + "\n").encode("utf-8"))
    step = 100_000
    for start in range(0, table.num_rows, step):
        part = table.slice(start, step)
        lines = pc.binary_join_element_wise(*part.columns, "\t", null_handling="replace",
                                            null_replacement="")
        out.write(("\n".join(lines.to_pylist()) + "\n").encode("utf-8"))


def _write_csv(table: pa.Table, out: Any, header: bool) -> None:
    """RFC 4180 CSV: text quoted, empty fields for missing values."""
    if header:
        out.write((",".join(table.column_names) + "\n").encode("utf-8"))
    pacsv.write_csv(table, out, pacsv.WriteOptions(include_header=False))


def export(release: Path, fmt: str, output: Path | str | None = None,
           header: bool = True) -> ExportResult:
    """Write the events of `release` as `fmt` to `output` ("-": standard output).

    A path ending in `.gz`, `.bz2`, `.xz` or `.zst` is compressed accordingly.
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; use one of: {', '.join(FORMATS)}")
    target = default_path(release, fmt) if output is None else \
        None if str(output) == "-" else Path(output)
    if target is not None and not target.parent.is_dir():
        raise UsageError(f"folder {target.parent} does not exist")
    ev = read_arrow(release, "events")
    left_out = 0
    if fmt == "gdelt":
        table = to_gdelt(ev)
    elif fmt == "acled":
        table, left_out = to_acled(ev)
    else:
        table = to_flat(ev)
    with _open(target) as out:
        (_write_tsv if fmt == "gdelt" else _write_csv)(table, out, header)
    return ExportResult(str(target) if target is not None else "-", fmt, table.num_rows,
                        left_out)


def describe(fmt: str) -> str:
    """The exported columns of `fmt` against the original's, as a Markdown table."""
    if fmt == "csv":
        from events.api import codebook

        cb = codebook(table="events")
        lines = ["| column | description |", "|---|---|"]
        lines += [f"| `{r.column}` | {r.description} |" for r in cb.itertuples()]
        return "\n".join(lines) + "\n"
    cols = GDELT_COLUMNS if fmt == "gdelt" else ACLED_COLUMNS if fmt == "acled" else None
    if cols is None:
        raise UsageError(f"unknown export format {fmt!r}; use one of: {', '.join(FORMATS)}")
    original = "GDELT 2.0 column" if fmt == "gdelt" else "ACLED column"
    lines = [f"| {original} | filled from | difference from the original |", "|---|---|---|"]
    lines += [f"| `{c.name}` | {c.source} | {c.note} |" for c in cols]
    return "\n".join(lines) + "\n"
