// Keyboard shortcuts of the window, as plain data so that they can be tested and listed.

export type Command =
  | "undo"
  | "redo"
  | "delete"
  | "edit"
  | "cancel"
  | "zoom-in"
  | "zoom-out"
  | "zoom-reset"
  | "zoom-fit"
  | "journey-panel"
  | "export"
  | "duplicate"
  | "find"
  | "copy"
  | "paste"
  | "left"
  | "right"
  | "up"
  | "down";

export type KeyPress = {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
};

/**
 * The command a key press means on the canvas, or null. `mac` chooses Cmd over Ctrl as the
 * modifier. Typing in a text field is not routed here at all.
 */
export function commandFor(press: KeyPress, mac: boolean): Command | null {
  const mod = mac ? press.metaKey : press.ctrlKey;
  const key = press.key.length === 1 ? press.key.toLowerCase() : press.key;
  if (mod && !press.altKey) {
    if (key === "z") return press.shiftKey ? "redo" : "undo";
    if (key === "y" && !press.shiftKey) return "redo";
    if (key === "=" || key === "+") return "zoom-in";
    if (key === "-") return "zoom-out";
    if (key === "0") return "zoom-reset";
    if (key === "1") return "zoom-fit";
    if (key === "m" && press.shiftKey) return "journey-panel";
    if (key === "e" && !press.shiftKey) return "export";
    if (key === "d" && !press.shiftKey) return "duplicate";
    if (key === "f" && !press.shiftKey) return "find";
    if (key === "c" && !press.shiftKey) return "copy";
    if (key === "v" && !press.shiftKey) return "paste";
    return null;
  }
  if (press.altKey || press.ctrlKey || press.metaKey) return null;
  switch (key) {
    case "Delete":
    case "Backspace":
      return "delete";
    case "Enter":
    case "F2":
      return "edit";
    case "Escape":
      return "cancel";
    case "ArrowLeft":
      return "left";
    case "ArrowRight":
      return "right";
    case "ArrowUp":
      return "up";
    case "ArrowDown":
      return "down";
    default:
      return null;
  }
}
