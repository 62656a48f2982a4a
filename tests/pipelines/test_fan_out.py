"""The pieces that let stages fan out over processes: channel batches that combine into the one-call
batch, per-warehouse frames, the Parquet hand-over between steps, staged output across hosts."""

from __future__ import annotations

import random
import uuid

import dagster as dg
import fsspec
import polars as pl
import pytest

from assets.documents.per_warehouse import frames_per_warehouse, step_mapping_keys
from assets.ingest.channel_batches import BATCH_FRAMES, combine_batches
from assets.ingest.reading import IngestReference, read_and_validate
from contracts.vocabulary import CHANNELS
from resources.landing import LandingZone
from resources.output_store import OutputStore
from resources.stage import StageIOManager
from tests.conftest import SECOND_DAY, make_site


@pytest.fixture(scope="module")
def landing(tmp_path_factory) -> LandingZone:
    site = make_site(tmp_path_factory.mktemp("fan_out"), days=1)
    day = SECOND_DAY.isoformat()
    # files rejected whole, in a channel folder and in folders that are not channels
    (site.landing / "orders" / "amazon" / day / "zz-notes.csv").write_text("note\nhello\n")
    for stray in ("aaa-fax", "zzz-edi"):
        folder = site.landing / "orders" / stray / day
        folder.mkdir(parents=True)
        (folder / "orders.csv").write_text("order_id,sku\n1,A\n")
    return LandingZone(root=str(site.landing))


def test_channels_read_apart_and_combined_equal_every_file_read_at_once(landing):
    reference = IngestReference(
        skus=landing.reference("skus"), service_levels=landing.reference("service_levels")
    )
    at_once = read_and_validate(
        landing.order_files(SECOND_DAY), business_date=SECOND_DAY, reference=reference
    )
    folders = landing.channel_folders_present(SECOND_DAY)
    batches = [
        read_and_validate(
            landing.order_files(SECOND_DAY, channels=[channel]),
            business_date=SECOND_DAY,
            reference=reference,
        )
        for channel in CHANNELS
    ]
    batches.append(
        read_and_validate(
            landing.order_files(SECOND_DAY, channels=sorted(folders - set(CHANNELS))),
            business_date=SECOND_DAY,
            reference=reference,
        )
    )
    random.Random(4).shuffle(batches)  # steps finish in any order

    combined = combine_batches(batches, SECOND_DAY)

    assert at_once.file_stats["file_rejected_reason"].drop_nulls().len() == 3
    assert at_once.orders.height > 0 and at_once.rejects.height > 3
    for name in BATCH_FRAMES:
        assert getattr(combined, name).equals(getattr(at_once, name)), name


def test_combining_no_batches_gives_an_empty_batch_with_every_column():
    combined = combine_batches([], SECOND_DAY)
    assert all(getattr(combined, name).height == 0 for name in BATCH_FRAMES)
    assert "source_file" in combined.file_stats.columns


def test_each_warehouse_gets_its_own_rows_and_one_without_shipments_gets_none():
    warehouses = pl.DataFrame({"warehouse_id": ["WH-A", "WH-B", "WH-C"], "name": ["a", "b", "c"]})
    shipments = pl.DataFrame(
        {"shipment_id": ["s1", "s2", "s3"], "warehouse_id": ["WH-C", "WH-A", "WH-C"]}
    )
    slip_lines = pl.DataFrame(
        {"shipment_id": ["s1", "s2", "s3"], "warehouse_id": ["WH-C", "WH-A", "WH-C"]}
    )
    lines = pl.DataFrame({"warehouse_id": ["WH-A", "WH-C"], "sku": ["x", "y"]})

    parts = frames_per_warehouse(
        warehouses,
        pick_list_lines=lines,
        shipments=shipments,
        slip_lines=slip_lines,
        manifest_lines=lines,
        customs_declarations=lines,
    )

    assert [p["warehouse"]["warehouse_id"].item() for p in parts] == ["WH-A", "WH-C"]
    assert parts[1]["shipments"]["shipment_id"].to_list() == ["s1", "s3"]
    assert sorted(parts[1]["slip_lines"]["shipment_id"]) == ["s1", "s3"]
    assert parts[0]["pick_list_lines"]["sku"].to_list() == ["x"]
    assert parts[1]["customs_declarations"]["sku"].to_list() == ["y"]


def test_step_mapping_keys_are_what_dagster_accepts_and_unique():
    assert step_mapping_keys(["WH-EAST", "WH_EAST", "wh 1", ""]) == [
        "WH_EAST",
        "WH_EAST_2",
        "wh_1",
        "warehouse",
    ]


def _contexts(run_id: str, step_key: str, mapping_key: str | None = None):
    output = dg.build_output_context(
        run_id=run_id, step_key=step_key, name="result", mapping_key=mapping_key
    )
    return output, dg.build_input_context(upstream_output=output)


@pytest.mark.parametrize("background_writes", [False, True])
@pytest.mark.parametrize("where", ["folder", "fsspec"])
def test_stage_io_manager_hands_frames_to_another_process_and_discards_a_run(
    tmp_path, where, background_writes
):
    root = str(tmp_path / "stage") if where == "folder" else f"memory://stage-{uuid.uuid4().hex}"
    producer = StageIOManager(root=root, background_writes=background_writes)
    frame = pl.DataFrame(
        {"d": [SECOND_DAY, None], "n": [1, 2], "s": ["ä", None]},
        schema={"d": pl.Date, "n": pl.Int32, "s": pl.String},
    )
    frames = {"orders": frame, "empty": frame.clear(), "other": frame.head(1)}

    single_out, single_in = _contexts("run-1", "stage__shopify_orders")
    dict_out, dict_in = _contexts("run-1", "docs.split", mapping_key="WH_EAST")
    none_out, _ = _contexts("run-1", "docs.swap")
    producer.handle_output(single_out, frame)
    producer.handle_output(dict_out, frames)
    producer.handle_output(none_out, None)
    producer.teardown_after_execution(dg.build_init_resource_context())  # the step's process ends

    consumer = StageIOManager(root=root)  # another process: reads the Parquet files
    assert consumer.load_input(single_in).equals(frame)
    loaded = consumer.load_input(dict_in)
    assert list(loaded) == list(frames)
    assert all(loaded[name].equals(frames[name]) for name in frames)
    assert loaded["empty"].schema == frame.schema

    assert len(consumer.discard_runs(["run-1", "run-never"])) == 1
    with pytest.raises(FileNotFoundError, match="handed nothing over"):
        consumer.load_input(single_in)


def test_in_one_process_the_next_step_takes_the_frames_from_memory(tmp_path):
    stage = StageIOManager(root=str(tmp_path), background_writes=True)
    frame = pl.DataFrame({"n": [1, 2]})
    output, input_ = _contexts("run-1", "stage__ebay_orders")
    stage.handle_output(output, frame)

    assert stage.load_input(input_) is frame
    assert stage.load_input(input_).equals(frame)  # a second load reads the written file
    stage.teardown_after_execution(dg.build_init_resource_context())
    assert (tmp_path / "run-1" / "stage__ebay_orders" / "result.parquet").is_file()


def test_stage_io_manager_defaults_to_the_work_folder_beside_the_warehouse(tmp_path):
    stage = StageIOManager(warehouse_path=str(tmp_path / "wh" / "warehouse.duckdb"))
    assert stage.location.base == str(tmp_path / "wh" / ".work" / "stage")


def test_stage_io_manager_refuses_what_it_cannot_write_as_parquet(tmp_path):
    output, _ = _contexts("run-1", "step")
    with pytest.raises(TypeError, match="Polars frames"):
        StageIOManager(root=str(tmp_path)).handle_output(output, ["a list"])


def _write(store: OutputStore, warehouse_id: str, name: str, text: str) -> None:
    folder = store.warehouse_folder(SECOND_DAY, warehouse_id)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text)
    store.stage_warehouse(SECOND_DAY, warehouse_id)


def test_a_remote_output_root_swaps_in_warehouses_staged_by_other_hosts():
    bucket = f"memory://out-{uuid.uuid4().hex}"
    store = OutputStore(root=bucket)
    fs = fsspec.filesystem("memory")
    fs.pipe_file(f"{bucket}/{SECOND_DAY}/WH-OLD/stale.csv", b"old run")

    store.begin_staging(SECOND_DAY)
    _write(store, "WH-A", "pick-lists.csv", "a")
    _write(store, "WH-B", "pick-lists.csv", "b")
    assert not store.warehouse_folder(SECOND_DAY, "WH-A").exists()  # uploaded, not kept
    store.swap_in(SECOND_DAY, ["WH-A", "WH-B"])

    published = sorted(p.split(f"{SECOND_DAY}/", 1)[1] for p in fs.find(f"{bucket}/{SECOND_DAY}"))
    assert published == ["WH-A/pick-lists.csv", "WH-B/pick-lists.csv", "_SUCCESS"]
    assert fs.cat_file(f"{bucket}/{SECOND_DAY}/WH-B/pick-lists.csv") == b"b"
    assert not fs.exists(f"{bucket}/.staging/{SECOND_DAY}")


def test_a_remote_swap_repeated_after_its_clean_up_broke_off_publishes_every_file(monkeypatch):
    # what a step retry does when the store drops the connection while staged files are removed
    bucket = f"memory://out-{uuid.uuid4().hex}"
    store = OutputStore(root=bucket)
    fs = fsspec.filesystem("memory")
    store.begin_staging(SECOND_DAY)
    _write(store, "WH-A", "pick-lists.csv", "a")
    _write(store, "WH-A", "manifest-UPS.csv", "a")
    _write(store, "WH-B", "pick-lists.csv", "b")
    staging = store.location.join(".staging", SECOND_DAY.isoformat())
    rm = fs.rm

    def rm_breaking_off_after_one_staged_file(path, *args, **kwargs):
        paths = path if isinstance(path, list) else [path]
        if not any(p.startswith(staging) for p in paths):
            return rm(path, *args, **kwargs)
        monkeypatch.setattr(fs, "rm", rm)  # the store is back for the retry
        rm(sorted(fs.find(staging))[0])
        raise ConnectionResetError("the store reset the connection")

    monkeypatch.setattr(fs, "rm", rm_breaking_off_after_one_staged_file)
    with pytest.raises(ConnectionResetError):
        store.swap_in(SECOND_DAY, ["WH-A", "WH-B"])
    store.swap_in(SECOND_DAY, ["WH-A", "WH-B"])  # the retry

    published = sorted(p.split(f"{SECOND_DAY}/", 1)[1] for p in fs.find(f"{bucket}/{SECOND_DAY}"))
    assert published == [
        "WH-A/manifest-UPS.csv",
        "WH-A/pick-lists.csv",
        "WH-B/pick-lists.csv",
        "_SUCCESS",
    ]
    assert not fs.exists(f"{bucket}/.staging/{SECOND_DAY}")


@pytest.mark.parametrize("where", ["folder", "fsspec"])
def test_a_warehouse_whose_files_never_reached_the_staging_area_stops_the_swap(tmp_path, where):
    root = str(tmp_path / "out") if where == "folder" else f"memory://out-{uuid.uuid4().hex}"
    store = OutputStore(root=root)
    store.begin_staging(SECOND_DAY)
    _write(store, "WH-A", "pick-lists.csv", "a")

    with pytest.raises(FileNotFoundError, match="WH-B"):
        store.swap_in(SECOND_DAY, ["WH-A", "WH-B"])


def test_a_local_output_root_replaces_the_date_folder_whole(tmp_path):
    store = OutputStore(root=str(tmp_path / "out"))
    (tmp_path / "out" / SECOND_DAY.isoformat() / "WH-OLD").mkdir(parents=True)
    store.begin_staging(SECOND_DAY)
    _write(store, "WH-A", "pick-lists.csv", "a")
    store.swap_in(SECOND_DAY, ["WH-A"])

    day = tmp_path / "out" / SECOND_DAY.isoformat()
    assert sorted(p.relative_to(day).as_posix() for p in day.rglob("*")) == [
        "WH-A",
        "WH-A/pick-lists.csv",
    ]
