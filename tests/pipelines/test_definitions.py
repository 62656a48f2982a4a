"""The code location: it loads, and its graph only changes on purpose (update the snapshot in
review)."""

import dagster as dg

from contracts.vocabulary import CHANNELS
from pipelines.definitions import defs

EXPECTED_ASSETS = {
    "analysts/warehouse_duckdb",
    "files/warehouse_documents",
    "oms/allocation_decisions",
    "oms/allocation_runs",
    "oms/allocations",
    "oms/backorders",
    "oms/daily_kpis",
    "oms/ingested_files",
    "oms/inventory_positions",
    "oms/inventory_rejects",
    "oms/manifest_lines",
    "oms/order_events",
    "oms/order_exceptions",
    "oms/order_lines",
    "oms/order_rejects",
    "oms/orders",
    "oms/pick_list_lines",
    "oms/shipment_confirmations",
    "oms/shipment_exceptions",
    "oms/shipment_packages",
    "oms/shipments",
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
