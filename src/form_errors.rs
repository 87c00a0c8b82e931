//! Validation messages of one form, by field id: each field reads its own,
//! and showing them moves focus to the first invalid field.

use ferry_api::FieldError;
use leptos::prelude::*;

use crate::dom::focus_element;

/// Field id and error of each invalid field, in form order.
pub type Invalid = Vec<(&'static str, FieldError)>;

#[derive(Debug, Clone, Copy)]
pub struct FormErrors(RwSignal<Invalid>);

impl FormErrors {
    pub fn new() -> FormErrors {
        FormErrors(RwSignal::new(Invalid::new()))
    }

    /// The message of field `id`, for its `error` prop.
    pub fn of(&self, id: &'static str) -> Signal<Option<String>> {
        let errors = self.0;
        Signal::derive(move || errors.with(|e| e.iter().find(|(f, _)| *f == id).map(|(_, e)| e.to_string())))
    }

    pub fn clear(&self) {
        self.0.set(Invalid::new());
    }

    /// Shows the messages and focuses the first invalid field.
    pub fn show(&self, invalid: Invalid) {
        if let Some((id, _)) = invalid.first() {
            focus_element(id);
        }
        self.0.set(invalid);
    }
}

impl Default for FormErrors {
    fn default() -> Self {
        FormErrors::new()
    }
}

/// Collects `(id, Result)` pairs into the invalid ones.
pub fn invalid_of(results: impl IntoIterator<Item = (&'static str, Option<FieldError>)>) -> Invalid {
    results.into_iter().filter_map(|(id, e)| e.map(|e| (id, e))).collect()
}
