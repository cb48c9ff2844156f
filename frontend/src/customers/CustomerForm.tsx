// Create or edit a customer: contact details, tags, consent and the custom fields an admin defined.
import { useId, useState, type FormEvent } from "react";
import { Link } from "react-router-dom";

import { ApiError } from "../shared/api/client";
import { useI18n } from "../shared/i18n";
import { useErrors } from "../shared/i18n/errors";
import type { MessageKey } from "../shared/i18n/en";
import { Alert, Button, Field } from "../shared/ui/components";
import type { CustomerField, CustomerIn, CustomerOut } from "./api";
import { CONSENTS, draftOf, emptyDraft, toCustomerIn, type CustomerDraft, type DraftProblems } from "./customerForm";
import { fieldLabel } from "./fieldLabel";

const CONSENT_LABEL: Record<string, MessageKey> = {
  email_offers: "customers.consent.emailOffers",
  calls: "customers.consent.calls",
};

type Props = {
  definitions: CustomerField[];
  customer?: CustomerOut;
  submitLabel: string;
  /** Sends the body; an ApiError it throws is shown above the buttons, with the input kept. */
  onSave: (body: CustomerIn) => Promise<void>;
  onCancel: () => void;
};

export function CustomerForm({ definitions, customer, submitLabel, onSave, onCancel }: Props) {
  const { t, lang } = useI18n();
  const { errorText } = useErrors();
  const uid = useId();
  const [draft, setDraft] = useState<CustomerDraft>(() => (customer ? draftOf(customer, definitions) : emptyDraft()));
  const [problems, setProblems] = useState<DraftProblems>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const change = (patch: Partial<CustomerDraft>) => setDraft((current) => ({ ...current, ...patch }));
  const setField = (name: string, value: string | boolean) =>
    setDraft((current) => ({ ...current, fields: { ...current.fields, [name]: value } }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const { body, problems: found } = toCustomerIn(draft, definitions);
    setProblems(found);
    setError(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      await onSave(body);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  const owner = error instanceof ApiError && error.code === "identity-taken" ? Number(error.body.customer_id) || null : null;
  return (
    <form className="customer-form" onSubmit={(event) => void submit(event)} noValidate aria-label={submitLabel}>
      <div className="customers-grid">
        <Field label={t("customers.name")} value={draft.name} autoComplete="off" onChange={(e) => change({ name: e.target.value })} />
        <Field label={t("customers.company")} value={draft.company} autoComplete="off" onChange={(e) => change({ company: e.target.value })} />
        <Field label={t("customers.phones")} value={draft.phones} help={t("customers.listHelp")} autoComplete="off"
          inputMode="tel" onChange={(e) => change({ phones: e.target.value })} />
        <Field label={t("customers.emails")} value={draft.emails} help={t("customers.listHelp")} autoComplete="off"
          onChange={(e) => change({ emails: e.target.value })} />
        <Field label={t("customers.tags")} value={draft.tags} help={t("customers.tagsHelp")} autoComplete="off"
          onChange={(e) => change({ tags: e.target.value })} />
      </div>
      <fieldset className="customers-choices">
        <legend>{t("customers.consent")}</legend>
        {CONSENTS.map((name) => (
          <label className="check" key={name}>
            <input type="checkbox" checked={draft.consent[name] === true}
              onChange={(e) => change({ consent: { ...draft.consent, [name]: e.target.checked } })} />
            {t(CONSENT_LABEL[name])}
            {draft.consent[name] === undefined && <span className="muted small">({t("customers.consent.notAsked")})</span>}
          </label>
        ))}
      </fieldset>
      {definitions.length > 0 && (
        <fieldset className="customers-fields">
          <legend>{t("customers.customFields")}</legend>
          <div className="customers-grid">
            {definitions.map((definition) => {
              const value = draft.fields[definition.name];
              const problem = problems[definition.name];
              const message = problem === "number" ? t("customers.error.number") : problem === "date" ? t("customers.error.date") : undefined;
              if (definition.type === "boolean") {
                return (
                  <label className="check customers-check" key={definition.name}>
                    <input type="checkbox" checked={value === true} onChange={(e) => setField(definition.name, e.target.checked)} />
                    {fieldLabel(definition, lang)}
                  </label>
                );
              }
              return (
                <Field key={definition.name} id={`${uid}-${definition.name}`} label={fieldLabel(definition, lang)} error={message}
                  type={definition.type === "number" ? "number" : definition.type === "date" ? "date" : "text"}
                  step={definition.type === "number" ? "any" : undefined}
                  value={typeof value === "string" ? value : ""} onChange={(e) => setField(definition.name, e.target.value)} />
              );
            })}
          </div>
        </fieldset>
      )}
      {error !== null && (
        <Alert tone="error">
          {errorText(error)}
          {owner && (
            <>
              {" "}
              <Link to={`/customers/${owner}`}>{t("customers.openOwner", { id: String(owner) })}</Link>
            </>
          )}
        </Alert>
      )}
      <div className="row customers-buttons">
        <Button onClick={onCancel}>{t("common.cancel")}</Button>
        <Button type="submit" variant="primary" disabled={busy}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
