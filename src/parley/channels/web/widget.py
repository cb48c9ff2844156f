"""The widget's public side: which site a key names, whether a page's origin may use it, the language it
speaks, and what it shows (texts, theme, buttons, the pre-chat form, and whether each topic's queue is open).

Nothing internal leaves here: a topic is named by its place in the site's list, never by its queue.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from parley.channels.web import store
from parley.channels.web.errors import (
    BadOrigin,
    InsecureOrigin,
    WidgetOriginRefused,
    WidgetRateLimited,
    WidgetSiteUnknown,
)
from parley.channels.web.model import LANGUAGES, Site, normalize_origin, site_from_settings
from parley.platform.clock import Clock
from parley.platform.ratelimit import Counters
from parley.routing import hours as opening
from parley.routing import store as routing_store
from parley.routing.restore import queue_from_dict

#: Requests per client address per window to the widget's public endpoints.
RATE_LIMIT = 60
RATE_WINDOW = timedelta(minutes=1)
MAX_KEY = 64
DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class TopicNow:
    index: int  # the topic's place in the site's list: the widget names a topic by it
    label: str
    open: bool
    next_opening: datetime | None  # for a closed topic: when its queue next opens (None: not within a week)


@dataclass(frozen=True)
class WidgetConfig:
    site: Site
    language: str
    topics: tuple[TopicNow, ...]

    @property
    def open_now(self) -> bool:
        return any(topic.open for topic in self.topics)


def choose_language(asked: str | None, accept_language: str | None) -> str:
    """`?lang=` when given; else the first of `Accept-Language` (by weight, then order) the widget speaks."""
    if asked in LANGUAGES:
        return asked
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate((accept_language or "")[:500].split(",")):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        name, _, value = params.strip().partition("=")
        if name.strip().lower() == "q":
            try:
                weight = float(value)
            except ValueError:
                continue
        if weight > 0 and tag:
            ranked.append((-weight, position, tag.strip().split("-")[0].lower()))
    for _, _, language in sorted(ranked):
        if language in LANGUAGES:
            return language
    return DEFAULT_LANGUAGE


def allowed_origin(site: Site, origin: str | None) -> str:
    """The page's origin, normalized as the site's origins are, when the site allows it; refused otherwise
    (a request without `Origin` does not come from a page and is refused the same way)."""
    if not origin:
        raise WidgetOriginRefused("the request names no Origin")
    try:
        normalized = normalize_origin(origin)
    except (BadOrigin, InsecureOrigin):
        raise WidgetOriginRefused("this origin may not use the site's widget") from None
    if normalized not in site.origins:
        raise WidgetOriginRefused("this origin may not use the site's widget")
    return normalized


class Widget:
    def __init__(self, clock: Clock, counters: Counters) -> None:
        self.clock = clock
        self.counters = counters

    async def admit(self, address: str | None) -> None:
        """Count one request from `address`; refuse it past the limit."""
        key = f"widget:{address or '-'}"
        wait = await self.counters.wait(key, RATE_WINDOW, RATE_LIMIT)
        if wait is not None:
            raise WidgetRateLimited(
                f"more than {RATE_LIMIT} widget requests a minute", retry_after_seconds=math.ceil(wait)
            )
        await self.counters.add(key, RATE_WINDOW)

    async def site(self, db: AsyncSession, key: str) -> Site:
        """The enabled site `key` names; unknown and disabled get the same refusal."""
        row = await store.site_by_key(db, key) if 0 < len(key) <= MAX_KEY else None
        site = site_from_settings(row.settings) if row is not None and row.enabled else None
        if site is None or not site.enabled:
            raise WidgetSiteUnknown("no enabled site has this key")
        return site

    async def origin(self, db: AsyncSession, key: str, origin: str | None) -> str:
        """The CORS preflight: the site's allowed origin the page has."""
        return allowed_origin(await self.site(db, key), origin)

    async def config(
        self, db: AsyncSession, key: str, origin: str | None, language: str
    ) -> tuple[str, WidgetConfig]:
        site = await self.site(db, key)
        allowed = allowed_origin(site, origin)
        now = self.clock().timestamp()
        topics = []
        for index, topic in enumerate(site.topics):
            row = await routing_store.queue_row(db, topic.queue)
            if row is None:  # the queue was deleted after the site was saved: nothing can be asked there
                is_open, nxt = False, None
            else:
                hours = queue_from_dict(row.config).hours
                is_open = opening.is_open(hours, now)
                nxt = None if is_open else opening.next_opening(hours, now)
            topics.append(
                TopicNow(
                    index=index,
                    label=topic.label[language],
                    open=is_open,
                    next_opening=datetime.fromtimestamp(nxt, UTC) if nxt is not None else None,
                )
            )
        return allowed, WidgetConfig(site=site, language=language, topics=tuple(topics))
