"""Opening hours, what a queue does with a contact while it is closed, and the center's local day."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from parley.routing import hours
from parley.routing.errors import BadRoutingConfig
from parley.routing.hours import LocalDays
from parley.routing.model import Channel, ClosedBehaviour, ContactState, OpeningHours, Presence
from tests.unit.routing.builders import agent as agent_profile
from tests.unit.routing.builders import at, build, contact, events, pairs, queue

OFFICE = OpeningHours("UTC", hours.parse_week({d: ["09:00-12:00", "13:00-17:00"] for d in hours.DAYS[:5]}))


def utc(*args: int) -> float:
    return datetime(*args, tzinfo=UTC).timestamp()


# ------------------------------------------------------------------------------------------------ the week


def test_a_week_is_parsed_sorted_and_formatted_back() -> None:
    week = hours.parse_week({"tue": ["13:00-17:30", "08:00-12:00"], "sun": ["22:00-24:00"]})
    assert week == {1: ((480, 720), (780, 1050)), 6: ((1320, 1440),)}
    assert hours.format_week(week) == {"tue": ["08:00-12:00", "13:00-17:30"], "sun": ["22:00-24:00"]}


@pytest.mark.parametrize(
    "spec",
    [
        {"monday": ["09:00-17:00"]},
        {"mon": ["09:00-12:00", "11:00-13:00"]},
        {"mon": ["17:00-09:00"]},
        {"mon": ["9-17"]},
        {"mon": ["09:00-24:30"]},
        {"mon": ["09:60-10:00"]},
    ],
)
def test_a_bad_week_is_refused(spec: dict[str, list[str]]) -> None:
    with pytest.raises(BadRoutingConfig):
        hours.parse_week(spec)


def test_an_unknown_time_zone_is_refused() -> None:
    with pytest.raises(BadRoutingConfig):
        hours.is_open(OpeningHours("Mars/Olympus", {0: ((0, 1440),)}), at(10))


def test_open_within_the_ranges_and_closed_at_their_end() -> None:
    assert not hours.is_open(OFFICE, at(8, day=0) + 3599)
    assert hours.is_open(OFFICE, at(9, day=0))
    assert hours.is_open(OFFICE, at(11.99, day=0))
    assert not hours.is_open(OFFICE, at(12, day=0))  # lunch
    assert hours.is_open(OFFICE, at(16.99, day=4))  # Friday
    assert not hours.is_open(OFFICE, at(17, day=4))
    assert not hours.is_open(OFFICE, at(10, day=5))  # Saturday
    assert hours.is_open(None, at(3, day=6))  # no hours: always open
    assert hours.is_open(OpeningHours("UTC", {6: ((0, 1440),)}), at(23.999, day=6))


def test_the_next_opening() -> None:
    assert hours.next_opening(OFFICE, at(10)) == at(10)  # open now
    assert hours.next_opening(OFFICE, at(7)) == at(9)
    assert hours.next_opening(OFFICE, at(12.5)) == at(13)
    assert hours.next_opening(OFFICE, at(17, day=4)) == at(9, day=7)  # Friday evening: Monday
    assert hours.next_opening(OpeningHours("UTC", {}), at(10)) is None  # never open
    assert hours.next_opening(None, at(10)) == at(10)


def test_hours_are_in_the_queue_time_zone_across_daylight_saving() -> None:
    berlin = OpeningHours("Europe/Berlin", dict.fromkeys(range(5), ((9 * 60, 17 * 60),)))
    assert hours.is_open(berlin, utc(2026, 1, 5, 8))  # 09:00 CET
    assert not hours.is_open(berlin, utc(2026, 1, 5, 16))  # 17:00 CET
    # Summer time starts on Sunday 29 March 2026: Monday 09:00 CEST is 07:00 UTC.
    assert hours.next_opening(berlin, utc(2026, 3, 28, 12)) == utc(2026, 3, 30, 7)
    assert hours.next_opening(berlin, utc(2026, 3, 27, 16, 30)) == utc(2026, 3, 30, 7)


# ------------------------------------------------------------------------------------------------ closed


def test_closed_refuse_gives_the_next_opening() -> None:
    engine = build([queue(hours=OFFICE)], now=at(18))
    engine.add_contact(contact("call"), at(18))
    engine.add_contact(contact("chat", channel=Channel.CHAT), at(18))
    found = events(engine)
    assert [(e.kind, e.contact_id, e.data) for e in found] == [
        ("refused", "call", {"reason": "closed", "next_opening": at(9, day=1), "callback_possible": True}),
        ("refused", "chat", {"reason": "closed", "next_opening": at(9, day=1), "callback_possible": False}),
    ]
    assert engine.contacts == {}
    assert engine.queue_stats("q1", at(18))["open"] is False


def test_closed_callback_schedules_a_callback_at_the_next_opening() -> None:
    engine = build(
        [queue(hours=OFFICE, closed_behaviour=ClosedBehaviour.CALLBACK)],
        [agent_profile("a1")],
        now=at(12, day=4),
    )
    engine.add_contact(contact("call"), at(12.5, day=4))  # Friday lunch
    engine.add_contact(contact("chat", channel=Channel.CHAT), at(12.5, day=4))
    found = events(engine)
    assert [(e.kind, e.contact_id, e.data) for e in found] == [
        ("callback-scheduled", "call", {"at": at(13, day=4), "why": "closed"}),
        ("refused", "chat", {"reason": "closed", "next_opening": at(13, day=4), "callback_possible": False}),
    ]
    call = engine.contacts["call"]
    assert (call.state, call.callback) == (ContactState.SCHEDULED, True)
    engine.advance(at(13, day=4))
    assert pairs(events(engine)) == [("call", "a1")]


def test_closed_overflow_sends_to_the_closed_queue() -> None:
    engine = build(
        [
            queue("night", priority=2),
            queue("q1", hours=OFFICE, closed_behaviour=ClosedBehaviour.OVERFLOW, closed_queue="night"),
        ],
        now=at(20),
    )
    engine.add_contact(contact("c1", "q1", priority=1), at(20))
    found = events(engine)
    assert [(e.kind, e.queue_id, e.data) for e in found] == [
        ("overflowed", "q1", {"to": "night", "why": "closed"}),
        ("entered", "night", {"priority": 3}),
    ]
    assert [c.id for c in engine.waiting("night")] == ["c1"]
    assert (
        engine.queue_stats("q1", at(20))["overflowed"],
        engine.queue_stats("night", at(20))["entered"],
    ) == (1, 1)


def test_closed_overflow_follows_the_closed_queue_own_hours() -> None:
    engine = build(
        [
            queue("weekend", hours=OpeningHours("UTC", {5: ((0, 1440),), 6: ((0, 1440),)})),
            queue("q1", hours=OFFICE, closed_behaviour=ClosedBehaviour.OVERFLOW, closed_queue="weekend"),
        ],
        now=at(20),
    )
    engine.add_contact(contact("c1", "q1"), at(20))  # Monday evening: "weekend" is closed too, and refuses
    found = events(engine)
    assert [e.kind for e in found] == ["overflowed", "refused"]
    assert found[1].queue_id == "weekend"
    assert found[1].data["next_opening"] == at(0, day=5)


def test_closed_overflow_to_a_queue_without_the_channel_refuses() -> None:
    engine = build(
        [
            queue("phones", channels=(Channel.VOICE,), priority=3),
            queue("q1", hours=OFFICE, closed_behaviour=ClosedBehaviour.OVERFLOW, closed_queue="phones"),
        ],
        now=at(20),
    )
    engine.add_contact(contact("chat", "q1", channel=Channel.CHAT), at(20))
    found = events(engine)
    assert [(e.kind, e.queue_id, e.data["reason"]) for e in found] == [("refused", "q1", "closed")]


def test_closed_queue_takes_the_contact_to_wait_for_the_opening() -> None:
    engine = build(
        [queue(hours=OFFICE, closed_behaviour=ClosedBehaviour.QUEUE)],
        [agent_profile("a1")],
        ready=False,
        now=at(8),
    )
    engine.add_contact(contact("c1"), at(8))
    assert [e.kind for e in events(engine)] == ["entered"]
    assert engine.position("c1")[0] == 1
    engine.set_presence("a1", Presence.READY, at(9))
    assert pairs(events(engine)) == [("c1", "a1")]


# ------------------------------------------------------------------------------------------------ local days


def test_local_days_count_from_the_epoch_and_follow_the_zone() -> None:
    utc, saigon = LocalDays("UTC"), LocalDays("Asia/Ho_Chi_Minh")
    moment = datetime(2026, 11, 27, 16, 59, tzinfo=UTC).timestamp()  # 23:59 in Saigon
    assert utc.day(moment) == int(moment // 86_400)
    assert saigon.day(moment) == utc.day(moment)
    assert saigon.day(moment + 60) == utc.day(moment) + 1  # midnight in Saigon, 17:00 UTC
    assert saigon.midnight(moment + 60) == datetime(2026, 11, 28, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    assert saigon.day(moment) == utc.day(moment)  # going back asks again


def test_a_local_day_with_a_clock_change_is_23_or_25_hours_long() -> None:
    berlin = LocalDays("Europe/Berlin")
    spring = datetime(2026, 3, 29, 12, tzinfo=ZoneInfo("Europe/Berlin")).timestamp()
    day = berlin.day(spring)
    start = datetime(2026, 3, 29, tzinfo=ZoneInfo("Europe/Berlin")).timestamp()
    assert berlin.day(start) == day
    assert berlin.day(start - 1) == day - 1
    assert berlin.day(start + 23 * 3600 - 1) == day
    assert berlin.day(start + 23 * 3600) == day + 1


def test_today_in_the_statistics_is_the_centers_local_day() -> None:
    engine = build([queue()], [agent_profile("a1")], ready=False, timezone="Asia/Ho_Chi_Minh")
    evening = datetime(2026, 11, 27, 16, 0, tzinfo=UTC).timestamp()  # 23:00 in Saigon
    engine.add_contact(contact("c1"), evening)
    assert engine.queue_stats("q1", evening)["entered"] == 1
    assert engine.queue_stats("q1", evening + 30 * 60)["entered"] == 1  # 23:30, still the same day
    engine.add_contact(contact("c2"), evening + 3600)  # 00:00 in Saigon (17:00 UTC): a new day
    assert engine.queue_stats("q1", evening + 3600)["entered"] == 1
