import { describe, expect, it } from "vitest";

import { typing } from "./keys";

describe("page shortcuts", () => {
  it("stay quiet while typing or in a dialog, and leave Enter to a focused button", () => {
    document.body.innerHTML = `<input id="i"><textarea id="t"></textarea><button id="b">x</button><div id="d"></div>
      <dialog open><button id="in-dialog">y</button></dialog>`;
    const by = (id: string) => document.getElementById(id);
    expect(typing(by("i"), "a")).toBe(true);
    expect(typing(by("t"), "1")).toBe(true);
    expect(typing(by("in-dialog"), "a")).toBe(true);
    expect(typing(by("b"), "a")).toBe(false);
    expect(typing(by("b"), "Enter")).toBe(true);
    expect(typing(by("d"), "Enter")).toBe(false);
    expect(typing(document.body, "a")).toBe(false);
    expect(typing(null, "a")).toBe(false);
  });
});
