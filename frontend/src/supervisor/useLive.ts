// The wallboard's live link: a WebSocket on /api/events (pinged, reconnected with backoff) and REST reloads.
import { useCallback, useEffect, useReducer, useRef, useState } from "react";

import { useErrors } from "../shared/i18n/errors";
import { openEventStream, type LinkStatus } from "../shared/eventStream";
import { routingApi, type AgentOut } from "./api";
import { emptyLive, liveReducer, namesUnknownAgent, parseMessage, type LiveState } from "./live";

export { eventsUrl, retryDelay, type LinkStatus } from "../shared/eventStream";

const REFRESH_MS = 300;

export function useNow(interval = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), interval);
    return () => clearInterval(timer);
  }, [interval]);
  return now;
}

export function useLive(): {
  live: LiveState;
  status: LinkStatus;
  error: string | null;
  updateAgent: (agent: AgentOut) => void;
} {
  const [live, dispatch] = useReducer(liveReducer, emptyLive);
  const [status, setStatus] = useState<LinkStatus>("connecting");
  const [error, setError] = useState<string | null>(null);
  const { errorText } = useErrors();
  const errorTextRef = useRef(errorText); // the stream is not restarted when the language changes
  errorTextRef.current = errorText;
  const current = useRef(live);
  useEffect(() => {
    current.current = live;
  }, [live]);

  useEffect(() => {
    let stopped = false;
    let refreshTimer: ReturnType<typeof setTimeout> | undefined;
    const dirty = { queues: new Set<string>(), all: false, agents: false };

    const fail = (caught: unknown) => {
      if (!stopped) setError(errorTextRef.current(caught));
    };
    const loadWaiting = (ids: string[]) =>
      Promise.all(
        ids.map((id) =>
          routingApi.waiting(id).then((contacts) => {
            if (!stopped) dispatch({ type: "waiting", queueId: id, contacts });
          }),
        ),
      );

    async function reload() {
      try {
        const [stats, agents] = await Promise.all([routingApi.stats(), routingApi.agents()]);
        if (stopped) return;
        dispatch({ type: "snapshot", stats, agents, at: Date.now() });
        await loadWaiting(stats.map((queue) => queue.queue_id));
        if (!stopped) setError(null);
      } catch (caught) {
        fail(caught);
      }
    }

    async function refresh() {
      refreshTimer = undefined;
      const ids = dirty.all ? Object.keys(current.current.queues) : [...dirty.queues];
      const agents = dirty.agents;
      dirty.queues.clear();
      dirty.all = false;
      dirty.agents = false;
      try {
        await Promise.all([
          loadWaiting(ids),
          agents
            ? routingApi.agents().then((list) => {
                if (!stopped) dispatch({ type: "agents", agents: list });
              })
            : undefined,
        ]);
      } catch (caught) {
        fail(caught);
      }
    }

    function refreshSoon(what: { queue?: string | null; agents?: boolean }) {
      if (what.queue) dirty.queues.add(what.queue);
      else if (what.queue === null) dirty.all = true;
      if (what.agents) dirty.agents = true;
      if (refreshTimer === undefined) refreshTimer = setTimeout(() => void refresh(), REFRESH_MS);
    }

    void reload();
    const close = openEventStream({
      onOpen: () => void reload(),
      onStatus: setStatus,
      onMessage: (text) => {
        const message = parseMessage(text);
        if (!message) return;
        if (namesUnknownAgent(current.current, message)) refreshSoon({ agents: true });
        dispatch({ type: "message", message, at: Date.now() });
        if (message.type === "routing-event") refreshSoon({ queue: message.queue_id, agents: message.agent_id !== null });
      },
    });
    return () => {
      stopped = true;
      clearTimeout(refreshTimer);
      close();
    };
  }, []);

  const updateAgent = useCallback((agent: AgentOut) => dispatch({ type: "agent", agent }), []);
  return { live, status, error, updateAgent };
}
