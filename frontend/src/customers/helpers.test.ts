import { describe, expect, it } from "vitest";

import { translate } from "../shared/i18n";
import type { MessageKey } from "../shared/i18n/en";
import { draftOf, emptyDraft, toCustomerIn } from "./customerForm";
import { splitList } from "./format";
import { labelOf, PHASE_LABEL, timelineRows } from "./labels";

const t = (key: MessageKey) => translate("en", key);

describe("list fields", () => {
  it("cleans what people type into a list field", () => {
    expect(splitList(" a, b;c\n\nb ,")).toEqual(["a", "b", "c"]);
  });
});

describe("timeline rows", () => {
  it("translate kinds, count from the first moment and format durations in the data", () => {
    const rows = timelineRows(
      [
        { at: "2025-01-01T10:00:00Z", kind: "received", data: {} },
        { at: "2025-01-01T10:00:12Z", kind: "answered", data: { wait: 12 } },
        { at: "2025-01-01T10:03:12Z", kind: "ended", data: { talk: 180, reason: "done" } },
        { at: "2025-01-01T10:03:30Z", kind: "wrap-up-ended", data: {} },
        { at: "2025-01-01T10:04:00Z", kind: "teleported", data: { where: "mars" } },
      ],
      t,
    );
    expect(rows.map((row) => row.label)).toEqual(["Received", "Answered", "Conversation ended", "Wrap-up ended", "teleported"]);
    expect(rows.map((row) => row.offset)).toEqual([0, 12, 192, 210, 240]);
    expect(rows[1].details).toEqual([{ label: "Waited", value: "12 secs" }]);
    expect(rows[2].details).toEqual([{ label: "Talked", value: "3 mins" }, { label: "Reason", value: "done" }]);
    expect(rows[4].details).toEqual([{ label: "where", value: "mars" }]);
  });
  it("label known words and pass unknown ones through", () => {
    expect(labelOf(PHASE_LABEL, "on-hold", t)).toBe("On hold");
    expect(labelOf(PHASE_LABEL, "dreaming", t)).toBe("dreaming");
    expect(labelOf(PHASE_LABEL, null, t)).toBe("—");
  });
});

describe("customer form", () => {
  const definitions = [
    { name: "birthday", label: "Birthday", type: "date", labels: {}, created_at: "" },
    { name: "orders", label: "Orders", type: "number", labels: {}, created_at: "" },
    { name: "wholesale", label: "Wholesale", type: "boolean", labels: {}, created_at: "" },
    { name: "note", label: "Note", type: "text", labels: {}, created_at: "" },
  ];
  it("splits lists, types custom fields and sends only consent that was given or refused", () => {
    const draft = {
      ...emptyDraft(),
      name: " Anna ",
      phones: "+84 90 111 2222, 0903334444\n0903334444",
      emails: "anna@example.com;",
      tags: "vip, , wholesale",
      consent: { email_offers: true, calls: undefined },
      fields: { birthday: "1990-04-01", orders: "3,5", wholesale: false, note: "  " },
    };
    const { body, problems } = toCustomerIn(draft, definitions);
    expect(problems).toEqual({});
    expect(body).toEqual({
      name: "Anna",
      company: "",
      phones: ["+84 90 111 2222", "0903334444"],
      emails: ["anna@example.com"],
      tags: ["vip", "wholesale"],
      consent: { email_offers: true },
      fields: { birthday: "1990-04-01", orders: 3.5, wholesale: false },
    });
  });
  it("reports values that are not numbers or dates", () => {
    const draft = { ...emptyDraft(), fields: { orders: "many", birthday: "April" } };
    expect(toCustomerIn(draft, definitions).problems).toEqual({ orders: "number", birthday: "date" });
  });
  it("keeps the values of fields without a definition and other consent flags", () => {
    const customer = {
      id: 4, name: "Bình", company: "", phones: ["+84901112222"], emails: [], tags: [],
      fields: { orders: 2, legacy_id: "X-1" }, consent: { calls: false, sms: true }, created_at: "", updated_at: "",
    };
    const draft = draftOf(customer, definitions);
    expect(draft.fields).toEqual({ orders: "2" });
    const { body } = toCustomerIn(draft, definitions);
    expect(body.fields).toEqual({ legacy_id: "X-1", orders: 2 });
    expect(body.consent).toEqual({ calls: false, sms: true });
  });
});
