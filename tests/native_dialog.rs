//! Answers the system's message and file dialogs, which WebDriver cannot reach: they are GTK
//! windows of the app's own process, not part of its web page. The dialog is found by its title
//! on the test's display, given the keyboard focus (there is no window manager under Xvfb to do
//! it), and keys are pressed through the XTEST extension, as a person would press them.

use std::ffi::{c_ulong, CStr, CString};
use std::time::{Duration, Instant};

use x11_dl::xlib::{self, Display, Window, Xlib};
use x11_dl::xtest::Xf86vmode as XTest;

/// Presses the key `keysym` in the window titled `title` on `display`, waiting up to
/// `patience` for the window to show.
pub fn press_in_window(
    display: &str,
    title: &str,
    keysym: u32,
    patience: Duration,
) -> Result<(), String> {
    strokes_in_window(display, title, &[(keysym, false)], patience)
}

/// Types `text` into the focused field of the window titled `title` on `display`, in place
/// of what it holds, and presses Enter: how a person answers a file dialog by typing a path.
/// `text` may hold only characters typed without Shift (lower case, digits, `/`, `.`, `-`).
pub fn type_in_window(
    display: &str,
    title: &str,
    text: &str,
    patience: Duration,
) -> Result<(), String> {
    let unshifted = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || "/.-".contains(c);
    if let Some(c) = text.chars().find(|c| !unshifted(*c)) {
        return Err(format!("{c:?} in {text:?} would need Shift"));
    }
    // Ctrl+A selects what the field holds, so that the typing replaces all of it.
    let mut strokes = vec![(x11_dl::keysym::XK_a, true)];
    strokes.extend(text.chars().map(|c| (u32::from(c), false)));
    strokes.push((x11_dl::keysym::XK_Return, false));
    strokes_in_window(display, title, &strokes, patience)
}

/// Presses each key of `strokes`, with Ctrl held where its flag is set, in the window titled
/// `title`.
fn strokes_in_window(
    display: &str,
    title: &str,
    strokes: &[(u32, bool)],
    patience: Duration,
) -> Result<(), String> {
    let xlib = Xlib::open().map_err(|err| format!("libX11 could not be loaded: {err}"))?;
    let xtest = XTest::open().map_err(|err| format!("libXtst could not be loaded: {err}"))?;
    let name = CString::new(display).unwrap();
    // SAFETY: the display pointer is checked, used only on this thread, and closed once.
    unsafe {
        let dpy = (xlib.XOpenDisplay)(name.as_ptr());
        if dpy.is_null() {
            return Err(format!("the display {display} could not be opened"));
        }
        let result = focus(&xlib, dpy, title, patience).map(|()| {
            for &(keysym, ctrl) in strokes {
                press(&xlib, &xtest, dpy, keysym, ctrl);
            }
        });
        (xlib.XCloseDisplay)(dpy);
        result
    }
}

/// Waits for the window titled `title` and gives it the keyboard focus.
unsafe fn focus(
    xlib: &Xlib,
    dpy: *mut Display,
    title: &str,
    patience: Duration,
) -> Result<(), String> {
    let deadline = Instant::now() + patience;
    let window = loop {
        if let Some(window) = find_window(xlib, dpy, (xlib.XDefaultRootWindow)(dpy), title) {
            break window;
        }
        if Instant::now() > deadline {
            return Err(format!(
                "no window titled {title:?} showed within {patience:?}"
            ));
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    // GTK focuses the dialog's first button once the window is mapped; give it a moment.
    std::thread::sleep(Duration::from_millis(300));
    (xlib.XRaiseWindow)(dpy, window);
    (xlib.XSetInputFocus)(dpy, window, xlib::RevertToParent, xlib::CurrentTime);
    (xlib.XSync)(dpy, xlib::False);
    std::thread::sleep(Duration::from_millis(200));
    Ok(())
}

unsafe fn press(xlib: &Xlib, xtest: &XTest, dpy: *mut Display, keysym: u32, ctrl: bool) {
    let code = |keysym: u32| u32::from((xlib.XKeysymToKeycode)(dpy, c_ulong::from(keysym)));
    let control = code(x11_dl::keysym::XK_Control_L);
    if ctrl {
        (xtest.XTestFakeKeyEvent)(dpy, control, xlib::True, xlib::CurrentTime);
    }
    (xtest.XTestFakeKeyEvent)(dpy, code(keysym), xlib::True, xlib::CurrentTime);
    (xtest.XTestFakeKeyEvent)(dpy, code(keysym), xlib::False, xlib::CurrentTime);
    if ctrl {
        (xtest.XTestFakeKeyEvent)(dpy, control, xlib::False, xlib::CurrentTime);
    }
    (xlib.XSync)(dpy, xlib::False);
}

/// The first viewable window under `parent` titled `title`, depth first.
unsafe fn find_window(
    xlib: &Xlib,
    dpy: *mut Display,
    parent: Window,
    title: &str,
) -> Option<Window> {
    let (mut root, mut up, mut count) = (0, 0, 0);
    let mut children: *mut Window = std::ptr::null_mut();
    if (xlib.XQueryTree)(dpy, parent, &mut root, &mut up, &mut children, &mut count) == 0 {
        return None;
    }
    let windows = if children.is_null() {
        Vec::new()
    } else {
        let list = std::slice::from_raw_parts(children, count as usize).to_vec();
        (xlib.XFree)(children.cast());
        list
    };
    for window in windows {
        if is_viewable(xlib, dpy, window) && name(xlib, dpy, window).as_deref() == Some(title) {
            return Some(window);
        }
        if let Some(found) = find_window(xlib, dpy, window, title) {
            return Some(found);
        }
    }
    None
}

unsafe fn is_viewable(xlib: &Xlib, dpy: *mut Display, window: Window) -> bool {
    let mut attributes: xlib::XWindowAttributes = std::mem::zeroed();
    (xlib.XGetWindowAttributes)(dpy, window, &mut attributes) != 0
        && attributes.map_state == xlib::IsViewable
}

unsafe fn name(xlib: &Xlib, dpy: *mut Display, window: Window) -> Option<String> {
    let mut text = std::ptr::null_mut();
    if (xlib.XFetchName)(dpy, window, &mut text) == 0 || text.is_null() {
        return None;
    }
    let name = CStr::from_ptr(text).to_string_lossy().into_owned();
    (xlib.XFree)(text.cast());
    Some(name)
}
