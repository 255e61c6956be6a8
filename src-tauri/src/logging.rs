//! Logs to standard error and to `waymark.log` in the app's log folder.
//!
//! Info for each user-visible operation, warnings for anything skipped; `WAYMARK_LOG`
//! (e.g. `debug`) overrides the level.

use std::path::Path;

use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{fmt, EnvFilter, Layer};

/// Starts logging; a log folder that cannot be made leaves only the standard error log.
pub fn init(log_dir: &Path) {
    let filter =
        || EnvFilter::try_from_env("WAYMARK_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let file = std::fs::create_dir_all(log_dir)
        .map(|()| tracing_appender::rolling::never(log_dir, "waymark.log"))
        .ok();
    let file_layer = file.map(|writer| fmt::layer().with_ansi(false).with_writer(writer));
    tracing_subscriber::registry()
        .with(
            fmt::layer()
                .with_writer(std::io::stderr)
                .with_filter(filter()),
        )
        .with(file_layer.with_filter(filter()))
        .init();
    tracing::info!(folder = %log_dir.display(), "Waymark {} started", env!("CARGO_PKG_VERSION"));
}
