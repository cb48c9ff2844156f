// Structured edits of a script's text: the canvas and the inspector change the YAML document in place
// (comments and layout of untouched parts are kept); the server then validates the result as usual.
import { isMap, isScalar, isSeq, parseDocument, type Document, type YAMLMap, type YAMLSeq } from "yaml";

import type { MessageKey } from "../shared/i18n/en";

/** An edit that cannot be made, with the message key (and values) that say why in the author's language. */
export class EditRefused extends Error {
  constructor(
    readonly key: MessageKey,
    readonly vars: Record<string, string> = {},
  ) {
    super(key);
  }
}

export type StepKind = "statement" | "question" | "input" | "end" | "branch" | "email" | "transfer" | "subscript";
export type Rule = { condition: string | null; next: string };
export type Option = { answer: string; next: string; field?: string };
/** A sub-script step's `on` entry: where the run goes when the sub-script ends with `outcome`. */
export type OutcomeLink = { outcome: string; next: string };
export type StepShape = {
  id: string;
  text: string;
  hint: string;
  next: string;
  options: Option[];
  field: string;
  end: string;
  rules: Rule[];
  email: string;
  queue: string;
  mode: string;
  script: string;
  kb: string[];
  on: OutcomeLink[];
};

// Keep the author's layout: no re-folding of long lines, `{a: 1}` stays as written.
const FORMAT = { lineWidth: 0, flowCollectionPadding: false } as const;

function load(source: string): Document {
  const doc = parseDocument(source);
  if (doc.errors.length) throw new EditRefused("designer.cannotEdit");
  return doc;
}

// The order of the top-level keys in docs/script-format.md: a key the forms add goes where a reader expects it,
// not after the steps.
const TOP_ORDER = ["slug", "name", "language", "direction", "description", "tags", "start", "fields", "outcomes",
  "objections", "emails", "kb", "notes", "nodes"];

/** Set a top-level key; a new one is placed before the first key that comes after it in TOP_ORDER. */
function setTop(doc: Document, key: string, value: unknown): void {
  const map = doc.contents;
  if (doc.has(key) || !isMap(map)) {
    doc.set(key, value);
    return;
  }
  const rank = TOP_ORDER.indexOf(key);
  const at = map.items.findIndex((pair) => TOP_ORDER.indexOf(str(isScalar(pair.key) ? pair.key.value : pair.key)) > rank);
  const pair = doc.createPair(key, value);
  if (at < 0) map.items.push(pair);
  else map.items.splice(at, 0, pair);
}

function str(value: unknown): string {
  return value === undefined || value === null ? "" : String(value);
}

export function listOf(source: string, key: "fields" | "outcomes" | "nodes" | "emails" | "kb"): string[] {
  const node = parseDocument(source).get(key);
  return isMap(node) ? node.items.map((pair) => str((pair.key as { value?: unknown })?.value ?? pair.key)) : [];
}

export function readStep(source: string, id: string): StepShape | null {
  const step = parseDocument(source).getIn(["nodes", id]);
  if (!isMap(step)) return null;
  const options = step.get("options");
  return {
    id,
    text: str(step.get("text")),
    hint: str(step.get("hint")),
    next: str(step.get("next")),
    field: str(step.get("field")),
    end: str(step.get("end")),
    rules: ((): Rule[] => {
      const branch = step.get("branch");
      if (!isSeq(branch)) return [];
      return (branch as YAMLSeq).items.map((item) =>
        isMap(item) && item.has("else")
          ? { condition: null, next: str(item.get("else")) }
          : { condition: str(isMap(item) ? item.get("if") : ""), next: str(isMap(item) ? item.get("next") : "") },
      );
    })(),
    email: str(step.get("email")),
    queue: str(step.getIn(["transfer", "queue"])),
    mode: str(step.getIn(["transfer", "mode"])),
    script: str(step.get("script")),
    kb: ((): string[] => {
      const kb = step.get("kb");
      return isSeq(kb) ? (kb as YAMLSeq).items.map((item) => str(isScalar(item) ? item.value : item)) : [];
    })(),
    on: ((): OutcomeLink[] => {
      const on = step.get("on");
      return isMap(on) ? on.items.map((pair) => ({ outcome: str(isScalar(pair.key) ? pair.key.value : pair.key), next: str(isScalar(pair.value) ? pair.value.value : pair.value) })) : [];
    })(),
    options: isSeq(options)
      ? (options as YAMLSeq).items.map((item) => {
          const option: Option = {
            answer: str(isMap(item) ? item.get("answer") : ""),
            next: str(isMap(item) ? item.get("next") : ""),
          };
          const field = isMap(item) ? str(item.get("field")) : "";
          return field ? { ...option, field } : option;
        })
      : [],
  };
}

function freeId(doc: Document, base: string): string {
  let number = 1;
  while (doc.hasIn(["nodes", `${base}${number}`])) number += 1;
  return `${base}${number}`;
}

const TEMPLATES: Record<StepKind, (outcome: string) => Record<string, unknown>> = {
  statement: () => ({ text: "New statement", next: "" }),
  question: () => ({ text: "New question?", options: [{ answer: "Yes" }, { answer: "No" }] }),
  input: () => ({ text: "New open question", field: "", next: "" }),
  end: (outcome) => ({ text: "Thank you, goodbye!", end: outcome }),
  branch: () => ({ branch: [{ if: "true", next: "" }, { else: "" }] }),
  email: () => ({ text: "I am sending you the offer by email.", email: "", next: "" }),
  transfer: () => ({ text: "I am connecting you with our expert.", transfer: { queue: "experts", mode: "consult" }, next: "" }),
  subscript: () => ({ script: "", next: "" }),
};

/** Add a step of `kind`; returns the new text and the step's id. */
export function addStep(source: string, kind: StepKind): { source: string; id: string } {
  const doc = load(source);
  const id = freeId(doc, kind === "question" ? "question" : kind === "input" ? "ask" : kind);
  const outcome = listOf(source, "outcomes")[0] ?? "";
  const template = TEMPLATES[kind](outcome);
  if (kind === "input") {
    // An open question needs a field to capture into: the script's first, or a new text field.
    let field = listOf(source, "fields")[0];
    if (!field) {
      field = "answer";
      doc.setIn(["fields", field], doc.createNode({ type: "text", label: "Answer" }));
    }
    template.field = field;
  }
  if (kind === "email") template.email = Object.keys(readEntries(source, "emails"))[0] ?? "";
  for (const key of Object.keys(template)) if (template[key] === "") delete template[key];
  if (!doc.has("nodes")) doc.set("nodes", doc.createNode({}));
  doc.setIn(["nodes", id], doc.createNode(template));
  return { source: doc.toString(FORMAT), id };
}

export function setStepValue(source: string, id: string, key: "text" | "hint" | "next" | "field" | "end", value: string) {
  const doc = load(source);
  if (value === "") doc.deleteIn(["nodes", id, key]);
  else doc.setIn(["nodes", id, key], value);
  return doc.toString(FORMAT);
}

/** Where a closed question stores the chosen answer (a text or choice field; "" stores it nowhere). A new
 * `field` key goes before `options`, where docs/script-format.md shows it. */
export function setAnswerField(source: string, id: string, field: string): string {
  const doc = load(source);
  const step = doc.getIn(["nodes", id]);
  if (!isMap(step)) return source;
  if (field === "") step.delete("field");
  else if (step.has("field")) step.set("field", field);
  else {
    const at = step.items.findIndex((pair) => (isScalar(pair.key) ? pair.key.value : pair.key) === "options");
    const pair = doc.createPair("field", field);
    if (at < 0) step.items.push(pair);
    else step.items.splice(at, 0, pair);
  }
  return doc.toString(FORMAT);
}

export function setOption(source: string, id: string, index: number, option: Partial<Option>): string {
  const doc = load(source);
  for (const [key, value] of Object.entries(option)) {
    if (value === "") doc.deleteIn(["nodes", id, "options", index, key]);
    else doc.setIn(["nodes", id, "options", index, key], value);
  }
  return doc.toString(FORMAT);
}

export function addOption(source: string, id: string, answer: string): string {
  const doc = load(source);
  const options = doc.getIn(["nodes", id, "options"]);
  if (isSeq(options)) options.add(doc.createNode({ answer }));
  else doc.setIn(["nodes", id, "options"], doc.createNode([{ answer }]));
  return doc.toString(FORMAT);
}

export function removeOption(source: string, id: string, index: number): string {
  const doc = load(source);
  doc.deleteIn(["nodes", id, "options", index]);
  return doc.toString(FORMAT);
}

// Nodes of the canvas that are not steps. Step ids start with a letter, so these never clash with one.
export const OBJECTIONS_NODE = "@objections";
export const RETURN_NODE = "@return";
export const MISSING_NODE = "@missing:";

/** Link a step's exit (an answer, a rule, a sub-script outcome, its `next`) or an objection to another
 * step, or to the return of an objection handler: what dragging an edge on the canvas does. */
export function connect(source: string, from: string, handle: string | null, to: string): string {
  if (to.startsWith(MISSING_NODE)) return source;
  const target = to === RETURN_NODE ? "return" : to;
  const index = Number(handle?.slice(handle.lastIndexOf("-") + 1));
  if (from === OBJECTIONS_NODE) return handle?.startsWith("objection-") ? setObjection(source, index, { goto: target }) : source;
  if (handle?.startsWith("option-")) return setOption(source, from, index, { next: target });
  if (handle?.startsWith("rule-")) {
    const rule = readStep(source, from)?.rules[index];
    return rule ? setRule(source, from, index, { ...rule, next: target }) : source;
  }
  if (handle === "else") return setElse(source, from, target);
  if (handle?.startsWith("outcome-")) return setOutcomeTarget(source, from, index, target);
  return setStepValue(source, from, "next", target);
}

export function deleteStep(source: string, id: string): string {
  const doc = load(source);
  doc.deleteIn(["nodes", id]);
  return doc.toString(FORMAT);
}

export function duplicateStep(source: string, id: string): { source: string; id: string } {
  const doc = load(source);
  const original = doc.getIn(["nodes", id]) as YAMLMap | undefined;
  if (!isMap(original)) return { source, id };
  const copy = freeId(doc, `${id}_copy`);
  doc.setIn(["nodes", copy], doc.createNode(original.toJSON()));
  return { source: doc.toString(FORMAT), id: copy };
}

const CLIPBOARD = "parley.designer.clipboard";

/** Copy a step (its YAML content) to a clipboard shared by the author's scripts in this browser. */
export function copyStep(source: string, id: string): boolean {
  const step = parseDocument(source).getIn(["nodes", id]);
  if (!isMap(step)) return false;
  localStorage.setItem(CLIPBOARD, JSON.stringify({ id, step: step.toJSON() }));
  return true;
}

/** Paste the copied step under a free id (links to steps this script lacks show up as problems to fix). */
export function pasteStep(source: string): { source: string; id: string } | null {
  const copied = localStorage.getItem(CLIPBOARD);
  if (!copied) return null;
  const { id, step } = JSON.parse(copied) as { id: string; step: unknown };
  const doc = load(source);
  const base = /^[A-Za-z][A-Za-z0-9_-]*$/.test(id) ? id : "pasted";
  const fresh = doc.hasIn(["nodes", base]) ? freeId(doc, `${base}_`) : base;
  if (!doc.has("nodes")) doc.set("nodes", doc.createNode({}));
  doc.setIn(["nodes", fresh], doc.createNode(step));
  return { source: doc.toString(FORMAT), id: fresh };
}

export type Section = "fields" | "outcomes" | "emails" | "kb";

/** One entry of fields / outcomes / emails as plain values (for the settings forms). */
export function readEntries(source: string, section: Section): Record<string, Record<string, unknown>> {
  const node = parseDocument(source).get(section);
  return isMap(node) ? (node.toJSON() as Record<string, Record<string, unknown>>) : {};
}

export function setEntryValue(source: string, section: Section, name: string, key: string, value: unknown): string {
  const doc = load(source);
  if (value === "" || value === undefined || value === null || (Array.isArray(value) && value.length === 0)) {
    doc.deleteIn([section, name, key]);
  } else {
    doc.setIn([section, name, key], doc.createNode(value));
  }
  return doc.toString(FORMAT);
}

export function addEntry(source: string, section: Section, name: string): string {
  const doc = load(source);
  if (!/^[a-z][a-z0-9_-]{0,63}$/.test(name)) throw new EditRefused("designer.edit.badName", { name });
  if (doc.hasIn([section, name])) throw new EditRefused("designer.edit.exists", { name });
  const initial: Record<Section, Record<string, unknown>> = {
    fields: { type: "text", label: name },
    outcomes: { label: name },
    emails: { subject: "Subject", body: "Hello {{ customer.first_name }}," },
    kb: { title: name, body: "…" },
  };
  if (!doc.has(section)) setTop(doc, section, doc.createNode({}));
  doc.setIn([section, name], doc.createNode(initial[section]));
  return doc.toString(FORMAT);
}

export function removeEntry(source: string, section: Section, name: string): string {
  const doc = load(source);
  doc.deleteIn([section, name]);
  return doc.toString(FORMAT);
}

/** Sticky notes of the authors: `notes: [{text, step}]`. */
export function addNote(source: string, step: string | null): { source: string; id: string } {
  const doc = load(source);
  const notes = doc.get("notes");
  const note = doc.createNode(step ? { text: "Note", step } : { text: "Note" });
  let index = 0;
  if (isSeq(notes)) {
    index = notes.items.length;
    notes.add(note);
  } else {
    setTop(doc, "notes", doc.createNode([]));
    (doc.get("notes") as YAMLSeq).add(note);
  }
  return { source: doc.toString(FORMAT), id: `note-${index}` };
}

export function readNote(source: string, index: number): string | null {
  const text = parseDocument(source).getIn(["notes", index, "text"]);
  return text === undefined ? null : str(text);
}

export function setNoteText(source: string, index: number, text: string): string {
  const doc = load(source);
  doc.setIn(["notes", index, "text"], text);
  return doc.toString(FORMAT);
}

export function deleteNote(source: string, index: number): string {
  const doc = load(source);
  doc.deleteIn(["notes", index]);
  const notes = doc.get("notes");
  if (isSeq(notes) && notes.items.length === 0) doc.delete("notes");
  return doc.toString(FORMAT);
}

export function setRule(source: string, id: string, index: number, rule: Rule): string {
  const doc = load(source);
  doc.setIn(["nodes", id, "branch", index], doc.createNode(rule.condition === null ? { else: rule.next } : { if: rule.condition, next: rule.next }));
  return doc.toString(FORMAT);
}

export function addRule(source: string, id: string): string {
  const doc = load(source);
  const branch = doc.getIn(["nodes", id, "branch"]);
  const rule = doc.createNode({ if: "true" });
  if (isSeq(branch)) {
    const elseAt = branch.items.findIndex((item) => isMap(item) && item.has("else"));
    branch.items.splice(elseAt < 0 ? branch.items.length : elseAt, 0, rule);
  } else {
    doc.setIn(["nodes", id, "branch"], doc.createNode([{ if: "true" }]));
  }
  return doc.toString(FORMAT);
}

export function removeRule(source: string, id: string, index: number): string {
  const doc = load(source);
  doc.deleteIn(["nodes", id, "branch", index]);
  return doc.toString(FORMAT);
}

export function setTransfer(source: string, id: string, key: "queue" | "mode", value: string): string {
  const doc = load(source);
  doc.setIn(["nodes", id, "transfer", key], value);
  return doc.toString(FORMAT);
}

export function setStepKey(source: string, id: string, key: "email" | "script", value: string): string {
  const doc = load(source);
  if (value === "") doc.deleteIn(["nodes", id, key]);
  else doc.setIn(["nodes", id, key], value);
  return doc.toString(FORMAT);
}

/** The `else` rule of a branch: set its target, adding the rule (last) when the branch has none. */
export function setElse(source: string, id: string, target: string): string {
  const doc = load(source);
  const branch = doc.getIn(["nodes", id, "branch"]);
  const rule = doc.createNode({ else: target });
  if (!isSeq(branch)) {
    doc.setIn(["nodes", id, "branch"], doc.createNode([{ else: target }]));
    return doc.toString(FORMAT);
  }
  const at = branch.items.findIndex((item) => isMap(item) && item.has("else"));
  if (at < 0) branch.items.push(rule);
  else branch.items[at] = rule;
  return doc.toString(FORMAT);
}

/** A sub-script step's `on` mapping: sub-script outcome -> step. */
export function setOutcomeTarget(source: string, id: string, index: number, target: string): string {
  const doc = load(source);
  const on = doc.getIn(["nodes", id, "on"]);
  if (!isMap(on) || !on.items[index]) return source;
  on.items[index].value = doc.createNode(target);
  return doc.toString(FORMAT);
}

export function addOutcomeLink(source: string, id: string, outcome: string, target: string): string {
  const doc = load(source);
  if (!/^[a-z][a-z0-9_-]{0,63}$/.test(outcome)) throw new EditRefused("designer.edit.badName", { name: outcome });
  if (doc.hasIn(["nodes", id, "on", outcome])) throw new EditRefused("designer.edit.mapped", { name: outcome });
  if (!isMap(doc.getIn(["nodes", id, "on"]))) doc.setIn(["nodes", id, "on"], doc.createNode({}));
  doc.setIn(["nodes", id, "on", outcome], target);
  return doc.toString(FORMAT);
}

export function removeOutcomeLink(source: string, id: string, index: number): string {
  const doc = load(source);
  const on = doc.getIn(["nodes", id, "on"]);
  if (!isMap(on)) return source;
  on.items.splice(index, 1);
  if (on.items.length === 0) doc.deleteIn(["nodes", id, "on"]);
  return doc.toString(FORMAT);
}

/** The knowledge-base articles a step shows the operator (`kb: [ids]`); an empty list removes the key. */
export function setStepKb(source: string, id: string, articles: string[]): string {
  const doc = load(source);
  if (articles.length === 0) doc.deleteIn(["nodes", id, "kb"]);
  else doc.setIn(["nodes", id, "kb"], doc.createNode(articles, { flow: true }));
  return doc.toString(FORMAT);
}

// ---------------------------------------------------------------------------------- the script itself

export type ScriptKey = "name" | "description" | "language" | "direction" | "start";
export type ScriptShape = Record<ScriptKey, string> & { tags: string[] };

export function readScript(source: string): ScriptShape {
  const doc = parseDocument(source);
  const tags = doc.get("tags");
  return {
    name: str(doc.get("name")),
    description: str(doc.get("description")),
    language: str(doc.get("language")),
    direction: str(doc.get("direction")),
    start: str(doc.get("start")),
    tags: isSeq(tags) ? (tags as YAMLSeq).items.map((item) => str(isScalar(item) ? item.value : item)) : [],
  };
}

/** A top-level key of the script; an empty description is removed (the others are kept as typed). */
export function setScriptValue(source: string, key: ScriptKey, value: string): string {
  const doc = load(source);
  if (value === "" && key === "description") doc.delete(key);
  else setTop(doc, key, value);
  return doc.toString(FORMAT);
}

export function setTags(source: string, tags: string[]): string {
  const doc = load(source);
  if (tags.length === 0) doc.delete("tags");
  else setTop(doc, "tags", doc.createNode(tags, { flow: true }));
  return doc.toString(FORMAT);
}

// ---------------------------------------------------------------------------------- objections

export type Objection = { label: string; goto: string };

export function readObjections(source: string): Objection[] {
  const objections = parseDocument(source).get("objections");
  if (!isSeq(objections)) return [];
  return (objections as YAMLSeq).items.map((item) => ({
    label: str(isMap(item) ? item.get("label") : ""),
    goto: str(isMap(item) ? item.get("goto") : ""),
  }));
}

export function addObjection(source: string, label: string): string {
  const doc = load(source);
  const objections = doc.get("objections");
  const objection = doc.createNode({ label }, { flow: true });
  if (isSeq(objections)) objections.add(objection);
  else setTop(doc, "objections", doc.createNode([objection]));
  return doc.toString(FORMAT);
}

export function setObjection(source: string, index: number, change: Partial<Objection>): string {
  const doc = load(source);
  if (!doc.hasIn(["objections", index])) return source;
  for (const [key, value] of Object.entries(change)) doc.setIn(["objections", index, key], value);
  return doc.toString(FORMAT);
}

export function removeObjection(source: string, index: number): string {
  const doc = load(source);
  doc.deleteIn(["objections", index]);
  const objections = doc.get("objections");
  if (isSeq(objections) && objections.items.length === 0) doc.delete("objections");
  return doc.toString(FORMAT);
}
