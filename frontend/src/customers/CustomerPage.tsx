// One customer: the card (editable), the whole history, and for supervisors merging a duplicate.
import { useCallback, useEffect, useState } from "react";
import { Link, useLocation, useNavigate, useParams } from "react-router-dom";

import { ApiError } from "../shared/api/client";
import { atLeast, useAuth } from "../shared/auth";
import { useI18n } from "../shared/i18n";
import { useErrors } from "../shared/i18n/errors";
import { Alert, Badge, Button, PageHeader } from "../shared/ui/components";
import { customersApi, type CustomerCard, type CustomerField } from "./api";
import { displayName } from "./customerForm";
import { CustomerDetails } from "./CustomerDetails";
import { CustomerForm } from "./CustomerForm";
import { HistoryTable } from "./HistoryTable";
import { MergeDialog } from "./MergeDialog";
import { useAgentNames, useQueueNames } from "./names";

export function CustomerPage() {
  const { id = "" } = useParams();
  const { t } = useI18n();
  const { errorText } = useErrors();
  const { me } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const [customer, setCustomer] = useState<CustomerCard | null>(null);
  const [definitions, setDefinitions] = useState<CustomerField[]>([]);
  const [editing, setEditing] = useState(false);
  const [merging, setMerging] = useState(false);
  const [notice, setNotice] = useState<string | null>((location.state as { notice?: string } | null)?.notice ?? null);
  const [error, setError] = useState<string | null>(null);
  const agents = useAgentNames();
  const queues = useQueueNames();

  const load = useCallback(() => {
    const number = Number(id);
    if (!Number.isInteger(number) || number < 1) {
      setError(t("customers.missing"));
      return;
    }
    customersApi
      .get(number)
      .then((card) => {
        setCustomer(card);
        setError(null);
        // A merged duplicate leads to the card it was folded into: show that card's address.
        if (card.id !== number) navigate(`/customers/${card.id}`, { replace: true });
      })
      .catch((caught: unknown) =>
        setError(caught instanceof ApiError && caught.status === 404 ? t("customers.missing") : errorText(caught)),
      );
  }, [id, t, navigate, errorText]);
  useEffect(load, [load]);
  useEffect(() => void customersApi.fields().then(setDefinitions).catch(() => undefined), []);

  if (!customer) {
    return (
      <>
        <PageHeader title={t("customers.customer")} subtitle={<Link to="/customers">{t("customers.back")}</Link>} />
        {error ? <Alert tone="error">{error}</Alert> : <p className="muted">{t("common.loading")}</p>}
      </>
    );
  }
  const name = displayName(customer);
  const supervisor = !!me && atLeast(me.role, "supervisor");
  return (
    <>
      <PageHeader
        title={name}
        subtitle={
          <span className="row tight">
            <Link to="/customers">{t("customers.back")}</Link>
            <span aria-hidden="true">·</span>
            <span>{t("customers.interactionsCount", { n: String(customer.interactions_count) })}</span>
            {customer.returning && <Badge>{t("customers.returning")}</Badge>}
          </span>
        }
        actions={
          <>
            {!editing && (
              <Button onClick={() => { setNotice(null); setEditing(true); }}>{t("customers.edit")}</Button>
            )}
            {supervisor && <Button onClick={() => setMerging(true)}>{t("customers.merge")}</Button>}
          </>
        }
      />
      {notice && <Alert tone="ok">{notice}</Alert>}
      {error && <Alert tone="error">{error}</Alert>}
      <section className="card customers-section" aria-labelledby="card-heading">
        <h2 id="card-heading">{editing ? t("customers.editTitle") : t("customers.card")}</h2>
        {editing ? (
          <CustomerForm
            customer={customer}
            definitions={definitions}
            submitLabel={t("common.save")}
            onCancel={() => setEditing(false)}
            onSave={async (body) => {
              const saved = await customersApi.update(customer.id, body);
              setEditing(false);
              setNotice(t("customers.saved", { name: displayName(saved) }));
              load();
            }}
          />
        ) : (
          <CustomerDetails customer={customer} definitions={definitions} />
        )}
      </section>
      <section className="customers-section" aria-labelledby="history-heading">
        <h2 id="history-heading">
          {t("customers.history")} <Badge>{customer.interactions_count}</Badge>
        </h2>
        {customer.history.length < customer.interactions_count && (
          <p className="muted small">{t("customers.history.latest", { n: String(customer.history.length) })}</p>
        )}
        {supervisor && customer.interactions_count > 0 && (
          <p className="small">
            <Link to={`/supervisor/interactions?customer=${customer.id}`}>{t("customers.history.all")}</Link>
          </p>
        )}
        <HistoryTable history={customer.history} agents={agents} queues={queues} back={location.pathname} />
      </section>
      {supervisor && (
        <MergeDialog open={merging} customer={customer} onClose={() => setMerging(false)}
          onMerged={(merged, other) => {
            setMerging(false);
            setNotice(t("customers.merged", { other: displayName(other), name: displayName(merged) }));
            load();
          }} />
      )}
    </>
  );
}
