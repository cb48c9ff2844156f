import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { I18nProvider } from "../shared/i18n";
import { json, serve } from "../test/helpers";
import { UserForm } from "./UserForm";

afterEach(() => vi.unstubAllGlobals());

describe("new user form", () => {
  it("shows the server's field error, worded from its code, next to the field and keeps the input", async () => {
    const problem = {
      code: "password-too-short", detail: "password must be at least 10 characters", field: "password",
      params: { field: "password", min: 10 },
    };
    const calls = serve(() => json(422, problem));
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
    const sent = calls[0].body;
    expect(sent).toMatchObject({ username: "mai", password: "short", role: "agent", language: "en" });
  });

  it("words a refused common password from its code (#13 point 10)", async () => {
    const problem = {
      code: "password-too-common", detail: "password is one of the most common passwords", field: "password",
      params: { field: "password" },
    };
    serve(() => json(422, problem));
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
    const calls = serve(() => json(200, { ...user, email: null }));
    const done = vi.fn();
    render(
      <I18nProvider>
        <UserForm user={user} onDone={done} onCancel={() => undefined} />
      </I18nProvider>,
    );
    await userEvent.clear(screen.getByLabelText("Email"));
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    const { url, method, body } = calls[0];
    expect([url, method]).toEqual(["/api/users/5", "PATCH"]);
    expect(body).toEqual({ display_name: "Mai", email: null, role: "agent", language: "vi" });
    expect(done).toHaveBeenCalled();
  });
});
