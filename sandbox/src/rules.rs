//! Input rules as the documentation words them, written here from the doc
//! text (not from any client's validators).

/// SWR classic organization name (seed 002 `namespace`; api-reference §3.1):
/// 1–64 characters; starts with a lowercase letter; then lowercase letters,
/// digits, `.`, `_`, `-`; ends with a lowercase letter or digit; at most two
/// consecutive underscores; `.`, `_`, `-` never directly touch each other.
pub fn namespace_ok(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && separated_ok(name, b"._-")
}

/// SWR classic repository name (seed 002 `repository`; §3.1): 1–128
/// characters; starts and ends with a lowercase letter or digit; lowercase
/// letters, digits, `.`, `/`, `_`, `-`; at most two consecutive underscores;
/// separators never directly touch each other.
pub fn repository_ok(name: &str) -> bool {
    (1..=128).contains(&name.len())
        && name.bytes().next().is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && separated_ok(name, b"./_-")
}

/// Lowercase letters and digits, joined by single separators from
/// `separators` (or `__`), ending in a letter or digit.
fn separated_ok(name: &str, separators: &[u8]) -> bool {
    let bytes = name.as_bytes();
    let word = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    if !bytes.iter().all(|&b| word(b) || separators.contains(&b)) {
        return false;
    }
    if !bytes.last().is_some_and(|&b| word(b)) {
        return false;
    }
    // Runs of separators: one separator, or exactly two underscores.
    let mut i = 0;
    while i < bytes.len() {
        if word(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && !word(bytes[i]) {
            i += 1;
        }
        let run = &bytes[start..i];
        if !(run.len() == 1 || run == b"__") {
            return false;
        }
    }
    true
}

/// Why an IMS image name is refused (Image Attributes, ims_03_0901;
/// api-reference §5.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameProblem {
    TooLong,
    Format,
}

/// 1–128 characters of letters, digits, `-`, `.`, `_`, space and Chinese
/// characters (U+4E00–U+9FA5), not starting or ending with a space.
pub fn image_name(name: &str) -> Result<(), NameProblem> {
    if name.chars().count() > 128 {
        return Err(NameProblem::TooLong);
    }
    let allowed = |c: char| {
        c.is_ascii_alphanumeric()
            || matches!(c, '-' | '.' | '_' | ' ')
            || ('\u{4e00}'..='\u{9fa5}').contains(&c)
    };
    if name.is_empty() || name.starts_with(' ') || name.ends_with(' ') || !name.chars().all(allowed) {
        return Err(NameProblem::Format);
    }
    Ok(())
}

/// At most 1024 characters; no `<`, `>` and no line breaks (the doc says
/// "carriage returns are not allowed"; both CR and LF end a line there).
pub fn image_description(text: &str) -> Result<(), NameProblem> {
    if text.chars().count() > 1024 {
        return Err(NameProblem::TooLong);
    }
    if text.chars().any(|c| matches!(c, '<' | '>' | '\r' | '\n')) {
        return Err(NameProblem::Format);
    }
    Ok(())
}

/// HSS `enterprise_project_id` (api-reference §4.1): 1–256 characters;
/// `0`, `all_granted_eps`, or an ID. IDs are UUID-like, so letters, digits
/// and `-` only.
pub fn enterprise_project_ok(value: &str) -> bool {
    value == "all_granted_eps"
        || ((1..=256).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
}

/// HSS image-sync `registry_type` values (§4.2; Go SDK
/// `services/hss/v5/model/model_registry_info.go`).
pub const REGISTRY_TYPES: [&str; 6] =
    ["SwrPrivate", "SwrShared", "SwrEnterprise", "Harbor", "Jfrog", "Other"];

/// HSS `image_type` (§4.1: "only the listed values").
pub const IMAGE_TYPES: [&str; 2] = ["private_image", "shared_image"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namespaces() {
        for good in ["a", "ferry-demo", "qa.lab", "a__b", "a_b-c.d", "x9", &"a".repeat(64)] {
            assert!(namespace_ok(good), "{good}");
        }
        for bad in
            ["", "9a", "A", "a-", "a--b", "a___b", "a.-b", "a_-b", "a/b", "Mirror", " a", &"a".repeat(65)]
        {
            assert!(!namespace_ok(bad), "{bad}");
        }
    }

    #[test]
    fn repositories() {
        for good in ["nginx", "team/app", "base/ubuntu", "9app", "a__b/c", &"a".repeat(128)] {
            assert!(repository_ok(good), "{good}");
        }
        for bad in ["", "/a", "a/", "a//b", "a/-b", "Nginx", "a$b", &"a".repeat(129)] {
            assert!(!repository_ok(bad), "{bad}");
        }
    }

    #[test]
    fn image_names_and_descriptions() {
        assert_eq!(image_name("镜像 copy_1.0-a"), Ok(()));
        assert_eq!(image_name(&"n".repeat(128)), Ok(()));
        assert_eq!(image_name(&"n".repeat(129)), Err(NameProblem::TooLong));
        for bad in ["", " lead", "trail ", "a/b", "a@b", "tab\there"] {
            assert_eq!(image_name(bad), Err(NameProblem::Format), "{bad}");
        }
        assert_eq!(image_description(&"d".repeat(1024)), Ok(()));
        assert_eq!(image_description(&"d".repeat(1025)), Err(NameProblem::TooLong));
        for bad in ["<b>", "a>b", "a\rb", "a\nb", "a\r\nb"] {
            assert_eq!(image_description(bad), Err(NameProblem::Format), "{bad:?}");
        }
    }

    #[test]
    fn enterprise_project_values() {
        for good in ["0", "all_granted_eps", "5f3c-ab12", &"a".repeat(256)] {
            assert!(enterprise_project_ok(good), "{good}");
        }
        for bad in ["", "a_b", "%30", "a b", &"a".repeat(257)] {
            assert!(!enterprise_project_ok(bad), "{bad}");
        }
    }
}
