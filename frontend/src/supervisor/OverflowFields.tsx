import { useI18n } from "../shared/i18n";
import type { MessageKey } from "../shared/i18n/en";
import { Field, SelectField } from "../shared/ui/components";
import type { QueueOut } from "./api";
import type { OverflowMode, QueueForm } from "./queueForm";

type Props = {
  form: QueueForm;
  update: (change: Partial<QueueForm>) => void;
  queues: QueueOut[];
  errorFor: (name: string) => string | undefined;
};

const MODES: { mode: OverflowMode; label: MessageKey }[] = [
  { mode: "none", label: "supervisor.overflow.none" },
  { mode: "queue", label: "supervisor.overflow.queue" },
  { mode: "callback", label: "supervisor.overflow.callback" },
];

/** Overflow: none, to another queue, or into a callback that keeps its place, after a wait. */
export function OverflowFields({ form, update, queues, errorFor }: Props) {
  const { t } = useI18n();
  const targets = queues.filter((queue) => queue.id !== form.id);
  return (
    <>
      <fieldset className="choices">
        <legend>{t("supervisor.overflow.title")}</legend>
        {MODES.map(({ mode, label }) => (
          <label className="check" key={mode}>
            <input
              type="radio"
              name="overflow-mode"
              checked={form.overflowMode === mode}
              onChange={() => update({ overflowMode: mode })}
            />
            {t(label)}
          </label>
        ))}
      </fieldset>
      {form.overflowMode !== "none" && (
        <div className="form-grid wide">
          <Field
            label={t("supervisor.overflow.after")}
            type="number"
            min={1}
            max={86400}
            value={form.overflowAfter}
            error={errorFor("overflow.after_seconds")}
            onChange={(event) => update({ overflowAfter: event.target.value })}
          />
          {form.overflowMode === "queue" && (
            <SelectField
              label={t("supervisor.overflow.toQueue")}
              value={form.overflowQueue}
              onChange={(value) => update({ overflowQueue: value })}
              options={[
                { value: "", label: t("supervisor.form.pickQueue") },
                ...targets.map((queue) => ({ value: queue.id, label: queue.name })),
              ]}
              error={errorFor("overflow.to_queue")}
            />
          )}
        </div>
      )}
    </>
  );
}
