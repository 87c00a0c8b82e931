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

/// Field id and error of each invalid field of a form, in form order.
pub type Invalid = Vec<(&'static str, FieldError)>;

/// Collects `(field id, error)` pairs into the invalid ones.
pub fn invalid_of(results: impl IntoIterator<Item = (&'static str, Option<FieldError>)>) -> Invalid {
    results.into_iter().filter_map(|(id, e)| e.map(|e| (id, e))).collect()
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

/// SWR Enterprise Edition instance ID: a UUID, as the instance's overview
/// page shows it, so a truncated one (`5b8d2a47`) is refused before sending.
pub fn instance_id(raw: &str) -> Result<String, FieldError> {
    uuid("Instance ID", raw, "5b8d2a47-6f1e-4c3a-9d0b-7e2f1a3c4b5d")
}

/// A UUID (8-4-4-4-12 hexadecimal digits), lowercased.
fn uuid(field: &'static str, raw: &str, example: &str) -> Result<String, FieldError> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(FieldError::new(field, "is required."));
    }
    let groups: Vec<&str> = value.split('-').collect();
    let shape_ok = groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()));
    if !shape_ok {
        return Err(FieldError::new(
            field,
            format!("must be a UUID: 32 hexadecimal digits in groups of 8-4-4-4-12, e.g. {example}."),
        ));
    }
    Ok(value.to_ascii_lowercase())
}

/// Replication policy ID: `policy_id` is an int32 in the API.
pub fn policy_id(raw: &str) -> Result<i32, FieldError> {
    const FIELD: &str = "Policy ID";
    let value = raw.trim();
    if value.is_empty() {
        return Err(FieldError::new(FIELD, "is required."));
    }
    if !value.chars().all(|c| c.is_ascii_digit()) {
        return Err(FieldError::new(
            FIELD,
            "must be a whole number such as 12, with no letters, signs or spaces.",
        ));
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
        assert_eq!(
            instance_id("e8ba1df3-4d5b-4d1e-9c1f-0a1b2c3d4e5f").as_deref(),
            Ok("e8ba1df3-4d5b-4d1e-9c1f-0a1b2c3d4e5f")
        );
        for bad in ["a/b", "..", "a b", "a?x", "%2e", ""] {
            assert!(instance_id(bad).is_err(), "{bad:?}");
            assert!(project_id(bad).is_err(), "{bad:?}");
        }
        assert!(ims_job_id("nope").is_err());
        assert_eq!(
            ims_job_id(" EDC89B490D7D4392898E19B2DEB34797 ").as_deref(),
            Ok("edc89b490d7d4392898e19b2deb34797")
        );
        // A truncated ID cannot be valid: refused before anything is sent.
        assert!(instance_id("5b8d2a47").unwrap_err().rule.contains("must be a UUID"));
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

/// Separator runs allowed between two alphanumerics: one separator, or `__`.
fn check_separators(field: &'static str, value: &str, separators: &str) -> Result<(), FieldError> {
    let mut run = String::new();
    for c in value.chars() {
        if separators.contains(c) {
            run.push(c);
            continue;
        }
        check_run(field, &run)?;
        run.clear();
    }
    check_run(field, &run)
}

fn check_run(field: &'static str, run: &str) -> Result<(), FieldError> {
    match run {
        "" | "__" => Ok(()),
        r if r.chars().count() == 1 => Ok(()),
        r if r.chars().all(|c| c == '_') => {
            Err(FieldError::new(field, format!("may have at most two underscores in a row (found {r:?}).")))
        }
        r => Err(FieldError::new(
            field,
            format!("may not have separators next to each other (found {r:?}); only \"__\" may touch."),
        )),
    }
}

fn check_length(field: &'static str, value: &str, max: usize) -> Result<(), FieldError> {
    let n = value.chars().count();
    if n == 0 {
        return Err(FieldError::new(field, "is required."));
    }
    if n > max {
        return Err(FieldError::new(field, format!("must be at most {max} characters (it has {n}).")));
    }
    Ok(())
}

/// SWR organization (namespace), api-reference §3.1: 1–64 characters,
/// `[a-z0-9._-]`, starting with a letter and ending with a letter or digit.
pub fn namespace(field: &'static str, raw: &str) -> Result<String, FieldError> {
    let value = raw.trim();
    check_length(field, value, 64)?;
    if let Some(bad) =
        value.chars().find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(*c)))
    {
        return Err(FieldError::new(
            field,
            format!("may contain only lowercase letters, digits, '.', '_' and '-' (found {bad:?})."),
        ));
    }
    if !value.starts_with(|c: char| c.is_ascii_lowercase()) {
        return Err(FieldError::new(field, "must start with a lowercase letter."));
    }
    if !value.ends_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit()) {
        return Err(FieldError::new(field, "must end with a lowercase letter or a digit."));
    }
    check_separators(field, value, "._-")?;
    Ok(value.to_string())
}

/// SWR repository, api-reference §3.1: 1–128 characters, `[a-z0-9./_-]`,
/// starting and ending with a letter or digit.
pub fn repository(raw: &str) -> Result<String, FieldError> {
    const FIELD: &str = "Repository";
    let value = raw.trim();
    check_length(FIELD, value, 128)?;
    if let Some(bad) =
        value.chars().find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || "./_-".contains(*c)))
    {
        return Err(FieldError::new(
            FIELD,
            format!("may contain only lowercase letters, digits, '.', '/', '_' and '-' (found {bad:?})."),
        ));
    }
    let alnum = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
    if !value.starts_with(alnum) || !value.ends_with(alnum) {
        return Err(FieldError::new(FIELD, "must start and end with a lowercase letter or a digit."));
    }
    check_separators(FIELD, value, "./_-")?;
    Ok(value.to_string())
}

/// IMS job ID: 32 hexadecimal digits, as the copy API answers it (its
/// documented examples: `edc89b490d7d4392898e19b2deb34797`).
pub fn ims_job_id(raw: &str) -> Result<String, FieldError> {
    const FIELD: &str = "IMS job ID";
    let value = raw.trim();
    if value.is_empty() {
        return Err(FieldError::new(FIELD, "is required."));
    }
    if value.len() != 32 || !value.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(FieldError::new(
            FIELD,
            "must be 32 hexadecimal digits, as the copy answered it, e.g. edc89b490d7d4392898e19b2deb34797.",
        ));
    }
    Ok(value.to_ascii_lowercase())
}

/// IMS image ID: a UUID such as `30e55148-deb9-4923-adb9-91618de16ba0`.
pub fn image_id(raw: &str) -> Result<String, FieldError> {
    uuid("Image ID", raw, "30e55148-deb9-4923-adb9-91618de16ba0")
}

/// IMS image name (Image Attributes): 1–128 characters of letters, digits,
/// Chinese characters, `-`, `.`, `_` and space, not starting or ending with a space.
pub fn image_name(raw: &str) -> Result<String, FieldError> {
    const FIELD: &str = "Image name";
    check_length(FIELD, raw, 128)?;
    if raw.starts_with(' ') || raw.ends_with(' ') {
        return Err(FieldError::new(FIELD, "must not start or end with a space."));
    }
    let allowed =
        |c: char| c.is_ascii_alphanumeric() || "-._ ".contains(c) || ('\u{4e00}'..='\u{9fa5}').contains(&c);
    if let Some(bad) = raw.chars().find(|c| !allowed(*c)) {
        return Err(FieldError::new(
            FIELD,
            format!("may contain only letters, digits, Chinese characters, '-', '.', '_' and spaces (found {bad:?})."),
        ));
    }
    Ok(raw.to_string())
}

pub const DESCRIPTION_MAX: usize = 1024;

/// IMS image description: at most 1024 characters, no `<`, `>` or line
/// break. The docs forbid "回车" (Enter) and angle brackets; a text area's
/// Enter is `\n`, so both `\r` and `\n` are refused (docs/api-fidelity.md).
pub fn image_description(raw: &str) -> Result<String, FieldError> {
    const FIELD: &str = "Description";
    let n = raw.chars().count();
    if n > DESCRIPTION_MAX {
        return Err(FieldError::new(
            FIELD,
            format!("must be at most {DESCRIPTION_MAX} characters (it has {n})."),
        ));
    }
    if raw.contains(['\r', '\n']) {
        return Err(FieldError::new(FIELD, "must stay on one line: IMS does not accept line breaks."));
    }
    if let Some(bad) = raw.chars().find(|c| matches!(c, '<' | '>')) {
        return Err(FieldError::new(FIELD, format!("must not contain '<' or '>' (found {bad:?}).")));
    }
    Ok(raw.to_string())
}

/// An optional ID such as an enterprise project or KMS key: empty means "not sent".
pub fn optional_id(field: &'static str, raw: &str) -> Result<Option<String>, FieldError> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(None);
    }
    path_id(field, value, 256).map(Some)
}

#[cfg(test)]
mod rule_tests {
    use super::*;

    #[test]
    fn namespace_boundaries() {
        let ok64 = format!("a{}", "b".repeat(63));
        assert!(namespace("Namespace", &ok64).is_ok());
        assert!(namespace("Namespace", &format!("{ok64}c")).unwrap_err().rule.contains("at most 64"));
        for good in ["a", "ferry-demo", "a.b-c_d", "a__b", "team9", "a1"] {
            assert!(namespace("Namespace", good).is_ok(), "{good}");
        }
        for bad in
            ["", "1abc", "-abc", "abc-", "abc_", "Abc", "a___b", "a._b", "a-.b", "a--b", "a..b", "a/b", "a b"]
        {
            assert!(namespace("Namespace", bad).is_err(), "{bad}");
        }
        assert!(namespace("Namespace", "a___b").unwrap_err().rule.contains("two underscores"));
        assert_eq!(namespace("Target namespace", "A").unwrap_err().field, "Target namespace");
    }

    #[test]
    fn repository_boundaries() {
        let ok128 = "r".repeat(128);
        assert!(repository(&ok128).is_ok());
        assert!(repository(&format!("{ok128}r")).unwrap_err().rule.contains("at most 128"));
        for good in ["nginx", "team/app", "a/b/c", "1app", "app__v2", "a.b-c_d/e"] {
            assert!(repository(good).is_ok(), "{good}");
        }
        for bad in ["", "/app", "app/", "a//b", "a/-b", "a___b", "App", "a$b", "a b", "_a"] {
            assert!(repository(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn image_rules() {
        assert!(image_id("30e55148-deb9-4923-adb9-91618de16ba0").is_ok());
        for bad in ["", "30e55148deb94923adb991618de16ba0", "30e55148-deb9-4923-adb9-91618de16bag", "x"] {
            assert!(image_id(bad).is_err(), "{bad}");
        }
        assert!(image_name(&"n".repeat(128)).is_ok());
        assert!(image_name(&"n".repeat(129)).unwrap_err().rule.contains("at most 128"));
        assert!(image_name("ubuntu 22.04_copy-1").is_ok());
        assert!(image_name("镜像副本").is_ok());
        assert!(image_name(" lead").is_err());
        assert!(image_name("trail ").is_err());
        assert!(image_name("bad/name").is_err());
        assert!(image_name("").is_err());
        assert!(image_description(&"d".repeat(1024)).is_ok());
        assert!(image_description(&"d".repeat(1025)).is_err());
        assert!(image_description("a <b>").is_err());
        assert!(image_description("line\r\nbreak").is_err());
        // A text area's Enter is a bare line feed: IMS refuses it too.
        assert!(image_description("line\nbreak").is_err());
        assert!(image_description("").is_ok());
    }
}
