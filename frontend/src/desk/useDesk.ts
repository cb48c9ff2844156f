// The desk's state: GET /api/desk is the truth; /api/events (pinged, reconnected with backoff) says when to reload.
import { useCallback, useEffect, useRef, useState } from "react";

import { useErrors } from "../shared/i18n/errors";
import { openEventStream, type LinkStatus } from "../shared/eventStream";
import { deskApi, type DeskItem, type DeskOut, type Interaction } from "./api";
import { serverSkew } from "./format";
import { concernsMe, expiredWrapUps, newOffers, parseMessage } from "./live";
import { lateFromItem, loadLate, saveLate, type LateWrapUp } from "./storage";

export type { LinkStatus };

const RELOAD_MS = 250;

export type Desk = {
  desk: DeskOut | null;
  error: string | null;
  status: LinkStatus;
  /** Local clock minus the server's (ms). */
  skew: number;
  queueNames: Record<string, string>;
  /** Per interaction: captured field -> where it was written ("customer.<field>" or "interaction"). */
  placed: Record<string, Record<string, string>>;
  late: LateWrapUp[];
  /** The newest offer that arrived while the page was open (announced once). */
  freshOffer: DeskItem | null;
  reload: (delay?: number) => void;
  applyItem: (item: DeskItem) => void;
  applyInteraction: (interaction: Interaction) => void;
  /** The agent finished this wrap-up: it is not a late one when it leaves the desk. */
  finished: (interactionId: string) => void;
};

export function useNow(interval = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), interval);
    return () => clearInterval(timer);
  }, [interval]);
  return now;
}

export function useDesk(userId: number): Desk {
  const [desk, setDesk] = useState<DeskOut | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { errorText } = useErrors();
  const errorTextRef = useRef(errorText); // loading is not restarted when the language changes
  errorTextRef.current = errorText;
  const [status, setStatus] = useState<LinkStatus>("connecting");
  const [skew, setSkew] = useState(0);
  const [queueNames, setQueueNames] = useState<Record<string, string>>({});
  const [placed, setPlaced] = useState<Record<string, Record<string, string>>>({});
  const [late, setLate] = useState<LateWrapUp[]>(() => loadLate(userId));
  const [freshOffer, setFreshOffer] = useState<DeskItem | null>(null);

  const current = useRef<DeskOut | null>(null);
  const mutations = useRef(0);
  const done = useRef(new Set<string>());
  const loading = useRef(false);
  const again = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const stopped = useRef(false);

  const load = useCallback(async function load(): Promise<void> {
    if (loading.current) {
      again.current = true;
      return;
    }
    loading.current = true;
    const started = mutations.current;
    try {
      const next = await deskApi.desk();
      const at = Date.now();
      if (stopped.current) return;
      if (started !== mutations.current) {
        again.current = true; // an action changed an item meanwhile: this answer may be older than it
        return;
      }
      const previous = current.current;
      current.current = next;
      setDesk(next);
      setError(null);
      const learnt = serverSkew(next, at);
      if (learnt !== null) setSkew(learnt);
      const offers = newOffers(previous, next);
      if (offers.length) setFreshOffer(offers[offers.length - 1]);
      const expired = expiredWrapUps(previous, next).filter((item) => !done.current.has(item.interaction.id));
      if (expired.length) {
        setLate((list) => {
          const known = new Set(list.map((entry) => entry.id));
          const merged = [...list, ...expired.filter((item) => !known.has(item.interaction.id)).map(lateFromItem)];
          saveLate(userId, merged);
          return merged;
        });
      }
    } catch (caught) {
      if (!stopped.current) setError(errorTextRef.current(caught));
    } finally {
      loading.current = false;
      if (again.current && !stopped.current) {
        again.current = false;
        void load();
      }
    }
  }, [userId]);

  const reload = useCallback(
    (delay = 0) => {
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void load(), delay);
    },
    [load],
  );

  const change = useCallback((update: (item: DeskItem) => DeskItem | null) => {
    mutations.current += 1;
    const before = current.current;
    if (!before) return;
    const next = { ...before, items: before.items.map((item) => update(item) ?? item) };
    current.current = next;
    setDesk(next);
  }, []);

  const applyItem = useCallback(
    (fresh: DeskItem) => {
      const id = fresh.interaction.id;
      change((item) => (item.interaction.id === id ? { ...fresh, contact: fresh.contact ?? item.contact } : null));
      if (fresh.placed && Object.keys(fresh.placed).length) {
        setPlaced((all) => ({ ...all, [id]: { ...all[id], ...fresh.placed } }));
      }
    },
    [change],
  );

  const applyInteraction = useCallback(
    (interaction: Interaction) =>
      change((item) => (item.interaction.id === interaction.id ? { ...item, interaction } : null)),
    [change],
  );

  const finished = useCallback(
    (interactionId: string) => {
      done.current.add(interactionId);
      setLate((list) => {
        const left = list.filter((entry) => entry.id !== interactionId);
        saveLate(userId, left);
        return left;
      });
    },
    [userId],
  );

  useEffect(() => {
    stopped.current = false;
    let closed = false; // this effect's own flag: a remount (React's strict mode) starts a new link
    const close = openEventStream({
      onOpen: () => reload(), // whatever happened while the link was down
      onStatus: setStatus,
      onMessage: (text) => {
        const message = parseMessage(text);
        if (message && concernsMe(message, userId)) reload(RELOAD_MS);
      },
    });
    reload();
    deskApi
      .queues()
      .then((queues) => {
        if (!closed) setQueueNames(Object.fromEntries(queues.map((queue) => [queue.id, queue.name])));
      })
      .catch(() => undefined); // names are a nicety: ids are shown instead
    return () => {
      closed = true;
      stopped.current = true;
      clearTimeout(timer.current);
      close();
    };
  }, [reload, userId]);

  return { desk, error, status, skew, queueNames, placed, late, freshOffer, reload, applyItem, applyInteraction, finished };
}
