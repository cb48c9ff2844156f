"""Request and response bodies of the allowlists API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

from parley.platform.networks import MAX_ENTRY_LENGTH, MAX_NETWORKS, BadNetwork, parse_network


def _network(text: str) -> str:
    try:
        return str(parse_network(text))
    except BadNetwork as error:
        raise PydanticCustomError(
            "bad-network", "{value} is not a network: {why}", {"value": text, "why": error.why}
        ) from None


NetworkText = Annotated[
    str,
    Field(min_length=1, max_length=MAX_ENTRY_LENGTH, examples=["10.0.0.0/8", "2001:db8::/32"]),
    AfterValidator(_network),
]
NetworkList = Annotated[list[NetworkText], Field(max_length=MAX_NETWORKS)]


class NetworkAccessIn(BaseModel):
    """Both lists, whole: an empty list allows every address."""

    model_config = ConfigDict(extra="forbid")

    sign_in: NetworkList
    api: NetworkList


class AllowlistOut(BaseModel):
    networks: list[str]
    source: Literal["database", "config"] = Field(
        description="config: set by PARLEY_STAFF_ALLOWLIST / PARLEY_API_ALLOWLIST, not changeable here"
    )


class NetworkAccessOut(BaseModel):
    sign_in: AllowlistOut
    api: AllowlistOut
    your_address: str | None = Field(description="The address this request came from, as the check sees it")
    updated_at: datetime | None
    updated_by: str | None
