"""report.html: self-contained, in every release, and every plot renders in a real browser.

The browser test opens the report in headless Chromium (Debian's `chromium`;
`.ci/run` installs it when missing; set EVENTS_CHROMIUM to use another
binary). It is never skipped: without a browser it fails and says how to get
one. A probe script, added to a copy of the report (the report itself has no
script), measures every plot after layout and writes the numbers into the
page, which Chromium then dumps: each plot must have an <svg> with a
non-zero size and every bar (`.mark`) drawn with a non-zero size, or, for an
empty release, its "nothing to show" note drawn. A screenshot is taken too
and checked to be a real, non-blank image of the requested size.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path
from typing import Any

import pytest
from release_factory import event_row, make_release, random_events, reject_row, rejected_article

from events.build import BuildOptions, build
from events.info import summarize
from events.lexicon import Lexicon
from events.release import verify
from events.report import render, write_report

ROOT = Path(__file__).resolve().parents[1]
PLOTS = ("plot-timeline", "plot-roots", "plot-pairs", "plot-countries", "plot-status",
         "plot-precision", "plot-rejects")

PROBE = """<script>
(function () {
  const out = {plots: {}, resources: performance.getEntriesByType("resource").map(r => r.name),
               scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth};
  const size = el => { const b = el.getBoundingClientRect(); return [b.width, b.height]; };
  for (const fig of document.querySelectorAll("figure.plot")) {
    const svg = fig.querySelector("svg");
    const marks = svg ? [...svg.querySelectorAll(".mark")] : [];
    const empty = svg ? [...svg.querySelectorAll(".empty")] : [];
    const labels = svg ? [...svg.querySelectorAll("text")] : [];
    const [w, h] = svg ? size(svg) : [0, 0];
    out.plots[fig.id] = {
      svg: !!svg, width: w, height: h, marks: marks.length,
      drawn: marks.filter(m => { const [mw, mh] = size(m); return mw > 0 && mh > 0; }).length,
      empty: empty.filter(t => t.getComputedTextLength() > 0).length,
      labels: labels.filter(t => t.getComputedTextLength() > 0).length,
    };
  }
  const pre = document.createElement("pre");
  pre.id = "probe";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>"""


def chromium() -> str:
    """The headless browser to use; fail (never skip) when there is none."""
    for name in (os.environ.get("EVENTS_CHROMIUM"), "chromium", "chromium-browser",
                 "google-chrome", "google-chrome-stable"):
        if name and (path := shutil.which(name)):
            return path
    pytest.fail("no Chromium found for the report.html browser test: install Debian's "
                "`chromium` (apt-get install chromium fonts-dejavu-core; .ci/run does it) "
                "or set EVENTS_CHROMIUM")


def run_chromium(args: list[str], profile: Path) -> subprocess.CompletedProcess[str]:
    cmd = [chromium(), "--headless", "--no-sandbox", "--disable-gpu",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--no-first-run", "--disable-dev-shm-usage", "--hide-scrollbars",
           "--host-resolver-rules=MAP * ~NOTFOUND",  # nothing may be fetched
           f"--user-data-dir={profile}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)


def probe(report: Path, tmp: Path) -> dict[str, Any]:
    """Open a copy of `report` with the probe script and return what it measured."""
    page = report.read_text(encoding="utf-8")
    copy = tmp / "probed.html"
    copy.write_text(page.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    res = run_chromium(["--window-size=1100,2000", "--dump-dom", copy.as_uri()],
                       tmp / "profile-dom")
    m = re.search(r'<pre id="probe">(.*?)</pre>', res.stdout, re.S)
    assert m, f"the probe did not run (exit {res.returncode}): {res.stderr[-2000:]}"
    data: dict[str, Any] = json.loads(html.unescape(m.group(1)))
    return data


def png_info(path: Path) -> tuple[int, int, int]:
    """Width, height and number of distinct scanline bytes of a PNG (a blank page has few)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    idat, pos = b"", 8
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + length]
        pos += 12 + length
    raw = zlib.decompress(idat)
    return width, height, len(set(raw[: 4_000_000]))


@pytest.fixture(scope="module")
def rich_release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("rich")
    evs = random_events(600)
    rej = [reject_row(i, r) for i, r in enumerate(
        ["invalid-json"] * 3 + ["unsupported-language"] * 5 + ["empty-text"])]
    arts = [{"article_id": f"art-{i}", "origin": "t.jsonl", "line": i + 1, "status": "coded",
             "language": "en", "published": None, "published_from": None, "events": 1,
             "content_sha256": "0" * 64, "warnings": []} for i in range(200)]
    arts += [rejected_article(1000 + i) for i in range(len(rej))]
    release = make_release(root, evs, articles=arts, rejects=rej)
    write_report(release)
    return release


def test_report_is_self_contained(rich_release: Path) -> None:
    page = (rich_release / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page.lower() and "<link" not in page.lower()
    assert "@import" not in page and "url(" not in page
    assert not re.search(r"(src|href)\s*=", page), "no external resource of any kind"
    assert not re.search(r"https?://", page)
    for ident in PLOTS:
        assert f'id="{ident}"' in page
    assert page.count("<svg") == len(PLOTS)


def test_report_is_reproducible(rich_release: Path) -> None:
    s = summarize(rich_release)
    assert render(s) == render(summarize(rich_release))
    assert render(s) == (rich_release / "report.html").read_text(encoding="utf-8")


def test_report_shows_the_release_numbers(tmp_path: Path) -> None:
    rows = [event_row(0, code="190", date=dt.date(2025, 5, 5), a1=("army", "LBY", "MIL"),
                      a2=("rebels", "LBY", "REB")),
            event_row(1, code="042", date=None, a1=("وزير الخارجية", "EGY", "GOV"))]
    page = render(summarize(make_release(tmp_path, rows)))
    assert "events release 2025.07.0" in page
    assert "50.0%" in page  # one of the two events is undated
    assert "وزير الخارجية" in page  # names as written, escaped but not mangled
    assert "Libya – Libya" in page or "LBY-LBY" in page
    evil = [event_row(0, a1=("<b>x</b> & co", "EGY", "GOV"))]
    page = render(summarize(make_release(tmp_path / "evil", evil)))
    assert "<b>x</b>" not in page and "&lt;b&gt;x&lt;/b&gt; &amp; co" in page


def test_every_plot_renders_in_headless_chromium(rich_release: Path, tmp_path: Path) -> None:
    got = probe(rich_release / "report.html", tmp_path)
    assert got["resources"] == [], f"the page fetched {got['resources']}"
    assert got["scrollWidth"] <= got["innerWidth"], "the page is wider than the window"
    assert set(got["plots"]) == set(PLOTS)
    for ident in PLOTS:
        p = got["plots"][ident]
        assert p["svg"] and p["width"] > 300 and p["height"] > 40, (ident, p)
        assert p["marks"] > 0 and p["drawn"] == p["marks"], (ident, p)
        assert p["labels"] > 0, (ident, p)
    assert got["plots"]["plot-roots"]["marks"] >= 15  # one bar per root code that occurs


def test_an_empty_release_renders_every_plot_with_its_note(tmp_path: Path) -> None:
    release = make_release(tmp_path / "r", [], articles=[], rejects=[])
    write_report(release)
    got = probe(release / "report.html", tmp_path)
    for ident in PLOTS:
        p = got["plots"][ident]
        assert p["svg"] and p["width"] > 300 and p["height"] > 40, (ident, p)
        assert p["marks"] == 0 and p["empty"] == 1, (ident, p)


def test_screenshot_is_a_real_picture(rich_release: Path, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    res = run_chromium(["--window-size=1100,3400", f"--screenshot={shot}",
                        (rich_release / "report.html").as_uri()], tmp_path / "profile-shot")
    assert shot.exists(), res.stderr[-2000:]
    width, height, variety = png_info(shot)
    assert (width, height) == (1100, 3400)
    assert variety > 50, "the screenshot is (nearly) blank"
    if os.environ.get("EVENTS_REPORT_SCREENSHOT"):  # for a person to look at
        shutil.copy(shot, os.environ["EVENTS_REPORT_SCREENSHOT"])


def test_every_build_writes_a_checksummed_report(tmp_path: Path, lexicon: Lexicon) -> None:
    s = build([ROOT / "events" / "sample" / "corpus"], BuildOptions(out=tmp_path / "out"),
              lex=lexicon)
    release = Path(s.release)
    report = release / "report.html"
    assert report.is_file()
    assert "  report.html\n" in (release / "SHA256SUMS").read_text(encoding="utf-8")
    assert verify(release) == []
    assert f"events release {s.version}" in report.read_text(encoding="utf-8")
