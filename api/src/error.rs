//! One error type for every call, and a parser for every error body format the
//! services use (api-reference §0.4). They differ per service, so the parser
//! tries each known shape in the documented order and keeps the raw text.

use serde_json::Value;

use crate::op::{Context, Op};

/// What the service said about a failure, whatever shape its body had.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ServiceError {
    /// `SVCSTG.SWR.4001048`, `APIG.0301`, `IMG.0024`, or IAM's numeric `401`.
    pub code: Option<String>,
    pub message: Option<String>,
    /// Keystone's `title` (IAM), e.g. `Unauthorized`.
    pub title: Option<String>,
    /// `request_id` carried in an API-gateway body (APIG errors).
    pub request_id: Option<String>,
}

impl ServiceError {
    fn is_empty(&self) -> bool {
        self.code.is_none() && self.message.is_none()
    }
}

/// Parse an error body. `None` means no known shape matched: show the raw text.
pub fn parse_error_body(text: &str) -> Option<ServiceError> {
    let value: Value = serde_json::from_str(text.trim()).ok()?;
    let parsed = match &value {
        // 1. SWR classic, old format: a bare array.
        Value::Array(items) => items.first().map(|first| ServiceError {
            code: field(first, "errorCode"),
            message: field(first, "errorMessage"),
            ..ServiceError::default()
        }),
        Value::Object(_) => parse_object(&value),
        _ => None,
    }?;
    (!parsed.is_empty()).then_some(parsed)
}

fn parse_object(value: &Value) -> Option<ServiceError> {
    let request_id = field(value, "request_id");
    // 2. error_code + error_msg (SWR EE, HSS, APIG, SWR classic new format).
    // HSS's 200 body uses error_description instead of error_msg.
    let code = field(value, "error_code");
    let message = field(value, "error_msg").or_else(|| field(value, "error_description"));
    if code.is_some() || message.is_some() {
        return Some(ServiceError { code, message, title: None, request_id });
    }
    // 3. errorCode + errorMessage as an object.
    if let Some(code) = field(value, "errorCode") {
        return Some(ServiceError {
            code: Some(code),
            message: field(value, "errorMessage"),
            title: None,
            request_id,
        });
    }
    // 4. {"error": {code, message, title}} (IMS; IAM with a numeric code).
    if let Some(inner) = value.get("error").filter(|v| v.is_object()) {
        return Some(ServiceError {
            code: field(inner, "code"),
            message: field(inner, "message"),
            title: field(inner, "title"),
            request_id,
        });
    }
    // 5. {"errors": [{errorCode, errorMessage}]}.
    if let Some(first) = value.get("errors").and_then(Value::as_array).and_then(|a| a.first()) {
        return Some(ServiceError {
            code: field(first, "errorCode"),
            message: field(first, "errorMessage"),
            title: None,
            request_id,
        });
    }
    None
}

/// A string or number field, as text; empty strings count as absent.
fn field(value: &Value, key: &str) -> Option<String> {
    match value.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Everything that can go wrong with a call, with what the user needs to act.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// The browser could not complete the request at all.
    #[error("could not reach the Ferry proxy: {message}")]
    Network { message: String },
    /// No answer in time; the request was aborted.
    #[error("no answer within {seconds} s")]
    Timeout { seconds: u32 },
    /// An HTTP error status.
    #[error("HTTP {status}{}", service_suffix(.service))]
    Http {
        status: u16,
        request_id: Option<String>,
        service: Option<ServiceError>,
        raw: String,
        /// The call it answered, so the explanation fits it.
        context: Option<Context>,
    },
    /// A success status whose body is not what the API documents.
    #[error("unexpected response (HTTP {status}): {reason}")]
    Decode { status: u16, request_id: Option<String>, reason: String, raw: String },
}

fn service_suffix(service: &Option<ServiceError>) -> String {
    match service {
        Some(ServiceError { code: Some(code), message: Some(msg), .. }) => format!(" {code}: {msg}"),
        Some(ServiceError { code: Some(code), .. }) => format!(" {code}"),
        Some(ServiceError { message: Some(msg), .. }) => format!(": {msg}"),
        _ => String::new(),
    }
}

/// Plain-language text for a failure: what happened, then what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    pub headline: String,
    pub advice: String,
}

impl ApiError {
    /// Build the error for an HTTP error status from its raw body.
    pub fn from_status(status: u16, request_id: Option<String>, raw: String) -> ApiError {
        let service = parse_error_body(&raw);
        ApiError::Http { status, request_id, service, raw, context: None }
    }

    /// The same error, explained for the call it answered.
    pub fn for_call(mut self, call: Context) -> ApiError {
        if let ApiError::Http { context, .. } = &mut self {
            *context = Some(call);
        }
        self
    }

    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Http { status, .. } | ApiError::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The `X-Request-Id` header, or the gateway body's `request_id`.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            ApiError::Http { request_id, service, .. } => {
                request_id.as_deref().or_else(|| service.as_ref().and_then(|s| s.request_id.as_deref()))
            }
            ApiError::Decode { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// Which call this answered, when the client said so.
    pub fn op(&self) -> Option<Op> {
        match self {
            ApiError::Http { context, .. } => context.as_ref().map(|c| c.op),
            _ => None,
        }
    }

    pub fn service(&self) -> Option<&ServiceError> {
        match self {
            ApiError::Http { service, .. } => service.as_ref(),
            _ => None,
        }
    }

    pub fn raw(&self) -> Option<&str> {
        match self {
            ApiError::Http { raw, .. } | ApiError::Decode { raw, .. } => Some(raw),
            _ => None,
        }
    }

    /// True when a new token is the fix (401, or the gateway's token codes).
    pub fn is_token_rejected(&self) -> bool {
        let code = self.service().and_then(|s| s.code.as_deref()).unwrap_or("");
        self.status() == Some(401)
            || code.eq_ignore_ascii_case("APIG.0301")
            || code.eq_ignore_ascii_case("APIG.0307")
            || code.eq_ignore_ascii_case("SVCSTG.SWR.4010000")
    }

    pub fn explain(&self) -> Explanation {
        // A refused sign-in is explained in IAM's terms (wrong password,
        // locked user, MFA code), in the same panel as any other error, with
        // its status and request ID.
        if self.op() == Some(Op::SignIn) {
            if let Some(problem) = crate::iam::sign_in_problem(self) {
                return Explanation {
                    headline: problem.into(),
                    advice: "Correct it and sign in again.".into(),
                };
            }
        }
        let (headline, advice) = match self {
            ApiError::Network { .. } => (
                "Ferry could not reach its proxy.",
                "Check your network connection and that the Ferry proxy is running, then try again.",
            ),
            ApiError::Timeout { .. } => (
                "The cloud did not answer in time.",
                "Try again in a moment. If it keeps happening, the service may be overloaded.",
            ),
            ApiError::Decode { .. } => (
                "The service answered, but not in the format Ferry expects.",
                "Nothing was changed by Ferry. Keep the request ID and the raw response below for support.",
            ),
            ApiError::Http { status, service, context, .. } => {
                let code = service.as_ref().and_then(|s| s.code.as_deref()).unwrap_or("");
                let (headline, advice) =
                    explain_http(*status, code, self.is_token_rejected(), context.as_ref());
                return Explanation { headline, advice: advice.into() };
            }
        };
        Explanation { headline: headline.into(), advice: advice.into() }
    }
}

/// Documented codes (docs/api-fidelity.md: the SWR, IMS, HSS and IAM error
/// code tables), with what to do about each. Codes that no table lists are
/// not keyed here: they fall back to the status and the call.
fn explain_code(code: &str, context: Option<&Context>) -> Option<(String, &'static str)> {
    let region = context.map_or("this region", |c| c.region.as_str());
    let fixed = |headline: &str, advice: &'static str| Some((headline.to_string(), advice));
    match code.to_ascii_uppercase().as_str() {
        "IMG.0001" => fixed("IMS could not read the request.", "Nothing was copied. Send it again; if it persists, give support the request ID."),
        "IMG.0002" => fixed("The image name is too long.", "Use at most 128 characters for the name."),
        "IMG.0003" => fixed(
            "The image name is not valid.",
            "Use letters, digits, Chinese characters, '-', '.', '_' and spaces, without a space at either end.",
        ),
        "IMG.0004" => fixed("The description is too long.", "Use at most 1024 characters for the description."),
        "IMG.0054" => fixed("The description is not valid.", "Remove line breaks and '<' or '>' from the description."),
        "IMG.0024" => fixed("IMS does not accept this image type for this operation.", "Check that the image is a private image that can be copied."),
        "IMG.0027" | "IMG.0144" => Some((
            format!("No image with this ID in your project in {region}."),
            "Check the image ID on the IMS Private Images page, and that Settings names its region and project.",
        )),
        "IMG.0130" => fixed(
            "A full-ECS image cannot be copied within a region.",
            "Copy the ECS's system disk image instead, or create a new image from the ECS.",
        ),
        "HSS.0001" => fixed("HSS refused a parameter as invalid.", "Check the enterprise project and the region, then send again."),
        "HSS.0013" => fixed(
            "You lack the HSS permission for this.",
            "Ask an administrator for HSS rights in this project, or choose the enterprise project you have rights on.",
        ),
        "SVCSTG.SWR.4040058" | "SVCSTG.SWR.4041061" => Some((
            format!("SWR has no such organization in {region}."),
            "Check the organization's name (lowercase) on SWR's Organizations page in the source region.",
        )),
        "SVCSTG.SWR.4001008" | "SVCSTG.SWR.4001028" => fixed(
            "SWR refused the organization or repository name.",
            "Use lowercase letters, digits and single '.', '_' or '-' between them.",
        ),
        "SVCSTG.SWR.4000014" | "SVCSTG.SWR.4001025" | "SVCSTG.SWR.4001014" | "SVCSTG.SWR.4001036" => fixed(
            "SWR refused a parameter as invalid or missing.",
            "Check the values against the message below, correct them and send again.",
        ),
        "SVCSTG.SWR.4039002" | "SVCSTG.SWR.4030170" | "SVCSTG.SWR.4037017" | "SVCSTG.SWR.4037018" | "SVCSTG.SWR.4037020" => fixed(
            "You are not allowed to do this in SWR.",
            "Your IAM user lacks the SWR permission for this. Ask an administrator to grant it.",
        ),
        "SVCSTG.SWR.4090023" => fixed("SWR is busy.", "Try again in a minute."),
        "APIG.0201" => fixed("The cloud service is temporarily unavailable.", "Try again in a moment."),
        _ => None,
    }
}

fn explain_http(
    status: u16,
    code: &str,
    token_rejected: bool,
    context: Option<&Context>,
) -> (String, &'static str) {
    if let Some(known) = explain_code(code, context) {
        return known;
    }
    if status == 404 {
        if let Some(known) = context.and_then(|c| c.op.not_found(&c.region)) {
            return known;
        }
    }
    let (headline, advice) = explain_status(status, code, token_rejected);
    (headline.to_string(), advice)
}

fn explain_status(status: u16, code: &str, token_rejected: bool) -> (&'static str, &'static str) {
    if token_rejected {
        return (
            "The token was rejected: it has expired or is not valid for this region.",
            "Sign in again, then send the request again: what you typed stays.",
        );
    }
    if code.starts_with("FERRY.") {
        return match status {
            502 => (
                "The proxy could not reach the cloud endpoint.",
                "The cloud may be unreachable from the proxy's network. Try again, or ask whoever runs the proxy.",
            ),
            504 => (
                "The cloud endpoint did not answer the proxy in time.",
                "Try again in a moment.",
            ),
            _ => (
                "The Ferry proxy refused this request.",
                "The region or service may not be allowed by the proxy's configuration. Check the region in Settings.",
            ),
        };
    }
    match status {
        200..=299 => (
            "The service answered, but reported that it failed.",
            "Read its message below; correct what it names and send again.",
        ),
        400 => (
            "The service refused the request as invalid.",
            "Check the values you entered against the message below, correct them and send again.",
        ),
        403 => (
            "You are not allowed to do this.",
            "Your IAM user lacks permission for this operation in this project. Ask an administrator to grant it.",
        ),
        404 => (
            "Not found: the service does not know one of the IDs you gave.",
            "Check the IDs, and that the region and project in Settings are the ones the resource lives in.",
        ),
        409 => (
            "This conflicts with something that already exists.",
            "Check whether the same thing was already created, then adjust and send again.",
        ),
        429 => (
            "Too many requests: the service is rate-limiting you.",
            "Wait a minute, then try again.",
        ),
        500..=599 => (
            "The cloud service had a problem on its side.",
            "Try again later. If it persists, contact support and give them the request ID.",
        ),
        _ => (
            "The service refused the request.",
            "See the message below. If it is unclear, contact support and give them the request ID.",
        ),
    }
}
