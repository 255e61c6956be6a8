//! Drives the built Waymark app under a virtual display through WebDriver.
//!
//! Each [`App`] gets its own home (data, config and cache folders), its own `tauri-driver`
//! and, when no display is set, its own Xvfb. The app under test is the debug build in the
//! workspace's target folder; the test command builds it, and the UI, before running tests.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions, MouseActions, PointerAction};
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;

#[path = "native_dialog.rs"]
mod native_dialog;

/// Sessions share a display and ports; one at a time keeps them from stepping on each other.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// How long to wait for the UI to show something.
const PATIENCE: Duration = Duration::from_secs(20);

/// The workspace's target folder.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"))
}

/// A built binary of the workspace, or a panic that says how to build it.
pub fn binary(name: &str) -> PathBuf {
    let path = target_dir().join("debug").join(name);
    let path = path.canonicalize().unwrap_or(path);
    assert!(
        path.exists(),
        "{} is missing; build it first with `npm --prefix ui run build && cargo build --workspace`",
        path.display()
    );
    path
}

/// Where screenshots and other artifacts of the end-to-end tests are kept.
pub fn artifacts() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A home folder for the app, kept across restarts within one test.
pub struct Home {
    dir: tempfile::TempDir,
}

impl Default for Home {
    fn default() -> Self {
        Home::new()
    }
}

impl Home {
    pub fn new() -> Home {
        Home {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The sample document the app creates on its first start.
    pub fn sample(&self) -> PathBuf {
        self.path().join("data/app.waymark.desktop/Sample.waymark")
    }

    /// The app's settings file.
    pub fn settings(&self) -> PathBuf {
        self.path().join("config/app.waymark.desktop/settings.json")
    }
}

/// A virtual display, started when the environment has none.
struct Display {
    name: String,
    xvfb: Option<Child>,
}

impl Display {
    fn get() -> Display {
        if let Ok(name) = std::env::var("DISPLAY") {
            if !name.is_empty() {
                return Display { name, xvfb: None };
            }
        }
        let number = 90 + std::process::id() % 100;
        let name = format!(":{number}");
        let xvfb = Command::new("Xvfb")
            .args([
                name.as_str(),
                "-screen",
                "0",
                "1280x800x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb is not installed; the test command's set-up installs it");
        std::thread::sleep(Duration::from_millis(700));
        Display {
            name,
            xvfb: Some(xvfb),
        }
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        if let Some(xvfb) = &mut self.xvfb {
            let _ = xvfb.kill();
            let _ = xvfb.wait();
        }
    }
}

/// The running app and the WebDriver session that drives it.
pub struct App {
    pub client: Client,
    driver: Child,
    display: Display,
    _turn: tokio::sync::MutexGuard<'static, ()>,
}

impl App {
    /// Starts the app with `home` as its home folder and waits for its window.
    pub async fn start(home: &Home) -> App {
        let turn = ONE_AT_A_TIME.lock().await;
        let display = Display::get();
        let port = free_port();
        let driver = Command::new(tauri_driver())
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &free_port().to_string(),
            ])
            .env("DISPLAY", &display.name)
            .env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("XDG_CACHE_HOME", home.path().join("cache"))
            .env("WAYMARK_LOG", "info")
            .stdout(Stdio::null())
            .stderr(app_log())
            .spawn()
            .expect("tauri-driver could not be started; the test command's set-up installs it");
        let client = connect(port).await;
        let app = App {
            client,
            driver,
            display,
            _turn: turn,
        };
        app.wait_for("[data-testid=map-title], [data-testid=no-document]")
            .await;
        app
    }

    /// Waits for an element matching `css` and returns it.
    pub async fn wait_for(&self, css: &str) -> Element {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Ok(element) = self.client.find(Locator::Css(css)).await {
                return element;
            }
            assert!(
                Instant::now() < deadline,
                "nothing matched {css} within {PATIENCE:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until `probe` (a JavaScript expression) is true.
    pub async fn wait_until(&self, what: &str, probe: &str) {
        let deadline = Instant::now() + PATIENCE;
        let script = format!("return !!({probe});");
        loop {
            let value = self.client.execute(&script, vec![]).await.unwrap();
            if value.as_bool() == Some(true) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{what} did not happen within {PATIENCE:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until an element matching `css` reads exactly `text`.
    pub async fn wait_for_text(&self, css: &str, text: &str) {
        self.wait_for_match(css, text, "===").await;
    }

    /// Waits until an element matching `css` has `text` somewhere in it.
    pub async fn wait_for_text_in(&self, css: &str, text: &str) {
        self.wait_for_match(css, text, "includes").await;
    }

    async fn wait_for_match(&self, css: &str, text: &str, how: &str) {
        let (css_js, text_js) = (serde_json::json!(css), serde_json::json!(text));
        let test = match how {
            "===" => format!("e.textContent === {text_js}"),
            _ => format!("e.textContent.includes({text_js})"),
        };
        let probe = format!("[...document.querySelectorAll({css_js})].some(e => {test})");
        self.wait_until(&format!("{css} reading {text:?}"), &probe)
            .await;
    }

    /// The visible text of the first element matching `css`.
    pub async fn text(&self, css: &str) -> String {
        self.wait_for(css).await.text().await.unwrap()
    }

    /// The texts of all elements matching `css`.
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let mut texts = Vec::new();
        for element in self.client.find_all(Locator::Css(css)).await.unwrap() {
            texts.push(element.text().await.unwrap());
        }
        texts
    }

    /// Clicks in the middle of `element` with the real pointer; unlike WebDriver's element
    /// click, this works on SVG groups too.
    pub async fn click(&self, element: &Element) {
        let (x, y) = centre(element).await;
        self.click_at(x, y, 1).await;
    }

    /// Double-clicks in the middle of `element` with the real pointer.
    pub async fn double_click(&self, element: &Element) {
        let (x, y) = centre(element).await;
        self.click_at(x, y, 2).await;
    }

    /// Clicks `times` times at a point of the window, in CSS pixels from its top left.
    pub async fn click_at(&self, x: f64, y: f64, times: usize) {
        let mut mouse = MouseActions::new("mouse".into()).then(PointerAction::MoveTo {
            duration: None,
            x: x.round(),
            y: y.round(),
        });
        for _ in 0..times {
            mouse = mouse
                .then(PointerAction::Down { button: 0 })
                .then(PointerAction::Up { button: 0 });
        }
        self.client.perform_actions(mouse).await.unwrap();
    }

    /// Types `text` with the keyboard into whatever has the focus.
    pub async fn type_text(&self, text: &str) {
        let mut keys = KeyActions::new("keyboard".into());
        for c in text.chars() {
            keys = keys
                .then(KeyAction::Down { value: c })
                .then(KeyAction::Up { value: c });
        }
        self.client.perform_actions(keys).await.unwrap();
    }

    /// Presses a key, optionally with Ctrl and Shift held.
    pub async fn press(&self, key: Key, ctrl: bool, shift: bool) {
        self.chord(char::from(key), ctrl, shift).await;
    }

    /// Presses a character key, optionally with Ctrl and Shift held.
    pub async fn chord(&self, key: char, ctrl: bool, shift: bool) {
        let mut keys = KeyActions::new("keyboard".into());
        let modifiers: Vec<char> = [(ctrl, Key::Control), (shift, Key::Shift)]
            .into_iter()
            .filter(|(held, _)| *held)
            .map(|(_, key)| char::from(key))
            .collect();
        for m in &modifiers {
            keys = keys.then(KeyAction::Down { value: *m });
        }
        keys = keys
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key });
        for m in modifiers.iter().rev() {
            keys = keys.then(KeyAction::Up { value: *m });
        }
        self.client.perform_actions(keys).await.unwrap();
    }

    /// Answers the system's message dialog titled `title`, which WebDriver cannot reach: Enter
    /// chooses its first button (the one that says yes), Escape closes it (no).
    pub async fn answer_native_dialog(&self, title: &str, yes: bool) {
        let (display, title) = (self.display.name.clone(), title.to_string());
        let key = if yes {
            x11_dl::keysym::XK_Return
        } else {
            x11_dl::keysym::XK_Escape
        };
        let pressed = tokio::task::spawn_blocking(move || {
            native_dialog::press_in_window(&display, &title, key, PATIENCE)
        });
        if let Err(err) = pressed.await.unwrap() {
            panic!("{err}");
        }
    }

    /// Answers the system's file dialog titled `title` with `path`, typed into its name field
    /// as a person would, then Enter. `path` may hold only characters typed without Shift.
    pub async fn answer_file_dialog(&self, title: &str, path: &Path) {
        let (display, title) = (self.display.name.clone(), title.to_string());
        let path = path.to_str().expect("a path in UTF-8").to_string();
        let typed = tokio::task::spawn_blocking(move || {
            native_dialog::type_in_window(&display, &title, &path, PATIENCE)
        });
        if let Err(err) = typed.await.unwrap() {
            panic!("{err}");
        }
    }

    /// Saves a screenshot of the window to the artifacts folder, after the page has painted.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let settle = "const done = arguments[0]; \
                      requestAnimationFrame(() => requestAnimationFrame(() => done(true)));";
        self.client.execute_async(settle, vec![]).await.unwrap();
        let png = self.client.screenshot().await.unwrap();
        let path = artifacts().join(format!("{name}.png"));
        std::fs::write(&path, png).unwrap();
        path
    }

    /// Closes the window the way a user quits, and waits for the app to end.
    pub async fn quit(mut self) {
        let _ = self.client.clone().close().await;
        self.stop_driver();
    }

    /// Kills the app's process with SIGKILL, as a crash or a power cut would end it.
    pub async fn kill_app(mut self) {
        let app = binary("waymark-app");
        let status = Command::new("pkill")
            .args(["-KILL", "-f", &app.to_string_lossy()])
            .status()
            .unwrap();
        assert!(status.success(), "no app process to kill");
        tokio::time::sleep(Duration::from_millis(300)).await;
        self.stop_driver();
    }

    fn stop_driver(&mut self) {
        // SIGTERM lets tauri-driver stop WebKitWebDriver too; killed hard, it would leave
        // WebKitWebDriver holding its port for the next session.
        let _ = Command::new("kill")
            .args(["-TERM", &self.driver.id().to_string()])
            .status();
        let _ = self.driver.wait();
    }
}

impl Drop for App {
    fn drop(&mut self) {
        if let Ok(None) = self.driver.try_wait() {
            self.stop_driver();
        }
    }
}

/// The app's own log goes to `artifacts/app.log`, to read when a test fails.
fn app_log() -> Stdio {
    let path = artifacts().join("app.log");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .unwrap();
    Stdio::from(file)
}

fn tauri_driver() -> PathBuf {
    let cargo_bin = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
        .map(|dir| dir.join("bin/tauri-driver"));
    match cargo_bin {
        Some(path) if path.exists() => path,
        _ => PathBuf::from("tauri-driver"),
    }
}

async fn connect(port: u16) -> Client {
    let mut caps = serde_json::Map::new();
    let app = binary("waymark-app");
    caps.insert(
        "tauri:options".into(),
        serde_json::json!({ "application": app }),
    );
    let url = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + PATIENCE;
    loop {
        match ClientBuilder::new(HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&url)
            .await
        {
            Ok(client) => return client,
            Err(err) if Instant::now() < deadline => {
                let _ = err;
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(err) => panic!("no WebDriver session on {url}: {err}"),
        }
    }
}

/// The centre of an element in the window, in CSS pixels. The window does not scroll (the
/// canvas scrolls inside it), so page and window coordinates are the same.
/// It asks the page itself: WebKitWebDriver refuses the rectangle of an SVG group.
pub async fn centre(element: &Element) -> (f64, f64) {
    let script = "const r = arguments[0].getBoundingClientRect(); \
                  return [r.left + r.width / 2, r.top + r.height / 2];";
    let arg = serde_json::to_value(element).unwrap();
    let value = element
        .clone()
        .client()
        .execute(script, vec![arg])
        .await
        .unwrap();
    (value[0].as_f64().unwrap(), value[1].as_f64().unwrap())
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Runs the `waymark` command-line tool and returns its standard output.
pub fn waymark(args: &[&str]) -> String {
    let output = Command::new(binary("waymark")).args(args).output().unwrap();
    assert!(
        output.status.success(),
        "waymark {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The map called `name` in `doc`, as `waymark show --json` prints it.
pub fn show_map(doc: &Path, name: &str) -> serde_json::Value {
    let out = waymark(&["show", doc.to_str().unwrap(), "--map", name, "--json"]);
    serde_json::from_str(&out).unwrap()
}
