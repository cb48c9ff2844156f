// What went wrong, in the reader's language: every problem the server sends is worded here from its stable code
// and params (errors.{en,vi}.json, checked against the server's codes by tests/unit/platform/test_error_catalog.py),
// never from the server's English `detail`. An unknown code, or a text missing one of its values, falls back to
// the message of its HTTP status.
import { useMemo } from "react";

import { ApiError, type Problem, type ProblemParams } from "../api/client";
import { formatDateTime, formatNumber } from "../format";
import en from "./errors.en.json";
import { useI18n, type Lang } from "./index";
import vi from "./errors.vi.json";

type Texts = Record<string, string>;
type Catalog = {
  errors: Texts;
  status: Texts;
  validation: Texts;
  diagnostics: Texts;
  reasons: Texts;
  words: Texts;
  values: Record<string, Texts>;
};

const CATALOGS: Record<Lang, Catalog> = { en, vi };
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
type Section = "errors" | "validation" | "diagnostics" | "reasons" | "words";

/** A diagnostic of the designer, as the server sends it (the English `message` is for the command line). */
export type DiagnosticLike = { code: string; params?: ProblemParams | null; line?: number | null };

function shown(lang: Lang, name: string, raw: string | number): string {
  const named = CATALOGS[lang].values[name]?.[String(raw)];
  if (named) return named;
  if (typeof raw === "number") return formatNumber(raw, lang);
  return ISO_TIME.test(raw) ? formatDateTime(raw, lang) : raw;
}

/**
 * `template` with its {names} filled from `params`: a `reason` is itself a text of the `reasons` section (with the
 * same params), a value with a name in `values` is translated (a kind, a role, a channel), numbers and times are
 * written the reader's way. Null when a value is missing, so the caller can fall back.
 */
function fill(lang: Lang, template: string, params: ProblemParams): string | null {
  let complete = true;
  const text = template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const raw = params[name];
    if (raw === undefined || raw === "") {
      complete = false;
      return whole;
    }
    if (name === "reason") {
      const reason = CATALOGS[lang].reasons[String(raw)];
      const worded = reason === undefined ? null : fill(lang, reason, params);
      if (worded === null) complete = false;
      return worded ?? whole;
    }
    return shown(lang, name, raw);
  });
  return complete ? text : null;
}

/** The text of `code` in one section of the catalog, or null when it has none (or lacks a value). */
export function problemText(lang: Lang, section: Section, code: string, params: ProblemParams = {}): string | null {
  const template = CATALOGS[lang][section][code];
  return template === undefined ? null : fill(lang, template, params);
}

function statusText(lang: Lang, status: number): string {
  const texts = CATALOGS[lang].status;
  return texts[String(status)] ?? (status >= 500 ? texts["500"] : texts.default);
}

/** A designer diagnostic in the reader's language (the code itself if a newer server sent an unknown one). */
export function diagnosticMessage(lang: Lang, diagnostic: DiagnosticLike): string {
  return problemText(lang, "diagnostics", diagnostic.code, diagnostic.params ?? {}) ?? diagnostic.code;
}

function firstDiagnostic(lang: Lang, body: Record<string, unknown>): string | null {
  const list = body.diagnostics;
  if (!Array.isArray(list) || list.length === 0) return null;
  const first = list[0] as DiagnosticLike;
  if (typeof first?.code !== "string") return null;
  const text = diagnosticMessage(lang, first);
  const line = first.line ? problemText(lang, "words", "line", { line: first.line }) : null;
  return line ? `${line}: ${text}` : text;
}

/** What to tell the reader about anything a request (or the code around it) threw. */
export function errorMessage(lang: Lang, caught: unknown): string {
  if (!(caught instanceof ApiError)) return CATALOGS[lang].status.default;
  // "http-error" is what a problem without a code of its own gets: its status says more.
  const worded = caught.code === "http-error" ? null : problemText(lang, "errors", caught.code, caught.params);
  const text = worded ?? statusText(lang, caught.status);
  const first = firstDiagnostic(lang, caught.body);
  return first ? `${text} ${first}` : text;
}

function fieldText(lang: Lang, problem: Problem): string {
  return (
    problemText(lang, "validation", problem.code, problem.params) ??
    problemText(lang, "errors", problem.code, problem.params) ??
    CATALOGS[lang].validation.invalid
  );
}

/** Each field's problem, worded, by field name (`password`, `fields.size`); empty when none is about a field. */
export function fieldMessages(lang: Lang, caught: unknown): Record<string, string> {
  if (!(caught instanceof ApiError)) return {};
  return Object.fromEntries(Object.entries(caught.fields).map(([name, problem]) => [name, fieldText(lang, problem)]));
}

export type ErrorTexts = {
  /** The message for anything thrown. */
  errorText: (caught: unknown) => string;
  /** Field name -> message, for a form that shows each problem at its field. */
  fieldTexts: (caught: unknown) => Record<string, string>;
  /** A designer diagnostic's text. */
  diagnosticText: (diagnostic: DiagnosticLike) => string;
};

/** The error wordings bound to the interface's language. */
export function useErrors(): ErrorTexts {
  const { lang } = useI18n();
  return useMemo(
    () => ({
      errorText: (caught: unknown) => errorMessage(lang, caught),
      fieldTexts: (caught: unknown) => fieldMessages(lang, caught),
      diagnosticText: (diagnostic: DiagnosticLike) => diagnosticMessage(lang, diagnostic),
    }),
    [lang],
  );
}
