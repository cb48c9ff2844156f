"""What a run is started with: the contact, the agent and the customer, as their placeholders name them.

These types are the one list of what `{{ contact.* }}`, `{{ agent.* }}` and `{{ customer.* }}` may name:
validation accepts exactly their keys (and the customer's custom fields), and the desk builds the context
through them, so a name validation accepts is a name the desk fills (mypy sees to that), and a name no data
fills (`contact.wait_seconds` when the data says `waited_seconds`) is refused when the script is saved.
"""

from __future__ import annotations

from typing import Any, TypedDict, get_type_hints

#: The contact being handled (the desk's interaction). `from` is a keyword in Python, hence this form.
ContactValues = TypedDict(
    "ContactValues",
    {
        "id": str,
        "channel": str,
        "direction": str,
        "subject": str,
        "from": str,
        "queue": str,
        "request_type": str,
        "received_at": str,
        "waited_seconds": int,
    },
)


class AgentValues(TypedDict):
    """The operator running the script."""

    name: str
    first_name: str
    username: str
    email: str | None


class CustomerValues(TypedDict):
    """The customer's card: its own attributes; the admin-defined custom fields come beside them."""

    id: int | None
    name: str
    first_name: str
    company: str | None
    email: str | None
    phone: str | None
    is_new: bool
    interactions_count: int


def _names(values: Any) -> frozenset[str]:
    return frozenset(get_type_hints(values))


CONTACT_ATTRIBUTES = _names(ContactValues)
AGENT_ATTRIBUTES = _names(AgentValues)
CUSTOMER_ATTRIBUTES = _names(CustomerValues)
