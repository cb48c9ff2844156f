import { describe, expect, it } from "vitest";

import { dayStart, filtersFromParams, filtersToParams, interactionQuery, NO_FILTERS } from "./query";

describe("interaction filters", () => {
  it("send only what is set, the 'to' day in full, and the page", () => {
    const query = new URLSearchParams(
      interactionQuery(
        { customer: "12", customerSearch: "", agent: "3", queue: "orders", outcome: " confirmed ", from: "2025-03-01", to: "2025-03-31" },
        { limit: 26, offset: 25 },
      ),
    );
    expect(query.get("customer")).toBe("12");
    expect(query.get("agent")).toBe("3");
    expect(query.get("queue")).toBe("orders");
    expect(query.get("outcome")).toBe("confirmed");
    expect(query.get("since")).toBe(new Date(2025, 2, 1).toISOString());
    expect(query.get("until")).toBe(new Date(2025, 3, 1).toISOString());
    expect(query.get("limit")).toBe("26");
    expect(query.get("offset")).toBe("25");
  });
  it("leave out empty and malformed values (the CSV link has no paging)", () => {
    expect(interactionQuery(NO_FILTERS)).toBe("");
    expect(interactionQuery({ ...NO_FILTERS, customer: "abc", agent: "0", from: "yesterday" })).toBe("");
    expect(dayStart("2025-02-30")).toBe(new Date(2025, 2, 2).toISOString());
    expect(dayStart("")).toBeNull();
  });
  it("search by the typed customer text unless a customer was picked", () => {
    const typed = { ...NO_FILTERS, customerSearch: " Nguyễn Văn " };
    expect(interactionQuery(typed)).toBe("customer_search=Nguy%E1%BB%85n+V%C4%83n");
    expect(interactionQuery({ ...typed, customer: "7" })).toBe("customer=7");
    expect(filtersFromParams(filtersToParams(typed))).toEqual({ ...typed, customerSearch: "Nguyễn Văn" });
  });
  it("round-trip through the page address", () => {
    const filters = { ...NO_FILTERS, outcome: "lost", from: "2025-01-02" };
    const params = filtersToParams(filters, 2);
    expect(params.toString()).toBe("outcome=lost&from=2025-01-02&page=2");
    expect(filtersFromParams(params)).toEqual(filters);
    expect(filtersToParams(filters).has("page")).toBe(false);
  });
});
