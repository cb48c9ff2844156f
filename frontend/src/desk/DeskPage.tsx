// The operator desk: the agent's state, ringing offers, and the contacts being worked (script, caller, notes,
// wrap-up), all restored from GET /api/desk; /desk/interactions/:id shows an earlier interaction read-only.
import { useState } from "react";
import { Route, Routes } from "react-router-dom";

import { useAuth } from "../shared/auth";
import { useI18n } from "../shared/i18n";
import { Alert, PageLayout } from "../shared/ui/components";
import { NotFound } from "../shell/Guards";
import { contactOf } from "./api";
import "./desk.css";
import { InteractionView } from "./InteractionView";
import { isOffer } from "./live";
import { OfferCard } from "./OfferCard";
import { StateBar } from "./StateBar";
import { useDesk, useNow } from "./useDesk";
import { WorkItem } from "./WorkItem";
import { WrapUp } from "./WrapUp";

export function DeskPage() {
  return (
    <Routes>
      <Route index element={<DeskHome />} />
      <Route path="interactions/:id" element={<InteractionView />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}

function DeskHome() {
  const { me } = useAuth();
  return me ? <Desk userId={me.id} /> : null;
}

export function Desk({ userId }: { userId: number }) {
  const { t } = useI18n();
  const desk = useDesk(userId);
  const now = useNow();
  const [selected, setSelected] = useState<string | null>(null);
  const link = {
    connecting: t("desk.link.connecting"),
    live: t("desk.link.live"),
    reconnecting: t("desk.link.reconnecting"),
  }[desk.status];
  const subtitle = (
    <span className={`desk-link ${desk.status}`} data-testid="desk-link">
      <span className="desk-dot" aria-hidden="true" /> {link}
    </span>
  );

  const data = desk.desk;
  const items = data?.items ?? [];
  const offers = items.filter(isOffer);
  const work = items.filter((item) => !isOffer(item));
  const active = work.find((item) => item.interaction.id === selected) ?? work[0] ?? null;
  const fresh = desk.freshOffer;
  const ringing = fresh ? offers.find((item) => item.interaction.id === fresh.interaction.id) : undefined;
  const announcement = ringing
    ? t("desk.offer.announce", {
        from: ringing.customer?.name || contactOf(ringing)?.from || ringing.interaction.from,
        subject: ringing.interaction.subject,
      })
    : "";
  const queueName = (id: string | null | undefined) => desk.queueNames[id ?? ""] ?? id ?? "–";

  return (
    <PageLayout title={t("desk.title")} subtitle={subtitle}>
      {desk.status === "reconnecting" && (
        <div className="alert warn desk-reconnecting" role="status">
          {t("desk.link.banner")}
        </div>
      )}
      <div aria-live="assertive" className="sr-only" data-testid="offer-announcement">
        {announcement}
      </div>
      {desk.error && <Alert tone="error">{desk.error}</Alert>}
      {!data ? (
        <p className="muted">{t("common.loading")}</p>
      ) : (
        <div className="stack desk">
          <StateBar desk={data} now={now} skew={desk.skew} onChanged={() => desk.reload()} />
          {offers.map((item, index) => (
            <OfferCard
              key={item.interaction.id}
              item={item}
              queueName={queueName(item.interaction.queue_id)}
              queueNames={desk.queueNames}
              now={now}
              skew={desk.skew}
              shortcuts={index === 0}
              onDone={() => desk.reload()}
            />
          ))}
          {desk.late.map((entry) => (
            <WrapUp
              key={entry.id}
              target={{
                ...entry,
                wrapUntil: null,
                outcome: entry.outcome && entry.outcomeLabel ? { value: entry.outcome, label: entry.outcomeLabel } : null,
                recorded: entry.outcomeLabel ? null : entry.outcome,
                late: true,
              }}
              now={now}
              skew={desk.skew}
              onDone={desk.finished}
              onDismiss={() => desk.finished(entry.id)}
            />
          ))}
          {work.length > 1 && (
            <div className="tabs" role="tablist" aria-label={t("desk.work.list")}>
              {work.map((item) => (
                <button
                  key={item.interaction.id}
                  role="tab"
                  aria-selected={item === active}
                  className={item === active ? "active" : undefined}
                  onClick={() => setSelected(item.interaction.id)}
                >
                  {item.customer?.name || item.interaction.from} · {item.interaction.subject}
                </button>
              ))}
            </div>
          )}
          {active ? (
            <WorkItem key={active.interaction.id} item={active} desk={desk} now={now} />
          ) : (
            offers.length === 0 && (
              <section className="card desk-idle" data-testid="desk-idle">
                <p>{data.state === "ready" ? t("desk.idle.ready") : t("desk.idle.notReady")}</p>
              </section>
            )
          )}
        </div>
      )}
    </PageLayout>
  );
}
