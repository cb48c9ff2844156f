// The customers and interactions API as the customers area uses it (the interaction search is in reports/api.ts).
import { call } from "../shared/api/client";
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

export const FIELD_TYPES = ["text", "number", "date", "boolean"] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

const customer = (id: number) => ({ path: { customer_id: id } });
const field = (name: string) => ({ path: { name } });

export const customersApi = {
  search: (q: string, limit = 50) => call("GET", "/api/customers", { query: { q, limit } }),
  get: (id: number) => call("GET", "/api/customers/{customer_id}", customer(id)),
  create: (body: CustomerIn) => call("POST", "/api/customers", { body }),
  update: (id: number, body: CustomerIn) => call("PUT", "/api/customers/{customer_id}", { ...customer(id), body }),
  merge: (id: number, otherId: number) =>
    call("POST", "/api/customers/{customer_id}/merge", { ...customer(id), body: { other_id: otherId } }),
  fields: () => call("GET", "/api/customer-fields"),
  addField: (body: CustomerFieldIn) => call("POST", "/api/customer-fields", { body }),
  /** Replaces the label and the labels in the UI languages (name and type stay). */
  updateField: (name: string, body: CustomerFieldUpdate) =>
    call("PUT", "/api/customer-fields/{name}", { ...field(name), body }),
  deleteField: (name: string) => call("DELETE", "/api/customer-fields/{name}", field(name)),
};

export const interactionsApi = {
  get: (id: string) => call("GET", "/api/interactions/{interaction_id}", { path: { interaction_id: id } }),
  /** Supervisors: change a closed interaction's outcome or notes, with a reason (audited). */
  correct: (id: string, body: Schemas["CorrectionIn"]) =>
    call("POST", "/api/interactions/{interaction_id}/correction", { path: { interaction_id: id }, body }),
  /** For the agents' and queues' names (names.ts). */
  agents: () => call("GET", "/api/agents"),
  queues: () => call("GET", "/api/queues"),
};
