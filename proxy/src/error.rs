//! The proxy's own failures, answered as JSON in the `error_code`/`error_msg`
//! shape the console's error parser already understands.

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::request_id;

#[derive(Debug, thiserror::Error)]
pub enum ProxyError {
    #[error("unknown service: use swr, hss, ims or iam")]
    UnknownService,
    #[error("this service is not available in this cloud")]
    NotInThisCloud,
    #[error("this service has no endpoint in this region")]
    NotInThisRegion,
    #[error("this region is not allowed by the proxy configuration")]
    RegionNotAllowed,
    #[error("no API here: use /api/{{service}}/{{region}}/…")]
    NoSuchApi,
    #[error("this method is not forwarded: use GET, POST, PUT or DELETE")]
    MethodNotAllowed,
    #[error("request refused: {0}")]
    Refused(&'static str),
    #[error("the request body is larger than the proxy allows")]
    BodyTooLarge,
    #[error("the request body did not arrive in time")]
    BodyTimeout,
    #[error("the request body could not be read")]
    BodyUnreadable,
    #[error("this origin may not call the proxy")]
    OriginNotAllowed,
    #[error("the cloud endpoint could not be reached")]
    Unreachable,
    #[error("the cloud endpoint did not answer in time")]
    Timeout,
    #[error("the cloud endpoint's answer cannot be passed on: {0}")]
    BadUpstreamAnswer(&'static str),
}

impl ProxyError {
    pub fn refused(reason: &'static str) -> ProxyError {
        ProxyError::Refused(reason)
    }

    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            ProxyError::UnknownService => (StatusCode::NOT_FOUND, "FERRY.0404"),
            ProxyError::NotInThisCloud | ProxyError::NotInThisRegion | ProxyError::NoSuchApi => {
                (StatusCode::NOT_FOUND, "FERRY.0404")
            }
            ProxyError::MethodNotAllowed => (StatusCode::METHOD_NOT_ALLOWED, "FERRY.0405"),
            ProxyError::RegionNotAllowed | ProxyError::OriginNotAllowed => {
                (StatusCode::FORBIDDEN, "FERRY.0403")
            }
            ProxyError::BodyTimeout => (StatusCode::REQUEST_TIMEOUT, "FERRY.0408"),
            ProxyError::BodyUnreadable => (StatusCode::BAD_REQUEST, "FERRY.0400"),
            ProxyError::Refused(_) => (StatusCode::BAD_REQUEST, "FERRY.0400"),
            ProxyError::BodyTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "FERRY.0413"),
            ProxyError::Unreachable | ProxyError::BadUpstreamAnswer(_) => {
                (StatusCode::BAD_GATEWAY, "FERRY.0502")
            }
            ProxyError::Timeout => (StatusCode::GATEWAY_TIMEOUT, "FERRY.0504"),
        }
    }
}

impl IntoResponse for ProxyError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        let id = request_id::new();
        let body = serde_json::json!({ "error_code": code, "error_msg": self.to_string(), "request_id": id });
        let mut response = (status, Json(body)).into_response();
        if let Ok(value) = HeaderValue::from_str(&id) {
            response.headers_mut().insert("x-request-id", value);
        }
        response
    }
}
