// Wrap-up: the time left, the outcome (the script's preselected), notes, then Done — Ready or Done — Not ready.
import { useId, useState } from "react";

import { useI18n } from "../shared/i18n";
import { useErrors } from "../shared/i18n/errors";
import { Alert, Button } from "../shared/ui/components";
import { deskApi, type Interaction } from "./api";
import { formatTimer, secondsUntil } from "../shared/format";
import { COMMON_OUTCOMES, outcomeLabel } from "./labels";
import { NotesBox, useNotes } from "./Notes";
import { NotReadyButton } from "./StateBar";
import { clearNotesDraft } from "./storage";

const OTHER = "__other__";

export type WrapUpTarget = {
  id: string;
  subject: string;
  from: string;
  wrapUntil: string | null;
  /** The script's outcome when the run ended, to preselect. */
  outcome: { value: string; label: string } | null;
  /** Otherwise the outcome the interaction has already (a transfer gives "transferred"), to preselect. */
  recorded?: string | null;
  /** The script's other outcomes, offered before the common ones. */
  scriptOutcomes?: { value: string; label: string }[];
  notes: string;
  /** The wrap-up time ran out and the server closed the interaction: notes are saved with the outcome only. */
  late: boolean;
};

type Props = {
  target: WrapUpTarget;
  now: number;
  skew: number;
  onSaved?: (interaction: Interaction) => void;
  onDone: (interactionId: string) => void;
  onDismiss?: () => void;
};

export function WrapUp({ target, now, skew, onSaved, onDone, onDismiss }: Props) {
  const { t } = useI18n();
  const { errorText } = useErrors();
  const selectId = useId();
  const otherId = useId();
  const [choice, setChoice] = useState(target.outcome?.value ?? target.recorded ?? "");
  const [custom, setCustom] = useState("");
  const [reason, setReason] = useState("break");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const notes = useNotes(target.id, target.notes, { autosave: !target.late, onSaved });
  const left = secondsUntil(target.wrapUntil, now, skew);
  const fromScript = (target.scriptOutcomes ?? []).filter((outcome) => outcome.value !== target.outcome?.value);
  const taken = new Set([target.outcome?.value, ...fromScript.map((outcome) => outcome.value)]);
  const common = COMMON_OUTCOMES.filter((outcome) => !taken.has(outcome));
  // An outcome typed earlier ("Other…") stays choosable as it was written.
  const typed = target.recorded && !taken.has(target.recorded) && !common.some((outcome) => outcome === target.recorded) ? target.recorded : null;

  async function done(then: "ready" | "not-ready") {
    setBusy(true);
    setError(null);
    const outcome = choice === OTHER ? custom.trim() || null : choice || null;
    try {
      await deskApi.wrapUp(target.id, { outcome, notes: notes.text, then, reason: then === "not-ready" ? reason : null });
      clearNotesDraft(target.id);
      onDone(target.id);
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card desk-wrapup" aria-label={t("desk.wrap.title")} data-testid="wrap-up">
      <div className="desk-wrapup-head">
        <h2>{t("desk.wrap.title")}</h2>
        {target.late ? (
          <span className="muted small">{t("desk.wrap.late")}</span>
        ) : (
          left !== null && (
            <span className="desk-countdown small" data-testid="wrap-countdown">
              {t("desk.wrap.endsIn", { time: formatTimer(left) })}
            </span>
          )
        )}
      </div>
      <p className="muted">
        {target.from} · {target.subject || t("desk.noSubject")}
      </p>
      <div className="field">
        <label htmlFor={selectId}>{t("desk.wrap.outcome")}</label>
        <select id={selectId} value={choice} onChange={(event) => setChoice(event.target.value)}>
          <option value="">{t("desk.wrap.noOutcome")}</option>
          {target.outcome && <option value={target.outcome.value}>{target.outcome.label} ({t("desk.wrap.fromScript")})</option>}
          {fromScript.map((outcome) => (
            <option key={outcome.value} value={outcome.value}>{outcome.label}</option>
          ))}
          {common.map((outcome) => (
            <option key={outcome} value={outcome}>{outcomeLabel(t, outcome)}</option>
          ))}
          {typed && <option value={typed}>{typed}</option>}
          <option value={OTHER}>{t("desk.wrap.other")}</option>
        </select>
      </div>
      {choice === OTHER && (
        <div className="field">
          <label htmlFor={otherId}>{t("desk.wrap.otherOutcome")}</label>
          <input id={otherId} value={custom} maxLength={80} onChange={(event) => setCustom(event.target.value)} />
        </div>
      )}
      <NotesBox notes={notes} hint={target.late ? t("desk.wrap.notesWithOutcome") : undefined} />
      {error && <Alert tone="error">{error}</Alert>}
      <div className="row">
        <Button variant="primary" disabled={busy} onClick={() => void done("ready")}>{t("desk.wrap.doneReady")}</Button>
        <NotReadyButton label={t("desk.wrap.doneNotReady")} reason={reason} onReason={setReason} disabled={busy}
          onClick={() => void done("not-ready")} />
        {onDismiss && <Button onClick={onDismiss}>{t("desk.wrap.dismiss")}</Button>}
      </div>
    </section>
  );
}
