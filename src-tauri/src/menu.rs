//! The native menu. Choosing an item sends a `menu` event with the item's id to the front end,
//! which does the same as its own buttons and shortcuts do; the menu has no logic of its own.

use std::path::PathBuf;
use std::sync::Mutex;

use tauri::menu::{
    IsMenuItem, MenuBuilder, MenuEvent, MenuItem, MenuItemBuilder, Submenu, SubmenuBuilder,
};
use tauri::{AppHandle, Emitter, Manager, Wry};
use waymark_core::edit::HistoryState;

/// The event the front end listens to; its payload is the menu item's id.
pub const MENU_EVENT: &str = "menu";

/// The items whose text or content follows the document.
struct Handles {
    undo: MenuItem<Wry>,
    redo: MenuItem<Wry>,
    recent: Submenu<Wry>,
    /// What Open Recent lists now, to rebuild it only when that changes.
    listed: Mutex<Option<Vec<PathBuf>>>,
}

/// Builds the menu, sets it on the app and keeps the items that change.
pub fn install(app: &AppHandle) -> tauri::Result<()> {
    let undo = MenuItemBuilder::with_id("undo", "Undo")
        .accelerator("CmdOrCtrl+Z")
        .build(app)?;
    let redo = MenuItemBuilder::with_id("redo", "Redo")
        .accelerator("CmdOrCtrl+Shift+Z")
        .build(app)?;
    let recent = SubmenuBuilder::new(app, "Open Recent").build()?;
    let file = SubmenuBuilder::new(app, "File")
        .item(&item(app, "new-document", "New Document…", "CmdOrCtrl+N")?)
        .item(&item(app, "new-map", "New Map…", "CmdOrCtrl+Shift+N")?)
        .item(&item(app, "open", "Open…", "CmdOrCtrl+O")?)
        .item(&recent)
        .separator()
        .item(&item(app, "import", "Import Data…", "CmdOrCtrl+I")?)
        .item(&item(app, "imports", "Imported Data", "CmdOrCtrl+Shift+I")?)
        .separator()
        .item(&item(app, "export", "Export Map…", "CmdOrCtrl+E")?)
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
    let edit = SubmenuBuilder::new(app, "Edit")
        .item(&undo)
        .item(&redo)
        .build()?;
    app.set_menu(MenuBuilder::new(app).item(&file).item(&edit).build()?)?;
    app.manage(Handles {
        undo,
        redo,
        recent,
        listed: Mutex::new(None),
    });
    Ok(())
}

fn item(app: &AppHandle, id: &str, label: &str, keys: &str) -> tauri::Result<MenuItem<Wry>> {
    MenuItemBuilder::with_id(id, label)
        .accelerator(keys)
        .build(app)
}

/// Makes Undo and Redo name what they would do, and Open Recent list the recent documents.
pub fn update(app: &AppHandle, history: &HistoryState, recent: &[PathBuf]) {
    let Some(handles) = app.try_state::<Handles>() else {
        return;
    };
    if let Err(err) = update_items(app, &handles, history, recent) {
        tracing::warn!("could not update the menu: {err}");
    }
}

fn update_items(
    app: &AppHandle,
    handles: &Handles,
    history: &HistoryState,
    recent: &[PathBuf],
) -> tauri::Result<()> {
    let label = |verb: &str, what: &Option<String>| match what {
        Some(what) => format!("{verb} {what}"),
        None => verb.to_string(),
    };
    handles.undo.set_text(label("Undo", &history.undo))?;
    handles.undo.set_enabled(history.undo.is_some())?;
    handles.redo.set_text(label("Redo", &history.redo))?;
    handles.redo.set_enabled(history.redo.is_some())?;

    let mut listed = handles.listed.lock().unwrap();
    if listed.as_deref() == Some(recent) {
        return Ok(());
    }
    for old in handles.recent.items()? {
        handles.recent.remove(&old)?;
    }
    let mut items: Vec<MenuItem<Wry>> = Vec::new();
    for (index, path) in recent.iter().enumerate() {
        let label = path.display().to_string();
        items.push(MenuItemBuilder::with_id(format!("recent:{index}"), label).build(app)?);
    }
    if items.is_empty() {
        items.push(
            MenuItemBuilder::new("No recent documents")
                .enabled(false)
                .build(app)?,
        );
    }
    let refs: Vec<&dyn IsMenuItem<Wry>> = items.iter().map(|i| i as &dyn IsMenuItem<Wry>).collect();
    handles.recent.append_items(&refs)?;
    *listed = Some(recent.to_vec());
    Ok(())
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
