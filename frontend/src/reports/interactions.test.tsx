import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { json, renderAt, serve } from "../test/helpers";

const sam = { id: 1, username: "sam", display_name: "Sam", role: "supervisor", language: "en", csrf_token: "c" };
const row = (id: string, outcome: string) => ({
  id, channel: "voice", direction: "inbound", queue_id: "orders", request_type: null, subject: `Subject ${id}`, from: "+84907778899",
  customer_id: 7, agent_id: 2, run_id: null, outcome, notes: "", phase: "closed", holds: 0, hold_needs_confirmation: false, received_at: "2025-05-06T09:00:00Z",
  answered_at: null, ended_at: null, closed_at: null, durations: { wait: 5, talk: 61, hold: 0, wrap_up: 3, total: 69 }, timeline: [],
});

afterEach(() => vi.unstubAllGlobals());

describe("Supervisor → Interactions", () => {
  it("filters by outcome, pages with one extra row, and exports with the same filters", async () => {
    const calls = serve({
      "GET /api/agents": json(200, [{ user_id: 2, display_name: "Alex Agent" }]),
      "GET /api/interactions/outcomes": json(200, [{ id: "confirmed", label: "Order confirmed" }]),
      "GET /api/queues": json(200, [{ id: "orders", name: "Orders and delivery" }]),
      "GET /api/customers/{customer_id}": (_call, { customer_id }) =>
        json(200, customer_id === "7" ? { id: 7, name: "Phạm Minh", company: "", phones: [], emails: [], history: [] } : []),
      "GET /api/interactions": ({ url }) =>
        json(200, !url.includes("?") || !url.includes("outcome=confirmed") ? []
          : url.endsWith("offset=0") ? Array.from({ length: 26 }, (_, index) => row(`c-${index}`, "confirmed")) : [row("c-25", "confirmed")]),
    }, { user: sam, otherwise: () => json(200, []) });
    const urls = () => calls.map((call) => call.url);
    renderAt("/supervisor/interactions", undefined, { lang: "en" });
    // The page is loaded lazily: give a busy machine time.
    expect(await screen.findByText("No interactions match these filters.", undefined, { timeout: 8000 })).toBeTruthy();
    await userEvent.selectOptions(screen.getByLabelText("Outcome"), "Order confirmed");
    await userEvent.click(screen.getByRole("button", { name: "Search" }));
    expect(await screen.findByText("Subject c-0")).toBeTruthy();
    expect(screen.queryByText("Subject c-25")).toBeNull();
    expect(screen.getAllByText("1 min 9 secs")).toHaveLength(25);
    expect((await screen.findAllByText("Phạm Minh")).length).toBe(25);
    expect(urls()).toContain("/api/interactions?outcome=confirmed&limit=26&offset=0");
    expect(screen.getByRole("link", { name: "Export CSV" }).getAttribute("href")).toBe("/api/interactions/export.csv?outcome=confirmed");
    expect(screen.getByText("Showing 1–25")).toBeTruthy();
    await userEvent.click(screen.getByRole("button", { name: "Next" }));
    expect(await screen.findByText("Subject c-25")).toBeTruthy();
    expect(screen.getByText("Showing 26–26")).toBeTruthy();
    expect((screen.getByRole("button", { name: "Next" }) as HTMLButtonElement).disabled).toBe(true);
    expect(urls()).toContain("/api/interactions?outcome=confirmed&limit=26&offset=25");
  }, 20_000);

  it("searches what is typed in the customer box, and shows outcomes, agents and reasons in words", async () => {
    const calls = serve({
      "GET /api/agents": json(200, [{ user_id: 2, display_name: "Alex Agent" }]),
      "GET /api/interactions/outcomes": json(200, [{ id: "meeting-booked", label: "Meeting booked" }, { id: "done", label: null }]),
      "GET /api/customers": ({ url }) =>
        json(200, url.includes("?") ? [{ id: 7, name: "Phạm Minh", company: "", phones: [], emails: [] }] : []),
      "GET /api/customers/{customer_id}": (_call, { customer_id }) =>
        json(200, customer_id === "7" ? { id: 7, name: "Phạm Minh", company: "", phones: [], emails: [], history: [] } : []),
      "GET /api/interactions": ({ url }) =>
        json(200, !url.includes("?") || !url.includes("customer_search=") ? [] : [
          { ...row("a", "meeting-booked"), agent_id: 1, agent_name: "Sam Supervisor" },
          { ...row("b", "transferred"), agent_name: "Alex Agent" },
          { ...row("c", "done"), agent_name: "Alex Agent" },
        ]),
    }, { user: sam, otherwise: () => json(200, []) });
    const urls = () => calls.map((call) => call.url);
    renderAt("/supervisor/interactions", undefined, { lang: "en" });
    await screen.findByText("No interactions match these filters.", undefined, { timeout: 8000 });
    const outcome = screen.getByLabelText("Outcome") as HTMLSelectElement;
    const words = [...outcome.options].map((option) => option.textContent);
    expect(words).toContain("Meeting booked");
    expect(words).toContain("Transferred");
    expect(words).not.toContain("meeting-booked");
    // Typed, not picked: Search looks for the text (the suggestions are only a shortcut).
    await userEvent.type(screen.getByLabelText("Customer"), "Phạm");
    await userEvent.click(screen.getByRole("button", { name: "Search" }));
    expect(await screen.findByText("Subject a")).toBeTruthy();
    expect(urls()).toContain(`/api/interactions?customer_search=${encodeURIComponent("Phạm")}&limit=26&offset=0`);
    const cells = (id: string) => [...screen.getByTestId(`interaction-${id}`).querySelectorAll("td")].map((cell) => cell.textContent);
    expect(cells("a")).toContain("Sam Supervisor"); // not "#1": the row names its agent
    expect(cells("a")).toContain("Meeting booked");
    expect(cells("b")).toContain("Transferred");
    expect(cells("c")).toContain("Done");
    await waitFor(() => expect(screen.queryAllByText(/^#\d+$/)).toHaveLength(0)); // names arrive with the agents
  }, 20_000);
});
