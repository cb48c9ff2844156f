// Times, durations and numbers in the language of the interface (pure): Intl with vi-VN or en-GB.

export type FormatLang = "en" | "vi";

/** The Intl locale of an interface language. */
export function locale(lang: string): string {
  return lang === "vi" ? "vi-VN" : "en-GB";
}

const units = new Map<string, Intl.NumberFormat>();

function unit(lang: string, name: "hour" | "minute" | "second", value: number): string {
  const key = `${lang}:${name}`;
  let format = units.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale(lang), { style: "unit", unit: name, unitDisplay: "short" });
    units.set(key, format);
  }
  return format.format(value);
}

/**
 * A duration in words of the interface language: "3 phút 20 giây", "3 mins 20 secs"; from an hour on, hours and
 * minutes ("1 giờ 5 phút"). Unknown (null, not a number) as an em dash; never negative.
 */
export function formatDuration(seconds: number | null | undefined, lang: string): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "—";
  const total = Math.max(0, Math.round(seconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = total % 60;
  const parts: string[] = [];
  if (hours > 0) {
    parts.push(unit(lang, "hour", hours));
    if (minutes > 0) parts.push(unit(lang, "minute", minutes));
  } else {
    if (minutes > 0) parts.push(unit(lang, "minute", minutes));
    if (secs > 0 || minutes === 0) parts.push(unit(lang, "second", secs));
  }
  return parts.join(" ");
}

/** A running timer or countdown as a clock: m:ss, from an hour on h:mm:ss; "–" when unknown. */
export function formatTimer(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "–";
  const total = Math.max(0, Math.floor(seconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = String(total % 60).padStart(2, "0");
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${secs}` : `${minutes}:${secs}`;
}

// Times before this are placeholders (an agent who never changed state reports 1970-01-01), not real moments.
const EARLIEST = Date.UTC(2000, 0, 1);

function epoch(at: string | number | null | undefined): number | null {
  if (at === null || at === undefined || at === "") return null;
  const value = typeof at === "number" ? at : Date.parse(at);
  return Number.isNaN(value) || value < EARLIEST ? null : value;
}

/**
 * Seconds since a server moment (an ISO time or epoch ms), never below zero; `skew` is the local clock minus the
 * server's (ms). Null without a (real) moment.
 */
export function secondsSince(at: string | number | null | undefined, now: number, skew = 0): number | null {
  const start = epoch(at);
  return start === null ? null : Math.max(0, (now - skew - start) / 1000);
}

/** Whole seconds left until a server time (ISO), never below zero; null without a time. */
export function secondsUntil(iso: string | null | undefined, now: number, skew = 0): number | null {
  const end = epoch(iso);
  return end === null ? null : Math.max(0, Math.round((end - (now - skew)) / 1000));
}

/** A date and time ("7 thg 12, 2026 13:05"); with `seconds`, to the second. Unknown as an em dash. */
export function formatDateTime(iso: string | null | undefined, lang: string, seconds = false): string {
  if (!iso) return "—";
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return "—";
  return at.toLocaleString(locale(lang), { dateStyle: "medium", timeStyle: seconds ? "medium" : "short" });
}

/** Only the time of day, to the second (for a timeline within one interaction). */
export function formatTime(iso: string, lang: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return "—";
  return at.toLocaleTimeString(locale(lang), { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

/** A number in the interface language (1.234,5 in Vietnamese). */
export function formatNumber(value: number | null | undefined, lang: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return new Intl.NumberFormat(locale(lang), { maximumFractionDigits: 2 }).format(value);
}

/** A share (0.8) as a whole percentage in the interface language ("80%", "80 %"). */
export function formatPercent(fraction: number | null | undefined, lang: string): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return "—";
  return new Intl.NumberFormat(locale(lang), { style: "percent", maximumFractionDigits: 0 }).format(fraction);
}
