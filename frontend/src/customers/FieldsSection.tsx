// Admins: the custom fields every customer card can hold (name, label with its Vietnamese and English
// versions, type).
import { useState, type FormEvent } from "react";

import { useI18n } from "../shared/i18n";
import { useErrors } from "../shared/i18n/errors";
import type { MessageKey } from "../shared/i18n/en";
import { Alert, Button, ConfirmDialog, Field, SelectField, Table } from "../shared/ui/components";
import { FIELD_TYPES, customersApi, type CustomerField, type FieldType } from "./api";
import { fieldLabel } from "./fieldLabel";

/** The labels a form's inputs give, the empty ones left out (a language without one shows `label`). */
export function labelsFrom(vi: string, en: string): Record<string, string> {
  return Object.fromEntries(Object.entries({ vi: vi.trim(), en: en.trim() }).filter(([, text]) => text !== ""));
}

type Editing = { field: CustomerField; label: string; vi: string; en: string };

export const FIELD_TYPE_LABEL: Record<FieldType, MessageKey> = {
  text: "customers.fields.type.text",
  number: "customers.fields.type.number",
  date: "customers.fields.type.date",
  boolean: "customers.fields.type.boolean",
};

export function FieldsSection({ definitions, onChanged }: { definitions: CustomerField[]; onChanged: () => void }) {
  const { t, lang } = useI18n();
  const { errorText, fieldTexts } = useErrors();
  const [name, setName] = useState("");
  const [label, setLabel] = useState("");
  const [labelVi, setLabelVi] = useState("");
  const [labelEn, setLabelEn] = useState("");
  const [editing, setEditing] = useState<Editing | null>(null);
  const [editProblem, setEditProblem] = useState<unknown>(null);
  const [type, setType] = useState<FieldType>("text");
  const [problem, setProblem] = useState<unknown>(null);
  const [deleting, setDeleting] = useState<CustomerField | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function add(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    setNotice(null);
    try {
      const created = await customersApi.addField({
        name: name.trim(), label: label.trim() || name.trim(), labels: labelsFrom(labelVi, labelEn), type,
      });
      setName("");
      setLabel("");
      setLabelVi("");
      setLabelEn("");
      setType("text");
      setNotice(t("customers.fields.added", { name: fieldLabel(created, lang) }));
      onChanged();
    } catch (caught) {
      setProblem(caught);
    }
  }

  function startEditing(field: CustomerField) {
    setEditProblem(null);
    setNotice(null);
    setEditing({ field, label: field.label, vi: field.labels.vi ?? "", en: field.labels.en ?? "" });
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!editing) return;
    setEditProblem(null);
    setNotice(null);
    try {
      const saved = await customersApi.updateField(editing.field.name, {
        label: editing.label.trim(), labels: labelsFrom(editing.vi, editing.en),
      });
      setEditing(null);
      setNotice(t("customers.fields.saved", { name: fieldLabel(saved, lang) }));
      onChanged();
    } catch (caught) {
      setEditProblem(caught);
    }
  }

  async function remove(field: CustomerField) {
    setDeleting(null);
    setNotice(null);
    setError(null);
    try {
      await customersApi.deleteField(field.name);
      setNotice(t("customers.fields.deleted", { name: fieldLabel(field, lang) }));
      onChanged();
    } catch (caught) {
      setError(errorText(caught));
    }
  }

  const typeLabel = (value: string) => (value in FIELD_TYPE_LABEL ? t(FIELD_TYPE_LABEL[value as FieldType]) : value);
  return (
    <section className="customers-section" aria-labelledby="fields-heading">
      <h2 id="fields-heading">{t("customers.fields.title")}</h2>
      <p className="muted">{t("customers.fields.help")}</p>
      {notice && <Alert tone="ok">{notice}</Alert>}
      {error && <Alert tone="error">{error}</Alert>}
      <Table label={t("customers.fields.title")}>
        <thead>
          <tr>
            <th>{t("customers.fields.name")}</th>
            <th>{t("customers.fields.label")}</th>
            <th>{t("customers.fields.labelVi")}</th>
            <th>{t("customers.fields.labelEn")}</th>
            <th>{t("customers.fields.type")}</th>
            <th>{t("customers.actions")}</th>
          </tr>
        </thead>
        <tbody>
          {definitions.length === 0 && (
            <tr>
              <td colSpan={6} className="muted">{t("customers.fields.none")}</td>
            </tr>
          )}
          {definitions.map((field) => (
            <tr key={field.name}>
              <td><code>{field.name}</code></td>
              <td>{field.label}</td>
              <td>{field.labels.vi ?? <span className="muted">—</span>}</td>
              <td>{field.labels.en ?? <span className="muted">—</span>}</td>
              <td>{typeLabel(field.type)}</td>
              <td className="row">
                <Button small onClick={() => startEditing(field)} aria-label={t("customers.fields.editNamed", { name: fieldLabel(field, lang) })}>
                  {t("customers.edit")}
                </Button>
                <Button small variant="danger" onClick={() => setDeleting(field)} aria-label={t("customers.fields.deleteNamed", { name: fieldLabel(field, lang) })}>
                  {t("customers.delete")}
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
      {editing && (
        <form className="card customers-add-field" onSubmit={(event) => void save(event)} noValidate aria-labelledby="edit-field-heading">
          <h3 id="edit-field-heading">{t("customers.fields.editTitle", { name: editing.field.name })}</h3>
          <p className="muted">{t("customers.fields.labelsHelp")}</p>
          <div className="customers-grid">
            <Field label={t("customers.fields.label")} value={editing.label} required autoComplete="off" error={fieldTexts(editProblem).label}
              onChange={(e) => setEditing({ ...editing, label: e.target.value })} />
            <Field label={t("customers.fields.labelVi")} value={editing.vi} lang="vi" autoComplete="off" error={fieldTexts(editProblem)["labels.vi"]}
              onChange={(e) => setEditing({ ...editing, vi: e.target.value })} />
            <Field label={t("customers.fields.labelEn")} value={editing.en} lang="en" autoComplete="off" error={fieldTexts(editProblem)["labels.en"]}
              onChange={(e) => setEditing({ ...editing, en: e.target.value })} />
          </div>
          {editProblem !== null && !Object.keys(fieldTexts(editProblem)).some((key) => ["label", "labels.vi", "labels.en"].includes(key)) && (
            <Alert tone="error">{errorText(editProblem)}</Alert>
          )}
          <div className="row customers-buttons">
            <Button type="submit" variant="primary">{t("customers.fields.save")}</Button>
            <Button onClick={() => setEditing(null)}>{t("common.cancel")}</Button>
          </div>
        </form>
      )}
      <form className="card customers-add-field" onSubmit={(event) => void add(event)} noValidate aria-labelledby="add-field-heading">
        <h3 id="add-field-heading">{t("customers.fields.new")}</h3>
        <div className="customers-grid">
          <Field label={t("customers.fields.name")} value={name} required autoComplete="off" placeholder="birthday"
            help={t("customers.fields.nameHelp")} error={fieldTexts(problem).name} onChange={(e) => setName(e.target.value)} />
          <Field label={t("customers.fields.label")} value={label} autoComplete="off" error={fieldTexts(problem).label}
            onChange={(e) => setLabel(e.target.value)} />
          <Field label={t("customers.fields.labelVi")} value={labelVi} lang="vi" autoComplete="off" error={fieldTexts(problem)["labels.vi"]}
            help={t("customers.fields.labelsHelp")} onChange={(e) => setLabelVi(e.target.value)} />
          <Field label={t("customers.fields.labelEn")} value={labelEn} lang="en" autoComplete="off" error={fieldTexts(problem)["labels.en"]}
            onChange={(e) => setLabelEn(e.target.value)} />
          <SelectField label={t("customers.fields.type")} value={type} onChange={(value) => setType(value as FieldType)}
            options={FIELD_TYPES.map((value) => ({ value, label: typeLabel(value) }))} />
        </div>
        {problem !== null && !Object.keys(fieldTexts(problem)).some((key) => ["name", "label", "labels.vi", "labels.en"].includes(key)) && (
          <Alert tone="error">{errorText(problem)}</Alert>
        )}
        <div className="row customers-buttons">
          <Button type="submit" variant="primary">{t("customers.fields.add")}</Button>
        </div>
      </form>
      <ConfirmDialog open={deleting !== null} danger
        message={deleting ? t("customers.fields.confirmDelete", { name: fieldLabel(deleting, lang) }) : ""}
        onCancel={() => setDeleting(null)} onConfirm={() => deleting && void remove(deleting)} />
    </section>
  );
}
