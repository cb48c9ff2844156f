// An email template's body with the formatting toolbar and its preview, and the files it attaches, chosen
// from those in the server's attachments folder. Edits go into the script's text like every other form.
import { useEffect, useState } from "react";

import { call } from "../shared/api/client";
import type { components } from "../shared/api/schema";
import { useI18n } from "../shared/i18n";
import { Alert, Button } from "../shared/ui/components";
import { MarkupEditor } from "../shared/ui/MarkupEditor";

type AttachmentOut = components["schemas"]["AttachmentOut"];

export const attachmentsApi = { list: () => call("GET", "/api/email/attachments") };

type Props = {
  entry: string;
  body: string;
  attachments: string[];
  onBody: (body: string) => void;
  onAttachments: (attachments: string[]) => void;
};

export function OfferBodyEditor({ entry, body, attachments, onBody, onAttachments }: Props) {
  const { t } = useI18n();
  const [available, setAvailable] = useState<AttachmentOut[] | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let current = true;
    attachmentsApi
      .list()
      .then((files) => { if (current) setAvailable(files); })
      .catch(() => { if (current) setFailed(true); });
    return () => { current = false; };
  }, []);

  const addable = (available ?? []).filter((file) => !attachments.includes(file.name));
  const attach = (
    <select
      aria-label={`${t("designer.offer.attach")} (${entry})`}
      value=""
      disabled={addable.length === 0}
      onChange={(event) => event.target.value && onAttachments([...attachments, event.target.value])}
    >
      <option value="">
        {available === null ? t("designer.offer.attach") : addable.length ? `📎 ${t("designer.offer.attach")}` : t("designer.offer.noFiles")}
      </option>
      {addable.map((file) => (
        <option key={file.name} value={file.name}>{file.name} ({Math.max(1, Math.round(file.size / 1024))} KB)</option>
      ))}
    </select>
  );
  const known = new Set((available ?? []).map((file) => file.name));
  return (
    <>
      <MarkupEditor label={`${t("designer.body")} (${entry})`} value={body} onChange={onBody} tools={attach} />
      {failed && <Alert tone="error">{t("designer.offer.error.attachments")}</Alert>}
      {attachments.length > 0 && (
        <ul className="attachment-list" aria-label={`${t("designer.attachments")} (${entry})`}>
          {attachments.map((name) => (
            <li key={name}>
              📎 {name}
              {available !== null && !known.has(name) && <span className="error"> {t("designer.offer.missingFile")}</span>}
              <Button small aria-label={`${t("designer.offer.detach")} ${name}`} onClick={() => onAttachments(attachments.filter((other) => other !== name))}>✕</Button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
