import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import type { Token } from "../shared/api/client";
import { NOT_FOUND, json, renderAt, serve, type Call } from "../test/helpers";

const me = { id: 7, username: "sam", display_name: "Sam", role: "supervisor", language: "en", csrf_token: "csrf-7" };
const token: Token = {
  id: 3, name: "crm", prefix: "pk_abc1234", created_at: "2026-01-01T10:00:00Z",
  expires_at: null, last_used_at: null, revoked_at: null, scopes: [],
};

function serveAccount(calls: Call[]) {
  let tokens: Token[] = [token];
  serve({
    "PATCH /api/auth/me": ({ body }) => json(200, { ...me, ...(body as object) }),
    "GET /api/auth/tokens": () => json(200, tokens),
    "POST /api/auth/tokens": () => {
      const created = { ...token, id: 4, name: "erp", prefix: "pk_new0000", token: "pk_new0000secret" };
      tokens = [...tokens, created];
      return json(201, created);
    },
    "DELETE /api/auth/tokens/{token_id}": (_call, { token_id }) => {
      if (token_id !== "3") return NOT_FOUND;
      tokens = tokens.map((t) => (t.id === 3 ? { ...t, revoked_at: "2026-02-01T00:00:00Z" } : t));
      return json(204);
    },
  }, { user: me, calls });
}

afterEach(() => vi.unstubAllGlobals());

describe("my account", () => {
  it("saves the display name and language and switches the interface", async () => {
    const calls: Call[] = [];
    serveAccount(calls);
    renderAt("/account");
    const name = await screen.findByLabelText("Display name");
    await userEvent.clear(name);
    await userEvent.type(name, "Sam Nguyễn");
    await userEvent.click(screen.getByRole("radio", { name: "Tiếng Việt" }));
    const profile = screen.getByRole("region", { name: "Profile" });
    await userEvent.click(within(profile).getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Đã lưu hồ sơ.")).toBeTruthy();
    const patch = calls.find((call) => call.method === "PATCH");
    expect(patch?.body).toEqual({ display_name: "Sam Nguyễn", language: "vi" });
    expect(patch?.headers["X-CSRF-Token"]).toBe("csrf-7");
    expect(screen.getByTestId("user-menu").textContent).toContain("Sam Nguyễn");
  });

  it("shows a new token once and revokes a token after confirmation", async () => {
    const calls: Call[] = [];
    serveAccount(calls);
    renderAt("/account");
    await userEvent.type(await screen.findByLabelText("Token name"), "erp");
    await userEvent.type(screen.getByLabelText("Expires after (days, optional)"), "30");
    await userEvent.click(screen.getByRole("button", { name: "Create token" }));
    expect((await screen.findByTestId("new-token")).textContent).toBe("pk_new0000secret");
    expect(screen.getByText("Copy this token now: it will not be shown again.")).toBeTruthy();
    expect(calls.find((call) => call.method === "POST")?.body).toEqual({ name: "erp", expires_days: 30 });

    await userEvent.click(screen.getByRole("button", { name: "Revoke crm" }));
    expect(calls.some((call) => call.method === "DELETE")).toBe(false);
    await userEvent.click(screen.getByRole("button", { name: "Confirm" }));
    expect(await screen.findByText("revoked")).toBeTruthy();
    expect(calls.filter((call) => call.method === "DELETE").map((call) => call.url)).toEqual(["/api/auth/tokens/3"]);
  });
});
