// A modal dialog: a backdrop over the window, the focus kept inside, Escape and Enter handed
// to the dialog, and the focus given back to where it was when the dialog closes.

import { useEffect, useRef, type KeyboardEvent, type ReactNode } from "react";
import { focusables, wrapFocus } from "../focus";

type Props = {
  label: string;
  testId: string;
  className?: string;
  /** Escape; a child that uses Escape itself (an open list) stops it first. */
  onEscape: () => void;
  /** Enter outside buttons, links and text areas, which use it themselves. */
  onEnter?: () => void;
  children: ReactNode;
};

export function Modal({ label, testId, className, onEscape, onEnter, children }: Props) {
  const dialog = useRef<HTMLDivElement>(null);
  const escape = useRef(onEscape);
  escape.current = onEscape;

  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const root = dialog.current;
    if (root && !root.contains(document.activeElement)) root.focus();
    return () => {
      if (before?.isConnected) before.focus();
    };
  }, []);

  // A focused button that becomes disabled drops the focus to the page, where keys would reach
  // the map behind the dialog; they come back to the dialog instead.
  useEffect(() => {
    function onStrayKey(event: globalThis.KeyboardEvent) {
      const root = dialog.current;
      if (!root || root.contains(event.target as Node)) return;
      event.preventDefault();
      event.stopPropagation();
      root.focus();
      if (event.key === "Escape") escape.current();
    }
    window.addEventListener("keydown", onStrayKey, true);
    return () => window.removeEventListener("keydown", onStrayKey, true);
  }, []);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key === "Escape") {
      event.preventDefault();
      onEscape();
    } else if (event.key === "Tab" && dialog.current) {
      const elements = focusables(dialog.current);
      const current = elements.indexOf(document.activeElement as HTMLElement);
      const next = wrapFocus(current, elements.length, event.shiftKey);
      if (next !== null) {
        event.preventDefault();
        elements[next]?.focus();
      }
    } else if (event.key === "Enter" && onEnter && !event.shiftKey) {
      const target = event.target as HTMLElement;
      if (target.closest("button, a, textarea")) return;
      event.preventDefault();
      onEnter();
    }
  }

  return (
    <div className="dialog-backdrop">
      <div
        ref={dialog}
        role="dialog"
        aria-modal="true"
        aria-label={label}
        className={className ? `dialog ${className}` : "dialog"}
        data-testid={testId}
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        {children}
      </div>
    </div>
  );
}
