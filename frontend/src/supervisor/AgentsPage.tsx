import { useCallback, useEffect, useState } from "react";

import { useI18n } from "../shared/i18n";
import { useErrors } from "../shared/i18n/errors";
import type { MessageKey } from "../shared/i18n/en";
import { Alert, Badge, Button, Dialog, PageHeader, SelectField, Table } from "../shared/ui/components";
import { routingApi, type AgentOut, type QueueOut, type SkillOut } from "./api";
import { AgentForm } from "./AgentForm";
import { SkillsCatalog } from "./SkillsCatalog";
import { StateBadge } from "./StateBadge";
import { SupervisorTabs } from "./SupervisorTabs";

const ROLE_LABEL: Record<AgentOut["role"], MessageKey> = { agent: "role.agent", supervisor: "role.supervisor", admin: "role.admin" };

/** Agents' routing profiles (skills, queues, capacity) and the skill catalog. */
export function AgentsPage() {
  const { t } = useI18n();
  const { errorText } = useErrors();
  const [agents, setAgents] = useState<AgentOut[] | null>(null);
  // Supervisors and admins without a routing profile: not agents, but one may be given a profile.
  const [staff, setStaff] = useState<AgentOut[]>([]);
  const [skills, setSkills] = useState<SkillOut[]>([]);
  const [queues, setQueues] = useState<QueueOut[]>([]);
  const [editing, setEditing] = useState<AgentOut | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    Promise.all([routingApi.agents(), routingApi.agents(true), routingApi.skills(), routingApi.queues()])
      .then(([agentList, everyone, skillList, queueList]) => {
        const listed = new Set(agentList.map((agent) => agent.user_id));
        setAgents(agentList);
        setStaff(everyone.filter((person) => !listed.has(person.user_id)));
        setSkills(skillList);
        setQueues(queueList);
      })
      .catch((caught: unknown) => setError(errorText(caught)));
  }, []);
  useEffect(load, [load]);

  const queueName = (id: string) => queues.find((queue) => queue.id === id)?.name ?? id;
  const skillLabel = (name: string) => skills.find((skill) => skill.name === name)?.label ?? name;

  return (
    <>
      <PageHeader title={t("supervisor.title")} subtitle={t("supervisor.agents.subtitle")} />
      <SupervisorTabs />
      {notice && <Alert tone="ok">{notice}</Alert>}
      {error && <Alert tone="error">{error}</Alert>}
      <section className="board-section" aria-labelledby="agents-heading">
        <h2 id="agents-heading">{t("supervisor.tab.agents")}</h2>
        {!agents ? (
          <p className="muted">{t("common.loading")}</p>
        ) : (
          <Table label={t("supervisor.tab.agents")}>
            <thead>
              <tr>
                <th>{t("supervisor.agents.agent")}</th>
                <th>{t("supervisor.agents.state")}</th>
                <th>{t("supervisor.agents.skills")}</th>
                <th>{t("supervisor.agents.memberships")}</th>
                <th>{t("supervisor.agents.capacity")}</th>
                <th>{t("supervisor.agents.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {agents.length === 0 && (
                <tr>
                  <td colSpan={6} className="muted">
                    {t("supervisor.agents.none")}
                  </td>
                </tr>
              )}
              {agents.map((agent) => (
                <tr key={agent.user_id} data-testid={`profile-${agent.username}`}>
                  <td>
                    <div className="strong">{agent.display_name}</div>
                    <div className="muted small">{agent.username}</div>
                  </td>
                  <td>
                    <StateBadge state={agent.state} />
                  </td>
                  <td>
                    <div className="row tight">
                      {Object.entries(agent.skills).map(([skill, level]) => (
                        <Badge key={skill}>
                          {skillLabel(skill)} {level}
                        </Badge>
                      ))}
                    </div>
                  </td>
                  <td className="small">
                    {agent.memberships.map((m) => (
                      <div key={m.queue_id}>
                        {queueName(m.queue_id)}{" "}
                        <span className="muted">
                          {t("supervisor.agents.tierPenalty", { tier: String(m.tier ?? 1), penalty: String(m.penalty ?? 0) })}
                        </span>
                      </div>
                    ))}
                  </td>
                  <td className="tabular">{agent.capacity}</td>
                  <td>
                    <Button small onClick={() => setEditing(agent)} aria-label={`${t("common.edit")} ${agent.display_name}`}>
                      {t("common.edit")}
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </section>
      {staff.length > 0 && (
        <div className="row agents-staff">
          <SelectField
            label={t("supervisor.agents.giveProfile")}
            value=""
            onChange={(id) => setEditing(staff.find((person) => String(person.user_id) === id) ?? null)}
            options={[
              { value: "", label: t("supervisor.agents.pickPerson") },
              ...staff.map((person) => ({ value: String(person.user_id), label: `${person.display_name} (${t(ROLE_LABEL[person.role])})` })),
            ]}
          />
          <p className="help">{t("supervisor.agents.giveProfileHelp")}</p>
        </div>
      )}
      <SkillsCatalog skills={skills} onChanged={load} />
      <Dialog
        open={editing !== null}
        wide
        title={editing ? t("supervisor.agents.editNamed", { name: editing.display_name }) : ""}
        onClose={() => setEditing(null)}
      >
        {editing && (
          <AgentForm
            agent={editing}
            skills={skills}
            queues={queues}
            onCancel={() => setEditing(null)}
            onDone={(saved) => {
              setEditing(null);
              setNotice(t("supervisor.agents.saved", { name: saved.display_name }));
              load();
            }}
          />
        )}
      </Dialog>
    </>
  );
}
