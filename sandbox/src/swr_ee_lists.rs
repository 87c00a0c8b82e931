//! SWR EE lists to pick from: instances (`ListInstance`, §2.8), registries
//! (`ListInstanceRegistries`) and replication policies
//! (`ListInstanceReplicationPolicies`, `ShowInstanceReplicationPolicy`,
//! §2.7). The data is fixed, see `ee_catalog`.

use std::cmp::Ordering;

use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::codes;
use super::ee_catalog;
use super::paging::Query;
use super::swr_ee::{bad_query, check_caller, check_instance, error, page_of, path_id};
use super::Sandbox;

/// `GET /v2/{project_id}/instances?offset=&limit=&status=&enterprise_project_id=`.
pub async fn list_instances(
    State(sandbox): State<Sandbox>,
    Path((region, project_id)): Path<(String, String)>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, Response> {
    check_caller(&sandbox, &headers, &project_id)?;
    let query = Query::parse(query.as_deref());
    // Only this list defaults to 100.
    let page = page_of(&query, 100)?;
    // An exact match: a value outside the documented set matches nothing.
    let status = query.get("status");
    let enterprise = query.get("enterprise_project_id");
    let matching: Vec<Value> = ee_catalog::instances(&project_id, &region)
        .into_iter()
        .filter(|i| status.is_none_or(|s| i["status"] == s))
        .filter(|i| enterprise.is_none_or(|e| i["enterprise_project_id"] == e))
        .collect();
    let total = matching.len();
    Ok(Json(json!({ "instances": page.take(matching), "total": total })).into_response())
}

/// `GET …/instances/{instance_id}/registries?offset=&limit=`.
pub async fn list_registries(
    State(sandbox): State<Sandbox>,
    Path((region, project_id, instance_id)): Path<(String, String, String)>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, Response> {
    check_caller(&sandbox, &headers, &project_id)?;
    let page = page_of(&Query::parse(query.as_deref()), 10)?;
    check_instance(&project_id, &instance_id)?;
    let all = ee_catalog::registries(&instance_id, &region);
    let total = all.len();
    Ok(Json(json!({ "registries": page.take(all), "total": total })).into_response())
}

/// `GET …/replication/policies?name=&order_column=&order_type=&registry_id=&offset=&limit=`.
pub async fn list_policies(
    State(sandbox): State<Sandbox>,
    Path((_region, project_id, instance_id)): Path<(String, String, String)>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, Response> {
    check_caller(&sandbox, &headers, &project_id)?;
    let query = Query::parse(query.as_deref());
    let page = page_of(&query, 10)?;
    let order = order(&query).map_err(|msg| bad_query(&msg))?;
    let registry_id = query.int("registry_id").map_err(|msg| bad_query(&msg))?;
    check_instance(&project_id, &instance_id)?;
    // `name` is a fuzzy match: case-insensitive substring.
    let needle = query.get("name").map(str::to_lowercase);
    let name_of = |p: &Value| p["name"].as_str().unwrap_or_default().to_lowercase();
    let mut matching: Vec<Value> = ee_catalog::policies(&instance_id)
        .into_iter()
        .filter(|p| needle.as_deref().is_none_or(|n| name_of(p).contains(n)))
        .filter(|p| registry_id.is_none_or(|r| p["src_registry"]["id"] == r || p["dest_registry"]["id"] == r))
        .collect();
    matching.sort_by(order);
    let total = matching.len();
    Ok(Json(json!({ "policies": page.take(matching), "total": total })).into_response())
}

type PolicyOrder = Box<dyn Fn(&Value, &Value) -> Ordering>;

/// `order_column` (default `created_at`) and `order_type` (default `desc`);
/// ties go by ID in the same direction, so pages never overlap.
fn order(query: &Query) -> Result<PolicyOrder, String> {
    let column = match query.get("order_column").unwrap_or("created_at") {
        column @ ("created_at" | "updated_at" | "name") => column.to_string(),
        other => return Err(format!("order_column must be created_at, updated_at or name, got '{other}'.")),
    };
    let descending = match query.get("order_type").unwrap_or("desc") {
        "desc" => true,
        "asc" => false,
        other => return Err(format!("order_type must be desc or asc, got '{other}'.")),
    };
    Ok(Box::new(move |a: &Value, b: &Value| {
        let key = |p: &Value| (p[column.as_str()].as_str().unwrap_or_default().to_string(), p["id"].as_i64());
        let ascending = key(a).cmp(&key(b));
        if descending {
            ascending.reverse()
        } else {
            ascending
        }
    }))
}

/// `GET …/replication/policies/{policy_id}`: one `ReplicationPolicy`.
pub async fn show_policy(
    State(sandbox): State<Sandbox>,
    Path((_region, project_id, instance_id, policy_id)): Path<(String, String, String, String)>,
    headers: HeaderMap,
) -> Result<Response, Response> {
    check_caller(&sandbox, &headers, &project_id)?;
    check_instance(&project_id, &instance_id)?;
    let id = path_id("policy_id", &policy_id)?;
    let policy = ee_catalog::policy_by_id(&instance_id, id).ok_or_else(|| {
        error(codes::SWR_NO_POLICY, &format!("The replication policy {id} does not exist."))
    })?;
    Ok(Json(policy).into_response())
}
