// Notes on the interaction: saved by themselves a moment after typing stops, and kept in the browser until the
// server has them (a reload mid-sentence keeps them). Once saved, the server's copy is the truth.
import { useCallback, useEffect, useId, useRef, useState } from "react";

import { useI18n } from "../shared/i18n";
import { useErrors } from "../shared/i18n/errors";
import { deskApi, type Interaction } from "./api";
import { clearNotesDraft, loadNotesDraft, saveNotesDraft } from "./storage";

export type NotesStatus = "saved" | "unsaved" | "saving" | "error";
export type Notes = { text: string; status: NotesStatus; error: string | null; change: (text: string) => void };

const SAVE_AFTER_MS = 800;

export function useNotes(
  interactionId: string,
  serverNotes: string,
  options: { autosave: boolean; onSaved?: (interaction: Interaction) => void },
): Notes {
  const { autosave, onSaved } = options;
  const [initial] = useState(() => {
    const draft = loadNotesDraft(interactionId);
    return draft !== null && draft !== serverNotes ? draft : null;
  });
  const [text, setText] = useState(initial ?? serverNotes);
  const [status, setStatus] = useState<NotesStatus>(initial === null ? "saved" : "unsaved");
  const [error, setError] = useState<string | null>(null);
  const { errorText } = useErrors();
  const dirty = useRef(initial !== null);
  const latest = useRef(text);
  const saved = useRef(onSaved);
  saved.current = onSaved;

  useEffect(() => {
    if (!dirty.current) {
      setText(serverNotes); // someone else's change (or a reload) while nothing is being typed here
      latest.current = serverNotes;
    }
  }, [serverNotes]);

  const save = useCallback(async () => {
    const sending = latest.current;
    setStatus("saving");
    try {
      const out = await deskApi.notes(interactionId, sending);
      clearNotesDraft(interactionId, sending);
      if (latest.current === sending) {
        dirty.current = false;
        setStatus("saved");
        setError(null);
      }
      saved.current?.(out);
    } catch (caught) {
      setStatus("error");
      setError(errorText(caught));
    }
  }, [interactionId, errorText]);

  useEffect(() => {
    if (!autosave || !dirty.current) return;
    const timer = setTimeout(() => void save(), SAVE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [text, autosave, save]);

  const change = useCallback(
    (next: string) => {
      dirty.current = true;
      latest.current = next;
      setText(next);
      setStatus("unsaved");
      saveNotesDraft(interactionId, next);
    },
    [interactionId],
  );

  return { text, status, error, change };
}

export function NotesBox({ notes, hint }: { notes: Notes; hint?: string }) {
  const { t } = useI18n();
  const id = useId();
  const statusText = {
    saved: t("desk.notes.saved"),
    unsaved: t("desk.notes.unsaved"),
    saving: t("desk.notes.saving"),
    error: t("desk.notes.error", { detail: notes.error ?? "" }),
  }[notes.status];
  return (
    <div className="field desk-notes">
      <label htmlFor={id}>{t("desk.notes.title")}</label>
      <textarea
        id={id}
        rows={5}
        maxLength={10_000}
        value={notes.text}
        aria-describedby={`${id}-status`}
        onChange={(event) => notes.change(event.target.value)}
        data-testid="notes"
      />
      <span id={`${id}-status`} className={notes.status === "error" ? "error" : "help"} data-testid="notes-status" aria-live="polite">
        {hint ?? statusText}
      </span>
    </div>
  );
}
