// The shared test helpers behave as the tests that use them assume: routes by method and path template, a 404
// problem for anything else, close events with a code as a browser gives them, the page inside its providers.
import { screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { useI18n } from "../shared/i18n";
import { FakeSocket, NOT_FOUND, json, renderAt, serve } from "./helpers";

afterEach(() => vi.unstubAllGlobals());

describe("serve", () => {
  it("answers by method and path template, passes the path's parameters, and records each call", async () => {
    const calls = serve({
      "GET /api/scripts/{slug}": (_call, { slug }) => json(200, { slug }),
      "GET /api/scripts/published": json(200, { published: true }),
      "POST /api/users/{user_id}/tokens": ({ body }) => json(201, body),
    });
    expect(await (await fetch("/api/scripts/published")).json()).toEqual({ published: true });
    expect(await (await fetch("/api/scripts/h%E1%BB%8Fi?full=1")).json()).toEqual({ slug: "hỏi" });
    const posted = await fetch("/api/users/7/tokens", {
      method: "POST", body: JSON.stringify({ name: "crm" }), headers: { "X-CSRF-Token": "t" },
    });
    expect([posted.status, await posted.json()]).toEqual([201, { name: "crm" }]);
    expect(calls).toEqual([
      { url: "/api/scripts/published", method: "GET", body: undefined },
      { url: "/api/scripts/h%E1%BB%8Fi?full=1", method: "GET", body: undefined },
      { url: "/api/users/7/tokens", method: "POST", body: { name: "crm" } },
    ]);
    expect(calls[2].headers).toEqual({ "X-CSRF-Token": "t" });
  });

  it("answers the signed-in user's session, then `otherwise`, then a 404 problem", async () => {
    const alex = { id: 3, username: "agent" };
    serve({ "DELETE /api/queues/{queue_id}": json(204) }, {
      user: alex,
      otherwise: ({ url }) => (url === "/api/desk" ? json(200, { items: [] }) : undefined),
    });
    expect(await (await fetch("/api/auth/session")).json()).toEqual({ signed_in: true, user: alex });
    expect(await (await fetch("/api/desk")).json()).toEqual({ items: [] });
    expect((await fetch("/api/queues/orders", { method: "DELETE" })).status).toBe(204);
    const missing = await fetch("/api/queues/orders"); // GET is not in the table
    expect([missing.status, await missing.json()]).toEqual([NOT_FOUND.status, NOT_FOUND.body]);
  });
});

describe("FakeSocket", () => {
  function opened(): { socket: FakeSocket; closes: number[]; got: string[] } {
    FakeSocket.install();
    const closes: number[] = [];
    const got: string[] = [];
    const socket = new WebSocket("ws://localhost/api/events") as unknown as FakeSocket;
    socket.onclose = (event) => closes.push(event.code);
    socket.onmessage = (event) => got.push(String(event.data));
    return { socket, closes, got };
  }

  it("stands in for WebSocket and carries messages both ways", () => {
    const { socket, got } = opened();
    expect(FakeSocket.all).toEqual([socket]);
    expect(() => socket.send("early")).toThrow();
    socket.open();
    expect(socket.readyState).toBe(WebSocket.OPEN);
    socket.send("ping");
    socket.receive({ type: "offer" });
    expect(socket.sent).toEqual(["ping"]);
    expect(got).toEqual(['{"type":"offer"}']);
  });

  it("closes with a code, like a browser: the server's, 1006 for a dropped link, 1005 when the page closes", async () => {
    const server = opened();
    server.socket.serverCloses(4401);
    expect(server.closes).toEqual([4401]);
    const dropped = opened();
    dropped.socket.drop();
    expect([dropped.closes, dropped.socket.readyState]).toEqual([[1006], FakeSocket.CLOSED]);
    const page = opened();
    page.socket.close();
    expect(page.socket.readyState).toBe(FakeSocket.CLOSING);
    await Promise.resolve();
    expect([page.closes, page.socket.readyState]).toEqual([[1005], FakeSocket.CLOSED]);
  });
});

describe("renderAt", () => {
  function Where() {
    const { lang } = useI18n();
    return <p>{`language ${lang}`}</p>;
  }

  it("renders an element inside the language and router providers", () => {
    renderAt("/somewhere", <Where />, { lang: "vi", auth: false });
    expect(screen.getByText("language vi")).toBeTruthy();
  });
});
