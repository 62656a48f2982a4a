"""Packing slip PDF: one slip per ready shipment, in the order its tote comes off the pick carts.

A slip shows who ships (the warehouse), where it goes (the full address, in the destination
country's order: assets/documents/address_lines.py), the order it fills, the carrier service, the
pick list and tote the shipment was picked into, the shipment id as a Code 128 barcode (scanned
at the pack station) with a short id beside it for people, and every line of the order: units
ordered, in this box (and which of the shipment's packages), backordered and shipped from another
warehouse (oms.packing_slip_lines), so a packer of a split order knows what is meant to be missing.
"""

from pathlib import Path

import polars as pl

from assets.concurrency import in_processes
from assets.documents.address_lines import address_lines, ship_from_lines
from assets.documents.page_layout import (
    BOLD,
    CONTENT_WIDTH,
    FONT,
    MARGIN,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    Column,
    Pages,
    Rendered,
    barcode,
    draw_text,
    page_streams,
    pdf_document,
    printable,
    text_operators,
    wrap_block,
    write_pages,
)
from assets.documents.table_pages import (
    printed,
    table_cells,
    table_pages,
    text_op,
    wrapped,
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
SLIPS_PER_BATCH = 5_000
"""Slips laid out together: a batch's frames take about 100 MB, and a night's slips of one
warehouse make enough batches to keep every worker process busy."""
COLUMNS = (
    Column("Box", 0, 34),
    Column("SKU", 38, 90),
    Column("Description", 130, 178),
    Column("Ordered", 310, 44, "right"),
    Column("In box", 356, 40, "right"),
    Column("Backorder", 398, 50, "right"),
    Column("Other WH", 456, CONTENT_WIDTH - 456, "right"),
)
"""Per order line: the shipment's packages holding it, what it is, then its units ordered, in
this box, still owed and leaving other warehouses (with which)."""
NONE = "-"
"""What the Backorder and Other WH columns print for no units."""
SHORT_ID_LENGTH = 6
BARCODE_WIDTH = CONTENT_WIDTH - 140
"""Room for the shipment barcode right of the title: a 36-character id gets bars of 0.9 pt,
2.5 pixels of a 200 dpi print."""


def short_ids(shipment_ids: pl.Series) -> pl.Series:
    """A short id per shipment for people: the end of its id, `SHORT_ID_LENGTH` characters, or
    as many more as it takes to tell it from every other id of the frame (as git shortens
    commit ids). Shipment ids end in a hash, so the end is as random as the id and can be read
    off the full id by eye; given the warehouse's whole night, it is unique on its floor."""
    ids = shipment_ids.cast(pl.String).fill_null("")
    short = pl.Series(ids.name, [None] * ids.len(), dtype=pl.String)
    longest = int(ids.str.len_chars().max() or 0)
    for length in range(SHORT_ID_LENGTH, longest + 1):
        tails = ids.str.tail(length)
        short = short.fill_null(tails.zip_with(tails.is_unique(), short))
        if not short.null_count():
            break
    return short.fill_null(ids).rename("short_id")


def slip_order(shipments: pl.DataFrame, pick_list_lines: pl.DataFrame) -> pl.DataFrame:
    """Ready shipments in packing order: pick list, then tote; unpicked ones last by id. Each
    with its short id among all the frame's shipments (held ones too, so holding one changes
    no other's)."""
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
        shipments.with_columns(short_id=short_ids(shipments["shipment_id"]))
        .filter(pl.col("status") == "ready")
        .join(picked, on="shipment_id", how="left")
        .sort(["wave", "id_length", "pick_list_id", "tote", "shipment_id"], nulls_last=True)
    )


def render_packing_slips(
    path: Path,
    shipments: pl.DataFrame,
    slip_lines: pl.DataFrame,
    *,
    warehouse: dict,
    business_date: str,
    processes: int = 1,
) -> Path:
    """Write a packing slip for every shipment of the frame (already in print order, with short
    ids: `slip_order`) to path, listing its order lines (oms.packing_slip_lines), batches of
    slips laid out in up to `processes` worker processes."""
    title = f"Packing slips {warehouse['warehouse_id']} {business_date}"
    if shipments.height == 0:
        with pdf_document(path, title) as pages:
            message = f"No shipments from {warehouse['warehouse_id']} on {business_date}."
            draw_text(pages, MARGIN, PAGE_HEIGHT - MARGIN - 20, printable(message), size=11)
            pages.show_page()
        return path
    slips = shipments.with_columns(batch=pl.int_range(pl.len()) // SLIPS_PER_BATCH)
    contents = (
        slip_lines.join(
            slips.select("shipment_id", "batch"),
            on="shipment_id",
            how="inner",
            maintain_order="left",
        )
        .with_columns(pl.col("description").fill_null(""))
        .partition_by("batch", as_dict=True, include_key=False)
    )
    batches = [
        (part, contents.get(key, slip_lines.clear()), warehouse, business_date)
        for key, part in slips.partition_by(
            "batch", as_dict=True, include_key=False, maintain_order=True
        ).items()
    ]
    return write_pages(path, in_processes(_pages, batches, processes), title)


def _pages(batch: tuple[pl.DataFrame, pl.DataFrame, dict, str]) -> Rendered:
    """The pages of a batch of slips: (shipments, their order lines with descriptions, the
    warehouse, the date)."""
    shipments, contents, warehouse, business_date = batch
    slips = shipments.with_row_index("doc").with_columns(
        pl.col("doc").cast(pl.Int64), ship_to_lines=address_lines(shipments)
    )
    docs = _headers(slips, warehouse, business_date)
    rows = _rows(slips, contents)
    cells = table_cells(rows, COLUMNS, lines="lines", line_height=LINE_HEIGHT)
    return page_streams(table_pages(docs, rows, cells, COLUMNS, line_height=LINE_HEIGHT))


def _lines(slips: pl.DataFrame, texts: pl.Expr, style: dict) -> pl.DataFrame:
    """Each slip's lines of a block of texts (a list per slip), each text wrapped to the
    block's width, whole; empty ones leave no line: (doc, line, text)."""
    exploded = slips.select("doc", text=texts).explode("text")
    lines = exploded.with_columns(
        text=wrapped(exploded["text"], style["width"], size=style["size"])
    )
    return (
        lines.explode("text")
        .filter(pl.col("text").is_not_null() & (pl.col("text") != ""))
        .with_columns(line=pl.int_range(pl.len()).over("doc"))
    )


def _block(lines: pl.DataFrame, x: float, top: pl.Expr, style: dict) -> pl.DataFrame:
    """The operators drawing each slip's block lines downwards from baseline top: (doc, ops)."""
    y = top - style["leading"] * pl.col("line")
    return (
        lines.with_columns(ops=text_op(pl.lit(x), y, pl.col("text"), font=FONT, size=style["size"]))
        .group_by("doc", maintain_order=True)
        .agg(pl.col("ops").str.join(" "))
    )


def _count(slips: pl.DataFrame, lines: pl.DataFrame) -> pl.Expr:
    """How many lines each slip's block takes (0 for none), aligned with slips."""
    counts = lines.group_by("doc").agg(count=pl.len())
    joined = slips.select("doc").join(counts, on="doc", how="left", maintain_order="left")
    return pl.lit(joined["count"].fill_null(0))


def _headers(slips: pl.DataFrame, warehouse: dict, business_date: str) -> pl.DataFrame:
    """Per slip: the header drawn on each of its pages, where its table starts, its footer id.

    The free text (names, addresses, the order and its service) is wrapped to its column,
    whole; what follows is placed below the longest address block."""
    ship_from, incomplete = ship_from_lines(warehouse)
    sender = [(line, FONT) for line in wrap_block(ship_from, SENDER["width"], size=SENDER["size"])]
    sender += [
        (line, BOLD)
        for line in wrap_block([incomplete], SENDER["width"], font=BOLD, size=SENDER["size"])
    ]
    labels = Pages()
    draw_text(labels, MARGIN, TOP - 62, "FROM", font=BOLD, size=9)
    draw_text(labels, SHIP_TO_X, TOP - 62, "SHIP TO", font=BOLD, size=9)
    for n, (line, font) in enumerate(sender):
        y = ADDRESS_TOP - SENDER["leading"] * n
        draw_text(labels, MARGIN, y, line, font=font, size=SENDER["size"])
    recipient = _lines(slips, pl.col("ship_to_lines"), RECIPIENT)
    service = pl.concat_str(
        [pl.col("carrier").fill_null(""), pl.col("service").fill_null("")], separator=" "
    ).str.strip_chars()
    order = pl.concat_list(
        pl.format(
            "Order {} {}   Ship date {}   Service {} ({})",
            "channel",
            "channel_order_id",
            pl.lit(business_date),
            service,
            "service_level",
        ),
    )
    facts = _lines(slips, order, FACTS)
    below_blocks = pl.min_horizontal(
        ADDRESS_TOP - SENDER["leading"] * len(sender),
        ADDRESS_TOP - RECIPIENT["leading"] * _count(slips, recipient),
    )
    placed = slips.with_columns(facts_top=pl.min_horizontal(FACTS_TOP, below_blocks - 17))
    placed = placed.with_columns(
        totals_y=pl.col("facts_top") - FACTS["leading"] * pl.max_horizontal(1, _count(slips, facts))
    ).with_columns(top=pl.min_horizontal(TABLE_TOP, pl.col("totals_y") - FACTS["leading"] - 31))
    facts = facts.join(placed.select("doc", "facts_top"), on="doc", maintain_order="left")
    shipment = printed(slips.select(pl.format("Shipment {}", "shipment_id")).to_series())
    short = printed(slips.select(pl.format("Ref {}", "short_id")).to_series())
    bars = [
        barcode(value, PAGE_WIDTH - MARGIN, TOP - 38, height=38, max_width=BARCODE_WIDTH)
        for value in slips["shipment_id"].to_list()
    ]
    weight = pl.format(
        "{}.{}",
        pl.col("weight_g") // 1000,
        (pl.col("weight_g") % 1000).cast(pl.String).str.zfill(3),
    )
    totals = pl.format("Packages {}   Units {}   Weight {} kg", "packages", "units", weight)
    picked = pl.format("Pick list {}   Tote {}", "pick_list_id", "tote")  # short: never wraps
    totals_y = pl.col("totals_y") - FACTS["leading"]
    return (
        placed.join(
            _block(recipient, SHIP_TO_X, pl.lit(ADDRESS_TOP), RECIPIENT),
            on="doc",
            how="left",
            maintain_order="left",
        )
        .join(
            _block(facts, MARGIN, pl.col("facts_top"), FACTS).rename({"ops": "facts_ops"}),
            on="doc",
            how="left",
            maintain_order="left",
        )
        .select(
            "doc",
            "top",
            footer=printed(slips["shipment_id"]),
            header=pl.concat_str(
                [
                    pl.lit(text_operators(MARGIN, TOP - 16, "PACKING SLIP", font=BOLD, size=16)),
                    text_op(pl.lit(MARGIN), pl.lit(TOP - 36), pl.lit(short), font=BOLD, size=14),
                    text_op(pl.lit(MARGIN), pl.lit(TOP - 49), pl.lit(shipment), font=BOLD, size=9),
                    pl.lit(pl.Series(bars, dtype=pl.String)),
                    pl.lit(" ".join(labels.operators)),
                    pl.col("ops").fill_null(""),
                    pl.col("facts_ops").fill_null(""),
                    pl.when(picked.is_not_null())
                    .then(text_op(pl.lit(MARGIN), pl.col("totals_y"), picked, font=FONT, size=10))
                    .otherwise(pl.lit("")),
                    text_op(pl.lit(MARGIN), totals_y, totals, font=FONT, size=FACTS["size"]),
                ],
                separator=" ",
            ),
        )
    )


def _rows(slips: pl.DataFrame, contents: pl.DataFrame) -> pl.DataFrame:
    """The table rows of every slip, one per order line in line order (list columns named after
    their headings), wrapped to their columns, never cut."""
    rows = (
        contents.join(
            slips.select("shipment_id", "doc"), on="shipment_id", how="inner", maintain_order="left"
        )
        .sort(["doc", "line_no"], maintain_order=True)
        .with_row_index("row")
    )
    others = pl.format("{} {}", "other_warehouse_units", "other_warehouses")
    texts = (
        pl.col("packages").fill_null(""),
        pl.col("sku"),
        pl.col("description"),
        pl.col("ordered_units").cast(pl.String),
        pl.col("packed_units").cast(pl.String),
        pl.when(pl.col("backordered_units") > 0)
        .then(pl.col("backordered_units").cast(pl.String))
        .otherwise(pl.lit(NONE)),
        pl.when(pl.col("other_warehouse_units") > 0).then(others).otherwise(pl.lit(NONE)),
    )
    counts = {c.header for c in COLUMNS[3:6]}  # a count or "-" always fits: one line, as it is
    rows = rows.with_columns(
        pl.concat_list(text).alias(column.header)
        if column.header in counts
        else wrapped(rows.select(text).to_series(), column.width - 2, size=9).alias(column.header)
        for text, column in zip(texts, COLUMNS, strict=True)
    )
    return rows.with_columns(
        lines=pl.max_horizontal(1, *(pl.col(c.header).list.len() for c in COLUMNS))
    )
