// The desk's own time helpers (pure): the server's clock skew, when a state or hold began; values as text.
// Durations, timers and dates in the interface language are in shared/format.
import type { DeskOut, Moment } from "./api";

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
