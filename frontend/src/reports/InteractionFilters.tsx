// The interaction search's filter form: customer (a picked card, or what was typed), agent, queue, outcome (in
// words) and a date range.
import { useEffect, useState, type FormEvent } from "react";

import { customersApi } from "../customers/api";
import { displayName } from "../customers/customerForm";
import { CustomerPicker } from "../customers/CustomerPicker";
import { outcomeChoices, type OutcomeLabels } from "../customers/outcomes";
import { useI18n } from "../shared/i18n";
import { Button, Field, SelectField } from "../shared/ui/components";
import type { AgentOut, QueueOut } from "./api";
import { NO_FILTERS, type InteractionFilters as Filters } from "./query";

type Props = {
  applied: Filters;
  agents: AgentOut[];
  queues: QueueOut[];
  outcomes: OutcomeLabels;
  onApply: (filters: Filters) => void;
};

export function InteractionFilters({ applied, agents, queues, outcomes, onApply }: Props) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<Filters>(applied);
  const [customer, setCustomer] = useState<{ id: number; name: string } | null>(null);
  const change = (patch: Partial<Filters>) => setDraft((current) => ({ ...current, ...patch }));

  // Filters from the address (a link, Back): show them, with the customer's name.
  useEffect(() => setDraft(applied), [applied]);
  useEffect(() => {
    const id = Number(applied.customer);
    if (!applied.customer || !Number.isInteger(id) || id < 1) {
      setCustomer(null);
      return;
    }
    let live = true;
    setCustomer((current) => (current?.id === id ? current : { id, name: `#${id}` }));
    customersApi
      .get(id)
      .then((card) => live && setCustomer({ id, name: displayName(card) }))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [applied.customer]);

  function submit(event: FormEvent) {
    event.preventDefault();
    onApply(draft);
  }

  return (
    <form className="card interaction-filters" onSubmit={submit} aria-label={t("interactions.filters")}>
      <div className="customers-grid">
        <CustomerPicker
          label={t("interactions.customer")}
          chosen={customer}
          onChoose={(found) => {
            setCustomer({ id: found.id, name: displayName(found) });
            change({ customer: String(found.id), customerSearch: "" });
          }}
          onClear={() => {
            setCustomer(null);
            change({ customer: "", customerSearch: "" });
          }}
          // Searching without picking a match searches for what was typed (name, company, phone, email).
          text={draft.customerSearch}
          onText={(customerSearch) => change({ customerSearch, customer: "" })}
        />
        <SelectField label={t("interactions.agent")} value={draft.agent} onChange={(agent) => change({ agent })}
          options={[{ value: "", label: t("interactions.anyAgent") },
            ...agents.map((agent) => ({ value: String(agent.user_id), label: agent.display_name }))]} />
        <SelectField label={t("interactions.queue")} value={draft.queue} onChange={(queue) => change({ queue })}
          options={[{ value: "", label: t("interactions.anyQueue") }, ...queues.map((queue) => ({ value: queue.id, label: queue.name }))]} />
        <SelectField label={t("interactions.outcome")} value={draft.outcome} onChange={(outcome) => change({ outcome })}
          options={[{ value: "", label: t("interactions.anyOutcome") }, ...outcomeChoices(t, outcomes, draft.outcome || undefined)]} />
        <Field label={t("interactions.from.date")} type="date" value={draft.from} max={draft.to || undefined}
          onChange={(event) => change({ from: event.target.value })} />
        <Field label={t("interactions.to.date")} type="date" value={draft.to} min={draft.from || undefined}
          onChange={(event) => change({ to: event.target.value })} />
      </div>
      <div className="row customers-buttons" style={{ marginBottom: "0.8rem" }}>
        <Button onClick={() => { setCustomer(null); setDraft(NO_FILTERS); onApply(NO_FILTERS); }}>{t("interactions.clear")}</Button>
        <Button type="submit" variant="primary">{t("interactions.search")}</Button>
      </div>
    </form>
  );
}
