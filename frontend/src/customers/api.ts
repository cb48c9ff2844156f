// The customers and interactions API as the customers area (and the supervisor's Interactions tab) use it.
import { request } from "../shared/api/client";
import type { components } from "../shared/api/schema";

type Schemas = components["schemas"];
export type CustomerOut = Schemas["CustomerOut"];
export type CustomerCard = Schemas["CustomerCard"];
export type CustomerIn = Schemas["CustomerIn"];
export type HistoryItem = Schemas["HistoryItem"];
export type CustomerField = Schemas["CustomerFieldOut"];
export type CustomerFieldIn = Schemas["CustomerFieldIn"];
export type CustomerFieldUpdate = Schemas["CustomerFieldUpdate"];
export type Interaction = Schemas["InteractionOut"];
export type Moment = Schemas["MomentOut"];
export type Durations = Schemas["Durations"];
export type AgentOut = Schemas["AgentOut"];
export type QueueOut = Schemas["QueueOut"];

export const FIELD_TYPES = ["text", "number", "date", "boolean"] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

const customer = (id: number) => `/api/customers/${id}`;

export const customersApi = {
  search: (q: string, limit = 50) =>
    request<CustomerOut[]>("GET", `/api/customers?${new URLSearchParams({ q, limit: String(limit) }).toString()}`),
  get: (id: number) => request<CustomerCard>("GET", customer(id)),
  create: (body: CustomerIn) => request<CustomerOut>("POST", "/api/customers", body),
  update: (id: number, body: CustomerIn) => request<CustomerOut>("PUT", customer(id), body),
  merge: (id: number, otherId: number) => request<CustomerOut>("POST", `${customer(id)}/merge`, { other_id: otherId }),
  fields: () => request<CustomerField[]>("GET", "/api/customer-fields"),
  addField: (body: CustomerFieldIn) => request<CustomerField>("POST", "/api/customer-fields", body),
  /** Replaces the label and the labels in the UI languages (name and type stay). */
  updateField: (name: string, body: CustomerFieldUpdate) =>
    request<CustomerField>("PUT", `/api/customer-fields/${encodeURIComponent(name)}`, body),
  deleteField: (name: string) => request<void>("DELETE", `/api/customer-fields/${encodeURIComponent(name)}`),
};

export const interactionsApi = {
  get: (id: string) => request<Interaction>("GET", `/api/interactions/${encodeURIComponent(id)}`),
  /** `query` is a ready query string (see `interactionQuery`). */
  search: (query: string) => request<Interaction[]>("GET", `/api/interactions?${query}`),
  /** Supervisors: change a closed interaction's outcome or notes, with a reason (audited). */
  correct: (id: string, body: Schemas["CorrectionIn"]) =>
    request<Interaction>("POST", `/api/interactions/${encodeURIComponent(id)}/correction`, body),
  exportUrl: (query: string) => `/api/interactions/export.csv${query ? `?${query}` : ""}`,
  agents: () => request<AgentOut[]>("GET", "/api/agents"),
  queues: () => request<QueueOut[]>("GET", "/api/queues"),
};
