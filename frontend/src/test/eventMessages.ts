// Messages of /api/events for tests, complete as the server sends them (typed from the generated schema).
import type {
  AgentStateMessage,
  ContactMessage,
  LiveContact,
  OfferMessage,
  OfferWithdrawnMessage,
  QueueStatsMessage,
  RoutingEventMessage,
} from "../shared/api/events";

const AT = "2026-03-01T09:00:00+00:00";

export function liveContact(overrides: Partial<LiveContact> = {}): LiveContact {
  return {
    id: "c1",
    channel: "voice",
    queue_id: "orders",
    state: "offered",
    priority: 0,
    from: "+84 90 123 4567",
    subject: "Order 1001",
    request_type: null,
    arrived_at: AT,
    in_line_since: AT,
    callback: false,
    attempts: 0,
    offer_expires: AT,
    wrap_until: null,
    transfer: null,
    transfer_to: null,
    transfer_mode: null,
    transfer_to_queue: null,
    transfer_answered_by: null,
    transfer_answered_name: null,
    ...overrides,
  };
}

export function agentState(agentId: number, overrides: Partial<AgentStateMessage> = {}): AgentStateMessage {
  return {
    type: "agent-state",
    kind: "agent-state",
    at: AT,
    contact_id: null,
    queue_id: null,
    agent_id: agentId,
    state: "ready",
    reason: null,
    ...overrides,
  };
}

export function routingEvent(
  kind: RoutingEventMessage["kind"],
  overrides: Partial<RoutingEventMessage> = {},
): RoutingEventMessage {
  return { type: "routing-event", kind, at: AT, contact_id: "c1", queue_id: "orders", agent_id: null, data: {}, ...overrides };
}

export function offer(contact: LiveContact = liveContact()): OfferMessage {
  return { type: "offer", why: "offered", contact, offer: 1, expires: Date.parse(AT) / 1000 + 20 };
}

export function offerWithdrawn(why: string, contact: OfferWithdrawnMessage["contact"] = { id: "c1" }): OfferWithdrawnMessage {
  return { type: "offer-withdrawn", why, contact };
}

export function contactChanged(event: ContactMessage["event"], contact: LiveContact | null = null): ContactMessage {
  return { type: "contact", event, contact };
}

export function queueStats(queueId = "orders", overrides: Partial<QueueStatsMessage> = {}): QueueStatsMessage {
  return {
    type: "queue-stats",
    queue_id: queueId,
    name: queueId,
    waiting: 0,
    longest_wait: 0,
    agents: {},
    service_level: null,
    service_level_target: { fraction: 0.8, seconds: 20 },
    average_speed_of_answer: null,
    entered: 0,
    answered: 0,
    abandoned: 0,
    refused: 0,
    overflowed: 0,
    completed: 0,
    handle_time: 180,
    open: true,
    ...overrides,
  };
}
