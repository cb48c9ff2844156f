// One earlier interaction, read-only: what it was about, its times and durations, outcome, notes, the captured
// script fields and its timeline. Agents may open only their own; supervisors anyone's.
import { useEffect, useState } from "react";
import { Link, useParams } from "react-router-dom";

import { ApiError } from "../shared/api/client";
import { useI18n } from "../shared/i18n";
import { useErrors } from "../shared/i18n/errors";
import { Alert, Badge, PageLayout } from "../shared/ui/components";
import { deskApi, type Interaction, type RunOut } from "./api";
import { formatDateTime, formatDuration, formatTime } from "../shared/format";
import { humanize, showValue } from "./format";
import { channelLabel, momentLabel, outcomeLabel, phaseLabel } from "./labels";

export function InteractionView() {
  const { id = "" } = useParams();
  const { t, lang } = useI18n();
  const { errorText } = useErrors();
  const [record, setRecord] = useState<Interaction | null>(null);
  const [run, setRun] = useState<RunOut | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [queueName, setQueueName] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setRecord(null);
    setRun(null);
    setError(null);
    deskApi
      .interaction(id)
      .then((found) => {
        if (!live) return;
        setRecord(found);
        if (found.run_id) deskApi.run(found.run_id).then((r) => live && setRun(r)).catch(() => undefined);
        deskApi
          .queues()
          .then((queues) => live && setQueueName(queues.find((queue) => queue.id === found.queue_id)?.name ?? null))
          .catch(() => undefined);
      })
      .catch((caught: unknown) => {
        if (live) setError(caught ?? new Error("unknown"));
      });
    return () => {
      live = false;
    };
  }, [id]);

  const back = <Link className="button" to="/desk">← {t("desk.view.back")}</Link>;
  if (error !== null) {
    const status = error instanceof ApiError ? error.status : 0;
    const message = status === 403 ? t("desk.view.forbidden") : status === 404 ? t("desk.view.missing") : errorText(error);
    return (
      <PageLayout title={t("desk.view.title")} actions={back}>
        <Alert tone="error">{message}</Alert>
      </PageLayout>
    );
  }
  if (!record) return <p className="muted">{t("common.loading")}</p>;
  const d = record.durations;
  const facts: [string, string][] = [
    [t("desk.view.from"), record.from],
    [t("desk.queue"), `${queueName ?? record.queue_id ?? "–"} · ${channelLabel(t, record.channel)}`],
    [t("desk.view.phase"), phaseLabel(t, record.phase)],
    [t("desk.view.outcome"), record.outcome ? outcomeLabel(t, record.outcome) : "–"],
    [t("desk.view.received"), formatDateTime(record.received_at, lang)],
    [t("desk.view.answered"), formatDateTime(record.answered_at, lang)],
    [t("desk.view.ended"), formatDateTime(record.ended_at, lang)],
    [t("desk.view.wait"), formatDuration(d.wait, lang)],
    [t("desk.view.talk"), formatDuration(d.talk, lang)],
    [t("desk.view.hold"), `${formatDuration(d.hold, lang)} (${t("desk.hold.count", { n: String(record.holds) })})`],
    [t("desk.view.wrapUp"), formatDuration(d.wrap_up, lang)],
  ];
  const fields = Object.entries(run?.view.fields ?? {});
  const words = { yes: t("desk.yes"), no: t("desk.no") };
  return (
    <PageLayout title={record.subject || t("desk.noSubject")} subtitle={t("desk.view.title")} actions={back}>
      <div className="desk-work">
        <div className="desk-main stack">
          <section className="card" data-testid="interaction-view">
            <dl className="desk-facts">
              {facts.map(([label, value]) => (
                <div key={label}>
                  <dt>{label}</dt>
                  <dd>{value}</dd>
                </div>
              ))}
            </dl>
            <h3>{t("desk.notes.title")}</h3>
            <p className="desk-notes-text">{record.notes || <span className="muted">–</span>}</p>
          </section>
          {run && (
            <section className="card">
              <h3>
                {t("desk.script.captured")} <Badge>{run.script}</Badge>
              </h3>
              {fields.length === 0 ? (
                <p className="muted small">{t("desk.script.nothingCaptured")}</p>
              ) : (
                <dl className="captured">
                  {fields.map(([name, value]) => (
                    <div key={name}>
                      <dt>{run?.view.labels[name] ?? humanize(name)}</dt>
                      <dd>{showValue(value, words)}</dd>
                    </div>
                  ))}
                </dl>
              )}
            </section>
          )}
        </div>
        <div className="desk-side">
          <section className="card">
            <h3>{t("desk.view.timeline")}</h3>
            <ol className="desk-timeline">
              {record.timeline.map((moment, index) => (
                <li key={index}>
                  <span className="muted small">{formatTime(moment.at, lang)}</span> {momentLabel(t, moment.kind)}
                </li>
              ))}
            </ol>
          </section>
        </div>
      </div>
    </PageLayout>
  );
}
