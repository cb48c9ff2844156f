import { describe, expect, it } from "vitest";

import { agentState, contactChanged, offer, offerWithdrawn, queueStats, routingEvent } from "../test/eventMessages";
import { desk, item } from "./fixtures";
import { concernsMe, eventsUrl, expiredWrapUps, isOffer, newOffers, parseMessage, retryDelay } from "./live";

describe("live messages", () => {
  it("parses messages and ignores what is not one", () => {
    expect(parseMessage(JSON.stringify(offer()))).toEqual(offer());
    expect(parseMessage("pong")).toBeNull();
    expect(parseMessage('{"no":"type"}')).toBeNull();
    expect(parseMessage('{"type":"from-a-newer-server"}')).toBeNull();
  });

  it("reloads for this agent's offers, contacts and state, not for other agents or statistics", () => {
    expect(concernsMe(offer(), 3)).toBe(true);
    expect(concernsMe(offerWithdrawn("missed"), 3)).toBe(true);
    expect(concernsMe(contactChanged("completed"), 3)).toBe(true);
    expect(concernsMe(agentState(3), 3)).toBe(true);
    expect(concernsMe(agentState(4), 3)).toBe(false);
    expect(concernsMe(routingEvent("entered", { agent_id: null }), 3)).toBe(true);
    expect(concernsMe(routingEvent("accepted", { agent_id: 3 }), 3)).toBe(true);
    expect(concernsMe(routingEvent("offered", { agent_id: 9 }), 3)).toBe(false);
    expect(concernsMe(queueStats(), 3)).toBe(false);
    expect(concernsMe({ type: "queues-changed", queues: ["orders"] }, 3)).toBe(false);
    expect(concernsMe({ type: "status", state: "waiting", position: 1, expected_wait: 10 }, 3)).toBe(false);
    expect(concernsMe({ type: "hello", user_id: 3, contact: null }, 3)).toBe(false);
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
