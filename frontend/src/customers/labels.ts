// Message keys for the interaction vocabulary, and the timeline turned into rows to show.
import type { MessageKey } from "../shared/i18n/en";
import { formatDuration } from "../shared/format";

export const MOMENT_LABEL: Record<string, MessageKey> = {
  received: "interactions.moment.received",
  queued: "interactions.moment.queued",
  offered: "interactions.moment.offered",
  "offer-withdrawn": "interactions.moment.offerWithdrawn",
  answered: "interactions.moment.answered",
  hold: "interactions.moment.hold",
  resume: "interactions.moment.resume",
  transferred: "interactions.moment.transferred",
  "transferred-in": "interactions.moment.transferredIn",
  "transfer-started": "interactions.moment.transferStarted",
  "transfer-answered": "interactions.moment.transferAnswered",
  "transfer-cancelled": "interactions.moment.transferCancelled",
  cancelled: "interactions.moment.cancelled",
  "email-sent": "interactions.moment.emailSent",
  note: "interactions.moment.note",
  ended: "interactions.moment.ended",
  "wrap-up-ended": "interactions.moment.wrapUpEnded",
  corrected: "interactions.moment.corrected",
  abandoned: "interactions.moment.abandoned",
  refused: "interactions.moment.refused",
};

export const PHASE_LABEL: Record<string, MessageKey> = {
  received: "interactions.phase.received",
  queued: "interactions.phase.queued",
  offered: "interactions.phase.offered",
  talking: "interactions.phase.talking",
  "on-hold": "interactions.phase.onHold",
  "wrap-up": "interactions.phase.wrapUp",
  closed: "interactions.phase.closed",
  abandoned: "interactions.phase.abandoned",
  refused: "interactions.phase.refused",
  cancelled: "interactions.phase.cancelled",
};

export const CHANNEL_LABEL: Record<string, MessageKey> = {
  voice: "supervisor.channel.voice",
  webcall: "supervisor.channel.webcall",
  chat: "supervisor.channel.chat",
  email: "supervisor.channel.email",
  callback: "supervisor.channel.callback",
};

export const DIRECTION_LABEL: Record<string, MessageKey> = {
  inbound: "interactions.direction.inbound",
  outbound: "interactions.direction.outbound",
};

const DATA_LABEL: Record<string, MessageKey> = {
  reason: "interactions.data.reason",
  wait: "interactions.data.wait",
  talk: "interactions.data.talk",
  to: "interactions.data.to",
  subject: "interactions.data.subject",
  mode: "interactions.data.mode",
  note: "interactions.data.note",
  from_agent_name: "interactions.data.fromAgent",
  from_queue: "interactions.data.fromQueue",
  why: "interactions.data.why",
  by: "interactions.data.by",
};
/** A correction's `changes`: field -> {from, to}, shown one row per corrected field. */
const CHANGED_LABEL: Record<string, MessageKey> = {
  outcome: "interactions.outcome",
  notes: "interactions.notes",
};
const DURATION_DATA = new Set(["wait", "talk"]);

type Translate = (key: MessageKey) => string;

/** The label of a known word, or the word itself (a newer server may send kinds this page does not know). */
export function labelOf(table: Record<string, MessageKey>, word: string | null | undefined, t: Translate): string {
  if (!word) return "—";
  return Object.hasOwn(table, word) ? t(table[word]) : word;
}

export type TimelineRow = {
  at: string;
  kind: string;
  label: string;
  /** Seconds since the interaction was received. */
  offset: number;
  details: { label: string; value: string }[];
};

type MomentLike = { at: string; kind: string; data: Record<string, unknown> };

function show(key: string, value: unknown, lang: string): string {
  if (DURATION_DATA.has(key) && typeof value === "number") return formatDuration(value, lang);
  if (value === null || value === undefined) return "—";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** The timeline as rows: translated kind, time since the first moment, and the moment's data as label/value pairs. */
export function timelineRows(moments: MomentLike[], t: Translate, lang = "en"): TimelineRow[] {
  const start = moments.length ? Date.parse(moments[0].at) : 0;
  return moments.map((moment) => ({
    at: moment.at,
    kind: moment.kind,
    label: labelOf(MOMENT_LABEL, moment.kind, t),
    offset: Math.max(0, (Date.parse(moment.at) - start) / 1000) || 0,
    details: Object.entries(moment.data ?? {}).flatMap(([key, value]) =>
      key === "changes" && value && typeof value === "object"
        ? Object.entries(value as Record<string, { from?: unknown; to?: unknown }>).map(([field, change]) => ({
            label: labelOf(CHANGED_LABEL, field, t),
            value: `${show(field, change?.from, lang)} → ${show(field, change?.to, lang)}`,
          }))
        : [{ label: Object.hasOwn(DATA_LABEL, key) ? t(DATA_LABEL[key]) : key, value: show(key, value, lang) }],
    ),
  }));
}
