// The canvas draws with the same font files the core measures text with, so that every line
// the core wrapped fits exactly as it did there.

import regular from "../../crates/waymark-core/fonts/DejaVuSans.ttf?url";
import bold from "../../crates/waymark-core/fonts/DejaVuSans-Bold.ttf?url";

/** The family name the scene's text is drawn in; the core uses the same. */
export const FONT_FAMILY = "Waymark Sans";

export function installFonts(): void {
  const style = document.createElement("style");
  style.textContent = `
    @font-face { font-family: "${FONT_FAMILY}"; src: url("${regular}"); font-weight: 400; }
    @font-face { font-family: "${FONT_FAMILY}"; src: url("${bold}"); font-weight: 700; }
  `;
  document.head.appendChild(style);
}
