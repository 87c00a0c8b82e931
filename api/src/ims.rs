//! IMS: copy an image within a region and follow its job (api-reference §5).

use serde::{Deserialize, Serialize};

use crate::call::{ApiCall, Method, Service};
use crate::scope::Scope;
use crate::validate::{self, invalid_of, Invalid};

/// Body of `CopyImageInRegion`; optional fields are left out when empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CopyBody {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cmk_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enterprise_project_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CopyStarted {
    pub job_id: String,
}

/// A job's status, compared case-insensitively; unknown values are kept as they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobStatus {
    Init,
    Running,
    Success,
    Fail,
    Other(String),
}

impl JobStatus {
    pub fn parse(raw: &str) -> JobStatus {
        match raw.trim().to_ascii_uppercase().as_str() {
            "INIT" => JobStatus::Init,
            "RUNNING" => JobStatus::Running,
            "SUCCESS" => JobStatus::Success,
            "FAIL" | "FAILED" => JobStatus::Fail,
            _ => JobStatus::Other(raw.to_string()),
        }
    }

    pub fn is_terminal(&self) -> bool {
        matches!(self, JobStatus::Success | JobStatus::Fail)
    }

    pub fn label(&self) -> String {
        match self {
            JobStatus::Init => "Starting".into(),
            JobStatus::Running => "Copying".into(),
            JobStatus::Success => "Done".into(),
            JobStatus::Fail => "Failed".into(),
            JobStatus::Other(raw) => raw.clone(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct JobEntities {
    #[serde(default)]
    pub image_id: Option<String>,
    #[serde(default)]
    pub image_name: Option<String>,
    #[serde(default)]
    pub current_task: Option<String>,
    #[serde(default)]
    pub process_percent: Option<f64>,
}

/// `ShowJob`'s answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Job {
    /// Every field of `ShowJobResponse` is optional in the SDK.
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub job_id: Option<String>,
    #[serde(default)]
    pub job_type: Option<String>,
    #[serde(default)]
    pub begin_time: Option<String>,
    #[serde(default)]
    pub end_time: Option<String>,
    #[serde(default)]
    pub error_code: Option<String>,
    #[serde(default)]
    pub fail_reason: Option<String>,
    #[serde(default)]
    pub entities: JobEntities,
}

impl Job {
    pub fn status(&self) -> JobStatus {
        JobStatus::parse(&self.status)
    }

    /// Progress 0–100 when the service reports it. IMS reports a fraction:
    /// its documented examples give `"process_percent": 0.40` for a running
    /// copy and `0.20` (docs/api-fidelity.md, IMS ShowJob). A value above 1
    /// can only be a percentage already, so it is kept as one.
    pub fn percent(&self) -> Option<f64> {
        let p = self.entities.process_percent.filter(|p| p.is_finite())?;
        Some(if p <= 1.0 { p * 100.0 } else { p }.clamp(0.0, 100.0))
    }
}

/// `POST /v1/cloudimages/{image_id}/copy`: no project in the path.
pub fn copy_image(region: &str, image_id: &str, body: &CopyBody) -> ApiCall {
    ApiCall::new(Method::Post, Service::Ims, region, format!("/v1/cloudimages/{image_id}/copy"))
        .with_json(serde_json::to_string(body).unwrap_or_default())
}

/// What the Copy image form holds, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CopyInput {
    pub image_id: String,
    pub name: String,
    pub description: String,
    pub cmk_id: String,
    pub enterprise_project_id: String,
}

impl CopyInput {
    /// The copy call. IMS takes no project in the path: the token's project
    /// scope selects it, so only the region is used.
    pub fn build(&self, scope: &Scope) -> Result<ApiCall, Invalid> {
        let image = validate::image_id(&self.image_id);
        let name = validate::image_name(&self.name);
        let description = validate::image_description(&self.description);
        let cmk = validate::optional_id("KMS key ID", &self.cmk_id);
        let enterprise = validate::optional_id("Enterprise project ID", &self.enterprise_project_id);
        match (image, name, description, cmk, enterprise) {
            (Ok(image), Ok(name), Ok(description), Ok(cmk_id), Ok(enterprise_project_id)) => {
                let description = Some(description).filter(|d| !d.is_empty());
                Ok(copy_image(
                    &scope.region,
                    &image,
                    &CopyBody { name, description, cmk_id, enterprise_project_id },
                ))
            }
            (image, name, description, cmk, enterprise) => Err(invalid_of([
                ("image-id", image.err()),
                ("image-name", name.err()),
                ("description", description.err()),
                ("cmk-id", cmk.err()),
                ("enterprise-project-id", enterprise.err()),
            ])),
        }
    }
}

/// Images listed per page by the image picker.
pub const IMAGE_PAGE: u32 = 10;

/// `GET /v2/cloudimages?__imagetype=private&status=active&limit=…[&marker=…][&name=…]`
/// (SDK `ListImages`, `ims_meta.go` `GenReqDefForListImages`; IMS "查询镜像
/// 列表"): the token's project's private images that are ready. `name` is an
/// exact match and `marker` the last image ID of the previous page.
pub fn list_images(region: &str, name: &str, marker: Option<&str>) -> ApiCall {
    let mut path = format!("/v2/cloudimages?__imagetype=private&status=active&limit={IMAGE_PAGE}");
    if let Some(marker) = marker {
        path.push_str(&format!("&marker={}", crate::swr_ee::encode_query_value(marker)));
    }
    let name = name.trim();
    if !name.is_empty() {
        path.push_str(&format!("&name={}", crate::swr_ee::encode_query_value(name)));
    }
    ApiCall::new(Method::Get, Service::Ims, region, path)
}

/// An image as ListImages shows it (`model_image_info.go`, 镜像属性). Only
/// what the picker shows; every field may be missing.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct ImageInfo {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default, rename = "__os_version")]
    pub os_version: String,
    /// Bytes, as a string (IMS writes it so).
    #[serde(default, rename = "__image_size")]
    pub image_size: String,
    #[serde(default)]
    pub created_at: String,
    #[serde(default)]
    pub disk_format: String,
    /// Documented as a Boolean; IMS writes many flags as "true"/"false"
    /// strings, so either is read.
    #[serde(default, rename = "__whole_image", deserialize_with = "flag")]
    pub whole_image: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct ImageList {
    #[serde(default)]
    pub images: crate::lenient::Items<ImageInfo>,
}

/// `true`, or the text "true" in any case; anything else is false.
fn flag<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    struct Flag;
    impl serde::de::Visitor<'_> for Flag {
        type Value = bool;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a Boolean or \"true\"/\"false\"")
        }
        fn visit_bool<E>(self, v: bool) -> Result<bool, E> {
            Ok(v)
        }
        fn visit_str<E>(self, v: &str) -> Result<bool, E> {
            Ok(v.eq_ignore_ascii_case("true"))
        }
        fn visit_unit<E>(self) -> Result<bool, E> {
            Ok(false)
        }
    }
    deserializer.deserialize_any(Flag)
}

impl ImageInfo {
    /// Why this image cannot be copied within its region, before anything
    /// is sent (IMS CopyImageInRegion, 约束与限制: 整机镜像不支持区域内复制;
    /// 使用ISO文件创建的私有镜像不支持区域内复制).
    pub fn copy_refusal(&self) -> Option<&'static str> {
        if self.whole_image {
            Some("A full-ECS image cannot be copied within a region.")
        } else if self.disk_format.eq_ignore_ascii_case("iso") {
            Some("An image made from an ISO file cannot be copied within a region.")
        } else {
            None
        }
    }

    /// "2.0 GB", from the byte count IMS sends as text; empty if unknown.
    pub fn size_text(&self) -> String {
        let Ok(bytes) = self.image_size.trim().parse::<u64>() else { return String::new() };
        let tenths = bytes * 10 / 1_073_741_824;
        if tenths >= 10 {
            format!("{}.{} GB", tenths / 10, tenths % 10)
        } else {
            format!("{} MB", bytes / 1_048_576)
        }
    }
}

/// A name for the copy: `<name>-copy`, cut to IMS's 128 characters.
pub fn suggested_copy_name(name: &str) -> String {
    let base: String = name.trim().chars().take(128 - 5).collect();
    format!("{base}-copy")
}

/// `GET /v1/{project_id}/jobs/{job_id}`.
pub fn show_job(scope: &Scope, job_id: &str) -> ApiCall {
    ApiCall::new(Method::Get, Service::Ims, &scope.region, format!("/v1/{}/jobs/{job_id}", scope.project_id))
}

#[cfg(test)]
mod list_tests {
    use super::*;

    #[test]
    fn the_list_call_follows_the_sdk() {
        let call = list_images("cn-north-4", "", None);
        assert_eq!(call.path, "/v2/cloudimages?__imagetype=private&status=active&limit=10");
        let next = list_images("cn-north-4", "web base", Some("abc-1"));
        assert_eq!(
            next.path,
            "/v2/cloudimages?__imagetype=private&status=active&limit=10&marker=abc-1&name=web%20base"
        );
    }

    #[test]
    fn images_that_cannot_be_copied_say_why_in_any_shape() {
        let list: ImageList = crate::lenient::from_text(
            r#"{"images":[
                {"id":"a","name":"full","__whole_image":true,"__image_size":"2147483648"},
                {"id":"b","name":"full-text","__whole_image":"true"},
                {"id":"c","name":"iso","disk_format":"iso"},
                {"id":"d","name":"plain","__whole_image":"false","__image_size":"524288000","created_at":null},
                {"name":"no id"}
            ]}"#,
        )
        .unwrap_or_default();
        let refusals: Vec<bool> = list.images.iter().map(|i| i.copy_refusal().is_some()).collect();
        assert_eq!(refusals, vec![true, true, true, false]);
        assert_eq!(list.images.unreadable.len(), 1, "an image without an ID is shown raw");
        assert_eq!(list.images[0].size_text(), "2.0 GB");
        assert_eq!(list.images[3].size_text(), "500 MB");
        assert_eq!(suggested_copy_name("web"), "web-copy");
        assert_eq!(suggested_copy_name(&"n".repeat(200)).chars().count(), 128);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_body_leaves_out_empty_optionals() {
        let body =
            CopyBody { name: "copy".into(), description: None, cmk_id: None, enterprise_project_id: None };
        let call = copy_image("cn-north-4", "30e55148-deb9-4923-adb9-91618de16ba0", &body);
        assert_eq!(call.path, "/v1/cloudimages/30e55148-deb9-4923-adb9-91618de16ba0/copy");
        assert_eq!(call.body.as_deref(), Some(r#"{"name":"copy"}"#));
    }

    #[test]
    fn the_copy_input_is_checked_and_built_in_one_place() {
        let scope = Scope::new("cn-north-4", "p");
        let input = CopyInput {
            image_id: "30e55148-deb9-4923-adb9-91618de16ba0".into(),
            name: "copy".into(),
            ..CopyInput::default()
        };
        assert_eq!(input.build(&scope).unwrap().body.as_deref(), Some(r#"{"name":"copy"}"#));
        let bad = CopyInput {
            image_id: "x".into(),
            name: " x".into(),
            description: "a\nb".into(),
            ..CopyInput::default()
        };
        let ids: Vec<&str> = bad.build(&scope).unwrap_err().iter().map(|(id, _)| *id).collect();
        assert_eq!(ids, vec!["image-id", "image-name", "description"]);
    }

    #[test]
    fn parses_the_documented_success_example() {
        let job: Job = crate::lenient::from_text(
            r#"{"job_id":"9a175ac892fa13420193001c2e62205a","job_type":"imsCopyImageInRegionJob","begin_time":"2024-11-06T06:14:27.168Z","end_time":"2024-11-06T06:16:38.446Z","status":"SUCCESS","error_code":null,"fail_reason":null,"entities":{"image_name":"test","image_id":"30e55148-deb9-4923-adb9-91618de16ba0"}}"#,
        )
        .unwrap();
        assert_eq!(job.status(), JobStatus::Success);
        assert!(job.status().is_terminal());
        assert_eq!(job.entities.image_id.as_deref(), Some("30e55148-deb9-4923-adb9-91618de16ba0"));
        let started: CopyStarted =
            crate::lenient::from_text(r#"{"job_id": "edc89b490d7d4392898e19b2deb34797"}"#).unwrap();
        assert_eq!(started.job_id, "edc89b490d7d4392898e19b2deb34797");
    }

    #[test]
    fn progress_is_a_fraction_as_documented() {
        // The documented ShowJobProgress example of a running copy.
        let job: Job = crate::lenient::from_text(
            r#"{"job_id": "ff80808280c204e30180d2784c3c0d86", "job_type": "imsCopyImageInRegionJob",
             "begin_time": "2022-05-17T14:42:20.859Z", "end_time": "", "status": "RUNNING",
             "error_code": null, "fail_reason": null,
             "entities": {"image_name": "d0d2e701-dfc4-4520-9247-f92907f38eb0", "process_percent": 0.40,
                          "current_task": "CopyImageInRegionTask:", "subJobId": "ff80808280ca6cd30180d278b9db0221",
                          "image_id": "498cc67e-7795-482c-8c47-32bcece2d7ec"}}"#,
        )
        .unwrap();
        assert_eq!(job.percent().map(f64::round), Some(40.0));
        let job = |p: &str| {
            crate::lenient::from_text::<Job>(&format!(
                r#"{{"status":"RUNNING","entities":{{"process_percent":{p}}}}}"#
            ))
            .unwrap()
        };
        assert_eq!(job("0.24").percent().map(f64::round), Some(24.0));
        assert_eq!(job("1").percent(), Some(100.0));
        assert_eq!(job("55").percent(), Some(55.0));
        assert_eq!(job("null").percent(), None);
    }

    #[test]
    fn every_job_field_may_be_null_or_missing() {
        let job: Job =
            crate::lenient::from_text(r#"{"status":null,"entities":null,"end_time":null}"#).unwrap();
        assert_eq!(job.status(), JobStatus::Other(String::new()));
        let job: Job = crate::lenient::from_text("{}").unwrap();
        assert!(job.entities.image_id.is_none());
    }

    #[test]
    fn statuses_compare_case_insensitively() {
        assert_eq!(JobStatus::parse("success"), JobStatus::Success);
        assert_eq!(JobStatus::parse("Failed"), JobStatus::Fail);
        assert_eq!(JobStatus::parse("running"), JobStatus::Running);
        assert_eq!(JobStatus::parse("QUEUED"), JobStatus::Other("QUEUED".into()));
        assert!(!JobStatus::parse("QUEUED").is_terminal());
        assert_eq!(JobStatus::parse("QUEUED").label(), "QUEUED");
    }
}
