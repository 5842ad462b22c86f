//! Conformance test: the trimmed OpenAPI documents in `spec/` must stay faithful to the real
//! SailPoint specs they were extracted from (`tests/corpus/sailpoint/{v2024,cc}.yaml`, see
//! `spec/README.md`), so that `spec/` cannot drift silently.
//!
//! For every operation in `spec/v2024.yaml` and `spec/cc.yaml` the real operation with the same
//! `operationId` is looked up and compared: HTTP method, path, parameters (`name`, `in`,
//! `required`, schema), request body (presence, `required`, content types, schema), responses
//! (status codes, content types, schemas) and `security`. Schemas are compared structurally over
//! their whole transitive closure (following `$ref`s, `allOf`/`oneOf`/`anyOf`/`not`, `items`,
//! `properties` and `additionalProperties`): property names, `type`, `format`, `required`,
//! `enum`, `nullable`, `default`, `description` and the numeric/length constraints. A `$ref` in
//! one document may stand for an inline schema in the other; both are compared at the same
//! location.
//!
//! The deviations documented in `spec/README.md` are the only accepted differences, and each one is
//! asserted explicitly rather than skipped:
//! * every v2024 operation has the required `X-SailPoint-Experimental` header parameter, defined
//!   once as `#/components/parameters/experimental` (the real spec declares it on only some);
//! * `resetIdentity` lives at `/identities/{identityId}/reset` (real: `/identities/{id}/reset`,
//!   whose placeholder does not match its `identityId` path parameter);
//! * the inline request body of cc `refreshIdentities` is the named schema
//!   `RefreshIdentitiesRequest`, whose `refreshArgs` is the named schema
//!   `RefreshIdentitiesRequestRefreshArgs`.
//!
//! All differences are collected and reported together. No network access is needed.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

const V2024_OPERATIONS: [&str; 11] = [
    "deleteIdentity",
    "getIdentity",
    "getIdentityOwnershipDetails",
    "getRoleAssignment",
    "getRoleAssignments",
    "listIdentities",
    "resetIdentity",
    "sendIdentityVerificationAccountToken",
    "startIdentitiesInvite",
    "startIdentityProcessing",
    "synchronizeAttributesForIdentity",
];
const CC_OPERATIONS: [&str; 1] = ["refreshIdentities"];

const EXPERIMENTAL_HEADER: &str = "X-SailPoint-Experimental";
const EXPERIMENTAL_REF: &str = "#/components/parameters/experimental";

const HTTP_METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Schema keywords whose values must be equal (absent == absent). `required`, `enum` and
/// `nullable` are handled separately.
const COMPARED_KEYWORDS: [&str; 17] = [
    "type",
    "format",
    "default",
    "description",
    "readOnly",
    "writeOnly",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
];

/// The documented, accepted differences between one `spec/` file and its real spec.
struct Deviations {
    /// Every operation must carry the required `X-SailPoint-Experimental` header parameter.
    experimental_header: bool,
    /// `(operationId, real path, our path)`.
    path_fixes: &'static [(&'static str, &'static str, &'static str)],
}

const V2024_DEVIATIONS: Deviations = Deviations {
    experimental_header: true,
    path_fixes: &[(
        "resetIdentity",
        "/identities/{id}/reset",
        "/identities/{identityId}/reset",
    )],
};
const CC_DEVIATIONS: Deviations = Deviations {
    experimental_header: false,
    path_fixes: &[],
};

fn spec_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec")
}

fn real_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/sailpoint")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// An OpenAPI document loaded as plain JSON values.
struct Doc {
    label: String,
    root: Value,
}

impl Doc {
    fn load(label: &str, path: &Path) -> Doc {
        let root = serde_yaml::from_str(&read(path))
            .unwrap_or_else(|e| panic!("cannot parse {}: {e}", path.display()));
        Doc {
            label: label.to_string(),
            root,
        }
    }

    /// Follows a chain of `$ref`s; returns the target and the last `$ref` followed, if any.
    fn resolve<'a>(&'a self, value: &'a Value) -> Result<(&'a Value, Option<&'a str>), String> {
        let mut current = value;
        let mut last_ref = None;
        for _ in 0..32 {
            let Some(reference) = current.get("$ref").and_then(Value::as_str) else {
                return Ok((current, last_ref));
            };
            let pointer = reference
                .strip_prefix('#')
                .ok_or_else(|| format!("{}: unsupported $ref {reference:?}", self.label))?;
            current = self
                .root
                .pointer(pointer)
                .ok_or_else(|| format!("{}: unresolvable $ref {reference:?}", self.label))?;
            last_ref = Some(reference);
        }
        Err(format!("{}: $ref chain too long at {value}", self.label))
    }

    /// All operations, keyed by `operationId`.
    fn operations(&self, errors: &mut Vec<String>) -> BTreeMap<String, Operation> {
        let mut out = BTreeMap::new();
        let Some(paths) = self.root.get("paths").and_then(Value::as_object) else {
            errors.push(format!("{}: no `paths`", self.label));
            return out;
        };
        for (path, item) in paths {
            for method in HTTP_METHODS {
                let Some(op) = item.get(method) else { continue };
                let Some(id) = op.get("operationId").and_then(Value::as_str) else {
                    errors.push(format!(
                        "{}: {} {path} has no operationId",
                        self.label,
                        method.to_uppercase()
                    ));
                    continue;
                };
                let operation = Operation {
                    path: path.clone(),
                    method,
                    op: op.clone(),
                    path_item_params: item
                        .get("parameters")
                        .and_then(Value::as_array)
                        .cloned()
                        .unwrap_or_default(),
                };
                if out.insert(id.to_string(), operation).is_some() {
                    errors.push(format!("{}: duplicate operationId {id}", self.label));
                }
            }
        }
        out
    }
}

struct Operation {
    path: String,
    method: &'static str,
    op: Value,
    path_item_params: Vec<Value>,
}

/// `(in, name)` -> (raw parameter as written, resolved parameter).
type Params = BTreeMap<(String, String), (Value, Value)>;

/// Compares one `spec/` document against its real counterpart and collects every difference.
struct Comparison<'a> {
    ours: &'a Doc,
    real: &'a Doc,
    errors: Vec<String>,
    /// Schema pairs already compared (cycle guard; also avoids repeating the same report).
    visited: HashSet<(String, String)>,
}

impl Comparison<'_> {
    fn error(&mut self, message: String) {
        self.errors.push(format!("{}: {message}", self.ours.label));
    }

    fn run(&mut self, expected: &[&str], deviations: &Deviations) {
        let mut errors = Vec::new();
        let ours = self.ours.operations(&mut errors);
        let real = self.real.operations(&mut errors);
        self.errors.extend(errors);

        let expected: BTreeSet<&str> = expected.iter().copied().collect();
        let actual: BTreeSet<&str> = ours.keys().map(String::as_str).collect();
        if actual != expected {
            self.error(format!(
                "operationIds differ from the expected set: missing {:?}, unexpected {:?}",
                expected.difference(&actual).collect::<Vec<_>>(),
                actual.difference(&expected).collect::<Vec<_>>()
            ));
        }

        for (id, our_op) in &ours {
            match real.get(id) {
                Some(real_op) => self.compare_operation(id, our_op, real_op, deviations),
                None => self.error(format!("operation {id} does not exist in the real spec")),
            }
        }
        for (id, _, _) in deviations.path_fixes {
            if !ours.contains_key(*id) {
                self.error(format!(
                    "documented path fix for {id}, but no such operation"
                ));
            }
        }
    }

    fn compare_operation(
        &mut self,
        id: &str,
        ours: &Operation,
        real: &Operation,
        dev: &Deviations,
    ) {
        if ours.method != real.method {
            self.error(format!(
                "{id}: method {} != real {}",
                ours.method, real.method
            ));
        }
        match dev.path_fixes.iter().find(|(fix_id, _, _)| *fix_id == id) {
            Some((_, real_path, our_path)) => {
                if real.path != *real_path || ours.path != *our_path {
                    self.error(format!(
                        "{id}: documented path fix expects real {real_path:?} -> ours {our_path:?}, \
                         found real {:?} -> ours {:?}",
                        real.path, ours.path
                    ));
                }
            }
            None => {
                if ours.path != real.path {
                    self.error(format!(
                        "{id}: path {:?} != real {:?}",
                        ours.path, real.path
                    ));
                }
            }
        }
        check_path_placeholders(self, id, ours);

        if ours.op.get("security") != real.op.get("security") {
            self.error(format!(
                "{id}: security {:?} != real {:?}",
                ours.op.get("security"),
                real.op.get("security")
            ));
        }

        self.compare_parameters(id, ours, real, dev);
        self.compare_request_body(id, &ours.op, &real.op);
        self.compare_responses(id, &ours.op, &real.op);
    }

    fn params(&mut self, doc_is_ours: bool, op: &Operation) -> Params {
        let doc = if doc_is_ours { self.ours } else { self.real };
        let mut out = Params::new();
        let op_params = op.op.get("parameters").and_then(Value::as_array);
        let all = op
            .path_item_params
            .iter()
            .chain(op_params.into_iter().flatten());
        for raw in all {
            match doc.resolve(raw) {
                Ok((param, _)) => {
                    let key = (
                        str_of(param, "in").to_string(),
                        str_of(param, "name").to_string(),
                    );
                    // Operation-level parameters override path-level ones with the same key.
                    out.insert(key, (raw.clone(), param.clone()));
                }
                Err(e) => self.errors.push(e),
            }
        }
        out
    }

    fn compare_parameters(
        &mut self,
        id: &str,
        ours: &Operation,
        real: &Operation,
        dev: &Deviations,
    ) {
        let mut our_params = self.params(true, ours);
        let mut real_params = self.params(false, real);
        let is_experimental = |(location, name): &(String, String)| {
            location == "header" && name.eq_ignore_ascii_case(EXPERIMENTAL_HEADER)
        };

        let our_experimental: Vec<_> = our_params
            .keys()
            .filter(|k| is_experimental(k))
            .cloned()
            .collect();
        if dev.experimental_header {
            // Deviation: the header is present, required, a string, and defined once by $ref.
            match our_experimental.as_slice() {
                [key] => {
                    let (raw, param) = our_params.remove(key).expect("key exists");
                    if key.1 != EXPERIMENTAL_HEADER {
                        self.error(format!("{id}: experimental header is spelled {:?}", key.1));
                    }
                    if raw.get("$ref").and_then(Value::as_str) != Some(EXPERIMENTAL_REF) {
                        self.error(format!(
                            "{id}: experimental header must be a $ref to {EXPERIMENTAL_REF}, found {raw}"
                        ));
                    }
                    if param.get("required") != Some(&Value::Bool(true)) {
                        self.error(format!("{id}: experimental header must be required: true"));
                    }
                    if param.pointer("/schema/type") != Some(&Value::from("string")) {
                        self.error(format!(
                            "{id}: experimental header schema must be type: string"
                        ));
                    }
                    // The seed documents "(default to 'true')": a string, not a boolean.
                    if param.pointer("/schema/default") != Some(&Value::from("true")) {
                        self.error(format!(
                            "{id}: experimental header schema must have default: 'true'"
                        ));
                    }
                }
                [] => self.error(format!(
                    "{id}: missing the required `{EXPERIMENTAL_HEADER}` header parameter"
                )),
                _ => self.error(format!("{id}: experimental header declared more than once")),
            }
            // The real spec declares it (inline) on some operations only.
            real_params.retain(|k, _| !is_experimental(k));
        } else if !our_experimental.is_empty() {
            self.error(format!("{id}: unexpected experimental header parameter"));
        }

        let our_keys: BTreeSet<_> = our_params.keys().cloned().collect();
        let real_keys: BTreeSet<_> = real_params.keys().cloned().collect();
        for (location, name) in real_keys.difference(&our_keys) {
            self.error(format!("{id}: missing parameter {location}:{name}"));
        }
        for (location, name) in our_keys.difference(&real_keys) {
            self.error(format!("{id}: extra parameter {location}:{name}"));
        }
        for key in our_keys.intersection(&real_keys) {
            let (_, ours) = &our_params[key];
            let (_, real) = &real_params[key];
            let (location, name) = key;
            let required = |p: &Value| p.get("required").and_then(Value::as_bool).unwrap_or(false);
            if required(ours) != required(real) {
                self.error(format!(
                    "{id}: parameter {location}:{name} required={} != real {}",
                    required(ours),
                    required(real)
                ));
            }
            let at = format!("{id} parameter {location}:{name} schema");
            match (ours.get("schema"), real.get("schema")) {
                (Some(o), Some(r)) => self.compare_schema(&at, o, r),
                (None, None) => {}
                (o, _) => self.error(format!(
                    "{at}: present in ours={} but not in both",
                    o.is_some()
                )),
            }
        }
    }

    fn compare_request_body(&mut self, id: &str, ours: &Value, real: &Value) {
        let (our_body, real_body) = match (ours.get("requestBody"), real.get("requestBody")) {
            (None, None) => return,
            (Some(o), Some(r)) => (o, r),
            (o, _) => {
                self.error(format!(
                    "{id}: requestBody present in ours={}, real={}",
                    o.is_some(),
                    o.is_none()
                ));
                return;
            }
        };
        let (Some(our_body), Some(real_body)) =
            (self.resolve_ours(our_body), self.resolve_real(real_body))
        else {
            return;
        };
        let required = |b: &Value| b.get("required").and_then(Value::as_bool).unwrap_or(false);
        if required(&our_body) != required(&real_body) {
            self.error(format!(
                "{id}: requestBody required={} != real {}",
                required(&our_body),
                required(&real_body)
            ));
        }
        self.compare_content(&format!("{id} requestBody"), &our_body, &real_body);
    }

    fn compare_responses(&mut self, id: &str, ours: &Value, real: &Value) {
        let empty = serde_json::Map::new();
        let our_responses = ours
            .get("responses")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let real_responses = real
            .get("responses")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let our_codes: BTreeSet<&String> = our_responses.keys().collect();
        let real_codes: BTreeSet<&String> = real_responses.keys().collect();
        if our_codes != real_codes {
            self.error(format!(
                "{id}: response statuses {our_codes:?} != real {real_codes:?}"
            ));
        }
        for code in our_codes.intersection(&real_codes) {
            let (Some(ours), Some(real)) = (
                self.resolve_ours(&our_responses[*code]),
                self.resolve_real(&real_responses[*code]),
            ) else {
                continue;
            };
            self.compare_content(&format!("{id} response {code}"), &ours, &real);
        }
    }

    /// Compares the `content` maps (media types and their schemas) of a request body or response.
    fn compare_content(&mut self, at: &str, ours: &Value, real: &Value) {
        let empty = serde_json::Map::new();
        let our_content = ours
            .get("content")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let real_content = real
            .get("content")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let our_types: BTreeSet<&String> = our_content.keys().collect();
        let real_types: BTreeSet<&String> = real_content.keys().collect();
        if our_types != real_types {
            self.error(format!(
                "{at}: content types {our_types:?} != real {real_types:?}"
            ));
        }
        for media_type in our_types.intersection(&real_types) {
            let location = format!("{at} {media_type}");
            match (
                our_content[*media_type].get("schema"),
                real_content[*media_type].get("schema"),
            ) {
                (Some(o), Some(r)) => self.compare_schema(&location, o, r),
                (None, None) => {}
                (o, _) => self.error(format!(
                    "{location}: schema present in ours={} but not in both",
                    o.is_some()
                )),
            }
        }
    }

    fn resolve_ours(&mut self, value: &Value) -> Option<Value> {
        match self.ours.resolve(value) {
            Ok((v, _)) => Some(v.clone()),
            Err(e) => {
                self.errors.push(e);
                None
            }
        }
    }

    fn resolve_real(&mut self, value: &Value) -> Option<Value> {
        match self.real.resolve(value) {
            Ok((v, _)) => Some(v.clone()),
            Err(e) => {
                self.errors.push(e);
                None
            }
        }
    }

    /// Structural comparison of two schemas (and everything reachable from them) at `at`.
    fn compare_schema(&mut self, at: &str, ours: &Value, real: &Value) {
        let ours_doc = self.ours;
        let real_doc = self.real;
        let (ours, our_ref) = match ours_doc.resolve(ours) {
            Ok(v) => v,
            Err(e) => return self.errors.push(format!("{e} (at {at})")),
        };
        let (real, real_ref) = match real_doc.resolve(real) {
            Ok(v) => v,
            Err(e) => return self.errors.push(format!("{e} (at {at})")),
        };
        if our_ref.is_some() || real_ref.is_some() {
            let key = (
                our_ref.map_or_else(|| format!("inline@{at}"), str::to_string),
                real_ref.map_or_else(|| format!("inline@{at}"), str::to_string),
            );
            if !self.visited.insert(key) {
                return;
            }
        }
        let at = match our_ref {
            Some(r) => format!("{at} ({r})"),
            None => at.to_string(),
        };

        for keyword in COMPARED_KEYWORDS {
            if ours.get(keyword) != real.get(keyword) {
                self.error(format!(
                    "{at}: `{keyword}` {} != real {}",
                    show(ours.get(keyword)),
                    show(real.get(keyword))
                ));
            }
        }
        let nullable = |s: &Value| s.get("nullable").and_then(Value::as_bool).unwrap_or(false);
        if nullable(ours) != nullable(real) {
            self.error(format!(
                "{at}: nullable {} != real {}",
                nullable(ours),
                nullable(real)
            ));
        }
        if ours.get("enum") != real.get("enum") {
            self.error(format!(
                "{at}: enum {} != real {}",
                show(ours.get("enum")),
                show(real.get("enum"))
            ));
        }
        let required = |s: &Value| -> BTreeSet<String> {
            s.get("required")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default()
        };
        if required(ours) != required(real) {
            self.error(format!(
                "{at}: required {:?} != real {:?}",
                required(ours),
                required(real)
            ));
        }

        // properties
        let empty = serde_json::Map::new();
        let our_props = ours
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let real_props = real
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let our_names: BTreeSet<&String> = our_props.keys().collect();
        let real_names: BTreeSet<&String> = real_props.keys().collect();
        if our_names != real_names {
            self.error(format!(
                "{at}: property names differ: missing {:?}, extra {:?}",
                real_names.difference(&our_names).collect::<Vec<_>>(),
                our_names.difference(&real_names).collect::<Vec<_>>()
            ));
        }
        for name in our_names.intersection(&real_names) {
            self.compare_schema(
                &format!("{at}.properties.{name}"),
                &our_props[*name],
                &real_props[*name],
            );
        }

        // items, not
        for keyword in ["items", "not"] {
            match (ours.get(keyword), real.get(keyword)) {
                (Some(o), Some(r)) => self.compare_schema(&format!("{at}.{keyword}"), o, r),
                (None, None) => {}
                (o, r) => self.error(format!("{at}: `{keyword}` {} != real {}", show(o), show(r))),
            }
        }

        // additionalProperties: a schema on both sides is compared structurally.
        match (
            ours.get("additionalProperties"),
            real.get("additionalProperties"),
        ) {
            (Some(o @ Value::Object(_)), Some(r @ Value::Object(_))) => {
                self.compare_schema(&format!("{at}.additionalProperties"), o, r)
            }
            (o, r) if o != r => self.error(format!(
                "{at}: additionalProperties {} != real {}",
                show(o),
                show(r)
            )),
            _ => {}
        }

        // composition
        for keyword in ["allOf", "oneOf", "anyOf"] {
            let list = |s: &Value| s.get(keyword).and_then(Value::as_array).cloned();
            match (list(ours), list(real)) {
                (Some(o), Some(r)) if o.len() == r.len() => {
                    for (i, (o, r)) in o.iter().zip(&r).enumerate() {
                        self.compare_schema(&format!("{at}.{keyword}[{i}]"), o, r);
                    }
                }
                (None, None) => {}
                (o, r) => self.error(format!(
                    "{at}: `{keyword}` has {:?} entries != real {:?}",
                    o.map(|v| v.len()),
                    r.map(|v| v.len())
                )),
            }
        }
    }
}

fn str_of<'a>(value: &'a Value, key: &str) -> &'a str {
    value.get(key).and_then(Value::as_str).unwrap_or("")
}

fn show(value: Option<&Value>) -> String {
    value.map_or_else(|| "<absent>".to_string(), Value::to_string)
}

/// Every `{placeholder}` in our path must be declared as an `in: path` parameter and vice versa.
fn check_path_placeholders(cmp: &mut Comparison<'_>, id: &str, ours: &Operation) {
    let placeholders: BTreeSet<String> = ours
        .path
        .split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(name, _)| name.to_string()))
        .collect();
    let declared: BTreeSet<String> = cmp
        .params(true, ours)
        .into_keys()
        .filter(|(location, _)| location == "path")
        .map(|(_, name)| name)
        .collect();
    if placeholders != declared {
        cmp.error(format!(
            "{id}: path placeholders {placeholders:?} != declared path parameters {declared:?}"
        ));
    }
}

/// Collects every `$ref` string in a document.
fn collect_refs<'a>(value: &'a Value, out: &mut Vec<&'a str>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v) {
                    ("$ref", Value::String(s)) => out.push(s),
                    _ => collect_refs(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

/// cc-specific assertions on the documented naming of the inline request-body schemas.
fn check_cc_named_schemas(ours: &Doc, real: &Doc) -> Vec<String> {
    let mut errors = Vec::new();
    let body = "/paths/~1cc~1api~1system~1refreshIdentities/post/requestBody/content/application~1json/schema";
    let mut expect = |doc: &Doc, pointer: &str, expected: Option<&str>, what: &str| {
        let actual = doc
            .root
            .pointer(pointer)
            .map(|s| s.get("$ref").and_then(Value::as_str));
        match actual {
            None => errors.push(format!("{}: {what}: nothing at {pointer}", doc.label)),
            Some(actual) if actual != expected => errors.push(format!(
                "{}: {what}: expected $ref {expected:?}, found {actual:?}",
                doc.label
            )),
            Some(_) => {}
        }
    };
    expect(
        ours,
        body,
        Some("#/components/schemas/RefreshIdentitiesRequest"),
        "request body schema",
    );
    expect(
        ours,
        "/components/schemas/RefreshIdentitiesRequest/properties/refreshArgs",
        Some("#/components/schemas/RefreshIdentitiesRequestRefreshArgs"),
        "RefreshIdentitiesRequest.refreshArgs",
    );
    // The real spec has these schemas inline; that is what the structural comparison matched.
    expect(real, body, None, "real request body schema (inline)");
    expect(
        real,
        &format!("{body}/properties/refreshArgs"),
        None,
        "real refreshArgs schema (inline)",
    );

    let args = ours
        .root
        .pointer("/components/schemas/RefreshIdentitiesRequestRefreshArgs/properties")
        .and_then(Value::as_object);
    let flags = [
        "correlateEntitlements",
        "promoteAttributes",
        "refreshManagerStatus",
        "synchronizeAttributes",
        "pruneIdentities",
        "provision",
    ];
    match args {
        Some(args) => {
            let names: Vec<&str> = args.keys().map(String::as_str).collect();
            if names != flags {
                errors.push(format!(
                    "cc: RefreshIdentitiesRequestRefreshArgs properties {names:?}"
                ));
            }
            for (name, schema) in args {
                if schema.get("type") != Some(&Value::from("boolean")) {
                    errors.push(format!("cc: refreshArgs.{name} is not a boolean"));
                }
            }
        }
        None => errors.push("cc: RefreshIdentitiesRequestRefreshArgs has no properties".into()),
    }

    // Content-Type is modelled as an optional header parameter, as in the real spec.
    let params = ours
        .root
        .pointer("/paths/~1cc~1api~1system~1refreshIdentities/post/parameters")
        .and_then(Value::as_array);
    let content_type = params.into_iter().flatten().find(|p| {
        str_of(p, "in") == "header" && str_of(p, "name").eq_ignore_ascii_case("Content-Type")
    });
    match content_type {
        Some(p) if p.get("required").and_then(Value::as_bool).unwrap_or(false) => {
            errors.push("cc: Content-Type header parameter must be optional".into())
        }
        Some(_) => {}
        None => errors.push("cc: Content-Type header parameter missing".into()),
    }
    errors
}

#[test]
fn spec_matches_real_specs() {
    let mut errors = Vec::new();
    let files: [(&str, &[&str], &Deviations); 2] = [
        ("v2024.yaml", &V2024_OPERATIONS, &V2024_DEVIATIONS),
        ("cc.yaml", &CC_OPERATIONS, &CC_DEVIATIONS),
    ];
    for (file, expected, deviations) in files {
        let ours = Doc::load(&format!("spec/{file}"), &spec_dir().join(file));
        let real = Doc::load(&format!("real {file}"), &real_dir().join(file));

        // Every $ref in our document must resolve inside it.
        let mut refs = Vec::new();
        collect_refs(&ours.root, &mut refs);
        for reference in refs {
            if let Err(e) = ours.resolve(&serde_json::json!({ "$ref": reference })) {
                errors.push(e);
            }
        }

        let mut comparison = Comparison {
            ours: &ours,
            real: &real,
            errors: Vec::new(),
            visited: HashSet::new(),
        };
        comparison.run(expected, deviations);
        errors.extend(comparison.errors);
        if file == "cc.yaml" {
            errors.extend(check_cc_named_schemas(&ours, &real));
        }
    }
    assert!(
        errors.is_empty(),
        "spec/ differs from the real SailPoint specs in {} undocumented way(s):\n  - {}",
        errors.len(),
        errors.join("\n  - ")
    );
}

#[test]
fn spec_files_parse_as_openapi_3_0_3() {
    for file in ["v2024.yaml", "cc.yaml"] {
        let path = spec_dir().join(file);
        let api: openapiv3::OpenAPI = serde_yaml::from_str(&read(&path))
            .unwrap_or_else(|e| panic!("{} is not a valid OpenAPI document: {e}", path.display()));
        assert_eq!(api.openapi, "3.0.3", "{file}: openapi version");
        assert!(!api.paths.paths.is_empty(), "{file}: no paths");
    }
}
