"""The interactive API documentation at /api/docs, served entirely from this server.

Swagger UI's script and styles come from the `fastapi-swagger` package (no CDN: production servers and the
test machines have no internet), and the page starts it from a script file rather than an inline script, so
the app's own Content-Security-Policy (script-src 'self') covers the page too.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from parley.platform.problems import problem

DOCS_URL = "/api/docs"
_ASSETS = files("fastapi_swagger") / "resources"
_MEDIA_TYPES = {
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "swagger-ui.css": "text/css; charset=utf-8",
    "favicon-32x32.png": "image/png",
}

PAGE = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Parley API</title>
<link rel="stylesheet" href="{DOCS_URL}/swagger-ui.css">
<link rel="icon" href="{DOCS_URL}/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="{DOCS_URL}/swagger-ui-bundle.js"></script>
<script src="{DOCS_URL}/start.js"></script>
</body>
</html>
"""

START = """window.ui = SwaggerUIBundle({
  url: "/api/openapi.json",
  dom_id: "#swagger-ui",
  layout: "BaseLayout",
  deepLinking: true,
  showExtensions: true,
  showCommonExtensions: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
});
"""


async def _page(_request: Request) -> Response:
    return HTMLResponse(PAGE, headers={"cache-control": "no-cache"})


async def _asset(request: Request) -> Response:
    name: str = request.path_params["name"]
    if name == "start.js":
        return Response(START, media_type="text/javascript; charset=utf-8")
    media_type = _MEDIA_TYPES.get(name)
    if media_type is None:
        path = request.url.path
        return problem(404, "not-found", "Not found", f"no such endpoint: {request.method} {path}", path)
    return Response(_read(name), media_type=media_type, headers={"cache-control": "public, max-age=86400"})


@cache
def _read(name: str) -> bytes:
    return (_ASSETS / name).read_bytes()


def docs_routes() -> list[BaseRoute]:
    """The page and its assets (plain routes: public, outside the OpenAPI document, like FastAPI's own)."""
    return [
        Route(DOCS_URL, _page, methods=["GET"], include_in_schema=False),
        Route(DOCS_URL + "/{name}", _asset, methods=["GET"], include_in_schema=False),
    ]
