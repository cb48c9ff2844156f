import { describe, expect, it } from "vitest";

import { en } from "./en";
import { translate } from "./index";
import { vi } from "./vi";

describe("i18n", () => {
  it("has the same keys in English and Vietnamese, none empty", () => {
    expect(Object.keys(vi).sort()).toEqual(Object.keys(en).sort());
    for (const value of Object.values(vi)) expect(value.trim()).not.toBe("");
  });

  it("keeps every {placeholder} of English in Vietnamese", () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      const names = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();
      expect(names(vi[key]), key).toEqual(names(en[key]));
    }
  });

  it("fills placeholders", () => {
    expect(translate("vi", "home.greeting", { name: "Lan" })).toBe("Xin chào, Lan");
    expect(translate("en", "users.created", { name: "mai" })).toBe("User mai created.");
  });
});
