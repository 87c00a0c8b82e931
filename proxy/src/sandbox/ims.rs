//! IMS: copy an image within a region and follow its job (api-reference §5).
//! A job's status is computed from the time since it started, so a trainer
//! sees INIT → RUNNING → SUCCESS (or FAIL) without any background task.

use std::time::{Duration, Instant, SystemTime};

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};

use super::world::{self, CopyJob, World};
use super::{clock, reply, token_ok, Sandbox};
use crate::request_id;

const JOB_TYPE: &str = "imsCopyImageInRegionJob";
const NAME_MAX: usize = 128;
/// Share of the duration spent in INIT, and when a full-ECS copy gives up.
const INIT_UNTIL: f64 = 0.1;
const FULL_ECS_FAILS_AT: f64 = 0.6;
const FULL_ECS_ERROR: &str = "IMG.0220";
const FULL_ECS_REASON: &str = "Full-ECS images cannot be replicated within a region.";

fn bad_request(code: &str, msg: &str) -> Response {
    reply::ims(StatusCode::BAD_REQUEST, code, msg)
}

/// `POST /v1/cloudimages/{image_id}/copy` (`CopyImageInRegion`, §5.1).
pub async fn copy_image(
    State(sandbox): State<Sandbox>,
    Path((_region, image_id)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !token_ok(&headers) {
        return reply::apig_token_rejected();
    }
    let duration = job_duration(&sandbox);
    let mut world = sandbox.world();
    settle(&mut world, duration);
    let Some(source) = world.image(&image_id).cloned() else {
        return reply::ims(StatusCode::NOT_FOUND, "IMG.0001", "The image does not exist.");
    };
    let name = match parse_body(&body) {
        Ok(name) => name,
        Err((code, msg)) => return bad_request(code, &msg),
    };
    let id = request_id::new();
    world.copy_jobs.push(CopyJob {
        id: id.clone(),
        started: Instant::now(),
        begun: SystemTime::now(),
        source_image_id: source.id,
        // Accepted now, refused by the job later, as the real service does.
        source_full_ecs: source.full_ecs,
        image_name: name,
        new_image_id: uuid_like(),
    });
    Json(json!({ "job_id": id })).into_response()
}

/// `GET /v1/{project_id}/jobs/{job_id}` (`ShowJob`, §5.2).
pub async fn show_job(
    State(sandbox): State<Sandbox>,
    Path((_region, project_id, job_id)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Response {
    if !token_ok(&headers) {
        return reply::apig_token_rejected();
    }
    if project_id != world::PROJECT_ID {
        return job_not_found();
    }
    job_answer(&sandbox, &job_id)
}

/// `GET /v1/cloudimages/job/{job_id}` (`ShowJobProgress`, §5.3): no project.
pub async fn show_job_progress(
    State(sandbox): State<Sandbox>,
    Path((_region, job_id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    if !token_ok(&headers) {
        return reply::apig_token_rejected();
    }
    job_answer(&sandbox, &job_id)
}

fn job_not_found() -> Response {
    reply::ims(StatusCode::NOT_FOUND, "IMG.0404", "The job does not exist.")
}

fn job_answer(sandbox: &Sandbox, job_id: &str) -> Response {
    let duration = job_duration(sandbox);
    let mut world = sandbox.world();
    settle(&mut world, duration);
    match world.copy_job(job_id) {
        Some(job) => Json(job_json(job, progress(job.started.elapsed(), duration, job.source_full_ecs))).into_response(),
        None => job_not_found(),
    }
}

fn job_duration(sandbox: &Sandbox) -> Duration {
    Duration::from_secs(sandbox.settings.sandbox_job_seconds)
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
    let finished: Vec<(String, String)> = world
        .copy_jobs
        .iter()
        .filter(|j| matches!(progress(j.started.elapsed(), duration, j.source_full_ecs), Progress::Success { .. }))
        .map(|j| (j.new_image_id.clone(), j.image_name.clone()))
        .collect();
    for (id, name) in finished {
        world.add_image(&id, &name);
    }
}

fn job_json(job: &CopyJob, progress: Progress) -> Value {
    let end = |after: Duration| Value::String(clock::utc_millis(job.begun + after));
    let (status, entities, end_time, error_code, fail_reason) = match progress {
        Progress::Init => ("INIT", json!({}), Value::Null, Value::Null, Value::Null),
        Progress::Running { percent } => (
            "RUNNING",
            json!({ "image_name": job.image_name, "current_task": "copying", "process_percent": percent }),
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
            json!(FULL_ECS_ERROR),
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

/// The copy body's rules; returns the requested name. Malformed bodies and
/// wrongly typed fields are IMG.0003, the code for a bad request body here.
fn parse_body(body: &[u8]) -> Result<String, (&'static str, String)> {
    let malformed = |what: &str| ("IMG.0003", format!("The request body is invalid: {what}."));
    let value: Value = serde_json::from_slice(body).map_err(|_| malformed("not valid JSON"))?;
    let object: &Map<String, Value> = value.as_object().ok_or_else(|| malformed("not a JSON object"))?;
    let name = match object.get("name") {
        Some(Value::String(name)) => name,
        Some(_) => return Err(malformed("name must be a string")),
        None => return Err(malformed("name is required")),
    };
    if name.chars().count() > NAME_MAX {
        return Err(("IMG.0002", "The image name contains more than 128 characters.".into()));
    }
    if ferry_api::validate::image_name(name).is_err() {
        return Err(("IMG.0003", "The image name is invalid.".into()));
    }
    match object.get("description") {
        None | Some(Value::Null) => {}
        Some(Value::String(text)) => {
            if text.chars().count() > ferry_api::validate::DESCRIPTION_MAX {
                return Err(("IMG.0004", "The description contains more than 1024 characters.".into()));
            }
            if ferry_api::validate::image_description(text).is_err() {
                return Err(("IMG.0005", "The description must not contain '<', '>' or carriage returns.".into()));
            }
        }
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
        assert_eq!(progress(Duration::ZERO, Duration::ZERO, false), Progress::Success { after: Duration::ZERO });
    }

    #[test]
    fn new_ids_are_uuid_shaped() {
        assert!(ferry_api::validate::image_id(&uuid_like()).is_ok());
    }

    #[test]
    fn body_codes() {
        assert_eq!(parse_body(br#"{"name":"copy 1","cmk_id":null}"#).unwrap(), "copy 1");
        let long = format!(r#"{{"name":"{}"}}"#, "n".repeat(129));
        let long_desc = format!(r#"{{"name":"n","description":"{}"}}"#, "d".repeat(1025));
        for (body, code) in [
            (&b"{"[..], "IMG.0003"),
            (b"{}", "IMG.0003"),
            (br#"{"name":7}"#, "IMG.0003"),
            (long.as_bytes(), "IMG.0002"),
            (br#"{"name":""}"#, "IMG.0003"),
            (br#"{"name":"a/b"}"#, "IMG.0003"),
            (br#"{"name":" lead"}"#, "IMG.0003"),
            (long_desc.as_bytes(), "IMG.0004"),
            (br#"{"name":"n","description":"<b>"}"#, "IMG.0005"),
            (br#"{"name":"n","description":"a\rb"}"#, "IMG.0005"),
            (br#"{"name":"n","cmk_id":1}"#, "IMG.0003"),
            (br#"{"name":"n","enterprise_project_id":true}"#, "IMG.0003"),
        ] {
            assert_eq!(parse_body(body).unwrap_err().0, code, "{}", String::from_utf8_lossy(body));
        }
    }
}
