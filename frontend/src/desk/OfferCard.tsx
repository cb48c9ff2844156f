// A ringing offer: who, why, which queue and channel, the time left, Accept (A or Enter) and Decline (D).
import { useEffect, useLayoutEffect, useRef, useState } from "react";

import { useI18n } from "../shared/i18n";
import { useErrors } from "../shared/i18n/errors";
import { Alert, Badge, Button } from "../shared/ui/components";
import { contactOf, deskApi, type DeskItem } from "./api";
import { formatTimer, secondsUntil } from "../shared/format";
import { typing } from "./keys";
import { channelLabel } from "./labels";
import { earlierContacts } from "./history";
import { transferOrigin, TransferredFrom } from "./Transfer";

type Props = {
  item: DeskItem;
  queueName: string;
  queueNames?: Record<string, string>;
  now: number;
  skew: number;
  shortcuts: boolean;
  onDone: () => void;
};

export function OfferCard({ item, queueName, queueNames = {}, now, skew, shortcuts, onDone }: Props) {
  const { t } = useI18n();
  const { errorText } = useErrors();
  const contact = contactOf(item);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const acceptRef = useRef<HTMLButtonElement>(null);
  const left = secondsUntil(contact?.offer_expires, now, skew);
  const id = item.interaction.id;
  const from = contact?.from || item.interaction.from;
  const name = item.customer?.name;
  const origin = transferOrigin(item.interaction);
  const { returning } = earlierContacts(item); // as the caller card counts, so the two agree

  const act = useRef<(accept: boolean) => void>(() => undefined);
  act.current = (accept: boolean) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    (accept ? deskApi.accept(id) : deskApi.decline(id))
      .catch((caught: unknown) => setError(errorText(caught)))
      .finally(() => {
        setBusy(false);
        onDone();
      });
  };

  useEffect(() => {
    // Ready for Enter at once, unless the agent is busy in another control (notes of another chat, say).
    if (!document.activeElement || document.activeElement === document.body) acceptRef.current?.focus();
  }, [id]);

  useLayoutEffect(() => {
    // A layout effect, so the keys work as soon as the offer is on screen (a passive one runs after paint).
    if (!shortcuts) return;
    function onKey(event: KeyboardEvent) {
      if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target, event.key)) return;
      const key = event.key.toLowerCase();
      if (key === "a" || key === "enter") {
        event.preventDefault();
        act.current(true);
      } else if (key === "d") {
        event.preventDefault();
        act.current(false);
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [shortcuts]);

  return (
    <section className="card desk-offer" aria-label={t("desk.offer.title")} data-testid="offer">
      <div className="desk-offer-head">
        <span className="desk-ring" aria-hidden="true" />
        <h2>{t("desk.offer.title")}</h2>
        <span className="desk-countdown" data-testid="offer-countdown" aria-label={t("desk.offer.timeLeft")}>
          {formatTimer(left)}
        </span>
      </div>
      <div className="desk-offer-who">
        <strong>{name || from}</strong>
        {name && <span className="muted"> · {from}</span>}
        {item.customer && (
          <Badge tone={returning ? undefined : "ok"}>{returning ? t("desk.caller.returning") : t("desk.caller.new")}</Badge>
        )}
      </div>
      <p className="desk-offer-subject">{contact?.subject || item.interaction.subject || t("desk.noSubject")}</p>
      <div className="row muted small">
        <span>{t("desk.queue")}: {queueName}</span>
        <span aria-hidden="true">·</span>
        <span>{channelLabel(t, contact?.channel ?? item.interaction.channel)}</span>
        {contact?.callback && <Badge tone="warn">{t("desk.offer.callback")}</Badge>}
      </div>
      {origin && (
        <p className="desk-offer-transfer" data-testid="offer-transfer">
          {t("desk.transfer.from")}: <TransferredFrom origin={origin} queueNames={queueNames} />
        </p>
      )}
      {error && <Alert tone="error">{error}</Alert>}
      <div className="row desk-offer-actions">
        <Button ref={acceptRef} variant="primary" disabled={busy} aria-keyshortcuts="A Enter" onClick={() => act.current(true)}>
          {t("desk.offer.accept")} <kbd>A</kbd>
        </Button>
        <Button disabled={busy} aria-keyshortcuts="D" onClick={() => act.current(false)}>
          {t("desk.offer.decline")} <kbd>D</kbd>
        </Button>
      </div>
    </section>
  );
}
