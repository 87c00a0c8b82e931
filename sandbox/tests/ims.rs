//! The sandbox's IMS copy and job endpoints (api-reference §5): the job
//! moves INIT → RUNNING → SUCCESS over `sandbox_job_seconds`, and a full-ECS
//! image's copy is accepted but its job FAILs.

mod common;

use common::{call, Answer, PROJECT_ID, TOKEN};

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use ferry_sandbox::world::{FULL_ECS_IMAGE_ID, IMAGE_ID};
use serde_json::{json, Value};

const JOB: Duration = Duration::from_secs(1);

fn sandbox() -> Router {
    common::sandbox(JOB.as_secs(), 60)
}

fn request(method: &str, path: &str, token: Option<&str>, body: &str) -> Request<Body> {
    common::request(method, path, token, body, &[("content-type", "application/json;charset=UTF-8")])
}

fn copy(image_id: &str, token: Option<&str>, body: &str) -> Request<Body> {
    request("POST", &format!("/api/ims/cn-north-4/v1/cloudimages/{image_id}/copy"), token, body)
}

fn show_job(project: &str, job_id: &str, token: Option<&str>) -> Request<Body> {
    request("GET", &format!("/api/ims/cn-north-4/v1/{project}/jobs/{job_id}"), token, "")
}

fn show_progress(job_id: &str, token: Option<&str>) -> Request<Body> {
    request("GET", &format!("/api/ims/cn-north-4/v1/cloudimages/job/{job_id}"), token, "")
}

fn assert_error(answer: &Answer, status: StatusCode, code: &str, context: &str) {
    common::assert_error_basics(answer, status, code, context);
    if code == "APIG.0301" {
        assert_eq!(answer.json["request_id"].as_str(), answer.request_id.as_deref(), "{context}");
    } else {
        let msg = answer.json["error"]["message"].as_str().unwrap_or_default();
        assert!(!msg.is_empty(), "{context}");
        assert_eq!(answer.json, json!({ "error": { "code": code, "message": msg } }), "{context}");
    }
}

fn is_hex(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `2024-11-06T06:14:27.168Z`.
fn is_utc_millis(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 24
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            19 => *c == b'.',
            23 => *c == b'Z',
            _ => c.is_ascii_digit(),
        })
}

/// A copy that was accepted, and when: the job began between the two instants.
struct Started {
    job_id: String,
    sent: Instant,
    accepted: Instant,
}

async fn start_copy(app: &Router, image_id: &str, name: &str) -> Started {
    let sent = Instant::now();
    let answer = call(app, copy(image_id, Some(TOKEN), &json!({ "name": name }).to_string())).await;
    let accepted = Instant::now();
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.raw);
    let keys: Vec<&String> = answer.json.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["job_id"]);
    let job_id = answer.json["job_id"].as_str().unwrap().to_string();
    assert!(is_hex(&job_id, 32), "{job_id}");
    assert!(answer.request_id.is_some());
    Started { job_id, sent, accepted }
}

/// The statuses a job may show if its age lies in `[least, most]`, so a slow
/// machine loosens the check instead of failing it.
fn possible(least: Duration, most: Duration, fails_at: Option<f64>) -> Vec<&'static str> {
    let init_end = JOB.mul_f64(0.1);
    let (last, end) = match fails_at {
        Some(f) => ("FAIL", JOB.mul_f64(f)),
        None => ("SUCCESS", JOB),
    };
    let mut out = Vec::new();
    if least < init_end {
        out.push("INIT");
    }
    if least < end && most >= init_end {
        out.push("RUNNING");
    }
    if most >= end {
        out.push(last);
    }
    out
}

/// Reads the job and checks every field against its status.
async fn read_job(app: &Router, copy: &Started, fails_at: Option<f64>) -> Value {
    let job_id = copy.job_id.as_str();
    // Bounds on the job's age when the sandbox looked at it.
    let least = copy.accepted.elapsed();
    let answer = call(app, show_job(PROJECT_ID, job_id, Some(TOKEN))).await;
    let most = copy.sent.elapsed();
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.raw);
    assert!(answer.request_id.is_some());
    let job = answer.json;
    let status = job["status"].as_str().unwrap();
    assert!(possible(least, most, fails_at).contains(&status), "{status} at {least:?}..{most:?}: {job}");
    assert_eq!(job["job_id"], job_id);
    assert_eq!(job["job_type"], "imsCopyImageInRegionJob");
    assert!(is_utc_millis(job["begin_time"].as_str().unwrap()), "{job}");
    let keys: Vec<&String> = job.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["begin_time", "end_time", "entities", "error_code", "fail_reason", "job_id", "job_type", "status"]
    );
    match status {
        "INIT" => {
            assert_eq!(job["entities"], json!({}));
            assert_eq!(job["end_time"], Value::Null);
        }
        "RUNNING" => {
            assert_eq!(job["end_time"], Value::Null);
            assert_eq!(job["entities"]["current_task"], "copying");
            assert!(job["entities"]["image_name"].is_string());
            // A fraction (0.40 = 40 %), as the documented example has it.
            let percent = job["entities"]["process_percent"].as_f64().unwrap() * 100.0;
            assert!((10.0..100.0).contains(&percent), "{percent}");
            let (low, high) =
                (least.as_secs_f64() / JOB.as_secs_f64(), most.as_secs_f64() / JOB.as_secs_f64());
            assert!(
                percent >= low * 100.0 - 0.05 && percent <= high * 100.0 + 0.05,
                "{percent} outside {low}..{high}"
            );
            assert!(((percent * 10.0).round() - percent * 10.0).abs() < 1e-6, "one decimal: {percent}");
        }
        "SUCCESS" | "FAIL" => {
            let end = job["end_time"].as_str().unwrap();
            assert!(is_utc_millis(end) && end > job["begin_time"].as_str().unwrap(), "{job}");
        }
        other => panic!("unexpected status {other}"),
    }
    if status != "FAIL" {
        assert_eq!((job["error_code"].clone(), job["fail_reason"].clone()), (Value::Null, Value::Null));
    }
    job
}

/// Sleeps until the job is at least `age` old.
async fn sleep_until(copy: &Started, age: Duration) {
    tokio::time::sleep(age.saturating_sub(copy.accepted.elapsed())).await;
}

#[tokio::test]
async fn copy_job_goes_init_running_success_and_the_copy_is_an_image() {
    let app = sandbox();
    let copy_started = start_copy(&app, IMAGE_ID, "ubuntu copy 1").await;
    let job_id = copy_started.job_id.clone();

    // `read_job` pins the status whenever the timing allows only one, so on
    // a machine that is not overloaded these are exactly INIT, RUNNING, SUCCESS.
    let first = read_job(&app, &copy_started, None).await;
    sleep_until(&copy_started, Duration::from_millis(450)).await;
    let second = read_job(&app, &copy_started, None).await;
    if second["status"] == "RUNNING" {
        assert_eq!(second["entities"]["image_name"], "ubuntu copy 1");
    }
    sleep_until(&copy_started, Duration::from_millis(1100)).await;
    let done = read_job(&app, &copy_started, None).await;
    println!("stages: {} {} {}", first["status"], second["status"], done["status"]);
    assert_eq!(done["status"], "SUCCESS");
    assert_eq!(done["entities"]["image_name"], "ubuntu copy 1");
    let new_id = done["entities"]["image_id"].as_str().unwrap().to_string();
    let parts: Vec<usize> = new_id.split('-').map(str::len).collect();
    assert_eq!(parts, [8, 4, 4, 4, 12], "{new_id}");
    assert_ne!(new_id, IMAGE_ID);
    assert_eq!(done["entities"].as_object().unwrap().len(), 2, "{done}");

    // ShowJobProgress answers the same document.
    let progress = call(&app, show_progress(&job_id, Some(TOKEN))).await;
    assert_eq!(progress.status, StatusCode::OK);
    assert_eq!(progress.json, done);

    // The copy now exists and can be copied in turn.
    let again = call(&app, copy(&new_id, Some(TOKEN), r#"{"name":"copy of a copy"}"#)).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.raw);
}

#[tokio::test]
async fn a_full_ecs_copy_is_accepted_but_its_job_fails() {
    let app = sandbox();
    let copy_started = start_copy(&app, FULL_ECS_IMAGE_ID, "web copy").await;
    sleep_until(&copy_started, Duration::from_millis(300)).await;
    let running = read_job(&app, &copy_started, Some(0.6)).await;
    println!("at 300 ms: {}", running["status"]);
    sleep_until(&copy_started, Duration::from_millis(650)).await;
    let failed = read_job(&app, &copy_started, Some(0.6)).await;
    assert_eq!(failed["status"], "FAIL");
    assert_eq!(failed["error_code"], "IMG.0130");
    assert_eq!(failed["fail_reason"], "The full-ECS image cannot be exported or replicated.");
    assert!(failed["entities"].get("image_id").is_none(), "no image was made: {failed}");
    // It stays failed, and no image appears.
    sleep_until(&copy_started, Duration::from_millis(1050)).await;
    let later = read_job(&app, &copy_started, Some(0.6)).await;
    assert_eq!(later, failed);
}

#[tokio::test]
async fn copy_errors() {
    let app = sandbox();
    let ok = r#"{"name":"copy"}"#;
    let long_name = json!({ "name": "n".repeat(129) }).to_string();
    let max_name = json!({ "name": "n".repeat(128) }).to_string();
    let long_description = json!({ "name": "copy", "description": "d".repeat(1025) }).to_string();
    let cases = [
        (copy(IMAGE_ID, None, ok), StatusCode::UNAUTHORIZED, "APIG.0301"),
        (copy(IMAGE_ID, Some("old-token"), ok), StatusCode::UNAUTHORIZED, "APIG.0301"),
        (copy(IMAGE_ID, Some(""), ok), StatusCode::UNAUTHORIZED, "APIG.0301"),
        (copy("00000000-0000-0000-0000-000000000000", Some(TOKEN), ok), StatusCode::BAD_REQUEST, "IMG.0144"),
        (copy("not-an-image", Some(TOKEN), ok), StatusCode::BAD_REQUEST, "IMG.0144"),
        (copy(IMAGE_ID, Some(TOKEN), "name=copy"), StatusCode::BAD_REQUEST, "IMG.0001"),
        (copy(IMAGE_ID, Some(TOKEN), ""), StatusCode::BAD_REQUEST, "IMG.0007"),
        (copy(IMAGE_ID, Some(TOKEN), "{}"), StatusCode::BAD_REQUEST, "IMG.0013"),
        (copy(IMAGE_ID, Some(TOKEN), r#"{"name":null}"#), StatusCode::BAD_REQUEST, "IMG.0013"),
        (copy(IMAGE_ID, Some(TOKEN), &long_name), StatusCode::BAD_REQUEST, "IMG.0002"),
        (copy(IMAGE_ID, Some(TOKEN), r#"{"name":""}"#), StatusCode::BAD_REQUEST, "IMG.0003"),
        (copy(IMAGE_ID, Some(TOKEN), r#"{"name":" copy"}"#), StatusCode::BAD_REQUEST, "IMG.0003"),
        (copy(IMAGE_ID, Some(TOKEN), r#"{"name":"copy/1"}"#), StatusCode::BAD_REQUEST, "IMG.0003"),
        (copy(IMAGE_ID, Some(TOKEN), &long_description), StatusCode::BAD_REQUEST, "IMG.0004"),
        (
            copy(IMAGE_ID, Some(TOKEN), r#"{"name":"copy","description":"<b>"}"#),
            StatusCode::BAD_REQUEST,
            "IMG.0054",
        ),
        (
            copy(IMAGE_ID, Some(TOKEN), r#"{"name":"copy","description":"a\r\nb"}"#),
            StatusCode::BAD_REQUEST,
            "IMG.0054",
        ),
        (
            copy(IMAGE_ID, Some(TOKEN), r#"{"name":"copy","description":"a\rb"}"#),
            StatusCode::BAD_REQUEST,
            "IMG.0054",
        ),
        (
            copy(IMAGE_ID, Some(TOKEN), r#"{"name":"copy","description":"line\nbreak"}"#),
            StatusCode::BAD_REQUEST,
            "IMG.0054",
        ),
        (copy(IMAGE_ID, Some(TOKEN), r#"{"name":"copy","cmk_id":42}"#), StatusCode::BAD_REQUEST, "IMG.0001"),
        (
            copy(IMAGE_ID, Some(TOKEN), r#"{"name":"copy","enterprise_project_id":["0"]}"#),
            StatusCode::BAD_REQUEST,
            "IMG.0001",
        ),
    ];
    for (request, status, code) in cases {
        let context = request.uri().to_string();
        let answer = call(&app, request).await;
        assert_error(&answer, status, code, &context);
    }
    let bad_name = call(&app, copy(IMAGE_ID, Some(TOKEN), r#"{"name":"copy/1"}"#)).await;
    assert_eq!(bad_name.json["error"]["message"], "The image name format is invalid.");
    let missing = call(&app, copy("00000000-0000-0000-0000-000000000000", Some(TOKEN), ok)).await;
    assert_eq!(missing.json["error"]["message"], "The image does not exist.");

    // The boundaries and every optional field are accepted.
    let full = json!({
        "name": "镜像 copy_1.0-a",
        "description": "d".repeat(1024),
        "cmk_id": "0d0466b0-e727-4d9c-b35d-f84bb474a37f",
        "enterprise_project_id": "0",
    })
    .to_string();
    for body in [max_name.as_str(), full.as_str()] {
        let answer = call(&app, copy(IMAGE_ID, Some(TOKEN), body)).await;
        assert_eq!(answer.status, StatusCode::OK, "{body}: {}", answer.raw);
    }
}

#[tokio::test]
async fn job_errors() {
    let app = sandbox();
    let job_id = start_copy(&app, IMAGE_ID, "copy").await.job_id;
    let cases = [
        (show_job(PROJECT_ID, &job_id, None), StatusCode::UNAUTHORIZED, "APIG.0301"),
        (show_job(PROJECT_ID, &job_id, Some("bad")), StatusCode::UNAUTHORIZED, "APIG.0301"),
        (show_progress(&job_id, None), StatusCode::UNAUTHORIZED, "APIG.0301"),
        (show_job("another-project", &job_id, Some(TOKEN)), StatusCode::FORBIDDEN, "IMG.0026"),
        (
            show_job(PROJECT_ID, "ffffffffffffffffffffffffffffffff", Some(TOKEN)),
            StatusCode::NOT_FOUND,
            "IMG.0404",
        ),
        (show_progress("ffffffffffffffffffffffffffffffff", Some(TOKEN)), StatusCode::NOT_FOUND, "IMG.0404"),
    ];
    for (request, status, code) in cases {
        let context = request.uri().to_string();
        let answer = call(&app, request).await;
        assert_error(&answer, status, code, &context);
    }
    let unknown = call(&app, show_job(PROJECT_ID, "nope", Some(TOKEN))).await;
    assert_eq!(unknown.json["error"]["message"], "The job does not exist.");
    // Each copy is its own job.
    let other = start_copy(&app, IMAGE_ID, "copy").await.job_id;
    assert_ne!(other, job_id);
}

#[tokio::test]
async fn list_images_pages_by_marker_and_marks_full_ecs_images() {
    let app = sandbox();
    let list =
        |query: &str| request("GET", &format!("/api/ims/cn-north-4/v2/cloudimages?{query}"), Some(TOKEN), "");
    let first = call(&app, list("__imagetype=private&status=active&limit=10")).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.raw);
    let images = first.json["images"].as_array().cloned().unwrap_or_default();
    assert_eq!(images.len(), 10, "more than one page of 10");
    let marker = images[9]["id"].as_str().unwrap_or_default().to_string();
    let second =
        call(&app, list(&format!("__imagetype=private&status=active&limit=10&marker={marker}"))).await;
    let rest = second.json["images"].as_array().cloned().unwrap_or_default();
    assert!(!rest.is_empty() && rest.len() < 10, "{}", second.raw);
    assert!(rest.iter().all(|i| images.iter().all(|j| j["id"] != i["id"])), "pages do not overlap");
    let all: Vec<Value> = images.into_iter().chain(rest).collect();
    let full = all.iter().find(|i| i["id"] == FULL_ECS_IMAGE_ID).cloned().unwrap_or_default();
    assert_eq!(full["__whole_image"], json!(true));
    let plain = all.iter().find(|i| i["id"] == IMAGE_ID).cloned().unwrap_or_default();
    assert_eq!(plain.get("__whole_image"), None, "absent on ordinary images");
    assert!(plain["__image_size"].is_string(), "IMS writes sizes as strings");
    // `name` is an exact match, as documented.
    let exact = call(&app, list("name=ubuntu-22.04-base")).await;
    assert_eq!(exact.json["images"].as_array().map(Vec::len), Some(1));
    let partial = call(&app, list("name=ubuntu")).await;
    assert_eq!(partial.json["images"].as_array().map(Vec::len), Some(0));
    let denied = call(&app, request("GET", "/api/ims/cn-north-4/v2/cloudimages", None, "")).await;
    assert_eq!(denied.status, StatusCode::UNAUTHORIZED);
    let _ = PROJECT_ID;
}
