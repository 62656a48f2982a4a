"""Pick list PDF: one pick list per page (continued on more pages when long).

Each page carries the pick list id as a Code 128 barcode (scanned to start the pick), the wave
with its service level and carrier cutoff, then the picks in walking order: bin, SKU,
description, quantity and the totes it goes into, with a box to tick. A SKU several totes want is
one pick of their units together, then split per tote (`3×2 7×1`: two units into tote 3, one
into tote 7), so the picker reaches into the bin once. Unslotted SKUs come last, marked
UNSLOTTED, under an instruction saying where to look. A tote key maps each tote to its shipment.
"""

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
    Rendered,
    barcode,
    draw_text,
    page_streams,
    pdf_document,
    printable,
    text_operators,
    write_pages,
)
from assets.documents.table_pages import (
    cell_items,
    fitted,
    printed,
    row_items,
    table_pages,
    text_op,
    wrapped,
)

LINE_HEIGHT = 13.0
TABLE_TOP = PAGE_HEIGHT - MARGIN - 92
COLUMNS = (
    Column("#", 0, 24, "right"),
    Column("Bin", 30, 72),
    Column("SKU", 104, 92),
    Column("Description", 198, 150),
    Column("Qty", 350, 30, "right"),
    Column("Totes", 388, 84),
    Column("Done", 476, CONTENT_WIDTH - 476),
)
TOTES = COLUMNS[5]
"""The only column that wraps: a pick for many totes lists them all, over more lines."""
NOTE = Column("Note", 30, CONTENT_WIDTH - 30)
UNSLOTTED_INSTRUCTION = (
    "No bin here for the SKUs below: take them from overflow, or tell the shift lead."
)
"""Printed above a pick list's unslotted SKUs, instead of a blank bin."""
TOTE_COLUMNS = (Column("Tote", 30, 40), Column("Shipment", 104, 300))
UNSLOTTED = "UNSLOTTED"
LISTS_PER_BATCH = 1_000
"""Pick lists laid out together (about 25,000 lines)."""
PICKS, INSTRUCTION, UNSLOTTED_PICKS, GAP, KEY_HEADING, KEY = range(6)
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
    return write_pages(path, in_processes(_pages, batches, processes), title)


def _pages(batch: tuple[pl.DataFrame, str, str]) -> Rendered:
    """The pages of a batch of pick lists: (their lines in print order, warehouse, date)."""
    lines, warehouse, business_date = batch
    lines = lines.with_columns(doc=pl.col("pick_list_id").rle_id().cast(pl.Int64))
    rows = _rows(lines)
    one_line = [
        *((c.header, c) for c in COLUMNS),
        (NOTE.header, NOTE),
        *((f"key {c.header}", c) for c in TOTE_COLUMNS),
    ]
    picks = pl.col("part").is_in([PICKS, UNSLOTTED_PICKS])
    cells = pl.concat(
        [
            row_items(
                rows.filter(pl.col("part") != GAP).with_columns(
                    pl.when(pl.col("lines") == 1).then(pl.col(TOTES.header).list.first())
                ),
                one_line,
            ),
            cell_items(
                rows.filter(pl.col("lines") > 1),
                TOTES,
                TOTES.header,
                seq=len(COLUMNS),
                line_height=LINE_HEIGHT,
            ),
            rows.filter(picks).select(
                "row",
                seq=pl.lit((len(COLUMNS) + 1) * 1000, dtype=pl.Int64),
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
        pl.col("pick_list_id", "wave", "service_level", "cutoff").first(),
        totes=pl.col("tote").n_unique(),
        picks=pl.col("sku").n_unique(),
        units=pl.col("quantity").sum(),
    )
    top = PAGE_HEIGHT - MARGIN
    cutoff = pl.when(pl.col("cutoff").fill_null("") == "").then(pl.lit("none")).otherwise("cutoff")
    facts = docs.select(
        pl.format(
            "Warehouse {}   Ship date {}   Wave {} ({})   Carrier cutoff {}",
            pl.lit(warehouse),
            pl.lit(business_date),
            "wave",
            "service_level",
            cutoff,
        )
    ).to_series()
    ids = docs["pick_list_id"]
    bars = [
        barcode(value, PAGE_WIDTH - MARGIN, top - 42, height=40, max_width=250)
        for value in ids.to_list()
    ]
    totes = pl.format(
        "Totes {}   Picks {}   Units {}   One tote per shipment", "totes", "picks", "units"
    )
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
    """Every pick list's rows in print order: its picks in walking order (one per SKU, its
    totes' units together) with a box to tick, the unslotted ones last, in bold, under an
    instruction; a gap, then the tote key: each tote, by number, and the shipment it holds.
    Cells are named after their headings (`key <heading>` for the tote key), cut to fit their
    column, but for the totes of a pick, which wrap (`lines` says how many lines a row takes)."""
    picks = (
        lines.group_by("doc", "sku", maintain_order=True)
        .agg(
            pl.col("bin", "description", "is_unslotted").first(),
            pl.col("quantity").sum(),
            totes=pl.col("tote").cast(pl.String),
            split=pl.format("{}×{}", "tote", "quantity"),
        )
        .select(
            "doc",
            part=pl.when("is_unslotted").then(pl.lit(UNSLOTTED_PICKS)).otherwise(pl.lit(PICKS)),
            order=pl.int_range(1, pl.len() + 1).over("doc"),
            font=pl.when("is_unslotted").then(pl.lit(BOLD)).otherwise(pl.lit(FONT)),
            **dict(
                zip(
                    (column.header for column in COLUMNS),
                    (
                        pl.int_range(1, pl.len() + 1).over("doc").cast(pl.String),
                        pl.when("is_unslotted").then(pl.lit(UNSLOTTED)).otherwise("bin"),
                        pl.col("sku"),
                        pl.col("description"),
                        pl.col("quantity").cast(pl.String),
                        pl.when(pl.col("totes").list.len() == 1)
                        .then(pl.col("totes").list.first())
                        .otherwise(pl.col("split").list.join(" ")),
                        pl.lit(""),
                    ),
                    strict=True,
                )
            ),
        )
    )
    instruction = (
        picks.filter(pl.col("part") == UNSLOTTED_PICKS)
        .select("doc")
        .unique(maintain_order=True)
        .with_columns(
            part=pl.lit(INSTRUCTION),
            order=pl.lit(0),
            font=pl.lit(BOLD),
            **{NOTE.header: pl.lit(UNSLOTTED_INSTRUCTION)},
        )
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
        pl.concat([picks, instruction, gap, key_heading, key], how="diagonal_relaxed")
        .sort("doc", "part", "order", maintain_order=True)
        .with_row_index("row")
    )
    cut = [
        *((c.header, c) for c in COLUMNS if c != TOTES),
        (NOTE.header, NOTE),
        *((f"key {c.header}", c) for c in TOTE_COLUMNS),
    ]
    rows = rows.with_columns(
        fitted(rows[name], column.width - 2, rows["font"], size=9).alias(name)
        for name, column in cut
    ).with_columns(wrapped(rows[TOTES.header], TOTES.width - 2, size=9).alias(TOTES.header))
    return rows.with_columns(lines=pl.max_horizontal(1, pl.col(TOTES.header).list.len()))


def _draw_nothing_to_pick(pages: Pages, warehouse: str, business_date: str) -> None:
    """A single page saying there is nothing to pick, so the file always exists and opens."""
    top = PAGE_HEIGHT - MARGIN
    draw_text(pages, MARGIN, top - 16, "PICK LIST", font=BOLD, size=16)
    message = f"Nothing to pick in warehouse {warehouse} on {business_date}."
    draw_text(pages, MARGIN, top - 40, printable(message), size=11)
    pages.show_page()
