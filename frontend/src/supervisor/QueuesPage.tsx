import { useCallback, useEffect, useState } from "react";
import { Link, useLocation } from "react-router-dom";

import { useI18n } from "../shared/i18n";
import { useErrors } from "../shared/i18n/errors";
import { Alert, Badge, Button, ConfirmDialog, PageHeader, Table } from "../shared/ui/components";
import { routingApi, type QueueOut } from "./api";
import { formatPercent } from "../shared/format";
import { CHANNEL_LABEL, DAY_SHORT, STRATEGY_LABEL } from "./labels";
import { groupWeek } from "./queueForm";
import { SupervisorTabs } from "./SupervisorTabs";

/** The queues with their main settings; create, edit and delete. */
export function QueuesPage() {
  const { t, lang } = useI18n();
  const { errorText } = useErrors();
  const location = useLocation();
  const [queues, setQueues] = useState<QueueOut[] | null>(null);
  const [deleting, setDeleting] = useState<QueueOut | null>(null);
  const [notice, setNotice] = useState<string | null>((location.state as { notice?: string } | null)?.notice ?? null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    routingApi
      .queues()
      .then(setQueues)
      .catch((caught: unknown) => setError(errorText(caught)));
  }, []);
  useEffect(load, [load]);

  async function remove(queue: QueueOut) {
    setDeleting(null);
    setNotice(null);
    setError(null);
    try {
      await routingApi.deleteQueue(queue.id);
      setNotice(t("supervisor.queues.deleted", { name: queue.name }));
      load();
    } catch (caught) {
      setError(errorText(caught));
    }
  }

  return (
    <>
      <PageHeader
        title={t("supervisor.title")}
        subtitle={t("supervisor.queues.subtitle")}
        actions={
          <Link className="button primary" to="/supervisor/queues/new">
            {t("supervisor.queues.new")}
          </Link>
        }
      />
      <SupervisorTabs />
      {notice && <Alert tone="ok">{notice}</Alert>}
      {error && <Alert tone="error">{error}</Alert>}
      {!queues ? (
        <p className="muted">{t("common.loading")}</p>
      ) : (
        <Table label={t("supervisor.tab.queues")}>
          <thead>
            <tr>
              <th>{t("supervisor.form.name")}</th>
              <th>{t("supervisor.form.channels")}</th>
              <th>{t("supervisor.form.strategy")}</th>
              <th>{t("supervisor.queues.target")}</th>
              <th>{t("supervisor.form.hours")}</th>
              <th>{t("supervisor.form.skills")}</th>
              <th>{t("supervisor.agents.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {queues.length === 0 && (
              <tr>
                <td colSpan={7} className="muted">
                  {t("supervisor.live.noQueues")}
                </td>
              </tr>
            )}
            {queues.map((queue) => (
              <tr key={queue.id} data-testid={`queue-row-${queue.id}`}>
                <td>
                  <div className="strong">{queue.name}</div>
                  <code className="small">{queue.id}</code>
                  {(queue.priority ?? 0) !== 0 && (
                    <span className="small muted"> · {t("supervisor.queues.priority", { n: String(queue.priority) })}</span>
                  )}
                </td>
                <td className="small">{(queue.channels ?? []).map((c) => t(CHANNEL_LABEL[c])).join(", ")}</td>
                <td className="small">{t(STRATEGY_LABEL[queue.strategy ?? "longest-idle"])}</td>
                <td className="nowrap small">
                  {t("supervisor.queues.targetShort", {
                    percent: formatPercent(queue.service_level?.fraction ?? 0.8, lang),
                    seconds: String(queue.service_level?.seconds ?? 20),
                  })}
                </td>
                <td className="small">
                  {queue.hours ? (
                    <>
                      {groupWeek(queue.hours.week).map((group) => (
                        <div key={group.from} className="nowrap">
                          {t(DAY_SHORT[group.from])}
                          {group.to !== group.from && <>–{t(DAY_SHORT[group.to])}</>} {group.ranges}
                        </div>
                      ))}
                      {groupWeek(queue.hours.week).length === 0 && t("supervisor.queues.neverOpen")}
                      <div className="muted">{queue.hours.timezone}</div>
                    </>
                  ) : (
                    t("supervisor.form.alwaysOpen")
                  )}
                </td>
                <td>
                  <div className="row tight">
                    {Object.entries(queue.skills ?? {}).map(([skill, level]) => (
                      <span className="nowrap" key={skill}>
                        <Badge>
                          {skill} ≥ {level}
                        </Badge>
                      </span>
                    ))}
                  </div>
                </td>
                <td>
                  <div className="row actions">
                    <Link
                      className="button small"
                      to={`/supervisor/queues/${encodeURIComponent(queue.id)}`}
                      aria-label={`${t("common.edit")} ${queue.name}`}
                    >
                      {t("common.edit")}
                    </Link>
                    <Button
                      small
                      variant="danger"
                      onClick={() => setDeleting(queue)}
                      aria-label={`${t("supervisor.delete")} ${queue.name}`}
                    >
                      {t("supervisor.delete")}
                    </Button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <ConfirmDialog
        open={deleting !== null}
        danger
        message={deleting ? t("supervisor.queues.confirmDelete", { name: deleting.name }) : ""}
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && void remove(deleting)}
      />
    </>
  );
}
