import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { I18nProvider } from "../shared/i18n";
import { UserForm } from "./UserForm";

afterEach(() => vi.unstubAllGlobals());

describe("new user form", () => {
  it("shows the server's field error, worded from its code, next to the field and keeps the input", async () => {
    const problem = {
      code: "password-too-short", detail: "password must be at least 10 characters", field: "password",
      params: { field: "password", min: 10 },
    };
    const fetch = vi.fn(async () => new Response(JSON.stringify(problem), { status: 422 }));
    vi.stubGlobal("fetch", fetch);
    const done = vi.fn();
    render(
      <I18nProvider>
        <UserForm onDone={done} onCancel={() => undefined} />
      </I18nProvider>,
    );
    await userEvent.type(screen.getByLabelText("Username"), "mai");
    await userEvent.type(screen.getByLabelText("Password"), "short");
    await userEvent.click(screen.getByRole("button", { name: "Create" }));
    expect(await screen.findByText("The password needs at least 10 characters.")).toBeTruthy();
    expect(screen.queryByText("password must be at least 10 characters")).toBeNull();
    expect(screen.getByLabelText("Password").getAttribute("aria-invalid")).toBe("true");
    expect((screen.getByLabelText("Username") as HTMLInputElement).value).toBe("mai");
    expect(done).not.toHaveBeenCalled();
    const sent = JSON.parse(String((fetch.mock.calls[0] as unknown as [string, RequestInit])[1].body));
    expect(sent).toMatchObject({ username: "mai", password: "short", role: "agent", language: "en" });
  });

  it("words a refused common password from its code (#13 point 10)", async () => {
    const problem = {
      code: "password-too-common", detail: "password is one of the most common passwords", field: "password",
      params: { field: "password" },
    };
    vi.stubGlobal("fetch", vi.fn(async () => new Response(JSON.stringify(problem), { status: 422 })));
    render(
      <I18nProvider>
        <UserForm onDone={vi.fn()} onCancel={() => undefined} />
      </I18nProvider>,
    );
    await userEvent.type(screen.getByLabelText("Username"), "mai");
    await userEvent.type(screen.getByLabelText("Password"), "iloveyou2024");
    await userEvent.click(screen.getByRole("button", { name: "Create" }));
    expect(
      await screen.findByText("This password is one of the most common passwords, which are guessed first: choose another."),
    ).toBeTruthy();
    expect(screen.getByLabelText("Password").getAttribute("aria-invalid")).toBe("true");
  });

  it("edits a user: every shown field is sent, and an emptied email is removed (null), not kept", async () => {
    const user = {
      id: 5, username: "mai", display_name: "Mai", email: "mai@example.com", role: "agent" as const, language: "vi" as const,
      disabled: false, locked_until: null, last_login_at: null, created_at: "2026-01-01T00:00:00Z",
    };
    const fetch = vi.fn(async () => new Response(JSON.stringify({ ...user, email: null }), { status: 200 }));
    vi.stubGlobal("fetch", fetch);
    const done = vi.fn();
    render(
      <I18nProvider>
        <UserForm user={user} onDone={done} onCancel={() => undefined} />
      </I18nProvider>,
    );
    await userEvent.clear(screen.getByLabelText("Email"));
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect([url, init.method]).toEqual(["/api/users/5", "PATCH"]);
    expect(JSON.parse(String(init.body))).toEqual({ display_name: "Mai", email: null, role: "agent", language: "vi" });
    expect(done).toHaveBeenCalled();
  });
});
