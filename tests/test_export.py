"""`events export`: GDELT, ACLED and CSV layouts that load in pandas under the originals' names."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pandas as pd
import pytest
from release_factory import event_row, make_release, random_events

from events.cli import EXPORT_FORMATS, main
from events.export import (
    ACLED_COLUMNS,
    ACLED_EVENT_TYPES,
    FORMATS,
    GDELT_COLUMNS,
    acled_crosswalk,
    describe,
    export,
)
from events.schemas import TABLES, arrow_schema
from events.taxonomy import cameo_codes

CODES_AS_TEXT = {"EventCode": str, "EventBaseCode": str, "EventRootCode": str}

#: the GDELT 2.0 event file's 61 columns, in order (GDELT Event Codebook V2.0)
GDELT_2 = (
    ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
    + [f"Actor{n}{c}" for n in (1, 2) for c in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
        "Religion2Code", "Type1Code", "Type2Code", "Type3Code")]
    + ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
       "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone"]
    + [f"{g}_{c}" for g in ("Actor1Geo", "Actor2Geo", "ActionGeo") for c in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")]
    + ["DATEADDED", "SOURCEURL"]
)
#: ACLED's export columns since March 2023, in order
ACLED_31 = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type",
            "event_type", "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2",
            "assoc_actor_2", "inter2", "interaction", "civilian_targeting", "iso", "region",
            "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
            "geo_precision", "source", "source_scale", "notes", "fatalities", "tags",
            "timestamp"]


@pytest.fixture()
def release(tmp_path: Path) -> Path:
    rows = [
        event_row(0, code="042", date=dt.date(2025, 3, 3), a1=("Egyptian minister", "EGY", "GOV"),
                  a2=("Libya", "LBY", "GOV"), location=("Tripoli", "LBY")),
        event_row(1, code="0211", date=None, sentence_index=0),
        event_row(2, code="193", date=dt.date(2025, 4, 7), a1=("the army", "LBY", "MIL"),
                  a2=("villagers", None, "CVL"), location=(None, "LBY")),
        event_row(3, code="186", date=dt.date(2025, 4, 8), precision="week",
                  a1=("gunmen", None, "UAF"), a2=("a colonel", "MLI", "MIL"),
                  location=("Gao", "MLI")),
        event_row(4, code="192", date=dt.date(2025, 5, 1), precision="year",
                  a1=("rebels", "SDN", "REB"), a2=None, location=("El Fasher", "SDN")),
        event_row(5, code="192", date=dt.date(2025, 5, 2), a1=("the army", "SDN", "MIL"),
                  a2=None, location=("Bara", "SDN")),
        event_row(6, code="141", date=dt.date(2025, 5, 3), a1=("protesters", "TUN", "CVL"),
                  a2=("the government", "TUN", "GOV"), location=("Tunis", "TUN"),
                  url=None, source="Radio Example", topics=["protest", "economy"],
                  evidence="Protesters\tmarched, saying \"enough\".\nThey dispersed."),
    ]
    return make_release(tmp_path, rows)


def test_crosswalk_maps_every_cameo_code_exactly_once() -> None:
    cw = acled_crosswalk()
    assert set(cw) == set(cameo_codes())
    for code, t in cw.items():
        if t is None:
            continue
        assert t.event_type in ACLED_EVENT_TYPES, code
        for sub in t.sub_event_type.split("|"):
            assert sub in ACLED_EVENT_TYPES[t.event_type], code


def test_crosswalk_labels_match_cameo_tsv() -> None:
    from importlib import resources

    text = resources.files("events").joinpath("data/acled_crosswalk.tsv").read_text("utf-8")
    rows = csv.DictReader((ln for ln in text.splitlines() if ln.strip() and ln[0] != "#"),
                          delimiter="\t", quoting=csv.QUOTE_NONE)
    for row in rows:
        assert row["cameo_label"] == cameo_codes()[row["code"]].label, row["code"]


def test_verbal_and_cooperative_codes_are_not_acled_events() -> None:
    cw = acled_crosswalk()
    kept = {"057"}  # a signed agreement is ACLED's Agreement
    for code in cameo_codes():
        if code[:2] in ("01", "02", "03", "04", "05", "09", "10", "11", "12", "13", "16"):
            assert (cw[code] is None) == (code not in kept), code
    assert cw["173"] is not None and cw["173"].sub_event_type == "Arrests"
    assert cw["1831"] is not None and cw["1831"].sub_event_type == "Suicide bomb"
    assert cw["145"] is not None and cw["145"].event_type == "Riots"
    for root in [f"{r:02d}" for r in range(1, 21)]:  # a root maps like its X0 code
        assert cw[root] == cw[root + "0"], root


def test_gdelt_export_loads_in_pandas_under_gdelt_names(release: Path, tmp_path: Path) -> None:
    r = export(release, "gdelt", tmp_path / "e.tsv")
    assert r.rows == 7
    assert [c.name for c in GDELT_COLUMNS] == GDELT_2
    df = pd.read_csv(tmp_path / "e.tsv", sep="\t", quoting=csv.QUOTE_NONE, dtype=CODES_AS_TEXT)
    assert list(df.columns) == GDELT_2 and len(df) == 7
    row = df[df["EventCode"] == "042"].iloc[0]
    assert (row["SQLDATE"], row["MonthYear"], row["Year"]) == (20250303, 202503, 2025)
    assert row["FractionDate"] == pytest.approx(2025 + (3 * 30 + 3) / 365, abs=1e-4)
    assert (row["Actor1Code"], row["Actor1CountryCode"], row["Actor1Type1Code"]) == \
        ("EGYGOV", "EGY", "GOV")
    assert (row["QuadClass"], row["EventRootCode"], row["EventBaseCode"]) == (1, "04", "042")
    assert row["ActionGeo_CountryCode"] == "LBY"  # ISO-3, not FIPS
    assert row["ActionGeo_FullName"] == "Tripoli, Libya"
    assert (row["NumSources"], row["NumArticles"]) == (1, 1)
    assert int(row["DATEADDED"]) == 20250303000000  # float: the undated row has none
    undated = df[df["EventCode"] == "0211"].iloc[0]
    assert pd.isna(undated["SQLDATE"]) and undated["GoldsteinScale"] == 3.4
    assert undated["IsRootEvent"] == 1 and undated["EventBaseCode"] == "021"
    country_only = df[df["EventCode"] == "193"].iloc[0]
    assert country_only["ActionGeo_Type"] == 1 and country_only["ActionGeo_FullName"] == "Libya"
    assert set(df["GLOBALEVENTID"]) == set(pd.read_parquet(release / "data" / "events")["event_id"])
    assert df.loc[df["EventCode"] == "141", "SOURCEURL"].item() == "Radio Example"
    assert df["AvgTone"].isna().all() and df["Actor1Geo_Lat"].isna().all()


def test_gdelt_raw_layout_has_no_header(release: Path, tmp_path: Path) -> None:
    export(release, "gdelt", tmp_path / "raw.tsv", header=False)
    df = pd.read_csv(tmp_path / "raw.tsv", sep="\t", header=None, names=GDELT_2,
                     quoting=csv.QUOTE_NONE, dtype=CODES_AS_TEXT)
    assert len(df) == 7 and df["EventCode"].str.len().min() == 3


def test_acled_export_loads_in_pandas_under_acled_names(release: Path, tmp_path: Path) -> None:
    r = export(release, "acled", tmp_path / "a.csv")
    assert (r.rows, r.left_out) == (5, 2)  # 042 and 0211 are not ACLED events
    df = pd.read_csv(tmp_path / "a.csv")
    assert list(df.columns)[:31] == ACLED_31
    assert list(df.columns) == [c.name for c in ACLED_COLUMNS]
    assert df["fatalities"].isna().all()  # not coded: empty, never 0
    by = df.set_index(df["cameo_code"].astype(str).str.zfill(3) + "-" + df["actor1"])
    # Battles against civilians are Violence against civilians
    clash = by.loc["193-the army"]
    assert (clash["event_type"], clash["sub_event_type"]) == ("Violence against civilians",
                                                              "Attack")
    assert clash["civilian_targeting"] == "Civilian targeting"
    assert (clash["inter1"], clash["inter2"], clash["interaction"]) == (1, 7, 17)
    assert (clash["iso"], clash["country"]) == (434, "Libya")
    # an attack on an armed target is a battle
    hit = by.loc["186-gunmen"]
    assert (hit["event_type"], hit["sub_event_type"]) == ("Battles", "Armed clash")
    assert (hit["inter1"], hit["inter2"], hit["interaction"], hit["time_precision"]) == \
        (3, 1, 13, 2)
    # occupying territory depends on who does it
    assert by.loc["192-rebels", "sub_event_type"] == "Non-state actor overtakes territory"
    assert by.loc["192-rebels", "interaction"] == 20 and by.loc["192-rebels", "time_precision"] == 3
    assert by.loc["192-the army", "sub_event_type"] == "Government regains territory"
    demo = by.loc["141-protesters"]
    assert (demo["disorder_type"], demo["event_type"], demo["sub_event_type"]) == \
        ("Demonstrations", "Protests", "Peaceful protest")
    assert (demo["inter1"], demo["inter2"], demo["interaction"]) == (6, 1, 16)
    assert demo["notes"].startswith("Protesters")
    assert demo["event_date"] == "2025-05-03" and demo["year"] == 2025


def test_foreign_state_forces_are_external(tmp_path: Path) -> None:
    row = event_row(0, code="195", a1=("French jets", "FRA", "MIL"), a2=("militants", None, "INS"),
                    location=("Menaka", "MLI"))
    export(make_release(tmp_path, [row]), "acled", tmp_path / "a.csv")
    got = pd.read_csv(tmp_path / "a.csv").iloc[0]
    assert (got["event_type"], got["sub_event_type"]) == ("Explosions/Remote violence",
                                                          "Air/drone strike")
    assert (got["inter1"], got["inter2"], got["interaction"]) == (8, 2, 28)


def test_csv_export_is_our_table_flat(release: Path, tmp_path: Path) -> None:
    export(release, "csv", tmp_path / "e.csv")
    df = pd.read_csv(tmp_path / "e.csv", dtype={"event_code": str, "event_root_code": str})
    assert list(df.columns) == arrow_schema(TABLES["events"]).names
    assert "0211" in set(df["event_code"]) and "04" in set(df["event_root_code"])
    assert "economy;protest" in set(df["topics"])
    assert df.loc[df["event_code"] == "0211", "goldstein"].item() == 3.4
    # quotes, tabs and newlines in the evidence survive CSV quoting
    assert "They dispersed." in df.loc[df["event_code"] == "141", "evidence_text"].item()


def test_tabs_and_newlines_never_break_gdelt_rows(tmp_path: Path) -> None:
    row = event_row(0, a1=("Name\twith a tab\nand a newline", "EGY", "GOV"))
    export(make_release(tmp_path, [row]), "gdelt", tmp_path / "e.tsv")
    lines = (tmp_path / "e.tsv").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and lines[1].count("\t") == 60


def test_compressed_and_stdout_outputs(release: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    export(release, "acled", tmp_path / "a.csv.gz")
    assert len(pd.read_csv(tmp_path / "a.csv.gz")) == 5
    assert export(release, "csv", "-").path == "-"
    out = capsys.readouterr().out
    assert len(pd.read_csv(io.StringIO(out))) == 7


def test_every_exported_column_is_documented(release: Path, tmp_path: Path) -> None:
    assert set(EXPORT_FORMATS) == set(FORMATS)
    for fmt in FORMATS:
        path = tmp_path / f"x.{fmt}"
        export(release, fmt, path)
        header = path.read_text(encoding="utf-8").splitlines()[0]
        doc = describe(fmt)
        for name in header.split("\t" if fmt == "gdelt" else ","):
            assert f"| `{name}` |" in doc, (fmt, name)
    assert "FIPS" in describe("gdelt") and "never 0" in describe("acled")


def test_cli_export(release: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                    monkeypatch: pytest.MonkeyPatch) -> None:
    root = str(release.parents[1])
    monkeypatch.chdir(tmp_path)
    assert main(["export", "--out", root, "--format", "gdelt"]) == 0
    assert (tmp_path / "events-2025.07.0.gdelt.tsv").is_file()
    assert main(["export", "2025.07.0", "--out", root, "-f", "acled", "-o", "x.csv"]) == 0
    err = capsys.readouterr().err
    assert "5 events written to x.csv" in err and "2 events are not ACLED" in err
    assert main(["export", "--format", "acled", "--describe"]) == 0
    assert "| `fatalities` |" in capsys.readouterr().out
    assert main(["export", "--out", root, "-f", "csv", "-o", "no/such/dir/x.csv"]) == 2
    assert main(["export", "--out", str(tmp_path / "none"), "-f", "csv"]) == 5


def test_a_big_release_exports_every_row(tmp_path: Path) -> None:
    release = make_release(tmp_path, random_events(300))
    assert export(release, "gdelt", tmp_path / "g.tsv").rows == 300
    acled = export(release, "acled", tmp_path / "a.csv")
    assert acled.rows + acled.left_out == 300 and acled.rows > 50
    df = pd.read_csv(tmp_path / "a.csv")
    assert set(df["event_type"]) <= set(ACLED_EVENT_TYPES)
    assert df["interaction"].dropna().astype(int).map(lambda i: 10 <= i <= 88).all()
