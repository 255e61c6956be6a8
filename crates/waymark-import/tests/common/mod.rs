//! What the integration tests share.

use std::path::{Path, PathBuf};

/// The third-party data folder beside the repository, or `None` (with a message) when it is
/// absent, as in a fresh clone.
pub fn data_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    if dir.is_dir() {
        return Some(dir);
    }
    println!(
        "skipped: {} is absent (a fresh clone has no shared data folder)",
        dir.display()
    );
    None
}
