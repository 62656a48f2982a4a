"""Embedded fonts for text the base fonts cannot print: every script of the merchant's customers.

Text in Windows-1252 (most names and addresses) stays in the PDF base fonts, Helvetica, which
need no embedding and cost nothing per page. Any other text is shaped here and drawn in fonts
installed with the project (PyPI packages, no system font, no network):

- DejaVu Sans and DejaVu Sans Bold, as matplotlib ships them (Bitstream Vera licence): Latin,
  Greek, Cyrillic, Armenian, Georgian, Hebrew and Arabic;
- Noto Sans SC (SIL Open Font License), Google Fonts' variable TrueType font of the
  justmytype-intl-cjk package, at weight 400 and 700: Chinese, kana and what DejaVu lacks.

Each character is drawn in the first font of that list that has it. A character no font has
(most emoji) is drawn as U+FFFD, the replacement character, and counted (`GlyphUse.missing`),
so operations see how many; invisible format characters without a glyph (variation selectors,
joiners) are left out.

Right-to-left text is put in display order by python-bidi (the Unicode bidirectional algorithm,
the unicode-bidi crate) and each run is shaped by HarfBuzz (uharfbuzz), the shaping engine of
the browsers, with the font's own joining forms and ligatures: a shaper gives the glyph ids and
advances of the embedded font itself, where presentation-form tables (arabic-reshaper) depend
on the font mapping those forms and do not cover Hebrew points or ligatures of other fonts.
Glyphs are drawn in display order, as a page shows them; each glyph's ToUnicode entry is the
characters it came from, so extractors that apply the bidirectional algorithm (pypdf, poppler)
give the text back in logical order.

Pages refer to the fonts' own glyph ids, so pages laid out in other processes need no shared
numbering: the file embeds one subset of each font (fontTools' subsetter) with the glyphs its
pages use (`GlyphUse`), and a CIDToGIDMap from the full font's glyph ids to the subset's.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

import uharfbuzz as hb
from bidi import get_display
from isal import isal_zlib

if TYPE_CHECKING:
    from fontTools.ttLib import TTFont

MARKER = "\ufffd"
"""What a character no embedded font has is printed as."""


@dataclass(frozen=True)
class Face:
    """One embedded font: its file, the weight of a variable font, its PDF resource name."""

    path: Path
    resource: str
    weight: int | None = None


def _package_folder(name: str) -> Path:
    """Where an installed package's files are, without importing it (matplotlib takes 0.7 s)."""
    spec = find_spec(name)
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError(f"{name} is not installed: run uv sync")
    return Path(spec.origin).parent


_DEJAVU = _package_folder("matplotlib") / "mpl-data" / "fonts" / "ttf"
_NOTO_SC = _package_folder("justmytype_intl_cjk") / "fonts/ofl/notosanssc/NotoSansSC[wght].ttf"
FACES = (
    Face(_DEJAVU / "DejaVuSans.ttf", "/U1"),
    Face(_DEJAVU / "DejaVuSans-Bold.ttf", "/U2"),
    Face(_NOTO_SC, "/U3", 400),
    Face(_NOTO_SC, "/U4", 700),
)
"""Every embedded font, by index; a page selects one by its resource name."""
CHAINS = {"/F1": (0, 2), "/F2": (1, 3)}
"""The embedded fonts, in order of preference, that stand in for each base font (regular,
bold) where its text leaves Windows-1252."""
_RTL = {"R", "AL"}
_INSIDE_RTL = {"NSM", "WS", "BN"}
"""Bidirectional classes kept in a right-to-left run when they lie between its letters."""


@dataclass
class GlyphUse:
    """The glyphs some pages draw, per embedded font: glyph id -> the characters it shows; and
    the characters that no font has, counted each time one is drawn as the marker."""

    glyphs: dict[int, dict[int, str]] = field(default_factory=dict)
    missing: Counter[str] = field(default_factory=Counter)

    def add(self, other: GlyphUse) -> None:
        """Merge other into this (a glyph keeps the characters it was first drawn for)."""
        for face, glyphs in other.glyphs.items():
            mine = self.glyphs.setdefault(face, {})
            for gid, text in glyphs.items():
                mine.setdefault(gid, text)
        self.missing.update(other.missing)


_used = GlyphUse()


def take_used() -> GlyphUse:
    """The glyphs this process drew since the last call (and forget them)."""
    global _used
    used, _used = _used, GlyphUse()
    return used


@cache
def _hb_font(face: int) -> hb.Font:
    spec = FACES[face]
    font = hb.Font(hb.Face(hb.Blob.from_file_path(str(spec.path))))
    if spec.weight is not None:
        font.set_variations({"wght": spec.weight})
    return font


@cache
def _upem(face: int) -> int:
    return _hb_font(face).face.upem


@lru_cache(maxsize=65536)
def _face_of(char: str, chain: tuple[int, ...]) -> int | None:
    """The first font of chain with a glyph for char."""
    for face in chain:
        if _hb_font(face).get_nominal_glyph(ord(char)):
            return face
    return None


@dataclass(frozen=True)
class Run:
    """Glyphs of one font in display order: ids, advances (font units), characters shown."""

    face: int
    gids: tuple[int, ...]
    advances: tuple[int, ...]
    texts: tuple[str, ...]


@dataclass(frozen=True)
class Shaped:
    """Text as drawn: its runs left to right, and the characters drawn as the marker."""

    runs: tuple[Run, ...]
    missing: tuple[str, ...]

    def width(self, size: float) -> float:
        """Printed width in points at size."""
        return sum(sum(run.advances) * size / _upem(run.face) for run in self.runs)


def _ignorable(char: str) -> bool:
    """Invisible format characters (joiners, variation selectors): nothing to draw."""
    return unicodedata.category(char) == "Cf" or "\ufe00" <= char <= "\ufe0f"


@lru_cache(maxsize=65536)
def shape(text: str, base: str) -> Shaped:
    """text in the embedded fonts standing in for the base font resource base (`CHAINS`)."""
    chain = CHAINS[base]
    kept, missing = [], []
    for char in unicodedata.normalize("NFC", text):
        if _face_of(char, chain) is not None:
            kept.append(char)
        elif not _ignorable(char):
            kept.append(MARKER)
            missing.append(char)
    runs: list[Run] = []
    for segment, rtl in _segments(get_display("".join(kept))):
        logical = segment[::-1] if rtl else segment
        pieces = [_shape_run(piece, face, rtl) for piece, face in _by_face(logical, chain)]
        runs += reversed(pieces) if rtl else pieces
    return Shaped(tuple(runs), tuple(missing))


def _segments(visual: str) -> list[tuple[str, bool]]:
    """The display-order string cut into left-to-right and right-to-left segments: a
    right-to-left one is letters of Hebrew or Arabic with the marks and spaces between them."""
    classes = [unicodedata.bidirectional(c) for c in visual]
    rtl = [c in _RTL for c in classes]
    for n, cls in enumerate(classes):  # marks and spaces inside a run of RTL letters
        if cls in _INSIDE_RTL and not rtl[n]:
            before = next(
                (rtl[i] for i in range(n - 1, -1, -1) if classes[i] not in _INSIDE_RTL), False
            )
            after = next(
                (rtl[i] for i in range(n + 1, len(classes)) if classes[i] not in _INSIDE_RTL), False
            )
            rtl[n] = before and after
    segments: list[tuple[str, bool]] = []
    for char, is_rtl in zip(visual, rtl, strict=True):
        if segments and segments[-1][1] == is_rtl:
            segments[-1] = (segments[-1][0] + char, is_rtl)
        else:
            segments.append((char, is_rtl))
    return segments


def _by_face(text: str, chain: tuple[int, ...]) -> list[tuple[str, int]]:
    """text cut into pieces of one font each: a character stays in the font of the one before
    when that font has it (spaces, marks), else takes the first font of chain that has it."""
    pieces: list[tuple[str, int]] = []
    for char in text:
        if pieces and (_hb_font(pieces[-1][1]).get_nominal_glyph(ord(char)) or _ignorable(char)):
            pieces[-1] = (pieces[-1][0] + char, pieces[-1][1])
        else:
            face = _face_of(char, chain)
            pieces.append((char, chain[0] if face is None else face))
    return pieces


def _shape_run(text: str, face: int, rtl: bool) -> Run:
    """One piece of one direction and font, shaped by HarfBuzz: glyphs in display order."""
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    buffer.direction = "rtl" if rtl else "ltr"
    buffer.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    hb.shape(_hb_font(face), buffer, {"kern": True, "liga": True})
    infos, positions = buffer.glyph_infos, buffer.glyph_positions
    starts = sorted({info.cluster for info in infos})
    ends = dict(zip(starts, [*starts[1:], len(text)], strict=True))
    texts, seen = [], set()
    for info in infos:  # a cluster's characters go with the first of its glyphs
        texts.append("" if info.cluster in seen else text[info.cluster : ends[info.cluster]])
        seen.add(info.cluster)
    return Run(
        face,
        tuple(info.codepoint for info in infos),
        tuple(position.x_advance for position in positions),
        tuple(texts),
    )


@lru_cache(maxsize=65536)
def show_operators(text: str, base: str, size: float) -> str:
    """The operators showing text in the embedded fonts at size, then selecting the base font
    again (pages go on in it); each glyph advanced by its shaped advance."""
    shaped = shape(text, base)
    operators = []
    for run in shaped.runs:
        parts, scale = [], 1000 / _upem(run.face)
        hmtx = _hb_font(run.face)
        for gid, advance in zip(run.gids, run.advances, strict=True):
            parts.append(f"<{gid:04X}>")
            adjust = round((hmtx.get_glyph_h_advance(gid) - advance) * scale, 1)
            if adjust:
                parts.append(f"{adjust:g}")
        operators.append(f"{FACES[run.face].resource} {size:g} Tf [{''.join(parts)}] TJ")
    operators.append(f"{base} {size:g} Tf")
    return " ".join(operators)


_unprintable: Counter[str] = Counter()


def written(used: GlyphUse) -> None:
    """Note the characters a file just written printed as the marker (`take_unprintable`)."""
    _unprintable.update(used.missing)


def take_unprintable() -> Counter[str]:
    """The characters printed as the marker in files this process wrote since the last call,
    with how often each was, and forget them."""
    taken = Counter(_unprintable)
    _unprintable.clear()
    return taken


def use(text: str, base: str, times: int = 1) -> None:
    """Record the glyphs of text as drawn (times times) by this process's pages."""
    shaped = shape(text, base)
    for run in shaped.runs:
        glyphs = _used.glyphs.setdefault(run.face, {})
        for gid, chars in zip(run.gids, run.texts, strict=True):
            if chars and gid not in glyphs:
                glyphs[gid] = chars
    for char in shaped.missing:
        _used.missing[char] += times


def font_objects(face: int, glyphs: dict[int, str], first: int) -> list[bytes]:
    """The PDF objects (numbered from first) of the subset of one font: Type0 font,
    CIDFontType2 descendant, descriptor, font file, ToUnicode map, CIDToGIDMap. Pages show the
    full font's glyph ids as CIDs; the map takes each to its glyph in the (compact) subset."""
    program, font, cid_to_gid = _subset(face, tuple(sorted(glyphs)))
    tag = "".join(
        chr(65 + b % 26)
        for b in hashlib.md5(program).digest()[:6]  # noqa: S324 - a name
    )
    name = f"{tag}+{font['name'].getDebugName(6) or 'Font'}"
    name = re.sub(r"[^A-Za-z0-9+-]", "", name)
    scale = 1000 / _upem(face)
    hmtx = _hb_font(face)
    widths = " ".join(
        f"{gid} [{round(hmtx.get_glyph_h_advance(gid) * scale)}]" for gid in sorted(glyphs)
    )
    head, hhea = font["head"], font["hhea"]
    bbox = " ".join(str(round(v * scale)) for v in (head.xMin, head.yMin, head.xMax, head.yMax))
    cap = getattr(font["OS/2"], "sCapHeight", 0) or hhea.ascent
    return [
        f"<< /Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /Identity-H "
        f"/DescendantFonts [{first + 1} 0 R] /ToUnicode {first + 4} 0 R >>".encode(),
        f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{name} /CIDSystemInfo << /Registry "
        f"(Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor {first + 2} 0 R "
        f"/CIDToGIDMap {first + 5} 0 R /DW 1000 /W [{widths}] >>".encode(),
        f"<< /Type /FontDescriptor /FontName /{name} /Flags 32 /FontBBox [{bbox}] "
        f"/ItalicAngle 0 /Ascent {round(hhea.ascent * scale)} "
        f"/Descent {round(hhea.descent * scale)} /CapHeight {round(cap * scale)} /StemV 80 "
        f"/FontFile2 {first + 3} 0 R >>".encode(),
        _deflated(program, b"/Length1 %d " % len(program)),
        _deflated(_to_unicode(glyphs)),
        _deflated(cid_to_gid),
    ]


def _deflated(data: bytes, extra: bytes = b"") -> bytes:
    packed = isal_zlib.compress(data, 1)
    return b"<< /Filter /FlateDecode %s/Length %d >>\nstream\n%s\nendstream" % (
        extra,
        len(packed),
        packed,
    )


@lru_cache(maxsize=32)
def _subset(face: int, gids: tuple[int, ...]) -> tuple[bytes, TTFont, bytes]:
    """The font program of face with only glyphs gids (and .notdef, and the components they
    use), at its weight, and the CIDToGIDMap from full-font glyph ids to the subset's; the same
    glyphs give the same bytes."""
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    spec = FACES[face]
    font = TTFont(spec.path, recalcTimestamp=False, recalcBBoxes=False)
    names = font.getGlyphOrder()
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.notdef_outline = True
    options.name_IDs = [1, 2, 3, 4, 6]
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "STAT", "DSIG", "kern", "morx", "meta", "FFTM"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(gids=[0, *gids])
    subsetter.subset(font)
    if spec.weight is not None:
        font = instancer.instantiateVariableFont(font, {"wght": spec.weight})
    kept = {name: gid for gid, name in enumerate(font.getGlyphOrder())}
    cid_to_gid = bytearray(2 * (max(gids, default=0) + 1))
    for gid in gids:
        cid_to_gid[2 * gid : 2 * gid + 2] = kept[names[gid]].to_bytes(2, "big")
    out = io.BytesIO()
    font.save(out)
    return out.getvalue(), font, bytes(cid_to_gid)


def _to_unicode(glyphs: dict[int, str]) -> bytes:
    """A ToUnicode CMap from glyph ids (two-byte codes, Identity-H) to the characters each
    glyph shows."""
    entries = [
        f"<{gid:04X}> <{text.encode('utf-16-be').hex().upper()}>"
        for gid, text in sorted(glyphs.items())
    ]
    blocks = [
        f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar"
        for chunk in (entries[n : n + 100] for n in range(0, len(entries), 100))
    ]
    return (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CIDSystemInfo << "
        "/Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def /CMapName /Adobe-Identity-UCS "
        "def /CMapType 2 def 1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        + "\n".join(blocks)
        + "\nendcmap CMapName currentdict /CMap defineresource pop end end"
    ).encode()
