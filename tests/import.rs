//! Importing data as a person does it: files dropped on the window, the preview checked and
//! corrected, the import run, watched and cancelled, and imported data listed and removed.
//!
//! The system's file dialog cannot be driven through WebDriver, so the tests drop files
//! instead: they emit the same `tauri://drag-drop` event the window sends when files are
//! dropped on it.

use std::path::{Path, PathBuf};

use fantoccini::key::Key;
use fantoccini::Locator;
use serde_json::{json, Value};
use waymark_e2e::{waymark, App, Home};

const DIALOG: &str = "[data-testid=import-dialog]";
const ROLE: &str = "[data-testid=column-role]";

/// A survey export from a French shop's tool: Windows-1252, semicolons, accented comments,
/// times without an offset, and one answer whose score is a word (line 8).
fn survey_file(dir: &Path) -> PathBuf {
    let mut text = String::from("user_id;comment;score;submitted_at\r\n");
    let comments = [
        "Très bien",
        "Livraison rapide, emballage soigné",
        "Déçu par la qualité",
        "Service client génial",
        "Prix élevé mais ça vaut le coup",
        "Commande arrivée cassée",
        "Parfait",
        "Bof",
        "Très satisfait, je recommande ce site à toute ma famille et à mes collègues de bureau \
         parce que la livraison était rapide, l'emballage soigné et le service après-vente \
         d'une gentillesse rare",
        "Le site est lent",
        "Crème brûlée offerte, merci !",
        "Retour compliqué",
        "Rien à dire",
        "Emballage écologique apprécié",
        "Couleur différente de la photo",
        "Livré en avance",
        "Taille trop petite",
        "Qualité au rendez-vous",
        "Je reviendrai",
        "Garçon très aimable",
    ];
    for (i, comment) in comments.iter().enumerate() {
        let score = if i == 6 {
            "dix".to_string()
        } else {
            (i * 3 % 11).to_string()
        };
        let user = 100 + i;
        let day = i + 1;
        text.push_str(&format!(
            "u{user};{comment};{score};2024-03-{day:02} 10:{i:02}\r\n"
        ));
    }
    // Windows-1252 agrees with Unicode on every character used here.
    let bytes: Vec<u8> = text
        .chars()
        .map(|c| u8::try_from(u32::from(c)).expect("a Latin-1 character"))
        .collect();
    let path = dir.join("avis clients.csv");
    std::fs::write(&path, bytes).unwrap();
    path
}

/// An events export large enough to take a few seconds to import in a debug build.
fn events_file(dir: &Path, rows: usize) -> PathBuf {
    let events = ["view", "add_to_cart", "checkout", "purchase"];
    let mut text = String::from("user_id,event,timestamp,page\n");
    for i in 0..rows {
        text.push_str(&format!(
            "u{},{},2024-03-{:02}T{:02}:{:02}:00Z,/products/{}\n",
            i * 7919 % 50_000,
            events[i % events.len()],
            1 + i % 28,
            i % 24,
            i % 60,
            i % 977
        ));
    }
    let path = dir.join("events.csv");
    std::fs::write(&path, text).unwrap();
    path
}

/// Drags files over the window and drops them, through the events the window itself sends.
async fn drop_files(app: &App, paths: &[&Path]) {
    let paths: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    for event in ["tauri://drag-enter", "tauri://drag-drop"] {
        emit(
            app,
            event,
            json!({ "paths": paths, "position": { "x": 400, "y": 300 } }),
        )
        .await;
    }
}

async fn emit(app: &App, event: &str, payload: Value) {
    let script = "const [event, payload, done] = arguments; \
                  window.__TAURI_INTERNALS__.invoke('plugin:event|emit', { event, payload }) \
                  .then(() => done(null), (err) => done(String(err)));";
    let answer = app
        .client
        .execute_async(script, vec![json!(event), payload])
        .await
        .unwrap();
    assert!(answer.is_null(), "emitting {event} failed: {answer}");
}

/// The value of every element matching `css`: the roles of the columns, in column order.
async fn values(app: &App, css: &str) -> Vec<String> {
    let script = "return [...document.querySelectorAll(arguments[0])].map(e => e.value);";
    let value = app.client.execute(script, vec![json!(css)]).await.unwrap();
    serde_json::from_value(value).unwrap()
}

async fn value(app: &App, css: &str) -> String {
    app.wait_for(css).await;
    values(app, css).await.remove(0)
}

/// Chooses the option `value` of the `index`th select matching `css`, as a click would.
async fn choose(app: &App, css: &str, index: usize, value: &str) {
    let selects = app.client.find_all(Locator::Css(css)).await.unwrap();
    let option = selects[index]
        .find(Locator::Css(&format!("option[value='{value}']")))
        .await
        .unwrap();
    option.click().await.unwrap();
}

async fn is_enabled(app: &App, css: &str) -> bool {
    app.wait_for(css).await.is_enabled().await.unwrap()
}

async fn gone(app: &App, css: &str) {
    let probe = format!("!document.querySelector({})", json!(css));
    app.wait_until(&format!("{css} to close"), &probe).await;
}

/// The document the app opens, made before it starts: a map and no data, where the sample
/// would bring a shop's events of its own.
fn document_without_data(home: &Home) -> PathBuf {
    let doc = home.sample();
    std::fs::create_dir_all(doc.parent().unwrap()).unwrap();
    waymark(&["new", doc.to_str().unwrap(), "--template", "trial-to-paid"]);
    doc
}

fn imports(doc: &Path) -> Vec<Value> {
    serde_json::from_str(&waymark(&["imports", doc.to_str().unwrap(), "--json"])).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dropped_survey_file_is_previewed_corrected_imported_listed_and_removed() {
    let home = Home::new();
    let files = tempfile::tempdir().unwrap();
    let survey = survey_file(files.path());
    let doc = document_without_data(&home);
    let app = App::start(&home).await;
    app.wait_for_text("[data-testid=data-summary]", "Nothing imported yet")
        .await;

    // Dragged over the window, the file is announced; dropped, its preview opens.
    let path = survey.display().to_string();
    emit(
        &app,
        "tauri://drag-enter",
        json!({ "paths": [path], "position": { "x": 400, "y": 300 } }),
    )
    .await;
    app.wait_for_text("[data-testid=drop-overlay]", "Drop to import this file")
        .await;
    drop_files(&app, &[&survey]).await;
    app.wait_for(DIALOG).await;
    gone(&app, "[data-testid=drop-overlay]").await;
    app.wait_for_text_in("[data-testid=import-file]", "avis clients.csv")
        .await;
    app.wait_for_text_in(
        "[data-testid=import-preview]",
        "Livraison rapide, emballage soigné",
    )
    .await;

    // The guess: a survey, read as Windows-1252 with semicolons, four columns with roles.
    assert_eq!(value(&app, "[data-testid=import-kind]").await, "survey");
    assert_eq!(values(&app, ROLE).await, ["user", "text", "score", "time"]);
    let reading = app.text(".option-row.reading").await;
    assert!(reading.contains("Detected: Windows-1252"), "{reading}");
    assert!(reading.contains("Detected: semicolon"), "{reading}");
    let notes = app.text("[data-testid=time-format]").await;
    assert!(notes.contains("ISO 8601"), "{notes}");
    assert!(is_enabled(&app, "[data-testid=import-start]").await);

    // Giving the score to the comment column takes it from the score column; with no score
    // at all, the dialog says what is missing and will not import.
    choose(&app, ROLE, 1, "score").await;
    app.wait_until(
        "the score to move to the comment column",
        "[...document.querySelectorAll('[data-testid=column-role]')].map(s => s.value).join() \
         === 'user,score,,time'",
    )
    .await;
    let notes = app.texts("[data-testid=import-column] .column-note").await;
    assert_eq!(notes[2], "kept as a property");
    choose(&app, ROLE, 1, "").await;
    app.wait_for_text_in(
        "[data-testid=import-problems]",
        "Choose the column that holds the score (survey files need one).",
    )
    .await;
    assert!(!is_enabled(&app, "[data-testid=import-start]").await);
    choose(&app, ROLE, 2, "score").await;
    choose(&app, ROLE, 1, "text").await;
    app.wait_until(
        "the roles to be back",
        "[...document.querySelectorAll('[data-testid=column-role]')].map(s => s.value).join() \
         === 'user,text,score,time' && !document.querySelector('[data-testid=import-problems]')",
    )
    .await;

    // The times have no offset: they were written in Paris.
    let zone = app.wait_for("[data-testid=import-zone]").await;
    assert_eq!(value(&app, "[data-testid=import-zone]").await, "UTC");
    app.click(&zone).await;
    app.type_text("paris").await;
    app.wait_for_text_in("[data-testid=zone-list]", "Europe/Paris")
        .await;
    app.press(Key::Enter, false, false).await;
    gone(&app, "[data-testid=zone-list]").await;
    assert_eq!(
        value(&app, "[data-testid=import-zone]").await,
        "Europe/Paris"
    );
    app.screenshot("import-preview").await;

    // Enter imports.
    app.press(Key::Enter, false, false).await;
    app.wait_for("[data-testid=import-result][data-outcome=imported]")
        .await;
    assert_eq!(app.text("[data-testid=rows-taken]").await, "19");
    assert_eq!(app.text("[data-testid=rows-refused]").await, "1");
    let reason = app.text("[data-testid=refused-reason]").await;
    assert!(reason.contains("The score cannot be read"), "{reason}");
    assert!(reason.contains("line 8"), "{reason}");
    assert!(reason.contains("\"dix\" is not a number"), "{reason}");
    app.screenshot("import-result").await;

    let stored = imports(&doc);
    assert_eq!(stored.len(), 1, "{stored:?}");
    assert_eq!(stored[0]["file_name"], "avis clients.csv");
    assert_eq!(stored[0]["kind"], "survey");
    assert_eq!(stored[0]["rows_taken"], 19);
    assert_eq!(stored[0]["rows_refused"], 1);
    assert_eq!(stored[0]["refused"][0]["lines"], json!([8]));
    // 10:00 in Paris in March is 09:00 UTC.
    assert_eq!(stored[0]["first_at"], "2024-03-01T09:00:00Z");

    app.wait_for("[data-testid=import-done]")
        .await
        .click()
        .await
        .unwrap();
    gone(&app, DIALOG).await;
    app.wait_for_text("[data-testid=data-summary]", "1 file · 19 rows")
        .await;
    let status = app.text("[data-testid=status]").await;
    assert!(
        status.contains("Imported 19 rows of avis clients.csv, 1 row refused"),
        "{status}"
    );

    // The same file again: the roles and zone of the last import come back, and the import
    // adds nothing.
    drop_files(&app, &[&survey]).await;
    app.wait_for("[data-testid=import-remembered]").await;
    assert_eq!(
        value(&app, "[data-testid=import-zone]").await,
        "Europe/Paris"
    );
    app.wait_for("[data-testid=import-start]")
        .await
        .click()
        .await
        .unwrap();
    app.wait_for_text_in(
        "[data-testid=already-imported]",
        "avis clients.csv was already imported as survey answers",
    )
    .await;
    app.screenshot("import-already").await;
    assert_eq!(imports(&doc).len(), 1);

    // The imported data, and taking it out again.
    app.wait_for("[data-testid=show-imports]")
        .await
        .click()
        .await
        .unwrap();
    app.wait_for("[data-testid=imports-panel]").await;
    app.screenshot("imports-panel").await;
    for text in [
        "avis clients.csv",
        "Survey answers",
        "1 Mar 2024 – 20 Mar 2024",
    ] {
        app.wait_for_text_in("[data-testid=import-row]", text).await;
    }
    app.wait_for("[data-testid=remove-import]")
        .await
        .click()
        .await
        .unwrap();
    app.answer_native_dialog("Remove imported data", true).await;
    app.wait_for("[data-testid=imports-empty]").await;
    assert_eq!(imports(&doc), Vec::<Value>::new());
    app.wait_for_text("[data-testid=data-summary]", "Nothing imported yet")
        .await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_long_import_shows_its_progress_and_stops_when_cancelled() {
    let home = Home::new();
    let files = tempfile::tempdir().unwrap();
    let events = events_file(files.path(), 1_500_000);
    document_without_data(&home);
    let app = App::start(&home).await;

    drop_files(&app, &[&events]).await;
    app.wait_for_text_in("[data-testid=import-preview]", "add_to_cart")
        .await;
    assert_eq!(value(&app, "[data-testid=import-kind]").await, "events");
    assert_eq!(values(&app, ROLE).await, ["user", "event", "time", ""]);
    app.wait_for("[data-testid=import-start]")
        .await
        .click()
        .await
        .unwrap();

    app.wait_for_text_in("[data-testid=progress-rows]", "rows")
        .await;
    app.wait_until(
        "a speed and a time left",
        "document.querySelector('[data-testid=import-progress]').textContent.includes('rows/s')",
    )
    .await;
    app.screenshot("import-progress").await;

    // Escape asks first; stopping keeps nothing.
    app.press(Key::Escape, false, false).await;
    app.wait_for("[data-testid=stop-import]")
        .await
        .click()
        .await
        .unwrap();
    app.wait_for("[data-testid=import-result][data-outcome=cancelled]")
        .await;
    assert_eq!(imports(&home.sample()), Vec::<Value>::new());

    // Back to the settings, the file can still be imported.
    app.wait_for("[data-testid=import-back]")
        .await
        .click()
        .await
        .unwrap();
    assert!(is_enabled(&app, "[data-testid=import-start]").await);
    app.press(Key::Escape, false, false).await;
    gone(&app, DIALOG).await;
    app.quit().await;
}

/// A shop's orders export: many columns, and dates that read both as day/month and
/// month/day.
fn orders_file(dir: &Path) -> PathBuf {
    let mut text = String::from(
        "order_id,customer_email,created_at,total,currency,shipping_country,shipping_city,\
         payment_method,discount_code,sales_channel,gift_message\n",
    );
    for i in 0..12 {
        let day = 1 + i % 12;
        text.push_str(&format!(
            "#{},buyer{}@example.com,{day:02}/04/2024 10:{i:02},{}.90,EUR,FR,Lyon,card,\
             SPRING{i},web,\"Joyeux anniversaire, with a message long enough to be cut short \
             in the preview so that the table stays readable\"\n",
            1000 + i,
            i % 5,
            20 + i
        ));
    }
    let path = dir.join("orders.csv");
    std::fs::write(&path, text).unwrap();
    path
}

#[tokio::test(flavor = "multi_thread")]
async fn orders_ask_for_the_order_of_day_and_month_and_a_kind_switch_guesses_roles_anew() {
    let home = Home::new();
    let files = tempfile::tempdir().unwrap();
    let orders = orders_file(files.path());
    document_without_data(&home);
    let app = App::start(&home).await;

    drop_files(&app, &[&orders]).await;
    app.wait_for_text_in("[data-testid=import-preview]", "buyer1@example.com")
        .await;
    assert_eq!(value(&app, "[data-testid=import-kind]").await, "orders");
    let roles = values(&app, ROLE).await;
    assert_eq!(roles[..4], ["id", "user", "time", "amount"]);
    assert_eq!(
        value(&app, "[data-testid=import-event-name]").await,
        "purchase"
    );
    app.wait_for_text_in("[data-testid=import-problems]", "say which comes first")
        .await;
    assert!(!is_enabled(&app, "[data-testid=import-start]").await);
    app.screenshot("import-orders").await;

    // As events, the file lacks an event name; back as orders, the roles come back.
    choose(&app, "[data-testid=import-kind]", 0, "events").await;
    app.wait_for_text_in("[data-testid=import-problems]", "the event name")
        .await;
    choose(&app, "[data-testid=import-kind]", 0, "orders").await;
    app.wait_until(
        "the orders' roles to come back",
        "[...document.querySelectorAll('[data-testid=column-role]')].map(s => s.value) \
         .slice(0, 4).join() === 'id,user,time,amount'",
    )
    .await;

    // Day first: 03/04/2024 is the 3rd of April.
    let day_first = app
        .wait_for("[data-testid=date-order] input[type=radio]")
        .await;
    day_first.click().await.unwrap();
    app.wait_for_text_in("[data-testid=time-format]", "day first")
        .await;
    gone(&app, "[data-testid=import-problems]").await;
    let name = app.wait_for("[data-testid=import-event-name]").await;
    name.clear().await.unwrap();
    name.send_keys("order").await.unwrap();
    app.wait_for("[data-testid=import-start]")
        .await
        .click()
        .await
        .unwrap();
    app.wait_for("[data-testid=import-result][data-outcome=imported]")
        .await;
    assert_eq!(app.text("[data-testid=rows-taken]").await, "12");
    let stored = imports(&home.sample());
    assert_eq!(stored[0]["kind"], "orders");
    assert_eq!(stored[0]["first_at"], "2024-04-01T10:00:00Z");
    assert_eq!(stored[0]["last_at"], "2024-04-12T10:11:00Z");
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn files_that_cannot_be_imported_say_why_one_after_another() {
    let home = Home::new();
    let files = tempfile::tempdir().unwrap();
    let missing = files.path().join("orders-2024.csv");
    let words = files.path().join("nps.csv");
    let mut text = String::from("user_id,score,comment\n");
    for (i, score) in ["ten", "nine", "eight", "seven"].iter().enumerate() {
        text.push_str(&format!("u{i},{score},Fine\n"));
    }
    std::fs::write(&words, text).unwrap();
    document_without_data(&home);
    let app = App::start(&home).await;

    // Two files dropped together: the first that cannot be opened says so, the second waits.
    drop_files(&app, &[&missing, &words]).await;
    app.wait_for(DIALOG).await;
    let error = app.text("[data-testid=import-error]").await;
    assert!(error.contains("orders-2024.csv"), "{error}");
    assert_eq!(
        app.text("[data-testid=import-waiting]").await,
        "1 more file after this one"
    );
    assert!(!is_enabled(&app, "[data-testid=import-start]").await);
    app.screenshot("import-unreadable").await;
    app.press(Key::Escape, false, false).await;

    // A file none of whose rows can be read is refused whole, with the reasons.
    app.wait_for_text_in("[data-testid=import-file]", "nps.csv")
        .await;
    app.wait_for_text_in("[data-testid=import-preview]", "nine")
        .await;
    assert_eq!(value(&app, "[data-testid=import-kind]").await, "survey");
    assert!(app
        .client
        .find_all(Locator::Css("[data-testid=import-waiting]"))
        .await
        .unwrap()
        .is_empty());
    app.wait_for("[data-testid=import-start]")
        .await
        .click()
        .await
        .unwrap();
    app.wait_for("[data-testid=import-result][data-outcome=refused]")
        .await;
    let error = app.text("[data-testid=import-error]").await;
    assert!(error.contains("nothing was imported"), "{error}");
    let lines = app.text("[data-testid=refused-lines]").await;
    assert_eq!(lines, "lines 2, 3, 4 and 5");
    app.screenshot("import-refused").await;
    assert_eq!(imports(&home.sample()), Vec::<Value>::new());
    app.wait_for("[data-testid=import-done]")
        .await
        .click()
        .await
        .unwrap();
    gone(&app, DIALOG).await;
    app.quit().await;
}
