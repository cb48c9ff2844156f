// Times on the desk (pure): durations as m:ss, countdowns and timers in server time, the hold in progress.
import type { DeskOut, Moment } from "./api";

/** Seconds as m:ss (h:mm:ss from an hour on); "–" when unknown. */
export function clock(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "–";
  const total = Math.max(0, Math.floor(seconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = String(total % 60).padStart(2, "0");
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${secs}` : `${minutes}:${secs}`;
}

/**
 * The local clock minus the server's (ms), learnt from a desk snapshot: an open interaction's total duration runs
 * up to the server's "now", so received_at + total is the server's time when it answered. Null when no item tells.
 */
export function serverSkew(desk: DeskOut, receivedAt: number): number | null {
  for (const item of desk.items) {
    const { received_at, closed_at, durations } = item.interaction;
    if (closed_at || durations.total === null || durations.total === undefined) continue;
    const start = Date.parse(received_at);
    if (Number.isNaN(start)) continue;
    return receivedAt - (start + durations.total * 1000);
  }
  return null;
}

/** Whole seconds left until a server time (ISO), never below zero; null without a time. */
export function secondsUntil(iso: string | null | undefined, now: number, skew = 0): number | null {
  if (!iso) return null;
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.round((at - (now - skew)) / 1000));
}

/** Seconds since a server moment (epoch ms), never below zero; null without one. */
export function secondsSince(at: number | null | undefined, now: number, skew = 0): number | null {
  if (at === null || at === undefined || Number.isNaN(at)) return null;
  return Math.max(0, (now - skew - at) / 1000);
}

/** When the agent's state began (epoch ms), from the desk's epoch seconds; null when never set. */
export function stateStart(stateSince: number): number | null {
  return stateSince > 0 ? stateSince * 1000 : null;
}

/** Epoch ms of the hold in progress: the last `hold` moment not yet followed by `resume` or `ended`. */
export function holdStartedAt(timeline: Moment[]): number | null {
  for (let index = timeline.length - 1; index >= 0; index -= 1) {
    const moment = timeline[index];
    if (moment.kind === "resume" || moment.kind === "ended") return null;
    if (moment.kind === "hold") return Date.parse(moment.at);
  }
  return null;
}

/** A date and time for lists (locale of the UI). */
export function dateTime(iso: string | null | undefined, lang: string): string {
  if (!iso) return "–";
  return new Date(iso).toLocaleString(lang === "vi" ? "vi-VN" : "en-GB", { dateStyle: "medium", timeStyle: "short" });
}

/** A customer's custom field name as a label: `orders_count` → "Orders count". */
export function humanize(name: string): string {
  const words = name.replace(/[_-]+/g, " ").trim();
  return words ? words[0].toUpperCase() + words.slice(1) : name;
}

/** A captured value as text; booleans in the UI's words. */
export function showValue(value: unknown, words: { yes: string; no: string } = { yes: "yes", no: "no" }): string {
  if (value === null || value === undefined || value === "") return "–";
  if (typeof value === "boolean") return value ? words.yes : words.no;
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** A time of day with seconds, for timelines. */
export function timeOfDay(iso: string, lang: string): string {
  return new Date(iso).toLocaleTimeString(lang === "vi" ? "vi-VN" : "en-GB");
}
