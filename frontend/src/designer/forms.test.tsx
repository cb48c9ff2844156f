// The designer's forms reach what the script format has: each control changes the YAML in place.
import { fireEvent, render, screen, within } from "@testing-library/react";
import { useState } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { I18nProvider } from "../shared/i18n";
import { json, serve } from "../test/helpers";
import { forgetCustomFields } from "./CardFieldSelect";
import { Inspector } from "./Inspector";
import { ScriptSettings } from "./ScriptSettings";

const SOURCE = `slug: survey
name: Survey
start: greet
fields:
  email: {type: email, label: Email}
  reason: {type: text, label: Reason}
  interest: {type: choice, label: Interest, choices: [Yes, No]}
outcomes:
  done: {label: Done}
kb:
  delivery: {title: Delivery, body: Two days.}
nodes:
  greet: {text: Hello, next: ask_email}
  ask_email: {text: Your email?, field: email, next: pick}
  pick:
    text: Do you like it?
    options:
      - {answer: "Yes", next: bye}
      - {answer: Other, next: bye}
  gate:
    script: get-past-secretary
    next: greet
  bye: {text: Bye, end: done}
`;

let latest = SOURCE;

function Editing({ form }: { form: (source: string, onEdit: (next: string) => void) => React.ReactNode }) {
  const [source, setSource] = useState(SOURCE);
  latest = source;
  return <I18nProvider initial="en">{form(source, setSource)}</I18nProvider>;
}

beforeEach(() => {
  latest = SOURCE;
  forgetCustomFields();
  serve(({ url }) =>
    json(200, url === "/api/customer-fields" ? [{ name: "loyalty_id", label: "Loyalty card", type: "text", created_at: "2026-01-01T00:00:00Z" }] : []),
  );
});
afterEach(() => vi.unstubAllGlobals());

const settings = () => render(<Editing form={(source, onEdit) => <ScriptSettings source={source} onEdit={onEdit} onError={() => undefined} />} />);
const inspector = (id: string) => render(<Editing form={(source, onEdit) => (
  <Inspector source={source} id={id} onEdit={onEdit} onDelete={() => undefined} onDuplicate={() => undefined} onShowSource={() => undefined} />
)} />);

describe("script settings", () => {
  it("set the language, direction, description, first step and tags", () => {
    settings();
    fireEvent.change(screen.getByLabelText("Language of the script"), { target: { value: "vi" } });
    fireEvent.change(screen.getByLabelText("Direction"), { target: { value: "outbound" } });
    fireEvent.change(screen.getByLabelText("Description"), { target: { value: "After delivery" } });
    fireEvent.change(screen.getByLabelText("First step"), { target: { value: "pick" } });
    const tags = screen.getByLabelText("Tags (comma-separated)");
    fireEvent.change(tags, { target: { value: "survey, " } });
    expect((tags as HTMLInputElement).value).toBe("survey, ");  // the comma stays while typing
    fireEvent.change(tags, { target: { value: "survey, vip" } });
    fireEvent.blur(tags);
    // New keys go where docs/script-format.md has them, not after the steps.
    expect(latest).toMatch(/^slug: survey\nname: Survey\nlanguage: vi\ndirection: outbound\ndescription: After delivery\ntags: \[survey, vip\]\nstart: pick\nfields:\n/);
  });

  it("write a field's answers to a customer-card field, built-in or custom", async () => {
    settings();
    fireEvent.click(screen.getByRole("tab", { name: "Fields" }));
    const card = screen.getByLabelText("Saved on the customer card as (email)");
    await within(card).findByRole("option", { name: "Loyalty card (loyalty_id)" });
    fireEvent.change(card, { target: { value: "email" } });
    expect(latest).toContain("email: {type: email, label: Email, customer_field: email}");
    fireEvent.change(screen.getByLabelText("Saved on the customer card as (reason)"), { target: { value: "loyalty_id" } });
    expect(latest).toContain("reason: {type: text, label: Reason, customer_field: loyalty_id}");
    fireEvent.change(screen.getByLabelText("Maximum length (reason)"), { target: { value: "500" } });
    expect(latest).toContain("max_length: 500");
    const choices = screen.getByLabelText("Choices (interest)");
    fireEvent.change(choices, { target: { value: "Yes, No, " } });
    expect((choices as HTMLInputElement).value).toBe("Yes, No, ");
    fireEvent.change(choices, { target: { value: "Yes, No, Maybe" } });
    expect(latest).toContain("choices: [Yes, No, Maybe]");
  });

  it("add an objection and pick the step that handles it", () => {
    settings();
    fireEvent.click(screen.getByRole("tab", { name: "Objections" }));
    fireEvent.click(screen.getByRole("button", { name: "+ Add objection" }));
    fireEvent.change(screen.getByLabelText("Objection 1"), { target: { value: "Too expensive" } });
    fireEvent.change(screen.getByLabelText("Handled by step 1"), { target: { value: "bye" } });
    expect(latest).toContain("outcomes:\n  done: {label: Done}\nobjections:\n  - {label: Too expensive, goto: bye}\nkb:\n");
  });

  it("edit a knowledge-base article", () => {
    settings();
    fireEvent.click(screen.getByRole("tab", { name: "Knowledge base" }));
    fireEvent.change(screen.getByLabelText("Title (delivery)"), { target: { value: "Delivery terms" } });
    expect(latest).toContain("delivery: {title: Delivery terms, body: Two days.}");
  });
});

describe("step inspector", () => {
  it("an open question says where its answer goes on the customer card", async () => {
    inspector("ask_email");
    const card = screen.getByLabelText("Saved on the customer card as");
    await within(card).findByRole("option", { name: "Loyalty card (loyalty_id)" });
    fireEvent.change(card, { target: { value: "email" } });
    expect(latest).toContain("email: {type: email, label: Email, customer_field: email}");
  });

  it("a closed question's 'other' answer stores the customer's words in a text field", () => {
    inspector("pick");
    const other = screen.getByLabelText("“Other” answer: the customer's words go into 2");
    expect(within(other).queryByRole("option", { name: "interest" })).toBeNull();  // only text fields take free words
    fireEvent.change(other, { target: { value: "reason" } });
    expect(latest).toContain("- {answer: Other, next: bye, field: reason}");
  });

  it("a closed question stores the chosen answer in a text or choice field, which can go onto the card", async () => {
    inspector("pick");
    const store = screen.getByLabelText("Store the chosen answer in");
    expect(within(store).getAllByRole("option").map((option) => option.textContent)).toEqual(["nowhere", "reason", "interest"]);
    expect(screen.queryByLabelText("Saved on the customer card as")).toBeNull();
    fireEvent.change(store, { target: { value: "interest" } });
    expect(latest).toContain("  pick:\n    text: Do you like it?\n    field: interest\n    options:\n");  // before the answers, as documented
    expect(store).toHaveProperty("value", "interest");
    const card = screen.getByLabelText("Saved on the customer card as");
    await within(card).findByRole("option", { name: "Loyalty card (loyalty_id)" });
    fireEvent.change(card, { target: { value: "loyalty_id" } });
    expect(latest).toContain("interest: {type: choice, label: Interest, choices: [Yes, No], customer_field: loyalty_id}");
    fireEvent.change(store, { target: { value: "" } });
    expect(latest).not.toContain("field: interest");
    expect(latest).toContain("  pick:\n    text: Do you like it?\n    options:\n");
  });

  it("an open question has no answer-storing picker of a closed question", () => {
    inspector("ask_email");
    expect(screen.queryByLabelText("Store the chosen answer in")).toBeNull();
    expect(screen.getByLabelText("Captured into field")).toHaveProperty("value", "email");
  });

  it("a step shows knowledge-base articles, a sub-script maps its outcomes, 'return' reads in words", () => {
    inspector("gate");
    fireEvent.click(screen.getByRole("checkbox", { name: "delivery" }));
    expect(latest).toContain("kb: [delivery]");
    fireEvent.change(screen.getByLabelText("Sub-script outcome"), { target: { value: "refused" } });
    fireEvent.click(screen.getByRole("button", { name: "+ Add outcome" }));
    fireEvent.change(screen.getByLabelText("Outcome leads to 1"), { target: { value: "bye" } });
    expect(latest).toMatch(/\n    on:\n      refused: bye\n/);
    expect(within(screen.getByLabelText("Next step")).getByRole("option", { name: "return (back to where the call was)" })).toBeTruthy();
  });
});
