//! Decoding models: the lean `Deserialize` of generated structs and choosing union variants.

use std::fmt;

use serde::{Deserialize, Deserializer};

/// Chooses among the variants of a union without a discriminator: of those that decode, the
/// one whose declared properties cover the most keys of the payload, and among equals the one
/// declaring the fewest properties (the tightest fit), then the first.
pub struct BestMatch<'v, T> {
    keys: Vec<&'v str>,
    best: Option<(usize, usize, T)>,
    last_error: Option<String>,
}

impl<'v, T> BestMatch<'v, T> {
    /// Starts a choice for `value`.
    pub fn new(value: &'v serde_json::Value) -> Self {
        let keys = value
            .as_object()
            .map(|map| map.keys().map(String::as_str).collect())
            .unwrap_or_default();
        BestMatch {
            keys,
            best: None,
            last_error: None,
        }
    }

    /// Offers one variant: its declared property names and the result of decoding it.
    pub fn try_variant(&mut self, fields: &[&str], decoded: Result<T, serde_json::Error>) {
        let value = match decoded {
            Ok(value) => value,
            Err(e) => {
                self.last_error = Some(e.to_string());
                return;
            }
        };
        let covered = self.keys.iter().filter(|k| fields.contains(k)).count();
        let better = match &self.best {
            None => true,
            Some((best_covered, best_declared, _)) => {
                covered > *best_covered
                    || (covered == *best_covered && fields.len() < *best_declared)
            }
        };
        if better {
            self.best = Some((covered, fields.len(), value));
        }
    }

    /// The chosen variant, or why none fits.
    pub fn finish(self) -> Result<T, String> {
        match self.best {
            Some((_, _, value)) => Ok(value),
            None => Err(format!(
                "the value matches none of the alternatives ({})",
                self.last_error.unwrap_or_default()
            )),
        }
    }
}

/// A model that decodes from a JSON object's fields. Generated models implement it with one
/// `match` over the property names, and their `Deserialize` hands [`ObjectVisitor`] to the
/// deserializer: leaner to compile than serde's derive (no sequence form, no field-identifier
/// type per model), with the same result for JSON objects. Unknown properties are skipped; a
/// repeated property keeps its last value.
pub trait FromFields: Sized {
    /// The model's name, for "expected" in decode errors.
    const NAME: &'static str;

    /// Reads the model from the entries of a JSON object.
    fn from_fields<'de, A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// The `Visitor` of every generated model: accepts a JSON object and reads it through
/// [`FromFields`].
pub struct ObjectVisitor<T>(std::marker::PhantomData<T>);

impl<T> ObjectVisitor<T> {
    /// The visitor for `T`.
    pub fn new() -> Self {
        ObjectVisitor(std::marker::PhantomData)
    }
}

impl<T> Default for ObjectVisitor<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'de, T: FromFields> serde::de::Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "a JSON object ({})", T::NAME)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_fields(map)
    }
}

/// A property name as it appears in the input: borrowed when the input allows, so matching
/// property names allocates nothing.
pub struct FieldName<'de>(std::borrow::Cow<'de, str>);

impl FieldName<'_> {
    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for FieldName<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NameVisitor;

        impl<'de> serde::de::Visitor<'de> for NameVisitor {
            type Value = FieldName<'de>;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a property name")
            }

            fn visit_borrowed_str<E: serde::de::Error>(
                self,
                name: &'de str,
            ) -> Result<Self::Value, E> {
                Ok(FieldName(std::borrow::Cow::Borrowed(name)))
            }

            fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<Self::Value, E> {
                Ok(FieldName(std::borrow::Cow::Owned(name.to_owned())))
            }

            fn visit_string<E: serde::de::Error>(self, name: String) -> Result<Self::Value, E> {
                Ok(FieldName(std::borrow::Cow::Owned(name)))
            }
        }

        deserializer.deserialize_identifier(NameVisitor)
    }
}

/// A required property's value, or serde's "missing field" error naming it.
pub fn required<T, E: serde::de::Error>(value: Option<T>, name: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(name))
}

/// Deserializes a present field (even `null`) as `Some`, so an optional nullable field keeps
/// "absent" (`None`) apart from "null" (`Some(None)`).
pub fn deserialize_some<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct Point {
        x: i64,
        label: Option<String>,
    }

    impl FromFields for Point {
        const NAME: &'static str = "Point";

        fn from_fields<'de, A: serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
            let (mut x, mut label) = (None, None);
            while let Some(name) = map.next_key::<FieldName<'de>>()? {
                match name.as_str() {
                    "x" => x = Some(map.next_value()?),
                    "label" => label = map.next_value()?,
                    _ => {
                        map.next_value::<serde::de::IgnoredAny>()?;
                    }
                }
            }
            Ok(Point {
                x: required(x, "x")?,
                label,
            })
        }
    }

    impl<'de> Deserialize<'de> for Point {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_map(ObjectVisitor::new())
        }
    }

    #[test]
    fn objects_decode_by_property_name() {
        let point: Point = serde_json::from_str(r#"{"other": [1], "x": 3, "label": "a"}"#).unwrap();
        assert_eq!(
            point,
            Point {
                x: 3,
                label: Some("a".into())
            }
        );
        let missing = serde_json::from_str::<Point>(r#"{"label": "a"}"#).unwrap_err();
        assert!(
            missing.to_string().contains("missing field `x`"),
            "{missing}"
        );
        let wrong = serde_json::from_str::<Point>("[1]").unwrap_err();
        assert!(
            wrong.to_string().contains("a JSON object (Point)"),
            "{wrong}"
        );
    }

    #[test]
    fn the_variant_covering_most_keys_wins() {
        let value = serde_json::json!({"a": 1, "b": 2});
        let mut choice = BestMatch::new(&value);
        choice.try_variant(&["a"], Ok("only a"));
        choice.try_variant(&["a", "b"], Ok("a and b"));
        choice.try_variant(&["a", "b", "c"], Ok("a, b and more"));
        assert_eq!(choice.finish(), Ok("a and b"));
        let mut none = BestMatch::<()>::new(&value);
        none.try_variant(&["a"], Err(serde::de::Error::custom("no")));
        assert!(none
            .finish()
            .unwrap_err()
            .contains("none of the alternatives"));
    }
}
