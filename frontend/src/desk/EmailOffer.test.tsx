import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { I18nProvider } from "../shared/i18n";
import { EmailOffer, newKey } from "./EmailOffer";

type Call = { url: string; body: unknown };

const email = (status: string, extra: object = {}) => ({
  id: 7, template: "invite", sender: "offers@parley.example", recipient: "an@example.com", subject: "Your fitting",
  body: "Hello An", attachments: [], status, error: status === "failed" ? "the mail server could not be reached" : null,
  attempts: 1, created_at: "2026-11-27T12:00:00Z", sent_at: status === "sent" ? "2026-11-27T12:00:01Z" : null, ...extra,
});

afterEach(() => vi.unstubAllGlobals());

describe("email offer", () => {
  it("makes keys the server accepts", () => {
    const key = newKey();
    expect(key.length).toBeGreaterThanOrEqual(8);
    expect(key.length).toBeLessThanOrEqual(64);
    expect(newKey()).not.toBe(key);
  });

  it("sends the edited offer once with one key, shows a failure, and retries", async () => {
    const calls: Call[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (url: string, init: RequestInit = {}) => {
        calls.push({ url, body: init.body ? JSON.parse(String(init.body)) : undefined });
        await new Promise((resolve) => setTimeout(resolve, 20));
        const out = url.endsWith("/retry") ? email("sent", { attempts: 2 }) : email("failed");
        return new Response(JSON.stringify(out), { status: url.endsWith("/retry") ? 200 : 201 });
      }),
    );
    const sent = vi.fn();
    render(
      <I18nProvider initial="en">
        <EmailOffer
          interactionId="i1"
          template={{ template: "invite", subject: "Your fitting", body: "Hello An", sender: "offers@parley.example", attachments: ["leaflet.pdf"] }}
          defaultTo="an@example.com"
          onSent={sent}
        />
      </I18nProvider>,
    );
    expect(screen.getByText(/leaflet.pdf/)).toBeTruthy();
    const subject = screen.getByLabelText("Subject") as HTMLInputElement;
    expect(subject.value).toBe("Your fitting");
    await userEvent.clear(subject);
    await userEvent.type(subject, "Your free fitting");
    await userEvent.dblClick(screen.getByRole("button", { name: "Send email" }));
    expect((await screen.findByRole("alert")).textContent).toMatch("could not be reached");
    const sends = calls.filter((call) => call.url === "/api/interactions/i1/emails");
    expect(sends).toHaveLength(1);
    expect(sends[0].body).toMatchObject({ to: "an@example.com", subject: "Your free fitting", body: "Hello An", template: "invite" });

    await userEvent.click(screen.getByRole("button", { name: "Retry" }));
    expect((await screen.findByRole("status")).textContent).toMatch("Email sent to an@example.com.");
    expect(calls.at(-1)?.url).toBe("/api/interactions/i1/emails/7/retry");
    expect(sent).toHaveBeenCalledTimes(2);
  });
});
