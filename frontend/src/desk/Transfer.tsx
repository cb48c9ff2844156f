// Transfer the conversation to another queue: blind, whisper, consult or conference (the script's transfer step
// opens the form filled in). While a consult is under way: who answered, Hand over, Cancel transfer.
import { useEffect, useId, useState, type FormEvent } from "react";

import { useI18n } from "../shared/i18n";
import { useErrors } from "../shared/i18n/errors";
import type { MessageKey } from "../shared/i18n/en";
import { Alert, Button, SelectField } from "../shared/ui/components";
import { contactOf, deskApi, type DeskItem, type Interaction, type TransferMode } from "./api";

export const TRANSFER_MODES: TransferMode[] = ["blind", "consult", "conference", "whisper"];

/** What the script's transfer step asks for; `nonce` opens the form again for the same step. */
export type TransferPreset = { queue: string; mode: TransferMode; nonce: number };

/** Where a transferred conversation came from, as its timeline recorded it (null when it was not transferred). */
export type TransferOrigin = { from: string; agent: string; queue: string; mode: string; note: string };

export function transferOrigin(interaction: Interaction): TransferOrigin | null {
  const moment = interaction.timeline.find((entry) => entry.kind === "transferred-in");
  if (!moment) return null;
  const data = (moment.data ?? {}) as Record<string, unknown>;
  const text = (key: string) => (typeof data[key] === "string" ? (data[key] as string) : "");
  return {
    from: text("from"),
    agent: text("from_agent_name") || text("from_agent"),
    queue: text("from_queue"),
    mode: text("mode"),
    note: text("note"),
  };
}

export function asMode(value: string | null | undefined): TransferMode {
  return TRANSFER_MODES.includes(value as TransferMode) ? (value as TransferMode) : "blind";
}

/** Who transferred the call, from which queue, how, and their note, told to the one who receives it (the
 * offer and the caller card): "Anna, Complaints · whisper: …" and "From Anna: “…”". */
export function TransferredFrom({ origin, queueNames }: { origin: TransferOrigin; queueNames: Record<string, string> }) {
  const { t } = useI18n();
  const queue = queueNames[origin.queue] ?? origin.queue;
  const mode = t(receivedLabel(origin.mode));
  return (
    <>
      {origin.agent ? t("desk.transfer.fromText", { name: origin.agent, queue, mode }) : t("desk.transfer.fromQueueOnly", { queue, mode })}
      {origin.note && (
        <span className="desk-transfer-note-line" data-testid="transfer-note">
          {origin.agent ? t("desk.transfer.noteFrom", { name: origin.agent }) : t("desk.transfer.noteFromQueue", { queue })}{" "}
          <q className="desk-transfer-note">{origin.note}</q>
        </span>
      )}
    </>
  );
}

/** How the call was handed over, as the sender chooses it in the transfer form. */
export const modeLabel = (mode: string): MessageKey =>
  `desk.transfer.mode.${asMode(mode)}` as MessageKey;

/** How the call was handed over, as its receiver reads it. */
export const receivedLabel = (mode: string): MessageKey =>
  `desk.transfer.received.${asMode(mode)}` as MessageKey;

type Props = {
  item: DeskItem;
  queueNames: Record<string, string>;
  preset: TransferPreset | null;
  onChanged: () => void;
};

export function TransferPanel({ item, queueNames, preset, onChanged }: Props) {
  const { t } = useI18n();
  const { errorText } = useErrors();
  const contact = contactOf(item);
  const noteId = useId();
  const [open, setOpen] = useState(false);
  const [queue, setQueue] = useState("");
  const [mode, setMode] = useState<TransferMode>("blind");
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const own = item.interaction.queue_id ?? "";
  const targets = Object.entries(queueNames).filter(([id]) => id !== own);
  const leg = contact?.transfer_to ?? null;
  const chosen = queue || targets[0]?.[0] || ""; // the first other queue until the agent picks one

  useEffect(() => {
    if (!preset) return;
    setQueue(preset.queue);
    setMode(preset.mode);
    setOpen(true);
  }, [preset]);

  async function act(action: () => Promise<unknown>, after?: () => void) {
    setBusy(true);
    setError(null);
    try {
      await action();
      after?.();
      onChanged();
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!chosen) return;
    void act(
      () => deskApi.transfer(item.interaction.id, { queue: chosen, mode, note: note.trim() }),
      () => {
        setOpen(false);
        setNote("");
      },
    );
  }

  if (leg) {
    const target = queueNames[contact?.transfer_to_queue ?? ""] ?? contact?.transfer_to_queue ?? "";
    const answeredBy = contact?.transfer_answered_name || contact?.transfer_answered_by;
    const conference = contact?.transfer_mode === "conference";
    return (
      <section className="card desk-transfer" aria-label={t("desk.transfer.title")} data-testid="transfer-under-way">
        <p role="status">
          {answeredBy
            ? t("desk.transfer.answered", { name: answeredBy, queue: target })
            : t("desk.transfer.waiting", { queue: target })}
        </p>
        {error && <Alert tone="error">{error}</Alert>}
        <div className="row">
          <Button variant="primary" disabled={busy} onClick={() => void act(() => deskApi.handOver(item.interaction.id))}>
            {conference ? t("desk.transfer.leave") : t("desk.transfer.handOver")}
          </Button>
          <Button disabled={busy} onClick={() => void act(() => deskApi.cancelTransfer(item.interaction.id))}>
            {t("desk.transfer.takeBack")}
          </Button>
        </div>
      </section>
    );
  }

  if (!open) {
    return (
      <div className="row desk-transfer-open">
        <Button disabled={targets.length === 0} onClick={() => setOpen(true)} data-testid="transfer-open">
          ⇄ {t("desk.transfer.button")}
        </Button>
      </div>
    );
  }

  return (
    <section className="card desk-transfer" aria-label={t("desk.transfer.title")}>
      <form className="stack" onSubmit={submit} data-testid="transfer-form">
        <h3>{t("desk.transfer.title")}</h3>
        <SelectField
          label={t("desk.transfer.queue")}
          value={chosen}
          onChange={setQueue}
          options={targets.map(([id, name]) => ({ value: id, label: name }))}
        />
        <SelectField
          label={t("desk.transfer.how")}
          value={mode}
          onChange={(value) => setMode(asMode(value))}
          options={TRANSFER_MODES.map((value) => ({ value, label: t(modeLabel(value)) }))}
        />
        <div className="field">
          <label htmlFor={noteId}>{t("desk.transfer.note")}</label>
          <textarea id={noteId} rows={2} maxLength={500} value={note} onChange={(event) => setNote(event.target.value)} />
        </div>
        {error && <Alert tone="error">{error}</Alert>}
        <div className="row">
          <Button type="submit" variant="primary" disabled={busy || targets.length === 0}>
            {t("desk.transfer.submit")}
          </Button>
          <Button disabled={busy} onClick={() => setOpen(false)}>
            {t("desk.transfer.close")}
          </Button>
        </div>
      </form>
    </section>
  );
}
