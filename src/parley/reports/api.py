"""HTTP edge of the reports: the supervisor's interaction search and its CSV export. They keep the paths
they had under the desk (`/api/interactions`), so this router is included before the desk's, whose
`/api/interactions/{interaction_id}` would otherwise take `export.csv` for an id."""

from __future__ import annotations

from fastapi import APIRouter, Response
from fastapi.responses import StreamingResponse

from parley.desk.schemas import InteractionOut
from parley.platform.deps import DB, Supervisor
from parley.reports.deps import ReportsDep
from parley.reports.schemas import Filter, Limit, Offset

interactions = APIRouter(prefix="/api/interactions", tags=["reports"])


@interactions.get("", response_model=list[InteractionOut])
async def search_interactions(
    response: Response,
    _: Supervisor,
    db: DB,
    reports: ReportsDep,
    match: Filter,
    limit: Limit = 100,
    offset: Offset = 0,
) -> list[InteractionOut]:
    """Newest first; the `X-Total-Count` header gives how many match in all (for paging)."""
    page = await reports.find_interactions(db, match, limit, offset)
    response.headers["X-Total-Count"] = str(page.total)
    return page.items


@interactions.get("/export.csv", response_class=Response, responses={200: {"content": {"text/csv": {}}}})
async def export_interactions(_: Supervisor, reports: ReportsDep, match: Filter) -> StreamingResponse:
    """The interactions that match, as CSV: oldest first, at most 100,000 rows, streamed.

    The parameters are checked and the first chunk is read before the answer starts, so a bad request or a
    failing database gets its problem+json (not a 200 with an empty body)."""
    return StreamingResponse(
        await reports.export_csv(match),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="interactions.csv"'},
    )
