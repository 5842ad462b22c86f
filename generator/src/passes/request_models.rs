//! Which models a request body reaches, through fields, variants and containers: callers
//! build values of those, so they get constructors ([`crate::ir::TypeDef::in_requests`]).

use crate::ir::Api;

/// Marks every model a request body of `api` reaches.
pub(crate) fn mark_request_models(api: &mut Api) {
    let mut roots = Vec::new();
    for body in api.operations.iter().filter_map(|op| op.body.as_ref()) {
        body.ty.named(true, &mut roots);
    }
    let reached = api.types.reach(roots);
    for (def, reached) in api.types.types.iter_mut().zip(reached) {
        def.in_requests = reached;
    }
}
