"""Shared page layout for the warehouse documents: page size, fonts, text, barcodes, tables.

Pages are 210 mm wide (A4) and 11 in tall (Letter): the intersection of both sheets, so a page
prints unscaled on A4 or Letter paper with nothing cut off. Only the PDF base fonts (Helvetica)
are used, in black, so files stay small, render fast and read well in black and white.
Canvases are opened with reportlab's invariant mode (fixed creation date and document id), so
the same content gives the same bytes on every run.
"""

import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from reportlab import rl_config
from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.units import inch, mm
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.pdfgen.canvas import Canvas

PAGE_WIDTH = 210 * mm
PAGE_HEIGHT = 11 * inch
PAGE_SIZE = (PAGE_WIDTH, PAGE_HEIGHT)
MARGIN = 15 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
FONT = "Helvetica"
BOLD = "Helvetica-Bold"
PRODUCER = "batch-oms"
UNDECOMPOSABLE = {"Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Ħ": "H", "ħ": "h", "ı": "i"}


@contextmanager
def pdf_canvas(path: Path, title: str) -> Iterator[Canvas]:
    """A canvas with fixed metadata (so re-running writes the same bytes), saved on exit.

    Page streams are deflated but not ASCII85-wrapped: without reportlab's C accelerator the
    pure-Python ASCII85 encoder costs more than all the drawing, and binary streams are smaller.
    """
    previous = rl_config.useA85
    rl_config.useA85 = 0
    try:
        canvas = Canvas(str(path), pagesize=PAGE_SIZE, invariant=1, pageCompression=1)
        canvas.setTitle(title)
        canvas.setAuthor(PRODUCER)
        canvas.setCreator(PRODUCER)
        canvas.setSubject(title)
        yield canvas
        canvas.save()
    finally:
        rl_config.useA85 = previous


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


def fit(text: str, width: float, font: str = FONT, size: float = 9) -> str:
    """Text cut with an ellipsis so it fits in width points."""
    if len(text) * size <= width or stringWidth(text, font, size) <= width:  # no glyph is > 1 em
        return text
    while text and stringWidth(text + "...", font, size) > width:
        text = text[:-1]
    return text + "..."


@lru_cache(maxsize=8)
def _widest_glyph(font: str) -> float:
    """The widest glyph of the font, in ems: text of n characters is never wider than n of it."""
    return max(getFont(font).widths) / 1000


@lru_cache(maxsize=65536)
def wrap(text: str, width: float, font: str = FONT, size: float = 9) -> tuple[str, ...]:
    """Printable text as the lines it takes in width points, broken at spaces (a word longer
    than a line is broken inside): all of it, never cut. Most text fits: it is measured once,
    or not at all when even the widest glyphs would fit, and only longer text is broken word by
    word. Cached: a warehouse's own lines and common values repeat on every slip."""
    if len(text) * size * _widest_glyph(font) <= width or stringWidth(text, font, size) <= width:
        return (text,) if text else ()
    lines: list[str] = []
    line = ""
    for word in text.split():
        joined = f"{line} {word}" if line else word
        if stringWidth(joined, font, size) <= width:
            line = joined
            continue
        if line:
            lines.append(line)
        while stringWidth(word, font, size) > width:
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
        if stringWidth(word[:middle], font, size) <= width:
            low = middle
        else:
            high = middle - 1
    return low


_NEEDS_ESCAPE = re.compile(r"[^ -~]|[()\\]")
"""Characters a PDF literal string cannot hold as they are: outside printable ASCII, ( ) and \\."""


@lru_cache(maxsize=65536)
def _pdf_string(text: str) -> str:
    """text as a PDF literal string in WinAnsi (cp1252) bytes, escaped."""
    if not _NEEDS_ESCAPE.search(text):  # most names and addresses: nothing to escape
        return f"({text})"
    out = []
    for byte in text.encode("cp1252", "replace"):
        if byte in (0x28, 0x29, 0x5C) or byte < 32 or byte > 126:
            out.append(f"\\{byte:03o}")
        else:
            out.append(chr(byte))
    return "(" + "".join(out) + ")"


def draw_text(
    canvas: Canvas,
    x: float,
    y: float,
    text: str,
    *,
    font: str = FONT,
    size: float = 9,
    align: str = "left",
) -> None:
    """Draw printable text at baseline y, left- or right-aligned at x.

    Writes the text operators directly: reportlab's drawString builds a text object per call,
    which dominated rendering time for a million packing slips.
    """
    if not text:
        return
    if align == "right":
        x -= stringWidth(text, font, size)
    name = canvas._doc.getInternalFontName(font)
    canvas.addLiteral(f"BT {name} {size:g} Tf 1 0 0 1 {x:.2f} {y:.2f} Tm {_pdf_string(text)} Tj ET")


def draw_code128(
    canvas: Canvas, value: str, right: float, y: float, *, height: float = 14 * mm, max_width: float
) -> float:
    """Draw value as a Code 128 barcode (with quiet zones) ending at x = right; returns its width.

    Bars are 1 pt wide (about 2.8 px at 200 dpi, well above what scanners resolve) unless the
    value is too long for max_width, in which case they narrow to fit. reportlab encodes the
    value; the bars are written as one filled path, much faster than a rectangle call per bar.
    """
    barcode = Code128(value, barWidth=1.0, barHeight=height, humanReadable=False, quiet=True)
    full_width = barcode.width  # encodes the value; every read of .width encodes it again
    scale = min(1.0, max_width / full_width)
    left = right - full_width * scale + barcode.lquiet * scale
    # A bar's operator differs only in its left edge: format the rest once per bar width.
    rest = {m: f" {y:.3f} {m * scale:.3f} {height:.3f} re" for m in range(1, 5)}
    bars = []
    for element in barcode.decomposed:
        modules = ord(element) & 31  # bars 'A'-'D', spaces 'a'-'d': 1-4 modules
        if element.isupper():
            bars.append(f"{left:.3f}{rest[modules]}")
        left += modules * scale
    canvas.addLiteral("0 g n " + " ".join(bars) + " f")
    return full_width * scale


@dataclass(frozen=True)
class Column:
    """A table column: header, left edge offset from the margin, width, alignment."""

    header: str
    x: float
    width: float
    align: str = "left"


def draw_row(
    canvas: Canvas,
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
            draw_text(canvas, left + column.width - 2, y, text, font=font, size=size, align="right")
        else:
            draw_text(canvas, left, y, text, font=font, size=size)


def draw_header_row(canvas: Canvas, columns: Sequence[Column], y: float) -> None:
    """Column headers in bold, underlined, at baseline y."""
    draw_row(canvas, columns, [c.header for c in columns], y, font=BOLD)
    canvas.setLineWidth(0.8)
    canvas.line(MARGIN, y - 3, MARGIN + CONTENT_WIDTH, y - 3)


def draw_lines(
    canvas: Canvas, x: float, y: float, lines: Sequence[object], *, size: float, leading: float
) -> None:
    """Non-empty lines of text downwards from baseline y (an address block)."""
    for n, line in enumerate(text for text in map(printable, lines) if text):
        draw_text(canvas, x, y - leading * n, line, size=size)


def wrap_block(
    lines: Sequence[object], width: float, *, font: str = FONT, size: float
) -> tuple[str, ...]:
    """The non-empty lines of a block (an address) as printed in width points: a line too long
    for the block goes on over the next lines, whole."""
    return tuple(
        part for text in map(printable, lines) if text for part in wrap(text, width, font, size)
    )


def draw_block(
    canvas: Canvas, x: float, y: float, lines: Sequence[str], *, size: float, leading: float
) -> float:
    """Lines already wrapped (`wrap_block`) downwards from baseline y; the baseline below them."""
    for n, line in enumerate(lines):
        draw_text(canvas, x, y - leading * n, line, size=size)
    return y - leading * len(lines)


def wrap_row(
    columns: Sequence[Column], values: Sequence[object], *, font: str = FONT, size: float = 9
) -> tuple[tuple[str, ...], ...]:
    """A table row's cells as the lines each takes in its column: wrapped, never cut."""
    return tuple(
        wrap(printable(value), column.width - 2, font, size)
        for column, value in zip(columns, values, strict=True)
    )


def draw_wrapped_row(
    canvas: Canvas,
    columns: Sequence[Column],
    cells: Sequence[Sequence[str]],
    y: float,
    *,
    line_height: float,
    font: str = FONT,
    size: float = 9,
) -> None:
    """A row of `wrap_row` cells from baseline y down, a cell's lines one under the other."""
    for column, lines in zip(columns, cells, strict=True):
        left = MARGIN + column.x
        for n, text in enumerate(lines):
            if column.align == "right":
                right = left + column.width - 2
                draw_text(
                    canvas, right, y - line_height * n, text, font=font, size=size, align="right"
                )
            else:
                draw_text(canvas, left, y - line_height * n, text, font=font, size=size)


def draw_footer(canvas: Canvas, left: str, right: str) -> None:
    """A small footer line: document id on the left, page count on the right."""
    draw_text(canvas, MARGIN, MARGIN / 2, printable(left), size=7)
    draw_text(canvas, PAGE_WIDTH - MARGIN, MARGIN / 2, printable(right), size=7, align="right")


Row = TypeVar("Row")


def draw_table_pages(
    canvas: Canvas,
    columns: Sequence[Column],
    rows: Sequence[Row],
    *,
    top: float,
    line_height: float,
    footer: str,
    draw_page_header: Callable[[], None],
    draw_body_row: Callable[[Row, float], None],
    row_lines: Sequence[int] | None = None,
) -> None:
    """A table on as many pages as its rows need, at least one: each page has its header, the
    column headings at baseline `top`, its share of the rows and a `Page i of n` footer.

    `row_lines` gives the lines each row takes (wrapped text); a row is never split over two
    pages. Without it every row takes one line."""
    per_page = max(1, int((top - line_height - MARGIN - 10) // line_height))
    if row_lines is None or len(row_lines) == sum(row_lines):
        starts = list(range(0, len(rows), per_page)) or [0]
        heights = None
    else:
        starts = _page_starts(row_lines, per_page)
        heights = row_lines
    pages = len(starts)
    for page, start in enumerate(starts):
        stop = starts[page + 1] if page + 1 < pages else len(rows)
        draw_page_header()
        y = top
        draw_header_row(canvas, columns, y)
        y -= line_height + 2
        for i in range(start, stop):
            draw_body_row(rows[i], y)
            y -= line_height * (heights[i] if heights else 1)
        draw_footer(canvas, footer, f"Page {page + 1} of {pages}")
        canvas.showPage()


def _page_starts(row_lines: Sequence[int], per_page: int) -> list[int]:
    """The first row of each page when rows take `row_lines` lines and a page holds per_page
    lines; a row taller than a page gets a page of its own."""
    starts, used = [0], 0
    for i, lines in enumerate(row_lines):
        if used and used + lines > per_page:
            starts.append(i)
            used = 0
        used += lines
    return starts
