//! Waymark's core: everything the desktop app and the command-line tool share.
//!
//! A Waymark document is a SQLite file holding journey maps (stages, lanes, cards, emotion
//! points), personas and the history of edits. This crate owns that file ([`store`]), the one
//! path every change takes ([`edit`]), the maps new documents start from ([`template`],
//! [`sample`]), and the layout that turns a map into a drawable [`layout::Scene`].
//!
//! Nothing here depends on a GUI toolkit: the crate builds and tests without a window.

pub mod edit;
pub mod error;
pub mod font;
pub mod large;
pub mod layout;
pub mod model;
pub mod sample;
pub mod sample_data;
pub mod store;
pub mod template;

pub use edit::{Edit, EditOutcome};
pub use error::{Error, Result};
pub use model::*;
pub use store::Document;
