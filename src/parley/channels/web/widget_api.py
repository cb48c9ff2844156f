"""The widget's public endpoints (no sign-in): a page on one of a site's allowed origins reads the site's
widget configuration, cross-origin and without credentials. Every answer is counted per client address."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Path, Query, Response, status

from parley.channels.web.deps import WidgetDep
from parley.channels.web.schemas import WidgetConfigOut
from parley.channels.web.widget import MAX_KEY, choose_language
from parley.platform.deps import DB, PUBLIC, ClientIp

widget = APIRouter(prefix="/api/widget", tags=["widget"])

SiteKey = Annotated[str, Path(min_length=1, max_length=MAX_KEY, description="The site's public key.")]
NO_STORE = "no-store"
#: Beyond what every route may answer: a page on another origin (403), too many requests (429).
REFUSALS: dict[int | str, dict[str, Any]] = {403: {}, 429: {}}


def _cors(response: Response, origin: str) -> None:
    """Only the allowed origin, never credentials: the widget calls with `credentials: "omit"`."""
    response.headers["access-control-allow-origin"] = origin
    response.headers["vary"] = "Origin"
    response.headers["cache-control"] = NO_STORE


@widget.get("/sites/{key}", dependencies=[PUBLIC], responses=REFUSALS)
async def widget_config(
    key: SiteKey,
    response: Response,
    db: DB,
    service: WidgetDep,
    address: ClientIp,
    lang: Annotated[Literal["en", "vi"] | None, Query(description="Default: from Accept-Language")] = None,
    origin: Annotated[str | None, Header(include_in_schema=False)] = None,
    accept_language: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> WidgetConfigOut:
    """The site's widget configuration in one language, for a page on one of the site's origins."""
    await service.admit(address)
    allowed, config = await service.config(db, key, origin, choose_language(lang, accept_language))
    _cors(response, allowed)
    return WidgetConfigOut.of(config)


@widget.options(
    "/sites/{key}",
    dependencies=[PUBLIC],
    responses=REFUSALS,
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
)
async def widget_config_preflight(
    key: SiteKey,
    db: DB,
    service: WidgetDep,
    address: ClientIp,
    origin: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Response:
    """The CORS preflight of the configuration: allowed for the site's origins only."""
    await service.admit(address)
    allowed = await service.origin(db, key, origin)
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    _cors(response, allowed)
    response.headers["access-control-allow-methods"] = "GET"
    response.headers["access-control-allow-headers"] = "content-type"
    response.headers["access-control-max-age"] = "600"
    return response
