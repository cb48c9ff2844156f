// Admins: the custom fields every customer card can hold (name, label, type).
import { useState, type FormEvent } from "react";

import { useI18n } from "../shared/i18n";
import { useErrors } from "../shared/i18n/errors";
import type { MessageKey } from "../shared/i18n/en";
import { Alert, Button, ConfirmDialog, Field, SelectField, Table } from "../shared/ui/components";
import { FIELD_TYPES, customersApi, type CustomerField, type FieldType } from "./api";

export const FIELD_TYPE_LABEL: Record<FieldType, MessageKey> = {
  text: "customers.fields.type.text",
  number: "customers.fields.type.number",
  date: "customers.fields.type.date",
  boolean: "customers.fields.type.boolean",
};

export function FieldsSection({ definitions, onChanged }: { definitions: CustomerField[]; onChanged: () => void }) {
  const { t } = useI18n();
  const { errorText, fieldTexts } = useErrors();
  const [name, setName] = useState("");
  const [label, setLabel] = useState("");
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
      const created = await customersApi.addField({ name: name.trim(), label: label.trim() || name.trim(), type });
      setName("");
      setLabel("");
      setType("text");
      setNotice(t("customers.fields.added", { name: created.label }));
      onChanged();
    } catch (caught) {
      setProblem(caught);
    }
  }

  async function remove(field: CustomerField) {
    setDeleting(null);
    setNotice(null);
    setError(null);
    try {
      await customersApi.deleteField(field.name);
      setNotice(t("customers.fields.deleted", { name: field.label }));
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
            <th>{t("customers.fields.type")}</th>
            <th>{t("customers.actions")}</th>
          </tr>
        </thead>
        <tbody>
          {definitions.length === 0 && (
            <tr>
              <td colSpan={4} className="muted">{t("customers.fields.none")}</td>
            </tr>
          )}
          {definitions.map((field) => (
            <tr key={field.name}>
              <td><code>{field.name}</code></td>
              <td>{field.label}</td>
              <td>{typeLabel(field.type)}</td>
              <td>
                <Button small variant="danger" onClick={() => setDeleting(field)} aria-label={t("customers.fields.deleteNamed", { name: field.label })}>
                  {t("customers.delete")}
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
      <form className="card customers-add-field" onSubmit={(event) => void add(event)} noValidate aria-labelledby="add-field-heading">
        <h3 id="add-field-heading">{t("customers.fields.new")}</h3>
        <div className="customers-grid">
          <Field label={t("customers.fields.name")} value={name} required autoComplete="off" placeholder="birthday"
            help={t("customers.fields.nameHelp")} error={fieldTexts(problem).name} onChange={(e) => setName(e.target.value)} />
          <Field label={t("customers.fields.label")} value={label} autoComplete="off" error={fieldTexts(problem).label}
            onChange={(e) => setLabel(e.target.value)} />
          <SelectField label={t("customers.fields.type")} value={type} onChange={(value) => setType(value as FieldType)}
            options={FIELD_TYPES.map((value) => ({ value, label: typeLabel(value) }))} />
        </div>
        {problem !== null && !fieldTexts(problem).name && !fieldTexts(problem).label && <Alert tone="error">{errorText(problem)}</Alert>}
        <div className="row customers-buttons">
          <Button type="submit" variant="primary">{t("customers.fields.add")}</Button>
        </div>
      </form>
      <ConfirmDialog open={deleting !== null} danger
        message={deleting ? t("customers.fields.confirmDelete", { name: deleting.label }) : ""}
        onCancel={() => setDeleting(null)} onConfirm={() => deleting && void remove(deleting)} />
    </section>
  );
}
