"""Reading inputs: every format, every encoding, and every kind of bad input."""

from __future__ import annotations

import io
import json
import os
import re
import unicodedata
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citydip.errors import InputError, UsageError
from citydip.models import Article
from citydip.sources import (
    MAX_INPUT_BYTES,
    Notice,
    Skipped,
    article_id,
    normalise_text,
    parse_published,
    read_inputs,
)
from citydip.sources import inputs as inputs_module

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
BODY = "가람시는 3일 노르베크시와 우호도시 협약을 맺었다.\n\n두 도시는 청소년 교류를 시작한다."
ITEM_TYPES = (Article, InputError, Skipped, Notice)


def read(*inputs: str | Path, **options) -> list:
    return list(read_inputs([str(i) for i in inputs], **options))


def articles(items: list) -> list[Article]:
    return [i for i in items if isinstance(i, Article)]


def failures(items: list) -> list[InputError]:
    return [i for i in items if isinstance(i, InputError)]


def notices(items: list) -> list[str]:
    return [i.message for i in items if isinstance(i, Notice)]


def one_article(items: list) -> Article:
    found = articles(items)
    assert len(found) == 1, items
    return found[0]


def write(path: Path, content: str | bytes, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path


# --- normalisation and identity -----------------------------------------------------------------


def test_normalise_text_cleans_line_endings_controls_and_spaces():
    raw = "\ufeff  첫 줄  \r\n둘째\x00 줄\t \r셋째\x07 줄\u200b\n\n\n"
    assert normalise_text(raw) == "첫 줄\n둘째 줄\n셋째 줄"


def test_normalise_text_keeps_tabs_inside_lines_and_makes_nfc():
    nfd = unicodedata.normalize("NFD", "서울\t도시외교")
    assert nfd != "서울\t도시외교"
    assert normalise_text(nfd) == "서울\t도시외교"


def test_article_id_is_16_hex_digits_of_the_normalised_text():
    assert re.fullmatch(r"[0-9a-f]{16}", article_id(BODY))
    assert article_id(BODY) == article_id(BODY.replace("\n", "\r\n") + "  \n")


def test_same_article_in_nfd_crlf_or_with_bom_has_the_same_id(tmp_path):
    plain = write(tmp_path / "plain.txt", BODY)
    nfd = write(tmp_path / "nfd.txt", unicodedata.normalize("NFD", BODY))
    crlf = write(tmp_path / "crlf.txt", BODY.replace("\n", "\r\n"))
    cr = write(tmp_path / "cr.txt", BODY.replace("\n", "\r"))
    bom = write(tmp_path / "bom.txt", BODY, encoding="utf-8-sig")
    ids = {one_article(read(p)).id for p in (plain, nfd, crlf, cr, bom)}
    texts = {one_article(read(p)).text for p in (plain, nfd, crlf, cr, bom)}
    assert ids == {article_id(BODY)}
    assert texts == {BODY}


@given(st.text())
def test_normalise_text_is_idempotent(text):
    once = normalise_text(text)
    assert normalise_text(once) == once
    assert "\r" not in once and "\x00" not in once


def _normalised_by_definition(text: str) -> str:
    """normalise_text spelt out as its rules, one substitution each (the shipped one is faster)."""
    text = re.sub(r"\r\n|[\r\v\f\x1c-\x1e\x85\u2028\u2029]", "\n", text)
    text = re.sub(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\xad\u200b\u2060\ufeff\ufffe]", "", text)
    text = unicodedata.normalize("NFC", text)
    # full-width ASCII forms and the ideographic space become ASCII
    text = "".join(
        chr(ord(c) - 0xFEE0) if "\uff01" <= c <= "\uff5e" else " " if c == "\u3000" else c for c in text
    )
    return re.sub(r"[^\S\n]+$", "", text, flags=re.MULTILINE).strip()


@given(
    st.text(
        alphabet=st.sampled_from(
            "가각 a\t\r\n\v\f\x1c\x1e\x85\u2028\u2029\u3000\xa0\u200b\ufeff\x00\xadé\u0301\u1100\u1161（），１～"
        )
    )
)
def test_normalise_text_follows_its_rules(text):
    assert normalise_text(text) == _normalised_by_definition(text)
    assert article_id(normalise_text(text), normalised=True) == article_id(text)


@given(st.text(alphabet=st.sampled_from("가나다라 서울시\n\t.abc")))
def test_line_endings_never_change_the_id(text):
    assert article_id(text) == article_id(text.replace("\n", "\r\n"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1993-10-21", "1993-10-21"),
        ("19931021", "1993-10-21"),
        (19931021, "1993-10-21"),
        (19931021.0, "1993-10-21"),
        ("1993.10.21", "1993-10-21"),
        ("1993/10/21", "1993-10-21"),
        ("1993. 10. 21.", "1993-10-21"),
        ("1993년 10월 21일", "1993-10-21"),
        ("2023-10-03T09:00:00+09:00", "2023-10-03"),
        ("2023-10-03 23:59", "2023-10-03"),
        ("Tue, 03 Oct 2023 09:00:00 +0900", "2023-10-03"),
        (date(1993, 10, 21), "1993-10-21"),
        (datetime(2023, 10, 3, 23, 30, tzinfo=timezone(timedelta(hours=9))), "2023-10-03"),
        ("20131021093000", "2013-10-21"),
        ("2023-02-30", None),
        ("2023-10", None),
        ("어제", None),
        ("", None),
        (None, None),
        (True, None),
        (1696291200, None),
        ("0001-01-01", None),
        ([2023, 10, 3], None),
    ],
)
def test_parse_published(value, expected):
    assert parse_published(value) == expected


# --- plain text and Markdown --------------------------------------------------------------------


def test_front_matter_fields_and_yaml_date(tmp_path):
    path = write(
        tmp_path / "a.txt",
        "---\ntitle: 가람시 협약\npublished: 1993-10-21\nsource: 가상일보\nurl: https://x.example/1\n---\n"
        + BODY,
    )
    article = one_article(read(path))
    assert article.title == "가람시 협약"
    assert article.published == "1993-10-21"
    assert article.published_inferred is False
    assert article.source == "가상일보"
    assert article.url == "https://x.example/1"
    assert article.text == BODY
    assert article.id == article_id(BODY)  # the front matter is not part of the identity
    assert article.path == str(path)


def test_front_matter_date_key_and_unreadable_date(tmp_path):
    dated = write(tmp_path / "dated.md", f"---\ndate: 2011.08.02\n---\n{BODY}")
    junk = write(tmp_path / "junk.md", f"---\npublished: 언젠가\n---\n{BODY}")
    assert one_article(read(dated)).published == "2011-08-02"
    items = read(junk)
    assert one_article(items).published is None
    assert any("not a date" in message for message in notices(items))


def test_markdown_fixture_gets_title_from_front_matter(tmp_path):
    article = one_article(read(FIXTURES / "front_matter.md"))
    assert article.title == "누리시, 몰텐시와 자매도시 결연"
    assert article.published == "2019-05-14"
    assert article.source == "가상일보"
    assert article.text.startswith("# 누리시")


def test_markdown_heading_is_the_title_when_there_is_no_front_matter(tmp_path):
    path = write(tmp_path / "a.md", f"# 가람시 소식 #\n\n{BODY}")
    assert one_article(read(path)).title == "가람시 소식"
    assert one_article(read(write(tmp_path / "b.txt", f"# 가람시 소식\n\n{BODY}"))).title is None


def test_text_without_front_matter_and_a_lone_rule(tmp_path):
    article = one_article(read(write(tmp_path / "a.txt", f"---\n{BODY}")))
    assert article.text == f"---\n{BODY}"
    assert article.title is None and article.published is None


@pytest.mark.parametrize(
    ("front", "reason"),
    [
        ("title: [unclosed\n", "not valid YAML"),
        ("- a\n- b\n", "YAML list"),
    ],
)
def test_bad_front_matter_is_one_failure(tmp_path, front, reason):
    items = read(write(tmp_path / "a.md", f"---\n{front}---\n{BODY}"))
    assert len(items) == 1
    assert reason in items[0].reason


def test_front_matter_without_body_fails(tmp_path):
    items = read(write(tmp_path / "a.md", "---\ntitle: 제목만\n---\n\n"))
    assert [e.reason for e in failures(items)] == ["no article text after the front matter"]


def test_extensionless_and_unknown_extension_files_are_text(tmp_path):
    assert one_article(read(write(tmp_path / "article", BODY))).text == BODY
    assert one_article(read(write(tmp_path / "article.dat", BODY))).text == BODY


# --- encodings ----------------------------------------------------------------------------------


def test_cp949_dev_file_equals_its_utf8_twin(corpus_dir):
    folder = corpus_dir / "articles"
    twin = one_article(read(folder / "d024_goyang_hakodate_sister_2011.txt"))
    items = read(folder / "d037_cp949_goyang_hakodate_sister_2011.txt")
    cp949 = one_article(items)
    assert "decoded as CP949" in notices(items)
    assert (cp949.id, cp949.text, cp949.title, cp949.published, cp949.source, cp949.url) == (
        twin.id,
        twin.text,
        twin.title,
        twin.published,
        twin.source,
        twin.url,
    )


@pytest.mark.parametrize(
    ("encoding", "notice"),
    [
        ("utf-8", None),
        ("utf-8-sig", None),
        ("utf-16", "decoded as UTF-16"),
        ("utf-16-be", "decoded as UTF-16"),
        ("cp949", "decoded as CP949"),
        ("euc-kr", "decoded as CP949"),
    ],
)
def test_encodings_give_the_same_article(tmp_path, encoding, notice):
    data = BODY.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    items = read(write(tmp_path / "a.txt", data))
    assert one_article(items).id == article_id(BODY)
    assert notices(items) == ([notice] if notice else [])


def test_cp949_only_characters_decode(tmp_path):
    text = "똠방각하 뷁 - CP949 확장 글자"
    assert one_article(read(write(tmp_path / "a.txt", text, encoding="cp949"))).text == text


def test_a_few_corrupt_utf8_bytes_are_replaced_and_reported(tmp_path):
    data = (BODY * 20).encode() + b"\xff" + "끝.".encode()
    items = read(write(tmp_path / "a.txt", data))
    assert one_article(items).text.endswith("\ufffd끝.")
    assert any("replaced" in message for message in notices(items))


# --- folders and stdin --------------------------------------------------------------------------


def test_folder_is_read_recursively_in_sorted_order_skipping_hidden(tmp_path):
    root = tmp_path / "in"
    write(root / "b.txt", "둘째 기사")
    write(root / "a.md", "첫째 기사")
    write(root / "sub" / "c.txt", "셋째 기사")
    write(root / "sub" / "noext", "넷째 기사")
    write(root / ".hidden.txt", "숨은 기사")
    write(root / ".git" / "d.txt", "숨은 폴더 기사")
    write(root / "image.png", b"\x89PNG\r\n")
    write(root / "notes.docx", b"PK\x03\x04")
    found = articles(read(root))
    assert [a.path for a in found] == [
        os.path.join(str(root), rel)
        for rel in ("a.md", "b.txt", os.path.join("sub", "c.txt"), os.path.join("sub", "noext"))
    ]
    assert [a.text for a in found] == ["첫째 기사", "둘째 기사", "셋째 기사", "넷째 기사"]


def test_folder_glob(tmp_path):
    write(tmp_path / "a.txt", "첫째 기사")
    write(tmp_path / "b.md", "둘째 기사")
    write(tmp_path / "sub" / "c.txt", "셋째 기사")
    assert [a.text for a in articles(read(tmp_path, glob="*.txt"))] == ["첫째 기사", "셋째 기사"]
    assert [a.text for a in articles(read(tmp_path, glob="sub/*"))] == ["셋째 기사"]


def test_empty_folder_is_a_failure(tmp_path):
    write(tmp_path / "picture.png", b"\x89PNG")
    items = read(tmp_path)
    assert len(items) == 1 and "no files" in items[0].reason


def test_stdin_dash(tmp_path):
    items = read("-", stdin=io.BytesIO(f"---\ntitle: 표준 입력\n---\n{BODY}".encode("cp949")))
    article = one_article(items)
    assert (article.path, article.title, article.text) == ("-", "표준 입력", BODY)
    assert "decoded as CP949" in notices(items)


def test_stdin_content_is_sniffed_as_json_lines():
    lines = "\n".join(json.dumps({"text": f"기사 {n}"}, ensure_ascii=False) for n in (1, 2))
    found = articles(read("-", stdin=io.BytesIO(lines.encode())))
    assert [(a.path, a.text) for a in found] == [("-#line 1", "기사 1"), ("-#line 2", "기사 2")]


def test_stdin_too_large(monkeypatch):
    monkeypatch.setattr(inputs_module, "MAX_INPUT_BYTES", 10)
    items = read("-", stdin=io.BytesIO(b"x" * 11))
    assert len(items) == 1 and "too large" in items[0].reason


# --- JSON and JSON Lines ------------------------------------------------------------------------


def test_json_array_object_and_wrapper(tmp_path):
    record = {
        "title": "가람시 협약",
        "date": "20231003",
        "content": BODY,
        "url": "https://x.example/1",
        "source": "가상일보",
    }
    array = write(
        tmp_path / "a.json", json.dumps([record, {**record, "content": "다른 기사"}], ensure_ascii=False)
    )
    single = write(tmp_path / "b.json", json.dumps(record, ensure_ascii=False))
    wrapped = write(tmp_path / "c.json", json.dumps({"count": 1, "articles": [record]}, ensure_ascii=False))
    found = articles(read(array))
    assert [a.path for a in found] == [f"{array}#item 1", f"{array}#item 2"]
    assert (found[0].title, found[0].published, found[0].url, found[0].source) == (
        "가람시 협약",
        "2023-10-03",
        "https://x.example/1",
        "가상일보",
    )
    assert one_article(read(single)).path == str(single)
    assert one_article(read(wrapped)).text == BODY


def test_json_field_mapping(tmp_path):
    path = write(
        tmp_path / "a.json", json.dumps([{"본문": BODY, "기사제목": "제목", "작성일": "2020-01-02"}])
    )
    article = one_article(read(path, fields={"title": "기사제목", "published": "작성일"}))
    assert (article.title, article.published) == ("제목", "2020-01-02")
    remapped = write(tmp_path / "b.json", json.dumps([{"text": "무시", "기사": BODY}]))
    assert one_article(read(remapped, fields={"text": "기사"})).text == BODY


def test_json_missing_text_field_names_the_file_and_field(tmp_path):
    path = write(tmp_path / "a.json", json.dumps([{"headline": "제목", "story": "본문"}]))
    items = read(path)
    assert len(items) == 1
    assert items[0].source == str(path)
    assert "missing text field" in items[0].reason and "'story'" in items[0].reason


def test_json_bad_items_fail_one_by_one(tmp_path):
    path = write(
        tmp_path / "a.json", json.dumps([{"text": BODY}, "문자열", {"title": "본문 없음"}, {"text": ""}])
    )
    items = read(path)
    assert len(articles(items)) == 1
    assert [e.source for e in failures(items)] == [f"{path}#item 2", f"{path}#item 3", f"{path}#item 4"]


def test_malformed_json_file(tmp_path):
    items = read(write(tmp_path / "a.json", '[{"text": "기사"},'))
    assert len(items) == 1 and "malformed JSON at line 1" in items[0].reason


def test_jsonl_malformed_line_is_reported_and_the_rest_continue():
    path = FIXTURES / "articles.jsonl"
    items = read(path)
    found = articles(items)
    assert [a.path for a in found] == [f"{path}#line 1", f"{path}#line 4"]
    assert [a.published for a in found] == ["2021-03-02", "2021-03-04"]
    assert found[0].source == "가상일보"
    [bad] = failures(items)
    assert bad.source == f"{path}#line 2" and "malformed JSON line" in bad.reason


def test_jsonl_streams_one_line_at_a_time(tmp_path, monkeypatch):
    from types import SimpleNamespace

    from citydip.sources import tables

    lines = [json.dumps({"text": f"{BODY} ({n})"}, ensure_ascii=False) for n in range(50)]
    path = write(tmp_path / "a.jsonl", "\n".join(lines) + "\n")
    parsed = []

    def loads(text):
        parsed.append(text)
        return json.loads(text)

    monkeypatch.setattr(tables, "json", SimpleNamespace(loads=loads, JSONDecodeError=json.JSONDecodeError))
    items = read_inputs([str(path)])
    first = next(items)
    # the first article comes before the rest of the file is parsed (not after 50 json.loads calls)
    assert isinstance(first, Article) and first.text.endswith("(0)")
    assert len(parsed) <= 2
    assert len(articles([first, *items])) == 50 and len(parsed) <= 51


def test_jsonl_records_without_text_keep_their_place(tmp_path):
    body = json.dumps({"text": BODY}, ensure_ascii=False)
    path = write(tmp_path / "a.jsonl", f'{{"title": "본문 없음"}}\n\n{body}\n"문자열"\n')
    items = [i for i in read(path) if not isinstance(i, Notice)]
    assert [type(i).__name__ for i in items] == ["InputError", "Article", "InputError"]
    assert [i.source for i in failures(items)] == [f"{path}#line 1", f"{path}#line 4"]
    assert articles(items)[0].path == f"{path}#line 3"
    # no object in the file has a text field: one failure naming the file and what it has
    none = write(tmp_path / "b.jsonl", '{"headline": "제목", "story": "본문"}\n{"story": "둘"}\n')
    [failure] = read(none)
    assert failure.source == str(none) and "'story'" in failure.reason


def test_jsonl_lines_are_split_at_line_feeds_only(tmp_path):
    # U+2028 and U+0085 may stand raw inside a JSON string; only a line feed (or CRLF) ends a record
    record = {"title": "가람시\u2028협약", "text": BODY + "\u2028덧붙임\x85끝\r마침"}
    text = json.dumps(record, ensure_ascii=False) + "\r\n" + json.dumps({"text": BODY}, ensure_ascii=False)
    path = write(tmp_path / "a.jsonl", text)
    items = read(path)
    assert failures(items) == []
    assert [a.path for a in articles(items)] == [f"{path}#line 1", f"{path}#line 2"]
    assert "덧붙임" in articles(items)[0].text and "마침" in articles(items)[0].text


# --- CSV and Excel ------------------------------------------------------------------------------


def test_csv_rows(tmp_path):
    text = f'title,published,text,url\n제목 1,2020-01-02,"{BODY}",https://x.example/1\n,,,\n제목 2,20200103,둘째 기사,\n'
    path = write(tmp_path / "a.csv", text)
    found = articles(read(path))
    assert [a.path for a in found] == [f"{path}#row 2", f"{path}#row 4"]
    assert found[0].text == BODY and found[0].published == "2020-01-02"
    assert found[1].url is None and found[1].published == "2020-01-03"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp949"])
def test_csv_encodings(tmp_path, encoding):
    path = write(tmp_path / "a.csv", f"제목,본문\n가람시,{BODY.replace(chr(10), ' ')}\n", encoding=encoding)
    article = one_article(read(path))
    assert article.title == "가람시"


def test_tab_separated_and_row_failures(tmp_path):
    path = write(tmp_path / "a.tsv", "title\ttext\n빈 기사\t\n좋은 기사\t본문이 있다\n")
    items = read(path)
    assert one_article(items).text == "본문이 있다"
    assert [e.source for e in failures(items)] == [f"{path}#row 2"]


def test_csv_missing_text_column(tmp_path):
    path = write(tmp_path / "a.csv", "title,summary\n제목,요약\n")
    items = read(path)
    assert len(items) == 1 and items[0].source == str(path)
    assert "missing text column" in items[0].reason and "'summary'" in items[0].reason


def test_csv_missing_mapped_column_names_it(tmp_path):
    items = read(write(tmp_path / "a.csv", "title,text\n제목,본문\n"), fields={"text": "기사본문"})
    assert len(items) == 1 and "'기사본문'" in items[0].reason


def test_bigkinds_csv_skips_flagged_rows_and_warns_about_excerpts():
    path = FIXTURES / "bigkinds.csv"
    items = read(path)
    found = articles(items)
    assert [(a.path, a.published, a.source, a.title) for a in found] == [
        (f"{path}#row 2", "2020-01-01", "가상일보", "다온시, 리베시와 우호협력 협약"),
        (f"{path}#row 5", "2020-01-03", "가상방송", "다온시장, 리베시 방문"),
    ]
    assert found[0].url == "https://news.example.org/b1"
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert [(s.source, s.reason) for s in skipped] == [
        (f"{path}#row 3", "BigKinds 분석제외 여부: 중복"),
        (f"{path}#row 4", "BigKinds 분석제외 여부: 예외"),
    ]
    assert any("excerpt" in message for message in notices(items))
    assert not failures(items)


def bigkinds_workbook(path: Path, *, extra_sheet: bool = False) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "sheet"
    sheet.append(["뉴스 식별자", "일자", "언론사", "기고자", "제목", "본문", "URL", "분석제외 여부"])
    sheet.append(["1.1", 20131021, "가상일보", "기자", "가람시 협약", BODY, None, None])
    sheet.append(["1.2", "20131022", "가상신문", None, "가람시 협약", BODY, None, "유효 URL 없음"])
    sheet.append([None] * 8)
    sheet.append(
        [
            "1.3",
            datetime(2013, 10, 23, 9, 0),
            "가상방송",
            None,
            "둘째",
            "둘째 기사",
            "https://x.example/3",
            "",
        ]
    )
    if extra_sheet:
        workbook.create_sheet("요약").append(["합계", 3])
    workbook.save(path)
    return path


def test_bigkinds_xlsx(tmp_path):
    path = bigkinds_workbook(tmp_path / "export.xlsx", extra_sheet=True)
    items = read(path)
    found = articles(items)
    assert [(a.path, a.published, a.source) for a in found] == [
        (f"{path}#row 2", "2013-10-21", "가상일보"),
        (f"{path}#row 5", "2013-10-23", "가상방송"),
    ]
    assert found[0].id == article_id(BODY)
    assert [s.source for s in items if isinstance(s, Skipped)] == [f"{path}#row 3"]
    assert any("excerpt" in m for m in notices(items))
    assert any("first worksheet" in m for m in notices(items))


def test_xlsx_from_stdin_is_sniffed(tmp_path):
    data = bigkinds_workbook(tmp_path / "export.xlsx").read_bytes()
    assert len(articles(read("-", stdin=io.BytesIO(data)))) == 2


def test_xlsx_missing_text_column(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["제목", "일자"])
    workbook.active.append(["제목", "20200101"])
    workbook.save(tmp_path / "a.xlsx")
    items = read(tmp_path / "a.xlsx")
    assert len(items) == 1 and "missing text column" in items[0].reason


def test_corrupt_xlsx_and_old_xls(tmp_path):
    corrupt = write(tmp_path / "a.xlsx", b"PK\x03\x04 not really a workbook")
    old = write(tmp_path / "b.xls", b"\xd0\xcf\x11\xe0 old workbook")
    items = read(corrupt, old)
    assert [e.source for e in items] == [str(corrupt), str(old)]
    assert "not a readable .xlsx" in items[0].reason
    assert ".xls workbooks are not supported" in items[1].reason


# --- HTML and URLs ------------------------------------------------------------------------------


def test_html_page_main_text_and_metadata():
    article = one_article(read(FIXTURES / "page.html"))
    assert article.title == "가람시, 노르베크시와 우호도시 협약"
    assert article.published == "2023-10-03"
    assert article.url == "https://news.example.org/articles/2023/garam-norbek"
    assert article.source == "한빛일보"
    assert article.text.startswith("가람시는 3일 시청 대회의실에서")
    for boilerplate in ("광고", "로그인", "무단 전재", "많이 본 뉴스"):
        assert boilerplate not in article.text


def test_euc_kr_html_without_extension_is_sniffed(tmp_path):
    page = (FIXTURES / "page.html").read_text(encoding="utf-8").replace('charset="utf-8"', 'charset="euc-kr"')
    items = read(write(tmp_path / "page", page, encoding="euc-kr"))
    assert one_article(items).title == "가람시, 노르베크시와 우호도시 협약"
    assert any(m.startswith("decoded as") for m in notices(items))
    forced = read(write(tmp_path / "page.txt", page, encoding="euc-kr"), fmt="html")
    assert one_article(forced).source == "한빛일보"


def test_html_without_article_text_fails(tmp_path):
    items = read(
        write(tmp_path / "a.html", "<html><head><title>빈 페이지</title></head><body></body></html>")
    )
    assert len(items) == 1 and "no article text" in items[0].reason


def test_url_without_network_is_a_clear_failure():
    items = read("https://news.example.invalid/article/1", FIXTURES / "front_matter.md")
    assert items[0].source == "https://news.example.invalid/article/1"
    assert items[0].reason.startswith("cannot fetch URL")
    assert len(articles(items)) == 1


# --- bad input ----------------------------------------------------------------------------------


def test_empty_and_blank_files(tmp_path):
    items = read(
        write(tmp_path / "a.txt", b""), write(tmp_path / "b.txt", " \n\t\r\n"), write(tmp_path / "c.json", "")
    )
    assert [e.reason for e in items] == ["empty file", "empty file (no text)", "empty file"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"abc\x00def\x00", "NUL bytes"),
        (b"%PDF-1.7\n", "PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "HWP"),
        (bytes(range(1, 32)) * 4, "control characters"),
        (bytes(range(128, 256)) * 4, "cannot decode"),
    ],
)
def test_binary_files_are_refused(tmp_path, content, reason):
    items = read(write(tmp_path / "a.txt", content))
    assert len(items) == 1 and reason in items[0].reason


def test_huge_file_is_refused_without_reading_it(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with path.open("wb") as stream:
        stream.truncate(MAX_INPUT_BYTES + 1)  # sparse: no 50 MB written

    def never(*args, **kwargs):
        raise AssertionError("the huge file was opened")

    monkeypatch.setattr(inputs_module, "open", never, raising=False)
    items = read(path)
    assert len(items) == 1 and items[0].reason == "file too large (52,428,801 bytes): the limit is 50 MB"


def test_missing_paths_and_file_used_as_folder(tmp_path):
    good = write(tmp_path / "good.txt", BODY)
    items = read(tmp_path / "missing.txt", good / "child.txt", good)
    assert [(type(i), getattr(i, "reason", None)) for i in items] == [
        (InputError, "no such file or directory"),
        (InputError, "a part of the path is not a directory"),
        (Article, None),
    ]


def test_permission_denied(tmp_path, monkeypatch):
    path = write(tmp_path / "secret.txt", BODY)

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(inputs_module, "open", denied, raising=False)
    items = read(path)
    assert [(e.source, e.reason) for e in items] == [(str(path), "permission denied")]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
def test_permission_denied_for_real(tmp_path):
    path = write(tmp_path / "secret.txt", BODY)
    path.chmod(0)
    assert read(path)[0].reason == "permission denied"


def test_an_unexpected_error_costs_one_input_only(tmp_path, monkeypatch):
    from citydip.sources import plaintext

    def broken(text, source, fields, *, markdown=False):
        if "boom" in source:
            raise RuntimeError("parser bug")
        yield from original(text, source, fields, markdown=markdown)

    original = plaintext.read_text
    monkeypatch.setattr(plaintext, "read_text", broken)
    items = read(write(tmp_path / "boom.txt", BODY), write(tmp_path / "fine.txt", BODY))
    assert "unexpected error" in items[0].reason and "parser bug" in items[0].reason
    assert isinstance(items[1], Article)


def test_bad_arguments_are_usage_errors():
    with pytest.raises(UsageError, match="unknown format"):
        read_inputs(["x"], fmt="pdf")
    with pytest.raises(UsageError, match="unknown field"):
        read_inputs(["x"], fields={"body": "본문"})


def test_format_override_reads_json_as_text(tmp_path):
    path = write(tmp_path / "a.json", '{"text": "기사"}')
    assert one_article(read(path, fmt="text")).text == '{"text": "기사"}'


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.binary(max_size=2000)
    | st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0xD7A3), max_size=300).map(str.encode),
    suffix=st.sampled_from(["", ".txt", ".md", ".html", ".json", ".jsonl", ".csv", ".xlsx", ".bin"]),
)
def test_random_bytes_never_crash(tmp_path, data, suffix):
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    for items in (read(path), read("-", stdin=io.BytesIO(data))):
        assert items
        for item in items:
            assert isinstance(item, ITEM_TYPES)
            if isinstance(item, Article):
                assert item.text and item.text == normalise_text(item.text)
                assert item.id == article_id(item.text)


KOREAN_LIKE = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3),
        st.characters(min_codepoint=0x1100, max_codepoint=0x11FF),  # conjoining jamo (NFD Hangul)
        st.sampled_from(" \t\n\r\x00\x0b\u200b\ufeff.,\"'·…-"),
        st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    ),
    max_size=200,
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=KOREAN_LIKE, title=KOREAN_LIKE)
def test_json_and_csv_carry_any_text_through_normalised(tmp_path, text, title):
    import csv

    record_json = write(tmp_path / "a.jsonl", json.dumps({"title": title, "text": text}) + "\n")
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows([["title", "text"], [title, text]])
    record_csv = write(tmp_path / "a.csv", buffer.getvalue().replace("\x00", ""))
    expected_csv = normalise_text(text.replace("\x00", ""))
    for path, expected in ((record_json, normalise_text(text)), (record_csv, expected_csv)):
        items = read(path)
        assert all(isinstance(item, ITEM_TYPES) for item in items)
        if expected:
            article = one_article(items)
            assert article.text == expected and article.id == article_id(text)
            assert article.title is None or "\n" not in article.title
        else:
            assert not articles(items)


def test_csv_field_longer_than_the_csv_module_default(tmp_path):
    body = "가람시 협약 " * 30_000  # ~210 KB, over csv's 128 KiB default field limit
    path = write(tmp_path / "a.csv", f'title,text\n제목,"{body}"\n')
    assert one_article(read(path)).text == body.strip()


def test_cp949_file_cut_mid_character_is_read_with_a_notice(tmp_path):
    data = (BODY * 5).encode("cp949") + "끝".encode("cp949")[:1]
    items = read(write(tmp_path / "a.txt", data))
    assert one_article(items).text.startswith(BODY.split("\n")[0])
    assert "decoded as CP949" in notices(items)
    assert any("replaced" in message for message in notices(items))


@pytest.mark.parametrize(
    "body",
    [
        "[가람=가상통신] 가람시는 3일 협약을 맺었다.",
        "<앵커>\n가람시가 노르베크시와 협약을 맺었습니다.",
        "{가람시} 소식: 협약 체결",
    ],
)
def test_text_that_starts_like_markup_or_json_stays_text(tmp_path, body):
    assert one_article(read(write(tmp_path / "article", body))).text == body


def test_json_lines_under_a_json_name_and_the_reverse(tmp_path):
    lines = "\n".join(json.dumps({"text": f"기사 {n}"}, ensure_ascii=False) for n in (1, 2))
    items = read(write(tmp_path / "a.json", lines))
    assert [a.path for a in articles(items)] == [
        f"{tmp_path / 'a.json'}#line 1",
        f"{tmp_path / 'a.json'}#line 2",
    ]
    assert any("JSON Lines" in m for m in notices(items))
    pretty = json.dumps([{"text": "기사 1"}, {"text": "기사 2"}], ensure_ascii=False, indent=2)
    items = read(write(tmp_path / "b.jsonl", pretty))
    assert [a.text for a in articles(items)] == ["기사 1", "기사 2"]
    assert any("read as JSON" in m for m in notices(items))


def test_page_declaring_its_charset_is_decoded_with_it(tmp_path):
    paragraph = "<p>架空市は三日、姉妹都市の代表団を迎えて青少年交流の再開について話し合った。両市は来年の春から学生の相互訪問を始める予定だ。</p>"
    page = (
        '<html><head><meta charset="shift_jis"><title>架空市、姉妹都市と交流再開</title></head>'
        f"<body><article><h1>架空市、姉妹都市と交流再開</h1>{paragraph * 3}</article></body></html>"
    )
    items = read(write(tmp_path / "page", page, encoding="shift_jis"))
    article = one_article(items)
    assert article.title == "架空市、姉妹都市と交流再開"
    assert article.text.startswith("架空市は三日")
    assert "decoded as SHIFT-JIS" in notices(items)
