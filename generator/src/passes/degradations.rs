//! Each degradation the lowering recorded goes into the docs of the model or operation it
//! concerns, so a reader of the generated code sees why a type is looser than the spec.

use crate::diagnostics::{Diagnostics, Pointer};
use crate::ir;
use crate::lower::docs;

/// Puts each degradation into the docs of the model or operation it concerns, so a reader of
/// the generated code sees why a type is looser than the spec.
pub(crate) fn document_degradations(api: &mut ir::Api, diagnostics: &Diagnostics) {
    let note = |docs: &mut Option<String>, pointer: &Pointer| {
        let found = diagnostics.degradations_at(pointer);
        if !found.is_empty() {
            let lines = found
                .iter()
                .map(|m| format!("**Degraded:** {m}."))
                .collect();
            *docs = docs::append(docs.take(), lines);
        }
    };
    for def in &mut api.types.types {
        note(&mut def.docs, &def.pointer);
    }
    for op in &mut api.operations {
        note(&mut op.docs, &op.pointer);
    }
}
