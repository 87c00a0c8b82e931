use leptos::prelude::*;

use crate::dom::set_page_title;
use crate::routes::Route;

#[component]
pub fn NotFound() -> impl IntoView {
    set_page_title("Page not found");
    view! {
        <section class="panel">
            <h1>"Page not found"</h1>
            <p>"There is no Ferry page at this address. The link may be mistyped or out of date."</p>
            <p>
                <a href=Route::Replicate.href()>"Go to Replicate"</a>
            </p>
        </section>
    }
}
