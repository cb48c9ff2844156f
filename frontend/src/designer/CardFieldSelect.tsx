// Where the desk writes a field's answer on the customer card (`customer_field`): the card's own attributes
// and the custom fields an admin defined. Empty means "the card field of the same name, if there is one".
import { useEffect, useState } from "react";

import { customersApi, type CustomerField } from "../customers/api";
import { fieldLabel } from "../customers/fieldLabel";
import { useI18n } from "../shared/i18n";

const CARD_ATTRIBUTES = ["name", "company", "email", "phone"] as const;

let customFields: Promise<CustomerField[]> | null = null;

/** The admin's custom fields, asked once per page load (every field's select shows them). */
function useCustomFields(): CustomerField[] {
  const [fields, setFields] = useState<CustomerField[]>([]);
  useEffect(() => {
    let live = true;
    customFields ??= customersApi.fields().catch(() => {
      customFields = null;  // ask again next time rather than remember a failure
      return [];
    });
    void customFields.then((loaded) => live && setFields(loaded));
    return () => {
      live = false;
    };
  }, []);
  return fields;
}

type Props = { id?: string; label: string; value: string; onChange: (value: string) => void };

export function CardFieldSelect({ id, label, value, onChange }: Props) {
  const { t, lang } = useI18n();
  const custom = useCustomFields();
  const attribute: Record<(typeof CARD_ATTRIBUTES)[number], string> = {
    name: t("customers.name"),
    company: t("customers.company"),
    email: t("designer.customerField.email"),
    phone: t("designer.customerField.phone"),
  };
  const known = new Set<string>([...CARD_ATTRIBUTES, ...custom.map((field) => field.name)]);
  return (
    <select id={id} aria-label={id ? undefined : label} value={value} onChange={(event) => onChange(event.target.value)}>
      <option value="">{t("designer.customerField.same")}</option>
      {CARD_ATTRIBUTES.map((name) => <option key={name} value={name}>{attribute[name]}</option>)}
      {custom.map((field) => <option key={field.name} value={field.name}>{fieldLabel(field, lang)} ({field.name})</option>)}
      {value && !known.has(value) && <option value={value}>{t("designer.customerField.unknown", { name: value })}</option>}
    </select>
  );
}

/** Forget the cached custom fields (tests, or after an admin changed them on this page). */
export function forgetCustomFields(): void {
  customFields = null;
}
