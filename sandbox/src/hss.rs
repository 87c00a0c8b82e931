//! HSS v5: sync the image list from SWR (api-reference §4; seed 001
//! "从SWR服务同步镜像列表"; Go SDK `services/hss/v5/model/model_run_image_synchronize_*.go`,
//! `model_create_image_synchronize_task_*.go`).

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};

use super::codes;
use super::paging::Query;
use super::{reply, rules, Sandbox};

fn invalid(field: &str) -> Response {
    reply::hss(codes::HSS_INVALID, &format!("Invalid parameter: {field}"))
}

/// `POST /v5/{project_id}/image/synchronize` (`RunImageSynchronize`, §4.1,
/// seed 001): 200 `{"error_code": 0, "error_description": "success"}`.
pub async fn synchronize(
    State(sandbox): State<Sandbox>,
    Path((region, project_id)): Path<(String, String)>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Response> {
    check_request(&sandbox, &headers, &region, &project_id, query.as_deref())?;
    let object = serde_json::from_slice::<Value>(&body).ok();
    let image_type = object
        .as_ref()
        .and_then(|v| v.get("image_type"))
        .and_then(Value::as_str)
        .ok_or_else(|| invalid("image_type"))?;
    // A well-formed but unknown type is reported in a 200 body, not as an
    // HTTP error: the documented reason to check `error_code` on 200.
    let result = if rules::IMAGE_TYPES.contains(&image_type) {
        json!({ "error_code": 0, "error_description": "success" })
    } else {
        json!({
            "error_code": 10,
            "error_description": format!("Unsupported image type: {image_type}. Use private_image or shared_image."),
        })
    };
    Ok((StatusCode::OK, Json(result)).into_response())
}

/// `POST /v5/{project_id}/image/image-sync/tasks` (`CreateImageSynchronizeTask`,
/// §4.2): "The response has no body fields."
pub async fn create_sync_task(
    State(sandbox): State<Sandbox>,
    Path((region, project_id)): Path<(String, String)>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Response> {
    check_request(&sandbox, &headers, &region, &project_id, query.as_deref())?;
    check_task_body(&body).map_err(|field| invalid(&field))?;
    Ok((StatusCode::OK, Json(json!({}))).into_response())
}

/// Token (the gateway's check), then project, then the `region` header and
/// the query: the order a real call meets them.
fn check_request(
    sandbox: &Sandbox,
    headers: &HeaderMap,
    region: &str,
    project_id: &str,
    query: Option<&str>,
) -> Result<(), Response> {
    let project = sandbox.caller(headers).ok_or_else(reply::apig_token_rejected)?;
    if project.id != project_id {
        return Err(reply::hss(codes::HSS_FORBIDDEN, "Insufficient permissions"));
    }
    // The `region` header names the region whose assets are meant (seed 001;
    // api-reference §4.1): it must be the endpoint's own region.
    let header = headers.get("region").and_then(|v| v.to_str().ok());
    if header != Some(region) {
        return Err(invalid("region"));
    }
    let query = Query::parse(query);
    if query.get("enterprise_project_id").is_some_and(|value| !rules::enterprise_project_ok(value)) {
        return Err(invalid("enterprise_project_id"));
    }
    Ok(())
}

/// Returns the name of the first field that breaks a rule (§4.2).
fn check_task_body(body: &[u8]) -> Result<(), String> {
    let value: Value = serde_json::from_slice(body).map_err(|_| "request body".to_string())?;
    let object: &Map<String, Value> = value.as_object().ok_or("request body")?;
    let sync_all = object.get("sync_all_registries").and_then(Value::as_bool).ok_or("sync_all_registries")?;
    let registries = match object.get("registry_info") {
        None | Some(Value::Null) => &[][..],
        Some(Value::Array(items)) => items.as_slice(),
        Some(_) => return Err("registry_info".into()),
    };
    for (i, item) in registries.iter().enumerate() {
        let id = item.get("registry_id").and_then(Value::as_str);
        if id.is_none_or(|id| id.trim().is_empty()) {
            return Err(format!("registry_info[{i}].registry_id"));
        }
        let kind = item.get("registry_type").and_then(Value::as_str);
        if !kind.is_some_and(|k| rules::REGISTRY_TYPES.contains(&k)) {
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
            (
                br#"{"sync_all_registries":true,"registry_info":[{"registry_id":"r","registry_type":"harbor"}]}"#,
                "registry_info[0].registry_type",
            ),
        ] {
            assert_eq!(check_task_body(body).unwrap_err(), field, "{}", String::from_utf8_lossy(body));
        }
    }
}
