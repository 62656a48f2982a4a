"""The channel feedback guard: a channel told twice of one package would show it shipped twice
(Amazon overwrites, but Shopify and WooCommerce add a second fulfilment)."""

import dagster as dg

from assets.specs import oms_key
from resources.warehouse import Warehouse, run_sql_file


@dg.asset_check(
    asset=oms_key("channel_feedback"),
    name="no_package_told_twice",
    description="No package and order line is in oms.channel_feedback twice, on any nights.",
    blocking=True,
)
def no_package_told_twice(warehouse: Warehouse) -> dg.AssetCheckResult:
    with warehouse.connect() as con:
        violations = run_sql_file(con, "channel_feedback/check_told_once")
    return dg.AssetCheckResult(
        passed=violations.height == 0,
        metadata={
            "violations": violations.height,
            "first_violations": dg.MetadataValue.md(str(violations.head(10))),
        },
    )
