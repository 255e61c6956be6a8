// A text field laid over the scene where the edited text is drawn.

import { useEffect, useRef, useState } from "react";
import type { Rect } from "../bindings";
import { FONT_FAMILY } from "../fonts";

type Props = {
  rect: Rect;
  zoom: number;
  initial: string;
  multiline: boolean;
  bold: boolean;
  onCommit: (text: string) => void;
  onCancel: () => void;
};

/**
 * Enter commits (Shift+Enter starts a new line in a card), Escape cancels, and leaving the
 * field commits, so nothing typed is lost by clicking elsewhere.
 */
export function Editor({ rect, zoom, initial, multiline, bold, onCommit, onCancel }: Props) {
  const field = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState(initial);
  const done = useRef(false);

  useEffect(() => {
    const el = field.current!;
    el.focus();
    el.select();
  }, []);

  useEffect(() => {
    const el = field.current!;
    el.style.height = "auto";
    el.style.height = `${Math.max(rect.height * zoom, el.scrollHeight)}px`;
  }, [text, rect.height, zoom]);

  function finish(commit: boolean) {
    if (done.current) return;
    done.current = true;
    if (commit) onCommit(text);
    else onCancel();
  }

  return (
    <textarea
      ref={field}
      data-testid="editor"
      className="editor"
      value={text}
      rows={1}
      spellCheck
      style={{
        left: rect.x * zoom,
        top: rect.y * zoom,
        width: rect.width * zoom,
        fontSize: (bold ? 14 : 12.5) * zoom,
        fontWeight: bold ? 700 : 400,
        fontFamily: FONT_FAMILY,
        textAlign: bold && !multiline ? "center" : "left",
      }}
      onChange={(event) =>
        setText(multiline ? event.target.value : event.target.value.replace(/\n/g, " "))
      }
      onKeyDown={(event) => {
        event.stopPropagation();
        if (event.key === "Escape") {
          event.preventDefault();
          finish(false);
        } else if (event.key === "Enter" && !(multiline && event.shiftKey)) {
          event.preventDefault();
          finish(true);
        }
      }}
      onBlur={() => finish(true)}
      onPointerDown={(event) => event.stopPropagation()}
      onDoubleClick={(event) => event.stopPropagation()}
    />
  );
}
