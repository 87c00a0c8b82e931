//! HSS v5: sync the image list from SWR (api-reference §4).

use axum::body::Bytes;
use axum::extract::{Path, RawQuery};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use ferry_api::hss::REGISTRY_TYPES;
use serde_json::{json, Map, Value};

use super::{reply, token_ok, world};

const INVALID: &str = "HSS.0001";

fn invalid(field: &str) -> Response {
    reply::hss(StatusCode::BAD_REQUEST, INVALID, &format!("Invalid parameter: {field}"))
}

/// `POST /v5/{project_id}/image/synchronize` (`RunImageSynchronize`, §4.1).
pub async fn synchronize(
    Path((_region, project_id)): Path<(String, String)>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(refused) = check_request(&headers, &project_id, query.as_deref()) {
        return refused;
    }
    let object = serde_json::from_slice::<Value>(&body).ok();
    let Some(image_type) = object.as_ref().and_then(|v| v.get("image_type")).and_then(Value::as_str) else {
        return invalid("image_type");
    };
    // A well-formed but unknown type is reported in a 200 body, not as an
    // HTTP error: the documented reason to check `error_code` on 200.
    let result = match image_type {
        "private_image" | "shared_image" => json!({ "error_code": 0, "error_description": "success" }),
        other => json!({
            "error_code": 10,
            "error_description": format!("Unsupported image type: {other}. Use private_image or shared_image."),
        }),
    };
    (StatusCode::OK, Json(result)).into_response()
}

/// `POST /v5/{project_id}/image/image-sync/tasks` (`CreateImageSynchronizeTask`, §4.2).
pub async fn create_sync_task(
    Path((_region, project_id)): Path<(String, String)>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(refused) = check_request(&headers, &project_id, query.as_deref()) {
        return refused;
    }
    if let Err(field) = check_task_body(&body) {
        return invalid(&field);
    }
    // "The response has no body fields."
    (StatusCode::OK, Json(json!({}))).into_response()
}

/// Token (the gateway's check), then project, then the query: the order a
/// real call meets them.
fn check_request(headers: &HeaderMap, project_id: &str, query: Option<&str>) -> Result<(), Response> {
    if !token_ok(headers) {
        return Err(reply::apig_token_rejected());
    }
    if project_id != world::PROJECT_ID {
        return Err(reply::hss(StatusCode::FORBIDDEN, "HSS.0013", "Insufficient permissions"));
    }
    let pairs = query.unwrap_or_default().split('&').filter(|p| !p.is_empty());
    for pair in pairs {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        if key == "enterprise_project_id" && !enterprise_project_ok(value) {
            return Err(invalid("enterprise_project_id"));
        }
    }
    Ok(())
}

/// `0`, `all_granted_eps`, or an ID: 1–256 of `[A-Za-z0-9-]`. Anything
/// percent-encoded fails, which is right: no valid value needs escaping.
fn enterprise_project_ok(value: &str) -> bool {
    value == "all_granted_eps"
        || ((1..=256).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
}

/// Returns the name of the first field that breaks a rule.
fn check_task_body(body: &[u8]) -> Result<(), String> {
    let value: Value = serde_json::from_slice(body).map_err(|_| "request body".to_string())?;
    let object: &Map<String, Value> = value.as_object().ok_or("request body")?;
    let sync_all = object
        .get("sync_all_registries")
        .and_then(Value::as_bool)
        .ok_or("sync_all_registries")?;
    let registries = match object.get("registry_info") {
        None | Some(Value::Null) => &[][..],
        Some(Value::Array(items)) => items.as_slice(),
        Some(_) => return Err("registry_info".into()),
    };
    for (i, item) in registries.iter().enumerate() {
        let id = item.get("registry_id").and_then(Value::as_str);
        if !id.is_some_and(|id| !id.trim().is_empty()) {
            return Err(format!("registry_info[{i}].registry_id"));
        }
        let kind = item.get("registry_type").and_then(Value::as_str);
        if !kind.is_some_and(|k| REGISTRY_TYPES.contains(&k)) {
            return Err(format!("registry_info[{i}].registry_type"));
        }
    }
    // Syncing "some" registries needs at least one named.
    if !sync_all && registries.is_empty() {
        return Err("registry_info".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enterprise_project_values() {
        for good in ["0", "all_granted_eps", "5f3c-ab12", &"a".repeat(256)] {
            assert!(enterprise_project_ok(good), "{good}");
        }
        for bad in ["", "a_b", "%30", "a b", &"a".repeat(257)] {
            assert!(!enterprise_project_ok(bad), "{bad}");
        }
    }

    #[test]
    fn task_bodies() {
        assert!(check_task_body(br#"{"sync_all_registries":true}"#).is_ok());
        let one = br#"{"sync_all_registries":false,"registry_info":[{"registry_id":"r1","registry_type":"Harbor"}]}"#;
        assert!(check_task_body(one).is_ok());
        for (body, field) in [
            (&b"nope"[..], "request body"),
            (b"[]", "request body"),
            (b"{}", "sync_all_registries"),
            (br#"{"sync_all_registries":"true"}"#, "sync_all_registries"),
            (br#"{"sync_all_registries":false}"#, "registry_info"),
            (br#"{"sync_all_registries":false,"registry_info":[]}"#, "registry_info"),
            (br#"{"sync_all_registries":true,"registry_info":{}}"#, "registry_info"),
            (br#"{"sync_all_registries":true,"registry_info":[{"registry_type":"Harbor"}]}"#, "registry_info[0].registry_id"),
            (br#"{"sync_all_registries":true,"registry_info":[{"registry_id":"r","registry_type":"harbor"}]}"#, "registry_info[0].registry_type"),
        ] {
            assert_eq!(check_task_body(body).unwrap_err(), field, "{}", String::from_utf8_lossy(body));
        }
    }
}
