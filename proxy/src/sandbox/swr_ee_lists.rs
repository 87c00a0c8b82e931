//! SWR EE lists to pick from: instances (§2.8), registries and replication
//! policies (§2.7). The data is fixed, see `ee_catalog`.

use std::cmp::Ordering;

use axum::extract::{Path, RawQuery};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use ferry_api::swr_ee_models::{InstanceList, PolicyList, RegistryList, ReplicationPolicy};

use super::ee_catalog;
use super::paging::{Page, Query};
use super::reply;
use super::swr_ee::{bad_request, check_caller, check_instance, check_token, path_id};

/// Validated query, or the answer to send instead.
fn page_of(query: &Query, default_limit: usize) -> Result<Page, Response> {
    Page::from_query(query, default_limit).map_err(|msg| bad_request(&msg))
}

/// `GET /v2/{project_id}/instances?offset=&limit=&status=&enterprise_project_id=`.
pub async fn list_instances(
    Path((region, project_id)): Path<(String, String)>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    if let Err(denied) = check_token(&headers) {
        return denied;
    }
    let query = Query::parse(query.as_deref());
    // Only this list defaults to 100.
    let page = match page_of(&query, 100) {
        Ok(page) => page,
        Err(bad) => return bad,
    };
    let status = query.get("status");
    let enterprise = query.get("enterprise_project_id");
    let matching: Vec<_> = ee_catalog::instances(&project_id, &region)
        .into_iter()
        .filter(|i| status.is_none_or(|s| i.status == s))
        .filter(|i| enterprise.is_none_or(|e| i.enterprise_project_id == e))
        .collect();
    let total = matching.len() as i64;
    Json(InstanceList { instances: page.take(matching), total }).into_response()
}

/// `GET …/instances/{instance_id}/registries`.
pub async fn list_registries(
    Path((region, project_id, instance_id)): Path<(String, String, String)>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    if let Err(denied) = check_token(&headers) {
        return denied;
    }
    let page = match page_of(&Query::parse(query.as_deref()), 10) {
        Ok(page) => page,
        Err(bad) => return bad,
    };
    if let Err(not_found) = check_instance(&project_id, &instance_id) {
        return not_found;
    }
    let all = ee_catalog::registries(&instance_id, &region);
    let total = all.len() as i64;
    Json(RegistryList { registries: page.take(all), total }).into_response()
}

/// `GET …/replication/policies?name=&order_column=&order_type=&registry_id=&offset=&limit=`.
pub async fn list_policies(
    Path((_region, project_id, instance_id)): Path<(String, String, String)>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    if let Err(denied) = check_token(&headers) {
        return denied;
    }
    let query = Query::parse(query.as_deref());
    let (page, order, registry_id) = match (page_of(&query, 10), order(&query), query.int("registry_id")) {
        (Ok(page), Ok(order), Ok(registry_id)) => (page, order, registry_id),
        (Err(bad), _, _) => return bad,
        (_, Err(msg), _) | (_, _, Err(msg)) => return bad_request(&msg),
    };
    if let Err(not_found) = check_instance(&project_id, &instance_id) {
        return not_found;
    }
    // `name` is a fuzzy match: case-insensitive substring.
    let needle = query.get("name").map(str::to_lowercase);
    let mut matching: Vec<ReplicationPolicy> = ee_catalog::policies(&instance_id)
        .into_iter()
        .filter(|p| needle.as_deref().is_none_or(|n| p.name.to_lowercase().contains(n)))
        .filter(|p| registry_id.is_none_or(|r| p.src_registry.id == r || p.dest_registry.id == r))
        .collect();
    matching.sort_by(order);
    let total = matching.len() as i64;
    Json(PolicyList { policies: page.take(matching), total }).into_response()
}

type PolicyOrder = fn(&ReplicationPolicy, &ReplicationPolicy) -> Ordering;

/// `order_column` (default `created_at`) and `order_type` (default `desc`);
/// ties go by ID in the same direction, so pages never overlap.
fn order(query: &Query) -> Result<PolicyOrder, String> {
    let column = query.get("order_column").unwrap_or("created_at");
    let descending = match query.get("order_type").unwrap_or("desc") {
        "desc" => true,
        "asc" => false,
        other => return Err(format!("order_type must be desc or asc, got '{other}'.")),
    };
    let order: PolicyOrder = match (column, descending) {
        ("created_at", false) => |a, b| (&a.created_at, a.id).cmp(&(&b.created_at, b.id)),
        ("created_at", true) => |a, b| (&b.created_at, b.id).cmp(&(&a.created_at, a.id)),
        ("updated_at", false) => |a, b| (&a.updated_at, a.id).cmp(&(&b.updated_at, b.id)),
        ("updated_at", true) => |a, b| (&b.updated_at, b.id).cmp(&(&a.updated_at, a.id)),
        ("name", false) => |a, b| (&a.name, a.id).cmp(&(&b.name, b.id)),
        ("name", true) => |a, b| (&b.name, b.id).cmp(&(&a.name, a.id)),
        (other, _) => return Err(format!("order_column must be created_at, updated_at or name, got '{other}'.")),
    };
    Ok(order)
}

/// `GET …/replication/policies/{policy_id}`.
pub async fn show_policy(
    Path((_region, project_id, instance_id, policy_id)): Path<(String, String, String, String)>,
    headers: HeaderMap,
) -> Response {
    if let Err(refused) = check_caller(&headers, &project_id, &instance_id) {
        return refused;
    }
    let id = match path_id("policy_id", &policy_id) {
        Ok(id) => id,
        Err(bad) => return bad,
    };
    match ee_catalog::policy_by_id(&instance_id, id) {
        Some(policy) => Json(policy).into_response(),
        None => reply::swr_ee(
            StatusCode::NOT_FOUND,
            "SVCSTG.SWR.4040017",
            &format!("The replication policy {id} does not exist."),
        ),
    }
}
