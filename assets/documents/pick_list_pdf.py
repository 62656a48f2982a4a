"""Pick list PDF: one pick list per page (continued on more pages when long).

Each page carries the pick list id as a Code 128 barcode (scanned to start the pick), the wave and
carrier cutoff, then the lines in walking order: bin, SKU, description, quantity and tote, with a
box to tick. Unslotted SKUs come last, marked UNSLOTTED. A tote key maps each tote to its shipment.
"""

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from assets.documents.page_layout import (
    BOLD,
    CONTENT_WIDTH,
    FONT,
    MARGIN,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    Column,
    Pages,
    draw_code128,
    draw_row,
    draw_table_pages,
    draw_text,
    pdf_document,
    printable,
)

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


@dataclass(frozen=True)
class PickListHeader:
    """What the top of every page of one pick list shows."""

    pick_list_id: str
    warehouse: str
    business_date: str
    wave: int
    cutoff: str | None
    totes: int
    units: int


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
    path: Path, pick_list_lines: pl.DataFrame, *, warehouse: str, business_date: str
) -> Path:
    """Write every pick list of the frame into one PDF at path."""
    with pdf_document(path, f"Pick lists {warehouse} {business_date}") as pages:
        if pick_list_lines.height == 0:
            _draw_nothing_to_pick(pages, warehouse, business_date)
        lines = pick_list_order(pick_list_lines)
        columns = {name: lines[name].to_list() for name in lines.columns}
        ids = columns["pick_list_id"]
        start = 0
        while start < len(ids):
            stop = start
            while stop < len(ids) and ids[stop] == ids[start]:
                stop += 1
            _draw_pick_list(pages, columns, start, stop, warehouse, business_date)
            start = stop
    return path


def _draw_pick_list(
    pages: Pages, columns: dict, start: int, stop: int, warehouse: str, business_date: str
) -> None:
    """All pages of the pick list held in rows [start, stop) of the column lists."""
    totes: dict[int, str] = {}
    rows: list[tuple[str, tuple]] = []
    for i in range(start, stop):
        totes.setdefault(columns["tote"][i], columns["shipment_id"][i])
        bin_label = UNSLOTTED if columns["is_unslotted"][i] else columns["bin"][i]
        rows.append(
            (
                "line",
                (
                    columns["sequence"][i],
                    bin_label,
                    columns["sku"][i],
                    columns["description"][i],
                    columns["quantity"][i],
                    columns["tote"][i],
                    "",
                ),
            )
        )
    rows.append(("gap", ()))
    rows.append(("tote_header", ()))
    rows.extend(("tote", (tote, totes[tote])) for tote in sorted(totes))
    header = PickListHeader(
        pick_list_id=columns["pick_list_id"][start],
        warehouse=warehouse,
        business_date=business_date,
        wave=columns["wave"][start],
        cutoff=columns["cutoff"][start],
        totes=len(totes),
        units=sum(columns["quantity"][start:stop]),
    )
    draw_table_pages(  # rows always hold the tote key, so there is a page to draw
        pages,
        COLUMNS,
        rows,
        top=TABLE_TOP,
        line_height=LINE_HEIGHT,
        footer=header.pick_list_id,
        draw_page_header=lambda: _draw_page_header(pages, header),
        draw_body_row=lambda row, y: _draw_pick_row(pages, *row, y),
    )


def _draw_pick_row(pages: Pages, kind: str, values: tuple, y: float) -> None:
    """One body row: a pick line, the tote key heading, or a tote key entry."""
    if kind == "line":
        is_unslotted = values[1] == UNSLOTTED
        draw_row(pages, COLUMNS, values, y, font=BOLD if is_unslotted else FONT)
        pages.rect(MARGIN + COLUMNS[-1].x + 4, y - 1.5, 8, 8, width=0.6)
    elif kind == "tote_header":
        draw_row(pages, TOTE_COLUMNS, ("Tote", "Shipment"), y, font=BOLD)
    elif kind == "tote":
        draw_row(pages, TOTE_COLUMNS, values, y)


def _draw_page_header(pages: Pages, header: PickListHeader) -> None:
    """Title, barcode of the pick list id, and the wave facts."""
    top = PAGE_HEIGHT - MARGIN
    draw_text(pages, MARGIN, top - 16, "PICK LIST", font=BOLD, size=16)
    draw_text(pages, MARGIN, top - 32, printable(header.pick_list_id), font=BOLD, size=11)
    draw_code128(
        pages, header.pick_list_id, PAGE_WIDTH - MARGIN, top - 42, height=40, max_width=250
    )
    cutoff = header.cutoff or "none"
    facts = (
        f"Warehouse {header.warehouse}   Ship date {header.business_date}   "
        f"Wave {header.wave}   Carrier cutoff {cutoff}"
    )
    draw_text(pages, MARGIN, top - 58, printable(facts), size=10)
    draw_text(
        pages,
        MARGIN,
        top - 72,
        f"Totes {header.totes}   Units {header.units}   One tote per shipment",
        size=10,
    )


def _draw_nothing_to_pick(pages: Pages, warehouse: str, business_date: str) -> None:
    """A single page saying there is nothing to pick, so the file always exists and opens."""
    top = PAGE_HEIGHT - MARGIN
    draw_text(pages, MARGIN, top - 16, "PICK LIST", font=BOLD, size=16)
    message = f"Nothing to pick in warehouse {warehouse} on {business_date}."
    draw_text(pages, MARGIN, top - 40, printable(message), size=11)
    pages.show_page()
