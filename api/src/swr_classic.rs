//! SWR classic: automatic image sync to another region (api-reference §3).

use serde::{Deserialize, Serialize};

use crate::call::{ApiCall, Method, Service};
use crate::error::ApiError;
use crate::regions::is_region_id;
use crate::response::RawResponse;
use crate::scope::Scope;
use crate::validate::{self, invalid_of, FieldError, Invalid};

/// "Replace a slash (/) with a dollar sign ($) before you send the request."
pub fn encode_repository(repository: &str) -> String {
    repository.replace('/', "$")
}

/// Body of `CreateImageSyncRepo` (§3.2). Field names are the API's camelCase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateSyncRepoBody {
    pub remote_region_id: String,
    pub remote_namespace: String,
    pub sync_auto: bool,
    #[serde(rename = "override")]
    pub override_existing: bool,
}

/// One automatic sync task (§3.3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncRepo {
    #[serde(default)]
    pub id: i64,
    #[serde(default)]
    pub namespace: String,
    #[serde(default)]
    pub repo_name: String,
    #[serde(default)]
    pub remote_region_id: String,
    #[serde(default)]
    pub remote_namespace: String,
    #[serde(default)]
    pub sync_auto: bool,
    #[serde(default, rename = "override")]
    pub override_existing: bool,
    #[serde(default)]
    pub created_at: String,
    #[serde(default)]
    pub updated_at: String,
    #[serde(default, rename = "domainName")]
    pub domain_name: String,
}

/// `GET /v2/manage/regions` entry: note the key is `regionID`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionInfo {
    #[serde(rename = "regionID")]
    pub region_id: String,
}

fn repo_path(namespace: &str, repository: &str) -> String {
    format!("/v2/manage/namespaces/{namespace}/repos/{}/sync_repo", encode_repository(repository))
}

/// The SDK declares `Content-Type` a required header of the SWR classic
/// calls, GETs included (`ListImageAutoSyncReposDetailsRequest.ContentType`,
/// enum `application/json;charset=utf-8` | `application/json`).
pub const CONTENT_TYPE: &str = "application/json;charset=utf-8";

fn classic(method: Method, region: &str, path: String) -> ApiCall {
    ApiCall::new(method, Service::Swr, region, path).with_header("Content-Type", CONTENT_TYPE)
}

pub fn create_sync_repo(
    region: &str,
    namespace: &str,
    repository: &str,
    body: &CreateSyncRepoBody,
) -> ApiCall {
    classic(Method::Post, region, repo_path(namespace.trim(), repository.trim()))
        .with_json(serde_json::to_string(body).unwrap_or_default())
}

pub fn list_sync_repos(region: &str, namespace: &str, repository: &str) -> ApiCall {
    classic(Method::Get, region, repo_path(namespace.trim(), repository.trim()))
}

pub fn list_regions(region: &str) -> ApiCall {
    classic(Method::Get, region, "/v2/manage/regions".into())
}

/// Repositories listed per page by the repository picker.
pub const REPO_PAGE: u32 = 10;

/// `GET /v2/manage/namespaces` (SDK `ListNamespaces`, `swr_meta.go`): the
/// organizations the token may see.
pub fn list_namespaces(region: &str) -> ApiCall {
    classic(Method::Get, region, "/v2/manage/namespaces".into())
}

/// `GET /v2/manage/repos?namespace=&offset=&limit=` (SDK `ListReposDetails`,
/// `model_list_repos_details_request.go`): one page of an organization's
/// repositories; with offset and limit the total comes back in
/// `Content-Range: offset-count/total`.
pub fn list_repos(region: &str, namespace: &str, offset: u32) -> ApiCall {
    let namespace = crate::swr_ee::encode_query_value(namespace.trim());
    classic(
        Method::Get,
        region,
        format!("/v2/manage/repos?namespace={namespace}&offset={offset}&limit={REPO_PAGE}"),
    )
}

/// An organization (`model_show_namespace.go`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct Namespace {
    pub name: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct NamespaceList {
    #[serde(default)]
    pub namespaces: crate::lenient::Items<Namespace>,
}

/// A repository as ListReposDetails shows it (`model_show_repos_resp.go`);
/// its name may contain `/`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct RepoInfo {
    pub name: String,
    #[serde(default)]
    pub num_images: i64,
    #[serde(default)]
    pub updated_at: String,
}

/// The total of `Content-Range: offset-count/total`, if it reads.
pub fn range_total(content_range: &str) -> Option<u32> {
    content_range.rsplit_once('/')?.1.trim().parse().ok()
}

/// What the Auto-sync form holds, as typed (api-reference §3.1, §3.2).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncRepoInput {
    pub namespace: String,
    /// As the user knows it, with `/`; sent with `$`.
    pub repository: String,
    pub target_region: String,
    pub target_namespace: String,
    pub sync_auto: bool,
    pub override_existing: bool,
}

impl SyncRepoInput {
    /// The create call and the list call that shows the repository's tasks
    /// afterwards. SWR classic paths carry no project: the token's scope does.
    pub fn build(&self, scope: &Scope) -> Result<ApiCall, Invalid> {
        self.build_both(scope).map(|(create, _)| create)
    }

    pub fn build_both(&self, scope: &Scope) -> Result<(ApiCall, ApiCall), Invalid> {
        let region = scope.region.as_str();
        let namespace = validate::namespace("Organization", &self.namespace);
        let repository = validate::repository(&self.repository);
        let target = self.target_region.trim().to_string();
        let target_region = if !is_region_id(&target) {
            Err(FieldError {
                field: "Target region",
                rule: "must be a region ID such as ap-southeast-3.".into(),
            })
        } else if target == region {
            Err(FieldError {
                field: "Target region",
                rule: format!("must differ from the source region ({region})."),
            })
        } else {
            Ok(target)
        };
        let target_namespace = validate::namespace("Target organization", &self.target_namespace);
        match (namespace, repository, target_region, target_namespace) {
            (Ok(namespace), Ok(repository), Ok(remote_region_id), Ok(remote_namespace)) => {
                let body = CreateSyncRepoBody {
                    remote_region_id,
                    remote_namespace,
                    sync_auto: self.sync_auto,
                    override_existing: self.override_existing,
                };
                Ok((
                    create_sync_repo(region, &namespace, &repository, &body),
                    list_sync_repos(region, &namespace, &repository),
                ))
            }
            (a, b, c, d) => Err(invalid_of([
                ("namespace", a.err()),
                ("repository", b.err()),
                ("target-region", c.err()),
                ("target-namespace", d.err()),
            ])),
        }
    }
}

/// 200 with an empty body is success.
pub fn created(raw: &RawResponse) -> Result<(), ApiError> {
    raw.no_content()
}

#[cfg(test)]
mod picker_tests {
    use super::*;

    #[test]
    fn list_calls_follow_the_sdk_and_the_total_reads_from_content_range() {
        let call = list_repos("cn-north-4", "ferry-services", 10);
        assert_eq!(call.path, "/v2/manage/repos?namespace=ferry-services&offset=10&limit=10");
        assert_eq!(
            call.content_type(),
            Some("application/json;charset=utf-8"),
            "SWR classic GETs send one too"
        );
        assert_eq!(list_namespaces("cn-north-4").path, "/v2/manage/namespaces");
        assert_eq!(range_total("10-3/13"), Some(13));
        assert_eq!(range_total("garbage"), None);
        let repos: crate::lenient::Items<RepoInfo> =
            crate::lenient::from_text(r#"[{"name":"platform/base","num_images":null},{"num_images":2}]"#)
                .unwrap_or_default();
        assert_eq!(repos.items.len(), 1);
        assert_eq!(repos.unreadable.len(), 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slash_becomes_dollar_in_the_path() {
        let body = CreateSyncRepoBody {
            remote_region_id: "ap-southeast-3".into(),
            remote_namespace: "mirror".into(),
            sync_auto: true,
            override_existing: false,
        };
        let call = create_sync_repo("cn-north-4", "team", "group/app", &body);
        assert_eq!(call.path, "/v2/manage/namespaces/team/repos/group$app/sync_repo");
        assert_eq!(
            call.body.as_deref(),
            Some(
                r#"{"remoteRegionId":"ap-southeast-3","remoteNamespace":"mirror","syncAuto":true,"override":false}"#
            )
        );
        assert_eq!(
            list_sync_repos("cn-north-4", "team", "a/b/c").path,
            "/v2/manage/namespaces/team/repos/a$b$c/sync_repo"
        );
    }

    #[test]
    fn every_classic_call_carries_content_type() {
        let body = CreateSyncRepoBody {
            remote_region_id: "r".into(),
            remote_namespace: "n".into(),
            sync_auto: false,
            override_existing: false,
        };
        for call in [
            list_sync_repos("cn-north-4", "team", "app"),
            list_regions("cn-north-4"),
            create_sync_repo("cn-north-4", "team", "app", &body),
        ] {
            assert_eq!(call.header("content-type"), Some("application/json;charset=utf-8"), "{}", call.path);
        }
        // Only once, even with a body.
        let post = create_sync_repo("cn-north-4", "team", "app", &body);
        assert_eq!(post.curl("http://h", "/api").matches("Content-Type").count(), 1);
    }

    #[test]
    fn the_sync_repo_input_is_checked_and_built_in_one_place() {
        let scope = Scope::new("cn-north-4", "p");
        let input = SyncRepoInput {
            namespace: "team".into(),
            repository: "group/app".into(),
            target_region: "ap-southeast-3".into(),
            target_namespace: "mirror".into(),
            sync_auto: true,
            override_existing: false,
        };
        let (create, list) = input.build_both(&scope).unwrap();
        assert_eq!(create.path, "/v2/manage/namespaces/team/repos/group$app/sync_repo");
        assert_eq!((list.method, list.path.as_str()), (Method::Get, create.path.as_str()));
        let same_region = SyncRepoInput { target_region: "cn-north-4".into(), ..input };
        let invalid = same_region.build(&scope).unwrap_err();
        assert_eq!(invalid[0].0, "target-region");
        assert!(invalid[0].1.rule.contains("differ from the source region"));
    }

    #[test]
    fn parses_documented_lists() {
        let regions: Vec<RegionInfo> =
            serde_json::from_str(r#"[{"regionID":"cn-north-4"},{"regionID":"ap-southeast-3"}]"#).unwrap();
        assert_eq!(regions[1].region_id, "ap-southeast-3");
        let repos: Vec<SyncRepo> = serde_json::from_str(
            r#"[{"createdAt":"2026-11-25T10:00:00Z","domainID":"d","domainName":"acme","id":3,"namespace":"team",
                "override":true,"remoteNamespace":"mirror","remoteRegionId":"ap-southeast-3","repoName":"group/app",
                "syncAuto":true,"updatedAt":"2026-11-25T10:00:00Z"}]"#,
        )
        .unwrap();
        assert!(repos[0].override_existing);
        assert_eq!(repos[0].repo_name, "group/app");
    }

    #[test]
    fn empty_200_is_created() {
        assert!(created(&RawResponse::new(200, None, String::new())).is_ok());
        let err = created(&RawResponse::new(
            404,
            None,
            r#"[{"errorCode":"SVCSTG.SWR.4040002","errorMessage":"Repository not found","detail":""}]"#
                .into(),
        ))
        .unwrap_err();
        assert_eq!(err.service().and_then(|s| s.code.as_deref()), Some("SVCSTG.SWR.4040002"));
    }
}
