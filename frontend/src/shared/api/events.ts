// The messages of /api/events, typed from the OpenAPI document (routing/ws_schemas.py): one union told apart
// by `type`, and the one parser the desk and the supervisor's board share.
import type { components } from "./schema";

type Schemas = components["schemas"];
export type EventMessage = Schemas["EventMessage"];
export type EventMessageType = EventMessage["type"];
export type HelloMessage = Schemas["HelloMessage"];
export type PongMessage = Schemas["PongMessage"];
export type AgentStateMessage = Schemas["AgentStateMessage"];
export type RoutingEventMessage = Schemas["RoutingEventMessage"];
export type OfferMessage = Schemas["OfferMessage"];
export type OfferWithdrawnMessage = Schemas["OfferWithdrawnMessage"];
export type ContactMessage = Schemas["ContactMessage"];
export type StatusMessage = Schemas["StatusMessage"];
export type QueueStatsMessage = Schemas["QueueStatsMessage"];
export type QueuesChangedMessage = Schemas["QueuesChangedMessage"];
export type LiveContact = Schemas["LiveContact"];

/** Every type the server sends: naming them in a record makes a new one a compile error until it is added. */
const EVENT_TYPES: Record<EventMessageType, true> = {
  hello: true,
  pong: true,
  "agent-state": true,
  "routing-event": true,
  offer: true,
  "offer-withdrawn": true,
  contact: true,
  status: true,
  "queue-stats": true,
  "queues-changed": true,
};

export function isEventType(type: string): type is EventMessageType {
  return Object.prototype.hasOwnProperty.call(EVENT_TYPES, type);
}

/**
 * A message from /api/events, or null for anything that is not one (not JSON, no `type`, or a type this
 * client does not know: a newer server's, which it ignores). The server is trusted for the rest of the shape.
 */
export function parseEventMessage(text: string): EventMessage | null {
  try {
    const data: unknown = JSON.parse(text);
    if (data && typeof data === "object" && !Array.isArray(data)) {
      const type = (data as { type?: unknown }).type;
      if (typeof type === "string" && isEventType(type)) return data as EventMessage;
    }
  } catch {
    // not JSON: ignored
  }
  return null;
}
