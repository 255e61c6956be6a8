// Tests of the keyboard shortcuts on Windows and Linux, where Ctrl is the modifier, and on
// macOS, where Cmd is.

import { describe, expect, it } from "vitest";

import { commandFor, type KeyPress } from "./shortcuts";

type Modifiers = { ctrl?: boolean; meta?: boolean; shift?: boolean; alt?: boolean };

function press(key: string, mods: Modifiers = {}): KeyPress {
  return {
    key,
    ctrlKey: mods.ctrl ?? false,
    metaKey: mods.meta ?? false,
    shiftKey: mods.shift ?? false,
    altKey: mods.alt ?? false,
  };
}

const pc = (key: string, mods?: Modifiers) => commandFor(press(key, mods), false);
const mac = (key: string, mods?: Modifiers) => commandFor(press(key, mods), true);

describe("undo and redo", () => {
  it("undoes with Ctrl+Z, and with Cmd+Z on a Mac", () => {
    expect(pc("z", { ctrl: true })).toBe("undo");
    expect(mac("z", { meta: true })).toBe("undo");
  });

  it("ignores the other platform's modifier", () => {
    expect(pc("z", { meta: true })).toBeNull();
    expect(mac("z", { ctrl: true })).toBeNull();
    expect(mac("y", { ctrl: true })).toBeNull();
  });

  it("redoes with Ctrl+Shift+Z and Ctrl+Y", () => {
    expect(pc("Z", { ctrl: true, shift: true })).toBe("redo");
    expect(pc("y", { ctrl: true })).toBe("redo");
    expect(mac("Z", { meta: true, shift: true })).toBe("redo");
    expect(mac("y", { meta: true })).toBe("redo");
  });

  it("undoes with Caps Lock on, where the key comes upper case without Shift", () => {
    expect(pc("Z", { ctrl: true })).toBe("undo");
  });

  it("does nothing for Ctrl+Shift+Y, Ctrl+Alt+Z (AltGr) or a bare Z", () => {
    expect(pc("Y", { ctrl: true, shift: true })).toBeNull();
    expect(pc("z", { ctrl: true, alt: true })).toBeNull();
    expect(pc("z")).toBeNull();
  });
});

describe("zoom", () => {
  it("zooms with the modifier and =, +, -, 0 and 1", () => {
    expect(pc("=", { ctrl: true })).toBe("zoom-in");
    expect(pc("+", { ctrl: true, shift: true })).toBe("zoom-in");
    expect(pc("-", { ctrl: true })).toBe("zoom-out");
    expect(pc("0", { ctrl: true })).toBe("zoom-reset");
    expect(pc("1", { ctrl: true })).toBe("zoom-fit");
    expect(mac("=", { meta: true })).toBe("zoom-in");
    expect(mac("-", { meta: true })).toBe("zoom-out");
  });

  it("does not zoom on the bare keys", () => {
    expect(pc("=")).toBeNull();
    expect(pc("-")).toBeNull();
    expect(pc("0")).toBeNull();
  });
});

describe("the journey data panel", () => {
  it("opens and closes with Ctrl+Shift+M, and Cmd+Shift+M on a Mac", () => {
    expect(pc("M", { ctrl: true, shift: true })).toBe("journey-panel");
    expect(mac("M", { meta: true, shift: true })).toBe("journey-panel");
  });

  it("leaves Ctrl+M and a bare M alone", () => {
    expect(pc("m", { ctrl: true })).toBeNull();
    expect(pc("M", { shift: true })).toBeNull();
  });
});

describe("export", () => {
  it("opens the export dialog with Ctrl+E, and Cmd+E on a Mac", () => {
    expect(pc("e", { ctrl: true })).toBe("export");
    expect(mac("e", { meta: true })).toBe("export");
    expect(pc("E", { ctrl: true, shift: true })).toBeNull();
    expect(pc("e")).toBeNull();
  });
});

describe("duplicate", () => {
  it("duplicates the selection with Ctrl+D, and Cmd+D on a Mac", () => {
    expect(pc("d", { ctrl: true })).toBe("duplicate");
    expect(mac("d", { meta: true })).toBe("duplicate");
    expect(pc("D", { ctrl: true, shift: true })).toBeNull();
    expect(pc("d")).toBeNull();
  });
});

describe("find", () => {
  it("finds a card with Ctrl+F, and Cmd+F on a Mac", () => {
    expect(pc("f", { ctrl: true })).toBe("find");
    expect(mac("f", { meta: true })).toBe("find");
    expect(pc("f")).toBeNull();
  });
});

describe("copy and paste", () => {
  it("copies a card with Ctrl+C and pastes it with Ctrl+V, Cmd on a Mac", () => {
    expect(pc("c", { ctrl: true })).toBe("copy");
    expect(pc("v", { ctrl: true })).toBe("paste");
    expect(mac("c", { meta: true })).toBe("copy");
    expect(mac("v", { meta: true })).toBe("paste");
    expect(pc("v", { ctrl: true, shift: true })).toBeNull();
  });
});

describe("keys without a modifier", () => {
  it("deletes with Delete and Backspace", () => {
    expect(pc("Delete")).toBe("delete");
    expect(pc("Backspace")).toBe("delete");
    expect(mac("Backspace")).toBe("delete");
  });

  it("edits with Enter and F2, and cancels with Escape", () => {
    expect(pc("Enter")).toBe("edit");
    expect(pc("F2")).toBe("edit");
    expect(pc("Escape")).toBe("cancel");
  });

  it("moves with the arrow keys", () => {
    expect(pc("ArrowLeft")).toBe("left");
    expect(pc("ArrowRight")).toBe("right");
    expect(pc("ArrowUp")).toBe("up");
    expect(mac("ArrowDown")).toBe("down");
  });

  it("does nothing for other keys", () => {
    expect(pc("a")).toBeNull();
    expect(pc("Tab")).toBeNull();
  });
});

describe("modifiers that mean nothing", () => {
  it("turn a plain key into nothing", () => {
    expect(pc("Delete", { ctrl: true })).toBeNull();
    expect(pc("Enter", { ctrl: true })).toBeNull();
    expect(pc("ArrowLeft", { alt: true })).toBeNull();
    expect(mac("ArrowUp", { meta: true })).toBeNull();
    expect(mac("Backspace", { ctrl: true })).toBeNull();
  });

  it("leave other modifier keys to the system", () => {
    expect(pc("s", { ctrl: true })).toBeNull();
    expect(mac("w", { meta: true })).toBeNull();
  });
});
