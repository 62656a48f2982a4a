"""The code location: it loads, and its graph only changes on purpose (update the snapshot in
review)."""

import dagster as dg

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
    "oms/order_lines",
    "oms/order_rejects",
    "oms/orders",
    "oms/pick_list_lines",
    "oms/shipment_confirmations",
    "oms/shipment_exceptions",
    "oms/shipment_packages",
    "oms/shipments",
}


def test_definitions_load_and_validate():
    dg.Definitions.validate_loadable(defs)


def test_asset_graph_snapshot():
    keys = {key.to_user_string() for key in defs.resolve_asset_graph().get_all_asset_keys()}
    assert keys == EXPECTED_ASSETS


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
