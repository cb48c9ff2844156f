"""What the email endpoints take and give (the sent email itself, `EmailOut`, is the desk's: its item shows
the offers sent on an interaction)."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field
from pydantic_core import PydanticCustomError

from parley.platform.addresses import breaks_lines


def _one_line(value: str) -> str:
    if breaks_lines(value):
        raise PydanticCustomError(
            "control-characters", "line breaks, tabs and other control characters are not allowed"
        )
    return value


class EmailIn(BaseModel):
    to: str = Field(max_length=320, description="Exactly one address: no list, display name or spaces")
    subject: Annotated[str, AfterValidator(_one_line)] = Field(
        min_length=1, max_length=300, description="One line: no control characters or line separators"
    )
    body: str = Field(min_length=1, max_length=20_000)
    template: str | None = Field(None, max_length=80)
    key: str = Field(min_length=8, max_length=64, description="Idempotency key: the same key sends once")


class EmailPreviewIn(BaseModel):
    body: str = Field(max_length=50_000, description="The offer's text in the email markup")


class EmailPreview(BaseModel):
    html: str = Field(description="The whole HTML document, as the email carries it")
    text: str = Field(description="The plain-text part")
    unsafe_links: list[str] = Field(description="Link addresses left out (not http, https or mailto)")


class AttachmentOut(BaseModel):
    name: str
    size: int
