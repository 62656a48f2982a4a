"""Table documents (pick lists, packing slips) laid out and turned into page operators as frames.

A night prints about a million pages, most of them a header, a short table and a footer. Drawing
them call by call cost hundreds of microseconds a page in Python; here every document's header,
every table row (one text object, `row_items`; a row with wrapped cells a text object per line,
`cell_items`) and every footer is a row of a Polars frame, positioned and formatted as PDF
operators by column expressions, and each page's content is one joined string. Python runs only
once per distinct text that needs it (folding, wrapping: `page_layout`) and once per row to find
page breaks.

A table document is `docs` (one row per document, in print order: `doc`, the `header` operators
drawn on each of its pages, the baseline `top` of its column headings, its `footer` id) and
`rows` (`doc`, `row` numbered through all documents in print order, the `lines` it takes) and
`cells` (what the rows draw: `row`, `seq` the order within the row, `dy` below the row's
baseline, and the operators `before` and `after` the y coordinate).
"""

from collections.abc import Callable, Sequence

import polars as pl

from assets.documents import fonts
from assets.documents.page_layout import (
    BASE_CHARACTERS,
    BOLD,
    CONTENT_WIDTH,
    FONT,
    FONT_RESOURCES,
    MARGIN,
    PAGE_WIDTH,
    Column,
    fit,
    font_operator,
    printable,
    shown_text,
    text_width,
    widest_glyph,
    wrap_block,
)

_ESCAPES = {
    char: f"\\{byte:03o}"
    for byte in range(256)
    if byte < 32 or byte > 126 or byte in (0x28, 0x29, 0x5C)
    for char in [bytes([byte]).decode("cp1252", errors="ignore")]
    if char
}
"""What a PDF literal string in WinAnsi (cp1252) holds instead of each character that cannot
stand as it is: ( ) \\ and everything outside printable ASCII, as octal byte escapes."""
_NEEDS_ESCAPE = r"[^ -~]|[()\\]"
_BASE = "^[" + "".join(f"\\x{{{ord(c):x}}}" for c in BASE_CHARACTERS) + "]*$"
"""Text the base fonts print (all of it in WinAnsi): `page_layout.is_base`."""
_PLAIN = r"^[ -~]*$"
"""Text printable() leaves as it is: printable ASCII."""


def number(value: pl.Expr) -> pl.Expr:
    """A coordinate as PDF operators take it: two decimals at most."""
    return value.round(2).cast(pl.String)


def pdf_literal(text: pl.Expr) -> pl.Expr:
    """Printable text as a PDF literal string (most text has nothing to escape)."""
    escaped = (
        pl.when(text.str.contains(_NEEDS_ESCAPE))
        .then(text.str.replace_many(list(_ESCAPES), list(_ESCAPES.values())))
        .otherwise(text)
    )
    return pl.concat_str([pl.lit("("), escaped, pl.lit(")")])


def shown(text: pl.Expr, select: pl.Expr) -> pl.Expr:
    """The operators showing each printable text in the font the operator select selects
    ("/F1 9 Tf"): a literal string in the base font, or, for text beyond WinAnsi, glyphs of the
    embedded fonts, laid out once per distinct text and selecting the base font again after."""
    embedded = pl.struct(text=text, select=select).map_batches(
        _embedded_shows, return_dtype=pl.String, is_elementwise=True
    )
    return pl.coalesce(embedded, pl.concat_str([pdf_literal(text), pl.lit(" Tj")]))


def _embedded_shows(pairs: pl.Series) -> pl.Series:
    """`shown` of (text, select) pairs beyond WinAnsi (null for the rest), recording the glyphs
    and each unprintable character as often as it is drawn. Most text is ASCII: one scan."""
    texts = pairs.struct.field("text")
    beyond = texts.str.contains(r"[^ -~]")
    if beyond.any():
        beyond &= ~texts.str.contains(_BASE)
    if not beyond.any():
        return pl.Series(pairs.name, [None] * pairs.len(), dtype=pl.String)
    keys = pl.select(
        pl.when(pl.lit(beyond)).then(
            pl.concat_str([pl.lit(pairs.struct.field("select")), pl.lit("\t"), pl.lit(texts)])
        )
    ).to_series()
    counts = keys.drop_nulls().value_counts(name="times")
    operators = []
    for key, times in counts.iter_rows():
        select, text = key.split("\t", 1)
        base, size, _ = select.split(" ")
        fonts.use(text, base, times)
        operators.append(fonts.show_operators(text, base, float(size)))
    mapping = pl.DataFrame(
        {"key": counts[keys.name], "value": operators},
        schema={"key": pl.String, "value": pl.String},
    )
    return _lookup(keys, mapping)


def text_op(x: pl.Expr, y: pl.Expr, text: pl.Expr, *, font: str | pl.Expr, size: float) -> pl.Expr:
    """Operators drawing printable text with its baseline starting at (x, y); text must not be
    empty (callers drop empty cells, as nothing is drawn for them). font is a base font's name
    or an expression of the operator selecting it."""
    select = pl.lit(font_operator(font, size)) if isinstance(font, str) else font
    return pl.concat_str(
        [
            pl.lit("BT "),
            select,
            pl.lit(" "),
            number(x),
            pl.lit(" "),
            number(y),
            pl.lit(" Td "),
            shown(text, select),
            pl.lit(" ET"),
        ]
    )


def per_value(
    values: pl.Series,
    function: Callable[[str], object],
    dtype: pl.DataType,
    *,
    as_it_is: pl.Series | None = None,
) -> pl.Series:
    """function of each value (null as ""), called once per distinct value, except where
    `as_it_is` says the value is its own result."""
    keys = values.cast(pl.String).fill_null("")
    distinct = (keys if as_it_is is None else keys.filter(~as_it_is)).unique()
    results = pl.Series([function(v) for v in distinct.to_list()], dtype=dtype)
    mapped = _lookup(keys, pl.DataFrame({"key": distinct, "value": results}))
    return mapped if as_it_is is None else keys.zip_with(as_it_is, mapped)


def _fits_as_it_is(keys: pl.Series, width: float, font: str, size: float) -> pl.Series:
    """Which texts printable() keeps as they are and that fit width even in the widest glyph."""
    return keys.str.contains(_PLAIN) & (keys.str.len_chars() * size * widest_glyph(font) <= width)


def _lookup(keys: pl.Series, mapping: pl.DataFrame) -> pl.Series:
    """The `value` of each key in mapping (key, value)."""
    return keys.to_frame("key").join(mapping, on="key", how="left", maintain_order="left")["value"]


def wrapped(values: pl.Series, width: float, *, font: str = FONT, size: float) -> pl.Series:
    """Each value as the printable lines it takes in width points (`wrap_block`). Plain text
    that fits even in the widest glyphs is taken as it is; the rest is wrapped once per distinct
    value, and built flat, as a list column from Python lists takes longer than wrapping."""
    keys = values.cast(pl.String).fill_null("")
    fits = _fits_as_it_is(keys, width, font, size)
    distinct = keys.filter(~fits).unique().to_list()
    owners: list[int] = []
    lines: list[str] = []
    for n, value in enumerate(distinct):
        parts = wrap_block([value], width, font=font, size=size)
        owners += [n] * len(parts)
        lines += parts
    flat = pl.DataFrame(
        {"owner": owners, "value": lines}, schema={"owner": pl.Int64, "value": pl.String}
    )
    mapping = (
        pl.DataFrame({"key": distinct}, schema={"key": pl.String})
        .with_row_index("owner")
        .cast({"owner": pl.Int64})
        .join(flat.group_by("owner", maintain_order=True).agg("value"), on="owner", how="left")
        .select("key", pl.col("value").fill_null(pl.lit([], dtype=pl.List(pl.String))))
    )
    as_they_are = pl.select(
        pl.when(keys == "")
        .then(pl.lit([], dtype=pl.List(pl.String)))
        .otherwise(pl.concat_list(pl.lit(keys)))
    ).to_series()
    return as_they_are.zip_with(fits, _lookup(keys, mapping))


def fitted(values: pl.Series, width: float, fonts: pl.Series, *, size: float) -> pl.Series:
    """Each value printable and cut with an ellipsis to fit width points in its row's font."""
    texts = values.cast(pl.String).fill_null("")
    keyed = pl.select(pl.concat_str(fonts, pl.lit("\t"), texts)).to_series()
    plain = _fits_as_it_is(texts, width, BOLD, size) & _fits_as_it_is(texts, width, FONT, size)
    cut = per_value(
        keyed,
        lambda k: fit(printable(k.split("\t", 1)[1]), width, k.split("\t", 1)[0], size),
        pl.String(),
        as_it_is=plain,
    )
    return texts.zip_with(plain, cut)


def printed(values: pl.Series) -> pl.Series:
    """`printable` of each value."""
    keys = values.cast(pl.String).fill_null("")
    return per_value(keys, printable, pl.String(), as_it_is=keys.str.contains(_PLAIN))


def widths(values: pl.Series, *, font: str, size: float) -> pl.Series:
    """The printed width of each text in points."""
    return per_value(values, lambda v: text_width(v, font, size), pl.Float64())


def cell_items(
    rows: pl.DataFrame,
    column: Column,
    lines: str,
    *,
    seq: int,
    line_height: float,
    font: str | pl.Expr = FONT,
    size: float = 9,
) -> pl.DataFrame:
    """The cells of one column: a line each of the list column `lines` of rows (with `row`),
    left- or right-aligned in the column, one under the other."""
    items = (
        rows.select(
            "row",
            text=pl.col(lines),
            font=pl.lit(font) if isinstance(font, str) else font,
        )
        .explode("text")
        .filter(pl.col("text").is_not_null() & (pl.col("text") != ""))
        .with_columns(line=pl.int_range(pl.len()).over("row"))
    )
    left = MARGIN + column.x
    if column.align == "right":
        keyed = items.select(pl.concat_str("font", pl.lit("\t"), "text")).to_series()
        width = per_value(
            keyed, lambda k: text_width(*reversed(k.split("\t", 1)), size), pl.Float64()
        )
        items = items.with_columns(x=left + column.width - 2 - width)
    else:
        items = items.with_columns(x=pl.lit(left))
    select = pl.concat_str([_font_resource(pl.col("font")), pl.lit(f" {size:g} Tf")])
    return items.select(
        "row",
        seq=(pl.lit(seq) * 1000 + pl.col("line")).cast(pl.Int64),
        dy=(pl.col("line") * line_height).cast(pl.Float64),
        before=pl.concat_str(
            [pl.lit("BT "), select, pl.lit(" "), number(pl.col("x")), pl.lit(" ")]
        ),
        after=pl.concat_str([pl.lit("Td "), shown(pl.col("text"), select), pl.lit(" ET")]),
    )


def row_items(
    rows: pl.DataFrame, cells: Sequence[tuple[str, Column]], *, size: float = 9
) -> pl.DataFrame:
    """One text object per row drawing its one-line cells (String columns of rows, each in its
    column, in the row's `font`): the row's y is given once, at its first cell, and each cell
    moves on from the one before, so a row costs one item instead of one per cell. Rows with
    nothing to draw give none."""
    # each cell's x where it draws (null where empty), then where the cell before it that draws
    # is: materialised column by column, so no expression nests the ones before it
    texts = [pl.col(name).fill_null("") for name, _ in cells]
    xs: list[pl.Expr] = []
    for text, (_, column) in zip(texts, cells, strict=True):
        left = MARGIN + column.x
        if column.align == "right":
            keyed = rows.select(pl.concat_str("font", pl.lit("\t"), text)).to_series()
            width = per_value(
                keyed, lambda k: text_width(*reversed(k.split("\t", 1)), size), pl.Float64()
            )
            x = (left + column.width - 2 - pl.lit(width)).round(2)
        else:
            x = pl.lit(round(left, 2))
        xs.append(pl.when(text != "").then(x))
    rows = rows.with_columns(xs[n].alias(f"_x{n}") for n in range(len(cells)))
    rows = rows.with_columns(_before0=pl.lit(None, dtype=pl.Float64))
    for n in range(1, len(cells)):
        previous = pl.coalesce(f"_x{n - 1}", f"_before{n - 1}").alias(f"_before{n}")
        rows = rows.with_columns(previous)
    moves: list[pl.Expr] = []
    select = pl.concat_str([_font_resource(pl.col("font")), pl.lit(f" {size:g} Tf")])
    for n, text in enumerate(texts):
        x, previous = pl.col(f"_x{n}"), pl.col(f"_before{n}")
        move = (
            pl.when(previous.is_null())
            .then(pl.lit(""))
            .otherwise(pl.concat_str([number(x - previous), pl.lit(" 0 Td ")]))
        )
        drawn = pl.concat_str([move, shown(text, select), pl.lit(" ")])
        moves.append(pl.when(x.is_not_null()).then(drawn).otherwise(pl.lit("")))
    starts = [pl.col(f"_x{n}") for n in range(len(cells))]
    start = pl.coalesce(starts)
    return rows.select(
        "row",
        seq=pl.lit(0, dtype=pl.Int64),
        dy=pl.lit(0.0),
        before=pl.concat_str(
            [
                pl.lit("BT "),
                _font_resource(pl.col("font")),
                pl.lit(f" {size:g} Tf "),
                number(start),
                pl.lit(" "),
            ]
        ),
        after=pl.concat_str([pl.lit("Td "), *moves, pl.lit("ET")]),
    ).drop_nulls("before")


def _font_resource(font: pl.Expr) -> pl.Expr:
    return font.replace_strict(FONT_RESOURCES, return_dtype=pl.String)


def heading(columns: Sequence[Column], top: pl.Expr) -> pl.Expr:
    """Column headings in bold, underlined, at baseline top."""
    pieces: list[pl.Expr] = []
    for column in columns:
        text = fit(printable(column.header), column.width - 2, BOLD, 9)
        x = MARGIN + column.x
        if column.align == "right":
            x = x + column.width - 2 - text_width(text, BOLD, 9)
        pieces += [pl.lit(f"BT {font_operator(BOLD, 9)} {x:.2f} "), number(top), pl.lit(" Td ")]
        pieces += [pl.lit(f"{shown_text(text, BOLD, 9)} ET ")]
    underline = number(top - 3)
    pieces += [pl.lit(f"0.8 w {MARGIN:.2f} "), underline]
    pieces += [pl.lit(f" m {MARGIN + CONTENT_WIDTH:.2f} "), underline, pl.lit(" l S")]
    return pl.concat_str(pieces)


def _paginate(
    docs: list[int], lines: list[int], per_page: list[int]
) -> tuple[list[int], list[int]]:
    """Page (within its document) and line on that page of each row: a row never splits over
    two pages, a row taller than a page gets a page of its own."""
    pages, offsets = [], []
    current, page, used = -1, 0, 0
    for doc, taken in zip(docs, lines, strict=True):
        if doc != current:
            current, page, used = doc, 0, 0
        elif used and used + taken > per_page[doc]:
            page, used = page + 1, 0
        pages.append(page)
        offsets.append(used)
        used += taken
    return pages, offsets


def row_pages(docs: pl.DataFrame, rows: pl.DataFrame, *, line_height: float) -> pl.DataFrame:
    """rows (row, doc, lines) with the page of its document each is printed on and the line
    of that page it starts at (`page`, `offset`)."""
    per_page = (
        ((docs["top"] - line_height - MARGIN - 10) // line_height).cast(pl.Int64).clip(1)
    ).to_list()
    rows = rows.select("row", "doc", "lines").cast({"row": pl.Int64, "doc": pl.Int64})
    page, offset = _paginate(rows["doc"].to_list(), rows["lines"].to_list(), per_page)
    return rows.with_columns(page=pl.Series(page, dtype=pl.Int64), offset=pl.Series(offset))


def table_pages(
    docs: pl.DataFrame,
    rows: pl.DataFrame,
    cells: pl.DataFrame,
    columns: Sequence[Column],
    *,
    line_height: float,
    pages_before: int = 0,
    pages_after: int = 0,
) -> pl.Series:
    """The content of every page of the documents, in print order: on each page its document's
    header, the column headings, its share of the rows and a `Page i of n` footer, counting
    the pages a document has before and after these (a summary page, the pages of the rows
    laid out elsewhere)."""
    rows = row_pages(docs, rows, line_height=line_height)
    counts = docs.select("doc").join(
        rows.group_by("doc").agg(pages=pl.col("page").max() + 1),
        on="doc",
        how="left",
        maintain_order="left",
    )
    pages = (
        docs.with_columns(pages=counts["pages"].fill_null(1))
        .with_columns(page=pl.int_ranges(0, pl.col("pages")))
        .explode("page")
        .with_row_index("number")
    )
    placed = (
        cells.cast({"row": pl.Int64, "seq": pl.Int64, "dy": pl.Float64})
        .join(
            rows.select("row", "doc", "page", "offset"), on="row", how="left", maintain_order="left"
        )
        .join(docs.select("doc", "top"), on="doc", how="left", maintain_order="left")
    )
    y = pl.col("top") - (line_height + 2) - line_height * pl.col("offset") - pl.col("dy")
    body = (
        placed.sort("row", "seq", maintain_order=True)
        .select(
            "doc", "page", op=pl.concat_str([pl.col("before"), number(y), pl.lit(" "), "after"])
        )
        .group_by("doc", "page", maintain_order=True)
        .agg(body=pl.col("op").str.join(" "))
    )
    count = pl.format(
        "Page {} of {}",
        pl.col("page") + 1 + pages_before,
        pl.col("pages") + pages_before + pages_after,
    )
    pages = pages.join(body, on=["doc", "page"], how="left", maintain_order="left").with_columns(
        count=count
    )
    count_x = PAGE_WIDTH - MARGIN - widths(pages["count"], font=FONT, size=7)
    footer_font = pl.lit(font_operator(FONT, 7))
    footer = pl.concat_str(
        [
            text_op(pl.lit(MARGIN), pl.lit(MARGIN / 2), pl.col("footer"), font=footer_font, size=7),
            text_op(pl.lit(count_x), pl.lit(MARGIN / 2), pl.col("count"), font=footer_font, size=7),
        ],
        separator=" ",
    )
    return pages.select(
        pl.concat_str(
            [
                pl.col("header"),
                heading(columns, pl.col("top")),
                pl.col("body").fill_null(""),
                footer,
            ],
            separator=" ",
        )
    ).to_series()


def table_cells(
    rows: pl.DataFrame, columns: Sequence[Column], *, lines: str, line_height: float
) -> pl.DataFrame:
    """The text items of a table's rows, each column's cells from the list column named by its
    header: a row that takes one line (most) is one text object, a wrapped row a line per cell.
    `lines` names the column holding how many lines each row takes."""
    one_line = rows.filter(pl.col(lines) == 1)
    wrapped_rows = rows.filter(pl.col(lines) > 1)
    return pl.concat(
        [
            row_items(
                one_line.with_columns(
                    *(pl.col(c.header).list.first() for c in columns), font=pl.lit(FONT)
                ),
                [(c.header, c) for c in columns],
            ),
            *(
                cell_items(wrapped_rows, column, column.header, seq=n, line_height=line_height)
                for n, column in enumerate(columns)
            ),
        ]
    )
