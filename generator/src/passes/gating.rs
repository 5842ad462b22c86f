//! Cargo features per tag: which operations and models each feature compiles.
//!
//! An operation is compiled when any of its tags' features is on (untagged operations always
//! are). A model is compiled when any feature that reaches it is on, following references
//! transitively, so every enabled subset type-checks. `all-models` compiles every model,
//! including those no operation uses.

use std::collections::BTreeMap;

use crate::ir::Api;
use crate::naming::NameScope;

/// The feature that compiles every model.
pub const ALL_MODELS: &str = "all-models";
/// The default feature that turns on every other feature.
pub const FULL: &str = "full";

/// A `cfg` condition: `None` means always compiled, otherwise any of these features.
pub type Gate = Option<Vec<String>>;

/// The most features a crate may declare and still be published on crates.io.
pub const MAX_FEATURES: usize = 300;

/// The features of one spec and what each item needs.
#[derive(Debug, Clone, Default)]
pub struct Gating {
    /// The feature that compiles every model of this spec.
    pub all_models: String,
    /// Feature names of the tags, in first-seen order, with the tag each comes from.
    pub tag_features: Vec<(String, String)>,
    /// Features that each stand for a set of features many items need alike, with the members
    /// of that set (any of which turns the group on): an item reached from twenty tags carries
    /// `#[cfg(feature = "_shared-3")]` instead of a twenty-name `any(...)`.
    pub groups: Vec<(String, Vec<String>)>,
    /// One gate per operation, in `Api::operations` order.
    pub operations: Vec<Gate>,
    /// One gate per model, in `TypeSpace::types` order.
    pub types: Vec<Gate>,
    /// One gate per shared error enum, in `Api::shared_errors` order: compiled when any
    /// operation that uses it is.
    pub shared_errors: Vec<Gate>,
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

/// A set of feature indices (tags, then `all-models`) as a bit set, so that spreading reach
/// through a densely connected model graph costs words, not string copies.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct FeatureSet(Vec<u64>);

impl FeatureSet {
    fn empty(features: usize) -> Self {
        FeatureSet(vec![0; features.div_ceil(64)])
    }

    fn insert(&mut self, feature: usize) {
        self.0[feature / 64] |= 1 << (feature % 64);
    }

    /// Adds every member of `other`; true if that added any.
    fn extend(&mut self, other: &FeatureSet) -> bool {
        let mut changed = false;
        for (mine, theirs) in self.0.iter_mut().zip(&other.0) {
            let merged = *mine | theirs;
            changed |= merged != *mine;
            *mine = merged;
        }
        changed
    }

    fn len(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }

    fn members(&self) -> impl Iterator<Item = usize> + '_ {
        self.0.iter().enumerate().flat_map(|(i, &word)| {
            (0..64)
                .filter(move |bit| word & (1 << bit) != 0)
                .map(move |bit| i * 64 + bit)
        })
    }
}

/// What an item needs: `None` = always compiled (something ungated uses it).
type Need = Option<FeatureSet>;

/// Adds `more` to `need`; true if that changed it.
fn widen(need: &mut Need, more: &Need) -> bool {
    match (need.as_mut(), more) {
        (None, _) => false,
        (Some(_), None) => {
            *need = None;
            true
        }
        (Some(set), Some(more)) => set.extend(more),
    }
}

/// Which features each operation and model of `api` needs. `prefix` is put before every
/// feature name (`v2024-`) when several specs share one crate. At most `max_groups` group
/// features are made (see [`Gating::groups`]), for the sets that shorten the output most.
pub fn gating(api: &Api, prefix: &str, max_groups: usize) -> Gating {
    let all_models = format!("{prefix}{ALL_MODELS}");
    let (by_tag, tag_features) = tag_features(api, prefix);
    let all_models_index = tag_features.len();
    let feature_count = all_models_index + 1;
    let feature_of = |i: usize| -> &str {
        tag_features
            .get(i)
            .map_or(all_models.as_str(), |(f, _)| f.as_str())
    };
    let sorted_names = |set: &FeatureSet| -> Vec<String> {
        let mut names: Vec<String> = set.members().map(|i| feature_of(i).to_owned()).collect();
        names.sort();
        names
    };

    let operation_needs = operation_needs(api, &by_tag, feature_count);
    let mut type_needs = type_needs(api, &operation_needs, feature_count);
    for set in type_needs.iter_mut().flatten() {
        set.insert(all_models_index);
    }
    let shared_error_needs: Vec<Need> = api
        .shared_errors
        .iter()
        .map(|shared| {
            let mut need = Some(FeatureSet::empty(feature_count));
            for &op in &shared.operations {
                widen(&mut need, &operation_needs[op]);
            }
            need
        })
        .collect();

    let groups = choose_groups(
        type_needs.iter().chain(&shared_error_needs).flatten(),
        max_groups,
    );
    let group_name = |k: usize| format!("_{prefix}shared-{}", k + 1);
    let gate = |need: &Need| -> Gate {
        let set = need.as_ref()?;
        if let Some(k) = groups.iter().position(|g| g == set) {
            return Some(vec![group_name(k)]);
        }
        Some(sorted_names(set))
    };
    Gating {
        groups: groups
            .iter()
            .enumerate()
            .map(|(k, set)| (group_name(k), sorted_names(set)))
            .collect(),
        operations: operation_needs.iter().map(gate).collect(),
        types: type_needs.iter().map(gate).collect(),
        shared_errors: shared_error_needs.iter().map(gate).collect(),
        all_models: all_models.clone(),
        tag_features: tag_features.clone(),
    }
}

/// One feature per tag, in first-use order: each tag's feature index, and (feature, tag).
fn tag_features<'a>(
    api: &'a Api,
    prefix: &str,
) -> (BTreeMap<&'a str, usize>, Vec<(String, String)>) {
    let mut names = NameScope::new();
    for reserved in ["default", FULL, ALL_MODELS] {
        names.reserve(reserved);
    }
    let mut by_tag: BTreeMap<&str, usize> = BTreeMap::new();
    let mut tag_features = Vec::new();
    for op in &api.operations {
        for tag in &op.tags {
            if !by_tag.contains_key(tag.as_str()) {
                let feature = format!("{prefix}{}", names.claim(&feature_name(tag)));
                by_tag.insert(tag, tag_features.len());
                tag_features.push((feature, tag.clone()));
            }
        }
    }
    (by_tag, tag_features)
}

/// What each operation needs: its tags' features, or nothing (always compiled) if untagged.
fn operation_needs(api: &Api, by_tag: &BTreeMap<&str, usize>, feature_count: usize) -> Vec<Need> {
    api.operations
        .iter()
        .map(|op| {
            if op.tags.is_empty() {
                return None;
            }
            let mut set = FeatureSet::empty(feature_count);
            for tag in &op.tags {
                if let Some(&i) = by_tag.get(tag.as_str()) {
                    set.insert(i);
                }
            }
            Some(set)
        })
        .collect()
}

/// What each model needs: the features of every operation that reaches it.
fn type_needs(api: &Api, operation_needs: &[Need], feature_count: usize) -> Vec<Need> {
    let mut type_needs: Vec<Need> =
        vec![Some(FeatureSet::empty(feature_count)); api.types.types.len()];
    let mut roots = Vec::new();
    for (op, need) in api.operations.iter().zip(operation_needs) {
        roots.clear();
        for ty in op.type_refs() {
            ty.named(true, &mut roots);
        }
        let reached = api.types.reach(roots.iter().copied());
        for (type_need, _) in type_needs.iter_mut().zip(reached).filter(|(_, r)| *r) {
            widen(type_need, need);
        }
    }
    type_needs
}

/// The feature sets worth a group feature: those of three or more features that save at least
/// four names of `cfg` text (members beyond one, times the items that need the set), the ones
/// that save most first, at most `max_groups`, returned in first-use order so names are stable.
fn choose_groups<'s>(
    needs: impl Iterator<Item = &'s FeatureSet>,
    max_groups: usize,
) -> Vec<FeatureSet> {
    let mut uses: BTreeMap<&FeatureSet, (usize, usize)> = BTreeMap::new();
    for (order, set) in needs.enumerate() {
        if set.len() >= 3 {
            uses.entry(set).or_insert((order, 0)).1 += 1;
        }
    }
    let mut ranked: Vec<(&FeatureSet, usize, usize)> = uses
        .into_iter()
        .map(|(set, (first, count))| (set, first, (set.len() - 1) * count))
        .collect();
    // A group is one more feature in Cargo.toml: only worth it when it saves a few names.
    ranked.retain(|&(_, _, saving)| saving >= 4);
    ranked.sort_by(|a, b| b.2.cmp(&a.2).then(a.1.cmp(&b.1)));
    ranked.truncate(max_groups);
    ranked.sort_by_key(|&(_, first, _)| first);
    ranked.into_iter().map(|(set, _, _)| set.clone()).collect()
}

/// The gating of every spec of a crate: feature names get a `{module}-` prefix when several
/// specs share the crate, and the group features are shared out within crates.io's limit.
pub fn gate_crate(apis: &[Api]) -> Vec<Gating> {
    let prefixed = apis.len() > 1;
    let max_groups = group_budget(apis);
    apis.iter()
        .map(|api| {
            let prefix = if prefixed {
                format!("{}-", api.module)
            } else {
                String::new()
            };
            gating(api, &prefix, max_groups)
        })
        .collect()
}

/// How many group features each spec may add (see [`Gating::groups`]) while the
/// crate stays within crates.io's limit on features.
fn group_budget(apis: &[Api]) -> usize {
    let tags: usize = apis
        .iter()
        .map(|api| {
            let mut seen = std::collections::BTreeSet::new();
            for op in &api.operations {
                seen.extend(op.tags.iter());
            }
            seen.len()
        })
        .sum();
    let fixed = 2 + apis.len() + tags; // default, full, one all-models per spec, the tags
    MAX_FEATURES.saturating_sub(fixed) / apis.len().max(1)
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
