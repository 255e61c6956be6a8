// Keeping the keyboard inside a modal dialog: which elements take the focus, and where Tab
// goes from the first and the last of them.

/** What Tab can reach inside a dialog. */
export const FOCUSABLE = [
  "button:not(:disabled)",
  "input:not(:disabled):not([type=hidden])",
  "select:not(:disabled)",
  "textarea:not(:disabled)",
  "a[href]",
  "[tabindex]:not([tabindex='-1'])",
].join(", ");

/**
 * Where Tab (or Shift+Tab, with `backwards`) must send the focus so that it stays among
 * `count` elements, given the index of the focused one (-1 when the focus is elsewhere).
 * Null when the browser's own move already stays inside.
 */
export function wrapFocus(current: number, count: number, backwards: boolean): number | null {
  if (count === 0) return null;
  if (current < 0) return backwards ? count - 1 : 0;
  if (backwards && current === 0) return count - 1;
  if (!backwards && current === count - 1) return 0;
  return null;
}

/** The elements of `root` Tab can reach, in document order, leaving out hidden ones. */
export function focusables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (element) => element.getClientRects().length > 0,
  );
}
