import { describe, expect, it } from "vitest";

import type { QueueOut } from "./api";
import { buildProfile, profileForm } from "./agentForm";
import {
  buildQueuePayload,
  emptyQueueForm,
  formFromQueue,
  forUpdate,
  groupWeek,
  parseRanges,
  splitList,
  suggestId,
} from "./queueForm";

// Required: a field the API gains must be added here, so the round trip below covers every setting.
const saved: Required<QueueOut> = {
  id: "complaints",
  name: "Complaints",
  request_types: ["complaint", "refund"],
  channels: ["voice", "chat", "email"],
  priority: 5,
  skills: { complaints: 3 },
  strategy: "best-skill",
  service_level: { fraction: 0.9, seconds: 30 },
  max_size: 40,
  overflow: { after_seconds: 300, to_queue: "orders" },
  hours: { timezone: "Asia/Ho_Chi_Minh", week: { mon: ["09:00-12:00", "13:00-18:00"], sat: ["09:00-12:00"] } },
  closed_behaviour: "overflow",
  closed_queue: "orders",
  wrap_up_seconds: 60,
  offer_timeout_seconds: 25,
  max_handle_seconds: 7200,
  escalations: [{ after_seconds: 60, max_tier: 2, skills: { complaints: 0 } }],
  default_aht_seconds: 240,
  callback_attempts: 4,
  callback_interval_seconds: 900,
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
};

// The script the desk opens for the queue: the desk's binding, shown and saved by the same form.
const bound = "handle-complaint";

describe("queue form <-> payload", () => {
  it("round-trips a saved queue and its script through the form", () => {
    const form = formFromQueue(saved, bound);
    expect(form.requestTypes).toBe("complaint, refund");
    expect(form.slPercent).toBe("90");
    expect(form.week.mon).toBe("09:00-12:00, 13:00-18:00");
    expect(form.overflowMode).toBe("queue");
    expect(form.alwaysOpen).toBe(false);
    const { payload, script, errors } = buildQueuePayload(form);
    expect(errors).toEqual({});
    const { created_at: _c, updated_at: _u, ...settings } = saved;
    void _c;
    void _u;
    expect(payload).toEqual(settings);
    expect(script).toBe(bound);
    expect(forUpdate(payload)).not.toHaveProperty("id");
  });

  it("keeps every other setting when only one changes", () => {
    const form = { ...formFromQueue(saved), wrapUp: "45" };
    const { id: _id, created_at: _c, updated_at: _u, ...settings } = saved;
    void _id;
    void _c;
    void _u;
    expect(forUpdate(buildQueuePayload(form).payload)).toEqual({ ...settings, wrap_up_seconds: 45 });
  });

  it("keeps the queue's script in the form (the desk's binding since #14), out of the queue's payload", () => {
    const form = formFromQueue(saved, bound);
    expect(form.script).toBe(bound);
    expect(buildQueuePayload(form).payload).not.toHaveProperty("script");
    expect(buildQueuePayload({ ...form, wrapUp: "45" }).script).toBe(bound);
    expect(buildQueuePayload({ ...form, script: "" }).script).toBeNull();
    expect(buildQueuePayload(emptyQueueForm()).script).toBeNull();
    expect(formFromQueue(saved).script).toBe("");
  });

  it("builds defaults for a new, always-open queue", () => {
    const form = { ...emptyQueueForm("Asia/Ho_Chi_Minh"), id: "vip", name: "VIP" };
    const { payload, errors } = buildQueuePayload(form);
    expect(errors).toEqual({});
    expect(payload).toMatchObject({
      id: "vip",
      name: "VIP",
      channels: ["voice"],
      hours: null,
      overflow: null,
      max_size: null,
      closed_queue: null,
      service_level: { fraction: 0.8, seconds: 20 },
      skills: {},
      escalations: [],
    });
  });

  it("turns overflow without a queue into a callback and hours text into ranges", () => {
    const form = {
      ...emptyQueueForm(),
      id: "vip",
      name: "VIP",
      overflowMode: "callback" as const,
      overflowAfter: "120",
      alwaysOpen: false,
      week: { ...emptyQueueForm().week, mon: "9:00 - 18:00", tue: "09:00-12:00,13:00-17:00" },
      skills: [{ skill: "english", level: "7" }],
      maxSize: "25",
    };
    const { payload, errors } = buildQueuePayload(form);
    expect(errors).toEqual({});
    expect(payload.overflow).toEqual({ after_seconds: 120, to_queue: null });
    expect(payload.hours).toEqual({ timezone: "UTC", week: { mon: ["09:00-18:00"], tue: ["09:00-12:00", "13:00-17:00"] } });
    expect(payload.skills).toEqual({ english: 7 });
    expect(payload.max_size).toBe(25);
  });

  it("reports problems by the API's field names", () => {
    const form = {
      ...emptyQueueForm(),
      channels: [],
      priority: "1.5",
      slPercent: "150",
      alwaysOpen: false,
      week: { ...emptyQueueForm().week, wed: "nine to five" },
      skills: [{ skill: "", level: "3" }, { skill: "english", level: "2" }, { skill: "english", level: "4" }],
      overflowMode: "queue" as const,
      closedBehaviour: "overflow" as const,
    };
    const { errors } = buildQueuePayload(form);
    expect(errors).toEqual({
      name: "supervisor.form.error.required",
      id: "supervisor.form.error.required",
      channels: "supervisor.form.error.channels",
      priority: "supervisor.form.error.wholeNumber",
      "service_level.fraction": "supervisor.form.error.percent",
      "hours.week.wed": "supervisor.form.error.ranges",
      "skills.0": "supervisor.form.error.pickSkill",
      "skills.english": "supervisor.form.error.duplicateSkill",
      "overflow.to_queue": "supervisor.form.error.pickQueue",
      closed_queue: "supervisor.form.error.pickQueue",
    });
  });

  it("asks for at least one open day unless always open", () => {
    const { errors } = buildQueuePayload({ ...emptyQueueForm(), id: "x", name: "X", alwaysOpen: false });
    expect(errors).toEqual({ "hours.week": "supervisor.form.error.noHours" });
  });
});

describe("small parsers", () => {
  it("splits comma lists", () => {
    expect(splitList(" a, b,,c ;d\n")).toEqual(["a", "b", "c", "d"]);
  });

  it("normalises opening ranges or refuses them", () => {
    expect(parseRanges("9:00-12:00, 13:00 – 17:30")).toEqual(["09:00-12:00", "13:00-17:30"]);
    expect(parseRanges("")).toEqual([]);
    expect(parseRanges("9-5")).toBeNull();
  });

  it("groups equal consecutive days", () => {
    const week = { mon: ["09:00-18:00"], tue: ["09:00-18:00"], wed: ["09:00-18:00"], fri: ["09:00-18:00"], sat: ["09:00-12:00"] };
    expect(groupWeek(week)).toEqual([
      { from: "mon", to: "wed", ranges: "09:00-18:00" },
      { from: "fri", to: "fri", ranges: "09:00-18:00" },
      { from: "sat", to: "sat", ranges: "09:00-12:00" },
    ]);
  });

  it("suggests an id from a name, Vietnamese included", () => {
    expect(suggestId("Khiếu nại VIP")).toBe("khieu-nai-vip");
    expect(suggestId("Đơn hàng & giao hàng")).toBe("don-hang-giao-hang");
    expect(suggestId("  --VIP--  ")).toBe("vip");
  });
});

describe("agent profile form", () => {
  it("round-trips and drops empty rows", () => {
    const agent = {
      user_id: 3, username: "lan", display_name: "Lan", role: "agent" as const, state: "offline", reason: null, state_since: "2026-01-01T00:00:00Z",
      skills: { vietnamese: 10 }, memberships: [{ queue_id: "orders", tier: 1, penalty: 0 }], capacity: 100, used: 0,
      handled_today: 0, work: [],
    };
    const form = profileForm(agent);
    expect(buildProfile(form)).toEqual({ capacity: 100, skills: { vietnamese: 10 }, memberships: [{ queue_id: "orders", tier: 1, penalty: 0 }] });
    form.skills.push({ skill: "", level: "3" });
    form.memberships.push({ queue: "complaints", tier: "2", penalty: "5" }, { queue: "", tier: "1", penalty: "0" });
    expect(buildProfile(form).memberships).toEqual([
      { queue_id: "orders", tier: 1, penalty: 0 },
      { queue_id: "complaints", tier: 2, penalty: 5 },
    ]);
    expect(buildProfile(form).skills).toEqual({ vietnamese: 10 });
  });
});
