"""Closed vocabularies of the dataset: what each code means.

This module is data, not behaviour: the topic list, CAMEO agent types,
QuadClass, date precision and source codes, article statuses and reject
reasons, each with its description. The CAMEO event codes themselves are a
data file (`events/data/cameo.tsv`), read by `cameo_codes()`.
The schemas check columns against these, and the codebook prints them.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Mapping

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

REJECT_REASONS: Mapping[str, str] = MappingProxyType({
    "invalid-json": "A JSON Lines line is not valid JSON",
    "not-an-object": "A JSON Lines line is valid JSON but not an object",
    "missing-id": "The record has no `id`",
    "missing-text": "The record has no `text`",
    "wrong-type": "A field has the wrong type (e.g. `text` is not a string)",
    "invalid-id": "The id is empty, too long or holds control characters",
    "empty-text": "The text is empty or only whitespace",
    "undecodable": "The bytes are not valid UTF-8 and no other encoding could be told reliably",
    "binary-file": "The file is binary (NUL bytes, image or archive signature)",
    "unsupported-file": "The file type is not an input format (.jsonl, .json, .txt, .html)",
    "unreadable": "The file could not be opened or read (permissions, I/O error)",
    "too-large": "The record or file is larger than the configured limit",
    "duplicate-id": "Same id and same content as an earlier record; the copy is dropped",
    "duplicate-id-conflict": "Same id as another record with different content; all versions are rejected",
    "unsupported-language": "The text is neither Arabic nor English",
    "schema-violation": "A row coded from the record failed the events schema",
    "coder-error": "An unexpected exception while coding the record (a bug of ours)",
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
