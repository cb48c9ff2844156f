import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { I18nProvider, type Lang } from "../shared/i18n";
import { json, serve, type Call } from "../test/helpers";
import { OfferBodyEditor } from "./OfferBodyEditor";

let calls: Call[] = [];

beforeEach(() => {
  calls = serve({
    "GET /api/email/attachments": json(200, [{ name: "leaflet.pdf", size: 20480 }, { name: "price-list.pdf", size: 4096 }]),
    "POST /api/email/preview": ({ body }) => json(200, {
      html: "<!DOCTYPE html><html><head></head><body><p><strong>rendered</strong></p></body></html>",
      text: "rendered\n",
      unsafe_links: (body as { body: string }).body.includes("javascript:") ? ["javascript:alert(1)"] : [],
    }),
  });
});

afterEach(() => vi.unstubAllGlobals());

function Harness({ initial, attachments = [], lang = "en" }: { initial: string; attachments?: string[]; lang?: Lang }) {
  const [body, setBody] = useState(initial);
  const [files, setFiles] = useState(attachments);
  return (
    <I18nProvider initial={lang}>
      <OfferBodyEditor entry="invite" body={body} attachments={files} onBody={setBody} onAttachments={setFiles} />
      <pre data-testid="body">{body}</pre>
      <pre data-testid="files">{files.join("|")}</pre>
    </I18nProvider>
  );
}

/** The editor restores the selection on the next frame; a person acts later than that. */
const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));

function select(area: HTMLTextAreaElement, from: string, to?: string) {
  const start = area.value.indexOf(from);
  const end = to === undefined ? start + from.length : area.value.indexOf(to) + to.length;
  area.focus();
  area.setSelectionRange(start, end);
}

describe("offer body toolbar", () => {
  it("makes the selection bold and italic, and the lines lists", async () => {
    render(<Harness initial={"Hello An\nfitting\n15% off"} />);
    const area = screen.getByLabelText("Body (invite)") as HTMLTextAreaElement;
    select(area, "An");
    await userEvent.click(screen.getByRole("button", { name: "Bold" }));
    await nextFrame();
    expect(screen.getByTestId("body").textContent).toBe("Hello **An**\nfitting\n15% off");

    select(area, "15%");
    await userEvent.click(screen.getByRole("button", { name: "Italic" }));
    await nextFrame();
    expect(screen.getByTestId("body").textContent).toBe("Hello **An**\nfitting\n*15%* off");

    select(area, "fitting", "off");
    await userEvent.click(screen.getByRole("button", { name: "Bulleted list" }));
    await nextFrame();
    expect(screen.getByTestId("body").textContent).toBe("Hello **An**\n- fitting\n- *15%* off");
    select(area, "fitting", "off");
    await userEvent.click(screen.getByRole("button", { name: "Numbered list" }));
    await nextFrame();
    expect(screen.getByTestId("body").textContent).toBe("Hello **An**\n1. fitting\n2. *15%* off");
  });

  it("inserts a link only for an http, https or mailto address", async () => {
    render(<Harness initial="Book online today" />);
    const area = screen.getByLabelText("Body (invite)") as HTMLTextAreaElement;
    select(area, "Book online");
    await userEvent.click(screen.getByRole("button", { name: "Link" }));
    const address = screen.getByLabelText("Link address");
    await userEvent.clear(address);
    await userEvent.type(address, "javascript:alert(1)");
    await userEvent.click(screen.getByRole("button", { name: "Insert link" }));
    expect(screen.getByRole("alert").textContent).toBe("Enter an address that starts with https://, http:// or mailto:.");
    expect(screen.getByTestId("body").textContent).toBe("Book online today");

    await userEvent.clear(address);
    await userEvent.type(address, "https://shop.example/fitting{Enter}");
    expect(screen.getByTestId("body").textContent).toBe("[Book online](https://shop.example/fitting) today");
    expect(screen.queryByLabelText("Link address")).toBeNull();
  });

  it("attaches a file from the server's folder and removes it again", async () => {
    render(<Harness initial="Hello" attachments={["leaflet.pdf"]} />);
    const attach = screen.getByRole("combobox", { name: "Attach a file (invite)" }) as HTMLSelectElement;
    // The files already attached are not offered twice.
    await waitFor(() => expect(Array.from(attach.options).map((o) => o.value)).toEqual(["", "price-list.pdf"]));
    await userEvent.selectOptions(attach, "price-list.pdf");
    expect(screen.getByTestId("files").textContent).toBe("leaflet.pdf|price-list.pdf");
    expect(attach.disabled).toBe(true); // nothing left to attach
    await userEvent.click(screen.getByRole("button", { name: "Remove the attachment leaflet.pdf" }));
    expect(screen.getByTestId("files").textContent).toBe("price-list.pdf");
  });

  it("flags an attachment the server does not have", async () => {
    render(<Harness initial="Hello" attachments={["gone.pdf"]} />);
    expect(await screen.findByText("(not in the attachments folder on the server)")).toBeTruthy();
  });

  it("previews the email as the server renders it, in a frame that runs no scripts", async () => {
    render(<Harness initial="**rendered** [x](javascript:alert(1))" />);
    await userEvent.click(screen.getByRole("tab", { name: "Preview" }));
    const frame = (await screen.findByTitle("Body (invite)")) as HTMLIFrameElement;
    expect(frame.tagName).toBe("IFRAME");
    expect(frame.getAttribute("sandbox")).not.toMatch(/allow-scripts|allow-same-origin/);
    expect(frame.getAttribute("srcdoc")).toContain("<strong>rendered</strong>");
    expect(frame.getAttribute("srcdoc")).toContain('<base target="_blank">');
    expect(screen.getByRole("status").textContent).toContain("javascript:alert(1)");
    expect(calls.find((call) => call.url === "/api/email/preview")?.body).toEqual({ body: "**rendered** [x](javascript:alert(1))" });
    // Back to writing: the toolbar returns.
    await userEvent.click(screen.getByRole("tab", { name: "Write" }));
    expect(screen.getByRole("toolbar", { name: "Formatting" })).toBeTruthy();
  });

  it("speaks Vietnamese", async () => {
    render(<Harness initial="Xin chào" lang="vi" />);
    expect(screen.getByRole("button", { name: "In đậm" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Danh sách đánh số" })).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Liên kết" }));
    expect(screen.getByRole("button", { name: "Chèn liên kết" })).toBeTruthy();
  });
});
