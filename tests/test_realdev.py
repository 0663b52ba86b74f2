"""The real-article development set: facts about public pages (never their text), and its scoring script."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "realdev.py"
sys.path.insert(0, str(SCRIPT.parent))

import realdev  # noqa: E402


def test_page_key_follows_the_reserved_list_rule():
    """No scheme, no leading 'www.', no trailing '/': both spellings of one page share a key."""
    assert realdev.normalise_url("https://www.example.com/news/1/") == "example.com/news/1"
    assert realdev.normalise_url("http://example.com/news/1") == "example.com/news/1"
    assert realdev.page_key("https://www.example.com/news/1/") == realdev.page_key("example.com/news/1")


def test_gold_files_are_valid_and_keep_no_text(capsys):
    assert realdev.check() == 0, capsys.readouterr().out
    for path in realdev.SPLITS.values():
        for record in realdev.read_split(path):
            assert set(record) == {"doc", "url", "query", "published", "actor", "events"}
            assert all(len(p.get("name_ko", "")) < 40 for e in record["events"] for p in e["partners"])


def test_set_covers_what_issue_asks():
    records = [r for path in realdev.SPLITS.values() for r in realdev.read_split(path)]
    actors = {(r["actor"] or {}).get("name_ko") for r in records if r["actor"]}
    countries = {p["country"] for r in records for e in r["events"] for p in e["partners"]} - {"KR"}
    assert len(records) >= 150 and len(actors) >= 60 and len(countries) >= 30
    assert sum(not r["events"] for r in records) >= 20
    blind = realdev.read_split(realdev.SPLITS["blind"])
    assert len(blind) * 4 >= len(records)  # about a third is kept blind


def _suwon_danang(key: str, url: str) -> dict:
    """A gold line written for these tests: Suwon's sister tie with Da Nang."""
    danang = {"name": "Da Nang", "name_ko": "다낭", "country": "VN", "geonameid": 1583992, "kind": "city"}
    return {
        "doc": f"{key}.txt",
        "url": url,
        "query": "수원시 자매결연",
        "published": "2024-05-22",
        "actor": {"name": "Suwon", "name_ko": "수원시", "country": "KR", "kind": "city"},
        "events": [{"type": "agreement", "level": "sister", "partners": [danang], "date": "2024-05-22"}],
    }


def test_eval_scores_a_folder_of_fetched_pages(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    url = "https://news.example.org/city/42"
    key = realdev.page_key(url)
    (pages / f"{key}.txt").write_text(
        "수원시는 22일 베트남 다낭시와 자매결연 협약을 체결했다.\n", encoding="utf-8"
    )
    gold = tmp_path / "gold.jsonl"
    record = _suwon_danang(key, url)
    missing = dict(record, doc="0000000000000000.txt", url="https://news.example.org/city/43")
    gold.write_text(
        json.dumps(record, ensure_ascii=False) + "\n" + json.dumps(missing, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "eval", str(pages), "--gold", str(gold)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "1 pages" in done.stdout and "partner F1 1.000" in done.stdout
    assert "1 of 2 pages not in" in done.stderr


@pytest.mark.parametrize("split", ["tune", "blind"])
def test_blind_split_prints_totals_only(tmp_path, split):
    """The blind split is scored as totals while rules are worked on: no per-page lines."""
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "eval", str(tmp_path), "--split", split],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    assert lines[0].startswith(f"{split}: 0 pages") and len(lines) == 1


def test_requery_gives_pages_the_fewest_queries_that_fetch_them(tmp_path, monkeypatch):
    """A fetch log shows which queries returned which pages; requery keeps a query that returned each
    page, and as few distinct ones as cover the set, so the next measurement costs fewer searches."""

    def page(n: int, query: str) -> dict:
        url = f"https://news.example.org/{n}"
        return {"doc": realdev.page_key(url) + ".txt", "url": url, "query": query, "published": None}

    tune = [page(1, "q1"), page(2, "q2"), page(3, "q3"), page(4, "never fetched")]
    blind = [page(5, "q5")]
    splits = {"tune": tmp_path / "tune.jsonl", "blind": tmp_path / "blind.jsonl"}
    for name, records in (("tune", tune), ("blind", blind)):
        splits[name].write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    monkeypatch.setattr(realdev, "SPLITS", splits)
    key = {r["url"][-1]: r["doc"].removesuffix(".txt") for r in tune + blind}
    # q2 returned pages 1, 2 and 5; q3 returned 3 and 1; q1 and q5 returned only their own page.
    seen = [("q1", "1"), ("q2", "1"), ("q2", "2"), ("q2", "5"), ("q3", "3"), ("q3", "1"), ("q5", "5")]
    log = tmp_path / "seen.tsv"
    log.write_text("".join(f"{q}\t{key[n]}\n" for q, n in seen), encoding="utf-8")

    assert realdev.main(["requery", str(log)]) == 0

    queries = {r["url"][-1]: r["query"] for name in splits for r in realdev.read_split(splits[name])}
    assert queries == {"1": "q2", "2": "q2", "3": "q3", "4": "never fetched", "5": "q2"}
    bad = tmp_path / "bad.tsv"
    bad.write_text("no tab here\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"bad\.tsv:1"):
        realdev.main(["requery", str(bad)])


@pytest.mark.parametrize(
    ("footer", "allowed"),
    [
        ("저작권자 © 한빛일보 무단 전재-재배포, AI 학습 및 활용 금지", False),
        ("무단전재-재배포 및 AI학습 이용 금지.", False),
        ("무단 전재 및 재배포, 인공지능 학습 이용금지.", False),
        ("저작권자 © 한빛일보 무단전재 및 재배포 금지", True),
        ("시는 AI 학습 플랫폼 도입을 검토한다.", True),
    ],
)
def test_pages_whose_publisher_forbids_ai_training_are_not_trained_on(tmp_path, footer, allowed):
    """A publisher's notice that forbids AI training keeps the page out of both models' training data;
    the page is still scored like any other."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import train_pair_model

    assert realdev.training_allowed(footer) is allowed
    url = "https://news.example.org/city/7"
    key = realdev.page_key(url)
    (tmp_path / f"{key}.txt").write_text(
        "수원시는 22일 베트남 다낭시와 자매결연 협약을 체결했다. 두 도시는 관광과 문화 분야에서 교류하기로 "
        "했다. 시는 내년부터 청소년 교류 사업을 시작한다.\n"
        # a page long enough for the models to judge (MIN_PAGE_CHARS)
        + "협약식에는 두 도시의 공무원과 시민 대표가 함께 자리했고, 양측은 경제와 교육 분야의 협력 방안도 "
        "살폈다. 시 관계자는 앞으로 해마다 대표단을 보내 우의를 다지겠다고 말했다.\n" * 4 + footer + "\n",
        encoding="utf-8",
    )
    record = _suwon_danang(key, url)
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    features, labels, _ = train_pair_model.examples(tmp_path, gold)
    assert bool(features) is allowed and len(labels) == len(features)


def test_batches_and_save_rebuild_the_scratch_copy(tmp_path, capsys):
    """`batches` deals out the queries whose pages are still missing; `save` keeps a fetched excerpt under its
    page's key and logs the query that returned it, and refuses what is not the set's."""
    records = [r for path in realdev.SPLITS.values() for r in realdev.read_split(path)]
    pages, out = tmp_path / "pages", tmp_path / "batches"
    assert realdev.main(["batches", str(pages), str(out), "--parts", "3"]) == 0
    listed = [
        line[7:]
        for part in sorted(out.glob("batch*.txt"))
        for line in part.read_text(encoding="utf-8").splitlines()
        if line.startswith("QUERY: ")
    ]
    assert len(listed) == len(set(listed)) == len({r["query"] for r in records})

    first = records[0]
    excerpt = tmp_path / "excerpt.txt"
    excerpt.write_text("시는 22일 자매도시와 교류 협약을 맺었다고 밝혔다. " * 3, encoding="utf-8")
    assert realdev.main(["save", str(pages), first["url"], first["query"], str(excerpt)]) == 0
    assert (pages / first["doc"]).read_text(encoding="utf-8") == excerpt.read_text(encoding="utf-8")
    log = (pages / realdev.FETCH_LOG).read_text(encoding="utf-8")
    assert log == f"{first['query']}\t{first['doc'].removesuffix('.txt')}\n"
    assert realdev.main(["save", str(pages), "https://elsewhere.example.org/1", "q", str(excerpt)]) == 0
    assert "not in the set" in capsys.readouterr().out and len(list(pages.glob("*.txt"))) == 1
    # with that page fetched, its query drops out of the batches when no other page needs it
    realdev.main(["batches", str(pages), str(out), "--parts", "1"])
    still = (out / "batch1.txt").read_text(encoding="utf-8")
    others = [r for r in records if r["query"] == first["query"] and r["doc"] != first["doc"]]
    assert (f"QUERY: {first['query']}\n" in still) == bool(others)
    assert f"URL: {first['url']}\n" not in still
    short = tmp_path / "short.txt"
    short.write_text("제목만", encoding="utf-8")
    assert realdev.main(["save", str(pages), first["url"], first["query"], str(short)]) == 1


def test_the_pair_models_threshold_is_scored_per_page_as_the_evaluation_scores():
    """PageScores (scripts/train_pair_model.py) scores a choice of kept pairs by event F1 and partner F1 over
    pages, as citydip.evaluate does: one gold pair found twice counts once, a place only optional gold names is
    neither right nor wrong, and a gold pair no example stands for is a miss."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import train_pair_model

    from citydip.models import Place

    danang = Place("Da Nang", "다낭", "VN", "city", 1583992)
    hue = Place("Hue", "후에", "VN", "city", 1580240)
    hanoi = Place("Hanoi", "하노이", "VN", "city", 1581130)
    record = _suwon_danang("k", "https://news.example.org/city/9")
    record["events"] += [
        {"type": "visit", "partners": [danang.as_json()], "date": None},  # no example stands for it
        {"type": "meeting", "partners": [hue.as_json()], "optional": True},
    ]
    scores = train_pair_model.PageScores()
    # examples 0 and 1 are the same gold agreement read twice; 2 an optional meeting; 3 a false agreement
    scores.add_page(
        record,
        [("agreement", danang), ("agreement", danang), ("meeting", hue), ("agreement", hanoi)],
    )
    everything = scores.f1s([True, True, True, True])
    assert everything == pytest.approx((2 * 1 / (2 * 1 + 1 + 1), 2 * 1 / (2 * 1 + 1 + 0)))
    without_false = scores.f1s([True, False, True, False])
    assert without_false == pytest.approx((2 * 1 / (2 * 1 + 0 + 1), 1.0))
    assert scores.f1s([False, False, False, False]) == (0.0, 0.0)
