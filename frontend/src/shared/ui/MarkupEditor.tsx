// The email text editor: a formatting toolbar (bold, italic, lists, link, and tools the caller adds, such as
// attaching a file) over the markup's textarea, and a preview of the email exactly as the server renders it.
import { useEffect, useId, useLayoutEffect, useRef, useState, type ReactNode, type SyntheticEvent } from "react";

import { call } from "../api/client";
import type { components } from "../api/schema";
import { useI18n } from "../i18n";
import { insertLink, isLinkAddress, toggleList, wrap, type Edit } from "../markup";
import { Alert, Button } from "./components";
import { MailFrame } from "./MailFrame";

type EmailPreview = components["schemas"]["EmailPreview"];

export const previewEmail = (body: string) => call("POST", "/api/email/preview", { body: { body } });

type Props = {
  label: string;
  value: string;
  onChange: (value: string) => void;
  disabled?: boolean;
  rows?: number;
  /** Start on the rendered email (the desk) or on the text (the designer). */
  initialMode?: "write" | "preview";
  /** More toolbar controls (the designer's "attach a file"). */
  tools?: ReactNode;
};

export function MarkupEditor({ label, value, onChange, disabled, rows = 8, initialMode = "write", tools }: Props) {
  const { t } = useI18n();
  const id = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  const [mode, setMode] = useState(initialMode);
  const [linking, setLinking] = useState<{ start: number; end: number } | null>(null);
  const [address, setAddress] = useState("https://");
  const [addressError, setAddressError] = useState(false);

  // The caret goes back into the text as soon as the edit is rendered, before the next key is handled: a
  // person who clicks Bold and types at once must not lose the first letters to the button.
  const pending = useRef<{ start: number; end: number } | null>(null);
  useLayoutEffect(() => {
    const edit = pending.current;
    const element = area.current;
    if (!edit || !element) return;
    pending.current = null;
    element.focus();
    element.setSelectionRange(edit.start, edit.end);
  });

  function apply(edit: Edit) {
    pending.current = { start: edit.start, end: edit.end };
    if (edit.text === value) {
      area.current?.focus();
      area.current?.setSelectionRange(edit.start, edit.end);
      pending.current = null;
      return;
    }
    onChange(edit.text);
  }

  function selection(): { start: number; end: number } {
    const element = area.current;
    return element ? { start: element.selectionStart, end: element.selectionEnd } : { start: value.length, end: value.length };
  }

  function format(action: (start: number, end: number) => Edit) {
    const { start, end } = selection();
    apply(action(start, end));
  }

  function addLink(event: SyntheticEvent) {
    event.preventDefault();
    if (!linking) return;
    if (!isLinkAddress(address)) {
      setAddressError(true);
      return;
    }
    apply(insertLink(value, linking.start, linking.end, address));
    setLinking(null);
  }

  const writing = mode === "write";
  return (
    <div className="field markup-editor">
      <div className="markup-head">
        <label htmlFor={id}>{label}</label>
        <div className="tabs compact" role="tablist">
          {(["write", "preview"] as const).map((tab) => (
            <button key={tab} type="button" role="tab" aria-selected={mode === tab} className={mode === tab ? "active" : ""} onClick={() => setMode(tab)}>
              {t(tab === "write" ? "markup.write" : "markup.preview")}
            </button>
          ))}
        </div>
      </div>
      {writing && (
        <div className="markup-toolbar" role="toolbar" aria-label={t("markup.toolbar")} aria-controls={id}>
          <Button small disabled={disabled} aria-label={t("markup.bold")} title={t("markup.bold")}
            onClick={() => format((s, e) => wrap(value, s, e, "**", t("markup.boldText")))}><strong>B</strong></Button>
          <Button small disabled={disabled} aria-label={t("markup.italic")} title={t("markup.italic")}
            onClick={() => format((s, e) => wrap(value, s, e, "*", t("markup.italicText")))}><em>I</em></Button>
          <Button small disabled={disabled} aria-label={t("markup.bullets")} title={t("markup.bullets")}
            onClick={() => format((s, e) => toggleList(value, s, e, false))}>•</Button>
          <Button small disabled={disabled} aria-label={t("markup.numbers")} title={t("markup.numbers")}
            onClick={() => format((s, e) => toggleList(value, s, e, true))}>1.</Button>
          <Button small disabled={disabled} aria-label={t("markup.link")} title={t("markup.link")} aria-expanded={linking !== null}
            onClick={() => { setLinking(selection()); setAddressError(false); }}>🔗</Button>
          {tools}
        </div>
      )}
      {writing && linking && (
        // Not a <form>: the editor sits inside the desk's email form, and forms do not nest.
        <div className="markup-link row" role="group" aria-label={t("markup.link")}>
          <input aria-label={t("markup.linkAddress")} value={address} autoFocus aria-invalid={addressError || undefined}
            onChange={(event) => { setAddress(event.target.value); setAddressError(false); }}
            onKeyDown={(event) => { if (event.key === "Enter") addLink(event); if (event.key === "Escape") setLinking(null); }} />
          <Button small variant="primary" onClick={addLink}>{t("markup.insertLink")}</Button>
          <Button small onClick={() => setLinking(null)}>{t("common.cancel")}</Button>
          {addressError && <span className="error" role="alert">{t("markup.error.address")}</span>}
        </div>
      )}
      {writing ? (
        <textarea id={id} ref={area} rows={rows} value={value} disabled={disabled} onChange={(event) => onChange(event.target.value)} />
      ) : (
        <MarkupPreview body={value} title={label} />
      )}
      {writing && <span className="help">{t("markup.help")}</span>}
    </div>
  );
}

/** The email the text makes, rendered by the server (debounced while the text changes). */
export function MarkupPreview({ body, title }: { body: string; title: string }) {
  const { t } = useI18n();
  const [preview, setPreview] = useState<EmailPreview | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      previewEmail(body)
        .then((answer) => { if (current) { setPreview(answer); setFailed(false); } })
        .catch(() => { if (current) setFailed(true); });
    }, 250);
    return () => { current = false; clearTimeout(timer); };
  }, [body]);
  if (failed) return <Alert tone="error">{t("markup.error.preview")}</Alert>;
  if (!preview) return <p className="muted small">{t("markup.rendering")}</p>;
  return (
    <>
      <MailFrame html={preview.html} title={title} />
      {preview.unsafe_links.length > 0 && (
        <Alert tone="warn">{t("markup.unsafeLinks", { links: preview.unsafe_links.join(", ") })}</Alert>
      )}
    </>
  );
}
