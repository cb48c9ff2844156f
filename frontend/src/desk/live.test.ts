import { describe, expect, it } from "vitest";

import { desk, item } from "./fixtures";
import { concernsMe, eventsUrl, expiredWrapUps, isOffer, newOffers, parseMessage, retryDelay } from "./live";

describe("live messages", () => {
  it("parses messages and ignores what is not one", () => {
    expect(parseMessage('{"type":"offer","contact":{"id":"c1"}}')).toEqual({ type: "offer", contact: { id: "c1" } });
    expect(parseMessage("pong")).toBeNull();
    expect(parseMessage('{"no":"type"}')).toBeNull();
  });

  it("reloads for this agent's offers, contacts and state, not for other agents or statistics", () => {
    expect(concernsMe({ type: "offer", contact: { id: "c1" } }, 3)).toBe(true);
    expect(concernsMe({ type: "offer-withdrawn", why: "missed", contact: { id: "c1" } }, 3)).toBe(true);
    expect(concernsMe({ type: "contact", event: "completed", contact: null }, 3)).toBe(true);
    expect(concernsMe({ type: "agent-state", agent_id: 3, state: "ready" }, 3)).toBe(true);
    expect(concernsMe({ type: "agent-state", agent_id: 4, state: "ready" }, 3)).toBe(false);
    expect(concernsMe({ type: "routing-event", kind: "entered", agent_id: null }, 3)).toBe(true);
    expect(concernsMe({ type: "routing-event", kind: "offered", agent_id: 9 }, 3)).toBe(false);
    expect(concernsMe({ type: "queue-stats" }, 3)).toBe(false);
    expect(concernsMe({ type: "pong" }, 3)).toBe(false);
  });

  it("backs off when reconnecting, up to 30 s", () => {
    expect(retryDelay(0, () => 0.5)).toBe(1000);
    expect(retryDelay(3, () => 0.5)).toBe(8000);
    expect(retryDelay(10, () => 0.5)).toBe(30_000);
    expect(retryDelay(0, () => 0)).toBe(800);
  });

  it("builds the events address for the page's scheme", () => {
    expect(eventsUrl({ protocol: "https:", host: "cc.example" })).toBe("wss://cc.example/api/events");
    expect(eventsUrl({ protocol: "http:", host: "127.0.0.1:8000" })).toBe("ws://127.0.0.1:8000/api/events");
  });
});

describe("reducing snapshots", () => {
  it("finds offers that are new since the last snapshot", () => {
    const offer = item({ id: "c2", phase: "offered" });
    expect(isOffer(offer)).toBe(true);
    expect(newOffers(null, desk([offer])).map((i) => i.interaction.id)).toEqual(["c2"]);
    expect(newOffers(desk([offer]), desk([offer]))).toEqual([]);
    expect(newOffers(desk([]), desk([item()]))).toEqual([]);
  });

  it("notices wrap-ups whose time ran out", () => {
    const wrapping = item({ id: "w1", phase: "wrap-up" });
    expect(expiredWrapUps(desk([wrapping]), desk([])).map((i) => i.interaction.id)).toEqual(["w1"]);
    expect(expiredWrapUps(desk([wrapping]), desk([wrapping]))).toEqual([]);
    expect(expiredWrapUps(desk([item()]), desk([]))).toEqual([]);
  });
});
