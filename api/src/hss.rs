//! HSS: sync the image list from SWR (api-reference §4).

use serde::{Deserialize, Serialize};

use crate::call::{ApiCall, Method, Service};
use crate::error::{ApiError, ServiceError};
use crate::regions::is_region_id;
use crate::response::RawResponse;
use crate::scope::Scope;
use crate::validate::{self, FieldError, Invalid};

/// The two values `image_type` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageType {
    Private,
    Shared,
}

impl ImageType {
    pub fn as_str(self) -> &'static str {
        match self {
            ImageType::Private => "private_image",
            ImageType::Shared => "shared_image",
        }
    }
}

/// Which enterprise projects' assets to sync (the `enterprise_project_id` query).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnterpriseProject {
    /// Not sent: the default enterprise project.
    Default,
    /// `all_granted_eps`: every enterprise project the caller may see.
    All,
    Id(String),
}

impl EnterpriseProject {
    fn query(&self) -> String {
        match self {
            EnterpriseProject::Default => String::new(),
            EnterpriseProject::All => "?enterprise_project_id=all_granted_eps".into(),
            EnterpriseProject::Id(id) => format!("?enterprise_project_id={id}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SynchronizeBody {
    pub image_type: String,
}

/// `RunImageSynchronize`'s 200 body: `error_code` 0 is success.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SynchronizeResult {
    /// `0` success, anything else failure. Optional in the SDK
    /// (`RunImageSynchronizeResponse.ErrorCode *int32`): a 200 without it
    /// reports no failure, so it reads as success.
    #[serde(default)]
    pub error_code: i64,
    #[serde(default)]
    pub error_description: Option<String>,
}

/// Registry types of the successor API.
pub const REGISTRY_TYPES: [&str; 6] =
    ["SwrPrivate", "SwrShared", "SwrEnterprise", "Harbor", "Jfrog", "Other"];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistryInfo {
    pub registry_id: String,
    pub registry_type: String,
}

/// Body of `CreateImageSynchronizeTask` (§4.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncTaskBody {
    pub sync_all_registries: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub registry_info: Vec<RegistryInfo>,
}

/// `POST /v5/{project_id}/image/synchronize` (deprecated).
pub fn synchronize(
    scope: &Scope,
    image_type: ImageType,
    ep: &EnterpriseProject,
    region_header: &str,
) -> ApiCall {
    let (region, project_id) = (&scope.region, &scope.project_id);
    let body = SynchronizeBody { image_type: image_type.as_str().into() };
    ApiCall::new(
        Method::Post,
        Service::Hss,
        region,
        format!("/v5/{project_id}/image/synchronize{}", ep.query()),
    )
    .with_header("region", region_header)
    .with_json(serde_json::to_string(&body).unwrap_or_default())
}

/// `POST /v5/{project_id}/image/image-sync/tasks` (the successor).
pub fn create_sync_task(
    scope: &Scope,
    body: &SyncTaskBody,
    ep: &EnterpriseProject,
    region_header: &str,
) -> ApiCall {
    let (region, project_id) = (&scope.region, &scope.project_id);
    ApiCall::new(
        Method::Post,
        Service::Hss,
        region,
        format!("/v5/{project_id}/image/image-sync/tasks{}", ep.query()),
    )
    .with_header("region", region_header)
    .with_json(serde_json::to_string(body).unwrap_or_default())
}

/// What the HSS sync form holds, as typed (api-reference §4).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncInput {
    /// The successor API (image sync task) rather than the deprecated one.
    pub as_task: bool,
    /// `private_image` or `shared_image` (the deprecated API).
    pub image_type: String,
    /// `default`, `all` or `id`.
    pub enterprise_mode: String,
    pub enterprise_id: String,
    /// Sent as the `region` header: the region whose assets HSS reads.
    pub region_header: String,
    pub sync_all: bool,
    pub registry_id: String,
    pub registry_type: String,
}

impl SyncInput {
    pub fn build(&self, scope: &Scope) -> Result<ApiCall, Invalid> {
        let mut invalid = Invalid::new();
        let enterprise = match self.enterprise_mode.as_str() {
            "all" => EnterpriseProject::All,
            "id" => match validate::optional_id("Enterprise project ID", &self.enterprise_id) {
                Ok(Some(id)) => EnterpriseProject::Id(id),
                Ok(None) => {
                    invalid.push((
                        "enterprise-project-id",
                        FieldError {
                            field: "Enterprise project ID",
                            rule: "is required when you choose a specific enterprise project.".into(),
                        },
                    ));
                    EnterpriseProject::Default
                }
                Err(e) => {
                    invalid.push(("enterprise-project-id", e));
                    EnterpriseProject::Default
                }
            },
            _ => EnterpriseProject::Default,
        };
        let region_header = self.region_header.trim();
        if !is_region_id(region_header) {
            invalid.push((
                "region-header",
                FieldError {
                    field: "Region of the assets",
                    rule: "must be a region ID such as cn-north-4.".into(),
                },
            ));
        }
        let call = if self.as_task {
            let registry_id = self.registry_id.trim().to_string();
            if !self.sync_all && registry_id.is_empty() {
                invalid.push((
                    "registry-id",
                    FieldError {
                        field: "Registry ID",
                        rule: "is required unless you sync all registries.".into(),
                    },
                ));
            }
            let registry_info = if self.sync_all || registry_id.is_empty() {
                Vec::new()
            } else {
                vec![RegistryInfo { registry_id, registry_type: self.registry_type.clone() }]
            };
            let body = SyncTaskBody { sync_all_registries: self.sync_all, registry_info };
            create_sync_task(scope, &body, &enterprise, region_header)
        } else {
            let image_type =
                if self.image_type == "shared_image" { ImageType::Shared } else { ImageType::Private };
            synchronize(scope, image_type, &enterprise, region_header)
        };
        if invalid.is_empty() {
            Ok(call)
        } else {
            Err(invalid)
        }
    }
}

/// HTTP 200 can still be a failure: a non-zero `error_code` in the body is
/// returned as an error carrying `error_description`.
pub fn synchronize_outcome(raw: &RawResponse) -> Result<SynchronizeResult, ApiError> {
    let result: SynchronizeResult = raw.json()?;
    if result.error_code == 0 {
        return Ok(result);
    }
    Err(ApiError::Http {
        status: raw.status,
        request_id: raw.request_id.clone(),
        service: Some(ServiceError {
            code: Some(result.error_code.to_string()),
            message: result.error_description.clone(),
            ..ServiceError::default()
        }),
        raw: raw.body.clone(),
        context: raw.context.clone(),
    })
}

/// The successor answers 2xx with no body fields; any 2xx body is success.
pub fn sync_task_outcome(raw: &RawResponse) -> Result<(), ApiError> {
    raw.no_content()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(status: u16, body: &str) -> RawResponse {
        RawResponse::new(status, Some("r".into()), body.into())
    }

    #[test]
    fn synchronize_call_is_exact() {
        let call = synchronize(
            &Scope::new("cn-north-4", "p1"),
            ImageType::Shared,
            &EnterpriseProject::All,
            "cn-north-4",
        );
        assert_eq!(call.path, "/v5/p1/image/synchronize?enterprise_project_id=all_granted_eps");
        assert_eq!(call.body.as_deref(), Some(r#"{"image_type":"shared_image"}"#));
        assert_eq!(call.headers, vec![("region".to_string(), "cn-north-4".to_string())]);
        let default = synchronize(
            &Scope::new("cn-north-4", "p1"),
            ImageType::Private,
            &EnterpriseProject::Default,
            "cn-north-4",
        );
        assert_eq!(default.path, "/v5/p1/image/synchronize");
    }

    #[test]
    fn seed_success_example_is_success() {
        let ok = synchronize_outcome(&raw(200, r#"{ "error_code" : 0, "error_description" : "success" }"#))
            .unwrap();
        assert_eq!(ok.error_code, 0);
    }

    #[test]
    fn http_200_with_nonzero_code_is_a_failure() {
        let err = synchronize_outcome(&raw(
            200,
            r#"{"error_code":10,"error_description":"unsupported image type"}"#,
        ))
        .unwrap_err();
        assert_eq!(err.status(), Some(200));
        assert_eq!(err.service().and_then(|s| s.message.as_deref()), Some("unsupported image type"));
        assert!(err.explain().headline.contains("reported that it failed"), "{:?}", err.explain());
    }

    #[test]
    fn error_status_uses_the_hss_body() {
        let err =
            synchronize_outcome(&raw(400, r#"{"error_code":"HSS.0001","error_msg":"Invalid parameter"}"#))
                .unwrap_err();
        assert_eq!(err.service().and_then(|s| s.code.as_deref()), Some("HSS.0001"));
    }

    #[test]
    fn the_sync_input_is_checked_and_built_in_one_place() {
        let scope = Scope::new("cn-north-4", "p1");
        let input = SyncInput {
            as_task: false,
            image_type: "shared_image".into(),
            enterprise_mode: "all".into(),
            enterprise_id: String::new(),
            region_header: "cn-north-4".into(),
            sync_all: true,
            registry_id: String::new(),
            registry_type: "SwrPrivate".into(),
        };
        let call = input.build(&scope).unwrap();
        assert_eq!(call.path, "/v5/p1/image/synchronize?enterprise_project_id=all_granted_eps");
        assert_eq!(call.header("region"), Some("cn-north-4"));
        let bad = SyncInput {
            as_task: true,
            sync_all: false,
            enterprise_mode: "id".into(),
            region_header: "x".into(),
            ..input
        };
        let ids: Vec<&str> = bad.build(&scope).unwrap_err().iter().map(|(id, _)| *id).collect();
        assert_eq!(ids, vec!["enterprise-project-id", "region-header", "registry-id"]);
    }

    #[test]
    fn a_200_without_error_code_is_success() {
        assert!(synchronize_outcome(&raw(200, "{}")).is_ok());
        assert!(synchronize_outcome(&raw(200, r#"{"error_code":null}"#)).is_ok());
    }

    #[test]
    fn successor_body() {
        let body = SyncTaskBody {
            sync_all_registries: false,
            registry_info: vec![RegistryInfo {
                registry_id: "r1".into(),
                registry_type: "SwrPrivate".into(),
            }],
        };
        let call = create_sync_task(
            &Scope::new("cn-north-4", "p"),
            &body,
            &EnterpriseProject::Id("0".into()),
            "cn-north-4",
        );
        assert_eq!(call.path, "/v5/p/image/image-sync/tasks?enterprise_project_id=0");
        assert_eq!(
            call.body.as_deref(),
            Some(
                r#"{"sync_all_registries":false,"registry_info":[{"registry_id":"r1","registry_type":"SwrPrivate"}]}"#
            )
        );
        assert!(sync_task_outcome(&raw(200, "")).is_ok());
        assert!(sync_task_outcome(&raw(200, "{}")).is_ok());
    }
}
