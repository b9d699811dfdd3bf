"""Build small releases on disk for tests, with exactly the rows a test wants.

`make_release(root, events, ...)` writes a release folder the way a build
lays it out (Parquet tables through `events.release.write_parquet`, a
manifest, SHA256SUMS, LATEST) without coding any article, so tests of the
loading API, `events info`, the report and the exports control the content.
`event_row(...)` gives one valid events row; `random_events(n)` many.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from events.codebook import TABLE_PATHS
from events.release import events_by_year, sort_events, write_checksums, write_parquet
from events.rows import to_frame, validate
from events.schemas import SCHEMA_VERSION
from events.taxonomy import cameo_codes, quad_class_of


def event_row(n: int, *, code: str = "042", date: dt.date | None = dt.date(2025, 3, 3),
              precision: str | None = None, a1: tuple[str, str | None, str | None] =
              ("Egyptian foreign minister", "EGY", "GOV"),
              a2: tuple[str, str | None, str | None] | None = ("Libya", "LBY", "GOV"),
              language: str = "en", location: tuple[str | None, str | None] = (None, None),
              topics: Iterable[str] = (), article: str | None = None,
              evidence: str = "The minister visited the capital on Monday.",
              **extra: Any) -> dict[str, Any]:
    """One valid row of the events table; keyword arguments set its content."""
    c = cameo_codes()[code]
    prec = precision or ("day" if date is not None else "unknown")

    def actor(k: int, a: tuple[str, str | None, str | None] | None) -> dict[str, Any]:
        if a is None:
            return {f"actor{k}_name": None, f"actor{k}_code": None, f"actor{k}_country": None,
                    f"actor{k}_type": None}
        name, country, typ = a
        code_ = "".join(p for p in (country, typ) if p) or None
        return {f"actor{k}_name": name, f"actor{k}_code": code_, f"actor{k}_country": country,
                f"actor{k}_type": typ}

    c1 = a1[1]
    c2 = a2[1] if a2 else None
    row = {
        "event_id": hashlib.sha256(f"event-{n}".encode()).hexdigest()[:16],
        "article_id": article or f"art-{n}",
        "source": "Test Wire", "url": f"https://news.example/{n}", "language": language,
        "published": date, "event_date": date, "date_precision": prec,
        "date_source": "text" if date is not None else "none",
        **actor(1, a1), **actor(2, a2),
        "country_pair": "-".join(sorted((c1, c2))) if c1 and c2 else None,
        "event_code": code, "event_root_code": c.root, "quad_class": quad_class_of(c.root),
        "goldstein": c.goldstein, "location_name": location[0], "location_country": location[1],
        "topics": sorted(topics), "evidence_text": evidence, "evidence_start": 0,
        "evidence_end": len(evidence), "sentence_index": n % 4, "mentions": 1 + n % 3,
        "confidence": 0.8, "coder_version": "test",
    }
    row.update(extra)
    return row


_COUNTRIES = ["LBY", "EGY", "SDN", "TUN", "DZA", "MAR", "MLI", "NER", "TCD", "SOM", "ETH",
              "YEM", "SYR", "IRQ", "LBN", "ISR", "PSE", "IRN", "SAU", "ARE", "QAT", "TUR",
              "USA", "RUS", "FRA", "CHN", "GBR", "DEU", "ITA"]
_TYPES = ["GOV", "GOV", "GOV", "MIL", "MIL", "COP", "REB", "INS", "CVL", "OPP", "UAF"]
_CODES = ["010", "013", "020", "036", "040", "042", "043", "045", "046", "051", "057", "061",
          "071", "0841", "090", "111", "112", "120", "130", "138", "141", "145", "150", "163",
          "173", "181", "183", "190", "193", "194", "195", "1951", "200"]
_WEIGHTS = [6, 2, 3, 3, 8, 7, 9, 3, 5, 2, 2, 2, 2, 1, 1, 6, 4, 2, 2, 1, 3, 1, 2, 1, 4, 2, 1, 8,
            4, 3, 3, 1, 1]


def random_events(n: int, seed: int = 7, start: dt.date = dt.date(2025, 6, 2),
                  days: int = 180) -> list[dict[str, Any]]:
    """`n` varied, valid events rows (fixed seed: the same rows every time)."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        c1, c2 = rng.sample(_COUNTRIES[:22], 1)[0], rng.choice(_COUNTRIES)
        code = rng.choices(_CODES, _WEIGHTS)[0]
        r = rng.random()
        precision = "day" if r < 0.8 else "week" if r < 0.85 else "month" if r < 0.9 else \
            "year" if r < 0.92 else "unknown"
        date = None if precision == "unknown" else start + dt.timedelta(days=rng.randrange(days))
        a2 = None if rng.random() < 0.15 else (
            f"actor {c2}", None if rng.random() < 0.1 else c2, rng.choice(_TYPES))
        rows.append(event_row(
            i, code=code, date=date, precision=precision,
            a1=(f"actor {c1}", c1, rng.choice(_TYPES)), a2=a2,
            language="ar" if rng.random() < 0.55 else "en",
            location=(f"town {c1}", c1) if rng.random() < 0.5 else (None, None),
            topics=rng.sample(["armed_conflict", "migration", "economy", "peace_process"],
                              rng.randrange(3)),
            article=f"art-{i // 3}"))
    return rows


def make_release(root: Path, events: list[dict[str, Any]], *, version: str = "2025.07.0",
                 articles: list[dict[str, Any]] | None = None,
                 rejects: list[dict[str, Any]] | None = None, latest: bool = True,
                 previous: str | None = None) -> Path:
    """Write a release of these rows under `root/releases/<version>`; return its folder."""
    release = root / "releases" / version
    ev = sort_events(to_frame("events", events))
    validate("events", ev)
    if articles is None:
        per = Counter(r["article_id"] for r in events)
        articles = [{"article_id": a, "origin": "test.jsonl", "line": i + 1, "status": "coded",
                     "language": "en", "published": None, "published_from": None, "events": k,
                     "content_sha256": hashlib.sha256(a.encode()).hexdigest(), "warnings": []}
                    for i, (a, k) in enumerate(sorted(per.items()))]
    rejects = rejects or []
    files: dict[str, list[str]] = {"events": []}
    for year, part in events_by_year(ev).items():
        rel = f"data/events/events-{year}.parquet"
        write_parquet(part, "events", release / rel)
        files["events"].append(rel)
    frames = {"articles": to_frame("articles", articles), "rejects": to_frame("rejects", rejects),
              "changes": to_frame("changes", [])}
    for table, frame in frames.items():
        validate(table, frame)
        write_parquet(frame, table, release / TABLE_PATHS[table])
        files[table] = [TABLE_PATHS[table]]
    status = Counter(a["status"] for a in articles)
    manifest: Mapping[str, Any] = {
        "manifest_version": 1, "dataset": "events", "version": version, "previous": previous,
        "schema_version": SCHEMA_VERSION, "coder_version": "test", "package_version": "test",
        "counts": {"read": len(articles), "coded": status["coded"],
                   "no_event": status["no-event"], "rejected": status["rejected"],
                   "events": len(ev),
                   "rejects_by_reason": dict(Counter(r["reason"] for r in rejects))},
        "changes": {"from": previous, "added": len(ev), "removed": 0, "modified": 0},
        "tables": {t: {"files": f, "rows": len(ev) if t == "events" else len(frames[t])}
                   for t, f in files.items()},
    }
    (release / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    write_checksums(release)
    if latest:
        (root / "LATEST").write_text(version + "\n", encoding="utf-8")
    return release


def reject_row(n: int, reason: str = "invalid-json") -> dict[str, Any]:
    return {"origin": "input.jsonl", "line": n + 1, "byte_offset": n * 100,
            "article_id": None, "reason": reason, "message": f"test reject {n}"}


def rejected_article(n: int) -> dict[str, Any]:
    return {"article_id": None, "origin": "input.jsonl", "line": n + 1, "status": "rejected",
            "language": None, "published": None, "published_from": None, "events": 0,
            "content_sha256": None, "warnings": []}


def plain_row(eid: str, *, article_chars: int = 2, **kw: Any) -> dict[str, Any]:
    """A minimal events row with a given id (article `a-` + its first characters); kw overrides."""
    base: dict[str, Any] = {
        "event_id": eid, "article_id": "a-" + eid[:article_chars], "source": "Wire", "url": None,
        "language": "en", "published": dt.date(2026, 1, 2), "event_date": dt.date(2026, 1, 1),
        "date_precision": "day", "date_source": "text", "actor1_name": "Egypt",
        "actor1_code": "EGYGOV", "actor1_country": "EGY", "actor1_type": "GOV",
        "actor2_name": None, "actor2_code": None, "actor2_country": None, "actor2_type": None,
        "country_pair": None, "event_code": "042", "event_root_code": "04", "quad_class": 1,
        "goldstein": 1.9, "location_name": None, "location_country": None, "topics": [],
        "evidence_text": "x", "evidence_start": 0, "evidence_end": 1, "sentence_index": 0,
        "mentions": 1, "confidence": 0.5, "coder_version": "t",
    }
    return base | kw
