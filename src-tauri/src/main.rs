//! The Waymark desktop app: a thin Tauri shell over `waymark-core`.
//!
//! The shell owns the window, the native menu, the settings file (recent documents) and the
//! log file. Everything a command does to a document is done by the core; the commands only
//! find the open document, call the core and hand back typed results.

// Without this, a release build on Windows opens a console window beside the app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod bindings;
mod commands;
mod logging;
mod menu;
mod state;

use tauri::Manager;

/// Imports split records on one thread and free them on another, which the system allocator
/// handles poorly; mimalloc does not.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            let log_dir = app.path().app_log_dir()?;
            logging::init(&log_dir);
            let state = state::AppState::start(app.handle())?;
            app.manage(state);
            menu::install(app.handle())?;
            commands::refresh_window(app.handle());
            Ok(())
        })
        .on_menu_event(menu::on_event)
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!("../tauri.conf.json"))
        .expect("the Waymark window could not be started");
}
