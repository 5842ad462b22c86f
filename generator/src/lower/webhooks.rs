//! Stage 3c: `webhooks` (OpenAPI 3.1). They are requests the API sends, not operations a client
//! calls, so they get no methods; their payloads become models, so a service that receives them
//! can decode them with the same types (`{Name}Webhook` for an inline payload).

use serde_json::Value;

use crate::diagnostics::Pointer;
use crate::lower::types::TypeBuilder;
use crate::naming::type_name;
use crate::read::spec::{self, METHODS};

/// Lowers the JSON payload schema of every webhook into the type space.
pub fn lower_webhooks(spec: &crate::read::load::LoadedSpec, types: &mut TypeBuilder<'_>) {
    let Some(webhooks) = spec.json.get("webhooks").and_then(Value::as_object) else {
        return;
    };
    let root = Pointer::root().push("webhooks");
    for (name, item) in webhooks {
        let at = root.push(name);
        let Ok((item, _)) = types.resolver().follow(item, &at) else {
            continue;
        };
        for method in METHODS {
            let Some(body) = item.get(method).and_then(|op| op.get("requestBody")) else {
                continue;
            };
            let body_at = at.push(method).push("requestBody");
            let Ok((body, defined_at)) = types.resolver().follow(body, &body_at) else {
                continue;
            };
            let Some(body) = spec::RequestBody::read(body, &defined_at, &mut types.reader()) else {
                continue;
            };
            for media in &body.content {
                if let Some(schema) = &media.schema {
                    types.lower(schema, &format!("{}Webhook", type_name(name)));
                }
            }
        }
    }
}
