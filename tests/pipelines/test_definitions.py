"""The code location: it loads, and its graph only changes on purpose (update the snapshot in
review)."""

from datetime import timedelta
from pathlib import Path

import dagster as dg

from contracts.vocabulary import CHANNELS
from pipelines.definitions import defs

EXPECTED_ASSETS = {
    "analysts/warehouse_duckdb",
    # each channel's stock feed file(s) in $OMS_OUTPUT/<date>/channels/<channel>/
    "channels/amazon/stock_feed",
    "channels/ebay/stock_feed",
    "channels/shopify/stock_feed",
    "channels/woocommerce/stock_feed",
    "files/warehouse_documents",
    "oms/allocation_decisions",
    "oms/allocation_runs",
    "oms/allocations",
    "oms/backorders",
    "oms/catalogue_warnings",
    "oms/channel_feedback",
    "oms/customers",
    "oms/customs_declarations",
    "oms/daily_kpis",
    "oms/ingest_warnings",
    "oms/ingested_files",
    "oms/inventory_positions",
    "oms/inventory_rejects",
    "oms/manifest_lines",
    "oms/order_events",
    "oms/order_exceptions",
    "oms/order_lines",
    "oms/order_customers",
    "oms/order_rejects",
    "oms/order_status_history",
    "oms/orders",
    "oms/packing_slip_lines",
    "oms/pick_list_lines",
    "oms/return_receipts",
    "oms/return_requests",
    "oms/shipment_confirmations",
    "oms/shipment_exceptions",
    "oms/shipment_packages",
    "oms/shipments",
    "oms/stock_feed",
    "oms/stock_feed_rejects",
    "oms/stuck_shipments",
    "oms/tracking_events",
    "oms/tracking_rejects",
    "oms/unmapped_listings",
    "oms/unmapped_services",
    # each channel's validated batch, handed to ingest_orders as Parquet (per-channel steps)
    "stage/amazon_orders",
    "stage/ebay_orders",
    "stage/generic_orders",
    "stage/shopify_orders",
    "stage/woocommerce_orders",
}


def test_definitions_load_and_validate():
    dg.Definitions.validate_loadable(defs)


def test_asset_graph_snapshot():
    keys = {key.to_user_string() for key in defs.resolve_asset_graph().get_all_asset_keys()}
    assert keys == EXPECTED_ASSETS


def test_tonights_netting_reads_tonights_order_book_and_confirmations():
    upstream = defs.resolve_asset_graph().get(dg.AssetKey(["oms", "inventory_positions"]))
    assert {dg.AssetKey(["oms", "orders"]), dg.AssetKey(["oms", "shipment_confirmations"])} <= set(
        upstream.parent_keys
    )


def test_every_asset_is_described_grouped_owned_and_partitioned_by_business_day():
    graph = defs.resolve_asset_graph()
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        assert node.description, key
        assert node.group_name and node.group_name != "default", key
        assert node.owners == ["team:operations"], key
        assert node.partitions_def is not None, key


def test_nightly_job_runs_in_process_and_is_scheduled_at_two_for_yesterday():
    job = defs.resolve_job_def("nightly")
    assert job.executor_def.name == "in_process"
    schedule = defs.resolve_schedule_def("nightly_at_0200")
    assert schedule.cron_schedule == "0 2 * * *"
    assert schedule.job_name == "nightly"


def test_steps_that_run_side_by_side_never_open_the_warehouse():
    """The single-writer rule: a step that requires `warehouse` takes its lock for its lifetime,
    so per-channel and per-warehouse steps would run one at a time (or, worse, write) if they
    did."""
    job = defs.resolve_job_def("nightly")
    parallel = {f"stage__{channel}_orders" for channel in CHANNELS} | {"render_warehouse_documents"}
    ops = {op.name: op for op in job.all_node_defs if isinstance(op, dg.OpDefinition)}
    assert parallel <= set(ops)
    for name in parallel:
        assert "warehouse" not in ops[name].required_resource_keys, name


def test_the_distributed_location_has_the_same_graph_on_celery_workers():
    from pipelines.distributed import defs as distributed

    dg.Definitions.validate_loadable(distributed)
    job = distributed.resolve_job_def("nightly")
    assert job.executor_def.name == "celery"
    graph = distributed.resolve_asset_graph()
    assert {k.to_user_string() for k in graph.get_all_asset_keys()} == EXPECTED_ASSETS
    assert {s.name for s in distributed.sensors} == {s.name for s in defs.sensors}


def test_step_names_that_run_logs_and_benchmarks_record_stay_the_same():
    steps = {node.name for node in defs.resolve_job_def("nightly").graph.nodes}
    assert {
        "allocate_orders",
        "plan_shipments",
        "oms__pick_list_lines",
        "oms__manifest_lines",
        "compute_daily_kpis",
    } <= steps


def _touches_storage(op: dg.OpDefinition) -> bool:
    """The step reads or writes the landing area, the outputs or stage files: each may be on
    object storage."""
    doors = {"landing", "output_store"}
    stage = any(out.io_manager_key == "stage_io_manager" for out in op.output_defs)
    return bool(doors & set(op.required_resource_keys)) or stage


def test_every_step_that_touches_object_storage_is_retried_and_no_other():
    from resources.storage import OBJECT_STORAGE_RETRY

    job = defs.resolve_job_def("nightly")
    ops = [node for node in job.all_node_defs if isinstance(node, dg.OpDefinition)]
    touching = {op.name for op in ops if _touches_storage(op)}
    retried = {op.name for op in ops if op.retry_policy == OBJECT_STORAGE_RETRY}
    assert {"ingest_orders", "render_warehouse_documents", "swap_in_documents"} <= touching
    assert retried == touching
    assert not any(op.retry_policy for op in ops if op.name not in touching)
    assert OBJECT_STORAGE_RETRY.max_retries >= 1 and OBJECT_STORAGE_RETRY.delay


def test_a_date_out_of_order_fails_at_once_instead_of_being_retried(tmp_path):
    from assets.allocation.assets import allocate_orders
    from tests.conftest import FIRST_DAY, SECOND_DAY, make_site

    site = make_site(tmp_path, days=1, orders_per_day=5)
    instance = dg.DagsterInstance.ephemeral()

    def allocate(day):
        return dg.materialize(
            [allocate_orders],
            partition_key=day.isoformat(),
            resources=site.resources(),
            instance=instance,
            raise_on_error=False,
        )

    assert allocate(FIRST_DAY - timedelta(days=1)).success
    skipped_one = allocate(SECOND_DAY)  # FIRST_DAY was never allocated
    assert not skipped_one.success
    events = skipped_one.events_for_node("allocate_orders")
    assert not [e for e in events if e.event_type == dg.DagsterEventType.STEP_UP_FOR_RETRY]
    [failure] = [e for e in events if e.is_step_failure]
    assert "cannot be allocated before" in failure.step_failure_data.error.message


def test_a_step_whose_store_drops_the_connection_once_is_retried_and_succeeds(tmp_path):
    from assets.ingest.assets import channel_batch_key, channel_batches
    from resources.landing import LandingZone
    from resources.policies import IngestSettings
    from resources.stage import StageIOManager
    from tests.conftest import SECOND_DAY, make_site

    class LandingThatDropsTheFirstListing(LandingZone):
        dropped: str  # a file: the attempt that dropped, seen by the retry

        def order_files(self, business_date, channels=None):
            if not Path(self.dropped).exists():
                Path(self.dropped).touch()
                raise ConnectionResetError("the store reset the connection")
            return super().order_files(business_date, channels)

    site = make_site(tmp_path, days=1, orders_per_day=5)
    landing = LandingThatDropsTheFirstListing(
        root=str(site.landing), dropped=str(tmp_path / "dropped")
    )
    result = dg.materialize(
        [next(a for a in channel_batches if a.key == channel_batch_key("generic"))],
        partition_key=SECOND_DAY.isoformat(),
        resources={
            "landing": landing,
            "ingest_settings": IngestSettings(),
            "stage_io_manager": StageIOManager(root=str(tmp_path)),
        },
        instance=dg.DagsterInstance.ephemeral(),
    )
    assert result.success
    retried = [
        e for e in result.all_events if e.event_type == dg.DagsterEventType.STEP_UP_FOR_RETRY
    ]
    assert len(retried) == 1
