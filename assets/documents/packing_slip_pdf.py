"""Packing slip PDF: one slip per ready shipment, in the order its tote comes off the pick carts.

A slip shows who ships (the warehouse), where it goes, the order it fills, the carrier service, the
shipment id as a Code 128 barcode (scanned at the pack station) and the contents of each package.
"""

from pathlib import Path

import polars as pl
from reportlab.pdfgen.canvas import Canvas

from assets.documents.page_layout import (
    BOLD,
    MARGIN,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    Column,
    draw_code128,
    draw_lines,
    draw_row,
    draw_table_pages,
    draw_text,
    pdf_canvas,
    printable,
)

LINE_HEIGHT = 13.0
TABLE_TOP = PAGE_HEIGHT - MARGIN - 190
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
    skus = contents["sku"].to_list()
    package_nos = contents["package_no"].to_list()
    quantities = contents["quantity"].to_list()
    bounds = _slip_bounds(contents["slip"].to_list(), shipments.height)
    title = f"Packing slips {warehouse['warehouse_id']} {business_date}"
    with pdf_canvas(path, title) as canvas:
        for s in range(shipments.height):
            start, stop = bounds[s]
            rows = [
                (
                    f"{package_nos[i]} of {slips['packages'][s]}",
                    skus[i],
                    descriptions.get(skus[i], ""),
                    quantities[i],
                )
                for i in range(start, stop)
            ]
            shipment = {name: values[s] for name, values in slips.items()}
            _draw_slip(canvas, shipment, rows, warehouse, business_date)
        if shipments.height == 0:
            message = f"No shipments from {warehouse['warehouse_id']} on {business_date}."
            draw_text(canvas, MARGIN, PAGE_HEIGHT - MARGIN - 20, printable(message), size=11)
            canvas.showPage()
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


def _draw_slip(
    canvas: Canvas, shipment: dict, rows: list[tuple], warehouse: dict, business_date: str
) -> None:
    """All pages of one shipment's slip."""
    draw_table_pages(
        canvas,
        COLUMNS,
        rows,
        top=TABLE_TOP,
        line_height=LINE_HEIGHT,
        footer=shipment["shipment_id"],
        draw_page_header=lambda: _draw_slip_header(canvas, shipment, warehouse, business_date),
        draw_body_row=lambda values, y: draw_row(canvas, COLUMNS, values, y),
    )


def _draw_slip_header(canvas: Canvas, shipment: dict, warehouse: dict, business_date: str) -> None:
    """Title, shipper, ship-to address, order facts and the shipment barcode."""
    top = PAGE_HEIGHT - MARGIN
    shipment_id = shipment["shipment_id"]
    draw_text(canvas, MARGIN, top - 16, "PACKING SLIP", font=BOLD, size=16)
    draw_text(canvas, MARGIN, top - 34, printable(f"Shipment {shipment_id}"), font=BOLD, size=10)
    draw_code128(canvas, shipment_id, PAGE_WIDTH - MARGIN, top - 42, height=40, max_width=250)

    draw_text(canvas, MARGIN, top - 62, "FROM", font=BOLD, size=9)
    draw_text(canvas, MARGIN + 250, top - 62, "SHIP TO", font=BOLD, size=9)
    sender = [
        warehouse.get("name") or warehouse["warehouse_id"],
        _place(warehouse.get("region"), warehouse.get("postal_code")),
        warehouse.get("country"),
    ]
    recipient = [
        shipment.get("ship_name"),
        shipment.get("ship_address1"),
        _place(
            shipment.get("ship_city"),
            _place(shipment.get("ship_region"), shipment.get("ship_postal_code")),
        ),
        shipment.get("ship_country"),
    ]
    draw_lines(canvas, MARGIN, top - 76, sender, size=10, leading=12)
    draw_lines(canvas, MARGIN + 250, top - 76, recipient, size=11, leading=13)

    service = f"{shipment.get('carrier') or ''} {shipment.get('service') or ''}".strip()
    order = (
        f"Order {shipment['channel']} {shipment['channel_order_id']}   "
        f"Ship date {business_date}   Service {service} ({shipment['service_level']})"
    )
    totals = (
        f"Packages {shipment['packages']}   Units {shipment['units']}   "
        f"Weight {shipment['weight_g'] / 1000:.3f} kg"
    )
    draw_text(canvas, MARGIN, top - 145, printable(order), size=10)
    draw_text(canvas, MARGIN, top - 159, totals, size=10)


def _place(first: object, second: object) -> str:
    """Two address parts joined by a space, skipping empty ones."""
    return " ".join(str(part) for part in (first, second) if part)
