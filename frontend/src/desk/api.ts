// The desk API as the operator's page uses it (types from the generated OpenAPI schema).
import { request } from "../shared/api/client";
import type { components } from "../shared/api/schema";

type Schemas = components["schemas"];
export type DeskOut = Schemas["DeskOut"];
export type DeskItem = Schemas["DeskItem"];
export type Interaction = Schemas["InteractionOut"];
export type Moment = Schemas["MomentOut"];
export type CustomerCard = Schemas["CustomerCard"];
export type HistoryItem = Schemas["HistoryItem"];
export type EmailOut = Schemas["EmailOut"];
export type StepView = Schemas["StepView"];
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

const interaction = (id: string) => `/api/interactions/${encodeURIComponent(id)}`;
const contact = (id: string) => `/api/contacts/${encodeURIComponent(id)}`;

export const deskApi = {
  desk: () => request<DeskOut>("GET", "/api/desk"),
  queues: () => request<QueueOut[]>("GET", "/api/queues"),
  setState: (state: Presence, reason?: string | null) =>
    request<unknown>("PUT", "/api/agents/me/state", { state, reason: reason ?? null }),
  demoContact: () => request<unknown>("POST", "/api/desk/demo-contact"),
  accept: (id: string) => request<unknown>("POST", `${contact(id)}/accept`),
  decline: (id: string) => request<unknown>("POST", `${contact(id)}/decline`),
  complete: (id: string) => request<unknown>("POST", `${contact(id)}/complete`, {}),
  transfer: (id: string, body: TransferIn) => request<unknown>("POST", `${contact(id)}/transfer`, body),
  handOver: (id: string) => request<unknown>("POST", `${contact(id)}/transfer/hand-over`),
  cancelTransfer: (id: string) => request<unknown>("POST", `${contact(id)}/transfer/cancel`),
  answer: (id: string, answer: string | null) => request<DeskItem>("POST", `${interaction(id)}/script/answer`, { answer }),
  back: (id: string) => request<DeskItem>("POST", `${interaction(id)}/script/back`),
  objection: (id: string, objection: string) =>
    request<DeskItem>("POST", `${interaction(id)}/script/objection`, { objection }),
  feedback: (id: string, said: string) => request<unknown>("POST", `${interaction(id)}/script/feedback`, { said }),
  sendEmail: (id: string, body: EmailIn) => request<EmailOut>("POST", `${interaction(id)}/emails`, body),
  retryEmail: (id: string, emailId: number) =>
    request<EmailOut>("POST", `${interaction(id)}/emails/${emailId}/retry`),
  hold: (id: string, confirm = false) => request<Interaction>("POST", `${interaction(id)}/hold`, { confirm }),
  resume: (id: string) => request<Interaction>("POST", `${interaction(id)}/resume`),
  notes: (id: string, notes: string) => request<Interaction>("PUT", `${interaction(id)}/notes`, { notes }),
  wrapUp: (id: string, body: WrapUpIn) => request<Interaction>("POST", `${interaction(id)}/wrap-up`, body),
  interaction: (id: string) => request<Interaction>("GET", interaction(id)),
  run: (id: string) => request<RunOut>("GET", `/api/runs/${encodeURIComponent(id)}`),
};
