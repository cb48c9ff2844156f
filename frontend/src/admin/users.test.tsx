import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { I18nProvider } from "../shared/i18n";
import { UserForm } from "./UserForm";

afterEach(() => vi.unstubAllGlobals());

describe("new user form", () => {
  it("shows the server's field error next to the field and keeps the input", async () => {
    const problem = { code: "invalid-input", detail: "password must be at least 10 characters", field: "password" };
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
    expect(await screen.findByText("password must be at least 10 characters")).toBeTruthy();
    expect(screen.getByLabelText("Password").getAttribute("aria-invalid")).toBe("true");
    expect((screen.getByLabelText("Username") as HTMLInputElement).value).toBe("mai");
    expect(done).not.toHaveBeenCalled();
    const sent = JSON.parse(String((fetch.mock.calls[0] as unknown as [string, RequestInit])[1].body));
    expect(sent).toMatchObject({ username: "mai", password: "short", role: "agent", language: "en" });
  });
});
