"""Input names (files, folders, "-" for stdin, URLs) → a stream of articles, skips, notices and failures."""

from __future__ import annotations

import json
import os
import re
import stat
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import BinaryIO

from citydip.errors import InputError, UsageError

from .decoding import declared_charset, decode_bytes
from .items import FORMATS, MAX_INPUT_BYTES, Notice, SourceItem
from .records import FieldMap

# Extension → format. Folders are searched for these (and for files with no extension) unless a glob is given.
EXTENSIONS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "csv",
    ".xlsx": "xlsx",
}
_UNSUPPORTED = {
    ".xls": "old Excel .xls workbooks are not supported: save it as .xlsx or CSV",
    ".pdf": "PDF is not supported; extract its text first",
    ".hwp": "HWP documents are not supported: save the article as text",
    ".docx": "Word documents are not supported: save the article as text",
}
_URL = re.compile(r"^https?://", re.IGNORECASE)
_HTML_TAG = re.compile(r"<(?:!doctype\s+html|html|head|body|meta|title|article|div|p)[\s>/]", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Options:
    fmt: str | None
    fields: FieldMap
    glob: str | None
    stdin: BinaryIO | None


def read_inputs(
    inputs: Sequence[str],
    *,
    fmt: str | None = None,
    fields: Mapping[str, str] | None = None,
    glob: str | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[SourceItem]:
    """Read every input in order and yield Article, InputError, Skipped and Notice items.

    ``inputs`` are file paths, folder paths (searched recursively in sorted order, hidden entries
    skipped), "-" for stdin (``stdin`` or ``sys.stdin.buffer``) and http(s) URLs. ``fmt`` forces one
    of FORMATS; by default the extension decides, then the content. ``fields`` maps our field names
    (text, title, published, url, source) to the input's column or key names. ``glob`` filters folder
    files by a pattern such as "*.txt" matched against their path inside the folder.

    Bad arguments raise UsageError at once; once iterating, a bad input only ever yields an
    InputError naming it, and the remaining inputs are still read.
    """
    if fmt is not None and fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    try:
        field_map = FieldMap(fields)
    except ValueError as err:
        raise UsageError(str(err)) from None
    names = [inputs] if isinstance(inputs, str) else list(inputs)
    return _read_all(names, _Options(fmt, field_map, glob, stdin))


def _read_all(names: list[str], options: _Options) -> Iterator[SourceItem]:
    for name in names:
        if name == "-":
            yield from _guard("-", _read_stdin(options))
        elif _URL.match(name):
            yield from _guard(name, _read_url(name, options))
        else:
            yield from _read_path(name, options)


def _guard(source: str, items: Iterable[SourceItem]) -> Iterator[SourceItem]:
    """Turn anything that goes wrong while reading one input into one failure naming it."""
    try:
        yield from items
    except InputError as err:
        yield err
    except OSError as err:
        yield InputError(source, _os_reason(err))
    except Exception as err:  # a bad file must never cost the rest of the batch
        yield InputError(source, f"unexpected error while reading ({type(err).__name__}: {err})")


def _os_reason(err: OSError) -> str:
    if isinstance(err, FileNotFoundError):
        return "no such file or directory"
    if isinstance(err, PermissionError):
        return "permission denied"
    if isinstance(err, NotADirectoryError):
        return "a part of the path is not a directory"
    if isinstance(err, IsADirectoryError):
        return "is a directory"
    return f"cannot read ({err.strerror or err})"


def _too_large(source: str, size: int | None = None) -> InputError:
    got = f" ({size:,} bytes)" if size is not None else ""
    return InputError(source, f"file too large{got}: the limit is {MAX_INPUT_BYTES / 1024 / 1024:g} MB")


def _read_bounded(stream: BinaryIO, source: str) -> bytes:
    data = stream.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise _too_large(source)
    return data


def _read_stdin(options: _Options) -> Iterator[SourceItem]:
    stream = options.stdin
    if stream is None:
        if sys.stdin is None:
            raise InputError("-", "no standard input available")
        if sys.stdin.isatty():
            raise InputError("-", "standard input is a terminal: pipe an article in, or give a file")
        stream = sys.stdin.buffer
    yield from parse_bytes(_read_bounded(stream, "-"), "-", options.fmt, options.fields)


def _read_url(url: str, options: _Options) -> Iterator[SourceItem]:
    from .webpage import fetch_page  # trafilatura is heavy: load it only when a URL or page comes

    yield from fetch_page(url)


def _read_path(name: str, options: _Options) -> Iterator[SourceItem]:
    try:
        info = os.stat(name)
    except (OSError, ValueError) as err:
        reason = _os_reason(err) if isinstance(err, OSError) else f"invalid path ({err})"
        yield InputError(name, reason)
        return
    if stat.S_ISDIR(info.st_mode):
        yield from _read_folder(name, options)
    else:
        yield from _guard(name, _read_file(name, options, info))


def _read_file(path: str, options: _Options, info: os.stat_result | None = None) -> Iterator[SourceItem]:
    info = info or os.stat(path)
    if stat.S_ISREG(info.st_mode) and info.st_size > MAX_INPUT_BYTES:
        raise _too_large(path, info.st_size)
    if stat.S_ISSOCK(info.st_mode):
        raise InputError(path, "is a socket, not a file")
    suffix = PurePath(path).suffix.lower()
    fmt = options.fmt or EXTENSIONS.get(suffix)
    if fmt is None and suffix in _UNSUPPORTED:
        raise InputError(path, _UNSUPPORTED[suffix])
    with open(path, "rb") as stream:
        items = parse_bytes(_read_bounded(stream, path), path, fmt, options.fields)
    yield from items  # the bytes are parse_bytes' own: it lets them go once they are decoded


_IMAGES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".svg", ".tif", ".tiff", ".heic"})


def _skip_kind(suffix: str) -> str:
    """What a file left out of a folder is, for the count ingest reports: pdf, image, its extension."""
    suffix = suffix.lower()
    return "image" if suffix in _IMAGES else suffix.lstrip(".") or "other"


def _walk(
    folder: str, options: _Options, failures: list[InputError], skipped: Counter[str] | None = None
) -> list[str]:
    """Files inside ``folder`` to read, as paths relative to it, in a stable order; the others are counted
    in ``skipped`` by kind."""

    def on_error(err: OSError) -> None:
        where = err.filename or folder
        failures.append(InputError(str(where), _os_reason(err)))

    found: list[tuple[str, ...]] = []
    for root, dirs, files in os.walk(folder, onerror=on_error):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        rel_root = PurePath(os.path.relpath(root, folder))
        for file in files:
            if file.startswith("."):
                continue
            rel = rel_root / file if str(rel_root) != "." else PurePath(file)
            if options.glob:
                if not rel.match(options.glob):
                    continue
            elif rel.suffix and rel.suffix.lower() not in EXTENSIONS:
                if skipped is not None:
                    skipped[_skip_kind(rel.suffix)] += 1
                continue
            found.append(rel.parts)
    return [os.path.join(*parts) for parts in sorted(found)]


def _read_folder(folder: str, options: _Options) -> Iterator[SourceItem]:
    failures: list[InputError] = []
    skipped: Counter[str] = Counter()
    files = _walk(folder, options, failures, skipped)
    yield from failures
    kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(skipped.items(), key=lambda kv: (-kv[1], kv[0])))
    left_out = f"{sum(skipped.values())} skipped: {kinds}" if skipped else ""
    if not files and not failures:
        wanted = f"matching {options.glob!r}" if options.glob else "with an article extension"
        yield InputError(folder, f"folder has no files {wanted}" + (f" ({left_out})" if left_out else ""))
    elif left_out:
        yield Notice(folder, f"{left_out} (not an article format)")
    for rel in files:
        path = os.path.join(folder, rel)
        yield from _guard(path, _read_file(path, options))


_SINGLE = frozenset({"text", "md", "html"})


def count_single_articles(paths: Sequence[str], glob: str | None = None) -> int | None:
    """How many articles ``paths`` hold when each is a file of one article (text, Markdown, HTML) or a
    folder of such files; None when that cannot be known without reading (stdin, URLs, JSON, tables)."""
    options = _Options(None, FieldMap(), glob, None)
    total = 0
    for path in paths:
        if path == "-" or _URL.match(path):
            return None
        if os.path.isdir(path):
            files = _walk(path, options, [])
        elif os.path.isfile(path):
            files = [path]
        else:
            continue
        for file in files:
            suffix = PurePath(file).suffix.lower()
            if EXTENSIONS.get(suffix, "text" if not suffix else None) not in _SINGLE:
                return None
        total += len(files)
    return total


def sniff_format(data: bytes, text: str | None) -> str:
    """The format of an input with no telling extension, from its content."""
    if data.startswith(b"PK\x03\x04") and b"xl/" in data:
        return "xlsx"
    if text is None:
        return "text"
    head = text.lstrip("\ufeff \t\r\n")[:4096]
    if head.startswith("<") and _HTML_TAG.search(head):
        return "html"
    if head[:1] in ("{", "["):
        try:
            json.loads(text.lstrip("\ufeff"))
        except ValueError:
            first = head.split("\n", 1)[0].strip()
            try:
                if isinstance(json.loads(first), dict):
                    return "jsonl"
            except ValueError:
                pass
        else:
            return "json"
    return "text"


def parse_bytes(data: bytes, source: str, fmt: str | None, fields: FieldMap) -> Iterator[SourceItem]:
    """Parse one input's bytes in ``fmt`` (None: detect from content)."""
    if not data:
        raise InputError(source, "empty file")
    if fmt == "xlsx" or (fmt is None and sniff_format(data, None) == "xlsx"):
        from .tables import read_xlsx

        yield from read_xlsx(data, source, fields)
        return
    if fmt == "html":
        from .webpage import read_html_bytes

        yield from read_html_bytes(data, source)
        return
    # A page with no telling extension may still declare its charset (Shift_JIS, Big5 …) in a <meta> tag.
    decoded = decode_bytes(data, source, declared=declared_charset(data) if fmt is None else None)
    if decoded.encoding != "UTF-8":
        yield Notice(source, f"decoded as {decoded.encoding}")
    if decoded.replaced:
        yield Notice(source, f"{decoded.replaced} undecodable byte(s) replaced with U+FFFD")
    fmt = fmt or sniff_format(data, decoded.text)
    del data  # from here a long input is held once, as text, while its articles stream out
    if fmt == "html":
        from .webpage import read_html

        yield from read_html(decoded.text, source)
    elif fmt in ("json", "jsonl", "csv"):
        from . import tables

        reader = {"json": tables.read_json, "jsonl": tables.read_jsonl, "csv": tables.read_csv}[fmt]
        yield from reader(decoded.text, source, fields)
    else:
        from .plaintext import read_text

        yield from read_text(decoded.text, source, fields, markdown=fmt == "md")
