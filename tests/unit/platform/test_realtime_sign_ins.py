"""The hub closes the connections of ended sign-ins, and only those (#13 point 4)."""

from __future__ import annotations

from parley.platform.clock import ManualTimers
from parley.platform.identity import Role
from parley.platform.realtime import (
    ACCOUNT_DISABLED,
    RECENT_ENDS_SECONDS,
    SIGN_IN_ENDED,
    Connection,
    Hub,
    SignInsEnded,
)


async def _send(_text: str) -> None:
    return None


def _connection(user_id: int, session: str | None = None, token: int | None = None) -> Connection:
    return Connection(send=_send, user_id=user_id, role=Role.SUPERVISOR, session_hash=session, token_id=token)


def test_what_an_ended_sign_in_ends() -> None:
    one_session = SignInsEnded(7, session_hash="s1")
    assert one_session.ends(7, "s1", None)
    assert not one_session.ends(7, "s2", None)
    assert not one_session.ends(8, "s1", None)  # another user's session never
    all_but_mine = SignInsEnded(7, sessions=True, keep_session="s1")
    assert all_but_mine.ends(7, "s2", None)
    assert not all_but_mine.ends(7, "s1", None)
    assert not all_but_mine.ends(7, None, 3)  # tokens are not sessions
    one_token = SignInsEnded(7, token_id=3)
    assert one_token.ends(7, None, 3)
    assert not one_token.ends(7, None, 4)
    assert not one_token.ends(7, "s1", None)
    everything = SignInsEnded(7, sessions=True, tokens=True)
    assert everything.ends(7, "s9", None)
    assert everything.ends(7, None, 9)
    assert SignInsEnded.from_dict({**everything.as_dict(), "origin": "elsewhere"}) == everything


def test_the_hub_closes_the_ended_connections_and_sends_them_nothing_more() -> None:
    hub = Hub()
    ended, kept, token, stranger = (
        _connection(7, "s1"),
        _connection(7, "s2"),
        _connection(7, token=3),
        _connection(8, "s1"),
    )
    for connection in (ended, kept, token, stranger):
        hub.add(connection)
    hub.to_supervisors({"type": "queue-stats"})
    assert hub.end_sign_ins(SignInsEnded(7, session_hash="s1")) == 1
    assert (ended.close_code, ended.close_reason) == (SIGN_IN_ENDED, "sign-in-ended")
    assert ended.outbox.get_nowait() is None  # what was queued for it is dropped
    hub.to_supervisors({"type": "queue-stats"})
    assert ended.outbox.empty()
    assert [c.close_code for c in (kept, token, stranger)] == [None, None, None]
    assert kept.outbox.qsize() == 2
    assert hub.end_sign_ins(SignInsEnded(7, sessions=True, tokens=True, code=ACCOUNT_DISABLED)) == 2
    assert not hub.is_connected(7)
    assert hub.is_connected(8)


def _opened_at(connection: Connection, at: float) -> Connection:
    connection.opened_at = at
    return connection


def test_a_connection_read_before_its_sign_in_ended_is_closed_when_it_joins() -> None:
    timers = ManualTimers()
    hub = Hub(timers)
    read_before = _opened_at(_connection(7, "s1"), timers.monotonic())
    timers.advance(1)
    hub.end_sign_ins(SignInsEnded(7, sessions=True))
    timers.advance(0.001)
    read_after = _opened_at(_connection(7, "s2"), timers.monotonic())  # a new sign-in, read after the change
    hub.add(read_before)
    hub.add(read_after)
    assert read_before.close_code == SIGN_IN_ENDED
    assert read_after.close_code is None
    assert hub.is_connected(7)


def test_an_end_is_remembered_for_a_while_then_forgotten() -> None:
    timers = ManualTimers()
    hub = Hub(timers)
    hub.end_sign_ins(SignInsEnded(7, sessions=True))
    timers.advance(RECENT_ENDS_SECONDS - 1)
    late = _opened_at(_connection(7, "s1"), 0.0)  # read before the end, joining 29 s after it
    hub.add(late)
    assert late.close_code == SIGN_IN_ENDED
    timers.advance(2)
    later = _opened_at(_connection(7, "s1"), 0.0)  # a connection that slow is no longer checked
    hub.add(later)
    assert later.close_code is None
    assert hub.is_connected(7)
