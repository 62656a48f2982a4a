"""Turn the bytes of a landed export into clean UTF-8, or say why they are not text.

Channel exports arrive as UTF-8 (with or without a BOM), as Windows-1252 (Amazon EU/MX
reports, files re-saved by Excel) and occasionally as UTF-16 ("Unicode text" from Excel).
Anything else is rejected whole with a reason an operator can act on.
"""

import codecs
import re

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SNIFF_BYTES = 65_536


class UnreadableFile(Exception):
    """The whole file cannot be read; `rule` names why, `reason` says it in words."""

    def __init__(self, rule: str, reason: str) -> None:
        super().__init__(reason)
        self.rule = rule
        self.reason = reason


def to_utf8(data: bytes) -> bytes:
    """UTF-8 bytes without BOM and with LF line endings (CRLF and lone CR become LF).

    Valid UTF-8 without CR is passed through untouched, so large files cost one validation.
    """
    if _is_blank(data):
        raise UnreadableFile("empty_file", "the file is empty")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise UnreadableFile("bad_encoding", f"broken UTF-16 text ({error.reason})") from None
        return _check_text(text).encode("utf-8")
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise UnreadableFile("binary_file", "the file holds binary data (NUL bytes), not text")
    data = data.removeprefix(codecs.BOM_UTF8)
    if not data.isascii():  # ASCII is UTF-8; only other text pays for a full decode
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            data = _from_cp1252(data)
    _check_text(data[:_SNIFF_BYTES].decode("utf-8", errors="ignore"))
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return data


def _is_blank(data: bytes) -> bool:
    """Only spaces, line breaks and BOM bytes; a non-blank start spares stripping a copy."""
    blank = b" \t\r\n" + codecs.BOM_UTF8
    return not data[:_SNIFF_BYTES].strip(blank) and not data.strip(blank)


def _from_cp1252(data: bytes) -> bytes:
    try:
        return data.decode("cp1252").encode("utf-8")
    except UnicodeDecodeError as error:
        raise UnreadableFile(
            "bad_encoding",
            f"the file is neither UTF-8 nor Windows-1252 (byte 0x{data[error.start]:02x} "
            f"at offset {error.start})",
        ) from None


def _check_text(sniff: str) -> str:
    if len(_CONTROL_CHARS.findall(sniff)) > max(2, len(sniff) // 200):
        raise UnreadableFile("binary_file", "the file holds binary data, not delimited text")
    if not sniff.strip(" \t\r\n\ufeff"):
        raise UnreadableFile("empty_file", "the file is empty")
    return sniff
