//! Stage 2: `$ref` resolution. Every local reference (`#/components/...` or any other JSON
//! pointer into the same document) is looked up here, in one place.

use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::diagnostics::Pointer;
use crate::load::LoadedSpec;

/// Follows `item` if it is a reference (also chains of references), returning the object and
/// the pointer where it is defined. `at` is where `item` itself sits.
pub fn resolve<T: DeserializeOwned + Clone>(
    spec: &LoadedSpec,
    item: &openapiv3::ReferenceOr<T>,
    at: &Pointer,
) -> Result<(T, Pointer), String> {
    let mut current = item.clone();
    let mut pointer = at.clone();
    for _ in 0..32 {
        match current {
            openapiv3::ReferenceOr::Item(value) => return Ok((value, pointer)),
            openapiv3::ReferenceOr::Reference { reference } => {
                let target = Pointer::from_ref(&reference)
                    .ok_or_else(|| format!("external reference `{reference}` is not supported"))?;
                let json = spec
                    .json
                    .pointer(target.as_str().trim_start_matches('#'))
                    .ok_or_else(|| format!("reference `{reference}` does not resolve"))?;
                current = openapiv3::ReferenceOr::<T>::deserialize(json)
                    .map_err(|e| format!("reference `{reference}` has the wrong shape: {e}"))?;
                pointer = target;
            }
        }
    }
    Err("reference chain is longer than 32 steps (a cycle?)".to_owned())
}
