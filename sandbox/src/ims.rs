//! IMS: copy an image within a region and follow its job (api-reference §5;
//! seed 004 and OTC image-management-service `replicating_an_image_within_a_region.rst`,
//! `querying_the_status_of_an_asynchronous_job.rst`; Go SDK
//! `services/ims/v2/model/model_show_job_response.go`, `model_job_entities.go`).
//! A job's status is computed from the time since it started, so a trainer
//! sees INIT → RUNNING → SUCCESS (or FAIL) without any background task.

use std::time::{Duration, Instant, SystemTime};

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};

use super::codes::{self, Code};
use super::paging::Query;
use super::rules::{self, NameProblem};
use super::world::{CopyJob, Image, World};
use super::{clock, iam, reply, request_id, Sandbox};

const JOB_TYPE: &str = "imsCopyImageInRegionJob";
/// Share of the duration spent in INIT, and when a full-ECS copy gives up.
const INIT_UNTIL: f64 = 0.1;
const FULL_ECS_FAILS_AT: f64 = 0.6;
const FULL_ECS_REASON: &str = "The full-ECS image cannot be exported or replicated.";

fn error(code: Code, msg: &str) -> Response {
    reply::ims(code, msg)
}

/// The gateway in front of IMS refuses a bad token before the service
/// sees it; a good one names the caller's project.
fn caller(sandbox: &Sandbox, headers: &HeaderMap) -> Result<&'static iam::Project, Response> {
    sandbox.caller(headers).ok_or_else(reply::apig_token_rejected)
}

/// `GET /v2/cloudimages` (`ListImages`; IMS "查询镜像列表"): the caller's
/// project's images. Filters `__imagetype` (private only here), `status`,
/// `name` (exact match, as documented), `id`; paging by `marker` (an image
/// ID: the page starts after it) and `limit` (default 500). Newest first,
/// the documented default (`sort_key=created_at`, `sort_dir=desc`).
pub async fn list_images(
    State(sandbox): State<Sandbox>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, Response> {
    let project = caller(&sandbox, &headers)?;
    let query = Query::parse(query.as_deref());
    let limit = match query.int("limit").map_err(|msg| error(codes::IMS_FORMAT, &msg))? {
        None => 500,
        Some(n @ 1..=1000) => n as usize,
        Some(n) => return Err(error(codes::IMS_FORMAT, &format!("limit must be 1-1000, got {n}."))),
    };
    let duration = job_duration(&sandbox);
    let mut world = sandbox.world();
    settle(&mut world, duration);
    let wanted_type = query.get("__imagetype");
    let mut images: Vec<&Image> = world
        .images
        .iter()
        .filter(|i| i.project_id == project.id)
        .filter(|_| wanted_type.is_none_or(|t| t == "private"))
        .filter(|_| query.get("status").is_none_or(|s| s == "active"))
        .filter(|i| query.get("name").is_none_or(|n| n == i.name))
        .filter(|i| query.get("id").is_none_or(|id| id == i.id))
        .collect();
    images.sort_by(|a, b| b.created_at.cmp(&a.created_at).then_with(|| a.id.cmp(&b.id)));
    let start = match query.get("marker") {
        None => 0,
        Some(marker) => match images.iter().position(|i| i.id == marker) {
            Some(at) => at + 1,
            None => return Err(error(codes::IMS_FORMAT, "marker is not an image ID in this list.")),
        },
    };
    let page: Vec<Value> = images.iter().skip(start).take(limit).map(|i| image_json(i)).collect();
    Ok(Json(json!({ "images": page })).into_response())
}

/// One image as ListImages shows it (`ImageInfo`, 镜像属性). IMS writes
/// most extension attributes as strings; `__whole_image` is documented as a
/// Boolean and sent as one only on full-ECS images (absent elsewhere).
fn image_json(image: &Image) -> Value {
    let mut item = json!({
        "id": image.id,
        "name": image.name,
        "status": "active",
        "visibility": "private",
        "__imagetype": "private",
        "__os_version": image.os_version,
        "__os_type": "Linux",
        "__image_size": image.size_bytes.to_string(),
        "disk_format": image.disk_format,
        "min_disk": 40,
        "min_ram": 0,
        "protected": false,
        "created_at": image.created_at,
        "updated_at": image.created_at,
        "__isregistered": "true",
        "__platform": "Ubuntu",
        "virtual_env_type": "FusionCompute",
    });
    if image.full_ecs {
        item["__whole_image"] = json!(true);
    }
    if image.disk_format == "iso" {
        item["__image_source_type"] = json!("uds");
    }
    item
}

/// `POST /v1/cloudimages/{image_id}/copy` (`CopyImageInRegion`, §5.1, seed
/// 004): 200 `{"job_id": string}`. No project in the path: the token's
/// project decides which images exist.
pub async fn copy_image(
    State(sandbox): State<Sandbox>,
    Path((_region, image_id)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Response> {
    let project = caller(&sandbox, &headers)?;
    let duration = job_duration(&sandbox);
    let mut world = sandbox.world();
    settle(&mut world, duration);
    let source = world
        .image(project.id, &image_id)
        .cloned()
        .ok_or_else(|| error(codes::IMS_NO_IMAGE, "The image does not exist."))?;
    let name = parse_body(&body).map_err(|(code, msg)| error(code, &msg))?;
    let id = request_id::new();
    world.copy_jobs.push(CopyJob {
        id: id.clone(),
        project_id: project.id.to_string(),
        started: Instant::now(),
        begun: SystemTime::now(),
        source_image_id: source.id,
        // Accepted now, refused by the job later, as the real service does.
        // An ISO-made image is refused the same way (IMS: 使用ISO文件创建的私有镜像不支持区域内复制).
        source_full_ecs: source.full_ecs || source.disk_format == "iso",
        image_name: name,
        new_image_id: uuid_like(),
    });
    Ok(Json(json!({ "job_id": id })).into_response())
}

/// `GET /v1/{project_id}/jobs/{job_id}` (`ShowJob`, §5.2). The path's
/// project must be the token's.
pub async fn show_job(
    State(sandbox): State<Sandbox>,
    Path((_region, project_id, job_id)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Result<Response, Response> {
    let project = caller(&sandbox, &headers)?;
    if project.id != project_id {
        return Err(error(codes::IMS_FORBIDDEN, "The token is not scoped to this project."));
    }
    job_answer(&sandbox, project.id, &job_id)
}

/// `GET /v1/cloudimages/job/{job_id}` (`ShowJobProgress`, §5.3): no project
/// in the path, the token's project decides.
pub async fn show_job_progress(
    State(sandbox): State<Sandbox>,
    Path((_region, job_id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, Response> {
    let project = caller(&sandbox, &headers)?;
    job_answer(&sandbox, project.id, &job_id)
}

fn job_answer(sandbox: &Sandbox, project_id: &str, job_id: &str) -> Result<Response, Response> {
    let duration = job_duration(sandbox);
    let mut world = sandbox.world();
    settle(&mut world, duration);
    let job = world
        .copy_job(project_id, job_id)
        .ok_or_else(|| error(codes::IMS_NO_JOB, "The job does not exist."))?;
    Ok(Json(job_json(job, progress(job.started.elapsed(), duration, job.source_full_ecs))).into_response())
}

fn job_duration(sandbox: &Sandbox) -> Duration {
    Duration::from_secs(sandbox.options.job_seconds)
}

/// Where a job is; terminal states carry how long after the start they ended.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Progress {
    Init,
    Running { percent: f64 },
    Success { after: Duration },
    Fail { after: Duration },
}

fn progress(elapsed: Duration, duration: Duration, full_ecs: bool) -> Progress {
    // A zero duration means "finish at once".
    let fraction = if duration.is_zero() { 1.0 } else { elapsed.as_secs_f64() / duration.as_secs_f64() };
    if full_ecs && fraction >= FULL_ECS_FAILS_AT {
        Progress::Fail { after: duration.mul_f64(FULL_ECS_FAILS_AT) }
    } else if fraction >= 1.0 {
        Progress::Success { after: duration }
    } else if fraction < INIT_UNTIL {
        Progress::Init
    } else {
        Progress::Running { percent: (fraction * 1000.0).round() / 10.0 }
    }
}

/// A finished copy becomes an image that can itself be copied, whether or
/// not anyone polled its job.
fn settle(world: &mut World, duration: Duration) {
    let finished: Vec<(String, String, String)> = world
        .copy_jobs
        .iter()
        .filter(|j| {
            matches!(progress(j.started.elapsed(), duration, j.source_full_ecs), Progress::Success { .. })
        })
        .map(|j| (j.project_id.clone(), j.new_image_id.clone(), j.image_name.clone()))
        .collect();
    for (project_id, id, name) in finished {
        world.add_image(&project_id, &id, &name);
    }
}

fn job_json(job: &CopyJob, progress: Progress) -> Value {
    let end = |after: Duration| Value::String(clock::utc_millis(job.begun + after));
    let (status, entities, end_time, error_code, fail_reason) = match progress {
        Progress::Init => ("INIT", json!({}), Value::Null, Value::Null, Value::Null),
        Progress::Running { percent } => (
            "RUNNING",
            // A fraction, as IMS documents it: "process_percent": 0.40 for a
            // running copy (ShowJobProgress example, docs/api-fidelity.md).
            json!({ "image_name": job.image_name, "current_task": "copying", "process_percent": percent / 100.0 }),
            Value::Null,
            Value::Null,
            Value::Null,
        ),
        Progress::Success { after } => (
            "SUCCESS",
            json!({ "image_id": job.new_image_id, "image_name": job.image_name }),
            end(after),
            Value::Null,
            Value::Null,
        ),
        Progress::Fail { after } => (
            "FAIL",
            json!({ "image_name": job.image_name }),
            end(after),
            json!(codes::IMS_FULL_ECS.code),
            json!(FULL_ECS_REASON),
        ),
    };
    json!({
        "job_id": job.id,
        "job_type": JOB_TYPE,
        "begin_time": clock::utc_millis(job.begun),
        "end_time": end_time,
        "status": status,
        "error_code": error_code,
        "fail_reason": fail_reason,
        "entities": entities,
    })
}

/// A new image ID in the 8-4-4-4-12 shape IMS uses.
fn uuid_like() -> String {
    let hex = request_id::new();
    let part = |range: std::ops::Range<usize>| hex.get(range).unwrap_or("0").to_string();
    format!("{}-{}-{}-{}-{}", part(0..8), part(8..12), part(12..16), part(16..20), part(20..32))
}

/// The copy body's rules (§5.1, Image Attributes); returns the requested
/// name. Each broken rule has its documented IMS code.
fn parse_body(body: &[u8]) -> Result<String, (Code, String)> {
    let malformed =
        |what: &str| (codes::IMS_FORMAT, format!("The request message format is invalid: {what}."));
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err((codes::IMS_EMPTY_BODY, "The request body is empty.".into()));
    }
    let value: Value = serde_json::from_slice(body).map_err(|_| malformed("not valid JSON"))?;
    let object: &Map<String, Value> = value.as_object().ok_or_else(|| malformed("not a JSON object"))?;
    let name = match object.get("name") {
        Some(Value::String(name)) => name,
        None | Some(Value::Null) => {
            return Err((codes::IMS_NAME_MISSING, "The image name is not specified.".into()))
        }
        Some(_) => return Err(malformed("name must be a string")),
    };
    match rules::image_name(name) {
        Ok(()) => {}
        Err(NameProblem::TooLong) => {
            return Err((codes::IMS_NAME_LONG, "The image name contains more than 128 characters.".into()))
        }
        Err(NameProblem::Format) => {
            return Err((codes::IMS_NAME_FORMAT, "The image name format is invalid.".into()))
        }
    }
    match object.get("description") {
        None | Some(Value::Null) => {}
        Some(Value::String(text)) => match rules::image_description(text) {
            Ok(()) => {}
            Err(NameProblem::TooLong) => {
                return Err((
                    codes::IMS_DESCRIPTION_LONG,
                    "The description contains more than 1024 characters.".into(),
                ))
            }
            Err(NameProblem::Format) => {
                return Err((
                    codes::IMS_DESCRIPTION_FORMAT,
                    "The image description format is invalid.".into(),
                ))
            }
        },
        Some(_) => return Err(malformed("description must be a string")),
    }
    for key in ["cmk_id", "enterprise_project_id"] {
        if !matches!(object.get(key), None | Some(Value::Null) | Some(Value::String(_))) {
            return Err(malformed(&format!("{key} must be a string")));
        }
    }
    Ok(name.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECOND: Duration = Duration::from_secs(1);

    #[test]
    fn progress_follows_the_clock() {
        let at = |ms: u64, full_ecs: bool| progress(Duration::from_millis(ms), 10 * SECOND, full_ecs);
        assert_eq!(at(0, false), Progress::Init);
        assert_eq!(at(999, false), Progress::Init);
        assert_eq!(at(1000, false), Progress::Running { percent: 10.0 });
        assert_eq!(at(4567, false), Progress::Running { percent: 45.7 });
        assert_eq!(at(10_000, false), Progress::Success { after: 10 * SECOND });
        assert_eq!(at(5999, true), Progress::Running { percent: 60.0 });
        assert_eq!(at(6000, true), Progress::Fail { after: 6 * SECOND });
        assert_eq!(
            progress(Duration::ZERO, Duration::ZERO, false),
            Progress::Success { after: Duration::ZERO }
        );
    }

    #[test]
    fn new_ids_are_uuid_shaped() {
        let id = uuid_like();
        let lengths: Vec<usize> = id.split('-').map(str::len).collect();
        assert_eq!(lengths, [8, 4, 4, 4, 12]);
        assert!(id.bytes().all(|b| b == b'-' || b.is_ascii_hexdigit()));
    }

    #[test]
    fn body_codes() {
        assert_eq!(parse_body(br#"{"name":"copy 1","cmk_id":null}"#).ok(), Some("copy 1".to_string()));
        let long = format!(r#"{{"name":"{}"}}"#, "n".repeat(129));
        let long_desc = format!(r#"{{"name":"n","description":"{}"}}"#, "d".repeat(1025));
        for (body, code) in [
            (&b""[..], "IMG.0007"),
            (b"{", "IMG.0001"),
            (b"{}", "IMG.0013"),
            (br#"{"name":7}"#, "IMG.0001"),
            (long.as_bytes(), "IMG.0002"),
            (br#"{"name":""}"#, "IMG.0003"),
            (br#"{"name":"a/b"}"#, "IMG.0003"),
            (br#"{"name":" lead"}"#, "IMG.0003"),
            (long_desc.as_bytes(), "IMG.0004"),
            (br#"{"name":"n","description":"<b>"}"#, "IMG.0054"),
            (br#"{"name":"n","description":"a\rb"}"#, "IMG.0054"),
            (br#"{"name":"n","description":"a\nb"}"#, "IMG.0054"),
            (br#"{"name":"n","cmk_id":1}"#, "IMG.0001"),
            (br#"{"name":"n","enterprise_project_id":true}"#, "IMG.0001"),
        ] {
            let got = parse_body(body).err().map(|(code, _)| code.code);
            assert_eq!(got, Some(code), "{}", String::from_utf8_lossy(body));
        }
    }
}
