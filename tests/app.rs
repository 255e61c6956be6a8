//! The desktop app as a person uses it: started for the first time, edited, quit, started
//! again, killed, and handed a file that is not a Waymark document.

use std::time::Duration;

use fantoccini::key::Key;
use fantoccini::Locator;
use waymark_e2e::{centre, show_map, App, Home};

const SAMPLE_MAP: &str = "Instagram ad to repeat purchase";
const CARD: &str = "[data-testid=card]";

/// Double-clicks the cell where the stage with header `stage` meets the lane `lane`.
async fn double_click_cell(app: &App, stage: usize, lane: usize) {
    let headers = app
        .client
        .find_all(Locator::Css("[data-testid=stage-header]"))
        .await
        .unwrap();
    let bands = app
        .client
        .find_all(Locator::Css("[data-testid=lane] > rect:first-child"))
        .await;
    let (x, _) = centre(&headers[stage]).await;
    let (_, y) = centre(&bands.unwrap()[lane]).await;
    app.click_at(x, y, 2).await;
}

/// Clicks the first element matching `css` whose text is `text`.
async fn click_text(app: &App, css: &str, text: &str) {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        for element in app.client.find_all(Locator::Css(css)).await.unwrap() {
            if element.text().await.unwrap() == text {
                app.click(&element).await;
                return;
            }
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no {css} reads {text:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn card_texts(app: &App) -> Vec<String> {
    app.texts("[data-testid=card]").await
}

async fn first_stage(app: &App) -> String {
    app.text("[data-testid=stage-header]").await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_first_start_shows_the_sample_and_every_edit_survives_a_restart() {
    let home = Home::new();
    let app = App::start(&home).await;

    // The first start makes the sample, with its events, before it shows it.
    app.wait_for_text("[data-testid=map-title]", SAMPLE_MAP)
        .await;
    assert!(
        card_texts(&app).await.len() > 40,
        "the sample map shows its cards"
    );
    let title = app.client.title().await.unwrap();
    assert_eq!(title, format!("{SAMPLE_MAP} — Sample.waymark — Waymark"));
    assert!(app
        .client
        .find(Locator::Css("[data-testid=emotion-curve]"))
        .await
        .is_ok());
    app.screenshot("sample-map").await;

    // A new map from a template.
    app.wait_for("[data-testid=new-map]")
        .await
        .click()
        .await
        .unwrap();
    app.wait_for("[data-testid=template-trial_to_paid]")
        .await
        .click()
        .await
        .unwrap();
    let name = app.wait_for("[data-testid=new-map-name]").await;
    name.clear().await.unwrap();
    name.send_keys("Trial journey").await.unwrap();
    app.wait_for("[data-testid=create-map]")
        .await
        .click()
        .await
        .unwrap();
    app.wait_for_text("[data-testid=map-title]", "Trial journey")
        .await;
    assert_eq!(
        app.texts("[data-testid=map-item] .map-name span")
            .await
            .len(),
        2
    );
    assert_eq!(first_stage(&app).await, "Awareness");

    // Rename the first stage in place: select it, Enter, type, Enter.
    app.click(&app.wait_for("[data-testid=stage-header]").await)
        .await;
    app.press(Key::Enter, false, false).await;
    app.wait_for("[data-testid=editor]").await;
    app.type_text("Discovery").await;
    app.press(Key::Enter, false, false).await;
    app.wait_for_text("[data-testid=stage-header]", "Discovery")
        .await;

    // Add a card with a double-click in the Actions cell of the first stage, then edit it.
    double_click_cell(&app, 0, 0).await;
    app.wait_for("[data-testid=editor]").await;
    app.type_text("Signs up with a work e-mail").await;
    app.press(Key::Enter, false, false).await;
    app.wait_for_text(CARD, "Signs up with a work e-mail").await;
    click_text(&app, "[data-testid=card]", "Signs up with a work e-mail").await;
    app.press(Key::Enter, false, false).await;
    app.wait_for("[data-testid=editor]").await;
    app.type_text("Signs up with Google").await;
    app.press(Key::Enter, false, false).await;
    app.wait_for_text(CARD, "Signs up with Google").await;

    let stored = show_map(&home.sample(), "Trial journey");
    assert_eq!(stored["stages"][0]["name"], "Discovery");
    assert_eq!(
        stored["lanes"][0]["cards"][0]["text"],
        "Signs up with Google"
    );

    // Undo and redo from the keyboard; the document follows.
    app.chord('z', true, false).await;
    app.wait_for_text(CARD, "Signs up with a work e-mail").await;
    let stored = show_map(&home.sample(), "Trial journey");
    assert_eq!(
        stored["lanes"][0]["cards"][0]["text"],
        "Signs up with a work e-mail"
    );
    app.chord('z', true, true).await;
    app.wait_for_text(CARD, "Signs up with Google").await;
    app.chord('z', true, false).await;
    app.wait_for_text(CARD, "Signs up with a work e-mail").await;
    app.chord('y', true, false).await;
    app.wait_for_text(CARD, "Signs up with Google").await;
    app.screenshot("edited-map").await;
    app.quit().await;

    // Started again, the app shows the same document, the same map and every edit, and
    // undo still knows the last edit.
    let app = App::start(&home).await;
    app.wait_for_text("[data-testid=map-title]", "Trial journey")
        .await;
    assert_eq!(first_stage(&app).await, "Discovery");
    assert!(card_texts(&app)
        .await
        .contains(&"Signs up with Google".to_string()));
    app.chord('z', true, false).await;
    app.wait_for_text(CARD, "Signs up with a work e-mail").await;
    app.screenshot("after-restart").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_map_can_be_renamed_from_the_map_list() {
    let home = Home::new();
    let app = App::start(&home).await;
    let item = app.wait_for("[data-testid=map-item] .map-name").await;
    app.double_click(&item).await;
    let field = app.wait_for("[data-testid=rename-map]").await;
    field.send_keys("Linen throw journey").await.unwrap();
    app.press(Key::Enter, false, false).await;
    app.wait_for_text("[data-testid=map-title]", "Linen throw journey")
        .await;
    assert_eq!(
        app.client.title().await.unwrap(),
        "Linen throw journey — Sample.waymark — Waymark"
    );
    let stored = show_map(&home.sample(), "Linen throw journey");
    assert_eq!(stored["stages"].as_array().unwrap().len(), 7);
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_killed_app_loses_nothing_it_showed_as_saved() {
    let home = Home::new();
    let app = App::start(&home).await;
    app.click(&app.wait_for("[data-testid=stage-header]").await)
        .await;
    app.press(Key::Enter, false, false).await;
    app.wait_for("[data-testid=editor]").await;
    app.type_text("Discover").await;
    app.press(Key::Enter, false, false).await;
    app.wait_for_text_in("[data-testid=status]", "Rename stage — saved")
        .await;
    app.kill_app().await;

    let stored = show_map(&home.sample(), SAMPLE_MAP);
    assert_eq!(stored["stages"][0]["name"], "Discover");

    let app = App::start(&home).await;
    assert_eq!(first_stage(&app).await, "Discover");
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_file_that_is_not_a_document_is_refused_with_a_reason_and_left_unchanged() {
    let home = Home::new();
    let notes = home.path().join("notes.waymark");
    std::fs::write(&notes, "Meeting notes, not a map\n").unwrap();
    std::fs::create_dir_all(home.settings().parent().unwrap()).unwrap();
    let settings = serde_json::json!({ "last_document": notes, "recent": [notes] });
    std::fs::write(home.settings(), settings.to_string()).unwrap();

    let app = App::start(&home).await;
    let error = app.text("[data-testid=error]").await;
    assert!(
        error.contains("notes.waymark is not a Waymark document"),
        "{error}"
    );
    assert!(error.contains("not a SQLite database"), "{error}");
    // The sample opens instead.
    app.wait_for_text("[data-testid=map-title]", SAMPLE_MAP)
        .await;
    app.screenshot("refused-file").await;
    app.quit().await;
    assert_eq!(
        std::fs::read_to_string(&notes).unwrap(),
        "Meeting notes, not a map\n"
    );
    for suffix in ["-wal", "-shm", "-journal"] {
        assert!(!home.path().join(format!("notes.waymark{suffix}")).exists());
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_change_made_by_the_command_line_shows_in_the_open_window() {
    let home = Home::new();
    let app = App::start(&home).await;
    let doc = home.sample();
    waymark_e2e::waymark(&[
        "new",
        doc.to_str().unwrap(),
        "--template",
        "blank",
        "--name",
        "From a script",
    ]);
    app.wait_for_text_in("[data-testid=map-item]", "From a script")
        .await;
    // The new map can show first with the sample's numbers, computed meanwhile.
    app.wait_for_text_in(
        "[data-testid=status]",
        "Updated with changes made outside this window",
    )
    .await;
    app.quit().await;
}
