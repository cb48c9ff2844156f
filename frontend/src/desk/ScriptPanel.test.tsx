import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { I18nProvider } from "../shared/i18n";
import { serve } from "../test/helpers";
import type { DeskItem } from "./api";
import { item } from "./fixtures";
import { ScriptPanel } from "./ScriptPanel";

function Panel({ start, onChanged = () => undefined }: { start: DeskItem; onChanged?: () => void }) {
  const [current, setCurrent] = useState(start);
  return (
    <I18nProvider initial="en">
      <ScriptPanel item={current} placed={current.placed ?? {}} onItem={setCurrent} onChanged={onChanged} />
    </I18nProvider>
  );
}

afterEach(() => vi.unstubAllGlobals());

describe("script panel", () => {
  it("shows what to say, the hint, numbered answers, and answers with a click or a digit key", async () => {
    const dateStep = item({
      view: {
        step: "ask_date", kind: "input", text: "On which day would you like to receive the order?", options: [],
        hint: null, can_go_back: true, field: { name: "delivery_date", type: "date", label: "Delivery date", required: true, min: null, max: null, choices: [] },
        kb: [{ id: "delivery-terms", title: "Delivery terms", body: "Courier delivery takes 1–2 working days." }],
      },
    });
    const calls = serve(() => ({ status: 200, body: dateStep }));
    render(<Panel start={item()} />);

    expect(screen.getByTestId("say").textContent).toMatch("My name is Alex Agent");
    expect(screen.getByText(/Smile while you speak/)).toBeTruthy();
    expect(screen.getByText("Hint, not said aloud")).toBeTruthy();
    const yes = screen.getByRole("button", { name: /Yes/ });
    expect(yes.getAttribute("aria-keyshortcuts")).toBe("1");
    expect(screen.getByRole("button", { name: /Wrong person/ }).getAttribute("aria-keyshortcuts")).toBe("2");
    expect((screen.getByRole("button", { name: /Back/ }) as HTMLButtonElement).disabled).toBe(true);

    await userEvent.keyboard("1");
    await screen.findByText("On which day would you like to receive the order?");
    expect(calls[0]).toMatchObject({ url: "/api/interactions/i1/script/answer", method: "POST", body: { answer: "Yes" } });
    expect(screen.getByText(/Delivery terms/)).toBeTruthy(); // a collapsible knowledge-base note
    expect((screen.getByRole("button", { name: /Back/ }) as HTMLButtonElement).disabled).toBe(false);
  });

  it("checks a typed field in the browser, then shows the server's reason under it", async () => {
    const start = item({
      view: {
        step: "ask_date", kind: "input", text: "Which day?", options: [], hint: null,
        field: { name: "delivery_date", type: "text", label: "Delivery date", required: true, min: null, max: null, choices: [] },
      },
    });
    const calls = serve(() => ({
      status: 422,
      body: {
        code: "invalid-answer", detail: "Delivery date: 'someday' is not a date (use YYYY-MM-DD)", field: "delivery_date",
        params: { reason: "answer-not-a-date", label: "Delivery date", value: "someday", field: "delivery_date", step: "ask_date" },
      },
    }));
    render(<Panel start={start} />);
    const input = screen.getByLabelText("Delivery date *");

    await userEvent.click(screen.getByRole("button", { name: "Save answer" }));
    expect(screen.getByRole("alert").textContent).toMatch("An answer is required.");
    expect(calls).toHaveLength(0);

    await userEvent.type(input, "someday");
    await userEvent.click(screen.getByRole("button", { name: "Save answer" }));
    await waitFor(() => expect(screen.getByRole("alert").textContent).toBe("Delivery date: someday is not a date (use YYYY-MM-DD)"));
    expect(input.getAttribute("aria-invalid")).toBe("true");
    expect((input as HTMLInputElement).value).toBe("someday");
  });

  it("asks for the customer's words when an option needs them, and notes fields saved to the card", async () => {
    const start = item({ view: { step: "can_talk", options: ["Yes", "No", "Other"], hint: null } });
    const after = item({ view: { step: "ask_email", options: [], fields: { email: "an@example.com" } } });
    after.placed = { email: "customer.email" };
    const calls = serve(({ body }) =>
      (body as { answer: string }).answer === "Other"
        ? { status: 422, body: { code: "invalid-answer", detail: "'Other' needs the customer's words", params: { reason: "answer-needs-words", answer: "Other" } } }
        : { status: 200, body: after },
    );
    render(<Panel start={start} />);
    await userEvent.click(screen.getByRole("button", { name: /Other/ }));
    const words = await screen.findByLabelText("What did the customer say? (Other)");
    await userEvent.type(words, "Busy until six");
    await userEvent.click(screen.getByRole("button", { name: "Save answer" }));
    await screen.findByText(/Saved to the customer card: Email/);
    expect(calls[1].body).toEqual({ answer: "Other: Busy until six" });
    expect(screen.getByTestId("captured").textContent).toMatch("an@example.com");
    expect(screen.getByTestId("captured").textContent).toMatch("on the customer card");
  });

  it("shows a value nobody has yet as a prompt to ask for it, never as [customer.address], in the UI's language", () => {
    const gaps = item({
      view: {
        text: "Your order will go to [customer.address] on [delivery_date]. Is that right?",
        parts: [
          { text: "Your order will go to " }, { text: "", ask: "customer.address" }, { text: " on " },
          { text: "", ask: "delivery_date", label: "Delivery date" }, { text: ". Is that right?" },
        ],
      },
    });
    const { unmount } = render(<Panel start={gaps} />);
    const say = screen.getByTestId("say");
    expect(say.textContent).toBe("Your order will go to ask: address on ask: Delivery date. Is that right?");
    expect(say.textContent).not.toContain("[");
    const asks = say.querySelectorAll("mark.say-ask");
    expect([...asks].map((mark) => mark.getAttribute("data-name"))).toEqual(["customer.address", "delivery_date"]);
    expect(asks[0].getAttribute("title")).toMatch("ask the customer");
    unmount();

    render(
      <I18nProvider initial="vi">
        <ScriptPanel item={gaps} placed={{}} onItem={() => undefined} onChanged={() => undefined} />
      </I18nProvider>,
    );
    expect(screen.getByTestId("say").textContent).toBe("Your order will go to hỏi: địa chỉ on hỏi: Delivery date. Is that right?");
  });

  it("shows the outcome when the script has ended", () => {
    serve(() => ({ status: 500, body: {} }));
    render(
      <Panel start={item({ view: { finished: true, text: "Goodbye!", outcome: "confirmed", outcome_label: "Order confirmed", success: true, options: [], objections: [] } })} />,
    );
    expect(screen.getByTestId("outcome").textContent).toMatch("Script ended: Order confirmed");
    expect(screen.queryByRole("button", { name: /Back/ })).toBeNull();
  });
});
