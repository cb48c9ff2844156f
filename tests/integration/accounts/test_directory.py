"""accounts/directory.py: how other slices look users up (by id, many in one round trip) without reading
accounts' tables themselves."""

from __future__ import annotations

from fastapi import FastAPI

from parley.accounts import directory
from parley.platform.identity import Role
from tests.integration.conftest import LOGINS, statements


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
