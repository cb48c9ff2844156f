// Which of the customer's interactions came before this call. A transfer's legs are parts of this very call,
// not earlier requests: the offer card and the caller card both ask here, so they agree on new or returning.
import type { DeskItem } from "./api";
import { transferOrigin } from "./Transfer";

type Entry = { id: string; transferred_from?: string | null };

/** The interactions of one call: `current`, those it was transferred from and those transferred from any of
 * them, as far as `entries` (the customer's history) and `origin` (where `current` came from) tell. */
export function callLegs(current: string, entries: Entry[], origin?: string | null): Set<string> {
  const from = new Map<string, string | null>(entries.map((entry) => [entry.id, entry.transferred_from ?? null]));
  if (origin) from.set(current, origin);
  const legs = new Set([current]);
  let grown = true;
  while (grown) {
    grown = false;
    for (const [leg, source] of from) {
      if (legs.has(leg) && source && !legs.has(source)) {
        legs.add(source);
        grown = true;
      } else if (source && legs.has(source) && !legs.has(leg)) {
        legs.add(leg);
        grown = true;
      }
    }
  }
  return legs;
}

type History = NonNullable<DeskItem["customer"]>["history"];
export type EarlierContacts = { previous: History; count: number; returning: boolean };

/** The customer's earlier interactions (the latest ones listed), how many there are in all, and whether the
 * customer is returning (has any). */
export function earlierContacts(item: DeskItem): EarlierContacts {
  const { customer, interaction } = item;
  if (!customer) return { previous: [], count: 0, returning: false };
  const history = customer.history;
  const legs = callLegs(interaction.id, history, transferOrigin(interaction)?.from);
  const previous = history.filter((entry) => !legs.has(entry.id));
  const sameCallListed = history.length - previous.length;
  const notListed = legs.has(interaction.id) && !history.some((entry) => entry.id === interaction.id) ? 1 : 0;
  const count = Math.max(previous.length, customer.interactions_count - sameCallListed - notListed);
  return { previous, count, returning: count > 0 };
}
