//! SWR classic: automatic cross-region image sync (api-reference §3; seed
//! 002 "创建镜像自动同步任务"; Go SDK `services/swr/v2/model/model_sync_repo.go`,
//! `model_region_info.go`, `model_create_image_sync_repo_request_body.go`).

use std::time::SystemTime;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};

use super::codes::{self, Code};
use super::paging::Query;
use super::world::{self, SyncRepo};
use super::{clock, reply, rules, Sandbox};

fn error(code: Code, msg: &str) -> Response {
    reply::swr_classic(code, msg)
}

/// What every SWR classic call must carry: an accepted token (SWR answers a
/// bad one itself, in its own format) and one of the two documented
/// Content-Types, GETs included (seed 002: "Content-Type | 是 (mandatory) |
/// application/json;charset=utf-8 or application/json").
fn check_request(sandbox: &Sandbox, headers: &HeaderMap) -> Result<(), Response> {
    if sandbox.caller(headers).is_none() {
        return Err(error(codes::SWR_AUTH, "Authenticate failed"));
    }
    let content_type = headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default();
    let normalized: String =
        content_type.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase();
    if !matches!(normalized.as_str(), "application/json" | "application/json;charset=utf-8") {
        return Err(error(
            codes::SWR_CONTENT_TYPE,
            "Content-Type must be application/json or application/json;charset=utf-8.",
        ));
    }
    Ok(())
}

/// `GET /v2/manage/namespaces[?namespace=]` (`ListNamespaces`, SDK
/// `swr_meta.go`; `model_show_namespace.go`): the organizations, an exact
/// name filter.
pub async fn list_namespaces(
    State(sandbox): State<Sandbox>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, Response> {
    check_request(&sandbox, &headers)?;
    let query = Query::parse(query.as_deref());
    let wanted = query.get("namespace").filter(|n| !n.is_empty());
    let world = sandbox.world();
    let list: Vec<Value> = world
        .namespaces
        .iter()
        .enumerate()
        .filter(|(_, (name, _))| wanted.is_none_or(|w| w == *name))
        .map(|(i, (name, _))| json!({ "id": i + 1, "name": name, "creator_name": "ferry-demo-account", "auth": 7 }))
        .collect();
    Ok(Json(json!({ "namespaces": list })).into_response())
}

/// `GET /v2/manage/repos?namespace=&offset=&limit=` (`ListReposDetails`,
/// `model_list_repos_details_request.go`): a bare array of `ShowReposResp`;
/// with `offset` and `limit` the total is in `Content-Range:
/// offset-count/total` (SWR "查询镜像仓库列表"). `limit` defaults to 100,
/// at most 1000.
pub async fn list_repos(
    State(sandbox): State<Sandbox>,
    Path(region): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, Response> {
    check_request(&sandbox, &headers)?;
    let query = Query::parse(query.as_deref());
    let number = |key: &str, default: usize| -> Result<usize, Response> {
        match query.get(key) {
            None => Ok(default),
            Some(text) => text.parse::<usize>().map_err(|_| {
                error(codes::SWR_BAD_QUERY, &format!("{key} must be a whole number, got '{text}'."))
            }),
        }
    };
    let (offset, limit) = (number("offset", 0)?, number("limit", 100)?);
    if !(1..=1000).contains(&limit) {
        return Err(error(codes::SWR_BAD_QUERY, "limit must be 1-1000."));
    }
    let world = sandbox.world();
    let namespace = query.get("namespace").filter(|n| !n.is_empty());
    let all: Vec<(&str, &str)> = world
        .namespaces
        .iter()
        .filter(|(name, _)| namespace.is_none_or(|n| n == *name))
        .flat_map(|(name, repos)| repos.iter().map(move |r| (*name, *r)))
        .collect();
    let page: Vec<Value> = all
        .iter()
        .skip(offset)
        .take(limit)
        .map(|(namespace, name)| {
            json!({
                "name": name,
                "namespace": namespace,
                "category": "other",
                "description": "",
                "size": 73_400_320,
                "is_public": false,
                "num_images": 3,
                "num_download": 0,
                "created_at": "2026-10-01T08:00:00Z",
                "updated_at": "2026-11-20T08:00:00Z",
                "logo": "",
                "url": "",
                "path": format!("swr.{region}.myhuaweicloud.com/{namespace}/{name}"),
                "internal_path": format!("swr.{region}.myhuaweicloud.com/{namespace}/{name}"),
                "domain_name": "ferry-demo-account",
                "tags": ["latest"],
                "status": false,
                "total_range": all.len(),
            })
        })
        .collect();
    let count = page.len();
    let mut response = Json(Value::Array(page)).into_response();
    if query.get("offset").is_some() && query.get("limit").is_some() {
        let range = format!("{offset}-{count}/{}", all.len());
        if let Ok(value) = range.parse() {
            response.headers_mut().insert("content-range", value);
        }
    }
    Ok(response)
}

/// Regions a source region can sync to: never itself.
fn targets(source: &str) -> impl Iterator<Item = &'static str> + '_ {
    world::SYNC_REGIONS.into_iter().filter(move |r| *r != source)
}

/// `GET /v2/manage/regions` (`ListSyncRegions`, §3.7): a bare array of
/// `{"regionID": …}`.
pub async fn list_regions(
    State(sandbox): State<Sandbox>,
    Path(region): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Response> {
    check_request(&sandbox, &headers)?;
    let list: Vec<Value> = targets(&region).map(|r| json!({ "regionID": r })).collect();
    Ok(Json(list).into_response())
}

/// The organization and repository of the path; `$` stands for `/` (§3.1).
/// Names that break the documented rules are refused before any lookup.
fn find_repository(sandbox: &Sandbox, namespace: &str, encoded: &str) -> Result<String, Response> {
    let repository = encoded.replace('$', "/");
    if !rules::namespace_ok(namespace) {
        return Err(error(codes::SWR_BAD_NAMESPACE, &format!("Invalid organization name: {namespace}")));
    }
    if !rules::repository_ok(&repository) {
        return Err(error(codes::SWR_BAD_REPOSITORY, &format!("Invalid image name: {repository}")));
    }
    let world = sandbox.world();
    let repos = world
        .repositories(namespace)
        .ok_or_else(|| error(codes::SWR_NO_NAMESPACE, &format!("Namespace {namespace} not found")))?;
    if !repos.contains(&repository.as_str()) {
        return Err(error(codes::SWR_NO_REPOSITORY, &format!("Repository {repository} not found")));
    }
    Ok(repository)
}

/// `POST …/repos/{repository}/sync_repo` (`CreateImageSyncRepo`, §3.2, seed
/// 002): 200 and no body at all.
pub async fn create_sync_repo(
    State(sandbox): State<Sandbox>,
    Path((region, namespace, repository)): Path<(String, String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Response> {
    check_request(&sandbox, &headers)?;
    let repository = find_repository(&sandbox, &namespace, &repository)?;
    let request = parse_body(&region, &body).map_err(|(code, msg)| error(code, &msg))?;
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
        return Err(error(codes::SWR_SYNC_EXISTS, "The synchronization task already exists."));
    }
    Ok(StatusCode::OK.into_response())
}

/// `GET …/repos/{repository}/sync_repo` (`ListImageAutoSyncReposDetails`,
/// §3.3): a bare array of `SyncRepo`.
pub async fn list_sync_repos(
    State(sandbox): State<Sandbox>,
    Path((_region, namespace, repository)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Result<Response, Response> {
    check_request(&sandbox, &headers)?;
    let repository = find_repository(&sandbox, &namespace, &repository)?;
    let world = sandbox.world();
    let list: Vec<Value> = world
        .sync_repos
        .iter()
        .filter(|t| t.namespace == namespace && t.repo_name == repository)
        .map(task_json)
        .collect();
    Ok(Json(list).into_response())
}

/// A `SyncRepo` (§3.3): camelCase keys, `id` int32, times in UTC.
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

type BodyError = (Code, String);

/// The body's rules (seed 002: `remoteRegionId` and `remoteNamespace`
/// mandatory strings, `syncAuto`/`override` optional booleans defaulting to
/// false); the message names the field that breaks one.
fn parse_body(source_region: &str, body: &[u8]) -> Result<CreateRequest, BodyError> {
    let invalid = |msg: String| (codes::SWR_BAD_BODY, msg);
    let value: Value =
        serde_json::from_slice(body).map_err(|_| invalid("The request body is not valid JSON.".into()))?;
    let object: &Map<String, Value> =
        value.as_object().ok_or_else(|| invalid("The request body must be a JSON object.".into()))?;
    let remote_region_id = match object.get("remoteRegionId") {
        None | Some(Value::Null) => return Err((codes::SWR_MISSING, "remoteRegionId is mandatory.".into())),
        Some(Value::String(r)) if targets(source_region).any(|t| t == r) => r.clone(),
        Some(Value::String(r)) => {
            return Err(invalid(format!(
                "Invalid parameter remoteRegionId: {r:?} is not a region images can be synced to from {source_region}."
            )))
        }
        Some(_) => return Err(invalid("Invalid parameter remoteRegionId: a region ID string is required.".into())),
    };
    let remote_namespace = match object.get("remoteNamespace") {
        None | Some(Value::Null) => return Err((codes::SWR_MISSING, "remoteNamespace is mandatory.".into())),
        Some(Value::String(ns)) if rules::namespace_ok(ns) => ns.clone(),
        Some(Value::String(ns)) => {
            return Err((codes::SWR_BAD_NAMESPACE, format!("Invalid parameter remoteNamespace: {ns:?}.")))
        }
        Some(_) => {
            return Err(invalid(
                "Invalid parameter remoteNamespace: an organization name string is required.".into(),
            ))
        }
    };
    Ok(CreateRequest {
        remote_region_id,
        remote_namespace,
        sync_auto: optional_bool(object, "syncAuto").map_err(invalid)?,
        override_existing: optional_bool(object, "override").map_err(invalid)?,
    })
}

/// Optional booleans default to false; `null` counts as absent.
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
        let ok =
            parse_body("cn-north-4", br#"{"remoteRegionId":"ap-southeast-3","remoteNamespace":"mirror"}"#);
        assert!(ok.is_ok_and(|r| !r.sync_auto && !r.override_existing));
        for (body, field, code) in [
            (&br#"{"remoteNamespace":"mirror"}"#[..], "remoteRegionId", codes::SWR_MISSING),
            (br#"{"remoteRegionId":4,"remoteNamespace":"mirror"}"#, "remoteRegionId", codes::SWR_BAD_BODY),
            (
                br#"{"remoteRegionId":"cn-north-4","remoteNamespace":"mirror"}"#,
                "remoteRegionId",
                codes::SWR_BAD_BODY,
            ),
            (
                br#"{"remoteRegionId":"eu-west-101","remoteNamespace":"mirror"}"#,
                "remoteRegionId",
                codes::SWR_BAD_BODY,
            ),
            (br#"{"remoteRegionId":"cn-east-3"}"#, "remoteNamespace", codes::SWR_MISSING),
            (
                br#"{"remoteRegionId":"cn-east-3","remoteNamespace":"Mirror"}"#,
                "remoteNamespace",
                codes::SWR_BAD_NAMESPACE,
            ),
            (
                br#"{"remoteRegionId":"cn-east-3","remoteNamespace":" mirror"}"#,
                "remoteNamespace",
                codes::SWR_BAD_NAMESPACE,
            ),
            (
                br#"{"remoteRegionId":"cn-east-3","remoteNamespace":"m","syncAuto":"yes"}"#,
                "syncAuto",
                codes::SWR_BAD_BODY,
            ),
            (
                br#"{"remoteRegionId":"cn-east-3","remoteNamespace":"m","override":1}"#,
                "override",
                codes::SWR_BAD_BODY,
            ),
        ] {
            let Err((got, msg)) = parse_body("cn-north-4", body) else { panic!("accepted {body:?}") };
            assert!(msg.contains(field), "{msg}");
            assert_eq!(got, code, "{msg}");
        }
    }
}
