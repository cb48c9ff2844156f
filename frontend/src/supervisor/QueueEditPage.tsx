import { useEffect, useState } from "react";
import { useNavigate, useParams } from "react-router-dom";

import { useI18n } from "../shared/i18n";
import { useErrors } from "../shared/i18n/errors";
import { Alert, PageHeader } from "../shared/ui/components";
import { routingApi, type PublishedScript, type QueueOut, type SkillOut } from "./api";
import { QueueForm } from "./QueueForm";
import { emptyQueueForm, formFromQueue, type QueueForm as FormState } from "./queueForm";
import { SupervisorTabs } from "./SupervisorTabs";

function browserZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

/** /supervisor/queues/new and /supervisor/queues/:queueId */
export function QueueEditPage() {
  const { queueId } = useParams();
  const { t } = useI18n();
  const { errorText } = useErrors();
  const navigate = useNavigate();
  const [initial, setInitial] = useState<FormState | null>(null);
  const [skills, setSkills] = useState<SkillOut[]>([]);
  const [queues, setQueues] = useState<QueueOut[]>([]);
  const [scripts, setScripts] = useState<PublishedScript[] | null>([]);
  const [title, setTitle] = useState("");
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let stale = false;
    Promise.all([
      routingApi.skills(),
      routingApi.queues(),
      queueId ? routingApi.queue(queueId) : Promise.resolve(null),
      // Without the list the form still works (and keeps the queue's script): it says so by the picker.
      routingApi.publishedScripts().catch(() => null),
      // The queue's script is the desk's binding: without it the form could not keep it, so it must load.
      queueId ? routingApi.queueScripts() : Promise.resolve([]),
    ])
      .then(([skillList, queueList, queue, scriptList, bindings]) => {
        if (stale) return;
        setSkills(skillList);
        setQueues(queueList);
        setScripts(scriptList);
        const script = bindings.find((binding) => binding.queue_id === queueId)?.script ?? null;
        setInitial(queue ? formFromQueue(queue, script) : emptyQueueForm(browserZone()));
        setTitle(queue ? queue.name : "");
      })
      .catch((caught: unknown) => !stale && setError(errorText(caught)));
    return () => {
      stale = true;
    };
  }, [queueId]);

  const back = (notice?: string) => navigate("/supervisor/queues", notice ? { state: { notice } } : undefined);
  return (
    <>
      <PageHeader
        title={t("supervisor.title")}
        subtitle={queueId ? t("supervisor.queues.editNamed", { name: title || queueId }) : t("supervisor.queues.new")}
      />
      <SupervisorTabs />
      {error && <Alert tone="error">{error}</Alert>}
      {!initial ? (
        !error && <p className="muted">{t("common.loading")}</p>
      ) : (
        <QueueForm
          key={queueId ?? "new"}
          initial={initial}
          creating={!queueId}
          skills={skills}
          queues={queues}
          scripts={scripts}
          onCancel={() => back()}
          onSaved={(queue) => back(t("supervisor.queues.saved", { name: queue.name }))}
        />
      )}
    </>
  );
}
