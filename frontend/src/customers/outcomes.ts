// Outcomes in words, never as raw keys: the common ones from the catalog (in the interface's language), a
// script's by the label the script gives it, one typed at wrap-up as it was typed.
import { useEffect, useState } from "react";

import { call } from "../shared/api/client";
import type { components } from "../shared/api/schema";
import type { MessageKey } from "../shared/i18n/en";
import { COMMON_OUTCOMES, outcomeLabel } from "../desk/labels";

export type OutcomeLabel = components["schemas"]["OutcomeLabel"];
/** Outcome id -> the label a published script gives it (null: none does). */
export type OutcomeLabels = Record<string, string | null>;
type T = (key: MessageKey, vars?: Record<string, string>) => string;

/** The words for an outcome (see `outcomeLabel`) with the labels the published scripts give. */
export function outcomeText(t: T, labels: OutcomeLabels, id: string | null | undefined): string {
  return outcomeLabel(t, id, labels);
}

/** Every outcome worth offering in a filter: the common ones and those the server knows, by their words. */
export function outcomeChoices(t: T, labels: OutcomeLabels, keep?: string): { value: string; label: string }[] {
  const ids = new Set<string>([...COMMON_OUTCOMES, ...Object.keys(labels)]);
  if (keep) ids.add(keep);
  return [...ids]
    .map((id) => ({ value: id, label: outcomeText(t, labels, id) }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

/** The outcome labels of GET /api/interactions/outcomes ({} until they arrive, or when they cannot). */
export function useOutcomeLabels(): OutcomeLabels {
  const [labels, setLabels] = useState<OutcomeLabels>({});
  useEffect(() => {
    let live = true;
    call("GET", "/api/interactions/outcomes")
      .then((list) => live && setLabels(Object.fromEntries(list.map((item) => [item.id, item.label ?? null]))))
      .catch(() => undefined); // labels are a nicety: outcomeText still gives readable words
    return () => {
      live = false;
    };
  }, []);
  return labels;
}
