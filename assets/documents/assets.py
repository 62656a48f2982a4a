"""Documents: the night's paper and files per warehouse in $OMS_OUTPUT/<date>/<warehouse_id>/.

One graph-backed asset in three kinds of step, so the expensive part (rendering pick lists,
packing slips and manifests) runs per warehouse, in parallel under a multi-process, Celery or
Kubernetes executor:

    documents_per_warehouse  reads the date's fulfillment tables once (the only step that opens
                             DuckDB), empties the staging folder, hands each warehouse's frames on
    render_warehouse_documents[<warehouse>]
                             writes one warehouse's files into the staging folder (no database);
                             under the in-process executor in worker processes, one per core
    swap_in_documents        replaces the date's folder with the staged one, whole

Warehouses come from reference/warehouses.csv at run time, hence dynamic outputs rather than one
asset per warehouse. Frames travel between the steps through the stage IO manager (Parquet).
"""

from collections import Counter
from datetime import date

import dagster as dg
import polars as pl

from assets.concurrency import worker_processes
from assets.documents.files import write_warehouse_documents
from assets.documents.fonts import MARKER, take_unprintable
from assets.documents.per_warehouse import frames_per_warehouse, step_mapping_keys
from assets.partitions import business_day
from assets.specs import OWNER, oms_key
from resources.landing import LandingZone
from resources.output_store import OutputStore
from resources.policies import FulfillmentSettings
from resources.stage import FAN_OUT_TAGS
from resources.storage import OBJECT_STORAGE_RETRY
from resources.warehouse import Warehouse, run_sql_file

STAGE_IO = "stage_io_manager"
UPSTREAM = (
    "pick_list_lines",
    "manifest_lines",
    "shipments",
    "packing_slip_lines",
    "customs_declarations",
    "shipment_confirmations",
)


def _business_date(context: dg.OpExecutionContext) -> date:
    return date.fromisoformat(context.partition_key)


IN_PROCESS_EXECUTORS = {"in_process", "execute_in_process_executor"}


def _has_the_process(context: dg.OpExecutionContext) -> bool:
    """Whether steps run one after the other in this process (the in-process executor), so a
    render step may use every core; other executors run steps side by side in processes."""
    return context.job_def.executor_def.name in IN_PROCESS_EXECUTORS


@dg.op(
    ins={table: dg.In(dg.Nothing) for table in UPSTREAM},
    out={
        "warehouse_frames": dg.DynamicOut(io_manager_key=STAGE_IO),
        "plan": dg.Out(io_manager_key=STAGE_IO),
    },
    retry_policy=OBJECT_STORAGE_RETRY,
    description="Reads the date's fulfillment tables and hands on one set of frames per warehouse.",
)
def documents_per_warehouse(
    context: dg.OpExecutionContext,
    landing: LandingZone,
    warehouse: Warehouse,
    output_store: OutputStore,
):
    business_date = _business_date(context)
    with warehouse.connect() as con:
        # with the tracking numbers confirmed so far: re-rendering a date after its carrier
        # confirmed prints them on the manifest the driver signs
        manifest_packages = run_sql_file(
            con, "documents/manifest_packages", params={"business_date": business_date}
        )
    parts = frames_per_warehouse(
        landing.reference("warehouses"),
        pick_list_lines=warehouse.read_partition("pick_list_lines", business_date),
        shipments=warehouse.read_partition("shipments", business_date),
        slip_lines=warehouse.read_partition("packing_slip_lines", business_date),
        manifest_lines=manifest_packages,
        customs_declarations=warehouse.read_partition("customs_declarations", business_date),
    )
    output_store.begin_staging(business_date)
    warehouse_ids = [part["warehouse"]["warehouse_id"].item() for part in parts]
    for key, part in zip(step_mapping_keys(warehouse_ids), parts, strict=True):
        yield dg.DynamicOutput(part, mapping_key=key, output_name="warehouse_frames")
    yield dg.Output(
        pl.DataFrame({"warehouse_id": warehouse_ids}, schema={"warehouse_id": pl.String}), "plan"
    )


@dg.op(
    out=dg.Out(io_manager_key=STAGE_IO),
    tags=FAN_OUT_TAGS,
    retry_policy=OBJECT_STORAGE_RETRY,
    description="Writes one warehouse's pick lists, packing slips and manifests (no database).",
)
def render_warehouse_documents(
    context: dg.OpExecutionContext,
    output_store: OutputStore,
    fulfillment_settings: FulfillmentSettings,
    warehouse_frames: dict[str, pl.DataFrame],
) -> pl.DataFrame:
    business_date = _business_date(context)
    warehouse_id = warehouse_frames["warehouse"]["warehouse_id"].item()
    folder = output_store.warehouse_folder(business_date, warehouse_id)
    take_unprintable()  # count this warehouse's files only
    written = write_warehouse_documents(
        folder,
        business_date=business_date,
        # warehouse, pick_list_lines, shipments, slip_lines, manifest_lines, customs_declarations
        **warehouse_frames,
        include_pdf=fulfillment_settings.render_pdfs,
        processes=worker_processes() if _has_the_process(context) else 1,
    )
    output_store.stage_warehouse(business_date, warehouse_id)
    unprintable = take_unprintable()
    if unprintable:
        context.log.warning(
            f"{warehouse_id}: {unprintable.total()} characters no embedded font has were printed "
            f"as {MARKER}: {_characters(unprintable)}"
        )
    context.add_output_metadata(
        {
            "unprintable_characters": unprintable.total(),
            "unprintable": dg.MetadataValue.md(_characters(unprintable) or "none"),
        }
    )
    return pl.DataFrame(
        {"file": [f"{warehouse_id}/{path.relative_to(folder).as_posix()}" for path in written]},
        schema={"file": pl.String},
    )


def _characters(counts: Counter[str]) -> str:
    """Characters with their code points and how often each was printed, most frequent first."""
    return ", ".join(f"{char} U+{ord(char):04X} x{n}" for char, n in counts.most_common())


@dg.op(
    out=dg.Out(io_manager_key=STAGE_IO),
    retry_policy=OBJECT_STORAGE_RETRY,
    description="Replaces the date's output folder with the staged files of every warehouse.",
)
def swap_in_documents(
    context: dg.OpExecutionContext,
    output_store: OutputStore,
    plan: pl.DataFrame,
    written: list[pl.DataFrame],
):
    business_date = _business_date(context)
    output_store.swap_in(business_date, plan["warehouse_id"].to_list())
    final_location = output_store.date_location(business_date)
    files = sorted(f"{final_location}/{file}" for frame in written for file in frame["file"])
    return dg.Output(
        None,
        metadata={
            "folder": dg.MetadataValue.path(final_location),
            "files": len(files),
            "warehouses": plan.height,
            "file_list": dg.MetadataValue.md("\n".join(f"- `{f}`" for f in files[:50])),
        },
    )


@dg.graph_asset(
    key=dg.AssetKey(["files", "warehouse_documents"]),
    group_name="documents",
    kinds={"pdf", "csv"},
    owners=[OWNER],
    partitions_def=business_day,
    ins={table: dg.AssetIn(key=oms_key(table), dagster_type=dg.Nothing) for table in UPSTREAM},
    description=(
        "Pick lists, packing slips, carrier manifests (CSV and PDF) and customs declarations "
        "per warehouse, "
        "replaced whole on re-run. One render step per warehouse with shipments."
    ),
)
def warehouse_documents(
    pick_list_lines,
    manifest_lines,
    shipments,
    packing_slip_lines,
    customs_declarations,
    shipment_confirmations,
):
    per_warehouse, plan = documents_per_warehouse(
        pick_list_lines=pick_list_lines,
        manifest_lines=manifest_lines,
        shipments=shipments,
        packing_slip_lines=packing_slip_lines,
        customs_declarations=customs_declarations,
        shipment_confirmations=shipment_confirmations,
    )
    written = per_warehouse.map(render_warehouse_documents).collect()
    return swap_in_documents(plan, written)
