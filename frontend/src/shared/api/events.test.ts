import { describe, expect, it } from "vitest";

import { agentState, contactChanged, offer, offerWithdrawn, queueStats, routingEvent } from "../../test/eventMessages";
import { isEventType, parseEventMessage } from "./events";

describe("/api/events messages", () => {
  it("parses every message the server sends, as sent", () => {
    const messages = [
      { type: "hello", user_id: 3, contact: null },
      { type: "hello", user_id: null, contact: "c1" },
      { type: "pong" },
      agentState(3),
      routingEvent("entered"),
      offer(),
      offerWithdrawn("missed"),
      contactChanged("completed"),
      { type: "status", state: "waiting", position: 2, expected_wait: 40 },
      { type: "status", state: "completed" },
      queueStats(),
      { type: "queues-changed", queues: ["orders"] },
    ];
    for (const message of messages) expect(parseEventMessage(JSON.stringify(message))).toEqual(message);
  });

  it("ignores what is not a message: not JSON, not an object, no type, or a type this client does not know", () => {
    expect(parseEventMessage("pong")).toBeNull();
    expect(parseEventMessage("[1,2]")).toBeNull();
    expect(parseEventMessage("null")).toBeNull();
    expect(parseEventMessage('{"kind":"x"}')).toBeNull();
    expect(parseEventMessage('{"type":3}')).toBeNull();
    expect(parseEventMessage('{"type":"shout"}')).toBeNull();
    expect(parseEventMessage('{"type":"toString"}')).toBeNull();
  });

  it("knows each type by name", () => {
    expect(isEventType("queue-stats")).toBe(true);
    expect(isEventType("queue_stats")).toBe(false);
  });
});
