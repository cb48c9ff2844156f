"""Email offers as sent: HTML with a plain-text part and the attachments, the subject filled; no gap left as a
placeholder; the development mailbox keeps what is sent when no SMTP server is configured, and only
administrators read it; a configured SMTP server always wins."""

from __future__ import annotations

from collections.abc import Iterator
from email.message import EmailMessage

import httpx
import pytest
from aiosmtpd.controller import Controller
from fastapi import FastAPI

from parley.config import Settings
from parley.demo import copy_demo_attachments
from parley.desk.tables import OutgoingEmailRow
from parley.platform.db import utcnow
from parley.scripts.library import EXAMPLES_DIR
from tests.integration.desk.helpers import answer, make_queue_with_script
from tests.integration.mailserver import Inbox, start_smtp
from tests.integration.routing.helpers import agent_id, join, make_queue, new_contact, set_state

EDITED = (
    "Hello **An**,\n\n"
    "Your fitting:\n"
    "- Saturday 10:00\n"
    "  - bring your running shoes\n"
    "- [our store](https://parley.example/stores)\n\n"
    "<script>alert(1)</script> [x](javascript:alert(1))"
)


@pytest.fixture
def smtp() -> Iterator[Controller]:
    controller = start_smtp()
    yield controller
    controller.stop()


def inbox(smtp: Controller) -> Inbox:
    handler = smtp.handler
    assert isinstance(handler, Inbox)
    return handler


async def _taken_call(supervisor: httpx.AsyncClient, agent: httpx.AsyncClient, script: str | None) -> str:
    if script:
        source = (EXAMPLES_DIR / f"{script}.yaml").read_text(encoding="utf-8")
        assert (await supervisor.post("/api/scripts", json={"source": source})).status_code == 201
        published = await supervisor.post(f"/api/scripts/{script}/publish", json={"note": "t"})
        assert published.status_code == 201
    if script:
        await make_queue_with_script(supervisor, script)
    else:
        await make_queue(supervisor)
    await join(supervisor, await agent_id(agent), "orders")
    customer = await supervisor.post(
        "/api/customers", json={"name": "Nguyễn Văn An", "phones": ["0901234567"]}
    )
    assert customer.status_code == 201
    await set_state(agent, "ready")
    contact = await new_contact(supervisor, subject="Insoles")
    assert (await agent.post(f"/api/contacts/{contact['id']}/accept")).status_code == 200
    [item] = (await agent.get("/api/desk")).json()["items"]
    interaction: str = item["interaction"]["id"]
    return interaction


async def _at_the_offer(agent: httpx.AsyncClient, interaction: str) -> dict[str, object]:
    for reply in (None, "Yes", "Fitting in store", None, "an@example.com"):
        item = await answer(agent, interaction, reply)
    offer: dict[str, object] = item["run"]["view"]["email"]
    return offer


async def _send_edited_offer(supervisor: httpx.AsyncClient, agent: httpx.AsyncClient, key: str) -> str:
    """A call taken with the insoles script, its offer sent with the EDITED body; the interaction's id."""
    interaction = await _taken_call(supervisor, agent, "insoles-invitation")
    offer = await _at_the_offer(agent, interaction)
    body = {
        "to": "an@example.com",
        "subject": offer["subject"],
        "body": EDITED,
        "template": "insoles-invitation",
        "key": key,
    }
    sent = await agent.post(f"/api/interactions/{interaction}/emails", json=body)
    assert sent.status_code == 201, sent.text
    assert sent.json()["status"] == "sent"
    return interaction


def _check_offer_message(message: EmailMessage) -> None:
    assert message["Subject"] == "An, your free insole fitting at Parley Demo Store"
    assert message.get_content_type() == "multipart/mixed"
    alternative, leaflet = message.iter_parts()
    assert alternative.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in alternative.iter_parts()] == ["text/plain", "text/html"]
    assert leaflet.get_content_type() == "application/pdf"
    assert leaflet.get_filename() == "insoles-leaflet.pdf"
    assert isinstance(alternative, EmailMessage)
    text_part = alternative.get_body(("plain",))
    html_part = alternative.get_body(("html",))
    assert text_part is not None
    assert html_part is not None
    # As received over SMTP, lines end in CRLF.
    text, html = (part.get_content().replace("\r\n", "\n") for part in (text_part, html_part))
    assert "<strong>An</strong>" in html
    assert "<ul>\n<li>Saturday 10:00<ul>\n<li>bring your running shoes</li>" in html
    assert '<a href="https://parley.example/stores">our store</a>' in html
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript' not in html
    assert text.startswith("Hello An,\n\nYour fitting:\n\n- Saturday 10:00\n  - bring your running shoes\n")
    assert "- our store (https://parley.example/stores)" in text
    assert "**" not in text


@pytest.fixture
def smtp_settings(settings: Settings, smtp: Controller) -> Settings:
    return settings.model_copy(
        update={"smtp_host": "127.0.0.1", "smtp_port": smtp.port, "smtp_starttls": False, "dev_mailbox": True}
    )


class TestThroughSmtp:
    @pytest.fixture
    def settings(self, smtp_settings: Settings) -> Settings:
        return smtp_settings

    async def test_the_edited_offer_is_multipart_and_the_dev_mailbox_stays_out_of_the_way(
        self,
        admin: httpx.AsyncClient,
        supervisor: httpx.AsyncClient,
        agent: httpx.AsyncClient,
        smtp: Controller,
        settings: Settings,
    ) -> None:
        assert settings.attachments_dir is not None
        copy_demo_attachments(settings.attachments_dir)
        await _send_edited_offer(supervisor, agent, "offer-0001")
        [envelope] = inbox(smtp).messages
        assert envelope.mail_from == "offers@parley.example"
        _check_offer_message(inbox(smtp).parsed(0))
        # Production keeps its SMTP server even with the development mailbox asked for.
        kept = (await admin.get("/api/dev-mail")).json()
        assert kept == {"enabled": False, "messages": []}


async def test_a_placeholder_left_without_a_value_is_refused_by_name(
    supervisor: httpx.AsyncClient, agent: httpx.AsyncClient
) -> None:
    interaction = await _taken_call(supervisor, agent, None)
    body = {
        "to": "an@example.com",
        "subject": "{{ customer.first_name }}, your offer",
        "body": "Hello {{ customer.first_name }}, see {{ order.link }}",
        "key": "gap-key-0001",
    }
    refused = await agent.post(f"/api/interactions/{interaction}/emails", json=body)
    assert refused.status_code == 422
    assert refused.json()["code"] == "unfilled-placeholder"
    assert refused.json()["names"] == ["customer.first_name", "order.link"]
    assert (await agent.get("/api/desk")).json()["items"][0]["emails"] == []


class TestDevMailbox:
    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        return settings.model_copy(update={"dev_mailbox": True, "smtp_host": None})

    async def test_the_mailbox_keeps_the_offer_and_only_admins_read_it(
        self,
        admin: httpx.AsyncClient,
        supervisor: httpx.AsyncClient,
        agent: httpx.AsyncClient,
        settings: Settings,
    ) -> None:
        assert settings.attachments_dir is not None
        copy_demo_attachments(settings.attachments_dir)
        await _send_edited_offer(supervisor, agent, "offer-0002")

        listed = await admin.get("/api/dev-mail")
        assert listed.status_code == 200
        assert listed.json()["enabled"] is True
        [summary] = listed.json()["messages"]
        assert summary["recipients"] == ["an@example.com"]
        assert summary["sender"] == "offers@parley.example"
        assert summary["subject"] == "An, your free insole fitting at Parley Demo Store"

        shown = (await admin.get(f"/api/dev-mail/{summary['id']}")).json()
        assert "<strong>An</strong>" in shown["html"]
        assert "&lt;script&gt;" in shown["html"]
        assert shown["text"].startswith("Hello An,")
        leaflet_size = (settings.attachments_dir / "insoles-leaflet.pdf").stat().st_size
        assert shown["attachments"] == [
            {
                "index": 0,
                "filename": "insoles-leaflet.pdf",
                "content_type": "application/pdf",
                "size": leaflet_size,
            }
        ]
        leaflet = await admin.get(f"/api/dev-mail/{summary['id']}/attachments/0")
        assert leaflet.status_code == 200
        assert leaflet.content == (settings.attachments_dir / "insoles-leaflet.pdf").read_bytes()
        assert leaflet.headers["content-disposition"].startswith("attachment;")
        assert leaflet.headers["content-type"] == "application/octet-stream"
        source = await admin.get(f"/api/dev-mail/{summary['id']}/raw")
        assert source.headers["content-type"].startswith("message/rfc822")
        assert b"multipart/alternative" in source.content

        for client in (agent, supervisor):
            assert (await client.get("/api/dev-mail")).status_code == 403
            assert (await client.get(f"/api/dev-mail/{summary['id']}")).status_code == 403
        missing = await admin.get("/api/dev-mail/9999")
        assert missing.status_code == 404
        assert missing.json()["code"] == "no-such-mail"
        assert (await admin.get(f"/api/dev-mail/{summary['id']}/attachments/5")).status_code == 404

        assert (await admin.delete("/api/dev-mail")).status_code == 204
        assert (await admin.get("/api/dev-mail")).json()["messages"] == []


async def test_without_smtp_or_dev_mailbox_sending_fails_and_says_why(
    supervisor: httpx.AsyncClient, agent: httpx.AsyncClient, admin: httpx.AsyncClient
) -> None:
    interaction = await _taken_call(supervisor, agent, None)
    body = {"to": "an@example.com", "subject": "Hi", "body": "Offer", "key": "nothing-0001"}
    failed = await agent.post(f"/api/interactions/{interaction}/emails", json=body)
    assert failed.json()["status"] == "failed"
    assert failed.json()["sender"] == "Parley <no-reply@localhost>"  # the default sender is one address
    assert failed.json()["error"].startswith("no SMTP server is configured")
    assert (await admin.get("/api/dev-mail")).json() == {"enabled": False, "messages": []}


async def test_the_preview_is_the_email_as_sent(agent: httpx.AsyncClient) -> None:
    response = await agent.post("/api/email/preview", json={"body": EDITED})
    assert response.status_code == 200
    preview = response.json()
    assert preview["html"].startswith("<!DOCTYPE html>")
    assert "<strong>An</strong>" in preview["html"]
    assert "&lt;script&gt;" in preview["html"]
    assert preview["text"].startswith("Hello An,")
    assert preview["unsafe_links"] == ["javascript:alert(1)"]
    too_long = await agent.post("/api/email/preview", json={"body": "x" * 50_001})
    assert too_long.status_code == 422


async def test_supervisors_see_the_files_templates_may_attach(
    supervisor: httpx.AsyncClient, agent: httpx.AsyncClient, settings: Settings
) -> None:
    assert (await supervisor.get("/api/email/attachments")).json() == []
    assert settings.attachments_dir is not None
    copy_demo_attachments(settings.attachments_dir)
    (settings.attachments_dir / ".hidden").write_text("x")
    (settings.attachments_dir / "folder").mkdir()
    files = (await supervisor.get("/api/email/attachments")).json()
    assert [f["name"] for f in files] == ["insoles-leaflet.pdf"]
    assert files[0]["size"] == (settings.attachments_dir / "insoles-leaflet.pdf").stat().st_size
    assert (await agent.get("/api/email/attachments")).status_code == 403


class TestOneRecipientAndOneLine:
    """An email goes to exactly the one address typed, with a one-line subject; what cannot be sent ends as
    failed with a code instead of staying pending with a retry that fails for ever."""

    @pytest.fixture
    def settings(self, smtp_settings: Settings) -> Settings:
        return smtp_settings

    @pytest.mark.parametrize(
        ("to", "code"),
        [
            ("x,victim@example.com", "several-email-addresses"),
            ("an@example.com;victim@example.com", "several-email-addresses"),
            ("an@example.com, victim@example.com", "several-email-addresses"),
            ("An <an@example.com>", "bad-email"),
            ("an@example.com victim", "bad-email"),
            ("an@example.com\r\nBcc: victim@example.com", "several-email-addresses"),
            ('"an"@example.com', "bad-email"),
            ("an\x0b@example.com", "bad-email"),
        ],
    )
    async def test_a_recipient_that_is_not_one_address_is_refused_and_nothing_is_sent(
        self, supervisor: httpx.AsyncClient, agent: httpx.AsyncClient, smtp: Controller, to: str, code: str
    ) -> None:
        interaction = await _taken_call(supervisor, agent, None)
        body = {"to": to, "subject": "Hi", "body": "Offer", "key": "one-recipient-1"}
        refused = await agent.post(f"/api/interactions/{interaction}/emails", json=body)
        assert refused.status_code == 422, refused.text
        assert refused.json()["code"] == code
        assert refused.json()["params"] == {"field": "to", "value": to}
        assert inbox(smtp).messages == []
        assert (await agent.get("/api/desk")).json()["items"][0]["emails"] == []

    @pytest.mark.parametrize("mark", ["\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\r\n", "\t", "\x1b"])
    async def test_a_subject_with_a_line_break_or_control_character_is_refused(
        self, supervisor: httpx.AsyncClient, agent: httpx.AsyncClient, smtp: Controller, mark: str
    ) -> None:
        interaction = await _taken_call(supervisor, agent, None)
        subject = f"Offer{mark}Bcc: victim@example.com"
        body = {"to": "an@example.com", "subject": subject, "body": "Offer", "key": "one-line-0001"}
        refused = await agent.post(f"/api/interactions/{interaction}/emails", json=body)
        assert refused.status_code == 422, refused.text
        [error] = refused.json()["errors"]
        assert (error["field"], error["code"]) == ("subject", "control-characters")
        assert inbox(smtp).messages == []
        assert (await agent.get("/api/desk")).json()["items"][0]["emails"] == []

    async def test_a_stored_email_that_cannot_be_sent_ends_failed_and_is_not_retried(
        self, app: FastAPI, supervisor: httpx.AsyncClient, agent: httpx.AsyncClient, smtp: Controller
    ) -> None:
        """Rows written before the checks (or by a caller that forgot them) do not stay pending: one with a
        list for a recipient fails with a code, for good; one with a line separator in its subject goes out
        with a one-line subject to its one recipient."""
        interaction = await _taken_call(supervisor, agent, None)
        async with app.state.database.transaction() as session:
            listed = _stored(interaction, "stuck-list-01", "x,victim@example.com", "Offer")
            separated = _stored(
                interaction, "stuck-line-01", "an@example.com", "Offer\u2028Bcc: v@example.com\x85!"
            )
            session.add_all([listed, separated])
        [first, second] = (await agent.get("/api/desk")).json()["items"][0]["emails"]
        assert {first["status"], second["status"]} == {"pending"}
        by_key = {e["recipient"]: e["id"] for e in (first, second)}

        for _ in range(2):
            retried = await agent.post(
                f"/api/interactions/{interaction}/emails/{by_key['x,victim@example.com']}/retry"
            )
            assert retried.status_code == 422, retried.text
            assert retried.json()["code"] == "mail-unsendable"
            assert retried.json()["params"] == {"header": "To"}
        assert inbox(smtp).messages == []

        sent = await agent.post(f"/api/interactions/{interaction}/emails/{by_key['an@example.com']}/retry")
        assert sent.status_code == 200, sent.text
        assert sent.json()["status"] == "sent"
        [envelope] = inbox(smtp).messages
        assert envelope.rcpt_tos == ["an@example.com"]
        message = inbox(smtp).parsed(0)
        assert message["Subject"] == "Offer Bcc: v@example.com !"
        assert message["Bcc"] is None

        stored = {e["recipient"]: e for e in (await agent.get("/api/desk")).json()["items"][0]["emails"]}
        assert stored["x,victim@example.com"]["status"] == "failed"
        assert stored["x,victim@example.com"]["attempts"] == 0
        assert "not exactly one email address" in stored["x,victim@example.com"]["error"]
        assert stored["an@example.com"]["status"] == "sent"


def _stored(interaction: str, key: str, recipient: str, subject: str) -> OutgoingEmailRow:
    return OutgoingEmailRow(
        interaction_id=interaction,
        idempotency_key=key,
        template=None,
        sender="offers@parley.example",
        recipient=recipient,
        subject=subject,
        body="Offer",
        attachments=[],
        status="pending",
        attempts=0,
        created_at=utcnow(),
    )
