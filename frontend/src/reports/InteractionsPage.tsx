// Interaction search (Supervisor → Interactions): find interactions by customer, agent, queue, outcome and date;
// page through; export CSV. The page sits among the supervisor's tabs (`tabs`); each row opens in the customers area.
import { useEffect, useMemo, useState, type ReactNode } from "react";
import { Link, useLocation, useNavigate, useSearchParams } from "react-router-dom";

import { customersApi } from "../customers/api";
import "../customers/customers.css";
import { displayName } from "../customers/customerForm";
import { CHANNEL_LABEL, labelOf } from "../customers/labels";
import { outcomeText, useOutcomeLabels } from "../customers/outcomes";
import { formatDateTime, formatDuration } from "../shared/format";
import { useI18n } from "../shared/i18n";
import { useErrors } from "../shared/i18n/errors";
import { Alert, Button, PageHeader, Table } from "../shared/ui/components";
import { reportsApi, type AgentOut, type Interaction, type QueueOut } from "./api";
import { InteractionFilters } from "./InteractionFilters";
import { filtersFromParams, filtersToParams, interactionParams } from "./query";
import "./reports.css";

export const PAGE_SIZE = 25;

export function InteractionsPage({ tabs }: { tabs?: ReactNode }) {
  const { t, lang } = useI18n();
  const { errorText } = useErrors();
  const navigate = useNavigate();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const search = params.toString();
  const filters = useMemo(() => filtersFromParams(new URLSearchParams(search)), [search]);
  const page = Math.max(0, Number(params.get("page")) || 0);
  const [rows, setRows] = useState<Interaction[] | null>(null);
  const [more, setMore] = useState(false);
  const [agents, setAgents] = useState<AgentOut[]>([]);
  const [queues, setQueues] = useState<QueueOut[]>([]);
  const [customers, setCustomers] = useState<Record<number, string>>({});
  const outcomes = useOutcomeLabels();
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    reportsApi.agents().then(setAgents).catch(() => undefined);
    reportsApi.queues().then(setQueues).catch(() => undefined);
  }, []);

  useEffect(() => {
    let live = true;
    setRows(null);
    // One more than a page tells whether there is a next page.
    reportsApi
      .searchInteractions(interactionParams(filters, { limit: PAGE_SIZE + 1, offset: page * PAGE_SIZE }))
      .then((found) => {
        if (!live) return;
        setRows(found.slice(0, PAGE_SIZE));
        setMore(found.length > PAGE_SIZE);
        setError(null);
      })
      .catch((caught: unknown) => {
        if (!live) return;
        setRows([]);
        setError(errorText(caught));
      });
    return () => {
      live = false;
    };
  }, [filters, page]);

  // The list carries customer ids only: look up the names of this page's customers once each.
  useEffect(() => {
    const missing = [...new Set((rows ?? []).map((row) => row.customer_id).filter((id): id is number => !!id && !(id in customers)))];
    if (missing.length === 0) return;
    Promise.all(missing.map((id) => customersApi.get(id).then((card) => [id, displayName(card)] as const).catch(() => [id, `#${id}`] as const)))
      .then((pairs) => setCustomers((current) => ({ ...current, ...Object.fromEntries(pairs) })));
  }, [rows, customers]);

  // The row names its agent (a supervisor who took a call is not in the agents list); the list is a fallback.
  const agentName = (row: Interaction) =>
    row.agent_name ?? (row.agent_id ? (agents.find((agent) => agent.user_id === row.agent_id)?.display_name ?? "—") : "—");
  const queueName = (id: string | null) => (id ? (queues.find((queue) => queue.id === id)?.name ?? id) : "—");
  const open = (row: Interaction) =>
    navigate(`/customers/interactions/${encodeURIComponent(row.id)}`, { state: { back: location.pathname + location.search } });
  const goTo = (next: number) => setParams(filtersToParams(filters, next));
  const exportHref = reportsApi.exportUrl(interactionParams(filters));

  return (
    <>
      <PageHeader
        title={t("supervisor.title")}
        subtitle={t("interactions.subtitle")}
        actions={
          <a className="button" href={exportHref} download>
            {t("interactions.export")}
          </a>
        }
      />
      {tabs}
      <InteractionFilters applied={filters} agents={agents} queues={queues} outcomes={outcomes}
        onApply={(next) => setParams(filtersToParams(next))} />
      {error && <Alert tone="error">{error}</Alert>}
      {!rows ? (
        <p className="muted">{t("common.loading")}</p>
      ) : (
        <>
          <Table label={t("interactions.results")}>
            <thead>
              <tr>
                <th>{t("interactions.received")}</th>
                <th>{t("interactions.channel")}</th>
                <th>{t("interactions.queue")}</th>
                <th>{t("interactions.customer")}</th>
                <th>{t("interactions.agent")}</th>
                <th>{t("interactions.subject")}</th>
                <th>{t("interactions.outcome")}</th>
                <th>{t("interactions.wait")}</th>
                <th>{t("interactions.talk")}</th>
                <th>{t("interactions.total")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 && (
                <tr>
                  <td colSpan={10} className="muted">{t("interactions.none")}</td>
                </tr>
              )}
              {rows.map((row) => (
                <tr key={row.id} className="clickable" data-testid={`interaction-${row.id}`} onClick={() => open(row)}>
                  <td className="nowrap small">{formatDateTime(row.received_at, lang, true)}</td>
                  <td className="small">{labelOf(CHANNEL_LABEL, row.channel, t)}</td>
                  <td className="small">{queueName(row.queue_id)}</td>
                  <td className="small">
                    {row.customer_id ? customers[row.customer_id] ?? `#${row.customer_id}` : <span className="muted">{row.from || "—"}</span>}
                  </td>
                  <td className="small">{agentName(row)}</td>
                  <td>
                    <Link to={`/customers/interactions/${encodeURIComponent(row.id)}`} state={{ back: location.pathname + location.search }}
                      onClick={(event) => event.stopPropagation()}>
                      {row.subject || t("interactions.noSubject")}
                    </Link>
                  </td>
                  <td>{row.outcome ? outcomeText(t, outcomes, row.outcome) : <span className="muted">—</span>}</td>
                  <td className="tabular">{formatDuration(row.durations.wait, lang)}</td>
                  <td className="tabular">{formatDuration(row.durations.talk, lang)}</td>
                  <td className="tabular">{formatDuration(row.durations.total, lang)}</td>
                </tr>
              ))}
            </tbody>
          </Table>
          <nav className="row interactions-paging" aria-label={t("interactions.paging")}>
            <span className="muted small" aria-live="polite">
              {rows.length > 0 &&
                t("interactions.showing", { from: String(page * PAGE_SIZE + 1), to: String(page * PAGE_SIZE + rows.length) })}
            </span>
            <span className="row">
              <Button small disabled={page === 0} onClick={() => goTo(page - 1)}>{t("interactions.previous")}</Button>
              <Button small disabled={!more} onClick={() => goTo(page + 1)}>{t("interactions.next")}</Button>
            </span>
          </nav>
        </>
      )}
    </>
  );
}
