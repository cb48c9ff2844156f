import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import type { Token, User } from "../shared/api/client";
import { I18nProvider } from "../shared/i18n";
import { NOT_FOUND, json, serve } from "../test/helpers";
import { UserTokens } from "./UserTokens";

afterEach(() => vi.unstubAllGlobals());

const shop: User = {
  id: 9, username: "shop", display_name: "Web shop", email: null, role: "agent", language: "en", disabled: false,
  locked_until: null, last_login_at: null, created_at: "2026-01-01T10:00:00Z",
};
const plain: Token = {
  id: 1, name: "reports", prefix: "pk_aaaaaaa", created_at: "2026-01-01T10:00:00Z", expires_at: null,
  last_used_at: null, revoked_at: null, scopes: [],
};

function serveTokens(sent: unknown[], fail = false) {
  let tokens: Token[] = [plain];
  serve({
    "GET /api/users/{user_id}/tokens": (_call, { user_id }) => (user_id === "9" ? json(200, tokens) : NOT_FOUND),
    "POST /api/users/{user_id}/tokens": ({ body }, { user_id }) => {
      if (user_id !== "9") return NOT_FOUND;
      const asked = body as { name: string; scopes: Token["scopes"] };
      sent.push(asked);
      if (fail) return json(422, { code: "invalid-request", detail: "name: String should have at most 100 characters" });
      const created = { ...plain, id: 2, name: asked.name, prefix: "pk_bbbbbbb", scopes: asked.scopes, token: "pk_bbbbbbbsecret" };
      tokens = [...tokens, created];
      return json(201, created);
    },
  });
}

describe("a user's API tokens (admin)", () => {
  it("creates a token with the contacts:create right and lists the rights of each token", async () => {
    const sent: unknown[] = [];
    serveTokens(sent);
    render(<I18nProvider><UserTokens user={shop} /></I18nProvider>);
    const table = await screen.findByRole("table", { name: "API tokens" });
    expect(within(table).getByText("role only")).toBeTruthy();
    await userEvent.type(screen.getByLabelText("Token name"), "orders from the shop");
    await userEvent.click(screen.getByLabelText(/May create contacts/));
    await userEvent.click(screen.getByRole("button", { name: "Create token" }));
    expect(sent).toEqual([{ name: "orders from the shop", expires_days: null, scopes: ["contacts:create"] }]);
    expect((await screen.findByTestId("new-user-token")).textContent).toBe("pk_bbbbbbbsecret");
    const row = (await screen.findByText("orders from the shop")).closest("tr") as HTMLElement;
    expect(within(row).getByText("contacts:create")).toBeTruthy();
  });

  it("shows a failure in the interface's language, not the server's English", async () => {
    serveTokens([], true);
    render(<I18nProvider><UserTokens user={shop} /></I18nProvider>);
    await screen.findByRole("table", { name: "API tokens" });
    await userEvent.type(screen.getByLabelText("Token name"), "x");
    await userEvent.click(screen.getByRole("button", { name: "Create token" }));
    expect((await screen.findByRole("alert")).textContent).toBe("Could not create the token. Check its name and days.");
    expect(screen.queryByText(/String should have/)).toBeNull();
  });
});
