// The scripts API as the designer uses it.
import { request } from "../shared/api/client";
import type { components } from "../shared/api/schema";

export type ScriptSummary = components["schemas"]["ScriptSummary"];
export type ScriptOut = components["schemas"]["ScriptOut"];
export type Diagnostic = components["schemas"]["DiagnosticOut"];
export type Validation = components["schemas"]["ValidationOut"];
export type VersionOut = components["schemas"]["VersionOut"];
export type VersionSource = components["schemas"]["VersionSourceOut"];
export type Diff = components["schemas"]["DiffOut"];

const base = "/api/scripts";
const at = (slug: string) => `${base}/${encodeURIComponent(slug)}`;

export const scriptsApi = {
  list: () => request<ScriptSummary[]>("GET", base),
  get: (slug: string) => request<ScriptOut>("GET", at(slug)),
  create: (source: string) => request<ScriptOut>("POST", base, { source }),
  save: (slug: string, source: string, revision: number) =>
    request<ScriptOut>("PUT", at(slug), { source, revision }),
  remove: (slug: string) => request<void>("DELETE", at(slug)),
  validate: (source: string) => request<Validation>("POST", `${base}/validate`, { source }),
  publish: (slug: string, note: string) => request<VersionOut>("POST", `${at(slug)}/publish`, { note }),
  versions: (slug: string) => request<VersionOut[]>("GET", `${at(slug)}/versions`),
  version: (slug: string, number: number) => request<VersionSource>("GET", `${at(slug)}/versions/${number}`),
  diff: (slug: string, from?: number, to?: number) => {
    const params = new URLSearchParams();
    if (from) params.set("from", String(from));
    if (to) params.set("to", String(to));
    return request<Diff>("GET", `${at(slug)}/diff?${params.toString()}`);
  },
  restore: (slug: string, number: number, publish: boolean) =>
    request<{ draft_revision: number }>("POST", `${at(slug)}/versions/${number}/restore`, { note: "", publish }),
  exportUrl: (slug: string, version?: number) => `${at(slug)}/export${version ? `?version=${version}` : ""}`,
};

export const NEW_SCRIPT = (slug: string, name: string) => `slug: ${slug}
name: ${name}
language: en
direction: inbound
start: greet
outcomes:
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
`;

export function withNewSlug(source: string, slug: string, name: string): string {
  return source
    .replace(/^slug:.*$/m, `slug: ${slug}`)
    .replace(/^name:.*$/m, `name: ${name}`);
}
