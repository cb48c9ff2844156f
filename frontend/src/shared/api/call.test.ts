import { afterEach, describe, expect, expectTypeOf, it, vi } from "vitest";

import { json, serve } from "../../test/helpers";
import { ApiError, call, fillPath, href, queryString, setCsrfToken, type User } from "./client";

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

describe("call", () => {
  it("fills the path's parameters, encoded, and sends the body with the CSRF header", async () => {
    const calls = serve({ "PATCH /api/users/{user_id}": json(200, { id: 7 }) });
    setCsrfToken("token-1");
    const user = await call("PATCH", "/api/users/{user_id}", { path: { user_id: 7 }, body: { role: "agent" } });
    expectTypeOf(user).toEqualTypeOf<User>();
    expect(user).toEqual({ id: 7 });
    expect(calls).toEqual([{ url: "/api/users/7", method: "PATCH", body: { role: "agent" } }]);
    expect(calls[0].headers["X-CSRF-Token"]).toBe("token-1");
    expect(fillPath("/api/contacts/{contact_id}/accept", { contact_id: "a/b c" })).toBe("/api/contacts/a%2Fb%20c/accept");
  });

  it("writes the query without empty values and answers nothing for a 204", async () => {
    const calls = serve({ "GET /api/audit": json(200, []), "DELETE /api/auth/tokens/{token_id}": { status: 204 } });
    await call("GET", "/api/audit", { query: { limit: 50, action: "", actor: null, before: 51 } });
    await call("GET", "/api/audit");
    const gone = await call("DELETE", "/api/auth/tokens/{token_id}", { path: { token_id: 3 } });
    expectTypeOf(gone).toEqualTypeOf<void>();
    expect(calls.map((one) => one.url)).toEqual(["/api/audit?limit=50&before=51", "/api/audit", "/api/auth/tokens/3"]);
    expect(queryString({ id: [1, 2] })).toBe("?id=1&id=2");
    expect(href("/api/scripts/{slug}/export", { path: { slug: "a b" }, query: { version: 2 } })).toBe(
      "/api/scripts/a%20b/export?version=2",
    );
  });

  it("throws an ApiError with the problem's code, as request does", async () => {
    serve({ "GET /api/users/{user_id}": json(404, { code: "not-found", params: { id: 9 } }) });
    const error = await call("GET", "/api/users/{user_id}", { path: { user_id: 9 } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("not-found");
  });

  it("refuses at compile time what the API does not declare", () => {
    // Never run: each line only has to fail `tsc` (a line that compiles makes @ts-expect-error an error).
    const never = () => {
      // @ts-expect-error: no such path
      void call("GET", "/api/no-such-thing");
      // @ts-expect-error: the path declares no DELETE
      void call("DELETE", "/api/audit");
      // @ts-expect-error: the path parameter is missing
      void call("GET", "/api/users/{user_id}");
      // @ts-expect-error: misspelt path parameter
      void call("GET", "/api/users/{user_id}", { path: { id: 1 } });
      // @ts-expect-error: a role that does not exist
      void call("PATCH", "/api/users/{user_id}", { path: { user_id: 1 }, body: { role: "king" } });
      // @ts-expect-error: the body is required
      void call("PUT", "/api/auth/me/password");
      // @ts-expect-error: a query parameter the endpoint does not take
      void call("GET", "/api/audit", { query: { page: 2 } });
      // @ts-expect-error: a body where the endpoint takes none
      void call("GET", "/api/audit", { body: { limit: 1 } });
      // @ts-expect-error: a download link to a path that is not a GET
      void href("/api/auth/logout");
    };
    expect(typeof never).toBe("function");
  });
});
