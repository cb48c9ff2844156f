// The wallboard's state and how REST snapshots and WebSocket messages merge into it (pure).
import type { EventMessage } from "../shared/api/events";
import type { AgentOut, ContactOut, QueueStats } from "./api";

/** Queue statistics with the local time they arrived, so the longest wait can keep ticking. */
export type LiveQueue = QueueStats & { received: number };

export type LiveState = {
  queues: Record<string, LiveQueue>;
  agents: AgentOut[];
  waiting: Record<string, ContactOut[]>;
  /** Local clock minus the server's (ms), learnt from the times on messages. */
  skew: number;
};

export type { AgentStateMessage, QueueStatsMessage, RoutingEventMessage } from "../shared/api/events";
/** What /api/events sends (generated from the server's schemas). */
export type LiveMessage = EventMessage;

export type LiveAction =
  | { type: "snapshot"; stats: QueueStats[]; agents: AgentOut[]; at: number }
  | { type: "message"; message: LiveMessage; at: number }
  | { type: "waiting"; queueId: string; contacts: ContactOut[] }
  | { type: "agents"; agents: AgentOut[] }
  | { type: "agent"; agent: AgentOut };

export const emptyLive: LiveState = { queues: {}, agents: [], waiting: {}, skew: 0 };

/** A message from /api/events, or null for anything that is not one. */
export { parseEventMessage as parseMessage } from "../shared/api/events";

function sortAgents(agents: AgentOut[]): AgentOut[] {
  return [...agents].sort((a, b) => a.display_name.localeCompare(b.display_name) || a.user_id - b.user_id);
}

function learnSkew(state: LiveState, at: string | undefined, received: number): number {
  const server = at ? Date.parse(at) : NaN;
  return Number.isNaN(server) ? state.skew : received - server;
}

export function liveReducer(state: LiveState, action: LiveAction): LiveState {
  switch (action.type) {
    case "snapshot": {
      const queues: Record<string, LiveQueue> = {};
      for (const stats of action.stats) queues[stats.queue_id] = { ...stats, received: action.at };
      const waiting: Record<string, ContactOut[]> = {};
      for (const id of Object.keys(queues)) if (state.waiting[id]) waiting[id] = state.waiting[id];
      return { ...state, queues, waiting, agents: sortAgents(action.agents) };
    }
    case "waiting":
      return { ...state, waiting: { ...state.waiting, [action.queueId]: action.contacts } };
    case "agents":
      return { ...state, agents: sortAgents(action.agents) };
    case "agent": {
      const others = state.agents.filter((agent) => agent.user_id !== action.agent.user_id);
      return { ...state, agents: sortAgents([...others, action.agent]) };
    }
    case "message":
      return applyMessage(state, action.message, action.at);
  }
}

/** Merges one WebSocket message; messages that carry no state (hello, pong, routing events) only teach the clock. */
export function applyMessage(state: LiveState, message: LiveMessage, received: number): LiveState {
  switch (message.type) {
    case "queue-stats": {
      const { type: _type, ...stats } = message;
      void _type;
      return { ...state, queues: { ...state.queues, [stats.queue_id]: { ...stats, received } } };
    }
    case "agent-state": {
      const skew = learnSkew(state, message.at, received);
      const known = state.agents.some((agent) => agent.user_id === message.agent_id);
      if (!known) return { ...state, skew };
      const agents = state.agents.map((agent) =>
        agent.user_id === message.agent_id
          ? { ...agent, state: message.state, reason: message.reason, state_since: message.at ?? agent.state_since }
          : agent,
      );
      return { ...state, agents, skew };
    }
    case "routing-event":
      return { ...state, skew: learnSkew(state, message.at, received) };
    case "hello":
    case "pong":
    case "offer":
    case "offer-withdrawn":
    case "contact":
    case "status":
    case "queues-changed":
      return state;
    default: {
      const unknown: never = message;
      void unknown;
      return state;
    }
  }
}

/** Whether a message names an agent the board does not know yet (a new agent: reload the list). */
export function namesUnknownAgent(state: LiveState, message: LiveMessage): boolean {
  return message.type === "agent-state" && !state.agents.some((a) => a.user_id === message.agent_id);
}

/** The longest wait now: the pushed value plus the time since it arrived, while anyone waits. */
export function longestWait(queue: LiveQueue, now: number): number {
  return queue.waiting > 0 ? queue.longest_wait + Math.max(0, now - queue.received) / 1000 : 0;
}

export function sortedQueues(state: LiveState): LiveQueue[] {
  return Object.values(state.queues).sort((a, b) => a.name.localeCompare(b.name) || a.queue_id.localeCompare(b.queue_id));
}

/** Every waiting contact, queue by queue (in the board's queue order), each line by position. */
export function waitingContacts(state: LiveState): ContactOut[] {
  return sortedQueues(state).flatMap((queue) =>
    [...(state.waiting[queue.queue_id] ?? [])].sort((a, b) => (a.position ?? 1e9) - (b.position ?? 1e9)),
  );
}
