"""Bytes to text, and values to the text a person would have typed.

Text files come in UTF-8 (with or without BOM), UTF-16, or the code page of a Western
spreadsheet; damaged exports carry NUL characters; cells of workbooks, GeoJSON and Parquet
hold numbers, dates and lists that validation must see as text.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

import numpy as np

# Encodings a Brazilian spreadsheet export may come in when it is not UTF-8.
FALLBACK_ENCODINGS = ("cp1252", "latin_1", "iso8859_15", "mac_roman", "cp850")

_ASCII_BYTES = bytes(range(128))

# Control characters (terminal escapes among them) shown as escapes in messages.
_CONTROL = {c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7F, 0xA0))}

# Letters of Portuguese and the punctuation spreadsheets write: text decoded with the right
# code page is made of these, a wrong one turns them into box drawing or odd capitals.
_PORTUGUESE = frozenset("áàâãéêíóôõúüçÁÀÂÃÉÊÍÓÔÕÚÜÇºª°§–—‘’“”€·")


def printable(text: str) -> str:
    """``text`` with control characters written as escapes (``\\x1b``), safe to print
    on a terminal: a cell holding an escape sequence must not drive it."""
    return text.translate(_CONTROL)


def decode(data: bytes) -> tuple[str, str]:
    """Decode the bytes of a text file; return the text (NFC) and the encoding used.

    UTF-8 (with or without BOM) wins whenever it decodes; UTF-16 is recognised by its byte
    order mark or its zero bytes; otherwise the code page of Western spreadsheets that reads
    the most Portuguese letters wins (Windows-1252 first).
    """
    text, encoding, _ = decode_to_utf8(data, encode=False)
    return text, encoding


def decode_to_utf8(data: bytes, *, encode: bool = True) -> tuple[str, str, bytes]:
    """:func:`decode`, and the text's UTF-8 bytes (empty when ``encode`` is false).

    A UTF-8 file whose text decoding left as it was (no NFC change, no second BOM) is its
    own UTF-8: its bytes are returned as they are rather than encoded again.
    """
    text: str | None = None
    if data.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif (wide := _utf16_without_bom(data)) is not None:
        encoding = wide
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            encoding = _guess_encoding(data)
    if text is None:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            # Windows-1252 leaves five bytes undefined; Latin-1 maps every byte.
            encoding = "latin_1"
            text = data.decode(encoding)
    decoded = text
    text = text.lstrip("\ufeff")
    # ASCII text is NFC already; normalize copies the text even when nothing changes. So
    # is text read from a code page: each of their characters is NFC alone and composes
    # with no other (tests/test_read.py checks them all), and checking costs a pass.
    if (encoding not in FALLBACK_ENCODINGS and not text.isascii()
            and not unicodedata.is_normalized("NFC", text)):
        text = unicodedata.normalize("NFC", text)
    if not encode:
        return text, encoding, b""
    if text is decoded and encoding in ("utf-8", "utf-8-sig"):
        return text, encoding, data[3:] if encoding == "utf-8-sig" else data
    return text, encoding, text.encode("utf-8")


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` or ``-be`` for UTF-16 text saved without its byte order mark.

    Text in a Western language saved as UTF-16 has a zero byte beside almost every
    character; UTF-8 and Windows-1252 text has none.
    """
    if len(data) < 4 or data.count(0) < len(data) // 4:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    encoding = "utf-16-le" if odd > even else "utf-16-be"
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return encoding


def _guess_encoding(data: bytes) -> str:
    """The single-byte code page among ``FALLBACK_ENCODINGS`` that reads the most
    Portuguese letters out of the bytes above 127 (Windows-1252 on a tie).

    A general detector (charset-normalizer) mistakes short Windows-1252 files for Mac Roman
    or DOS code pages ("código" read as "cÛdigo"); in these code pages each byte is one
    character, so counting the high bytes once is enough.
    """
    # Only the bytes above 127 are counted: bincount would widen every byte to 64 bits, and
    # deleting the ASCII bytes first leaves a few per line.
    high_bytes = np.frombuffer(data.translate(None, _ASCII_BYTES), dtype=np.uint8)
    counts = np.bincount(high_bytes, minlength=256)
    high = [b for b in range(128, 256) if counts[b]]
    best, best_score = "cp1252", None
    for encoding in FALLBACK_ENCODINGS:
        score = 0
        for b in high:
            try:
                char = bytes([b]).decode(encoding)
            except UnicodeDecodeError:
                break
            score += int(counts[b]) * (1 if char in _PORTUGUESE else -1)
        else:
            if best_score is None or score > best_score:
                best, best_score = encoding, score
    return best


def newlines(raw: bytes) -> np.ndarray:
    """Byte offsets of the ``\\n`` characters of ``raw``."""
    return np.flatnonzero(np.frombuffer(raw, dtype=np.uint8) == ord("\n"))


def drop_nul(text: str) -> tuple[str, tuple[str, ...]]:
    """Remove NUL characters (left by damaged exports); say on which lines they were."""
    if "\x00" not in text:
        return text, ()
    raw = text.encode("utf-8")
    nul = np.flatnonzero(np.frombuffer(raw, dtype=np.uint8) == 0)
    where = np.unique(np.searchsorted(newlines(raw), nul) + 1)
    shown = ", ".join(str(n) for n in where[:10]) + (" ..." if len(where) > 10 else "")
    return text.replace("\x00", ""), (
        f"NUL characters (a damaged export?) were removed from line(s) {shown}.",)


def cell_text(value: object) -> str:
    """Render one spreadsheet or JSON value as the text a person would have typed."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        if value.time() == datetime.min.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (list, tuple)):
        return ";".join(cell_text(v) for v in value)
    return str(value)
