//! Reading answers whose shape the docs do not pin. The SDK models most
//! response fields as optional pointers (`*string`, `omitempty`), and
//! Harbor-derived APIs send `"filters": null`, so an optional field may be
//! missing, `null`, empty or a zero time. None of these may make a whole
//! list unreadable: [`from_text`] drops `null` members before decoding, so
//! `#[serde(default)]` reads `null` like a missing field, and [`Items`]
//! decodes a list item by item, keeping any odd item raw.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

/// Parse JSON text as `T` through a [`Value`] whose `null` members are
/// dropped: an explicit `null` then reads exactly like a missing field
/// (`#[serde(default)]`). One pass over the tree, rather than a `null`-aware
/// decoder per field type, keeps the console's wasm small; and every model
/// is decoded by one deserializer type.
pub fn from_text<T: DeserializeOwned>(text: &str) -> Result<T, serde_json::Error> {
    T::deserialize(&value_of(text)?)
}

/// The non-generic part of [`from_text`]: the tree, without `null` members.
#[inline(never)]
pub fn value_of(text: &str) -> Result<Value, serde_json::Error> {
    let mut value: Value = serde_json::from_str(text)?;
    drop_nulls(&mut value);
    Ok(value)
}

/// Removes every object member whose value is `null`, at any depth. A
/// `null` item of an array stays: [`Items`] shows it as unreadable.
pub fn drop_nulls(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|_, v| !v.is_null());
            map.values_mut().for_each(drop_nulls);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_nulls),
        _ => {}
    }
}

/// An item of a list that did not have the documented shape, shown raw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    /// The item as it arrived (compact JSON).
    pub raw: String,
    /// Why it could not be read, e.g. "missing field `id`".
    pub reason: String,
}

/// A list decoded item by item: `items` holds what could be read, in order,
/// and `unreadable` the rest, so one odd item never hides the others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Items<T> {
    pub items: Vec<T>,
    pub unreadable: Vec<Unreadable>,
}

impl<T> Default for Items<T> {
    fn default() -> Self {
        Items { items: Vec::new(), unreadable: Vec::new() }
    }
}

impl<T> Items<T> {
    pub fn from_vec(items: Vec<T>) -> Self {
        Items { items, unreadable: Vec::new() }
    }
}

impl<T> std::ops::Deref for Items<T> {
    type Target = Vec<T>;
    fn deref(&self) -> &Vec<T> {
        &self.items
    }
}

impl<T> std::ops::DerefMut for Items<T> {
    fn deref_mut(&mut self) -> &mut Vec<T> {
        &mut self.items
    }
}

impl<T> IntoIterator for Items<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a Items<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl<T> FromIterator<T> for Items<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Items::from_vec(iter.into_iter().collect())
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Items<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let list = Option::<Value>::deserialize(deserializer)?;
        // Only decoding one item and keeping it is per item type; the rest
        // is one function for every list (a copy per type cost ~30 KB of wasm).
        let mut items = Vec::new();
        let unreadable = decode_each(list, &mut |value| T::deserialize(value).map(|item| items.push(item)));
        Ok(Items { items, unreadable })
    }
}

/// Calls `decode` on each item of `list` (`null`, missing or anything but an
/// array is an empty list) and returns the items it could not read.
#[inline(never)]
fn decode_each(
    list: Option<Value>,
    decode: &mut dyn FnMut(&Value) -> Result<(), serde_json::Error>,
) -> Vec<Unreadable> {
    let values = match list {
        Some(Value::Array(values)) => values,
        _ => Vec::new(),
    };
    let mut unreadable = Vec::new();
    for value in &values {
        if let Err(err) = decode(value) {
            unreadable.push(Unreadable { raw: value.to_string(), reason: err.to_string() });
        }
    }
    unreadable
}

impl<T: Serialize> Serialize for Items<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.items.serialize(serializer)
    }
}

impl fmt::Display for Unreadable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.raw, self.reason)
    }
}

/// A time the service sent, or `None` when it means "not yet": missing,
/// `null`, empty, or Go's zero time (`0001-01-01T00:00:00Z`, which Harbor
/// emits for a task that has not ended).
pub fn set_time(raw: &str) -> Option<&str> {
    let raw = raw.trim();
    (!raw.is_empty() && !raw.starts_with("0001-01-01")).then_some(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Item {
        id: i64,
        #[serde(default)]
        name: String,
    }

    #[test]
    fn null_and_missing_read_as_default() {
        let a: Item = from_text(r#"{"id":1,"name":null}"#).unwrap();
        let b: Item = from_text(r#"{"id":1}"#).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.name, "");
    }

    #[test]
    fn one_odd_item_does_not_hide_the_others() {
        let list: Items<Item> =
            from_text(r#"[{"id":1},{"id":null,"name":"x"},{"id":3,"name":"c"},null]"#).unwrap();
        assert_eq!(list.items.iter().map(|i| i.id).collect::<Vec<_>>(), vec![1, 3]);
        assert_eq!(list.unreadable.len(), 2);
        assert!(list.unreadable[0].raw.contains("\"name\":\"x\""));
        let none: Items<Item> = from_text("null").unwrap();
        assert!(none.is_empty());
    }

    #[test]
    fn unset_times() {
        for raw in ["", "  ", "0001-01-01T00:00:00Z", "0001-01-01T00:00:00.000Z"] {
            assert_eq!(set_time(raw), None, "{raw:?}");
        }
        assert_eq!(set_time("2021-02-06T08:34:46Z"), Some("2021-02-06T08:34:46Z"));
    }
}
