//! Cargo features per tag: which operations and models each feature compiles.
//!
//! An operation is compiled when any of its tags' features is on (untagged operations always
//! are). A model is compiled when any feature that reaches it is on, following references
//! transitively, so every enabled subset type-checks. `all-models` compiles every model,
//! including those no operation uses.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Api, TypeId};
use crate::naming::NameScope;

/// The feature that compiles every model.
pub const ALL_MODELS: &str = "all-models";
/// The default feature that turns on every other feature.
pub const FULL: &str = "full";

/// `#[cfg(any(feature = ...))]` for a gate; nothing for an ungated item.
pub fn cfg_attr(gate: &Gate) -> proc_macro2::TokenStream {
    match gate {
        None => proc_macro2::TokenStream::new(),
        Some(features) if features.len() == 1 => {
            let feature = &features[0];
            quote::quote!(#[cfg(feature = #feature)])
        }
        Some(features) => quote::quote!(#[cfg(any(#(feature = #features),*))]),
    }
}

/// A `cfg` condition: `None` means always compiled, otherwise any of these features.
pub type Gate = Option<Vec<String>>;

/// The features of one spec and what each item needs.
#[derive(Debug, Clone, Default)]
pub struct Gating {
    /// The feature that compiles every model of this spec.
    pub all_models: String,
    /// Feature names of the tags, in first-seen order, with the tag each comes from.
    pub tag_features: Vec<(String, String)>,
    /// One gate per operation, in `Api::operations` order.
    pub operations: Vec<Gate>,
    /// One gate per model, in `TypeSpace::types` order.
    pub types: Vec<Gate>,
}

/// A kebab-case feature name for a tag (`SOD Policies` → `sod-policies`).
pub fn feature_name(tag: &str) -> String {
    let words: Vec<String> = tag
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    if words.is_empty() {
        "tag".to_owned()
    } else {
        words.join("-")
    }
}

/// Which features each operation and model of `api` needs. `prefix` is put before every
/// feature name (`v2024-`) when several specs share one crate.
pub fn gating(api: &Api, prefix: &str) -> Gating {
    let mut names = NameScope::new();
    for reserved in ["default", FULL, ALL_MODELS] {
        names.reserve(reserved);
    }
    let all_models = format!("{prefix}{ALL_MODELS}");
    let mut by_tag: BTreeMap<String, String> = BTreeMap::new();
    let mut tag_features = Vec::new();
    for op in &api.operations {
        for tag in &op.tags {
            if !by_tag.contains_key(tag) {
                let feature = format!("{prefix}{}", names.claim(&feature_name(tag)));
                by_tag.insert(tag.clone(), feature.clone());
                tag_features.push((feature, tag.clone()));
            }
        }
    }

    /// What reaches a model: `None` = something always compiled.
    type Reach = Option<BTreeSet<String>>;
    let count = api.types.types.len();
    let mut reach: Vec<Reach> = vec![Some(BTreeSet::new()); count];
    let mut operations = Vec::with_capacity(api.operations.len());
    let mut pending: Vec<TypeId> = Vec::new();
    for op in &api.operations {
        let gate: Reach = if op.tags.is_empty() {
            None
        } else {
            Some(
                op.tags
                    .iter()
                    .filter_map(|t| by_tag.get(t).cloned())
                    .collect(),
            )
        };
        let mut ids = Vec::new();
        for ty in op.type_refs() {
            ty.named(true, &mut ids);
        }
        for id in ids {
            if widen(&mut reach[id.0], &gate) {
                pending.push(id);
            }
        }
        operations.push(gate.map(|set| set.into_iter().collect()));
    }
    while let Some(id) = pending.pop() {
        let gate = reach[id.0].clone();
        let mut ids = Vec::new();
        for part in api.types.get(id).kind.parts() {
            part.named(true, &mut ids);
        }
        for next in ids {
            if widen(&mut reach[next.0], &gate) {
                pending.push(next);
            }
        }
    }
    let types = reach
        .into_iter()
        .map(|r| {
            r.map(|mut set| {
                set.insert(all_models.clone());
                set.into_iter().collect()
            })
        })
        .collect();
    Gating {
        all_models,
        tag_features,
        operations,
        types,
    }
}

/// Adds `gate` to `reach`; true if that changed it.
fn widen(reach: &mut Option<BTreeSet<String>>, gate: &Option<BTreeSet<String>>) -> bool {
    match (reach.as_mut(), gate) {
        (None, _) => false,
        (Some(_), None) => {
            *reach = None;
            true
        }
        (Some(set), Some(more)) => {
            let before = set.len();
            set.extend(more.iter().cloned());
            set.len() != before
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_names_are_kebab_case() {
        assert_eq!(feature_name("SOD Policies"), "sod-policies");
        assert_eq!(feature_name("Identities"), "identities");
        assert_eq!(
            feature_name("IAI Access Request Recommendations"),
            "iai-access-request-recommendations"
        );
        assert_eq!(feature_name("***"), "tag");
    }
}
