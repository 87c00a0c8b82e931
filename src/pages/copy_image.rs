//! Operation 5: copy an IMS image within its region, then follow the job.

use ferry_api::confirm::{self, Confirmation};
use ferry_api::ims::{CopyInput, CopyStarted};
use ferry_api::jobs::JobTarget;
use ferry_api::validate::DESCRIPTION_MAX;
use ferry_api::{ApiCall, ApiError, RawResponse, Scope};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::client::{send, Caller};
use crate::components::error_panel::ErrorPanel;
use crate::components::field::TextField;
use crate::components::image_picker::ImagePicker;
use crate::components::job_card::JobCard;
use crate::components::modal::ConfirmDialog;
use crate::components::operation_page::OperationPage;
use crate::components::outcome::{Blocked, RawDetails, SubmitButton};
use crate::dom::reveal;
use crate::form_errors::FormErrors;
use crate::jobs::JobsState;
use crate::sending::Sending;
use crate::state::AppState;

#[derive(Clone, Copy)]
struct Form {
    image: RwSignal<String>,
    name: RwSignal<String>,
    description: RwSignal<String>,
    cmk: RwSignal<String>,
    enterprise: RwSignal<String>,
}

impl Form {
    /// What is typed, for `ferry-api` to check and build.
    fn input(&self) -> CopyInput {
        CopyInput {
            image_id: self.image.get(),
            name: self.name.get(),
            description: self.description.get(),
            cmk_id: self.cmk.get(),
            enterprise_project_id: self.enterprise.get(),
        }
    }
}

#[derive(Debug, Clone)]
struct Started {
    job_id: String,
    raw: RawResponse,
}

#[component]
pub fn CopyImagePage() -> impl IntoView {
    let state = AppState::expect();
    let form = Form {
        image: RwSignal::new(String::new()),
        name: RwSignal::new(String::new()),
        description: RwSignal::new(String::new()),
        cmk: RwSignal::new(String::new()),
        enterprise: RwSignal::new(String::new()),
    };
    let errors = FormErrors::new();
    let blocked = RwSignal::new(None::<crate::client::NotReady>);
    let preview = Signal::derive(move || {
        let (region, project) = state.preview_scope();
        form.input().build(&Scope::new(region, project)).ok()
    });

    let jobs = JobsState::expect();
    let sending = Sending::<Started, ApiError>::new();
    let pending = sending.pending;

    let ask = RwSignal::new(None::<Confirmation>);
    let chosen = RwSignal::new(None::<(String, String)>);
    let prepared = StoredValue::new(None::<(Caller, ApiCall, Scope)>);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        // A new attempt starts with a clean outcome.
        sending.clear();
        let scope = state.settings.with_untracked(|s| s.scope());
        let input = form.input();
        let call = match input.build(&scope) {
            Ok(call) => {
                errors.clear();
                call
            }
            Err(invalid) => {
                errors.show(invalid);
                return;
            }
        };
        // The job is followed under the project, so both are needed now.
        match state.caller(true) {
            Ok((settings, caller)) => {
                blocked.set(None);
                prepared.set_value(Some((caller, call, settings.scope())));
                // The image's name when it was chosen from the list.
                let known = chosen.with_untracked(|c| {
                    c.as_ref().filter(|(id, _)| *id == input.image_id.trim()).map(|(_, n)| n.clone())
                });
                ask.set(Some(confirm::copy_image(&settings.region, &input, known.as_deref())));
            }
            Err(why) => blocked.set(Some(why)),
        }
    };
    let confirmed = Callback::new(move |()| {
        let Some((caller, call, scope)) = prepared.get_value() else { return };
        let name = form.name.get_untracked();
        // A double click must not send a second POST.
        sending.send(async move {
            let raw = send(&caller, &call).await?;
            let started: CopyStarted = raw.json()?;
            // The jobs store follows it from here, on every page and after a reload.
            jobs.add(JobTarget::ImsCopy { scope, job_id: started.job_id.clone(), name });
            Ok(Started { job_id: started.job_id, raw })
        });
        reveal("copy-outcome");
    });

    let counter = move || {
        let n = form.description.with(|d| d.chars().count());
        format!("{n} / {DESCRIPTION_MAX} characters")
    };

    let outcome = move || {
        view! {
            {move || blocked.get().map(|message| view! { <Blocked why=message /> })}
            {move || {
                sending
                    .value
                    .get()
                    .map(|result| match result {
                        Ok(started) => {
                            view! {
                                <div class="outcome outcome--ok" role="status">
                                    <p class="outcome__title">"Copy started."</p>
                                    <p>
                                        "Job " <code data-testid="job-id">{started.job_id.clone()}</code>
                                        ". Ferry checks on it until it ends, also on the Jobs page; you can keep working meanwhile."
                                    </p>
                                    <RawDetails raw=started.raw.clone() />
                                </div>
                                <JobCard key=format!("ims:{}", started.job_id) />
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
            title="Copy image"
            service="ims"
            service_name="Image Management Service (IMS)"
            lead="Make a copy of a private machine image (IMS) in the same region, for example to keep a known-good version before changing it. The copy runs in the background; Ferry follows it until it ends."
            heading="Copy an image within its region"
            heading_id="copy-heading"
            preview
            outcome_testid="copy-outcome"
            outcome=outcome
        >
            // Outside the form: Enter in its search box searches, never copies.
            <ImagePicker value=form.image name=form.name chosen />
            <form on:submit=submit novalidate data-operation="copy-image">
                <TextField
                    id="image-id"
                    label="Image ID"
                    hint="The ID of the image to copy, from the Image Management Service list (a UUID)."
                    value=form.image
                    error=errors.of("image-id")
                    placeholder="e.g. 30e55148-deb9-4923-adb9-91618de16ba0"
                />
                <TextField
                    id="image-name"
                    label="Image name"
                    hint="Name of the copy: 1–128 letters, digits, Chinese characters, '-', '.', '_' or spaces; no space at either end."
                    value=form.name
                    error=errors.of("image-name")
                />
                <div class="field">
                    <label for="description">"Description (optional)"</label>
                    <textarea
                        id="description"
                        data-testid="description"
                        rows="3"
                        aria-describedby="description-hint description-count description-error"
                        aria-invalid=move || {
                            if errors.of("description").with(Option::is_some) { "true" } else { "false" }
                        }
                        prop:value=move || form.description.get()
                        on:input:target=move |ev| form.description.set(ev.target().value())
                    ></textarea>
                    <span class="field__hint" id="description-hint">
                        "At most 1024 characters, without '<', '>' or line breaks."
                    </span>
                    <span class="field__hint" id="description-count" data-testid="description-count">
                        {counter}
                    </span>
                    <span class="field__error" id="description-error" aria-live="polite">
                        {move || errors.of("description").get()}
                    </span>
                </div>
                <TextField
                    id="cmk-id"
                    label="KMS key ID (optional)"
                    hint="Encrypt the copy with this KMS key. Leave empty for no encryption."
                    value=form.cmk
                    error=errors.of("cmk-id")
                />
                <TextField
                    id="enterprise-project-id"
                    label="Enterprise project ID (optional)"
                    hint="Put the copy in this enterprise project. Leave empty for the default one."
                    value=form.enterprise
                    error=errors.of("enterprise-project-id")
                />
                <SubmitButton testid="copy" label="Copy image" busy_label="Starting the copy…" pending />
            </form>
            <ConfirmDialog ask on_confirm=confirmed />
        </OperationPage>
    }
}
