// A small typed client over fetch: same-origin cookies, the CSRF header on writes, problem+json as ApiError.
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

export const api = {
  me: () => request<Me>("GET", "/api/auth/me"),
  /** Who is signed in, or nobody: 200 either way, so asking before sign-in logs no failed request. */
  session: () => request<Session>("GET", "/api/auth/session"),
  /**
   * Signs in through the form's endpoint, which answers a refusal (wrong password, locked, too many tries)
   * with 200 and its code, so the browser logs no failed request; the refusal is thrown as an ApiError.
   */
  login: async (username: string, password: string): Promise<SignInStep> =>
    signedIn(await request<SignInAnswer>("POST", "/api/auth/session", { username, password })),
  /** The code step of a sign-in (a code from the app, a recovery code, or an enrollment's first code). */
  secondStep: async (challenge: string, code: string): Promise<SignInStep> =>
    signedIn(await request<SignInAnswer>("POST", "/api/auth/session/second-step", { challenge, code })),
  signInEnrollment: (challenge: string) =>
    request<Enrollment>("POST", "/api/auth/login/second-step/enrollment", { challenge }),
  twoFactor: () => request<TwoFactorStatus>("GET", "/api/auth/two-factor"),
  startTwoFactor: () => request<Enrollment>("POST", "/api/auth/two-factor/enrollment"),
  confirmTwoFactor: (code: string) =>
    request<{ recovery_codes: string[] }>("POST", "/api/auth/two-factor/enrollment/confirm", { code }),
  disableTwoFactor: (password: string, code: string) =>
    request<void>("POST", "/api/auth/two-factor/disable", { password, code }),
  renewRecoveryCodes: (code: string) =>
    request<{ recovery_codes: string[] }>("POST", "/api/auth/two-factor/recovery-codes", { code }),
  twoFactorPolicy: () => request<TwoFactorPolicy>("GET", "/api/security/two-factor"),
  setTwoFactorPolicy: (required_roles: Role[]) =>
    request<TwoFactorPolicy>("PUT", "/api/security/two-factor", { required_roles }),
  userTwoFactor: (id: number) => request<TwoFactorStatus>("GET", `/api/users/${id}/two-factor`),
  resetUserTwoFactor: (id: number) => request<void>("DELETE", `/api/users/${id}/two-factor`),
  logout: () => request<void>("POST", "/api/auth/logout"),
  updateMe: (changes: { display_name?: string; language?: Language }) =>
    request<Me>("PATCH", "/api/auth/me", changes),
  changePassword: (current_password: string, new_password: string) =>
    request<void>("PUT", "/api/auth/me/password", { current_password, new_password }),
  tokens: () => request<Token[]>("GET", "/api/auth/tokens"),
  createToken: (name: string, expires_days: number | null) =>
    request<NewToken>("POST", "/api/auth/tokens", { name, expires_days }),
  revokeToken: (id: number) => request<void>("DELETE", `/api/auth/tokens/${id}`),
  users: () => request<User[]>("GET", "/api/users"),
  createUser: (user: {
    username: string;
    password: string;
    role: Role;
    display_name?: string | null;
    email?: string | null;
    language: Language;
  }) => request<User>("POST", "/api/users", user),
  updateUser: (
    id: number,
    changes: Partial<{ display_name: string; email: string | null; role: Role; language: Language; disabled: boolean }>,
  ) => request<User>("PATCH", `/api/users/${id}`, changes),
  resetPassword: (id: number, password: string) =>
    request<void>("PUT", `/api/users/${id}/password`, { password }),
  userTokens: (id: number) => request<Token[]>("GET", `/api/users/${id}/tokens`),
  createUserToken: (id: number, body: { name: string; expires_days: number | null; scopes: TokenScope[] }) =>
    request<NewToken>("POST", `/api/users/${id}/tokens`, body),
  revokeUserToken: (id: number, tokenId: number) => request<void>("DELETE", `/api/users/${id}/tokens/${tokenId}`),
  audit: (query: { limit?: number; before?: number; action?: string; actor?: string }) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== "") params.set(key, String(value));
    }
    return request<AuditEntry[]>("GET", `/api/audit?${params.toString()}`);
  },
  version: () => request<Version>("GET", "/api/version"),
};
