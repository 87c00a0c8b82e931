//! Browser tests: run in headless Chromium by `cargo xtask test`
//! (`wasm-bindgen-test-runner` through chromedriver).
#![cfg(target_arch = "wasm32")]

use ferry::components::token_entry::TokenEntry;
use ferry::state::AppState;
use ferry::storage;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlButtonElement, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn session() -> web_sys::Storage {
    web_sys::window().unwrap().session_storage().unwrap().unwrap()
}

fn local() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// Every value in localStorage, to prove the token never lands there.
fn local_values() -> Vec<String> {
    let local = local();
    (0..local.length().unwrap())
        .filter_map(|i| local.key(i).unwrap())
        .filter_map(|k| local.get_item(&k).unwrap())
        .collect()
}

fn reset() {
    session().clear().unwrap();
    local().clear().unwrap();
}

#[wasm_bindgen_test]
fn token_storage_is_session_only() {
    reset();
    assert!(storage::save_token("MIItest-token"));
    assert_eq!(storage::load_token().as_deref(), Some("MIItest-token"));
    assert_eq!(session().get_item(storage::TOKEN_KEY).unwrap().as_deref(), Some("MIItest-token"));
    assert!(local_values().iter().all(|v| !v.contains("MIItest-token")));
    storage::clear_token();
    assert_eq!(storage::load_token(), None);
}

#[wasm_bindgen_test]
fn settings_are_remembered_without_the_token() {
    reset();
    let owner = Owner::new();
    owner.set();
    let state = AppState::load();
    assert!(state.set_token("MIIsecret".into()));
    state.save_settings(ferry::state::Settings { region: "eu-west-101".into(), project_id: "abc123".into() });
    let reloaded = AppState::load();
    assert_eq!(reloaded.settings.get_untracked().region, "eu-west-101");
    assert_eq!(reloaded.token_untracked().as_deref(), Some("MIIsecret"));
    assert!(local_values().iter().any(|v| v.contains("eu-west-101")));
    assert!(local_values().iter().all(|v| !v.contains("MIIsecret")));
}

fn query<T: JsCast>(root: &HtmlElement, selector: &str) -> T {
    root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("no {selector}")).dyn_into::<T>().unwrap()
}

fn type_into(input: &HtmlInputElement, text: &str) {
    input.set_value(text);
    input.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
}

#[wasm_bindgen_test]
async fn token_entry_saves_masks_and_clears() {
    reset();
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("section").unwrap().unchecked_into::<HtmlElement>();
    document.body().unwrap().append_child(&root).unwrap();
    let _dispose = leptos::mount::mount_to(root.clone(), || {
        AppState::load().provide();
        view! { <TokenEntry/> }
    });

    let input: HtmlInputElement = query(&root, "#token");
    assert_eq!(input.type_(), "password", "masked by default");
    let show: HtmlButtonElement = query(&root, "button[aria-controls=token]");
    show.click();
    leptos::task::tick().await;
    assert_eq!(input.type_(), "text");
    assert_eq!(show.get_attribute("aria-pressed").as_deref(), Some("true"));

    // A token with a line break is refused before it is stored.
    type_into(&input, "MII abc\ndef");
    query::<HtmlButtonElement>(&root, "[data-testid=save-token]").click();
    leptos::task::tick().await;
    assert_eq!(storage::load_token(), None);
    assert!(query::<HtmlElement>(&root, "#token-error")
        .text_content()
        .unwrap()
        .starts_with("Token must be pasted"));

    type_into(&input, "  MIIvalid-token  ");
    query::<HtmlButtonElement>(&root, "[data-testid=save-token]").click();
    leptos::task::tick().await;
    assert_eq!(storage::load_token().as_deref(), Some("MIIvalid-token"));
    assert_eq!(input.value(), "", "the secret does not linger in the input");
    assert_eq!(input.type_(), "password", "masked again after saving");
    assert!(local_values().iter().all(|v| !v.contains("MIIvalid-token")));
    let status = query::<HtmlElement>(&root, "[data-testid=token-status]").text_content().unwrap();
    assert!(status.contains("…oken"), "{status}");

    query::<HtmlButtonElement>(&root, "[data-testid=clear-token]").click();
    leptos::task::tick().await;
    assert_eq!(storage::load_token(), None);
    assert_eq!(session().get_item(storage::TOKEN_KEY).unwrap(), None);
}

#[wasm_bindgen_test]
async fn a_second_send_is_refused_while_one_is_in_flight() {
    let owner = Owner::new();
    owner.set();
    let sending = ferry::sending::Sending::<u32, String>::new();
    let (release, wait) = futures::channel::oneshot::channel::<()>();
    assert!(
        sending.send(async move { wait.await.map(|()| 1).map_err(|e| e.to_string()) }),
        "the first send goes through"
    );
    assert!(sending.pending.get_untracked(), "in flight");
    assert!(!sending.send(async { Ok(2) }), "a second one is refused while the first runs");
    let _ = release.send(());
    leptos::task::tick().await;
    leptos::task::tick().await;
    assert_eq!(sending.value.get_untracked(), Some(Ok(1)), "the first answer, not the refused one");
    assert!(!sending.pending.get_untracked());
    assert!(sending.send(async { Ok(3) }), "a new intent goes through once the first has answered");
}
