"""A real SMTP server for tests (aiosmtpd) that keeps what it receives."""

from __future__ import annotations

from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope, Session

from tests.servers import free_port


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Envelope] = []

    async def handle_DATA(self, _server: Any, _session: Session, envelope: Envelope) -> str:  # noqa: N802
        self.messages.append(envelope)
        return "250 OK"

    def parsed(self, index: int) -> EmailMessage:
        content = self.messages[index].content
        raw = content if isinstance(content, bytes) else str(content).encode()
        message = message_from_bytes(raw, _class=EmailMessage, policy=policy.default)
        assert isinstance(message, EmailMessage)
        return message


def start_smtp() -> Controller:
    controller = Controller(Inbox(), hostname="127.0.0.1", port=free_port())
    controller.start()
    return controller
