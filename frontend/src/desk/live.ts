// The desk's live link (pure parts): which /api/events messages concern this agent, reconnect delays, new offers.
import type { DeskItem, DeskOut } from "./api";

export type DeskMessage =
  | { type: "hello"; user_id?: number | null }
  | { type: "pong" }
  | { type: "offer"; contact: { id: string; [key: string]: unknown } }
  | { type: "offer-withdrawn"; why?: string; contact: { id: string; [key: string]: unknown } }
  | { type: "contact"; event: string; contact: { id: string; [key: string]: unknown } | null }
  | { type: "agent-state"; agent_id?: number | null; state: string; reason?: string | null }
  | { type: "routing-event"; kind: string; agent_id?: number | null }
  | { type: "queue-stats" }
  | { type: string; [key: string]: unknown };

/** A message from /api/events, or null for anything that is not one. */
export function parseMessage(text: string): DeskMessage | null {
  try {
    const data: unknown = JSON.parse(text);
    if (data && typeof data === "object" && typeof (data as { type?: unknown }).type === "string") {
      return data as DeskMessage;
    }
  } catch {
    // not JSON: ignored
  }
  return null;
}

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
    case "routing-event": {
      const agent = (message as { agent_id?: number | null }).agent_id;
      return agent === undefined || agent === null || agent === me;
    }
    default:
      return false;
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
