// The development mailbox: what the server "sent" while no SMTP server is configured (make run), newest first,
// and one message as its recipient would see it (HTML in a sandboxed frame), its text part and attachments.
import { useCallback, useEffect, useState } from "react";

import { call, href } from "../shared/api/client";
import type { components } from "../shared/api/schema";
import { useI18n } from "../shared/i18n";
import { Alert, Button, ConfirmDialog, PageHeader, Table, formatTime } from "../shared/ui/components";
import { MailFrame } from "../shared/ui/MailFrame";
import { AdminTabs } from "./AdminTabs";

type DevMailSummary = components["schemas"]["DevMailSummary"];
type DevMailOut = components["schemas"]["DevMailOut"];

const PAGE = 50;

export const mailboxApi = {
  list: (before?: number) => call("GET", "/api/dev-mail", { query: { limit: PAGE, before: before || undefined } }),
  get: (id: number) => call("GET", "/api/dev-mail/{mail_id}", { path: { mail_id: id } }),
  clear: () => call("DELETE", "/api/dev-mail"),
  attachmentUrl: (id: number, index: number) =>
    href("/api/dev-mail/{mail_id}/attachments/{index}", { path: { mail_id: id, index } }),
  sourceUrl: (id: number) => href("/api/dev-mail/{mail_id}/raw", { path: { mail_id: id } }),
};

function size(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${Math.round(bytes / 1024)} KB`;
}

export function MailboxPage() {
  const { t, lang } = useI18n();
  const [enabled, setEnabled] = useState<boolean | null>(null);
  const [messages, setMessages] = useState<DevMailSummary[]>([]);
  const [more, setMore] = useState(false);
  const [chosen, setChosen] = useState<number | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [failed, setFailed] = useState(false);

  const load = useCallback((before?: number) => {
    setFailed(false);
    mailboxApi
      .list(before)
      .then((page) => {
        setEnabled(page.enabled);
        setMessages((current) => (before ? [...current, ...page.messages] : page.messages));
        setMore(page.messages.length === PAGE);
      })
      .catch(() => setFailed(true));
  }, []);
  useEffect(() => load(), [load]);

  async function clear() {
    setConfirming(false);
    try {
      await mailboxApi.clear();
      setChosen(null);
      load();
    } catch {
      setFailed(true);
    }
  }

  return (
    <>
      <PageHeader
        title={t("admin.title")}
        actions={
          <>
            <Button onClick={() => load()}>{t("mailbox.refresh")}</Button>
            <Button variant="danger" disabled={messages.length === 0} onClick={() => setConfirming(true)}>{t("mailbox.clear")}</Button>
          </>
        }
      />
      <AdminTabs />
      <p className="muted">{t("mailbox.intro")}</p>
      {enabled === false && <Alert tone="warn">{t("mailbox.off")}</Alert>}
      {failed && <Alert tone="error">{t("mailbox.error.load")}</Alert>}
      <div className="mailbox">
        <div>
          <Table label={t("mailbox.list")}>
            <thead>
              <tr>
                <th>{t("mailbox.time")}</th>
                <th>{t("mailbox.to")}</th>
                <th>{t("mailbox.subject")}</th>
                <th>{t("mailbox.size")}</th>
              </tr>
            </thead>
            <tbody>
              {enabled !== null && messages.length === 0 && (
                <tr><td colSpan={4} className="muted">{t("mailbox.empty")}</td></tr>
              )}
              {messages.map((message) => (
                <tr key={message.id} className={chosen === message.id ? "selected" : undefined}>
                  <td className="nowrap">{formatTime(message.created_at, lang, "")}</td>
                  <td>{message.recipients.join(", ")}</td>
                  <td>
                    <button type="button" className="link" aria-label={t("mailbox.open", { subject: message.subject || t("mailbox.noSubject") })}
                      onClick={() => setChosen(message.id)}>
                      {message.subject || t("mailbox.noSubject")}
                    </button>
                  </td>
                  <td className="nowrap">{size(message.size)}</td>
                </tr>
              ))}
            </tbody>
          </Table>
          {more && <p><Button onClick={() => load(messages[messages.length - 1]?.id)}>{t("mailbox.more")}</Button></p>}
        </div>
        {chosen === null ? <p className="muted">{t("mailbox.select")}</p> : <MailView id={chosen} />}
      </div>
      <ConfirmDialog open={confirming} danger message={t("mailbox.clearConfirm")} onConfirm={() => void clear()} onCancel={() => setConfirming(false)} />
    </>
  );
}

function MailView({ id }: { id: number }) {
  const { t, lang } = useI18n();
  const [message, setMessage] = useState<DevMailOut | null>(null);
  const [failed, setFailed] = useState(false);
  const [part, setPart] = useState<"html" | "text">("html");
  useEffect(() => {
    let current = true;
    setMessage(null);
    setFailed(false);
    mailboxApi
      .get(id)
      .then((found) => { if (current) { setMessage(found); setPart(found.html ? "html" : "text"); } })
      .catch(() => { if (current) setFailed(true); });
    return () => { current = false; };
  }, [id]);
  if (failed) return <Alert tone="error">{t("mailbox.error.message")}</Alert>;
  if (!message) return null;
  return (
    <article className="card mail-view" aria-label={message.subject || t("mailbox.noSubject")} data-testid="mail-view">
      <h2>{message.subject || t("mailbox.noSubject")}</h2>
      <dl className="mail-headers">
        <dt>{t("mailbox.from")}</dt><dd>{message.sender}</dd>
        <dt>{t("mailbox.to")}</dt><dd>{message.recipients.join(", ")}</dd>
        <dt>{t("mailbox.time")}</dt><dd>{formatTime(message.created_at, lang, "")}</dd>
      </dl>
      <div className="tabs" role="tablist" aria-label={t("mailbox.title")}>
        {(["html", "text"] as const).map((value) => (
          <button key={value} type="button" role="tab" aria-selected={part === value} className={part === value ? "active" : ""} onClick={() => setPart(value)}>
            {t(value === "html" ? "mailbox.html" : "mailbox.text")}
          </button>
        ))}
      </div>
      {part === "html" ? (
        message.html ? <MailFrame html={message.html} title={message.subject || t("mailbox.noSubject")} /> : <p className="muted">{t("mailbox.noHtml")}</p>
      ) : message.text ? (
        <pre className="mail-text">{message.text}</pre>
      ) : (
        <p className="muted">{t("mailbox.noText")}</p>
      )}
      {message.attachments.length > 0 && (
        <>
          <h3>{t("mailbox.attachments")}</h3>
          <ul className="attachment-list">
            {message.attachments.map((attachment) => (
              <li key={attachment.index}>
                📎 <a href={mailboxApi.attachmentUrl(message.id, attachment.index)} download={attachment.filename}>{attachment.filename}</a>{" "}
                <span className="muted small">{attachment.content_type} · {size(attachment.size)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <p className="small"><a href={mailboxApi.sourceUrl(message.id)} download>{t("mailbox.source")}</a></p>
    </article>
  );
}
