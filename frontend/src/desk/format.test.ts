import { describe, expect, it } from "vitest";

import { holdStartedAt, humanize, serverSkew, showValue, stateStart } from "./format";
import { desk, item, iso, T0 } from "./fixtures";

describe("the server's clock", () => {
  it("learns the skew from an open interaction's running total", () => {
    const snapshot = desk([item()]); // received at T0, total 75 s: the server's now is T0 + 75 s
    expect(serverSkew(snapshot, T0 + 80_000)).toBe(5000);
    expect(serverSkew(desk([]), T0)).toBeNull();
  });

  it("knows when the state began, and that 0 means never", () => {
    expect(stateStart(T0 / 1000)).toBe(T0);
    expect(stateStart(0)).toBeNull();
  });
});

describe("hold time from a timeline", () => {
  const at = (s: number, kind: string) => ({ at: iso(s), kind, data: {} });

  it("is the last hold not yet resumed", () => {
    expect(holdStartedAt([at(0, "received"), at(5, "answered")])).toBeNull();
    expect(holdStartedAt([at(5, "answered"), at(10, "hold")])).toBe(T0 + 10_000);
    expect(holdStartedAt([at(10, "hold"), at(20, "resume")])).toBeNull();
    expect(holdStartedAt([at(10, "hold"), at(20, "resume"), at(30, "email-sent"), at(40, "hold"), at(41, "note")])).toBe(T0 + 40_000);
    expect(holdStartedAt([at(10, "hold"), at(20, "ended")])).toBeNull();
  });
});

describe("labels and values", () => {
  it("humanizes field names and shows values", () => {
    expect(humanize("delivery_date")).toBe("Delivery date");
    expect(humanize("orders-count")).toBe("Orders count");
    expect(showValue(true, { yes: "Có", no: "Không" })).toBe("Có");
    expect(showValue(false)).toBe("no");
    expect(showValue(null)).toBe("–");
    expect(showValue(4.5)).toBe("4.5");
  });
});
