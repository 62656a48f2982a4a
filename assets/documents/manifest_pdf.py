"""Carrier manifest summary sheet (SCAN form / end-of-day close-out), one per manifest.

Like USPS Form 5630: shipper name and address, ship date, pieces per service, total weight, and the
manifest id as one Code 128 barcode the driver scans to accept every package on the manifest.
"""

from pathlib import Path

import polars as pl

from assets.documents.address_lines import ship_from_lines
from assets.documents.page_layout import (
    BOLD,
    MARGIN,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    Column,
    Pages,
    draw_code128,
    draw_footer,
    draw_header_row,
    draw_lines,
    draw_row,
    draw_text,
    pdf_document,
    printable,
    wrap_block,
)

LINE_HEIGHT = 14.0
SHIPPER_WIDTH = 220.0
"""Width of the shipper block, left of the manifest barcode."""
COLUMNS = (
    Column("Service", 0, 200),
    Column("Pieces", 210, 80, "right"),
    Column("Shipments", 300, 80, "right"),
    Column("Weight (kg)", 390, 100, "right"),
)


def service_summary(manifest_lines: pl.DataFrame) -> pl.DataFrame:
    """Pieces, shipments and weight per service, by service name."""
    return (
        manifest_lines.group_by("service")
        .agg(
            pl.len().alias("pieces"),
            pl.col("shipment_id").n_unique().alias("shipments"),
            pl.col("weight_g").sum().alias("weight_g"),
        )
        .sort("service")
    )


def render_manifest(
    path: Path, manifest_lines: pl.DataFrame, *, warehouse: dict, business_date: str
) -> Path:
    """Write the summary sheet of the one manifest in manifest_lines to path."""
    ids = manifest_lines["manifest_id"].unique().sort().to_list()
    if len(ids) != 1:
        raise ValueError(f"render_manifest takes one manifest, got {ids}")
    manifest_id = ids[0]
    with pdf_document(path, f"Manifest {manifest_id}") as pages:
        y = _draw_heading(
            pages, manifest_id, manifest_lines["carrier"][0], warehouse, business_date
        )
        y = _draw_service_table(pages, manifest_lines, y - 35)
        _draw_pickup_receipt(pages, y - 60)
        draw_footer(pages, manifest_id, "Page 1 of 1")
        pages.show_page()
    return path


def _draw_heading(
    pages: Pages, manifest_id: str, carrier: str, warehouse: dict, business_date: str
) -> float:
    """Title, shipper address, ship date and the manifest barcode; returns the ship date's
    baseline (a longer address moves what follows down)."""
    top = PAGE_HEIGHT - MARGIN
    draw_text(
        pages, MARGIN, top - 16, printable(f"CARRIER MANIFEST - {carrier}"), font=BOLD, size=16
    )
    note = "End-of-day close-out: scan once to accept every package."
    draw_text(pages, MARGIN, top - 32, note, size=10)
    draw_code128(pages, manifest_id, PAGE_WIDTH - MARGIN, top - 110, height=50, max_width=280)
    draw_text(
        pages,
        PAGE_WIDTH - MARGIN,
        top - 124,
        printable(manifest_id),
        font=BOLD,
        size=11,
        align="right",
    )
    draw_text(pages, MARGIN, top - 56, "SHIPPER", font=BOLD, size=9)
    shipper, incomplete = ship_from_lines(warehouse)
    shipper = [
        *wrap_block(shipper, SHIPPER_WIDTH, size=11),
        f"Warehouse {warehouse['warehouse_id']}",
    ]
    draw_lines(pages, MARGIN, top - 70, shipper, size=11, leading=13)
    y = top - 70 - 13 * len(shipper)
    for line in wrap_block([incomplete], SHIPPER_WIDTH, font=BOLD, size=11):
        draw_text(pages, MARGIN, y, line, font=BOLD, size=11)
        y -= 13
    y = min(y, top - 127) - 13
    draw_text(pages, MARGIN, y, printable(f"Ship date {business_date}"), size=11)
    return y


def _draw_service_table(pages: Pages, manifest_lines: pl.DataFrame, y: float) -> float:
    """Pieces, shipments and weight per service and in total; returns the y below the table."""
    draw_header_row(pages, COLUMNS, y)
    y -= LINE_HEIGHT + 2
    for service, pieces, shipments, weight_g in service_summary(manifest_lines).iter_rows():
        draw_row(pages, COLUMNS, (service, pieces, shipments, f"{weight_g / 1000:.3f}"), y)
        y -= LINE_HEIGHT
    pages.line(MARGIN, y + LINE_HEIGHT - 4, PAGE_WIDTH - MARGIN, y + LINE_HEIGHT - 4, width=0.8)
    totals = (
        "Total",
        manifest_lines.height,
        manifest_lines["shipment_id"].n_unique(),
        f"{int(manifest_lines['weight_g'].sum()) / 1000:.3f}",
    )
    draw_row(pages, COLUMNS, totals, y - 2, font=BOLD)
    return y - 2


def _draw_pickup_receipt(pages: Pages, y: float) -> None:
    """Lines the driver fills in when taking the packages."""
    for label in ("Pieces received", "Driver signature", "Pick-up date and time"):
        draw_text(pages, MARGIN, y, label, size=10)
        pages.line(MARGIN + 130, y - 2, MARGIN + 380, y - 2, width=0.8)
        y -= 28
