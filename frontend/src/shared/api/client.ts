// A small typed client over fetch: same-origin cookies, the CSRF header on writes, problem+json as ApiError.
// `call` checks each request against the generated OpenAPI types (shared/api/schema.ts) at compile time: the
// path must be one the API declares for that method, its {parameters}, query and body must fit, and the answer
// is typed from the operation's 200/201 response.
import type { paths } from "./schema";

export type ProblemParams = Record<string, string | number>;
/** What went wrong with one field (or the whole request): a stable code and the values of its message. */
export type Problem = { code: string; params: ProblemParams };

/**
 * A refused request. The interface words it from `code`, `params` and `fields` in the reader's language
 * (shared/i18n/errors.ts); `detail` is the server's English, for logs and developers only, never shown.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly fields: Record<string, Problem> = {},
    readonly body: Record<string, unknown> = {},
    readonly params: ProblemParams = {},
  ) {
    super(detail);
  }
}

let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

// Told when a request made with a session is refused with 401 (the session ended or expired elsewhere).
let unauthorizedListener: (() => void) | null = null;

export function onUnauthorized(listener: (() => void) | null): void {
  unauthorizedListener = listener;
}

/** The server ended the session outside a request (the live link closed with "sign in again"). */
export function sessionEnded(): void {
  unauthorizedListener?.();
}

function cookieCsrf(): string | null {
  const match = document.cookie.match(/(?:^|;\s*)parley_csrf=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : null;
}

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * An untyped request: the path and body are not checked. Prefer `call`, which checks both against the OpenAPI
 * document; this stays for the few calls not converted yet.
 */
export async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET") {
    const token = csrfToken ?? cookieCsrf();
    if (token) headers["X-CSRF-Token"] = token;
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, "network-error", "the server cannot be reached");
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let data: unknown = undefined;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!response.ok) {
    const error = toApiError(response.status, data);
    // A wrong password or code is also a 401 (at sign-in, or the current one when changing it), but the session is not gone.
    const wrongPassword =
      error.code === "invalid-credentials" ||
      error.code === "wrong-current-password" ||
      error.code === "wrong-two-factor-code" ||
      error.code === "sign-in-expired";
    if (error.status === 401 && !wrongPassword) unauthorizedListener?.();
    throw error;
  }
  return data as T;
}

function paramsOf(value: unknown): ProblemParams {
  const params: ProblemParams = {};
  if (value && typeof value === "object") {
    for (const [name, item] of Object.entries(value as Record<string, unknown>)) {
      if (typeof item === "string" || typeof item === "number") params[name] = item;
    }
  }
  return params;
}

export function toApiError(status: number, data: unknown): ApiError {
  const problem = (data && typeof data === "object" ? data : {}) as Record<string, unknown>;
  const code = typeof problem.code === "string" ? problem.code : "http-error";
  const params = paramsOf(problem.params);
  const fields: Record<string, Problem> = {};
  if (Array.isArray(problem.errors)) {
    // A request that does not fit its schema: each field's problem has its own (validation) code.
    for (const item of problem.errors as { field?: unknown; code?: unknown; params?: unknown }[]) {
      if (typeof item.field === "string" && !fields[item.field]) {
        fields[item.field] = { code: typeof item.code === "string" ? item.code : "invalid", params: paramsOf(item.params) };
      }
    }
  }
  if (typeof problem.field === "string") fields[problem.field] = { code, params };
  const detail = typeof problem.detail === "string" ? problem.detail : `request failed (${status})`;
  return new ApiError(status, code, detail, fields, problem, params);
}

// ---- typed calls over the OpenAPI paths ---------------------------------------------------------------------

type ApiPath = keyof paths & string;
/** The operation a path declares for a method (never when it declares none). */
type Operation<P extends ApiPath, M extends Method> = NonNullable<paths[P][Lowercase<M> & keyof paths[P]]>;
/** The paths that declare `method`: `call("DELETE", "/api/queues")` does not compile. */
export type PathOf<M extends Method> = {
  [P in ApiPath]: [Operation<P, M>] extends [never] ? never : P;
}[ApiPath];

type Present<T> = [NonNullable<T>] extends [never] ? false : true;
type PathPart<O> = O extends { parameters: { path: infer X } }
  ? Present<X> extends true
    ? { path: X }
    : { path?: never }
  : { path?: never };
type QueryPart<O> = O extends { parameters: { query: infer Q } }
  ? Present<Q> extends true
    ? { query: Q }
    : { query?: never }
  : O extends { parameters: { query?: infer Q } }
    ? Present<Q> extends true
      ? { query?: NonNullable<Q> }
      : { query?: never }
    : { query?: never };
type BodyPart<O> = O extends { requestBody: { content: { "application/json": infer B } } }
  ? { body: B }
  : O extends { requestBody?: infer R }
    ? NonNullable<R> extends { content: { "application/json": infer B } }
      ? Present<R> extends true
        ? { body?: B }
        : { body?: never }
      : { body?: never }
    : { body?: never };
/** What a call passes besides method and path: path parameters, query and body, each as the operation declares. */
export type CallOptions<P extends ApiPath, M extends Method> = PathPart<Operation<P, M>> &
  QueryPart<Operation<P, M>> &
  BodyPart<Operation<P, M>>;
/** The answer's body: the 200 (or 201) JSON, nothing for a 204. */
export type Answer<P extends ApiPath, M extends Method> =
  Operation<P, M> extends { responses: infer R }
    ? R extends { 200: { content: { "application/json": infer B } } }
      ? B
      : R extends { 201: { content: { "application/json": infer B } } }
        ? B
        : R extends { 204: unknown }
          ? void
          : unknown
    : never;

/** `/api/users/{user_id}/tokens` with `{ user_id: 7 }` → `/api/users/7/tokens` (each value URL-encoded). */
export function fillPath(template: string, params: Record<string, unknown> = {}): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined || value === null) throw new Error(`no value for {${name}} in ${template}`);
    return encodeURIComponent(String(value));
  });
}

/** The query string (with its "?"), leaving out what is undefined, null or empty; a list repeats its name. */
export function queryString(query: Record<string, unknown> = {}): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined && item !== null && item !== "") search.append(name, String(item));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

type Given = { path?: Record<string, unknown>; query?: Record<string, unknown>; body?: unknown };
type Rest<P extends ApiPath, M extends Method> =
  {} extends CallOptions<P, M> ? [options?: CallOptions<P, M>] : [options: CallOptions<P, M>];

/** The URL of a GET the browser follows itself (a download, a frame's source), checked as `call` checks. */
export function href<P extends PathOf<"GET">>(path: P, ...rest: Rest<P, "GET">): string {
  const given: Given = (rest[0] as unknown as Given | undefined) ?? {};
  return fillPath(path, given.path) + queryString(given.query);
}

/**
 * A request checked against the OpenAPI types: `call("PATCH", "/api/users/{user_id}", { path: { user_id: 7 },
 * body: { role: "agent" } })`. A path the API does not declare for that method, a missing or misspelt
 * parameter, or a body of the wrong shape does not compile. Errors are ApiErrors, as with `request`.
 */
export function call<M extends Method, P extends PathOf<M>>(
  method: M,
  path: P,
  ...rest: Rest<P, M>
): Promise<Answer<P, M>> {
  const given: Given = (rest[0] as unknown as Given | undefined) ?? {};
  return request<Answer<P, M>>(method, fillPath(path, given.path) + queryString(given.query), given.body);
}

// Response bodies, taken from the generated OpenAPI types.
type Json<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  responses: infer R;
}
  ? R extends { 200: { content: { "application/json": infer B } } }
    ? B
    : R extends { 201: { content: { "application/json": infer B } } }
      ? B
      : never
  : never;

export type Me = Json<"/api/auth/me", "get">;
export type Session = Json<"/api/auth/session", "get">;
/** A finished sign-in (with the recovery codes of a second factor it enrolled, shown once). */
export type LoginAnswer = {
  user: Me;
  csrf_token: string;
  expires_at: string;
  recovery_codes?: string[] | null;
};
export type SignInAnswer = Json<"/api/auth/session", "post">;
export type User = Json<"/api/users/{user_id}", "get">;
export type AuditEntry = Json<"/api/audit", "get">[number];
export type Token = Json<"/api/auth/tokens", "get">[number];
export type NewToken = Json<"/api/auth/tokens", "post">;
export type TokenScope = Token["scopes"][number];
export type Version = Json<"/api/version", "get">;
export type SecondStep = NonNullable<SignInAnswer["second_step"]>;
export type Enrollment = Json<"/api/auth/two-factor/enrollment", "post">;
export type TwoFactorStatus = Json<"/api/auth/two-factor", "get">;
export type TwoFactorPolicy = Json<"/api/security/two-factor", "get">;
/** Where a sign-in stands after the password: done, or a code (or an enrollment) is owed. */
export type SignInStep = { done: LoginAnswer } | { second: SecondStep };

function signedIn(answer: SignInAnswer): SignInStep {
  if (answer.signed_in && answer.user && answer.csrf_token && answer.expires_at) {
    return {
      done: {
        user: answer.user,
        csrf_token: answer.csrf_token,
        expires_at: answer.expires_at,
        recovery_codes: answer.recovery_codes,
      },
    };
  }
  if (answer.second_step) return { second: answer.second_step };
  const refused = answer.refused ?? { code: "invalid-credentials", params: {} };
  const status = refused.code === "too-many-requests" ? 429 : refused.code === "account-locked" ? 423 : 401;
  throw new ApiError(status, refused.code, refused.code, {}, {}, refused.params);
}
export type Role = Me["role"];
export type Language = Me["language"];

const user = (id: number) => ({ path: { user_id: id } });

export const api = {
  me: () => call("GET", "/api/auth/me"),
  /** Who is signed in, or nobody: 200 either way, so asking before sign-in logs no failed request. */
  session: () => call("GET", "/api/auth/session"),
  /**
   * Signs in through the form's endpoint, which answers a refusal (wrong password, locked, too many tries)
   * with 200 and its code, so the browser logs no failed request; the refusal is thrown as an ApiError.
   */
  login: async (username: string, password: string): Promise<SignInStep> =>
    signedIn(await call("POST", "/api/auth/session", { body: { username, password } })),
  /** The code step of a sign-in (a code from the app, a recovery code, or an enrollment's first code). */
  secondStep: async (challenge: string, code: string): Promise<SignInStep> =>
    signedIn(await call("POST", "/api/auth/session/second-step", { body: { challenge, code } })),
  signInEnrollment: (challenge: string) =>
    call("POST", "/api/auth/login/second-step/enrollment", { body: { challenge } }),
  twoFactor: () => call("GET", "/api/auth/two-factor"),
  startTwoFactor: () => call("POST", "/api/auth/two-factor/enrollment"),
  confirmTwoFactor: (code: string) => call("POST", "/api/auth/two-factor/enrollment/confirm", { body: { code } }),
  disableTwoFactor: (password: string, code: string) =>
    call("POST", "/api/auth/two-factor/disable", { body: { password, code } }),
  renewRecoveryCodes: (code: string) => call("POST", "/api/auth/two-factor/recovery-codes", { body: { code } }),
  twoFactorPolicy: () => call("GET", "/api/security/two-factor"),
  setTwoFactorPolicy: (required_roles: Role[]) => call("PUT", "/api/security/two-factor", { body: { required_roles } }),
  userTwoFactor: (id: number) => call("GET", "/api/users/{user_id}/two-factor", user(id)),
  resetUserTwoFactor: (id: number) => call("DELETE", "/api/users/{user_id}/two-factor", user(id)),
  logout: () => call("POST", "/api/auth/logout"),
  updateMe: (changes: { display_name?: string; language?: Language }) =>
    call("PATCH", "/api/auth/me", { body: changes }),
  changePassword: (current_password: string, new_password: string) =>
    call("PUT", "/api/auth/me/password", { body: { current_password, new_password } }),
  tokens: () => call("GET", "/api/auth/tokens"),
  createToken: (name: string, expires_days: number | null) =>
    call("POST", "/api/auth/tokens", { body: { name, expires_days } }),
  revokeToken: (id: number) => call("DELETE", "/api/auth/tokens/{token_id}", { path: { token_id: id } }),
  users: () => call("GET", "/api/users"),
  createUser: (body: {
    username: string;
    password: string;
    role: Role;
    display_name?: string | null;
    email?: string | null;
    language: Language;
  }) => call("POST", "/api/users", { body }),
  updateUser: (
    id: number,
    changes: Partial<{ display_name: string; email: string | null; role: Role; language: Language; disabled: boolean }>,
  ) => call("PATCH", "/api/users/{user_id}", { ...user(id), body: changes }),
  resetPassword: (id: number, password: string) =>
    call("PUT", "/api/users/{user_id}/password", { ...user(id), body: { password } }),
  userTokens: (id: number) => call("GET", "/api/users/{user_id}/tokens", user(id)),
  createUserToken: (id: number, body: { name: string; expires_days: number | null; scopes: TokenScope[] }) =>
    call("POST", "/api/users/{user_id}/tokens", { ...user(id), body }),
  revokeUserToken: (id: number, tokenId: number) =>
    call("DELETE", "/api/users/{user_id}/tokens/{token_id}", { path: { user_id: id, token_id: tokenId } }),
  audit: (query: { limit?: number; before?: number; action?: string; actor?: string }) =>
    call("GET", "/api/audit", { query }),
  version: () => call("GET", "/api/version"),
};

