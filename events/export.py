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
`ActionGeo_CountryCode`, where GDELT writes FIPS 10-4 (`LY` for Libya there,
`LBY` here); GDELT's CAMEO actor country codes are mostly the same ISO-3
codes, but CAMEO also has regional codes (e.g. AFR, MEA) that we never use;
one row is one event reported in one article, so `NumSources` and
`NumArticles` are 1 and `NumMentions` counts the article's sentences that
report it; we code no tone, no ethnicity or religion, no known-group codes and
no coordinates, and leave those columns empty. Read it with:

    pandas.read_csv(path, sep="\\t", dtype={"EventCode": str, "EventBaseCode": str,
                                            "EventRootCode": str})

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
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

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


# -- conversions ----------------------------------------------------------------------------------

def _events(release: Path) -> pd.DataFrame:
    """The events table with plain Python values (str, datetime.date, list, None)."""
    tbl = read_arrow(release, "events")
    return pd.DataFrame({c: pd.Series(tbl.column(c).to_pylist(), dtype=object)
                         for c in tbl.column_names})


def _blank(n: int) -> list[str]:
    return [""] * n


def _num(v: Any) -> str:
    """A float as its shortest decimal form (the float32 3.4 as 3.4)."""
    if v is None:
        return ""
    return repr(float(f"{float(v):.6g}"))


def to_gdelt(ev: pd.DataFrame) -> pd.DataFrame:
    """Our events as GDELT 2.0 event rows (all values as text)."""
    n = len(ev)
    dates = ev["event_date"].tolist()
    out: dict[str, list[Any]] = {c.name: _blank(n) for c in GDELT_COLUMNS}
    out["GLOBALEVENTID"] = ev["event_id"].tolist()
    out["SQLDATE"] = [d.strftime("%Y%m%d") if d else "" for d in dates]
    out["MonthYear"] = [d.strftime("%Y%m") if d else "" for d in dates]
    out["Year"] = [str(d.year) if d else "" for d in dates]
    out["FractionDate"] = [f"{d.year + (d.month * 30 + d.day) / 365:.4f}" if d else ""
                           for d in dates]
    for k in (1, 2):
        out[f"Actor{k}Code"] = _text(ev[f"actor{k}_code"])
        out[f"Actor{k}Name"] = _text(ev[f"actor{k}_name"])
        out[f"Actor{k}CountryCode"] = _text(ev[f"actor{k}_country"])
        out[f"Actor{k}Type1Code"] = _text(ev[f"actor{k}_type"])
    out["IsRootEvent"] = ["1" if i == 0 else "0" for i in ev["sentence_index"].tolist()]
    out["EventCode"] = ev["event_code"].tolist()
    out["EventBaseCode"] = [c[:3] for c in ev["event_code"].tolist()]
    out["EventRootCode"] = ev["event_root_code"].tolist()
    out["QuadClass"] = [str(q) for q in ev["quad_class"].tolist()]
    out["GoldsteinScale"] = [_num(g) for g in ev["goldstein"].tolist()]
    out["NumMentions"] = [str(m) for m in ev["mentions"].tolist()]
    out["NumSources"] = ["1"] * n
    out["NumArticles"] = ["1"] * n
    names = ev["location_name"].tolist()
    countries = ev["location_country"].tolist()
    out["ActionGeo_Type"] = ["1" if c and not nm else "" for nm, c in zip(names, countries,
                                                                          strict=True)]
    out["ActionGeo_FullName"] = [", ".join(p for p in (nm, country_name(c) if c else None) if p)
                                 for nm, c in zip(names, countries, strict=True)]
    out["ActionGeo_CountryCode"] = _text(ev["location_country"])
    out["DATEADDED"] = [p.strftime("%Y%m%d000000") if p else "" for p in ev["published"]]
    out["SOURCEURL"] = [u or s or "" for u, s in zip(ev["url"], ev["source"], strict=True)]
    return pd.DataFrame(out, columns=[c.name for c in GDELT_COLUMNS])


def inter_code(actor_type: str | None, actor_country: str | None, location_country: str | None,
               event_type: str) -> int | None:
    """ACLED's numeric actor type for one actor of an event."""
    if actor_type is None:
        return None
    if actor_type in _STATE:
        outside = actor_country and location_country and actor_country != location_country
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


def acled_row(e: Mapping[str, Any]) -> dict[str, Any] | None:
    """One ACLED row for an event, or None when its code is not an ACLED event."""
    t = acled_crosswalk().get(e["event_code"])
    if t is None:
        return None
    disorder, etype, sub = t.disorder_type, t.event_type, t.sub_event_type
    loc = e["location_country"]
    i1 = inter_code(e["actor1_type"], e["actor1_country"], loc, etype)
    i2 = inter_code(e["actor2_type"], e["actor2_country"], loc, etype) if e["actor2_name"] else None
    if e["actor2_name"] and etype in ("Protests", "Riots") and i2 in (5, 6):
        i2 = 7  # the target of a protest is not a protester
    if "|" in sub:
        state, other = sub.split("|", 1)
        sub = state if i1 in (1, 8) else other
    if etype == "Battles" and i2 == 7:
        disorder, etype, sub = "Political violence", "Violence against civilians", "Attack"
    elif etype == "Violence against civilians" and sub == "Attack" and i2 in _ARMED:
        disorder, etype, sub = "Political violence", "Battles", "Armed clash"
    d = e["event_date"]
    iso = None
    if loc and loc != "XKX":
        import pycountry

        c = pycountry.countries.get(alpha_3=loc)
        iso = int(c.numeric) if c else None
    # ACLED's interaction: the two inter codes, lower first; X0 for an actor on its own
    if i1 is None or (e["actor2_name"] and i2 is None):
        interaction = ""
    elif i2 is None:
        interaction = f"{i1}0"
    else:
        interaction = f"{min(i1, i2)}{max(i1, i2)}"
    return {
        "event_id_cnty": e["event_id"],
        "event_date": d.isoformat() if d else "",
        "year": d.year if d else "",
        "time_precision": {"day": 1, "week": 2, "month": 3, "year": 3}.get(e["date_precision"],
                                                                           ""),
        "disorder_type": disorder, "event_type": etype, "sub_event_type": sub,
        "actor1": e["actor1_name"] or "", "assoc_actor_1": "",
        "inter1": "" if i1 is None else i1,
        "actor2": e["actor2_name"] or "", "assoc_actor_2": "",
        "inter2": "" if i2 is None else i2,
        "interaction": interaction,
        "civilian_targeting": "Civilian targeting"
        if disorder == "Political violence" and i2 == 7 else "",
        "iso": "" if iso is None else iso, "region": "",
        "country": country_name(loc) if loc else "",
        "admin1": "", "admin2": "", "admin3": "", "location": e["location_name"] or "",
        "latitude": "", "longitude": "", "geo_precision": "",
        "source": e["source"] or "", "source_scale": "", "notes": e["evidence_text"],
        "fatalities": "", "tags": "", "timestamp": "",
        "cameo_code": e["event_code"], "source_url": e["url"] or "",
    }


def to_acled(ev: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """ACLED rows for the events that are ACLED events; also how many were left out."""
    rows = [r for r in (acled_row(e) for e in ev.to_dict("records")) if r is not None]
    return pd.DataFrame(rows, columns=[c.name for c in ACLED_COLUMNS]), len(ev) - len(rows)


def to_flat(ev: pd.DataFrame) -> pd.DataFrame:
    """Our events table with text-friendly values: ISO dates, `;`-joined topics."""
    out = ev.copy()
    for c in ("published", "event_date"):
        out[c] = [d.isoformat() if d else "" for d in out[c]]
    out["topics"] = [";".join(t or []) for t in out["topics"]]
    for c in ("goldstein", "confidence"):
        out[c] = [_num(v) for v in out[c]]
    return out


def _text(s: pd.Series) -> list[str]:
    return ["" if v is None else str(v) for v in s.tolist()]


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


def export(release: Path, fmt: str, output: Path | str | None = None,
           header: bool = True) -> ExportResult:
    """Write the events of `release` as `fmt` to `output` ("-": standard output).

    A path ending in `.gz`, `.bz2`, `.xz` or `.zst` is compressed accordingly.
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; use one of: {', '.join(FORMATS)}")
    ev = _events(release)
    left_out = 0
    if fmt == "gdelt":
        frame = to_gdelt(ev)
    elif fmt == "acled":
        frame, left_out = to_acled(ev)
    else:
        frame = to_flat(ev)
    sep = "\t" if fmt == "gdelt" else ","
    # GDELT files are unquoted; a tab or newline inside a value would break the row
    if fmt == "gdelt":
        frame = frame.apply(lambda col: col.map(
            lambda v: v.replace("\t", " ").replace("\r", " ").replace("\n", " ")
            if isinstance(v, str) else v))
    target = Path(output) if output not in (None, "-") else None
    if output is None:
        target = default_path(release, fmt)
    kwargs: dict[str, Any] = dict(sep=sep, index=False, header=header, lineterminator="\n")
    if fmt == "gdelt":
        kwargs.update(quoting=csv.QUOTE_NONE, escapechar=None)
    if target is None:
        buf = io.StringIO()
        frame.to_csv(buf, **kwargs)
        sys.stdout.write(buf.getvalue())
        where = "-"
    else:
        if target.parent and not target.parent.exists():
            raise UsageError(f"folder {target.parent} does not exist")
        frame.to_csv(target, encoding="utf-8", compression="infer", **kwargs)
        where = str(target)
    return ExportResult(where, fmt, len(frame), left_out)


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
