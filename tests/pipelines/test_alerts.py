"""Failure alerts: always a file, and Slack and e-mail when configured, each whatever the other
did; a webhook that fails for a moment is retried."""

import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from aiosmtpd.controller import Controller

from resources.alerts import AlertNotDelivered, Alerts


@contextmanager
def webhook(statuses: list[int]) -> Iterator[tuple[str, list[dict]]]:
    """A local webhook answering each post with the next of `statuses` (the last one repeats);
    yields its URL and the bodies it received."""
    received: list[dict] = []
    answers = list(statuses)

    class Webhook(BaseHTTPRequestHandler):
        def do_POST(self):
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(answers.pop(0) if len(answers) > 1 else answers[0])
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Webhook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/hook", received
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@contextmanager
def mail_server() -> Iterator[tuple[int, list]]:
    """A local SMTP server; yields its port and the messages it accepted."""
    accepted: list = []

    class Inbox:
        async def handle_DATA(self, server, session, envelope):
            accepted.append(message_from_bytes(envelope.content))
            return "250 OK"

    with socket.socket() as probe:  # a free port
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Inbox(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, accepted
    finally:
        controller.stop()


def test_an_alert_is_written_to_a_file_naming_the_date_and_run(tmp_path):
    path = Alerts(folder=str(tmp_path)).send(
        "batch-oms: nightly run for 2026-11-20 failed",
        "Run abc failed in allocate_orders.",
        key="n1",
    )
    assert path.parent == tmp_path and path.name.endswith("-n1.txt")
    assert path.read_text().startswith("batch-oms: nightly run for 2026-11-20 failed\n\nRun abc")


def test_an_alert_is_posted_to_the_slack_webhook_as_well(tmp_path):
    with webhook([200]) as (url, received):
        Alerts(folder=str(tmp_path), slack_webhook_url=url).send("title", "body", key="n2")
    assert received == [{"text": "*title*\nbody"}]
    assert len(list(tmp_path.glob("*-n2.txt"))) == 1


def test_an_alert_is_mailed_to_every_recipient(tmp_path):
    with mail_server() as (port, accepted):
        Alerts(
            folder=str(tmp_path),
            smtp_host="127.0.0.1",
            smtp_port=port,
            email_to=["ops@example.com", "oncall@example.com"],
        ).send("title", "body", key="n3")
    [message] = accepted
    assert message["Subject"] == "title"
    assert message["To"] == "ops@example.com, oncall@example.com"
    assert message.get_payload().strip() == "body"


def test_a_webhook_that_fails_for_a_moment_is_retried_until_it_takes_the_alert(tmp_path):
    with webhook([503, 502, 200]) as (url, received):
        Alerts(folder=str(tmp_path), slack_webhook_url=url, webhook_backoff_seconds=0).send(
            "title", "body", key="n4"
        )
    assert received == [{"text": "*title*\nbody"}] * 3


def test_a_webhook_that_stays_down_does_not_keep_the_alert_from_being_mailed(tmp_path):
    with webhook([500]) as (url, received), mail_server() as (port, accepted):
        alerts = Alerts(
            folder=str(tmp_path),
            slack_webhook_url=url,
            webhook_retries=2,
            webhook_backoff_seconds=0,
            smtp_host="127.0.0.1",
            smtp_port=port,
            email_to=["ops@example.com"],
        )
        with pytest.raises(AlertNotDelivered, match="Slack webhook") as raised:
            alerts.send("title", "body", key="n5")
    assert len(received) == 3  # the post and two retries
    assert [m["Subject"] for m in accepted] == ["title"]
    assert "e-mail" not in str(raised.value)
    assert "/hook" not in str(raised.value)  # a webhook's URL is its secret
    assert raised.value.__cause__ is None or "/hook" not in str(raised.value.__cause__)
    assert len(list(tmp_path.glob("*-n5.txt"))) == 1


def test_a_mail_server_that_is_down_does_not_keep_the_alert_from_slack(tmp_path):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    with webhook([200]) as (url, received):
        alerts = Alerts(
            folder=str(tmp_path),
            slack_webhook_url=url,
            smtp_host="127.0.0.1",
            smtp_port=closed_port,
            email_to=["ops@example.com"],
        )
        with pytest.raises(AlertNotDelivered, match="e-mail"):
            alerts.send("title", "body", key="n6")
    assert received == [{"text": "*title*\nbody"}]


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
