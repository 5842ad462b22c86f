//! Stage 3d: operations that declare the same error responses share one error enum.
//!
//! Real APIs repeat the same error statuses and bodies on every operation (SailPoint v2024: 716
//! operations, 31 distinct sets). One enum per set, with each operation's own name kept as an
//! alias (`GetIdentityError`), means far less code for rustc to check and compile.

use std::collections::BTreeMap;

use crate::ir::{Api, Response, ResponseBody, SharedError, StatusMatch};
use crate::naming::NameScope;

/// What makes two operations' error enums the same type.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct Signature(Vec<(StatusMatch, String, String)>);

fn signature(responses: &[Response]) -> Signature {
    Signature(
        responses
            .iter()
            .filter(|r| !r.status.is_success())
            .map(|r| (r.status, r.variant.clone(), body_key(&r.body)))
            .collect(),
    )
}

/// A body's identity, for comparing signatures.
fn body_key(body: &ResponseBody) -> String {
    match body {
        ResponseBody::Empty => "empty".to_owned(),
        ResponseBody::Json(ty) => format!("json {ty:?}"),
        ResponseBody::Text => "text".to_owned(),
        ResponseBody::Bytes => "bytes".to_owned(),
    }
}

/// A type name for a shared set: its statuses (`Errors400401403404429500`).
fn shared_name(responses: &[Response]) -> String {
    let statuses: Vec<String> = responses
        .iter()
        .filter(|r| !r.status.is_success())
        .map(|r| match r.status {
            StatusMatch::Code(code) => code.to_string(),
            StatusMatch::Range(class) => format!("{class}xx"),
            StatusMatch::Default => "Default".to_owned(),
        })
        .collect();
    if statuses.is_empty() {
        "NoDeclaredErrors".to_owned()
    } else {
        format!("Errors{}", statuses.join(""))
    }
}

/// Groups operations by their error responses; each group of two or more gets one shared
/// enum, which the operations' own error names alias.
pub fn share_error_enums(api: &mut Api) {
    let mut groups: BTreeMap<Signature, Vec<usize>> = BTreeMap::new();
    for (i, op) in api.operations.iter().enumerate() {
        groups.entry(signature(&op.responses)).or_default().push(i);
    }
    let mut names = NameScope::new();
    for op in &api.operations {
        names.reserve(&op.builder_name);
        names.reserve(&op.error_enum);
        if let Some(success) = &op.success_enum {
            names.reserve(success);
        }
    }
    let mut shared: Vec<SharedError> = groups
        .into_values()
        .filter(|operations| operations.len() > 1)
        .map(|operations| SharedError {
            name: String::new(),
            operations,
        })
        .collect();
    // Named in order of first use, so names do not depend on the signature's sort order.
    shared.sort_by_key(|s| s.operations[0]);
    for group in &mut shared {
        group.name = names.claim(&shared_name(&api.operations[group.operations[0]].responses));
        for &i in &group.operations {
            api.operations[i].error_type = group.name.clone();
        }
    }
    api.shared_errors = shared;
}
