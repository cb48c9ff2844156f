"""Request and response bodies of the web sites API. Every field is required in a request: a PUT replaces
the whole site, so nothing is dropped or reset by omission."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from parley.channels.web import model
from parley.channels.web.service import StoredSite
from parley.channels.web.widget import WidgetConfig

Name = Annotated[str, Field(min_length=1, max_length=model.MAX_NAME)]
Label = Annotated[str, Field(min_length=1, max_length=model.MAX_LABEL)]
OriginText = Annotated[
    str, Field(min_length=1, max_length=model.MAX_ORIGIN, examples=["https://shop.example"])
]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TopicLabel(_In):
    en: Label
    vi: Label


class TopicIn(_In):
    label: TopicLabel
    queue: Annotated[str, Field(min_length=1, max_length=model.MAX_QUEUE_ID)]


class ButtonsIn(_In):
    chat: bool
    callback: bool
    call: bool = Field(description="Reserved for the voice channel: only false is accepted for now.")


class PreChatIn(_In):
    name: Literal["off", "optional", "required"]
    contact: Literal["email", "phone", "either"]


class TextsIn(_In):
    greeting: Annotated[str, Field(min_length=1, max_length=model.MAX_GREETING)]
    offline: Annotated[str, Field(min_length=1, max_length=model.MAX_OFFLINE)]
    consent: Annotated[str, Field(min_length=1, max_length=model.MAX_CONSENT)]


class TextsByLanguage(_In):
    en: TextsIn
    vi: TextsIn


class ThemeIn(_In):
    colour: Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$", examples=["#1a73e8"])]
    position: Literal["bottom-right", "bottom-left"]


class WebSiteIn(_In):
    name: Name
    enabled: bool
    origins: Annotated[list[OriginText], Field(min_length=model.MIN_ORIGINS, max_length=model.MAX_ORIGINS)]
    topics: Annotated[list[TopicIn], Field(min_length=model.MIN_TOPICS, max_length=model.MAX_TOPICS)]
    buttons: ButtonsIn
    prechat: PreChatIn
    texts: TextsByLanguage
    theme: ThemeIn


class WebSiteOut(BaseModel):
    id: int
    key: str = Field(description="The public key the embed snippet names (data-site).")
    name: str
    enabled: bool
    origins: list[str]
    topics: list[TopicIn]
    buttons: ButtonsIn
    prechat: PreChatIn
    texts: TextsByLanguage
    theme: ThemeIn
    asks_topic: bool = Field(description="The pre-chat form shows the topic choice (more than one topic).")
    created_at: datetime
    updated_at: datetime
    updated_by: str

    @classmethod
    def of(cls, stored: StoredSite) -> WebSiteOut:
        return cls.model_validate(
            {
                "id": stored.id,
                "key": stored.key,
                **model.site_settings(stored.site),
                "asks_topic": stored.site.asks_topic,
                "created_at": stored.created_at,
                "updated_at": stored.updated_at,
                "updated_by": stored.updated_by,
            }
        )


class WidgetTextsOut(BaseModel):
    greeting: str
    offline: str = Field(description="Shown when no topic is open.")


class WidgetButtonsOut(BaseModel):
    chat: bool
    callback: bool
    call: bool


class WidgetPreChatOut(BaseModel):
    name: Literal["off", "optional", "required"]
    contact: Literal["email", "phone", "either"]
    asks_topic: bool = Field(description="Show the topic choice (the site has more than one topic).")
    consent: str = Field(description="The text of the required consent checkbox.")


class WidgetTopicOut(BaseModel):
    index: int = Field(description="The topic's place in the site's list: the widget names a topic by it.")
    label: str
    open: bool = Field(description="Whether the topic's queue is open now by its opening hours.")
    next_opening: datetime | None = Field(
        description="For a closed topic: when it opens next (null: not soon)."
    )


class WidgetConfigOut(BaseModel):
    """What the widget shows for a site, in one language: nothing internal."""

    name: str
    language: Literal["en", "vi"]
    texts: WidgetTextsOut
    theme: ThemeIn
    buttons: WidgetButtonsOut
    prechat: WidgetPreChatOut
    topics: list[WidgetTopicOut]
    open_now: bool = Field(description="Whether any topic is open now.")

    @classmethod
    def of(cls, config: WidgetConfig) -> WidgetConfigOut:
        site, texts = config.site, config.site.texts[config.language]
        return cls.model_validate(
            {
                "name": site.name,
                "language": config.language,
                "texts": {"greeting": texts.greeting, "offline": texts.offline},
                "theme": {"colour": site.theme.colour, "position": site.theme.position.value},
                "buttons": {
                    "chat": site.buttons.chat,
                    "callback": site.buttons.callback,
                    "call": site.buttons.call,
                },
                "prechat": {
                    "name": site.prechat.name.value,
                    "contact": site.prechat.contact.value,
                    "asks_topic": site.asks_topic,
                    "consent": texts.consent,
                },
                "topics": [
                    {"index": t.index, "label": t.label, "open": t.open, "next_opening": t.next_opening}
                    for t in config.topics
                ],
                "open_now": config.open_now,
            }
        )
