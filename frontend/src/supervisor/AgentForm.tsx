import { useState, type FormEvent } from "react";

import { useI18n } from "../shared/i18n";
import { useErrors } from "../shared/i18n/errors";
import { Alert, Button, Field } from "../shared/ui/components";
import { routingApi, type AgentOut, type QueueOut, type SkillOut } from "./api";
import { buildProfile, profileForm, type ProfileForm } from "./agentForm";
import { SkillLevels } from "./SkillLevels";

type Props = { agent: AgentOut; skills: SkillOut[]; queues: QueueOut[]; onDone: (agent: AgentOut) => void; onCancel: () => void };

/** An agent's routing profile: skills with levels, queue memberships (tier, penalty) and capacity. */
export function AgentForm({ agent, skills, queues, onDone, onCancel }: Props) {
  const { t } = useI18n();
  const { errorText, fieldTexts } = useErrors();
  const [form, setForm] = useState<ProfileForm>(() => profileForm(agent));
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const update = (change: Partial<ProfileForm>) => setForm((current) => ({ ...current, ...change }));
  const fieldError = (name: string) => {
    const fields = fieldTexts(problem);
    const key = Object.keys(fields).find((field) => field === name || field.startsWith(`${name}.`));
    return key ? fields[key] : undefined;
  };
  const setMembership = (index: number, change: Partial<ProfileForm["memberships"][number]>) =>
    update({ memberships: form.memberships.map((row, i) => (i === index ? { ...row, ...change } : row)) });

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    setBusy(true);
    try {
      onDone(await routingApi.setAgentProfile(agent.user_id, buildProfile(form)));
    } catch (caught) {
      setProblem(caught);
    } finally {
      setBusy(false);
    }
  }

  const used = new Set(form.memberships.map((m) => m.queue));
  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <Field
        label={t("supervisor.agents.capacity")}
        className="narrow"
        type="number"
        min={1}
        max={1000}
        step={1}
        value={form.capacity}
        help={t("supervisor.agents.capacityHelp")}
        error={fieldError("capacity")}
        onChange={(event) => update({ capacity: event.target.value })}
      />
      <SkillLevels
        legend={t("supervisor.agents.skills")}
        name="skills"
        rows={form.skills}
        onChange={(rows) => update({ skills: rows })}
        skills={skills}
        min={1}
        errorFor={fieldError}
      />
      <fieldset className="subform">
        <legend>{t("supervisor.agents.memberships")}</legend>
        <p className="help">{t("supervisor.agents.membershipsHelp")}</p>
        {form.memberships.length === 0 && <p className="muted small">{t("supervisor.agents.noQueues")}</p>}
        {form.memberships.map((row, index) => {
          const n = String(index + 1);
          return (
            <div className="membership-row" key={index}>
              <select
                aria-label={t("supervisor.agents.queueN", { n })}
                value={row.queue}
                onChange={(event) => setMembership(index, { queue: event.target.value })}
              >
                <option value="">{t("supervisor.form.pickQueue")}</option>
                {queues.map((queue) => (
                  <option key={queue.id} value={queue.id} disabled={queue.id !== row.queue && used.has(queue.id)}>
                    {queue.name}
                  </option>
                ))}
              </select>
              <label className="inline-label">
                {t("supervisor.agents.tier")}
                <input
                  type="number"
                  min={1}
                  max={9}
                  step={1}
                  aria-label={t("supervisor.agents.tierN", { n })}
                  value={row.tier}
                  onChange={(event) => setMembership(index, { tier: event.target.value })}
                />
              </label>
              <label className="inline-label">
                {t("supervisor.agents.penalty")}
                <input
                  type="number"
                  min={0}
                  max={100}
                  step={1}
                  aria-label={t("supervisor.agents.penaltyN", { n })}
                  value={row.penalty}
                  onChange={(event) => setMembership(index, { penalty: event.target.value })}
                />
              </label>
              <Button
                small
                onClick={() => update({ memberships: form.memberships.filter((_, i) => i !== index) })}
                aria-label={t("supervisor.agents.removeQueueN", { n })}
              >
                {t("supervisor.remove")}
              </Button>
              {fieldError(`memberships.${index}`) && <span className="error">{fieldError(`memberships.${index}`)}</span>}
            </div>
          );
        })}
        <div>
          <Button small onClick={() => update({ memberships: [...form.memberships, { queue: "", tier: "1", penalty: "0" }] })}>
            {t("supervisor.agents.addQueue")}
          </Button>
        </div>
      </fieldset>
      {problem !== null && <Alert tone="error">{errorText(problem)}</Alert>}
      <div className="row" style={{ justifyContent: "flex-end" }}>
        <Button onClick={onCancel}>{t("common.cancel")}</Button>
        <Button type="submit" variant="primary" disabled={busy}>
          {t("common.save")}
        </Button>
      </div>
    </form>
  );
}
