import { useId, useMemo } from "react";

import { useI18n } from "../shared/i18n";
import { Field, SelectField } from "../shared/ui/components";
import { CLOSED_BEHAVIOURS, type ClosedBehaviour, type QueueOut } from "./api";
import { CLOSED_LABEL, DAY_LABEL } from "./labels";
import { DAYS, type QueueForm } from "./queueForm";

type Props = {
  form: QueueForm;
  update: (change: Partial<QueueForm>) => void;
  queues: QueueOut[];
  errorFor: (name: string) => string | undefined;
};

function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf("timeZone");
  } catch {
    return ["UTC", "Asia/Ho_Chi_Minh", "Asia/Bangkok", "Asia/Singapore", "Europe/London", "Europe/Paris", "America/New_York"];
  }
}

/** Weekly opening hours in a time zone (or always open), and what happens to contacts while closed. */
export function HoursFields({ form, update, queues, errorFor }: Props) {
  const { t } = useI18n();
  const listId = useId();
  const zones = useMemo(timeZones, []);
  const weekError = errorFor("hours.week");
  return (
    <>
      <label className="check toggle">
        <input type="checkbox" checked={form.alwaysOpen} onChange={(event) => update({ alwaysOpen: event.target.checked })} />
        {t("supervisor.form.alwaysOpen")}
      </label>
      {!form.alwaysOpen && (
        <>
          <div className="form-grid">
            <Field
              label={t("supervisor.form.timezone")}
              value={form.timezone}
              list={listId}
              autoComplete="off"
              error={errorFor("hours.timezone")}
              onChange={(event) => update({ timezone: event.target.value })}
            />
            <datalist id={listId}>
              {zones.map((zone) => (
                <option key={zone} value={zone} />
              ))}
            </datalist>
          </div>
          <p className="help">{t("supervisor.form.hoursHelp")}</p>
          <div className="week-grid">
            {DAYS.map((day) => (
              <Field
                key={day}
                label={t(DAY_LABEL[day])}
                value={form.week[day]}
                placeholder={t("supervisor.form.closedDay")}
                error={errorFor(`hours.week.${day}`)}
                onChange={(event) => update({ week: { ...form.week, [day]: event.target.value } })}
              />
            ))}
          </div>
          {weekError && !DAYS.some((day) => errorFor(`hours.week.${day}`)) && (
            <p className="error" role="alert">
              {weekError}
            </p>
          )}
          <div className="form-grid wide">
            <SelectField
              label={t("supervisor.form.closedBehaviour")}
              value={form.closedBehaviour}
              onChange={(value) => update({ closedBehaviour: value as ClosedBehaviour })}
              options={CLOSED_BEHAVIOURS.map((value) => ({ value, label: t(CLOSED_LABEL[value]) }))}
              error={errorFor("closed_behaviour")}
            />
            {form.closedBehaviour === "overflow" && (
              <SelectField
                label={t("supervisor.form.closedQueue")}
                value={form.closedQueue}
                onChange={(value) => update({ closedQueue: value })}
                options={[
                  { value: "", label: t("supervisor.form.pickQueue") },
                  ...queues.filter((q) => q.id !== form.id).map((q) => ({ value: q.id, label: q.name })),
                ]}
                error={errorFor("closed_queue")}
              />
            )}
          </div>
        </>
      )}
    </>
  );
}
