// The one live link to /api/events, shared by the desk and the supervisor's board: a WebSocket that is
// pinged, and reconnected with backoff; the caller reloads its state from REST on every (re)open. When the
// server ends it because the sign-in ended (signed out, disabled, new role or password), it is not reconnected:
// the page goes to sign-in instead.

import { sessionEnded } from "./api/client";

export type LinkStatus = "connecting" | "live" | "reconnecting";

export const PING_MS = 25_000;

/** Close codes the server ends the link with when the sign-in no longer holds (platform/realtime.py). */
export const SIGN_IN_ENDED = 4401;
export const ACCOUNT_DISABLED = 4403;

/** Whether a close code means "sign in again" rather than "reconnect". */
export function endsSignIn(code: number): boolean {
  return code === SIGN_IN_ENDED || code === ACCOUNT_DISABLED;
}

/** Wait before reconnect attempt n (0-based): 1 s, 2 s, 4 s … up to 30 s, with a little jitter. */
export function retryDelay(attempt: number, random: () => number = Math.random): number {
  return Math.round(Math.min(30_000, 1000 * 2 ** attempt) * (0.8 + 0.4 * random()));
}

export function eventsUrl(location: { protocol: string; host: string } = window.location): string {
  return `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/api/events`;
}

export type StreamHandlers = {
  onOpen: () => void;
  onMessage: (text: string) => void;
  onStatus: (status: LinkStatus) => void;
  /** The server ended the sign-in; by default the page goes to sign-in (as after a 401). */
  onSignInEnded?: () => void;
};

/** Opens the link and keeps it open until the returned function is called. */
export function openEventStream({
  onOpen,
  onMessage,
  onStatus,
  onSignInEnded = sessionEnded,
}: StreamHandlers): () => void {
  let closed = false;
  let socket: WebSocket | null = null;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  function retry() {
    onStatus("reconnecting");
    retryTimer = setTimeout(connect, retryDelay(attempt));
    attempt += 1;
  }

  function connect() {
    if (closed || typeof WebSocket === "undefined") return;
    let ws: WebSocket;
    try {
      ws = new WebSocket(eventsUrl());
    } catch {
      retry();
      return;
    }
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      onStatus("live");
      onOpen(); // whatever happened while the link was down
    };
    ws.onmessage = (event: MessageEvent) => onMessage(String(event.data));
    ws.onclose = (event: CloseEvent) => {
      if (socket === ws) socket = null;
      if (closed) return;
      if (endsSignIn(event.code)) {
        closed = true;
        onSignInEnded();
        return;
      }
      retry();
    };
  }

  const ping = setInterval(() => {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send("ping");
  }, PING_MS);
  connect();
  return () => {
    closed = true;
    clearInterval(ping);
    clearTimeout(retryTimer);
    socket?.close();
  };
}
