import { describe, expect, it } from "vitest";

import { agentState, routingEvent } from "../test/eventMessages";
import type { AgentOut, ContactOut, QueueStats } from "./api";
import { emptyLive, liveReducer, longestWait, namesUnknownAgent, parseMessage, sortedQueues, waitingContacts } from "./live";
import { eventsUrl, retryDelay } from "./useLive";

const stats = (queue_id: string, name: string, extra: Partial<QueueStats> = {}): QueueStats => ({
  queue_id, name, waiting: 0, longest_wait: 0, agents: {}, service_level: null,
  service_level_target: { fraction: 0.8, seconds: 20 }, average_speed_of_answer: null, entered: 0, answered: 0,
  abandoned: 0, refused: 0, overflowed: 0, completed: 0, handle_time: 180, open: true, ...extra,
});
const agent = (user_id: number, display_name: string, extra: Partial<AgentOut> = {}): AgentOut => ({
  user_id, username: display_name.toLowerCase(), display_name, role: "agent", state: "offline", reason: null,
  state_since: "2026-03-01T08:00:00Z", skills: {}, memberships: [], capacity: 100, used: 0, handled_today: 0, work: [], ...extra,
});
const contact = (id: string, queue_id: string, position: number): ContactOut => ({
  id, queue_id, position, channel: "voice", state: "waiting", priority: 0, from: "+84", subject: "", request_type: null,
  agent_id: null, arrived_at: "2026-03-01T08:00:00Z", answered_at: null, ended_at: null, callback: false, callback_at: null,
  attempts: 0,
});

const loaded = liveReducer(emptyLive, {
  type: "snapshot",
  stats: [stats("orders", "Orders", { waiting: 2, longest_wait: 30 }), stats("complaints", "Complaints")],
  agents: [agent(3, "Lan"), agent(2, "Alex")],
  at: 1_000,
});

describe("live state", () => {
  it("takes a snapshot: queues by id, agents by name", () => {
    expect(Object.keys(loaded.queues).sort()).toEqual(["complaints", "orders"]);
    expect(loaded.queues.orders.received).toBe(1_000);
    expect(loaded.agents.map((a) => a.display_name)).toEqual(["Alex", "Lan"]);
    expect(sortedQueues(loaded).map((q) => q.queue_id)).toEqual(["complaints", "orders"]);
  });

  it("replaces a queue's statistics from a queue-stats message", () => {
    const next = liveReducer(loaded, {
      type: "message",
      message: { type: "queue-stats", ...stats("orders", "Orders", { entered: 5, waiting: 1 }) },
      at: 2_000,
    });
    expect(next.queues.orders).toMatchObject({ entered: 5, waiting: 1, received: 2_000 });
    expect(next.queues.orders).not.toHaveProperty("type");
    expect(next.queues.complaints).toBe(loaded.queues.complaints);
  });

  it("adds a queue it did not know from a queue-stats message", () => {
    const next = liveReducer(loaded, { type: "message", message: { type: "queue-stats", ...stats("vip", "VIP") }, at: 5 });
    expect(Object.keys(next.queues)).toContain("vip");
  });

  it("moves an agent to a new state with its time, and learns the clock skew", () => {
    const at = "2026-03-01T09:00:00Z";
    const received = Date.parse(at) + 1500;
    const next = liveReducer(loaded, {
      type: "message",
      message: agentState(2, { state: "not-ready", reason: "break", at }),
      at: received,
    });
    expect(next.agents.find((a) => a.user_id === 2)).toMatchObject({ state: "not-ready", reason: "break", state_since: at });
    expect(next.agents.find((a) => a.user_id === 3)?.state).toBe("offline");
    expect(next.skew).toBe(1500);
  });

  it("notices agents it does not know", () => {
    const known = agentState(2, { state: "ready", at: "2026-03-01T09:00:00Z" });
    expect(namesUnknownAgent(loaded, known)).toBe(false);
    expect(namesUnknownAgent(loaded, { ...known, agent_id: 9 })).toBe(true);
    expect(liveReducer(loaded, { type: "message", message: { ...known, agent_id: 9 }, at: 0 }).agents).toHaveLength(2);
  });

  it("keeps state on routing events and pings", () => {
    const event = routingEvent("entered", { at: "2026-03-01T09:00:00Z" });
    const next = liveReducer(loaded, { type: "message", message: event, at: Date.parse(event.at) });
    expect(next.queues).toBe(loaded.queues);
    expect(next.agents).toBe(loaded.agents);
    expect(liveReducer(loaded, { type: "message", message: { type: "pong" }, at: 0 })).toBe(loaded);
  });

  it("replaces one agent after a state change by the supervisor", () => {
    const next = liveReducer(loaded, { type: "agent", agent: agent(3, "Lan", { state: "ready" }) });
    expect(next.agents.map((a) => [a.user_id, a.state])).toEqual([[2, "offline"], [3, "ready"]]);
  });

  it("lists waiting contacts queue by queue, by position; a new snapshot drops vanished queues", () => {
    let state = liveReducer(loaded, { type: "waiting", queueId: "orders", contacts: [contact("b", "orders", 2), contact("a", "orders", 1)] });
    state = liveReducer(state, { type: "waiting", queueId: "complaints", contacts: [contact("c", "complaints", 1)] });
    expect(waitingContacts(state).map((c) => c.id)).toEqual(["c", "a", "b"]);
    const later = liveReducer(state, { type: "snapshot", stats: [stats("orders", "Orders")], agents: [], at: 0 });
    expect(Object.keys(later.waiting)).toEqual(["orders"]);
  });

  it("ticks the longest wait from the moment the statistics arrived", () => {
    expect(longestWait(loaded.queues.orders, 1_000)).toBe(30);
    expect(longestWait(loaded.queues.orders, 6_000)).toBe(35);
    expect(longestWait(loaded.queues.complaints, 6_000)).toBe(0);
  });

  it("parses only typed JSON messages", () => {
    expect(parseMessage('{"type":"pong"}')).toEqual({ type: "pong" });
    expect(parseMessage("pong")).toBeNull();
    expect(parseMessage("[1,2]")).toBeNull();
    expect(parseMessage('{"kind":"x"}')).toBeNull();
  });
});

describe("the link", () => {
  it("backs off exponentially up to 30 s", () => {
    const middle = () => 0.5;
    expect([0, 1, 2, 3, 5, 10].map((n) => retryDelay(n, middle))).toEqual([1000, 2000, 4000, 8000, 30000, 30000]);
    expect(retryDelay(0, () => 0)).toBe(800);
    expect(retryDelay(0, () => 1)).toBe(1200);
  });

  it("uses ws or wss like the page", () => {
    expect(eventsUrl({ protocol: "http:", host: "localhost:8000" })).toBe("ws://localhost:8000/api/events");
    expect(eventsUrl({ protocol: "https:", host: "cc.example" })).toBe("wss://cc.example/api/events");
  });
});
