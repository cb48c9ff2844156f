// The Vitest helpers every front-end test shares (#14 point 6): a fake server behind `fetch` answering from a
// route table typed against the OpenAPI paths, a fake WebSocket that behaves like a browser's, and renderAt to
// render a page (or any element) at a path inside the app's providers. One copy, here; tests import it.

import { render, type RenderResult } from "@testing-library/react";
import type { ReactElement } from "react";
import { MemoryRouter } from "react-router-dom";
import { vi } from "vitest";

import { AppRoutes } from "../App";
import type { paths } from "../shared/api/schema";
import { AuthProvider } from "../shared/auth";
import { I18nProvider, type Lang } from "../shared/i18n";

// ---- fetch -------------------------------------------------------------------------------------------------

/**
 * One request the page sent: its URL (with the query), method, JSON body (parsed), headers and the RequestInit
 * as given to fetch. Headers and init are not enumerable, so `expect(calls).toEqual([{ url, method, body }])`
 * compares what a test states.
 */
export type Call = {
  url: string;
  method: string;
  body: unknown;
  readonly headers: Record<string, string>;
  readonly init: RequestInit;
};

/** What the fake server answers: a status and a JSON body (none for 204 and the like). */
export type Answer = { status: number; body?: unknown; headers?: Record<string, string> };

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
type ApiPath = keyof paths & string;
/** The methods an OpenAPI path declares, upper-cased ("GET", "POST" …). */
type MethodsOf<P extends ApiPath> = {
  [M in Method]: [NonNullable<paths[P][Lowercase<M> & keyof paths[P]]>] extends [never] ? never : M;
}[Method];

/** "GET /api/queues", "DELETE /api/users/{user_id}/tokens/{token_id}": only operations the API declares. */
export type RouteKey = { [P in ApiPath]: `${MethodsOf<P>} ${P}` }[ApiPath];

/** An answer, or a function of the call and the path's parameters ({user_id} → params.user_id), maybe async. */
export type Route = Answer | ((call: Call, params: Record<string, string>) => Answer | Promise<Answer>);
export type RouteTable = { [K in RouteKey]?: Route };
/** Answers what the table does not hold; undefined means 404. */
export type Fallback = (call: Call) => Answer | undefined | Promise<Answer | undefined>;

export type ServeOptions = {
  /** Signed in as this user: GET /api/auth/session answers it (unless the table answers that itself). */
  user?: object;
  /** Where the calls are recorded (a fresh list by default); serve returns it either way. */
  calls?: Call[];
  /** Asked when no route of the table matches. */
  otherwise?: Fallback;
};

export const NOT_FOUND: Answer = { status: 404, body: { code: "not-found", params: {} } };

/** Builds an answer: `json(200, body)`. */
export function json(status: number, body?: unknown): Answer {
  return { status, body };
}

type Compiled = { method: string; pattern: RegExp; names: string[]; route: Route; literal: boolean };

function compile(table: RouteTable): Compiled[] {
  const compiled = Object.entries(table).map(([key, route]) => {
    const [method, path] = key.split(" ", 2);
    const names: string[] = [];
    const source = path
      .split(/(\{[^}]+\})/)
      .map((part) => {
        if (part.startsWith("{")) {
          names.push(part.slice(1, -1));
          return "([^/]+)";
        }
        return part.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
      })
      .join("");
    return { method, pattern: new RegExp(`^${source}$`), names, route: route as Route, literal: names.length === 0 };
  });
  // A literal path wins over a template that also matches it (/api/agents/me before /api/agents/{user_id}).
  return compiled.sort((a, b) => Number(b.literal) - Number(a.literal));
}

async function callOf(input: RequestInfo | URL, init: RequestInit = {}): Promise<Call> {
  const request = input instanceof Request ? input : null;
  const full = request ? request.url : input instanceof URL ? input.href : String(input);
  const url = full.replace(/^https?:\/\/[^/]+/, "");
  const method = (init.method ?? request?.method ?? "GET").toUpperCase();
  const raw = init.body ?? (request && method !== "GET" && method !== "HEAD" ? await request.text() : undefined);
  let body: unknown = raw;
  if (typeof raw === "string") {
    try {
      body = JSON.parse(raw) as unknown;
    } catch {
      body = raw;
    }
  } else if (raw === null) {
    body = undefined;
  }
  const headers: Record<string, string> = {};
  new Headers(request?.headers).forEach((value, name) => (headers[name] = value));
  if (init.headers) {
    const given = init.headers instanceof Headers ? Object.fromEntries(init.headers.entries()) : init.headers;
    Object.assign(headers, Array.isArray(given) ? Object.fromEntries(given) : given);
  }
  const call = { url, method, body } as Call;
  Object.defineProperty(call, "headers", { value: headers, enumerable: false });
  Object.defineProperty(call, "init", { value: init, enumerable: false });
  return call;
}

/**
 * Stands a fake server behind `fetch` until `vi.unstubAllGlobals()`: each request is recorded and answered by
 * the first route of `routes` whose method and path match (the query is ignored for matching; a route reads it
 * from call.url), else by `otherwise`, else 404. `routes` may also be one function answering every call.
 */
export function serve(routes: RouteTable | Fallback, options: ServeOptions = {}): Call[] {
  const calls = options.calls ?? [];
  const table = typeof routes === "function" ? [] : compile(routes);
  const otherwise = typeof routes === "function" ? routes : options.otherwise;
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const call = await callOf(input, init);
      calls.push(call);
      const path = call.url.split("?")[0];
      let answer: Answer | undefined;
      for (const { method, pattern, names, route } of table) {
        const found = method === call.method ? pattern.exec(path) : null;
        if (!found) continue;
        const params = Object.fromEntries(names.map((name, index) => [name, decodeURIComponent(found[index + 1])]));
        answer = typeof route === "function" ? await route(call, params) : route;
        break;
      }
      if (!answer && options.user && path === "/api/auth/session" && call.method === "GET") {
        answer = { status: 200, body: { signed_in: true, user: options.user } };
      }
      answer ??= (await otherwise?.(call)) ?? NOT_FOUND;
      const headers = answer.headers ?? (answer.body === undefined ? {} : { "Content-Type": "application/json" });
      return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), { status: answer.status, headers });
    }),
  );
  return calls;
}

// ---- WebSocket -----------------------------------------------------------------------------------------------

/**
 * A stand-in for the browser's WebSocket. Every socket the page opens is in FakeSocket.all; the test opens it
 * (open), sends it server messages (receive), and closes it as the server would (serverCloses(code)) or as a
 * dropped link does (drop: 1006). Like a browser's, every close event carries a code, and a socket closed by
 * the page (close()) reports its close event too, after the current task.
 */
export class FakeSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  static all: FakeSocket[] = [];

  /** Puts FakeSocket in place of WebSocket (until vi.unstubAllGlobals()) with no socket opened yet. */
  static install(): void {
    FakeSocket.all = [];
    vi.stubGlobal("WebSocket", FakeSocket);
  }

  readyState: number = FakeSocket.CONNECTING;
  /** What the page sent, in order. */
  sent: string[] = [];
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;

  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }

  send(text: string): void {
    if (this.readyState !== FakeSocket.OPEN) throw new DOMException("not open", "InvalidStateError");
    this.sent.push(text);
  }

  /** The page closes the socket: no status given is reported as 1005, as a browser does. */
  close(code?: number, reason = ""): void {
    if (this.readyState === FakeSocket.CLOSING || this.readyState === FakeSocket.CLOSED) return;
    this.readyState = FakeSocket.CLOSING;
    queueMicrotask(() => this.closed(code ?? 1005, reason, true));
  }

  /** The server accepts the connection. */
  open(): void {
    this.readyState = FakeSocket.OPEN;
    this.onopen?.(new Event("open"));
  }

  /** The server sends a message (an object is sent as its JSON). */
  receive(message: object | string): void {
    const data = typeof message === "string" ? message : JSON.stringify(message);
    this.onmessage?.(new MessageEvent("message", { data }));
  }

  /** The server closes the link with this code (4401: the sign-in ended, 4403: the account was disabled …). */
  serverCloses(code: number, reason = ""): void {
    this.closed(code, reason, true);
  }

  /** The link drops without a closing handshake: the browser reports 1006. */
  drop(): void {
    this.onerror?.(new Event("error"));
    this.closed(1006, "", false);
  }

  private closed(code: number, reason: string, wasClean: boolean): void {
    if (this.readyState === FakeSocket.CLOSED) return;
    this.readyState = FakeSocket.CLOSED;
    this.onclose?.(new CloseEvent("close", { code, reason, wasClean }));
  }
}

// ---- rendering -------------------------------------------------------------------------------------------

export type Providers = {
  /** The language of the page; by default the one I18nProvider picks (stored, else the browser's). */
  lang?: Lang;
  /** Inside AuthProvider (the default) or not. */
  auth?: boolean;
};

/** Renders `element` (the whole app by default) at `path` inside the app's providers. */
export function renderAt(path: string, element: ReactElement = <AppRoutes />, { lang, auth = true }: Providers = {}): RenderResult {
  const routed = <MemoryRouter initialEntries={[path]}>{element}</MemoryRouter>;
  return render(<I18nProvider initial={lang}>{auth ? <AuthProvider>{routed}</AuthProvider> : routed}</I18nProvider>);
}
