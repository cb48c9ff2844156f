// Pure formatting for the wallboard: durations, percentages and the service-level verdict.

/** Seconds as m:ss (or h:mm:ss from an hour on); null or not a number as an em dash. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "—";
  const total = Math.max(0, Math.floor(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

// Times before this are placeholders (an agent who never changed state reports 1970-01-01), not real moments.
const EARLIEST = Date.UTC(2000, 0, 1);

/** Seconds from an ISO time until now (milliseconds), never negative; null when the time is unknown. */
export function secondsSince(iso: string | null | undefined, now: number): number | null {
  if (!iso) return null;
  const start = Date.parse(iso);
  return Number.isNaN(start) || start < EARLIEST ? null : Math.max(0, (now - start) / 1000);
}

/** A share (0.8) as a whole percentage in the interface language ("80%"). */
export function formatPercent(fraction: number | null | undefined, lang: string): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return "—";
  return new Intl.NumberFormat(lang === "vi" ? "vi-VN" : "en-GB", { style: "percent", maximumFractionDigits: 0 }).format(
    fraction,
  );
}

export type ServiceLevelStatus = "good" | "bad" | "none";

/** Whether a queue meets its target: none until something was answered or abandoned after the target. */
export function serviceLevelStatus(level: number | null | undefined, target: { fraction?: number } | undefined): ServiceLevelStatus {
  if (level === null || level === undefined || !Number.isFinite(level)) return "none";
  const goal = target?.fraction ?? 0.8;
  return level + 1e-9 >= goal ? "good" : "bad";
}
