// The desk's live link (pure parts): which /api/events messages concern this agent, reconnect delays, new offers.
import type { EventMessage } from "../shared/api/events";
import type { DeskItem, DeskOut } from "./api";

/** What /api/events sends (generated from the server's schemas). */
export type DeskMessage = EventMessage;

/** A message from /api/events, or null for anything that is not one. */
export { parseEventMessage as parseMessage } from "../shared/api/events";

/**
 * Whether a message may change what this agent's desk shows (the server owns the state: the desk reloads).
 * Agents get only their own messages; supervisors also get everyone's routing events and statistics, which
 * matter only when they name this user.
 */
export function concernsMe(message: DeskMessage, me: number): boolean {
  switch (message.type) {
    case "offer":
    case "offer-withdrawn":
    case "contact":
      return true;
    case "agent-state":
      return message.agent_id === me;
    case "routing-event":
      return message.agent_id === null || message.agent_id === me;
    case "hello":
    case "pong":
    case "status":
    case "queue-stats":
    case "queues-changed":
      return false;
    default: {
      const unknown: never = message;
      void unknown;
      return false;
    }
  }
}

export { eventsUrl, retryDelay } from "../shared/eventStream";

export function isOffer(item: DeskItem): boolean {
  return item.interaction.phase === "offered" || (item.contact as { state?: string } | null)?.state === "offered";
}

export function isWrapUp(item: DeskItem): boolean {
  return item.interaction.phase === "wrap-up";
}

/** Offers in `next` that were not in `previous` (to announce them once). */
export function newOffers(previous: DeskOut | null, next: DeskOut): DeskItem[] {
  const known = new Set((previous?.items ?? []).filter(isOffer).map((item) => item.interaction.id));
  return next.items.filter((item) => isOffer(item) && !known.has(item.interaction.id));
}

/** Items that were in wrap-up and are gone now: the wrap-up time ran out before the agent finished it. */
export function expiredWrapUps(previous: DeskOut | null, next: DeskOut): DeskItem[] {
  const present = new Set(next.items.map((item) => item.interaction.id));
  return (previous?.items ?? []).filter((item) => isWrapUp(item) && !present.has(item.interaction.id));
}
