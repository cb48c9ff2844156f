import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { json, renderAt, serve, type Call } from "../test/helpers";

const me = { id: 1, username: "ana", display_name: "Ana", role: "agent", language: "en", csrf_token: "c" };
const signedIn = { signed_in: true, user: me, csrf_token: "c", expires_at: "2030-01-01T00:00:00Z" };
const enrollment = { secret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", otpauth_uri: "otpauth://totp/Parley:ana", qr_svg: "data:image/svg+xml,qr" };

function serveLogin(kind: "code" | "enroll", calls: Call[]) {
  let session: unknown = { signed_in: false, user: null };
  serve({
    "GET /api/auth/session": () => json(200, session),
    "POST /api/auth/session": json(200, { signed_in: false, second_step: { challenge: "ch-1", kind, expires_at: "2030-01-01T00:00:00Z" } }),
    "POST /api/auth/login/second-step/enrollment": json(200, enrollment),
    "POST /api/auth/session/second-step": ({ body }) => {
      if ((body as { code?: string } | undefined)?.code === "000000") {
        return json(200, { signed_in: false, refused: { code: "wrong-two-factor-code", params: { field: "code" } } });
      }
      session = { signed_in: true, user: me };
      return json(200, kind === "enroll" ? { ...signedIn, recovery_codes: ["aaaaa-bbbbb", "ccccc-ddddd"] } : signedIn);
    },
  }, { calls, otherwise: () => json(200, []) });
}

async function password() {
  await userEvent.type(await screen.findByLabelText("Username"), "ana");
  await userEvent.type(screen.getByLabelText("Password"), "ana-password-1");
  await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
}

afterEach(() => vi.unstubAllGlobals());

describe("two-factor sign-in", () => {
  it("asks for a code after the password, shows a wrong one's refusal, and signs in with the right one", async () => {
    const calls: Call[] = [];
    serveLogin("code", calls);
    renderAt("/login");
    await password();
    expect(await screen.findByRole("heading", { name: "Two-factor sign-in" })).toBeTruthy();
    await userEvent.type(screen.getByLabelText("6-digit code"), "000000");
    await userEvent.click(screen.getByRole("button", { name: "Verify" }));
    expect(await screen.findByText(/That code is not right/)).toBeTruthy();
    await userEvent.type(screen.getByLabelText("6-digit code"), "123456");
    await userEvent.click(screen.getByRole("button", { name: "Verify" }));
    expect(await screen.findByTestId("user-menu")).toBeTruthy();
    const steps = calls.filter((c) => c.url === "/api/auth/session/second-step").map((c) => c.body);
    expect(steps).toEqual([{ challenge: "ch-1", code: "000000" }, { challenge: "ch-1", code: "123456" }]);
  });

  it("takes a recovery code instead", async () => {
    const calls: Call[] = [];
    serveLogin("code", calls);
    renderAt("/login");
    await password();
    await userEvent.click(await screen.findByRole("button", { name: "Use a recovery code" }));
    await userEvent.type(screen.getByLabelText("Recovery code"), "abcde-fghjk");
    await userEvent.click(screen.getByRole("button", { name: "Verify" }));
    expect(await screen.findByTestId("user-menu")).toBeTruthy();
    expect(calls.find((c) => c.url === "/api/auth/session/second-step")?.body).toMatchObject({ code: "abcde-fghjk" });
  });

  it("makes a role that requires it enroll, shows the recovery codes once, then opens the app", async () => {
    const calls: Call[] = [];
    serveLogin("enroll", calls);
    renderAt("/login");
    await password();
    expect(await screen.findByRole("heading", { name: "Set up two-factor sign-in" })).toBeTruthy();
    expect((await screen.findByTestId("two-factor-qr")).getAttribute("src")).toBe(enrollment.qr_svg);
    expect(screen.getByTestId("two-factor-secret").textContent).toBe("JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP");
    expect(screen.queryByTestId("user-menu")).toBeNull();
    await userEvent.type(screen.getByLabelText("6-digit code"), "654321");
    await userEvent.click(screen.getByRole("button", { name: "Verify" }));
    expect((await screen.findByTestId("recovery-codes")).textContent).toContain("aaaaa-bbbbb");
    expect(screen.queryByTestId("user-menu")).toBeNull();
    await userEvent.click(screen.getByRole("button", { name: "Continue" }));
    expect(await screen.findByTestId("user-menu")).toBeTruthy();
  });
});
