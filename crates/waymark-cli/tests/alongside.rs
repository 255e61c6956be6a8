//! A document open in one process, as in the app's window, while the command line reads and
//! changes it: nothing either of them writes is lost.

use std::path::Path;
use std::process::Command;

use waymark_core::{Document, Edit};

fn waymark(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_waymark"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn map_names(doc: &Path) -> String {
    waymark(&["maps", doc.to_str().unwrap()])
}

#[test]
fn the_command_line_leaves_the_log_of_a_document_open_elsewhere_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.waymark");
    waymark(&["new", path.to_str().unwrap(), "--name", "First"]);

    let mut window = Document::open(&path).unwrap();
    let map = window.maps().unwrap()[0].id;
    let rename = |name: &str| Edit::RenameMap {
        map,
        name: name.into(),
    };
    window.apply(rename("Renamed in the window")).unwrap();
    // The window's process reads the files beside the document, as the system's file dialog
    // does to tell their types; closing those handles drops the locks SQLite holds there.
    for suffix in ["", "-wal", "-shm"] {
        let mut name = path.clone().into_os_string();
        name.push(suffix);
        std::fs::read(&name).unwrap();
    }

    // Another program reads and closes: the log the window writes to stays where it is.
    assert!(map_names(&path).contains("Renamed in the window"));
    for suffix in ["-wal", "-shm"] {
        let mut name = path.clone().into_os_string();
        name.push(suffix);
        assert!(
            Path::new(&name).exists(),
            "{suffix} was removed under the window"
        );
    }

    // Both go on writing, and each sees the other's change.
    waymark(&["new", path.to_str().unwrap(), "--name", "From a script"]);
    window.apply(rename("Renamed again")).unwrap();
    let names = map_names(&path);
    assert!(
        names.contains("Renamed again") && names.contains("From a script"),
        "{names}"
    );
    drop(window);
    let reopened = Document::open(&path).unwrap();
    let maps: Vec<String> = reopened
        .maps()
        .unwrap()
        .into_iter()
        .map(|m| m.name)
        .collect();
    assert_eq!(maps, ["Renamed again", "From a script"]);
}
