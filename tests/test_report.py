"""`citydip report` through the CLI on the sample articles, and the page as a person sees it in Chromium."""

from __future__ import annotations

import base64
import fnmatch
import gzip
import hashlib
import html
import importlib.util
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from citydip.cli import app
from citydip.datafiles import data_path
from citydip.models import Place
from citydip.report.charts import relation_steps
from citydip.report.content import build
from citydip.report.geo import EAST_ASIA, east_asia_outlines, position, world_outlines
from citydip.reports import TimelineFilter, partner_rows, sort_partners, timeline
from citydip.store import Store
from citydip.store_reports import reviewed_count

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def samples_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("report") / "samples.db"
    assert run("ingest", str(SAMPLES), "--db", str(db)).exit_code == 0
    return db


def cli_json(db: Path, *args: str):
    result = run(*args, "--format", "json", "--db", str(db))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def make_report(db: Path, out: Path, *args: str) -> Path:
    result = run("report", *args, "-o", str(out), "--db", str(db))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(out.resolve())
    return out


def page_data(page: Path) -> dict:
    """The data the page's script draws from, unpacked as the browser does."""
    text = page.read_text(encoding="utf-8")
    packed = re.search(r'<script type="application/octet-stream" id="report-data">([^<]*)</script>', text)
    assert packed, "no packed data in the page"
    return json.loads(gzip.decompress(base64.b64decode(packed.group(1))).decode("utf-8"))


def summary_cards(page: Path) -> dict[str, str]:
    text = page.read_text(encoding="utf-8")
    return {
        key: html.unescape(value)
        for key, value in re.findall(
            r'<div class="card" data-key="(\w+)"><dt>\w+</dt><dd><strong>([^<]*)</strong>', text
        )
    }


# -- through the CLI ------------------------------------------------------------------------------------------


def test_report_holds_every_event_partner_and_source(samples_db, tmp_path):
    page = make_report(samples_db, tmp_path / "all.html")
    events = cli_json(samples_db, "timeline")
    partners = cli_json(samples_db, "cities")
    data = page_data(page)
    assert [e[0] for e in data["events"]] == [e["id"] for e in events]
    assert [e[6] for e in data["events"]] == [e["evidence"] for e in events]
    places = data["places"]
    assert [(places[p[0]][0], places[p[1]][0], p[2]) for p in data["pairs"]] == [
        (r["actor"]["name_ko"], r["partner"]["name_ko"], r["level"] or "none") for r in partners
    ]
    # every event links to its sources: the URL where there is one, else the file where it still is
    for event, row in zip(events, data["events"], strict=True):
        links = [data["articles"][i][3] for i in row[7]]
        expected = [s["url"] or Path(s["path"]).resolve().as_uri() for s in event["sources"]]
        assert links == expected
    assert any(link.startswith("file://") for link in (a[3] for a in data["articles"]))
    cards = summary_cards(page)
    assert cards == {
        "actors": "4",
        "partners": "4",
        "events": str(len(events)),
        "years": "1995–2025",
        "articles": "4",
        "reviewed": "0",
    }


def test_page_asks_for_nothing_outside_itself(samples_db, tmp_path):
    text = make_report(samples_db, tmp_path / "r.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="Content-Security-Policy" content="default-src &#x27;none&#x27;;' in text
    assert "connect-src &#x27;none&#x27;" in text
    scripts = re.findall(r"<script\b[^>]*>", text)
    assert len(scripts) == 3  # the packed data, the Vega bundle, the page's own script: all inline
    assert not [t for t in scripts if "src" in t]
    markup = re.sub(r"<script\b[^>]*>.*?</script>", "", text, flags=re.S)  # the page's HTML and CSS
    tags = re.findall(r"<(?:link|img|iframe|object|embed|source|audio|video)\b[^>]*>", markup, flags=re.I)
    assert tags == []
    assert not re.search(r"@import|@font-face|url\(", markup)


def test_default_path_is_printed(samples_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("report", "--db", str(samples_db))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(tmp_path / "citydip-report.html")
    assert (tmp_path / "citydip-report.html").stat().st_size > 500_000
    # the stand-in positions are the page's business; stderr stays quiet when every partner is placed
    assert "left off the map" not in result.output


@pytest.mark.parametrize(
    "filters",
    [
        ["--actor", "대구"],
        ["--actor", "Seoul"],
        ["--country", "JP"],
        ["--country", "미국"],
        ["--since", "2024-06"],
        ["--since", "2019", "--until", "2024-05"],
        ["--actor", "경기도", "--country", "United States", "--since", "2019"],
    ],
)
def test_filters_keep_what_timeline_keeps(samples_db, tmp_path, filters):
    page = make_report(samples_db, tmp_path / "f.html", *filters)
    events = cli_json(samples_db, "timeline", *filters)
    data = page_data(page)
    assert [e[0] for e in data["events"]] == [e["id"] for e in events] and events
    text = page.read_text(encoding="utf-8")
    assert html.escape(" ".join(filters)) in text  # the page says what it shows
    country = dict(zip(filters[::2], filters[1::2], strict=True)).get("--country")
    if country:  # partners from other countries on the same events stay out of the partner table
        code = {p["partner"]["country"] for p in cli_json(samples_db, "cities", "--country", country)}
        assert {data["places"][p[1]][2] for p in data["pairs"]} == code


def test_dates_cut_the_partner_history(samples_db, tmp_path):
    data = page_data(make_report(samples_db, tmp_path / "d.html", "--since", "2020"))
    seoul = [p for p in data["pairs"] if data["places"][p[1]][0] == "울란바토르"]
    assert seoul == []  # its 1995 agreement and everything after fall outside; nothing left to show
    gyeonggi = next(p for p in data["pairs"] if data["places"][p[1]][0] == "캘리포니아주")
    assert gyeonggi[2] == "none" and gyeonggi[4] == ""  # its 2019 friendship is before the window


def test_nothing_to_report_is_one_line_and_no_file(samples_db, tmp_path):
    out = tmp_path / "empty.html"
    result = run("report", "--since", "2030", "-o", str(out), "--db", str(samples_db))
    assert result.exit_code == 1
    assert result.output.strip() == "error: no events match --since 2030: nothing to report"
    assert not out.exists()
    empty = tmp_path / "empty.db"
    Store(empty).close()
    result = run("report", "-o", str(out), "--db", str(empty))
    assert result.exit_code == 1 and not out.exists()
    assert result.output.strip() == (
        "error: the database holds no events yet: nothing to report (run `citydip ingest` first)"
    )
    result = run("report", "-o", str(out), "--db", str(tmp_path / "missing.db"))
    assert result.exit_code == 1 and "no citydip database here" in result.output
    assert not (tmp_path / "missing.db").exists() and not out.exists()


@pytest.mark.parametrize(
    "filters",
    [
        ["--actor", "대구광역시청"],
        ["--country", "Amerika"],
        ["--since", "2024-13"],
        ["--until", "2024-02-30"],
        ["--since", "yesterday"],
    ],
)
def test_invalid_filters_are_timelines_errors(samples_db, tmp_path, filters):
    out = tmp_path / "bad.html"
    report = run("report", *filters, "-o", str(out), "--db", str(samples_db))
    timeline_run = run("timeline", *filters, "--db", str(samples_db))
    assert report.exit_code == timeline_run.exit_code == 2
    assert report.output == timeline_run.output and report.output.startswith("error: ")
    assert len(report.output.strip().splitlines()) == 1
    assert not out.exists()


def test_unwritable_output_is_one_line(samples_db, tmp_path):
    result = run("report", "-o", str(tmp_path / "no" / "such" / "folder.html"), "--db", str(samples_db))
    assert result.exit_code == 1 and "cannot write the report" in result.output
    result = run("report", "-o", str(tmp_path), "--db", str(samples_db))
    assert result.exit_code == 1 and "is a folder" in result.output
    assert list(tmp_path.iterdir()) == []  # no partial file left behind


def test_reviewed_count_is_zero_without_a_decisions_table():
    conn = sqlite3.connect(":memory:")
    assert reviewed_count(conn) == 0  # a database from before review (issue 17) has no decisions table
    conn.execute("CREATE TABLE decisions (id INTEGER PRIMARY KEY, article TEXT NOT NULL)")
    conn.executemany("INSERT INTO decisions (article) VALUES (?)", [("a",), ("b",)])
    assert reviewed_count(conn) == 2


def test_report_counts_and_marks_the_events_a_person_reviewed(samples_db, tmp_path):
    db = tmp_path / "reviewed.db"
    shutil.copy(samples_db, db)
    assert summary_cards(make_report(db, tmp_path / "before.html"))["reviewed"] == "0"
    first, second, third = (e["id"] for e in cli_json(db, "timeline")[:3])
    assert run("accept", first, "--db", str(db)).exit_code == 0
    assert run("accept", second, "--db", str(db)).exit_code == 0
    assert run("reject", third, "--db", str(db)).exit_code == 0
    page = make_report(db, tmp_path / "after.html")
    # the rejected event is not shown; the two accepted ones are counted and say so in the event list
    assert summary_cards(page)["reviewed"] == "2"
    kinds = [event[3] for event in page_data(page)["events"]]
    assert sum("accepted" in kind for kind in kinds) == 2 and not any("rejected" in kind for kind in kinds)
    with Store(db) as store:
        assert store.reviewed_count() == 3


def test_report_never_loads_kiwi(samples_db, tmp_path):
    code = (
        "import sys\n"
        f"sys.argv = ['citydip', 'report', '--country', '미국', '-o', {str(tmp_path / 'k.html')!r}, "
        f"'--db', {str(samples_db)!r}]\n"
        "from citydip.cli import app\n"
        "try:\n    app()\nexcept SystemExit as exit:\n    assert not exit.code, exit.code\n"
        "sys.stderr.write('KIWI-LOADED' if 'kiwipiepy' in sys.modules else 'KIWI-ABSENT')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=os.environ.copy())
    assert "KIWI-ABSENT" in proc.stderr, proc.stderr


# -- the content and the map -----------------------------------------------------------------------------


def test_partner_table_is_the_fold_of_the_events(samples_db):
    """Without dates the report takes the partner table from the stored summary (as `cities` does): the same
    as folding the report's own events."""
    with Store(samples_db, create=False) as store:
        for flt in (TimelineFilter(), TimelineFilter(actor="대구"), TimelineFilter(country="JP")):
            report = build(store, flt)
            folded = sort_partners(partner_rows(timeline(store, flt)), "level")
            if flt.country:
                folded = [p for p in folded if p.partner.country == flt.country]
            assert [p.as_json() for p in report.pairs] == [p.as_json() for p in folded]


def test_positions_of_places_without_coordinates():
    own = Place("Qingdao", "칭다오", "CN", "city", 1797929, 36.06488, 120.38042)
    assert position(own) == pytest.approx(type(position(own))(120.38042, 36.06488))
    bunkyo = position(Place("Bunkyo", "분쿄구", "JP", "district", parent="Tokyo"))
    assert bunkyo is not None and "Tokyo" in bunkyo.via and "parent" in bunkyo.via
    assert (round(bunkyo.lat, 2), round(bunkyo.lon, 2)) == (35.69, 139.69)
    california = position(Place("California", "캘리포니아주", "US", "region"))
    assert california is not None and "Los Angeles" in california.via and "largest city" in california.via
    assert position(Place("Nowhere", "어디에도없는구", "FR", "district")) is None


def test_sources_link_only_to_web_pages_and_files(tmp_path):
    from citydip.report.page import _href

    article = tmp_path / "a.txt"
    article.write_text("본문", encoding="utf-8")
    assert _href({"url": "https://example.org/a", "path": None}) == "https://example.org/a"
    assert _href({"url": "javascript:alert(1)", "path": None}) is None  # stays text, never a link
    assert _href({"url": None, "path": str(article)}) == article.resolve().as_uri()
    assert _href({"url": None, "path": str(tmp_path / "gone.txt")}) is None


def test_map_notes_name_stand_ins(samples_db, tmp_path):
    text = make_report(samples_db, tmp_path / "m.html").read_text(encoding="utf-8")
    assert "분쿄구 is shown at 도쿄 (Tokyo), its parent" in text
    assert "캘리포니아주 is shown at 로스앤젤레스 (Los Angeles), its largest city" in text


def test_relations_over_time_are_each_pairs_dated_steps(samples_db):
    with Store(samples_db, create=False) as store:
        report = build(store)
    steps, order, undated = relation_steps(report)
    assert [(s["pair"], s["level"], s["date"]) for s in steps] == [
        ("경기도 – 캘리포니아주", "friendship", "2019"),
        ("대구 – 칭다오", "friendship", "2024-05-20"),
        ("서울 – 울란바토르", "sister", "1995"),
    ]
    assert order == ["경기도 – 캘리포니아주", "대구 – 칭다오", "서울 – 울란바토르"]
    assert undated == ["송파구 – 분쿄구: sister"]
    seoul = steps[-1]
    assert (seoul["start"], seoul["end"]) == ("1995-01-01", "2025-12-31")  # to the end of the last year


def test_outlines_are_whole_topologies():
    for outlines, wanted in (
        (json.loads(world_outlines()), {"South Korea", "Japan", "China", "Brazil", "Antarctica"}),
        (
            json.loads(east_asia_outlines()),
            {"South Korea", "North Korea", "Japan", "China", "Mongolia", "Taiwan"},
        ),
    ):
        geometries = outlines["objects"]["countries"]["geometries"]
        assert wanted <= {g["properties"]["name"] for g in geometries}
        arcs = len(outlines["arcs"])
        for g in geometries:
            flat = json.dumps(g.get("arcs", []))
            assert all(-arcs <= int(i) < arcs for i in re.findall(r"-?\d+", flat)), g["properties"]["name"]
    east = json.loads(east_asia_outlines())
    assert "Brazil" not in {g["properties"]["name"] for g in east["objects"]["countries"]["geometries"]}


def _script():
    spec = importlib.util.spec_from_file_location(
        "build_report_assets", ROOT / "scripts" / "build_report_assets.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_world_outlines_are_world_atlas_as_published():
    script = _script()
    shipped = data_path(script.WORLD).read_bytes()
    assert hashlib.sha256(shipped).hexdigest() == script.UPSTREAM["countries-110m.json"]


def test_vega_bundle_matches_its_script():
    pytest.importorskip("vl_convert")
    assert _script().bundle() == data_path("report-vega.js").read_text(encoding="utf-8"), (
        "data/report-vega.js drifted: run `python scripts/build_report_assets.py --skip-outlines`"
    )


def test_the_wheel_ships_what_the_page_inlines():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]
    needed = {
        "citydip.data": [
            "report-vega.js",
            "world-atlas-countries-110m.json",
            "world-atlas-east-asia-50m.json",
        ],
        "citydip.report": ["page.js", "page.css"],
    }
    for package, names in needed.items():
        for name in names:
            assert any(fnmatch.fnmatch(name, p) for p in patterns[package]), (package, name)
    for name in needed["citydip.data"]:
        assert data_path(name).is_file()
    assert "citydip.report" in config["tool"]["setuptools"]["packages"]


# -- in a browser ------------------------------------------------------------------------------------------


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("Chromium is not installed (`apt-get install chromium`; .ci/run installs it when it can)")


def open_in_chromium(page: Path, workdir: Path, *extra: str, budget_ms: int = 60_000) -> tuple[str, Path]:
    """The page's DOM after its scripts ran, and Chromium's NetLog of every request made meanwhile. No name
    resolves (nothing can leave the machine), and the browser's own background traffic is turned off."""
    netlog = workdir / f"{page.stem}.netlog.json"
    args = [
        chromium(),
        "--headless",
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        f"--user-data-dir={workdir / 'profile'}",
        f"--log-net-log={netlog}",
        f"--virtual-time-budget={budget_ms}",
        *extra,
        "--dump-dom",
        page.resolve().as_uri(),
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.insert(2, "--no-sandbox")  # Chromium refuses to run as root with its sandbox
    done = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout, netlog


def page_requests(netlog: Path) -> list[str]:
    """URLs the page asked for (the browser's own requests carry no initiator and are left out)."""
    log = json.loads(netlog.read_text(encoding="utf-8"))
    kinds = {number: name for name, number in log["constants"]["logEventTypes"].items()}
    urls = []
    for event in log["events"]:
        if kinds.get(event["type"]) == "URL_REQUEST_START_JOB":
            params = event.get("params", {})
            if params.get("initiator", "not an origin") != "not an origin":
                urls.append(params.get("url", ""))
    return urls


def render_check(dom: str) -> dict:
    found = re.search(r'<output id="render-check"[^>]*>([^<]*)</output>', dom)
    assert found, "the page wrote no render check"
    return json.loads(html.unescape(found.group(1)))


def test_the_request_check_sees_a_page_that_fetches(tmp_path):
    """The NetLog check below is no formality: a page that loads an image, a style and data is caught."""
    leaky = tmp_path / "leaky.html"
    leaky.write_text(
        '<!DOCTYPE html><img src="http://example.invalid/a.png"><link rel="stylesheet" href="https://example.invalid/b.css">'
        "<script>fetch('https://example.invalid/c.json').catch(function () {});</script>",
        encoding="utf-8",
    )
    _dom, netlog = open_in_chromium(leaky, tmp_path, budget_ms=3000)
    assert {u for u in page_requests(netlog) if u.startswith("http")} == {
        "http://example.invalid/a.png",
        "https://example.invalid/b.css",
        "https://example.invalid/c.json",
    }


def test_report_draws_offline_in_chromium(samples_db, tmp_path):
    page = make_report(samples_db, tmp_path / "report.html")
    dom, netlog = open_in_chromium(page, tmp_path)
    check = render_check(dom)
    assert check["state"] == "drawn", check
    assert check["errors"] == [] and check["blocked"] == [] and check["resources"] == []
    outside = [u for u in page_requests(netlog) if not u.startswith(("file:", "data:", "blob:"))]
    assert outside == []

    events = cli_json(samples_db, "timeline")
    pairs = cli_json(samples_db, "cities")
    partners = {p["partner"]["name_ko"] for p in pairs}
    data = page_data(page)
    world = next(layer for layer in data["specs"]["world"]["layer"] if layer.get("name") == "partners")
    assert {p["partner"] for p in world["data"]["values"]} == partners  # every partner is on the map
    marks = check["marks"]
    assert marks["world_partners"] == len(partners) == 4  # one point drawn per partner
    (west, south), (east, north) = EAST_ASIA
    in_view = [p for p in world["data"]["values"] if west <= p["lon"] <= east and south <= p["lat"] <= north]
    assert marks["east_asia_partners"] == len(in_view) == 3  # California is not in East Asia
    assert marks["world_links"] == len(pairs)  # a line from each actor to each of its partners
    assert marks["world_actors"] == len({p["actor"]["name_ko"] for p in pairs})
    bars = {(e["date"][:4], e["type"]) for e in events if e["date"]}
    assert marks["years"] == len(bars)  # one bar segment per year and type
    steps = [h for p in pairs for h in p["history"] if h["date"]]
    assert marks["relations"] == len(steps) == 3
    assert check["rows"] == {"events": len(events), "partners": len(pairs)}
    # the tables are in the DOM with their Korean text
    markup = re.sub(r"<script\b[^>]*>.*?</script>", "", dom, flags=re.S)
    assert markup.count('role="row"') == 2 + len(events) + len(pairs)
    assert "두 도시는 1995년 자매결연을 맺었다." in markup


def test_undated_events_draw_the_maps_and_say_what_cannot_be_drawn(samples_db, tmp_path):
    db = tmp_path / "undated.db"
    shutil.copy(samples_db, db)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE events SET date = NULL, date_end = NULL, precision = 'unknown'")
    page = make_report(db, tmp_path / "undated.html")
    assert summary_cards(page)["years"] == "undated"
    dom, _netlog = open_in_chromium(page, tmp_path)
    check = render_check(dom)
    assert check["state"] == "drawn" and check["errors"] == []
    assert check["marks"]["world_partners"] == 4 and "years" not in check["marks"]
    assert "No event here has a date to count by year." in dom and "No agreement here has a date." in dom
    assert "Agreements without a date (in the partner table): 경기도 – 캘리포니아주: friendship;" in dom


WRAPPER = """<!DOCTYPE html><meta charset="utf-8"><iframe id="r" src="REPORT" style="width:1200px;height:900px"></iframe>
<pre id="out"></pre><script>
function wait(doc, done) {
  if (doc && doc.body && doc.body.dataset.state !== "loading" && doc.body.dataset.state) return done();
  setTimeout(function () { wait(document.getElementById("r").contentDocument, done); }, 50);
}
function visible(grid) {
  return Array.prototype.filter.call(grid.querySelector(".rows").children, function (row) { return !row.hidden; });
}
function cell(row, i) { return row.children[i].textContent; }
function header(grid, i) { return grid.querySelector(".head").children[i]; }
wait(null, function () {
  var doc = document.getElementById("r").contentDocument, out = {state: doc.body.dataset.state};
  var events = doc.querySelector("#table-events .grid"), partners = doc.querySelector("#table-partners .grid");
  var search = doc.querySelector("#table-events input[type=search]");
  search.value = "칭다오"; search.dispatchEvent(new Event("input"));
  out.qingdao = visible(events).length;
  out.shown = doc.querySelector("#table-events .shown").textContent;
  search.value = ""; search.dispatchEvent(new Event("input"));
  var type = doc.querySelector("#table-events select");
  type.value = "agreement"; type.dispatchEvent(new Event("change"));
  out.agreements = visible(events).map(function (row) { return cell(row, 2); });
  type.value = ""; type.dispatchEvent(new Event("change"));
  var dateHeader = header(events, 0).querySelector("button");
  dateHeader.click(); out.ascending = visible(events).map(function (row) { return row.children[0].firstChild.textContent; });
  dateHeader.click(); out.descending = visible(events).map(function (row) { return row.children[0].firstChild.textContent; });
  out.sort = header(events, 0).getAttribute("aria-sort");
  header(partners, 8).querySelector("button").click();
  out.busiest = visible(partners).map(function (row) { return Number(cell(row, 8)); });
  var level = doc.querySelector("#table-partners select");
  level.value = "sister"; level.dispatchEvent(new Event("change"));
  out.sister = visible(partners).map(function (row) { return row.children[1].firstChild.textContent; });
  document.getElementById("out").textContent = JSON.stringify(out);
});
</script>"""


def test_tables_sort_and_filter_in_the_page(samples_db, tmp_path):
    page = make_report(samples_db, tmp_path / "report.html")
    wrapper = tmp_path / "wrapper.html"
    wrapper.write_text(WRAPPER.replace("REPORT", page.name), encoding="utf-8")
    dom, _netlog = open_in_chromium(wrapper, tmp_path, "--allow-file-access-from-files")
    found = re.search(r'<pre id="out">([^<]*)</pre>', dom)
    assert found and found.group(1), dom[-2000:]
    seen = json.loads(html.unescape(found.group(1)))
    assert seen["state"] == "drawn"
    events = cli_json(samples_db, "timeline")
    qingdao = [
        e
        for e in events
        if "칭다오" in e["evidence"]
        or any(p["name_ko"] == "칭다오" for p in e["partners"])
        or any("칭다오" in (s["title"] or "") for s in e["sources"])
    ]
    assert seen["qingdao"] == len(qingdao) and seen["shown"] == f"{len(qingdao)} of {len(events)} events"
    agreements = [e for e in events if e["type"] == "agreement"]
    assert len(seen["agreements"]) == len(agreements) and all(
        t.startswith("agreement") for t in seen["agreements"]
    )
    dated = sorted(e["date"] for e in events if e["date"])
    assert seen["ascending"][0].startswith(dated[0]) and seen["ascending"][-1] == "undated"
    assert seen["descending"][0].startswith(dated[-1]) and seen["descending"][-1] == "undated"
    assert seen["sort"] == "descending"
    assert seen["busiest"] == sorted(seen["busiest"], reverse=True)
    assert sorted(seen["sister"]) == sorted(
        p["partner"]["name_ko"] for p in cli_json(samples_db, "cities", "--level", "sister")
    )


def test_a_long_list_of_partners_off_the_map_folds_away():
    # an archive names hundreds of partners without coordinates: the note is one line that opens to the list
    from types import SimpleNamespace

    from citydip.models import Place
    from citydip.report.page import _map_notes

    places = {f"XX:{i}": Place(name=f"Town {i}", name_ko=f"마을{i:03d}시", country="JP") for i in range(120)}
    report = SimpleNamespace(
        pairs=[SimpleNamespace(partner=p) for p in places.values()],
        places=places,
        positions=dict.fromkeys(places),
        unplaced=sorted(places.values(), key=lambda p: p.name_ko),
    )
    notes = _map_notes(report)
    assert notes.startswith(
        '<details class="note"><summary>120 partners without coordinates are not on the map'
    )
    assert "마을119시" in notes
    few = SimpleNamespace(**{**vars(report), "unplaced": report.unplaced[:2]})
    assert _map_notes(few).startswith('<p class="note">Not on the map (2 partners without coordinates)')
