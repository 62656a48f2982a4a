"""Business rules on tonight's staged lines, as pandera models (polars backend).

Order-level fields are repeated on every staged line, so both models validate the same frame
and every failure comes back with the row index pandera reports. `find_violations` turns
pandera's failure cases into one rule per failing row (the first broken rule in `RULES`).

The models declare every column they read, with its dtype, and are the only list of them: a
column the staging step forgot, or one of another type, is a `StagedLinesMismatch`, never a rule
that silently passes (pandera reports such failures without a row, which used to be dropped).
"""

from datetime import datetime

import pandera.polars as pa
import polars as pl
from pandera.errors import SchemaErrors

from assets.ingest.postal_codes import postal_code_is_plausible
from contracts.vocabulary import LINE_STATUSES, ORDER_STATUSES, SERVICE_LEVELS

MAX_QUANTITY = 10_000
ROW_ID = "row_id"
ORDER_GROUP = ["channel", "order_key", "source_file"]

# Rules in the order they are reported when a row breaks several.
RULES = (
    "missing_order_id",
    "bad_placed_at",
    "implausible_placed_at",
    "unknown_country",
    "bad_postal_code",
    "unknown_service_level",
    "bad_status",
    "bad_is_paid",
    "missing_sku",
    "unknown_sku",
    "bad_quantity",
    "duplicate_line",
)
# A null in these columns means the value was missing or could not be understood.
NULL_RULES = {
    "channel_order_id": "missing_order_id",
    "placed_at": "bad_placed_at",
    "service_level": "unknown_service_level",
    "status": "bad_status",
    "is_paid": "bad_is_paid",
    "quantity": "bad_quantity",
    # nullable: the ship-to country and the SKU are needed only for what the warehouse ships
    # (an order or line the channel says is fulfilled, refunded, picked up or digital is
    # recorded without them), so their checks below say when they are missing
    "ship_country": "unknown_country",
    "sku": "missing_sku",
}


class StagedLineModel(pa.DataFrameModel):
    """What identifies a staged line: its row, channel, order copy and file."""

    row_id: pl.UInt32 = pa.Field(nullable=False)
    channel: str = pa.Field(nullable=False)
    order_key: str = pa.Field(nullable=False)  # the order id, or the file and row without one
    source_file: str = pa.Field(nullable=False)

    class Config:
        strict = False


class OrderModel(StagedLineModel):
    """An order version: identified, dated, addressed to a real place, with a known service."""

    channel_order_id: str = pa.Field(nullable=False)
    placed_at: pl.Datetime = pa.Field(nullable=False)
    service_level: str = pa.Field(nullable=False, isin=list(SERVICE_LEVELS))
    ship_country: str = pa.Field(nullable=True, str_matches=r"^[A-Z]{2}$")
    ship_postal_code: str = pa.Field(nullable=True)
    status: str = pa.Field(nullable=False, isin=list(ORDER_STATUSES))
    is_paid: bool = pa.Field(nullable=False)
    order_needs_shipping: bool = pa.Field(nullable=False)

    @pa.dataframe_check(name="unknown_country")
    @classmethod
    def ships_to_a_country(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """An order with something to ship has a country to ship it to."""
        return data.lazyframe.select(
            pl.col("ship_country").is_not_null() | ~pl.col("order_needs_shipping")
        )

    @pa.dataframe_check(name="bad_postal_code")
    @classmethod
    def postal_code_fits_country(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """US ZIPs, Canadian and UK postcodes etc. must look right; elsewhere be plausible;
        an order that ships nothing is recorded with whatever address it has."""
        return data.lazyframe.select(
            postal_code_is_plausible(pl.col("ship_postal_code"), pl.col("ship_country"))
            | pl.col("ship_country").is_null()
            | ~pl.col("order_needs_shipping")
        )

    class Config:
        strict = False


class OrderLineModel(StagedLineModel):
    """An order line: a SKU we sell, a sensible whole quantity, listed once per order."""

    sku: str = pa.Field(nullable=True)
    quantity: int = pa.Field(nullable=False)
    line_key: str = pa.Field(nullable=True)
    needs_shipping: bool = pa.Field(nullable=False)
    line_status: str = pa.Field(nullable=False, isin=list(LINE_STATUSES))

    @pa.dataframe_check(name="missing_sku")
    @classmethod
    def shipped_line_has_a_sku(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """A line the warehouse ships names what to pick."""
        return data.lazyframe.select(pl.col("sku").is_not_null() | ~pl.col("needs_shipping"))

    @pa.dataframe_check(name="bad_quantity")
    @classmethod
    def quantity_in_range(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """1..10000 units; a cancelled order may report its cancelled lines with 0 units."""
        quantity = pl.col("quantity")
        cancelled_zero = (pl.col("status") == "cancelled") & (quantity == 0)
        return data.lazyframe.select(
            (quantity.is_between(1, MAX_QUANTITY) | cancelled_zero).fill_null(True)
        )

    @pa.dataframe_check(name="duplicate_line")
    @classmethod
    def line_listed_once(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """The same channel line id (or, without ids, the same SKU) twice in one order copy."""
        key = pl.struct([*ORDER_GROUP, "line_key"])
        return data.lazyframe.select(key.is_first_distinct() | pl.col("line_key").is_null())

    class Config:
        strict = False


def order_schema(placed_at_window: tuple[datetime, datetime]) -> pa.DataFrameSchema:
    """The order model with the night's window of believable order dates attached."""
    earliest, latest = placed_at_window

    def placed_at_is_plausible(data: pa.PolarsData) -> pl.LazyFrame:
        placed_at = pl.col(data.key)
        return data.lazyframe.select(placed_at.is_between(earliest, latest) | placed_at.is_null())

    check = pa.Check(placed_at_is_plausible, name="implausible_placed_at")
    return OrderModel.to_schema().update_column("placed_at", checks=[check])


def order_line_schema(known_skus: pl.Series) -> pa.DataFrameSchema:
    """The line model with the night's SKU reference attached."""
    known = known_skus.cast(pl.String).str.strip_chars().unique()

    def sku_is_known(data: pa.PolarsData) -> pl.LazyFrame:
        # a line that is never shipped (a gift card, a line fulfilled long ago) is not stock
        return data.lazyframe.select(
            pl.col(data.key).is_in(known.implode()).fill_null(True) | ~pl.col("needs_shipping")
        )

    schema = OrderLineModel.to_schema()
    return schema.update_column("sku", checks=[pa.Check(sku_is_known, name="unknown_sku")])


class StagedLinesMismatch(ValueError):
    """The staged lines do not have the columns or dtypes the models declare: a bug upstream,
    not a bad row."""


def validated_columns() -> list[str]:
    """Every column the models read, in declaration order (row id and order group first)."""
    return list(
        dict.fromkeys([*OrderModel.to_schema().columns, *OrderLineModel.to_schema().columns])
    )


def find_violations(
    normalised: pl.DataFrame,
    known_skus: pl.Series,
    *,
    placed_at_window: tuple[datetime, datetime],
) -> pl.DataFrame:
    """(row_id, rule): the first broken rule of every failing row; rows not listed passed.

    `placed_at_window` is the earliest and latest order date believed tonight (both included).
    Raises `StagedLinesMismatch` when a declared column is missing or of another dtype.
    """
    columns = validated_columns()
    missing = [c for c in columns if c not in normalised.columns]
    if missing:
        raise StagedLinesMismatch(f"staged lines lack the validated column(s) {missing}")
    frame = normalised.select(columns)
    failures = [
        _failure_cases(order_schema(placed_at_window), frame),
        _failure_cases(order_line_schema(known_skus), frame),
    ]
    cases = pl.concat(failures)
    if cases.is_empty():
        return pl.DataFrame(schema={ROW_ID: pl.UInt32, "rule": pl.String})
    rule = (
        pl.when(pl.col("check") == "not_nullable")
        .then(pl.col("column").replace_strict(NULL_RULES, default=None))
        .when(pl.col("check").is_in(RULES))
        .then(pl.col("check"))
        .otherwise(pl.col("column").replace_strict(NULL_RULES, default=None))
    )
    cases = cases.with_columns(rule=rule)
    unexplained = cases.filter(pl.col("rule").is_null() | pl.col("index").is_null())
    if not unexplained.is_empty():
        found = unexplained.select("column", "check").unique(maintain_order=True).rows()
        raise StagedLinesMismatch(
            "staged lines break the declared columns: "
            + ", ".join(f"{column} ({check})" for column, check in found)
        )
    rank = {name: position for position, name in enumerate(RULES)}
    return (
        cases.with_columns(_rank=pl.col("rule").replace_strict(rank, return_dtype=pl.Int32))
        .join(
            frame.select(ROW_ID).with_row_index("_position"), left_on="index", right_on="_position"
        )
        .sort(ROW_ID, "_rank")
        .unique(ROW_ID, keep="first", maintain_order=True)
        .select(ROW_ID, "rule")
    )


def _failure_cases(schema: pa.DataFrameSchema, frame: pl.DataFrame) -> pl.DataFrame:
    empty = pl.DataFrame(schema={"column": pl.String, "check": pl.String, "index": pl.UInt32})
    try:
        schema.validate(frame, lazy=True)
    except SchemaErrors as errors:
        cases = errors.failure_cases
        if cases.is_empty():
            return empty
        return cases.select(
            pl.col("column").cast(pl.String),
            pl.col("check").cast(pl.String),
            pl.col("index").cast(pl.UInt32),  # null for a column missing or of another dtype
        )
    return empty
