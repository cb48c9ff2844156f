"""accounts/directory.py: how other slices look users up (by id, many in one round trip) without reading
accounts' tables themselves."""

from __future__ import annotations

from fastapi import FastAPI

from parley.accounts import directory
from parley.platform.identity import Role
from tests.integration.conftest import LOGINS, signed_in, statements


async def test_people_are_found_by_id_and_unknown_ids_left_out(app: FastAPI) -> None:
    async with app.state.database.transaction() as db:
        everyone = await directory.people(db, range(1, 100))
        by_name = {person.username: person for person in everyone.values()}
        assert set(by_name) == set(LOGINS)
        agent = by_name["agent"]
        assert (agent.role, agent.language) == (Role.AGENT, "en")
        with statements(app) as sent:
            assert await directory.people(db, [agent.id, agent.id, 999_999]) == {agent.id: agent}
            assert len(sent) == 1  # one round trip for many ids
            assert await directory.people(db, []) == {}
            assert await directory.person(db, None) is None
            assert len(sent) == 1  # none for no ids
        assert await directory.person(db, agent.id) == agent
        assert await directory.person(db, 999_999) is None
        assert await directory.display_names(db, [agent.id]) == {agent.id: agent.display_name}


async def test_active_people_are_everyone_not_disabled_by_username(app: FastAPI) -> None:
    async with app.state.database.transaction() as db:
        everyone = await directory.active_people(db)
        assert [p.username for p in everyone] == sorted(LOGINS)
        assert all(p.created_at is not None for p in everyone)
        agent = next(p for p in everyone if p.username == "agent")
        async with signed_in(app, "admin") as admin:
            response = await admin.patch(f"/api/users/{agent.id}", json={"disabled": True})
            assert response.status_code == 200, response.text
    async with app.state.database.transaction() as db:
        assert "agent" not in [p.username for p in await directory.active_people(db)]
