// A customer's interactions, newest first; each opens the interaction view.
import { Link } from "react-router-dom";

import { useI18n } from "../shared/i18n";
import { Table } from "../shared/ui/components";
import type { HistoryItem } from "./api";
import { formatDateTime } from "../shared/format";
import { CHANNEL_LABEL, DIRECTION_LABEL, PHASE_LABEL, labelOf } from "./labels";
import { agentName, queueName } from "./names";
import { outcomeText, useOutcomeLabels } from "./outcomes";

type Props = { history: HistoryItem[]; agents: Record<number, string>; queues: Record<string, string>; back: string };

export function HistoryTable({ history, agents, queues, back }: Props) {
  const { t, lang } = useI18n();
  const outcomes = useOutcomeLabels();
  return (
    <Table label={t("customers.history")}>
      <thead>
        <tr>
          <th>{t("interactions.received")}</th>
          <th>{t("interactions.channel")}</th>
          <th>{t("interactions.subject")}</th>
          <th>{t("interactions.queue")}</th>
          <th>{t("interactions.agent")}</th>
          <th>{t("interactions.outcome")}</th>
          <th>{t("interactions.phase")}</th>
        </tr>
      </thead>
      <tbody>
        {history.length === 0 && (
          <tr>
            <td colSpan={7} className="muted">{t("customers.history.none")}</td>
          </tr>
        )}
        {history.map((item) => (
          <tr key={item.id} data-testid={`history-${item.id}`}>
            <td className="nowrap small">{formatDateTime(item.received_at, lang, true)}</td>
            <td className="small">
              {labelOf(CHANNEL_LABEL, item.channel, t)}
              <div className="muted">{labelOf(DIRECTION_LABEL, item.direction, t)}</div>
            </td>
            <td>
              <Link to={`/customers/interactions/${encodeURIComponent(item.id)}`} state={{ back }}>
                {item.subject || t("interactions.noSubject")}
              </Link>
            </td>
            <td className="small">{queueName(queues, item.queue_id)}</td>
            <td className="small">{item.agent_name ?? agentName(agents, item.agent_id)}</td>
            <td>{item.outcome ? outcomeText(t, outcomes, item.outcome) : <span className="muted">—</span>}</td>
            <td className="small">{labelOf(PHASE_LABEL, item.phase, t)}</td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
