// Find customers by name, company, phone (in any format) or email; create one; admins define custom fields.
import { useEffect, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router-dom";

import { atLeast, useAuth } from "../shared/auth";
import { useI18n } from "../shared/i18n";
import { useErrors } from "../shared/i18n/errors";
import { Alert, Badge, Button, Dialog, PageHeader, Table, formatTime } from "../shared/ui/components";
import { customersApi, type CustomerField, type CustomerOut } from "./api";
import { displayName } from "./customerForm";
import { CustomerForm } from "./CustomerForm";
import { FieldsSection } from "./FieldsSection";
import { useDebounced } from "./useDebounced";

export function CustomersPage() {
  const { t, lang } = useI18n();
  const { errorText } = useErrors();
  const { me } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get("q") ?? "");
  const query = useDebounced(text.trim(), 300);
  const [found, setFound] = useState<CustomerOut[] | null>(null);
  const [definitions, setDefinitions] = useState<CustomerField[]>([]);
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const loadFields = () => void customersApi.fields().then(setDefinitions).catch(() => setDefinitions([]));
  useEffect(loadFields, []);

  // The search stays in the address, so Back from a customer returns to the same results.
  useEffect(() => {
    if ((params.get("q") ?? "") !== query) setParams(query ? { q: query } : {}, { replace: true });
  }, [query, params, setParams]);

  useEffect(() => {
    let live = true;
    customersApi
      .search(query)
      .then((list) => {
        if (!live) return;
        setFound(list);
        setError(null);
      })
      .catch((caught: unknown) => {
        if (live) setError(errorText(caught));
      });
    return () => {
      live = false;
    };
  }, [query]);

  return (
    <>
      <PageHeader
        title={t("customers.title")}
        subtitle={t("customers.subtitle")}
        actions={
          <Button variant="primary" onClick={() => setCreating(true)}>
            {t("customers.new")}
          </Button>
        }
      />
      <div className="field customers-search">
        <label htmlFor="customer-search">{t("customers.search")}</label>
        <input id="customer-search" type="search" value={text} autoComplete="off" placeholder={t("customers.search.placeholder")}
          onChange={(event) => setText(event.target.value)} />
      </div>
      {error && <Alert tone="error">{error}</Alert>}
      <section aria-labelledby="customers-found" className="customers-section">
        <h2 id="customers-found">{query ? t("customers.results", { q: query }) : t("customers.recent")}</h2>
        <p className="sr-only" role="status">
          {found && query ? t("customers.count", { n: String(found.length) }) : ""}
        </p>
        {!found ? (
          <p className="muted">{t("common.loading")}</p>
        ) : (
          <Table label={t("customers.title")}>
            <thead>
              <tr>
                <th>{t("customers.name")}</th>
                <th>{t("customers.company")}</th>
                <th>{t("customers.phones")}</th>
                <th>{t("customers.emails")}</th>
                <th>{t("customers.tags")}</th>
                <th>{t("customers.updated")}</th>
              </tr>
            </thead>
            <tbody>
              {found.length === 0 && (
                <tr>
                  <td colSpan={6} className="muted">
                    {query ? t("customers.search.none") : t("customers.none")}
                  </td>
                </tr>
              )}
              {found.map((customer) => (
                <tr key={customer.id} data-testid={`customer-row-${customer.id}`}>
                  <td>
                    <Link to={`/customers/${customer.id}`}>{displayName(customer)}</Link>
                  </td>
                  <td>{customer.company}</td>
                  <td className="small">{customer.phones.join(", ")}</td>
                  <td className="small">{customer.emails.join(", ")}</td>
                  <td>
                    <div className="row tight">
                      {customer.tags.map((tag) => (
                        <Badge key={tag}>{tag}</Badge>
                      ))}
                    </div>
                  </td>
                  <td className="small nowrap">{formatTime(customer.updated_at, lang, "")}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </section>
      {me && atLeast(me.role, "admin") && <FieldsSection definitions={definitions} onChanged={loadFields} />}
      <Dialog open={creating} wide title={t("customers.new")} onClose={() => setCreating(false)}>
        {creating && (
          <CustomerForm
            definitions={definitions}
            submitLabel={t("common.create")}
            onCancel={() => setCreating(false)}
            onSave={async (body) => {
              const created = await customersApi.create(body);
              setCreating(false);
              navigate(`/customers/${created.id}`, { state: { notice: t("customers.created", { name: displayName(created) }) } });
            }}
          />
        )}
      </Dialog>
    </>
  );
}
