"""Documents: the night's paper and files per warehouse in $OMS_OUTPUT/<date>/<warehouse_id>/."""

import dagster as dg
import polars as pl

from assets.documents.files import write_warehouse_documents
from assets.partitions import business_date_of, business_day
from assets.specs import OWNER, oms_key
from resources.landing import LandingZone
from resources.output_store import OutputStore
from resources.policies import FulfillmentSettings
from resources.warehouse import Warehouse


def _for_date(warehouse: Warehouse, table: str, business_date) -> pl.DataFrame:
    return warehouse.query(f"select * from oms.{table} where business_date = $d", d=business_date)


@dg.asset(
    key=dg.AssetKey(["files", "warehouse_documents"]),
    group_name="documents",
    kinds={"pdf", "csv"},
    owners=[OWNER],
    partitions_def=business_day,
    deps=[oms_key("pick_list_lines"), oms_key("manifest_lines"), oms_key("shipments")],
    description=(
        "Pick lists, packing slips and carrier manifests (CSV and PDF) per warehouse, "
        "replaced whole on re-run."
    ),
)
def warehouse_documents(
    context: dg.AssetExecutionContext,
    landing: LandingZone,
    warehouse: Warehouse,
    output_store: OutputStore,
    fulfillment_settings: FulfillmentSettings,
) -> dg.MaterializeResult:
    business_date = business_date_of(context)
    pick_lines = _for_date(warehouse, "pick_list_lines", business_date)
    shipments = _for_date(warehouse, "shipments", business_date)
    packages = _for_date(warehouse, "shipment_packages", business_date)
    manifest = _for_date(warehouse, "manifest_lines", business_date)
    warehouses = landing.reference("warehouses")
    written = []
    with output_store.staged_date_folder(business_date) as folder:
        for site in warehouses.iter_rows(named=True):
            warehouse_id = site["warehouse_id"]
            if not shipments.filter(pl.col("warehouse_id") == warehouse_id).height:
                continue
            written += write_warehouse_documents(
                folder / warehouse_id,
                business_date=business_date,
                warehouse=site,
                pick_list_lines=pick_lines.filter(pl.col("warehouse_id") == warehouse_id),
                shipments=shipments.filter(pl.col("warehouse_id") == warehouse_id),
                packages=packages.join(
                    shipments.filter(pl.col("warehouse_id") == warehouse_id).select("shipment_id"),
                    on="shipment_id",
                ),
                manifest_lines=manifest.filter(pl.col("warehouse_id") == warehouse_id),
                include_pdf=fulfillment_settings.render_pdfs,
            )
    final_location = output_store.date_location(business_date)
    files = sorted(f"{final_location}/{p.relative_to(folder).as_posix()}" for p in written)
    return dg.MaterializeResult(
        metadata={
            "folder": dg.MetadataValue.path(final_location),
            "files": len(files),
            "file_list": dg.MetadataValue.md("\n".join(f"- `{f}`" for f in files[:50])),
        }
    )
