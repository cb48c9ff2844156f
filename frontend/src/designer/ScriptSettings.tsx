// Fields, outcomes and email templates of the script, edited as forms (the YAML changes in place).
import { useState } from "react";

import { useI18n } from "../shared/i18n";
import { Button } from "../shared/ui/components";
import { addEntry, readEntries, removeEntry, setEntryValue, type Section } from "./edit";
import { OfferBodyEditor } from "./OfferBodyEditor";

const FIELD_TYPES = ["text", "number", "date", "phone", "email", "choice", "boolean"];

type Props = { source: string; onEdit: (source: string) => void; onError: (message: string) => void };

export function ScriptSettings({ source, onEdit, onError }: Props) {
  const { t } = useI18n();
  const [section, setSection] = useState<Section>("fields");
  const [name, setName] = useState("");
  const entries = readEntries(source, section);
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
      onError((caught as Error).message);
    }
  }

  return (
    <section className="card inspector" aria-labelledby="settings-title" data-testid="settings">
      <h2 id="settings-title">{t("designer.settings")}</h2>
      <div className="tabs" role="tablist">
        {(["fields", "outcomes", "emails"] as Section[]).map((value) => (
          <button key={value} type="button" role="tab" aria-selected={section === value}
            className={section === value ? "active" : ""} onClick={() => setSection(value)}>
            {t(`designer.section.${value}`)}
          </button>
        ))}
      </div>
      {Object.keys(entries).map((entry) => (
        <fieldset key={entry} className="entry">
          <legend>{entry}</legend>
          {section === "fields" && (
            <>
              <select aria-label={`${t("designer.fieldType")} (${entry})`} value={String(entries[entry].type ?? "text")}
                onChange={(e) => set(entry, "type", e.target.value)}>
                {FIELD_TYPES.map((type) => <option key={type} value={type}>{type}</option>)}
              </select>
              {text(entry, "label", t("designer.label"))}
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
              {entries[entry].type === "choice" && (
                <input aria-label={`${t("designer.choices")} (${entry})`}
                  value={((entries[entry].choices as string[] | undefined) ?? []).join(", ")}
                  onChange={(e) => set(entry, "choices", e.target.value.split(",").map((c) => c.trim()).filter(Boolean))} />
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
          <Button small variant="danger" onClick={() => onEdit(removeEntry(source, section, entry))}>{t("designer.delete")}</Button>
        </fieldset>
      ))}
      <div className="row">
        <input aria-label={t("designer.newEntry")} placeholder={t("designer.newEntry")} value={name}
          onChange={(e) => setName(e.target.value)} />
        <Button small onClick={add} disabled={!name.trim()}>+ {t("designer.add")}</Button>
      </div>
    </section>
  );
}
