//! The native menu. Choosing an item sends a `menu` event with the item's id to the front end,
//! which does the same as its own buttons and shortcuts do; the menu has no logic of its own.

use std::path::PathBuf;

use tauri::menu::{Menu, MenuBuilder, MenuEvent, MenuItemBuilder, SubmenuBuilder};
use tauri::{AppHandle, Emitter, Wry};
use waymark_core::edit::HistoryState;

/// The event the front end listens to; its payload is the menu item's id.
pub const MENU_EVENT: &str = "menu";

/// Builds the menu and sets it on the app.
pub fn install(app: &AppHandle) -> tauri::Result<()> {
    let menu = build(app, &HistoryState::default(), &[])?;
    app.set_menu(menu)?;
    Ok(())
}

/// Rebuilds the menu so that Undo and Redo name what they would do and Open Recent lists the
/// recent documents.
pub fn update(app: &AppHandle, history: &HistoryState, recent: &[PathBuf]) {
    let result = build(app, history, recent).and_then(|menu| app.set_menu(menu).map(|_| ()));
    if let Err(err) = result {
        tracing::warn!("could not update the menu: {err}");
    }
}

fn build(app: &AppHandle, history: &HistoryState, recent: &[PathBuf]) -> tauri::Result<Menu<Wry>> {
    let mut open_recent = SubmenuBuilder::new(app, "Open Recent");
    for (index, path) in recent.iter().enumerate() {
        let label = path.display().to_string();
        open_recent = open_recent
            .item(&MenuItemBuilder::with_id(format!("recent:{index}"), label).build(app)?);
    }
    if recent.is_empty() {
        open_recent = open_recent.item(
            &MenuItemBuilder::new("No recent documents")
                .enabled(false)
                .build(app)?,
        );
    }
    let file = SubmenuBuilder::new(app, "File")
        .item(&item(app, "new-document", "New Document…", "CmdOrCtrl+N")?)
        .item(&item(app, "new-map", "New Map…", "CmdOrCtrl+Shift+N")?)
        .item(&item(app, "open", "Open…", "CmdOrCtrl+O")?)
        .item(&open_recent.build()?)
        .separator()
        .item(&item(
            app,
            "save-as",
            "Save a Copy As…",
            "CmdOrCtrl+Shift+S",
        )?)
        .item(&item(app, "close", "Close", "CmdOrCtrl+W")?)
        .separator()
        .item(&item(app, "quit", "Quit", "CmdOrCtrl+Q")?)
        .build()?;
    let undo_label = history
        .undo
        .as_ref()
        .map_or("Undo".into(), |l| format!("Undo {l}"));
    let redo_label = history
        .redo
        .as_ref()
        .map_or("Redo".into(), |l| format!("Redo {l}"));
    let edit = SubmenuBuilder::new(app, "Edit")
        .item(
            &MenuItemBuilder::with_id("undo", undo_label)
                .accelerator("CmdOrCtrl+Z")
                .enabled(history.undo.is_some())
                .build(app)?,
        )
        .item(
            &MenuItemBuilder::with_id("redo", redo_label)
                .accelerator("CmdOrCtrl+Shift+Z")
                .enabled(history.redo.is_some())
                .build(app)?,
        )
        .build()?;
    MenuBuilder::new(app).item(&file).item(&edit).build()
}

fn item(
    app: &AppHandle,
    id: &str,
    label: &str,
    accelerator: &str,
) -> tauri::Result<tauri::menu::MenuItem<Wry>> {
    MenuItemBuilder::with_id(id, label)
        .accelerator(accelerator)
        .build(app)
}

/// Forwards a chosen menu item to the front end; Quit is the one item handled here.
pub fn on_event(app: &AppHandle, event: MenuEvent) {
    let id = event.id().as_ref().to_string();
    if id == "quit" {
        tracing::info!("quit from the menu");
        app.exit(0);
        return;
    }
    if let Err(err) = app.emit(MENU_EVENT, id) {
        tracing::warn!("could not forward a menu choice: {err}");
    }
}
