// Pure formatting for customers and interactions: durations, times and list fields.

/** Seconds as m:ss (minutes keep counting past the hour: 75:03); nothing known as an em dash. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "—";
  const total = Math.max(0, Math.round(seconds));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, "0")}`;
}

const locale = (lang: string) => (lang === "vi" ? "vi-VN" : "en-GB");

/** A moment with the date and the time to the second (for interaction details). */
export function formatMoment(iso: string | null | undefined, lang: string): string {
  if (!iso) return "—";
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return "—";
  return at.toLocaleString(locale(lang), { dateStyle: "medium", timeStyle: "medium" });
}

/** Only the time of day, to the second (for a timeline within one interaction). */
export function formatClock(iso: string, lang: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return "—";
  return at.toLocaleTimeString(locale(lang), { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

/** "a, b; c\nd" → ["a", "b", "c", "d"]: what people type into a list field, cleaned, without repeats. */
export function splitList(text: string): string[] {
  const items = text
    .split(/[,;\n]/)
    .map((item) => item.trim())
    .filter(Boolean);
  return [...new Set(items)];
}
