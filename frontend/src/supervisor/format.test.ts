import { describe, expect, it } from "vitest";

import { serviceLevelStatus } from "./format";

describe("serviceLevelStatus", () => {
  const target = { fraction: 0.8, seconds: 20 };
  it("is good at or above the target and bad below it", () => {
    expect(serviceLevelStatus(0.8, target)).toBe("good");
    expect(serviceLevelStatus(0.95, target)).toBe("good");
    expect(serviceLevelStatus(0.79, target)).toBe("bad");
    expect(serviceLevelStatus(0, target)).toBe("bad");
  });

  it("has no verdict before anything counted", () => {
    expect(serviceLevelStatus(null, target)).toBe("none");
    expect(serviceLevelStatus(undefined, target)).toBe("none");
  });

  it("falls back to an 80 % target", () => {
    expect(serviceLevelStatus(0.8, {})).toBe("good");
    expect(serviceLevelStatus(0.7, undefined)).toBe("bad");
  });
});
