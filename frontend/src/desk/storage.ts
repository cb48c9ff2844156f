// What the desk keeps in the browser until the server has it: unsaved notes, and wrap-ups whose time ran out.
import type { DeskItem } from "./api";

const notesKey = (interactionId: string) => `parley.desk.notes.${interactionId}`;
const lateKey = (userId: number) => `parley.desk.late.${userId}`;

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // storage full or blocked: the server copy is still saved on the next autosave
  }
}

export function loadNotesDraft(interactionId: string): string | null {
  return read(notesKey(interactionId));
}

export function saveNotesDraft(interactionId: string, text: string): void {
  write(notesKey(interactionId), text);
}

/** Forgets the draft once the server has it; a draft typed on since (different text) is kept. */
export function clearNotesDraft(interactionId: string, saved?: string): void {
  if (saved === undefined || read(notesKey(interactionId)) === saved) write(notesKey(interactionId), null);
}

/** A wrap-up the agent has not finished when its time ran out (the server closed the interaction). */
export type LateWrapUp = {
  id: string;
  subject: string;
  from: string;
  outcome: string | null;
  outcomeLabel: string | null;
  notes: string;
};

export function lateFromItem(item: DeskItem): LateWrapUp {
  const view = item.run?.view;
  return {
    id: item.interaction.id,
    subject: item.interaction.subject,
    from: item.customer?.name || item.interaction.from,
    outcome: item.interaction.outcome ?? (view?.finished ? view.outcome : null),
    outcomeLabel: view?.finished ? view.outcome_label : null,
    notes: item.interaction.notes,
  };
}

export function loadLate(userId: number): LateWrapUp[] {
  try {
    const parsed: unknown = JSON.parse(read(lateKey(userId)) ?? "[]");
    return Array.isArray(parsed) ? (parsed as LateWrapUp[]).filter((entry) => typeof entry?.id === "string") : [];
  } catch {
    return [];
  }
}

export function saveLate(userId: number, late: LateWrapUp[]): void {
  write(lateKey(userId), late.length ? JSON.stringify(late) : null);
}
