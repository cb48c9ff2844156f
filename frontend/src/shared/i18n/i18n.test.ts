import { afterEach, describe, expect, it, vi as mock } from "vitest";

import { en } from "./en";
import { storedLanguage, translate } from "./index";
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

  describe("the language before anyone chose one", () => {
    afterEach(() => {
      localStorage.clear();
      mock.unstubAllGlobals();
    });

    it("follows the browser's languages, then English", () => {
      mock.stubGlobal("navigator", { language: "vi-VN", languages: ["fr-FR", "vi-VN", "en-US"] });
      expect(storedLanguage()).toBe("vi");
      mock.stubGlobal("navigator", { language: "de-DE", languages: ["de-DE"] });
      expect(storedLanguage()).toBe("en");
    });

    it("keeps the language chosen on this browser", () => {
      mock.stubGlobal("navigator", { language: "vi-VN", languages: ["vi-VN"] });
      localStorage.setItem("parley.language", "en");
      expect(storedLanguage()).toBe("en");
    });
  });
});
