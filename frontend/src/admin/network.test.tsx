import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { renderAt, serve, type Answer, type Call } from "../test/helpers";

const admin = { id: 1, username: "admin", display_name: "Ada", role: "admin", language: "en", csrf_token: "c" };
const access = (signIn: string[], api: string[], apiSource = "database") => ({
  sign_in: { networks: signIn, source: "database" },
  api: { networks: api, source: apiSource },
  your_address: "192.0.2.7",
  updated_at: null,
  updated_by: null,
});

// Signed in as Ada the admin; `route` answers /api/network-access (GET and PUT).
function serveAccess(route: (call: Call) => Answer) {
  return serve({ "GET /api/network-access": route, "PUT /api/network-access": route }, { user: admin });
}

afterEach(() => vi.unstubAllGlobals());

describe("network allowlists page", () => {
  it("shows the lists and saves one network per line", async () => {
    const calls = serveAccess(({ method, body }) =>
      method === "PUT" ? { status: 200, body: access(...(Object.values(body as object) as [string[], string[]])) }
        : { status: 200, body: access(["192.0.2.0/24"], []) });
    renderAt("/admin/network");
    const signIn = await screen.findByLabelText(/Staff sign-in/);
    expect(signIn).toHaveProperty("value", "192.0.2.0/24");
    expect(screen.getByText(/Your address, as the server sees it: 192.0.2.7/)).toBeTruthy();
    await userEvent.type(screen.getByLabelText(/Staff API/), "192.0.2.0/24{enter}2001:db8::/32");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("The allowlists are saved and apply now.")).toBeTruthy();
    expect(calls.at(-1)).toEqual({
      url: "/api/network-access", method: "PUT",
      body: { sign_in: ["192.0.2.0/24"], api: ["192.0.2.0/24", "2001:db8::/32"] },
    });
  });

  it("words a bad entry at its list and a lock-out from their codes", async () => {
    let answer: Answer = {
      status: 422,
      body: { code: "invalid-request", detail: "x", errors: [
        { field: "sign_in.1", code: "bad-network", message: "x", params: { value: "10.0.0.1/8", why: "x" } },
      ] },
    };
    serveAccess(({ method }) => (method === "PUT" ? answer : { status: 200, body: access(["192.0.2.0/24"], [], "config") }));
    renderAt("/admin/network");
    const signIn = await screen.findByLabelText(/Staff sign-in/);
    expect(screen.getByLabelText(/Staff API/)).toHaveProperty("disabled", true);
    expect(screen.getByText("set in the server's configuration")).toBeTruthy();
    await userEvent.type(signIn, "{enter}10.0.0.1/8");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText(/10\.0\.0\.1\/8 is not a network/)).toBeTruthy();
    answer = {
      status: 409,
      body: { code: "allowlist-locks-you-out", detail: "x", params: { allowlist: "sign-in", address: "192.0.2.7" } },
    };
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText(/This would lock you out: your address 192.0.2.7 is not in the new staff sign-in list/))
      .toBeTruthy();
  });
});
