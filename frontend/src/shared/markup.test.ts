import { describe, expect, it } from "vitest";

import { insertLink, isLinkAddress, toggleList, wrap } from "./markup";

describe("markup edits", () => {
  it("wraps the selection in bold, keeping spaces outside, and unwraps it again", () => {
    const text = "Get 15% off now";
    const bold = wrap(text, 3, 12, "**", "bold text"); // "15% off " with its trailing space
    expect(bold.text).toBe("Get **15% off** now");
    expect(bold.text.slice(bold.start, bold.end)).toBe("15% off");
    const plain = wrap(bold.text, bold.start, bold.end, "**", "bold text");
    expect(plain.text).toBe(text);
  });

  it("makes bold text italic too, and takes either off alone", () => {
    const both = wrap("**An**", 2, 4, "*", "italic text");
    expect(both.text).toBe("***An***");
    expect(wrap(both.text, both.start, both.end, "**", "bold text").text).toBe("*An*");
    expect(wrap(both.text, both.start, both.end, "*", "italic text").text).toBe("**An**");
  });

  it("puts a word to type over when nothing is selected", () => {
    const italic = wrap("Hello ", 6, 6, "*", "italic text");
    expect(italic.text).toBe("Hello *italic text*");
    expect(italic.text.slice(italic.start, italic.end)).toBe("italic text");
  });

  it("makes the selected lines a bulleted or numbered list, and plain again", () => {
    const text = "Intro\nfitting\n  in store\n\nBye";
    const start = text.indexOf("fitting");
    const end = text.indexOf("store") + 2;
    const bullets = toggleList(text, start, end, false);
    expect(bullets.text).toBe("Intro\n- fitting\n  - in store\n\nBye");
    const numbers = toggleList(bullets.text, bullets.start, bullets.end, true);
    expect(numbers.text).toBe("Intro\n1. fitting\n  2. in store\n\nBye");
    const plain = toggleList(numbers.text, numbers.start, numbers.end, true);
    expect(plain.text).toBe(text);
  });

  it("lists the caret's line when nothing is selected", () => {
    expect(toggleList("one\ntwo", 5, 5, false).text).toBe("one\n- two");
  });

  it("accepts only addresses the email keeps as links", () => {
    expect(isLinkAddress("https://shop.example/stores")).toBe(true);
    expect(isLinkAddress("mailto:help@shop.example")).toBe(true);
    expect(isLinkAddress("javascript:alert(1)")).toBe(false);
    expect(isLinkAddress("https://")).toBe(false);
    expect(isLinkAddress("shop.example")).toBe(false);
    expect(isLinkAddress("https://x.example/a b")).toBe(false);
  });

  it("links the selection, escaping brackets in its words", () => {
    const text = "See [our] stores today";
    const linked = insertLink(text, 4, 16, "https://shop.example/stores");
    expect(linked.text).toBe("See [\\[our\\] stores](https://shop.example/stores) today");
    expect(insertLink("Write ", 6, 6, "mailto:help@shop.example").text).toBe("Write [help@shop.example](mailto:help@shop.example)");
  });
});
