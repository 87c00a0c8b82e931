//! Dialogs over the page, on the browser's own modal `<dialog>`: `showModal()`
//! makes the rest of the page inert, Escape closes it, and closing returns
//! focus to the control that opened it. Tab is kept inside by hand, since the
//! browser lets it leave for its own toolbar.

use ferry_api::confirm::Confirmation;
use leptos::ev::KeyboardEvent;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A modal dialog, open while `open` is true. Its content is rendered only
/// while open, so its IDs exist once.
#[component]
pub fn Modal(
    #[prop(into)] open: Signal<bool>,
    /// Called when the dialog closes by itself (Escape).
    on_close: Callback<()>,
    labelledby: &'static str,
    testid: &'static str,
    children: ChildrenFn,
) -> impl IntoView {
    let dialog = NodeRef::<html::Dialog>::new();
    Effect::new(move || {
        let want = open.get();
        if let Some(element) = dialog.get() {
            if want && !element.open() {
                let _ = element.show_modal();
            } else if !want && element.open() {
                element.close();
            }
        }
    });
    view! {
        <dialog
            node_ref=dialog
            class="dialog panel"
            aria-labelledby=labelledby
            data-testid=testid
            on:close=move |_| {
                if open.get_untracked() {
                    on_close.run(())
                }
            }
            on:keydown=keep_tab_inside
        >
            <Show when=move || open.get()>{children()}</Show>
        </dialog>
    }
}

const FOCUSABLE: &str =
    "button:not([disabled]), a[href], input:not([disabled]), select:not([disabled]), textarea, summary";

/// Tab from the last control goes to the first, Shift+Tab from the first to
/// the last: focus never leaves the dialog.
fn keep_tab_inside(ev: KeyboardEvent) {
    if ev.key() != "Tab" {
        return;
    }
    let Some(dialog) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else {
        return;
    };
    let Ok(list) = dialog.query_selector_all(FOCUSABLE) else { return };
    let item = |i: u32| list.get(i).and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok());
    let (Some(first), Some(last)) = (item(0), item(list.length().saturating_sub(1))) else { return };
    let active = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
    let at = |e: &web_sys::HtmlElement| {
        active.as_ref().is_some_and(|a| a == e.unchecked_ref::<web_sys::Element>())
    };
    let inside = active.as_ref().is_some_and(|a| dialog.contains(Some(a.unchecked_ref())));
    let target = match (ev.shift_key(), inside) {
        (_, false) => first,
        (true, true) if at(&first) => last,
        (false, true) if at(&last) => first,
        _ => return,
    };
    ev.prevent_default();
    let _ = target.focus();
}

/// Closes the dialog that holds the event's target at once, so focus is back
/// on the opener before the caller moves it on (to the outcome).
fn close_own_dialog(ev: &leptos::ev::MouseEvent) {
    let dialog = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest("dialog").ok().flatten())
        .and_then(|d| d.dyn_into::<web_sys::HtmlDialogElement>().ok());
    if let Some(dialog) = dialog {
        dialog.close();
    }
}

/// What an operation will do, as terms and values (`Confirmation::facts`).
#[component]
pub fn Facts(facts: Vec<(&'static str, String)>, testid: &'static str) -> impl IntoView {
    view! {
        <dl class="facts" data-testid=testid>
            {facts
                .into_iter()
                .map(|(term, value)| {
                    view! {
                        <dt>{term}</dt>
                        <dd>{value}</dd>
                    }
                })
                .collect_view()}
        </dl>
    }
}

/// The confirmation every state-changing operation asks for, in words. Its
/// confirm button runs `on_confirm` once; Cancel, Escape and closing send
/// nothing. Focus starts on Cancel, the choice that changes nothing.
#[component]
pub fn ConfirmDialog(ask: RwSignal<Option<Confirmation>>, on_confirm: Callback<()>) -> impl IntoView {
    let open = Signal::derive(move || ask.with(Option::is_some));
    let body = move || {
        ask.get().map(|c| {
            view! {
                <h2 id="confirm-title">{c.title}</h2>
                <Facts facts=c.facts testid="confirm-facts" />
                {c
                    .warning
                    .map(|w| {
                        view! {
                            <p class="notice notice--warn" data-testid="confirm-warning">
                                {w}
                            </p>
                        }
                    })}
                <div class="actions">
                    <button
                        type="button"
                        class="button"
                        data-testid="confirm-send"
                        on:click=move |ev| {
                            close_own_dialog(&ev);
                            ask.set(None);
                            on_confirm.run(());
                        }
                    >
                        {c.confirm}
                    </button>
                    <button
                        type="button"
                        class="button button--secondary"
                        data-testid="confirm-cancel"
                        autofocus
                        on:click=move |ev| {
                            close_own_dialog(&ev);
                            ask.set(None);
                        }
                    >
                        "Cancel"
                    </button>
                </div>
            }
        })
    };
    view! {
        <Modal
            open
            on_close=Callback::new(move |()| ask.set(None))
            labelledby="confirm-title"
            testid="confirm-dialog"
        >
            {body}
        </Modal>
    }
}
