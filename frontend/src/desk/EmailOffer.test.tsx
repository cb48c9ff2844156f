import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { toApiError } from "../shared/api/client";
import { I18nProvider, translate } from "../shared/i18n";
import type { MessageKey } from "../shared/i18n/en";
import { errorMessage, fieldMessages, type ErrorTexts } from "../shared/i18n/errors";
import { json, serve } from "../test/helpers";
import { EmailOffer, newKey, sendErrorText } from "./EmailOffer";

const email = (status: string, extra: object = {}) => ({
  id: 7, template: "invite", sender: "offers@parley.example", recipient: "an@example.com", subject: "Your fitting",
  body: "Hello An", attachments: [], status, error: status === "failed" ? "the mail server could not be reached" : null,
  attempts: 1, created_at: "2026-11-27T12:00:00Z", sent_at: status === "sent" ? "2026-11-27T12:00:01Z" : null, ...extra,
});

const preview = { html: "<html><head></head><body><p>Hello <strong>An</strong></p></body></html>", text: "Hello An\n", unsafe_links: [] };

afterEach(() => vi.unstubAllGlobals());

describe("email offer", () => {
  it("makes keys the server accepts", () => {
    const key = newKey();
    expect(key.length).toBeGreaterThanOrEqual(8);
    expect(key.length).toBeLessThanOrEqual(64);
    expect(newKey()).not.toBe(key);
  });

  it("words a list of recipients, an unsendable email and a subject of several lines from their codes", () => {
    const texts: ErrorTexts = {
      errorText: (caught) => errorMessage("en", caught),
      fieldTexts: (caught) => fieldMessages("en", caught),
      diagnosticText: (diagnostic) => diagnostic.code,
    };
    const t = (key: MessageKey) => translate("en", key);
    const text = (caught: unknown) => sendErrorText(caught, texts, t);
    const several = toApiError(422, { code: "several-email-addresses", field: "to", params: { value: "x,v@example.com" } });
    expect(text(several)).toBe("To: x,v@example.com holds more than one address. Enter exactly one email address.");
    expect(text(toApiError(422, { code: "mail-unsendable", params: { header: "To" } }))).toBe(
      "This email cannot be sent: its recipient or sender is not exactly one email address. Write a new email to one address.",
    );
    const subject = toApiError(422, {
      code: "invalid-request",
      errors: [{ field: "subject", code: "control-characters", params: {} }],
    });
    expect(text(subject)).toBe("Subject: Line breaks, tabs and other control characters are not allowed here.");
  });

  it("sends the edited offer once with one key, shows a failure, and retries", async () => {
    const calls = serve(async ({ url }) => {
      if (url === "/api/email/preview") return json(200, preview);
      await new Promise((resolve) => setTimeout(resolve, 20));
      return url.endsWith("/retry") ? json(200, email("sent", { attempts: 2 })) : json(201, email("failed"));
    });
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
    // The last sending call was the retry (the preview, debounced, may still be asked for after it).
    const sending = calls.filter((call) => call.url !== "/api/email/preview");
    expect(sending.at(-1)?.url).toBe("/api/interactions/i1/emails/7/retry");
    expect(sent).toHaveBeenCalledTimes(2);
  });

  it("shows the rendered message, lets the operator edit it, and sends the edited text", async () => {
    const calls = serve(({ url }) => (url === "/api/email/preview" ? json(200, preview) : json(201, email("sent"))));
    render(
      <I18nProvider initial="en">
        <EmailOffer interactionId="i1" template={{ template: "invite", subject: "Your fitting", body: "Hello **An**" }} defaultTo="an@example.com" onSent={vi.fn()} />
      </I18nProvider>,
    );
    const frame = (await screen.findByTitle("Message")) as HTMLIFrameElement;
    expect(frame.getAttribute("srcdoc")).toContain("<strong>An</strong>");
    await userEvent.click(screen.getByRole("tab", { name: "Write" }));
    const body = screen.getByLabelText("Message") as HTMLTextAreaElement;
    body.setSelectionRange(body.value.length, body.value.length);
    await userEvent.type(body, "{Enter}See you soon");
    await userEvent.click(screen.getByRole("button", { name: "Send email" }));
    expect(await screen.findByText("Email sent to an@example.com.")).toBeTruthy();
    expect(calls.find((call) => call.url === "/api/interactions/i1/emails")?.body).toMatchObject({ body: "Hello **An**\nSee you soon" });
  });

  it("asks for what is missing before sending and words refusals from their code, in Vietnamese too", async () => {
    serve(({ url }) =>
      url === "/api/email/preview" ? json(200, preview) : {
        status: 409,
        body: { code: "no-email-consent", detail: "the customer has not agreed to email offers" },
        headers: { "Content-Type": "application/problem+json" },
      },
    );
    render(
      <I18nProvider initial="vi">
        <EmailOffer interactionId="i1" defaultTo="an@example.com" onSent={vi.fn()}
          template={{ template: "invite", subject: "{{ customer.first_name }}, ưu đãi", body: "Chào {{ customer.first_name }}", missing: ["customer.first_name"] }} />
      </I18nProvider>,
    );
    expect(screen.getByRole("status").textContent).toBe("Cần điền trước khi gửi: {{ customer.first_name }}");
    const send = screen.getByRole("button", { name: "Gửi email" }) as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    const subject = screen.getByLabelText("Tiêu đề");
    await userEvent.clear(subject);
    await userEvent.type(subject, "An, ưu đãi");
    await userEvent.click(screen.getByRole("tab", { name: "Soạn" }));
    const body = screen.getByLabelText("Nội dung");
    await userEvent.clear(body);
    await userEvent.type(body, "Chào An");
    expect(send.disabled).toBe(false);
    await userEvent.click(send);
    expect((await screen.findByRole("alert")).textContent).toBe("Khách hàng chưa đồng ý nhận ưu đãi qua email.");
  });
});
