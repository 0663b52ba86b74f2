"""Record-shaped inputs: JSON, JSON Lines, CSV and Excel (.xlsx), including the BigKinds news export."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence

from citydip.errors import InputError

from .items import MAX_INPUT_BYTES, Notice, Skipped, SourceItem
from .normalise import normalise_line
from .records import FieldMap, build_article, unparsed_date

# BigKinds (kinds.or.kr) exports are recognised by these columns; 분석제외 여부 flags rows (중복, 예외 …)
# that BigKinds itself leaves out of analysis.
BIGKINDS_COLUMNS = ("뉴스 식별자", "본문")
BIGKINDS_EXCLUDED = "분석제외 여부"
BIGKINDS_EXCERPT = "BigKinds export: 본문 is the provider's excerpt, not the full article text"


def _article_items(values: Mapping[str, object], label: str) -> Iterator[SourceItem]:
    """One record's article (plus a notice about an unreadable date), or its failure."""
    try:
        article = build_article(
            values.get("text"),
            path=label,
            title=values.get("title"),
            published=values.get("published"),
            source=values.get("source"),
            url=values.get("url"),
        )
    except InputError as err:
        yield err
        return
    if message := unparsed_date(values.get("published"), article):
        yield Notice(label, message)
    yield article


def _missing_text(source: str, fields: FieldMap, columns: Iterable[str], what: str) -> InputError:
    shown = ", ".join(repr(c) for c in list(columns)[:20]) or "none"
    return InputError(source, f"missing text {what}: expected {fields.describe('text')}; found {shown}")


# --- JSON and JSON Lines --------------------------------------------------------------------------


def _object_items(
    records: Iterable[tuple[str, object]], source: str, fields: FieldMap
) -> Iterator[SourceItem]:
    """Each record's article or failure, as they come; a file none of whose objects has a text field is one
    failure naming the file. Records are held back only until the first object with a text field, so that a
    long JSON Lines file streams instead of being parsed whole first."""
    held: list[tuple[str, object]] = []
    keys: dict[str, None] = {}
    streaming = False
    for label, record in records:
        if not streaming:
            if isinstance(record, dict) and "text" in fields.resolve(record):
                streaming = True
                for item in held:
                    yield from _record_items(*item, fields)
                held.clear()
            else:
                if isinstance(record, dict):
                    keys.update(dict.fromkeys(record))
                held.append((label, record))
                continue
        yield from _record_items(label, record, fields)
    if keys and not streaming:
        raise _missing_text(source, fields, keys, "field")
    for item in held:  # no object at all: each record's own failure
        yield from _record_items(*item, fields)


def _record_items(label: str, record: object, fields: FieldMap) -> Iterator[SourceItem]:
    if isinstance(record, InputError):
        yield record
    elif not isinstance(record, dict):
        yield InputError(label, f"expected a JSON object, found {type(record).__name__}")
    else:
        columns = fields.resolve(record)
        if "text" not in columns:
            yield _missing_text(label, fields, record, "field")
            return
        yield from _article_items({field: record[key] for field, key in columns.items()}, label)


def _unwrap(document: dict, fields: FieldMap) -> list | None:
    """The article array inside a wrapper object such as {"articles": [...]}, if that is what it is."""
    if "text" in fields.resolve(document):
        return None
    arrays = [value for value in document.values() if isinstance(value, list) and value]
    if len(arrays) == 1 and all(isinstance(item, dict) for item in arrays[0]):
        return arrays[0]
    return None


def read_json(text: str, source: str, fields: FieldMap) -> Iterator[SourceItem]:
    """A JSON array of article objects, one article object, or an object holding one such array."""
    if not text.strip():
        raise InputError(source, "empty file (no JSON)")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as err:
        if err.msg == "Extra data" and _first_line_is_object(text):
            yield Notice(source, "holds one JSON object per line: read as JSON Lines")
            yield from read_jsonl(text, source, fields)
            return
        raise InputError(
            source, f"malformed JSON at line {err.lineno}, column {err.colno}: {err.msg}"
        ) from None
    if isinstance(document, dict) and (inner := _unwrap(document, fields)) is not None:
        document = inner
    if isinstance(document, dict):
        records = [(source, document)]
    elif isinstance(document, list):
        if not document:
            raise InputError(source, "empty JSON array (no articles)")
        records = [(f"{source}#item {n}", record) for n, record in enumerate(document, start=1)]
    else:
        raise InputError(source, f"expected a JSON array or object, found {type(document).__name__}")
    yield from _object_items(records, source, fields)


def _first_line_is_object(text: str) -> bool:
    first = next((line for line in _lines(text) if line.strip()), "")
    try:
        return isinstance(json.loads(first), dict)
    except ValueError:
        return False


def read_jsonl(text: str, source: str, fields: FieldMap) -> Iterator[SourceItem]:
    """One JSON object per line; a malformed line is one failure naming its line number."""
    if not _first_line_is_object(text):
        try:
            json.loads(text)
        except ValueError:
            pass
        else:  # a whole (pretty-printed) JSON document saved under a .jsonl name
            yield Notice(source, "holds one JSON document, not JSON Lines: read as JSON")
            yield from read_json(text, source, fields)
            return
    yield from _object_items(_jsonl_records(text, source), source, fields)


def _jsonl_records(text: str, source: str) -> Iterator[tuple[str, object]]:
    """(label, object or failure) for each non-blank line, read one line at a time."""
    any_line = False
    for n, line in enumerate(_lines(text), start=1):
        if not line.strip():
            continue
        any_line = True
        label = f"{source}#line {n}"
        try:
            yield label, json.loads(line)
        except json.JSONDecodeError as err:
            yield label, InputError(label, f"malformed JSON line (column {err.colno}: {err.msg})")
    if not any_line:
        raise InputError(source, "empty file (no JSON lines)")


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` one by one, without a list of them all. JSON Lines separates records by line
    feeds alone: U+2028 and the like may stand inside a JSON string (str.splitlines would cut there)."""
    start, size = 0, len(text)
    while start < size:
        end = text.find("\n", start)
        if end < 0:
            end = size
        yield text[start:end].removesuffix("\r")
        start = end + 1


# --- CSV and Excel --------------------------------------------------------------------------------


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _row_items(
    source: str, rows: Iterable[tuple[int, Sequence[object]]], fields: FieldMap
) -> Iterator[SourceItem]:
    """Articles from numbered rows whose first non-blank row is the header."""
    rows = iter(rows)
    for _, header_cells in rows:
        if not all(_blank(cell) for cell in header_cells):
            break
    else:
        raise InputError(source, "empty table (no header row)")
    header = [normalise_line(cell) or "" for cell in header_cells]
    position: dict[str, int] = {}
    for i, name in enumerate(header):
        position.setdefault(name, i)
    bigkinds = all(column in position for column in BIGKINDS_COLUMNS)
    columns = fields.resolve(name for name in position if name)
    if "text" not in columns:
        raise _missing_text(source, fields, [name for name in header if name], "column")
    if bigkinds:
        yield Notice(source, BIGKINDS_EXCERPT)
    excluded = position.get(BIGKINDS_EXCLUDED) if bigkinds else None

    def cell(cells: Sequence[object], index: int | None) -> object:
        return cells[index] if index is not None and index < len(cells) else None

    for number, cells in rows:
        if all(_blank(value) for value in cells):
            continue
        label = f"{source}#row {number}"
        if not _blank(flag := cell(cells, excluded)):
            yield Skipped(label, f"BigKinds {BIGKINDS_EXCLUDED}: {normalise_line(flag)}")
            continue
        values = {field: cell(cells, position[column]) for field, column in columns.items()}
        yield from _article_items(values, label)


def _delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    best = max((",", "\t", ";"), key=header.count)
    return best if header.count(best) else ","


def read_csv(text: str, source: str, fields: FieldMap) -> Iterator[SourceItem]:
    """A CSV (or tab/semicolon-separated) table with a header row; rows are numbered as a spreadsheet shows them."""
    if not text.strip():
        raise InputError(source, "empty file (no CSV)")
    # Article bodies easily exceed csv's default 128 KiB field limit; no field can exceed the file limit.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_INPUT_BYTES))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))

    def numbered() -> Iterator[tuple[int, list[str]]]:
        number = 0
        try:
            for number, row in enumerate(reader, start=1):
                yield number, row
        except csv.Error as err:
            raise InputError(
                source, f"malformed CSV after row {number} (line {reader.line_num}): {err}"
            ) from None

    yield from _row_items(source, numbered(), fields)


def read_xlsx(data: bytes, source: str, fields: FieldMap) -> Iterator[SourceItem]:
    """The first worksheet of an Excel workbook, header in its first non-empty row."""
    from openpyxl import load_workbook  # only needed for workbooks
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException) as err:
        raise InputError(source, f"not a readable .xlsx workbook ({err})") from None
    except Exception as err:  # a damaged archive fails inside zlib, zipfile or the XML parser in many ways
        raise InputError(source, f"damaged .xlsx workbook ({type(err).__name__}: {err})") from None
    try:
        sheets = workbook.worksheets
        if not sheets:
            raise InputError(source, "workbook has no worksheets")
        sheet = sheets[0]
        if len(sheets) > 1:
            others = ", ".join(repr(s.title) for s in sheets[1:])
            yield Notice(source, f"read only the first worksheet {sheet.title!r}; ignored {others}")
        rows = enumerate(sheet.iter_rows(values_only=True), start=1)
        yield from _row_items(source, rows, fields)
    except InputError:
        raise
    except Exception as err:  # read-only workbooks decompress lazily, so damage can also surface here
        raise InputError(source, f"damaged .xlsx workbook ({type(err).__name__}: {err})") from None
    finally:
        workbook.close()
