import { act, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { agentState, routingEvent } from "../test/eventMessages";
import { FakeSocket, renderAt, serve, type Fallback } from "../test/helpers";

const boss = { id: 1, username: "sam", display_name: "Sam", role: "supervisor", language: "en", csrf_token: "c" };

// Signed in as Sam the supervisor; `route` answers the rest.
const serveBoard = (route: Fallback) => serve(route, { user: boss });

const stats = (extra: object = {}) => ({
  queue_id: "orders", name: "Orders and delivery", waiting: 1, longest_wait: 12, agents: { ready: 1, offline: 1 },
  service_level: 0.5, service_level_target: { fraction: 0.8, seconds: 20 }, average_speed_of_answer: 14,
  entered: 2, answered: 1, abandoned: 1, refused: 0, overflowed: 0, completed: 1, handle_time: 180, open: true, ...extra,
});
const alex = {
  user_id: 2, username: "agent", display_name: "Alex Agent", state: "ready", reason: null, state_since: new Date().toISOString(),
  skills: { english: 8 }, memberships: [{ queue_id: "orders", tier: 1, penalty: 0 }], capacity: 100, used: 0,
  handled_today: 3, work: [],
};
const waiting = {
  id: "c1", queue_id: "orders", position: 1, channel: "voice", state: "waiting", priority: 0, from: "+84901234567",
  subject: "Order 1001", request_type: null, agent_id: null, arrived_at: new Date().toISOString(), answered_at: null,
  ended_at: null, callback: true, callback_at: null, attempts: 0,
  transfer: { contact_id: "c0", initial: "c0", from_agent: "2", from_agent_name: "Alex Agent", from_queue: "complaints", mode: "blind", note: "wants a refund" },
};

beforeEach(() => FakeSocket.install());
afterEach(() => vi.unstubAllGlobals());

describe("live board", () => {
  it("shows queues, agents and the line, and follows the WebSocket", async () => {
    const calls = serveBoard(({ url, method }) => {
      if (url === "/api/queues/stats") return { status: 200, body: [stats()] };
      if (url === "/api/agents") return { status: 200, body: [alex] };
      if (url === "/api/queues/orders/waiting") return { status: 200, body: [waiting] };
      if (url === "/api/agents/2/state" && method === "PUT") {
        return { status: 409, body: { code: "contacts-open", detail: "finish your contacts (and their wrap-up) before you go offline", params: {} } };
      }
      return undefined;
    });
    renderAt("/supervisor");
    const card = await screen.findByRole("article", { name: "Orders and delivery" });
    expect(within(card).getByTestId("stat-entered").textContent).toBe("2");
    expect(within(card).getByText("Below target")).toBeTruthy();
    expect(within(card).getByText("50%")).toBeTruthy();
    expect(within(card).getByTestId("stat-asa").textContent).toBe("14 secs");
    expect(screen.getByRole("status").textContent).toContain("Connecting");

    const agents = screen.getByRole("table", { name: "Agents" });
    expect(await within(agents).findByText("Alex Agent")).toBeTruthy();
    expect(within(agents).getByText("Ready", { selector: ".agent-state" })).toBeTruthy();
    const line = screen.getByRole("table", { name: "Waiting contacts" });
    expect(await within(line).findByText("Order 1001")).toBeTruthy();
    expect(within(line).getByText("Yes")).toBeTruthy();
    expect(within(line).getByText("Transferred by Alex Agent")).toBeTruthy();

    const socket = FakeSocket.all[0];
    expect(socket.url).toMatch(/^ws:\/\/.*\/api\/events$/);
    act(() => socket.open());
    expect(screen.getByTestId("link-status").textContent).toContain("Live");

    act(() => socket.receive({ type: "queue-stats", ...stats({ entered: 3, service_level: 0.9, waiting: 0 }) }));
    expect(within(card).getByTestId("stat-entered").textContent).toBe("3");
    expect(within(card).getByText("On target")).toBeTruthy();
    act(() => socket.receive(agentState(2, { state: "busy", at: new Date().toISOString() })));
    expect(within(agents).getByText("Busy", { selector: ".agent-state" })).toBeTruthy();

    const before = calls.filter((call) => call.url === "/api/queues/orders/waiting").length;
    act(() =>
      socket.receive(routingEvent("accepted", { agent_id: 2, at: new Date().toISOString() })),
    );
    await vi.waitFor(() => expect(calls.filter((call) => call.url === "/api/queues/orders/waiting").length).toBe(before + 1));

    await userEvent.click(within(agents).getByRole("button", { name: "Offline Alex Agent" }));
    expect((await screen.findByRole("alert")).textContent).toBe(
      "Alex Agent: Contacts are still open (or in wrap-up): finish them before going offline.",
    );
    expect(calls.find((call) => call.method === "PUT")).toMatchObject({ url: "/api/agents/2/state", body: { state: "offline" } });

    act(() => socket.drop());
    expect(screen.getByTestId("link-status").textContent).toContain("Reconnecting");
  });
});

describe("queue form", () => {
  it("sends the settings, shows the API's problem next to the form and keeps the input", async () => {
    let attempt = 0;
    const calls = serveBoard(({ url, method, body }) => {
      if (url === "/api/skills") return { status: 200, body: [{ name: "english", label: "English", description: "", used_by_queues: 0, used_by_agents: 1 }] };
      if (url === "/api/queues" && method === "GET") return { status: 200, body: [] };
      if (url === "/api/queues" && method === "POST") {
        attempt += 1;
        if (attempt === 1) return { status: 422, body: { code: "unknown-time-zone", detail: "unknown time zone 'Mars/Base'", params: { zone: "Mars/Base" } } };
        return { status: 201, body: { ...(body as object), created_at: "x", updated_at: "x" } };
      }
      return undefined;
    });
    renderAt("/supervisor/queues/new");
    await userEvent.type(await screen.findByLabelText("Name"), "VIP customers");
    expect((screen.getByLabelText("Identifier") as HTMLInputElement).value).toBe("vip-customers");
    await userEvent.click(screen.getByRole("checkbox", { name: "Chat" }));
    await userEvent.click(screen.getByRole("button", { name: "Required skills: Add skill" }));
    await userEvent.selectOptions(screen.getByLabelText("Required skills: skill 1"), "english");
    await userEvent.clear(screen.getByLabelText("Required skills: level of skill 1"));
    await userEvent.type(screen.getByLabelText("Required skills: level of skill 1"), "6");
    await userEvent.click(screen.getByRole("checkbox", { name: "Always open" }));
    await userEvent.clear(screen.getByLabelText("Time zone"));
    await userEvent.type(screen.getByLabelText("Time zone"), "Mars/Base");
    await userEvent.type(screen.getByLabelText("Monday"), "09:00-18:00");
    await userEvent.click(screen.getByRole("button", { name: "Create" }));

    expect((await screen.findByRole("alert")).textContent).toBe("Unknown time zone Mars/Base; use a name such as Asia/Ho_Chi_Minh.");
    expect((screen.getByLabelText("Name") as HTMLInputElement).value).toBe("VIP customers");
    expect((screen.getByLabelText("Monday") as HTMLInputElement).value).toBe("09:00-18:00");
    const sent = calls.find((call) => call.method === "POST")?.body;
    expect(sent).toMatchObject({
      id: "vip-customers",
      name: "VIP customers",
      channels: ["voice", "chat"],
      skills: { english: 6 },
      hours: { timezone: "Mars/Base", week: { mon: ["09:00-18:00"] } },
    });

    await userEvent.clear(screen.getByLabelText("Time zone"));
    await userEvent.type(screen.getByLabelText("Time zone"), "Asia/Ho_Chi_Minh");
    await userEvent.click(screen.getByRole("button", { name: "Create" }));
    expect((await screen.findByRole("status")).textContent).toBe("Queue VIP customers saved.");
   }, 20_000); // types a whole form: slow on a busy machine

  it("picks the queue's script among the published ones and keeps it when only the wrap-up time changes", async () => {
    // The queue's script is the desk's binding (GET /api/queue-scripts), saved apart from routing's settings.
    const orders = {
      id: "orders", name: "Orders and delivery", request_types: ["delivery"], channels: ["voice"], priority: 0,
      skills: {}, strategy: "longest-idle", service_level: { fraction: 0.8, seconds: 20 }, max_size: null,
      overflow: null, hours: null, closed_behaviour: "refuse", closed_queue: null, wrap_up_seconds: 30,
      offer_timeout_seconds: 20, max_handle_seconds: 14400, escalations: [], default_aht_seconds: 180,
      callback_attempts: 3, callback_interval_seconds: 600,
      created_at: "2026-01-01T00:00:00Z", updated_at: "2026-01-01T00:00:00Z",
    };
    const published = [
      { slug: "handle-complaint", name: "Handle a complaint", language: "en", direction: "inbound", version: 2 },
      { slug: "confirm-paid-order", name: "Confirm a paid order", language: "en", direction: "outbound", version: 1 },
      { slug: "don-hang", name: "Xác nhận đơn hàng", language: "vi", direction: "inbound", version: 1 },
    ];
    const calls = serveBoard(({ url, method, body }) => {
      if (url === "/api/skills" || url === "/api/queues") return { status: 200, body: [] };
      if (url === "/api/scripts/published") return { status: 200, body: published };
      if (url === "/api/queue-scripts") return { status: 200, body: [{ queue_id: "orders", script: "confirm-paid-order" }] };
      if (url === "/api/queues/orders" && method === "GET") return { status: 200, body: orders };
      if (url === "/api/queues/orders" && method === "PUT") return { status: 200, body: { ...orders, ...(body as object) } };
      if (url === "/api/queues/orders/script" && method === "PUT") return { status: 200, body };
      return undefined;
    });
    renderAt("/supervisor/queues/orders");
    const picker = (await screen.findByLabelText("Script")) as HTMLSelectElement;
    expect(picker.value).toBe("confirm-paid-order");
    expect([...picker.options].map((option) => option.textContent)).toEqual([
      "No script",
      "Confirm a paid order · English · Outbound",
      "Handle a complaint · English · Inbound",
      "Xác nhận đơn hàng · Tiếng Việt · Inbound",
    ]);

    await userEvent.clear(screen.getByLabelText("Wrap-up (seconds)"));
    await userEvent.type(screen.getByLabelText("Wrap-up (seconds)"), "45");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    await screen.findByRole("status");
    const { id: _id, created_at: _c, updated_at: _u, ...settings } = orders;
    void _id;
    void _c;
    void _u;
    const put = calls.filter((call) => call.method === "PUT");
    expect(put.map((call) => call.url)).toEqual(["/api/queues/orders"]); // the binding did not change
    expect(put[0].body).toEqual({ ...settings, wrap_up_seconds: 45 }); // every other setting as it was

    renderAt("/supervisor/queues/orders");
    const again = (await screen.findAllByLabelText("Script")).at(-1) as HTMLSelectElement;
    await userEvent.selectOptions(again, "don-hang");
    await userEvent.click(screen.getAllByRole("button", { name: "Save" }).at(-1) as HTMLElement);
    await vi.waitFor(() => expect(calls.filter((call) => call.method === "PUT")).toHaveLength(3));
    const [, queueSaved, scriptSaved] = calls.filter((call) => call.method === "PUT");
    expect(queueSaved.url).toBe("/api/queues/orders"); // the queue first, then its script
    expect(queueSaved.body).toEqual({ ...settings, wrap_up_seconds: 30 });
    expect(scriptSaved.url).toBe("/api/queues/orders/script");
    expect(scriptSaved.body).toEqual({ script: "don-hang" });
   }, 20_000);

  it("keeps a script that is no longer published, saying so", async () => {
    const calls = serveBoard(({ url, method, body }) => {
      if (url === "/api/skills" || url === "/api/queues" || url === "/api/scripts/published") return { status: 200, body: [] };
      if (url === "/api/queue-scripts") return { status: 200, body: [{ queue_id: "orders", script: "old-script" }] };
      if (url === "/api/queues/orders" && method === "GET") {
        return { status: 200, body: { id: "orders", name: "Orders", channels: ["voice"], created_at: "x", updated_at: "x" } };
      }
      if (url === "/api/queues/orders" && method === "PUT") return { status: 200, body: { id: "orders", ...(body as object) } };
      return undefined;
    });
    renderAt("/supervisor/queues/orders");
    const picker = (await screen.findByLabelText("Script")) as HTMLSelectElement;
    expect(picker.value).toBe("old-script");
    expect(picker.selectedOptions[0].textContent).toBe("old-script (not published)");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    await screen.findByRole("status");
    // The queue is saved and the binding left as it is (sending it again would be refused: not published).
    expect(calls.filter((call) => call.method === "PUT").map((call) => call.url)).toEqual(["/api/queues/orders"]);
  });

  it("binds the script of a new queue after creating it, and a refused script is retried without a second queue", async () => {
    const published = [{ slug: "don-hang", name: "Xác nhận đơn hàng", language: "vi", direction: "inbound", version: 1 }];
    let binds = 0;
    const calls = serveBoard(({ url, method, body }) => {
      if ((url === "/api/skills" || url === "/api/queues") && method === "GET") return { status: 200, body: [] };
      if (url === "/api/scripts/published") return { status: 200, body: published };
      if (url === "/api/queues" && method === "POST") return { status: 201, body: { ...(body as object), created_at: "x", updated_at: "x" } };
      if (url === "/api/queues/vip" && method === "PUT") return { status: 200, body: { id: "vip", ...(body as object), created_at: "x", updated_at: "x" } };
      if (url === "/api/queues/vip/script" && method === "PUT") {
        binds += 1;
        if (binds === 1) {
          return { status: 404, body: { code: "script-not-published", detail: "not published", field: "script", params: { script: "don-hang" } } };
        }
        return { status: 200, body };
      }
      return undefined;
    });
    renderAt("/supervisor/queues/new");
    await userEvent.type(await screen.findByLabelText("Name"), "VIP");
    await userEvent.selectOptions(screen.getByLabelText("Script"), "don-hang");
    await userEvent.click(screen.getByRole("button", { name: "Create" }));
    await vi.waitFor(() => expect(binds).toBe(1));
    await userEvent.click(screen.getByRole("button", { name: "Create" }));
    expect((await screen.findByRole("status")).textContent).toBe("Queue VIP saved.");
    const writes = calls.filter((call) => call.method !== "GET");
    expect(writes.map((call) => `${call.method} ${call.url}`)).toEqual([
      "POST /api/queues",
      "PUT /api/queues/vip/script",
      "PUT /api/queues/vip",
      "PUT /api/queues/vip/script",
    ]);
    expect(writes.at(-1)?.body).toEqual({ script: "don-hang" });
  }, 20_000);

  it("checks the form before sending", async () => {
    const calls = serveBoard(({ url }) => {
      if (url === "/api/skills" || url === "/api/queues") return { status: 200, body: [] };
      return undefined;
    });
    renderAt("/supervisor/queues/new");
    await userEvent.click(await screen.findByRole("checkbox", { name: "Always open" }));
    await userEvent.type(screen.getByLabelText("Tuesday"), "nine to five");
    await userEvent.click(screen.getByRole("button", { name: "Create" }));
    expect(screen.getAllByText("Required.")).toHaveLength(2);
    expect(screen.getByText("Use ranges like 09:00-18:00, separated by commas.")).toBeTruthy();
    expect(screen.getByLabelText("Tuesday").getAttribute("aria-invalid")).toBe("true");
    expect(calls.some((call) => call.method === "POST")).toBe(false);
  });
});
