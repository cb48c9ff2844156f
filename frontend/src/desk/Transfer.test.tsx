import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { I18nProvider } from "../shared/i18n";
import { json, renderAt, serve } from "../test/helpers";
import type { DeskItem } from "./api";
import { CallerCard } from "./CallerCard";
import { iso, item } from "./fixtures";
import { TransferPanel, transferOrigin, type TransferPreset } from "./Transfer";

const queues = { orders: "Orders and delivery", experts: "Product experts", complaints: "Complaints" };

function panel(current: DeskItem, preset: TransferPreset | null = null, onChanged = () => undefined) {
  return render(
    <I18nProvider initial="en">
      <TransferPanel item={current} queueNames={queues} preset={preset} onChanged={onChanged} />
    </I18nProvider>,
  );
}

afterEach(() => vi.unstubAllGlobals());

describe("transfer", () => {
  it("transfers to another queue (never its own) with the chosen mode and a note", async () => {
    const calls = serve(() => json(201, {}));
    const changed = vi.fn();
    panel(item(), null, changed);
    await userEvent.click(screen.getByTestId("transfer-open"));
    const target = screen.getByLabelText("To queue");
    expect([...(target as HTMLSelectElement).options].map((o) => o.value)).toEqual(["experts", "complaints"]);
    await userEvent.selectOptions(target, "complaints");
    await userEvent.selectOptions(screen.getByLabelText("How"), "consult");
    await userEvent.type(screen.getByLabelText("Note for whoever takes it"), "wants a refund");
    await userEvent.click(screen.getByRole("button", { name: "Transfer" }));
    await waitFor(() => expect(changed).toHaveBeenCalled());
    expect(calls).toEqual([
      { url: "/api/contacts/i1/transfer", method: "POST", body: { queue: "complaints", mode: "consult", note: "wants a refund" } },
    ]);
  });

  it("opens filled in from the script's transfer step", () => {
    serve(() => json(200, {}));
    panel(item(), { queue: "experts", mode: "whisper", nonce: 1 });
    expect((screen.getByLabelText("To queue") as HTMLSelectElement).value).toBe("experts");
    expect((screen.getByLabelText("How") as HTMLSelectElement).value).toBe("whisper");
  });

  it("shows a consult under way, who answered it, and hands over or takes the customer back", async () => {
    const calls = serve(() => json(200, {}));
    const underWay = (extra: Record<string, unknown>) =>
      item({ contact: { id: "i1", state: "connected", queue_id: "orders", transfer_to: "leg1", transfer_to_queue: "experts", transfer_mode: "consult", ...extra } });
    const { rerender } = panel(underWay({}));
    expect(screen.getByRole("status").textContent).toBe("Transferring to Product experts: waiting for someone to answer…");
    rerender(
      <I18nProvider initial="en">
        <TransferPanel item={underWay({ transfer_answered_by: "5", transfer_answered_name: "Sam Supervisor" })} queueNames={queues} preset={null} onChanged={() => undefined} />
      </I18nProvider>,
    );
    expect(screen.getByRole("status").textContent).toBe("Sam Supervisor answered the transfer to Product experts");
    await userEvent.click(screen.getByRole("button", { name: "Hand over" }));
    await userEvent.click(screen.getByRole("button", { name: "Cancel transfer" }));
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(calls.map((c) => c.url)).toEqual(["/api/contacts/i1/transfer/hand-over", "/api/contacts/i1/transfer/cancel"]);
  });

  it("says where a transferred customer came from, with the first agent's note", () => {
    const moved = item();
    moved.interaction.timeline = [
      { at: iso(0), kind: "received", data: {} },
      { at: iso(0), kind: "transferred-in", data: { from: "c0", from_agent: "3", from_agent_name: "Alex Agent", from_queue: "orders", mode: "whisper", note: "wants a refund" } },
    ];
    expect(transferOrigin(moved.interaction)).toEqual({ from: "c0", agent: "Alex Agent", queue: "orders", mode: "whisper", note: "wants a refund" });
    expect(transferOrigin(item().interaction)).toBeNull();
    renderAt("/", <CallerCard item={moved} queueName="Product experts" queueNames={queues} />, { lang: "en", auth: false });
    // Told to the receiver: who and where from, how it reached them, and the sender's note as theirs.
    expect(screen.getByTestId("transferred-from").textContent).toBe(
      "Transferred fromAlex Agent, Orders and delivery · whisper: their note before the customerFrom Alex Agent: wants a refund",
    );
    expect(screen.getByTestId("transfer-note").textContent).toBe("From Alex Agent: wants a refund");
  });

  it("does not count the other leg of the same call as an earlier request", () => {
    const first = item();
    const card = first.customer!;
    card.interactions_count = 2;
    card.returning = true;
    card.history = [
      { ...card.history[0], id: "leg1", transferred_from: "i1", queue_id: "experts" },
      { ...card.history[0], id: "i1" },
    ];
    renderAt("/", <CallerCard item={first} queueName="Orders and delivery" />, { lang: "en", auth: false });
    const shown = screen.getByTestId("caller-card");
    expect(shown.textContent).toContain("New customer");
    expect(shown.textContent).toContain("Previous interactions: 0");
  });
});
