//! Error bodies in each service's own format (api-reference §0.4).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

/// SWR Enterprise Edition: `{error_code, error_msg, encoded_authorization_message}`.
pub fn swr_ee(status: StatusCode, code: &str, msg: &str) -> Response {
    let body = serde_json::json!({
        "error_code": code,
        "error_msg": msg,
        "encoded_authorization_message": "",
    });
    (status, Json(body)).into_response()
}

/// What the API gateway answers for a path no service publishes.
pub fn apig_not_found() -> Response {
    let body = serde_json::json!({
        "error_code": "APIG.0101",
        "error_msg": "The API does not exist or has not been published in the environment",
        "request_id": crate::request_id::new(),
    });
    (StatusCode::NOT_FOUND, Json(body)).into_response()
}
