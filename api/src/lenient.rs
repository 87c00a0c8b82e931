//! Reading answers whose shape the docs do not pin. The SDK models most
//! response fields as optional pointers (`*string`, `omitempty`), and
//! Harbor-derived APIs send `"filters": null`, so an optional field may be
//! missing, `null`, empty or a zero time. None of these may make a whole
//! list unreadable: [`from_text`] drops `null` members before decoding, so
//! `#[serde(default)]` reads `null` like a missing field, and [`Items`]
//! decodes a list item by item, keeping any odd item raw.

use std::fmt;

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, EnumAccess, MapAccess, SeqAccess, Unexpected, VariantAccess,
    Visitor,
};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

/// Parse JSON text as `T` through a [`Value`] whose `null` members are
/// dropped: an explicit `null` then reads exactly like a missing field
/// (`#[serde(default)]`). One pass over the tree, rather than a `null`-aware
/// decoder per field type, keeps the console's wasm small; and every model
/// is decoded by one deserializer type.
pub fn from_text<T: DeserializeOwned>(text: &str) -> Result<T, serde_json::Error> {
    decode(&value_of(text)?)
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

/// Decode `T` from a tree, as `T::deserialize(value)` does, except that a
/// struct is read from a JSON object only, never from an array. serde_json's
/// own `&Value` deserializer accepts both, so every model's decoder came
/// twice (by name and by position); answers only ever send objects, and this
/// one path keeps the console's wasm smaller (docs/benchmarks.md).
pub fn decode<T: DeserializeOwned>(value: &Value) -> Result<T, serde_json::Error> {
    T::deserialize(ObjectsOnly(value))
}

/// The deserializer of [`decode`]: `&Value`'s, but structs from objects only.
#[derive(Clone, Copy)]
struct ObjectsOnly<'de>(&'de Value);

type JsonError = serde_json::Error;

/// What the value is, for "invalid type" errors (as serde_json says it).
fn unexpected(value: &Value) -> Unexpected<'_> {
    match value {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => Unexpected::Unsigned(u),
            (_, Some(i), _) => Unexpected::Signed(i),
            (_, _, f) => Unexpected::Float(f.unwrap_or(f64::NAN)),
        },
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

macro_rules! forward_to_value {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
            self.0.$method(visitor)
        }
    )*};
}

impl<'de> Deserializer<'de> for ObjectsOnly<'de> {
    type Error = JsonError;

    /// Only a [`Value`] itself is read this way (a copy of the tree), so
    /// serde_json's own reading serves.
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        self.0.deserialize_any(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, JsonError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        match self.0 {
            Value::Array(items) => visit_items(items, visitor),
            other => Err(de::Error::invalid_type(unexpected(other), &visitor)),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, JsonError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, JsonError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        match self.0 {
            Value::Object(map) => visitor.visit_map(Members { iter: map.iter(), value: None }),
            other => Err(de::Error::invalid_type(unexpected(other), &visitor)),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, JsonError> {
        self.deserialize_map(visitor)
    }

    /// Externally tagged, as serde_json reads it: `"Variant"` or
    /// `{"Variant": content}`.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, JsonError> {
        let (variant, content) = match self.0 {
            Value::String(variant) => (variant, None),
            Value::Object(map) => {
                let mut members = map.iter();
                match (members.next(), members.next()) {
                    (Some((variant, content)), None) => (variant, Some(content)),
                    _ => return Err(de::Error::invalid_value(Unexpected::Map, &"map with a single key")),
                }
            }
            other => return Err(de::Error::invalid_type(unexpected(other), &"string or map")),
        };
        visitor.visit_enum(Variant { variant, content })
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, JsonError> {
        self.0.deserialize_unit_struct(name, visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        visitor.visit_unit()
    }

    forward_to_value! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_f32
        deserialize_f64 deserialize_char deserialize_str deserialize_string deserialize_bytes
        deserialize_byte_buf deserialize_unit deserialize_identifier
    }
}

/// An array's items, each through [`ObjectsOnly`]; like serde_json, an
/// array with items left over is an error.
fn visit_items<'de, V: Visitor<'de>>(items: &'de [Value], visitor: V) -> Result<V::Value, JsonError> {
    let len = items.len();
    let mut seq = Elements(items.iter());
    let out = visitor.visit_seq(&mut seq)?;
    if seq.0.len() == 0 {
        Ok(out)
    } else {
        Err(de::Error::invalid_length(len, &"fewer elements in array"))
    }
}

struct Elements<'de>(std::slice::Iter<'de, Value>);

impl<'de> SeqAccess<'de> for Elements<'de> {
    type Error = JsonError;

    fn next_element_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<Option<S::Value>, JsonError> {
        self.0.next().map(|v| seed.deserialize(ObjectsOnly(v))).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct Variant<'de> {
    variant: &'de str,
    content: Option<&'de Value>,
}

impl<'de> EnumAccess<'de> for Variant<'de> {
    type Error = JsonError;
    type Variant = Self;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self), JsonError> {
        let variant = seed.deserialize(BorrowedStrDeserializer::new(self.variant))?;
        Ok((variant, self))
    }
}

impl<'de> VariantAccess<'de> for Variant<'de> {
    type Error = JsonError;

    fn unit_variant(self) -> Result<(), JsonError> {
        match self.content {
            None => Ok(()),
            Some(content) => <()>::deserialize(ObjectsOnly(content)),
        }
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, JsonError> {
        match self.content {
            Some(content) => seed.deserialize(ObjectsOnly(content)),
            None => Err(de::Error::invalid_type(Unexpected::UnitVariant, &"newtype variant")),
        }
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, JsonError> {
        match self.content {
            Some(Value::Array(items)) => visit_items(items, visitor),
            Some(other) => Err(de::Error::invalid_type(unexpected(other), &"tuple variant")),
            None => Err(de::Error::invalid_type(Unexpected::UnitVariant, &"tuple variant")),
        }
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, JsonError> {
        match self.content {
            Some(Value::Object(map)) => visitor.visit_map(Members { iter: map.iter(), value: None }),
            Some(other) => Err(de::Error::invalid_type(unexpected(other), &"struct variant")),
            None => Err(de::Error::invalid_type(Unexpected::UnitVariant, &"struct variant")),
        }
    }
}

struct Members<'de> {
    iter: serde_json::map::Iter<'de>,
    value: Option<&'de Value>,
}

impl<'de> MapAccess<'de> for Members<'de> {
    type Error = JsonError;

    fn next_key_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<Option<S::Value>, JsonError> {
        match self.iter.next() {
            Some((key, value)) => {
                self.value = Some(value);
                seed.deserialize(BorrowedStrDeserializer::new(key)).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, JsonError> {
        match self.value.take() {
            Some(value) => seed.deserialize(ObjectsOnly(value)),
            None => Err(de::Error::custom("value is missing")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
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
        let unreadable = decode_each(list, &mut |value| decode(value).map(|item| items.push(item)));
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
    fn decode_reads_structs_from_objects_only() {
        #[derive(Debug, Deserialize, PartialEq)]
        enum Kind {
            Plain,
            Tagged { n: u32 },
        }
        #[derive(Debug, Deserialize, PartialEq)]
        struct Outer {
            items: Items<Item>,
            kinds: Vec<Kind>,
            pair: (u8, String),
            extra: Option<Value>,
        }
        let outer: Outer = from_text(
            r#"{"items":[{"id":1},[2,"b"]],"kinds":["Plain",{"Tagged":{"n":3}}],"pair":[1,"x"],"extra":{"a":[1]},"more":1}"#,
        )
        .unwrap();
        assert_eq!(outer.items.items, vec![Item { id: 1, name: String::new() }]);
        assert_eq!(outer.items.unreadable.len(), 1, "a struct is never read from an array");
        assert_eq!(outer.kinds, vec![Kind::Plain, Kind::Tagged { n: 3 }]);
        assert!(from_text::<Kind>(r#"{"Tagged":{"n":1},"Plain":1}"#).is_err(), "one key only");
        assert!(from_text::<Kind>(r#"{"Tagged":[1]}"#).is_err(), "a struct variant from an object only");
        assert_eq!(outer.pair, (1, "x".into()));
        assert_eq!(outer.extra, Some(serde_json::json!({"a": [1]})));
        let err = from_text::<Item>(r#"{"id":"x"}"#).unwrap_err().to_string();
        assert!(err.starts_with("invalid type: string \"x\", expected i64"), "{err}");
        let err = from_text::<Item>(r#"{"name":"x"}"#).unwrap_err().to_string();
        assert_eq!(err, "missing field `id`");
        assert!(from_text::<(u8,)>("[1,2]").is_err(), "items left over");
    }

    #[test]
    fn unset_times() {
        for raw in ["", "  ", "0001-01-01T00:00:00Z", "0001-01-01T00:00:00.000Z"] {
            assert_eq!(set_time(raw), None, "{raw:?}");
        }
        assert_eq!(set_time("2021-02-06T08:34:46Z"), Some("2021-02-06T08:34:46Z"));
    }
}
