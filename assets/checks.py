"""Data guards that show red in the UI: each runs a SQL file that lists the rows breaking a rule.

Each check is declared by a function named as the check, whose docstring is its description."""

import inspect
from collections.abc import Callable, Sequence

import dagster as dg

from assets.partitions import business_date_of
from assets.specs import oms_key
from resources.warehouse import Warehouse, run_sql_file

CheckDeclaration = Callable[[Callable[[], None]], dg.AssetChecksDefinition]
"""Turns a function, named as the check and whose docstring describes it, into the check."""


def _violations_check(
    table: str,
    sql: str,
    additional: Sequence[str],
    severity: dg.AssetCheckSeverity,
    listed: Sequence[str],
) -> CheckDeclaration:
    """A check of `table` failing when the query returns rows. `listed` columns of every
    violation go into the metadata entry `violating_rows` (JSON), for what reads the evaluation
    after the run (the summary of `oms run`, alerts); the other columns stay in the UI's table."""

    def define(declared: Callable[[], None]) -> dg.AssetChecksDefinition:
        @dg.asset_check(
            asset=oms_key(table),
            name=declared.__name__,
            description=" ".join((inspect.getdoc(declared) or "").split()),
            blocking=severity == dg.AssetCheckSeverity.ERROR,
            additional_deps=[oms_key(t) for t in additional],
        )
        def _check(
            context: dg.AssetCheckExecutionContext, warehouse: Warehouse
        ) -> dg.AssetCheckResult:
            business_date = business_date_of(context)
            with warehouse.connect() as con:
                violations = run_sql_file(con, sql, params={"business_date": business_date})
            metadata = {
                "violations": violations.height,
                "first_violations": dg.MetadataValue.md(str(violations.head(10))),
            }
            if listed:
                metadata["violating_rows"] = dg.MetadataValue.json(
                    violations.select(listed).to_dicts()
                )
            return dg.AssetCheckResult(
                passed=violations.height == 0, severity=severity, metadata=metadata
            )

        return _check

    return define


def _guard(table: str, sql: str, *, additional: Sequence[str] = ()) -> CheckDeclaration:
    """An error: the night stops before what reads `table`."""
    return _violations_check(table, sql, additional, dg.AssetCheckSeverity.ERROR, listed=())


def _warning(
    table: str, sql: str, *, additional: Sequence[str] = (), listed: Sequence[str] = ()
) -> CheckDeclaration:
    """A warning: the night goes on, and the check says what to fix."""
    return _violations_check(table, sql, additional, dg.AssetCheckSeverity.WARN, listed)


@_guard("ingested_files", "ingest/check_row_accounting")
def every_row_accounted_for() -> None:
    """Per file: rows read = accepted + rejected + unchanged re-exports + structural rows."""


@_guard("allocations", "allocation/check_over_allocation", additional=["inventory_positions"])
def no_over_allocation() -> None:
    """No warehouse promises more units of a SKU than netting said were available, nor more
    than it has on hand once earlier nights' reservations are counted."""


@_guard(
    "allocations",
    "allocation/check_lines_within_ordered",
    additional=["orders", "order_lines", "shipment_confirmations"],
)
def lines_within_ordered() -> None:
    """Per order line given units tonight: units it holds over its lifetime (every version
    and night, less what a cancellation released) <= what its live version orders."""


@_guard("allocation_decisions", "allocation/check_conservation", additional=["backorders"])
def units_conserved() -> None:
    """Per demand line: ordered = allocated + backordered, and backorders hold what is owed."""


@_guard(
    "manifest_lines",
    "fulfillment/check_units_flow",
    additional=["pick_list_lines", "allocations", "shipments", "shipment_packages"],
)
def picked_equals_allocated_equals_manifested() -> None:
    """Per warehouse: units allocated to ready shipments = units on pick lists = units on
    manifests."""


@_warning(
    "customs_declarations",
    "fulfillment/check_customs_complete",
    listed=("shipment_id", "sku", "missing"),
)
def customs_declarations_complete() -> None:
    """Warns when a customs declaration prints a value blank (HS code, origin, unit value,
    currency or weight): the parcel still ships, but fill the catalogue's hs_code and
    origin_country (oms.catalogue_warnings lists unusable ones) or the price at the channel,
    or complete the form by hand."""


@_warning("unmapped_services", "ingest/check_unmapped_services")
def every_service_mapped() -> None:
    """Warns when an order's shipping method was empty or in no service mapping, so it was
    accepted at the default service level: map the methods listed in
    reference/service_levels.csv."""


@_warning(
    "unmapped_listings",
    "ingest/check_unmapped_listings",
    listed=("channel", "listing_id", "lines", "units"),
)
def every_listing_mapped() -> None:
    """Warns when order lines came without a SKU and reference/listings.csv maps no SKU to
    their listing, so they were rejected as missing_sku and their orders held: add the
    listings shown (oms.unmapped_listings) to reference/listings.csv."""


@_warning(
    "ingest_warnings",
    "ingest/check_ingest_warnings",
    listed=("channel", "source_file", "line", "rule"),
)
def every_line_read_as_written() -> None:
    """Warns when a line of a UTF-8 order file was not valid UTF-8 and was read as
    Windows-1252 (check the name and address of its order), or when a line's price or currency
    could not be read (it ships without one): the lines are listed in oms.ingest_warnings; fix
    the export at its source."""


@_warning(
    "ingested_files",
    "ingest/check_rejected_files",
    additional=["order_rejects"],
    # names and rules only: a reason may quote the header of a file that was not accepted
    listed=("channel", "source_file", "rule"),
)
def no_rejected_files() -> None:
    """Warns when a landed file was rejected whole (unreadable, or another format); `oms run`
    and the `rejected_files_alert` sensor then alert."""


@_warning("ingested_files", "ingest/check_orders_landed", listed=("business_date", "problem"))
def orders_landed() -> None:
    """Warns when no order file of any channel landed for the date: the night ran on nothing,
    and the next date's backorders and reservations build on it. Check the date (`oms run
    --date`) and the channel exports; re-run it once they have landed."""
