//! Error bodies in each service's own format (api-reference §0.4).

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::codes::{self, Code};
use super::request_id;

/// SWR Enterprise Edition: `{error_code, error_msg, encoded_authorization_message}`
/// (seed 000, status 400/401/403/404/500 tables).
pub fn swr_ee(code: Code, msg: &str) -> Response {
    let body = json!({
        "error_code": code.code,
        "error_msg": msg,
        "encoded_authorization_message": "",
    });
    (code.status, Json(body)).into_response()
}

/// SWR classic, the current documented format (api-swr/ErrorCode.html): the
/// old camelCase `errors[]` and the new snake_case fields in one object.
pub fn swr_classic(code: Code, msg: &str) -> Response {
    let c = code.code;
    let body = json!({
        "errors": [{
            "errorCode": c,
            "errorMessage": msg,
            "detail": "",
            "encoded_authorization_message": "",
        }],
        "error_code": c,
        "error_msg": msg,
        "details": [{ "error_code": c, "error_msg": msg }],
        "encoded_authorization_message": "",
    });
    (code.status, Json(body)).into_response()
}

/// HSS: the Huawei standard `{error_code, error_msg}` (assumed, §0.4).
pub fn hss(code: Code, msg: &str) -> Response {
    (code.status, Json(json!({ "error_code": code.code, "error_msg": msg }))).into_response()
}

/// IMS: `{"error": {"code", "message"}}` (ims_03_0908, §0.4).
pub fn ims(code: Code, msg: &str) -> Response {
    (code.status, Json(json!({ "error": { "code": code.code, "message": msg } }))).into_response()
}

/// IAM (Keystone): `{"error":{"code":<number>,"message","title"}}` ([S25]).
pub fn iam(code: Code, message: &str) -> Response {
    let status: StatusCode = code.status;
    let title = status.canonical_reason().unwrap_or("Error");
    let body = json!({ "error": { "code": status.as_u16(), "message": message, "title": title } });
    (status, Json(body)).into_response()
}

/// What the API gateway answers for a path no service publishes.
pub fn apig_not_found() -> Response {
    apig(codes::APIG_NOT_FOUND, "The API does not exist or has not been published in the environment")
}

/// The gateway in front of HSS and IMS refuses a bad token before the
/// service sees it.
pub fn apig_token_rejected() -> Response {
    apig(
        codes::APIG_TOKEN,
        "Incorrect IAM authentication information: the token is missing, invalid or expired",
    )
}

/// A token the sandbox accepted, now past the TTL fault (the gateway's
/// documented wording for an expired token, [S24]).
pub fn apig_token_expired() -> Response {
    apig(codes::APIG_TOKEN, "Incorrect IAM authentication information: token expires")
}

/// The fail-rate fault: the gateway could not reach the service.
pub fn apig_backend_unavailable() -> Response {
    apig(codes::APIG_BACKEND_UNAVAILABLE, "Backend unavailable")
}

/// Gateway bodies carry `request_id`; the header repeats the same ID, so
/// support sees one ID whichever they read.
fn apig(code: Code, msg: &str) -> Response {
    let id = request_id::new();
    let body: Value = json!({ "error_code": code.code, "error_msg": msg, "request_id": id });
    let mut response = (code.status, Json(body)).into_response();
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}
