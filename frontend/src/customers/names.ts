import { useEffect, useState } from "react";

import { atLeast, useAuth } from "../shared/auth";
import { interactionsApi } from "./api";

/** Agents' names by user id: all agents for supervisors (GET /api/agents), otherwise only oneself. */
export function useAgentNames(): Record<number, string> {
  const { me } = useAuth();
  const [names, setNames] = useState<Record<number, string>>({});
  const supervisor = !!me && atLeast(me.role, "supervisor");
  useEffect(() => {
    if (!supervisor) return;
    let live = true;
    interactionsApi
      .agents()
      .then((agents) => {
        if (live) setNames(Object.fromEntries(agents.map((agent) => [agent.user_id, agent.display_name])));
      })
      .catch(() => undefined); // names are a nicety: ids are shown instead
    return () => {
      live = false;
    };
  }, [supervisor]);
  return me ? { ...names, [me.id]: me.display_name } : names;
}

export function agentName(names: Record<number, string>, id: number | null | undefined): string {
  if (id === null || id === undefined) return "—";
  return names[id] ?? `#${id}`;
}

/** Queues' names by id (every signed-in user may read the queues). */
export function useQueueNames(): Record<string, string> {
  const [names, setNames] = useState<Record<string, string>>({});
  useEffect(() => {
    let live = true;
    interactionsApi
      .queues()
      .then((queues) => {
        if (live) setNames(Object.fromEntries(queues.map((queue) => [queue.id, queue.name])));
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return names;
}

export function queueName(names: Record<string, string>, id: string | null | undefined): string {
  if (!id) return "—";
  return names[id] ?? id;
}
