// The desk API as the operator's page uses it (types from the generated OpenAPI schema).
import { call } from "../shared/api/client";
import type { components } from "../shared/api/schema";

type Schemas = components["schemas"];
export type DeskOut = Schemas["DeskOut"];
export type DeskItem = Schemas["DeskItem"];
export type Interaction = Schemas["InteractionOut"];
export type Moment = Schemas["MomentOut"];
export type CustomerCard = Schemas["CustomerCard"];
export type HistoryItem = Schemas["HistoryItem"];
export type EmailOut = Schemas["EmailOut"];
export type StepView = Schemas["StepViewOut"];
export type RunOut = Schemas["RunOut"];
export type QueueOut = Schemas["QueueOut"];
export type Presence = Schemas["StateIn"]["state"];
export type WrapUpIn = Schemas["WrapUpIn"];
export type EmailIn = Schemas["EmailIn"];
export type TransferIn = Schemas["TransferIn"];
export type TransferMode = NonNullable<TransferIn["mode"]>;

/** The routing contact on a desk item (a plain object in the schema): the parts the desk reads. */
export type ContactInfo = {
  id: string;
  channel?: string;
  queue_id?: string | null;
  state?: string;
  from?: string;
  subject?: string;
  request_type?: string | null;
  callback?: boolean;
  offer_expires?: string | null;
  wrap_until?: string | null;
  /** A consult or conference under way: the leg, its queue and mode, and who answered it. */
  transfer_to?: string | null;
  transfer_to_queue?: string | null;
  transfer_mode?: string | null;
  transfer_answered_by?: string | null;
  transfer_answered_name?: string | null;
};

export function contactOf(item: DeskItem): ContactInfo | null {
  return (item.contact as ContactInfo | null) ?? null;
}

/** A script step's typed field, as `StepView.field` carries it. */
export type FieldSpec = {
  name: string;
  type: string;
  label?: string | null;
  required?: boolean;
  min?: number | null;
  max?: number | null;
  choices?: string[];
};

/** An email step's rendered template, as `StepView.email` carries it. */
export type EmailTemplate = {
  template: string;
  subject: string;
  body: string;
  sender?: string | null;
  attachments?: string[];
  /** Placeholders without a value, left as `{{ name }}` in the text for the operator to fill. */
  missing?: string[];
};

const interaction = (id: string) => ({ path: { interaction_id: id } });
const contact = (id: string) => ({ path: { contact_id: id } });

export const deskApi = {
  desk: () => call("GET", "/api/desk"),
  queues: () => call("GET", "/api/queues"),
  setState: (state: Presence, reason?: string | null) =>
    call("PUT", "/api/agents/me/state", { body: { state, reason: reason ?? null } }),
  demoContact: () => call("POST", "/api/desk/demo-contact"),
  accept: (id: string) => call("POST", "/api/contacts/{contact_id}/accept", contact(id)),
  decline: (id: string) => call("POST", "/api/contacts/{contact_id}/decline", contact(id)),
  complete: (id: string) => call("POST", "/api/contacts/{contact_id}/complete", { ...contact(id), body: { reason: "" } }),
  transfer: (id: string, body: TransferIn) =>
    call("POST", "/api/contacts/{contact_id}/transfer", { ...contact(id), body }),
  handOver: (id: string) => call("POST", "/api/contacts/{contact_id}/transfer/hand-over", contact(id)),
  cancelTransfer: (id: string) => call("POST", "/api/contacts/{contact_id}/transfer/cancel", contact(id)),
  answer: (id: string, answer: string | null) =>
    call("POST", "/api/interactions/{interaction_id}/script/answer", { ...interaction(id), body: { answer } }),
  back: (id: string) => call("POST", "/api/interactions/{interaction_id}/script/back", interaction(id)),
  objection: (id: string, objection: string) =>
    call("POST", "/api/interactions/{interaction_id}/script/objection", { ...interaction(id), body: { objection } }),
  feedback: (id: string, said: string) =>
    call("POST", "/api/interactions/{interaction_id}/script/feedback", { ...interaction(id), body: { said } }),
  sendEmail: (id: string, body: EmailIn) =>
    call("POST", "/api/interactions/{interaction_id}/emails", { ...interaction(id), body }),
  retryEmail: (id: string, emailId: number) =>
    call("POST", "/api/interactions/{interaction_id}/emails/{email_id}/retry", {
      path: { interaction_id: id, email_id: emailId },
    }),
  hold: (id: string, confirm = false) =>
    call("POST", "/api/interactions/{interaction_id}/hold", { ...interaction(id), body: { confirm } }),
  resume: (id: string) => call("POST", "/api/interactions/{interaction_id}/resume", interaction(id)),
  notes: (id: string, notes: string) =>
    call("PUT", "/api/interactions/{interaction_id}/notes", { ...interaction(id), body: { notes } }),
  wrapUp: (id: string, body: WrapUpIn) =>
    call("POST", "/api/interactions/{interaction_id}/wrap-up", { ...interaction(id), body }),
  interaction: (id: string) => call("GET", "/api/interactions/{interaction_id}", interaction(id)),
  run: (id: string) => call("GET", "/api/runs/{run_id}", { path: { run_id: id } }),
};
