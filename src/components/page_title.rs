//! Keeps the browser tab title in step with the page, for screen readers and
//! for people with many tabs open.

/// Sets `document.title` to "{page} · Ferry".
pub fn set_page_title(page: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(&format!("{page} · Ferry"));
    }
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
