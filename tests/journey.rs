//! Journey analytics in the app as a person uses them: a shop's events imported into a map
//! made from a template, its stages bound through the journey data panel, a persona defined
//! there, and the numbers read off the canvas's metrics lane, checked against counts worked
//! out by hand and against the command line's `waymark metrics`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use fantoccini::Locator;
use serde_json::{json, Value};
use waymark_e2e::{show_map, waymark, App, Home};

const MAP: &str = "Shop journey";

/// Thirty customers: every one clicks an ad, the first twenty view a product, the first eight
/// buy, and the first four buy again ten days later. Every third customer (0, 3, 6, ...)
/// came through e-mail, the others through paid ads, so by hand:
///
/// | group   | ad_click | product_view | purchase |
/// | ------- | -------- | ------------ | -------- |
/// | all     | 30       | 20           | 8        |
/// | email   | 10       | 7 (0..18)    | 3 (0, 3, 6) |
fn shop_events(dir: &Path) -> PathBuf {
    let mut text = String::from("user_id,event,timestamp,acquisition_channel\n");
    for i in 0..30 {
        let channel = if i % 3 == 0 { "email" } else { "paid" };
        let mut event = |name: &str, day: u32| {
            let hour = i % 20;
            text.push_str(&format!(
                "c{i:02},{name},2024-05-{day:02}T{hour:02}:00:00Z,{channel}\n"
            ));
        };
        event("ad_click", 1);
        if i < 20 {
            event("product_view", 2);
        }
        if i < 8 {
            event("purchase", 3);
        }
        if i < 4 {
            event("purchase", 13);
        }
    }
    let path = dir.join("shop events.csv");
    std::fs::write(&path, text).unwrap();
    path
}

/// A document holding the template's map and the shop's events, where the app opens it.
fn shop_document(home: &Home) -> PathBuf {
    let doc = home.sample();
    std::fs::create_dir_all(doc.parent().unwrap()).unwrap();
    let doc_arg = doc.to_str().unwrap();
    waymark(&[
        "new",
        doc_arg,
        "--template",
        "ad-to-repeat-purchase",
        "--name",
        MAP,
    ]);
    let events = shop_events(home.path());
    waymark(&[
        "import",
        doc_arg,
        events.to_str().unwrap(),
        "--kind",
        "events",
    ]);
    doc
}

/// Binds the stage `stage` (an id) to `event` through the panel: the stage chosen in its
/// list, as for a stage scrolled out of view, then the event ticked in the binding editor.
async fn bind(app: &App, stage: &Value, event: &str) {
    choose(
        app,
        "[data-testid=binding-stage-select]",
        &stage.to_string(),
    )
    .await;
    let button = app.wait_for("[data-testid=bind-stage-button]").await;
    app.click(&button).await;
    let option = app
        .wait_for(&format!("[data-testid=event-option][data-name='{event}']"))
        .await;
    app.click(&option).await;
    let save = app.wait_for("[data-testid=binding-save]").await;
    save.click().await.unwrap();
    app.wait_for_text("[data-testid=binding-text]", event).await;
}

/// The text of the metrics lane's figure for each stage, in stage order, with its lines
/// joined by " | "; an empty string for a stage without a figure.
async fn figures(app: &App) -> Vec<String> {
    let script = "return [...document.querySelectorAll('[data-testid=stage-header]')].map(h => {\
                    const id = h.getAttribute('data-stage-id');\
                    const f = document.querySelector(\
                      `[data-testid=stage-figure][data-stage-id='${id}']`);\
                    if (!f) return '';\
                    return [...f.querySelectorAll('text')].map(t => t.textContent).join(' | ');\
                  });";
    let value = app.client.execute(script, vec![]).await.unwrap();
    serde_json::from_value(value).unwrap()
}

/// Waits until the first three stages' figures start with these customer counts.
async fn wait_for_customers(app: &App, counts: [u64; 3]) -> Vec<String> {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let shown = figures(app).await;
        let wanted: Vec<String> = counts.iter().map(|c| format!("{c} customers")).collect();
        let matches = shown.len() >= 3 && (0..3).all(|i| shown[i].starts_with(&wanted[i]));
        if matches {
            return shown;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the metrics lane shows {shown:?}, not {wanted:?}"
        );
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

/// Chooses the option `value` of the first select matching `css`, as a click would.
async fn choose(app: &App, css: &str, value: &str) {
    let select = app.wait_for(css).await;
    let option = select
        .find(Locator::Css(&format!("option[value='{value}']")))
        .await
        .unwrap();
    option.click().await.unwrap();
}

/// What `waymark metrics --json` computes for the map, group by group.
fn metrics(doc: &Path) -> Value {
    let out = waymark(&["metrics", doc.to_str().unwrap(), "--map", MAP, "--json"]);
    serde_json::from_str(&out).unwrap()
}

/// The customers the command line counts at each of the funnel's steps for `group`.
fn command_line_customers(metrics: &Value, group: &str) -> Vec<u64> {
    let groups = metrics["funnel"]["groups"].as_array().unwrap();
    let group = groups
        .iter()
        .find(|g| g["group"] == group)
        .unwrap_or_else(|| panic!("no group {group} in {metrics}"));
    group["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["customers"].as_u64().unwrap())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn stages_bound_in_the_panel_show_each_groups_numbers_on_the_canvas() {
    let home = Home::new();
    let doc = shop_document(&home);
    let app = App::start(&home).await;
    app.wait_for_text("[data-testid=map-title]", MAP).await;

    let toggle = app.wait_for("[data-testid=metrics-panel-toggle]").await;
    app.click(&toggle).await;
    app.wait_for("[data-testid=metrics-panel]").await;

    let stages = show_map(&doc, MAP)["stages"].clone();
    // The first stage from the canvas, as a person would pick it.
    let first = app
        .wait_for(&format!(
            "[data-testid=stage-header][data-stage-id='{}']",
            stages[0]["id"]
        ))
        .await;
    app.click(&first).await;
    app.wait_for_text_in("[data-testid=binding-stage-select]", "1. Awareness")
        .await;
    bind(&app, &stages[0]["id"], "ad_click").await;
    bind(&app, &stages[1]["id"], "product_view").await;
    bind(&app, &stages[2]["id"], "purchase").await;
    let all = wait_for_customers(&app, [30, 20, 8]).await;
    assert!(all[1].contains("66.7% of previous stage"), "{all:?}");
    assert!(all[2].contains("40.0% of previous stage"), "{all:?}");
    // 12 of 20 viewers never buy: the largest drop-off, marked on the canvas.
    assert!(all[1].contains("60.0% drop off (largest)"), "{all:?}");
    let marked = app
        .client
        .find(Locator::Css(
            "[data-testid=stage-figure][data-drop-off-point]",
        ))
        .await
        .unwrap();
    assert_eq!(
        marked.attr("data-stage-id").await.unwrap().unwrap(),
        stages[1]["id"].to_string()
    );
    assert!(all[0].contains("median 1.0 days to next"), "{all:?}");
    assert_eq!(
        command_line_customers(&metrics(&doc), "All customers"),
        [30, 20, 8]
    );
    // The stage last bound is selected: its time from the stage before, in the panel.
    app.wait_for_text_in("[data-testid=stage-timing] h4", "Time from Consideration")
        .await;
    assert_eq!(app.text("[data-testid=timing-median]").await, "1.0 days");
    let bars = app.texts("[data-testid=timing-histogram] .bar-count").await;
    assert_eq!(
        bars.iter().map(|b| b.parse::<u64>().unwrap()).sum::<u64>(),
        8,
        "{bars:?}"
    );
    app.screenshot("journey-all-customers").await;

    // A persona made in the panel, by the e-mail channel.
    let add = app.wait_for("[data-testid=persona-add]").await;
    // Below the stage's timing now: scrolled to, as a person would.
    let scroll = "arguments[0].scrollIntoView({block: 'center'});";
    let element = serde_json::to_value(&add).unwrap();
    app.client.execute(scroll, vec![element]).await.unwrap();
    app.click(&add).await;
    let name = app.wait_for("[data-testid=persona-name]").await;
    name.click().await.unwrap();
    app.type_text("E-mail subscribers").await;
    choose(
        &app,
        "[data-testid=persona-form] [data-testid=condition-property]",
        "acquisition_channel",
    )
    .await;
    let value = app
        .wait_for("[data-testid=persona-form] [data-testid=condition-value]")
        .await;
    value.click().await.unwrap();
    app.type_text("email").await;
    let save = app.wait_for("[data-testid=persona-save]").await;
    save.click().await.unwrap();
    app.wait_for_text_in("[data-testid=persona-row]", "E-mail subscribers")
        .await;

    // Its numbers, once computed, replace the lane's when it is chosen.
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while app
        .client
        .find(Locator::Css(
            "[data-testid=group-select] option[value='E-mail subscribers']",
        ))
        .await
        .is_err()
    {
        assert!(std::time::Instant::now() < deadline, "no persona group");
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    choose(&app, "[data-testid=group-select]", "E-mail subscribers").await;
    let email = wait_for_customers(&app, [10, 7, 3]).await;
    assert!(email[1].contains("70.0% of previous stage"), "{email:?}");
    let computed = metrics(&doc);
    assert_eq!(
        command_line_customers(&computed, "E-mail subscribers"),
        [10, 7, 3]
    );
    assert_eq!(command_line_customers(&computed, "Other"), [20, 13, 5]);
    let table = app.text("[data-testid=compare-table]").await;
    assert!(table.contains("E-mail subscribers"), "{table}");
    app.screenshot("journey-persona").await;

    // Split by a property of the data instead: one group per first-touch value.
    choose(&app, "[data-testid=split-select]", "acquisition_channel").await;
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while app
        .client
        .find(Locator::Css(
            "[data-testid=group-select] option[value='paid']",
        ))
        .await
        .is_err()
    {
        assert!(
            std::time::Instant::now() < deadline,
            "no group for the value paid"
        );
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    choose(&app, "[data-testid=group-select]", "paid").await;
    wait_for_customers(&app, [20, 13, 5]).await;
    // The lane's caption, wrapped to the header: "acquisition_channel:", then "paid".
    app.wait_for_text_in("[data-testid=lane] text", "acquisition_channel:")
        .await;
    app.wait_for_text_in("[data-testid=lane] text", "paid")
        .await;

    // Repeat purchases of the event ticked in the settings: 8 buyers, 4 of whom bought
    // again 10 days later.
    choose(&app, "[data-testid=group-select]", "All customers").await;
    let purchase = app
        .wait_for("[data-testid=purchase-event][data-name='purchase']")
        .await;
    purchase.click().await.unwrap();
    app.wait_for_text_in("[data-testid=gap-summary]", "Median 10.0 days")
        .await;
    let repeat = app.text("[data-testid=repeat-purchases]").await;
    assert!(repeat.contains("8buyers"), "{repeat}");
    assert!(
        repeat.contains("4bought again50.0%repeat share"),
        "{repeat}"
    );
    let computed = metrics(&doc);
    let all_buyers = &computed["intervals"]["groups"][0];
    assert_eq!(all_buyers["buyers"], 8, "{computed}");
    assert_eq!(all_buyers["repeat_buyers"], 4, "{computed}");
    assert_eq!(all_buyers["gaps"][0]["median_days"], 10.0, "{computed}");
    app.screenshot("journey-repeat-purchases").await;

    // Undo takes the last changes back: the purchase event, the split, the persona, then the
    // purchase stage's binding.
    let canvas = app.wait_for("[data-testid=map-title]").await;
    app.click(&canvas).await;
    for _ in 0..4 {
        app.chord('z', true, false).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let stages = show_map(&doc, MAP)["stages"].clone();
        if stages[2]["binding"].is_null() {
            assert_eq!(stages[1]["binding"]["events"], json!(["product_view"]));
            break;
        }
        assert!(std::time::Instant::now() < deadline, "undo left {stages}");
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    let shown = figures(&app).await;
    assert_eq!(shown[2], "Not bound to data", "{shown:?}");
    assert!(shown[1].starts_with("20 customers"), "{shown:?}");
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_opportunity_the_data_supports_goes_on_the_map_and_undo_takes_it_off() {
    const SAMPLE_MAP: &str = "Instagram ad to repeat purchase";
    let home = Home::new();
    let app = App::start(&home).await;
    app.wait_for_text("[data-testid=map-title]", SAMPLE_MAP)
        .await;
    let doc = home.sample();
    let opportunities = |map: &Value| -> Vec<String> {
        let lanes = map["lanes"].as_array().unwrap();
        let lane = lanes.iter().find(|l| l["kind"] == "opportunities").unwrap();
        let cards = lane["cards"].as_array().unwrap();
        cards
            .iter()
            .map(|c| c["text"].as_str().unwrap().to_string())
            .collect()
    };
    let before = opportunities(&show_map(&doc, SAMPLE_MAP));

    let toggle = app.wait_for("[data-testid=metrics-panel-toggle]").await;
    app.click(&toggle).await;
    let proposal = app.wait_for("[data-testid=opportunity] p").await;
    let text = proposal.text().await.unwrap();
    // The same moment the command line derives from the intervals.
    let computed = waymark(&["metrics", doc.to_str().unwrap(), "--json"]);
    let computed: Value = serde_json::from_str(&computed).unwrap();
    assert_eq!(computed["opportunity"]["text"], text.as_str());
    assert!(
        text.starts_with("Reach first-time buyers before day "),
        "{text}"
    );

    let add = app.wait_for("[data-testid=opportunity-add]").await;
    add.click().await.unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let stored = loop {
        let map = show_map(&doc, SAMPLE_MAP);
        if opportunities(&map).len() > before.len() {
            break map;
        }
        assert!(std::time::Instant::now() < deadline, "no card was added");
        tokio::time::sleep(Duration::from_millis(150)).await;
    };
    assert!(opportunities(&stored).contains(&text), "{stored}");
    // It lands in the stage of the purchase event: the card's stage is bound to it.
    let lane = stored["lanes"].as_array().unwrap();
    let lane = lane.iter().find(|l| l["kind"] == "opportunities").unwrap();
    let card = lane["cards"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["text"] == text.as_str());
    let stage = card.unwrap()["stage"].as_u64().unwrap() as usize;
    let binding = &stored["stages"][stage]["binding"];
    assert!(
        binding["events"].to_string().contains("purchase"),
        "{binding}"
    );
    let cards = stored["lanes"].as_array().unwrap().iter();
    let cards: usize = cards.map(|l| l["cards"].as_array().unwrap().len()).sum();
    let drawn = format!("document.querySelectorAll('[data-testid=card]').length === {cards}");
    app.wait_until("the new card drawn on the canvas", &drawn)
        .await;
    app.screenshot("journey-opportunity").await;

    let canvas = app.wait_for("[data-testid=map-title]").await;
    app.click(&canvas).await;
    app.chord('z', true, false).await;
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while opportunities(&show_map(&doc, SAMPLE_MAP)) != before {
        assert!(std::time::Instant::now() < deadline, "undo left the card");
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn orders_alone_show_repeat_purchases_without_a_bound_stage() {
    let home = Home::new();
    let doc = home.sample();
    std::fs::create_dir_all(doc.parent().unwrap()).unwrap();
    let doc_arg = doc.to_str().unwrap();
    waymark(&["new", doc_arg, "--template", "blank", "--name", MAP]);
    // Six customers buy on 1 May; three of them again ten days later.
    let mut orders = String::from("order_id,customer,date,amount\n");
    for i in 0..6 {
        orders.push_str(&format!("o{i},c{i},2024-05-01,20\n"));
    }
    for i in 0..3 {
        orders.push_str(&format!("r{i},c{i},2024-05-11,25\n"));
    }
    let file = home.path().join("orders.csv");
    std::fs::write(&file, orders).unwrap();
    let file_arg = file.to_str().unwrap();
    waymark(&[
        "import",
        doc_arg,
        file_arg,
        "--kind",
        "orders",
        "--column",
        "user=customer",
    ]);

    let app = App::start(&home).await;
    app.wait_for_text("[data-testid=map-title]", MAP).await;
    let toggle = app.wait_for("[data-testid=metrics-panel-toggle]").await;
    app.click(&toggle).await;
    app.wait_for_text_in("[data-testid=gap-summary]", "Median 10.0 days")
        .await;
    let repeat = app.text("[data-testid=repeat-purchases]").await;
    assert!(repeat.contains("6buyers"), "{repeat}");
    assert!(
        repeat.contains("3bought again50.0%repeat share"),
        "{repeat}"
    );
    // No stage is bound: the metrics lane says so rather than showing a funnel.
    let shown = figures(&app).await;
    assert!(
        !shown.is_empty() && shown.iter().all(|f| f == "Not bound to data"),
        "{shown:?}"
    );
    app.quit().await;
}
