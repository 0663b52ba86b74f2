"""Gazetteer: table-driven (text, surface) -> place cases, API behaviour and robustness."""

from __future__ import annotations

import csv
import itertools
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citydip import nlp
from citydip.datafiles import data_path
from citydip.gazetteer import CountryMention, Gazetteer, PlaceMention
from citydip.models import Place

CASES = Path(__file__).parent / "data" / "gazetteer_cases.tsv"
HAVE_ALIASES = data_path("aliases.tsv").exists()


def _cases(kind: str) -> list:
    with CASES.open(encoding="utf-8") as fh:
        rows = list(
            csv.DictReader(
                (line for line in fh if not line.startswith("#")), delimiter="\t", quoting=csv.QUOTE_NONE
            )
        )
    out = []
    for i, row in enumerate(rows):
        if row["kind"] != kind:
            continue
        marks = []
        if row["needs"] == "aliases" and not HAVE_ALIASES:
            marks.append(pytest.mark.xfail(reason="needs data/aliases.tsv", strict=True))
        elif row["needs"].startswith("missing:"):
            # a real gap: the curated file has no row for this name yet
            marks.append(pytest.mark.xfail(reason=f"no data/aliases.tsv row for {row['needs'][8:]}"))
        label = f"{i:03d}-{row['surface'] or row['text']}"
        out.append(pytest.param(row["text"], row["surface"], row["expect"], marks=marks, id=label))
    return out


def _matches(place: Place | None, expect: str) -> bool:
    if expect == "-":
        return place is None
    if place is None:
        return False
    if expect.startswith("#"):
        return place.geonameid == int(expect[1:])
    if expect.startswith("ko:"):
        name_ko, country = expect[3:].split("|")
        return place.name_ko == name_ko and place.country == country
    name, country = expect.split("|")
    return place.name == name and place.country == country


def _show(place: Place | None) -> str:
    return "nothing" if place is None else f"{place.name}/{place.name_ko}/{place.country}/{place.geonameid}"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.default()


@pytest.mark.parametrize(("text", "surface", "expect"), _cases("korean"))
def test_korean(gazetteer: Gazetteer, text: str, surface: str, expect: str) -> None:
    place = gazetteer.korean(text)
    assert _matches(place, expect), _show(place)


@pytest.mark.parametrize(("text", "surface", "expect"), _cases("find"))
def test_find(gazetteer: Gazetteer, text: str, surface: str, expect: str) -> None:
    mentions = gazetteer.find(text, tokens=nlp.tokens(text))
    occurrences = {i for i in range(len(text)) if text.startswith(surface, i)}
    assert occurrences, "bad case: surface not in text"
    hit = next((m for m in mentions if m.start in occurrences), None)
    if expect == "-":
        assert hit is None, f"{hit.surface} -> {_show(hit.place)}"
        return
    assert hit is not None, [(m.surface, _show(m.place)) for m in mentions]
    assert hit.surface.startswith(surface)
    assert _matches(hit.place, expect), f"{_show(hit.place)} ({hit.reason})"


@pytest.mark.parametrize(("text", "surface", "expect"), _cases("lookup"))
def test_lookup(gazetteer: Gazetteer, text: str, surface: str, expect: str) -> None:
    ranked = gazetteer.lookup(surface, context=text)
    best = ranked[0][0] if ranked else None
    assert _matches(best, expect), _show(best)


@pytest.mark.parametrize(("text", "surface", "expect"), _cases("country"))
def test_find_countries(gazetteer: Gazetteer, text: str, surface: str, expect: str) -> None:
    found = {(c.surface, c.code) for c in gazetteer.find_countries(text)}
    if expect == "-":
        assert not any(s == surface for s, _ in found)
    else:
        assert (surface, expect) in found


def test_table_is_large_enough() -> None:
    total = sum(len(_cases(kind)) for kind in ("korean", "find", "lookup", "country"))
    assert total >= 300


# ---------------------------------------------------------------------------------------------- behaviour
def test_mentions_are_ordered_and_disjoint(gazetteer: Gazetteer) -> None:
    text = "서울시는 뉴욕시, 런던, 파리와 협약을 맺고 부산 중구와 베트남 호치민시를 찾았다."
    mentions = gazetteer.find(text, tokens=nlp.tokens(text))
    assert [m.surface for m in mentions] == ["서울시", "뉴욕시", "런던", "파리", "부산 중구", "호치민시"]
    for a, b in itertools.pairwise(mentions):
        assert a.end <= b.start
    for m in mentions:
        assert text[m.start : m.end] == m.surface
        assert isinstance(m, PlaceMention) and m.reason and isinstance(m.score, float)


def test_find_without_tokens_still_finds_names(gazetteer: Gazetteer) -> None:
    mentions = gazetteer.find("아일랜드 더블린과 뉴질랜드 웰링턴")
    assert [(m.surface, m.place.country) for m in mentions] == [("더블린", "IE"), ("웰링턴", "NZ")]


def test_reason_names_the_country(gazetteer: Gazetteer) -> None:
    (mention,) = gazetteer.find("아일랜드 더블린")
    assert mention.reason == "country named before it (아일랜드)"
    assert mention.place.geonameid == 2964574


def test_parent_reason(gazetteer: Gazetteer) -> None:
    text = "경기도 광주시에서"
    mention = gazetteer.find(text, tokens=nlp.tokens(text))[-1]
    assert mention.place.geonameid == 1841810 and mention.place.parent == "Gyeonggi-do"
    assert mention.reason == "parent named before it (경기도)"
    (busan_jung,) = gazetteer.find("부산 중구에서")
    assert busan_jung.place.name_ko == "부산 중구" and busan_jung.place.parent == "Busan"


def test_article_countries_break_ties(gazetteer: Gazetteer) -> None:
    # 안양 alone is Korea's 안양시; an article about China tips it to Anyang, Henan
    (plain,) = gazetteer.find("안양과 교류한다")
    assert plain.place.country == "KR"
    (chinese,) = gazetteer.find("안양과 교류한다", countries={"CN"})
    assert chinese.place.country == "CN" and "중국" in chinese.reason


def test_close_candidates_are_alternatives(gazetteer: Gazetteer) -> None:
    (mention,) = gazetteer.find("발렌시아에서 열린 회의")
    assert mention.place.country == "ES"
    assert any(p.country == "VE" for p in mention.alternatives)


def test_hanja_gloss_makes_no_second_mention(gazetteer: Gazetteer) -> None:
    text = "북경(北京)시와 동경(東京)에서"
    mentions = gazetteer.find(text, tokens=nlp.tokens(text))
    assert [m.surface for m in mentions] == ["북경(北京)시", "동경(東京)"]
    assert [m.place.geonameid for m in mentions] == [1816670, 1850147]
    assert gazetteer.find_countries(text) == []


def test_title_after_name_is_not_part_of_the_mention(gazetteer: Gazetteer) -> None:
    for text, expected in (
        ("애덤스 뉴욕시장", "뉴욕시"),
        ("송파구청장", "송파구"),
        ("경기도지사", "경기도"),
        ("하코다테 시장", "하코다테"),
        ("유타주지사", None),
    ):
        mentions = gazetteer.find(text, tokens=nlp.tokens(text))
        surfaces = [m.surface for m in mentions]
        if expected is None:
            assert all("지사" not in s for s in surfaces)
        else:
            assert surfaces == [expected]


def test_suffix_is_attached(gazetteer: Gazetteer) -> None:
    text = "중국 러산시와 미국 콜로라도주 오로라시"
    surfaces = [m.surface for m in gazetteer.find(text, tokens=nlp.tokens(text))]
    assert "러산시" in surfaces and "오로라시" in surfaces


def test_city_state_is_country_and_city(gazetteer: Gazetteer) -> None:
    text = "싱가포르를 방문했다"
    assert [c.code for c in gazetteer.find_countries(text)] == ["SG"]
    (mention,) = gazetteer.find(text)
    assert mention.place.geonameid == 1880252 and mention.place.kind == "city"


def test_countries_are_never_places(gazetteer: Gazetteer) -> None:
    text = "미국, 중국, 일본, 러시아, 독일, 프랑스, 영국, 베트남, 몽골, 멕시코, 브라질, 쿠웨이트, 룩셈부르크"
    assert gazetteer.find(text, tokens=nlp.tokens(text)) == []
    assert len(gazetteer.find_countries(text)) == 13
    assert gazetteer.lookup("멕시코") == []


def test_country_mentions_have_offsets(gazetteer: Gazetteer) -> None:
    text = "김 지사는 獨 베를린과 美 워싱턴을 찾았다"
    found = gazetteer.find_countries(text)
    assert found == [CountryMention(6, 7, "獨", "DE"), CountryMention(13, 14, "美", "US")]


def test_offsets_follow_non_nfc_input(gazetteer: Gazetteer) -> None:
    text = unicodedata.normalize("NFD", "아일랜드 더블린")
    (mention,) = gazetteer.find(text)
    assert unicodedata.normalize("NFC", text[mention.start : mention.end]) == "더블린"
    assert mention.place.geonameid == 2964574


def test_full_width_punctuation(gazetteer: Gazetteer) -> None:
    (mention,) = gazetteer.find("（서울＝뉴스１）")
    assert mention.surface == "서울" and mention.start == 1


def test_lookup_scores_best_first(gazetteer: Gazetteer) -> None:
    ranked = gazetteer.lookup("포틀랜드")
    assert len(ranked) >= 2
    scores = [score for _, score, _ in ranked]
    assert scores == sorted(scores, reverse=True)
    assert all(reason for _, _, reason in ranked[:1])


def test_korean_ignores_foreign_places(gazetteer: Gazetteer) -> None:
    assert gazetteer.korean("안산").country == "KR"
    assert gazetteer.korean("뉴욕") is None


def test_by_key_and_country_name(gazetteer: Gazetteer) -> None:
    seoul = gazetteer.by_key("gn:1835848")
    assert seoul is not None and seoul.name_ko == "서울" and seoul.kind == "city"
    assert gazetteer.by_key("KR:송파구").name == "Songpa-gu"
    assert gazetteer.by_key("nowhere") is None
    assert gazetteer.country_name("US") == "미국"
    assert gazetteer.country_name("au") == "호주"
    with pytest.raises(KeyError):
        gazetteer.country_name("ZZ")


def test_gold_shapes_of_korean_actors(gazetteer: Gazetteer) -> None:
    seoul = gazetteer.korean("서울시")
    assert (seoul.name, seoul.name_ko, seoul.geonameid, seoul.kind) == ("Seoul", "서울", 1835848, "city")
    gyeonggi = gazetteer.korean("경기도")
    assert (gyeonggi.name, gyeonggi.kind, gyeonggi.geonameid) == ("Gyeonggi-do", "region", None)
    assert gazetteer.korean("성남").name == "Seongnam-si"
    assert gazetteer.korean("제주시").name == "Jeju City"
    assert gazetteer.korean("송파구").kind == "district"
    assert gazetteer.korean("제주특별자치도").name == "Jeju-do"
    assert gazetteer.korean("강원특별자치도").name == "Gangwon-do"
    nam = gazetteer.korean("광주 남구")
    assert (nam.name, nam.name_ko, nam.parent, nam.kind) == ("Nam-gu", "광주 남구", "Gwangju", "district")


def test_user_aliases_win(gazetteer: Gazetteer) -> None:
    mine = Place(name="Dublin", name_ko="더블린", country="US", kind="city", geonameid=5344157)
    custom = gazetteer.with_aliases([("더블린", mine), ("뉴욕시티", gazetteer.by_key("gn:5128581"))])
    (mention,) = custom.find("더블린 시장")
    assert mention.place.geonameid == 5344157 and mention.reason == "user alias"
    assert custom.find("뉴욕시티에서")[0].place.geonameid == 5128581
    # the shipped gazetteer is untouched
    assert gazetteer.find("더블린 시장")[0].place.country == "IE"


def test_user_alias_for_a_new_place(gazetteer: Gazetteer) -> None:
    village = Place(name="Hahoe", name_ko="하회마을", country="KR", kind="city")
    custom = gazetteer.with_aliases([("하회마을", village)])
    assert custom.find("안동 하회마을에서")[-1].place == village
    assert custom.by_key("KR:하회마을") == village


def test_default_is_cached() -> None:
    assert Gazetteer.default() is Gazetteer.default()


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("서울시부산중구뉴욕 (北京)·,美獨가나다라市도주성의와 \n\u3000ＵＮ")),
        max_size=60,
    )
)
def test_any_text_never_crashes(text: str) -> None:
    gazetteer = Gazetteer.default()
    mentions = gazetteer.find(text)
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.surface
    gazetteer.find_countries(text)
    gazetteer.lookup(text, context=text)
    gazetteer.korean(text)


def test_a_name_that_needs_context_is_never_read_out_of_a_longer_word(gazetteer):
    # 이산 (Yishan) is a generated name; inside 회이산구 (a district the tables lack) it names nothing, even
    # where Kiwi cuts the unknown word in two (회/NNG 이산/NNP 구/NNG, as it does in some sentences)
    from citydip.nlp import Token

    text = "중국 회이산구 구청장은 말했다."
    forms = [("중국", "NNP"), ("회", "NNG"), ("이산", "NNP"), ("구", "NNG"), ("구청장", "NNG"), ("은", "JX")]
    tokens, at = [], 0
    for form, tag in forms:
        at = text.index(form, at)
        tokens.append(Token(form, tag, at, at + len(form)))
        at += len(form)
    assert not any(m.surface.startswith("이산") for m in gazetteer.find(text, tokens=tokens))
    # standing alone after its country it is still found
    alone = "중국 이산시 대표단이 22일 울주군을 방문했다."
    assert any(m.place.name == "Yishan" for m in gazetteer.find(alone))


@pytest.mark.parametrize(
    ("text", "surface", "geonameid"),
    [
        ("베트남 호찌민시와 교류를 준비한다", "호찌민시", 1566083),
        ("하노이시는 교류를 넓힌다", "하노이시", 1581130),
        ("중국 산둥성의 칭다오시와", "칭다오시", 1797929),
    ],
)
def test_a_suffix_and_a_particle_after_a_name_without_morphemes(
    gazetteer: Gazetteer, text: str, surface: str, geonameid: int
) -> None:
    # where no morphemes are at hand (a sentence Kiwi is spared, the prefilter's actor), a name read by its
    # characters alone may take its admin suffix and then a particle, as with morphemes: 호찌민|시와
    mentions = gazetteer.find(text)
    assert any(m.surface == surface and m.place.geonameid == geonameid for m in mentions), [
        (m.surface, m.place.geonameid) for m in mentions
    ]
    # a word that only starts like a name stays a word ('하노이시장' is no 'X시' + particle)
    assert not any(m.surface == "시" for m in mentions)


def test_a_name_then_its_office_and_a_particle_without_morphemes(gazetteer: Gazetteer) -> None:
    # with no morphemes (a sentence without event cues), '<name>시장이' is the name, its mayor and a particle;
    # '<name>시장에서' is at a market
    assert [m.place.name_ko for m in gazetteer.find("리옹시장이 서울을 찾았다.")][:1] == ["리옹"]
    assert [m.place.name_ko for m in gazetteer.find("리옹시의회와 협력한다.")] == ["리옹"]
    assert not gazetteer.find("동대문시장에서 장을 봤다.")
