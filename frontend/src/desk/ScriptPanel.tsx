// The script on screen: what to say, the hint, the answers (keys 1–9), typed fields, back, objections, the
// knowledge base, email offers, "no suitable answer", the captured fields and, at the end, the outcome.
import { useLayoutEffect, useRef, useState, type FormEvent } from "react";

import { ApiError } from "../shared/api/client";
import { useI18n } from "../shared/i18n";
import { useErrors } from "../shared/i18n/errors";
import { Alert, Badge, Button } from "../shared/ui/components";
import { SayText } from "../shared/ui/SayText";
import { needsWords, optionAnswer, optionForKey, savedToCard } from "./answers";
import { deskApi, type DeskItem, type EmailTemplate, type FieldSpec } from "./api";
import { EmailOffer } from "./EmailOffer";
import { FieldAnswer } from "./FieldAnswer";
import { humanize, showValue } from "./format";
import { NoAnswer } from "./NoAnswer";
import { typing } from "./keys";
import { modeLabel } from "./Transfer";

type Props = {
  item: DeskItem;
  placed: Record<string, string>;
  onItem: (item: DeskItem) => void;
  onChanged: () => void;
  /** The script's transfer step: open the transfer form with its queue and mode. */
  onTransfer?: (queue: string, mode: string) => void;
  /** Queue names by id, to name the transfer step's target. */
  queueNames?: Record<string, string>;
};

export function ScriptPanel({ item, placed, onItem, onChanged, onTransfer, queueNames = {} }: Props) {
  const { t } = useI18n();
  const { errorText } = useErrors();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [other, setOther] = useState<string | null>(null);
  const [words, setWords] = useState("");
  const [saved, setSaved] = useState<string[]>([]);
  const inFlight = useRef(false);
  const run = item.run;
  const view = run?.view;
  const id = item.interaction.id;
  const stepKey = `${view?.slug}:${view?.step}:${run?.transcript.length ?? 0}`;

  async function act(action: () => Promise<DeskItem>, answer?: string | null): Promise<void> {
    if (inFlight.current || !view) return;
    inFlight.current = true;
    setBusy(true);
    setError(null);
    setFieldError(null);
    try {
      const next = await action();
      onItem(next);
      setSaved(savedToCard(view.fields, next.run?.view.fields ?? {}, next.placed));
      setOther(null);
      setWords("");
    } catch (caught) {
      const message = errorText(caught);
      if (caught instanceof ApiError && caught.status === 422 && view.field) setFieldError(message);
      else if (caught instanceof ApiError && caught.status === 422 && answer && needsWords(caught)) setOther(answer);
      else setError(message);
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }

  const answer = (value: string | null) => act(() => deskApi.answer(id, value), value);
  // An option that takes the customer's own words asks for them first (the server also says so with a 422).
  const choose = (option: string) =>
    view?.open_options?.includes(option) ? Promise.resolve(setOther(option)) : answer(optionAnswer(option));
  const answerRef = useRef(choose);
  answerRef.current = choose;

  const options = view && !view.finished ? view.options : [];
  // A layout effect: the digit keys work from the moment the answers are on screen. A passive effect runs after
  // paint, and a key pressed in between (a quick operator, a loaded machine) was lost.
  useLayoutEffect(() => {
    if (options.length === 0) return;
    function onKey(event: KeyboardEvent) {
      if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target, event.key)) return;
      const option = optionForKey(event.key, options);
      if (option) {
        event.preventDefault();
        void answerRef.current(option);
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [options]);

  if (!run || !view) {
    return (
      <section className="card desk-script" aria-label={t("desk.script.title")}>
        <p className="muted">{t("desk.script.none")}</p>
      </section>
    );
  }

  function sendWords(event: FormEvent) {
    event.preventDefault();
    if (other && words.trim()) void answer(optionAnswer(other, words));
  }

  const field: FieldSpec | null = view.field;
  const email: EmailTemplate | null = view.email;
  const fields = Object.entries(view.fields);
  return (
    <section className="card desk-script" aria-label={t("desk.script.title")} aria-busy={busy} data-testid="script">
      <div className="desk-script-head muted small">
        <span>{view.slug}</span>
        <span className="step-id">{view.step}</span>
      </div>
      {view.parts.length > 0 && <SayText parts={view.parts} className="desk-say" testId="say" />}
      {view.finished ? (
        <p className="desk-outcome" data-testid="outcome">
          {t("desk.script.ended")}: <strong>{view.outcome_label ?? view.outcome}</strong>{" "}
          {view.success && <Badge tone="ok">{t("desk.script.success")}</Badge>}
        </p>
      ) : (
        <>
          {view.hint && (
            <p className="desk-hint">
              <span className="desk-hint-tag">{t("desk.script.hint")}</span> {view.hint}
            </p>
          )}
          {view.transfer && (
            <div className="alert warn desk-script-transfer">
              <span>{t("desk.script.transfer", {
                  queue: queueNames[view.transfer.queue ?? ""] ?? view.transfer.queue ?? "",
                  mode: t(modeLabel(view.transfer.mode ?? "blind")),
                })}</span>
              {onTransfer && view.transfer.queue && (
                <Button small onClick={() => onTransfer(view.transfer?.queue ?? "", view.transfer?.mode ?? "blind")}>
                  {t("desk.script.transferNow")}
                </Button>
              )}
            </div>
          )}
          {email && (
            <EmailOffer key={stepKey} interactionId={id} template={email} defaultTo={item.customer?.emails[0] ?? ""} onSent={onChanged} />
          )}
          {options.length > 0 && (
            <div className="desk-options" role="group" aria-label={t("desk.script.answers")}>
              {options.map((option, index) => (
                <Button
                  key={option}
                  disabled={busy}
                  aria-keyshortcuts={index < 9 ? String(index + 1) : undefined}
                  onClick={() => void choose(option)}
                >
                  {index < 9 && <kbd>{index + 1}</kbd>} {option}
                </Button>
              ))}
            </div>
          )}
          {other && (
            <form className="desk-answer" onSubmit={sendWords}>
              <div className="field">
                <label htmlFor={`${stepKey}-words`}>{t("desk.script.otherWords", { option: other })}</label>
                <input id={`${stepKey}-words`} value={words} autoFocus onChange={(event) => setWords(event.target.value)} />
              </div>
              <Button type="submit" variant="primary" disabled={busy || !words.trim()}>{t("desk.script.saveAnswer")}</Button>
            </form>
          )}
          {field && <FieldAnswer key={stepKey} field={field} busy={busy} serverError={fieldError} onAnswer={(value) => void answer(value)} />}
          {options.length === 0 && !field && (
            <Button variant="primary" disabled={busy} onClick={() => void answer(null)}>
              {t("desk.script.next")}
            </Button>
          )}
          {error && <Alert tone="error">{error}</Alert>}
          <div className="row desk-script-tools">
            <Button small disabled={busy || !view.can_go_back} onClick={() => void act(() => deskApi.back(id))}>
              ← {t("desk.script.back")}
            </Button>
            {view.objections.map((objection) => (
              <Button small key={objection} disabled={busy} onClick={() => void act(() => deskApi.objection(id, objection))}>
                ⚑ {objection}
              </Button>
            ))}
            <NoAnswer interactionId={id} />
          </div>
        </>
      )}
      {saved.length > 0 && (
        <p className="desk-saved small" role="status">
          ✓ {t("desk.script.savedToCard", { fields: saved.map(humanize).join(", ") })}
        </p>
      )}
      {view.kb.length > 0 && (
        <div className="desk-kb">
          {view.kb.map((note) => (
            <details key={note.id ?? note.title}>
              <summary>{note.title}</summary>
              <p>{note.body}</p>
            </details>
          ))}
        </div>
      )}
      <Captured fields={fields} labels={view.labels} placed={placed} />
    </section>
  );
}

function Captured({ fields, labels, placed }: { fields: [string, unknown][]; labels: Record<string, string>; placed: Record<string, string> }) {
  const { t } = useI18n();
  const words = { yes: t("desk.yes"), no: t("desk.no") };
  return (
    <div className="desk-captured">
      <h3>{t("desk.script.captured")}</h3>
      {fields.length === 0 ? (
        <p className="muted small">{t("desk.script.nothingCaptured")}</p>
      ) : (
        <dl className="captured" data-testid="captured">
          {fields.map(([name, value]) => (
            <div key={name}>
              <dt>
                {labels[name] ?? humanize(name)}
                {(placed[name] ?? "").startsWith("customer.") && <span className="desk-on-card" title={t("desk.script.onCard")}> · {t("desk.script.onCard")}</span>}
              </dt>
              <dd>{showValue(value, words)}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}
