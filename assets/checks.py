"""Data guards that show red in the UI: each runs a SQL file that lists the rows breaking a rule."""

from collections.abc import Sequence

import dagster as dg

from assets.partitions import business_date_of
from assets.specs import oms_key
from resources.warehouse import Warehouse, run_sql_file


def _violations_check(
    *,
    name: str,
    table: str,
    sql: str,
    description: str,
    additional: Sequence[str] = (),
    severity: dg.AssetCheckSeverity = dg.AssetCheckSeverity.ERROR,
    blocking: bool = True,
    listed: Sequence[str] = (),
) -> dg.AssetChecksDefinition:
    """A check failing when the query returns rows. `listed` columns of every violation go into
    the metadata entry `violating_rows` (JSON), for what reads the evaluation after the run (the
    summary of `oms run`, alerts); the other columns stay in the UI's table."""

    @dg.asset_check(
        asset=oms_key(table),
        name=name,
        description=description,
        blocking=blocking,
        additional_deps=[oms_key(t) for t in additional],
    )
    def _check(context: dg.AssetCheckExecutionContext, warehouse: Warehouse) -> dg.AssetCheckResult:
        business_date = business_date_of(context)
        with warehouse.connect() as con:
            violations = run_sql_file(con, sql, params={"business_date": business_date})
        metadata = {
            "violations": violations.height,
            "first_violations": dg.MetadataValue.md(str(violations.head(10))),
        }
        if listed:
            metadata["violating_rows"] = dg.MetadataValue.json(violations.select(listed).to_dicts())
        return dg.AssetCheckResult(
            passed=violations.height == 0, severity=severity, metadata=metadata
        )

    return _check


every_row_accounted_for = _violations_check(
    name="every_row_accounted_for",
    table="ingested_files",
    sql="ingest/check_row_accounting",
    description=(
        "Per file: rows read = accepted + rejected + unchanged re-exports + structural rows."
    ),
)
no_over_allocation = _violations_check(
    name="no_over_allocation",
    table="allocations",
    sql="allocation/check_over_allocation",
    description=(
        "No warehouse promises more units of a SKU than netting said were available, nor more "
        "than it has on hand once earlier nights' reservations are counted."
    ),
    additional=["inventory_positions"],
)
lines_within_ordered = _violations_check(
    name="lines_within_ordered",
    table="allocations",
    sql="allocation/check_lines_within_ordered",
    description=(
        "Per order line given units tonight: units it holds over its lifetime (every version "
        "and night, less what a cancellation released) <= what its live version orders."
    ),
    additional=["orders", "order_lines", "shipment_confirmations"],
)
units_conserved = _violations_check(
    name="units_conserved",
    table="allocation_decisions",
    sql="allocation/check_conservation",
    description=(
        "Per demand line: ordered = allocated + backordered, and backorders hold what is owed."
    ),
    additional=["backorders"],
)
picked_equals_allocated_equals_manifested = _violations_check(
    name="picked_equals_allocated_equals_manifested",
    table="manifest_lines",
    sql="fulfillment/check_units_flow",
    description=(
        "Per warehouse: units allocated to ready shipments = units on pick lists = "
        "units on manifests."
    ),
    additional=["pick_list_lines", "allocations", "shipments", "shipment_packages"],
)
every_service_mapped = _violations_check(
    name="every_service_mapped",
    table="unmapped_services",
    sql="ingest/check_unmapped_services",
    description=(
        "Warns when an order's shipping method was empty or in no service mapping, so it was "
        "accepted at the default service level: map the methods listed in "
        "reference/service_levels.csv."
    ),
    severity=dg.AssetCheckSeverity.WARN,
    blocking=False,
)
every_listing_mapped = _violations_check(
    name="every_listing_mapped",
    table="unmapped_listings",
    sql="ingest/check_unmapped_listings",
    description=(
        "Warns when order lines came without a SKU and reference/listings.csv maps no SKU to "
        "their listing, so they were rejected as missing_sku and their orders held: add the "
        "listings shown (oms.unmapped_listings) to reference/listings.csv."
    ),
    severity=dg.AssetCheckSeverity.WARN,
    blocking=False,
    listed=("channel", "listing_id", "lines", "units"),
)
every_line_read_as_written = _violations_check(
    name="every_line_read_as_written",
    table="ingest_warnings",
    sql="ingest/check_ingest_warnings",
    description=(
        "Warns when a line of a UTF-8 order file was not valid UTF-8 and was read as "
        "Windows-1252: check the name and address of the orders on the lines listed "
        "(oms.ingest_warnings) and fix the export at its source."
    ),
    severity=dg.AssetCheckSeverity.WARN,
    blocking=False,
    listed=("channel", "source_file", "line", "rule"),
)
no_rejected_files = _violations_check(
    name="no_rejected_files",
    table="ingested_files",
    sql="ingest/check_rejected_files",
    description=(
        "Warns when a landed file was rejected whole (unreadable, or another format); "
        "`oms run` and the `rejected_files_alert` sensor then alert."
    ),
    additional=["order_rejects"],
    severity=dg.AssetCheckSeverity.WARN,
    blocking=False,
    # names and rules only: a reason may quote the header of a file that was not accepted
    listed=("channel", "source_file", "rule"),
)
