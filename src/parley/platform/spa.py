"""Serves the built front end; any non-API path falls back to index.html so client-side routes work."""

from __future__ import annotations

from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.responses import HTMLResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from parley.platform.problems import problem

NOT_BUILT = """<!doctype html><html><head><meta charset="utf-8"><title>Parley</title></head>
<body style="font-family:sans-serif;max-width:40em;margin:4em auto">
<h1>Parley</h1><p>The API is running, but the front end has not been built.</p>
<p>Run <code>make install</code> (or <code>make run</code>) to build it.</p></body></html>"""


class SinglePageApp(StaticFiles):
    async def get_response(self, path: str, scope: Scope) -> Response:
        if path == "api" or path.startswith("api/"):
            return problem(
                404,
                "not-found",
                "Not found",
                f"no such endpoint: {scope['method']} {scope['path']}",
                scope["path"],
            )
        try:
            response = await super().get_response(path, scope)
        except HTTPException as error:
            if error.status_code != 404:
                raise
            return await super().get_response("index.html", scope)
        if path.startswith("assets/"):
            response.headers["cache-control"] = "public, max-age=31536000, immutable"
        return response


class NotBuilt:
    async def __call__(self, scope: Scope, receive: object, send: object) -> None:
        path: str = scope["path"]
        response: Response = (
            problem(404, "not-found", "Not found", f"no such endpoint: {path}", path)
            if path.startswith("/api")
            else HTMLResponse(NOT_BUILT, status_code=503)
        )
        await response(scope, receive, send)  # type: ignore[arg-type]


def frontend_app(directory: Path) -> SinglePageApp | NotBuilt:
    if (directory / "index.html").is_file():
        return SinglePageApp(directory=directory, html=True)
    return NotBuilt()
