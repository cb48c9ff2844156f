// One contact being worked: the call controls and the script on the left, the caller card and notes on the right;
// in wrap-up, the wrap-up form takes the script's place.
import { useState } from "react";

import { useI18n } from "../shared/i18n";
import type { DeskItem } from "./api";
import { contactOf } from "./api";
import { CallBar } from "./CallBar";
import { CallerCard } from "./CallerCard";
import { EmailList } from "./EmailOffer";
import { NotesBox, useNotes } from "./Notes";
import { ScriptPanel } from "./ScriptPanel";
import { asMode, TransferPanel, type TransferPreset } from "./Transfer";
import type { Desk } from "./useDesk";
import { WrapUp, type WrapUpTarget } from "./WrapUp";

type Props = { item: DeskItem; desk: Desk; now: number };

export function wrapUpTarget(item: DeskItem): WrapUpTarget {
  const view = item.run?.view;
  const recorded = item.interaction.outcome;
  const scriptLabel = (value: string) =>
    (view?.outcome === value && view.outcome_label) || (item.outcomes ?? []).find((entry) => entry.id === value)?.label || null;
  // The script's outcome, preselected as such; else what the interaction has (e.g. "transferred"), preselected
  // among the common outcomes: the form never shows "no outcome" while the server keeps one.
  const outcome = view?.finished && view.outcome ? view.outcome : recorded && scriptLabel(recorded) ? recorded : null;
  return {
    id: item.interaction.id,
    subject: item.interaction.subject,
    from: item.customer?.name || item.interaction.from,
    wrapUntil: contactOf(item)?.wrap_until ?? null,
    outcome: outcome ? { value: outcome, label: scriptLabel(outcome) ?? outcome } : null,
    recorded: outcome ? null : recorded,
    scriptOutcomes: (item.outcomes ?? []).map((entry) => ({ value: entry.id, label: entry.label })),
    notes: item.interaction.notes,
    late: false,
  };
}

function TalkNotes({ item, desk }: { item: DeskItem; desk: Desk }) {
  const notes = useNotes(item.interaction.id, item.interaction.notes, { autosave: true, onSaved: desk.applyInteraction });
  return (
    <section className="card">
      <NotesBox notes={notes} />
    </section>
  );
}

export function WorkItem({ item, desk, now }: Props) {
  const { t } = useI18n();
  const id = item.interaction.id;
  const queueName = desk.queueNames[item.interaction.queue_id ?? ""] ?? item.interaction.queue_id ?? "–";
  const wrapping = item.interaction.phase === "wrap-up";
  const [preset, setPreset] = useState<TransferPreset | null>(null);
  return (
    <div className="desk-work" data-testid="work-item" aria-label={t("desk.work.title", { who: item.customer?.name || item.interaction.from })}>
      <div className="desk-main stack">
        {wrapping ? (
          <WrapUp
            key={id}
            target={wrapUpTarget(item)}
            now={now}
            skew={desk.skew}
            onSaved={desk.applyInteraction}
            onDone={(done) => {
              desk.finished(done);
              desk.reload();
            }}
          />
        ) : (
          <>
            <CallBar item={item} now={now} skew={desk.skew} onInteraction={desk.applyInteraction} onChanged={() => desk.reload()} />
            <TransferPanel item={item} queueNames={desk.queueNames} preset={preset} onChanged={() => desk.reload()} />
            <ScriptPanel
              item={item}
              placed={desk.placed[id] ?? {}}
              onItem={desk.applyItem}
              onChanged={() => desk.reload()}
              queueNames={desk.queueNames}
              onTransfer={
                contactOf(item)?.transfer_to ? undefined : (queue, mode) => setPreset({ queue, mode: asMode(mode), nonce: Date.now() })
              }
            />
          </>
        )}
        <EmailList interactionId={id} emails={item.emails} onChanged={() => desk.reload()} />
      </div>
      <div className="desk-side stack">
        <CallerCard item={item} queueName={queueName} queueNames={desk.queueNames} />
        {!wrapping && <TalkNotes key={id} item={item} desk={desk} />}
      </div>
    </div>
  );
}
