//! Strict shapes for input: serde's derived `Deserialize` for a struct also accepts a
//! JSON array (fields by position), so `"contact": [null, null]` would pass as a
//! contact. Input structs nested in other inputs are read through these functions,
//! which accept a JSON object only.

use serde::de::value::MapAccessDeserializer;
use serde::de::{MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::fmt;
use std::marker::PhantomData;

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map))
    }
}

/// A struct, from a JSON object only.
pub fn object<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<T, D::Error> {
    d.deserialize_map(ObjectVisitor(PhantomData))
}

/// An optional struct: `null` or a JSON object.
pub fn opt_object<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    Option::<Object<T>>::deserialize(d).map(|o| o.map(|x| x.0))
}

/// A list of structs: an array of JSON objects.
pub fn vec_object<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    struct SeqVisitor<T>(PhantomData<T>);
    impl<'de, T: Deserialize<'de>> Visitor<'de> for SeqVisitor<T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an array of JSON objects")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let mut out = Vec::new();
            while let Some(Object(x)) = seq.next_element::<Object<T>>()? {
                out.push(x);
            }
            Ok(out)
        }
    }
    d.deserialize_seq(SeqVisitor(PhantomData))
}

/// A language map (`{"en": "…", "ru": "…"}`) in which no key appears twice: JSON
/// parsers differ on which duplicate wins, so one is refused rather than guessed.
pub fn unique_map<'de, D: Deserializer<'de>>(d: D) -> Result<std::collections::BTreeMap<String, String>, D::Error> {
    struct MapVisitor;
    impl<'de> Visitor<'de> for MapVisitor {
        type Value = std::collections::BTreeMap<String, String>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON object of language code to text")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = std::collections::BTreeMap::new();
            while let Some((k, v)) = map.next_entry::<String, String>()? {
                if out.contains_key(&k) {
                    return Err(serde::de::Error::custom(format!("duplicate language `{k}`")));
                }
                out.insert(k, v);
            }
            Ok(out)
        }
    }
    d.deserialize_map(MapVisitor)
}

struct Object<T>(T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        object(d).map(Object)
    }
}

#[cfg(test)]
mod tests {
    use crate::activity::ActivityInput;

    #[test]
    fn arrays_are_not_objects() {
        let base = serde_json::json!({
            "title": {"en": "x"}, "kind": "training", "organizations": [{"org": "A", "role": "lead"}],
            "dates": {"start": "2007-09-03"}
        });
        assert!(serde_json::from_value::<ActivityInput>(base.clone()).is_ok());
        for (k, v) in [
            ("contact", serde_json::json!([null, null])),
            ("dates", serde_json::json!(["2007-09-03"])),
            ("budget", serde_json::json!(["1", "USD"])),
            ("organizations", serde_json::json!([["A", "lead"]])),
            ("locations", serde_json::json!([["KZ"]])),
            ("links", serde_json::json!([["https://x.org"]])),
        ] {
            let mut b = base.clone();
            b[k] = v;
            let e = serde_json::from_value::<ActivityInput>(b).unwrap_err();
            assert!(e.to_string().contains("JSON object"), "{k}: {e}");
        }
        let dup = r#"{"title": {"en": "x", "en": "y"}, "kind": "training", "organizations": [{"org": "A", "role": "lead"}], "dates": {"start": "2007-09-03"}}"#;
        let e = serde_json::from_str::<ActivityInput>(dup).unwrap_err();
        assert!(e.to_string().contains("duplicate language `en`"), "{e}");
        let mut b = base.clone();
        b["contact"] = serde_json::Value::Null;
        assert!(serde_json::from_value::<ActivityInput>(b).is_ok());
    }
}
