import { useI18n } from "../shared/i18n";
import { Button, Field } from "../shared/ui/components";
import type { SkillOut } from "./api";
import type { EscalationRow } from "./queueForm";
import { SkillLevels } from "./SkillLevels";

type Props = {
  rows: EscalationRow[];
  onChange: (rows: EscalationRow[]) => void;
  skills: SkillOut[];
  errorFor: (name: string) => string | undefined;
};

/** Escalation steps: after a wait, open higher member tiers and/or change the required skills. */
export function EscalationsField({ rows, onChange, skills, errorFor }: Props) {
  const { t } = useI18n();
  const set = (index: number, change: Partial<EscalationRow>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...change } : row)));
  return (
    <fieldset className="subform">
      <legend>{t("supervisor.escalation.title")}</legend>
      <p className="help">{t("supervisor.escalation.help")}</p>
      {rows.map((row, index) => {
        const n = String(index + 1);
        return (
          <fieldset className="escalation" key={index}>
            <legend>{t("supervisor.escalation.n", { n })}</legend>
            <div className="form-grid">
              <Field
                label={t("supervisor.escalation.after")}
                type="number"
                min={1}
                value={row.after}
                error={errorFor(`escalations.${index}.after_seconds`)}
                onChange={(event) => set(index, { after: event.target.value })}
              />
              <Field
                label={t("supervisor.escalation.maxTier")}
                type="number"
                min={1}
                max={9}
                step={1}
                value={row.maxTier}
                help={t("supervisor.escalation.maxTierHelp")}
                error={errorFor(`escalations.${index}.max_tier`)}
                onChange={(event) => set(index, { maxTier: event.target.value })}
              />
            </div>
            <SkillLevels
              legend={t("supervisor.escalation.skills")}
              help={t("supervisor.escalation.skillsHelp")}
              name={`escalations.${index}.skills`}
              rows={row.skills}
              onChange={(skillRows) => set(index, { skills: skillRows })}
              skills={skills}
              min={0}
              errorFor={errorFor}
              context={`${t("supervisor.escalation.n", { n })}, ${t("supervisor.escalation.skills")}`}
            />
            <Button small variant="danger" onClick={() => onChange(rows.filter((_, i) => i !== index))}>
              {t("supervisor.escalation.remove", { n })}
            </Button>
          </fieldset>
        );
      })}
      <div>
        <Button small onClick={() => onChange([...rows, { after: "60", maxTier: "2", skills: [] }])}>
          {t("supervisor.escalation.add")}
        </Button>
      </div>
    </fieldset>
  );
}
