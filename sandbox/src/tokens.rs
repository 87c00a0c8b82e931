//! Which tokens the sandbox accepts, which project each is scoped to, and
//! when each was first seen, so that a token TTL fault can expire it and the
//! user can "enter a new token".

use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::hash::BuildHasher;
use std::time::{Duration, Instant};

use super::iam::Project;
use super::world;

const SUFFIX_MAX: usize = 64;
/// Tokens remembered at most; beyond this the memory is cleared (everyone
/// starts a new TTL) rather than grow without bound.
const REMEMBERED_MAX: usize = 10_000;

/// `world::TOKEN`, or `ferry-sandbox-token-<suffix>` with a suffix of 1–64
/// of `[A-Za-z0-9-]`.
pub fn accepted(token: &str) -> bool {
    if token == world::TOKEN {
        return true;
    }
    token.strip_prefix(world::TOKEN).and_then(|rest| rest.strip_prefix('-')).is_some_and(|suffix| {
        (1..=SUFFIX_MAX).contains(&suffix.len())
            && suffix.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    })
}

/// Tokens issued by sign-in and the project each was scoped to (a real
/// token is bound to its scope, api-reference §1.1).
#[derive(Debug, Default)]
pub struct Issued {
    scoped: HashMap<String, &'static Project>,
}

impl Issued {
    pub fn insert(&mut self, token: String, project: &'static Project) {
        if self.scoped.len() >= REMEMBERED_MAX {
            self.scoped.clear();
        }
        self.scoped.insert(token, project);
    }

    pub fn project_of(&self, token: &str) -> Option<&'static Project> {
        self.scoped.get(token).copied()
    }
}

/// First-seen times, keyed by a keyed hash so token values are not kept.
#[derive(Debug, Default)]
pub struct FirstSeen {
    hasher: RandomState,
    seen: HashMap<u64, Instant>,
}

impl FirstSeen {
    /// Notes the token and tells whether it outlived `ttl`. Every accepted
    /// token is noted, so a TTL set later counts from first use.
    pub fn expired(&mut self, token: &str, ttl: Option<Duration>) -> bool {
        let key = self.hasher.hash_one(token);
        if self.seen.len() >= REMEMBERED_MAX && !self.seen.contains_key(&key) {
            self.seen.clear();
        }
        let first = *self.seen.entry(key).or_insert_with(Instant::now);
        ttl.is_some_and(|ttl| first.elapsed() >= ttl)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_shapes() {
        let longest = format!("ferry-sandbox-token-{}", "a".repeat(64));
        for good in [world::TOKEN, "ferry-sandbox-token-2", "ferry-sandbox-token-Alice-2026", &longest] {
            assert!(accepted(good), "{good}");
        }
        let too_long = format!("ferry-sandbox-token-{}", "a".repeat(65));
        for bad in [
            "",
            "ferry-sandbox-token-",
            "ferry-sandbox-token2",
            "ferry-sandbox-token-a_b",
            "ferry-sandbox-token-ä",
            &too_long,
            "x-ferry-sandbox-token",
        ] {
            assert!(!accepted(bad), "{bad}");
        }
    }

    #[test]
    fn each_token_has_its_own_clock() {
        let mut seen = FirstSeen::default();
        assert!(!seen.expired("a", None));
        assert!(seen.expired("a", Some(Duration::ZERO)));
        assert!(!seen.expired("a", Some(Duration::from_secs(60))));
        assert!(!seen.expired("b", Some(Duration::from_secs(60))));
    }
}
