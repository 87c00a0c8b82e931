//! The sandbox's fault injection: latency, gateway 503s, dropped
//! connections and expiring tokens, set by flags or `/__sandbox/faults`,
//! never applied to the control endpoints.

mod common;

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use common::{INSTANCE_ID, PROJECT_ID, TOKEN};
use ferry_sandbox::Faults as SandboxFaults;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

fn sandbox(faults: SandboxFaults) -> Router {
    common::with_faults(faults)
}

const HSS_HEADERS: [(&str, &str); 1] = [("region", "cn-north-4")];

struct Answer {
    status: StatusCode,
    request_id: Option<String>,
    json: Value,
}

async fn send(app: &Router, method: &str, path: &str, token: Option<&str>, body: &str) -> Answer {
    let mut builder = Request::builder().method(method).uri(path).header("content-type", "application/json");
    if path.starts_with("/api/hss/") {
        builder = builder.header(HSS_HEADERS[0].0, HSS_HEADERS[0].1);
    }
    if let Some(token) = token {
        builder = builder.header("x-auth-token", token);
    }
    let response = app.clone().oneshot(builder.body(Body::from(body.to_string())).unwrap()).await.unwrap();
    let status = response.status();
    let request_id = response.headers().get("x-request-id").map(|v| v.to_str().unwrap().to_string());
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Answer { status, request_id, json: serde_json::from_slice(&bytes).unwrap_or(Value::Null) }
}

fn instances() -> String {
    format!("/api/swr/cn-north-4/v2/{PROJECT_ID}/instances")
}

async fn list_instances(app: &Router, token: &str) -> Answer {
    send(app, "GET", &instances(), Some(token), "").await
}

async fn received(app: &Router) -> Vec<Value> {
    let answer = send(app, "GET", "/__sandbox/requests", None, "").await;
    assert_eq!(answer.status, StatusCode::OK);
    answer.json.as_array().unwrap().clone()
}

async fn put_faults(app: &Router, faults: Value) -> Answer {
    send(app, "PUT", "/__sandbox/faults", None, &faults.to_string()).await
}

#[tokio::test]
async fn control_endpoint_reads_replaces_and_validates() {
    let app = sandbox(SandboxFaults::default());
    let answer = send(&app, "GET", "/__sandbox/faults", None, "").await;
    assert_eq!(answer.json, json!({"latency_ms":0,"fail_rate":0.0,"drop_rate":0.0,"token_ttl_secs":null}));

    let wanted = json!({"latency_ms":5,"fail_rate":0.25,"drop_rate":0.0,"token_ttl_secs":60});
    let answer = put_faults(&app, wanted.clone()).await;
    assert_eq!((answer.status, answer.json), (StatusCode::OK, wanted.clone()));
    assert_eq!(send(&app, "GET", "/__sandbox/faults", None, "").await.json, wanted);
    // A PUT is the whole new state: omitted keys go back to "no fault".
    let answer = put_faults(&app, json!({"drop_rate":0.5})).await;
    assert_eq!(answer.json, json!({"latency_ms":0,"fail_rate":0.0,"drop_rate":0.5,"token_ttl_secs":null}));

    for bad in [
        json!({"fail_rate":1.5}),
        json!({"drop_rate":-0.1}),
        json!({"fail_rat":1}),
        json!({"latency_ms":"x"}),
    ] {
        let answer = put_faults(&app, bad.clone()).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{bad}");
        assert!(answer.json["error"].as_str().is_some_and(|e| !e.is_empty()), "{bad}");
    }
    assert_eq!(send(&app, "PUT", "/__sandbox/faults", None, "nope").await.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        send(&app, "GET", "/__sandbox/faults", None, "").await.json["drop_rate"],
        0.5,
        "refused PUTs change nothing"
    );
}

#[tokio::test]
async fn latency_delays_api_answers_only() {
    let app = sandbox(SandboxFaults { latency_ms: 800, ..Default::default() });
    let started = Instant::now();
    assert_eq!(list_instances(&app, TOKEN).await.status, StatusCode::OK);
    assert!(started.elapsed() >= Duration::from_millis(800), "{:?}", started.elapsed());

    let started = Instant::now();
    for path in ["/__sandbox/faults", "/__sandbox/requests", "/config.json"] {
        assert_eq!(send(&app, "GET", path, None, "").await.status, StatusCode::OK, "{path}");
    }
    assert!(started.elapsed() < Duration::from_millis(400), "{:?}", started.elapsed());
}

#[tokio::test]
async fn fail_rate_one_answers_the_gateway_503_and_is_recorded() {
    let app = sandbox(SandboxFaults::default());
    put_faults(&app, json!({"fail_rate":1.0})).await;
    let answer = list_instances(&app, TOKEN).await;
    assert_eq!(answer.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(answer.json["error_code"], "APIG.0201");
    assert_eq!(answer.json["error_msg"], "Backend unavailable");
    assert_eq!(answer.json["request_id"].as_str(), answer.request_id.as_deref());
    assert_eq!(answer.request_id.map(|id| id.len()), Some(32));
    // Every service, whatever the method.
    let execute = format!("{}/{INSTANCE_ID}/replication/executions", instances());
    assert_eq!(
        send(&app, "POST", &execute, Some(TOKEN), r#"{"policy_id":12}"#).await.status,
        StatusCode::SERVICE_UNAVAILABLE
    );

    put_faults(&app, json!({})).await;
    assert_eq!(list_instances(&app, TOKEN).await.status, StatusCode::OK);
    let log = received(&app).await;
    let faults: Vec<&Value> = log.iter().map(|r| &r["fault"]).collect();
    assert_eq!(faults, [&json!("fail"), &json!("fail"), &Value::Null]);
    assert_eq!(log[1]["method"], "POST");
}

#[tokio::test]
async fn fail_rate_is_a_fraction_of_requests() {
    let app = sandbox(SandboxFaults { fail_rate: 0.5, ..Default::default() });
    let mut failed = 0;
    for _ in 0..200 {
        if list_instances(&app, TOKEN).await.status == StatusCode::SERVICE_UNAVAILABLE {
            failed += 1;
        }
    }
    assert!((40..=160).contains(&failed), "{failed} of 200");
    let recorded = received(&app).await.iter().filter(|r| r["fault"] == "fail").count();
    assert_eq!(recorded, failed);
}

#[tokio::test]
async fn drop_cuts_the_connection_for_a_real_client() {
    let app = sandbox(SandboxFaults { drop_rate: 1.0, ..Default::default() });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let client = reqwest::Client::builder().no_proxy().timeout(Duration::from_secs(10)).build().unwrap();

    let outcome = async {
        let response =
            client.get(format!("{base}{}", instances())).header("x-auth-token", TOKEN).send().await?;
        response.bytes().await
    }
    .await;
    let err = outcome.expect_err("a dropped connection is an error, not an answer");
    assert!(!err.is_timeout(), "{err:?}");

    // The control endpoints and the server itself are unaffected.
    let faults = client.get(format!("{base}/__sandbox/faults")).send().await.unwrap();
    assert_eq!(faults.status(), 200);
    let log = client.get(format!("{base}/__sandbox/requests")).send().await.unwrap().bytes().await.unwrap();
    let log: Vec<Value> = serde_json::from_slice(&log).unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0]["fault"], "drop");
}

#[tokio::test]
async fn drop_body_fails_in_process_too() {
    let app = sandbox(SandboxFaults { drop_rate: 1.0, ..Default::default() });
    let request = Request::get(instances()).header("x-auth-token", TOKEN).body(Body::empty()).unwrap();
    let response = app.oneshot(request).await.unwrap();
    assert!(response.into_body().collect().await.is_err());
}

#[tokio::test]
async fn tokens_expire_and_a_fresh_suffixed_token_works() {
    let app = sandbox(SandboxFaults { token_ttl_secs: Some(1), ..Default::default() });
    assert_eq!(list_instances(&app, TOKEN).await.status, StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(1100)).await;

    let expired = list_instances(&app, TOKEN).await;
    assert_eq!(expired.status, StatusCode::UNAUTHORIZED);
    assert_eq!(expired.json["error_code"], "APIG.0301");
    assert_eq!(expired.json["error_msg"], "Incorrect IAM authentication information: token expires");
    assert_eq!(expired.json["request_id"].as_str(), expired.request_id.as_deref());
    // The gateway refuses it for every service.
    let hss = format!("/api/hss/cn-north-4/v5/{PROJECT_ID}/image/synchronize");
    let answer = send(&app, "POST", &hss, Some(TOKEN), r#"{"image_type":"private_image"}"#).await;
    assert_eq!(
        (answer.status, answer.json["error_code"].clone()),
        (StatusCode::UNAUTHORIZED, json!("APIG.0301"))
    );

    // "Enter a new token": its own clock starts now.
    let fresh = "ferry-sandbox-token-retry-2";
    assert_eq!(list_instances(&app, fresh).await.status, StatusCode::OK);
    assert_eq!(
        send(&app, "POST", &hss, Some(fresh), r#"{"image_type":"private_image"}"#).await.status,
        StatusCode::OK
    );
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(list_instances(&app, fresh).await.status, StatusCode::UNAUTHORIZED);

    // Lifting the TTL revives every token.
    put_faults(&app, json!({"token_ttl_secs":null})).await;
    assert_eq!(list_instances(&app, TOKEN).await.status, StatusCode::OK);
}

#[tokio::test]
async fn suffixed_tokens_are_accepted_by_every_service() {
    let app = sandbox(SandboxFaults::default());
    let token = "ferry-sandbox-token-Trainer-01";
    let hss = format!("/api/hss/cn-north-4/v5/{PROJECT_ID}/image/synchronize");
    let calls = [
        ("GET", instances(), ""),
        ("POST", format!("{}/{INSTANCE_ID}/replication/executions", instances()), r#"{"policy_id":12}"#),
        ("GET", "/api/swr/cn-north-4/v2/manage/regions".to_string(), ""),
        ("POST", hss, r#"{"image_type":"private_image"}"#),
        ("GET", format!("/api/ims/cn-north-4/v1/{PROJECT_ID}/jobs/none"), ""),
        ("GET", "/api/iam/cn-north-4/v3/auth/projects".to_string(), ""),
    ];
    for (method, path, body) in &calls {
        let answer = send(&app, method, path, Some(token), body).await;
        assert_ne!(answer.status, StatusCode::UNAUTHORIZED, "{method} {path}");
    }
    for bad in ["ferry-sandbox-token-", "ferry-sandbox-token-a_b", "ferry-sandbox-tokens"] {
        let answer = list_instances(&app, bad).await;
        assert_eq!(
            (answer.status, answer.json["error_code"].clone()),
            (StatusCode::UNAUTHORIZED, json!("SVCSTG.SWR.4010000")),
            "{bad}"
        );
    }
}

#[tokio::test]
async fn faults_never_touch_control_endpoints() {
    let faults = SandboxFaults { fail_rate: 1.0, token_ttl_secs: Some(0), ..Default::default() };
    let app = sandbox(faults);
    assert_eq!(list_instances(&app, TOKEN).await.status, StatusCode::SERVICE_UNAVAILABLE);
    for path in ["/__sandbox/faults", "/__sandbox/requests", "/config.json"] {
        let response = app.clone().oneshot(Request::get(path).body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
    }
    // Only the /api request was recorded.
    assert_eq!(received(&app).await.len(), 1);
    // With the 503s lifted, a TTL of 0 expires every token at once.
    put_faults(&app, json!({"token_ttl_secs":0})).await;
    assert_eq!(list_instances(&app, TOKEN).await.json["error_code"], "APIG.0301");
}
