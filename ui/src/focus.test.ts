// Tests of how Tab wraps around inside a dialog.

import { describe, expect, it } from "vitest";

import { wrapFocus } from "./focus";

describe("wrapping the focus", () => {
  it("goes from the last element to the first, and back", () => {
    expect(wrapFocus(3, 4, false)).toBe(0);
    expect(wrapFocus(0, 4, true)).toBe(3);
  });

  it("leaves moves inside the dialog to the browser", () => {
    expect(wrapFocus(1, 4, false)).toBeNull();
    expect(wrapFocus(2, 4, true)).toBeNull();
  });

  it("brings a focus that got out back in", () => {
    expect(wrapFocus(-1, 4, false)).toBe(0);
    expect(wrapFocus(-1, 4, true)).toBe(3);
  });

  it("does nothing without anything to focus", () => {
    expect(wrapFocus(-1, 0, false)).toBeNull();
  });
});
