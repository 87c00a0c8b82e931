//! Operation 3: have HSS sync the image list from SWR. The user chooses what
//! to sync in plain words; the API behind each choice (the image sync task
//! API, or the deprecated `RunImageSynchronize` for private or shared images)
//! shows in the request preview. HTTP 200 can still be a failure (a non-zero
//! `error_code` in the body).

use ferry_api::confirm::{self, Confirmation};
use ferry_api::hss::{self, SyncInput, REGISTRY_TYPES};
use ferry_api::{ApiCall, ApiError, RawResponse, Scope};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::client::{send, Caller};
use crate::components::choice::RadioGroup;
use crate::components::error_panel::ErrorPanel;
use crate::components::field::TextField;
use crate::components::modal::ConfirmDialog;
use crate::components::operation_page::OperationPage;
use crate::components::outcome::{Blocked, RawDetails, SubmitButton};
use crate::components::region_select::RegionSelect;
use crate::dom::reveal;
use crate::form_errors::FormErrors;
use crate::sending::Sending;
use crate::state::AppState;

// What to sync. The first two use the image sync task API (the successor,
// the default); the last two the deprecated RunImageSynchronize.
const ALL_REGISTRIES: &str = "all-registries";
const ONE_REGISTRY: &str = "one-registry";
const PRIVATE: &str = "private";
const SHARED: &str = "shared";

#[derive(Clone, Copy)]
struct Form {
    what: RwSignal<String>,
    enterprise_mode: RwSignal<String>,
    enterprise_id: RwSignal<String>,
    region_header: RwSignal<String>,
    registry_id: RwSignal<String>,
    registry_type: RwSignal<String>,
}

impl Form {
    /// What is chosen, for `ferry-api` to check and build.
    fn input(&self) -> SyncInput {
        let what = self.what.get();
        SyncInput {
            as_task: what == ALL_REGISTRIES || what == ONE_REGISTRY,
            image_type: if what == SHARED { "shared_image" } else { "private_image" }.into(),
            enterprise_mode: self.enterprise_mode.get(),
            enterprise_id: self.enterprise_id.get(),
            region_header: self.region_header.get(),
            sync_all: what == ALL_REGISTRIES,
            registry_id: self.registry_id.get(),
            registry_type: self.registry_type.get(),
        }
    }
}

#[derive(Debug, Clone)]
struct Done {
    as_task: bool,
    raw: RawResponse,
}

#[component]
pub fn HssSyncPage() -> impl IntoView {
    let state = AppState::expect();
    let form = Form {
        what: RwSignal::new(ALL_REGISTRIES.into()),
        enterprise_mode: RwSignal::new("default".into()),
        enterprise_id: RwSignal::new(String::new()),
        region_header: RwSignal::new(state.settings.with_untracked(|s| s.region.clone())),
        registry_id: RwSignal::new(String::new()),
        registry_type: RwSignal::new(REGISTRY_TYPES[0].into()),
    };
    let errors = FormErrors::new();
    let blocked = RwSignal::new(None::<crate::client::NotReady>);
    let preview = Signal::derive(move || {
        let (region, project) = state.preview_scope();
        form.input().build(&Scope::new(region, project)).ok()
    });

    let sending = Sending::<Done, ApiError>::new();
    let pending = sending.pending;
    let ask = RwSignal::new(None::<Confirmation>);
    let prepared = StoredValue::new(None::<(Caller, ApiCall, bool)>);

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        // A new attempt starts with a clean outcome.
        sending.clear();
        let (settings, caller) = match state.caller(true) {
            Ok(ok) => ok,
            Err(why) => {
                blocked.set(Some(why));
                return;
            }
        };
        blocked.set(None);
        let input = form.input();
        match input.build(&settings.scope()) {
            Ok(call) => {
                errors.clear();
                prepared.set_value(Some((caller, call, input.as_task)));
                ask.set(Some(confirm::hss_sync(&input)));
            }
            Err(invalid) => errors.show(invalid),
        }
    };
    let confirmed = Callback::new(move |()| {
        let Some((caller, call, as_task)) = prepared.get_value() else { return };
        // A double click must not send a second POST.
        sending.send(async move {
            let raw = send(&caller, &call).await?;
            if as_task {
                hss::sync_task_outcome(&raw)?;
            } else {
                hss::synchronize_outcome(&raw)?;
            }
            Ok(Done { as_task, raw })
        });
        reveal("hss-outcome");
    });

    let outcome = move || {
        view! {
            {move || blocked.get().map(|message| view! { <Blocked why=message /> })}
            {move || {
                sending
                    .value
                    .get()
                    .map(|result| match result {
                        Ok(done) => {
                            view! {
                                <div class="outcome outcome--ok" role="status" data-testid="hss-success">
                                    <p class="outcome__title">
                                        {if done.as_task {
                                            "Image sync task created."
                                        } else {
                                            "HSS is syncing the image list."
                                        }}
                                    </p>
                                    <p>
                                        "HSS reads the images from SWR in the background; they appear in HSS within a few minutes."
                                    </p>
                                    <RawDetails raw=done.raw />
                                </div>
                            }
                                .into_any()
                        }
                        Err(error) => view! { <ErrorPanel error /> }.into_any(),
                    })
            }}
        }
    };
    view! {
        <OperationPage
            title="HSS sync"
            service="hss"
            service_name="Host Security Service (HSS)"
            lead="Host Security Service (HSS) scans container images for vulnerabilities, but only the images it knows about. Run this after pushing images to SWR so HSS reads the current list."
            heading="Sync the image list from SWR into HSS"
            heading_id="hss-heading"
            preview
            outcome_testid="hss-outcome"
            outcome=outcome
        >
            <form on:submit=submit novalidate data-operation="hss-sync">
                <RadioGroup
                    name="what"
                    legend="What to sync"
                    selected=form.what
                    options=vec![
                        (
                            ALL_REGISTRIES,
                            "Images of every registry HSS knows",
                            "Recommended: HSS reads every registry it is connected to.",
                        ),
                        (ONE_REGISTRY, "Images of one registry", "Name the registry as HSS lists it."),
                        (
                            PRIVATE,
                            "My private SWR images (older way)",
                            "The repositories in your own SWR organizations. Huawei Cloud is retiring this way; use it if the first two fail in your region.",
                        ),
                        (
                            SHARED,
                            "Images shared with me (older way)",
                            "Images that other accounts shared with you in SWR, the older way too.",
                        ),
                    ]
                />
                <Show when=move || form.what.with(|w| w == ONE_REGISTRY)>
                    <TextField
                        id="registry-id"
                        label="Registry ID"
                        value=form.registry_id
                        error=errors.of("registry-id")
                        hint="The ID of the registry as HSS lists it under Container Images › Registries."
                    />
                    <div class="field">
                        <label for="registry-type">"Registry type"</label>
                        <select
                            id="registry-type"
                            aria-describedby="registry-type-hint"
                            prop:value=move || form.registry_type.get()
                            on:change:target=move |ev| form.registry_type.set(ev.target().value())
                        >
                            {REGISTRY_TYPES.iter().map(|t| view! { <option value=*t>{*t}</option> }).collect_view()}
                        </select>
                        <span class="field__hint" id="registry-type-hint">
                            "SwrPrivate and SwrShared are SWR's own; SwrEnterprise is an SWR Enterprise Edition instance."
                        </span>
                    </div>
                </Show>
                <RadioGroup
                    name="enterprise"
                    legend="Enterprise projects"
                    selected=form.enterprise_mode
                    options=vec![
                        (
                            "default",
                            "Default enterprise project",
                            "Nothing is sent; HSS uses the default enterprise project.",
                        ),
                        (
                            "all",
                            "All enterprise projects",
                            "Sends all_granted_eps: every enterprise project you may see.",
                        ),
                        (
                            "id",
                            "A specific enterprise project",
                            "Needed when your rights cover only one enterprise project.",
                        ),
                    ]
                />
                <Show when=move || form.enterprise_mode.get() == "id">
                    <TextField
                        id="enterprise-project-id"
                        label="Enterprise project ID"
                        value=form.enterprise_id
                        error=errors.of("enterprise-project-id")
                        hint="The ID from Enterprise › Project Management."
                    />
                </Show>
                <div class="field">
                    <label for="region-header">"Region of the images"</label>
                    <RegionSelect id="region-header" value=form.region_header described_by="region-header-hint" />
                    <span class="field__hint" id="region-header-hint">
                        "The region whose images HSS should read. Usually the region you work in."
                    </span>
                </div>
                <SubmitButton testid="hss-sync" label="Sync now" busy_label="Asking HSS…" pending />
            </form>
            <ConfirmDialog ask on_confirm=confirmed />
        </OperationPage>
    }
}
