import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderAt, serve, type Call, type Fallback } from "../test/helpers";


const admin = { id: 1, username: "admin", display_name: "Ada", role: "admin", language: "en", csrf_token: "c" };
const summary = {
  id: 4, created_at: "2026-12-02T09:30:00Z", sender: "offers@parley.example", recipients: ["an@example.com"],
  subject: "An, your free insole fitting", size: 48_000,
};
const message = {
  ...summary,
  message_id: "<1@parley.example>",
  html: '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><p>Hello <strong>An</strong></p></body></html>',
  text: "Hello An\n",
  attachments: [{ index: 0, filename: "insoles-leaflet.pdf", content_type: "application/pdf", size: 40_000 }],
};

// Signed in as Ada the admin (in `language`); `route` answers the rest.
function serveAdmin(route: Fallback, calls: Call[] = [], language = "en") {
  return serve(route, { user: { ...admin, language }, calls });
}

afterEach(() => vi.unstubAllGlobals());

describe("development mailbox page", () => {
  it("lists caught mail and shows one in a sandboxed frame with its text and attachments", async () => {
    serveAdmin(({ url }) => {
      if (url.startsWith("/api/dev-mail?")) return { status: 200, body: { enabled: true, messages: [summary] } };
      if (url === "/api/dev-mail/4") return { status: 200, body: message };
      return undefined;
    });
    renderAt("/admin/mailbox", undefined, { lang: "en" });
    expect((await screen.findByRole("link", { name: "Mailbox" })).getAttribute("aria-current")).toBe("page");
    const table = await screen.findByRole("table", { name: "Caught messages" });
    // The table may be on screen a moment before its rows: wait for the row itself.
    const row = (await within(table).findByText("an@example.com")).closest("tr") as HTMLElement;
    expect(within(row).getByText("47 KB")).toBeTruthy();
    await userEvent.click(within(row).getByRole("button", { name: "Open the message An, your free insole fitting" }));

    const view = await screen.findByTestId("mail-view");
    expect(await within(view).findByText("offers@parley.example")).toBeTruthy();
    const frame = within(view).getByTitle("An, your free insole fitting") as HTMLIFrameElement;
    expect(frame.getAttribute("sandbox")).not.toMatch(/allow-scripts|allow-same-origin/);
    expect(frame.getAttribute("srcdoc")).toContain("<strong>An</strong>");
    const leaflet = within(view).getByRole("link", { name: "insoles-leaflet.pdf" });
    expect(leaflet.getAttribute("href")).toBe("/api/dev-mail/4/attachments/0");
    expect(within(view).getByRole("link", { name: "Download the message (.eml)" }).getAttribute("href")).toBe("/api/dev-mail/4/raw");

    await userEvent.click(within(view).getByRole("tab", { name: "Plain text" }));
    expect(within(view).getByText("Hello An")).toBeTruthy();
  });

  it("says when the mailbox is off, and empties it only after confirmation", async () => {
    let messages = [summary];
    const calls: Call[] = [];
    serveAdmin(({ url, method }) => {
      if (url.startsWith("/api/dev-mail?")) return { status: 200, body: { enabled: false, messages } };
      if (url === "/api/dev-mail" && method === "DELETE") {
        messages = [];
        return { status: 204 };
      }
      return undefined;
    }, calls, "vi");
    renderAt("/admin/mailbox", undefined, { lang: "vi" });
    expect(await screen.findByText(/Hộp thư phát triển đang tắt/)).toBeTruthy();
    await screen.findByText("an@example.com");
    await userEvent.click(screen.getByRole("button", { name: "Xóa hết hộp thư" }));
    expect(calls.some((call) => call.method === "DELETE")).toBe(false);
    await userEvent.click(screen.getByRole("button", { name: "Xác nhận" }));
    expect(await screen.findByText(/Chưa có thư nào/)).toBeTruthy();
    expect(calls.filter((call) => call.method === "DELETE").map((call) => call.url)).toEqual(["/api/dev-mail"]);
  });

  it("shows a failure to load from the catalog, not the server's words", async () => {
    serveAdmin(() => ({ status: 500, body: { code: "internal-error", detail: "boom" } }));
    renderAt("/admin/mailbox", undefined, { lang: "en" });
    expect((await screen.findByRole("alert")).textContent).toBe("The mailbox could not be loaded. Try again.");
  });
});
