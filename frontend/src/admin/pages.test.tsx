import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { renderAt, serve, type Fallback } from "../test/helpers";
import { describeDetails } from "./AuditPage";

const admin = { id: 1, username: "admin", display_name: "Ada", role: "admin", language: "en", csrf_token: "c" };
const row = (id: number, username: string, extra: object = {}) => ({
  id, username, display_name: username.toUpperCase(), email: null, role: "agent", language: "vi",
  disabled: false, locked_until: null, last_login_at: null, created_at: "2026-01-01T00:00:00Z", ...extra,
});

// Signed in as Ada the admin; `route` answers the rest.
const serveAdmin = (route: Fallback) => serve(route, { user: admin });

afterEach(() => vi.unstubAllGlobals());

describe("users admin page", () => {
  it("lists users with status and disables one only after confirmation", async () => {
    let users = [
      row(1, "admin", { role: "admin", language: "en" }),
      row(2, "lan"),
      row(3, "minh", { locked_until: "2999-01-01T00:00:00Z" }),
    ];
    const calls = serveAdmin(({ url, method, body }) => {
      if (url === "/api/users" && method === "GET") return { status: 200, body: users };
      if (url === "/api/users/2" && method === "PATCH") {
        users = users.map((u) => (u.id === 2 ? { ...u, ...(body as object) } : u));
        return { status: 200, body: users[1] };
      }
      return undefined;
    });
    renderAt("/admin/users");
    const lanRow = (await screen.findByRole("cell", { name: "lan" })).closest("tr") as HTMLElement;
    expect(within(lanRow).getByText("Tiếng Việt")).toBeTruthy();
    expect(within(lanRow).getByText("active")).toBeTruthy();
    const minhRow = screen.getByRole("cell", { name: "minh" }).closest("tr") as HTMLElement;
    expect(within(minhRow).getByText("locked")).toBeTruthy();
    // An administrator cannot lock themselves out from this page.
    expect(screen.queryByRole("button", { name: "Disable admin" })).toBeNull();

    await userEvent.click(screen.getByRole("button", { name: "Disable lan" }));
    expect(calls.some((call) => call.method === "PATCH")).toBe(false);
    await userEvent.click(screen.getByRole("button", { name: "Confirm" }));
    expect(await within(lanRow).findByText("disabled")).toBeTruthy();
    expect(calls.find((call) => call.method === "PATCH")).toMatchObject({ url: "/api/users/2", body: { disabled: true } });
    expect(screen.getByRole("button", { name: "Enable lan" })).toBeTruthy();
  });
});

describe("audit page", () => {
  it("filters by action and loads older entries with before", async () => {
    const entry = (id: number) => ({
      id, at: "2026-03-01T08:00:00Z", actor: "agent", action: "login.failed", target: "agent", ip: "10.0.0.9",
      details: { reason: "wrong password" },
    });
    const calls = serveAdmin(({ url }) => {
      if (!url.startsWith("/api/audit")) return undefined;
      const query = new URL(url, "http://x").searchParams;
      if (query.get("before") === "51") return { status: 200, body: [entry(50)] };
      return { status: 200, body: Array.from({ length: 50 }, (_, i) => entry(100 - i)) };
    });
    renderAt("/admin/audit");
    await userEvent.type(await screen.findByLabelText("Action"), "login.failed");
    await userEvent.click(screen.getByRole("button", { name: "Filter" }));
    await userEvent.click(await screen.findByRole("button", { name: "Load more" }));
    expect(await screen.findAllByText("reason: wrong password")).toHaveLength(51);
    const audits = calls.filter((call) => call.url.startsWith("/api/audit")).map((call) => call.url);
    expect(audits).toContain("/api/audit?limit=50&action=login.failed");
    expect(audits[audits.length - 1]).toBe("/api/audit?limit=50&before=51&action=login.failed");
    expect(screen.queryByRole("button", { name: "Load more" })).toBeNull();
  });

  it("describes details as text, not JSON", () => {
    expect(describeDetails({ changes: ["disabled", "role"], count: 2, extra: { a: 1 } })).toBe(
      "changes: disabled, role; count: 2; extra: a",
    );
  });
});
