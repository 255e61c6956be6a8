//! Runs tauri-build for the shell. The Tauri configuration lives at the workspace root, beside
//! Cargo.toml, so that the repository's layout matches the product's design; this points
//! tauri-build at it.

fn main() {
    let attributes = tauri_build::Attributes::new().config_path("../tauri.conf.json");
    tauri_build::try_build(attributes).expect("failed to run the Tauri build script");
}
