// A custom field's label in the reader's language: on the desk's caller card, the customer card and the
// admin's editor, which sends the Vietnamese and English labels.
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { CallerCard } from "../desk/CallerCard";
import { item } from "../desk/fixtures";
import { I18nProvider, type Lang } from "../shared/i18n";
import { json, renderAt, serve } from "../test/helpers";
import type { CustomerField } from "./api";
import { CustomerDetails } from "./CustomerDetails";
import { fieldLabel } from "./fieldLabel";
import { FieldsSection, labelsFrom } from "./FieldsSection";

afterEach(() => vi.unstubAllGlobals());

const FIELDS: CustomerField[] = [
  { name: "address", label: "Delivery address", labels: { vi: "Địa chỉ giao hàng" }, type: "text", created_at: "2026-12-01T00:00:00Z" },
  { name: "orders_count", label: "Orders", labels: { vi: "Số đơn hàng", en: "Number of orders" }, type: "number", created_at: "2026-12-01T00:00:00Z" },
  { name: "vip", label: "VIP", labels: {}, type: "boolean", created_at: "2026-12-01T00:00:00Z" },
];

function callerCard(lang: Lang) {
  const current = item();
  current.customer = { ...current.customer!, fields: { address: "12 Lê Lợi, Quận 1", orders_count: 2, vip: true } };
  return renderAt("/", <CallerCard item={current} queueName="Đơn hàng" />, { lang, auth: false });
}

describe("a custom field's label", () => {
  it("is the label in the reader's language, else the default label", () => {
    expect(fieldLabel(FIELDS[0], "vi")).toBe("Địa chỉ giao hàng");
    expect(fieldLabel(FIELDS[0], "en")).toBe("Delivery address");
    expect(fieldLabel(FIELDS[1], "en")).toBe("Number of orders");
    expect(fieldLabel(FIELDS[2], "vi")).toBe("VIP");
    expect(fieldLabel({ label: "Note", labels: { vi: "" } }, "vi")).toBe("Note");
  });

  it("shows the Vietnamese labels on the caller card of a Vietnamese agent", async () => {
    serve(() => json(200, FIELDS));
    callerCard("vi");
    const card = screen.getByTestId("caller-card");
    expect(await within(card).findByText("Địa chỉ giao hàng")).toBeTruthy();
    expect(within(card).getByText("Số đơn hàng")).toBeTruthy();
    expect(within(card).getByText("VIP")).toBeTruthy();  // no Vietnamese label: the default one
    expect(card.textContent).not.toContain("Delivery address");
    expect(card.textContent).not.toContain("Orders");
  });

  it("shows the English or default labels to an English user", async () => {
    serve(() => json(200, FIELDS));
    callerCard("en");
    const card = screen.getByTestId("caller-card");
    expect(await within(card).findByText("Delivery address")).toBeTruthy();
    expect(within(card).getByText("Number of orders")).toBeTruthy();
    expect(card.textContent).not.toContain("Địa chỉ giao hàng");
  });

  it("shows the Vietnamese labels on the customer card", () => {
    const customer = { ...item().customer!, fields: { address: "12 Lê Lợi", orders_count: 3 } };
    render(
      <I18nProvider initial="vi">
        <CustomerDetails customer={customer} definitions={FIELDS} />
      </I18nProvider>,
    );
    const details = screen.getByTestId("customer-details");
    expect(within(details).getByText("Địa chỉ giao hàng")).toBeTruthy();
    expect(within(details).getByText("Số đơn hàng")).toBeTruthy();
  });
});

describe("the admin's custom field editor", () => {
  it("leaves empty labels out", () => {
    expect(labelsFrom("  Địa chỉ ", "")).toEqual({ vi: "Địa chỉ" });
    expect(labelsFrom("", " ")).toEqual({});
  });

  it("creates a field with its Vietnamese and English labels", async () => {
    const calls = serve(({ method, body }) => (method === "POST" ? { status: 201, body: { ...(body as object), created_at: "2026-12-01T00:00:00Z" } } : { status: 200, body: FIELDS }));
    const changed = vi.fn();
    render(<I18nProvider initial="vi"><FieldsSection definitions={[]} onChanged={changed} /></I18nProvider>);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Tên trường"), "gift_wrap");
    await user.type(screen.getByLabelText("Nhãn hiển thị"), "Gift wrap");
    await user.type(screen.getByLabelText("Nhãn tiếng Việt"), "Gói quà");
    await user.click(screen.getByRole("button", { name: "Thêm trường" }));
    expect(calls.find((call) => call.method === "POST")?.body).toEqual({
      name: "gift_wrap", label: "Gift wrap", labels: { vi: "Gói quà" }, type: "text",
    });
    expect(await screen.findByText("Đã thêm trường Gói quà.")).toBeTruthy();
    expect(changed).toHaveBeenCalled();
  });

  it("edits the labels of a field, sending the label and all the labels back, and shows a refused one at its input", async () => {
    let refuse = true;
    const calls = serve(({ method, body }) => {
      if (method !== "PUT") return { status: 200, body: FIELDS };
      if (refuse) {
        refuse = false;
        return { status: 422, body: { code: "invalid-request", detail: "labels.vi: control", errors: [{ field: "labels.vi", code: "control-characters", params: {}, message: "x" }] } };
      }
      return { status: 200, body: { ...FIELDS[0], ...(body as object) } };
    });
    render(<I18nProvider initial="vi"><FieldsSection definitions={FIELDS} onChanged={() => undefined} /></I18nProvider>);
    const user = userEvent.setup();
    const row = screen.getByText("address").closest("tr")!;
    expect(within(row).getByText("Địa chỉ giao hàng")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Sửa Địa chỉ giao hàng" }));
    const editor = screen.getByRole("form", { name: "Nhãn của trường address" });
    expect((within(editor).getByLabelText("Nhãn tiếng Việt") as HTMLInputElement).value).toBe("Địa chỉ giao hàng");
    await user.type(within(editor).getByLabelText("Nhãn tiếng Anh"), "Delivery address");
    await user.click(screen.getByRole("button", { name: "Lưu nhãn" }));
    expect(await screen.findByText("Không được dùng xuống dòng, tab hay ký tự điều khiển khác ở đây.")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Lưu nhãn" }));
    const puts = calls.filter((call) => call.method === "PUT");
    expect(puts.map((call) => call.url)).toEqual(["/api/customer-fields/address", "/api/customer-fields/address"]);
    expect(puts[1].body).toEqual({ label: "Delivery address", labels: { vi: "Địa chỉ giao hàng", en: "Delivery address" } });
    expect(await screen.findByText("Đã lưu nhãn của trường Địa chỉ giao hàng.")).toBeTruthy();
  });
});
