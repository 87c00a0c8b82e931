//! The sign-in page: what most people start with.

use leptos::prelude::*;

use crate::components::sign_in::{SandboxSignIn, SignInForm};
use crate::dom::set_page_title;
use crate::routes::Route;

#[component]
pub fn SignInPage() -> impl IntoView {
    set_page_title("Sign in");
    let location = crate::nav::Location::expect();
    let done = Callback::new(move |()| location.navigate(Route::Replicate.href(), false));
    view! {
        <h1>"Sign in"</h1>
        <p class="lead">
            "Sign in with your IAM user, as in the Huawei Cloud console. Ferry keeps the resulting token in this tab only."
        </p>
        <SandboxSignIn />
        <section class="panel">
            <SignInForm on_done=done />
        </section>
        <p>"Signing in with SSO? " <a href=Route::Settings.href()>"Paste a token in Settings instead."</a></p>
    }
}
