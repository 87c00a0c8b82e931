//! Turning a raw HTTP answer into typed data or an [`ApiError`].

use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// An answer as it arrived: kept whole so the UI can show it raw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawResponse {
    pub status: u16,
    pub request_id: Option<String>,
    pub body: String,
    /// IAM's `X-Subject-Token` (the new token) on sign-in; None elsewhere.
    pub subject_token: Option<String>,
    /// The call this answers, so its errors are explained for that call.
    pub context: Option<crate::op::Context>,
    /// `Content-Range` (SWR classic lists: `offset-count/total`).
    pub content_range: Option<String>,
}

impl RawResponse {
    pub fn new(status: u16, request_id: Option<String>, body: String) -> RawResponse {
        RawResponse { status, request_id, body, subject_token: None, context: None, content_range: None }
    }

    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// A 2xx body parsed as `T`; an error status or an unexpected shape is an error.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, ApiError> {
        // Through a `Value`, like the item-by-item lists: every model is then
        // decoded by one deserializer, which keeps the console's wasm small;
        // only `T::deserialize` is per type.
        let value = self.json_value()?;
        crate::lenient::decode(&value).map_err(|err| self.decode_error(err))
    }

    /// The 2xx body as a tree without `null` members, for [`Self::json`].
    #[inline(never)]
    fn json_value(&self) -> Result<serde_json::Value, ApiError> {
        if !self.is_success() {
            return Err(self.error());
        }
        crate::lenient::value_of(&self.body).map_err(|err| self.decode_error(err))
    }

    #[inline(never)]
    fn decode_error(&self, err: serde_json::Error) -> ApiError {
        ApiError::Decode {
            status: self.status,
            request_id: self.request_id.clone(),
            reason: err.to_string(),
            raw: self.body.clone(),
        }
    }

    /// Success with no body to read (SWR classic's empty 200, HSS tasks' `{}`).
    pub fn no_content(&self) -> Result<(), ApiError> {
        if self.is_success() {
            Ok(())
        } else {
            Err(self.error())
        }
    }

    /// The error for a non-2xx answer.
    pub fn error(&self) -> ApiError {
        let error = ApiError::from_status(self.status, self.request_id.clone(), self.body.clone());
        match &self.context {
            Some(context) => error.for_call(context.clone()),
            None => error,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::swr_ee::ExecutionCreated;

    fn raw(status: u16, body: &str) -> RawResponse {
        RawResponse::new(status, Some("rid".into()), body.into())
    }

    #[test]
    fn success_parses() {
        assert_eq!(raw(202, r#"{ "id" : 34 }"#).json::<ExecutionCreated>(), Ok(ExecutionCreated { id: 34 }));
    }

    #[test]
    fn wrong_shape_on_success_is_a_decode_error_with_raw_text() {
        let err = raw(202, "<html>ok</html>").json::<ExecutionCreated>().unwrap_err();
        assert!(matches!(err, ApiError::Decode { status: 202, .. }));
        assert_eq!(err.raw(), Some("<html>ok</html>"));
        assert_eq!(err.request_id(), Some("rid"));
        let err = raw(202, r#"{"id":"x"}"#).json::<ExecutionCreated>().unwrap_err();
        assert!(matches!(err, ApiError::Decode { .. }));
    }

    #[test]
    fn error_status_keeps_status_and_request_id() {
        let err = raw(404, r#"{"error_code":"SVCSTG.SWR.4040017","error_msg":"no policy"}"#)
            .json::<ExecutionCreated>()
            .unwrap_err();
        assert_eq!(err.status(), Some(404));
        assert_eq!(err.request_id(), Some("rid"));
        assert_eq!(err.service().and_then(|s| s.code.as_deref()), Some("SVCSTG.SWR.4040017"));
    }
}
