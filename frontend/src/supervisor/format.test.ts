import { describe, expect, it } from "vitest";

import { formatDuration, formatPercent, secondsSince, serviceLevelStatus } from "./format";

describe("formatDuration", () => {
  it("shows m:ss, and h:mm:ss from an hour on", () => {
    expect(formatDuration(0)).toBe("0:00");
    expect(formatDuration(7.9)).toBe("0:07");
    expect(formatDuration(65)).toBe("1:05");
    expect(formatDuration(3599)).toBe("59:59");
    expect(formatDuration(3600)).toBe("1:00:00");
    expect(formatDuration(3725)).toBe("1:02:05");
  });

  it("never goes negative and shows a dash for nothing", () => {
    expect(formatDuration(-4)).toBe("0:00");
    expect(formatDuration(null)).toBe("—");
    expect(formatDuration(undefined)).toBe("—");
    expect(formatDuration(Number.NaN)).toBe("—");
  });
});

describe("secondsSince", () => {
  it("counts from an ISO time, clamped at zero, unknown for placeholders", () => {
    const now = Date.parse("2026-03-01T08:01:30Z");
    expect(secondsSince("2026-03-01T08:00:00Z", now)).toBe(90);
    expect(secondsSince("2026-03-01T08:02:00Z", now)).toBe(0);
    expect(secondsSince(null, now)).toBeNull();
    expect(secondsSince("not a time", now)).toBeNull();
    // an agent who never changed state reports the epoch: unknown, not 56 years
    expect(secondsSince("1970-01-01T00:00:00Z", now)).toBeNull();
  });
});

describe("formatPercent", () => {
  it("rounds to a whole percentage", () => {
    expect(formatPercent(0.8, "en")).toBe("80%");
    expect(formatPercent(0.856, "en")).toBe("86%");
    expect(formatPercent(1, "vi")).toMatch(/^100\s?%$/);
    expect(formatPercent(null, "en")).toBe("—");
  });
});

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
