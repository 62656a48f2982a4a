"""Failure alerts: always a file, and Slack when a webhook is configured."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from resources.alerts import Alerts


def test_an_alert_is_written_to_a_file_naming_the_date_and_run(tmp_path):
    path = Alerts(folder=str(tmp_path)).send(
        "batch-oms: nightly run for 2026-11-20 failed",
        "Run abc failed in allocate_orders.",
        key="n1",
    )
    assert path.parent == tmp_path and path.name.endswith("-n1.txt")
    assert path.read_text().startswith("batch-oms: nightly run for 2026-11-20 failed\n\nRun abc")


def test_an_alert_is_posted_to_the_slack_webhook_as_well(tmp_path):
    received: list[dict] = []

    class Webhook(BaseHTTPRequestHandler):
        def do_POST(self):
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Webhook)
    thread = threading.Thread(target=server.handle_request, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}/hook"
    Alerts(folder=str(tmp_path), slack_webhook_url=url).send("title", "body", key="n2")
    thread.join(timeout=10)
    server.server_close()
    assert received == [{"text": "*title*\nbody"}]
    assert len(list(tmp_path.glob("*-n2.txt"))) == 1


def test_a_failed_nightly_run_raises_an_alert_naming_its_date(tmp_path):
    import dagster as dg

    from pipelines.definitions import defs
    from pipelines.nightly import nightly_failure_alert
    from tests.conftest import Site
    from tests.e2e.nights import night_resources

    site = Site(tmp_path / "empty-site")  # no reference files: the night fails in ingest
    instance = dg.DagsterInstance.ephemeral()
    result = defs.resolve_job_def("nightly").execute_in_process(
        partition_key="2026-11-20",
        resources=night_resources(site),
        instance=instance,
        raise_on_error=False,
    )
    assert not result.success
    failure = next(e for e in result.all_events if e.event_type == dg.DagsterEventType.RUN_FAILURE)
    context = dg.build_run_status_sensor_context(
        sensor_name="nightly_failure_alert",
        dagster_instance=instance,
        dagster_run=result.dagster_run,
        dagster_event=failure,
        resources={"alerts": Alerts(folder=str(tmp_path / "alerts"))},
    ).for_run_failure()
    nightly_failure_alert(context)
    [alert] = (tmp_path / "alerts").glob("*.txt")
    assert alert.read_text().startswith("batch-oms: nightly run for 2026-11-20 failed")
    assert result.run_id in alert.read_text()
