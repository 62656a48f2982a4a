"""Customs declarations, CN22/CN23 style: one page per international shipment, for the packer to
sign and attach to the parcel.

Like the UPU forms: sender and addressee, category of item, then per article its description,
quantity, net weight, value, HS tariff number and country of origin, and the totals. A value the
night does not know is never left empty without a word: it prints as a boxed MISSING, so the
packer fills it in by hand (the `customs_declarations_complete` check counts them).
"""

from pathlib import Path

import polars as pl

from assets.documents.page_layout import (
    BOLD,
    CONTENT_WIDTH,
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
    fit,
    pdf_document,
    printable,
    wrap,
)

LINE_HEIGHT = 14.0
MISSING = "[ MISSING ]"
"""What a blank customs needs prints as, boxed."""
COLUMNS = (
    Column("No.", 0, 22, "right"),
    Column("Description of contents", 28, 170),
    Column("Qty", 200, 30, "right"),
    Column("Net kg", 232, 48, "right"),
    Column("Unit value", 282, 78, "right"),
    Column("HS tariff no.", 366, 74),
    Column("Origin", 444, 50),
)
TABLE_TOP = PAGE_HEIGHT - MARGIN - 230
ROWS_PER_PAGE = int((TABLE_TOP - MARGIN - 170) // LINE_HEIGHT)
CERTIFICATE = (
    "I certify that the particulars given in this customs declaration are correct and that this "
    "item does not contain any dangerous article prohibited by legislation or by postal or "
    "customs regulations."
)


def render_customs_declarations(
    path: Path,
    declarations: pl.DataFrame,
    shipments: pl.DataFrame,
    *,
    warehouse: dict,
    business_date: str,
) -> Path:
    """Write one declaration (a page, or more for a long one) per shipment in `declarations`
    (oms.customs_declarations rows of one warehouse), addressed from `shipments`."""
    addresses = {row["shipment_id"]: row for row in shipments.iter_rows(named=True)}
    ordered = declarations.sort("shipment_id", "item_no")
    with pdf_document(
        path, f"Customs declarations {warehouse['warehouse_id']} {business_date}"
    ) as pages:
        for (shipment_id,), items in ordered.group_by("shipment_id", maintain_order=True):
            _draw_declaration(pages, items, addresses[shipment_id], warehouse, business_date)
    return path


def _draw_declaration(
    pages: Pages, items: pl.DataFrame, shipment: dict, warehouse: dict, business_date: str
) -> None:
    rows = items.rows(named=True)
    chunks = [rows[i : i + ROWS_PER_PAGE] for i in range(0, len(rows), ROWS_PER_PAGE)]
    first = rows[0]
    for number, chunk in enumerate(chunks, start=1):
        _draw_heading(pages, first, shipment, warehouse, business_date)
        y = TABLE_TOP
        draw_header_row(pages, COLUMNS, y)
        for row in chunk:
            y -= LINE_HEIGHT
            _draw_item(pages, row, y)
        if number == len(chunks):
            _draw_totals(pages, items, y - LINE_HEIGHT - 4)
        draw_footer(pages, first["shipment_id"], f"Page {number} of {len(chunks)}")
        pages.show_page()


def _draw_heading(
    pages: Pages, first: dict, shipment: dict, warehouse: dict, business_date: str
) -> None:
    """Form name, sender, addressee, the shipment barcode and the category of item."""
    top = PAGE_HEIGHT - MARGIN
    form = first["form"]
    draw_text(pages, MARGIN, top - 16, f"CUSTOMS DECLARATION {form}", font=BOLD, size=16)
    note = "May be opened officially. " + (
        "Goods worth up to 300 SDR."
        if form == "CN22"
        else "Goods over 300 SDR, or of unknown value."
    )
    draw_text(pages, MARGIN, top - 32, note, size=9)
    draw_code128(
        pages, first["shipment_id"], PAGE_WIDTH - MARGIN, top - 80, height=40, max_width=250
    )
    draw_text(
        pages, PAGE_WIDTH - MARGIN, top - 92, printable(first["shipment_id"]), size=8, align="right"
    )
    order = f"Order {first['channel']} {first['channel_order_id']}  ·  Ship date {business_date}"
    draw_text(pages, PAGE_WIDTH - MARGIN, top - 106, printable(order), size=9, align="right")
    draw_text(pages, MARGIN, top - 56, "FROM", font=BOLD, size=9)
    sender = [
        warehouse.get("name") or warehouse["warehouse_id"],
        f"Warehouse {warehouse['warehouse_id']}",
        " ".join(str(p) for p in (warehouse.get("region"), warehouse.get("postal_code")) if p),
        first["ship_from_country"],
    ]
    draw_lines(pages, MARGIN, top - 70, sender, size=10, leading=12)
    draw_text(pages, MARGIN, top - 130, "TO", font=BOLD, size=9)
    addressee = [
        shipment.get("ship_name"),
        shipment.get("ship_company"),
        shipment.get("ship_address1"),
        shipment.get("ship_address2"),
        " ".join(
            str(p)
            for p in (
                shipment.get("ship_city"),
                shipment.get("ship_region"),
                shipment.get("ship_postal_code"),
            )
            if p
        ),
        first["ship_to_country"],
    ]
    draw_lines(pages, MARGIN, top - 144, addressee, size=10, leading=12)
    draw_text(pages, MARGIN + 300, top - 130, "CATEGORY OF ITEM", font=BOLD, size=9)
    for n, category in enumerate(("Gift", "Documents", "Commercial sample", "Returned goods")):
        draw_text(pages, MARGIN + 300, top - 144 - 12 * n, f"[   ] {category}", size=9)
    draw_text(pages, MARGIN + 300, top - 192, "[ X ] Sale of goods", font=BOLD, size=9)


def _value(amount: object, currency: str | None) -> str | None:
    if amount is None or currency is None:
        return None
    return f"{amount:.2f} {currency}"


def _draw_item(pages: Pages, row: dict, y: float) -> None:
    """One article; each unknown value a boxed MISSING in its column."""
    weight = None if row["weight_g"] is None else f"{row['weight_g'] / 1000:.3f}"
    values = (
        row["item_no"],
        row["description"] or row["sku"],
        row["quantity"],
        weight,
        _value(row["unit_value"], row["currency"]),
        row["hs_code"],
        row["origin_country"],
    )
    draw_row(pages, COLUMNS, [MISSING if v is None else v for v in values], y, size=8)
    for column, value in zip(COLUMNS, values, strict=True):
        if value is None:
            _box(pages, column, y)


def _box(pages: Pages, column: Column, y: float) -> None:
    """A rectangle around a column's cell: the flag on a blank to fill in."""
    pages.add(f"0.8 w {MARGIN + column.x - 1:.2f} {y - 3:.2f} {column.width:.2f} 12 re S")


def _draw_totals(pages: Pages, items: pl.DataFrame, y: float) -> None:
    """Total weight and value, blanks counted, then the certificate and signature line."""
    first = items.row(0, named=True)
    weight = items["weight_g"]
    total_weight = None if weight.null_count() else f"{int(weight.sum()) / 1000:.3f}"
    total_value = _value(first["shipment_value"], first["currency"])
    pages.line(MARGIN, y + LINE_HEIGHT - 4, MARGIN + CONTENT_WIDTH, y + LINE_HEIGHT - 4, width=0.8)
    totals = ("", "Total", int(items["quantity"].sum()), total_weight, total_value, "", "")
    draw_row(pages, COLUMNS, [MISSING if v is None else v for v in totals], y, font=BOLD, size=8)
    for column, value in zip(COLUMNS, totals, strict=True):
        if value is None:
            _box(pages, column, y)
    blanks = int(items["missing"].is_not_null().sum())
    if blanks:
        flagged = (
            f"{blanks} article(s) have values marked MISSING: fill them in before the parcel "
            "leaves."
        )
        draw_text(pages, MARGIN, y - 22, fit(flagged, CONTENT_WIDTH, BOLD, 9), font=BOLD, size=9)
    lines = wrap(CERTIFICATE, CONTENT_WIDTH, size=8)
    draw_lines(pages, MARGIN, y - 44, lines, size=8, leading=10)
    draw_text(pages, MARGIN, y - 90, "Date and sender's signature", size=9)
    pages.line(MARGIN + 130, y - 92, MARGIN + 380, y - 92, width=0.8)
