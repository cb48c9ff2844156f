import { describe, expect, it } from "vitest";

import { checkAnswer, inputType, needsWords, optionAnswer, optionForKey, savedToCard, validDate } from "./answers";

const field = (type: string, extra: object = {}) => ({ name: "f", type, ...extra });

describe("checking a typed answer", () => {
  it("sends an empty optional answer as null and refuses an empty required one", () => {
    expect(checkAnswer(field("text"), "  ")).toEqual({ ok: true, answer: null });
    expect(checkAnswer(field("text", { required: true }), "")).toEqual({ ok: false, problem: { key: "required" } });
  });

  it("checks numbers with their bounds, with a comma as decimal mark", () => {
    expect(checkAnswer(field("number"), "4,5")).toEqual({ ok: true, answer: "4,5" });
    expect(checkAnswer(field("number"), "four")).toMatchObject({ ok: false, problem: { key: "number" } });
    expect(checkAnswer(field("number", { min: 1, max: 5 }), "7")).toEqual({ ok: false, problem: { key: "max", vars: { n: "5" } } });
    expect(checkAnswer(field("number", { min: 1, max: 5 }), "0")).toMatchObject({ ok: false, problem: { key: "min" } });
  });

  it("checks dates in the forms the server accepts", () => {
    expect(validDate("2026-12-24")).toBe(true);
    expect(validDate("24/12/2026")).toBe(true);
    expect(validDate("24.12.2026")).toBe(true);
    expect(validDate("2026-02-30")).toBe(false);
    expect(checkAnswer(field("date"), "tomorrow")).toMatchObject({ ok: false, problem: { key: "date" } });
  });

  it("checks emails, phones, choices, yes/no and text length", () => {
    expect(checkAnswer(field("email"), "an@example.com")).toEqual({ ok: true, answer: "an@example.com" });
    expect(checkAnswer(field("email"), "nope")).toMatchObject({ ok: false, problem: { key: "email" } });
    expect(checkAnswer(field("phone"), "+84 (90) 123-4567")).toMatchObject({ ok: true });
    expect(checkAnswer(field("phone"), "12")).toMatchObject({ ok: false, problem: { key: "phone" } });
    expect(checkAnswer(field("choice", { choices: ["Red", "Blue"] }), "blue")).toMatchObject({ ok: true });
    expect(checkAnswer(field("choice", { choices: ["Red", "Blue"] }), "green")).toEqual({
      ok: false, problem: { key: "choice", vars: { choices: "Red, Blue" } },
    });
    expect(checkAnswer(field("boolean"), "yes")).toMatchObject({ ok: true });
    expect(checkAnswer(field("boolean"), "maybe")).toMatchObject({ ok: false, problem: { key: "boolean" } });
    expect(checkAnswer(field("text", { max: 3 }), "abcd")).toMatchObject({ ok: false, problem: { key: "maxLength" } });
    expect(checkAnswer(field("text", { min: 2 }), "a")).toMatchObject({ ok: false, problem: { key: "minLength" } });
  });
});

describe("building answer payloads", () => {
  it("answers an option, or an 'other' option with the customer's words", () => {
    expect(optionAnswer("Yes")).toBe("Yes");
    expect(optionAnswer("Other", "  call me at six ")).toBe("Other: call me at six");
    expect(optionAnswer("Other", "")).toBe("Other");
  });

  it("maps digit keys to options", () => {
    expect(optionForKey("1", ["Yes", "No"])).toBe("Yes");
    expect(optionForKey("2", ["Yes", "No"])).toBe("No");
    expect(optionForKey("3", ["Yes", "No"])).toBeNull();
    expect(optionForKey("0", ["Yes"])).toBeNull();
    expect(optionForKey("a", ["Yes"])).toBeNull();
  });

  it("recognises the server asking for the customer's words", () => {
    expect(needsWords({ code: "invalid-answer", params: { reason: "answer-needs-words", answer: "Other" } })).toBe(true);
    expect(needsWords({ code: "invalid-answer", params: { reason: "answer-not-an-option", value: "x", choices: "Yes" } })).toBe(false);
    expect(needsWords({ code: "run-finished", params: {} })).toBe(false);
  });

  it("names the fields an answer put on the customer card", () => {
    const placed = { email: "customer.email", delivery_date: "interaction" };
    expect(savedToCard({}, { email: "an@example.com", delivery_date: "2026-12-01" }, placed)).toEqual(["email"]);
    expect(savedToCard({ email: "an@example.com" }, { email: "an@example.com" }, placed)).toEqual([]);
    expect(savedToCard({}, { email: "a@b.c" }, undefined)).toEqual([]);
  });

  it("picks an input type per field type", () => {
    expect(inputType("date")).toBe("date");
    expect(inputType("phone")).toBe("tel");
    expect(inputType("text")).toBe("text");
  });
});
