"""Shared page layout for the warehouse documents: page size, fonts, text, barcodes, tables.

Pages are 210 mm wide (A4) and 11 in tall (Letter): the intersection of both sheets, so a page
prints unscaled on A4 or Letter paper with nothing cut off. Only the PDF base fonts (Helvetica)
are used, and a font of Code 128 symbols for the manifests' package barcodes, in black, so files
stay small, render fast and read well in black and white.
Drawing appends PDF operators to the page under way (`Pages`); the finished pages are deflated
streams that `assets/documents/pdf_file.py` writes, with fixed metadata, so the same content
gives the same bytes on every run.
"""

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from reportlab.lib.units import inch, mm
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth

from assets.documents import code128
from assets.documents.pdf_file import FONT_RESOURCES, page_stream, pdf_string, write_pdf

PAGE_WIDTH = 210 * mm
PAGE_HEIGHT = 11 * inch
PAGE_SIZE = (PAGE_WIDTH, PAGE_HEIGHT)
MARGIN = 15 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
FONT = "Helvetica"
BOLD = "Helvetica-Bold"
PRODUCER = "batch-oms"
QUIET_ZONE = 18.0
"""Blank space each side of a barcode at full size, in points (a quarter inch, over 10 modules)."""
UNDECOMPOSABLE = {"Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Ħ": "H", "ħ": "h", "ı": "i"}


@dataclass
class Pages:
    """The pages of one document as they are drawn: the operators of the page under way and
    the finished pages, deflated."""

    operators: list[str] = field(default_factory=list)
    done: list[bytes] = field(default_factory=list)

    def add(self, operator: str) -> None:
        """Append PDF operators to the page under way."""
        self.operators.append(operator)

    def show_page(self) -> None:
        """Finish the page under way."""
        self.done.append(page_stream(self.operators))
        self.operators = []

    def line(self, x1: float, y1: float, x2: float, y2: float, *, width: float) -> None:
        """A straight line, stroked width points wide."""
        self.operators.append(f"{width:g} w {x1:.2f} {y1:.2f} m {x2:.2f} {y2:.2f} l S")


def info(title: str) -> dict[str, str]:
    """The document information of a file: its title, batch-oms as author and creator."""
    return {
        "Title": title,
        "Author": PRODUCER,
        "Creator": PRODUCER,
        "Producer": PRODUCER,
        "Subject": title,
    }


@contextmanager
def pdf_document(path: Path, title: str) -> Iterator[Pages]:
    """Pages to draw on, written to path as one PDF on exit."""
    pages = Pages()
    yield pages
    write_pdf(path, pages.done, size=PAGE_SIZE, info=info(title))


def page_streams(contents: Iterable[str]) -> list[bytes]:
    """Pages given as their operators (one string a page) as deflated content streams."""
    return [page_stream([content]) for content in contents]


def write_pages(path: Path, streams: Iterable[bytes], title: str) -> Path:
    """Write pages (deflated content streams, in order) as one PDF titled title."""
    return write_pdf(path, streams, size=PAGE_SIZE, info=info(title))


@lru_cache(maxsize=65536)
def printable(value: object) -> str:
    """Text the base fonts can draw: accents folded where cp1252 lacks the letter, else '?'."""
    if value is None:
        return ""
    text = str(value)
    try:
        text.encode("cp1252")
        return text
    except UnicodeEncodeError:
        pass
    folded = []
    for char in text:
        try:
            char.encode("cp1252")
            folded.append(char)
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
            folded.append(base or UNDECOMPOSABLE.get(char, "?"))
    return "".join(folded)


@lru_cache(maxsize=65536)
def fit(text: str, width: float, font: str = FONT, size: float = 9) -> str:
    """Text cut with an ellipsis so it fits in width points."""
    if len(text) * size * widest_glyph(font) <= width or text_width(text, font, size) <= width:
        return text
    while text and text_width(text + "...", font, size) > width:
        text = text[:-1]
    return text + "..."


@lru_cache(maxsize=8)
def widest_glyph(font: str) -> float:
    """The widest glyph of the font, in ems: text of n characters is never wider than n of it."""
    return max(getFont(font).widths) / 1000


@lru_cache(maxsize=65536)
def wrap(text: str, width: float, font: str = FONT, size: float = 9) -> tuple[str, ...]:
    """Printable text as the lines it takes in width points, broken at spaces (a word longer
    than a line is broken inside): all of it, never cut. Most text fits: it is measured once,
    or not at all when even the widest glyphs would fit, and only longer text is broken word by
    word. Cached: a warehouse's own lines and common values repeat on every slip."""
    if len(text) * size * widest_glyph(font) <= width or text_width(text, font, size) <= width:
        return (text,) if text else ()
    lines: list[str] = []
    line = ""
    for word in text.split():
        joined = f"{line} {word}" if line else word
        if text_width(joined, font, size) <= width:
            line = joined
            continue
        if line:
            lines.append(line)
        while text_width(word, font, size) > width:
            cut = _longest_fitting_prefix(word, width, font, size)
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return tuple(lines)


def _longest_fitting_prefix(word: str, width: float, font: str, size: float) -> int:
    """How many leading characters of word fit in width (at least one), by bisection."""
    low, high = 1, len(word)
    while low < high:
        middle = (low + high + 1) // 2
        if text_width(word[:middle], font, size) <= width:
            low = middle
        else:
            high = middle - 1
    return low


_NEEDS_ESCAPE = re.compile(r"[^ -~]|[()\\]")
"""Characters a PDF literal string cannot hold as they are: outside printable ASCII, ( ) and \\."""


@lru_cache(maxsize=65536)
def _pdf_string(text: str) -> str:
    """text as a PDF literal string; most names and addresses have nothing to escape."""
    return f"({text})" if not _NEEDS_ESCAPE.search(text) else pdf_string(text)


def draw_text(
    pages: Pages,
    x: float,
    y: float,
    text: str,
    *,
    font: str = FONT,
    size: float = 9,
    align: str = "left",
) -> None:
    """Draw printable text at baseline y, left- or right-aligned at x (nothing if empty)."""
    if text:
        pages.add(text_operators(x, y, text, font=font, size=size, align=align))


def text_operators(
    x: float, y: float, text: str, *, font: str = FONT, size: float = 9, align: str = "left"
) -> str:
    """The operators of `draw_text`."""
    if align == "right":
        x -= text_width(text, font, size)
    return f"BT {font_operator(font, size)} {x:.2f} {y:.2f} Td {_pdf_string(text)} Tj ET"


def text_width(text: str, font: str, size: float) -> float:
    """The printed width of text in points, as reportlab's stringWidth measures it (the same
    sum of glyph widths), without its per-call encoding work for the base fonts' text."""
    try:
        data = text.encode("cp1252")
    except UnicodeEncodeError:
        return stringWidth(text, font, size)
    if data and (min(data) < 32 or 127 in data):  # no glyph: reportlab measures .notdef
        return stringWidth(text, font, size)
    return sum(map(_glyph_widths(font).__getitem__, data)) * 0.001 * size


@lru_cache(maxsize=8)
def _glyph_widths(font: str) -> list[int]:
    """Width of each byte's glyph in the font's encoding (WinAnsi for the base fonts), in
    thousandths of an em."""
    return getFont(font).widths


@lru_cache(maxsize=64)
def font_operator(font: str, size: float) -> str:
    """The operator that selects font at size."""
    return f"{FONT_RESOURCES[font]} {size:g} Tf"


def draw_code128(
    pages: Pages, value: str, right: float, y: float, *, height: float = 14 * mm, max_width: float
) -> None:
    """Draw value as a Code 128 barcode (with quiet zones) ending at x = right.

    Bars are 1 pt wide (about 2.8 px at 200 dpi, well above what scanners resolve) unless the
    value is too long for max_width, in which case they narrow to fit. The bars are one filled
    path in module units, placed and scaled by one transformation.
    """
    pages.add(barcode(value, right, y, height=height, max_width=max_width))


def barcode(value: str, right: float, y: float, *, height: float, max_width: float) -> str:
    """The operators of `draw_code128`."""
    symbols = code128.encode(value)
    full_width = code128.modules(symbols) + 2 * QUIET_ZONE
    scale = min(1.0, max_width / full_width)
    left = right - (full_width - QUIET_ZONE) * scale
    return f"q {scale:.4f} 0 0 {height:g} {left:.3f} {y:.3f} cm 0 g {code128.bars(symbols)} f Q"


@dataclass(frozen=True)
class Column:
    """A table column: header, left edge offset from the margin, width, alignment."""

    header: str
    x: float
    width: float
    align: str = "left"


def draw_row(
    pages: Pages,
    columns: Sequence[Column],
    values: Sequence[object],
    y: float,
    *,
    font: str = FONT,
    size: float = 9,
) -> None:
    """One table row at baseline y; text is cut to its column, numbers right-aligned."""
    for column, value in zip(columns, values, strict=True):
        text = fit(printable(value), column.width - 2, font, size)
        left = MARGIN + column.x
        if column.align == "right":
            draw_text(pages, left + column.width - 2, y, text, font=font, size=size, align="right")
        else:
            draw_text(pages, left, y, text, font=font, size=size)


def draw_header_row(pages: Pages, columns: Sequence[Column], y: float) -> None:
    """Column headers in bold, underlined, at baseline y."""
    draw_row(pages, columns, [c.header for c in columns], y, font=BOLD)
    pages.line(MARGIN, y - 3, MARGIN + CONTENT_WIDTH, y - 3, width=0.8)


def draw_lines(
    pages: Pages, x: float, y: float, lines: Sequence[object], *, size: float, leading: float
) -> None:
    """Non-empty lines of text downwards from baseline y (an address block)."""
    for n, line in enumerate(text for text in map(printable, lines) if text):
        draw_text(pages, x, y - leading * n, line, size=size)


def draw_footer(pages: Pages, left: str, right: str) -> None:
    """A small footer line: document id on the left, page count on the right."""
    draw_text(pages, MARGIN, MARGIN / 2, printable(left), size=7)
    draw_text(pages, PAGE_WIDTH - MARGIN, MARGIN / 2, printable(right), size=7, align="right")


def wrap_block(
    lines: Sequence[object], width: float, *, font: str = FONT, size: float
) -> tuple[str, ...]:
    """The non-empty lines of a block (an address) as printed in width points: a line too long
    for the block goes on over the next lines, whole."""
    return tuple(
        part for text in map(printable, lines) if text for part in wrap(text, width, font, size)
    )
