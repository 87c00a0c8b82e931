//! Operation 3: have HSS sync the image list from SWR. HTTP 200 can still be
//! a failure (a non-zero `error_code` in the body), and the API is deprecated
//! in favour of image sync tasks, offered as a second mode.

use ferry_api::hss::{self, SyncInput, REGISTRY_TYPES};
use ferry_api::{ApiCall, ApiError, RawResponse, Scope};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::client::{send, Caller};
use crate::components::choice::{Checkbox, RadioGroup};
use crate::components::error_panel::ErrorPanel;
use crate::components::field::TextField;
use crate::components::operation_page::OperationPage;
use crate::components::outcome::{Blocked, RawDetails, SubmitButton};
use crate::form_errors::FormErrors;
use crate::state::AppState;
use crate::submit_guard::SubmitGuard;

const MODE_SYNCHRONIZE: &str = "synchronize";
const MODE_TASK: &str = "task";

#[derive(Clone, Copy)]
struct Form {
    mode: RwSignal<String>,
    image_type: RwSignal<String>,
    enterprise_mode: RwSignal<String>,
    enterprise_id: RwSignal<String>,
    region_header: RwSignal<String>,
    sync_all: RwSignal<bool>,
    registry_id: RwSignal<String>,
    registry_type: RwSignal<String>,
}

impl Form {
    /// What is typed, for `ferry-api` to check and build.
    fn input(&self) -> SyncInput {
        SyncInput {
            as_task: self.mode.get() == MODE_TASK,
            image_type: self.image_type.get(),
            enterprise_mode: self.enterprise_mode.get(),
            enterprise_id: self.enterprise_id.get(),
            region_header: self.region_header.get(),
            sync_all: self.sync_all.get(),
            registry_id: self.registry_id.get(),
            registry_type: self.registry_type.get(),
        }
    }
}

#[derive(Debug, Clone)]
struct Done {
    mode: String,
    raw: RawResponse,
}

#[component]
pub fn HssSyncPage() -> impl IntoView {
    let state = AppState::expect();
    let form = Form {
        mode: RwSignal::new(MODE_SYNCHRONIZE.into()),
        image_type: RwSignal::new("private_image".into()),
        enterprise_mode: RwSignal::new("default".into()),
        enterprise_id: RwSignal::new(String::new()),
        region_header: RwSignal::new(state.settings.with_untracked(|s| s.region.clone())),
        sync_all: RwSignal::new(true),
        registry_id: RwSignal::new(String::new()),
        registry_type: RwSignal::new(REGISTRY_TYPES[0].into()),
    };
    let errors = FormErrors::new();
    let blocked = RwSignal::new(None::<crate::client::NotReady>);
    let preview = Signal::derive(move || {
        let (region, project) = state.preview_scope();
        form.input().build(&Scope::new(region, project)).ok()
    });

    let action = Action::new_local(|(caller, call, mode): &(Caller, ApiCall, String)| {
        let (caller, call, mode) = (caller.clone(), call.clone(), mode.clone());
        async move {
            let raw = send(&caller, &call).await?;
            if mode == MODE_TASK {
                hss::sync_task_outcome(&raw)?;
            } else {
                hss::synchronize_outcome(&raw)?;
            }
            Ok::<_, ApiError>(Done { mode, raw })
        }
    });
    let pending = action.pending();
    let guard = SubmitGuard::new(pending);

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let (settings, caller) = match state.caller(true) {
            Ok(ok) => ok,
            Err(why) => {
                blocked.set(Some(why));
                return;
            }
        };
        blocked.set(None);
        match form.input().build(&settings.scope()) {
            Ok(call) => {
                errors.clear();
                if !guard.try_begin() {
                    return;
                }
                action.dispatch((caller, call, form.mode.get_untracked()));
            }
            Err(invalid) => {
                errors.show(invalid);
            }
        }
    };

    let is_task = move || form.mode.get() == MODE_TASK;
    let outcome = move || {
        view! {
            {move || blocked.get().map(|message| view! { <Blocked why=message /> })}
            {move || {
                action
                    .value()
                    .get()
                    .map(|result| match result {
                        Ok(done) => {
                            view! {
                                <div class="outcome outcome--ok" role="status" data-testid="hss-success">
                                    <p class="outcome__title">
                                        {if done.mode == MODE_TASK {
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
                    name="mode"
                    legend="Which API to call"
                    selected=form.mode
                    options=vec![
                        (
                            MODE_SYNCHRONIZE,
                            "Sync the image list (RunImageSynchronize)",
                            "POST /v5/{project_id}/image/synchronize. Deprecated by Huawei Cloud but still the simplest: choose private or shared images.",
                        ),
                        (
                            MODE_TASK,
                            "Create an image sync task (CreateImageSynchronizeTask)",
                            "POST /v5/{project_id}/image/image-sync/tasks. The successor API: sync all registries or one registry.",
                        ),
                    ]
                />
                <p class="notice" data-testid="hss-api-note">
                    {move || {
                        if is_task() {
                            "You are calling the image sync task API (the successor)."
                        } else {
                            "You are calling RunImageSynchronize, which Huawei Cloud marks as deprecated. If it stops working in your region, switch to the image sync task API above."
                        }
                    }}
                </p>
                <Show when=move || !is_task()>
                    <RadioGroup
                        name="image-type"
                        legend="Images to sync"
                        selected=form.image_type
                        options=vec![
                            (
                                "private_image",
                                "Private images",
                                "The repositories in your own account's SWR organizations.",
                            ),
                            (
                                "shared_image",
                                "Shared images",
                                "Images that other accounts shared with you in SWR.",
                            ),
                        ]
                    />
                </Show>
                <Show when=is_task>
                    <Checkbox
                        id="sync-all"
                        label="Sync all registries"
                        checked=form.sync_all
                        hint="Have HSS read every registry it is connected to. Clear it to name one registry."
                    />
                    <Show when=move || !form.sync_all.get()>
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
                                {REGISTRY_TYPES
                                    .iter()
                                    .map(|t| view! { <option value=*t>{*t}</option> })
                                    .collect_view()}
                            </select>
                            <span class="field__hint" id="registry-type-hint">
                                "SwrPrivate and SwrShared are SWR's own; SwrEnterprise is an SWR Enterprise Edition instance."
                            </span>
                        </div>
                    </Show>
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
                <TextField
                    id="region-header"
                    label="Region of the assets"
                    value=form.region_header
                    error=errors.of("region-header")
                    hint="Sent as the region header: the region whose images HSS should read. Usually the region in Settings."
                />
                <SubmitButton testid="hss-sync" label="Start sync" busy_label="Asking HSS…" pending />
            </form>
        </OperationPage>
    }
}
