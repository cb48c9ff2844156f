import { useI18n } from "../shared/i18n";
import { Button } from "../shared/ui/components";
import type { SkillOut } from "./api";
import type { SkillLevel } from "./queueForm";

type Props = {
  legend: string;
  rows: SkillLevel[];
  onChange: (rows: SkillLevel[]) => void;
  skills: SkillOut[];
  min: number;
  max?: number;
  help?: string;
  /** The error for a field name under this list ("skills.english", "skills.0"), if any. */
  errorFor?: (name: string) => string | undefined;
  name: string;
  /** Names the list in each input's label (defaults to the legend). */
  context?: string;
};

/** A list of (skill, level) rows picked from the catalog. */
export function SkillLevels({ legend, rows, onChange, skills, min, max = 10, help, errorFor, name, context }: Props) {
  const { t } = useI18n();
  const set = (index: number, change: Partial<SkillLevel>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...change } : row)));
  return (
    <fieldset className="subform">
      <legend>{legend}</legend>
      {help && <p className="help">{help}</p>}
      {rows.length === 0 && <p className="muted small">{t("supervisor.skills.noneRequired")}</p>}
      {rows.map((row, index) => {
        const n = String(index + 1);
        const error = errorFor?.(`${name}.${row.skill || index}`) ?? errorFor?.(`${name}.${index}`);
        const taken = new Set(rows.filter((_, i) => i !== index).map((r) => r.skill));
        return (
          <div className="skill-row" key={index}>
            <select
              aria-label={`${context ?? legend}: ${t("supervisor.skills.skillN", { n })}`}
              value={row.skill}
              onChange={(event) => set(index, { skill: event.target.value })}
              aria-invalid={error ? true : undefined}
            >
              <option value="">{t("supervisor.skills.pick")}</option>
              {skills.map((skill) => (
                <option key={skill.name} value={skill.name} disabled={taken.has(skill.name)}>
                  {skill.label} ({skill.name})
                </option>
              ))}
              {row.skill && !skills.some((skill) => skill.name === row.skill) && <option value={row.skill}>{row.skill}</option>}
            </select>
            <input
              type="number"
              min={min}
              max={max}
              step={1}
              aria-label={`${context ?? legend}: ${t("supervisor.skills.levelN", { n })}`}
              value={row.level}
              onChange={(event) => set(index, { level: event.target.value })}
            />
            <Button
              small
              onClick={() => onChange(rows.filter((_, i) => i !== index))}
              aria-label={`${context ?? legend}: ${t("supervisor.skills.removeN", { n })}`}
            >
              {t("supervisor.remove")}
            </Button>
            {error && <span className="error">{error}</span>}
          </div>
        );
      })}
      <div>
        <Button
          small
          aria-label={`${context ?? legend}: ${t("supervisor.skills.add")}`}
          onClick={() => onChange([...rows, { skill: "", level: String(Math.max(min, 1)) }])}
        >
          {t("supervisor.skills.add")}
        </Button>
      </div>
    </fieldset>
  );
}
