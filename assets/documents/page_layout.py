"""Shared page layout for the warehouse documents: page size, fonts, text, barcodes, tables.

Pages are 210 mm wide (A4) and 11 in tall (Letter): the intersection of both sheets, so a page
prints unscaled on A4 or Letter paper with nothing cut off. Text in Windows-1252 is drawn in
the PDF base fonts (Helvetica), any other in embedded fonts (`assets/documents/fonts.py`), and
barcodes in a font of Code 128 symbols, in black, so files stay small, render fast and read well
in black and white.
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
from reportlab.pdfbase.pdfmetrics import stringWidth

from assets.documents import code128, fonts
from assets.documents.pdf_file import FONT_RESOURCES, PdfFile, page_stream, pdf_string

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
BASE_CHARACTERS = bytes([*range(32, 127), *range(128, 256)]).decode("cp1252", errors="ignore")
"""What the base fonts print (WinAnsi): text of only these is drawn in Helvetica."""
_BASE = re.compile(f"[{re.escape(BASE_CHARACTERS)}]*")


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

    def rendered(self) -> "Rendered":
        """The finished pages with the glyphs this process drew for them."""
        return Rendered(self.done, fonts.take_used())

    def line(self, x1: float, y1: float, x2: float, y2: float, *, width: float) -> None:
        """A straight line, stroked width points wide."""
        self.operators.append(f"{width:g} w {x1:.2f} {y1:.2f} m {x2:.2f} {y2:.2f} l S")


@dataclass
class Rendered:
    """Finished pages (deflated content streams) and the embedded glyphs they draw: what a
    worker process hands back."""

    pages: list[bytes]
    used: fonts.GlyphUse


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
    write_pages(path, [pages.rendered()], title)


def page_streams(contents: Iterable[str]) -> Rendered:
    """Pages given as their operators (one string a page) as deflated content streams."""
    return Rendered([page_stream([content]) for content in contents], fonts.take_used())


def write_pages(path: Path, parts: Iterable[Rendered], title: str) -> Path:
    """Write pages (in parts, in order) as one PDF titled title, with the glyphs they use."""
    used = fonts.GlyphUse()

    def pages() -> Iterator[bytes]:
        for part in parts:
            used.add(part.used)
            yield from part.pages

    streams = pages()
    with path.open("wb") as out:
        pdf = PdfFile(out, size=PAGE_SIZE, info=info(title))
        pdf.add_pages(streams)
        used.add(fonts.take_used())
        pdf.close(used)
    fonts.written(used)
    return path


@lru_cache(maxsize=65536)
def printable(value: object) -> str:
    """Text as printed (composed, NFC): every script prints, in the base fonts or embedded
    ones; a character no font has is printed as `fonts.MARKER` and counted."""
    if value is None:
        return ""
    text = str(value)
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def is_base(text: str) -> bool:
    """Whether the base fonts print text (all of it in WinAnsi)."""
    return _BASE.fullmatch(text) is not None


@lru_cache(maxsize=65536)
def fit(text: str, width: float, font: str = FONT, size: float = 9) -> str:
    """Text cut with an ellipsis so it fits in width points."""
    if (text.isascii() and len(text) * size * widest_glyph(font) <= width) or text_width(
        text, font, size
    ) <= width:
        return text
    while text and text_width(text + "...", font, size) > width:
        text = text[:-1]
    return text + "..."


@lru_cache(maxsize=8)
def widest_glyph(font: str) -> float:
    """The widest glyph of the font, in ems: text of n characters is never wider than n of it."""
    return max(_glyph_widths(font)) / 1000


@lru_cache(maxsize=65536)
def wrap(text: str, width: float, font: str = FONT, size: float = 9) -> tuple[str, ...]:
    """Printable text as the lines it takes in width points, broken at spaces (a word longer
    than a line is broken inside): all of it, never cut. Most text fits: it is measured once,
    or not at all when even the widest glyphs would fit, and only longer text is broken word by
    word. Cached: a warehouse's own lines and common values repeat on every slip."""
    if (text.isascii() and len(text) * size * widest_glyph(font) <= width) or text_width(
        text, font, size
    ) <= width:
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
def shown_text(text: str, font: str, size: float) -> str:
    """The operators showing text in the font selected as font at size: a literal string of
    the base font, or glyphs of the embedded fonts (recorded as used) for other scripts."""
    if not _NEEDS_ESCAPE.search(text):
        return f"({text}) Tj"
    if is_base(text):
        return f"{pdf_string(text)} Tj"
    return fonts.show_operators(text, FONT_RESOURCES[font], size)


def _shown(text: str, font: str, size: float) -> str:
    if not is_base(text):
        fonts.use(text, FONT_RESOURCES[font])
    return shown_text(text, font, size)


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
    return f"BT {font_operator(font, size)} {x:.2f} {y:.2f} Td {_shown(text, font, size)} ET"


def text_width(text: str, font: str, size: float) -> float:
    """The printed width of text in points: the base font's glyph widths (as reportlab's
    stringWidth measures them) for WinAnsi text, else the shaped advances of the embedded fonts."""
    if not is_base(text):
        return fonts.shape(text, FONT_RESOURCES[font]).width(size)
    return sum(map(_glyph_widths(font).__getitem__, text.encode("cp1252"))) * 0.001 * size


@lru_cache(maxsize=8)
def _glyph_widths(font: str) -> list[float]:
    """Width of each WinAnsi byte's glyph in the base font, in thousandths of an em (reportlab's
    public stringWidth of each character, measured once; 0 for bytes WinAnsi leaves unused)."""
    return [
        stringWidth(char, font, 1000) if char else 0.0
        for char in (bytes([byte]).decode("cp1252", errors="ignore") for byte in range(256))
    ]


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
