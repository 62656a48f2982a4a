"""Carrier manifest (SCAN form / end-of-day close-out), one per manifest: the sheet a driver signs.

The first page is like USPS Form 5630: shipper name and address, ship date, pieces per service,
total weight, how many packages still have no tracking number, the lines the driver signs, and
the manifest id as one Code 128 barcode the driver scans to accept every package on it. The pages
after it list every package: its id, the tracking number its carrier confirmation supplied (once
one has), service and weight, and the package id as a barcode, so the driver can check what is
on the truck against what is on the sheet. The list is laid out as frames (`table_pages`), in
batches in worker processes like the packing slips.
"""

from collections.abc import Iterator
from functools import cache, partial
from itertools import chain
from pathlib import Path

import numpy as np
import polars as pl
import pyarrow as pa

from assets.concurrency import in_processes
from assets.documents.address_lines import ship_from_lines
from assets.documents.code128 import symbols_in_set_b
from assets.documents.page_layout import (
    BOLD,
    FONT,
    MARGIN,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    QUIET_ZONE,
    Column,
    Pages,
    Rendered,
    draw_code128,
    draw_footer,
    draw_header_row,
    draw_lines,
    draw_row,
    draw_text,
    page_streams,
    printable,
    text_operators,
    text_width,
    wrap_block,
    write_pages,
)
from assets.documents.pdf_file import BARCODE_RESOURCE
from assets.documents.table_pages import (
    row_pages,
    table_cells,
    table_pages,
    wrapped,
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
PACKAGE_COLUMNS = (
    Column("Package", 0, 228),
    Column("Tracking number", 232, 125),
    Column("Service", 362, 93),
    Column("Weight (kg)", 455, 55, "right"),
)
NO_TRACKING = "not confirmed yet"
"""What the tracking column says until the carrier's confirmation gives the number."""
LIST_LINE = 12.0
LIST_TOP = PAGE_HEIGHT - MARGIN - 52
"""Baseline of the package list's column headings, below the title and the counts."""
BAR_HEIGHT = 18.0
BAR_WIDTH = 360.0
"""A package id (about 40 characters, 500 modules) gets modules of 0.7 pt: 2 px at 200 dpi."""
BAR_LINES = 2
"""List lines a package's barcode takes under its text."""
PAGES_PER_BATCH = 1_000
"""Pages of the package list drawn and deflated together in a worker process (17 packages a
page)."""


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
    path: Path,
    manifest_lines: pl.DataFrame,
    *,
    warehouse: dict,
    business_date: str,
    processes: int = 1,
) -> Path:
    """Write the manifest in manifest_lines (one manifest, a row per package, with its
    tracking_number or null) to path: the summary sheet, then the package list."""
    ids = manifest_lines["manifest_id"].unique().sort().to_list()
    if len(ids) != 1:
        raise ValueError(f"render_manifest takes one manifest, got {ids}")
    manifest_id = ids[0]
    carrier = manifest_lines["carrier"][0]
    untracked = manifest_lines["tracking_number"].is_null().sum()
    list_pages, package_pages = _package_pages(
        manifest_lines, manifest_id, carrier, business_date, untracked, processes
    )
    summary = Pages()
    y = _draw_heading(summary, manifest_id, carrier, warehouse, business_date)
    y = _draw_service_table(summary, manifest_lines, y - 35)
    tracked = manifest_lines.height - untracked
    counts = (
        f"Tracking numbers: {tracked} of {manifest_lines.height} packages, {untracked} without one"
    )
    draw_text(summary, MARGIN, y - 24, counts, size=10)
    _draw_pickup_receipt(summary, y - 70)
    draw_footer(summary, manifest_id, f"Page 1 of {1 + list_pages}")
    summary.show_page()
    title = f"Manifest {manifest_id}"
    return write_pages(path, chain([summary.rendered()], package_pages), title)


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


def _package_pages(
    lines: pl.DataFrame,
    manifest_id: str,
    carrier: str,
    business_date: str,
    untracked: int,
    processes: int,
) -> tuple[int, Iterator[Rendered]]:
    """How many pages list every package of the manifest (in the order of lines, each with its
    id as a barcode, numbered after the summary page), and those pages. The rows are cut into
    batches of whole pages here, so each batch is drawn and deflated in a worker process."""
    counts = (
        f"{carrier}   Ship date {business_date}   {lines.height} packages, "
        f"{untracked} without a tracking number"
    )
    title = printable(f"PACKAGES ON {manifest_id}")
    header = " ".join(
        [
            text_operators(MARGIN, PAGE_HEIGHT - MARGIN - 16, title, font=BOLD, size=12),
            text_operators(MARGIN, PAGE_HEIGHT - MARGIN - 32, printable(counts), size=9),
        ]
    )
    docs = pl.DataFrame(
        {"doc": [0], "top": [LIST_TOP], "footer": [printable(manifest_id)], "header": [header]},
        schema={"doc": pl.Int64, "top": pl.Float64, "footer": pl.String, "header": pl.String},
    )
    rows = _package_rows(lines)
    rows = rows.with_columns(page=row_pages(docs, rows, line_height=LIST_LINE)["page"])
    pages = rows["page"].max() + 1
    batches = [
        (part.drop("page", "batch"), docs, part["page"].min(), pages - 1 - part["page"].max())
        for part in rows.with_columns(batch=pl.col("page") // PAGES_PER_BATCH).partition_by(
            "batch", maintain_order=True
        )
    ]
    return pages, in_processes(_batch_pages, batches, processes)


def _package_rows(lines: pl.DataFrame) -> pl.DataFrame:
    """A row per package: its texts as the lines they take in their columns (list columns
    named after the headings), wrapped, whole, and the lines the row takes with its barcode."""
    weight = pl.format(
        "{}.{}",
        pl.col("weight_g") // 1000,
        (pl.col("weight_g") % 1000).cast(pl.String).str.zfill(3),
    )
    texts = (
        pl.col("package_id"),
        pl.col("tracking_number").fill_null(NO_TRACKING),
        pl.col("service"),
        weight,
    )
    rows = lines.select("package_id").with_row_index("row").cast({"row": pl.Int64})
    # ids and tracking numbers differ on every row; services and weights repeat
    layouts = (_lines, _lines, partial(wrapped, size=9), partial(wrapped, size=9))
    rows = rows.with_columns(
        layout(lines.select(text).to_series(), column.width - 2).alias(column.header)
        for layout, text, column in zip(layouts, texts, PACKAGE_COLUMNS, strict=True)
    )
    text_lines = pl.max_horizontal(1, *(pl.col(c.header).list.len() for c in PACKAGE_COLUMNS))
    return rows.with_columns(
        doc=pl.lit(0, dtype=pl.Int64), text_lines=text_lines, lines=text_lines + BAR_LINES
    )


def _batch_pages(batch: tuple[pl.DataFrame, pl.DataFrame, int, int]) -> Rendered:
    """The pages of a batch of package rows that starts a page: (rows, the manifest's docs
    frame, pages of the list before and after the batch's)."""
    rows, docs, before, after = batch
    cells = pl.concat(
        [
            table_cells(rows, PACKAGE_COLUMNS, lines="text_lines", line_height=LIST_LINE),
            _barcodes(rows),
        ]
    )
    contents = table_pages(
        docs,
        rows,
        cells,
        PACKAGE_COLUMNS,
        line_height=LIST_LINE,
        pages_before=1 + before,
        pages_after=after,
    )
    return page_streams(contents)


def _barcodes(rows: pl.DataFrame) -> pl.DataFrame:
    """Each package id as a Code 128 barcode under its row's text, ending at the right margin,
    as cells of the table: a string in the barcode font, placed by its text matrix (the row's
    y goes into it)."""
    codes = symbols_in_set_b(rows["package_id"])
    full = pl.col("modules") + 2 * QUIET_ZONE
    scale = pl.min_horizontal(1.0, BAR_WIDTH / full)
    left = PAGE_WIDTH - MARGIN - (full - QUIET_ZONE) * scale
    return pl.concat([rows.select("row", "text_lines"), codes], how="horizontal").select(
        "row",
        seq=pl.lit(len(PACKAGE_COLUMNS) * 1000, dtype=pl.Int64),
        dy=((pl.col("text_lines") - 1) * LIST_LINE + 4 + BAR_HEIGHT).cast(pl.Float64),
        before=pl.format(
            f"BT {BARCODE_RESOURCE} 1 Tf {{}} 0 0 {BAR_HEIGHT:g} {{}} ",
            scale.round(4),
            left.round(3),
        ),
        after=pl.format("Tm {} Tj ET", "literal"),
    )


def _lines(values: pl.Series, width: float) -> pl.Series:
    """`wrapped` at 9 pt, the text that fits measured by column expressions first: package ids
    and tracking numbers differ on every row, and `wrapped` measures such text one by one."""
    texts = values.cast(pl.String).fill_null("")
    fits = _plain_fitting(texts, width, size=9)
    rest = wrapped(
        pl.select(pl.when(fits).then(pl.lit("")).otherwise(texts)).to_series(), width, size=9
    )
    as_they_are = pl.select(pl.concat_list(pl.lit(texts))).to_series()
    return as_they_are.zip_with(fits & (texts != ""), rest)


def _plain_fitting(texts: pl.Series, width: float, *, size: float) -> pl.Series:
    """Which texts are printable ASCII no wider than width in the regular font: the glyph
    widths of all their bytes summed at once (as `text_width` sums them, in whole units) from
    the Arrow buffers of the column, not text by text."""
    array = texts.to_arrow().cast(pa.large_string())
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    _, offsets, data = array.buffers()
    ends = np.frombuffer(offsets, dtype=np.int64)[array.offset : array.offset + len(array) + 1]
    data_bytes = np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, np.uint8)
    summed = np.concatenate([[0], np.cumsum(_glyph_units()[data_bytes], dtype=np.int64)])
    total = pl.Series(summed[ends[1:]] - summed[ends[:-1]])
    return texts.str.contains(r"^[ -~]*$") & (total * 0.001 * size <= width)


@cache
def _glyph_units() -> np.ndarray:
    """Width of each printable ASCII byte's glyph in the regular font, in thousandths of an em
    (0 for the other bytes, which `_plain_fitting` never counts)."""
    units = [
        round(text_width(chr(byte), FONT, 1000)) if 32 <= byte < 127 else 0 for byte in range(256)
    ]
    return np.array(units, dtype=np.int64)
