//! How smooth the canvas is on a big map in the real app: a map of 40 stages, 8 lanes and
//! 2,000 cards is opened from the map list, then panned, zoomed with Ctrl and the wheel, and
//! a card dragged across it, while the page records the time between animation frames. It
//! prints how long opening took and the distribution of frame times for each; the targets are
//! opening under 500 ms and a 95th percentile under 16.7 ms. It measures and asserts nothing
//! about time, so it is left out of the test run:
//!
//! ```sh
//! cargo test -p waymark-e2e --test canvas_bench -- --ignored --nocapture
//! ```

use std::time::Duration;

use fantoccini::actions::{InputSource, MouseActions, PointerAction};
use serde_json::Value;
use waymark_core::template::Template;
use waymark_core::{large, Document};
use waymark_e2e::{centre, App, Home};

const BIG_MAP: &str = "Forty stages";

/// A document with a small map first and the big one second, opened by the app at start.
fn big_document(home: &Home) -> std::path::PathBuf {
    let path = home.path().join("big.waymark");
    let mut doc = Document::create(&path).unwrap();
    doc.add_map(Template::Blank.build("Small")).unwrap();
    doc.add_map(large::map(BIG_MAP, 40, 2_000)).unwrap();
    std::fs::create_dir_all(home.settings().parent().unwrap()).unwrap();
    let settings = serde_json::json!({ "last_document": path, "recent": [path] });
    std::fs::write(home.settings(), settings.to_string()).unwrap();
    path
}

/// Starts recording the time between animation frames in the page.
async fn record_frames(app: &App) {
    let script = "window.frameTimes = []; window.recording = true; \
                  let last = performance.now(); \
                  const tick = (now) => { \
                    window.frameTimes.push(now - last); last = now; \
                    if (window.recording) requestAnimationFrame(tick); \
                  }; \
                  requestAnimationFrame(tick);";
    app.client.execute(script, vec![]).await.unwrap();
}

/// Stops recording and returns the frame times in milliseconds, the first one left out as
/// it starts from the recording, not from a frame.
async fn recorded_frames(app: &App) -> Vec<f64> {
    let script = "window.recording = false; return window.frameTimes.slice(1);";
    let value = app.client.execute(script, vec![]).await.unwrap();
    serde_json::from_value(value).unwrap()
}

/// Prints the count, median, 95th percentile and longest of `frames`.
fn report(what: &str, mut frames: Vec<f64>) {
    assert!(!frames.is_empty(), "no frames were drawn while {what}");
    frames.sort_by(f64::total_cmp);
    let at = |share: f64| frames[((frames.len() - 1) as f64 * share).round() as usize];
    println!(
        "{what}: {} frames, median {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, longest {:.1} ms",
        frames.len(),
        at(0.5),
        at(0.95),
        at(0.99),
        frames[frames.len() - 1]
    );
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "a benchmark: run it with --ignored --nocapture"]
async fn frame_times_on_a_map_of_2000_cards() {
    let home = Home::new();
    big_document(&home);
    let app = App::start(&home).await;

    // Opening: from the click in the map list to the first frame that shows the big map's
    // cards (the 40 columns make the scene 8,950 pixels wide).
    let open = "const done = arguments[1]; \
                const item = [...document.querySelectorAll('[data-testid=map-item] button')] \
                  .find(b => b.textContent.includes(arguments[0])); \
                const start = performance.now(); item.click(); \
                const wait = () => { \
                  const scene = document.querySelector('svg.scene'); \
                  const wide = scene && scene.getAttribute('viewBox').startsWith('0 0 8950 '); \
                  if (wide && document.querySelector('[data-testid=card]')) \
                    requestAnimationFrame(() => done(performance.now() - start)); \
                  else requestAnimationFrame(wait); \
                }; \
                wait();";
    let opened = app
        .client
        .execute_async(open, vec![Value::from(BIG_MAP)])
        .await
        .unwrap();
    println!("opening the map: {:.0} ms", opened.as_f64().unwrap());

    // Panning: the canvas scrolled a little on every frame for two seconds.
    let pan = "const done = arguments[0]; \
               const c = document.querySelector('[data-testid=canvas]'); \
               let n = 0; \
               const step = () => { \
                 c.scrollLeft += 24; c.scrollTop += 6; \
                 if (++n < 120) requestAnimationFrame(step); else done(); \
               }; \
               requestAnimationFrame(step);";
    record_frames(&app).await;
    app.client.execute_async(pan, vec![]).await.unwrap();
    report("panning", recorded_frames(&app).await);

    // Zooming: Ctrl and the wheel over the middle of the canvas, a notch every frame.
    let zoom = "const done = arguments[0]; \
                const c = document.querySelector('[data-testid=canvas]'); \
                const r = c.getBoundingClientRect(); \
                let n = 0; \
                const step = () => { \
                  c.dispatchEvent(new WheelEvent('wheel', { deltaY: n < 30 ? 40 : -40, \
                    ctrlKey: true, bubbles: true, cancelable: true, \
                    clientX: r.left + r.width / 2, clientY: r.top + r.height / 2 })); \
                  if (++n < 60) requestAnimationFrame(step); else done(); \
                }; \
                requestAnimationFrame(step);";
    record_frames(&app).await;
    app.client.execute_async(zoom, vec![]).await.unwrap();
    report("zooming", recorded_frames(&app).await);

    // Dragging a card three columns to the right in sixty small moves, then Escape; at 100%,
    // from the top left of the map.
    app.chord('0', true, false).await;
    app.client
        .execute(
            "document.querySelector('[data-testid=canvas]').scrollTo(0, 0);",
            vec![],
        )
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let card = app.wait_for("[data-testid=card]").await;
    let (x, y) = centre(&card).await;
    let mut mouse = MouseActions::new("mouse".into())
        .then(PointerAction::MoveTo {
            duration: None,
            x: x.round(),
            y: y.round(),
        })
        .then(PointerAction::Down { button: 0 });
    for i in 1..=60 {
        mouse = mouse.then(PointerAction::MoveTo {
            duration: Some(Duration::from_millis(16)),
            x: (x + 11.0 * f64::from(i)).round(),
            y: (y + 2.0 * f64::from(i % 10)).round(),
        });
    }
    record_frames(&app).await;
    if let Err(err) = app.client.perform_actions(mouse).await {
        panic!("the drag from ({x}, {y}) failed: {err}");
    }
    let frames = recorded_frames(&app).await;
    app.press(fantoccini::key::Key::Escape, false, false).await;
    let up = MouseActions::new("mouse".into()).then(PointerAction::Up { button: 0 });
    app.client.perform_actions(up).await.unwrap();
    report("dragging a card", frames);

    app.quit().await;
}
