"""PDF files written directly: pages are deflated content streams, text in the two base fonts.

The documents are text, lines and filled rectangles in Helvetica on one page size, and barcodes
in a font of Code 128 symbols. A PDF of that takes a handful of objects (catalog, page tree,
fonts, info) besides a page object and a content stream per page, so they are written here
rather than through a drawing library: at a million packing slips a library's per-page objects
and per-call bookkeeping cost far more than the pages.
It also lets pages be drawn in other processes as plain bytes and written in order by one.

The same pages give the same bytes: no dates, and the document id is derived from the title and
the page count.
"""

import hashlib
from collections.abc import Iterable
from typing import BinaryIO

from isal import isal_zlib

from assets.documents import fonts
from assets.documents.code128 import glyph_procedures

FONT_RESOURCES = {"Helvetica": "/F1", "Helvetica-Bold": "/F2"}
"""Resource name of each font a page may use."""
COMPRESSION = 1
"""Deflate level of page streams (ISA-L's igzip, 0-3): a page of a packing slip compresses in
about 10 µs and as small as zlib's level 1 writes it, which takes 25 µs (zlib's level 6: 60 µs,
8 % smaller; igzip's 2 writes the same bytes as 1, 3 is 6 % smaller and twice as slow), while
a Black Friday night has a million pages."""
BARCODE_RESOURCE = "/F3"
"""A Type 3 font of the Code 128 symbols (`code128.glyph_procedures`): a barcode is drawn as the
string of its symbols, about 45 bytes, rather than as a path of its bars, about 1,100, which
counts where a night's manifests barcode a million packages."""
_BARCODE_FONT = 5 + len(FONT_RESOURCES)
_BARCODE_GLYPHS = len(glyph_procedures())
_FIRST_PAGE_OBJECT = _BARCODE_FONT + 2 + _BARCODE_GLYPHS
"""Objects 1-4 are the catalog, page tree, resources and info, then come the base fonts, the
barcode font, its ToUnicode map and one object per glyph."""
_SPACES = " ".join(["<0020>"] * _BARCODE_GLYPHS)
_BARCODE_TO_UNICODE = (
    "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CIDSystemInfo << /Registry "
    "(Adobe) /Ordering (UCS) /Supplement 0 >> def /CMapName /Adobe-Identity-UCS def /CMapType 2 "
    "def 1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfrange "
    f"<20> <{31 + _BARCODE_GLYPHS:02X}> [{_SPACES}] endbfrange endcmap CMapName currentdict "
    "/CMap defineresource pop end end"
).encode()
"""Barcodes read as spaces when text is extracted or copied, not as glyph names."""


def page_stream(operators: Iterable[str]) -> bytes:
    """A page's content stream from its operators (ASCII: text is escaped), deflated."""
    return isal_zlib.compress(" ".join(operators).encode("ascii", "replace"), COMPRESSION)


def pdf_string(text: str) -> str:
    """text as a PDF literal string in WinAnsi (cp1252) bytes, escaped."""
    out = []
    for byte in text.encode("cp1252", "replace"):
        if byte in (0x28, 0x29, 0x5C) or byte < 32 or byte > 126:
            out.append(f"\\{byte:03o}")
        else:
            out.append(chr(byte))
    return "(" + "".join(out) + ")"


class PdfFile:
    """One PDF being written: pages are appended as deflated streams, `close` finishes it."""

    def __init__(self, out: BinaryIO, *, size: tuple[float, float], info: dict[str, str]) -> None:
        self._out = out
        self._size = size
        self._info = info
        self._offsets: dict[int, int] = {}
        self._pages = 0
        self._position = 0
        self._write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        for n, font in enumerate(FONT_RESOURCES, 5):
            self._object(
                n,
                f"<< /Type /Font /Subtype /Type1 /BaseFont /{font} "
                "/Encoding /WinAnsiEncoding >>".encode(),
            )
        self._barcode_font()

    def _barcode_font(self) -> None:
        """The Type 3 font of `BARCODE_RESOURCE`: glyph 32 + v is symbol v, a unit a module."""
        procedures = glyph_procedures()
        first = _BARCODE_FONT + 2
        names = " ".join(f"/s{v}" for v in range(len(procedures)))
        charprocs = " ".join(f"/s{v} {first + v} 0 R" for v in range(len(procedures)))
        widths = " ".join(procedure.split(b" ", 1)[0].decode() for procedure in procedures)
        self._object(
            _BARCODE_FONT,
            "<< /Type /Font /Subtype /Type3 /FontBBox [0 0 13 1] /FontMatrix [1 0 0 1 0 0] "
            f"/CharProcs << {charprocs} >> /Encoding << /Type /Encoding /Differences "
            f"[32 {names}] >> /FirstChar 32 /LastChar {31 + len(procedures)} /Widths [{widths}] "
            f"/Resources << >> /ToUnicode {_BARCODE_FONT + 1} 0 R >>".encode(),
        )
        self._stream(_BARCODE_FONT + 1, _BARCODE_TO_UNICODE)
        for v, procedure in enumerate(procedures):
            self._stream(first + v, procedure)

    def _stream(self, number: int, data: bytes) -> None:
        self._object(number, b"<< /Length %d >>\nstream\n%s\nendstream" % (len(data), data))

    def _write(self, data: bytes) -> None:
        self._out.write(data)
        self._position += len(data)

    def _object(self, number: int, body: bytes) -> None:
        self._offsets[number] = self._position
        self._write(b"%d 0 obj\n%s\nendobj\n" % (number, body))

    def add_pages(self, streams: Iterable[bytes]) -> None:
        """Append pages, each given as a deflated content stream (`page_stream`)."""
        for stream in streams:
            contents = _FIRST_PAGE_OBJECT + 2 * self._pages
            self._object(
                contents,
                b"<< /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream"
                % (len(stream), stream),
            )
            self._object(
                contents + 1,
                b"<< /Type /Page /Parent 2 0 R /Resources 3 0 R /Contents %d 0 R >>" % contents,
            )
            self._pages += 1

    def close(self, used: fonts.GlyphUse | None = None) -> None:
        """Write the document's own objects (with a subset of each embedded font the pages
        used: `used`), the cross-reference table and the trailer."""
        font_refs = " ".join(f"{name} {n} 0 R" for n, name in enumerate(FONT_RESOURCES.values(), 5))
        font_refs += f" {BARCODE_RESOURCE} {_BARCODE_FONT} 0 R"
        number = _FIRST_PAGE_OBJECT + 2 * self._pages
        for face, glyphs in sorted((used.glyphs if used else {}).items()):
            font_refs += f" {fonts.FACES[face].resource} {number} 0 R"
            for body in fonts.font_objects(face, glyphs, number):
                self._object(number, body)
                number += 1
        kids = " ".join(f"{_FIRST_PAGE_OBJECT + 2 * page + 1} 0 R" for page in range(self._pages))
        width, height = self._size
        self._object(1, b"<< /Type /Catalog /Pages 2 0 R >>")
        self._object(
            2,
            f"<< /Type /Pages /Count {self._pages} /MediaBox [0 0 {width:.4f} {height:.4f}] "
            f"/Kids [{kids}] >>".encode(),
        )
        self._object(3, f"<< /Font << {font_refs} >> >>".encode())
        entries = " ".join(f"/{key} {pdf_string(value)}" for key, value in self._info.items())
        self._object(4, f"<< {entries} >>".encode())
        count = number
        xref = self._position
        rows = [b"0000000000 65535 f \n"]
        rows += [b"%010d 00000 n \n" % self._offsets[number] for number in range(1, count)]
        digest = hashlib.md5(  # noqa: S324 - an id, not a secret
            f"{self._info.get('Title', '')}/{self._pages}".encode()
        ).hexdigest()
        self._write(b"xref\n0 %d\n%s" % (count, b"".join(rows)))
        self._write(
            f"trailer\n<< /Size {count} /Root 1 0 R /Info 4 0 R /ID [<{digest}> <{digest}>] >>\n"
            f"startxref\n{xref}\n%%EOF\n".encode()
        )
