// "No suitable answer": the operator writes down what the customer said, for the script's authors.
import { useId, useState, type FormEvent } from "react";

import { useI18n } from "../shared/i18n";
import { useErrors } from "../shared/i18n/errors";
import { Alert, Button, Dialog } from "../shared/ui/components";
import { deskApi } from "./api";

export function NoAnswer({ interactionId }: { interactionId: string }) {
  const { t } = useI18n();
  const { errorText } = useErrors();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [said, setSaid] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [thanks, setThanks] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!said.trim() || busy) return;
    setBusy(true);
    setError(null);
    try {
      await deskApi.feedback(interactionId, said.trim());
      setOpen(false);
      setSaid("");
      setThanks(true);
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Button
        small
        onClick={() => {
          setThanks(false);
          setOpen(true);
        }}
      >
        {t("desk.script.noAnswer")}
      </Button>
      {thanks && (
        <span className="desk-thanks" role="status">
          {t("desk.script.feedbackThanks")}
        </span>
      )}
      <Dialog open={open} title={t("desk.script.noAnswer")} onClose={() => setOpen(false)}>
        <form onSubmit={submit}>
          <div className="field">
            <label htmlFor={id}>{t("desk.script.whatSaid")}</label>
            <textarea id={id} rows={4} maxLength={2000} value={said} onChange={(event) => setSaid(event.target.value)} autoFocus />
            <span className="help">{t("desk.script.feedbackHelp")}</span>
          </div>
          {error && <Alert tone="error">{error}</Alert>}
          <div className="row" style={{ justifyContent: "flex-end" }}>
            <Button onClick={() => setOpen(false)}>{t("common.cancel")}</Button>
            <Button type="submit" variant="primary" disabled={busy || !said.trim()}>
              {t("desk.script.sendFeedback")}
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
