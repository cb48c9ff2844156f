// Sample desk data for the tests (shaped like GET /api/desk answers).
import type { DeskItem, DeskOut, StepView } from "./api";

export const T0 = Date.parse("2026-11-27T12:00:00Z");
export const iso = (secondsAfter: number) => new Date(T0 + secondsAfter * 1000).toISOString();

export function view(extra: Partial<StepView> = {}): StepView {
  const text = extra.text ?? "Good afternoon! My name is Alex Agent, I am calling from Parley Demo Store about your order.";
  return {
    slug: "confirm-paid-order", step: "greet", kind: "question", text, parts: text ? [{ text }] : [],
    hint: "Smile while you speak; it can be heard.", options: ["Yes", "Wrong person"], open_options: [], field: null, email: null,
    transfer: null, kb: [], objections: ["Why are you calling me?"], can_go_back: false, finished: false, outcome: null,
    outcome_label: null, success: null, fields: {}, labels: {}, ...extra,
  };
}

export function item(extra: { phase?: string; contact?: Record<string, unknown> | null; view?: Partial<StepView>; id?: string } = {}): DeskItem {
  const id = extra.id ?? "i1";
  const phase = extra.phase ?? "talking";
  return {
    interaction: {
      id, channel: "voice", direction: "inbound", queue_id: "orders", request_type: null, subject: "Order 1001",
      from: "+84 90 123 4567", customer_id: 1, agent_id: 3, run_id: "r1", outcome: null, notes: "", phase, holds: 0, hold_needs_confirmation: false,
      received_at: iso(0), answered_at: phase === "offered" ? null : iso(5), ended_at: null, closed_at: null,
      durations: { wait: 65, talk: 10, hold: 0, wrap_up: null, total: 75 },
      timeline: [{ at: iso(0), kind: "received", data: {} }],
    } as DeskItem["interaction"],
    contact: extra.contact === undefined ? { id, state: phase === "offered" ? "offered" : "connected", from: "+84 90 123 4567", subject: "Order 1001", queue_id: "orders", channel: "voice", offer_expires: phase === "offered" ? iso(95) : null, wrap_until: null } : extra.contact,
    customer: {
      id: 1, name: "Nguyễn Văn An", company: "", phones: ["+84901234567"], emails: ["an@example.com"], fields: { orders_count: 2 },
      tags: ["vip"], consent: {}, created_at: iso(-1000), updated_at: iso(-1000), returning: true, interactions_count: 2,
      history: [
        { id, channel: "voice", direction: "inbound", queue_id: "orders", subject: "Order 1001", outcome: null, phase, received_at: iso(0), agent_id: 3 },
        { id: "old", channel: "voice", direction: "inbound", queue_id: "orders", subject: "Order 990", outcome: "confirmed", phase: "closed", received_at: iso(-86400), agent_id: 3 },
      ],
    },
    run: phase === "offered" ? null : { id: "r1", script: "confirm-paid-order", version: 1, started_at: iso(5), finished_at: null, view: view(extra.view), transcript: [] },
    emails: [],
    placed: {},
  };
}

export function desk(items: DeskItem[], extra: Partial<DeskOut> = {}): DeskOut {
  return { server_time: T0 / 1000, state: "busy", reason: null, state_since: T0 / 1000, items, demo_contacts: false, ...extra };
}
