// Edits of the email markup the toolbar makes (the server renders it: scripts/markup.py). Each takes the
// text and the selection and returns the new text with the selection to restore, so undo stays the browser's.

export type Edit = { text: string; start: number; end: number };

/** `**bold**` or `*italic*` around the selection; with nothing selected, around a word to type over. */
export function wrap(text: string, start: number, end: number, marker: string, placeholder: string): Edit {
  const selected = text.slice(start, end);
  // Spaces stay outside the markers: `** word**` would not be bold.
  const lead = selected.length - selected.trimStart().length;
  const trail = selected.length - selected.trimEnd().length;
  const inner = selected.trim() || placeholder;
  const before = text.slice(0, start) + selected.slice(0, lead);
  const after = selected.slice(selected.length - trail) + text.slice(end);
  const starsBefore = before.length - before.replace(/\*+$/, "").length;
  const starsAfter = after.length - after.replace(/^\*+/, "").length;
  // `***word***` is bold and italic: bold is the pair of stars, italic the odd one.
  const wrapped = marker === "**" ? starsBefore >= 2 && starsAfter >= 2 : starsBefore % 2 === 1 && starsAfter % 2 === 1;
  if (wrapped && selected.trim()) {
    // Already wrapped: the same button takes the markers off again.
    const unwrapped = before.slice(0, -marker.length) + inner + after.slice(marker.length);
    const from = before.length - marker.length;
    return { text: unwrapped, start: from, end: from + inner.length };
  }
  const from = before.length + marker.length;
  return { text: before + marker + inner + marker + after, start: from, end: from + inner.length };
}

/** The selected lines (or the caret's line) made a bulleted or numbered list, or plain again if they are. */
export function toggleList(text: string, start: number, end: number, ordered: boolean): Edit {
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  const lineEndAt = text.indexOf("\n", Math.max(end - (end > start && text[end - 1] === "\n" ? 1 : 0), start));
  const lineEnd = lineEndAt === -1 ? text.length : lineEndAt;
  const lines = text.slice(lineStart, lineEnd).split("\n");
  const marker = ordered ? /^(\s*)\d{1,9}[.)]\s+/ : /^(\s*)[-*+]\s+/;
  const listed = lines.filter((line) => line.trim()).every((line) => marker.test(line));
  let number = 0;
  const changed = lines.map((line) => {
    if (!line.trim()) return line;
    if (listed) return line.replace(marker, "$1");
    const bare = line.replace(/^(\s*)(?:[-*+]|\d{1,9}[.)])\s+/, "$1");
    const indent = bare.length - bare.trimStart().length;
    number += 1;
    return bare.slice(0, indent) + (ordered ? `${number}. ` : "- ") + bare.slice(indent);
  });
  const block = changed.join("\n");
  return { text: text.slice(0, lineStart) + block + text.slice(lineEnd), start: lineStart, end: lineStart + block.length };
}

/** Whether the email keeps this address as a link (the same rule as the server's). */
export function isLinkAddress(address: string): boolean {
  const url = address.trim();
  if (!/^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+$/.test(url)) return false;
  if (/^mailto:[^@\s/]+@[^@\s/]+$/i.test(url)) return true;
  return /^https?:\/\/[^/?#]/i.test(url);
}

/** `[label](address)` for the selection (or the address itself as the label). */
export function insertLink(text: string, start: number, end: number, address: string): Edit {
  const url = address.trim();
  const selected = text.slice(start, end).trim();
  const label = (selected || url.replace(/^mailto:/i, "")).replace(/([[\]\\])/g, "\\$1");
  const link = `[${label}](${url})`;
  return { text: text.slice(0, start) + link + text.slice(end), start: start + 1, end: start + 1 + label.length };
}
