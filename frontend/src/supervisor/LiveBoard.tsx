import { useI18n } from "../shared/i18n";
import type { MessageKey } from "../shared/i18n/en";
import { Alert, PageHeader } from "../shared/ui/components";
import { LiveAgents } from "./LiveAgents";
import { sortedQueues, waitingContacts } from "./live";
import { QueueCard } from "./QueueCard";
import { SupervisorTabs } from "./SupervisorTabs";
import { useLive, useNow, type LinkStatus } from "./useLive";
import { WaitingList } from "./WaitingList";

const LINK_LABEL: Record<LinkStatus, MessageKey> = {
  connecting: "supervisor.link.connecting",
  live: "supervisor.link.live",
  reconnecting: "supervisor.link.reconnecting",
};

/** The wallboard: queues, agents and the waiting line, kept current over /api/events. */
export function LiveBoard() {
  const { t } = useI18n();
  const { live, status, error, updateAgent } = useLive();
  const now = useNow();
  const serverNow = now - live.skew;
  const queues = sortedQueues(live);
  const names = Object.fromEntries(queues.map((queue) => [queue.queue_id, queue.name]));
  return (
    <>
      <PageHeader
        title={t("supervisor.title")}
        subtitle={t("supervisor.live.subtitle")}
        actions={
          <span className={`link-status ${status}`} role="status" data-testid="link-status">
            <span className="state-dot" aria-hidden="true" />
            {t(LINK_LABEL[status])}
          </span>
        }
      />
      <SupervisorTabs />
      {error && <Alert tone="error">{error}</Alert>}
      <section className="board-section" aria-labelledby="board-queues">
        <h2 id="board-queues">{t("supervisor.live.queues")}</h2>
        {queues.length === 0 ? (
          <p className="muted">{t("supervisor.live.noQueues")}</p>
        ) : (
          <div className="queue-cards">
            {queues.map((queue) => (
              <QueueCard key={queue.queue_id} queue={queue} now={now} />
            ))}
          </div>
        )}
      </section>
      <section className="board-section" aria-labelledby="board-agents">
        <h2 id="board-agents">{t("supervisor.live.agents")}</h2>
        <LiveAgents agents={live.agents} queueNames={names} now={serverNow} onChanged={updateAgent} />
      </section>
      <section className="board-section" aria-labelledby="board-waiting">
        <h2 id="board-waiting">{t("supervisor.live.waiting")}</h2>
        <WaitingList contacts={waitingContacts(live)} queueNames={names} now={serverNow} />
      </section>
    </>
  );
}
