// Pure helpers for customer forms: list fields. Durations and times are in shared/format.

/** "a, b; c\nd" → ["a", "b", "c", "d"]: what people type into a list field, cleaned, without repeats. */
export function splitList(text: string): string[] {
  const items = text
    .split(/[,;\n]/)
    .map((item) => item.trim())
    .filter(Boolean);
  return [...new Set(items)];
}
