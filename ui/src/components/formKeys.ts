// Keys of a small form in the side panel: Enter saves and Escape cancels, from anywhere in it
// but its buttons and multi-line fields, without reaching the canvas's shortcuts.

import type { KeyboardEvent } from "react";

export function formKeys(save: () => void, cancel: () => void) {
  return (event: KeyboardEvent<HTMLElement>) => {
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      cancel();
    } else if (event.key === "Enter" && !event.shiftKey) {
      if ((event.target as HTMLElement).closest("button, textarea")) return;
      event.preventDefault();
      event.stopPropagation();
      save();
    }
  };
}
