// Server values in the UI's language: agent states, not-ready reasons, channels, interaction phases, outcomes.
import type { MessageKey } from "../shared/i18n/en";

type T = (key: MessageKey, vars?: Record<string, string>) => string;

export const REASONS = ["break", "lunch", "training", "meeting", "other"] as const;
/** Reasons the server gives (codes, not words): too many missed offers, after a wrap-up, set by a supervisor. */
const SERVER_REASONS = ["missed-offers", "after-wrap-up", "set-by-supervisor"] as const;
export const COMMON_OUTCOMES = ["resolved", "callback", "follow-up", "not-interested", "wrong-number", "transferred"] as const;
const STATES = ["ready", "not-ready", "offline", "offered", "busy", "wrap-up"];
const CHANNELS = ["voice", "webcall", "chat", "email", "callback"];
const PHASES = ["received", "queued", "offered", "talking", "on-hold", "wrap-up", "closed", "abandoned", "refused", "cancelled"];

function known(t: T, group: string, list: readonly string[], value: string | null | undefined): string {
  if (!value) return "";
  return list.includes(value) ? t(`desk.${group}.${value}` as MessageKey) : value;
}

/** A state's name (the raw value for one the desk does not know). */
export const stateLabel = (t: T, state: string) => known(t, "state", STATES, state);
/** A not-ready reason in words (one typed by an API client is shown as it is). */
export const reasonLabel = (t: T, reason: string | null | undefined) =>
  known(t, "reason", [...REASONS, ...SERVER_REASONS], reason);
export const channelLabel = (t: T, channel: string | null | undefined) => known(t, "channel", CHANNELS, channel);
export const phaseLabel = (t: T, phase: string | null | undefined) => known(t, "phase", PHASES, phase);
/** An outcome in words, never a raw key: the catalog's for a common one, else the label a script gives it
 * (`labels`, id -> label), else the id made readable ("meeting-booked" -> "Meeting booked"), else what an
 * agent typed at wrap-up, as typed. */
export function outcomeLabel(t: T, outcome: string | null | undefined, labels: Record<string, string | null> = {}): string {
  if (!outcome) return "";
  if ((COMMON_OUTCOMES as readonly string[]).includes(outcome)) return t(`desk.outcome.${outcome}` as MessageKey);
  const label = labels[outcome];
  if (label) return label;
  if (/^[a-z0-9]+([-_][a-z0-9]+)*$/.test(outcome)) {
    const words = outcome.replace(/[-_]+/g, " ");
    return words.charAt(0).toUpperCase() + words.slice(1);
  }
  return outcome;
}

const MOMENTS = [
  "received", "queued", "offered", "offer-withdrawn", "answered", "hold", "resume", "transferred", "email-sent", "note",
  "ended", "wrap-up-ended", "abandoned", "refused", "cancelled", "transferred-in", "transfer-started", "transfer-answered",
  "transfer-cancelled",
];
/** A timeline moment's kind. */
export const momentLabel = (t: T, kind: string) => known(t, "moment", MOMENTS, kind);
