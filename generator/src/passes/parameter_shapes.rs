//! How each parameter's value is written ([`crate::ir::ParamShape`]): text, a joined list,
//! JSON, ... Decided once the type space is final, because cycle breaking turns some aliases
//! into newtypes, which are written as JSON.

use crate::ir::{self, Operation};

/// Decides how each parameter's value is written, now that the type space is final (cycle
/// breaking turns some aliases into newtypes, which are written as JSON).
pub(crate) fn decide_shapes(operations: &mut [Operation], types: &ir::TypeSpace) {
    for parameter in operations
        .iter_mut()
        .flat_map(|op| op.parameters.iter_mut())
    {
        parameter.shape = ir::ParamShape::of(&parameter.ty, types);
    }
}
