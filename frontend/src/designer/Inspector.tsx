// The selected step's properties, edited in place in the script's text.
import { useId } from "react";

import { useI18n } from "../shared/i18n";
import { Button } from "../shared/ui/components";
import { parseDocument } from "yaml";

import {
  addOption, addRule, listOf, readStep, removeOption, removeRule, setOption, setRule, setStepKey, setStepValue, setTransfer,
} from "./edit";

function hasKey(source: string, id: string, key: string): boolean {
  return parseDocument(source).hasIn(["nodes", id, key]);
}

function isEmailStep(source: string, id: string): boolean {
  return hasKey(source, id, "email");
}

function isSubscript(source: string, id: string): boolean {
  return hasKey(source, id, "script");
}

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
  const isBranch = step.rules.length > 0;
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
      {isBranch && (
        <div className="field">
          <span className="label">{t("designer.rules")}</span>
          {step.rules.map((rule, index) => (
            <div className="option-row" key={index}>
              {rule.condition === null ? (
                <span className="muted">{t("designer.otherwise")}</span>
              ) : (
                <input aria-label={`${t("designer.condition")} ${index + 1}`} value={rule.condition}
                  onChange={(e) => onEdit(setRule(source, id, index, { condition: e.target.value, next: rule.next }))} />
              )}
              {target(rule.next, `${t("designer.ruleLeadsTo")} ${index + 1}`, (value) => onEdit(setRule(source, id, index, { ...rule, next: value })))}
              {rule.condition !== null ? (
                <Button small aria-label={`${t("designer.removeRule")} ${index + 1}`} onClick={() => onEdit(removeRule(source, id, index))}>✕</Button>
              ) : <span />}
            </div>
          ))}
          <Button small onClick={() => onEdit(addRule(source, id))}>+ {t("designer.addRule")}</Button>
        </div>
      )}
      {isEmailStep(source, id) ? (
        <div className="field">
          <label htmlFor={`${uid}-email`}>{t("designer.emailTemplate")}</label>
          <select id={`${uid}-email`} value={step.email} onChange={(e) => onEdit(setStepKey(source, id, "email", e.target.value))}>
            <option value="">—</option>
            {listOf(source, "emails").map((name) => <option key={name} value={name}>{name}</option>)}
          </select>
        </div>
      ) : null}
      {step.queue !== "" && (
        <div className="field">
          <label htmlFor={`${uid}-queue`}>{t("designer.queue")}</label>
          <input id={`${uid}-queue`} value={step.queue} onChange={(e) => onEdit(setTransfer(source, id, "queue", e.target.value))} />
          <label htmlFor={`${uid}-mode`}>{t("designer.mode")}</label>
          <select id={`${uid}-mode`} value={step.mode || "blind"} onChange={(e) => onEdit(setTransfer(source, id, "mode", e.target.value))}>
            {["blind", "consult", "conference", "whisper"].map((mode) => <option key={mode} value={mode}>{mode}</option>)}
          </select>
        </div>
      )}
      {isSubscript(source, id) && (
        <div className="field">
          <label htmlFor={`${uid}-script`}>{t("designer.subscript")}</label>
          <input id={`${uid}-script`} value={step.script} placeholder="get-past-secretary"
            onChange={(e) => onEdit(setStepKey(source, id, "script", e.target.value))} />
        </div>
      )}
      {!isQuestion && !isEnd && !isBranch && (
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
