import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { json, renderAt, serve, type Answer, type Call } from "../test/helpers";

type Handler = (call: Call) => Answer;

// The handlers answer as the caller's own profile would (GET /api/auth/me) and as POST /api/auth/login would;
// the app asks GET /api/auth/session, which says "signed in as <profile>" or "nobody" with 200 either way, and
// signs in with POST /api/auth/session, which answers a refusal with 200 and its code.
function serveAuth(handler: Handler) {
  return serve((call) => {
    const session = call.url.endsWith("/api/auth/session");
    if (session && call.method === "POST") {
      const { status, body } = handler({ ...call, url: call.url.replace(/\/api\/auth\/session$/, "/api/auth/login") });
      const answer = (body ?? {}) as {
        user?: unknown; csrf_token?: string; expires_at?: string; code?: string; params?: Record<string, string>;
      };
      const signedIn = status === 200;
      return json(200, {
        signed_in: signedIn,
        user: signedIn ? answer.user : null,
        csrf_token: signedIn ? answer.csrf_token : null,
        expires_at: signedIn ? answer.expires_at : null,
        refused: signedIn ? null : { code: answer.code, params: answer.params ?? {} },
      });
    }
    const { status, body } = handler({ ...call, url: call.url.replace(/\/api\/auth\/session$/, "/api/auth/me") });
    if (session) return json(200, status === 200 ? { signed_in: true, user: body } : { signed_in: false, user: null });
    return { status, body };
  });
}

function user(role: "agent" | "supervisor" | "admin", language: "en" | "vi" = "en") {
  return { id: 1, username: role, display_name: `The ${role}`, role, language, csrf_token: "t" };
}

afterEach(() => vi.unstubAllGlobals());

describe("shell", () => {
  it("shows Admin only to admins", async () => {
    serveAuth(() => ({ status: 200, body: user("admin") }));
    renderAt("/");
    expect(await screen.findByRole("link", { name: "Admin" })).toBeTruthy();
    expect(screen.getByRole("link", { name: "Designer" })).toBeTruthy();
    expect(screen.getByTestId("user-menu").textContent).toContain("admin");
  });

  it("hides Designer, Supervisor and Admin from agents", async () => {
    serveAuth(() => ({ status: 200, body: user("agent") }));
    renderAt("/");
    expect(await screen.findByRole("link", { name: "Desk" })).toBeTruthy();
    expect(screen.queryByRole("link", { name: "Admin" })).toBeNull();
    expect(screen.queryByRole("link", { name: "Designer" })).toBeNull();
  });

  it("asks who is signed in without a refused request: nobody is a normal answer", async () => {
    const calls = serve(
      { "GET /api/auth/session": json(200, { signed_in: false, user: null }) },
      { otherwise: () => json(401, { code: "not-authenticated", detail: "sign in first" }) },
    );
    renderAt("/desk");
    expect(await screen.findByRole("button", { name: "Sign in" })).toBeTruthy();
    expect(calls.map((call) => call.url)).toEqual(["/api/auth/session"]);
  });

  it("tells an agent they have no access to the admin page", async () => {
    serveAuth(() => ({ status: 200, body: user("agent") }));
    renderAt("/admin/users");
    expect(await screen.findByText("You do not have access to this page")).toBeTruthy();
  });

  it("says why sign-in failed, from the problem's code, in the language chosen", async () => {
    const locked = { code: "account-locked", detail: "too many failed attempts", params: { retry_after: "2026-12-07T13:05:00Z" } };
    serveAuth(({ url }) =>
      url.endsWith("/api/auth/me")
        ? { status: 401, body: { code: "not-authenticated", detail: "sign in first" } }
        : { status: 423, body: locked },
    );
    renderAt("/login");
    await userEvent.type(await screen.findByLabelText("Username"), "agent");
    await userEvent.type(screen.getByLabelText("Password"), "wrong-password");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    const alert = (await screen.findByRole("alert")).textContent;
    expect(alert).toContain("Too many failed attempts: the account is locked until");
    expect(alert).toContain("2026");
    expect(alert).not.toContain("too many failed attempts");
  });

  it("says a wrong password in Vietnamese when Vietnamese is chosen at sign-in", async () => {
    serveAuth(({ url }) =>
      url.endsWith("/api/auth/me")
        ? { status: 401, body: { code: "not-authenticated", detail: "sign in first" } }
        : { status: 401, body: { code: "invalid-credentials", detail: "wrong username or password" } },
    );
    renderAt("/login");
    await userEvent.selectOptions(await screen.findByLabelText("Language"), "vi");
    await userEvent.type(await screen.findByLabelText("Tên đăng nhập"), "lan");
    await userEvent.type(screen.getByLabelText("Mật khẩu"), "wrong-password");
    await userEvent.click(screen.getByRole("button", { name: "Đăng nhập" }));
    expect((await screen.findByRole("alert")).textContent).toBe("Sai tên đăng nhập hoặc mật khẩu.");
  });

  it("speaks Vietnamese to a Vietnamese user", async () => {
    serveAuth(() => ({ status: 200, body: user("agent", "vi") }));
    renderAt("/");
    expect(await screen.findByRole("button", { name: "Đăng xuất" })).toBeTruthy();
    expect(document.documentElement.lang).toBe("vi");
  });

  it("returns to the page the visitor wanted after signing in", async () => {
    const calls: Call[] = [];
    serveAuth((call) => {
      const { url } = call;
      calls.push(call);
      if (url.endsWith("/api/auth/login")) {
        return { status: 200, body: { user: user("agent"), csrf_token: "fresh", expires_at: "2030-01-01T00:00:00Z" } };
      }
      if (url === "/api/desk") return { status: 200, body: { state: "offline", reason: null, state_since: 0, items: [], demo_contacts: false } };
      if (url === "/api/queues") return { status: 200, body: [] };
      return { status: 401, body: { code: "not-authenticated", detail: "sign in first" } };
    });
    renderAt("/desk");
    await userEvent.type(await screen.findByLabelText("Username"), "agent");
    await userEvent.type(screen.getByLabelText("Password"), "agent-parley");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("heading", { name: "Operator desk" })).toBeTruthy();
    expect(await screen.findByTestId("desk-state")).toBeTruthy();
    const login = calls.find((call) => call.url.endsWith("/api/auth/login"));
    expect(login?.body).toEqual({ username: "agent", password: "agent-parley" });
  });

  it("sends the user to sign in when the session has ended", async () => {
    serveAuth(({ url }) =>
      url.endsWith("/api/auth/me")
        ? { status: 200, body: user("admin") }
        : { status: 401, body: { code: "not-authenticated", detail: "sign in first" } },
    );
    renderAt("/admin/users");
    expect(await screen.findByRole("button", { name: "Sign in" })).toBeTruthy();
    expect(screen.queryByTestId("shell")).toBeNull();
  });

  it("switches the language at once and saves it on the server", async () => {
    const patches: unknown[] = [];
    serveAuth(({ method, body }) => {
      if (method === "PATCH") {
        patches.push(body);
        return { status: 200, body: user("supervisor", "vi") };
      }
      return { status: 200, body: user("supervisor") };
    });
    renderAt("/");
    await userEvent.selectOptions(await screen.findByLabelText("Language"), "vi");
    expect(await screen.findByRole("button", { name: "Đăng xuất" })).toBeTruthy();
    expect(screen.getByRole("link", { name: "Thiết kế kịch bản" })).toBeTruthy();
    expect(patches).toEqual([{ language: "vi" }]);
    expect(document.documentElement.lang).toBe("vi");
  });

  it("switches back and says why when the language cannot be saved", async () => {
    serveAuth(({ method }) =>
      method === "PATCH"
        ? { status: 503, body: { code: "database-busy", detail: "database is busy", params: { retry_after_seconds: 1 } } }
        : { status: 200, body: user("agent") },
    );
    renderAt("/");
    await userEvent.selectOptions(await screen.findByLabelText("Language"), "vi");
    expect((await screen.findByRole("alert")).textContent).toContain("The server is busy. Try again in a moment");
    expect(screen.getByRole("button", { name: "Sign out" })).toBeTruthy();
    expect((screen.getByLabelText("Language") as HTMLSelectElement).value).toBe("en");
  });

  it("after signing out, the next person starts at home, not at the last user's page", async () => {
    let signedIn = true;
    serveAuth(({ url }) => {
      if (url.endsWith("/api/auth/logout")) {
        signedIn = false;
        return { status: 204 };
      }
      if (url.endsWith("/api/auth/login")) {
        signedIn = true;
        return { status: 200, body: { user: user("agent"), csrf_token: "n", expires_at: "2030-01-01T00:00:00Z" } };
      }
      if (url.endsWith("/api/users")) return { status: 200, body: [] };
      return signedIn
        ? { status: 200, body: user("admin") }
        : { status: 401, body: { code: "not-authenticated", detail: "sign in first" } };
    });
    renderAt("/admin/users");
    await userEvent.click(await screen.findByRole("button", { name: "Sign out" }));
    await userEvent.type(await screen.findByLabelText("Username"), "agent");
    await userEvent.type(screen.getByLabelText("Password"), "agent-parley");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("heading", { name: "Hello, The agent" })).toBeTruthy();
    expect(screen.queryByText("You do not have access to this page")).toBeNull();
  });
});
