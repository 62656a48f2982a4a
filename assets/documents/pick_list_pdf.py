"""Pick list PDF: one pick list per page (continued on more pages when long).

Each page carries the pick list id as a Code 128 barcode (scanned to start the pick), the wave and
carrier cutoff, then the lines in walking order: bin, SKU, description, quantity and tote, with a
box to tick. Unslotted SKUs come last, marked UNSLOTTED. A tote key maps each tote to its shipment.
"""

from itertools import chain
from pathlib import Path

import polars as pl

from assets.concurrency import in_processes
from assets.documents.page_layout import (
    BOLD,
    CONTENT_WIDTH,
    FONT,
    MARGIN,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    Column,
    Pages,
    barcode,
    draw_text,
    page_streams,
    pdf_document,
    printable,
    text_operators,
    write_pages,
)
from assets.documents.table_pages import fitted, printed, row_items, table_pages, text_op

LINE_HEIGHT = 13.0
TABLE_TOP = PAGE_HEIGHT - MARGIN - 92
COLUMNS = (
    Column("#", 0, 24, "right"),
    Column("Bin", 30, 72),
    Column("SKU", 104, 92),
    Column("Description", 198, 196),
    Column("Qty", 396, 36, "right"),
    Column("Tote", 434, 34, "right"),
    Column("Done", 476, CONTENT_WIDTH - 476),
)
TOTE_COLUMNS = (Column("Tote", 30, 40), Column("Shipment", 104, 300))
UNSLOTTED = "UNSLOTTED"
LISTS_PER_BATCH = 1_000
"""Pick lists laid out together (about 25,000 lines)."""
LINES, GAP, KEY_HEADING, KEY = range(4)
"""The parts of a pick list's table, in print order."""


def pick_list_order(lines: pl.DataFrame) -> pl.DataFrame:
    """Lines in print order: by wave, pick list number (ids grow in length past 999), sequence.

    The pick list stage writes its lines in this order already, and checking that is one linear
    pass where sorting millions of lines by their string ids is not, so sorted input is kept as is.
    """
    keys = lines.select(
        "wave",
        pl.col("pick_list_id").str.len_chars().alias("id_length"),
        "pick_list_id",
        "sequence",
    )
    if _in_order(keys):
        return lines
    return lines.sort(
        [pl.col("wave"), pl.col("pick_list_id").str.len_chars(), "pick_list_id", "sequence"]
    )


def _in_order(keys: pl.DataFrame) -> bool:
    """Whether every row's keys are at least the previous row's, compared left to right."""
    if keys.height < 2:
        return True
    if any(count for count in keys.null_count().row(0)):
        return False
    follows = pl.lit(True)
    for name in reversed(keys.columns):
        before = pl.col(name).shift(1)
        follows = (before < pl.col(name)) | ((before == pl.col(name)) & follows)
    return bool(keys.select(follows.slice(1).all()).item())


def render_pick_lists(
    path: Path,
    pick_list_lines: pl.DataFrame,
    *,
    warehouse: str,
    business_date: str,
    processes: int = 1,
) -> Path:
    """Write every pick list of the frame into one PDF at path, batches of pick lists laid
    out in up to `processes` worker processes."""
    title = f"Pick lists {warehouse} {business_date}"
    if pick_list_lines.height == 0:
        with pdf_document(path, title) as pages:
            _draw_nothing_to_pick(pages, warehouse, business_date)
        return path
    lines = pick_list_order(pick_list_lines).with_columns(
        batch=pl.col("pick_list_id").rle_id() // LISTS_PER_BATCH
    )
    batches = [
        (part, warehouse, business_date)
        for part in lines.partition_by("batch", maintain_order=True, include_key=False)
    ]
    return write_pages(path, chain.from_iterable(in_processes(_pages, batches, processes)), title)


def _pages(batch: tuple[pl.DataFrame, str, str]) -> list[bytes]:
    """The pages of a batch of pick lists: (their lines in print order, warehouse, date)."""
    lines, warehouse, business_date = batch
    lines = lines.with_columns(doc=pl.col("pick_list_id").rle_id().cast(pl.Int64))
    rows = _rows(lines)
    cells = pl.concat(
        [
            row_items(
                rows.filter(pl.col("part") != GAP),
                [
                    *((c.header, c) for c in COLUMNS),
                    *((f"key {c.header}", c) for c in TOTE_COLUMNS),
                ],
            ),
            rows.filter(pl.col("part") == LINES).select(
                "row",
                seq=pl.lit(len(COLUMNS) * 1000, dtype=pl.Int64),
                dy=pl.lit(1.5),
                before=pl.lit(f"0.6 w {MARGIN + COLUMNS[-1].x + 4:.2f} "),
                after=pl.lit("8 8 re S"),
            ),
        ]
    )
    contents = table_pages(
        _headers(lines, warehouse, business_date), rows, cells, COLUMNS, line_height=LINE_HEIGHT
    )
    return page_streams(contents)


def _headers(lines: pl.DataFrame, warehouse: str, business_date: str) -> pl.DataFrame:
    """Per pick list: title, the barcode of its id and the wave facts, drawn on each page."""
    docs = lines.group_by("doc", maintain_order=True).agg(
        pl.col("pick_list_id", "wave", "cutoff").first(),
        totes=pl.col("tote").n_unique(),
        units=pl.col("quantity").sum(),
    )
    top = PAGE_HEIGHT - MARGIN
    cutoff = pl.when(pl.col("cutoff").fill_null("") == "").then(pl.lit("none")).otherwise("cutoff")
    facts = docs.select(
        pl.format(
            "Warehouse {}   Ship date {}   Wave {}   Carrier cutoff {}",
            pl.lit(warehouse),
            pl.lit(business_date),
            "wave",
            cutoff,
        )
    ).to_series()
    ids = docs["pick_list_id"]
    bars = [
        barcode(value, PAGE_WIDTH - MARGIN, top - 42, height=40, max_width=250)
        for value in ids.to_list()
    ]
    totes = pl.format("Totes {}   Units {}   One tote per shipment", "totes", "units")
    return docs.select(
        "doc",
        top=pl.lit(TABLE_TOP),
        footer=printed(ids),
        header=pl.concat_str(
            [
                pl.lit(text_operators(MARGIN, top - 16, "PICK LIST", font=BOLD, size=16)),
                text_op(pl.lit(MARGIN), pl.lit(top - 32), pl.lit(printed(ids)), font=BOLD, size=11),
                pl.lit(pl.Series(bars, dtype=pl.String)),
                text_op(
                    pl.lit(MARGIN), pl.lit(top - 58), pl.lit(printed(facts)), font=FONT, size=10
                ),
                text_op(pl.lit(MARGIN), pl.lit(top - 72), totes, font=FONT, size=10),
            ],
            separator=" ",
        ),
    )


def _rows(lines: pl.DataFrame) -> pl.DataFrame:
    """Every pick list's rows in print order: its lines in walking order (UNSLOTTED ones in
    bold) with a box to tick, a gap, then the tote key: each tote, by number, and the shipment
    it holds. Cells are named after their headings (`key <heading>` for the tote key), cut to
    fit their column."""
    picks = lines.select(
        "doc",
        part=pl.lit(LINES),
        order=pl.int_range(pl.len()).over("doc"),
        font=pl.when("is_unslotted").then(pl.lit(BOLD)).otherwise(pl.lit(FONT)),
        **dict(
            zip(
                (column.header for column in COLUMNS),
                (
                    pl.col("sequence").cast(pl.String),
                    pl.when("is_unslotted").then(pl.lit(UNSLOTTED)).otherwise("bin"),
                    pl.col("sku"),
                    pl.col("description"),
                    pl.col("quantity").cast(pl.String),
                    pl.col("tote").cast(pl.String),
                    pl.lit(""),
                ),
                strict=True,
            )
        ),
    )
    ends = lines.select("doc").unique(maintain_order=True)
    key_heading = ends.with_columns(
        part=pl.lit(KEY_HEADING),
        order=pl.lit(0),
        font=pl.lit(BOLD),
        **{f"key {column.header}": pl.lit(column.header) for column in TOTE_COLUMNS},
    )
    key = lines.unique(["doc", "tote"], keep="first", maintain_order=True).select(
        "doc",
        part=pl.lit(KEY),
        order=pl.col("tote"),
        font=pl.lit(FONT),
        **{"key Tote": pl.col("tote").cast(pl.String), "key Shipment": pl.col("shipment_id")},
    )
    gap = ends.with_columns(part=pl.lit(GAP), order=pl.lit(0), font=pl.lit(FONT))
    rows = (
        pl.concat([picks, gap, key_heading, key], how="diagonal_relaxed")
        .sort("doc", "part", "order", maintain_order=True)
        .with_row_index("row")
        .with_columns(lines=pl.lit(1))
    )
    texts = [*((c.header, c) for c in COLUMNS), *((f"key {c.header}", c) for c in TOTE_COLUMNS)]
    return rows.with_columns(
        fitted(rows[name], column.width - 2, rows["font"], size=9).alias(name)
        for name, column in texts
    )


def _draw_nothing_to_pick(pages: Pages, warehouse: str, business_date: str) -> None:
    """A single page saying there is nothing to pick, so the file always exists and opens."""
    top = PAGE_HEIGHT - MARGIN
    draw_text(pages, MARGIN, top - 16, "PICK LIST", font=BOLD, size=16)
    message = f"Nothing to pick in warehouse {warehouse} on {business_date}."
    draw_text(pages, MARGIN, top - 40, printable(message), size=11)
    pages.show_page()
