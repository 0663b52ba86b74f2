"""`citydip places` and `citydip alias`: looking names up and teaching citydip new ones."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from citydip.cli import app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def ingested(db_path, tmp_path, text: str, published: str = "2024-05-03") -> list[dict]:
    """The timeline's events after ingesting ``text`` as one article."""
    article = tmp_path / "a.txt"
    article.write_text(text, encoding="utf-8")
    result = run("ingest", str(article), "--published", published, "--db", str(db_path))
    assert result.exit_code == 0, result.output
    return json.loads(run("timeline", "--format", "json", "--db", str(db_path)).stdout)


def test_places_json_best_first_with_score_and_reason(db_path):
    result = run("places", "호찌민", "--format", "json", "--db", str(db_path))
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert found[0]["geonameid"] == 1566083
    assert {"name", "name_ko", "country", "geonameid", "kind", "lat", "lon", "score", "reason"} <= set(
        found[0]
    )
    assert not db_path.exists()  # looking up never creates a database


def test_places_context_resolves_ambiguous_names(db_path):
    ireland = json.loads(run("places", "더블린", "--format", "json", "--db", str(db_path)).stdout)
    ohio = json.loads(
        run(
            "places", "더블린", "--context", "미국 오하이오주", "--format", "json", "--db", str(db_path)
        ).stdout
    )
    assert ireland[0]["country"] == "IE"
    assert ohio[0]["country"] == "US"


def test_places_never_returns_countries_or_organisations(db_path):
    for query in ("미국", "UN", "C40"):
        result = run("places", query, "--format", "json", "--db", str(db_path))
        assert result.exit_code == 1 and "no place called" in result.output, query


def test_alias_add_changes_what_ingest_finds(db_path, tmp_path):
    article = tmp_path / "a.txt"
    # 액현 (掖縣) is Laizhou's old name, which no table holds
    article.write_text("서울시는 중국 액현과 우호교류 협약을 맺었다고 3일 밝혔다.\n", encoding="utf-8")
    before = run("ingest", str(article), "--published", "2024-05-03", "--db", str(db_path))
    assert before.exit_code == 0
    events = json.loads(run("timeline", "--format", "json", "--db", str(db_path)).stdout)
    assert not any(p["geonameid"] == 1804578 for e in events for p in e["partners"])

    added = run("alias", "add", "액현", "라이저우", "--db", str(db_path))
    assert added.exit_code == 0, added.output
    assert "Laizhou" in added.stdout
    listed = json.loads(run("alias", "list", "--format", "json", "--db", str(db_path)).stdout)
    assert listed[0]["surface"] == "액현" and listed[0]["place"]["geonameid"] == 1804578

    again = run("ingest", str(article), "--published", "2024-05-03", "--db", str(db_path))
    assert "1 updated" in again.stdout  # the alias changes extraction, so the article is read anew
    events = json.loads(run("timeline", "--format", "json", "--db", str(db_path)).stdout)
    assert any(p["geonameid"] == 1804578 for e in events for p in e["partners"])

    assert run("alias", "remove", "액현", "--db", str(db_path)).exit_code == 0
    assert run("alias", "remove", "액현", "--db", str(db_path)).exit_code == 2


def test_alias_to_unknown_place_is_a_usage_error(db_path):
    result = run("alias", "add", "어딘가", "존재하지않는곳", "--db", str(db_path))
    assert result.exit_code == 2
    assert "no place called" in result.stderr


def test_parent_in_the_context_decides_and_says_why(db_path):
    """`places 콜럼버스 --context "미국 조지아주 콜럼버스시"` chooses Columbus, Georgia, because of the state."""
    result = run(
        "places",
        "콜럼버스",
        "--context",
        "미국 조지아주 콜럼버스시",
        "--format",
        "json",
        "--db",
        str(db_path),
    )
    best = json.loads(result.stdout)[0]
    assert best["geonameid"] == 4188985 and "조지아주" in best["reason"]


def test_chinese_counties_by_standard_spelling_and_by_reading(db_path, tmp_path):
    # China's county-level units come from the ministry's table (cpca): a county GeoNames lacks is found by
    # its standard spelling (관난현, 灌南县) and by the Sino-Korean reading of its characters (환취구, 环翠区),
    # an autonomous county by its reading with or without '자치' (환인자치현, 桓仁满族自治县)
    events = ingested(
        db_path,
        tmp_path,
        "증평군은 지난 2일 중국 강소성 관남현과 우호교류 협약을 체결했다.\n"
        "군은 또 중국 산동성 위해시 환취구와 자매결연을 맺었다.\n"
        "진안군은 지난 25일 중국 요녕성 환인자치현과 자매결연을 체결했다.\n",
    )
    partners = {(p["name_ko"], p["name"]) for e in events for p in e["partners"]}
    assert ("관난현", "Guannan County") in partners
    assert ("환추이구", "Huancui District") in partners
    assert any(name == "Huanren" for _, name in partners)
    looked_up = json.loads(run("places", "관남현", "--format", "json", "--db", str(db_path)).stdout)
    assert looked_up[0]["name_ko"] == "관난현" and looked_up[0]["country"] == "CN"


def test_a_chinese_county_reading_needs_its_country_or_region_nearby(db_path, tmp_path):
    # the generated names sit behind the context gate: with no China named, '관남현' is nobody's partner
    events = ingested(db_path, tmp_path, "증평군은 지난 2일 관남현과 우호교류 협약을 체결했다.\n")
    assert not any(p["name_ko"] == "관난현" for e in events for p in e["partners"])


def test_japanese_towns_and_villages_by_their_standard_spelling(db_path, tmp_path):
    # Japan's municipalities come from Japan Post's list with their readings: a town GeoNames lacks (八頭町
    # ヤズチョウ) is found as 야즈정 and as news also write it (야즈초), a village as 롯카쇼촌 or 롯카쇼무라
    events = ingested(
        db_path,
        tmp_path,
        "횡성군은 지난 2일 일본 돗토리현 야즈초와 자매결연을 체결했다.\n"
        "군은 또 일본 아오모리현 롯카쇼무라와 우호교류 협약을 맺었다.\n",
    )
    partners = {(p["name_ko"], p["country"]) for e in events for p in e["partners"]}
    assert {("야즈정", "JP"), ("롯카쇼촌", "JP")} <= partners


def test_an_english_ton_written_with_its_spelling_vowel(db_path, tmp_path):
    # Korean news often write an English -ton as 튼 (비버튼) where the standard writes 턴 (비버턴)
    events = ingested(db_path, tmp_path, "천안시는 지난 2일 미국 오리건주 비버튼시와 자매결연을 체결했다.\n")
    assert any(p["geonameid"] == 5713376 for e in events for p in e["partners"])  # Beaverton, Oregon


def test_a_local_government_abolished_before_2018_is_the_actor_of_its_old_news(db_path, tmp_path):
    # 마산시 was merged into 창원시 in 2010: a story of 1998 is told from 마산시's side even where no province
    # is written before it (a town after its province was read before as a town the gazetteer lacks)
    events = ingested(
        db_path, tmp_path, "마산시는 지난 5일 일본 가와사키시와 자매결연을 체결했다.\n", "1998-05-08"
    )
    assert [(e["actor"]["name_ko"], e["date"]) for e in events] == [("마산시", "1998-05-05")]
