import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderAt, serve, type Answer, type Fallback } from "../test/helpers";



const sam = { id: 1, username: "sam", display_name: "Sam Supervisor", role: "supervisor", language: "en", csrf_token: "c" };
const alex = { ...sam, id: 2, username: "agent", display_name: "Alex Agent", role: "agent" };

// Signed in as `me`; `route` answers the rest.
const serveAs = (me: object, route: Fallback) => serve(route, { user: me });

afterEach(() => vi.unstubAllGlobals());

const at = (seconds: number) => new Date(Date.UTC(2025, 4, 6, 9, 0, seconds)).toISOString();
const interaction = {
  id: "c-1", channel: "voice", direction: "inbound", queue_id: "orders", request_type: null, subject: "Order 7",
  from: "+84907778899", customer_id: 7, agent_id: 2, run_id: null, outcome: "confirmed", notes: "ok", phase: "closed", holds: 0, hold_needs_confirmation: false,
  received_at: at(0), answered_at: at(12), ended_at: at(72), closed_at: at(80),
  durations: { wait: 12, talk: 60, hold: 0, wrap_up: 8, total: 80 },
  timeline: [
    { at: at(0), kind: "received", data: {} },
    { at: at(1), kind: "queued", data: {} },
    { at: at(2), kind: "offered", data: {} },
    { at: at(12), kind: "answered", data: { wait: 12 } },
    { at: at(72), kind: "ended", data: {} },
    { at: at(80), kind: "wrap-up-ended", data: {} },
  ],
};
const card = {
  id: 7, name: "Phạm Minh", company: "Minh Shoes", phones: ["+84907778899"], emails: ["minh@example.com"], fields: {}, tags: ["vip"],
  consent: { email_offers: true }, created_at: at(0), updated_at: at(0), returning: false, interactions_count: 1,
  history: [{ id: "c-1", channel: "voice", direction: "inbound", queue_id: "orders", subject: "Order 7", outcome: "confirmed",
    phase: "closed", received_at: at(0), agent_id: 2 }],
};
const common = (url: string): Answer | undefined => {
  if (url === "/api/queues") return { status: 200, body: [{ id: "orders", name: "Orders and delivery" }] };
  if (url === "/api/agents") return { status: 200, body: [{ user_id: 2, display_name: "Alex Agent" }] };
  if (url === "/api/customer-fields") return { status: 200, body: [] };
  if (url === "/api/customers/7") return { status: 200, body: card };
  return undefined;
};

describe("interaction view", () => {
  it("shows the details, the durations in words and the timeline in order", async () => {
    serveAs(sam, ({ url: url }) => (url === "/api/interactions/c-1" ? { status: 200, body: interaction } : common(url)));
    renderAt("/customers/interactions/c-1", undefined, { lang: "en" });
    expect(await screen.findByRole("heading", { name: "Order 7" })).toBeTruthy();
    const durations = screen.getByTestId("durations");
    expect(within(durations).getByText("12 secs")).toBeTruthy();
    expect(within(durations).getByText("1 min 20 secs")).toBeTruthy();
    const moments = within(screen.getByTestId("timeline")).getAllByRole("listitem").filter((item) => item.classList.contains("timeline-item"));
    expect(moments.map((item) => item.querySelector(".timeline-kind")?.textContent)).toEqual([
      "Received", "Queued", "Offered to an agent", "Answered", "Conversation ended", "Wrap-up ended",
    ]);
    const details = screen.getByTestId("interaction-details");
    expect(await within(details).findByRole("link", { name: "Phạm Minh" })).toBeTruthy();
    expect(await within(details).findByText("Alex Agent")).toBeTruthy();
    expect(within(details).getByText("Orders and delivery")).toBeTruthy();
  });

  it("tells an agent that someone else's interaction is not theirs", async () => {
    serveAs(alex, ({ url: url }) =>
      url === "/api/interactions/c-9" ? { status: 403, body: { code: "forbidden", detail: "this interaction is not yours" } } : common(url),
    );
    renderAt("/customers/interactions/c-9", undefined, { lang: "en" });
    expect((await screen.findByRole("alert")).textContent).toContain("belongs to another agent");
  });
});

describe("customer page", () => {
  it("shows the history and keeps the input when the server refuses a phone taken by someone else", async () => {
    const calls = serveAs(alex, ({ url: url, method }) => {
      if (url === "/api/customers/7" && method === "PUT")
        return { status: 409, body: { code: "identity-taken", detail: "+84901112222 belongs to customer 3", customer_id: 3, params: { customer_id: 3, value: "+84901112222" } } };
      return common(url);
    });
    renderAt("/customers/7", undefined, { lang: "en" });
    expect(await screen.findByRole("heading", { name: "Phạm Minh" })).toBeTruthy();
    expect(screen.getByRole("link", { name: "Order 7" }).getAttribute("href")).toBe("/customers/interactions/c-1");
    expect(screen.queryByRole("button", { name: "Merge a duplicate" })).toBeNull(); // agents do not merge
    await userEvent.click(screen.getByRole("button", { name: "Edit" }));
    const phones = screen.getByLabelText("Phone numbers");
    await userEvent.clear(phones);
    await userEvent.type(phones, "0901112222");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect((await screen.findByRole("alert")).textContent).toContain("+84901112222 belongs to another customer; merge the two instead.");
    expect(screen.getByRole("link", { name: "Open customer #3" })).toBeTruthy();
    expect((screen.getByLabelText("Phone numbers") as HTMLInputElement).value).toBe("0901112222");
    const put = calls.find((call) => call.method === "PUT");
    expect(put?.body).toMatchObject({ name: "Phạm Minh", phones: ["0901112222"], consent: { email_offers: true }, tags: ["vip"] });
  });
});
