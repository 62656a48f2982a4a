"""Packing slip PDF: one slip per ready shipment, in the order its tote comes off the pick carts.

A slip shows who ships (the warehouse), where it goes (the full address, in the destination
country's order: assets/documents/address_lines.py), the order it fills, the carrier service, the
shipment id as a Code 128 barcode (scanned at the pack station) and the contents of each package.
"""

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from assets.documents.address_lines import address_lines
from assets.documents.page_layout import (
    BOLD,
    CONTENT_WIDTH,
    MARGIN,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    Column,
    Pages,
    draw_block,
    draw_code128,
    draw_table_pages,
    draw_text,
    draw_wrapped_row,
    pdf_document,
    printable,
    wrap_block,
    wrap_row,
)

LINE_HEIGHT = 13.0
TOP = PAGE_HEIGHT - MARGIN
TABLE_TOP = TOP - 190
ADDRESS_TOP = TOP - 76
FACTS_TOP = TOP - 145
"""Where the order facts start when the address blocks are short; longer blocks push them, and
the table, down."""
SHIP_TO_X = MARGIN + 250
SENDER = {"width": 240.0, "size": 10, "leading": 12}
RECIPIENT = {"width": MARGIN + CONTENT_WIDTH - SHIP_TO_X, "size": 11, "leading": 13}
FACTS = {"width": CONTENT_WIDTH, "size": 10, "leading": 14}
COLUMNS = (
    Column("Package", 0, 60),
    Column("SKU", 66, 110),
    Column("Description", 180, 270),
    Column("Qty", 452, 50, "right"),
)


def slip_order(shipments: pl.DataFrame, pick_list_lines: pl.DataFrame) -> pl.DataFrame:
    """Ready shipments in packing order: pick list, then tote; unpicked ones last by id."""
    picked = (
        pick_list_lines.select(
            "shipment_id",
            pl.col("wave"),
            pl.col("pick_list_id").str.len_chars().alias("id_length"),
            "pick_list_id",
            "tote",
        )
        .unique(subset="shipment_id", keep="first", maintain_order=True)
        .cast({"wave": pl.Int64, "tote": pl.Int64})
    )
    return (
        shipments.filter(pl.col("status") == "ready")
        .join(picked, on="shipment_id", how="left")
        .sort(["wave", "id_length", "pick_list_id", "tote", "shipment_id"], nulls_last=True)
    )


def render_packing_slips(
    path: Path,
    shipments: pl.DataFrame,
    packages: pl.DataFrame,
    *,
    descriptions: dict[str, str],
    warehouse: dict,
    business_date: str,
) -> Path:
    """Write a packing slip for every shipment of the frame (already in print order) to path."""
    contents = packages.join(
        shipments.select("shipment_id").with_row_index("slip"), on="shipment_id", how="inner"
    ).sort(["slip", "package_no", "sku"])
    slips = {name: shipments[name].to_list() for name in shipments.columns}
    slips["ship_to_lines"] = address_lines(shipments).to_list()
    skus = contents["sku"].to_list()
    package_nos = contents["package_no"].to_list()
    quantities = contents["quantity"].to_list()
    bounds = _slip_bounds(contents["slip"].to_list(), shipments.height)
    title = f"Packing slips {warehouse['warehouse_id']} {business_date}"
    with pdf_document(path, title) as pages:
        for s in range(shipments.height):
            start, stop = bounds[s]
            rows = [
                wrap_row(
                    COLUMNS,
                    (
                        f"{package_nos[i]} of {slips['packages'][s]}",
                        skus[i],
                        descriptions.get(skus[i], ""),
                        quantities[i],
                    ),
                )
                for i in range(start, stop)
            ]
            shipment = {name: values[s] for name, values in slips.items()}
            _draw_slip(pages, shipment, rows, warehouse, business_date)
        if shipments.height == 0:
            message = f"No shipments from {warehouse['warehouse_id']} on {business_date}."
            draw_text(pages, MARGIN, PAGE_HEIGHT - MARGIN - 20, printable(message), size=11)
            pages.show_page()
    return path


def _slip_bounds(slip_of_row: list[int], slips: int) -> list[tuple[int, int]]:
    """[start, stop) of each slip's rows in the sorted contents."""
    bounds = [(0, 0)] * slips
    start = 0
    for i in range(1, len(slip_of_row) + 1):
        if i == len(slip_of_row) or slip_of_row[i] != slip_of_row[start]:
            bounds[slip_of_row[start]] = (start, i)
            start = i
    return bounds


@dataclass(frozen=True)
class _SlipHeader:
    """The header of one slip, wrapped to its columns and placed: the same on each of its pages."""

    sender: tuple[str, ...]
    recipient: tuple[str, ...]
    facts: tuple[str, ...]
    facts_top: float
    totals_y: float
    table_top: float


def _layout_header(shipment: dict, warehouse: dict, business_date: str) -> _SlipHeader:
    """Wrap the free text of the header (names, addresses, the order and its service) to its
    columns, whole, and place what follows below the longest address block."""
    sender = wrap_block(
        [
            warehouse.get("name") or warehouse["warehouse_id"],
            _place(warehouse.get("region"), warehouse.get("postal_code")),
            warehouse.get("country"),
        ],
        SENDER["width"],
        size=SENDER["size"],
    )
    recipient = wrap_block(shipment["ship_to_lines"], RECIPIENT["width"], size=RECIPIENT["size"])
    service = f"{shipment.get('carrier') or ''} {shipment.get('service') or ''}".strip()
    order = (
        f"Order {shipment['channel']} {shipment['channel_order_id']}   "
        f"Ship date {business_date}   Service {service} ({shipment['service_level']})"
    )
    facts = wrap_block([order], FACTS["width"], size=FACTS["size"])
    below_blocks = min(
        ADDRESS_TOP - SENDER["leading"] * len(sender),
        ADDRESS_TOP - RECIPIENT["leading"] * len(recipient),
    )
    facts_top = min(FACTS_TOP, below_blocks - 17)
    totals_y = facts_top - FACTS["leading"] * max(1, len(facts))
    return _SlipHeader(sender, recipient, facts, facts_top, totals_y, min(TABLE_TOP, totals_y - 31))


def _draw_slip(
    pages: Pages, shipment: dict, rows: list[tuple], warehouse: dict, business_date: str
) -> None:
    """All pages of one shipment's slip; rows are `wrap_row` cells."""
    header = _layout_header(shipment, warehouse, business_date)
    draw_table_pages(
        pages,
        COLUMNS,
        rows,
        top=header.table_top,
        line_height=LINE_HEIGHT,
        footer=shipment["shipment_id"],
        draw_page_header=lambda: _draw_slip_header(pages, shipment, header),
        draw_body_row=lambda cells, y: draw_wrapped_row(
            pages, COLUMNS, cells, y, line_height=LINE_HEIGHT
        ),
        row_lines=[max(1, *map(len, cells)) for cells in rows],
    )


def _draw_slip_header(pages: Pages, shipment: dict, header: _SlipHeader) -> None:
    """Title, shipper, ship-to address, order facts and the shipment barcode."""
    shipment_id = shipment["shipment_id"]
    draw_text(pages, MARGIN, TOP - 16, "PACKING SLIP", font=BOLD, size=16)
    draw_text(pages, MARGIN, TOP - 34, printable(f"Shipment {shipment_id}"), font=BOLD, size=10)
    draw_code128(pages, shipment_id, PAGE_WIDTH - MARGIN, TOP - 42, height=40, max_width=250)

    draw_text(pages, MARGIN, TOP - 62, "FROM", font=BOLD, size=9)
    draw_text(pages, SHIP_TO_X, TOP - 62, "SHIP TO", font=BOLD, size=9)
    draw_block(
        pages, MARGIN, ADDRESS_TOP, header.sender, size=SENDER["size"], leading=SENDER["leading"]
    )
    draw_block(
        pages,
        SHIP_TO_X,
        ADDRESS_TOP,
        header.recipient,
        size=RECIPIENT["size"],
        leading=RECIPIENT["leading"],
    )
    draw_block(
        pages, MARGIN, header.facts_top, header.facts, size=FACTS["size"], leading=FACTS["leading"]
    )
    totals = (
        f"Packages {shipment['packages']}   Units {shipment['units']}   "
        f"Weight {shipment['weight_g'] / 1000:.3f} kg"
    )
    draw_text(pages, MARGIN, header.totals_y, totals, size=FACTS["size"])


def _place(first: object, second: object) -> str:
    """Two address parts joined by a space, skipping empty ones."""
    return " ".join(str(part) for part in (first, second) if part)
