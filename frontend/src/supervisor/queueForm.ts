// The queue form's state, and the API payload built from it and back (pure, so it is tested on its own).
import type { MessageKey } from "../shared/i18n/en";
import type { Channel, ClosedBehaviour, QueueCreate, QueueIn, QueueOut, Strategy } from "./api";

export const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Day = (typeof DAYS)[number];

export type SkillLevel = { skill: string; level: string };
export type EscalationRow = { after: string; maxTier: string; skills: SkillLevel[] };
export type OverflowMode = "none" | "queue" | "callback";

export type QueueForm = {
  id: string;
  name: string;
  requestTypes: string;
  channels: Channel[];
  priority: string;
  skills: SkillLevel[];
  strategy: Strategy;
  slPercent: string;
  slSeconds: string;
  maxSize: string;
  overflowMode: OverflowMode;
  overflowQueue: string;
  overflowAfter: string;
  alwaysOpen: boolean;
  timezone: string;
  week: Record<Day, string>;
  closedBehaviour: ClosedBehaviour;
  closedQueue: string;
  wrapUp: string;
  offerTimeout: string;
  maxHandle: string;
  escalations: EscalationRow[];
  defaultAht: string;
  callbackAttempts: string;
  callbackInterval: string;
  /** The published script the desk opens when an agent answers ("" = none): the desk's binding, saved
   * through PUT /api/queues/{id}/script after the queue (routing knows no scripts). */
  script: string;
};

/** Problems found before sending, by the API's field name (so server errors land in the same places). */
export type FormErrors = Record<string, MessageKey>;

const emptyWeek = (): Record<Day, string> => ({ mon: "", tue: "", wed: "", thu: "", fri: "", sat: "", sun: "" });

export function emptyQueueForm(timezone = "UTC"): QueueForm {
  return {
    id: "",
    name: "",
    requestTypes: "",
    channels: ["voice"],
    priority: "0",
    skills: [],
    strategy: "longest-idle",
    slPercent: "80",
    slSeconds: "20",
    maxSize: "",
    overflowMode: "none",
    overflowQueue: "",
    overflowAfter: "300",
    alwaysOpen: true,
    timezone,
    week: emptyWeek(),
    closedBehaviour: "refuse",
    closedQueue: "",
    wrapUp: "30",
    offerTimeout: "20",
    maxHandle: "14400",
    escalations: [],
    defaultAht: "180",
    callbackAttempts: "3",
    callbackInterval: "600",
    script: "",
  };
}

const text = (value: number | null | undefined): string => (value === null || value === undefined ? "" : String(value));
const levels = (skills: Record<string, number> | undefined): SkillLevel[] =>
  Object.entries(skills ?? {}).map(([skill, level]) => ({ skill, level: String(level) }));

/** The form filled from a saved queue and the script the desk binds to it (null: none). */
export function formFromQueue(queue: QueueOut, script: string | null = null): QueueForm {
  const base = emptyQueueForm(queue.hours?.timezone ?? "UTC");
  const week = emptyWeek();
  for (const day of DAYS) week[day] = (queue.hours?.week[day] ?? []).join(", ");
  return {
    ...base,
    id: queue.id,
    name: queue.name,
    requestTypes: (queue.request_types ?? []).join(", "),
    channels: [...(queue.channels ?? base.channels)],
    priority: text(queue.priority ?? 0),
    skills: levels(queue.skills),
    strategy: queue.strategy ?? base.strategy,
    slPercent: String(Math.round((queue.service_level?.fraction ?? 0.8) * 1000) / 10),
    slSeconds: text(queue.service_level?.seconds ?? 20),
    maxSize: text(queue.max_size),
    overflowMode: queue.overflow ? (queue.overflow.to_queue ? "queue" : "callback") : "none",
    overflowQueue: queue.overflow?.to_queue ?? "",
    overflowAfter: queue.overflow ? text(queue.overflow.after_seconds) : base.overflowAfter,
    alwaysOpen: !queue.hours,
    week,
    closedBehaviour: queue.closed_behaviour ?? base.closedBehaviour,
    closedQueue: queue.closed_queue ?? "",
    wrapUp: text(queue.wrap_up_seconds ?? 30),
    offerTimeout: text(queue.offer_timeout_seconds ?? 20),
    maxHandle: text(queue.max_handle_seconds ?? 14400),
    escalations: (queue.escalations ?? []).map((step) => ({
      after: text(step.after_seconds),
      maxTier: text(step.max_tier),
      skills: levels(step.skills),
    })),
    defaultAht: text(queue.default_aht_seconds ?? 180),
    callbackAttempts: text(queue.callback_attempts ?? 3),
    callbackInterval: text(queue.callback_interval_seconds ?? 600),
    script: script ?? "",
  };
}

/** "a, b,,c " -> ["a", "b", "c"] */
export function splitList(value: string): string[] {
  return value
    .split(/[,;\n]/)
    .map((item) => item.trim())
    .filter(Boolean);
}

const RANGE = /^\d{2}:\d{2}-\d{2}:\d{2}$/;

/** "9:00 - 18:00, 13:00-17:00" -> ["09:00-18:00", "13:00-17:00"], or null when a range is not HH:MM-HH:MM. */
export function parseRanges(value: string): string[] | null {
  const ranges = splitList(value).map((range) =>
    range
      .replace(/\s+/g, "")
      .replace(/[–—]/g, "-")
      .replace(/\b(\d):/g, "0$1:"),
  );
  return ranges.every((range) => RANGE.test(range)) ? ranges : null;
}

/** Every setting of a queue, none left out: PUT /api/queues/{id} replaces the whole queue, so a setting the
 * payload omitted would be reset to its default (this is how saving the wrap-up time once cleared the
 * script). `Required` makes TypeScript refuse a payload that forgets a field the API gained. */
export type QueuePayload = Required<QueueCreate>;
/** The queue's settings (routing's) and the script the desk opens for it (the desk's; null: none). */
type Built = { payload: QueuePayload; script: string | null; errors: FormErrors };

/** The API payload for a new queue (with its id) and the problems found; use `forUpdate` to drop the id. */
export function buildQueuePayload(form: QueueForm): Built {
  const errors: FormErrors = {};
  const number = (field: string, value: string, options: { integer?: boolean; optional?: boolean } = {}) => {
    const trimmed = value.trim();
    if (!trimmed) {
      if (!options.optional) errors[field] = "supervisor.form.error.required";
      return null;
    }
    const parsed = Number(trimmed.replace(",", "."));
    if (!Number.isFinite(parsed) || (options.integer && !Number.isInteger(parsed))) {
      errors[field] = options.integer ? "supervisor.form.error.wholeNumber" : "supervisor.form.error.number";
      return null;
    }
    return parsed;
  };
  const skillMap = (field: string, rows: SkillLevel[]) => {
    const map: Record<string, number> = {};
    rows.forEach((row, index) => {
      if (!row.skill) {
        errors[`${field}.${index}`] = "supervisor.form.error.pickSkill";
        return;
      }
      if (row.skill in map) errors[`${field}.${row.skill}`] = "supervisor.form.error.duplicateSkill";
      map[row.skill] = number(`${field}.${row.skill}`, row.level, { integer: true }) ?? 0;
    });
    return map;
  };

  if (!form.name.trim()) errors.name = "supervisor.form.error.required";
  if (!form.id.trim()) errors.id = "supervisor.form.error.required";
  if (form.channels.length === 0) errors.channels = "supervisor.form.error.channels";
  const percent = number("service_level.fraction", form.slPercent);
  if (percent !== null && (percent <= 0 || percent > 100)) errors["service_level.fraction"] = "supervisor.form.error.percent";

  let overflow: QueueCreate["overflow"] = null;
  if (form.overflowMode !== "none") {
    const after = number("overflow.after_seconds", form.overflowAfter) ?? 0;
    if (form.overflowMode === "queue" && !form.overflowQueue) errors["overflow.to_queue"] = "supervisor.form.error.pickQueue";
    overflow = { after_seconds: after, to_queue: form.overflowMode === "queue" ? form.overflowQueue : null };
  }

  let hours: QueueCreate["hours"] = null;
  if (!form.alwaysOpen) {
    const week: Record<string, string[]> = {};
    for (const day of DAYS) {
      if (!form.week[day].trim()) continue;
      const ranges = parseRanges(form.week[day]);
      if (ranges === null) errors[`hours.week.${day}`] = "supervisor.form.error.ranges";
      else week[day] = ranges;
    }
    if (Object.keys(week).length === 0 && !DAYS.some((day) => errors[`hours.week.${day}`])) {
      errors["hours.week"] = "supervisor.form.error.noHours";
    }
    if (!form.timezone.trim()) errors["hours.timezone"] = "supervisor.form.error.required";
    hours = { timezone: form.timezone.trim(), week };
  }
  if (form.closedBehaviour === "overflow" && !form.closedQueue) errors.closed_queue = "supervisor.form.error.pickQueue";

  const payload: QueuePayload = {
    id: form.id.trim(),
    name: form.name.trim(),
    request_types: splitList(form.requestTypes),
    channels: [...form.channels],
    priority: number("priority", form.priority, { integer: true }) ?? 0,
    skills: skillMap("skills", form.skills),
    strategy: form.strategy,
    service_level: {
      fraction: percent === null ? 0.8 : Math.round(percent * 10) / 1000,
      seconds: number("service_level.seconds", form.slSeconds) ?? 20,
    },
    max_size: number("max_size", form.maxSize, { integer: true, optional: true }),
    overflow,
    hours,
    closed_behaviour: form.closedBehaviour,
    closed_queue: form.closedBehaviour === "overflow" ? form.closedQueue : null,
    wrap_up_seconds: number("wrap_up_seconds", form.wrapUp) ?? 30,
    offer_timeout_seconds: number("offer_timeout_seconds", form.offerTimeout) ?? 20,
    max_handle_seconds: number("max_handle_seconds", form.maxHandle) ?? 14400,
    escalations: form.escalations.map((step, index) => ({
      after_seconds: number(`escalations.${index}.after_seconds`, step.after) ?? 0,
      max_tier: number(`escalations.${index}.max_tier`, step.maxTier, { integer: true, optional: true }),
      skills: skillMap(`escalations.${index}.skills`, step.skills),
    })),
    default_aht_seconds: number("default_aht_seconds", form.defaultAht) ?? 180,
    callback_attempts: number("callback_attempts", form.callbackAttempts, { integer: true }) ?? 3,
    callback_interval_seconds: number("callback_interval_seconds", form.callbackInterval) ?? 600,
  };
  return { payload, script: form.script || null, errors };
}

/** The payload for PUT /api/queues/{id}: everything but the id, which never changes. */
export function forUpdate(payload: QueuePayload): Required<QueueIn> {
  const { id: _id, ...rest } = payload;
  void _id;
  return rest;
}

/** Consecutive days with the same ranges, for a short summary ("mon–fri 09:00-18:00"). */
export function groupWeek(week: Record<string, string[]>): { from: Day; to: Day; ranges: string }[] {
  const groups: { from: Day; to: Day; ranges: string }[] = [];
  let previous: Day | null = null;
  for (const day of DAYS) {
    const ranges = (week[day] ?? []).join(", ");
    const last = groups[groups.length - 1];
    if (ranges && last && previous === last.to && last.ranges === ranges) last.to = day;
    else if (ranges) groups.push({ from: day, to: day, ranges });
    previous = ranges ? day : null;
  }
  return groups;
}

/** A queue id suggested from its name: "Khiếu nại VIP" -> "khieu-nai-vip". */
export function suggestId(name: string): string {
  return name
    .toLowerCase()
    .replace(/đ/g, "d")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
}
