import { describe, expect, it } from "vitest";

import { addOption, addStep, connect, copyStep, deleteStep, duplicateStep, pasteStep, readStep, setOption, setStepValue } from "./edit";

const source = `# keep this comment
slug: demo
name: Demo
start: greet
outcomes:
  done: {label: Done, success: true}
nodes:
  greet:
    text: Hello   # and this one
    next: bye
  bye: {text: Bye, end: done}
`;

describe("structured edits", () => {
  it("adds a question with two answers and keeps comments", () => {
    const { source: next, id } = addStep(source, "question");
    expect(id).toBe("question1");
    expect(next).toContain("# keep this comment");
    expect(next).toContain("# and this one");
    expect(readStep(next, id)?.options.map((o) => o.answer)).toEqual(["Yes", "No"]);
  });

  it("links answers and steps like dragging an edge", () => {
    let next = addStep(source, "question").source;
    next = connect(next, "question1", "option-0", "bye");
    next = connect(next, "greet", null, "question1");
    expect(readStep(next, "question1")?.options[0].next).toBe("bye");
    expect(readStep(next, "greet")?.next).toBe("question1");
  });

  it("edits text, answers, and removes and duplicates steps", () => {
    let next = setStepValue(source, "greet", "text", "Good morning");
    next = setStepValue(next, "greet", "hint", "Smile");
    expect(readStep(next, "greet")).toMatchObject({ text: "Good morning", hint: "Smile" });
    next = addStep(next, "question").source;
    next = addOption(next, "question1", "Maybe");
    next = setOption(next, "question1", 2, { answer: "Perhaps", next: "bye" });
    expect(readStep(next, "question1")?.options[2]).toEqual({ answer: "Perhaps", next: "bye" });
    const copied = duplicateStep(next, "greet");
    expect(readStep(copied.source, copied.id)?.text).toBe("Good morning");
    expect(readStep(deleteStep(copied.source, "greet"), "greet")).toBeNull();
  });
});

describe("copy and paste between scripts", () => {
  it("pastes a copied step into another script under a free id", () => {
    expect(copyStep(source, "greet")).toBe(true);
    const other = "slug: other\nname: Other\nstart: greet\nnodes:\n  greet: {text: Hi, end: done}\n";
    const pasted = pasteStep(other);
    expect(pasted?.id).toBe("greet_1");
    expect(readStep(pasted!.source, "greet_1")?.text).toBe("Hello");
    expect(readStep(pasted!.source, "greet")?.text).toBe("Hi");
  });
});

describe("fields, outcomes and email templates", () => {
  it("adds, edits and removes entries, refusing bad names", async () => {
    const { addEntry, readEntries, removeEntry, setEntryValue } = await import("./edit");
    let next = addEntry(source, "fields", "order_number");
    next = setEntryValue(next, "fields", "order_number", "type", "number");
    next = setEntryValue(next, "fields", "order_number", "required", true);
    expect(readEntries(next, "fields").order_number).toEqual({ type: "number", label: "order_number", required: true });
    next = setEntryValue(next, "outcomes", "done", "success", undefined);
    expect(readEntries(next, "outcomes").done).toEqual({ label: "Done" });
    expect(() => addEntry(next, "outcomes", "Bad Name")).toThrow(/not a valid name/);
    expect(() => addEntry(next, "fields", "order_number")).toThrow(/exists/);
    expect(readEntries(removeEntry(next, "fields", "order_number"), "fields")).toEqual({});
  });
});

describe("branch rules", () => {
  it("adds a branch, edits its rules, keeps else last", async () => {
    const { addRule, setRule, removeRule } = await import("./edit");
    let { source: next } = addStep(source, "branch");
    next = setRule(next, "branch1", 0, { condition: "customer.orders_count > 0", next: "bye" });
    next = setRule(next, "branch1", 1, { condition: null, next: "greet" });
    next = addRule(next, "branch1");
    expect(readStep(next, "branch1")?.rules).toEqual([
      { condition: "customer.orders_count > 0", next: "bye" },
      { condition: "true", next: "" },
      { condition: null, next: "greet" },
    ]);
    expect(readStep(removeRule(next, "branch1", 1), "branch1")?.rules).toHaveLength(2);
  });
});
