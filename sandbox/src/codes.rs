//! Every error code the sandbox answers, with its HTTP status and where it is
//! documented. Codes marked ILLUSTRATIVE are not in any error table we have:
//! no documented code fits that situation, so the sandbox invents one in the
//! service's own style (README lists them as *sandbox*).

use axum::http::StatusCode;

/// An error code and the status it is answered with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    pub status: StatusCode,
    pub code: &'static str,
}

const fn code(status: u16, code: &'static str) -> Code {
    let status = match StatusCode::from_u16(status) {
        Ok(status) => status,
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR,
    };
    Code { status, code }
}

// --- API gateway (APIG), in front of every service ---------------------
/// APIG error codes (support.huaweicloud.com devg-apisign/api-sign-errorcode):
/// "The API does not exist or has not been published in the environment".
pub const APIG_NOT_FOUND: Code = code(404, "APIG.0101");
/// APIG error codes: "Backend unavailable".
pub const APIG_BACKEND_UNAVAILABLE: Code = code(503, "APIG.0201");
/// APIG FAQ "Common Errors Related to IAM Authentication Information"
/// (api-reference §0.4, [S24]): token missing, invalid or expired.
pub const APIG_TOKEN: Code = code(401, "APIG.0301");

// --- SWR (one error table for classic and Enterprise Edition) ----------
// Source: SWR "Error Codes" (support.huaweicloud.com/intl/en-us/api-swr/
// ErrorCode.html; OTC software-repository-container
// api-ref/source/appendixes/error_codes.rst @3e733771). The EE pages
// (seeds 000, 003) say "See Error Codes".
/// "Authentication failed. The possible cause is that the token has expired."
pub const SWR_AUTH: Code = code(401, "SVCSTG.SWR.4010000");
/// "Invalid API parameters": a request body that breaks the API's rules.
pub const SWR_BAD_BODY: Code = code(400, "SVCSTG.SWR.4000014");
/// "查询参数不合法" (invalid query parameters): paging, filters, path IDs.
pub const SWR_BAD_QUERY: Code = code(400, "SVCSTG.SWR.4001025");
/// "Mandatory parameters must be configured."
pub const SWR_MISSING: Code = code(400, "SVCSTG.SWR.4001014");
/// "Invalid request body type.": SWR classic without a JSON Content-Type.
pub const SWR_CONTENT_TYPE: Code = code(400, "SVCSTG.SWR.4001018");
/// "Invalid organization name."
pub const SWR_BAD_NAMESPACE: Code = code(400, "SVCSTG.SWR.4001028");
/// "Invalid image name." (an SWR "image" is a repository).
pub const SWR_BAD_REPOSITORY: Code = code(400, "SVCSTG.SWR.4001029");
/// "The organization was not found."
pub const SWR_NO_NAMESPACE: Code = code(404, "SVCSTG.SWR.4040058");
/// "The image was not found." (the repository).
pub const SWR_NO_REPOSITORY: Code = code(404, "SVCSTG.SWR.4040010");
/// "You cannot apply for or operate the resources that do not belong to
/// you.": the token's project is not the `{project_id}` of the path.
pub const SWR_FOREIGN_PROJECT: Code = code(403, "SVCSTG.SWR.4039001");
/// ILLUSTRATIVE: the SWR EE instance does not exist.
pub const SWR_NO_INSTANCE: Code = code(404, "SVCSTG.SWR.4040001");
/// ILLUSTRATIVE: the replication policy does not exist.
pub const SWR_NO_POLICY: Code = code(404, "SVCSTG.SWR.4040017");
/// ILLUSTRATIVE: the execution does not exist.
pub const SWR_NO_EXECUTION: Code = code(404, "SVCSTG.SWR.4040018");
/// ILLUSTRATIVE: the task does not exist in that execution.
pub const SWR_NO_TASK: Code = code(404, "SVCSTG.SWR.4040019");
/// ILLUSTRATIVE: executing a disabled policy.
pub const SWR_POLICY_DISABLED: Code = code(400, "SVCSTG.SWR.4000002");
/// ILLUSTRATIVE: stopping an execution that is not running.
pub const SWR_NOT_RUNNING: Code = code(400, "SVCSTG.SWR.4000003");
/// ILLUSTRATIVE: an automatic sync task with the same target exists.
pub const SWR_SYNC_EXISTS: Code = code(400, "SVCSTG.SWR.4000017");

// --- HSS -----------------------------------------------------------------
/// HSS "Error Codes" (api-hss2.0/ErrorCode.html; OTC host-security-service
/// api-ref/source/appendixes/error_codes.rst): "Invalid param error".
pub const HSS_INVALID: Code = code(400, "HSS.0001");
/// HSS "Error Codes" (api-hss2.0/ErrorCode.html): HSS.0013 "Insufficient
/// permissions." The table lists it with 400; a token for another project
/// is refused before HSS's own checks, so the sandbox answers 403 with that
/// code (the fidelity issue asks for 403; docs/api-fidelity.md notes it).
pub const HSS_FORBIDDEN: Code = code(403, "HSS.0013");

// --- IMS -----------------------------------------------------------------
// Source: IMS "Error Codes" (api-ims/ims_03_0908; OTC image-management-service
// api-ref/source/error_codes.rst @7f136da4). The table gives 400 for all
// IMG.00xx codes below except IMG.0026 (403).
/// "The request message format is invalid."
pub const IMS_FORMAT: Code = code(400, "IMG.0001");
/// "The image name contains more than 128 characters."
pub const IMS_NAME_LONG: Code = code(400, "IMG.0002");
/// "The image name format is invalid."
pub const IMS_NAME_FORMAT: Code = code(400, "IMG.0003");
/// "The description contains more than 1024 characters."
pub const IMS_DESCRIPTION_LONG: Code = code(400, "IMG.0004");
/// "The request body is empty."
pub const IMS_EMPTY_BODY: Code = code(400, "IMG.0007");
/// "The image name is not specified."
pub const IMS_NAME_MISSING: Code = code(400, "IMG.0013");
/// "The role is invalid…": the token may not act in the path's project.
pub const IMS_FORBIDDEN: Code = code(403, "IMG.0026");
/// "The image description format is invalid."
pub const IMS_DESCRIPTION_FORMAT: Code = code(400, "IMG.0054");
/// "The full-ECS image cannot be exported or replicated." (the failed job's
/// `error_code`).
pub const IMS_FULL_ECS: Code = code(400, "IMG.0130");
/// "The image does not exist."
pub const IMS_NO_IMAGE: Code = code(400, "IMG.0144");
/// ILLUSTRATIVE: no such job (the table has no code for it).
pub const IMS_NO_JOB: Code = code(404, "IMG.0404");

// --- IAM (Keystone bodies carry the HTTP status as `code`) ---------------
// Source: api-reference §1.1 and [S25]: `{"error":{"code":401,"message",
// "title"}}`; statuses 400/401/403/404 per the token API page [S10].
pub const IAM_BAD_REQUEST: Code = code(400, "400");
pub const IAM_UNAUTHORIZED: Code = code(401, "401");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_match_the_codes() {
        for c in [SWR_AUTH, SWR_BAD_BODY, SWR_FOREIGN_PROJECT, SWR_NO_NAMESPACE, IMS_FORBIDDEN, HSS_FORBIDDEN]
        {
            assert_ne!(c.status, StatusCode::INTERNAL_SERVER_ERROR, "{}", c.code);
        }
        assert_eq!(SWR_FOREIGN_PROJECT.status, StatusCode::FORBIDDEN);
        assert_eq!(IAM_UNAUTHORIZED.status.as_str(), IAM_UNAUTHORIZED.code);
    }
}
