"""What a web site for the widget is, and its rules (pure: no database, no HTTP).

`parse_site` turns raw settings into a valid `Site` or raises a coded error; `site_settings` /
`site_from_settings` turn a site into the JSON the store keeps and back.
"""

from __future__ import annotations

import ipaddress
import re
import secrets
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from parley.channels.web.errors import (
    BadColour,
    BadOrigin,
    BadText,
    CallButtonUnavailable,
    InsecureOrigin,
    NoButton,
    RepeatedOrigin,
    RepeatedTopic,
    WrongCount,
)

LANGUAGES = ("en", "vi")
MIN_ORIGINS, MAX_ORIGINS = 1, 20
MIN_TOPICS, MAX_TOPICS = 1, 20
MAX_NAME = 80
MAX_LABEL = 80
MAX_ORIGIN = 200
MAX_GREETING = 500
MAX_OFFLINE = 500
MAX_CONSENT = 1000
MAX_QUEUE_ID = 40
KEY_BYTES = 18  # secrets.token_urlsafe(18): 24 characters, 144 bits
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "[::1]"})
DEFAULT_PORTS = {"https": 443, "http": 80}
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


class AskName(StrEnum):
    OFF = "off"
    OPTIONAL = "optional"
    REQUIRED = "required"


class AskContact(StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    EITHER = "either"


class Position(StrEnum):
    BOTTOM_RIGHT = "bottom-right"
    BOTTOM_LEFT = "bottom-left"


@dataclass(frozen=True)
class Topic:
    label: dict[str, str]  # language -> label
    queue: str


@dataclass(frozen=True)
class Buttons:
    chat: bool
    callback: bool
    call: bool = False  # reserved for the voice channel


@dataclass(frozen=True)
class PreChat:
    name: AskName
    contact: AskContact  # always asked, one of these kinds


@dataclass(frozen=True)
class Texts:
    greeting: str
    offline: str
    consent: str  # the text of the required "you may store my data" checkbox


@dataclass(frozen=True)
class Theme:
    colour: str  # #rrggbb, lowercase
    position: Position


@dataclass(frozen=True)
class Site:
    name: str
    enabled: bool
    origins: tuple[str, ...]
    topics: tuple[Topic, ...]
    buttons: Buttons
    prechat: PreChat
    texts: dict[str, Texts]  # language -> texts
    theme: Theme

    @property
    def asks_topic(self) -> bool:
        """The pre-chat form shows the topic choice only when there is a choice."""
        return len(self.topics) > 1

    @property
    def queues(self) -> frozenset[str]:
        return frozenset(topic.queue for topic in self.topics)


def new_key() -> str:
    """A site's public key: unguessable, URL-safe, made by the server."""
    return secrets.token_urlsafe(KEY_BYTES)


def _host(host: str, origin: str) -> str:
    if host.startswith("["):
        try:
            address = ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            raise BadOrigin(f"{origin!r}: bad IPv6 address", origin=origin) from None
        return f"[{address.compressed}]"
    if "*" in host:
        raise BadOrigin(f"{origin!r}: wildcards are not allowed", origin=origin)
    try:
        ascii_host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise BadOrigin(f"{origin!r}: bad host name", origin=origin) from None
    if len(ascii_host) > 253 or not all(_LABEL.match(label) for label in ascii_host.split(".")):
        raise BadOrigin(f"{origin!r}: bad host name", origin=origin)
    return ascii_host


def normalize_origin(text: str) -> str:
    """`scheme://host[:port]`, lowercase, default port dropped; https, or http for localhost only."""
    origin = text.strip()
    if not origin or len(origin) > MAX_ORIGIN or any(c.isspace() or ord(c) < 32 for c in origin):
        raise BadOrigin(f"{text!r} is not an origin", origin=text[:MAX_ORIGIN])
    if "*" in origin:
        raise BadOrigin(f"{origin!r}: wildcards are not allowed", origin=origin)
    if "\\" in origin:
        raise BadOrigin(f"{origin!r} is not an origin", origin=origin)
    try:
        parts = urlsplit(origin)
        port = parts.port
    except ValueError:
        raise BadOrigin(f"{origin!r}: bad port or host", origin=origin) from None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not origin.lower().startswith(f"{scheme}://"):
        raise BadOrigin(f"{origin!r}: not http(s)://host", origin=origin)
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise BadOrigin(f"{origin!r}: no credentials in an origin", origin=origin)
    if parts.path not in ("", "/") or parts.query or parts.fragment or origin.endswith(("?", "#")):
        raise BadOrigin(f"{origin!r}: an origin has no path, query or fragment", origin=origin)
    raw_host = (
        parts.netloc.rsplit(":", 1)[0] if port is not None or parts.netloc.endswith(":") else parts.netloc
    )
    if not raw_host:
        raise BadOrigin(f"{origin!r}: no host", origin=origin)
    if port == 0:
        raise BadOrigin(f"{origin!r}: bad port", origin=origin)
    host = _host(raw_host, origin)
    if scheme == "http" and host not in LOCAL_HOSTS:
        raise InsecureOrigin(f"{origin!r}: http is allowed for localhost only", origin=origin)
    suffix = "" if port is None or port == DEFAULT_PORTS[scheme] else f":{port}"
    return f"{scheme}://{host}{suffix}"


def _text(value: str, field: str, maximum: int, language: str | None = None, multiline: bool = False) -> str:
    text = unicodedata.normalize("NFC", value.strip())
    allowed = "\n\t" if multiline else ""
    params = {"field": field, "max": maximum, "language": language or "-"}
    if not text or len(text) > maximum:
        raise BadText(f"{field}: 1 to {maximum} characters", **params)
    if any(unicodedata.category(c) in ("Cc", "Cs") and c not in allowed for c in text):
        raise BadText(f"{field}: control characters are not allowed", **params)
    return text


def _count(items: list[Any], field: str, low: int, high: int) -> None:
    if not low <= len(items) <= high:
        raise WrongCount(f"{field}: {low} to {high} items", field=field, min=low, max=high)


def _by_language(value: Any, field: str) -> dict[str, Any]:
    if not isinstance(value, dict) or set(value) != set(LANGUAGES):
        raise BadText(f"{field}: one text per language {LANGUAGES}", field=field, max=0, language="-")
    return value


def parse_origins(raw: list[str]) -> tuple[str, ...]:
    _count(raw, "origins", MIN_ORIGINS, MAX_ORIGINS)
    seen: list[str] = []
    for text in raw:
        origin = normalize_origin(text)
        if origin in seen:
            raise RepeatedOrigin(f"{origin} is listed twice", origin=origin)
        seen.append(origin)
    return tuple(seen)


def parse_topics(raw: list[dict[str, Any]]) -> tuple[Topic, ...]:
    _count(raw, "topics", MIN_TOPICS, MAX_TOPICS)
    topics: list[Topic] = []
    for item in raw:
        labels = _by_language(item["label"], "topic")
        label = {lang: _text(labels[lang], "topic", MAX_LABEL, lang) for lang in LANGUAGES}
        for lang in LANGUAGES:
            if any(t.label[lang].casefold() == label[lang].casefold() for t in topics):
                raise RepeatedTopic(f"topic {label[lang]!r} is listed twice", label=label[lang])
        queue = str(item["queue"]).strip()
        if not queue or len(queue) > MAX_QUEUE_ID:
            raise BadText("topic queue: 1 to 40 characters", field="queue", max=MAX_QUEUE_ID, language="-")
        topics.append(Topic(label=label, queue=queue))
    return tuple(topics)


def parse_colour(text: str) -> str:
    if not _COLOUR.match(text):
        raise BadColour(f"{text[:20]!r} is not #rrggbb", value=text[:20])
    return text.lower()


def parse_site(raw: dict[str, Any]) -> Site:
    """A site from its settings, every rule checked (the queues' existence is the service's to check)."""
    buttons = Buttons(
        chat=bool(raw["buttons"]["chat"]),
        callback=bool(raw["buttons"]["callback"]),
        call=bool(raw["buttons"]["call"]),
    )
    if buttons.call:
        raise CallButtonUnavailable("the call button comes with the voice channel")
    if not (buttons.chat or buttons.callback):
        raise NoButton("show at least one button: chat or callback")
    texts_raw = _by_language(raw["texts"], "texts")
    texts = {
        lang: Texts(
            greeting=_text(texts_raw[lang]["greeting"], "greeting", MAX_GREETING, lang, multiline=True),
            offline=_text(texts_raw[lang]["offline"], "offline", MAX_OFFLINE, lang, multiline=True),
            consent=_text(texts_raw[lang]["consent"], "consent", MAX_CONSENT, lang, multiline=True),
        )
        for lang in LANGUAGES
    }
    try:
        prechat = PreChat(name=AskName(raw["prechat"]["name"]), contact=AskContact(raw["prechat"]["contact"]))
        position = Position(raw["theme"]["position"])
    except ValueError as error:
        raise BadText(str(error), field="choice", max=0, language="-") from None
    return Site(
        name=_text(raw["name"], "name", MAX_NAME),
        enabled=bool(raw["enabled"]),
        origins=parse_origins(list(raw["origins"])),
        topics=parse_topics(list(raw["topics"])),
        buttons=buttons,
        prechat=prechat,
        texts=texts,
        theme=Theme(colour=parse_colour(raw["theme"]["colour"]), position=position),
    )


def site_settings(site: Site) -> dict[str, Any]:
    """The site as plain JSON (the store's column, the API's body, the audit's details)."""
    return {
        "name": site.name,
        "enabled": site.enabled,
        "origins": list(site.origins),
        "topics": [{"label": dict(t.label), "queue": t.queue} for t in site.topics],
        "buttons": {"chat": site.buttons.chat, "callback": site.buttons.callback, "call": site.buttons.call},
        "prechat": {"name": site.prechat.name.value, "contact": site.prechat.contact.value},
        "texts": {
            lang: {"greeting": t.greeting, "offline": t.offline, "consent": t.consent}
            for lang, t in site.texts.items()
        },
        "theme": {"colour": site.theme.colour, "position": site.theme.position.value},
    }


def site_from_settings(settings: dict[str, Any]) -> Site:
    return parse_site(settings)
