// The Tauri configuration lives at the workspace root, beside Cargo.toml, so that the layout
// of the repository matches the product's design; point tauri-build at it.
fn main() {
    let attributes = tauri_build::Attributes::new().config_path("../tauri.conf.json");
    tauri_build::try_build(attributes).expect("failed to run the Tauri build script");
}
