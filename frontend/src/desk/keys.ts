// Page shortcuts (A/Enter accept, D decline, 1–9 answer) must not fire while the agent types or uses a control.

/** Whether a key press belongs to something being typed or a focused control, not to a page shortcut. */
export function typing(target: EventTarget | null, key: string): boolean {
  const element = target as HTMLElement | null;
  if (!element || typeof element.closest !== "function") return false;
  if (element.closest("input, textarea, select, [contenteditable='true'], dialog[open]")) return true;
  return key === "Enter" && element.closest("button, a, summary") !== null;
}
