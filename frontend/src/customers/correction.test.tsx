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
const common = (url: string): Answer | undefined => {
  if (url === "/api/queues") return { status: 200, body: [{ id: "orders", name: "Orders and delivery" }] };
  if (url === "/api/agents") return { status: 200, body: [{ user_id: 2, display_name: "Alex Agent" }] };
  if (url === "/api/customers/7") return { status: 404, body: { code: "no-such-customer", detail: "gone" } };
  return undefined;
};
const url = "/api/interactions/c-1/correction";

describe("correcting a closed interaction", () => {
  it("needs a reason, sends only what changed, and shows the correction in the timeline", async () => {
    const corrected = {
      ...interaction,
      outcome: "lost",
      timeline: [
        ...interaction.timeline,
        { at: at(90), kind: "corrected", data: { by: "sam", reason: "Call review", changes: { outcome: { from: "confirmed", to: "lost" } } } },
      ],
    };
    const calls = serveAs(sam, ({ url: path, method }) => {
      if (path === "/api/interactions/c-1" && method === "GET") return { status: 200, body: interaction };
      if (path === url && method === "POST") return { status: 200, body: corrected };
      return common(path);
    });
    renderAt("/customers/interactions/c-1", undefined, { lang: "en" });
    await userEvent.click(await screen.findByRole("button", { name: "Correct" }));
    const dialog = await screen.findByRole("dialog", { name: "Correct this interaction" });
    const outcome = within(dialog).getByLabelText("Outcome");
    expect((outcome as HTMLInputElement).value).toBe("confirmed");
    await userEvent.clear(outcome);
    await userEvent.type(outcome, "lost");
    await userEvent.click(within(dialog).getByRole("button", { name: "Save correction" }));
    expect(await within(dialog).findByText("Give a reason for the correction.")).toBeTruthy();
    expect(calls.some((call) => call.url === url)).toBe(false);
    await userEvent.type(within(dialog).getByLabelText("Reason for the correction"), "  Call review ");
    await userEvent.click(within(dialog).getByRole("button", { name: "Save correction" }));
    expect(await screen.findByText("The correction is saved.")).toBeTruthy();
    expect(calls.filter((call) => call.url === url).map((call) => [call.method, call.body])).toEqual([
      ["POST", { reason: "Call review", outcome: "lost" }],
    ]);
    expect(await screen.findByText("Corrected by a supervisor")).toBeTruthy();
    expect(screen.getByText("confirmed → lost")).toBeTruthy();
  });

  it("shows a refusal from its code, translated", async () => {
    serveAs(sam, ({ url: path, method }) => {
      if (path === "/api/interactions/c-1" && method === "GET") return { status: 200, body: interaction };
      if (path === url) return { status: 409, body: { code: "interaction-not-closed", detail: "server English" } };
      return common(path);
    });
    renderAt("/customers/interactions/c-1", undefined, { lang: "en" });
    await userEvent.click(await screen.findByRole("button", { name: "Correct" }));
    const dialog = await screen.findByRole("dialog", { name: "Correct this interaction" });
    await userEvent.type(within(dialog).getByLabelText("Notes"), " and more");
    await userEvent.type(within(dialog).getByLabelText("Reason for the correction"), "typo");
    await userEvent.click(within(dialog).getByRole("button", { name: "Save correction" }));
    expect(await within(dialog).findByText("Only a closed interaction can be corrected; this one is still open.")).toBeTruthy();
    expect(screen.queryByText("server English")).toBeNull();
  });

  it("is offered to supervisors on closed interactions only", async () => {
    serveAs(alex, ({ url: path }) => (path === "/api/interactions/c-1" ? { status: 200, body: interaction } : common(path)));
    renderAt("/customers/interactions/c-1", undefined, { lang: "en" });
    expect(await screen.findByText("Order 7")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Correct" })).toBeNull();
  });

  it("is not offered while the interaction is open", async () => {
    const open = { ...interaction, phase: "wrap-up", closed_at: null };
    serveAs(sam, ({ url: path }) => (path === "/api/interactions/c-1" ? { status: 200, body: open } : common(path)));
    renderAt("/customers/interactions/c-1", undefined, { lang: "en" });
    expect(await screen.findByText("Order 7")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Correct" })).toBeNull();
  });
});
