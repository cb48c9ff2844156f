// The wallboard's service-level verdict (pure). Durations and percentages are in shared/format.

export type ServiceLevelStatus = "good" | "bad" | "none";

/** Whether a queue meets its target: none until something was answered or abandoned after the target. */
export function serviceLevelStatus(level: number | null | undefined, target: { fraction?: number } | undefined): ServiceLevelStatus {
  if (level === null || level === undefined || !Number.isFinite(level)) return "none";
  const goal = target?.fraction ?? 0.8;
  return level + 1e-9 >= goal ? "good" : "bad";
}
