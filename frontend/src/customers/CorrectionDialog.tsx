// Supervisors: correct a closed interaction's outcome or notes, with a reason kept in its timeline and the audit log.
import { useEffect, useId, useState, type FormEvent } from "react";

import { useI18n } from "../shared/i18n";
import { useErrors } from "../shared/i18n/errors";
import { Alert, Button, Dialog, Field } from "../shared/ui/components";
import { interactionsApi, type Interaction } from "./api";

type Props = { open: boolean; interaction: Interaction; onClose: () => void; onCorrected: (corrected: Interaction) => void };

export function CorrectionDialog({ open, interaction, onClose, onCorrected }: Props) {
  const { t } = useI18n();
  const { errorText } = useErrors();
  const notesId = useId();
  const [outcome, setOutcome] = useState(interaction.outcome ?? "");
  const [notes, setNotes] = useState(interaction.notes ?? "");
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!open) return;
    setOutcome(interaction.outcome ?? "");
    setNotes(interaction.notes ?? "");
    setReason("");
    setReasonError(null);
    setError(null);
  }, [open, interaction]);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!reason.trim()) {
      setReasonError(t("interactions.correct.reasonNeeded"));
      return;
    }
    setReasonError(null);
    setError(null);
    const body: { reason: string; outcome?: string; notes?: string } = { reason: reason.trim() };
    if (outcome.trim() && outcome.trim() !== (interaction.outcome ?? "")) body.outcome = outcome.trim();
    if (notes !== (interaction.notes ?? "")) body.notes = notes;
    setBusy(true);
    try {
      onCorrected(await interactionsApi.correct(interaction.id, body));
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open={open} title={t("interactions.correct.title")} onClose={onClose}>
      <form onSubmit={save} noValidate>
        <p className="muted small">{t("interactions.correct.help")}</p>
        {error && <Alert tone="error">{error}</Alert>}
        <Field label={t("interactions.outcome")} value={outcome} maxLength={80} onChange={(e) => setOutcome(e.target.value)} />
        <div className="field">
          <label htmlFor={notesId}>{t("interactions.notes")}</label>
          <textarea id={notesId} rows={4} maxLength={10000} value={notes} onChange={(e) => setNotes(e.target.value)} />
        </div>
        <Field
          label={t("interactions.correct.reason")}
          value={reason}
          maxLength={500}
          required
          error={reasonError ?? undefined}
          onChange={(e) => setReason(e.target.value)}
        />
        <div className="row" style={{ justifyContent: "flex-end" }}>
          <Button type="button" onClick={onClose}>{t("common.cancel")}</Button>
          <Button type="submit" variant="primary" disabled={busy}>{t("interactions.correct.save")}</Button>
        </div>
      </form>
    </Dialog>
  );
}
