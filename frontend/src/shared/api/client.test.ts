import { afterEach, describe, expect, it, vi } from "vitest";

import { serve, type Call } from "../../test/helpers";
import { ApiError, onUnauthorized, request, setCsrfToken } from "./client";

// Every request gets the same answer: problem+json from 400 on, as the server sends.
function answerAll(status: number, body?: unknown): Call[] {
  const headers = { "Content-Type": status >= 400 ? "application/problem+json" : "application/json" };
  return serve(() => ({ status, body, headers }));
}

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
  onUnauthorized(null);
  document.cookie = "parley_csrf=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/";
});

describe("request", () => {
  it("sends the CSRF token on writes and not on reads", async () => {
    const calls = answerAll(200, { ok: true });
    setCsrfToken("token-123");
    await request("GET", "/api/users");
    await request("POST", "/api/users", { username: "x" });
    const headers = calls.map((call) => call.init.headers as Record<string, string>);
    expect(headers[0]["X-CSRF-Token"]).toBeUndefined();
    expect(headers[1]["X-CSRF-Token"]).toBe("token-123");
    expect(calls[1].init.body).toBe('{"username":"x"}');
    expect(calls[1].init.credentials).toBe("same-origin");
  });

  it("turns problem+json into an ApiError with each field's code and params", async () => {
    const problem = {
      status: 422, code: "invalid-request", detail: "password: too short",
      errors: [{ field: "password", message: "too short", code: "too-short", params: { min: 10 } }],
    };
    answerAll(422, problem);
    const error = await request("POST", "/api/users", {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("invalid-request");
    expect((error as ApiError).fields).toEqual({ password: { code: "too-short", params: { min: 10 } } });
  });

  it("maps a domain error's field to that field, with the error's code and params", async () => {
    const problem = { code: "username-taken", detail: "username 'x' is taken", field: "username", params: { username: "x", field: "username" } };
    answerAll(409, problem);
    const error = (await request("POST", "/api/users", {}).catch((caught: unknown) => caught)) as ApiError;
    expect(error.status).toBe(409);
    expect(error.params).toEqual({ username: "x", field: "username" });
    expect(error.fields.username).toEqual({ code: "username-taken", params: { username: "x", field: "username" } });
  });

  it("explains a network failure", async () => {
    serve(() => {
      throw new TypeError("Failed to fetch"); // what fetch does when the server cannot be reached
    });
    const error = (await request("GET", "/api/users").catch((caught: unknown) => caught)) as ApiError;
    expect(error.code).toBe("network-error");
  });

  it("falls back to the parley_csrf cookie when no token was given", async () => {
    const calls = answerAll(204);
    document.cookie = "parley_csrf=from-cookie; path=/";
    await request("DELETE", "/api/auth/tokens/3");
    expect((calls[0].init.headers as Record<string, string>)["X-CSRF-Token"]).toBe("from-cookie");
    expect(calls[0].init.method).toBe("DELETE");
  });

  it("reports an ended session but not a wrong password", async () => {
    const ended = vi.fn();
    onUnauthorized(ended);
    answerAll(401, { code: "invalid-credentials", detail: "wrong username or password" });
    await request("POST", "/api/auth/login", {}).catch(() => undefined);
    answerAll(401, { code: "wrong-current-password", detail: "the current password is wrong" });
    const wrong = (await request("PUT", "/api/auth/me/password", {}).catch((caught: unknown) => caught)) as ApiError;
    expect(wrong.code).toBe("wrong-current-password");
    expect(ended).not.toHaveBeenCalled();
    answerAll(401, { code: "not-authenticated", detail: "sign in first" });
    await request("GET", "/api/users").catch(() => undefined);
    expect(ended).toHaveBeenCalledTimes(1);
  });
});
