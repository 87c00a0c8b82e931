//! `src_resource` / `dst_resource` of a replication task: JSON inside a
//! string (seed 003), whose shape is unconfirmed. Anything unexpected is
//! kept as raw text and never breaks the page.

use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
pub struct Artifact {
    pub digest: String,
    pub tags: Vec<String>,
}

impl Artifact {
    /// `sha256:dec84a4fa216` — algorithm and 12 hex digits.
    pub fn short_digest(&self) -> String {
        match self.digest.split_once(':') {
            Some((algo, hex)) => format!("{algo}:{}", hex.get(..12).unwrap_or(hex)),
            None => self.digest.get(..19).unwrap_or(&self.digest).to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Resource {
    Parsed {
        repository: String,
        artifacts: Vec<Artifact>,
        value: Value,
    },
    /// Not JSON, or not the expected shape: shown as it is.
    Raw(String),
}

impl Resource {
    pub fn parse(raw: &str) -> Resource {
        let Ok(value) = serde_json::from_str::<Value>(raw) else {
            return Resource::Raw(raw.to_string());
        };
        let metadata = value.get("metadata");
        let repository =
            metadata.and_then(|m| m.get("repository")).and_then(|r| r.get("name")).and_then(Value::as_str);
        let Some(repository) = repository else {
            return Resource::Raw(raw.to_string());
        };
        let artifacts = metadata
            .and_then(|m| m.get("artifacts"))
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .map(|a| Artifact {
                        digest: a.get("digest").and_then(Value::as_str).unwrap_or_default().to_string(),
                        tags: a
                            .get("tags")
                            .and_then(Value::as_array)
                            .map(|t| t.iter().filter_map(Value::as_str).map(str::to_string).collect())
                            .unwrap_or_default(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        Resource::Parsed { repository: repository.to_string(), artifacts, value }
    }

    pub fn repository(&self) -> Option<&str> {
        match self {
            Resource::Parsed { repository, .. } => Some(repository),
            Resource::Raw(_) => None,
        }
    }

    pub fn artifacts(&self) -> &[Artifact] {
        match self {
            Resource::Parsed { artifacts, .. } => artifacts,
            Resource::Raw(_) => &[],
        }
    }

    /// Every tag of every artifact.
    pub fn tags(&self) -> Vec<String> {
        self.artifacts().iter().flat_map(|a| a.tags.iter().cloned()).collect()
    }

    /// Indented JSON, or the raw text.
    pub fn pretty(&self) -> String {
        match self {
            Resource::Parsed { value, .. } => serde_json::to_string_pretty(value).unwrap_or_default(),
            Resource::Raw(raw) => raw.clone(),
        }
    }

    /// Dotted paths whose values differ between two resources, e.g.
    /// `override`. A repository renamed only in its namespace is what a
    /// policy's destination namespace asks for (`root/nats` → `mirror/nats`),
    /// not a difference worth flagging.
    pub fn differences(&self, other: &Resource) -> Vec<String> {
        let (Resource::Parsed { value: a, .. }, Resource::Parsed { value: b, .. }) = (self, other) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        diff(a, b, String::new(), &mut out);
        let name =
            |v: &Value| v.pointer("/metadata/repository/name").and_then(Value::as_str).map(str::to_string);
        let only_namespace = match (name(a), name(b)) {
            (Some(x), Some(y)) => x.split_once('/').map(|p| p.1) == y.split_once('/').map(|p| p.1),
            _ => false,
        };
        out.retain(|path| !(only_namespace && path == "metadata.repository.name"));
        out
    }
}

fn diff(a: &Value, b: &Value, path: String, out: &mut Vec<String>) {
    let join = |key: &str| if path.is_empty() { key.to_string() } else { format!("{path}.{key}") };
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                diff(x.get(key).unwrap_or(&Value::Null), y.get(key).unwrap_or(&Value::Null), join(key), out);
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                diff(p, q, join(&i.to_string()), out);
            }
        }
        _ if a != b => out.push(if path.is_empty() { "(whole value)".into() } else { path }),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The task of seed 003's example response, as the API sends it.
    const SEED_SRC: &str = r#"{"type":"artifact","metadata":{"repository":{"name":"root/nats","metadata":{"auto_scan":"true","enable_content_trust":"false","prevent_vul":"false","public":"false","retention_id":"2","reuse_sys_cve_allowlist":"true","severity":"low"}},"artifacts":[{"type":"IMAGE","digest":"sha256:dec84a4fa216e59cba43e00ca3fbd5fa1fe5343f72daab7c09abf7f89e2f585b","labels":null,"tags":["1.2.0-linux","1.2.0"]},{"type":"IMAGE","digest":"sha256:28eb780ab00a512b20c96eff87da342cd8f6319080846352372f461211092c8a","labels":null,"tags":["1.3.0-linux","1.3.0"]},{"type":"IMAGE","digest":"sha256:702f5a160303e600ae1acd0db371740b2dc2804cdc23752dd1891760dd94eebe","labels":null,"tags":["1.4.0-linux","1.4.0"]},{"type":"IMAGE","digest":"sha256:3071c930f2851b07e76e55f49218a50a4f22a1d81e0ae1036882be2c29048ca3","labels":null,"tags":["1.4.1-linux","linux","1.4.1","latest"]}],"v_tags":null},"registry":null,"extended_info":null,"deleted":false,"is_delete_tag":false,"override":false}"#;

    #[test]
    fn parses_the_seed_example() {
        let src = Resource::parse(SEED_SRC);
        assert_eq!(src.repository(), Some("root/nats"));
        assert_eq!(src.artifacts().len(), 4);
        assert_eq!(src.artifacts()[0].short_digest(), "sha256:dec84a4fa216");
        assert_eq!(src.tags().len(), 10);
        assert!(src.tags().contains(&"latest".to_string()));
    }

    #[test]
    fn marks_the_differences_between_source_and_destination() {
        let dst = SEED_SRC
            .replace("root/nats", "harbor0/nats")
            .replace(r#""override":false"#, r#""override":true"#);
        let differences = Resource::parse(SEED_SRC).differences(&Resource::parse(&dst));
        // The namespace mapping is the policy's intent: only `override` differs.
        assert_eq!(differences, vec!["override".to_string()]);
        let renamed = SEED_SRC.replace("root/nats", "root/nats-v2");
        let differences = Resource::parse(SEED_SRC).differences(&Resource::parse(&renamed));
        assert_eq!(differences, vec!["metadata.repository.name".to_string()]);
    }

    #[test]
    fn anything_else_is_raw_text() {
        for raw in
            ["artifact:ferry/broken@sha256:zz (truncated", "", "[]", r#"{"type":"artifact"}"#, "null", "42"]
        {
            let parsed = Resource::parse(raw);
            assert_eq!(parsed, Resource::Raw(raw.to_string()), "{raw:?}");
            assert_eq!(parsed.pretty(), raw);
            assert!(parsed.tags().is_empty());
        }
    }
}
