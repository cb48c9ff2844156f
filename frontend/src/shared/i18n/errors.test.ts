import { describe, expect, it } from "vitest";

import { ApiError, toApiError } from "../api/client";
import en from "./errors.en.json";
import { diagnosticMessage, errorMessage, fieldMessages, problemText } from "./errors";
import vi from "./errors.vi.json";

const problem = (status: number, body: Record<string, unknown>) => toApiError(status, body);

describe("error messages from codes", () => {
  it("words a problem from its code and params in the reader's language, never from the detail", () => {
    const taken = problem(409, { code: "username-taken", detail: "username 'lan' is taken", params: { username: "lan" } });
    expect(errorMessage("vi", taken)).toBe("Tên đăng nhập lan đã có người dùng.");
    expect(errorMessage("en", taken)).toBe("The username lan is taken.");
    const wrong = problem(401, { code: "invalid-credentials", detail: "wrong username or password" });
    expect(errorMessage("vi", wrong)).toBe("Sai tên đăng nhập hoặc mật khẩu.");
  });

  it("falls back to the status's message for an unknown code or a missing value, never the English detail", () => {
    const unknown = problem(409, { code: "something-new", detail: "English words from the server" });
    expect(errorMessage("vi", unknown)).toBe(vi.status["409"]);
    const incomplete = problem(404, { code: "no-such-queue", detail: "no queue 'x'" }); // no params.queue
    expect(errorMessage("vi", incomplete)).toBe(vi.status["404"]);
    expect(errorMessage("vi", problem(599, { detail: "odd" }))).toBe(vi.status["500"]);
    expect(errorMessage("en", new ApiError(0, "network-error", "offline"))).toBe(en.errors["network-error"]);
    expect(errorMessage("vi", new TypeError("x is undefined"))).toBe(vi.status.default);
    for (const lang of ["en", "vi"] as const) {
      expect(errorMessage(lang, unknown)).not.toContain("English words");
    }
  });

  it("words a reason, translates named values and writes numbers and times the reader's way", () => {
    const refused = problem(409, { code: "transfer-refused", params: { queue: "sales", reason: "queue-closed" } });
    expect(errorMessage("vi", refused)).toBe("Không chuyển được sang sales: hàng đợi đang đóng cửa.");
    expect(errorMessage("en", refused)).toBe("The transfer to sales was refused: the queue is closed now.");
    const forbidden = problem(403, { code: "forbidden", params: { role: "supervisor" } });
    expect(errorMessage("vi", forbidden)).toContain("giám sát viên");
    const script = problem(422, { code: "script-too-long", params: { max: 2000000 } });
    expect(errorMessage("vi", script)).toBe("Kịch bản dài quá 2.000.000 ký tự.");
    const locked = problem(423, { code: "account-locked", params: { retry_after: "2026-12-07T13:05:00+00:00" } });
    expect(errorMessage("vi", locked)).toMatch(/tài khoản bị khóa đến .*thg 12, 2026/);
  });

  it("answers' reasons carry the field's label", () => {
    const refused = problem(422, {
      code: "invalid-answer",
      params: { reason: "answer-not-a-number", label: "Tuổi", value: "ba mươi", field: "age", step: "ask_age" },
    });
    expect(errorMessage("vi", refused)).toBe("Tuổi: ba mươi không phải là số");
  });

  it("adds the first diagnostic, with its line, to a script that cannot be published", () => {
    const invalid = problem(422, {
      code: "script-invalid",
      params: { count: 2 },
      diagnostics: [{ code: "unknown-step", params: { target: "nowhere" }, line: 25, message: "English" }],
    });
    expect(errorMessage("vi", invalid)).toBe("Có 2 lỗi ngăn việc xuất bản. Dòng 25: Dẫn tới bước nowhere, nhưng bước này không tồn tại.");
  });
});

describe("field messages", () => {
  it("words each field's validation code, and a domain error's field with the error's text", () => {
    const invalid = problem(422, {
      code: "invalid-request",
      errors: [
        { field: "username", code: "too-long", params: { max: 64 }, message: "String should have at most 64 characters" },
        { field: "password", code: "required", params: {}, message: "Field required" },
        { field: "role", code: "never-heard-of", params: {}, message: "odd" },
      ],
    });
    expect(fieldMessages("vi", invalid)).toEqual({ username: "Tối đa 64 ký tự.", password: "Bắt buộc.", role: "Chưa hợp lệ." });
    const short = problem(422, { code: "password-too-short", field: "password", params: { field: "password", min: 10 } });
    expect(fieldMessages("vi", short)).toEqual({ password: "Mật khẩu cần ít nhất 10 ký tự." });
    expect(fieldMessages("vi", new Error("no"))).toEqual({});
  });
});

describe("designer diagnostics", () => {
  it("are worded from code and params, a condition's reason included", () => {
    expect(diagnosticMessage("vi", { code: "missing-next", params: { kind: "statement" } })).toBe("Bước loại câu dẫn cần có “next”.");
    const condition = { code: "bad-expression", params: { condition: "rating >", column: 9, reason: "unexpected-end" } };
    expect(diagnosticMessage("vi", condition)).toBe("Điều kiện “rating >”, cột 9: điều kiện kết thúc quá sớm.");
    expect(diagnosticMessage("en", condition)).toBe("Condition “rating >”, column 9: the condition ends too early.");
    const placeholder = { code: "unknown-placeholder", params: { placeholder: "agent.nick", reason: "unknown-attribute", name: "agent.nick", object: "agent", attribute: "nick", known: "name" } };
    expect(diagnosticMessage("vi", placeholder)).toBe("Chỗ điền {{ agent.nick }}: agent không có nick (các thuộc tính có: name).");
  });

  it("has a text in both languages for every code, and never the same English in Vietnamese", () => {
    for (const section of ["errors", "validation", "diagnostics", "reasons", "status"] as const) {
      expect(Object.keys(vi[section]).sort(), section).toEqual(Object.keys(en[section]).sort());
    }
    expect(problemText("vi", "diagnostics", "unreachable")).toBe(vi.diagnostics.unreachable);
    expect(problemText("vi", "diagnostics", "no-such-code")).toBeNull();
  });
});

describe("the interface", () => {
  // Every source file of the front end, as text (tests and this module aside).
  const sources = import.meta.glob(["../../**/*.{ts,tsx}", "!../../**/*.test.{ts,tsx}", "!./errors.ts"], {
    query: "?raw",
    import: "default",
    eager: true,
  }) as Record<string, string>;

  it("never shows a server's English detail or an error's message", () => {
    expect(Object.keys(sources).length).toBeGreaterThan(50);
    const shown = /\b(caught|error|problem|err|e)\.detail\b|as Error\)\.message|String\(caught\)/;
    const offenders = Object.entries(sources)
      .filter(([path, text]) => !path.endsWith("api/client.ts") && shown.test(text))
      .map(([path]) => path);
    expect(offenders).toEqual([]);
  });
});
