// An email step's offer: the rendered template, editable, sent once however often Send is clicked (one key per
// form), with its result and a retry; and the list of emails already sent on the interaction.
import { useRef, useState, type FormEvent } from "react";

import { useI18n } from "../shared/i18n";
import { useErrors, type ErrorTexts } from "../shared/i18n/errors";
import type { MessageKey } from "../shared/i18n/en";
import { Alert, Badge, Button, Field } from "../shared/ui/components";
import { MarkupEditor } from "../shared/ui/MarkupEditor";
import { deskApi, type EmailOut, type EmailTemplate } from "./api";
import { formatDateTime } from "../shared/format";

/** A fresh idempotency key (8–64 characters). */
export function newKey(): string {
  if (typeof crypto !== "undefined" && typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** The placeholders still in a text (`{{ customer.first_name }}`): the email cannot go out with them. */
export function unfilledPlaceholders(text: string): string[] {
  return [...new Set(Array.from(text.matchAll(/\{\{\s*(.*?)\s*\}\}/g), (match) => match[1]))];
}

const FIELD_NAMES: Record<string, MessageKey> = { to: "desk.email.to", subject: "desk.email.subject", body: "desk.email.body" };

/**
 * What the operator reads when sending is refused: the one error module's words for its code, never the server's
 * English; a refusal about a field (the address, a subject of several lines) names the field.
 */
export function sendErrorText(caught: unknown, { errorText, fieldTexts }: ErrorTexts, t: (key: MessageKey) => string): string {
  const fields = Object.entries(fieldTexts(caught));
  if (fields.length === 0) return errorText(caught);
  return fields.map(([name, text]) => (FIELD_NAMES[name] ? `${t(FIELD_NAMES[name])}: ${text}` : text)).join(" ");
}

type Props = { interactionId: string; template: EmailTemplate; defaultTo: string; onSent: () => void };

export function EmailOffer({ interactionId, template, defaultTo, onSent }: Props) {
  const { t } = useI18n();
  const [to, setTo] = useState(defaultTo);
  const [subject, setSubject] = useState(template.subject);
  const [body, setBody] = useState(template.body);
  const [key] = useState(newKey);
  const [sending, setSending] = useState(false);
  const [result, setResult] = useState<EmailOut | null>(null);
  const errors = useErrors();
  const [error, setError] = useState<string | null>(null);

  const inFlight = useRef(false);
  const gaps = unfilledPlaceholders(`${subject}\n${body}`);

  async function attempt(action: () => Promise<EmailOut>) {
    if (inFlight.current) return; // a double click: the same key would send once anyway
    inFlight.current = true;
    setSending(true);
    setError(null);
    try {
      setResult(await action());
      onSent();
    } catch (caught) {
      setError(sendErrorText(caught, errors, t));
    } finally {
      inFlight.current = false;
      setSending(false);
    }
  }

  function send(event: FormEvent) {
    event.preventDefault();
    void attempt(() => deskApi.sendEmail(interactionId, { to: to.trim(), subject, body, template: template.template, key }));
  }

  const sent = result?.status === "sent";
  return (
    <form className="desk-email" onSubmit={send} aria-label={t("desk.email.title")} data-testid="email-offer">
      <h3>{t("desk.email.title")}</h3>
      {template.sender && <p className="muted small">{t("desk.email.from", { sender: template.sender })}</p>}
      <Field label={t("desk.email.to")} type="email" value={to} disabled={sent} onChange={(event) => setTo(event.target.value)} />
      <Field label={t("desk.email.subject")} value={subject} disabled={sent} onChange={(event) => setSubject(event.target.value)} />
      <MarkupEditor label={t("desk.email.body")} value={body} disabled={sent} rows={9} initialMode="preview" onChange={setBody} />
      {(template.attachments ?? []).length > 0 && (
        <p className="small">
          {t("desk.email.attachments")}: {(template.attachments ?? []).join(", ")}
        </p>
      )}
      {gaps.length > 0 && !sent && (
        <Alert tone="warn">{t("desk.email.missing", { names: gaps.map((name) => `{{ ${name} }}`).join(", ") })}</Alert>
      )}
      {error && <Alert tone="error">{error}</Alert>}
      {result && result.status === "failed" && (
        <Alert tone="error">{t("desk.email.failed", { error: result.error ?? "" })}</Alert>
      )}
      {sent && <Alert tone="ok">{t("desk.email.sent", { to: result.recipient })}</Alert>}
      <div className="row">
        {result?.status === "failed" ? (
          <Button variant="primary" disabled={sending} onClick={() => void attempt(() => deskApi.retryEmail(interactionId, result.id))}>
            {sending ? t("desk.email.sending") : t("desk.email.retry")}
          </Button>
        ) : (
          <Button type="submit" variant="primary" disabled={sending || sent || !to.trim() || gaps.length > 0}>
            {sending ? t("desk.email.sending") : t("desk.email.send")}
          </Button>
        )}
      </div>
    </form>
  );
}

type ListProps = { interactionId: string; emails: EmailOut[]; onChanged: () => void };

export function EmailList({ interactionId, emails, onChanged }: ListProps) {
  const { t, lang } = useI18n();
  const [busy, setBusy] = useState<number | null>(null);
  const errors = useErrors();
  const [error, setError] = useState<string | null>(null);
  if (emails.length === 0) return null;

  async function retry(id: number) {
    setBusy(id);
    setError(null);
    try {
      await deskApi.retryEmail(interactionId, id);
    } catch (caught) {
      setError(sendErrorText(caught, errors, t));
    } finally {
      setBusy(null);
      onChanged();
    }
  }

  return (
    <section className="card desk-emails" aria-label={t("desk.email.list")}>
      <h3>{t("desk.email.list")}</h3>
      {error && <Alert tone="error">{error}</Alert>}
      <ul>
        {emails.map((email) => (
          <li key={email.id}>
            <Badge tone={email.status === "sent" ? "ok" : email.status === "failed" ? "danger" : "warn"}>
              {email.status === "sent" ? t("desk.email.statusSent") : email.status === "failed" ? t("desk.email.statusFailed") : email.status}
            </Badge>{" "}
            <strong>{email.subject}</strong> <span className="muted small">→ {email.recipient} · {formatDateTime(email.sent_at ?? email.created_at, lang)}</span>
            {email.status === "failed" && (
              <div className="row small">
                <span className="muted">{email.error}</span>
                <Button small disabled={busy === email.id} onClick={() => void retry(email.id)}>{t("desk.email.retry")}</Button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
