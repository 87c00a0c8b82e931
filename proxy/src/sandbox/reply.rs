//! Error bodies in each service's own format (api-reference §0.4).

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

/// SWR Enterprise Edition: `{error_code, error_msg, encoded_authorization_message}`.
pub fn swr_ee(status: StatusCode, code: &str, msg: &str) -> Response {
    let body = json!({
        "error_code": code,
        "error_msg": msg,
        "encoded_authorization_message": "",
    });
    (status, Json(body)).into_response()
}

/// SWR classic, the current documented format: the old camelCase `errors[]`
/// and the new snake_case fields in one object, so either parser reads it.
pub fn swr_classic(status: StatusCode, code: &str, msg: &str) -> Response {
    let body = json!({
        "errors": [{
            "errorCode": code,
            "errorMessage": msg,
            "detail": "",
            "encoded_authorization_message": "",
        }],
        "error_code": code,
        "error_msg": msg,
        "details": [{ "error_code": code, "error_msg": msg }],
        "encoded_authorization_message": "",
    });
    (status, Json(body)).into_response()
}

/// HSS: the Huawei standard `{error_code, error_msg}` (assumed, §0.4).
pub fn hss(status: StatusCode, code: &str, msg: &str) -> Response {
    (status, Json(json!({ "error_code": code, "error_msg": msg }))).into_response()
}

/// IMS: `{"error": {"code", "message"}}`.
pub fn ims(status: StatusCode, code: &str, msg: &str) -> Response {
    (status, Json(json!({ "error": { "code": code, "message": msg } }))).into_response()
}

/// What the API gateway answers for a path no service publishes.
/// IAM (Keystone): `{"error":{"code":<number>,"message","title"}}`.
pub fn iam(status: StatusCode, message: &str) -> Response {
    let title = status.canonical_reason().unwrap_or("Error");
    let body = serde_json::json!({ "error": { "code": status.as_u16(), "message": message, "title": title } });
    (status, Json(body)).into_response()
}

pub fn apig_not_found() -> Response {
    apig(
        StatusCode::NOT_FOUND,
        "APIG.0101",
        "The API does not exist or has not been published in the environment",
    )
}

/// The gateway in front of HSS and IMS refuses a bad token before the
/// service sees it.
pub fn apig_token_rejected() -> Response {
    apig(
        StatusCode::UNAUTHORIZED,
        "APIG.0301",
        "Incorrect IAM authentication information: the token is missing, invalid or expired",
    )
}

/// A token the sandbox accepted, now past the TTL fault (the gateway's
/// documented wording for an expired token).
pub fn apig_token_expired() -> Response {
    apig(StatusCode::UNAUTHORIZED, "APIG.0301", "Incorrect IAM authentication information: token expires")
}

/// The fail-rate fault: the gateway could not reach the service.
pub fn apig_backend_unavailable() -> Response {
    apig(StatusCode::SERVICE_UNAVAILABLE, "APIG.0201", "Backend unavailable")
}

/// Gateway bodies carry `request_id`; the header repeats the same ID, as the
/// proxy's own errors do, so support sees one ID whichever they read.
fn apig(status: StatusCode, code: &str, msg: &str) -> Response {
    let id = crate::request_id::new();
    let body: Value = json!({ "error_code": code, "error_msg": msg, "request_id": id });
    let mut response = (status, Json(body)).into_response();
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}
