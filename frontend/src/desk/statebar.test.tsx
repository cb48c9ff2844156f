import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { I18nProvider } from "../shared/i18n";
import { LiveAgents } from "../supervisor/LiveAgents";
import { desk, T0 } from "./fixtures";
import { StateBar } from "./StateBar";

const before = (a: Element, b: Element) => Boolean(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);

describe("the state bar", () => {
  it("keeps the reason with Not ready, not between Ready and Not ready", () => {
    render(
      <I18nProvider initial="en">
        <StateBar desk={desk([], { state: "ready" })} now={T0} skew={0} onChanged={() => undefined} />
      </I18nProvider>,
    );
    const ready = screen.getByRole("button", { name: "Ready" });
    const notReady = screen.getByRole("button", { name: "Not ready" });
    const reason = screen.getByRole("combobox", { name: "Reason" });
    const offline = screen.getByRole("button", { name: "Offline" });
    expect(before(ready, notReady) && before(notReady, reason) && before(reason, offline)).toBe(true);
    const group = screen.getByRole("group", { name: "Not ready" });
    expect(within(group).getByRole("button", { name: "Not ready" })).toBe(notReady);
    expect(within(group).getByRole("combobox", { name: "Reason" })).toBe(reason);
  });

  it("says why the agent is not ready in words, also for reasons the server set", () => {
    render(
      <I18nProvider initial="vi">
        <StateBar desk={desk([], { state: "not-ready", reason: "missed-offers" })} now={T0} skew={0} onChanged={() => undefined} />
      </I18nProvider>,
    );
    expect(screen.getByTestId("agent-state").textContent).toBe("Chưa sẵn sàng · Bỏ lỡ cuộc gọi được mời");
  });
});

describe("the live board's agents", () => {
  it("shows state reasons by their labels, not their codes", () => {
    const agent = (user_id: number, name: string, reason: string) => ({
      user_id, username: name.toLowerCase(), display_name: name, role: "agent" as const, state: "not-ready", reason,
      state_since: new Date(T0).toISOString(), skills: {}, memberships: [], capacity: 100, used: 0, handled_today: 0, work: [],
    });
    render(
      <I18nProvider initial="en">
        <LiveAgents agents={[agent(2, "Alex", "break"), agent(3, "Lan", "set-by-supervisor")]} queueNames={{}} now={T0} onChanged={() => undefined} />
      </I18nProvider>,
    );
    expect(screen.getByTestId("agent-alex").textContent).toContain("Break");
    expect(screen.getByTestId("agent-lan").textContent).toContain("Set by a supervisor");
    expect(screen.getByTestId("agent-lan").textContent).not.toContain("set-by-supervisor");
  });
});
