//! Choosing the image to copy from the project's private images (IMS
//! ListImages) instead of typing a 36-character ID. Images that cannot be
//! copied within a region are shown greyed out with the reason, before
//! anything is sent. The ID field stays the fallback for an ID from
//! elsewhere, and for users who may not list images.

use ferry_api::ims::{self, suggested_copy_name, ImageInfo, ImageList, IMAGE_PAGE};
use ferry_api::task_rows::time_text;
use leptos::prelude::*;

use crate::client::CallError;
use crate::components::list_pages::{ListPages, PageFocus};
use crate::components::pickers::ListProblem;
use crate::state::AppState;

#[component]
pub fn ImagePicker(
    /// The Image ID field.
    value: RwSignal<String>,
    /// The new image's name: suggested when still empty.
    name: RwSignal<String>,
    /// The chosen image's ID and name, for the confirmation.
    chosen: RwSignal<Option<(String, String)>>,
) -> impl IntoView {
    let state = AppState::expect();
    let search = RwSignal::new(String::new());
    let search_text = RwSignal::new(String::new());
    // The markers of the pages before this one: Next pushes, Previous pops.
    let markers = RwSignal::new(Vec::<String>::new());
    let focus: PageFocus = StoredValue::new(None);
    let images = LocalResource::new(move || {
        let region = state.settings.with(|s| s.region.clone());
        let has_token = state.token().is_some();
        let (name, marker) = (search.get(), markers.with(|m| m.last().cloned()));
        async move {
            if !has_token {
                return Ok(None);
            }
            let (_, caller) = state.caller(false)?;
            let call = ims::list_images(&region, &name, marker.as_deref());
            Ok::<_, CallError>(Some(crate::client::json::<ImageList>(&caller, &call).await?))
        }
    });
    let list = move || {
        images.get().map(|loaded| match loaded {
            Ok(None) => ().into_any(),
            Err(error) => view! { <ListProblem error what="images" testid="images-problem" /> }.into_any(),
            Ok(Some(list)) => {
                let full = list.images.len() >= IMAGE_PAGE as usize;
                let last = list.images.last().map(|i| i.id.clone());
                let page = markers.with(Vec::len) + 1;
                let first_page = page == 1;
                view! {
                    <crate::components::unreadable::UnreadableItems
                        items=list.images.unreadable.clone()
                        what="images"
                    />
                    {list.images.is_empty().then(|| view! { <p class="field__hint">"No image matches."</p> })}
                    <ul class="policy-list">
                        {list.images.iter().map(|i| image_item(i, value, name, chosen)).collect_view()}
                    </ul>
                    <ListPages
                        name="images"
                        range=format!("Page {page}")
                        has_previous=!first_page
                        has_next=full
                        on_previous=Callback::new(move |()| {
                            markers
                                .update(|m| {
                                    m.pop();
                                })
                        })
                        on_next=Callback::new(move |()| {
                            if let Some(last) = last.clone() {
                                markers.update(|m| m.push(last));
                            }
                        })
                        focus
                    />
                }
                .into_any()
            }
        })
    };
    view! {
        <Show when=move || state.has_token()>
            <fieldset class="choice policy-picker" data-testid="image-picker">
                <legend>"Choose an image"</legend>
                // Its own search form: Enter here searches, never copies.
                <form
                    role="search"
                    class="field"
                    aria-label="Search images"
                    on:submit=move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        markers.set(Vec::new());
                        search.set(search_text.get_untracked());
                    }
                >
                    <label for="image-search">"Search by exact name"</label>
                    <input
                        id="image-search"
                        type="search"
                        data-testid="image-search"
                        aria-describedby="image-search-hint"
                        prop:value=move || search_text.get()
                        on:input:target=move |ev| search_text.set(ev.target().value())
                    />
                    <span class="field__hint" id="image-search-hint">
                        "IMS matches the whole name. Empty shows every private image, newest first."
                    </span>
                </form>
                {list}
            </fieldset>
        </Show>
    }
}

fn image_item(
    image: &ImageInfo,
    value: RwSignal<String>,
    name: RwSignal<String>,
    chosen: RwSignal<Option<(String, String)>>,
) -> impl IntoView {
    let refusal = image.copy_refusal();
    let (id, image_name) = (image.id.clone(), image.name.clone());
    let facts = [image.os_version.clone(), image.size_text(), time_text(&image.created_at)]
        .into_iter()
        .filter(|f| !f.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    let pressed = {
        let id = id.clone();
        move || value.with(|v| *v == id).to_string()
    };
    view! {
        <li class="policy-item" data-testid="image-item">
            <button
                type="button"
                class="button button--secondary"
                disabled=refusal.is_some()
                aria-pressed=pressed
                data-testid=format!("choose-image-{}", image.id)
                on:click=move |_| {
                    value.set(id.clone());
                    if name.with_untracked(|n| n.trim().is_empty()) {
                        name.set(suggested_copy_name(&image_name));
                    }
                    chosen.set(Some((id.clone(), image_name.clone())));
                }
            >
                {if refusal.is_some() { "Can't copy" } else { "Use" }}
            </button>
            <span>
                <strong>{image.name.clone()}</strong>
                {format!(" · {facts}")}
            </span>
            {refusal
                .map(|why| {
                    view! {
                        <span class="field__hint" data-testid="image-refusal">
                            {why}
                        </span>
                    }
                })}
        </li>
    }
}
