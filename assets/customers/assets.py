"""Customers: who is behind each order, across channels, and a nightly CRM export.

Every order of the book is linked to a customer (oms.order_customers) by the identity rule of
docs/lifecycle.md ("Customers"); each customer's figures as of the night are compared with its
latest row and written when they changed (oms.customers), and those rows are the night's
`$OMS_OUTPUT/<date>/crm/customers.csv`.
"""

from collections.abc import Iterator

import dagster as dg
import polars as pl

from assets.customers.crm_file import CRM_FILE, crm_csv
from assets.partitions import business_date_of, business_day
from assets.specs import oms_key, rows_per, table_spec
from contracts.tables import table_schema
from resources.output_store import CRM_FOLDER, OutputStore
from resources.storage import OBJECT_STORAGE_RETRY
from resources.warehouse import Warehouse, replace_partitions, run_sql_file

READS = ("orders", "order_lines")
"""The order book: live versions and their lines (the stage's own tables are read for earlier
nights only)."""


@dg.multi_asset(
    name="customers",
    specs=[
        table_spec(
            "order_customers",
            group="customers",
            description="Each order's customer: a row on the night an order is linked or moved.",
            deps=[oms_key(table) for table in READS],
        ),
        table_spec(
            "customers",
            group="customers",
            description=(
                "Customers across channels, a row per night their figures changed; tonight's "
                "rows are $OMS_OUTPUT/<date>/crm/customers.csv."
            ),
            # after the documents: their swap publishes the date's folder this writes into
            deps=[
                *(oms_key(table) for table in READS),
                dg.AssetKey(["files", "warehouse_documents"]),
            ],
        ),
    ],
    partitions_def=business_day,
    can_subset=False,
    retry_policy=OBJECT_STORAGE_RETRY,
)
def customers(
    context: dg.AssetExecutionContext, warehouse: Warehouse, output_store: OutputStore
) -> Iterator[dg.MaterializeResult]:
    """Links and figures are recomputed from the whole book and compared with the latest rows
    before tonight, so a re-run writes the same rows and the same file, never more."""
    business_date = business_date_of(context)
    params = {"business_date": business_date}
    with warehouse.connect() as con:
        links = run_sql_file(con, "customers/order_links", params=params)
        changed = run_sql_file(
            con,
            "customers/customer_figures",
            frames={"links": links.drop("is_new_link")},
            params=params,
        )
        new_links = links.filter(pl.col("is_new_link")).select(
            *(c for c in table_schema("order_customers") if c != "business_date")
        )
        output_store.write_date_file(business_date, CRM_FOLDER, CRM_FILE, crm_csv(changed))
        replace_partitions(
            con,
            business_date,
            {"order_customers": new_links, "customers": changed},
            run_id=context.run_id,
        )
    file = f"{output_store.date_location(business_date)}/{CRM_FOLDER}/{CRM_FILE}"
    yield dg.MaterializeResult(
        asset_key=oms_key("order_customers"),
        metadata={
            "dagster/row_count": new_links.height,
            "by_match": dg.MetadataValue.json(rows_per(links, "matched_by")),
        },
    )
    yield dg.MaterializeResult(
        asset_key=oms_key("customers"),
        metadata={"dagster/row_count": changed.height, "file": dg.MetadataValue.path(file)},
    )
