import { useState } from "react";

import { useI18n } from "../shared/i18n";
import { useErrors } from "../shared/i18n/errors";
import type { MessageKey } from "../shared/i18n/en";
import { Alert, Button, Table } from "../shared/ui/components";
import { routingApi, type AgentOut, type Presence } from "./api";
import { formatDuration, secondsSince } from "../shared/format";
import { reasonLabel } from "../desk/labels";
import { StateBadge } from "./StateBadge";

const ACTIONS: { presence: Presence; label: MessageKey }[] = [
  { presence: "ready", label: "supervisor.action.ready" },
  { presence: "not-ready", label: "supervisor.action.notReady" },
  { presence: "offline", label: "supervisor.action.offline" },
];

type Props = {
  agents: AgentOut[];
  queueNames: Record<string, string>;
  now: number;
  onChanged: (agent: AgentOut) => void;
};

/** Agents with their live state; a supervisor can set one ready, not ready or offline. */
export function LiveAgents({ agents, queueNames, now, onChanged }: Props) {
  const { t, lang } = useI18n();
  const { errorText } = useErrors();
  const [busy, setBusy] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function change(agent: AgentOut, presence: Presence) {
    setBusy(agent.user_id);
    setError(null);
    try {
      onChanged(await routingApi.setAgentState(agent.user_id, presence));
    } catch (caught) {
      const detail = errorText(caught);
      setError(t("supervisor.action.failed", { name: agent.display_name, detail }));
    } finally {
      setBusy(null);
    }
  }

  const queues = (agent: AgentOut) =>
    agent.memberships
      .map((m) => {
        const name = queueNames[m.queue_id] ?? m.queue_id;
        return m.tier && m.tier > 1 ? t("supervisor.agents.tierOf", { queue: name, tier: String(m.tier) }) : name;
      })
      .join(", ");

  return (
    <>
      {error && <Alert tone="error">{error}</Alert>}
      <Table label={t("supervisor.live.agents")}>
        <thead>
          <tr>
            <th>{t("supervisor.agents.agent")}</th>
            <th>{t("supervisor.agents.state")}</th>
            <th>{t("supervisor.agents.reason")}</th>
            <th>{t("supervisor.agents.timeInState")}</th>
            <th>{t("supervisor.agents.handled")}</th>
            <th>{t("supervisor.agents.queues")}</th>
            <th>{t("supervisor.agents.actions")}</th>
          </tr>
        </thead>
        <tbody>
          {agents.length === 0 && (
            <tr>
              <td colSpan={7} className="muted">
                {t("supervisor.agents.none")}
              </td>
            </tr>
          )}
          {agents.map((agent) => (
            <tr key={agent.user_id} data-testid={`agent-${agent.username}`}>
              <td>
                <div className="strong">{agent.display_name}</div>
                <div className="muted small">{agent.username}</div>
              </td>
              <td>
                <StateBadge state={agent.state} />
              </td>
              <td>{agent.state === "not-ready" ? reasonLabel(t, agent.reason) : ""}</td>
              <td className="nowrap tabular">{formatDuration(secondsSince(agent.state_since, now), lang)}</td>
              <td className="tabular">{agent.handled_today}</td>
              <td className="small">{queues(agent)}</td>
              <td>
                <div className="row actions">
                  {ACTIONS.map(({ presence, label }) => (
                    <Button
                      key={presence}
                      small
                      variant={presence === "offline" ? "danger" : undefined}
                      disabled={busy === agent.user_id || agent.state === presence}
                      aria-label={`${t(label)} ${agent.display_name}`}
                      onClick={() => void change(agent, presence)}
                    >
                      {t(label)}
                    </Button>
                  ))}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
    </>
  );
}
