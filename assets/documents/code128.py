"""Code 128 barcodes as PDF operators: the value's symbols, then one filled path of its bars.

Encoded here rather than by a barcode library: a library object per barcode cost about 60 µs,
a minute of a Black Friday night's packing slips. Digit runs go in set C (two digits a symbol:
runs of four or more at either end, six or more inside, a value of digits only), everything
else in set B (set A for control characters), so ids like `SH-20261120-0001234` stay short
enough for full-width bars.
Characters beyond ASCII have no Code 128 symbol and are left out, as reportlab did before.
"""

import re
from functools import cache

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
_DIGIT_RUN = re.compile(r"[0-9]+")


def _value(char: str, code_set: str) -> int:
    """A character's symbol value in set A or B."""
    code = ord(char)
    if code_set == "B":
        return code - 32
    return code + 64 if code < 32 else code - 32


def _set_for(code: int) -> str:
    """Set B for printable ASCII, set A for control characters."""
    return "A" if code < 32 else "B"


def encode(value: str) -> list[int]:
    """The symbol values of value: start, data, check, stop."""
    text = "".join(c for c in value if ord(c) < 128)
    runs = {m.start(): m.end() for m in _DIGIT_RUN.finditer(text)}
    symbols: list[int] = []
    code_set = ""
    i = 0
    while i < len(text):
        end = runs.get(i, i)
        run = end - i
        if (run >= 4 and (i == 0 or end == len(text))) or run >= 6 or run == len(text) > 1:
            if run % 2:  # an odd digit first, in the current set
                code_set = _enter(symbols, code_set, code_set if code_set in "AB" else "B")
                symbols.append(_value(text[i], code_set))
                i += 1
            code_set = _enter(symbols, code_set, "C")
            symbols.extend(int(text[j : j + 2]) for j in range(i, end, 2))
            i = end
            continue
        wanted = _set_for(ord(text[i]))
        if code_set != wanted and not (code_set == "A" and ord(text[i]) < 96):
            code_set = _enter(symbols, code_set, wanted)
        symbols.append(_value(text[i], code_set))
        i += 1
    if not symbols:
        symbols.append(START["B"])
    check = symbols[0] + sum(position * v for position, v in enumerate(symbols[1:], 1))
    return [*symbols, check % 103, 106]


def _enter(symbols: list[int], current: str, wanted: str) -> str:
    """Start in, or switch to, set wanted; returns it."""
    if current != wanted:
        symbols.append(SWITCH[wanted] if current else START[wanted])
    return wanted


@cache
def _bars_of(value: int, offset: int) -> str:
    """The bars of one symbol starting offset modules into the code, as `x 0 w 1 re` paths."""
    bars, x = [], offset
    for n, width in enumerate(map(int, PATTERNS[value])):
        if n % 2 == 0:
            bars.append(f"{x} 0 {width} 1 re")
        x += width
    return " ".join(bars)


def modules(symbols: list[int]) -> int:
    """The width of the symbols in modules (without quiet zones)."""
    return SYMBOL_MODULES * (len(symbols) - 1) + STOP_MODULES


def bars(symbols: list[int]) -> str:
    """The bars of the code in module units, one path (bars 1 unit tall, from x = 0)."""
    return " ".join(_bars_of(v, SYMBOL_MODULES * n) for n, v in enumerate(symbols))
