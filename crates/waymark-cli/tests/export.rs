//! `waymark export` and `waymark import-map` as a script runs them: real documents, files read
//! back through poppler, and exit codes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{json, Value};

fn waymark(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_waymark"))
        .args(args)
        .output()
        .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Runs `waymark` and fails the test with its error output unless it succeeded.
fn ok(args: &[&str]) -> String {
    let out = waymark(args);
    assert!(out.status.success(), "waymark {args:?}: {}", stderr(&out));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A folder with a document holding the sample map, its personas and data.
fn sample() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("shop.waymark");
    ok(&["new", path(&doc), "--template", "sample"]);
    (dir, doc)
}

/// Exports `doc`'s only map with `args` to `name` in `dir`.
fn export(dir: &Path, doc: &Path, name: &str, args: &[&str]) -> PathBuf {
    let output = dir.join(name);
    let mut all = vec!["export", path(doc), "-o", path(&output)];
    all.extend_from_slice(args);
    ok(&all);
    output
}

/// The map file of `doc`'s map, parsed.
fn map_file(dir: &Path, doc: &Path) -> Value {
    let file = export(dir, doc, "map.json", &[]);
    serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap()
}

/// Every card's text in a map file, whitespace collapsed.
fn card_texts(file: &Value) -> Vec<String> {
    let lanes = file["map"]["lanes"].as_array().unwrap();
    let cards = lanes.iter().flat_map(|l| l["cards"].as_array().unwrap());
    cards
        .map(|c| collapse(c["text"].as_str().unwrap()))
        .collect()
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs (install poppler-utils)");
    assert!(out.status.success(), "{}", stderr(&out));
    collapse(&String::from_utf8_lossy(&out.stdout))
}

/// `pdfinfo`'s page count and the first page's width and height in points, rounded.
fn pdfinfo(pdf: &Path) -> (u32, f64, f64) {
    let out = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo runs (install poppler-utils)");
    assert!(out.status.success(), "{}", stderr(&out));
    let info = String::from_utf8_lossy(&out.stdout).into_owned();
    let field = |name: &str| {
        let line = info.lines().find_map(|l| l.strip_prefix(name));
        line.unwrap_or_else(|| panic!("no {name} in {info}"))
            .trim()
            .to_string()
    };
    let size: Vec<f64> = field("Page size:")
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    (
        field("Pages:").parse().unwrap(),
        size[0].round(),
        size[1].round(),
    )
}

/// A PNG's width and height from its header.
fn png_size(png: &Path) -> (u32, u32) {
    let bytes = std::fs::read(png).unwrap();
    assert_eq!(
        &bytes[..8],
        b"\x89PNG\r\n\x1a\n",
        "{} is not a PNG",
        png.display()
    );
    let word = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (word(16), word(20))
}

#[test]
fn each_format_is_written_and_guessed_from_the_extension() {
    let (dir, doc) = sample();
    let dir = dir.path();

    let png = export(dir, &doc, "map.png", &[]);
    let (width, height) = png_size(&png);
    let png2 = export(dir, &doc, "map@2x.png", &["--scale", "2"]);
    assert_eq!(png_size(&png2), (width * 2, height * 2));
    let narrow = export(
        dir,
        &doc,
        "narrow.png",
        &["--width", "800", "--transparent"],
    );
    assert_eq!(png_size(&narrow).0, 800);

    let svg = std::fs::read_to_string(export(dir, &doc, "map.svg", &[])).unwrap();
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(
        svg.contains(&format!("width=\"{width}\"")),
        "the SVG's size is the PNG's at 1x"
    );

    let pdf = export(dir, &doc, "map.pdf", &[]);
    assert_eq!(&std::fs::read(&pdf).unwrap()[..5], b"%PDF-");

    let file = map_file(dir, &doc);
    assert_eq!(file["format"], "waymark-map");
    assert_eq!(file["map"]["name"], "Instagram ad to repeat purchase");

    let csv = std::fs::read_to_string(export(dir, &doc, "numbers.csv", &[])).unwrap();
    assert!(
        csv.starts_with("group,stage_number,stage,customers,"),
        "{csv}"
    );
    assert!(csv.contains("\nAll customers,1,Awareness,"), "{csv}");

    // An explicit format wins over the extension.
    let svg_named_txt = export(dir, &doc, "map.txt", &["--format", "svg"]);
    assert!(std::fs::read_to_string(svg_named_txt)
        .unwrap()
        .starts_with("<svg"));
}

#[test]
fn pdf_pages_have_the_sizes_and_counts_asked_for_and_every_card_is_searchable() {
    let (dir, doc) = sample();
    let dir = dir.path();
    let cards = card_texts(&map_file(dir, &doc));
    assert!(cards.len() > 30);

    let fit = export(dir, &doc, "fit.pdf", &["--page", "fit"]);
    let (pages, width, height) = pdfinfo(&fit);
    let (png_width, png_height) = png_size(&export(dir, &doc, "fit.png", &[]));
    assert_eq!(
        (pages, width, height),
        (1, f64::from(png_width), f64::from(png_height))
    );

    for (page, expected) in [
        ("a4-landscape", (1, 842.0, 595.0)),
        ("a4-portrait", (1, 595.0, 842.0)),
        ("a3-portrait", (1, 842.0, 1191.0)),
        ("a3-landscape", (1, 1191.0, 842.0)),
        ("letter-portrait", (1, 612.0, 792.0)),
        ("tabloid-landscape", (1, 1224.0, 792.0)),
        ("tiles:a4-landscape", (4, 842.0, 595.0)),
        ("tiles:a3-portrait", (2, 842.0, 1191.0)),
    ] {
        let pdf = export(
            dir,
            &doc,
            &format!("{}.pdf", page.replace(':', "-")),
            &["--page", page],
        );
        assert_eq!(pdfinfo(&pdf), expected, "{page}");
        let text = pdftotext(&pdf);
        let missing: Vec<_> = cards
            .iter()
            .filter(|c| !text.contains(c.as_str()))
            .collect();
        assert!(
            missing.is_empty(),
            "{page}: not in the PDF's text: {missing:?}"
        );
    }
}

#[test]
fn tiles_are_labelled_with_their_place() {
    let (dir, doc) = sample();
    let pdf = export(
        dir.path(),
        &doc,
        "poster.pdf",
        &["--page", "tiles:a4-landscape"],
    );
    let text = pdftotext(&pdf);
    for label in [
        "row 1 of 2, column 1 of 2 (page 1 of 4)",
        "row 2 of 2, column 2 of 2 (page 4 of 4)",
    ] {
        assert!(text.contains(label), "no \"{label}\" in {text}");
    }
}

#[test]
fn lanes_and_personas_can_be_chosen() {
    let (dir, doc) = sample();
    let dir = dir.path();
    let args = ["--lanes", "actions,Metrics", "--persona", "Deal seeker"];
    let svg = std::fs::read_to_string(export(dir, &doc, "two.svg", &args)).unwrap();
    assert!(svg.contains(">Actions</text>") && svg.contains(">Metrics</text>"));
    assert!(!svg.contains(">Pain points</text>"));
    assert!(svg.contains("Numbers for Deal seeker"));

    let csv = export(dir, &doc, "one.csv", &["--persona", "Deal seeker"]);
    let csv = std::fs::read_to_string(csv).unwrap();
    let groups: Vec<_> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert!(
        !groups.is_empty() && groups.iter().all(|g| *g == "Deal seeker"),
        "{csv}"
    );
}

/// A map file of 40 stages and 8 lanes holding 2,000 cards.
fn big_map_file() -> String {
    let kinds = [
        "actions",
        "touchpoints",
        "channels",
        "thoughts",
        "pain_points",
        "opportunities",
        "owners",
        "evidence",
    ];
    let stages: Vec<Value> = (1..=40)
        .map(|i| json!({"name": format!("Stage {i}")}))
        .collect();
    let lanes: Vec<Value> = kinds
        .iter()
        .enumerate()
        .map(|(lane, kind)| {
            let cards: Vec<Value> = (0..250)
                .map(|n| {
                    let number = n * 8 + lane;
                    json!({"stage": n % 40, "text": format!("Card {number:04}")})
                })
                .collect();
            json!({"kind": kind, "name": kind, "cards": cards})
        })
        .collect();
    let map = json!({"name": "Forty stages", "stages": stages, "lanes": lanes});
    json!({"format": "waymark-map", "version": 1, "map": map}).to_string()
}

#[test]
fn a_png_too_large_to_make_says_so_and_suggests_the_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("big.waymark");
    let file = dir.path().join("big.json");
    std::fs::write(&file, big_map_file()).unwrap();
    ok(&[
        "new",
        path(&doc),
        "--template",
        "blank",
        "--name",
        "Scratch",
    ]);
    let said = ok(&["import-map", path(&doc), path(&file)]);
    assert!(said.contains("Imported map \"Forty stages\""), "{said}");

    let png = dir.path().join("big.png");
    let args = [
        "export",
        path(&doc),
        "--map",
        "Forty stages",
        "--scale",
        "4",
        "-o",
        path(&png),
    ];
    let out = waymark(&args);
    assert_eq!(out.status.code(), Some(1));
    let message = stderr(&out);
    assert!(message.contains("too large to make"), "{message}");
    assert!(message.contains("export a PDF"), "{message}");
    assert!(!png.exists(), "a refused export leaves no file");

    let pdf = dir.path().join("big.pdf");
    ok(&[
        "export",
        path(&doc),
        "--map",
        "Forty stages",
        "-o",
        path(&pdf),
    ]);
    let text = pdftotext(&pdf);
    let missing: Vec<_> = (0..2_000)
        .map(|n| format!("Card {n:04}"))
        .filter(|c| !text.contains(c))
        .collect();
    assert!(missing.is_empty(), "not in the PDF's text: {missing:?}");
}

#[test]
fn bad_options_are_named() {
    let (dir, doc) = sample();
    let out_file = dir.path().join("out.pdf");
    let output = path(&out_file);
    let doc = path(&doc);
    for (args, code, words) in [
        (vec!["--page", "a5"], 2, "unknown page \"a5\""),
        (vec!["--page", "tiles:"], 2, "tiles:a4-landscape"),
        (vec!["--scale", "5"], 2, "from 1 to 4, not \"5\""),
        (vec!["--scale", "2", "--width", "900"], 2, "--width"),
        (vec!["--format", "gif"], 2, "gif"),
        (vec!["--lanes", "Feelings"], 1, "no lane \"Feelings\""),
        (vec!["--persona", "Nobody"], 1, "no persona \"Nobody\""),
        (vec!["--map", "Elsewhere"], 1, "Elsewhere"),
    ] {
        let mut all = vec!["export", doc, "-o", output];
        all.extend_from_slice(&args);
        let out = waymark(&all);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(words), "{args:?}: {}", stderr(&out));
        assert!(!out_file.exists(), "{args:?} left a file");
    }

    let unknown = dir.path().join("map.gif");
    let out = waymark(&["export", doc, "-o", path(&unknown)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("cannot tell the format"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_map_exported_imported_elsewhere_and_exported_again_is_identical() {
    let (dir, doc) = sample();
    let dir = dir.path();
    let first = export(dir, &doc, "first.json", &[]);

    let other = dir.join("other.waymark");
    ok(&[
        "new",
        path(&other),
        "--template",
        "blank",
        "--name",
        "Scratch",
    ]);
    let said = ok(&["import-map", path(&other), path(&first)]);
    assert!(
        said.contains("Added personas: Deal seeker, Home maker"),
        "{said}"
    );

    let map = "Instagram ad to repeat purchase";
    let second = dir.join("second.json");
    ok(&["export", path(&other), "--map", map, "-o", path(&second)]);
    assert_eq!(
        std::fs::read(&first).unwrap(),
        std::fs::read(&second).unwrap()
    );

    // One Undo takes the whole import back.
    ok(&["undo", path(&other)]);
    let maps: Value = serde_json::from_str(&ok(&["maps", path(&other), "--json"])).unwrap();
    assert_eq!(maps.as_array().unwrap().len(), 1);
}

#[test]
fn a_file_that_is_not_a_map_is_refused_and_changes_nothing() {
    let (dir, doc) = sample();
    let file = dir.path().join("other.json");
    std::fs::write(&file, "{\"format\": \"funnel\", \"version\": 1}").unwrap();
    let out = waymark(&["import-map", path(&doc), path(&file)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("not a Waymark map"),
        "{}",
        stderr(&out)
    );
    let maps: Value = serde_json::from_str(&ok(&["maps", path(&doc), "--json"])).unwrap();
    assert_eq!(maps.as_array().unwrap().len(), 1);
}

#[test]
fn csv_cells_that_would_start_a_formula_are_escaped() {
    let (dir, doc) = sample();
    let dir = dir.path();
    let mut file = map_file(dir, &doc);
    let names = ["=1+1", "+SUM(A1)", "-2", "@cmd"];
    let bound = file["map"]["stages"].as_array_mut().unwrap().iter_mut();
    let bound = bound.filter(|s| !s["binding"].is_null());
    for (stage, name) in bound.zip(names) {
        stage["name"] = json!(name);
    }
    let formulas = dir.join("formulas.json");
    std::fs::write(&formulas, file.to_string()).unwrap();
    let said = ok(&["import-map", path(&doc), path(&formulas)]);
    assert!(said.contains("(2)"), "{said}");

    let csv = dir.join("formulas.csv");
    let map = "Instagram ad to repeat purchase (2)";
    ok(&["export", path(&doc), "--map", map, "-o", path(&csv)]);
    let csv = std::fs::read_to_string(csv).unwrap();
    let stages: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(2).unwrap())
        .collect();
    for name in names {
        let escaped = format!("'{name}");
        assert!(
            stages.contains(&escaped.as_str()),
            "no {escaped} in {stages:?}"
        );
    }
    assert!(
        stages.iter().all(|s| !s.starts_with(['=', '+', '-', '@'])),
        "{stages:?}"
    );
}

#[test]
fn a_character_no_font_can_draw_is_named_in_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("notes.waymark");
    let file = dir.path().join("notes.json");
    let cards = [json!({"stage": 0, "text": "Private use \u{10FFFD} here"})];
    let map = json!({
        "name": "Notes",
        "stages": [{"name": "Awareness"}],
        "lanes": [{"kind": "actions", "name": "Actions", "cards": cards}],
    });
    let text = json!({"format": "waymark-map", "version": 1, "map": map}).to_string();
    std::fs::write(&file, text).unwrap();
    ok(&[
        "new",
        path(&doc),
        "--template",
        "blank",
        "--name",
        "Scratch",
    ]);
    ok(&["import-map", path(&doc), path(&file)]);

    let png = dir.path().join("notes.png");
    let out = waymark(&["export", path(&doc), "--map", "Notes", "-o", path(&png)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("U+10FFFD"), "{}", stderr(&out));
}
