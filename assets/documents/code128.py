"""Code 128 barcodes as PDF operators: the value's symbols, then one filled path of its bars.

Encoded here rather than by a barcode library: a library object per barcode cost about 60 µs,
a minute of a Black Friday night's packing slips. Digit runs go in set C (two digits a symbol:
runs of four or more at either end, six or more inside, a value of digits only), everything
else in set B (set A for control characters), so ids like `SH-20261120-0001234` stay short
enough for full-width bars.
Characters beyond ASCII have no Code 128 symbol and are left out, as reportlab did before.
"""

import re
from operator import mul

import polars as pl

_WIDTHS = (
    "212222 222122 222221 121223 121322 131222 122213 122312 132212 221213 "
    "221312 231212 112232 122132 122231 113222 123122 123221 223211 221132 "
    "221231 213212 223112 312131 311222 321122 321221 312212 322112 322211 "
    "212123 212321 232121 111323 131123 131321 112313 132113 132311 211313 "
    "231113 231311 112133 112331 132131 113123 113321 133121 313121 211331 "
    "231131 213113 213311 213131 311123 311321 331121 312113 312311 332111 "
    "314111 221411 431111 111224 111422 121124 121421 141122 141221 112214 "
    "112412 122114 122411 142112 142211 241211 221114 413111 241112 134111 "
    "111242 121142 121241 114212 124112 124211 411212 421112 421211 212141 "
    "214121 412121 111143 111341 131141 114113 114311 411113 411311 113141 "
    "114131 311141 411131 211412 211214 211232 2331112"
)
PATTERNS = _WIDTHS.split()
"""Module widths of symbol values 0-106, bar first (ISO/IEC 15417); 106 is the stop pattern."""
SYMBOL_MODULES = 11
STOP_MODULES = 13
START = {"A": 103, "B": 104, "C": 105}
SWITCH = {"A": 101, "B": 100, "C": 99}
"""The symbol that switches to a set (the same value in every set that has it)."""
_SET_C = re.compile(
    rb"(\A[0-9]{2,}\Z|\A[0-9]{4,}(?![0-9])|(?<![0-9])[0-9]{4,}\Z|(?<![0-9])[0-9]{6,}(?![0-9]))"
)
"""The digit runs worth set C: four or more at either end, six or more inside, or the whole
value when it is two digits or more."""
_CONTROL = re.compile(rb"([\x00-\x1f]+)")


def _values(piece: bytes, code_set: str) -> list[int]:
    """The symbol values of characters in set A or B."""
    if code_set == "B":
        return [byte - 32 for byte in piece]
    return [byte + 64 if byte < 32 else byte - 32 for byte in piece]


def encode(value: str) -> list[int]:
    """The symbol values of value: start, data, check, stop."""
    pieces = _SET_C.split(value.encode("ascii", "ignore"))  # other text, digit run, other...
    symbols: list[int] = []
    code_set = ""
    for n, piece in enumerate(pieces):
        if n % 2:  # a run of digits for set C
            if len(piece) % 2:  # an odd digit first, in the current set
                code_set = _enter(symbols, code_set, code_set or "B")
                symbols += _values(piece[:1], code_set)
                piece = piece[1:]
            code_set = _enter(symbols, code_set, "C")
            symbols += [int(piece[i : i + 2]) for i in range(0, len(piece), 2)]
            continue
        for chunk in _CONTROL.split(piece):  # control characters (set A) and the rest
            if not chunk:
                continue
            if chunk[0] < 32:
                code_set = _enter(symbols, code_set, "A")
            elif code_set != "A" or max(chunk) >= 96:  # set A lacks lower case
                code_set = _enter(symbols, code_set, "B")
            symbols += _values(chunk, code_set)
    if not symbols:
        symbols.append(START["B"])
    check = symbols[0] + sum(map(mul, range(1, len(symbols)), symbols[1:]))
    return [*symbols, check % 103, 106]


def _enter(symbols: list[int], current: str, wanted: str) -> str:
    """Start in, or switch to, set wanted; returns it."""
    if current != wanted:
        symbols.append(SWITCH[wanted] if current else START[wanted])
    return wanted


def _symbol_bars(value: int, offset: int) -> str:
    """The bars of one symbol starting offset modules into the code, as `x 0 w 1 re` paths."""
    bars, x = [], offset
    for n, width in enumerate(map(int, PATTERNS[value])):
        if n % 2 == 0:
            bars.append(f"{x} 0 {width} 1 re")
        x += width
    return " ".join(bars)


_BARS = [[_symbol_bars(v, SYMBOL_MODULES * n) for v in range(107)] for n in range(64)]
"""The bars of every symbol at each of the first 64 positions of a code."""


def modules(symbols: list[int]) -> int:
    """The width of the symbols in modules (without quiet zones)."""
    return SYMBOL_MODULES * (len(symbols) - 1) + STOP_MODULES


def bars(symbols: list[int]) -> str:
    """The bars of the code in module units, one path (bars 1 unit tall, from x = 0)."""
    if len(symbols) <= len(_BARS):
        return " ".join([row[v] for row, v in zip(_BARS, symbols, strict=False)])
    return " ".join(_symbol_bars(v, SYMBOL_MODULES * n) for n, v in enumerate(symbols))


def glyph_procedures() -> list[bytes]:
    """The glyph of each symbol value for a Type 3 font: its advance (11 modules, the stop 13)
    and its bars, one unit tall, a unit a module (`pdf_file.BARCODE_RESOURCE`)."""
    procedures = []
    for value in range(len(PATTERNS)):
        width = STOP_MODULES if value == 106 else SYMBOL_MODULES
        procedures.append(f"{width} 0 0 0 {width} 1 d1 {_symbol_bars(value, 0)} f".encode())
    return procedures


_CHARACTERS = pl.Enum(["", *(chr(byte) for byte in range(32, 127))])
"""No character, then printable ASCII in set B order: a character's physical value is its
symbol value plus one."""
_SYMBOL_TEXT = [
    f"\\{byte:03o}" if byte > 126 else "\\" * (chr(byte) in "()\\") + chr(byte)
    for byte in range(32, 32 + len(PATTERNS))
]
"""Each symbol as the byte of its glyph in the barcode font, as a PDF literal string holds it."""


def symbols_in_set_b(values: pl.Series) -> pl.DataFrame:
    """Many values at once as Code 128 in set B: `modules` wide (without quiet zones) and the
    PDF literal string of their symbols in the barcode font (`pdf_file.BARCODE_RESOURCE`),
    start, data, check and stop. Column expressions, not a Python call per value: a night's
    manifests barcode a million packages. Set B alone makes ids with long digit runs a little
    wider than `encode` does; characters outside printable ASCII are left out."""
    text = values.cast(pl.String).fill_null("").str.replace_all(r"[^ -~]", "")
    longest = int(text.str.len_bytes().max() or 0)
    codes = pl.DataFrame({"text": text}).select(
        "text",
        pl.col("text").str.len_bytes().cast(pl.Int64).alias("length"),
        *(
            pl.col("text").str.slice(n - 1, 1).cast(_CHARACTERS).to_physical().alias(str(n))
            for n in range(1, longest + 1)
        ),
    )
    check = pl.sum_horizontal(
        START["B"],
        *(n * (pl.col(str(n)).cast(pl.Int64) - 1).clip(0) for n in range(1, longest + 1)),
    )
    symbol = pl.lit(pl.Series(_SYMBOL_TEXT))
    data = pl.col("text").str.replace_many(["\\", "(", ")"], ["\\\\", "\\(", "\\)"])
    return codes.select(
        modules=SYMBOL_MODULES * (pl.col("length") + 2) + STOP_MODULES,
        literal=pl.concat_str(
            [
                pl.lit("(" + _SYMBOL_TEXT[START["B"]]),
                data,
                symbol.gather(check % 103),
                pl.lit(_SYMBOL_TEXT[106] + ")"),
            ]
        ),
    )
