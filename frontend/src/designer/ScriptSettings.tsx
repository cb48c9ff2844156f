// The script's settings, fields, outcomes, objections, email templates and knowledge base, edited as forms
// (the YAML changes in place).
import { useState } from "react";

import { useI18n } from "../shared/i18n";
import { Button } from "../shared/ui/components";
import { EditRefused, addEntry, readEntries, removeEntry, setEntryValue, type Section } from "./edit";
import { CardFieldSelect } from "./CardFieldSelect";
import { OfferBodyEditor } from "./OfferBodyEditor";
import { ObjectionsForm, ScriptDetails } from "./ScriptDetails";

const FIELD_TYPES = ["text", "number", "date", "phone", "email", "choice", "boolean"] as const;
type Tab = "script" | "objections" | Section;
const TABS: Tab[] = ["script", "fields", "outcomes", "objections", "emails", "kb"];

/** A comma-separated list typed as text: the list is written as the author types, the text (with a comma
 * just typed) stays as typed until the box is left. */
function ListInput({ label, value, onChange }: { label: string; value: string[]; onChange: (value: string[]) => void }) {
  const [text, setText] = useState<string | null>(null);
  return (
    <input aria-label={label} value={text ?? value.join(", ")} onBlur={() => setText(null)}
      onChange={(event) => {
        setText(event.target.value);
        onChange(event.target.value.split(",").map((item) => item.trim()).filter(Boolean));
      }} />
  );
}

type Props = { source: string; onEdit: (source: string) => void; onError: (message: string) => void };

export function ScriptSettings({ source, onEdit, onError }: Props) {
  const { t } = useI18n();
  const [tab, setTab] = useState<Tab>("script");
  const section: Section = tab === "script" || tab === "objections" ? "fields" : tab;
  const [name, setName] = useState("");
  const entries = tab === section ? readEntries(source, section) : {};
  const set = (entry: string, key: string, value: unknown) => onEdit(setEntryValue(source, section, entry, key, value));
  const text = (entry: string, key: string, label: string, multiline = false) => {
    const value = String(entries[entry]?.[key] ?? "");
    const common = { "aria-label": `${label} (${entry})`, value };
    return multiline ? (
      <textarea {...common} onChange={(e) => set(entry, key, e.target.value)} />
    ) : (
      <input {...common} onChange={(e) => set(entry, key, e.target.value)} />
    );
  };

  function add() {
    try {
      onEdit(addEntry(source, section, name.trim()));
      setName("");
    } catch (caught) {
      onError(caught instanceof EditRefused ? t(caught.key, caught.vars) : t("designer.cannotEdit"));
    }
  }

  return (
    <section className="card inspector" aria-labelledby="settings-title" data-testid="settings">
      <h2 id="settings-title">{t("designer.settings")}</h2>
      <div className="tabs" role="tablist">
        {TABS.map((value) => (
          <button key={value} type="button" role="tab" aria-selected={tab === value}
            className={tab === value ? "active" : ""} onClick={() => setTab(value)}>
            {t(`designer.section.${value}`)}
          </button>
        ))}
      </div>
      {tab === "script" && <ScriptDetails source={source} onEdit={onEdit} />}
      {tab === "objections" && <ObjectionsForm source={source} onEdit={onEdit} />}
      {Object.keys(entries).map((entry) => (
        <fieldset key={entry} className="entry">
          <legend>{entry}</legend>
          {section === "fields" && (
            <>
              <select aria-label={`${t("designer.fieldType")} (${entry})`} value={String(entries[entry].type ?? "text")}
                onChange={(e) => set(entry, "type", e.target.value)}>
                {FIELD_TYPES.map((type) => <option key={type} value={type}>{t(`designer.fieldType.${type}`)}</option>)}
              </select>
              {text(entry, "label", t("designer.label"))}
              <label className="small">
                {t("designer.customerField")}
                <CardFieldSelect label={`${t("designer.customerField")} (${entry})`} value={String(entries[entry].customer_field ?? "")}
                  onChange={(value) => set(entry, "customer_field", value)} />
              </label>
              <label className="check">
                <input type="checkbox" checked={entries[entry].required === true}
                  onChange={(e) => set(entry, "required", e.target.checked || undefined)} /> {t("designer.required")}
              </label>
              {(entries[entry].type === "number" || entries[entry].type === "text" || entries[entry].type === undefined) && (
                <div className="row">
                  <input type="number" aria-label={`${t("designer.min")} (${entry})`} placeholder={t("designer.min")}
                    value={String(entries[entry].min ?? "")}
                    onChange={(e) => set(entry, "min", e.target.value === "" ? undefined : Number(e.target.value))} />
                  <input type="number" aria-label={`${t("designer.max")} (${entry})`} placeholder={t("designer.max")}
                    value={String(entries[entry].max ?? "")}
                    onChange={(e) => set(entry, "max", e.target.value === "" ? undefined : Number(e.target.value))} />
                </div>
              )}
              {(entries[entry].type === "text" || entries[entry].type === undefined) && (
                <input type="number" min={1} max={2000} aria-label={`${t("designer.maxLength")} (${entry})`}
                  placeholder={t("designer.maxLength")} value={String(entries[entry].max_length ?? "")}
                  onChange={(e) => set(entry, "max_length", e.target.value === "" ? undefined : Number(e.target.value))} />
              )}
              {entries[entry].type === "choice" && (
                <ListInput label={`${t("designer.choices")} (${entry})`} value={(entries[entry].choices as string[] | undefined) ?? []}
                  onChange={(choices) => set(entry, "choices", choices)} />
              )}
            </>
          )}
          {section === "outcomes" && (
            <>
              {text(entry, "label", t("designer.label"))}
              <label className="check">
                <input type="checkbox" checked={entries[entry].success === true}
                  onChange={(e) => set(entry, "success", e.target.checked || undefined)} /> {t("designer.successOutcome")}
              </label>
            </>
          )}
          {section === "emails" && (
            <>
              {text(entry, "subject", t("designer.subject"))}
              {text(entry, "sender", t("designer.sender"))}
              <OfferBodyEditor entry={entry} body={String(entries[entry].body ?? "")}
                attachments={(entries[entry].attachments as string[] | undefined) ?? []}
                onBody={(value) => set(entry, "body", value)} onAttachments={(value) => set(entry, "attachments", value)} />
            </>
          )}
          {section === "kb" && (
            <>
              {text(entry, "title", t("designer.articleTitle"))}
              {text(entry, "body", t("designer.body"), true)}
            </>
          )}
          <Button small variant="danger" onClick={() => onEdit(removeEntry(source, section, entry))}>{t("designer.delete")}</Button>
        </fieldset>
      ))}
      {tab === section && (
        <div className="row">
          <input aria-label={t("designer.newEntry")} placeholder={t("designer.newEntry")} value={name}
            onChange={(e) => setName(e.target.value)} />
          <Button small onClick={add} disabled={!name.trim()}>+ {t("designer.add")}</Button>
        </div>
      )}
    </section>
  );
}
