//! Small helpers over the document: the tab title, and moving focus.
//!
//! Keeps the browser tab title in step with the page and the running jobs
//! ("(2) Replicate · Ferry"), for screen readers and people with many tabs.

use std::cell::{Cell, RefCell};

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
    use wasm_bindgen::JsCast;
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}
