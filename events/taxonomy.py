"""Closed vocabularies of the dataset: what each code means.

This module is data, not behaviour: the topic list, CAMEO agent types,
QuadClass, date precision and source codes, article statuses and reject
reasons, each with its description. The CAMEO event codes themselves are a
data file (`events/data/cameo.tsv`), read by `cameo_codes()`.
The schemas check columns against these, and the codebook prints them.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType

from events.errors import DictionaryError

TOPICS: Mapping[str, str] = MappingProxyType({
    "terrorism": "Terrorism and counter-terrorism, designated terrorist groups",
    "migration": "Migration, refugees on the move, irregular crossings, smuggling of people",
    "border_security": "Border control, border guards, crossings and patrols",
    "security_cooperation": "Security or military cooperation, training, intelligence sharing",
    "arms_trafficking": "Smuggling or illicit trade of weapons",
    "organized_crime": "Organised crime, gangs, trafficking networks, kidnapping for ransom",
    "economy": "Economy, trade, investment, finance, sanctions' economic side",
    "energy": "Oil, gas, electricity, power cuts, energy infrastructure",
    "peace_process": "Ceasefires, negotiations, mediation, political settlement",
    "elections": "Elections, votes, campaigns, electoral bodies",
    "humanitarian": "Humanitarian aid, displacement, famine, civilian casualties' relief",
    "human_rights": "Human rights, detentions, executions, abuses, freedoms",
    "armed_conflict": "Armed conflict, fighting, air strikes, shelling",
    "protest": "Protests, demonstrations, strikes, riots",
    "health": "Health, epidemics, hospitals, medical care",
})

AGENT_TYPES: Mapping[str, str] = MappingProxyType({
    "GOV": "Government: executive, ministries, diplomats",
    "MIL": "Military: armed forces of a state",
    "COP": "Police and internal security forces",
    "JUD": "Judiciary and prosecutors",
    "LEG": "Legislature and its members",
    "OPP": "Political opposition, activists",
    "PTY": "Political party",
    "REB": "Rebels: armed opposition holding territory",
    "INS": "Insurgents: armed groups fighting a state",
    "UAF": "Unidentified armed forces or gunmen",
    "CRM": "Criminals, gangs, bandits",
    "CVL": "Civilians",
    "MED": "Media and journalists",
    "BUS": "Business",
    "EDU": "Education: schools, universities, students",
    "REF": "Refugees and displaced people",
    "IGO": "Inter-governmental organisation",
    "NGO": "Non-governmental organisation",
    "SPY": "Intelligence services",
    "HLH": "Health sector",
    "REL": "Religious actors",
    "LAB": "Labour, trade unions",
    "ELI": "Elites",
    "AGR": "Agriculture",
    "ENV": "Environmental actors",
})

QUAD_CLASSES: Mapping[int, str] = MappingProxyType({
    1: "Verbal cooperation (CAMEO roots 01-05)",
    2: "Material cooperation (roots 06-08)",
    3: "Verbal conflict (roots 09-13)",
    4: "Material conflict (roots 14-20)",
})

DATE_PRECISIONS: Mapping[str, str] = MappingProxyType({
    "day": "The text (or the publication date) gives the day",
    "week": "The text gives the week but not the day ('last week'); event_date is its Monday",
    "month": "The text gives the month but not the day",
    "year": "The text gives the year only",
    "unknown": "No date could be resolved; event_date is null",
})

DATE_SOURCES: Mapping[str, str] = MappingProxyType({
    "text": "Resolved from a date expression in the event's own sentence or paragraph",
    "published": "No date in the text: the publication date stands in (news convention)",
    "none": "Neither the text nor the publication date gives a date",
})

PUBLISHED_SOURCES: Mapping[str, str] = MappingProxyType({
    "metadata": "The input record's `published` field",
    "page": "A date printed in the page near the title (dateline, timestamp)",
    "url": "A date in the article's URL path",
})

LANGUAGES: Mapping[str, str] = MappingProxyType({
    "ar": "Arabic",
    "en": "English",
    "und": "Undetermined or other (not coded)",
})

STATUSES: Mapping[str, str] = MappingProxyType({
    "coded": "The article produced at least one event",
    "no-event": "The article was read and coded but reports no codable event",
    "rejected": "The record could not be coded; see the rejects table for the reason",
})

#: Why an input record was rejected. Every record read is coded, found to
#: hold no event, or rejected with exactly one of these (see README, "Bad input").
REJECT_REASONS: Mapping[str, str] = MappingProxyType({
    "invalid-json": "A JSON Lines line or `.json` file is not strict JSON: syntax error, raw NUL "
                    "bytes, NaN/Infinity, nesting too deep, an integer over 4,300 digits, or a "
                    "key given twice in one record",
    "not-an-object": "Valid JSON, but not an object (an array, string, number or null line; a "
                     "non-object item of a `.json` array)",
    "missing-id": "The record has no `id` (or it is null)",
    "missing-text": "The record has no `text` (or it is null)",
    "wrong-type": "`id` or `text` has the wrong type (`text` a number or list, `id` an object, "
                  "float or boolean; an integer id is accepted as text)",
    "invalid-id": "The id is empty, longer than 1,024 characters, or holds control, "
                  "invisible or bidi characters (or undecodable bytes of a file name)",
    "empty-text": "The text is empty or holds only whitespace and invisible characters "
                  "(for an HTML page: no visible text outside scripts, menus and forms)",
    "undecodable": "The bytes are not UTF-8 (nor UTF-16 with a byte-order mark), and no other "
                   "encoding could be told reliably (Arabic in windows-1256 vs ISO-8859-6 is "
                   "decoded only when the bytes settle which)",
    "binary-file": "The file is binary: an image, archive, PDF or executable signature, or NUL "
                   "and control bytes text does not have (UTF-16 without a byte-order mark too)",
    "unsupported-file": "Not an input format (.jsonl, .ndjson, .json, .txt, .html, .htm, "
                        ".xhtml), or not a regular file (pipe, device, link to a folder)",
    "unreadable": "The file or folder could not be opened or read (permissions, I/O error, "
                  "broken symbolic link)",
    "too-large": "Over a size limit: article text over 1 MiB, a line or page file over 3 MiB, "
                 "a `.json` file over 100 MiB (defaults; the manifest records the limits used)",
    "duplicate-id": "Same id and same content as another record; one copy is kept (the first "
                    "in file and line order) and the others are rejected with this reason",
    "duplicate-id-conflict": "Same id as another record with different content; every version "
                             "is rejected, since none can be told to be the right one",
    "unsupported-language": "The text is neither Arabic nor English",
    "schema-violation": "The record broke the `ArticleInput` model, or a row coded from it "
                        "failed the events schema; the message names each failed check",
    "coder-error": "An unexpected exception while coding the record (a bug of ours); the "
                   "message holds the exception and the innermost frames",
})

#: Non-fatal problems with an article that was kept (`articles.warnings`).
ARTICLE_WARNINGS: Mapping[str, str] = MappingProxyType({
    "encoding-utf-16": "The input was UTF-16 (with a byte-order mark) and was decoded",
    "encoding-windows-1256": "The input was Arabic in windows-1256 and was decoded",
    "encoding-iso-8859-6": "The input was Arabic in ISO-8859-6 and was decoded",
    "encoding-windows-1252": "The input was not UTF-8, but its only non-ASCII bytes were "
                             "punctuation that every candidate code page reads alike",
    "invalid-utf8-replaced": "A few invalid UTF-8 bytes (at most one per 1,000 characters) "
                             "were replaced by U+FFFD",
    "invalid-characters-replaced": "Lone UTF-16 surrogates (from JSON `\\udXXX` escapes) "
                                   "were replaced by U+FFFD",
    "nul-removed": "NUL characters were removed from the text",
    "published-unparseable": "The `published` value is not a date we read "
                             "(ISO 8601 date or date-time); it was ignored",
    "published-in-future": "A publication date later than the build's reference day (plus "
                           "one day of time-zone slack) was ignored",
    "title-wrong-type": "`title` is not a string; ignored",
    "url-wrong-type": "`url` is not a string; ignored",
    "source-wrong-type": "`source` is not a string; ignored",
    "language-wrong-type": "`language` is not a string; ignored",
    "html-unclosed-markup": "An HTML comment, tag or declaration left open near the end hid "
                            "the rest of the page (as in a browser); that rest was not read",
    "id-not-filename-safe": "The id would be dangerous as a file name (`..` segment, absolute "
                            "path, leading `-` or `~`, a reserved Windows device name); kept, "
                            "since the builder never makes file names from ids",
})


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    root: str
    goldstein: float
    label: str

    @property
    def quad_class(self) -> int:
        return quad_class_of(self.root)


def quad_class_of(root: str) -> int:
    """GDELT QuadClass (1-4) of a two-digit CAMEO root."""
    r = int(root)
    if not 1 <= r <= 20:
        raise ValueError(f"not a CAMEO root: {root!r}")
    return 1 if r <= 5 else 2 if r <= 8 else 3 if r <= 13 else 4


@cache
def cameo_codes() -> Mapping[str, CameoCode]:
    """Every CAMEO event code of `events/data/cameo.tsv`, by code (read once)."""
    text = resources.files("events").joinpath("data/cameo.tsv").read_text(encoding="utf-8")
    rows = csv.DictReader(
        (ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")),
        delimiter="\t", quoting=csv.QUOTE_NONE,
    )
    out: dict[str, CameoCode] = {}
    for row in rows:
        try:
            c = CameoCode(row["code"], row["root"], float(row["goldstein"]), row["label"])
        except (KeyError, TypeError, ValueError) as e:
            raise DictionaryError(f"cameo.tsv: bad row {row!r}: {e}") from e
        if c.code in out:
            raise DictionaryError(f"cameo.tsv: duplicate code {c.code}")
        out[c.code] = c
    return MappingProxyType(out)
