"""`NewContact`: the typed command a channel (or the API edge) gives routing when a contact arrives."""

from __future__ import annotations

import dataclasses

import pytest

from parley.routing.commands import NewContact
from parley.routing.model import Channel
from parley.routing.schemas import ContactIn


def test_the_api_edge_turns_its_request_into_the_command() -> None:
    body = ContactIn.model_validate(
        {
            "channel": "chat",
            "from": "+84901234567",
            "subject": "Order 1001",
            "request_type": "billing",
            "priority": 5,
            "skills": {"vietnamese": 3},
            "data": {"order": 1001},
        }
    )
    assert body.command() == NewContact(
        Channel.CHAT,
        queue=None,
        request_type="billing",
        from_address="+84901234567",
        subject="Order 1001",
        priority=5,
        skills={"vietnamese": 3},
        data={"order": 1001},
    )


def test_a_queue_given_by_name_is_kept_and_the_defaults_are_empty() -> None:
    command = ContactIn.model_validate({"channel": "voice", "queue": "sales"}).command()
    assert command == NewContact(Channel.VOICE, queue="sales")
    assert (command.from_address, command.subject, command.priority) == ("", "", 0)
    assert (dict(command.skills), dict(command.data)) == ({}, {})


def test_the_command_is_frozen() -> None:
    command = NewContact(Channel.VOICE, queue="sales")
    with pytest.raises(dataclasses.FrozenInstanceError):
        command.queue = "support"  # type: ignore[misc]
