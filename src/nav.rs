//! Moving between pages without a router library: the path and query live in
//! two signals, links are plain `<a href>` whose clicks become
//! `history.pushState`, and Back/Forward (`popstate`) update the signals.
//! `routes::Route::parse` chooses the page. A router's generic matching,
//! `<A>` and hooks cost several KB of wasm that this console does not need
//! (docs/benchmarks.md).

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Where the console is: the path and the query (without `?`).
#[derive(Debug, Clone, Copy)]
pub struct Location {
    pub path: RwSignal<String>,
    pub query: RwSignal<String>,
}

fn current() -> (String, String) {
    let location = web_sys::window().map(|w| w.location());
    let path = location.as_ref().and_then(|l| l.pathname().ok()).unwrap_or_else(|| "/".into());
    let query = location.and_then(|l| l.search().ok()).unwrap_or_default();
    (path, query.trim_start_matches('?').to_string())
}

impl Location {
    /// Reads the address bar, follows Back/Forward, and turns clicks on
    /// same-origin links into in-page navigation. Once, in the app's root.
    pub fn provide() -> Location {
        let (path, query) = current();
        let location = Location { path: RwSignal::new(path), query: RwSignal::new(query) };
        provide_context(location);
        if let Some(window) = web_sys::window() {
            let on_pop = Closure::<dyn Fn()>::new(move || {
                let (path, query) = current();
                location.set(path, query);
            });
            let _ = window.add_event_listener_with_callback("popstate", on_pop.as_ref().unchecked_ref());
            // Lives as long as the page: the app never unmounts.
            on_pop.forget();
            let on_click = Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
                if let Some(href) = link_to_follow(&ev) {
                    ev.prevent_default();
                    location.navigate(&href, false);
                }
            });
            if let Some(document) = window.document() {
                let _ = document.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
            }
            on_click.forget();
        }
        location
    }

    pub fn expect() -> Location {
        expect_context::<Location>()
    }

    fn set(&self, path: String, query: String) {
        if self.path.with_untracked(|p| *p != path) {
            self.path.set(path);
        }
        if self.query.with_untracked(|q| *q != query) {
            self.query.set(query);
        }
    }

    /// Goes to `href` (a path with an optional query). `replace` corrects
    /// the current entry instead of adding one (a link fixed up in place).
    pub fn navigate(&self, href: &str, replace: bool) {
        let Some(window) = web_sys::window() else { return };
        if let Ok(history) = window.history() {
            let _ = if replace {
                history.replace_state_with_url(&JsValue::NULL, "", Some(href))
            } else {
                history.push_state_with_url(&JsValue::NULL, "", Some(href))
            };
        }
        let (path, query) = href.split_once('?').unwrap_or((href, ""));
        let new_page = self.path.with_untracked(|p| p != path);
        self.set(path.to_string(), query.to_string());
        if new_page && !replace {
            window.scroll_to_with_x_and_y(0.0, 0.0);
        }
    }

    /// A query parameter, decoded (tracked).
    pub fn param(&self, key: &str) -> Option<String> {
        self.query.with(|q| {
            q.split('&').find_map(|pair| {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                (k == key).then(|| {
                    js_sys::decode_uri_component(&v.replace('+', " ")).map(String::from).unwrap_or_default()
                })
            })
        })
    }
}

/// The href of a link this click should follow in-page: a plain left click
/// on a same-origin `<a href>` without `target` or `download`. Anything else
/// (new tab, download, `#main`, another site) the browser handles.
fn link_to_follow(ev: &web_sys::MouseEvent) -> Option<String> {
    if ev.default_prevented()
        || ev.button() != 0
        || ev.meta_key()
        || ev.ctrl_key()
        || ev.shift_key()
        || ev.alt_key()
    {
        return None;
    }
    let anchor = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest("a[href]").ok().flatten())?;
    if anchor.has_attribute("target") || anchor.has_attribute("download") {
        return None;
    }
    let href = anchor.get_attribute("href")?;
    (href.starts_with('/') && !href.starts_with("//")).then_some(href)
}

/// `aria-current="page"` for a navigation link whose page is shown.
pub fn current_page(location: Location, href: &'static str) -> impl Fn() -> Option<&'static str> {
    move || location.path.with(|p| p == href || p.starts_with(&format!("{href}/"))).then_some("page")
}
