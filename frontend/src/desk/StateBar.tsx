// The agent's state with the time in it, and the buttons that change it (ready, not ready with a reason, offline).
import { useEffect, useId, useState } from "react";

import { useI18n } from "../shared/i18n";
import { useErrors } from "../shared/i18n/errors";
import { Alert, Button } from "../shared/ui/components";
import { deskApi, type DeskOut, type Presence } from "./api";
import { formatTimer, secondsSince } from "../shared/format";
import { stateStart } from "./format";
import { REASONS, reasonLabel, stateLabel } from "./labels";

const TONES: Record<string, string> = {
  ready: "ok",
  "not-ready": "warn",
  offline: "off",
  offered: "offered",
  busy: "busy",
  "wrap-up": "warn",
};

export function ReasonSelect({ value, onChange, label }: { value: string; onChange: (value: string) => void; label: string }) {
  const { t } = useI18n();
  return (
    <select className="inline" aria-label={label} value={value} onChange={(event) => onChange(event.target.value)}>
      {REASONS.map((reason) => (
        <option key={reason} value={reason}>
          {reasonLabel(t, reason)}
        </option>
      ))}
    </select>
  );
}

type NotReadyProps = {
  label: string;
  reason: string;
  onReason: (reason: string) => void;
  onClick: () => void;
  disabled?: boolean;
};

/** "Not ready" with its reason after it, the two framed as one control: the reason never sits between the
 * Ready and Not ready buttons, and reads as belonging to Not ready. */
export function NotReadyButton({ label, reason, onReason, onClick, disabled }: NotReadyProps) {
  const { t } = useI18n();
  return (
    <span className="desk-not-ready" role="group" aria-label={label}>
      <Button disabled={disabled} onClick={onClick}>{label}</Button>
      <span className="desk-reason">
        <span className="muted small" aria-hidden="true">{t("desk.reason")}</span>
        <ReasonSelect label={t("desk.reason")} value={reason} onChange={onReason} />
      </span>
    </span>
  );
}

type Props = { desk: DeskOut; now: number; skew: number; onChanged: () => void };

export function StateBar({ desk, now, skew, onChanged }: Props) {
  const { t } = useI18n();
  const { errorText } = useErrors();
  const [reason, setReason] = useState<string>("break");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const titleId = useId();
  useEffect(() => {
    if (!note) return;
    const timer = setTimeout(() => setNote(null), 6000);
    return () => clearTimeout(timer);
  }, [note]);
  const since = secondsSince(stateStart(desk.state_since), now, skew);

  async function act(action: () => Promise<unknown>, done?: string) {
    setBusy(true);
    setError(null);
    setNote(null);
    try {
      await action();
      if (done) setNote(done);
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
      onChanged();
    }
  }

  const set = (state: Presence, why?: string) => act(() => deskApi.setState(state, why));
  return (
    <section className="card desk-state" aria-labelledby={titleId} data-testid="desk-state">
      <div className="desk-state-now">
        <span className="muted small" id={titleId}>{t("desk.myState")}</span>
        <span className={`desk-state-badge tone-${TONES[desk.state] ?? "off"}`} data-testid="agent-state">
          {stateLabel(t, desk.state)}
          {desk.state === "not-ready" && desk.reason ? ` · ${reasonLabel(t, desk.reason)}` : ""}
        </span>
        {since !== null && (
          <span className="desk-timer" aria-label={t("desk.timeInState")} title={t("desk.timeInState")}>{formatTimer(since)}</span>
        )}
      </div>
      <div className="row desk-state-actions">
        <Button variant={desk.state === "not-ready" || desk.state === "offline" ? "primary" : undefined} disabled={busy || desk.state === "ready"} onClick={() => void set("ready")}>
          {t("desk.goReady")}
        </Button>
        <NotReadyButton label={t("desk.goNotReady")} reason={reason} onReason={setReason} disabled={busy}
          onClick={() => void set("not-ready", reason)} />
        <Button disabled={busy || desk.state === "offline"} onClick={() => void set("offline")}>{t("desk.goOffline")}</Button>
        {desk.demo_contacts && (
          <Button className="desk-demo" disabled={busy} onClick={() => void act(() => deskApi.demoContact(), t("desk.demoCreated"))}>
            {t("desk.demoContact")}
          </Button>
        )}
      </div>
      {error && <Alert tone="error">{error}</Alert>}
      {note && <p className="muted small desk-state-note" role="status">{note}</p>}
    </section>
  );
}
