//! Small helpers over the document: the tab title, and moving focus.
//!
//! Keeps the browser tab title in step with the page and the running jobs
//! ("(2) Replicate · Ferry"), for screen readers and people with many tabs.

use std::cell::{Cell, RefCell};

use wasm_bindgen::JsCast;

thread_local! {
    static PAGE: RefCell<String> = RefCell::new("Ferry".into());
    static RUNNING: Cell<usize> = const { Cell::new(0) };
}

fn write_title() {
    let page = PAGE.with(|p| p.borrow().clone());
    let running = RUNNING.with(Cell::get);
    let title = match running {
        0 => format!("{page} · Ferry"),
        n => format!("({n}) {page} · Ferry"),
    };
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(&title);
    }
}

/// Sets the page part of the title.
pub fn set_page_title(page: &str) {
    PAGE.with(|p| *p.borrow_mut() = page.to_string());
    write_title();
}

/// Sets the running-jobs part of the title.
pub fn set_running_jobs(n: usize) {
    RUNNING.with(|r| r.set(n));
    write_title();
}

/// Moves keyboard focus to the element with `id`, e.g. the first invalid field.
pub fn focus_element(id: &str) {
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}

/// Brings the element with `id` into view and gives it focus: where the
/// outcome of a submit appears, so the eye and a screen reader land there
/// (the submit button is disabled while sending, and focus would fall to
/// the page). The element needs `tabindex="-1"`.
pub fn reveal(id: &str) {
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        element.scroll_into_view();
        let _ = element.focus();
    }
}

/// Focuses `<main>` when focus has fallen to `<body>` (its element was
/// removed or disabled), so keyboard users continue from the content.
pub fn focus_main_if_lost() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let lost = match (document.active_element(), document.body()) {
        (None, _) => true,
        (Some(active), Some(body)) => active == *body.unchecked_ref::<web_sys::Element>(),
        _ => false,
    };
    if lost {
        focus_element("main");
    }
}

/// The `id` of the focused element, if it has one.
pub fn active_id() -> Option<String> {
    let active = web_sys::window()?.document()?.active_element()?;
    Some(active.id()).filter(|id| !id.is_empty())
}

/// Focuses the task pager's control `id` again after the page changed; if
/// it is disabled now (Next on the last page), its pager
/// (`{place}-…` → `pager-{place}`).
pub fn refocus(id: &str) {
    let place = id.split('-').next().unwrap_or_default();
    focus_first_usable(&[id, &format!("pager-{place}")]);
}

/// Focuses the first of `ids` that exists and is enabled, else `<main>`:
/// after a redraw replaced the control that had focus.
pub fn focus_first_usable(ids: &[&str]) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let usable = |id: &str| document.get_element_by_id(id).is_some_and(|e| !e.has_attribute("disabled"));
    focus_element(ids.iter().copied().find(|id| usable(id)).unwrap_or("main"));
}

/// Puts `text` on the clipboard; false if the browser refused.
pub async fn copy_text(text: &str) -> bool {
    let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()) else { return false };
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text)).await.is_ok()
}
