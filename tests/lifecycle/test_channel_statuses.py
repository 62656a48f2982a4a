"""Each channel's own statuses, as the order book stores them, in the lifecycle's words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from contracts.channel_formats.woocommerce import STATUSES as WOOCOMMERCE_STATUSES
from contracts.vocabulary import (
    BOOK_STATUS_LIFECYCLE,
    LIFECYCLE_STATUSES,
    LINE_STATUSES,
    ORDER_STATUSES,
)
from tests.lifecycle.book import NIGHT_1, NIGHT_2, Book

LIFECYCLE_DOC = Path(__file__).resolve().parents[2] / "docs" / "lifecycle.md"


def _mapping_rows() -> list[tuple[str, str, str, str]]:
    """(channel, what the export says, order book, lifecycle) from the docs' mapping table."""
    section = LIFECYCLE_DOC.read_text(encoding="utf-8").split("## Channel statuses", 1)[1]
    rows = []
    for line in section.split("\n## ", 1)[0].splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0] not in ("channel", "---"):
            rows.append((cells[0], cells[1], cells[2].removesuffix(" (line)"), cells[3]))
    return rows


def test_every_status_the_order_book_stores_has_a_lifecycle_status():
    assert set(BOOK_STATUS_LIFECYCLE) == set(ORDER_STATUSES) | set(LINE_STATUSES)
    assert set(BOOK_STATUS_LIFECYCLE.values()) <= set(LIFECYCLE_STATUSES)


def test_the_documented_channel_mapping_agrees_with_the_contract():
    rows = [row for row in _mapping_rows() if row[2] in BOOK_STATUS_LIFECYCLE]
    assert {book for _, _, book, _ in rows} == set(BOOK_STATUS_LIFECYCLE)
    assert [(book, BOOK_STATUS_LIFECYCLE[book]) for _, _, book, _ in rows] == [
        (book, lifecycle) for _, _, book, lifecycle in rows
    ]


@pytest.mark.parametrize("slug", list(WOOCOMMERCE_STATUSES))
def test_every_woocommerce_status_is_documented_as_the_reader_stores_it(slug: str):
    book_status, _ = WOOCOMMERCE_STATUSES[slug]
    documented = {
        book
        for channel, says, book, _ in _mapping_rows()
        if channel == "WooCommerce" and f"`{slug}`" in re.findall(r"`[^`]+`", says)
    }
    assert documented == {book_status}


@pytest.mark.parametrize(
    ("order_status", "line_status", "lifecycle"),
    [
        ("open", "open", "received"),
        ("cancelled", "open", "cancelled"),
        ("fulfilled_by_channel", "open", "fulfilled_elsewhere"),
        ("store_pickup", "open", "fulfilled_elsewhere"),
        ("digital", "digital", "fulfilled_elsewhere"),
        ("open", "fulfilled_by_channel", "fulfilled_elsewhere"),
        ("open", "digital", "fulfilled_elsewhere"),
    ],
)
def test_a_new_line_takes_its_orders_status_or_its_own_on_an_open_order(
    order_status: str, line_status: str, lifecycle: str
):
    book = Book()
    book.order(NIGHT_1, "#2001", status=order_status, line_status=line_status)

    assert book.run(NIGHT_1)["status"].to_list() == [lifecycle]


def test_a_cancelled_order_the_channel_reopens_is_received_again():
    book = Book()
    book.order(NIGHT_1, "#2002", status="cancelled")
    book.run(NIGHT_1)
    book.order(NIGHT_2, "#2002", version=2)
    (reopened,) = book.run(NIGHT_2).to_dicts()

    assert (reopened["previous_status"], reopened["status"]) == ("cancelled", "received")
    assert reopened["reason"].startswith("shopify export, order version 2: the line is open")
