//! What a state-changing operation will do, in words, for the confirmation a
//! user answers before anything is sent. Built here, apart from the views, so
//! every sentence is tested natively.

use crate::hss::SyncInput;
use crate::ims::CopyInput;
use crate::swr_classic::SyncRepoInput;
use crate::swr_ee_models::{PolicyFilter, Registry, ReplicationPolicy};
use crate::{ExecutionRef, PolicyId};

/// The confirmation's content: a question, the facts behind it, an optional
/// warning about what cannot be undone, and the confirm button's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirmation {
    pub title: String,
    pub facts: Vec<(&'static str, String)>,
    pub warning: Option<String>,
    pub confirm: &'static str,
}

/// A trigger type in words (the API's `manual`, `scheduled`, `event_based`);
/// an unknown one is shown as it arrived.
pub fn trigger_words(kind: &str) -> String {
    match kind {
        "manual" => "Manual".into(),
        "scheduled" => "On a schedule".into(),
        "event_based" => "When an image is pushed".into(),
        "" => "Not stated".into(),
        other => other.into(),
    }
}

/// The filters of a policy in words: which repositories and tags it copies.
pub fn filter_words(filters: &[PolicyFilter]) -> String {
    let part = |kind: &str, what: &str| {
        filters
            .iter()
            .find(|f| f.kind == kind && !f.value.trim().is_empty())
            .map(|f| format!("{what} {}", f.value))
    };
    match (part("name", "repositories matching"), part("tag", "tags matching")) {
        (None, None) => "Every repository and tag".into(),
        (Some(name), None) => format!("{name}, every tag"),
        (None, Some(tag)) => format!("Every repository, {tag}"),
        (Some(name), Some(tag)) => format!("{name}, {tag}"),
    }
}

/// A registry of a policy by its ID: name and URL when listed. Harbor numbers
/// the instance's own registry 0.
pub fn registry_words(id: i64, registries: &[Registry]) -> String {
    match registries.iter().find(|r| r.id == id) {
        Some(r) if !r.url.is_empty() => format!("{} ({})", r.name, r.url),
        Some(r) => r.name.clone(),
        None if id == 0 => "This instance".into(),
        None => format!("Registry {id}"),
    }
}

/// Execute a replication policy. With the policy read, its source,
/// destination, filters and overwrite setting are spelled out; without it
/// (the read failed), only what the form holds.
pub fn execute(
    instance_id: &str,
    policy_id: PolicyId,
    policy: Option<(&ReplicationPolicy, &[Registry])>,
) -> Confirmation {
    let mut facts = vec![("Instance", instance_id.to_string())];
    let (title, warning) = match policy {
        Some((p, registries)) => {
            facts.push(("Policy", format!("{} (ID {policy_id})", p.name)));
            facts.push(("From", registry_words(p.src_registry.id, registries)));
            let mut to = registry_words(p.dest_registry.id, registries);
            if !p.dest_namespace.is_empty() {
                to.push_str(&format!(", into organization {}", p.dest_namespace));
            }
            facts.push(("To", to));
            facts.push(("Copies", filter_words(&p.filters)));
            facts.push(("Trigger", trigger_words(&p.trigger.kind)));
            let overwrite = if p.r#override {
                "Yes: images with the same name and tag in the destination are replaced"
            } else {
                "No: images already in the destination are kept"
            };
            facts.push(("Overwrites", overwrite.into()));
            let warning =
                p.r#override.then(|| "Replaced images in the destination cannot be recovered.".to_string());
            (format!("Run replication policy \"{}\" now?", p.name), warning)
        }
        None => {
            facts.push(("Policy", format!("ID {policy_id}")));
            (
                format!("Run replication policy {policy_id} now?"),
                Some(
                    "Ferry could not read this policy, so it cannot say which images it copies or whether it overwrites."
                        .to_string(),
                ),
            )
        }
    };
    Confirmation { title, facts, warning, confirm: "Run the replication" }
}

/// Create an automatic sync task (SWR classic).
pub fn sync_repo(region: &str, input: &SyncRepoInput) -> Confirmation {
    let (namespace, repository) = (input.namespace.trim(), input.repository.trim());
    let (target_region, target_namespace) = (input.target_region.trim(), input.target_namespace.trim());
    let facts = vec![
        ("Repository", format!("{namespace}/{repository} in {region}")),
        ("Copied to", format!("organization {target_namespace} in {target_region}")),
        (
            "When",
            if input.sync_auto {
                "Each new image, as soon as it is pushed".to_string()
            } else {
                "Only when a sync is started".to_string()
            },
        ),
        (
            "Overwrites",
            if input.override_existing {
                "Yes: images with the same name and tag in the target are replaced".to_string()
            } else {
                "No: images already in the target are kept".to_string()
            },
        ),
    ];
    let warning = input.override_existing.then(|| {
        format!(
            "Images in {target_region} / {target_namespace} with the same name and tag will be overwritten, and the old ones cannot be recovered."
        )
    });
    Confirmation {
        title: format!("Copy new images of {namespace}/{repository} to {target_region}?"),
        facts,
        warning,
        confirm: "Create the sync task",
    }
}

/// Copy a private image within its region (IMS). `image_name` is the source
/// image's name when Ferry knows it.
pub fn copy_image(region: &str, input: &CopyInput, image_name: Option<&str>) -> Confirmation {
    let image_id = input.image_id.trim();
    let source = match image_name {
        Some(name) => format!("{name} ({image_id})"),
        None => image_id.to_string(),
    };
    let mut facts =
        vec![("Image", source), ("New image", input.name.trim().to_string()), ("Region", region.to_string())];
    let description = input.description.trim();
    if !description.is_empty() {
        facts.push(("Description", description.to_string()));
    }
    if !input.cmk_id.trim().is_empty() {
        facts.push(("Encrypted with KMS key", input.cmk_id.trim().to_string()));
    }
    if !input.enterprise_project_id.trim().is_empty() {
        facts.push(("Enterprise project", input.enterprise_project_id.trim().to_string()));
    }
    Confirmation {
        title: format!("Copy this image as \"{}\"?", input.name.trim()),
        facts,
        warning: None,
        confirm: "Copy the image",
    }
}

/// Ask HSS to sync its image list from the registries.
pub fn hss_sync(input: &SyncInput) -> Confirmation {
    let assets = input.region_header.trim().to_string();
    let enterprise = match input.enterprise_mode.as_str() {
        "all" => "Every enterprise project you may see".to_string(),
        "id" => format!("Enterprise project {}", input.enterprise_id.trim()),
        _ => "The default enterprise project".to_string(),
    };
    let what = if input.as_task {
        if input.sync_all {
            "Images of every SWR registry HSS knows".to_string()
        } else {
            format!("Images of registry {}", input.registry_id.trim())
        }
    } else if input.image_type == "shared_image" {
        "Images shared with you in SWR".to_string()
    } else {
        "Your private SWR images".to_string()
    };
    Confirmation {
        title: "Sync HSS's image list now?".into(),
        facts: vec![("Syncs", what), ("Assets in region", assets), ("Enterprise projects", enterprise)],
        warning: None,
        confirm: "Sync now",
    }
}

/// Stop a running replication.
pub fn stop(execution: &ExecutionRef) -> Confirmation {
    Confirmation {
        title: format!("Stop execution {}?", execution.execution_id),
        facts: vec![("Instance", execution.instance_id.clone())],
        warning: Some("Images not copied yet stay uncopied; images already copied are kept.".into()),
        confirm: "Stop the execution",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::swr_ee_models::{RegistryRef, Trigger};
    use crate::{ExecutionId, Scope};

    fn registry(id: i64, name: &str, url: &str) -> Registry {
        Registry { id, name: name.into(), url: url.into(), ..Registry::default() }
    }

    fn policy(overwrite: bool) -> ReplicationPolicy {
        ReplicationPolicy {
            id: 16,
            name: "nightly-to-eu".into(),
            src_registry: RegistryRef { id: 0 },
            dest_registry: RegistryRef { id: 3 },
            dest_namespace: "mirror".into(),
            filters: [PolicyFilter { kind: "name".into(), value: "team/**".into() }].into_iter().collect(),
            trigger: Trigger { kind: "event_based".into(), ..Trigger::default() },
            r#override: overwrite,
            ..ReplicationPolicy::default()
        }
    }

    fn fact<'a>(c: &'a Confirmation, term: &str) -> &'a str {
        c.facts.iter().find(|(t, _)| *t == term).map(|(_, v)| v.as_str()).unwrap_or("(missing)")
    }

    #[test]
    fn execute_names_the_policy_its_registries_and_overwrite() {
        let registries = [registry(3, "prod-eu", "https://swr.eu-west-101.myhuaweicloud.eu")];
        let c = execute("inst", PolicyId(16), Some((&policy(true), &registries)));
        assert_eq!(c.title, "Run replication policy \"nightly-to-eu\" now?");
        assert_eq!(fact(&c, "Policy"), "nightly-to-eu (ID 16)");
        assert_eq!(fact(&c, "From"), "This instance");
        assert_eq!(
            fact(&c, "To"),
            "prod-eu (https://swr.eu-west-101.myhuaweicloud.eu), into organization mirror"
        );
        assert_eq!(fact(&c, "Copies"), "repositories matching team/**, every tag");
        assert_eq!(fact(&c, "Trigger"), "When an image is pushed");
        assert!(fact(&c, "Overwrites").starts_with("Yes"));
        assert!(c.warning.is_some());
        let kept = execute("inst", PolicyId(16), Some((&policy(false), &registries)));
        assert!(fact(&kept, "Overwrites").starts_with("No"));
        assert_eq!(kept.warning, None);
    }

    #[test]
    fn execute_without_the_policy_says_what_it_cannot_tell() {
        let c = execute("inst", PolicyId(7), None);
        assert_eq!(c.title, "Run replication policy 7 now?");
        assert!(c.warning.as_deref().is_some_and(|w| w.contains("could not read")));
    }

    #[test]
    fn words_for_unknown_values_are_the_values() {
        assert_eq!(trigger_words("cron_v2"), "cron_v2");
        assert_eq!(registry_words(9, &[]), "Registry 9");
        assert_eq!(filter_words(&[]), "Every repository and tag");
        let both = [
            PolicyFilter { kind: "tag".into(), value: "v*".into() },
            PolicyFilter { kind: "name".into(), value: "a/**".into() },
        ];
        assert_eq!(filter_words(&both), "repositories matching a/**, tags matching v*");
    }

    #[test]
    fn sync_repo_says_where_and_whether_it_overwrites() {
        let input = SyncRepoInput {
            namespace: "team".into(),
            repository: "web/app".into(),
            target_region: "ap-southeast-3".into(),
            target_namespace: "mirror".into(),
            sync_auto: true,
            override_existing: true,
        };
        let c = sync_repo("cn-north-4", &input);
        assert_eq!(c.title, "Copy new images of team/web/app to ap-southeast-3?");
        assert_eq!(fact(&c, "Copied to"), "organization mirror in ap-southeast-3");
        assert!(c.warning.as_deref().is_some_and(|w| w.contains("ap-southeast-3 / mirror")));
    }

    #[test]
    fn copy_names_the_image_and_the_new_name() {
        let input = CopyInput { image_id: "abc".into(), name: "web-copy".into(), ..CopyInput::default() };
        let c = copy_image("cn-north-4", &input, Some("web"));
        assert_eq!(fact(&c, "Image"), "web (abc)");
        assert_eq!(fact(&c, "New image"), "web-copy");
        assert_eq!(copy_image("r", &input, None).facts[0].1, "abc");
    }

    #[test]
    fn hss_and_stop_say_what_they_do() {
        let input = SyncInput {
            as_task: true,
            sync_all: true,
            region_header: "cn-north-4".into(),
            ..SyncInput::default()
        };
        assert_eq!(fact(&hss_sync(&input), "Syncs"), "Images of every SWR registry HSS knows");
        let execution = ExecutionRef {
            scope: Scope::new("r", "p"),
            instance_id: "i".into(),
            policy_id: None,
            execution_id: ExecutionId(902),
        };
        assert_eq!(stop(&execution).title, "Stop execution 902?");
    }
}
