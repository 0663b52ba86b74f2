"""Bytes → str for text-like inputs: BOMs, UTF-8, CP949/EUC-KR, and a clear refusal for binary data."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from citydip.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),  # before UTF-16: its BOM starts with UTF-16-LE's
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)

# Magic numbers of files people drop into article folders by mistake: named in the failure.
_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"\xd0\xcf\x11\xe0", "an HWP or old Office (.doc/.xls) document"),
    (b"PK\x03\x04", "a ZIP archive (.docx, .hwpx, .xlsx or similar)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"SQLite format 3\x00", "an SQLite database"),
)

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
_BAD_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str  # a name to tell the user: "UTF-8", "CP949", "UTF-16" …
    replaced: int = 0  # undecodable bytes replaced by U+FFFD


def binary_kind(data: bytes) -> str | None:
    """A short description when ``data`` starts like a known binary format, else None."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    return None


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> tag near its top, if any."""
    match = _CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def _looks_like_korean(text: str) -> bool:
    # A CP949 decode that "succeeds" on non-Korean bytes yields rare hanja and symbols; real
    # CP949 text is overwhelmingly Hangul among its non-ASCII characters.
    wide = sum(1 for ch in text if ord(ch) > 0x7F)
    return wide == 0 or len(_HANGUL.findall(text)) >= 0.6 * wide


def _mostly_text(text: str) -> bool:
    return len(_BAD_CONTROLS.findall(text)) <= max(2, len(text) // 100)


def decode_bytes(data: bytes, source: str, *, declared: str | None = None) -> Decoded:
    """Decode a text input: a BOM, else UTF-8, else the declared encoding (HTML), else CP949.

    Raises InputError for binary data or bytes that are none of these.
    """
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(codec), name)
            except UnicodeDecodeError as err:
                raise InputError(
                    source,
                    f"starts with a {name} byte-order mark but is not valid {name}: "
                    f"bad bytes at offset {err.start}",
                ) from None
    if kind := binary_kind(data):
        raise InputError(source, f"binary file ({kind}), not a supported article format")
    if b"\x00" in data:
        raise InputError(source, "binary file (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if not _mostly_text(text):
            raise InputError(source, "binary file (many control characters), not text")
        return Decoded(text, "UTF-8")
    if declared:
        try:
            codec = codecs.lookup(declared).name
            text = data.decode(codec)
        except (LookupError, UnicodeDecodeError):
            pass  # old pages often declare EUC-KR yet use CP949 extensions
        else:
            if _mostly_text(text):
                return Decoded(text, codec.upper().replace("_", "-"))
    try:
        text = data.decode("cp949")
    except UnicodeDecodeError:
        pass
    else:
        if _looks_like_korean(text) and _mostly_text(text):
            return Decoded(text, "CP949")
    # A few corrupt bytes (a file cut mid-character, a damaged sector) should not cost the article:
    # replace them and report how many.
    allowed = max(1, len(data) // 1000)
    for codec, name in (("utf-8", "UTF-8"), ("cp949", "CP949")):
        text = data.decode(codec, errors="replace")
        already = data.count("\ufffd".encode()) if codec == "utf-8" else 0  # U+FFFD has no CP949 form
        replaced = text.count("\ufffd") - already
        if replaced <= allowed and _mostly_text(text) and (codec == "utf-8" or _looks_like_korean(text)):
            return Decoded(text, name, replaced=replaced)
    raise InputError(
        source, "cannot decode: not UTF-8, UTF-16 or CP949/EUC-KR text (binary or unknown encoding)"
    )
