// An open question's typed input (date, number, email, phone, choice, yes/no, text), checked here and by the server.
import { useId, useState, type FormEvent } from "react";

import { useI18n } from "../shared/i18n";
import type { MessageKey } from "../shared/i18n/en";
import { Button } from "../shared/ui/components";
import { checkAnswer, inputType } from "./answers";
import type { FieldSpec } from "./api";
import { humanize } from "./format";

type Props = { field: FieldSpec; busy: boolean; serverError: string | null; onAnswer: (answer: string | null) => void };

export function FieldAnswer({ field, busy, serverError, onAnswer }: Props) {
  const { t } = useI18n();
  const id = useId();
  const [value, setValue] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const label = (field.label || humanize(field.name)) + (field.required ? " *" : "");
  const error = problem ?? serverError;
  const errorId = `${id}-error`;
  const described = error ? errorId : undefined;

  function submit(event: FormEvent) {
    event.preventDefault();
    const checked = checkAnswer(field, value);
    if (!checked.ok) {
      setProblem(t(`desk.check.${checked.problem.key}` as MessageKey, checked.problem.vars));
      return;
    }
    setProblem(null);
    onAnswer(checked.answer);
  }

  function change(next: string) {
    setValue(next);
    setProblem(null);
  }

  let input;
  if (field.type === "boolean") {
    input = (
      <fieldset className="choices desk-yesno" aria-describedby={described}>
        <legend>{label}</legend>
        {[["yes", t("desk.yes")], ["no", t("desk.no")]].map(([answer, text]) => (
          <label className="check" key={answer}>
            <input type="radio" name={id} value={answer} checked={value === answer} onChange={() => change(answer)} />
            {text}
          </label>
        ))}
      </fieldset>
    );
  } else if (field.type === "choice") {
    input = (
      <>
        <label htmlFor={id}>{label}</label>
        <select id={id} value={value} aria-invalid={error ? true : undefined} aria-describedby={described} onChange={(event) => change(event.target.value)}>
          <option value="">{t("desk.choose")}</option>
          {(field.choices ?? []).map((choice) => (
            <option key={choice} value={choice}>{choice}</option>
          ))}
        </select>
      </>
    );
  } else {
    input = (
      <>
        <label htmlFor={id}>{label}</label>
        <input
          id={id}
          type={inputType(field.type)}
          value={value}
          autoFocus
          step={field.type === "number" ? "any" : undefined}
          min={field.type === "number" ? field.min ?? undefined : undefined}
          max={field.type === "number" ? field.max ?? undefined : undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={described}
          onChange={(event) => change(event.target.value)}
        />
      </>
    );
  }

  return (
    <form className="desk-answer" onSubmit={submit} noValidate data-testid="field-answer">
      <div className="field">
        {input}
        {error && (
          <span className="error" id={errorId} role="alert">
            {error}
          </span>
        )}
      </div>
      <Button type="submit" variant="primary" disabled={busy}>
        {t("desk.script.saveAnswer")}
      </Button>
    </form>
  );
}
