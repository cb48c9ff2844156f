// Answers to script steps (pure): checking a typed field's value in the browser before the server checks it
// again, and the text the API expects for options and "other" answers.
import type { FieldSpec } from "./api";

export type Problem = { key: "required" | "number" | "min" | "max" | "date" | "email" | "phone" | "choice" | "boolean" | "minLength" | "maxLength"; vars?: Record<string, string> };
export type Checked = { ok: true; answer: string | null } | { ok: false; problem: Problem };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE_CHARS = /^[+\d\s().\-/]+$/;
const TRUE = ["yes", "true", "1", "có"];
const FALSE = ["no", "false", "0", "không"];

function bounded(value: number, field: FieldSpec, minKey: "min" | "minLength", maxKey: "max" | "maxLength"): Problem | null {
  if (field.min !== null && field.min !== undefined && value < field.min) return { key: minKey, vars: { n: String(field.min) } };
  if (field.max !== null && field.max !== undefined && value > field.max) return { key: maxKey, vars: { n: String(field.max) } };
  return null;
}

/** 2026-12-24, 24/12/2026 or 24.12.2026, and a day that exists. */
export function validDate(text: string): boolean {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const local = iso ? null : /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(text);
  if (!iso && !local) return false;
  const [year, month, day] = iso ? [iso[1], iso[2], iso[3]].map(Number) : [local![3], local![2], local![1]].map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Checks what the operator typed for a field; an empty optional answer is sent as null (it clears the field). */
export function checkAnswer(field: FieldSpec, raw: string): Checked {
  const text = raw.trim();
  if (!text) return field.required ? { ok: false, problem: { key: "required" } } : { ok: true, answer: null };
  let problem: Problem | null = null;
  switch (field.type) {
    case "number": {
      const value = Number(text.replace(",", "."));
      problem = Number.isFinite(value) ? bounded(value, field, "min", "max") : { key: "number" };
      break;
    }
    case "date":
      problem = validDate(text) ? null : { key: "date" };
      break;
    case "email":
      problem = EMAIL.test(text) ? null : { key: "email" };
      break;
    case "phone": {
      const digits = text.replace(/\D/g, "").length;
      problem = PHONE_CHARS.test(text) && digits >= 6 && digits <= 15 ? null : { key: "phone" };
      break;
    }
    case "choice": {
      const choices = field.choices ?? [];
      problem = choices.some((choice) => choice.toLowerCase() === text.toLowerCase())
        ? null
        : { key: "choice", vars: { choices: choices.join(", ") } };
      break;
    }
    case "boolean":
      problem = [...TRUE, ...FALSE].includes(text.toLowerCase()) ? null : { key: "boolean" };
      break;
    default:
      problem = bounded([...text].length, field, "minLength", "maxLength");
  }
  return problem ? { ok: false, problem } : { ok: true, answer: text };
}

/** A closed question's answer: the option, or `Option: the customer's words` for an "other" answer. */
export function optionAnswer(option: string, words?: string | null): string {
  const said = (words ?? "").trim();
  return said ? `${option}: ${said}` : option;
}

/** The option a digit key picks (1–9), or null. */
export function optionForKey(key: string, options: string[]): string | null {
  if (!/^[1-9]$/.test(key)) return null;
  return options[Number(key) - 1] ?? null;
}

/** Whether the server refused an option because it needs the customer's own words (an "other" answer). */
export function needsWords(refused: { code: string; params: Record<string, string | number> }): boolean {
  return refused.code === "invalid-answer" && refused.params.reason === "answer-needs-words";
}

/** The HTML input type for a field's type. */
export function inputType(type: string): string {
  return ({ date: "date", number: "number", email: "email", phone: "tel" } as Record<string, string>)[type] ?? "text";
}

/** Fields an answer captured or changed that went onto the customer card (for the "saved to the card" note). */
export function savedToCard(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  placed: Record<string, string> | undefined,
): string[] {
  return Object.keys(after).filter(
    (name) => after[name] !== null && after[name] !== before[name] && (placed?.[name] ?? "").startsWith("customer."),
  );
}
