"""Code 128 encoding: every ASCII value comes back from its symbols, digit runs packed in pairs."""

import re

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from assets.documents.code128 import PATTERNS, encode, modules, symbols_in_set_b

SWITCHES = {("A", 99): "C", ("A", 100): "B", ("B", 99): "C", ("B", 101): "A"}
SWITCHES |= {("C", 100): "B", ("C", 101): "A"}


def decoded(symbols: list[int]) -> str:
    """The text a scanner reads from start, data, check and stop symbols (check verified)."""
    *body, check, stop = symbols
    assert stop == 106
    assert check == (body[0] + sum(i * v for i, v in enumerate(body[1:], 1))) % 103
    code_set = {103: "A", 104: "B", 105: "C"}[body[0]]
    text = ""
    for value in body[1:]:
        if (code_set, value) in SWITCHES:
            code_set = SWITCHES[code_set, value]
        elif code_set == "C":
            text += f"{value:02d}"
        elif code_set == "B":
            text += chr(value + 32)
        else:
            text += chr(value - 64 if value >= 64 else value + 32)
    return text


@given(st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=127), max_size=40))
def test_every_ascii_value_is_read_back_from_its_symbols(value):
    assert decoded(encode(value)) == value


@pytest.mark.parametrize("value", ["12", "123", "1234", "12345-AB", "AB-12345", "A\x01b12345678"])
def test_values_starting_or_ending_in_digits_are_read_back(value):
    assert decoded(encode(value)) == value


def test_digit_runs_take_one_symbol_per_two_digits():
    shipment = "SH-20261120-0001234"

    assert decoded(encode(shipment)) == shipment
    # start, S H -, to C, 20 26 11 20, to B, - 0, to C, 00 12 34, check, stop (set B alone: 22)
    assert len(encode(shipment)) == 18
    assert modules(encode(shipment)) == 11 * 17 + 13


def test_every_symbol_pattern_is_eleven_modules_of_three_bars():
    assert all(sum(map(int, p)) == 11 and len(p) == 6 for p in PATTERNS[:106])
    assert sum(map(int, PATTERNS[106])) == 13


@given(st.lists(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126)), max_size=5))
def test_many_values_barcoded_at_once_in_set_b_read_back_as_themselves(values):
    codes = symbols_in_set_b(pl.Series(values, dtype=pl.String))

    for value, width, literal in zip(values, codes["modules"], codes["literal"], strict=True):
        text = re.sub(rb"\\([0-7]{3}|.)", _unescaped, literal.encode()[1:-1])
        symbols = [byte - 32 for byte in text]
        assert decoded(symbols) == value
        assert width == modules(symbols)


def _unescaped(match: re.Match) -> bytes:
    escaped = match.group(1)
    return bytes([int(escaped, 8)]) if len(escaped) == 3 else escaped
