//! `servers` → [`ir::Server`]s, each variable with a Rust name of its own.

use crate::ir;
use crate::lower::docs;
use crate::naming::{snake_name, NameScope};
use crate::read::spec::Server;

/// The servers of a spec, in order.
pub(crate) fn lower_servers(servers: &[Server]) -> Vec<ir::Server> {
    servers.iter().map(lower_server).collect()
}

fn lower_server(server: &Server) -> ir::Server {
    let mut names = NameScope::new();
    ir::Server {
        url: server.url.clone(),
        docs: server.description.as_deref().map(docs::sanitize),
        variables: server
            .variables
            .iter()
            .map(|(name, default, description)| ir::ServerVariable {
                name: name.clone(),
                rust_name: names.claim(&snake_name(name)),
                default: default.clone(),
                docs: description.as_deref().map(docs::sanitize),
            })
            .collect(),
    }
}
