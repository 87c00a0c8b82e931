//! SWR classic: automatic cross-region image sync (api-reference §3).

use std::time::SystemTime;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};

use super::world::{self, SyncRepo};
use super::{clock, reply, token_ok, Sandbox};

const BAD_REQUEST: &str = "SVCSTG.SWR.4000001";

fn bad_request(msg: &str) -> Response {
    reply::swr_classic(StatusCode::BAD_REQUEST, BAD_REQUEST, msg)
}

/// SWR answers a bad token itself, in its own format.
fn check_token(headers: &HeaderMap) -> Result<(), Response> {
    if token_ok(headers) {
        Ok(())
    } else {
        Err(reply::swr_classic(StatusCode::UNAUTHORIZED, "SVCSTG.SWR.4010000", "Authenticate failed"))
    }
}

/// Regions a source region can sync to: never itself.
fn targets(source: &str) -> impl Iterator<Item = &'static str> + '_ {
    world::SYNC_REGIONS.into_iter().filter(move |r| *r != source)
}

/// `GET /v2/manage/regions` (`ListSyncRegions`, §3.7): a bare array.
pub async fn list_regions(Path(region): Path<String>, headers: HeaderMap) -> Response {
    if let Err(denied) = check_token(&headers) {
        return denied;
    }
    let list: Vec<Value> = targets(&region).map(|r| json!({ "regionID": r })).collect();
    Json(list).into_response()
}

/// The organization and repository of the path; `$` stands for `/` (§3.1).
fn find_repository(sandbox: &Sandbox, namespace: &str, encoded: &str) -> Result<String, Response> {
    let repository = encoded.replace('$', "/");
    let world = sandbox.world();
    let Some(repos) = world.repositories(namespace) else {
        return Err(reply::swr_classic(
            StatusCode::NOT_FOUND,
            "SVCSTG.SWR.4040001",
            &format!("Namespace {namespace} not found"),
        ));
    };
    if !repos.contains(&repository.as_str()) {
        return Err(reply::swr_classic(
            StatusCode::NOT_FOUND,
            "SVCSTG.SWR.4040002",
            &format!("Repository {repository} not found"),
        ));
    }
    Ok(repository)
}

/// `POST …/repos/{repository}/sync_repo` (`CreateImageSyncRepo`, §3.2).
pub async fn create_sync_repo(
    State(sandbox): State<Sandbox>,
    Path((region, namespace, repository)): Path<(String, String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(denied) = check_token(&headers) {
        return denied;
    }
    let repository = match find_repository(&sandbox, &namespace, &repository) {
        Ok(repository) => repository,
        Err(not_found) => return not_found,
    };
    let request = match parse_body(&region, &body) {
        Ok(request) => request,
        Err(msg) => return bad_request(&msg),
    };
    let now = clock::utc_seconds(SystemTime::now());
    let task = SyncRepo {
        id: 0,
        namespace,
        repo_name: repository,
        remote_region_id: request.remote_region_id,
        remote_namespace: request.remote_namespace,
        sync_auto: request.sync_auto,
        override_existing: request.override_existing,
        created_at: now.clone(),
        updated_at: now,
    };
    if !sandbox.world().add_sync_repo(task) {
        return reply::swr_classic(
            StatusCode::BAD_REQUEST,
            "SVCSTG.SWR.4000017",
            "The synchronization task already exists.",
        );
    }
    // Documented: 200 and no body at all.
    StatusCode::OK.into_response()
}

/// `GET …/repos/{repository}/sync_repo` (`ListImageAutoSyncReposDetails`, §3.3).
pub async fn list_sync_repos(
    State(sandbox): State<Sandbox>,
    Path((_region, namespace, repository)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Response {
    if let Err(denied) = check_token(&headers) {
        return denied;
    }
    let repository = match find_repository(&sandbox, &namespace, &repository) {
        Ok(repository) => repository,
        Err(not_found) => return not_found,
    };
    let world = sandbox.world();
    let list: Vec<Value> = world
        .sync_repos
        .iter()
        .filter(|t| t.namespace == namespace && t.repo_name == repository)
        .map(task_json)
        .collect();
    Json(list).into_response()
}

fn task_json(task: &SyncRepo) -> Value {
    json!({
        "createdAt": task.created_at,
        "domainID": world::DOMAIN_ID,
        "domainName": world::DOMAIN_NAME,
        "id": task.id,
        "namespace": task.namespace,
        "override": task.override_existing,
        "remoteNamespace": task.remote_namespace,
        "remoteRegionId": task.remote_region_id,
        "repoName": task.repo_name,
        "syncAuto": task.sync_auto,
        "updatedAt": task.updated_at,
    })
}

#[derive(Debug)]
struct CreateRequest {
    remote_region_id: String,
    remote_namespace: String,
    sync_auto: bool,
    override_existing: bool,
}

/// The body's rules; the message names the field that breaks one.
fn parse_body(source_region: &str, body: &[u8]) -> Result<CreateRequest, String> {
    let value: Value = serde_json::from_slice(body).map_err(|_| "The request body is not valid JSON.".to_string())?;
    let object: &Map<String, Value> = value.as_object().ok_or("The request body must be a JSON object.")?;
    let remote_region_id = match object.get("remoteRegionId").and_then(Value::as_str) {
        Some(r) if targets(source_region).any(|t| t == r) => r.to_string(),
        Some(r) => {
            return Err(format!(
                "Invalid parameter remoteRegionId: {r:?} is not a region images can be synced to from {source_region}."
            ))
        }
        None => return Err("Invalid parameter remoteRegionId: a region ID string is required.".into()),
    };
    let remote_namespace = match object.get("remoteNamespace").and_then(Value::as_str) {
        // The validator trims; the server would not, so surrounding spaces fail too.
        Some(ns) => match ferry_api::validate::namespace("remoteNamespace", ns) {
            Ok(valid) if valid == ns => valid,
            Ok(_) => return Err("Invalid parameter remoteNamespace: must not have surrounding spaces.".into()),
            Err(err) => return Err(format!("Invalid parameter: {err}")),
        },
        None => return Err("Invalid parameter remoteNamespace: an organization name string is required.".into()),
    };
    Ok(CreateRequest {
        remote_region_id,
        remote_namespace,
        sync_auto: optional_bool(object, "syncAuto")?,
        override_existing: optional_bool(object, "override")?,
    })
}

/// Optional booleans default to false; `null` counts as absent, as in the SDK.
fn optional_bool(object: &Map<String, Value>, key: &str) -> Result<bool, String> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(_) => Err(format!("Invalid parameter {key}: must be true or false.")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_rules_name_the_field() {
        let ok = parse_body("cn-north-4", br#"{"remoteRegionId":"ap-southeast-3","remoteNamespace":"mirror"}"#).unwrap();
        assert!(!ok.sync_auto && !ok.override_existing);
        for (body, field) in [
            (&br#"{"remoteNamespace":"mirror"}"#[..], "remoteRegionId"),
            (br#"{"remoteRegionId":4,"remoteNamespace":"mirror"}"#, "remoteRegionId"),
            (br#"{"remoteRegionId":"cn-north-4","remoteNamespace":"mirror"}"#, "remoteRegionId"),
            (br#"{"remoteRegionId":"eu-west-101","remoteNamespace":"mirror"}"#, "remoteRegionId"),
            (br#"{"remoteRegionId":"cn-east-3"}"#, "remoteNamespace"),
            (br#"{"remoteRegionId":"cn-east-3","remoteNamespace":"Mirror"}"#, "remoteNamespace"),
            (br#"{"remoteRegionId":"cn-east-3","remoteNamespace":" mirror"}"#, "remoteNamespace"),
            (br#"{"remoteRegionId":"cn-east-3","remoteNamespace":"m","syncAuto":"yes"}"#, "syncAuto"),
            (br#"{"remoteRegionId":"cn-east-3","remoteNamespace":"m","override":1}"#, "override"),
        ] {
            let msg = parse_body("cn-north-4", body).unwrap_err();
            assert!(msg.contains(field), "{msg}");
        }
    }
}
