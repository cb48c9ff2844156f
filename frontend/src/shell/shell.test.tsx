import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router-dom";
import { afterEach, describe, expect, it, vi } from "vitest";

import { AppRoutes } from "../App";
import { AuthProvider } from "../shared/auth";
import { I18nProvider } from "../shared/i18n";

type Handler = (url: string, init: RequestInit) => { status: number; body?: unknown };

function serve(handler: Handler) {
  vi.stubGlobal("fetch", vi.fn(async (url: string, init: RequestInit = {}) => {
    const { status, body } = handler(url, init);
    return new Response(body === undefined ? null : JSON.stringify(body), { status });
  }));
}

function user(role: "agent" | "supervisor" | "admin", language: "en" | "vi" = "en") {
  return { id: 1, username: role, display_name: `The ${role}`, role, language, csrf_token: "t" };
}

function renderAt(path: string) {
  return render(
    <I18nProvider>
      <AuthProvider>
        <MemoryRouter initialEntries={[path]}>
          <AppRoutes />
        </MemoryRouter>
      </AuthProvider>
    </I18nProvider>,
  );
}

afterEach(() => vi.unstubAllGlobals());

describe("shell", () => {
  it("shows Admin only to admins", async () => {
    serve(() => ({ status: 200, body: user("admin") }));
    renderAt("/");
    expect(await screen.findByRole("link", { name: "Admin" })).toBeTruthy();
    expect(screen.getByRole("link", { name: "Designer" })).toBeTruthy();
    expect(screen.getByTestId("user-menu").textContent).toContain("admin");
  });

  it("hides Designer, Supervisor and Admin from agents", async () => {
    serve(() => ({ status: 200, body: user("agent") }));
    renderAt("/");
    expect(await screen.findByRole("link", { name: "Desk" })).toBeTruthy();
    expect(screen.queryByRole("link", { name: "Admin" })).toBeNull();
    expect(screen.queryByRole("link", { name: "Designer" })).toBeNull();
  });

  it("tells an agent they have no access to the admin page", async () => {
    serve(() => ({ status: 200, body: user("agent") }));
    renderAt("/admin/users");
    expect(await screen.findByText("You do not have access to this page")).toBeTruthy();
  });

  it("shows the server's reason when sign-in fails", async () => {
    serve((url) =>
      url.endsWith("/api/auth/me")
        ? { status: 401, body: { code: "not-authenticated", detail: "sign in first" } }
        : { status: 423, body: { code: "account-locked", detail: "too many failed attempts; try again later" } },
    );
    renderAt("/login");
    await userEvent.type(await screen.findByLabelText("Username"), "agent");
    await userEvent.type(screen.getByLabelText("Password"), "wrong-password");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect((await screen.findByRole("alert")).textContent).toContain("too many failed attempts");
  });

  it("speaks Vietnamese to a Vietnamese user", async () => {
    serve(() => ({ status: 200, body: user("agent", "vi") }));
    renderAt("/");
    expect(await screen.findByRole("button", { name: "Đăng xuất" })).toBeTruthy();
    expect(document.documentElement.lang).toBe("vi");
  });
});
