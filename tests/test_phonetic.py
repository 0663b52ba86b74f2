"""The phonetic fallback: foreign names no table holds, matched by sound to GeoNames' Latin names."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from citydip.cli import app
from citydip.gazetteer import Gazetteer
from citydip.gazetteer.phonetic import default_index, hangul_key, latin_key, latin_keys, strip_admin_suffix

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.mark.parametrize(
    ("hangul", "latin"),
    [
        ("콘야", "Konya"),  # ya is ia on both sides
        ("푸트라자야", "Putrajaya"),  # the 으 of 트 is Korean's, not the name's; j and z are one sound
        ("프랑크푸르트", "Frankfurt"),  # f is ㅍ
        ("하이퐁", "Haiphong"),  # ph is ㅍ, a final ng is ㅇ
        ("싱가포르", "Singapore"),  # the silent final e of English names
        ("노보시비르스크", "Novosibirsk"),  # v is ㅂ, r and l are one sound
        ("클락스빌", "Clarksville"),  # English r before a consonant is silent
        ("스톡턴", "Stockton"),  # ck is ㅋ, final ㄱ
    ],
)
def test_korean_loanword_spelling_and_latin_name_share_a_key(hangul, latin):
    assert hangul_key(hangul) in latin_keys(latin)


@pytest.mark.parametrize(
    ("hangul", "latin", "reading"),
    [
        ("함부르크", "Hamburg", ""),  # German keeps its r
        ("포틀랜드", "Portland", "english"),  # English r before a consonant is silent
        ("퍼스", "Perth", "english"),  # er is ㅓ, th is ㅅ
        ("풀러턴", "Fullerton", "english"),
        ("버밍엄", "Birmingham", "english"),  # -ingham is 잉엄
        ("발레호", "Vallejo", "spanish"),  # Spanish j is ㅎ
        ("치얀", "Chillán", "spanish-y"),  # Spanish ll is y, or l
        ("주바일", "Al Jubayl", ""),  # the Arabic article is left out
        ("고타", "Gotha", ""),  # German th is ㅌ
    ],
)
def test_readings_of_latin_names(hangul, latin, reading):
    assert hangul_key(hangul) == latin_key(latin, reading=reading) or hangul_key(hangul) in latin_keys(latin)


def test_admin_suffix_is_not_part_of_the_name():
    assert strip_admin_suffix("뱅크스타운시") == ("뱅크스타운", "시")
    assert strip_admin_suffix("오렌지카운티") == ("오렌지", "카운티")
    assert strip_admin_suffix("시") == ("시", "")  # nothing would be left


@pytest.mark.parametrize(
    ("name", "country", "geonameid"),
    [
        ("뱅크스타운", "AU", 2176947),
        ("스트라스필드", "AU", 2148088),
        ("스트라스펄드", "AU", 2148088),  # a reporter's variant still sounds alike
        ("오르후스", "DK", 2624652),
        ("콘야", "TR", 306571),  # the city before its province of the same name
        ("꾸이년", "VN", 1568574),  # Vietnamese spelled by ear
        ("퀴논", "VN", 1568574),
        ("아스티", "IT", 3182714),
    ],
)
def test_names_no_table_holds_match_by_sound(name, country, geonameid):
    found = default_index().match(name, (country,))
    assert found, name
    assert found[0].place.geonameid == geonameid
    assert 0.87 <= found[0].score <= 1.0


def test_region_narrows_the_candidates():
    # many American cities are called Columbia; the state written before it decides
    gazetteer = Gazetteer.default()
    carolina = gazetteer.phonetic("콜롬비아시", ["US"], within=gazetteer.lookup("사우스캐롤라이나주")[0][0])
    missouri = gazetteer.phonetic("콜롬비아시", ["US"], within=gazetteer.lookup("미주리주")[0][0])
    assert carolina[0][0].geonameid == 4575352
    assert missouri[0][0].geonameid == 4381982


def test_far_sounds_and_short_keys_do_not_match():
    index = default_index()
    assert not index.match("김치", ("US",))  # too short to tell by sound
    assert not index.match("대한민국", ("JP",))
    assert not index.match("교류협력", ("FR",))
    # an airport's code among a town's names (KOA for Kailua-Kona) is no name to hear
    assert all(m.latin != "KOA" for m in index.match("카우아이카운티", ("US",)))


def test_a_county_no_table_holds_stays_unresolved_through_the_command_line(db_path):
    result = run(
        "places", "카우아이카운티", "--context", "미국 하와이", "--format", "json", "--db", str(db_path)
    )
    assert all(p.get("geonameid") != 5847504 for p in json.loads(result.stdout or "[]"))


def test_without_a_country_only_large_places_close_enough_match():
    index = default_index()
    assert index.match("노보시비르스크", ())[0].place.geonameid == 1496747
    assert not index.match("뱅크스타운", ())  # a suburb is tried only in its country


def test_places_cli_shows_a_phonetic_match_with_its_score(db_path):
    result = run("places", "뱅크스타운시", "--context", "호주", "--format", "json", "--db", str(db_path))
    assert result.exit_code == 0, result.output
    best = json.loads(result.stdout)[0]
    assert best["geonameid"] == 2176947
    assert best["reason"].startswith("phonetic")
    assert 0.87 <= best["score"] <= 1.0
    table = run("places", "뱅크스타운시", "--context", "호주", "--db", str(db_path))
    assert "sounds like Bankstown" in table.stdout


def test_places_cli_without_suffix_or_country_tries_no_sound_match(db_path):
    result = run("places", "뱅크스타운", "--db", str(db_path))
    assert result.exit_code == 1
    assert "no place called" in result.output


def test_ingest_resolves_an_unknown_town_by_sound_and_stats_counts_the_rest(tmp_path, db_path):
    article = tmp_path / "a.txt"
    article.write_text(
        "부산시는 호주 뱅크스타운시와 자매결연을 맺었다고 10일 밝혔다. "
        "부산시는 필리핀 즈베르딕시와도 우호협력 협약을 체결했다.\n",
        encoding="utf-8",
    )
    result = run("ingest", str(article), "--db", str(db_path), "--published", "2024-05-10")
    assert result.exit_code == 0, result.output
    events = json.loads(run("timeline", "--db", str(db_path), "--format", "json").stdout)
    partners = {p["name_ko"]: p for e in events for p in e["partners"]}
    assert partners["뱅크스타운"]["geonameid"] == 2176947
    assert partners["즈베르딕시"]["geonameid"] is None  # an invented name sounds like nothing
    stats = json.loads(run("stats", "--db", str(db_path), "--format", "json").stdout)
    assert stats["unresolved_names"] == [{"name_ko": "즈베르딕시", "country": "PH", "mentions": 1}]
    table = run("stats", "--db", str(db_path))
    assert "Unresolved partner names" in table.stdout and "즈베르딕시" in table.stdout
