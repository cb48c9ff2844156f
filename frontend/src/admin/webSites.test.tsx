import { fireEvent, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { renderAt, serve, type Answer, type Call } from "../test/helpers";

const admin = { id: 1, username: "admin", display_name: "Ada", role: "admin", language: "en", csrf_token: "c" };
const queues = [
  { id: "orders", name: "Orders" },
  { id: "complaints", name: "Complaints" },
];

type Settings = Record<string, unknown> & { name: string };

const shop: Settings = {
  name: "Shop",
  enabled: true,
  origins: ["https://shop.example", "http://localhost:5173"],
  topics: [
    { label: { en: "Order question", vi: "Câu hỏi đơn hàng" }, queue: "orders" },
    { label: { en: "Complaint", vi: "Khiếu nại" }, queue: "complaints" },
  ],
  buttons: { chat: true, callback: false, call: false },
  prechat: { name: "required", contact: "phone" },
  texts: {
    en: { greeting: "Hello!", offline: "We are closed.", consent: "Store my data" },
    vi: { greeting: "Xin chào!", offline: "Chúng tôi đã đóng cửa.", consent: "Lưu dữ liệu của tôi" },
  },
  theme: { colour: "#00aa55", position: "bottom-left" },
};

function out(id: number, settings: Settings, key = `key-${id}`) {
  return {
    id, key, ...settings, asks_topic: (settings.topics as unknown[]).length > 1,
    created_at: "2026-12-08T03:00:00Z", updated_at: "2026-12-08T03:00:00Z", updated_by: "admin",
  };
}

// A fake /api/web-sites keeping its sites in memory; `refuse` answers the next write instead when set.
function serveSites(initial: ReturnType<typeof out>[], refuse: { next: Answer | null } = { next: null }): Call[] {
  let sites = [...initial];
  let nextId = 10;
  const write = (work: () => Answer) => () => {
    const refused = refuse.next;
    refuse.next = null;
    return refused ?? work();
  };
  return serve({
    "GET /api/queues": { status: 200, body: queues },
    "GET /api/web-sites": () => ({ status: 200, body: sites }),
    "POST /api/web-sites": (call) => write(() => {
      const site = out(nextId++, call.body as Settings);
      sites = [...sites, site];
      return { status: 201, body: site };
    })(),
    "PUT /api/web-sites/{site_id}": (call, { site_id }) => write(() => {
      const old = sites.find((site) => site.id === Number(site_id))!;
      const site = out(old.id, call.body as Settings, old.key);
      sites = sites.map((s) => (s.id === old.id ? site : s));
      return { status: 200, body: site };
    })(),
    "POST /api/web-sites/{site_id}/rotate-key": (_, { site_id }) => {
      const old = sites.find((site) => site.id === Number(site_id))!;
      const site = { ...old, key: `${old.key}-new` };
      sites = sites.map((s) => (s.id === old.id ? site : s));
      return { status: 200, body: site };
    },
    "DELETE /api/web-sites/{site_id}": (_, { site_id }) => {
      sites = sites.filter((site) => site.id !== Number(site_id));
      return { status: 204 };
    },
  }, { user: admin });
}

const writes = (calls: Call[]) => calls.filter((call) => call.method !== "GET");

afterEach(() => vi.unstubAllGlobals());

describe("web sites page", () => {
  it("lists the sites with their origins and topics", async () => {
    serveSites([out(1, shop), out(2, { ...shop, name: "Blog", enabled: false, origins: ["https://blog.example"] })]);
    renderAt("/admin/web-sites");
    const table = await screen.findByRole("table", { name: "Web sites" });
    const rows = within(table).getAllByRole("row");
    expect(rows).toHaveLength(3);
    expect(within(rows[1]).getByText("https://shop.example, http://localhost:5173")).toBeTruthy();
    expect(within(rows[1]).getByText("Order question → orders, Complaint → complaints")).toBeTruthy();
    expect(within(rows[2]).getByText("disabled")).toBeTruthy();
    expect(screen.getByRole("link", { name: "Web sites" })).toBeTruthy();
  });

  it("creates a site with every field and shows its snippet", async () => {
    const calls = serveSites([]);
    renderAt("/admin/web-sites");
    expect(await screen.findByText("No web sites yet.")).toBeTruthy();
    await userEvent.click(screen.getByRole("button", { name: "New site" }));
    const form = await screen.findByRole("form", { name: "Web site settings" });
    await userEvent.type(within(form).getByLabelText("Name"), "Shop");
    await userEvent.type(within(form).getByLabelText("Origin 1"), "https://shop.example");
    await userEvent.click(within(form).getByRole("button", { name: "Add an origin" }));
    await userEvent.type(within(form).getByLabelText("Origin 2"), "http://localhost:5173");
    await userEvent.type(within(form).getByLabelText("Topic 1 (English)"), "Order question");
    await userEvent.type(within(form).getByLabelText("Topic 1 (Tiếng Việt)"), "Câu hỏi đơn hàng");
    expect(within(form).getByText("No topic choice: there is only one topic.")).toBeTruthy();
    await userEvent.click(within(form).getByRole("button", { name: "Add a topic" }));
    await userEvent.type(within(form).getByLabelText("Topic 2 (English)"), "Complaint");
    await userEvent.type(within(form).getByLabelText("Topic 2 (Tiếng Việt)"), "Khiếu nại");
    await userEvent.selectOptions(within(form).getByLabelText("Queue of topic 2"), "complaints");
    expect(within(form).getByText("The visitor chooses a topic (there is more than one).")).toBeTruthy();
    await userEvent.click(within(form).getByLabelText("Call me back"));
    expect(within(form).getByLabelText("Call now")).toHaveProperty("disabled", true);
    await userEvent.selectOptions(within(form).getByLabelText("Ask the visitor's name"), "required");
    await userEvent.selectOptions(within(form).getByLabelText("Contact the visitor must give"), "phone");
    const texts = shop.texts as Record<string, Record<string, string>>;
    for (const [lang, name] of [["en", "English"], ["vi", "Tiếng Việt"]]) {
      await userEvent.type(within(form).getByLabelText(`Greeting (${name})`), texts[lang].greeting);
      await userEvent.type(within(form).getByLabelText(`Message when closed (${name})`), texts[lang].offline);
      await userEvent.type(within(form).getByLabelText(`Consent to store data (${name})`), texts[lang].consent);
    }
    fireEvent.input(within(form).getByLabelText("Colour"), { target: { value: "#00aa55" } });
    await userEvent.selectOptions(within(form).getByLabelText("Position"), "bottom-left");
    await userEvent.click(within(form).getByRole("button", { name: "Save" }));
    expect(await screen.findByText("The site is saved.")).toBeTruthy();
    expect(writes(calls)).toEqual([{ url: "/api/web-sites", method: "POST", body: shop }]);
    expect(screen.getByLabelText("Embed snippet").textContent).toBe(
      `<script src="${window.location.origin}/widget.js" data-site="key-10" async></script>`,
    );
  });

  it("saves an edited site with every field it did not touch, rotates its key and deletes it", async () => {
    const calls = serveSites([out(1, shop)]);
    renderAt("/admin/web-sites");
    await userEvent.click(await screen.findByRole("button", { name: "Edit Shop" }));
    const form = await screen.findByRole("form", { name: "Web site settings" });
    expect(screen.getByLabelText("Embed snippet").textContent).toContain('data-site="key-1"');
    const name = within(form).getByLabelText("Name");
    await userEvent.clear(name);
    await userEvent.type(name, "Shop VN");
    await userEvent.click(within(form).getByRole("button", { name: "Remove origin 2" }));
    await userEvent.click(within(form).getByRole("button", { name: "Save" }));
    expect(await screen.findByText("The site is saved.")).toBeTruthy();
    expect(writes(calls)).toEqual([
      { url: "/api/web-sites/1", method: "PUT", body: { ...shop, name: "Shop VN", origins: ["https://shop.example"] } },
    ]);

    await userEvent.click(screen.getByRole("button", { name: "New key" }));
    expect(screen.getByText(/Give Shop VN a new key\? The current snippet stops working/)).toBeTruthy();
    await userEvent.click(screen.getByRole("button", { name: "Confirm" }));
    expect(await screen.findByText("The site has a new key; update the snippet on the site.")).toBeTruthy();
    expect(screen.getByLabelText("Embed snippet").textContent).toContain('data-site="key-1-new"');

    await userEvent.click(screen.getByRole("button", { name: "Delete the site" }));
    await userEvent.click(screen.getByRole("button", { name: "Confirm" }));
    expect(await screen.findByText("The site is deleted.")).toBeTruthy();
    expect(writes(calls).map((call) => `${call.method} ${call.url}`)).toEqual([
      "PUT /api/web-sites/1", "POST /api/web-sites/1/rotate-key", "DELETE /api/web-sites/1",
    ]);
    expect(await screen.findByText("No web sites yet.")).toBeTruthy();
  });

  it("words a refusal from its code, never from its detail", async () => {
    const refuse: { next: Answer | null } = {
      next: { status: 422, body: { code: "web-unknown-queue", detail: "English detail", params: { queue: "gone" } } },
    };
    serveSites([out(1, shop)], refuse);
    renderAt("/admin/web-sites");
    await userEvent.click(await screen.findByRole("button", { name: "Edit Shop" }));
    await userEvent.click(within(await screen.findByRole("form")).getByRole("button", { name: "Save" }));
    expect(await screen.findByText(/There is no queue gone\. Pick an existing queue for each topic\./)).toBeTruthy();
    expect(screen.queryByText(/English detail/)).toBeNull();
    refuse.next = {
      status: 422,
      body: { code: "web-insecure-origin", detail: "x", params: { origin: "http://shop.example" } },
    };
    await userEvent.click(within(screen.getByRole("form")).getByRole("button", { name: "Save" }));
    expect(await screen.findByText(/“http:\/\/shop.example” uses http: only https is allowed, except for localhost\./))
      .toBeTruthy();
  });
});
