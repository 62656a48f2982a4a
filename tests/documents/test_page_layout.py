"""Wrapping free text for the documents: every character kept, every line within its width."""

from hypothesis import given
from hypothesis import strategies as st
from reportlab.pdfbase.pdfmetrics import stringWidth

from assets.documents.page_layout import FONT, wrap

WORDS = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-,.'@W", min_size=1
)


@given(words=st.lists(WORDS, min_size=1, max_size=30), width=st.floats(20, 300))
def test_wrapped_lines_fit_their_width_and_keep_every_character(words, width):
    text = " ".join(words)
    lines = wrap(text, width, FONT, 11)

    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(stringWidth(line, FONT, 11) <= width or len(line) == 1 for line in lines)


def test_a_line_that_fits_is_one_line_and_a_long_one_breaks_at_spaces():
    assert wrap("1 Main St", 200, FONT, 11) == ("1 Main St",)
    address = "Flat 12, The Old Mill Building, 145 Waterside Road, Stratford-upon-Avon"
    lines = wrap(address, 260, FONT, 11)

    assert len(lines) == 2 and " ".join(lines) == address
