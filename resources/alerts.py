"""Where failure alerts go: always a log line and a file; optionally Slack or e-mail."""

from __future__ import annotations

import json
import smtplib
import urllib.request
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

import dagster as dg
from pydantic import Field


class Alerts(dg.ConfigurableResource):
    """Sends an alert to every configured destination. The file is always written, so nothing is
    lost when a webhook or mail server is down."""

    folder: str = Field(description="Folder for alert files ($OMS_OUTPUT/alerts).")
    slack_webhook_url: str | None = Field(default=None, description="Slack incoming-webhook URL.")
    smtp_host: str | None = Field(default=None, description="SMTP server for e-mail alerts.")
    smtp_port: int = Field(default=25)
    email_from: str = Field(default="batch-oms@localhost")
    email_to: list[str] = Field(default_factory=list, description="Recipients of e-mail alerts.")

    def send(self, title: str, body: str, *, key: str) -> Path:
        """Write `<folder>/<UTC time>-<key>.txt`, then post to Slack and mail, if configured."""
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        folder = Path(self.folder)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{stamp}-{key}.txt"
        path.write_text(f"{title}\n\n{body}\n", encoding="utf-8")
        if self.slack_webhook_url:
            payload = json.dumps({"text": f"*{title}*\n{body}"}).encode()
            request = urllib.request.Request(
                self.slack_webhook_url, data=payload, headers={"Content-Type": "application/json"}
            )
            urllib.request.urlopen(request, timeout=10).close()
        if self.smtp_host and self.email_to:
            message = EmailMessage()
            message["Subject"], message["From"], message["To"] = (
                title,
                self.email_from,
                ", ".join(self.email_to),
            )
            message.set_content(body)
            with smtplib.SMTP(self.smtp_host, self.smtp_port, timeout=10) as smtp:
                smtp.send_message(message)
        return path
