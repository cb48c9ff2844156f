// The routing API as the supervisor area uses it (types from the generated OpenAPI schema).
import { call } from "../shared/api/client";
import type { components } from "../shared/api/schema";

type Schemas = components["schemas"];
export type QueueOut = Schemas["QueueOut"];
export type QueueIn = Schemas["QueueIn"];
export type QueueCreate = Schemas["QueueCreate"];
export type QueueStats = Schemas["QueueStats"];
export type AgentOut = Schemas["AgentOut"];
export type Membership = Schemas["MembershipIn"];
export type AgentProfileIn = Schemas["AgentProfileIn"];
export type SkillOut = Schemas["SkillOut"];
export type SkillIn = Schemas["SkillIn"];
export type ContactOut = Schemas["ContactOut"];
export type Channel = Schemas["Channel"];
export type Strategy = Schemas["Strategy"];
export type ClosedBehaviour = Schemas["ClosedBehaviour"];
export type Presence = Schemas["StateIn"]["state"];
export type PublishedScript = Schemas["PublishedScript"];

export const CHANNELS: Channel[] = ["voice", "webcall", "chat", "email", "callback"];
export const STRATEGIES: Strategy[] = ["longest-idle", "fewest-handled", "round-robin", "best-skill", "random", "ring-all"];
export const CLOSED_BEHAVIOURS: ClosedBehaviour[] = ["refuse", "callback", "overflow", "queue"];
export const AGENT_STATES = ["ready", "offered", "busy", "wrap-up", "not-ready", "offline"] as const;
export type AgentState = (typeof AGENT_STATES)[number];

const queue = (id: string) => ({ path: { queue_id: id } });

export const routingApi = {
  queues: () => call("GET", "/api/queues"),
  queue: (id: string) => call("GET", "/api/queues/{queue_id}", queue(id)),
  createQueue: (body: QueueCreate) => call("POST", "/api/queues", { body }),
  updateQueue: (id: string, body: QueueIn) => call("PUT", "/api/queues/{queue_id}", { ...queue(id), body }),
  deleteQueue: (id: string) => call("DELETE", "/api/queues/{queue_id}", queue(id)),
  stats: () => call("GET", "/api/queues/stats"),
  waiting: (id: string) => call("GET", "/api/queues/{queue_id}/waiting", queue(id)),
  skills: () => call("GET", "/api/skills"),
  addSkill: (body: SkillIn) => call("POST", "/api/skills", { body }),
  deleteSkill: (name: string) => call("DELETE", "/api/skills/{name}", { path: { name } }),
  /** Agents (and staff with a routing profile); `everyone` adds supervisors and admins without one. */
  agents: (everyone = false) => call("GET", "/api/agents", { query: everyone ? { everyone: true } : {} }),
  publishedScripts: () => call("GET", "/api/scripts/published"),
  /** The script the desk opens for each queue's contacts (queues without one are left out). */
  queueScripts: () => call("GET", "/api/queue-scripts"),
  /** Bind a published script to the queue (null: none); the desk keeps it, apart from routing's settings. */
  setQueueScript: (id: string, script: string | null) =>
    call("PUT", "/api/queues/{queue_id}/script", { ...queue(id), body: { script } }),
  setAgentState: (userId: number, state: Presence, reason?: string) =>
    call("PUT", "/api/agents/{user_id}/state", { path: { user_id: userId }, body: reason ? { state, reason } : { state } }),
  setAgentProfile: (userId: number, body: AgentProfileIn) =>
    call("PUT", "/api/agents/{user_id}", { path: { user_id: userId }, body }),
};
