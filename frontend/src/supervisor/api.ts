// The routing API as the supervisor area uses it (types from the generated OpenAPI schema).
import { request } from "../shared/api/client";
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

const queue = (id: string) => `/api/queues/${encodeURIComponent(id)}`;

export const routingApi = {
  queues: () => request<QueueOut[]>("GET", "/api/queues"),
  queue: (id: string) => request<QueueOut>("GET", queue(id)),
  createQueue: (body: QueueCreate) => request<QueueOut>("POST", "/api/queues", body),
  updateQueue: (id: string, body: QueueIn) => request<QueueOut>("PUT", queue(id), body),
  deleteQueue: (id: string) => request<void>("DELETE", queue(id)),
  stats: () => request<QueueStats[]>("GET", "/api/queues/stats"),
  waiting: (id: string) => request<ContactOut[]>("GET", `${queue(id)}/waiting`),
  skills: () => request<SkillOut[]>("GET", "/api/skills"),
  addSkill: (body: SkillIn) => request<SkillOut>("POST", "/api/skills", body),
  deleteSkill: (name: string) => request<void>("DELETE", `/api/skills/${encodeURIComponent(name)}`),
  /** Agents (and staff with a routing profile); `everyone` adds supervisors and admins without one. */
  agents: (everyone = false) => request<AgentOut[]>("GET", everyone ? "/api/agents?everyone=true" : "/api/agents"),
  publishedScripts: () => request<PublishedScript[]>("GET", "/api/scripts/published"),
  setAgentState: (userId: number, state: Presence, reason?: string) =>
    request<AgentOut>("PUT", `/api/agents/${userId}/state`, reason ? { state, reason } : { state }),
  setAgentProfile: (userId: number, body: AgentProfileIn) => request<AgentOut>("PUT", `/api/agents/${userId}`, body),
};
