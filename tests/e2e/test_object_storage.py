"""Beyond one machine: the landing area and outputs on S3-compatible object storage (a local moto
server)."""

from __future__ import annotations

import socket

import fsspec
import pytest

from resources.landing import LandingZone
from resources.output_store import OutputStore
from resources.stage import StageIOManager
from tests.conftest import FIRST_DAY, SECOND_DAY, make_site
from tests.e2e.nights import TABLE_KEYS, published_table, run_night

pytestmark = pytest.mark.e2e


@pytest.fixture
def s3_endpoint(monkeypatch):
    from moto.server import ThreadedMotoServer

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    for name, value in {
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    fsspec.filesystem("s3", skip_instance_cache=True).mkdir("oms-landing")
    yield endpoint
    server.stop()


def test_a_night_reads_its_landing_area_from_s3_and_writes_its_files_there(tmp_path, s3_endpoint):
    local = make_site(tmp_path / "local")
    remote = make_site(tmp_path / "remote")
    s3 = fsspec.filesystem("s3", skip_instance_cache=True)
    s3.put(str(remote.landing), "oms-landing/landing", recursive=True)
    on_s3 = {
        "landing": LandingZone(root="s3://oms-landing/landing", cache_dir=str(tmp_path / "cache")),
        "output_store": OutputStore(root="s3://oms-landing/out"),
        # frames handed between steps on the bucket too, as workers on several hosts need
        "stage_io_manager": StageIOManager(root="s3://oms-landing/stage"),
    }
    for night in (FIRST_DAY, SECOND_DAY):
        run_night(local, night)
        run_night(remote, night, **on_s3)

    for table in TABLE_KEYS:
        assert published_table(remote, table).equals(published_table(local, table)), table
    s3.invalidate_cache()
    written = sorted(path.split("/out/", 1)[1] for path in s3.find("oms-landing/out"))
    expected = sorted(
        path.relative_to(local.output).as_posix()
        for path in local.output.rglob("*")
        if path.is_file()
    )
    assert [p for p in written if not p.endswith("_SUCCESS")] == [
        p for p in expected if "/alerts/" not in p
    ]
    assert f"{SECOND_DAY.isoformat()}/_SUCCESS" in written
    assert any(path.endswith(".parquet") for path in s3.find("oms-landing/stage"))
