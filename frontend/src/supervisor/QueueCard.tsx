import { useId } from "react";

import { useI18n } from "../shared/i18n";
import type { MessageKey } from "../shared/i18n/en";
import { Badge } from "../shared/ui/components";
import { formatDuration, formatPercent } from "../shared/format";
import { serviceLevelStatus } from "./format";
import { stateLabel } from "./labels";
import { longestWait, type LiveQueue } from "./live";

const SL_LABEL: Record<string, MessageKey> = {
  good: "supervisor.sl.good",
  bad: "supervisor.sl.bad",
  none: "supervisor.sl.none",
};
const SL_TONE = { good: "ok", bad: "danger", none: undefined } as const;

/** One queue on the wallboard. */
export function QueueCard({ queue, now }: { queue: LiveQueue; now: number }) {
  const { t, lang } = useI18n();
  const titleId = useId();
  const target = queue.service_level_target;
  const status = serviceLevelStatus(queue.service_level, target);
  const level = queue.service_level ?? 0;
  const staffed = Object.entries(queue.agents)
    .filter(([, count]) => count > 0)
    .map(([state, count]) => {
      const key = stateLabel(state);
      return `${count} ${key ? t(key).toLowerCase() : state}`;
    });
  const stat = (key: MessageKey, value: string | number, id: string) => (
    <div>
      <dt>{t(key)}</dt>
      <dd data-testid={`stat-${id}`}>{value}</dd>
    </div>
  );
  return (
    <article className={`card queue-card sl-${status}`} aria-labelledby={titleId} data-testid={`queue-${queue.queue_id}`}>
      <div className="queue-card-head">
        <h3 id={titleId}>{queue.name}</h3>
        <Badge tone={queue.open ? "ok" : "warn"}>{t(queue.open ? "supervisor.live.open" : "supervisor.live.closed")}</Badge>
      </div>
      <div className="queue-card-big">
        <div>
          <div className="big-number" data-testid="stat-waiting">
            {queue.waiting}
          </div>
          <div className="muted small">{t("supervisor.live.waitingCount")}</div>
        </div>
        <div>
          <div className="big-number" data-testid="stat-longest">
            {formatDuration(longestWait(queue, now), lang)}
          </div>
          <div className="muted small">{t("supervisor.live.longestWait")}</div>
        </div>
      </div>
      <div className="sl">
        <div className="sl-line">
          <span>
            {t("supervisor.live.serviceLevel")} <strong>{formatPercent(queue.service_level, lang)}</strong>
          </span>
          <Badge tone={SL_TONE[status]}>{t(SL_LABEL[status])}</Badge>
        </div>
        <div className="sl-bar" aria-hidden="true">
          <span className="sl-fill" style={{ width: `${Math.min(100, level * 100)}%` }} />
          <span className="sl-target" style={{ left: `${Math.min(100, (target.fraction ?? 0.8) * 100)}%` }} />
        </div>
        <div className="small muted">
          {t("supervisor.live.target", {
            percent: formatPercent(target.fraction ?? 0.8, lang),
            seconds: String(target.seconds ?? 20),
          })}
        </div>
        <div className="small muted">
          {t("supervisor.live.asa")} <span data-testid="stat-asa">{formatDuration(queue.average_speed_of_answer, lang)}</span>
        </div>
      </div>
      <div className="small muted queue-card-today">{t("supervisor.live.today")}</div>
      <dl className="queue-stats">
        {stat("supervisor.live.entered", queue.entered, "entered")}
        {stat("supervisor.live.answered", queue.answered, "answered")}
        {stat("supervisor.live.abandoned", queue.abandoned, "abandoned")}
        {stat("supervisor.live.refused", queue.refused, "refused")}
        {stat("supervisor.live.overflowed", queue.overflowed, "overflowed")}
        {stat("supervisor.live.completed", queue.completed, "completed")}
      </dl>
      <p className="small muted queue-card-agents">
        {t("supervisor.live.staffed")}: {staffed.length ? staffed.join(" · ") : t("supervisor.live.nobody")}
      </p>
    </article>
  );
}
