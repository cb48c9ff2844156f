"""What the reports' endpoints take and give: the interaction filter as query parameters, and a page of
interactions (each as the desk shows it, `InteractionOut`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query
from pydantic import AwareDatetime

from parley.desk.schemas import InteractionOut
from parley.platform.bounds import INT32_MAX
from parley.reports.model import InteractionFilter

Customer = Annotated[int | None, Query(ge=1, le=INT32_MAX)]
CustomerSearch = Annotated[
    str | None,
    Query(
        max_length=200,
        description="Customers whose name or company contains this, or whose phone or email it is (as the "
        "customer search finds them), and callers without a card whose address contains it",
    ),
]
AgentQ = Annotated[int | None, Query(ge=1, le=INT32_MAX)]
QueueQ = Annotated[str | None, Query(max_length=40)]
OutcomeQ = Annotated[str | None, Query(max_length=80)]
Since = Annotated[
    AwareDatetime | None, Query(description="Received at or after (ISO 8601 with a time zone, e.g. `Z`)")
]
Until = Annotated[AwareDatetime | None, Query(description="Received before (ISO 8601 with a time zone)")]
Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]


async def interaction_filter(
    customer: Customer = None,
    customer_search: CustomerSearch = None,
    agent: AgentQ = None,
    queue: QueueQ = None,
    outcome: OutcomeQ = None,
    since: Since = None,
    until: Until = None,
) -> InteractionFilter:
    """The filter from the query parameters the search and the export share."""
    return InteractionFilter(customer, customer_search, agent, queue, outcome, since, until)


#: The interaction filter, parsed from the query.
Filter = Annotated[InteractionFilter, Depends(interaction_filter)]


@dataclass(frozen=True)
class InteractionPage:
    """How many interactions match in all, and the page asked for."""

    total: int
    items: list[InteractionOut]
