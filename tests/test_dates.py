"""Tests for events.dates: finding, resolving and choosing dates.

Every sentence and page head here was written for these tests. The
publication date of the table is Saturday 17 January 2026.
"""

from __future__ import annotations

import csv
import inspect
import itertools
import unicodedata
from datetime import UTC, date, datetime, timedelta
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import events.dates as dates_module
from events.dates import (
    DateCues,
    DateMention,
    event_date,
    find_dates,
    find_published,
    load_date_cues,
    parse_published,
)
from events.errors import DictionaryError
from events.model import EventDate
from events.taxonomy import DATE_PRECISIONS

PUB = date(2026, 1, 17)  # a Saturday


@pytest.fixture(scope="module")
def cues() -> DateCues:
    return load_date_cues()


# (lang, sentence, [(mention text, ISO date or None, precision, kind), ...])
Expected = list[tuple[str, str | None, str, str]]
CASES: list[tuple[str, str, Expected]] = [
    # --- Arabic absolute dates
    ("ar", "وقع الانفجار في 17 يناير 2026 قرب الميناء",
     [("17 يناير 2026", "2026-01-17", "day", "absolute")]),
    ("ar", "عقد المجلس جلسته في 17 كانون الثاني 2026 برئاسة الوزير",
     [("17 كانون الثاني 2026", "2026-01-17", "day", "absolute")]),
    ("ar", "بدأت المناورات يوم الأحد 6 مارس/آذار 2016 في عرض البحر",
     [("يوم الأحد 6 مارس/آذار 2016", "2016-03-06", "day", "absolute")]),
    ("ar", "انطلقت القافلة الأحد (6 آذار/مارس2016) نحو الجنوب",
     [("الأحد (6 آذار/مارس2016", "2016-03-06", "day", "absolute")]),
    ("ar", "وقع الطرفان الاتفاق في 3 حزيران (يونيو) 2024",
     [("3 حزيران (يونيو) 2024", "2024-06-03", "day", "absolute")]),
    ("ar", "صدر القرار في 17/1/2026 وعُدّل في 20-1-2026",
     [("17/1/2026", "2026-01-17", "day", "absolute"),
      ("20-1-2026", "2026-01-20", "day", "absolute")]),
    ("ar", "وصدر البيان الختامي يوم 2026/01/15 مساء",
     [("2026/01/15", "2026-01-15", "day", "absolute")]),
    ("ar", "نُشر التقرير في ٢٠٢٦-٠١-١٥",
     [("٢٠٢٦-٠١-١٥", "2026-01-15", "day", "absolute")]),
    ("ar", "وفي ١٧ يناير ٢٠٢٦ أعلنت الوزارة",
     [("١٧ يناير ٢٠٢٦", "2026-01-17", "day", "absolute")]),
    ("ar", "وفي ۱۷ يناير ۲۰۲۶ أعلنت الوزارة",
     [("۱۷ يناير ۲۰۲۶", "2026-01-17", "day", "absolute")]),
    ("ar", "اجتمع الطرفان في 12 جانفي 2026 بالعاصمة",
     [("12 جانفي 2026", "2026-01-12", "day", "absolute")]),
    ("ar", "انعقد المنتدى في 5 شتنبر 2025 بالرباط",
     [("5 شتنبر 2025", "2025-09-05", "day", "absolute")]),
    ("ar", "يبدأ العمل بالقانون في الأول من مارس 2026",
     [("الأول من مارس 2026", "2026-03-01", "day", "absolute")]),
    ("ar", "وفي 9 من شهر أيار 2025 وصلت البعثة",
     [("9 من شهر أيار 2025", "2025-05-09", "day", "absolute")]),
    ("ar", "أعلنت الحكومة في يناير 2026 خطة جديدة",
     [("يناير 2026", "2026-01-01", "month", "absolute")]),
    ("ar", "وفي ابريل 2025 وإبريل 2024 وأبريل 2023 ويونيه 2022",
     [("ابريل 2025", "2025-04-01", "month", "absolute"),
      ("وإبريل 2024", "2024-04-01", "month", "absolute"),
      ("وأبريل 2023", "2023-04-01", "month", "absolute"),
      ("ويونيه 2022", "2022-06-01", "month", "absolute")]),
    ("ar", "تأسست الحركة عام 2016 في المنفى",
     [("عام 2016", "2016-01-01", "year", "absolute")]),
    ("ar", "وتسيطر الجماعة على البلدة منذ 2014",
     [("2014", "2014-01-01", "year", "absolute")]),
    # no year: the most recent such day on or before publication ...
    ("ar", "زار الوفد المدينة في 3 يناير لتفقد الأضرار",
     [("3 يناير", "2026-01-03", "day", "absolute")]),
    ("ar", "وكانت الهدنة قد انهارت في 20 ديسمبر",
     [("20 ديسمبر", "2025-12-20", "day", "absolute")]),
    # ... unless that is more than ~11 months back: then the coming weeks
    ("ar", "وتعقد القمة في 10 فبراير بحضور القادة",
     [("10 فبراير", "2026-02-10", "day", "absolute")]),
    ("ar", "منذ 10 يناير الماضي وحتى ديسمبر الماضي",
     [("10 يناير الماضي", "2026-01-10", "day", "absolute"),
      ("ديسمبر الماضي", "2025-12-01", "month", "absolute")]),
    ("ar", "وتنتهي المهلة في مارس المقبل",
     [("مارس المقبل", "2026-03-01", "month", "absolute")]),
    # --- Arabic relative days, weekdays, periods
    ("ar", "قال الوزير أمس إن المفاوضات مستمرة",
     [("أمس", "2026-01-16", "day", "relative")]),
    ("ar", "وصل الوفد بالأمس ووصلت البعثة البارحة",
     [("بالأمس", "2026-01-16", "day", "relative"),
      ("البارحة", "2026-01-16", "day", "relative")]),
    ("ar", "وقع الهجوم أول أمس وتجدد أول من أمس",
     [("أول أمس", "2026-01-15", "day", "relative"),
      ("أول من أمس", "2026-01-15", "day", "relative")]),
    ("ar", "وأعلن الجيش يوم أمس السيطرة على التلة",
     [("يوم أمس", "2026-01-16", "day", "relative")]),
    ("ar", "يزور الرئيس الجزائر اليوم ويعود غداً",
     [("اليوم", "2026-01-17", "day", "relative"),
      ("غداً", "2026-01-18", "day", "relative")]),
    ("ar", "وأكد المتحدث اليوم السبت أن القوات انسحبت",
     [("اليوم السبت", "2026-01-17", "day", "weekday")]),
    ("ar", "وقال المصدر أمس الجمعة إن الاشتباكات توقفت",
     [("أمس الجمعة", "2026-01-16", "day", "weekday")]),
    # publication a day late: the weekday decides
    ("ar", "وكانت اللجنة قد اجتمعت أمس الخميس",
     [("أمس الخميس", "2026-01-15", "day", "weekday")]),
    ("ar", "وكان الرئيس قد التقى يوم الخميس نظيره",
     [("يوم الخميس", "2026-01-15", "day", "weekday")]),
    ("ar", "والتقى الوفدان الخميس في القاهرة",
     [("الخميس", "2026-01-15", "day", "weekday")]),
    ("ar", "وتظاهر المئات السبت في الساحة",
     [("السبت", "2026-01-17", "day", "weekday")]),
    ("ar", "وكان الاجتماع الخميس الماضي والسبت الماضي",
     [("الخميس الماضي", "2026-01-15", "day", "weekday"),
      ("والسبت الماضي", "2026-01-10", "day", "weekday")]),
    ("ar", "وصل الوفد الإثنين ويعود الاثنين المقبل",
     [("الإثنين", "2026-01-12", "day", "weekday"),
      ("الاثنين المقبل", "2026-01-19", "day", "weekday")]),
    ("ar", "وشهدت الجمعة الماضية احتجاجات",
     [("الجمعة الماضية", "2026-01-16", "day", "weekday")]),
    ("ar", "وتراجعت الأسعار الأسبوع الماضي والشهر الماضي والعام الماضي",
     [("الأسبوع الماضي", "2026-01-05", "week", "relative"),
      ("والشهر الماضي", "2025-12-01", "month", "relative"),
      ("والعام الماضي", "2025-01-01", "year", "relative")]),
    ("ar", "ويستأنف الحوار الشهر المقبل",
     [("الشهر المقبل", "2026-02-01", "month", "relative")]),
    # ta marbuta written as ha, alef maqsura as ya, hamza dropped
    ("ar", "وتجمع المحتجون الجمعه الماضيه وسيعودون الاسبوع المقبل",
     [("الجمعه الماضيه", "2026-01-16", "day", "weekday"),
      ("الاسبوع المقبل", "2026-01-19", "week", "relative")]),
    ("ar", "وحتى تشرين الأول 2025 وفي 2 كانون الاول 2025 والليلة الماضية",
     [("تشرين الأول 2025", "2025-10-01", "month", "absolute"),
      ("2 كانون الاول 2025", "2025-12-02", "day", "absolute"),
      ("والليلة الماضية", "2026-01-16", "day", "relative")]),
    # time of day does not move the day
    ("ar", "قصفت الطائرات مساء أمس وفجر اليوم مواقع المسلحين",
     [("أمس", "2026-01-16", "day", "relative"),
      ("اليوم", "2026-01-17", "day", "relative")]),
    ("ar", "وتوجه الوفد صباح يوم الخميس إلى الحدود",
     [("يوم الخميس", "2026-01-15", "day", "weekday")]),
    # diacritics, tatweel, bidi marks stay in the span but do not block matching
    ("ar", "وصل أمسِ وفداً إلى يـنـايـر 2026 والإثنينِ",
     [("أمسِ", "2026-01-16", "day", "relative"),
      ("يـنـايـر 2026", "2026-01-01", "month", "absolute"),
      ("والإثنينِ", "2026-01-12", "day", "weekday")]),
    ("ar", "في \u200f17 يناير 2026\u200f وقع الحادث",
     [("17 يناير 2026", "2026-01-17", "day", "absolute")]),
    # --- Arabic: not dates
    ("ar", "قال موقع عربي 21 إن 2026 شخصا فروا من القرية", []),
    ("ar", "ونقلت العربية 21 عن مصدر أن القرار 2254 لم يطبق", []),
    ("ar", "وقتل اثنين من الجنود وأحد المارة", []),
    ("ar", "فاز الفريق بفضل الأحد عشر لاعبا", []),
    ("ar", "مارس الضغط على الحكومة في الملف", []),
    ("ar", "وصل في 31 فبراير 2026 وفي 17/13/2026", []),
    ("ar", "وفي 17 يناير 1850 بدأت الحملة", []),
    ("ar", "تحديث 2021-07 الساعة 12:25", []),
    ("ar", "الأربعاء 1 رمضان 1447 هـ", [("الأربعاء", "2026-01-14", "day", "weekday")]),
    ("ar", "وانتخب الأمين العام المقبل بالإجماع", []),
    ("ar", "ووصل في اليوم التالي وغادر في ذلك اليوم نفسه", []),
    ("ar", "يتناول ثلاث وجبات في اليوم", []),
    ("ar", "احتفلت البلاد باليوم الوطني واليوم العالمي للمرأة", []),
    ("ar", "وقالت صحيفة المصري اليوم إن ناشري «روسيا اليوم» والعرب اليوم", []),
    ("ar", "والبلاد في أمس الحاجة إلى المساعدات", []),
    ("ar", "وأعلنت النتائج قبل يومين من الانتخابات", []),
    ("ar", "وقالت إن الدولار لامس مستوى قياسيا", []),
    # --- English absolute dates
    ("en", "The ceasefire took effect on January 17, 2026, officials said.",
     [("January 17, 2026", "2026-01-17", "day", "absolute")]),
    ("en", "Talks opened in Geneva on 17 January 2026 and on the 14th of January 2026.",
     [("17 January 2026", "2026-01-17", "day", "absolute"),
      ("14th of January 2026", "2026-01-14", "day", "absolute")]),
    ("en", "The envoy arrived on Jan. 17 and left on Aug 25 last year.",
     [("Jan. 17", "2026-01-17", "day", "absolute"),
      ("Aug 25", "2025-08-25", "day", "absolute"),
      ("last year", "2025-01-01", "year", "relative")]),
    ("en", "Troops withdrew on Sept 3 and returned on Dec 30.",
     [("Sept 3", "2025-09-03", "day", "absolute"),
      ("Dec 30", "2025-12-30", "day", "absolute")]),
    ("en", "Saturday, 17 January 2026 | SATURDAY, 17 JANUARY 2026",
     [("Saturday, 17 January 2026", "2026-01-17", "day", "absolute"),
      ("SATURDAY, 17 JANUARY 2026", "2026-01-17", "day", "absolute")]),
    ("en", "The decree of 17/01/2026 replaced the one of 2025-12-01.",
     [("17/01/2026", "2026-01-17", "day", "absolute"),
      ("2025-12-01", "2025-12-01", "day", "absolute")]),
    ("en", "Inflation peaked in January 2026 after a slump in March, 2025.",
     [("January 2026", "2026-01-01", "month", "absolute"),
      ("March, 2025", "2025-03-01", "month", "absolute")]),
    ("en", "The group was founded in 2016 and has fought since 2014.",
     [("2016", "2016-01-01", "year", "absolute"),
      ("2014", "2014-01-01", "year", "absolute")]),
    ("en", "Exports fell last January.",
     [("last January", "2025-01-01", "month", "absolute")]),
    # --- English relative days, weekdays, periods
    ("en", "Yesterday the army said it had shelled the town today and tonight.",
     [("Yesterday", "2026-01-16", "day", "relative"),
      ("today", "2026-01-17", "day", "relative"),
      ("tonight", "2026-01-17", "day", "relative")]),
    ("en", "Clashes broke out last night and the day before yesterday.",
     [("last night", "2026-01-16", "day", "relative"),
      ("day before yesterday", "2026-01-15", "day", "relative")]),
    ("en", "The minister met his counterpart on Tuesday.",
     [("Tuesday", "2026-01-13", "day", "weekday")]),
    ("en", "Protesters gathered on Saturday.",
     [("Saturday", "2026-01-17", "day", "weekday")]),
    ("en", "Talks held last Thursday and last Saturday will resume next Monday.",
     [("last Thursday", "2026-01-15", "day", "weekday"),
      ("last Saturday", "2026-01-10", "day", "weekday"),
      ("next Monday", "2026-01-19", "day", "weekday")]),
    ("en", "Gunmen attacked overnight Friday; a second raid came Tuesday night.",
     [("Friday", "2026-01-16", "day", "weekday"),
      ("Tuesday", "2026-01-13", "day", "weekday")]),
    ("en", "Prices rose last week, last month and earlier this week.",
     [("last week", "2026-01-05", "week", "relative"),
      ("last month", "2025-12-01", "month", "relative"),
      ("this week", "2026-01-12", "week", "relative")]),
    ("en", "The vote is due tomorrow or the day after tomorrow.",
     [("tomorrow", "2026-01-18", "day", "relative"),
      ("day after tomorrow", "2026-01-19", "day", "relative")]),
    ("en", "He spoke yesterday, Friday, in Tunis.",
     [("yesterday, Friday", "2026-01-16", "day", "weekday")]),
    # --- English: not dates
    ("en", "Some 2026 people fled, the UN said under Resolution 2254.", []),
    ("en", "Protesters may march 17 km to the capital.", []),
    ("en", "USA Today and Egypt Today reported the story.", []),
    ("en", "In the 2016 election turnout was low.", []),
    ("en", "The bus left at 17:30 and the bill was 1/17/2026.", []),
    ("en", "Nobody was born on 31 February 2026.", []),
]


@pytest.mark.parametrize(("lang", "text", "expected"), CASES,
                         ids=[f"{i:02d}-{c[0]}" for i, c in enumerate(CASES)])
def test_find_dates_table(cues: DateCues, lang: str, text: str, expected: Expected) -> None:
    got = find_dates(text, lang, PUB, cues)
    for m in got:
        assert text[m.start:m.end] == m.text
    assert [(m.text, m.date.isoformat() if m.date else None, m.precision, m.kind)
            for m in got] == expected


@pytest.mark.parametrize(("text", "relation"), [
    ("fighting since 2014", "since"),
    ("منذ عام 2014", "since"),
    ("ومنذ 2014", "since"),
    ("a plan to cut emissions by 2030", "until"),
    ("حتى عام 2030", "until"),
    ("وحتى تشرين الأول 2025", "until"),
    ("the group was founded in 2016", "at"),
    ("تأسست الحركة عام 2016", "at"),
])
def test_relation(cues: DateCues, text: str, relation: str) -> None:
    lang = "en" if text.isascii() else "ar"
    (m,) = find_dates(text, lang, PUB, cues)
    assert m.relation == relation


def test_no_published_leaves_relative_unresolved(cues: DateCues) -> None:
    got = find_dates("قال المتحدث أمس الخميس إن الوفد غادر اليوم", "ar", None, cues)
    assert [(m.text, m.date, m.kind) for m in got] == [
        ("أمس الخميس", None, "weekday"), ("اليوم", None, "relative")]
    got = find_dates("He said on Tuesday that last week was calm.", "en", None, cues)
    assert [(m.text, m.date, m.precision) for m in got] == [
        ("Tuesday", None, "day"), ("last week", None, "week")]


def test_no_published_drops_day_without_year(cues: DateCues) -> None:
    text = "ALGIERS, Aug 25: talks were held on 17 January 2026 and on 3 يناير."
    got = find_dates(text, "und", None, cues)
    assert [(m.text, m.date) for m in got] == [("17 January 2026", date(2026, 1, 17))]


def test_weekday_same_as_published_is_that_day(cues: DateCues) -> None:
    for pub in (date(2026, 1, 17) + timedelta(days=i) for i in range(7)):
        wd = pub.strftime("%A")
        (m,) = find_dates(f"It happened on {wd}.", "en", pub, cues)
        assert m.date == pub
        (m,) = find_dates(f"It happened last {wd}.", "en", pub, cues)
        assert m.date == pub - timedelta(days=7)
        (m,) = find_dates(f"It will happen next {wd}.", "en", pub, cues)
        assert m.date == pub + timedelta(days=7)


def test_start_end_window(cues: DateCues) -> None:
    text = "قال أمس إن الوفد وصل. وفي 17 يناير 2026 عاد الوفد اليوم."
    s = text.index("وفي")
    e = text.index("عاد")
    got = find_dates(text, "ar", PUB, cues, start=s, end=e)
    assert [(m.text, m.start) for m in got] == [("17 يناير 2026", text.index("17"))]
    for m in got:
        assert text[m.start:m.end] == m.text
    with pytest.raises(ValueError):
        find_dates(text, "ar", PUB, cues, start=5, end=2)


def test_mentions_are_ordered_and_disjoint(cues: DateCues) -> None:
    for lang, text, _ in CASES:
        got = find_dates(text, lang, PUB, cues)
        for a, b in itertools.pairwise(got):
            assert a.end <= b.start


# --------------------------------------------------------------------------
# event_date
# --------------------------------------------------------------------------


def _m(cues: DateCues, text: str, lang: str = "en",
       published: date | None = PUB) -> list[DateMention]:
    return find_dates(text, lang, published, cues)


def test_event_date_day_in_sentence(cues: DateCues) -> None:
    s = _m(cues, "The militia, active since 2014, shelled the market on Tuesday.")
    assert event_date(s, [], PUB) == EventDate(date(2026, 1, 13), "day", "text")


def test_event_date_year_never_beats_day(cues: DateCues) -> None:
    s = _m(cues, "In 2016 the rebels took the town; on Thursday they lost it.")
    assert event_date(s, [], PUB) == EventDate(date(2026, 1, 15), "day", "text")


def test_event_date_background_year_yields_to_context(cues: DateCues) -> None:
    s = _m(cues, "The militia, formed in 2014, shelled the market.")
    ctx = _m(cues, "Clashes erupted on Friday in the old city.")
    assert event_date(s, ctx, PUB) == EventDate(date(2026, 1, 16), "day", "text")
    # and to the publication date when the context has no day
    assert event_date(s, [], PUB) == EventDate(PUB, "day", "published")


def test_event_date_arabic_since_year_is_background(cues: DateCues) -> None:
    s = _m(cues, "وقصفت الجماعة التي تسيطر على البلدة منذ 2014 السوق", "ar")
    ctx = _m(cues, "اندلعت الاشتباكات أمس في المدينة القديمة", "ar")
    assert event_date(s, ctx, PUB) == EventDate(date(2026, 1, 16), "day", "text")


def test_event_date_recent_period_in_sentence(cues: DateCues) -> None:
    s = _m(cues, "The two sides signed a deal last week.")
    ctx = _m(cues, "Officials spoke on Friday.")
    assert event_date(s, ctx, PUB) == EventDate(date(2026, 1, 5), "week", "text")
    s = _m(cues, "وقع الطرفان اتفاقا الشهر الماضي", "ar")
    assert event_date(s, [], PUB) == EventDate(date(2025, 12, 1), "month", "text")


def test_event_date_period_containing_published_is_skipped(cues: DateCues) -> None:
    s = _m(cues, "Exports have risen this year.")
    assert event_date(s, [], PUB) == EventDate(PUB, "day", "published")
    s = _m(cues, "وارتفعت الصادرات خلال عام 2026", "ar")
    assert event_date(s, [], PUB) == EventDate(PUB, "day", "published")


def test_event_date_since_day_is_used(cues: DateCues) -> None:
    s = _m(cues, "Fighting has raged since Tuesday.")
    assert event_date(s, [], PUB) == EventDate(date(2026, 1, 13), "day", "text")


def test_event_date_fallbacks(cues: DateCues) -> None:
    assert event_date([], [], PUB) == EventDate(PUB, "day", "published")
    assert event_date([], [], None) == EventDate.unknown()
    # unresolved mentions are skipped
    s = _m(cues, "The army said yesterday it had retaken the hill.", published=None)
    assert s and s[0].date is None
    assert event_date(s, [], None) == EventDate.unknown()
    ctx = _m(cues, "The offensive began on 12 January 2026.", published=None)
    assert event_date(s, ctx, None) == EventDate(date(2026, 1, 12), "day", "text")
    # without a publication date a year in the sentence is better than nothing
    s = _m(cues, "The rebels seized the town in 2016.", published=None)
    assert event_date(s, [], None) == EventDate(date(2016, 1, 1), "year", "text")


def test_event_date_first_day_in_sentence_wins(cues: DateCues) -> None:
    s = _m(cues, "وانطلقت المناورات اليوم الأحد 6 مارس/آذار 2016 وتستمر حتى الخميس",
           "ar", published=None)
    assert event_date(s, [], None) == EventDate(date(2016, 3, 6), "day", "text")


# --------------------------------------------------------------------------
# parse_published
# --------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [
    ("2026-01-17", date(2026, 1, 17)),
    (" 2026-01-17 ", date(2026, 1, 17)),
    ("2026-01-17T12:25:00Z", date(2026, 1, 17)),
    ("2026-01-17T23:30:00-05:00", date(2026, 1, 17)),
    ("2026-01-17T00:30+03:00", date(2026, 1, 17)),
    ("2026-01-17 12:25", date(2026, 1, 17)),
    ("2026-01-17T12:25:00.123456+0100", date(2026, 1, 17)),
    (date(2026, 1, 17), date(2026, 1, 17)),
    (datetime(2026, 1, 17, 23, 59, tzinfo=UTC), date(2026, 1, 17)),
    ("17/01/2026", None),
    ("17 January 2026", None),
    ("20260117", None),
    ("2026-02-30", None),
    ("2026-01-17T25:00", None),
    ("1850-01-01", None),
    ("", None),
    (20260117, None),
    (True, None),
    (None, None),
    (["2026-01-17"], None),
])
def test_parse_published(value: object, expected: date | None) -> None:
    assert parse_published(value) == expected


# --------------------------------------------------------------------------
# find_published
# --------------------------------------------------------------------------

BODY_AR = ("وقال المتحدث باسم الوزارة في مؤتمر صحفي إن الاجتماع تناول سبل تعزيز التعاون "
           "الأمني بين البلدين ومواجهة شبكات التهريب على الحدود المشتركة بينهما.\n")
BODY_EN = ("The foreign ministers of the two countries met in the capital to discuss border "
           "security, trade and the return of refugees, officials said in a statement.\n")


@pytest.mark.parametrize(("head", "url", "expected"), [
    # a publication cue beats the masthead clock
    ("موقع الخبر\nالأربعاء 21 يناير 2026\nالرئيسية\nسياسة\nاقتصاد\n"
     "وزراء الداخلية يبحثون أمن الحدود في اجتماع طارئ\nنشر في 19 يناير 2026\n" + BODY_AR,
     None, (date(2026, 1, 19), "page")),
    # date and time lines next to the title
    ("شعار الموقع\n\n2026-01-15\n\n09:40 مساءً\n\nعاجل\n\n2026-01-15 09:40 مساءً\n\n"
     "وزراء الداخلية يبحثون أمن الحدود\n\n" + BODY_AR,
     None, (date(2026, 1, 15), "page")),
    # a masthead clock with a Hijri date is not the publication date: URL instead
    ("الخميس 22 يناير 2026 - 3 شعبان 1447 هـ\nالرئيسية\nمحليات\nدولي\n"
     "وزراء الداخلية يبحثون أمن الحدود\n" + BODY_AR,
     "https://news.example/politics/2026/01/20/interior-ministers", (date(2026, 1, 20), "url")),
    # a weekday clock on the first line followed by menu lines, and nothing else
    ("الخميس 22 يناير 2026\nالرئيسية\nمحليات\nدولي\nرياضة\n"
     "وزراء الداخلية يبحثون أمن الحدود\n" + BODY_AR, None, None),
    # ... but a weekday date under the title is the story's
    ("Ministers meet on border security in the capital\nSaturday, 17 January 2026\n" + BODY_EN,
     None, (date(2026, 1, 17), "page")),
    ("Ministers meet on border security\nPublished: 17 January 2026\n" + BODY_EN,
     None, (date(2026, 1, 17), "page")),
    ("Ministers meet\nLast updated: 3 March 2025 14:02 GMT\n" + BODY_EN,
     None, (date(2025, 3, 3), "page")),
    (" date 2021-08-26 " + BODY_EN, None, (date(2021, 8, 26), "page")),
    ("تاريخ النشر: ١٥/٠١/٢٠٢٦\n" + BODY_AR, None, (date(2026, 1, 15), "page")),
    ("CAIRO, Jan. 12, 2026 (Xinhua) -- " + BODY_EN, None, (date(2026, 1, 12), "page")),
    # a dateline without a year gives nothing, not even with the URL's month
    ("CAIRO, Jan 12: " + BODY_EN, "https://news.example/world/2026/01/cairo-talks", None),
    (BODY_EN, "https://www.example.com/world/2023/12/23/strikes-in-the-north/",
     (date(2023, 12, 23), "url")),
    (BODY_EN, "https://example.com/politics/2024-05-27-talks-resume", (date(2024, 5, 27), "url")),
    (BODY_EN, "https://example.com/news/20240527/", (date(2024, 5, 27), "url")),
    (BODY_EN, "https://example.com/news/Sanctions-Imposed-20230731-0001.html",
     (date(2023, 7, 31), "url")),
    (BODY_EN, "https://example.com/news/2017/02/459269.html", None),
    (BODY_EN, "https://example.com/a/20200713111211146584.html", None),
    (BODY_EN, "https://example.com/news/2024/02/30/bad-date", None),
    (BODY_EN, None, None),
    # a date inside running text is not the publication date
    ("This photo shows the embassy on May 29, 2012 in the capital\n" + BODY_EN, None, None),
])
def test_find_published(cues: DateCues, head: str, url: str | None,
                        expected: tuple[date, str] | None) -> None:
    assert find_published(head, url, cues) == expected


def test_find_published_only_looks_at_the_head(cues: DateCues) -> None:
    text = BODY_EN * 10 + "Published: 17 January 2026\n"
    assert find_published(text, None, cues) is None


# --------------------------------------------------------------------------
# The cue table
# --------------------------------------------------------------------------


def _tsv_rows() -> list[dict[str, str]]:
    text = resources.files("events").joinpath("data/date_cues.tsv").read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_tsv_format() -> None:
    raw = resources.files("events").joinpath("data/date_cues.tsv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw
    rows = _tsv_rows()
    assert rows and list(rows[0]) == ["lang", "form", "kind", "value"]
    for row in rows:
        assert None not in row and all(v is not None for v in row.values()), row
        form = row["form"]
        assert form == unicodedata.normalize("NFC", form) == " ".join(form.split())
        assert not any("\u064b" <= ch <= "\u065f" or ch == "\u0640" for ch in form)


def test_cue_table_content(cues: DateCues) -> None:
    by_value: dict[tuple[str, int], int] = {}
    for (lang, _), v in cues.months.items():
        by_value[(lang, v)] = by_value.get((lang, v), 0) + 1
    # every month in both languages, Arabic in at least the MSA and Levantine forms
    assert all(by_value.get(("ar", m), 0) >= 2 for m in range(1, 13))
    assert all(by_value.get(("en", m), 0) >= 2 for m in range(1, 13) if m != 5)
    assert sorted(v for (lang, _), v in cues.weekdays.items() if lang == "ar") == list(range(7))
    assert sorted(v for (lang, _), v in cues.weekdays.items() if lang == "en") == list(range(7))
    assert cues.relative[("ar", "امس")] == -1
    assert cues.relative[("en", "yesterday")] == -1
    assert cues.relative[("ar", "اليوم")] == 0


@pytest.mark.parametrize("rows", [
    [{"lang": "fr", "form": "janvier", "kind": "month", "value": "1"}],
    [{"lang": "en", "form": "Jan", "kind": "season", "value": "1"}],
    [{"lang": "en", "form": "Jan", "kind": "month", "value": "13"}],
    [{"lang": "en", "form": "Monday", "kind": "weekday", "value": "x"}],
    [{"lang": "ar", "form": "أمسِ", "kind": "relative", "value": "-1"}],
    [{"lang": "ar", "form": "كانون  الثاني", "kind": "month", "value": "1"}],
    [{"lang": "ar", "form": "أبريل", "kind": "month", "value": "4"},
     {"lang": "ar", "form": "إبريل", "kind": "month", "value": "4"}],
    [{"lang": "en", "form": "May", "kind": "month", "value": "5"},
     {"lang": "en", "form": "may", "kind": "month", "value": "5"}],
    [{"lang": "en", "form": "Jan", "kind": "month"}],
])
def test_bad_rows_raise(rows: list[dict[str, str]]) -> None:
    with pytest.raises(DictionaryError):
        DateCues.from_rows(rows)


def test_from_rows_is_what_load_reads(cues: DateCues) -> None:
    assert DateCues.from_rows(_tsv_rows()) == cues


def test_week_precision_is_declared() -> None:
    assert "week" in DATE_PRECISIONS


def test_module_never_reads_the_clock() -> None:
    src = inspect.getsource(dates_module)
    for needle in ("today(", "now(", "utcnow(", "time.time(", "localtime(", "gmtime("):
        assert needle not in src


# --------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------

_ALPHABET = (
    "ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإآةىؤئ"  # Arabic letters
    "\u064b\u064e\u0650\u0651\u0652\u0640"  # diacritics and tatweel
    "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳"  # digits
    "abcdeJMTSinoyrtauh"  # Latin
    " \n\t/-.,:()«»\"'،"  # separators
    "\u200e\u200f\u202b\u202c\u2066\u2069\u00a0"  # bidi marks, no-break space
)
_TOKENS = [
    "يناير", "كانون الثاني", "آذار", "مارس/آذار", "أمس", "اليوم", "الخميس", "يوم",
    "الماضي", "المقبل", "عام", "منذ", "الأسبوع", "January", "Jan.", "Aug", "Tuesday",
    "last", "next", "week", "yesterday", "today", "in", "since", "17", "31", "2026",
    "1850", "2101", "17/1/2026", "2026-01-17", "١٧", "٢٠٢٦", ",", "(", ")", "/", "-",
]
_texts = st.one_of(
    st.text(alphabet=_ALPHABET, max_size=200),
    st.lists(st.sampled_from(_TOKENS), max_size=30).map(" ".join),
    st.lists(st.one_of(st.sampled_from(_TOKENS), st.text(alphabet=_ALPHABET, max_size=4)),
             max_size=30).map("".join),
)
_published = st.one_of(st.none(), st.dates(min_value=date(1901, 3, 1),
                                            max_value=date(2099, 10, 31)))


@settings(max_examples=200, deadline=None)
@given(text=_texts, lang=st.sampled_from(["ar", "en", "und"]), published=_published)
def test_find_dates_properties(cues: DateCues, text: str, lang: str,
                               published: date | None) -> None:
    got = find_dates(text, lang, published, cues)
    prev_end = 0
    for m in got:
        assert 0 <= prev_end <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.text
        prev_end = m.end
        assert m.precision in ("day", "week", "month", "year")
        if m.kind != "absolute" and published is None:
            assert m.date is None
        if m.date is not None:
            assert date(1899, 1, 1) <= m.date <= date(2101, 12, 31)
    event_date(got, got, published)
    find_published(text, text, cues)
