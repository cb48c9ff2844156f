import { describe, expect, it } from "vitest";

import { applySuggestion } from "./ScriptEditor";

const source = `nodes:
  intro:
    text: You must listen.
  pay:
    text: You must pay now.
`;

describe("applySuggestion", () => {
  it("replaces the flagged words in the step the warning is about, not an earlier one", () => {
    const fixed = applySuggestion(source, {
      severity: "warning", code: "etiquette-phrase", message: "", line: 4, step: "pay",
      suggestion: "In order for me to resolve your issue as quickly as possible, you can", matched: "You must",
    });
    expect(fixed).toContain("text: You must listen.");
    expect(fixed).toContain("text: In order for me to resolve your issue as quickly as possible, you can pay now.");
  });

  it("leaves the source alone when the words are gone", () => {
    expect(applySuggestion(source, { severity: "warning", code: "x", message: "", line: 1, step: null, suggestion: "Hi", matched: "Nope" })).toBe(source);
  });
});
