// The scripts API as the designer uses it.
import { stringify } from "yaml";

import { call, href } from "../shared/api/client";
import type { components } from "../shared/api/schema";

export type ScriptSummary = components["schemas"]["ScriptSummary"];
export type ScriptOut = components["schemas"]["ScriptOut"];
export type Diagnostic = components["schemas"]["DiagnosticOut"];
export type Validation = components["schemas"]["ValidationOut"];
export type VersionOut = components["schemas"]["VersionOut"];
export type VersionSource = components["schemas"]["VersionSourceOut"];
export type Diff = components["schemas"]["DiffOut"];

const at = (slug: string) => ({ path: { slug } });
const numbered = (slug: string, number: number) => ({ path: { slug, number } });

export const scriptsApi = {
  list: () => call("GET", "/api/scripts"),
  get: (slug: string) => call("GET", "/api/scripts/{slug}", at(slug)),
  create: (source: string) => call("POST", "/api/scripts", { body: { source } }),
  save: (slug: string, source: string, revision: number) =>
    call("PUT", "/api/scripts/{slug}", { ...at(slug), body: { source, revision } }),
  remove: (slug: string) => call("DELETE", "/api/scripts/{slug}", at(slug)),
  validate: (source: string) => call("POST", "/api/scripts/validate", { body: { source } }),
  publish: (slug: string, note: string) => call("POST", "/api/scripts/{slug}/publish", { ...at(slug), body: { note } }),
  versions: (slug: string) => call("GET", "/api/scripts/{slug}/versions", at(slug)),
  version: (slug: string, number: number) => call("GET", "/api/scripts/{slug}/versions/{number}", numbered(slug, number)),
  diff: (slug: string, from?: number, to?: number) =>
    call("GET", "/api/scripts/{slug}/diff", { ...at(slug), query: { from: from || undefined, to: to || undefined } }),
  restore: (slug: string, number: number, publish: boolean) =>
    call("POST", "/api/scripts/{slug}/versions/{number}/restore", { ...numbered(slug, number), body: { note: "", publish } }),
  exportUrl: (slug: string, version?: number) =>
    href("/api/scripts/{slug}/export", { ...at(slug), query: { version: version || undefined } }),
};

/** The server's slug rule (parley.scripts.reader.SLUG). Browsers compile `pattern` with the `v` flag, where a
 * `-` inside a character class must be escaped: unescaped, Chromium drops the whole check. */
export const SLUG_PATTERN = "[a-z0-9][a-z0-9\\-]{0,79}";

export type ScriptLanguage = "en" | "vi";
export type ScriptDirection = "inbound" | "outbound";

/** A YAML scalar for a text typed by the author: plain when that reads back the same, quoted otherwise. */
function scalar(text: string): string {
  return stringify(text, { lineWidth: 0 }).trimEnd();
}

// The first steps of a new script, in the script's language: a greeting that names the company and the
// operator, for outbound calls the "can you talk now?" question, the closing question and a goodbye, so a
// new script passes the etiquette checks from its first moment.
const STARTERS: Record<ScriptLanguage, Record<ScriptDirection, string>> = {
  en: {
    inbound: `outcomes:
  done: {label: Done, success: true}
nodes:
  greet:
    text: "Thank you for calling {{ company }}, my name is {{ agent.name }}. How can I help you?"
    next: closing
  closing:
    text: Did I answer all your questions?
    next: bye
  bye:
    text: Thank you, goodbye!
    end: done
`,
    outbound: `outcomes:
  done: {label: Done, success: true}
  callback: {label: Call back later}
nodes:
  greet:
    text: "Good afternoon, {{ customer.first_name }}! My name is {{ agent.name }} from {{ company }}."
    next: can_talk
  can_talk:
    text: Is it convenient for you to talk now?
    options:
      - {answer: "Yes", next: closing}
      - {answer: "No", next: bye_later}
  closing:
    text: Did I answer all your questions?
    next: bye
  bye:
    text: Thank you, goodbye!
    end: done
  bye_later:
    text: Thank you, I will call you back later. Goodbye!
    end: callback
`,
  },
  vi: {
    inbound: `outcomes:
  done: {label: Hoàn thành, success: true}
nodes:
  greet:
    text: "Cảm ơn anh/chị đã gọi đến {{ company }}, em là {{ agent.name }}. Em có thể giúp gì cho anh/chị ạ?"
    next: closing
  closing:
    text: Em đã trả lời hết câu hỏi của anh/chị chưa ạ?
    next: bye
  bye:
    text: Cảm ơn anh/chị, chào anh/chị!
    end: done
`,
    outbound: `outcomes:
  done: {label: Hoàn thành, success: true}
  callback: {label: Gọi lại sau}
nodes:
  greet:
    text: "Chào anh/chị {{ customer.first_name }}! Em là {{ agent.name }} từ {{ company }}."
    next: can_talk
  can_talk:
    text: Anh/chị có tiện nói chuyện bây giờ không ạ?
    options:
      - {answer: "Có", next: closing}
      - {answer: "Không", next: bye_later}
  closing:
    text: Em đã trả lời hết câu hỏi của anh/chị chưa ạ?
    next: bye
  bye:
    text: Cảm ơn anh/chị, chào anh/chị!
    end: done
  bye_later:
    text: Cảm ơn anh/chị, em sẽ liên hệ lại vào lúc khác. Chào anh/chị!
    end: callback
`,
  },
};

/** A new script: its identity, then a start step already on the canvas, with the first steps linked. */
export function NEW_SCRIPT(slug: string, name: string, language: ScriptLanguage = "en", direction: ScriptDirection = "inbound"): string {
  return `slug: ${slug}
name: ${scalar(name)}
language: ${language}
direction: ${direction}
start: greet
${STARTERS[language][direction]}`;
}

export function withNewSlug(source: string, slug: string, name: string): string {
  return source
    .replace(/^slug:.*$/m, `slug: ${slug}`)
    .replace(/^name:.*$/m, `name: ${scalar(name)}`);
}
