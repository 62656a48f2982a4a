"""Turn the bytes of a landed export into clean UTF-8, or say why they are not text.

Channel exports arrive as UTF-8 (with or without a BOM), as Windows-1252 (Amazon EU/MX
reports, files re-saved by Excel) and occasionally as UTF-16 ("Unicode text" from Excel).
The encoding is decided per line when a UTF-8 file has lines that are not UTF-8 (a row
appended by another tool): one such line must not turn every name of the file into mojibake.
Anything else is rejected whole with a reason an operator can act on.
"""

import codecs
import re
from typing import NamedTuple

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SNIFF_BYTES = 65_536


class UnreadableFile(Exception):
    """The whole file cannot be read; `rule` names why, `reason` says it in words, `rows` how
    many data rows it held (None when it never became rows: not opened, not text)."""

    def __init__(self, rule: str, reason: str, rows: int | None = None) -> None:
        super().__init__(reason)
        self.rule = rule
        self.reason = reason
        self.rows = rows


class Utf8Text(NamedTuple):
    """A file's text as UTF-8, and the lines of a UTF-8 file that were read as Windows-1252."""

    data: bytes  # UTF-8 without BOM, LF line endings
    windows_1252_lines: tuple[int, ...] = ()  # 1-based physical lines of the landed file


def to_utf8(data: bytes) -> Utf8Text:
    """UTF-8 bytes without BOM and with LF line endings (CRLF and lone CR become LF).

    Valid UTF-8 without CR is passed through untouched, so large files cost one validation;
    only a file that fails it is looked at line by line (`_mixed_or_legacy`).
    """
    if _is_blank(data):
        raise UnreadableFile("empty_file", "the file is empty", rows=0)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise UnreadableFile("bad_encoding", f"broken UTF-16 text ({error.reason})") from None
        return Utf8Text(_check_text(text).encode("utf-8"))
    kind = _binary_kind(data)
    if kind is not None:
        raise UnreadableFile("binary_file", kind)
    data = data.removeprefix(codecs.BOM_UTF8)
    if b"\r" in data:  # before decoding, so lines are numbered as an editor shows them
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    utf8 = Utf8Text(data)
    if not data.isascii():  # ASCII is UTF-8; only other text pays for a full decode
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as error:
            utf8 = _mixed_or_legacy(data, error.start)
    _check_text(utf8.data[:_SNIFF_BYTES].decode("utf-8", errors="ignore"))
    return utf8


def _mixed_or_legacy(data: bytes, first_bad: int) -> Utf8Text:
    """Each line that is not UTF-8 read as Windows-1252, the others kept as they are.

    A file without a single UTF-8 multibyte sequence is a legacy Windows-1252 file, read whole
    so with nothing to warn about. In a UTF-8 file the file is walked from one bad line to the
    next (a few bad lines cost a few decodes), and the lines read as Windows-1252 are returned.
    """
    if data.decode("utf-8", errors="ignore").isascii():  # what is left of UTF-8: nothing
        return Utf8Text(_from_cp1252(data, first_line=1))
    pieces: list[bytes] = []
    bad_lines: list[int] = []
    pos, line, bad = 0, 1, first_bad
    while bad is not None:
        start = data.rfind(b"\n", pos, bad) + 1 or pos
        end = data.find(b"\n", bad) + 1 or len(data)
        line += data.count(b"\n", pos, start)
        pieces += [data[pos:start], _from_cp1252(data[start:end], first_line=line)]
        bad_lines.append(line)
        pos, line = end, line + 1
        bad = _first_invalid_utf8(data, pos)
    pieces.append(data[pos:])
    return Utf8Text(b"".join(pieces), tuple(bad_lines))


def _from_cp1252(text: bytes, *, first_line: int) -> bytes:
    """Lines of the file from `first_line` on, from Windows-1252 to UTF-8."""
    try:
        return text.decode("cp1252").encode("utf-8")
    except UnicodeDecodeError as error:
        line = first_line + text.count(b"\n", 0, error.start)
        raise UnreadableFile(
            "bad_encoding",
            f"line {line} is neither UTF-8 nor Windows-1252 (byte 0x{text[error.start]:02x}); "
            "the file is not read — save it again as UTF-8 and land it again",
        ) from None


def _first_invalid_utf8(data: bytes, pos: int) -> int | None:
    """Offset of the first byte from `pos` on that is not valid UTF-8, or None."""
    try:
        codecs.utf_8_decode(memoryview(data)[pos:], "strict", True)
    except UnicodeDecodeError as error:
        return pos + error.start
    return None


_SIGNATURES = (
    (b"PK\x03\x04", "a zip archive (an Excel .xlsx workbook is one): save or export it as CSV"),
    (b"\x1f\x8b", "gzip-compressed: land the file inside it, decompressed"),
    (b"%PDF-", "a PDF document, not an export"),
    (b"\xd0\xcf\x11\xe0", "an old Excel .xls workbook (or another Office file): save it as CSV"),
)
"""How the files most often landed by mistake begin, and what to do about each."""


def _binary_kind(data: bytes) -> str | None:
    """What a file that is not text is, in words; None for text. A NUL byte anywhere makes a
    file binary (`find` is one memchr over the bytes, so the whole file is searched)."""
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return f"the file is {kind}"
    start = data[:512]
    if len(start) >= 4 and (
        start[1::2].count(0) > len(start) // 4 or start[0::2].count(0) > len(start) // 4
    ):
        return (
            "the file is UTF-16 text without a byte-order mark: save it as UTF-8 CSV (or as "
            'UTF-16 with its byte-order mark, as Excel\'s "Unicode text" does)'
        )
    nul = data.find(b"\x00")
    if nul >= 0:
        return f"the file holds binary data (a NUL byte at offset {nul:,}), not text"
    return None


def _is_blank(data: bytes) -> bool:
    """Only spaces, line breaks and BOM bytes; a non-blank start spares stripping a copy."""
    blank = b" \t\r\n" + codecs.BOM_UTF8
    return not data[:_SNIFF_BYTES].strip(blank) and not data.strip(blank)


def _check_text(sniff: str) -> str:
    if len(_CONTROL_CHARS.findall(sniff)) > max(2, len(sniff) // 200):
        raise UnreadableFile("binary_file", "the file holds binary data, not delimited text")
    if not sniff.strip(" \t\r\n\ufeff"):
        raise UnreadableFile("empty_file", "the file is empty", rows=0)
    return sniff
