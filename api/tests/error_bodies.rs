//! The error parser against an example of every body format in
//! api-reference §0.4, copied from the documentation.

use ferry_api::error::parse_error_body;
use ferry_api::{ApiError, ServiceError};

fn parsed(body: &str) -> ServiceError {
    parse_error_body(body).unwrap_or_else(|| panic!("no shape matched: {body}"))
}

#[test]
fn swr_enterprise_edition() {
    let e = parsed(
        r#"{"error_code":"SWR.0404","error_msg":"Instance not found","encoded_authorization_message":""}"#,
    );
    assert_eq!(e.code.as_deref(), Some("SWR.0404"));
    assert_eq!(e.message.as_deref(), Some("Instance not found"));
}

#[test]
fn swr_classic_old_array() {
    let e = parsed(
        r#"[{"errorCode":"SVCSTG.SWR.4001048","errorMessage":"Failed to get Token from Context","detail":""}]"#,
    );
    assert_eq!(e.code.as_deref(), Some("SVCSTG.SWR.4001048"));
    assert_eq!(e.message.as_deref(), Some("Failed to get Token from Context"));
}

#[test]
fn swr_classic_current_object_prefers_snake_case() {
    let e = parsed(
        r#"{"errors":[{"errorCode":"SVCSTG.SWR.4040002","errorMessage":"Repository not found","detail":"","encoded_authorization_message":""}],
            "error_code":"SVCSTG.SWR.4040002","error_msg":"Repository not found",
            "details":[{"error_code":"SVCSTG.SWR.4040002","error_msg":"Repository not found"}],"encoded_authorization_message":""}"#,
    );
    assert_eq!(e.code.as_deref(), Some("SVCSTG.SWR.4040002"));
    assert_eq!(e.message.as_deref(), Some("Repository not found"));
}

#[test]
fn errors_array_only() {
    let e = parsed(
        r#"{"errors":[{"errorCode":"SVCSTG.SWR.4000001","errorMessage":"Invalid parameter","detail":""}]}"#,
    );
    assert_eq!(e.code.as_deref(), Some("SVCSTG.SWR.4000001"));
    assert_eq!(e.message.as_deref(), Some("Invalid parameter"));
}

#[test]
fn camel_case_object() {
    let e = parsed(r#"{"errorCode":"SVCSTG.SWR.4000001","errorMessage":"Invalid parameter"}"#);
    assert_eq!(e.code.as_deref(), Some("SVCSTG.SWR.4000001"));
}

#[test]
fn hss_standard_body() {
    let e = parsed(r#"{"error_code":"HSS.0001","error_msg":"Invalid parameter"}"#);
    assert_eq!(e.code.as_deref(), Some("HSS.0001"));
}

#[test]
fn hss_synchronize_failure_on_200() {
    let e = parsed(r#"{"error_code":1,"error_description":"unsupported image type"}"#);
    assert_eq!(e.code.as_deref(), Some("1"));
    assert_eq!(e.message.as_deref(), Some("unsupported image type"));
}

#[test]
fn ims_body() {
    let e = parsed(r#"{"error": {"message": "The imagetype is invalid.", "code": "IMG.0024"}}"#);
    assert_eq!(e.code.as_deref(), Some("IMG.0024"));
    assert_eq!(e.message.as_deref(), Some("The imagetype is invalid."));
}

#[test]
fn iam_numeric_code() {
    let e = parsed(
        r#"{"error": {"message": "The username or password is wrong.", "code": 401, "title": "Unauthorized"}}"#,
    );
    assert_eq!(e.code.as_deref(), Some("401"));
    assert_eq!(e.title.as_deref(), Some("Unauthorized"));
}

#[test]
fn api_gateway_token_expired() {
    let body = r#"{"error_msg":"Incorrect IAM authentication information: token expires, expires_at: 2026-11-24T10:00:00Z","error_code":"APIG.0301","request_id":"0f1e2d3c"}"#;
    let e = parsed(body);
    assert_eq!(e.code.as_deref(), Some("APIG.0301"));
    assert_eq!(e.request_id.as_deref(), Some("0f1e2d3c"));
    // Even if the status were not 401, the code alone means "new token".
    let err = ApiError::from_status(400, None, body.into());
    assert!(err.is_token_rejected());
    assert_eq!(err.request_id(), Some("0f1e2d3c"));
}

#[test]
fn unknown_shapes_fall_back_to_raw_text() {
    for body in
        ["<html>502 Bad Gateway</html>", "", "null", "42", r#"{"foo":"bar"}"#, "[]", r#"{"error_code":""}"#]
    {
        assert_eq!(parse_error_body(body), None, "{body:?}");
        let err = ApiError::from_status(502, Some("rid".into()), body.into());
        assert_eq!(err.raw(), Some(body));
        assert_eq!(err.status(), Some(502));
        assert_eq!(err.request_id(), Some("rid"));
    }
}

#[test]
fn header_request_id_wins_over_body() {
    let err = ApiError::from_status(
        401,
        Some("header-id".into()),
        r#"{"error_msg":"x","error_code":"APIG.0301","request_id":"body-id"}"#.into(),
    );
    assert_eq!(err.request_id(), Some("header-id"));
}

#[test]
fn explanations_say_what_to_do() {
    let unauthorized = ApiError::from_status(
        401,
        None,
        r#"{"error_code":"SWR.0401","error_msg":"Authenticate failed"}"#.into(),
    );
    let text = unauthorized.explain();
    assert!(text.headline.contains("token was rejected"), "{text:?}");
    assert!(text.advice.contains("Sign in again"), "{text:?}");

    let not_found = ApiError::from_status(404, None, r#"{"error_code":"SWR.0404","error_msg":"x"}"#.into());
    assert!(not_found.explain().headline.starts_with("Not found"));
    assert!(!not_found.is_token_rejected());

    let refused = ApiError::from_status(
        400,
        None,
        r#"{"error_code":"FERRY.0400","error_msg":"region refused"}"#.into(),
    );
    assert!(refused.explain().headline.contains("proxy refused"));

    let network = ApiError::Network { message: "TypeError: Failed to fetch".into() };
    assert!(network.explain().headline.contains("could not reach"));
    assert!(network.to_string().contains("Failed to fetch"));
}

#[test]
fn display_includes_status_code_and_message() {
    let err = ApiError::from_status(
        404,
        None,
        r#"{"error_code":"SWR.0404","error_msg":"Policy not found"}"#.into(),
    );
    assert_eq!(err.to_string(), "HTTP 404 SWR.0404: Policy not found");
}

#[test]
fn documented_codes_get_specific_advice() {
    let err = ApiError::from_status(
        400,
        None,
        r#"{"error": {"message": "name too long", "code": "IMG.0002"}}"#.into(),
    );
    assert_eq!(err.explain().advice, "Use at most 128 characters for the name.");
    let org = ApiError::from_status(
        404,
        None,
        r#"{"error_code":"SVCSTG.SWR.4040058","error_msg":"The organization was not found."}"#.into(),
    );
    assert!(org.explain().headline.contains("no such organization"));
    let full_ecs = ApiError::from_status(400, None, r#"{"error": {"message": "The full-ECS image cannot be exported or replicated.", "code": "IMG.0130"}}"#.into());
    assert!(full_ecs.explain().headline.contains("full-ECS image"));
    // Unknown codes fall back to the status.
    let other = ApiError::from_status(404, None, r#"{"error_code":"SWR.9999","error_msg":"x"}"#.into());
    assert!(other.explain().headline.starts_with("Not found"));
}

#[test]
fn a_404_is_explained_for_the_call_it_answered() {
    use ferry_api::op::Context;
    use ferry_api::{swr_classic, swr_ee, RawResponse};
    let body = r#"{"error_code":"SVCSTG.SWR.4040083","error_msg":"not found"}"#;
    let answer = |call: &ferry_api::ApiCall| {
        let mut raw = RawResponse::new(404, Some("rid".into()), body.into());
        raw.context = Some(Context::of(call));
        raw.error()
    };
    // A wrong instance ID is not "organization or repository".
    let scope = ferry_api::Scope::new("cn-north-4", "p");
    let policies = answer(&swr_ee::list_policies(&scope, "5b8d2a47", "", 0, 10));
    let text = policies.explain();
    assert_eq!(text.headline, "No SWR Enterprise Edition instance with this ID in cn-north-4.");
    let sync = answer(&swr_classic::list_sync_repos("ap-southeast-3", "ns", "repo"));
    assert!(sync.explain().headline.contains("organization or repository in ap-southeast-3"));
    let execution = ferry_api::ExecutionRef {
        scope,
        instance_id: "i".into(),
        execution_id: ferry_api::ExecutionId(77),
        policy_id: None,
    };
    let tasks = answer(&swr_ee::list_tasks(&execution, ferry_api::paging::Page { offset: 0, limit: 10 }));
    assert!(tasks.explain().headline.starts_with("No execution with this ID"));
}

#[test]
fn a_refused_sign_in_is_explained_in_iams_terms() {
    use ferry_api::iam::{sign_in, Credentials, ProjectScope};
    use ferry_api::op::Context;
    let call = sign_in(
        "cn-north-4",
        &ProjectScope::from_input("cn-north-4", ""),
        &Credentials { account: "a", user: "u", password: "p", mfa: None },
    );
    let mut raw = ferry_api::RawResponse::new(
        401,
        Some("rid".into()),
        r#"{"error":{"code":401,"message":"The username or password is wrong.","title":"Unauthorized"}}"#
            .into(),
    );
    raw.context = Some(Context::of(&call));
    let error = raw.error();
    assert!(error.explain().headline.contains("user name or password is wrong"), "{:?}", error.explain());
    assert_eq!((error.status(), error.request_id()), (Some(401), Some("rid")));
}
