//! Browser entry point: panic messages go to the console, then the app mounts.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(ferry::App);
}
