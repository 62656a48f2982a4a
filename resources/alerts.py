"""Where failure alerts go: always a log line and a file; optionally Slack or e-mail."""

from __future__ import annotations

import json
import smtplib
from collections.abc import Callable
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

import dagster as dg
import urllib3
from pydantic import Field
from urllib3.util import Retry


class AlertNotDelivered(RuntimeError):
    """One or more channels failed; every other channel was still tried and the file written."""


class Alerts(dg.ConfigurableResource):
    """Sends an alert to every configured destination. The file is always written, so nothing is
    lost when a webhook or mail server is down; each channel is tried whatever happened to the
    others, so a Slack outage does not keep the e-mail from going out."""

    folder: str = Field(description="Folder for alert files ($OMS_OUTPUT/alerts).")
    slack_webhook_url: str | None = Field(default=None, description="Slack incoming-webhook URL.")
    webhook_retries: int = Field(
        default=3, description="Retries of the webhook post after a connection error, 429 or 5xx."
    )
    webhook_backoff_seconds: float = Field(
        default=1.0,
        description="Backoff factor: retries follow at once, then after 2, 4 … times this.",
    )
    smtp_host: str | None = Field(default=None, description="SMTP server for e-mail alerts.")
    smtp_port: int = Field(default=25)
    email_from: str = Field(default="batch-oms@localhost")
    email_to: list[str] = Field(default_factory=list, description="Recipients of e-mail alerts.")

    def send(self, title: str, body: str, *, key: str) -> Path:
        """Write `<folder>/<UTC time>-<key>.txt`, then mail and post to Slack, if configured.

        Raises `AlertNotDelivered`, naming each channel that failed, once every channel has been
        tried. The mail goes first: it is one attempt, where the webhook may spend most of a minute
        on retries, and a sensor tick that outlives its timeout would take the mail with it."""
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        folder = Path(self.folder)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{stamp}-{key}.txt"
        path.write_text(f"{title}\n\n{body}\n", encoding="utf-8")
        channels: list[tuple[str, Callable[[str, str], None]]] = []
        if self.smtp_host and self.email_to:
            channels.append(("e-mail", self._mail))
        if self.slack_webhook_url:
            channels.append(("Slack webhook", self._post_to_webhook))
        failures = []
        for name, deliver in channels:
            try:
                deliver(title, body)
            except Exception as error:  # the next channel must still be tried
                failures.append((name, error))
        if failures:
            raise AlertNotDelivered(
                f"alert {path.name} written, but not delivered by "
                + "; ".join(f"{name} ({type(error).__name__}: {error})" for name, error in failures)
            ) from failures[0][1]
        return path

    def _post_to_webhook(self, title: str, body: str) -> None:
        retry = Retry(
            total=self.webhook_retries,
            backoff_factor=self.webhook_backoff_seconds,
            status_forcelist=(429, 500, 502, 503, 504),
            allowed_methods=None,  # POST too: an alert twice is better than none
            # a Retry-After has no upper bound, and the tick of the sensor sending this has one
            respect_retry_after_header=False,
        )
        # The URL is the webhook's credential: no message or traceback raised here names it.
        try:
            with urllib3.PoolManager(retries=retry, timeout=urllib3.Timeout(total=10)) as http:
                response = http.request(
                    "POST",
                    self.slack_webhook_url,
                    body=json.dumps({"text": f"*{title}*\n{body}"}).encode(),
                    headers={"Content-Type": "application/json"},
                )
        except urllib3.exceptions.MaxRetryError as error:
            reason = type(error.reason).__name__ if error.reason else "no answer"
            raise RuntimeError(
                f"webhook not reached after {self.webhook_retries} retries ({reason})"
            ) from None
        if response.status >= 400:
            raise RuntimeError(f"webhook answered HTTP {response.status}: {response.data[:200]!r}")

    def _mail(self, title: str, body: str) -> None:
        message = EmailMessage()
        message["Subject"], message["From"], message["To"] = (
            title,
            self.email_from,
            ", ".join(self.email_to),
        )
        message.set_content(body)
        with smtplib.SMTP(self.smtp_host, self.smtp_port, timeout=10) as smtp:
            smtp.send_message(message)
