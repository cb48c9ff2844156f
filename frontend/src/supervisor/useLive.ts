// The wallboard's live link: a WebSocket on /api/events (pinged, reconnected with backoff) and REST reloads.
import { useCallback, useEffect, useReducer, useRef, useState } from "react";

import { ApiError } from "../shared/api/client";
import { routingApi, type AgentOut } from "./api";
import { emptyLive, liveReducer, namesUnknownAgent, parseMessage, type LiveState } from "./live";

export type LinkStatus = "connecting" | "live" | "reconnecting";

const PING_MS = 25_000;
const REFRESH_MS = 300;

/** Wait before reconnect attempt n (0-based): 1 s, 2 s, 4 s … up to 30 s, with a little jitter. */
export function retryDelay(attempt: number, random: () => number = Math.random): number {
  return Math.round(Math.min(30_000, 1000 * 2 ** attempt) * (0.8 + 0.4 * random()));
}

export function eventsUrl(location: { protocol: string; host: string } = window.location): string {
  return `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/api/events`;
}

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
  const current = useRef(live);
  useEffect(() => {
    current.current = live;
  }, [live]);

  useEffect(() => {
    let stopped = false;
    let socket: WebSocket | null = null;
    let attempt = 0;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let refreshTimer: ReturnType<typeof setTimeout> | undefined;
    const dirty = { queues: new Set<string>(), all: false, agents: false };

    const fail = (caught: unknown) => {
      if (!stopped) setError(caught instanceof ApiError ? caught.detail : String(caught));
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

    function retry() {
      retryTimer = setTimeout(connect, retryDelay(attempt));
      attempt += 1;
    }

    function connect() {
      if (stopped) return;
      if (typeof WebSocket === "undefined") return;
      let ws: WebSocket;
      try {
        ws = new WebSocket(eventsUrl());
      } catch {
        setStatus("reconnecting");
        retry();
        return;
      }
      socket = ws;
      ws.onopen = () => {
        attempt = 0;
        setStatus("live");
        void reload();
      };
      ws.onmessage = (event: MessageEvent) => {
        const message = parseMessage(String(event.data));
        if (!message) return;
        if (namesUnknownAgent(current.current, message)) refreshSoon({ agents: true });
        dispatch({ type: "message", message, at: Date.now() });
        if (message.type === "routing-event") refreshSoon({ queue: message.queue_id, agents: message.agent_id !== null });
      };
      ws.onclose = () => {
        if (socket === ws) socket = null;
        if (stopped) return;
        setStatus("reconnecting");
        retry();
      };
    }

    const ping = setInterval(() => {
      if (socket && socket.readyState === WebSocket.OPEN) socket.send("ping");
    }, PING_MS);
    void reload();
    connect();
    return () => {
      stopped = true;
      clearInterval(ping);
      clearTimeout(retryTimer);
      clearTimeout(refreshTimer);
      socket?.close();
    };
  }, []);

  const updateAgent = useCallback((agent: AgentOut) => dispatch({ type: "agent", agent }), []);
  return { live, status, error, updateAgent };
}
