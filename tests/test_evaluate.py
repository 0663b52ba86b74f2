"""Scoring rules of the spec, on hand-made gold and output records."""

from __future__ import annotations

from citydip.evaluate import place_matches, score_article
from citydip.models import Place

NYC = {"name": "New York City", "name_ko": "뉴욕", "country": "US", "geonameid": 5128581, "kind": "city"}
DUBLIN = {"name": "Dublin", "name_ko": "더블린", "country": "IE", "geonameid": 2964574, "kind": "city"}
UTAH = {"name": "Utah", "name_ko": "유타주", "country": "US", "kind": "region"}
SEOUL = Place("Seoul", "서울", "KR", "city", 1835848)


def ev(type_, partners, date=None, level=None, optional=False):
    out = {"type": type_, "partners": partners, "date": date}
    if level is not None:
        out["level"] = level
    if optional:
        out["optional"] = True
    return out


def gold(events):
    return {
        "doc": "x.txt",
        "actor": {"name": "Seoul", "country": "KR", "geonameid": 1835848},
        "events": events,
    }


def test_place_matching_rules():
    assert place_matches(NYC, {"geonameid": 5128581, "name_ko": "뉴욕시", "country": "US"})
    assert not place_matches(NYC, {"geonameid": None, "name_ko": "뉴욕", "country": "US"})
    assert place_matches(UTAH, {"name_ko": "유타", "country": "US", "geonameid": 5549030})
    assert place_matches(UTAH, {"name": "utah", "name_ko": "유타 주", "country": "US"})
    assert not place_matches(UTAH, {"name_ko": "유타주", "country": "CA"})
    assert place_matches(
        {"name": "Kanagawa Prefecture", "name_ko": "가나가와현", "country": "JP"},
        {"name": "Kanagawa", "name_ko": "가나가와", "country": "JP"},
    )


def test_perfect_output_scores_one():
    g = gold([ev("agreement", [NYC], "2023-09", "amity"), ev("meeting", [NYC], "2023-09")])
    out = [ev("agreement", [NYC], "2023-09-20", "amity"), ev("meeting", [NYC], "2023-09")]
    score, parts = score_article(g, SEOUL, out)
    assert score.actor_ok
    for key in ("partner", "event", "agreement"):
        assert parts[key].f1 == 1.0
    assert (parts["dates_ok"], parts["dates_total"]) == (1 + 1, 2)


def test_optional_events_count_neither_way():
    g = gold([ev("agreement", [NYC], "2023-09", "amity"), ev("visit", [DUBLIN], optional=True)])
    out = [ev("agreement", [NYC], "2023-09", "amity"), ev("visit", [DUBLIN])]
    _, parts = score_article(g, SEOUL, out)
    assert parts["partner"].fp == 0 and parts["event"].fp == 0
    _, missing = score_article(g, SEOUL, [ev("agreement", [NYC], "2023-09", "amity")])
    assert missing["partner"].fn == 0 and missing["event"].fn == 0


def test_extras_and_misses_are_counted():
    g = gold([ev("agreement", [NYC], "2023-09", "amity")])
    out = [ev("agreement", [NYC], "2023-09", "sister"), ev("meeting", [DUBLIN], "2023-09")]
    score, parts = score_article(g, SEOUL, out)
    assert parts["agreement"].fn == 1 and parts["agreement"].fp == 1
    assert parts["event"].fp == 1 and parts["partner"].fp == 1
    assert "meeting 더블린" in score.extras


def test_level_list_accepts_any_value():
    g = gold([ev("agreement", [DUBLIN], "2023-09", ["friendship", "amity"])])
    _, parts = score_article(g, SEOUL, [ev("agreement", [DUBLIN], "2023-09", "amity")])
    assert parts["agreement"].f1 == 1.0


def test_date_needs_gold_precision():
    g = gold([ev("visit", [NYC], "2023-09-16")])
    _, coarse = score_article(g, SEOUL, [ev("visit", [NYC], "2023-09")])
    assert (coarse["dates_ok"], coarse["dates_total"]) == (0, 1)
    _, fine = score_article(g, SEOUL, [ev("visit", [NYC], "2023-09-16"), ev("visit", [NYC], None)])
    assert (fine["dates_ok"], fine["dates_total"]) == (1, 1)


def test_wrong_actor():
    score, _ = score_article(gold([]), Place("Busan", "부산", "KR", "city", 1838524), [])
    assert not score.actor_ok
