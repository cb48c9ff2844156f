import { act, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { liveContact, offer as offerMessage } from "../test/eventMessages";
import { FakeSocket, json, renderAt, serve, type Fallback } from "../test/helpers";
import type { DeskOut } from "./api";
import { desk, item } from "./fixtures";

const alex = { id: 3, username: "agent", display_name: "Alex Agent", role: "agent", language: "en", csrf_token: "c" };

// Signed in as Alex, with the queue names the desk reads; `route` answers the rest.
function serveDesk(route: Fallback) {
  return serve({ "GET /api/queues": json(200, [{ id: "orders", name: "Orders and delivery" }]) }, { user: alex, otherwise: route });
}

beforeEach(() => FakeSocket.install());
afterEach(() => vi.unstubAllGlobals());

describe("desk page", () => {
  it("announces an offer, accepts it with the keyboard, and shows the script and the caller", async () => {
    let current: DeskOut = desk([], { state: "ready" });
    const calls = serveDesk(({ url, method }) => {
      if (url === "/api/desk") return { status: 200, body: current };
      if (url === "/api/contacts/c1/accept" && method === "POST") {
        current = desk([item({ id: "c1" })]);
        return { status: 200, body: {} };
      }
      return undefined;
    });
    renderAt("/desk");
    expect((await screen.findByTestId("agent-state")).textContent).toBe("Ready");
    expect(screen.getByTestId("desk-idle").textContent).toMatch("You are ready");

    current = desk([item({ id: "c1", phase: "offered" })], { state: "offered" });
    act(() => {
      FakeSocket.all[0].open();
      FakeSocket.all[0].receive(offerMessage(liveContact({ id: "c1" })));
    });
    const offer = await screen.findByTestId("offer");
    expect(offer.textContent).toMatch("Nguyễn Văn An");
    expect(offer.textContent).toMatch("Orders and delivery");
    expect(screen.getByTestId("offer-announcement").textContent).toMatch("New contact offered: Nguyễn Văn An, Order 1001");
    expect(screen.getByRole("button", { name: /Accept/ }).getAttribute("aria-keyshortcuts")).toBe("A Enter");

    await userEvent.keyboard("a");
    expect((await screen.findByTestId("say")).textContent).toMatch("My name is Alex Agent");
    expect(calls.some((call) => call.url === "/api/contacts/c1/accept" && call.method === "POST")).toBe(true);
    const card = screen.getByTestId("caller-card");
    expect(card.textContent).toMatch("Returning customer");
    expect(card.textContent).toMatch("Previous interactions: 1");
    expect(card.textContent).toMatch("Order 990");
    expect(screen.getByTestId("waited").textContent).toBe("1 min 5 secs");
  });

  it("shows a reconnecting banner while the live link is down", async () => {
    serveDesk(({ url }) => (url === "/api/desk" ? { status: 200, body: desk([], { state: "ready" }) } : undefined));
    renderAt("/desk");
    await screen.findByTestId("agent-state");
    act(() => FakeSocket.all[0].drop());
    expect((await screen.findByTestId("desk-link")).textContent).toMatch("Reconnecting");
    expect(screen.getByText(/The live connection was lost/)).toBeTruthy();
  });

  const heldTwice = (hold_needs_confirmation: boolean) => {
    const working = item({ id: "c1" });
    working.interaction.holds = 2;
    working.interaction.hold_needs_confirmation = hold_needs_confirmation;
    return serveDesk(({ url, body }) => {
      if (url === "/api/desk") return { status: 200, body: desk([working]) };
      if (url === "/api/interactions/c1/hold") {
        return (body as { confirm: boolean }).confirm
          ? { status: 200, body: { ...working.interaction, phase: "on-hold", holds: 3, timeline: [{ at: new Date().toISOString(), kind: "hold", data: {} }] } }
          : { status: 409, body: { code: "hold-confirm-needed", detail: "this would be hold number 3" } };
      }
      return undefined;
    });
  };

  it("asks before a third hold, without a refused request, and sends it confirmed", async () => {
    const calls = heldTwice(true);
    renderAt("/desk");
    await userEvent.click(await screen.findByRole("button", { name: /Hold/ }));
    expect(await screen.findByText("Put the customer on hold a third time?")).toBeTruthy();
    expect(calls.filter((call) => call.url.endsWith("/hold"))).toEqual([]);
    await userEvent.click(screen.getByRole("button", { name: "Confirm" }));
    expect((await screen.findByTestId("hold-timer")).textContent).toMatch(/On hold 0:0\d/);
    expect(screen.getByTestId("hold-count").textContent).toBe("Holds: 3");
    expect(calls.filter((call) => call.url.endsWith("/hold")).map((call) => call.body)).toEqual([{ confirm: true }]);
  });

  it("still asks when the server refuses a hold the desk thought free (count changed elsewhere)", async () => {
    const calls = heldTwice(false);
    renderAt("/desk");
    await userEvent.click(await screen.findByRole("button", { name: /Hold/ }));
    expect(await screen.findByText("Put the customer on hold a third time?")).toBeTruthy();
    await userEvent.click(screen.getByRole("button", { name: "Confirm" }));
    expect((await screen.findByTestId("hold-timer")).textContent).toMatch(/On hold 0:0\d/);
    expect(calls.filter((call) => call.url.endsWith("/hold")).map((call) => call.body)).toEqual([{ confirm: false }, { confirm: true }]);
  });

  it("keeps unsaved notes over a reload and saves them", async () => {
    localStorage.setItem("parley.desk.notes.c1", "Customer prefers mornings");
    const calls = serveDesk(({ url }) => {
      if (url === "/api/desk") return { status: 200, body: desk([item({ id: "c1" })]) };
      if (url === "/api/interactions/c1/notes") return { status: 200, body: { ...item({ id: "c1" }).interaction, notes: "Customer prefers mornings" } };
      return undefined;
    });
    renderAt("/desk");
    expect(((await screen.findByTestId("notes")) as HTMLTextAreaElement).value).toBe("Customer prefers mornings");
    await waitFor(() => expect(screen.getByTestId("notes-status").textContent).toBe("Saved"), { timeout: 3000 });
    expect(calls.find((call) => call.url.endsWith("/notes"))?.body).toEqual({ notes: "Customer prefers mornings" });
    expect(localStorage.getItem("parley.desk.notes.c1")).toBeNull();
  });

  it("wraps up with the script's outcome and goes ready", async () => {
    const wrapping = item({ id: "c1", phase: "wrap-up", view: { finished: true, outcome: "confirmed", outcome_label: "Order confirmed" } });
    let current = desk([wrapping], { state: "wrap-up" });
    const calls = serveDesk(({ url }) => {
      if (url === "/api/desk") return { status: 200, body: current };
      if (url === "/api/interactions/c1/wrap-up") {
        current = desk([], { state: "ready" });
        return { status: 200, body: { ...wrapping.interaction, phase: "closed" } };
      }
      return undefined;
    });
    renderAt("/desk");
    const outcome = (await screen.findByLabelText("Outcome")) as HTMLSelectElement;
    expect(outcome.value).toBe("confirmed");
    await userEvent.click(screen.getByRole("button", { name: "Done — Ready" }));
    await screen.findByTestId("desk-idle");
    expect(calls.find((call) => call.url.endsWith("/wrap-up"))?.body).toEqual({ outcome: "confirmed", notes: "", then: "ready", reason: null });
    expect(screen.queryByTestId("wrap-up")).toBeNull(); // finished by the agent: not a late wrap-up
  });

  it("explains that another operator's interaction cannot be opened", async () => {
    serveDesk(({ url }) =>
      url === "/api/interactions/old" ? { status: 403, body: { code: "forbidden", detail: "this interaction is not yours" } } : undefined,
    );
    renderAt("/desk/interactions/old");
    expect((await screen.findByRole("alert")).textContent).toMatch("belongs to another operator");
  });
});
