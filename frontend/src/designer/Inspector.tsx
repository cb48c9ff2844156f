// The selected step's properties, edited in place in the script's text.
import { useId } from "react";

import { useI18n } from "../shared/i18n";
import { Button } from "../shared/ui/components";
import { addOption, listOf, readStep, removeOption, setOption, setStepValue } from "./edit";

type Props = {
  source: string;
  id: string;
  onEdit: (source: string) => void;
  onDelete: () => void;
  onDuplicate: () => void;
  onShowSource: () => void;
};

export function Inspector({ source, id, onEdit, onDelete, onDuplicate, onShowSource }: Props) {
  const { t } = useI18n();
  const uid = useId();
  const step = readStep(source, id);
  if (!step) return null;
  const steps = listOf(source, "nodes").filter((other) => other !== id);
  const target = (value: string, label: string, change: (value: string) => void) => (
    <select aria-label={label} value={value} onChange={(event) => change(event.target.value)}>
      <option value="">—</option>
      <option value="return">return</option>
      {steps.map((other) => <option key={other} value={other}>{other}</option>)}
    </select>
  );
  const isEnd = step.end !== "";
  const isQuestion = step.options.length > 0;
  return (
    <section className="card inspector" aria-labelledby={`${uid}-title`} data-testid="inspector">
      <h2 id={`${uid}-title`}>{t("designer.step")} {id}</h2>
      <div className="field">
        <label htmlFor={`${uid}-text`}>{t("designer.text")}</label>
        <textarea id={`${uid}-text`} value={step.text} onChange={(e) => onEdit(setStepValue(source, id, "text", e.target.value))} />
      </div>
      <div className="field">
        <label htmlFor={`${uid}-hint`}>{t("designer.hint")}</label>
        <input id={`${uid}-hint`} value={step.hint} onChange={(e) => onEdit(setStepValue(source, id, "hint", e.target.value))} />
      </div>
      {isQuestion && (
        <div className="field">
          <span className="label">{t("designer.answers")}</span>
          {step.options.map((option, index) => (
            <div className="option-row" key={index}>
              <input aria-label={`${t("designer.answerText")} ${index + 1}`} value={option.answer}
                onChange={(e) => onEdit(setOption(source, id, index, { answer: e.target.value }))} />
              {target(option.next, `${t("designer.leadsTo")} ${index + 1}`, (value) => onEdit(setOption(source, id, index, { next: value })))}
              <Button small aria-label={`${t("designer.removeAnswer")} ${index + 1}`} onClick={() => onEdit(removeOption(source, id, index))}>✕</Button>
            </div>
          ))}
          <Button small onClick={() => onEdit(addOption(source, id, `Answer ${step.options.length + 1}`))}>+ {t("designer.addAnswer")}</Button>
        </div>
      )}
      {step.field !== "" ? (
        <div className="field">
          <label htmlFor={`${uid}-field`}>{t("designer.field")}</label>
          <select id={`${uid}-field`} value={step.field} onChange={(e) => onEdit(setStepValue(source, id, "field", e.target.value))}>
            <option value="">—</option>
            {listOf(source, "fields").map((name) => <option key={name} value={name}>{name}</option>)}
          </select>
        </div>
      ) : null}
      {!isQuestion && !isEnd && (
        <div className="field">
          <label htmlFor={`${uid}-next`}>{t("designer.next")}</label>
          {target(step.next, t("designer.next"), (value) => onEdit(setStepValue(source, id, "next", value)))}
        </div>
      )}
      {isEnd && (
        <div className="field">
          <label htmlFor={`${uid}-end`}>{t("designer.outcome")}</label>
          <select id={`${uid}-end`} value={step.end} onChange={(e) => onEdit(setStepValue(source, id, "end", e.target.value))}>
            {listOf(source, "outcomes").map((name) => <option key={name} value={name}>{name}</option>)}
          </select>
        </div>
      )}
      <div className="row">
        <Button small onClick={onShowSource}>{t("designer.showSource")}</Button>
        <Button small onClick={onDuplicate}>{t("designer.duplicate")}</Button>
        <Button small variant="danger" onClick={onDelete}>{t("designer.deleteStep")}</Button>
      </div>
    </section>
  );
}
