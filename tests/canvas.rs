//! Rearranging the sample map on the canvas with the real pointer: a card dragged to another cell,
//! two stages swapped by dragging a header, a lane moved up by its header, an emotion point dragged
//! up, a drag called off with Escape, a stage added from the "+" between two headers, a lane folded
//! from its header, a lane of a kind added, a stage and a lane deleted, and the pinned headers of a
//! scrolled map renaming and moving a stage. After each change the document is read back with
//! `waymark show --json`, then Undo is clicked and the document read again.

use std::path::Path;
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, MouseActions, PointerAction};
use fantoccini::key::Key;
use fantoccini::Locator;
use serde_json::Value;
use waymark_e2e::{centre, show_map, App, Home};

const SAMPLE_MAP: &str = "Instagram ad to repeat purchase";

/// Presses at `from`, moves to `to` in a few steps as a hand would, and, when `release`,
/// lets go there. Points are CSS pixels of the window.
async fn drag(app: &App, from: (f64, f64), to: (f64, f64), release: bool) {
    let step = Duration::from_millis(40);
    let mut mouse = MouseActions::new("mouse".into())
        .then(PointerAction::MoveTo {
            duration: None,
            x: from.0.round(),
            y: from.1.round(),
        })
        .then(PointerAction::Down { button: 0 });
    for i in 1..=6 {
        let share = f64::from(i) / 6.0;
        mouse = mouse.then(PointerAction::MoveTo {
            duration: Some(step),
            x: (from.0 + (to.0 - from.0) * share).round(),
            y: (from.1 + (to.1 - from.1) * share).round(),
        });
    }
    if release {
        mouse = mouse.then(PointerAction::Up { button: 0 });
    }
    app.client.perform_actions(mouse).await.unwrap();
}

/// Clicks Undo in the toolbar.
async fn undo(app: &App) {
    // TODO: a Ctrl+Z pressed just after a drop is sometimes lost (about one run in five):
    // neither the page nor the menu's Undo acts on it, probably because the menu's accelerator
    // takes the key while the shell is still enabling its Undo item. Press the keys here once
    // the shell enables the item before the edit's reply.
    let button = app.wait_for("[data-testid=undo]:not([disabled])").await;
    app.click(&button).await;
}

/// Lets go of the pointer where it is.
async fn release(app: &App) {
    let up = MouseActions::new("mouse".into()).then(PointerAction::Up { button: 0 });
    app.client.perform_actions(up).await.unwrap();
}

/// Reads the sample map from the document until `done` holds for it, and returns it.
async fn wait_for_map(doc: &Path, what: &str, done: impl Fn(&Value) -> bool) -> Value {
    wait_for_named_map(doc, SAMPLE_MAP, what, done).await
}

/// Reads the map `name` from the document until `done` holds for it, and returns it.
async fn wait_for_named_map(
    doc: &Path,
    name: &str,
    what: &str,
    done: impl Fn(&Value) -> bool,
) -> Value {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let map = show_map(doc, name);
        if done(&map) {
            return map;
        }
        assert!(
            Instant::now() < deadline,
            "the document never showed {what}"
        );
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

/// The centre of the first element matching `css`.
async fn centre_of(app: &App, css: &str) -> (f64, f64) {
    centre(&app.wait_for(css).await).await
}

/// The centre of the cell where stage `stage` (an index) meets lane `lane` (an index).
async fn cell_centre(app: &App, stage: usize, lane: usize) -> (f64, f64) {
    let headers = app
        .client
        .find_all(Locator::Css("[data-testid=stage-header]"))
        .await
        .unwrap();
    let bands = app
        .client
        .find_all(Locator::Css("[data-testid=lane] > rect:first-child"))
        .await
        .unwrap();
    let (x, _) = centre(&headers[stage]).await;
    let (_, y) = centre(&bands[lane]).await;
    (x, y)
}

/// The bottom of a lane's band, in window pixels.
async fn band_bottom(app: &App, lane: usize) -> f64 {
    let script = "const b = document.querySelectorAll('[data-testid=lane] > rect:first-child'); \
                  return b[arguments[0]].getBoundingClientRect().bottom;";
    let value = app
        .client
        .execute(script, vec![serde_json::json!(lane)])
        .await
        .unwrap();
    value.as_f64().unwrap()
}

/// Waits until the canvas draws card `id` in the column of stage `stage` (an index).
async fn wait_for_card_in_column(app: &App, id: &Value, stage: usize) {
    let probe = format!(
        "(() => {{ \
           const card = document.querySelector(\"[data-testid=card][data-card-id='{id}']\"); \
           const head = document.querySelectorAll('[data-testid=stage-header]')[{stage}]; \
           if (!card || !head) return false; \
           const c = card.getBoundingClientRect(), h = head.getBoundingClientRect(); \
           return c.left >= h.left && c.right <= h.right; \
         }})()"
    );
    app.wait_until(&format!("card {id} drawn in stage {stage}"), &probe)
        .await;
}

fn card<'a>(map: &'a Value, id: &Value) -> Option<(usize, &'a Value)> {
    let lanes = map["lanes"].as_array().unwrap();
    lanes.iter().enumerate().find_map(|(lane, l)| {
        let cards = l["cards"].as_array().unwrap();
        cards.iter().find(|c| &c["id"] == id).map(|c| (lane, c))
    })
}

fn stage_names(map: &Value) -> Vec<String> {
    let stages = map["stages"].as_array().unwrap();
    stages
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_string())
        .collect()
}

/// The value of the map's own emotion point at stage index `stage`.
fn emotion(map: &Value, stage: u64) -> f64 {
    let lanes = map["lanes"].as_array().unwrap();
    let emotions = lanes.iter().find(|l| l["kind"] == "emotions").unwrap();
    let points = emotions["points"].as_array().unwrap();
    let point = points
        .iter()
        .find(|p| p["stage"] == stage && p["persona_id"].is_null())
        .unwrap();
    point["value"].as_f64().unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_card_dragged_to_another_cell_moves_there_and_undo_brings_it_back() {
    let home = Home::new();
    let app = App::start(&home).await;
    let doc = home.sample();
    let before = show_map(&doc, SAMPLE_MAP);
    let moved = before["lanes"][0]["cards"][0].clone();
    assert_eq!(moved["stage"], 0);
    let id = moved["id"].clone();

    let from = centre_of(&app, &format!("[data-testid=card][data-card-id='{id}']")).await;
    // Into the Actions lane of the third stage, below its cards.
    let (x, _) = cell_centre(&app, 2, 0).await;
    let to = (x, band_bottom(&app, 0).await - 12.0);
    drag(&app, from, to, false).await;
    app.wait_for("[data-testid=drop-indicator]").await;
    app.screenshot("canvas-card-drag").await;
    release(&app).await;

    let after = wait_for_map(&doc, "the card in the third stage", |map| {
        card(map, &id).is_some_and(|(_, c)| c["stage"] == 2)
    })
    .await;
    let (lane, _) = card(&after, &id).unwrap();
    assert_eq!(lane, 0, "the card stays in its lane");
    let third: Vec<&Value> = after["lanes"][0]["cards"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["stage"] == 2)
        .collect();
    assert_eq!(
        third.last().unwrap()["id"],
        id,
        "dropped below the cards, it comes last"
    );
    assert_eq!(after["lanes"][0]["cards"].as_array().unwrap().len(), {
        before["lanes"][0]["cards"].as_array().unwrap().len()
    });
    wait_for_card_in_column(&app, &id, 2).await;
    app.screenshot("canvas-card-dropped").await;

    undo(&app).await;
    wait_for_map(&doc, "the card back in the first stage", |map| {
        map["lanes"] == before["lanes"]
    })
    .await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn two_stages_swap_by_dragging_a_header_and_undo_swaps_them_back() {
    let home = Home::new();
    let app = App::start(&home).await;
    let doc = home.sample();
    let before = show_map(&doc, SAMPLE_MAP);
    let names = stage_names(&before);

    let headers = app
        .client
        .find_all(Locator::Css("[data-testid=stage-header]"))
        .await
        .unwrap();
    let from = centre(&headers[0]).await;
    let to = centre(&headers[1]).await;
    drag(&app, from, (to.0 + 20.0, to.1), false).await;
    app.wait_for("[data-testid=drop-indicator]").await;
    app.screenshot("canvas-stage-drag").await;
    release(&app).await;

    let mut swapped = names.clone();
    swapped.swap(0, 1);
    let after = wait_for_map(&doc, "the first two stages swapped", |map| {
        stage_names(map) == swapped
    })
    .await;
    // The cards of the first stage travel with it to the second column.
    let first_card = &before["lanes"][0]["cards"][0];
    let (_, moved) = card(&after, &first_card["id"]).unwrap();
    assert_eq!(moved["stage"], 1);
    let first = serde_json::json!(swapped[0]);
    app.wait_until(
        "the canvas to show the new order",
        &format!("document.querySelector('[data-testid=stage-header]').textContent === {first}"),
    )
    .await;

    undo(&app).await;
    wait_for_map(&doc, "the stages in their first order", |map| {
        stage_names(map) == names && map["lanes"] == before["lanes"]
    })
    .await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_emotion_point_dragged_up_feels_better_and_undo_restores_it() {
    let home = Home::new();
    let app = App::start(&home).await;
    let doc = home.sample();
    let before = show_map(&doc, SAMPLE_MAP);
    let stage_id = before["stages"][2]["id"].clone();
    let old = emotion(&before, 2);

    let css = format!(
        "[data-testid=emotion-curve][data-persona-id=''] \
         [data-testid=emotion-point][data-stage-id='{stage_id}'] circle"
    );
    let from = centre_of(&app, &css).await;
    // Ten pixels are about a third of a step of the scale; thirty are well over one.
    drag(&app, from, (from.0, from.1 - 30.0), false).await;
    app.wait_for("[data-testid=drag-ghost]").await;
    app.screenshot("canvas-emotion-drag").await;
    release(&app).await;

    let after = wait_for_map(&doc, "a higher emotion at the third stage", |map| {
        emotion(map, 2) > old + 0.5
    })
    .await;
    assert!(emotion(&after, 2) <= 2.0);
    assert_eq!(emotion(&after, 1), emotion(&before, 1), "other points stay");
    let css_js = serde_json::json!(css);
    let probe = format!(
        "document.querySelector({css_js}).getBoundingClientRect().top < {}",
        from.1 - 20.0
    );
    app.wait_until("the point drawn higher", &probe).await;

    undo(&app).await;
    wait_for_map(&doc, "the emotion as it was", |map| emotion(map, 2) == old).await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn escape_calls_off_a_drag_so_one_undo_undoes_the_next_drop() {
    let home = Home::new();
    let app = App::start(&home).await;
    let doc = home.sample();
    let before = show_map(&doc, SAMPLE_MAP);
    let id = before["lanes"][0]["cards"][0]["id"].clone();
    let card_css = format!("[data-testid=card][data-card-id='{id}']");

    // Towards the Touchpoints lane of the fourth stage, then Escape before letting go.
    let from = centre_of(&app, &card_css).await;
    let to = cell_centre(&app, 3, 1).await;
    drag(&app, from, to, false).await;
    app.wait_for("[data-testid=drop-indicator]").await;
    app.press(Key::Escape, false, false).await;
    app.wait_until(
        "the drag to end",
        "!document.querySelector('[data-testid=drag-layer]')",
    )
    .await;
    release(&app).await;

    // The next drag, into the third stage, is the only edit: one undo restores the map.
    let from = centre_of(&app, &card_css).await;
    let (x, _) = cell_centre(&app, 2, 0).await;
    drag(&app, from, (x, band_bottom(&app, 0).await - 12.0), true).await;
    let after = wait_for_map(&doc, "the card in the third stage", |map| {
        card(map, &id).is_some_and(|(_, c)| c["stage"] == 2)
    })
    .await;
    assert_eq!(
        card(&after, &id).unwrap().0,
        0,
        "never in the Touchpoints lane"
    );
    wait_for_card_in_column(&app, &id, 2).await;
    undo(&app).await;
    wait_for_map(&doc, "the map as it was", |map| {
        map["lanes"] == before["lanes"]
    })
    .await;
    app.quit().await;
}

/// Moves the pointer to a point of the window without pressing.
async fn hover(app: &App, at: (f64, f64)) {
    let mouse = MouseActions::new("mouse".into()).then(PointerAction::MoveTo {
        duration: None,
        x: at.0.round(),
        y: at.1.round(),
    });
    app.client.perform_actions(mouse).await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn the_plus_between_two_stage_headers_adds_a_stage_there_named_in_place() {
    let home = Home::new();
    let app = App::start(&home).await;
    let doc = home.sample();
    let before = show_map(&doc, SAMPLE_MAP);
    let names = stage_names(&before);

    // Between the first and the second header.
    let script = "const h = document.querySelectorAll('[data-testid=stage-header]')[1]; \
                  const r = h.getBoundingClientRect(); return [r.left, r.top + r.height / 2];";
    let gap = app.client.execute(script, vec![]).await.unwrap();
    hover(
        &app,
        (gap[0].as_f64().unwrap() + 3.0, gap[1].as_f64().unwrap()),
    )
    .await;
    let plus = app.wait_for("[data-testid=add-stage]").await;
    app.screenshot("canvas-add-stage").await;
    app.click(&plus).await;

    app.wait_for("[data-testid=editor]").await;
    app.type_text("Comparison").await;
    app.press(Key::Enter, false, false).await;
    let mut wanted = names.clone();
    wanted.insert(1, "Comparison".to_string());
    let after = wait_for_map(&doc, "the new stage, named, second", |map| {
        stage_names(map) == wanted
    })
    .await;
    assert_eq!(
        card(&after, &before["lanes"][0]["cards"][0]["id"])
            .unwrap()
            .1["stage"],
        0,
        "the first stage's cards stay in the first column"
    );

    undo(&app).await;
    undo(&app).await;
    wait_for_map(&doc, "the stages as they were", |map| {
        stage_names(map) == names
    })
    .await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_lane_folds_from_its_header_and_a_lane_of_a_kind_is_added_under_the_map() {
    let home = Home::new();
    let app = App::start(&home).await;
    let doc = home.sample();
    let before = show_map(&doc, SAMPLE_MAP);
    let lanes = before["lanes"].as_array().unwrap().len();
    let thoughts = before["lanes"][2].clone();
    assert_eq!(thoughts["kind"], "thoughts");

    let header = format!(
        "[data-testid=lane][data-lane-id='{}'] > rect:nth-child(2)",
        thoughts["id"]
    );
    hover(&app, centre_of(&app, &header).await).await;
    let toggle = app
        .wait_for(&format!(
            "[data-testid=lane-toggle][data-lane-id='{}']",
            thoughts["id"]
        ))
        .await;
    app.click(&toggle).await;
    wait_for_map(&doc, "the Thoughts lane folded", |map| {
        map["lanes"][2]["collapsed"] == true
    })
    .await;
    app.wait_until(
        "the folded lane drawn thin",
        "document.querySelector(\"[data-testid=lane-toggle][aria-expanded=false]\") !== null",
    )
    .await;
    app.screenshot("canvas-lane-folded").await;

    // WebKitWebDriver finds the options of this list not interactable, so the choice is made
    // as the list itself reports it.
    let add = app.wait_for("[data-testid=add-lane]").await;
    let arg = serde_json::to_value(&add).unwrap();
    let choose = "const list = arguments[0]; list.value = 'channels'; \
                  list.dispatchEvent(new Event('change', { bubbles: true }));";
    app.client.execute(choose, vec![arg]).await.unwrap();
    let after = wait_for_map(&doc, "a Channels lane at the bottom", |map| {
        map["lanes"].as_array().unwrap().len() == lanes + 1
    })
    .await;
    let added = &after["lanes"][lanes];
    assert_eq!(added["kind"], "channels");
    assert_eq!(added["name"], "Channels");
    app.wait_for_text("[data-testid=lane] text", "Channels")
        .await;

    undo(&app).await;
    undo(&app).await;
    wait_for_map(&doc, "the lanes as they were", |map| {
        map["lanes"] == before["lanes"]
    })
    .await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn stage_and_lane_headers_stay_in_view_and_work_while_the_map_is_scrolled() {
    let home = Home::new();
    let app = App::start(&home).await;
    let doc = home.sample();
    let before = show_map(&doc, SAMPLE_MAP);
    let stage = before["stages"][3].clone();

    let scroll = "const c = document.querySelector('[data-testid=canvas]'); \
                  c.scrollTop = 400; c.scrollLeft = 300; \
                  return [c.scrollTop, c.scrollLeft];";
    let scrolled = app.client.execute(scroll, vec![]).await.unwrap();
    assert!(scrolled[0].as_f64().unwrap() > 0.0 && scrolled[1].as_f64().unwrap() > 0.0);
    app.wait_for("[data-testid=pinned-stage-headers]").await;
    app.wait_for("[data-testid=pinned-lane-headers]").await;
    app.screenshot("canvas-pinned-headers").await;

    // The fourth stage's header, drawn at the top of the viewport though the map's own
    // headers have scrolled away, takes a double-click to rename it.
    let script =
        "const c = document.querySelector('[data-testid=canvas]').getBoundingClientRect(); \
                  const h = document.querySelector(\"[data-testid=stage-header][data-stage-id='\" \
                    + arguments[0] + \"']\").getBoundingClientRect(); \
                  return [h.left + h.width / 2, c.top + 20];";
    let at = app
        .client
        .execute(script, vec![stage["id"].clone()])
        .await
        .unwrap();
    let (x, y) = (at[0].as_f64().unwrap(), at[1].as_f64().unwrap());
    app.click_at(x, y, 2).await;
    app.wait_for("[data-testid=editor]").await;
    app.screenshot("canvas-pinned-rename").await;
    app.type_text("Shipping").await;
    app.press(Key::Enter, false, false).await;
    wait_for_map(&doc, "the fourth stage renamed", |map| {
        map["stages"][3]["name"] == "Shipping"
    })
    .await;

    // Dragged by its pinned header, the stage moves one column right.
    let mut wanted = stage_names(&show_map(&doc, SAMPLE_MAP));
    wanted.swap(3, 4);
    drag(&app, (x, y), (x + 220.0, y), false).await;
    app.wait_for("[data-testid=drop-indicator]").await;
    app.screenshot("canvas-pinned-stage-drag").await;
    release(&app).await;
    wait_for_map(&doc, "the renamed stage moved right", |map| {
        stage_names(map) == wanted
    })
    .await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_lane_dragged_by_its_header_moves_up_and_undo_moves_it_back() {
    let home = Home::new();
    let app = App::start(&home).await;
    let doc = home.sample();
    let before = show_map(&doc, SAMPLE_MAP);
    let kinds = |map: &Value| -> Vec<String> {
        let lanes = map["lanes"].as_array().unwrap();
        lanes
            .iter()
            .map(|l| l["kind"].as_str().unwrap().to_string())
            .collect()
    };
    let mut wanted = kinds(&before);
    let thoughts = wanted.remove(2);
    wanted.insert(0, thoughts);

    let header = |index: usize| {
        format!(
            "[data-testid=lane][data-lane-id='{}'] > rect:nth-child(2)",
            before["lanes"][index]["id"]
        )
    };
    let from = centre_of(&app, &header(2)).await;
    let to = centre_of(&app, &header(0)).await;
    drag(&app, (from.0 - 40.0, from.1), (to.0 - 40.0, to.1), false).await;
    app.wait_for("[data-testid=drop-indicator]").await;
    app.screenshot("canvas-lane-drag").await;
    release(&app).await;
    wait_for_map(&doc, "the Thoughts lane on top", |map| kinds(map) == wanted).await;

    undo(&app).await;
    wait_for_map(&doc, "the lanes as they were", |map| {
        map["lanes"] == before["lanes"]
    })
    .await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stage_and_a_lane_are_deleted_with_their_cards_and_undo_brings_both_back() {
    let home = Home::new();
    let app = App::start(&home).await;
    let doc = home.sample();
    let before = show_map(&doc, SAMPLE_MAP);
    let stages = before["stages"].as_array().unwrap().len();
    let lanes = before["lanes"].as_array().unwrap().len();

    // The second stage: selected by a click on its header, then Delete.
    let header = format!(
        "[data-testid=stage-header][data-stage-id='{}']",
        before["stages"][1]["id"]
    );
    app.click(&app.wait_for(&header).await).await;
    app.press(Key::Delete, false, false).await;
    wait_for_map(&doc, "one stage fewer", |map| {
        map["stages"].as_array().unwrap().len() == stages - 1
    })
    .await;

    // The Thoughts lane: its header's delete button, shown while the pointer is on it.
    let thoughts = &before["lanes"][2]["id"];
    let lane_header = format!("[data-testid=lane][data-lane-id='{thoughts}'] > rect:nth-child(2)");
    hover(&app, centre_of(&app, &lane_header).await).await;
    let delete = app
        .wait_for(&format!(
            "[data-testid=lane-delete][data-lane-id='{thoughts}']"
        ))
        .await;
    app.screenshot("canvas-lane-delete").await;
    app.click(&delete).await;
    let after = wait_for_map(&doc, "one lane fewer", |map| {
        map["lanes"].as_array().unwrap().len() == lanes - 1
    })
    .await;
    let lanes_after = after["lanes"].as_array().unwrap();
    assert!(lanes_after.iter().all(|l| l["kind"] != "thoughts"));

    undo(&app).await;
    wait_for_map(&doc, "the lane back", |map| {
        map["lanes"].as_array().unwrap().len() == lanes
    })
    .await;
    undo(&app).await;
    wait_for_map(&doc, "the map as it was", |map| map == &before).await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn ctrl_d_duplicates_the_selected_card_under_it_and_undo_removes_the_copy() {
    let home = Home::new();
    let app = App::start(&home).await;
    let doc = home.sample();
    let before = show_map(&doc, SAMPLE_MAP);
    let original = before["lanes"][0]["cards"][0].clone();
    let cards = before["lanes"][0]["cards"].as_array().unwrap().len();

    let css = format!("[data-testid=card][data-card-id='{}']", original["id"]);
    app.click(&app.wait_for(&css).await).await;
    app.chord('d', true, false).await;
    let after = wait_for_map(&doc, "a copy of the card", |map| {
        map["lanes"][0]["cards"].as_array().unwrap().len() == cards + 1
    })
    .await;
    // The copy comes right after the original, in its cell, with every field but the id.
    let copy = &after["lanes"][0]["cards"][1];
    assert_ne!(copy["id"], original["id"]);
    for field in ["stage", "text", "channel", "owner", "colour", "tags"] {
        assert_eq!(copy[field], original[field], "{field}");
    }
    // Drawn on the canvas too.
    app.wait_for(&format!(
        "[data-testid=card][data-card-id='{}']",
        copy["id"]
    ))
    .await;

    undo(&app).await;
    wait_for_map(&doc, "the map as it was", |map| map == &before).await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn ctrl_f_finds_cards_by_their_text_in_reading_order_and_scrolls_to_each() {
    let home = Home::new();
    let app = App::start(&home).await;
    let doc = home.sample();
    let map = show_map(&doc, SAMPLE_MAP);
    // The matches as a person reads the map: stage by stage, then lane by lane.
    let mut wanted = Vec::new();
    for stage in 0..map["stages"].as_array().unwrap().len() {
        for lane in map["lanes"].as_array().unwrap() {
            for card in lane["cards"].as_array().unwrap() {
                let text = card["text"].as_str().unwrap().to_lowercase();
                if card["stage"] == stage && text.contains("restock") {
                    wanted.push(card["id"].clone());
                }
            }
        }
    }
    assert!(wanted.len() >= 2, "{wanted:?}");

    app.click(&app.wait_for("[data-testid=map-title]").await)
        .await;
    app.chord('f', true, false).await;
    app.wait_for("[data-testid=find-input]").await;
    app.type_text("RESTOCK").await;
    let count = format!("1 of {}", wanted.len());
    app.wait_for_text("[data-testid=find-count]", &count).await;
    // The first match is selected and scrolled into the canvas's view.
    let in_view = |id: &Value| {
        format!(
            "(() => {{ \
             const card = document.querySelector(\"[data-testid=card][data-card-id='{id}']\"); \
             const view = document.querySelector('[data-testid=canvas]'); \
             if (!card || !view) return false; \
             const c = card.getBoundingClientRect(), v = view.getBoundingClientRect(); \
             return c.left >= v.left && c.right <= v.right \
               && c.top >= v.top && c.bottom <= v.bottom \
               && !!document.querySelector('[data-testid=selection]'); }})()"
        )
    };
    app.wait_until("the first match in view", &in_view(&wanted[0]))
        .await;
    app.screenshot("canvas-find").await;

    app.press(Key::Enter, false, false).await;
    app.wait_for_text(
        "[data-testid=find-count]",
        &format!("2 of {}", wanted.len()),
    )
    .await;
    app.wait_until("the second match in view", &in_view(&wanted[1]))
        .await;
    app.press(Key::Enter, false, true).await;
    app.wait_for_text("[data-testid=find-count]", &count).await;

    app.press(Key::Escape, false, false).await;
    app.wait_until(
        "the find field closed",
        "!document.querySelector('[data-testid=find-bar]')",
    )
    .await;
    // Finding changes nothing in the document.
    assert_eq!(show_map(&doc, SAMPLE_MAP), map);
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_card_copied_with_ctrl_c_pastes_under_the_selected_card_in_another_map() {
    const OTHER: &str = "Second shop";
    let home = Home::new();
    let doc = home.sample();
    std::fs::create_dir_all(doc.parent().unwrap()).unwrap();
    let doc_arg = doc.to_str().unwrap();
    waymark_e2e::waymark(&["new", doc_arg, "--template", "sample"]);
    waymark_e2e::waymark(&["new", doc_arg, "--template", "sample", "--name", OTHER]);

    let app = App::start(&home).await;
    app.wait_for_text("[data-testid=map-title]", SAMPLE_MAP)
        .await;
    // A touchpoint card, with its channel, from the first map.
    let original = show_map(&doc, SAMPLE_MAP)["lanes"][1]["cards"][0].clone();
    let css = format!("[data-testid=card][data-card-id='{}']", original["id"]);
    app.click(&app.wait_for(&css).await).await;
    app.chord('c', true, false).await;

    // Pasted in the other map, under the first card of its pain points.
    let other = waymark_e2e::waymark(&["maps", doc_arg, "--json"]);
    let other: Value = serde_json::from_str(&other).unwrap();
    let other = other
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == OTHER)
        .unwrap()["id"]
        .clone();
    let item = format!("[data-testid=map-item][data-map-id='{other}'] .map-name");
    app.click(&app.wait_for(&item).await).await;
    app.wait_for_text("[data-testid=map-title]", OTHER).await;
    let before = show_map(&doc, OTHER);
    let lane = before["lanes"]
        .as_array()
        .unwrap()
        .iter()
        .position(|l| l["kind"] == "pain_points")
        .unwrap();
    let cards = before["lanes"][lane]["cards"].as_array().unwrap().len();
    let under = before["lanes"][lane]["cards"][0].clone();
    let css = format!("[data-testid=card][data-card-id='{}']", under["id"]);
    app.click(&app.wait_for(&css).await).await;
    app.chord('v', true, false).await;
    let after = wait_for_named_map(&doc, OTHER, "the pasted card", |map| {
        map["lanes"][lane]["cards"].as_array().unwrap().len() == cards + 1
    })
    .await;
    let pasted = &after["lanes"][lane]["cards"][1];
    for field in ["text", "channel", "owner", "colour", "tags"] {
        assert_eq!(pasted[field], original[field], "{field}");
    }
    assert_eq!(pasted["stage"], under["stage"]);
    // The first map is as it was.
    assert_eq!(show_map(&doc, SAMPLE_MAP)["lanes"][1]["cards"][0], original);

    undo(&app).await;
    wait_for_named_map(&doc, OTHER, "the other map as it was", |map| map == &before).await;
    app.quit().await;
}
