// The conversation's controls: time talking, Hold / Resume with the hold timer and count (a third hold asks
// first, without a refused request), the "thank the customer for waiting" reminder, and End conversation.
import { useState } from "react";

import { ApiError } from "../shared/api/client";
import { useI18n } from "../shared/i18n";
import { useErrors } from "../shared/i18n/errors";
import type { MessageKey } from "../shared/i18n/en";
import { Alert, Badge, Button, ConfirmDialog } from "../shared/ui/components";
import { deskApi, type DeskItem, type Interaction } from "./api";
import { formatTimer, secondsSince } from "../shared/format";
import { holdStartedAt } from "./format";
import { channelLabel } from "./labels";

type Props = {
  item: DeskItem;
  now: number;
  skew: number;
  onInteraction: (interaction: Interaction) => void;
  onChanged: () => void;
};

const ordinal = (n: number): MessageKey => (n === 3 ? "desk.hold.confirmThird" : "desk.hold.confirmN");

export function CallBar({ item, now, skew, onInteraction, onChanged }: Props) {
  const { t } = useI18n();
  const { errorText } = useErrors();
  const { interaction } = item;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [thank, setThank] = useState(false);
  const [ending, setEnding] = useState(false);
  const onHold = interaction.phase === "on-hold";
  const heldSince = onHold ? holdStartedAt(interaction.timeline) : null;
  const answered = interaction.answered_at ? Date.parse(interaction.answered_at) : null;

  async function act(action: () => Promise<unknown>, after?: () => void) {
    setBusy(true);
    setError(null);
    try {
      const result = await action();
      if (result && typeof result === "object" && "timeline" in result) onInteraction(result as Interaction);
      after?.();
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === "hold-confirm-needed") setConfirming(true);
      else setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  }

  // The interaction says when the next hold needs a yes: ask first rather than be refused. The refusal is still
  // understood, for a count that changed in another tab.
  const hold = (confirm = false) =>
    interaction.hold_needs_confirmation && !confirm
      ? setConfirming(true)
      : act(() => deskApi.hold(interaction.id, confirm), () => setThank(false));
  const resume = () => act(() => deskApi.resume(interaction.id), () => setThank(true));
  const end = () =>
    act(() => deskApi.complete(interaction.id), () => {
      setEnding(false);
      onChanged();
    });

  return (
    <section className="card desk-call" aria-label={t("desk.call.title")} data-testid="call-bar">
      <div className="desk-call-who">
        <strong>{item.customer?.name || interaction.from}</strong>
        <span className="muted small">
          {interaction.subject} · {channelLabel(t, interaction.channel)}
        </span>
      </div>
      <div className="desk-call-timers">
        <span title={t("desk.call.talking")}>
          <span className="muted small">{t("desk.call.talking")}</span>{" "}
          <span className="desk-timer">{formatTimer(secondsSince(answered, now, skew))}</span>
        </span>
        {onHold && (
          <Badge tone="warn">
            <span data-testid="hold-timer">
              {t("desk.hold.onHold")} {formatTimer(secondsSince(heldSince, now, skew))}
            </span>
          </Badge>
        )}
        <span className="muted small" data-testid="hold-count">
          {t("desk.hold.count", { n: String(interaction.holds) })}
        </span>
      </div>
      <div className="row desk-call-actions">
        {onHold ? (
          <Button variant="primary" disabled={busy} onClick={() => void resume()}>
            ▶ {t("desk.hold.resume")}
          </Button>
        ) : (
          <Button disabled={busy} onClick={() => void hold()}>
            {t("desk.hold.hold")}
          </Button>
        )}
        <Button variant="danger" disabled={busy} onClick={() => setEnding(true)}>
          {t("desk.call.end")}
        </Button>
      </div>
      {thank && !onHold && (
        <div className="alert ok desk-thank" role="status">
          <span>{t("desk.hold.thank")}</span>
          <Button small onClick={() => setThank(false)} aria-label={t("desk.hold.dismiss")}>
            ✕
          </Button>
        </div>
      )}
      {error && <Alert tone="error">{error}</Alert>}
      <ConfirmDialog
        open={confirming}
        message={t(ordinal(interaction.holds + 1), { n: String(interaction.holds + 1) })}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          void hold(true);
        }}
      />
      <ConfirmDialog open={ending} message={t("desk.call.endConfirm")} onCancel={() => setEnding(false)} onConfirm={() => void end()} danger />
    </section>
  );
}
