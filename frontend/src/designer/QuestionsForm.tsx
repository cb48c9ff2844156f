import { useId, useState, type FormEvent } from "react";

import { call } from "../shared/api/client";
import { useI18n } from "../shared/i18n";
import { useErrors } from "../shared/i18n/errors";
import { Alert, Button } from "../shared/ui/components";

export function QuestionsForm({ source, onDone, onCancel }: {
  source: string; onDone: (source: string, added: string[]) => void; onCancel: () => void;
}) {
  const { t } = useI18n();
  const { errorText } = useErrors();
  const id = useId();
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      const answer = await call("POST", "/api/scripts/questions", { body: { source, text } });
      onDone(answer.source, answer.added);
    } catch (caught) {
      setError(errorText(caught));
    }
  }
  return (
    <form onSubmit={(event) => void submit(event)}>
      <p className="muted small">{t("designer.questionsHelp")}</p>
      {error && <Alert tone="error">{error}</Alert>}
      <div className="field">
        <label htmlFor={id}>{t("designer.questionsLabel")}</label>
        <textarea id={id} className="code" style={{ minHeight: 180 }} value={text} onChange={(e) => setText(e.target.value)}
          placeholder={"Is it convenient for you to talk now?\n  - Yes\n  - No\nWhen may I call you back?"} />
      </div>
      <div className="row" style={{ justifyContent: "flex-end" }}>
        <Button onClick={onCancel}>{t("common.cancel")}</Button>
        <Button type="submit" variant="primary">{t("designer.addSteps")}</Button>
      </div>
    </form>
  );
}
