"""Generate N realistic articles for the benchmark, from the package's sample corpus.

Every generated article starts from one of the sixteen sample articles of
`events/sample/corpus/` (our own, fictionalised stories, page noise
included) and varies it the way a scraped corpus varies:

- **names**: the story's countries, with their adjectives and capitals, are
  swapped for other countries of the region (consistently within the
  article), and the site name, section and URL change;
- **dates**: the story moves by whole years (2016 .. 2026), in the
  publication date and in the text alike;
- **lengths**: lines of the body are dropped or borrowed from another
  story of the same language, towards a target size drawn around 2 KB;
- **noise**: menu, widget, "read also" and share lines from the templates
  below are inserted between lines.

The output is JSON Lines (`id`, `title`, `url`, `published`, `source`,
`language`, `text`), the same for the same seed and size. `touch()` changes a
given fraction of the articles (a correction line), for the incremental
rebuild. Nothing here is read from outside the repository.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "events" / "sample" / "corpus"

# (country, adjective, capital): English forms swapped together
EN_GROUPS = [
    ("Libya", "Libyan", "Tripoli"), ("Tunisia", "Tunisian", "Tunis"),
    ("Egypt", "Egyptian", "Cairo"), ("Sudan", "Sudanese", "Khartoum"),
    ("Algeria", "Algerian", "Algiers"), ("Morocco", "Moroccan", "Rabat"),
    ("Mali", "Malian", "Bamako"), ("Niger", "Nigerien", "Niamey"),
    ("Chad", "Chadian", "N'Djamena"), ("Mauritania", "Mauritanian", "Nouakchott"),
    ("Senegal", "Senegalese", "Dakar"), ("Somalia", "Somali", "Mogadishu"),
    ("Ethiopia", "Ethiopian", "Addis Ababa"), ("Kenya", "Kenyan", "Nairobi"),
    ("Jordan", "Jordanian", "Amman"), ("Iraq", "Iraqi", "Baghdad"),
    ("Lebanon", "Lebanese", "Beirut"), ("Yemen", "Yemeni", "Sanaa"),
    ("Qatar", "Qatari", "Doha"), ("Oman", "Omani", "Muscat"),
]
# (country, adjective masc., adjective fem., capital): Arabic forms swapped together
AR_GROUPS = [
    ("ليبيا", "الليبي", "الليبية", "طرابلس"), ("تونس", "التونسي", "التونسية", "تونس"),
    ("مصر", "المصري", "المصرية", "القاهرة"), ("السودان", "السوداني", "السودانية", "الخرطوم"),
    ("الجزائر", "الجزائري", "الجزائرية", "الجزائر"), ("المغرب", "المغربي", "المغربية", "الرباط"),
    ("موريتانيا", "الموريتاني", "الموريتانية", "نواكشوط"),
    ("الصومال", "الصومالي", "الصومالية", "مقديشو"),
    ("إثيوبيا", "الإثيوبي", "الإثيوبية", "أديس أبابا"), ("الأردن", "الأردني", "الأردنية", "عمان"),
    ("العراق", "العراقي", "العراقية", "بغداد"), ("لبنان", "اللبناني", "اللبنانية", "بيروت"),
    ("اليمن", "اليمني", "اليمنية", "صنعاء"), ("قطر", "القطري", "القطرية", "الدوحة"),
    ("سلطنة عمان", "العماني", "العمانية", "مسقط"),
    ("الإمارات", "الإماراتي", "الإماراتية", "أبوظبي"),
]
# page noise, written for this benchmark
NOISE = {
    "en": [
        "Home | World | Africa | Middle East | Business | Sport | Video",
        "READ ALSO: Port authority unveils plan to expand container berths",
        "READ MORE: Central bank holds key rate steady for third month",
        "Share this story: Facebook | X | WhatsApp | Telegram | Email",
        "Gold 2,318.40 ▲ 0.6% | Brent 83.12 ▼ 0.4% | EUR/USD 1.0842",
        "Weather: Sunny, 31°C. Humidity 40%. Wind NE 12 km/h",
        "We use cookies to improve your experience. Accept | Manage settings",
        "Subscribe to our morning newsletter for the day's top headlines",
        "Most read: Football federation names new national coach",
        "Advertisement",
        "Follow us on social media for breaking news alerts",
        "Comments are moderated and may take a few minutes to appear.",
    ],
    "ar": [
        "الرئيسية | أخبار | اقتصاد | رياضة | ثقافة | منوعات | فيديو",
        "اقرأ أيضا: افتتاح معرض الكتاب الدولي بمشاركة مئات دور النشر",
        "اقرأ المزيد: ارتفاع أسعار الذهب في الأسواق المحلية",
        "شارك الخبر: فيسبوك | إكس | واتساب | تيليغرام",
        "الذهب عيار 21: 3150 | الدولار: 48.6 | اليورو: 52.3",
        "حالة الطقس: مشمس، الحرارة العظمى 33 درجة",
        "نستخدم ملفات تعريف الارتباط لتحسين تجربتك. موافق",
        "اشترك في النشرة البريدية لتصلك أهم الأخبار",
        "الأكثر قراءة: المنتخب يستعد لمباراة ودية الأسبوع المقبل",
        "إعلان",
        "تابعونا على مواقع التواصل الاجتماعي",
        "مواقيت الصلاة: الفجر 4:51 الظهر 12:03 العصر 3:28",
    ],
}
SITES = {
    "en": ["coastline-post.example", "desert-ledger.example", "gulf-courier.example",
           "horn-monitor.example", "atlas-daily.example", "levant-record.example"],
    "ar": ["sada-alwatan.example", "al-manara-news.example", "nabd-alsahel.example",
           "al-rased.example", "marsad-aljanub.example", "akhbar-alkhaleej.example"],
}
SECTIONS = ["politics", "world", "region", "security", "diplomacy", "economy"]
CORRECTION = {"en": "Correction: an earlier version of this story misstated a figure.",
              "ar": "تصحيح: ورد رقم خاطئ في نسخة سابقة من هذا الخبر."}
#: the latest publication date generated
LAST_DAY = date(2026, 10, 31)
#: base date for sample articles that carry none
_UNDATED_BASE = date(2025, 11, 1)
_YEAR = re.compile(r"(?<!\d)(20[0-3]\d)(?!\d)")


@dataclass(frozen=True)
class Template:
    id: str
    language: str
    title: str | None
    lines: tuple[str, ...]
    published: date


def templates() -> list[Template]:
    """The sample articles as the builder reads them (pages converted to text)."""
    from events.ingest import read_inputs
    from events.language import detect_language
    from events.lexicon import load_lexicon
    from events.model import Article

    out = []
    lex = load_lexicon()
    for a in read_inputs([SAMPLE], lex.date_cues):
        if not isinstance(a, Article):
            continue
        lang = a.language or detect_language(a.text)
        lines = tuple(ln for ln in a.text.splitlines() if ln.strip())
        out.append(Template(a.id, lang, a.title, lines, a.published or _UNDATED_BASE))
    return sorted(out, key=lambda t: t.id)


def _name_swap(text: str, lang: str, rng: random.Random) -> Callable[[str], str]:
    """A function that swaps one or two of the countries of `text` for others, consistently."""
    groups: list[tuple[str, ...]] = list(EN_GROUPS if lang == "en" else AR_GROUPS)
    present = [g for g in groups if g[0] in text]
    rng.shuffle(present)
    free = [g for g in groups if g not in present]
    mapping: dict[str, str] = {}
    for old in present[:rng.randint(1, 2)]:
        if not free:
            break
        new = free.pop(rng.randrange(len(free)))
        for a, b in zip(old, new, strict=True):
            mapping.setdefault(a, b)
    if not mapping:
        return lambda s: s
    alternatives = "|".join(re.escape(f) for f in sorted(mapping, key=len, reverse=True))
    if lang == "en":
        pattern = re.compile(r"\b(" + alternatives + r")\b")
        return lambda s: pattern.sub(lambda m: mapping[m.group(1)], s)
    # Arabic: a form may carry the proclitics و/ف and ب/ل/ك
    ar = re.compile(r"(?<![\w])((?:و|ف)?(?:ب|ل|ك)?)(" + alternatives + r")(?![\w])")
    return lambda s: ar.sub(lambda m: m.group(1) + mapping[m.group(2)], s)


def _shift_years(text: str, base: int, new: int) -> str:
    def sub(m: re.Match[str]) -> str:
        y = int(m.group(1))
        return str(y + new - base) if base - 1 <= y <= base + 1 else m.group(1)
    return _YEAR.sub(sub, text)


def _target_bytes(rng: random.Random) -> int:
    return int(min(8000, max(600, rng.lognormvariate(7.35, 0.45))))  # median ~1.6 KB


def article(i: int, seed: int, pool: list[Template]) -> dict[str, object]:
    """The i-th generated article (a pure function of i, seed and the templates)."""
    rng = random.Random(f"{seed}:{i}")
    t = pool[rng.randrange(len(pool))]
    same_lang = [p for p in pool if p.language == t.language and p.id != t.id]
    target = _target_bytes(rng)
    head = list(t.lines[:4])
    body = list(t.lines[4:])
    lines = list(head)
    size = sum(len(ln.encode()) + 1 for ln in lines)
    for ln in body:
        if size >= target:
            break
        if rng.random() < 0.15:
            continue  # a line the scraper missed
        lines.append(ln)
        size += len(ln.encode()) + 1
    while size < target and same_lang:  # a long story: more from a related one
        other = rng.choice(same_lang)
        for ln in other.lines[4:4 + rng.randint(2, 6)]:
            lines.append(ln)
            size += len(ln.encode()) + 1
    for _ in range(rng.randint(0, 4)):
        lines.insert(rng.randint(1, len(lines)), rng.choice(NOISE[t.language]))
    text = "\n".join(lines)
    new_year = rng.randint(2016, 2026)
    published = t.published.replace(year=new_year, day=min(t.published.day, 28))
    if published > LAST_DAY:
        new_year -= 1
        published = published.replace(year=new_year)
    swap = _name_swap(text, t.language, rng)
    text = _shift_years(swap(text), t.published.year, new_year)
    title = _shift_years(swap(t.title or max(lines[:8], key=len)), t.published.year,
                         new_year)
    site = rng.choice(SITES[t.language])
    return {
        "id": f"bench-{i:07d}",
        "title": title,
        "url": f"https://{site}/{rng.choice(SECTIONS)}/{published:%Y/%m}/{t.id}-{i}",
        "published": published.isoformat(),
        "source": site,
        "language": t.language,
        "text": text,
    }


def generate(n: int, seed: int = 7) -> Iterator[dict[str, object]]:
    pool = templates()
    for i in range(n):
        yield article(i, seed, pool)


def write(path: Path, n: int, seed: int = 7) -> dict[str, float]:
    """Write n articles to `path` (JSON Lines); return their count and sizes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    total = text = 0
    with path.open("w", encoding="utf-8") as f:
        for a in generate(n, seed):
            line = json.dumps(a, ensure_ascii=False) + "\n"
            f.write(line)
            total += len(line.encode())
            text += len(str(a["text"]).encode())
    return {"articles": n, "bytes": total, "text_bytes": text,
            "mean_text_bytes": text / n if n else 0.0}


def touch(src: Path, dst: Path, fraction: float, seed: int = 11) -> int:
    """Copy `src` to `dst` with `fraction` of the articles changed; return how many."""
    rng = random.Random(seed)
    changed = 0
    with src.open(encoding="utf-8") as f, dst.open("w", encoding="utf-8") as out:
        for line in f:
            if rng.random() < fraction:
                a = json.loads(line)
                a["text"] = f"{a['text']}\n{CORRECTION[a['language']]}"
                line = json.dumps(a, ensure_ascii=False) + "\n"
                changed += 1
            out.write(line)
    return changed


if __name__ == "__main__":
    import argparse
    import sys

    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("n", type=int)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    print(json.dumps(write(args.out, args.n, args.seed)))
