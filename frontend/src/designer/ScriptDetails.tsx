// The script's own settings (name, description, language, direction, first step, tags) and its objections,
// edited as forms: each change rewrites that key of the YAML in place.
import { useId, useState } from "react";

import { useI18n } from "../shared/i18n";
import { Button } from "../shared/ui/components";
import {
  addObjection, listOf, readObjections, readScript, removeObjection, setObjection, setScriptValue, setTags,
} from "./edit";

type Props = { source: string; onEdit: (source: string) => void };

export function ScriptDetails({ source, onEdit }: Props) {
  const { t } = useI18n();
  const uid = useId();
  const script = readScript(source);
  const steps = listOf(source, "nodes");
  // Tags are typed as one text; the list is written when the author leaves the box, so a comma being typed
  // does not vanish on the way.
  const [tags, setTagsText] = useState<string | null>(null);
  return (
    <div className="stack" data-testid="script-details">
      <div className="field">
        <label htmlFor={`${uid}-name`}>{t("designer.name")}</label>
        <input id={`${uid}-name`} value={script.name} required
          onChange={(event) => onEdit(setScriptValue(source, "name", event.target.value))} />
      </div>
      <div className="field">
        <label htmlFor={`${uid}-description`}>{t("designer.description")}</label>
        <textarea id={`${uid}-description`} value={script.description}
          onChange={(event) => onEdit(setScriptValue(source, "description", event.target.value))} />
      </div>
      <div className="field">
        <label htmlFor={`${uid}-language`}>{t("designer.language")}</label>
        <select id={`${uid}-language`} value={script.language || "en"}
          onChange={(event) => onEdit(setScriptValue(source, "language", event.target.value))}>
          <option value="en">{t("lang.en")}</option>
          <option value="vi">{t("lang.vi")}</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${uid}-direction`}>{t("designer.direction")}</label>
        <select id={`${uid}-direction`} value={script.direction || "inbound"}
          onChange={(event) => onEdit(setScriptValue(source, "direction", event.target.value))}>
          <option value="inbound">{t("designer.direction.inbound")}</option>
          <option value="outbound">{t("designer.direction.outbound")}</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${uid}-start`}>{t("designer.startStep")}</label>
        <select id={`${uid}-start`} value={script.start}
          onChange={(event) => onEdit(setScriptValue(source, "start", event.target.value))}>
          {!steps.includes(script.start) && <option value={script.start}>{script.start || "—"}</option>}
          {steps.map((step) => <option key={step} value={step}>{step}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${uid}-tags`}>{t("designer.tags")}</label>
        <input id={`${uid}-tags`} value={tags ?? script.tags.join(", ")}
          onChange={(event) => setTagsText(event.target.value)}
          onBlur={() => {
            if (tags === null) return;
            onEdit(setTags(source, tags.split(",").map((tag) => tag.trim()).filter(Boolean)));
            setTagsText(null);
          }} />
      </div>
    </div>
  );
}

export function ObjectionsForm({ source, onEdit }: Props) {
  const { t } = useI18n();
  const objections = readObjections(source);
  const steps = listOf(source, "nodes");
  return (
    <div data-testid="objections">
      <p className="muted small">{t("designer.objectionsHelp")}</p>
      {objections.map((objection, index) => (
        <fieldset key={index} className="entry">
          <legend>{t("designer.objectionLabel")} {index + 1}</legend>
          <input aria-label={`${t("designer.objectionLabel")} ${index + 1}`} value={objection.label}
            onChange={(event) => onEdit(setObjection(source, index, { label: event.target.value }))} />
          <select aria-label={`${t("designer.objectionGoto")} ${index + 1}`} value={objection.goto}
            onChange={(event) => onEdit(setObjection(source, index, { goto: event.target.value }))}>
            {!steps.includes(objection.goto) && <option value={objection.goto}>{objection.goto || "—"}</option>}
            {steps.map((step) => <option key={step} value={step}>{step}</option>)}
          </select>
          <Button small variant="danger" aria-label={`${t("designer.removeObjection")} ${index + 1}`}
            onClick={() => onEdit(removeObjection(source, index))}>{t("designer.delete")}</Button>
        </fieldset>
      ))}
      <Button small onClick={() => onEdit(addObjection(source, t("designer.newObjection")))}>+ {t("designer.addObjection")}</Button>
    </div>
  );
}
