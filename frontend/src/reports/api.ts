// The reports API: the interaction search and its CSV export (and the agents and queues their filters offer).
import { call, href } from "../shared/api/client";
import type { components } from "../shared/api/schema";
import type { InteractionParams } from "./query";

type Schemas = components["schemas"];
export type Interaction = Schemas["InteractionOut"];
export type AgentOut = Schemas["AgentOut"];
export type QueueOut = Schemas["QueueOut"];

export const reportsApi = {
  /** `query` as `interactionParams` builds it from the page's filters. */
  searchInteractions: (query: InteractionParams) => call("GET", "/api/interactions", { query }),
  /** The CSV export of the same filters (no paging), as a link to download. */
  exportUrl: (query: InteractionParams) => href("/api/interactions/export.csv", { query }),
  agents: () => call("GET", "/api/agents"),
  queues: () => call("GET", "/api/queues"),
};
