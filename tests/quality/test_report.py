"""The managers' quality report: emailed through Airflow's SMTP connection to a real SMTP server."""
from __future__ import annotations

import json
import shutil
import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from sendpipe import pipeline
from sendpipe.config import Settings
from tests.conftest import personal_values


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(monkeypatch):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    monkeypatch.setenv("AIRFLOW_CONN_SMTP_DEFAULT", json.dumps({
        "conn_type": "smtp", "host": "127.0.0.1", "port": controller.port,
        "extra": {"disable_tls": True, "disable_ssl": True, "from_email": "sendpipe@council.example", "retry_limit": 1},
    }))
    yield inbox
    controller.stop()


@pytest.fixture
def report_settings(demo_run):
    return Settings(**{**demo_run.settings.__dict__,
                       "report_recipients": ("send.manager@council.example", "iass.lead@council.example")})


def test_the_report_arrives_with_both_parts_the_inline_chart_and_officer_tables(smtp_server, report_settings, demo_landing):
    saved = pipeline.report(report_settings, demo_run_date(), send=True)
    assert len(smtp_server.messages) == 1
    recipients, raw = smtp_server.messages[0]
    assert sorted(recipients) == ["iass.lead@council.example", "send.manager@council.example"]
    message = message_from_bytes(raw, policy=policy.default)
    assert "2024-04-02" in message["Subject"] and message["From"] == "sendpipe@council.example"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html_part = message.get_body(preferencelist=("html",))
    html = html_part.get_content()
    images = [p for p in message.walk() if p.get_content_type() == "image/png"]
    assert len(images) == 1 and images[0]["Content-ID"] == "<dq-trend>" and "cid:dq-trend" in html
    assert images[0].get_content().startswith(b"\x89PNG")
    for body in (text, html):
        assert "Open findings recorded by CO1" in body and "district_unrecorded" in body
        assert "IE00" in body  # record IDs are named
    leaked = sorted(v for v in personal_values(demo_landing) if v in text or v in html or v in raw.decode("utf-8", "replace"))
    assert leaked == []
    assert saved.is_file() and "data:image/png;base64," in saved.read_text()


def test_a_failed_send_is_retried_then_raised_and_the_report_is_still_saved(monkeypatch, report_settings):
    monkeypatch.setenv("AIRFLOW_CONN_SMTP_DEFAULT", json.dumps({
        "conn_type": "smtp", "host": "127.0.0.1", "port": 9, "extra": {"disable_tls": True, "disable_ssl": True, "retry_limit": 1}}))
    report_file = report_settings.quality_dir / "reports" / "quality_report_2024-04-02.html"
    report_file.unlink(missing_ok=True)
    with pytest.raises(Exception):
        pipeline.report(report_settings, demo_run_date(), send=True)
    assert report_file.is_file()


def demo_run_date():
    from datetime import date
    return date(2024, 4, 2)


def test_without_recipients_the_report_is_saved_and_not_sent(smtp_server, demo_run, tmp_path):
    settings = Settings(**{**demo_run.settings.__dict__, "quality_dir": tmp_path / "quality"})
    path = pipeline.report(settings, demo_run_date(), send=True)
    assert path.is_file() and smtp_server.messages == []
    shutil.rmtree(tmp_path / "quality")
