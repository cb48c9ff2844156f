// One interaction: who, where, what came of it, how long each part took, and its timeline.
import { useEffect, useState } from "react";
import { Link, useLocation, useParams } from "react-router-dom";

import { ApiError } from "../shared/api/client";
import { atLeast, useAuth } from "../shared/auth";
import { useI18n } from "../shared/i18n";
import { useErrors } from "../shared/i18n/errors";
import { Alert, Badge, Button, PageHeader } from "../shared/ui/components";
import { customersApi, interactionsApi, type Interaction } from "./api";
import { CorrectionDialog } from "./CorrectionDialog";
import { displayName } from "./customerForm";
import { formatDateTime, formatDuration } from "../shared/format";
import { CHANNEL_LABEL, DIRECTION_LABEL, PHASE_LABEL, labelOf } from "./labels";
import { agentName, queueName, useAgentNames, useQueueNames } from "./names";
import { outcomeText, useOutcomeLabels } from "./outcomes";
import { Timeline } from "./Timeline";

export function InteractionPage() {
  const { id = "" } = useParams();
  const { t, lang } = useI18n();
  const { errorText } = useErrors();
  const location = useLocation();
  const back = (location.state as { back?: string } | null)?.back ?? "/customers";
  const [item, setItem] = useState<Interaction | null>(null);
  const [customerName, setCustomerName] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const agents = useAgentNames();
  const outcomes = useOutcomeLabels();
  const queues = useQueueNames();
  const { me } = useAuth();
  const [correcting, setCorrecting] = useState(false);
  const [corrected, setCorrected] = useState(false);

  useEffect(() => {
    let live = true;
    setItem(null);
    setError(null);
    setCorrected(false);
    interactionsApi
      .get(id)
      .then((found) => {
        if (!live) return;
        setItem(found);
        if (found.customer_id)
          customersApi.get(found.customer_id).then((card) => live && setCustomerName(displayName(card))).catch(() => undefined);
      })
      .catch((caught: unknown) => {
        if (!live) return;
        if (caught instanceof ApiError && caught.status === 403) setError(t("interactions.forbidden"));
        else if (caught instanceof ApiError && caught.status === 404) setError(t("interactions.missing"));
        else setError(errorText(caught));
      });
    return () => {
      live = false;
    };
  }, [id, t]);

  const backLink = <Link to={back}>{t("interactions.back")}</Link>;
  if (!item) {
    return (
      <>
        <PageHeader title={t("interactions.title")} subtitle={backLink} />
        {error ? <Alert tone="error">{error}</Alert> : <p className="muted">{t("common.loading")}</p>}
      </>
    );
  }
  const d = item.durations;
  const none = <span className="muted">—</span>;
  const canCorrect = item.phase === "closed" && !!me && atLeast(me.role, "supervisor");
  return (
    <>
      <PageHeader
        title={item.subject || t("interactions.title")}
        subtitle={
          <span className="row tight">
            {backLink}
            <span aria-hidden="true">·</span>
            <span>{labelOf(CHANNEL_LABEL, item.channel, t)}, {labelOf(DIRECTION_LABEL, item.direction, t).toLowerCase()}</span>
            <Badge tone={item.phase === "closed" ? "ok" : item.phase === "abandoned" || item.phase === "refused" ? "danger" : undefined}>
              {labelOf(PHASE_LABEL, item.phase, t)}
            </Badge>
          </span>
        }
        actions={canCorrect && <Button onClick={() => setCorrecting(true)}>{t("interactions.correct")}</Button>}
      />
      {corrected && <Alert tone="ok">{t("interactions.correct.done")}</Alert>}
      {canCorrect && (
        <CorrectionDialog
          open={correcting}
          interaction={item}
          onClose={() => setCorrecting(false)}
          onCorrected={(fixed) => {
            setItem(fixed);
            setCorrecting(false);
            setCorrected(true);
          }}
        />
      )}
      <section className="card customers-section" aria-labelledby="durations-heading">
        <h2 id="durations-heading">{t("interactions.durations")}</h2>
        <dl className="interaction-durations" data-testid="durations">
          <div><dt>{t("interactions.wait")}</dt><dd>{formatDuration(d.wait, lang)}</dd></div>
          <div><dt>{t("interactions.talk")}</dt><dd>{formatDuration(d.talk, lang)}</dd></div>
          <div>
            <dt>{t("interactions.hold")}</dt>
            <dd>{formatDuration(d.hold, lang)} {item.holds > 0 && <span className="muted small">({t("interactions.holds", { n: String(item.holds) })})</span>}</dd>
          </div>
          <div><dt>{t("interactions.wrapUp")}</dt><dd>{formatDuration(d.wrap_up, lang)}</dd></div>
          <div><dt>{t("interactions.total")}</dt><dd>{formatDuration(d.total, lang)}</dd></div>
        </dl>
      </section>
      <div className="interaction-layout">
        <section className="card" aria-labelledby="details-heading">
          <h2 id="details-heading">{t("interactions.details")}</h2>
          <dl className="customer-details" data-testid="interaction-details">
            <dt>{t("interactions.from")}</dt>
            <dd>{item.from || none}</dd>
            <dt>{t("interactions.customer")}</dt>
            <dd>{item.customer_id ? <Link to={`/customers/${item.customer_id}`}>{customerName ?? `#${item.customer_id}`}</Link> : none}</dd>
            <dt>{t("interactions.queue")}</dt>
            <dd>{queueName(queues, item.queue_id)}</dd>
            {item.request_type && (
              <>
                <dt>{t("interactions.requestType")}</dt>
                <dd>{item.request_type}</dd>
              </>
            )}
            <dt>{t("interactions.agent")}</dt>
            <dd>{item.agent_name ?? agentName(agents, item.agent_id)}</dd>
            <dt>{t("interactions.outcome")}</dt>
            <dd>{item.outcome ? outcomeText(t, outcomes, item.outcome) : none}</dd>
            <dt>{t("interactions.notes")}</dt>
            <dd className="interaction-notes">{item.notes || none}</dd>
            <dt>{t("interactions.received")}</dt>
            <dd>{formatDateTime(item.received_at, lang, true)}</dd>
            <dt>{t("interactions.answered")}</dt>
            <dd>{formatDateTime(item.answered_at, lang, true)}</dd>
            <dt>{t("interactions.ended")}</dt>
            <dd>{formatDateTime(item.ended_at, lang, true)}</dd>
            <dt>{t("interactions.closed")}</dt>
            <dd>{formatDateTime(item.closed_at, lang, true)}</dd>
            <dt>{t("interactions.id")}</dt>
            <dd><code className="small">{item.id}</code></dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="timeline-heading">
          <h2 id="timeline-heading">{t("interactions.timeline")}</h2>
          <Timeline moments={item.timeline} />
        </section>
      </div>
    </>
  );
}
