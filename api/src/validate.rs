//! Field validation done before anything is sent. Every message names the
//! field and the rule it breaks, in words a non-CLI user understands.

/// A field value that breaks a rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field} {rule}")]
pub struct FieldError {
    /// The field's label as the user sees it.
    pub field: &'static str,
    /// The rule, phrased to follow the label: "must be …".
    pub rule: String,
}

impl FieldError {
    fn new(field: &'static str, rule: impl Into<String>) -> FieldError {
        FieldError { field, rule: rule.into() }
    }
}

/// Longest token accepted (HSS documents X-Auth-Token as 1–32768 characters).
pub const TOKEN_MAX: usize = 32_768;

/// An ID that goes into a URL path segment: letters, digits, `-` and `_`.
fn path_id(field: &'static str, raw: &str, max: usize) -> Result<String, FieldError> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(FieldError::new(field, "is required."));
    }
    if value.chars().count() > max {
        return Err(FieldError::new(field, format!("must be at most {max} characters.")));
    }
    if let Some(bad) = value.chars().find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_')) {
        return Err(FieldError::new(
            field,
            format!("may contain only letters, digits, '-' and '_' (found {bad:?})."),
        ));
    }
    Ok(value.to_string())
}

/// Project ID: the project of the region, usually 32 hexadecimal characters.
pub fn project_id(raw: &str) -> Result<String, FieldError> {
    path_id("Project ID", raw, 64)
}

/// SWR Enterprise Edition instance ID.
pub fn instance_id(raw: &str) -> Result<String, FieldError> {
    path_id("Instance ID", raw, 64)
}

/// Replication policy ID: `policy_id` is an int32 in the API.
pub fn policy_id(raw: &str) -> Result<i32, FieldError> {
    const FIELD: &str = "Policy ID";
    let value = raw.trim();
    if value.is_empty() {
        return Err(FieldError::new(FIELD, "is required."));
    }
    if !value.chars().all(|c| c.is_ascii_digit()) {
        return Err(FieldError::new(FIELD, "must be a whole number such as 12, with no letters, signs or spaces."));
    }
    match value.parse::<i32>() {
        Ok(n) if n > 0 => Ok(n),
        Ok(_) => Err(FieldError::new(FIELD, "must be greater than 0.")),
        Err(_) => Err(FieldError::new(FIELD, format!("must be at most {}.", i32::MAX))),
    }
}

/// Token: goes into the `X-Auth-Token` header, so no whitespace or control characters.
pub fn token(raw: &str) -> Result<String, FieldError> {
    const FIELD: &str = "Token";
    let value = raw.trim();
    if value.is_empty() {
        return Err(FieldError::new(FIELD, "is required."));
    }
    if value.len() > TOKEN_MAX {
        return Err(FieldError::new(FIELD, format!("must be at most {TOKEN_MAX} characters.")));
    }
    if !value.chars().all(|c| c.is_ascii_graphic()) {
        return Err(FieldError::new(
            FIELD,
            "must be pasted as one piece: it contains spaces, line breaks or other characters a token cannot have.",
        ));
    }
    Ok(value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_id_accepts_positive_int32_only() {
        assert_eq!(policy_id(" 123 "), Ok(123));
        assert_eq!(policy_id("2147483647"), Ok(i32::MAX));
        for bad in ["", "0", "-1", "1.5", "12a", "2147483648", "１２"] {
            let err = policy_id(bad).unwrap_err();
            assert_eq!(err.field, "Policy ID", "{bad:?}");
        }
        assert!(policy_id("2147483648").unwrap_err().rule.contains("2147483647"));
    }

    #[test]
    fn ids_refuse_path_characters() {
        assert_eq!(instance_id("e8ba1df3-4d5b-4d1e-9c1f-0a1b2c3d4e5f").as_deref(), Ok("e8ba1df3-4d5b-4d1e-9c1f-0a1b2c3d4e5f"));
        for bad in ["a/b", "..", "a b", "a?x", "%2e", ""] {
            assert!(instance_id(bad).is_err(), "{bad:?}");
            assert!(project_id(bad).is_err(), "{bad:?}");
        }
        assert!(project_id(&"a".repeat(64)).is_ok());
        assert!(project_id(&"a".repeat(65)).is_err());
    }

    #[test]
    fn token_is_one_printable_piece() {
        assert_eq!(token("  MIIabc+/=  ").as_deref(), Ok("MIIabc+/="));
        assert!(token("MII abc").is_err());
        assert!(token("MII\nabc").is_err());
        assert!(token("").is_err());
        assert!(token(&"x".repeat(TOKEN_MAX)).is_ok());
        assert!(token(&"x".repeat(TOKEN_MAX + 1)).is_err());
    }

    #[test]
    fn messages_name_the_field() {
        let err = policy_id("abc").unwrap_err();
        assert!(err.to_string().starts_with("Policy ID must be a whole number"));
    }
}
