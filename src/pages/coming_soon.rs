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
pub fn JobsPage() -> impl IntoView {
    view! { <ComingSoon title="Jobs" what="Follow every replication and image copy you started in this tab, even after a reload."/> }
}
