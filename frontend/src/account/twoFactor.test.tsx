import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { TwoFactorPolicyCard, UserTwoFactor } from "../admin/TwoFactorAdmin";
import { I18nProvider } from "../shared/i18n";
import { NOT_FOUND, json, serve, type Call } from "../test/helpers";
import { TwoFactorCard } from "./TwoFactorCard";

const off = { enabled: false, pending: false, required: false, recovery_codes_left: 0 };
const on = { enabled: true, pending: false, required: false, recovery_codes_left: 10 };

afterEach(() => vi.unstubAllGlobals());

describe("account: two-factor sign-in", () => {
  it("sets it up with the QR code and key, shows the recovery codes once, and turns it off with password and code", async () => {
    const calls: Call[] = [];
    let status = off;
    serve({
      "GET /api/auth/two-factor": () => json(200, status),
      "POST /api/auth/two-factor/enrollment": json(200, { secret: "ABCDEFGH", otpauth_uri: "otpauth://x", qr_svg: "data:image/svg+xml,q" }),
      "POST /api/auth/two-factor/enrollment/confirm": ({ body }) => {
        if ((body as { code: string }).code === "000000") {
          return json(401, { code: "wrong-two-factor-code", field: "code", params: { field: "code" } });
        }
        status = on;
        return json(200, { recovery_codes: ["aaaaa-bbbbb"] });
      },
      "POST /api/auth/two-factor/disable": () => {
        status = off;
        return json(204);
      },
    }, { calls });
    render(<I18nProvider><TwoFactorCard /></I18nProvider>);
    await userEvent.click(await screen.findByRole("button", { name: "Set up two-factor sign-in" }));
    expect(screen.getByTestId("two-factor-secret").textContent).toBe("ABCD EFGH");
    expect(screen.getByRole("img", { name: "QR code of your two-factor key" })).toBeTruthy();
    await userEvent.type(screen.getByLabelText("6-digit code"), "000000");
    await userEvent.click(screen.getByRole("button", { name: "Turn on" }));
    expect(await screen.findByText(/That code is not right/)).toBeTruthy();
    await userEvent.type(screen.getByLabelText("6-digit code"), "123456");
    await userEvent.click(screen.getByRole("button", { name: "Turn on" }));
    expect((await screen.findByTestId("recovery-codes")).textContent).toContain("aaaaa-bbbbb");
    expect(await screen.findByText("Recovery codes left: 10.")).toBeTruthy();

    await userEvent.click(screen.getByRole("button", { name: "Turn off" }));
    await userEvent.type(screen.getByLabelText("Password"), "my-password-1");
    await userEvent.type(screen.getByLabelText("6-digit code"), "222333");
    await userEvent.click(screen.getByRole("button", { name: "Turn off" }));
    expect(await screen.findByText("Two-factor sign-in is off.")).toBeTruthy();
    expect(calls.find((c) => c.url === "/api/auth/two-factor/disable")?.body).toEqual({ password: "my-password-1", code: "222333" });
    expect(screen.queryByTestId("recovery-codes")).toBeNull();
  });

  it("offers no way to turn it off when the role requires it", async () => {
    serve({ "GET /api/auth/two-factor": json(200, { ...on, required: true }) });
    render(<I18nProvider><TwoFactorCard /></I18nProvider>);
    expect(await screen.findByText(/Your role requires it/)).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Turn off" })).toBeNull();
  });
});

describe("admin: two-factor policy and reset", () => {
  it("requires it for a role when checked", async () => {
    const calls: Call[] = [];
    serve({
      "GET /api/security/two-factor": json(200, { required_roles: ["admin"] }),
      "PUT /api/security/two-factor": ({ body }) => json(200, body),
    }, { calls });
    render(<I18nProvider><TwoFactorPolicyCard /></I18nProvider>);
    const agents = await screen.findByRole("checkbox", { name: "Required for agent" });
    expect((screen.getByRole("checkbox", { name: "Required for admin" }) as HTMLInputElement).checked).toBe(true);
    await userEvent.click(agents);
    expect(await screen.findByText("Two-factor policy saved.")).toBeTruthy();
    expect(calls.find((c) => c.method === "PUT")?.body).toEqual({ required_roles: ["admin", "agent"] });
  });

  it("resets a user's second factor after confirming", async () => {
    const calls: Call[] = [];
    let status = on;
    serve({
      "GET /api/users/{user_id}/two-factor": (_call, { user_id }) => (user_id === "5" ? json(200, status) : NOT_FOUND),
      "DELETE /api/users/{user_id}/two-factor": (_call, { user_id }) => {
        if (user_id !== "5") return NOT_FOUND;
        status = off;
        return json(204);
      },
    }, { calls });
    const done = vi.fn();
    const user = {
      id: 5, username: "mai", display_name: "Mai", email: null, role: "agent" as const, language: "en" as const,
      disabled: false, locked_until: null, last_login_at: null, created_at: "2026-01-01T00:00:00Z",
    };
    render(<I18nProvider><UserTwoFactor user={user} onReset={done} /></I18nProvider>);
    await userEvent.click(await screen.findByRole("button", { name: "Reset two-factor" }));
    await userEvent.click(screen.getByRole("button", { name: "Confirm" }));
    expect(await screen.findByText("Off")).toBeTruthy();
    expect(done).toHaveBeenCalledWith("The two-factor sign-in of mai was reset.");
    expect(calls.some((c) => c.method === "DELETE")).toBe(true);
  });
});
