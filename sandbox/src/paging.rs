//! Query strings and the SWR EE paging rule (api-reference §2): `offset`
//! defaults to 0, `limit` to 10 (instances: 100), `limit` is 1–100 and
//! `offset` is 0 or a multiple of `limit`.

/// Decoded `key=value` pairs; a repeated key keeps its first value.
#[derive(Debug, Default)]
pub struct Query(Vec<(String, String)>);

impl Query {
    pub fn parse(raw: Option<&str>) -> Query {
        let pairs = raw
            .unwrap_or_default()
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                (decode(key), decode(value))
            })
            .collect();
        Query(pairs)
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// An optional integer parameter; the error names it.
    pub fn int(&self, key: &str) -> Result<Option<i64>, String> {
        match self.get(key) {
            None => Ok(None),
            Some(text) => {
                text.parse().map(Some).map_err(|_| format!("{key} must be an integer, got '{text}'."))
            }
        }
    }
}

/// `%XX` and `+` decoding. Malformed escapes stay as written: a value that
/// needed them cannot match anything anyway.
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = bytes
            .get(i + 1..i + 3)
            .filter(|_| bytes[i] == b'%')
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match (bytes[i], escaped) {
            (_, Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b'+', None) => {
                out.push(b' ');
                i += 1;
            }
            (byte, None) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub offset: usize,
    pub limit: usize,
}

impl Page {
    pub const MAX_LIMIT: usize = 100;

    /// Validates `offset`/`limit`; the message names the parameter at fault.
    pub fn from_query(query: &Query, default_limit: usize) -> Result<Page, String> {
        let offset = match query.get("offset") {
            None => 0,
            Some(text) => text
                .parse::<usize>()
                .map_err(|_| format!("offset must be a non-negative integer, got '{text}'."))?,
        };
        let limit = match query.get("limit") {
            None => default_limit,
            Some(text) => {
                text.parse::<usize>().ok().filter(|n| (1..=Self::MAX_LIMIT).contains(n)).ok_or_else(|| {
                    format!("limit must be an integer from 1 to {}, got '{text}'.", Self::MAX_LIMIT)
                })?
            }
        };
        if offset % limit != 0 {
            return Err(format!("offset must be 0 or a multiple of limit ({limit}), got {offset}."));
        }
        Ok(Page { offset, limit })
    }

    /// This page of `items`.
    pub fn take<T>(&self, items: impl IntoIterator<Item = T>) -> Vec<T> {
        items.into_iter().skip(self.offset).take(self.limit).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(raw: &str) -> Result<Page, String> {
        Page::from_query(&Query::parse(Some(raw)), 10)
    }

    #[test]
    fn paging_rule() {
        assert_eq!(page(""), Ok(Page { offset: 0, limit: 10 }));
        assert_eq!(page("offset=200&limit=100"), Ok(Page { offset: 200, limit: 100 }));
        assert_eq!(page("offset=20"), Ok(Page { offset: 20, limit: 10 }));
        for (bad, names) in [
            ("offset=30&limit=20", "offset"),
            ("offset=5", "offset"),
            ("offset=-10", "offset"),
            ("offset=x", "offset"),
            ("limit=0", "limit"),
            ("limit=101", "limit"),
            ("limit=ten", "limit"),
            ("limit=", "limit"),
        ] {
            let err = page(bad).unwrap_err();
            assert!(err.starts_with(names), "{bad}: {err}");
        }
    }

    #[test]
    fn decodes_values() {
        let query = Query::parse(Some("name=qa%20Nightly&x=a+b&bad=%zz&name=second&flag"));
        assert_eq!(query.get("name"), Some("qa Nightly"));
        assert_eq!(query.get("x"), Some("a b"));
        assert_eq!(query.get("bad"), Some("%zz"));
        assert_eq!(query.get("flag"), Some(""));
        assert_eq!(query.int("x").unwrap_err(), "x must be an integer, got 'a b'.");
        assert_eq!(Query::parse(Some("policy_id=12")).int("policy_id"), Ok(Some(12)));
    }
}
