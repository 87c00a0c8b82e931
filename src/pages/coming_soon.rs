//! Pages whose operation has not landed yet say so plainly.

use leptos::prelude::*;

use crate::components::page_title::set_page_title;

#[component]
fn ComingSoon(title: &'static str, what: &'static str) -> impl IntoView {
    set_page_title(title);
    view! {
        <section class="panel">
            <h1>{title}</h1>
            <p class="lead">{what}</p>
            <p class="notice">"This page is not available yet. It will arrive in a coming release of Ferry."</p>
        </section>
    }
}

#[component]
pub fn TasksPage() -> impl IntoView {
    view! { <ComingSoon title="Replication tasks" what="See every image of a replication execution, page by page, with its status and failure reason."/> }
}

#[component]
pub fn HssSyncPage() -> impl IntoView {
    view! { <ComingSoon title="HSS sync" what="Make Host Security Service (HSS) read the current list of images from SWR, so it can scan them."/> }
}

#[component]
pub fn AutoSyncPage() -> impl IntoView {
    view! { <ComingSoon title="Automatic image sync" what="Have every new image pushed to an SWR repository copied to another region automatically."/> }
}

#[component]
pub fn CopyImagePage() -> impl IntoView {
    view! { <ComingSoon title="Copy image" what="Copy a machine image (IMS) within its region, and follow the copy until it is done."/> }
}

#[component]
pub fn JobsPage() -> impl IntoView {
    view! { <ComingSoon title="Jobs" what="Follow every replication and image copy you started in this tab, even after a reload."/> }
}
