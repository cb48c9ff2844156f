// The customer form's state and its translation to the API body (pure, tested).
import type { CustomerField, CustomerIn, CustomerOut } from "./api";
import { splitList } from "./format";

/** The consent flags the form asks about; other flags a customer has are kept as they are. */
export const CONSENTS = ["email_offers", "calls"] as const;
export type Consent = (typeof CONSENTS)[number];

export type CustomerDraft = {
  name: string;
  company: string;
  /** Separated by commas (or new lines). */
  phones: string;
  emails: string;
  tags: string;
  /** true / false, or undefined when never asked (then it is not sent). */
  consent: Record<string, boolean | undefined>;
  /** Custom fields as the inputs hold them: text, or a checkbox's true/false. */
  fields: Record<string, string | boolean>;
  /** Values of fields that have no definition (any more): kept, not shown. */
  extra: Record<string, unknown>;
};

export function emptyDraft(): CustomerDraft {
  return { name: "", company: "", phones: "", emails: "", tags: "", consent: {}, fields: {}, extra: {} };
}

export function draftOf(customer: CustomerOut, definitions: CustomerField[]): CustomerDraft {
  const known = new Set(definitions.map((definition) => definition.name));
  const fields: Record<string, string | boolean> = {};
  const extra: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(customer.fields ?? {})) {
    if (!known.has(name)) extra[name] = value;
    else if (typeof value === "boolean") fields[name] = value;
    else if (value !== null && value !== undefined) fields[name] = String(value);
  }
  return {
    name: customer.name,
    company: customer.company,
    phones: customer.phones.join(", "),
    emails: customer.emails.join(", "),
    tags: customer.tags.join(", "),
    consent: { ...customer.consent },
    fields,
    extra,
  };
}

export type DraftProblems = Record<string, "number" | "date">;

/** The body for POST/PUT /api/customers, or the custom fields whose values cannot be sent. PUT replaces
 * the whole card, so the body has every field (`Required`), with the values the form does not show (fields
 * without a definition, consents it does not ask about) as they were. */
export function toCustomerIn(
  draft: CustomerDraft,
  definitions: CustomerField[],
): { body: Required<CustomerIn>; problems: DraftProblems } {
  const problems: DraftProblems = {};
  const fields: Record<string, string | number | boolean | null> = {};
  for (const [name, value] of Object.entries(draft.extra)) {
    if (value === null || ["string", "number", "boolean"].includes(typeof value)) fields[name] = value as string | number | boolean | null;
  }
  for (const definition of definitions) {
    const value = draft.fields[definition.name];
    if (definition.type === "boolean") {
      if (typeof value === "boolean") fields[definition.name] = value;
      continue;
    }
    const text = typeof value === "string" ? value.trim() : "";
    if (!text) continue;
    if (definition.type === "number") {
      const number = Number(text.replace(",", "."));
      if (Number.isFinite(number)) fields[definition.name] = number;
      else problems[definition.name] = "number";
    } else if (definition.type === "date") {
      if (/^\d{4}-\d{2}-\d{2}$/.test(text)) fields[definition.name] = text;
      else problems[definition.name] = "date";
    } else {
      fields[definition.name] = text;
    }
  }
  const consent: Record<string, boolean> = {};
  for (const [name, value] of Object.entries(draft.consent)) if (typeof value === "boolean") consent[name] = value;
  return {
    body: {
      name: draft.name.trim(),
      company: draft.company.trim(),
      phones: splitList(draft.phones),
      emails: splitList(draft.emails),
      tags: splitList(draft.tags),
      consent,
      fields,
    },
    problems,
  };
}

/** Someone to call the customer by: the name, else the company, a phone, an email, or the number. */
export function displayName(customer: Pick<CustomerOut, "id" | "name" | "company" | "phones" | "emails">): string {
  return customer.name || customer.company || customer.phones[0] || customer.emails[0] || `#${customer.id}`;
}
