"""Reporting: the night's KPIs, and publishing the database analysts read."""

import dagster as dg

from assets.partitions import business_date_of, business_day
from assets.specs import OWNER, oms_key, table_spec
from resources.warehouse import Warehouse, replace_partitions, run_sql_file


@dg.multi_asset(
    name="compute_daily_kpis",
    specs=[
        table_spec(
            "daily_kpis",
            group="reporting",
            description=(
                "One row per business date: orders, lines, rejects, fill rate, shipments, "
                "carrier cost."
            ),
            deps=[
                oms_key(table)
                for table in (
                    "orders",
                    "order_lines",
                    "order_rejects",
                    "allocation_runs",
                    "shipments",
                    "manifest_lines",
                )
            ],
        )
    ],
    partitions_def=business_day,
)
def compute_daily_kpis(
    context: dg.AssetExecutionContext, warehouse: Warehouse
) -> dg.MaterializeResult:
    business_date = business_date_of(context)
    with warehouse.connect() as con:
        kpis = run_sql_file(con, "reporting/daily_kpis", params={"business_date": business_date})
        replace_partitions(con, business_date, {"daily_kpis": kpis}, run_id=context.run_id)
    row = kpis.row(0, named=True)
    return dg.MaterializeResult(
        metadata={
            k: (float(v) if v is not None and not isinstance(v, int) else v) for k, v in row.items()
        }
    )


@dg.asset(
    key=dg.AssetKey(["analysts", "warehouse_duckdb"]),
    group_name="reporting",
    kinds={"duckdb"},
    owners=[OWNER],
    partitions_def=business_day,
    deps=[
        oms_key("daily_kpis"),
        dg.AssetKey(["files", "warehouse_documents"]),
        oms_key("channel_feedback"),
        oms_key("stock_feed"),
        oms_key("stock_feed_rejects"),
        oms_key("order_status_history"),
    ],
    description=(
        "Publishes the working database as $OMS_WAREHOUSE by atomic replace: analysts connected "
        "during the run keep their snapshot; new connections see the finished night."
    ),
)
def analysts_database(warehouse: Warehouse) -> dg.MaterializeResult:
    published = warehouse.publish()
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(published)),
            "size_mb": round(published.stat().st_size / 1e6, 1),
        }
    )
