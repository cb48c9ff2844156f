// The selected step's properties, edited in place in the script's text.
import { useId, useState } from "react";

import { useI18n } from "../shared/i18n";
import { Button } from "../shared/ui/components";
import { parseDocument } from "yaml";

import { CardFieldSelect } from "./CardFieldSelect";
import {
  addOption, addOutcomeLink, addRule, listOf, readEntries, readStep, removeOption, removeOutcomeLink, removeRule, setAnswerField,
  setEntryValue, setOption, setOutcomeTarget, setRule, setStepKb, setStepKey, setStepValue, setTransfer,
} from "./edit";

const OUTCOME_ID = /^[a-z][a-z0-9_-]{0,63}$/;

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
  const [outcome, setOutcome] = useState("");
  const step = readStep(source, id);
  if (!step) return null;
  const steps = listOf(source, "nodes").filter((other) => other !== id);
  const fields = readEntries(source, "fields");
  const textFields = Object.keys(fields).filter((name) => (fields[name]?.type ?? "text") === "text");
  // A closed question stores its chosen answer in a text or choice field.
  const answerFields = Object.keys(fields).filter((name) => ["text", "choice"].includes(String(fields[name]?.type ?? "text")));
  const cardField = (name: string) => fields[name] && (
    <>
      <label htmlFor={`${uid}-card`}>{t("designer.customerField")}</label>
      <CardFieldSelect id={`${uid}-card`} label={t("designer.customerField")} value={String(fields[name].customer_field ?? "")}
        onChange={(value) => onEdit(setEntryValue(source, "fields", name, "customer_field", value))} />
      <span className="help">{t("designer.customerField.help")}</span>
    </>
  );
  const articles = listOf(source, "kb");
  const target = (value: string, label: string, change: (value: string) => void) => (
    <select aria-label={label} value={value} onChange={(event) => change(event.target.value)}>
      <option value="">—</option>
      <option value="return">{t("designer.returnOption")}</option>
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
              <label className="small option-other">
                {t("designer.otherField")}{" "}
                <select aria-label={`${t("designer.otherField")} ${index + 1}`} value={option.field ?? ""}
                  onChange={(e) => onEdit(setOption(source, id, index, { field: e.target.value }))}>
                  <option value="">{t("designer.otherFieldNone")}</option>
                  {[...textFields, ...(option.field && !textFields.includes(option.field) ? [option.field] : [])].map((name) => (
                    <option key={name} value={name}>{name}</option>
                  ))}
                </select>
              </label>
            </div>
          ))}
          <Button small onClick={() => onEdit(addOption(source, id, `Answer ${step.options.length + 1}`))}>+ {t("designer.addAnswer")}</Button>
        </div>
      )}
      {isQuestion && (
        <div className="field">
          <label htmlFor={`${uid}-answer-field`}>{t("designer.answerField")}</label>
          <select id={`${uid}-answer-field`} value={step.field} onChange={(e) => onEdit(setAnswerField(source, id, e.target.value))}>
            <option value="">{t("designer.answerFieldNone")}</option>
            {[...answerFields, ...(step.field && !answerFields.includes(step.field) ? [step.field] : [])].map((name) => (
              <option key={name} value={name}>{name}</option>
            ))}
          </select>
          <span className="help">{t("designer.answerField.help")}</span>
          {step.field !== "" && cardField(step.field)}
        </div>
      )}
      {!isQuestion && step.field !== "" ? (
        <div className="field">
          <label htmlFor={`${uid}-field`}>{t("designer.field")}</label>
          <select id={`${uid}-field`} value={step.field} onChange={(e) => onEdit(setStepValue(source, id, "field", e.target.value))}>
            <option value="">—</option>
            {listOf(source, "fields").map((name) => <option key={name} value={name}>{name}</option>)}
          </select>
          {cardField(step.field)}
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
          <span className="label">{t("designer.subOutcomes")}</span>
          {step.on.map((link, index) => (
            <div className="option-row" key={link.outcome}>
              <span className="step-id">{link.outcome}</span>
              {target(link.next, `${t("designer.subOutcomeLeadsTo")} ${index + 1}`, (value) => onEdit(setOutcomeTarget(source, id, index, value)))}
              <Button small aria-label={`${t("designer.removeSubOutcome")} ${index + 1}`} onClick={() => onEdit(removeOutcomeLink(source, id, index))}>✕</Button>
            </div>
          ))}
          <div className="row">
            <input aria-label={t("designer.subOutcome")} placeholder={t("designer.subOutcome")} value={outcome}
              onChange={(e) => setOutcome(e.target.value.trim())} />
            <Button small disabled={!OUTCOME_ID.test(outcome) || step.on.some((link) => link.outcome === outcome)} onClick={() => {
              onEdit(addOutcomeLink(source, id, outcome, step.next || steps[0] || ""));
              setOutcome("");
            }}>+ {t("designer.addSubOutcome")}</Button>
          </div>
          <span className="help">{t("designer.subOutcomeHelp")}</span>
        </div>
      )}
      {articles.length > 0 && (
        <fieldset className="choices">
          <legend>{t("designer.kbArticles")}</legend>
          {articles.map((article) => (
            <label className="check" key={article}>
              <input type="checkbox" checked={step.kb.includes(article)}
                onChange={(e) => onEdit(setStepKb(source, id, e.target.checked ? [...step.kb, article] : step.kb.filter((k) => k !== article)))} />
              {article}
            </label>
          ))}
        </fieldset>
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
