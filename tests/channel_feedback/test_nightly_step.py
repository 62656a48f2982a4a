"""The nightly step as Dagster runs it: files into the date's channels folder beside the
documents, the ledger written, the told-once check green, a re-run the same."""

from pathlib import Path

import dagster as dg
import duckdb

from assets.channel_feedback.assets import tell_channels_shipments
from assets.channel_feedback.checks import no_package_told_twice
from resources.output_store import OutputStore
from resources.warehouse import Warehouse
from tests.channel_feedback.builders import NEXT_NIGHT, confirm, one_mug_shipped


def run_step(warehouse: Warehouse, store: OutputStore) -> dg.ExecuteInProcessResult:
    return dg.materialize(
        [tell_channels_shipments, no_package_told_twice],
        partition_key=NEXT_NIGHT.isoformat(),
        resources={"warehouse": warehouse, "output_store": store},
        instance=dg.DagsterInstance.ephemeral(),
    )


def test_the_step_tells_amazon_beside_the_documents_and_a_rerun_tells_the_same(tmp_path):
    warehouse = Warehouse(path=str(tmp_path / "warehouse.duckdb"), memory_limit="1GB", threads=1)
    store = OutputStore(root=str(tmp_path / "out"))
    with warehouse.connect() as con:
        one_mug_shipped(con)
        confirm(con, "S1", "1Z1")
    store.begin_staging(NEXT_NIGHT)
    store.warehouse_folder(NEXT_NIGHT, "WH1").mkdir()
    (store.warehouse_folder(NEXT_NIGHT, "WH1") / "slips.pdf").write_bytes(b"%PDF")
    store.swap_in(NEXT_NIGHT, ["WH1"])
    night = Path(store.date_folder(NEXT_NIGHT))

    first = run_step(warehouse, store)
    told = (night / "channels/amazon/shipping-confirmation.txt").read_bytes()
    again = run_step(warehouse, store)

    assert first.success and again.success
    assert (night / "WH1/slips.pdf").exists()
    assert told.splitlines()[1].split(b"\t")[:3] == [b"111-1", b"OI-1", b"1"]
    assert (night / "channels/amazon/shipping-confirmation.txt").read_bytes() == told
    [check] = again.get_asset_check_evaluations()
    assert check.passed
    with duckdb.connect(str(warehouse.working_path), read_only=True) as con:
        assert con.sql("select count(*) from oms.channel_feedback").fetchall() == [(1,)]
