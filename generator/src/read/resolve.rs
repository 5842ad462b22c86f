//! Stage 2: `$ref` resolution. Every local reference (`#/components/...`, `#/$defs/...` or any
//! other JSON pointer into the same document) is followed here, and only here.

use std::collections::HashSet;

use serde_json::Value;

use crate::diagnostics::Pointer;

/// Follows references within one document.
#[derive(Debug, Clone, Copy)]
pub struct Resolver<'a> {
    root: &'a Value,
}

impl<'a> Resolver<'a> {
    /// A resolver for the document `root`.
    pub fn new(root: &'a Value) -> Self {
        Resolver { root }
    }

    /// The value a `$ref` points at, with the pointer where it is defined. One step only:
    /// a schema that is itself a `$ref` is an alias, which the type space keeps.
    pub fn target(&self, reference: &str) -> Result<(&'a Value, Pointer), String> {
        let pointer = Pointer::from_ref(reference).ok_or_else(|| {
            format!("external reference `{reference}` is not supported (only `#/...` pointers into the same document)")
        })?;
        let value = self
            .root
            .pointer(&pointer.json_pointer())
            .ok_or_else(|| format!("reference `{reference}` does not resolve"))?;
        Ok((value, pointer))
    }

    /// Follows `value` through any chain of `$ref`s (for parameters, responses, request bodies
    /// and path items), returning the object and the pointer where it is defined. `at` is where
    /// `value` itself sits. A chain that loops is an error naming the reference.
    pub fn follow(&self, value: &'a Value, at: &Pointer) -> Result<(&'a Value, Pointer), String> {
        let mut current = value;
        let mut pointer = at.clone();
        let mut seen = HashSet::new();
        while let Some(reference) = current.get("$ref").and_then(Value::as_str) {
            if !seen.insert(reference.to_owned()) {
                return Err(format!("reference `{reference}` leads back to itself"));
            }
            (current, pointer) = self.target(reference)?;
        }
        Ok((current, pointer))
    }
}
