"""`events.load()` and `events.codebook()`: one-line loading with documented dtypes."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow
import pyarrow.compute as pc
import pytest
from release_factory import event_row, make_release, random_events, reject_row, rejected_article

import events
from events.api import categories, load_dtypes, to_pandas
from events.errors import ReleaseError, UsageError
from events.schemas import TABLES, arrow_schema, iso3_codes
from events.taxonomy import QUAD_CLASSES, TOPICS, cameo_codes

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def release(tmp_path: Path) -> Path:
    rows = [
        event_row(0, code="042", date=dt.date(2025, 3, 3), topics=["economy"]),
        event_row(1, code="190", date=dt.date(2025, 4, 7), a1=("the army", "LBY", "MIL"),
                  a2=("rebels", "LBY", "REB"), location=("Sirte", "LBY")),
        event_row(2, code="0211", date=None),  # goldstein 3.4: not exact in float32
        event_row(3, code="173", date=dt.date(2024, 12, 30), precision="month", a2=None),
    ]
    return make_release(tmp_path, rows,
                        rejects=[reject_row(0, "invalid-json")],
                        articles=[*[{"article_id": f"art-{i}", "origin": "t.jsonl", "line": i + 1,
                                     "status": "coded", "language": "en", "published": None,
                                     "published_from": None, "events": 1,
                                     "content_sha256": "0" * 64, "warnings": ["w"] if i else []}
                                    for i in range(4)], rejected_article(9)])


def test_load_latest_gives_every_event_with_the_documented_dtypes(release: Path) -> None:
    df = events.load(root=release.parents[1])
    assert df.shape == (4, len(arrow_schema(TABLES["events"])))
    assert list(df.columns) == arrow_schema(TABLES["events"]).names
    for col in ("event_code", "event_root_code", "language", "actor1_type", "actor1_country",
                "location_country", "date_precision", "date_source"):
        assert isinstance(df[col].dtype, pd.CategoricalDtype), col
    assert str(df["event_date"].dtype) == "datetime64[ns]"
    assert str(df["published"].dtype) == "datetime64[ns]"
    assert df["quad_class"].dtype == "int8"
    assert df["goldstein"].dtype == "float64"
    by_code = dict(zip(df["event_code"].astype(str), df["goldstein"], strict=True))
    assert by_code["0211"] == 3.4  # the value as written, not float32's 3.4000000953674316
    assert by_code["190"] == -10.0
    assert all(isinstance(t, list) for t in df["topics"])
    assert ["economy"] in df["topics"].tolist()
    assert df.explode("topics")["topics"].dropna().tolist() == ["economy"]


def test_undated_events_are_nat_and_dates_compare_with_strings(release: Path) -> None:
    df = events.load(root=release.parents[1])
    assert df["event_date"].isna().sum() == 1
    assert (df["event_date"] >= "2025-01-01").sum() == 2
    assert df["event_date"].dt.year.dropna().astype(int).tolist() == [2024, 2025, 2025]


def test_code_categories_are_the_full_vocabulary_in_every_release(tmp_path: Path) -> None:
    a = events.load(root=make_release(tmp_path / "a", [event_row(0, code="042")]).parents[1])
    b = events.load(root=make_release(tmp_path / "b", random_events(40)).parents[1])
    event_codes = sorted(c for c in cameo_codes() if len(c) >= 3)
    for col in categories("events"):
        assert list(a[col].cat.categories) == list(b[col].cat.categories), col
    assert list(a["event_code"].cat.categories) == event_codes
    assert list(a["event_root_code"].cat.categories) == [f"{r:02d}" for r in range(1, 21)]
    assert list(a["actor1_country"].cat.categories) == list(iso3_codes())
    # zero counts show: every root is listed even in a one-event release
    assert len(a["event_root_code"].value_counts()) == 20


def test_a_value_outside_the_vocabulary_is_kept_not_lost() -> None:
    schema = arrow_schema(TABLES["rejects"])
    tbl = pyarrow.table({"origin": ["f"], "line": [1], "byte_offset": [0], "article_id": [None],
                         "reason": ["brand-new-reason"], "message": ["m"]}, schema=schema)
    df = to_pandas(tbl, "rejects")
    assert df["reason"].tolist() == ["brand-new-reason"]
    assert "brand-new-reason" in df["reason"].cat.categories


def test_columns_and_filters_pass_through(release: Path) -> None:
    root = release.parents[1]
    df = events.load(root=root, columns=["event_code", "event_date"],
                     filters=[("event_root_code", "=", "19")])
    assert list(df.columns) == ["event_code", "event_date"]
    assert df["event_code"].astype(str).tolist() == ["190"]
    assert isinstance(df["event_code"].dtype, pd.CategoricalDtype)
    # dates as ISO strings, datetime.date or Timestamp
    for since in ("2025-01-01", dt.date(2025, 1, 1), pd.Timestamp("2025-01-01")):
        got = events.load(root=root, filters=[("event_date", ">=", since)])
        assert len(got) == 2
    # OR of ANDs, and `in`
    got = events.load(root=root, filters=[[("event_code", "=", "042")],
                                          [("event_code", "in", ["173", "190"])]])
    assert sorted(got["event_code"].astype(str)) == ["042", "173", "190"]
    got = events.load(root=root, filters=pc.field("quad_class") == 4)  # roots 14-20
    assert sorted(got["event_code"].astype(str)) == ["173", "190"]


def test_bad_columns_and_filters_are_usage_errors(release: Path) -> None:
    root = release.parents[1]
    with pytest.raises(UsageError, match="no column 'nope'"):
        events.load(root=root, columns=["nope"])
    with pytest.raises(UsageError, match="unknown column"):
        events.load(root=root, filters=[("nope", "=", 1)])
    with pytest.raises(UsageError, match="not an ISO date"):
        events.load(root=root, filters=[("event_date", ">", "last week")])
    with pytest.raises(UsageError, match="no table"):
        events.load(root=root, table="people")


def test_an_empty_release_loads_with_the_same_columns_and_dtypes(tmp_path: Path,
                                                                release: Path) -> None:
    empty = events.load(root=make_release(tmp_path / "empty", []).parents[1])
    full = events.load(root=release.parents[1])
    assert empty.empty
    assert list(empty.columns) == list(full.columns)
    assert empty.dtypes.astype(str).tolist() == full.dtypes.astype(str).tolist()
    assert list(empty["event_code"].cat.categories) == list(full["event_code"].cat.categories)


def test_other_tables_load_too(release: Path) -> None:
    root = release.parents[1]
    rej = events.load(root=root, table="rejects")
    assert rej["reason"].astype(str).tolist() == ["invalid-json"]
    assert str(rej["line"].dtype) == "Int64"
    arts = events.load(root=root, table="articles")
    assert isinstance(arts["status"].dtype, pd.CategoricalDtype)
    assert arts["line"].dtype == "Int64" and arts["line"].isna().sum() == 0
    assert arts["warnings"].tolist()[:2] == [[], ["w"]]
    assert events.load(root=root, table="changes").empty


def test_labels_are_readable(release: Path) -> None:
    df = events.load(root=release.parents[1], labels=True)
    row = df[df["event_code"] == "190"].iloc[0]
    assert row["event_label"] == cameo_codes()["190"].label
    assert row["event_root_label"] == "Fight"
    assert row["quad_class_label"] == QUAD_CLASSES[4].split(" (")[0]
    cols = list(df.columns)
    assert cols.index("event_label") == cols.index("event_code") + 1
    with pytest.raises(UsageError):
        events.load(root=release.parents[1], table="rejects", labels=True)


def test_release_by_version_by_folder_and_errors(release: Path, tmp_path: Path) -> None:
    root = release.parents[1]
    assert len(events.load("2025.07.0", root=root)) == 4
    assert len(events.load(release)) == 4
    with pytest.raises(ReleaseError, match=r"no release 1999\.01\.0"):
        events.load("1999.01.0", root=root)
    with pytest.raises(ReleaseError, match="run `events build` first"):
        events.load(root=tmp_path / "nothing-here")


def test_an_output_root_loads_its_current_release(release: Path, tmp_path: Path) -> None:
    # `events.load("output")` is what a researcher types first: the root, not a release
    root = release.parents[1]
    assert len(events.load(root)) == len(events.load(str(root))) == 4
    stray = tmp_path / "not-a-release"
    stray.mkdir()
    with pytest.raises(ReleaseError, match="not a release folder"):
        events.load(stray)


def test_import_events_stays_cheap() -> None:
    code = ("import sys, events; heavy = [m for m in ('pandas', 'pyarrow', 'pandera') "
            "if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True).stdout.strip()
    assert out == "[]"


def test_codebook_lists_every_column_with_the_dtype_load_gives(release: Path) -> None:
    cb = events.codebook()
    assert list(cb.columns) == ["table", "column", "arrow_type", "load_dtype", "pandas_dtype",
                                "nullable", "allowed", "description"]
    for table, model in TABLES.items():
        schema = model.to_schema()
        rows = cb[cb["table"] == table]
        assert rows["column"].tolist() == list(schema.columns)
        for r in rows.itertuples():
            assert r.description == schema.columns[r.column].description
            assert r.nullable == bool(schema.columns[r.column].nullable)
    loaded = events.load(root=release.parents[1])
    for r in cb[cb["table"] == "events"].itertuples():
        dtype = loaded[r.column].dtype
        if isinstance(dtype, pd.CategoricalDtype):
            assert r.load_dtype == f"category ({len(dtype.categories)} codes)"
        elif r.column == "topics":
            assert r.load_dtype == "object (list of str)"
        else:
            assert r.load_dtype == str(dtype), r.column
    assert load_dtypes("events")["event_date"] == "datetime64[ns]"
    assert len(events.codebook(table="rejects")) == len(TABLES["rejects"].to_schema().columns)


def test_codebook_codes_come_from_the_vocabularies() -> None:
    codes = events.codebook("codes")
    cameo = codes[codes["vocabulary"] == "cameo_event"]
    assert len(cameo) == sum(1 for c in cameo_codes() if len(c) > 2)
    row = cameo[cameo["code"] == "042"].iloc[0]
    c = cameo_codes()["042"]
    assert (row["label"], row["root"], row["quad_class"], row["goldstein"]) == \
        (c.label, "04", 1, c.goldstein)
    roots = events.codebook("cameo_root")
    assert roots["code"].tolist() == [f"{r:02d}" for r in range(1, 21)]
    assert events.codebook("quad_class")["label"].tolist() == list(QUAD_CLASSES.values())
    assert events.codebook("topic")["code"].tolist() == list(TOPICS)
    countries = events.codebook("country").set_index("code")["label"]
    assert countries["LBY"] == "Libya" and countries["XKX"] == "Kosovo"
    assert countries["PSE"] == "Palestine"
    with pytest.raises(UsageError, match="unknown codebook kind"):
        events.codebook("colours")


def test_events_codebook_is_still_the_codebook_module() -> None:
    import events.codebook as module

    assert events.codebook is module
    assert module.codebook_markdown("x").startswith("# Codebook")
    assert callable(events.codebook) and not events.codebook().empty
