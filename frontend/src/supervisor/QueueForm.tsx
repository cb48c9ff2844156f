import { useState, type FormEvent } from "react";

import { useI18n } from "../shared/i18n";
import { useErrors } from "../shared/i18n/errors";
import { Alert, Button, Field, SelectField } from "../shared/ui/components";
import { CHANNELS, STRATEGIES, routingApi, type PublishedScript, type QueueOut, type SkillOut, type Strategy } from "./api";
import { EscalationsField } from "./EscalationsField";
import { HoursFields } from "./HoursFields";
import { CHANNEL_LABEL, STRATEGY_HELP, STRATEGY_LABEL } from "./labels";
import { OverflowFields } from "./OverflowFields";
import { ScriptField } from "./ScriptField";
import { buildQueuePayload, forUpdate, suggestId, type FormErrors, type QueueForm as FormState } from "./queueForm";
import { SkillLevels } from "./SkillLevels";

type Props = {
  initial: FormState;
  creating: boolean;
  skills: SkillOut[];
  /** The other queues (overflow and closed-hours targets). */
  queues: QueueOut[];
  /** Published scripts for the script picker; null when they could not be loaded. */
  scripts: PublishedScript[] | null;
  onSaved: (queue: QueueOut) => void;
  onCancel: () => void;
};

/** Every setting of a queue; errors from the API are shown next to the form and the input is kept. */
export function QueueForm({ initial, creating, skills, queues, scripts, onSaved, onCancel }: Props) {
  const { t } = useI18n();
  const { errorText, fieldTexts } = useErrors();
  const [form, setForm] = useState<FormState>(initial);
  const [idTouched, setIdTouched] = useState(!creating);
  const [local, setLocal] = useState<FormErrors>({});
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // Saved already (a new queue whose script could not be bound): the next try updates it.
  const [created, setCreated] = useState(false);
  const update = (change: Partial<FormState>) => setForm((current) => ({ ...current, ...change }));

  const errorFor = (name: string): string | undefined => {
    if (local[name]) return t(local[name]);
    const fields = fieldTexts(problem);
    const key = Object.keys(fields).find((field) => field === name || field.startsWith(`${name}.`));
    return key ? fields[key] : undefined;
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const { payload, script, errors } = buildQueuePayload(form);
    setLocal(errors);
    setProblem(null);
    if (Object.keys(errors).length > 0) return;
    setBusy(true);
    try {
      // The queue (routing's settings), then the script the desk opens for it (the desk's binding).
      const adding = creating && !created;
      const queue = adding ? await routingApi.createQueue(payload) : await routingApi.updateQueue(payload.id, forUpdate(payload));
      if (adding) setCreated(true);
      // Only a changed binding is sent: a script unpublished since it was bound stays, as the picker says.
      if (script !== (initial.script || null)) await routingApi.setQueueScript(queue.id, script);
      onSaved(queue);
    } catch (caught) {
      setProblem(caught);
    } finally {
      setBusy(false);
    }
  }

  type NumberOptions = { min?: number; max?: number; step?: number; help?: string };
  const number = (label: string, key: keyof FormState, field: string, extra: NumberOptions = {}) => (
    <Field
      label={label}
      type="number"
      inputMode="decimal"
      value={form[key] as string}
      onChange={(event) => update({ [key]: event.target.value } as Partial<FormState>)}
      error={errorFor(field)}
      min={extra.min}
      max={extra.max}
      step={extra.step ?? "any"}
      help={extra.help}
    />
  );

  const hasLocal = Object.keys(local).length > 0;
  return (
    <form
      className="queue-form"
      onSubmit={(event) => void submit(event)}
      noValidate
      aria-label={t(creating ? "supervisor.queues.new" : "supervisor.queues.edit")}
    >
      <section className="card form-section" aria-labelledby="qf-general">
        <h2 id="qf-general">{t("supervisor.form.general")}</h2>
        <div className="form-grid">
          <Field
            label={t("supervisor.form.name")}
            value={form.name}
            required
            error={errorFor("name")}
            onChange={(event) => {
              const name = event.target.value;
              update(idTouched ? { name } : { name, id: suggestId(name) });
            }}
          />
          {creating ? (
            <Field
              label={t("supervisor.form.id")}
              value={form.id}
              required
              autoComplete="off"
              error={errorFor("id")}
              help={t("supervisor.form.idHelp")}
              onChange={(event) => {
                setIdTouched(true);
                update({ id: event.target.value });
              }}
            />
          ) : (
            <div className="field">
              <span className="label-like">{t("supervisor.form.id")}</span>
              <code className="readonly">{form.id}</code>
            </div>
          )}
          <Field
            label={t("supervisor.form.requestTypes")}
            value={form.requestTypes}
            error={errorFor("request_types")}
            help={t("supervisor.form.requestTypesHelp")}
            placeholder="order-confirmation, delivery"
            onChange={(event) => update({ requestTypes: event.target.value })}
          />
          {number(t("supervisor.form.priority"), "priority", "priority", {
            min: -100,
            max: 100,
            step: 1,
            help: t("supervisor.form.priorityHelp"),
          })}
        </div>
        <ScriptField value={form.script} onChange={(script) => update({ script })} scripts={scripts} error={errorFor("script")} />
        <fieldset className="choices" aria-describedby={errorFor("channels") ? "qf-channels-error" : undefined}>
          <legend>{t("supervisor.form.channels")}</legend>
          {CHANNELS.map((channel) => (
            <label className="check" key={channel}>
              <input
                type="checkbox"
                checked={form.channels.includes(channel)}
                onChange={(event) =>
                  update({
                    channels: event.target.checked
                      ? CHANNELS.filter((c) => c === channel || form.channels.includes(c))
                      : form.channels.filter((c) => c !== channel),
                  })
                }
              />
              {t(CHANNEL_LABEL[channel])}
            </label>
          ))}
          {errorFor("channels") && (
            <span className="error" id="qf-channels-error">
              {errorFor("channels")}
            </span>
          )}
        </fieldset>
      </section>

      <section className="card form-section" aria-labelledby="qf-routing">
        <h2 id="qf-routing">{t("supervisor.form.routing")}</h2>
        <div className="strategy">
          <div>
            <SelectField
              label={t("supervisor.form.strategy")}
              value={form.strategy}
              onChange={(value) => update({ strategy: value as Strategy })}
              options={STRATEGIES.map((value) => ({ value, label: t(STRATEGY_LABEL[value]) }))}
              error={errorFor("strategy")}
            />
            <p className="help strategy-help">{t(STRATEGY_HELP[form.strategy])}</p>
          </div>
        </div>
        <SkillLevels
          legend={t("supervisor.form.skills")}
          help={t("supervisor.form.skillsHelp")}
          name="skills"
          rows={form.skills}
          onChange={(rows) => update({ skills: rows })}
          skills={skills}
          min={1}
          errorFor={errorFor}
        />
        <EscalationsField rows={form.escalations} onChange={(rows) => update({ escalations: rows })} skills={skills} errorFor={errorFor} />
      </section>

      <section className="card form-section" aria-labelledby="qf-service">
        <h2 id="qf-service">{t("supervisor.form.serviceAndLimits")}</h2>
        <div className="form-grid">
          {number(t("supervisor.form.slPercent"), "slPercent", "service_level.fraction", { min: 1, max: 100 })}
          {number(t("supervisor.form.slSeconds"), "slSeconds", "service_level.seconds", { min: 1, max: 3600 })}
          {number(t("supervisor.form.maxSize"), "maxSize", "max_size", { min: 1, step: 1, help: t("supervisor.form.maxSizeHelp") })}
        </div>
        <OverflowFields form={form} update={update} queues={queues} errorFor={errorFor} />
      </section>

      <section className="card form-section" aria-labelledby="qf-hours">
        <h2 id="qf-hours">{t("supervisor.form.hours")}</h2>
        <HoursFields form={form} update={update} queues={queues} errorFor={errorFor} />
      </section>

      <section className="card form-section" aria-labelledby="qf-handling">
        <h2 id="qf-handling">{t("supervisor.form.handling")}</h2>
        <div className="form-grid">
          {number(t("supervisor.form.wrapUp"), "wrapUp", "wrap_up_seconds", { min: 0, max: 3600 })}
          {number(t("supervisor.form.offerTimeout"), "offerTimeout", "offer_timeout_seconds", { min: 5, max: 600 })}
          {number(t("supervisor.form.maxHandle"), "maxHandle", "max_handle_seconds", {
            min: 60,
            max: 86400,
            help: t("supervisor.form.maxHandleHelp"),
          })}
          {number(t("supervisor.form.defaultAht"), "defaultAht", "default_aht_seconds", {
            min: 1,
            help: t("supervisor.form.defaultAhtHelp"),
          })}
          {number(t("supervisor.form.callbackAttempts"), "callbackAttempts", "callback_attempts", { min: 1, max: 10, step: 1 })}
          {number(t("supervisor.form.callbackInterval"), "callbackInterval", "callback_interval_seconds", { min: 30, max: 86400 })}
        </div>
      </section>

      <div className="form-actions">
        {problem !== null && <Alert tone="error">{errorText(problem)}</Alert>}
        {hasLocal && <Alert tone="error">{t("supervisor.form.checkFields")}</Alert>}
        <div className="row" style={{ justifyContent: "flex-end" }}>
          <Button onClick={onCancel}>{t("common.cancel")}</Button>
          <Button type="submit" variant="primary" disabled={busy}>
            {creating ? t("common.create") : t("common.save")}
          </Button>
        </div>
      </div>
    </form>
  );
}
