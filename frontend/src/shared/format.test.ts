import { describe, expect, it } from "vitest";

import { formatDateTime, formatDuration, formatNumber, formatPercent, formatTime, formatTimer, secondsSince, secondsUntil } from "./format";

const T0 = Date.parse("2026-11-27T12:00:00Z");
const iso = (secondsAfter: number) => new Date(T0 + secondsAfter * 1000).toISOString();

describe("durations in words", () => {
  it("says minutes and seconds in Vietnamese", () => {
    expect(formatDuration(200, "vi")).toBe("3 phút 20 giây");
    expect(formatDuration(7.4, "vi")).toBe("7 giây");
    expect(formatDuration(0, "vi")).toBe("0 giây");
    expect(formatDuration(180, "vi")).toBe("3 phút");
    expect(formatDuration(3900, "vi")).toBe("1 giờ 5 phút");
  });

  it("says them in English too", () => {
    expect(formatDuration(200, "en")).toBe("3 mins 20 secs");
    expect(formatDuration(65, "en")).toBe("1 min 5 secs");
    expect(formatDuration(7200, "en")).toBe("2 hrs");
  });

  it("is never negative and shows a dash for nothing known", () => {
    expect(formatDuration(-4, "vi")).toBe("0 giây");
    expect(formatDuration(null, "vi")).toBe("—");
    expect(formatDuration(undefined, "en")).toBe("—");
    expect(formatDuration(Number.NaN, "en")).toBe("—");
  });
});

describe("running timers", () => {
  it("tick as a clock: m:ss, h:mm:ss from an hour on", () => {
    expect(formatTimer(0)).toBe("0:00");
    expect(formatTimer(65.9)).toBe("1:05");
    expect(formatTimer(600)).toBe("10:00");
    expect(formatTimer(3725)).toBe("1:02:05");
    expect(formatTimer(-3)).toBe("0:00");
    expect(formatTimer(null)).toBe("–");
  });
});

describe("seconds since and until a server time", () => {
  it("counts down to a server time, never below zero", () => {
    expect(secondsUntil(iso(20), T0)).toBe(20);
    expect(secondsUntil(iso(20), T0 + 500)).toBe(20);
    expect(secondsUntil(iso(20), T0 + 19_100)).toBe(1);
    expect(secondsUntil(iso(20), T0 + 60_000)).toBe(0);
    expect(secondsUntil(null, T0)).toBeNull();
    expect(secondsUntil("not a date", T0)).toBeNull();
  });

  it("counts from an ISO time or epoch ms, correcting a local clock that runs ahead", () => {
    expect(secondsSince(iso(0), T0 + 90_000)).toBe(90);
    expect(secondsSince(T0, T0 + 65_000)).toBe(65);
    // The local clock is 5 s ahead: at local T0+5s the server's time is T0.
    expect(secondsSince(T0, T0 + 5000, 5000)).toBe(0);
    expect(secondsUntil(iso(20), T0 + 5000, 5000)).toBe(20);
    expect(secondsSince(iso(60), T0)).toBe(0);
    expect(secondsSince(null, T0)).toBeNull();
    expect(secondsSince("not a time", T0)).toBeNull();
    // an agent who never changed state reports the epoch: unknown, not 56 years
    expect(secondsSince("1970-01-01T00:00:00Z", T0)).toBeNull();
  });
});

describe("dates and numbers", () => {
  it("uses Vietnamese formats in Vietnamese", () => {
    expect(formatNumber(1234567.5, "vi")).toBe("1.234.567,5");
    expect(formatNumber(1234567.5, "en")).toBe("1,234,567.5");
    expect(formatDateTime("2026-12-07T13:05:00Z", "vi")).toMatch(/thg 12, 2026/);
    expect(formatDateTime("2026-12-07T13:05:00Z", "en")).toMatch(/7 Dec 2026/);
    expect(formatDateTime(null, "vi")).toBe("—");
    expect(formatTime("not a time", "vi")).toBe("—");
  });

  it("rounds shares to a whole percentage", () => {
    expect(formatPercent(0.8, "en")).toBe("80%");
    expect(formatPercent(0.856, "en")).toBe("86%");
    expect(formatPercent(1, "vi")).toMatch(/^100\s?%$/);
    expect(formatPercent(null, "en")).toBe("—");
  });
});
