//! The document file on disk: creating, reopening, refusing what is not ours, and leaving
//! refused files exactly as they were.

use std::path::{Path, PathBuf};

use waymark_core::store::{APPLICATION_ID, SCHEMA_VERSION};
use waymark_core::template::Template;
use waymark_core::{Document, Error};

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// The bytes of a file and of its log companions; an empty one is as good as none (SQLite
/// keeps an emptied log, and a connection that fails to open may drop it). The `-shm` file is
/// left out: it is SQLite's index of the log, rebuilt from the log, and holds nothing of the
/// document's.
fn snapshot(path: &Path) -> Vec<(PathBuf, Option<Vec<u8>>)> {
    ["", "-wal", "-journal"]
        .iter()
        .map(|suffix| {
            let mut name = path.as_os_str().to_owned();
            name.push(suffix);
            let path = PathBuf::from(name);
            let bytes = std::fs::read(&path).ok().filter(|b| !b.is_empty());
            (path, bytes)
        })
        .collect()
}

#[test]
fn a_created_document_reopens_with_its_maps() {
    let dir = temp();
    let path = dir.path().join("team.waymark");
    let mut doc = Document::create(&path).unwrap();
    let map = Template::TrialToPaid.build("Trial to enterprise");
    let id = doc.add_map(map).unwrap();
    drop(doc);

    let doc = Document::open(&path).unwrap();
    let maps = doc.maps().unwrap();
    assert_eq!(maps.len(), 1);
    assert_eq!(maps[0].id, id);
    assert_eq!(maps[0].name, "Trial to enterprise");
    assert_eq!(maps[0].stages, 8);
}

#[test]
fn creating_over_an_existing_file_is_refused_and_the_file_kept() {
    let dir = temp();
    let path = dir.path().join("notes.waymark");
    std::fs::write(&path, b"precious").unwrap();
    let err = Document::create(&path).unwrap_err();
    assert!(matches!(err, Error::AlreadyExists { .. }), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), b"precious");
}

#[test]
fn a_text_file_is_refused_and_left_unchanged() {
    let dir = temp();
    let path = dir.path().join("readme.waymark");
    std::fs::write(&path, "this is not a database\n".repeat(100)).unwrap();
    let before = snapshot(&path);
    let err = Document::open(&path).unwrap_err();
    assert!(err.to_string().contains("not a SQLite database"), "{err}");
    assert!(err.to_string().contains("readme.waymark"), "{err}");
    assert!(
        snapshot(&path) == before,
        "the file or its companions changed"
    );
}

#[test]
fn an_empty_file_is_refused_and_left_unchanged() {
    let dir = temp();
    let path = dir.path().join("empty.waymark");
    std::fs::write(&path, b"").unwrap();
    let err = Document::open(&path).unwrap_err();
    assert!(err.to_string().contains("empty"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), b"");
}

#[test]
fn another_programs_sqlite_database_is_refused_and_left_unchanged() {
    let dir = temp();
    let path = dir.path().join("contacts.db");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('a');")
        .unwrap();
    drop(conn);
    let before = snapshot(&path);
    let err = Document::open(&path).unwrap_err();
    assert!(err.to_string().contains("another program"), "{err}");
    assert!(
        snapshot(&path) == before,
        "the file or its companions changed"
    );
}

#[test]
fn a_document_from_a_newer_waymark_is_refused_and_left_unchanged() {
    let dir = temp();
    let path = dir.path().join("future.waymark");
    Document::create(&path).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    drop(conn);
    let before = snapshot(&path);
    let err = Document::open(&path).unwrap_err();
    assert!(matches!(err, Error::NewerVersion { found, .. } if found == SCHEMA_VERSION + 1));
    assert!(
        err.to_string().contains("newer version of Waymark"),
        "{err}"
    );
    assert!(
        snapshot(&path) == before,
        "the file or its companions changed"
    );
}

#[test]
fn a_read_only_document_is_refused_and_left_unchanged() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp();
    let path = dir.path().join("shared.waymark");
    let mut doc = Document::create(&path).unwrap();
    doc.add_map(Template::Blank.build("m")).unwrap();
    drop(doc);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = snapshot(&path);
    let err = Document::open(&path).unwrap_err();
    assert!(matches!(err, Error::ReadOnly { .. }), "{err}");
    assert!(err.to_string().contains("read-only"), "{err}");
    assert!(
        snapshot(&path) == before,
        "the file or its companions changed"
    );
}

#[test]
fn a_document_locked_by_another_program_is_refused() {
    let dir = temp();
    let path = dir.path().join("busy.waymark");
    Document::create(&path).unwrap();
    let holder = rusqlite::Connection::open(&path).unwrap();
    holder.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let err = Document::open(&path).unwrap_err();
    assert!(matches!(err, Error::Locked { .. }), "{err}");
    assert!(
        err.to_string().contains("locked by another program"),
        "{err}"
    );
    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    Document::open(&path).unwrap();
}

#[test]
fn a_missing_file_is_named_in_the_error() {
    let err = Document::open(Path::new("/nonexistent/folder/x.waymark")).unwrap_err();
    assert!(matches!(err, Error::Missing { .. }));
    assert!(err.to_string().contains("/nonexistent/folder/x.waymark"));
}

#[test]
fn a_document_is_marked_as_waymark_and_uses_wal() {
    let dir = temp();
    let path = dir.path().join("marks.waymark");
    let doc = Document::create(&path).unwrap();
    drop(doc);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let app: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .unwrap();
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(app, APPLICATION_ID);
    assert_eq!(mode, "wal");
}

#[test]
fn save_copy_writes_a_document_that_opens_with_the_same_maps_and_history() {
    let dir = temp();
    let path = dir.path().join("a.waymark");
    let copy = dir.path().join("b.waymark");
    std::fs::write(&copy, b"old file to replace").unwrap();
    let mut doc = Document::create(&path).unwrap();
    doc.add_map(Template::Blank.build("Mine")).unwrap();
    doc.save_copy(&copy).unwrap();

    let mut copied = Document::open(&copy).unwrap();
    assert_eq!(copied.maps().unwrap()[0].name, "Mine");
    assert_eq!(copied.undo().unwrap().as_deref(), Some("Create map"));
    assert!(copied.maps().unwrap().is_empty());
    assert_eq!(doc.maps().unwrap().len(), 1, "the original is untouched");
}

#[test]
fn a_damaged_document_is_refused_and_left_unchanged() {
    let dir = temp();
    let path = dir.path().join("cut.waymark");
    let mut doc = Document::create(&path).unwrap();
    doc.add_map(Template::AdToRepeatPurchase.build("Shop"))
        .unwrap();
    doc.add_map(Template::TrialToPaid.build("Trial")).unwrap();
    drop(doc);
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() / 3]).unwrap();
    let before = snapshot(&path);
    let err = Document::open(&path).unwrap_err();
    assert!(matches!(err, Error::Damaged { .. }), "{err}");
    assert!(err.to_string().contains("is damaged"), "{err}");
    let after = snapshot(&path);
    for ((name, was), (_, is)) in before.iter().zip(&after) {
        assert!(
            was == is,
            "{} changed: {:?} to {:?} bytes",
            name.display(),
            was.as_ref().map(Vec::len),
            is.as_ref().map(Vec::len)
        );
    }
}

#[test]
fn creating_in_a_folder_that_does_not_exist_names_the_folder() {
    let dir = temp();
    let path = dir.path().join("nowhere/x.waymark");
    let err = Document::create(&path).unwrap_err();
    assert!(matches!(err, Error::Missing { .. }), "{err}");
    assert!(err.to_string().contains("nowhere does not exist"), "{err}");
}

#[test]
fn maps_sharing_a_name_are_told_apart_by_id() {
    let mut doc = Document::open_in_memory().unwrap();
    let a = doc.add_map(Template::Blank.build("Blank")).unwrap();
    let b = doc.add_map(Template::Blank.build("Blank")).unwrap();
    let err = doc.find_map("Blank").unwrap_err();
    assert!(
        err.to_string().contains(&format!(
            "2 maps are called \"Blank\"; name one by its id ({a}, {b})"
        )),
        "{err}"
    );
    assert_eq!(doc.find_map(&b.to_string()).unwrap().id, b);
}

#[test]
fn a_change_made_by_another_connection_is_noticed_and_ones_own_are_not() {
    let dir = temp();
    let path = dir.path().join("shared.waymark");
    let mut app = Document::create(&path).unwrap();
    let mut script = Document::open(&path).unwrap();
    assert!(
        !app.changed_elsewhere().unwrap(),
        "the first look only starts watching"
    );

    app.add_map(Template::Blank.build("Mine")).unwrap();
    assert!(
        !app.changed_elsewhere().unwrap(),
        "its own edit is not a change elsewhere"
    );

    script.add_map(Template::Blank.build("Theirs")).unwrap();
    assert!(app.changed_elsewhere().unwrap());
    assert!(
        !app.changed_elsewhere().unwrap(),
        "each change is reported once"
    );
    assert_eq!(app.maps().unwrap().len(), 2);
}
