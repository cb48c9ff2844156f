// A customer's card, read-only: contact details, tags, consent, custom fields.
import { Fragment } from "react";

import { useI18n } from "../shared/i18n";
import { Badge, formatTime } from "../shared/ui/components";
import type { CustomerCard, CustomerField } from "./api";
import { CONSENTS } from "./customerForm";
import { fieldLabel } from "./fieldLabel";

export function CustomerDetails({ customer, definitions }: { customer: CustomerCard; definitions: CustomerField[] }) {
  const { t, lang } = useI18n();
  const none = <span className="muted">—</span>;
  const consent = (name: string) => {
    const value = customer.consent[name];
    if (value === true) return <Badge tone="ok">{t("customers.yes")}</Badge>;
    if (value === false) return <Badge tone="danger">{t("customers.no")}</Badge>;
    return <span className="muted">{t("customers.consent.notAsked")}</span>;
  };
  const labelOf = (name: string) => {
    const definition = definitions.find((candidate) => candidate.name === name);
    return definition ? fieldLabel(definition, lang) : name;
  };
  const value = (raw: unknown) => {
    if (raw === true) return t("customers.yes");
    if (raw === false) return t("customers.no");
    return raw === null || raw === undefined || raw === "" ? "—" : String(raw);
  };
  return (
    <dl className="customer-details" data-testid="customer-details">
      <dt>{t("customers.company")}</dt>
      <dd>{customer.company || none}</dd>
      <dt>{t("customers.phones")}</dt>
      <dd>{customer.phones.length ? customer.phones.map((phone) => <div key={phone}><a href={`tel:${phone}`}>{phone}</a></div>) : none}</dd>
      <dt>{t("customers.emails")}</dt>
      <dd>{customer.emails.length ? customer.emails.map((email) => <div key={email}><a href={`mailto:${email}`}>{email}</a></div>) : none}</dd>
      <dt>{t("customers.tags")}</dt>
      <dd>
        {customer.tags.length ? (
          <span className="row tight">{customer.tags.map((tag) => <Badge key={tag}>{tag}</Badge>)}</span>
        ) : none}
      </dd>
      <dt>{t("customers.consent.emailOffers")}</dt>
      <dd>{consent(CONSENTS[0])}</dd>
      <dt>{t("customers.consent.calls")}</dt>
      <dd>{consent(CONSENTS[1])}</dd>
      {Object.entries(customer.fields).map(([name, raw]) => (
        <Fragment key={name}>
          <dt>{labelOf(name)}</dt>
          <dd>{value(raw)}</dd>
        </Fragment>
      ))}
      <dt>{t("customers.since")}</dt>
      <dd>{formatTime(customer.created_at, lang, "—")}</dd>
      <dt>{t("customers.updated")}</dt>
      <dd>{formatTime(customer.updated_at, lang, "—")}</dd>
    </dl>
  );
}
