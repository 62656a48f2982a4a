"""The status history's guard: every line the order book took in has a status."""

import dagster as dg

from assets.partitions import business_date_of
from assets.specs import oms_key
from resources.warehouse import Warehouse, run_sql_file


@dg.asset_check(
    asset=oms_key("order_status_history"),
    name="every_line_has_a_status",
    description=(
        "Every line of tonight's order versions has a status in oms.order_status_history, "
        "tonight or from an earlier night."
    ),
    additional_deps=[oms_key("order_lines")],
)
def every_line_has_a_status(
    context: dg.AssetCheckExecutionContext, warehouse: Warehouse
) -> dg.AssetCheckResult:
    with warehouse.connect() as con:
        missing = run_sql_file(
            con,
            "lifecycle/check_lines_without_status",
            params={"business_date": business_date_of(context)},
        )
    return dg.AssetCheckResult(
        passed=missing.height == 0,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "violations": missing.height,
            "first_violations": dg.MetadataValue.md(str(missing.head(10))),
        },
    )
