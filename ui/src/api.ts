// The front end's door to the app: the generated commands, the menu event, and the system's
// file dialogs.

import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { ask, open, save } from "@tauri-apps/plugin-dialog";

export * from "./bindings";

const FILTERS = [{ name: "Waymark document", extensions: ["waymark"] }];

/** Calls `handler` with the id of each menu item the user chooses. */
export function onMenu(handler: (id: string) => void): Promise<UnlistenFn> {
  return listen<string>("menu", (event) => handler(event.payload));
}

/** Asks for a document to open; null when the user cancels. */
export async function pickDocument(): Promise<string | null> {
  const picked = await open({ multiple: false, directory: false, filters: FILTERS });
  return typeof picked === "string" ? picked : null;
}

/** Asks where to write a document; null when the user cancels. */
export async function pickTarget(title: string, defaultPath: string): Promise<string | null> {
  return save({ title, defaultPath, filters: FILTERS });
}

/** Asks a yes-or-no question with a destructive yes. */
export function confirmDanger(message: string, title: string, okLabel: string): Promise<boolean> {
  return ask(message, { title, kind: "warning", okLabel, cancelLabel: "Cancel" });
}
