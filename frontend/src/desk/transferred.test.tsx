import { render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { I18nProvider } from "../shared/i18n";
import { renderAt } from "../test/helpers";
import type { DeskItem } from "./api";
import { CallerCard } from "./CallerCard";
import { iso, item } from "./fixtures";
import { callLegs, earlierContacts } from "./history";
import { OfferCard } from "./OfferCard";
import { TransferredFrom } from "./Transfer";
import { wrapUpTarget } from "./WorkItem";
import { WrapUp } from "./WrapUp";

afterEach(() => vi.unstubAllGlobals());

type Entry = NonNullable<DeskItem["customer"]>["history"][number];
const entry = (id: string, extra: Partial<Entry> = {}): Entry => ({
  id, channel: "voice", direction: "inbound", queue_id: "orders", subject: "Refund", outcome: null, phase: "closed",
  received_at: iso(0), agent_id: 3, transferred_from: null, ...extra,
});

/** The receiver's leg "leg2" of a call that began as "i0" and went through "leg1"; `older` earlier contacts. */
function received(phase: "offered" | "talking", older: Entry[]): DeskItem {
  const leg = item({ id: "leg2", phase });
  leg.interaction.queue_id = "experts";
  leg.interaction.timeline = [
    { at: iso(0), kind: "received", data: {} },
    { at: iso(0), kind: "transferred-in", data: { from: "leg1", from_agent_name: "Anna", from_queue: "complaints", mode: "whisper", note: "wants a refund" } },
  ];
  const history = [
    entry("leg2", { transferred_from: "leg1", phase }),
    entry("leg1", { transferred_from: "i0", outcome: "transferred" }),
    entry("i0", { outcome: "transferred" }),
    ...older,
  ];
  // What the server answers: three legs of this call plus the older ones; `returning` about earlier calls.
  leg.customer = { ...leg.customer!, history, interactions_count: history.length, returning: older.length > 0 };
  return leg;
}

function show(current: DeskItem) {
  const queues = { orders: "Orders", experts: "Product experts", complaints: "Complaints" };
  return renderAt(
    "/",
    <>
      <OfferCard item={current} queueName="Product experts" queueNames={queues} now={Date.parse(iso(1))} skew={0} shortcuts={false} onDone={() => undefined} />
      <CallerCard item={current} queueName="Product experts" queueNames={queues} />
    </>,
    { lang: "en", auth: false },
  );
}

describe("a transferred call, as the receiving agent sees it", () => {
  it("finds every leg of one call, however many transfers it went through", () => {
    const legs = callLegs("leg2", [entry("leg2", { transferred_from: "leg1" }), entry("leg1", { transferred_from: "i0" }), entry("i0"), entry("old")]);
    expect([...legs].sort()).toEqual(["i0", "leg1", "leg2"]);
    expect([...callLegs("i0", [entry("leg1", { transferred_from: "i0" }), entry("i0")])].sort()).toEqual(["i0", "leg1"]);
  });

  it("calls a new customer new on the offer and on the caller card alike", () => {
    show(received("offered", []));
    expect(within(screen.getByTestId("offer")).getByText("New customer")).toBeTruthy();
    expect(within(screen.getByTestId("caller-card")).getByText("New customer")).toBeTruthy();
    expect(screen.getByTestId("caller-card").textContent).toContain("Previous interactions: 0");
    expect(earlierContacts(received("talking", []))).toMatchObject({ count: 0, returning: false });
  });

  it("calls a returning customer returning on both, counting only earlier calls", () => {
    show(received("offered", [entry("old", { subject: "Order 990", outcome: "resolved", received_at: iso(-86400) })]));
    expect(within(screen.getByTestId("offer")).getByText("Returning customer")).toBeTruthy();
    const card = screen.getByTestId("caller-card");
    expect(within(card).getByText("Returning customer")).toBeTruthy();
    expect(card.textContent).toContain("Previous interactions: 1");
    expect(within(card).getAllByRole("link").map((link) => link.textContent)).toEqual(["Order 990"]);
  });

  it("phrases the origin and the note for the receiver", () => {
    const origin = { from: "leg1", agent: "Anna", queue: "complaints", mode: "consult", note: "wants a refund" };
    const english = render(
      <I18nProvider initial="en"><TransferredFrom origin={origin} queueNames={{ complaints: "Complaints" }} /></I18nProvider>,
    ).container;
    expect(english.textContent).toBe("Anna, Complaints · consult: they talked to you before handing overFrom Anna: wants a refund");
    expect(english.textContent).not.toContain("your note");
    const vietnamese = render(
      <I18nProvider initial="vi"><TransferredFrom origin={{ ...origin, agent: "" }} queueNames={{ complaints: "Khiếu nại" }} /></I18nProvider>,
    ).container;
    expect(vietnamese.textContent).toBe("Khiếu nại · tham vấn: người chuyển đã trao đổi với bạn trước khi bàn giaoTừ hàng đợi Khiếu nại: wants a refund");
  });
});

describe("the first agent's wrap-up after a transfer", () => {
  it("preselects the outcome 'Transferred' the server recorded, not 'no outcome'", () => {
    const mine = item({ phase: "wrap-up" });
    mine.interaction.outcome = "transferred";
    const target = wrapUpTarget(mine);
    expect(target.outcome).toBeNull(); // not the script's
    render(<I18nProvider initial="en"><WrapUp target={target} now={Date.parse(iso(10))} skew={0} onDone={() => undefined} /></I18nProvider>);
    const select = screen.getByLabelText("Outcome") as HTMLSelectElement;
    expect(select.value).toBe("transferred");
    expect(select.selectedOptions[0].textContent).toBe("Transferred");
  });

  it("keeps the script's outcome first when the run ended", () => {
    const mine = item({ phase: "wrap-up", view: { finished: true, outcome: "confirmed", outcome_label: "Order confirmed" } });
    mine.interaction.outcome = "confirmed";
    expect(wrapUpTarget(mine)).toMatchObject({ outcome: { value: "confirmed", label: "Order confirmed" }, recorded: null });
  });
});
