//! Stage 3a: schemas → named models in a [`TypeSpace`].
//!
//! Component schemas are registered first (so `$ref`s and cycles resolve to ids), then each
//! schema is lowered. Inline schemas that need a Rust type of their own (objects, enums, unions)
//! get a stable name from where they appear (`Identity` + `attributes` → `IdentityAttributes`),
//! and are cached by JSON pointer so a shared schema is lowered once. References are followed
//! through [`Resolver`] only.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::rc::Rc;

use serde_json::Value;

use crate::diagnostics::{Diagnostics, Pointer};
use crate::ir::{
    EnumValue, Field, StructDef, TypeDef, TypeId, TypeKind, TypeRef, TypeSpace, UnionDef,
    UnionVariant,
};
use crate::lower::docs;
use crate::naming::{enum_variant_name, reserved_type_name, snake_name, type_name, NameScope};
use crate::read::load::LoadedSpec;
use crate::read::resolve::Resolver;
use crate::read::spec::{Additional, InstanceType, Reader, Schema};

/// Builds the type space of one spec; operations call [`TypeBuilder::lower`] for their schemas.
pub struct TypeBuilder<'a> {
    spec: &'a LoadedSpec,
    resolver: Resolver<'a>,
    diagnostics: &'a mut Diagnostics,
    space: TypeSpace,
    names: NameScope,
    /// Lowered schemas by the pointer where they are defined.
    by_pointer: HashMap<Pointer, TypeRef>,
    /// `$ref` targets being lowered, to stop on a reference that leads back to itself.
    following: HashSet<Pointer>,
    /// Schemas read at `$ref` targets.
    targets: HashMap<Pointer, Rc<Schema>>,
}

/// What a schema is, once its keywords are read together.
enum Shape<'s> {
    /// Only a reference (its siblings merely annotate it).
    Reference(&'s str),
    /// One member of `allOf`/`oneOf`/`anyOf` stands for the whole (the others annotate or are
    /// `null`); `true` when the whole may be null.
    Member(&'s Schema, bool),
    /// An object: properties, possibly merged from `allOf` members, possibly around a union.
    Struct,
    /// `oneOf`/`anyOf` with several non-null members.
    Union(Vec<&'s Schema>),
    /// A list of several instance types (`type: [string, integer]`).
    TypeUnion,
    /// String values.
    StringEnum(Vec<&'s str>),
    /// A type expression: scalar, list, map or any value.
    Expression,
}

/// A struct's members after `allOf` merging.
#[derive(Default)]
struct ObjectParts {
    properties: Vec<(String, Rc<Schema>)>,
    required: HashSet<String>,
    additional: Option<Additional>,
    /// Schemas whose `oneOf`/`anyOf` the struct carries as a flattened union.
    unions: Vec<Schema>,
}

impl<'a> TypeBuilder<'a> {
    /// Registers every component schema of `spec` and lowers them.
    pub fn new(spec: &'a LoadedSpec, diagnostics: &'a mut Diagnostics) -> Self {
        let mut builder = TypeBuilder {
            spec,
            resolver: Resolver::new(&spec.json),
            diagnostics,
            space: TypeSpace::default(),
            names: NameScope::new(),
            by_pointer: HashMap::new(),
            following: HashSet::new(),
            targets: HashMap::new(),
        };
        let components = Pointer::root().push("components").push("schemas");
        let entries = spec
            .json
            .pointer("/components/schemas")
            .and_then(Value::as_object);
        let mut schemas = Vec::with_capacity(entries.map_or(0, |e| e.len()));
        let mut taken_by: HashMap<String, String> = HashMap::new();
        for (name, value) in entries.into_iter().flatten() {
            let pointer = components.push(name);
            let schema = builder.read(value, &pointer);
            let wanted = type_name(name);
            let rust_name = builder.names.claim(&wanted);
            if let Some(used) = reserved_type_name(name) {
                let becomes = if used == *name {
                    String::new()
                } else {
                    format!(" would be `{used}`, which")
                };
                builder.diagnostics.renamed(
                    &pointer,
                    format!("schema name `{name}`{becomes} is a name the generated code uses (Rust's prelude or its own items); named `{rust_name}`"),
                );
            } else if rust_name != wanted {
                let other = taken_by
                    .get(&wanted)
                    .cloned()
                    .unwrap_or_else(|| wanted.clone());
                builder.diagnostics.repaired(
                    &pointer,
                    format!("schema name `{name}` becomes `{wanted}`, which `{other}` already has; named `{rust_name}`"),
                );
            }
            taken_by.insert(rust_name.clone(), name.clone());
            let docs = docs::append(docs::schema_docs(&schema), docs::facts(&schema));
            let id = builder.push(rust_name, docs, pointer.clone());
            // References to a nullable schema are `Option`s; the model itself is not.
            let nullable = builder.admits_null(&schema)
                || matches!(builder.shape(&schema), Shape::Member(_, true));
            let ty = nullable_if(TypeRef::Named(id), nullable);
            builder.by_pointer.insert(pointer.clone(), ty);
            let schema = Rc::new(schema);
            builder.targets.insert(pointer, schema.clone());
            schemas.push((schema, id));
        }
        for (schema, id) in schemas {
            let name = builder.space.get(id).name.clone();
            let kind = builder.kind_of(&schema, &name, id);
            builder.space.types[id.0].kind = kind;
        }
        builder
    }

    /// The lowered models (cycles are broken by a later pass, [`crate::passes::cycles`]).
    pub fn finish(self) -> TypeSpace {
        self.space
    }

    /// Records a warning through the builder's diagnostics.
    pub fn diagnostics(&mut self) -> &mut Diagnostics {
        self.diagnostics
    }

    /// A reader for the spec's dialect, recording into the builder's diagnostics.
    pub fn reader(&mut self) -> Reader<'_> {
        Reader {
            dialect: self.spec.dialect(),
            diagnostics: self.diagnostics,
        }
    }

    /// Reads the schema written at `pointer`.
    pub fn read(&mut self, value: &Value, pointer: &Pointer) -> Schema {
        Schema::read(value, pointer, &mut self.reader())
    }

    /// Whether a model lowered so far is a string enum.
    pub fn is_string_enum(&self, id: TypeId) -> bool {
        self.space
            .types
            .get(id.0)
            .is_some_and(|def| matches!(def.kind, TypeKind::StringEnum(_)))
    }

    /// The resolver of this spec.
    pub fn resolver(&self) -> Resolver<'a> {
        self.resolver
    }

    /// The schema a `$ref` points at, read once and cached.
    pub fn schema_at(&mut self, reference: &str) -> Result<Rc<Schema>, String> {
        let (value, pointer) = self.resolver.target(reference)?;
        if let Some(found) = self.targets.get(&pointer) {
            return Ok(found.clone());
        }
        let schema = Rc::new(self.read(value, &pointer));
        self.targets.insert(pointer, schema.clone());
        Ok(schema)
    }

    /// The schema behind `schema`'s reference chain (itself when it is not a reference).
    pub fn dereference(&mut self, schema: &Schema) -> Rc<Schema> {
        let mut current = Rc::new(schema.clone());
        let mut seen = HashSet::new();
        while let Some(reference) = current.reference.clone().filter(|_| !current.has_shape()) {
            if !seen.insert(reference.clone()) {
                break;
            }
            match self.schema_at(&reference) {
                Ok(target) => current = target,
                Err(_) => break,
            }
        }
        current
    }

    fn push(&mut self, name: String, docs: Option<String>, pointer: Pointer) -> TypeId {
        let id = TypeId(self.space.types.len());
        self.space.types.push(TypeDef {
            name,
            docs,
            pointer,
            kind: TypeKind::Alias(TypeRef::Json),
            in_requests: false,
        });
        id
    }

    /// Whether `schema` admits `null`: `nullable`, `type: [..., "null"]`, or a member of its
    /// `oneOf`/`anyOf` that admits it (`{type: 'null'}`, a nullable member, a reference to a
    /// nullable schema): a union of `Quote`, `ShallowQuote` and `null` is an optional union, not
    /// one that forgets its `null`.
    fn admits_null(&mut self, schema: &Schema) -> bool {
        if schema.nullable {
            return true;
        }
        for member in schema.one_of.iter().chain(&schema.any_of) {
            if member.nullable {
                return true;
            }
            if let Some(reference) = &member.reference {
                if self
                    .schema_at(reference)
                    .is_ok_and(|target| target.nullable)
                {
                    return true;
                }
            }
        }
        false
    }

    /// Lowers a schema; `hint` names the model if it needs one.
    pub fn lower(&mut self, schema: &Schema, hint: &str) -> TypeRef {
        if let Some(found) = self.by_pointer.get(&schema.pointer) {
            return found.clone();
        }
        let ty = match self.shape(schema) {
            Shape::Reference(reference) => {
                let ty = self.follow_ref(reference, hint, &schema.pointer);
                nullable_if(ty, schema.nullable)
            }
            Shape::Member(member, nullable) => {
                let ty = self.lower(member, hint);
                nullable_if(ty, nullable || schema.nullable)
            }
            Shape::Expression => {
                let ty = self.expression(schema, hint);
                nullable_if(ty, schema.nullable)
            }
            _ => {
                let wanted = type_name(hint);
                let (name, collided) = self.names.claim_for(&wanted, schema.pointer.as_str());
                if let Some(other) = collided {
                    self.diagnostics.repaired(
                        &schema.pointer,
                        format!("this schema would be named `{wanted}`, which `{other}` already is; named `{name}`"),
                    );
                }
                let id = self.push(
                    name.clone(),
                    docs::schema_docs(schema),
                    schema.pointer.clone(),
                );
                self.by_pointer
                    .insert(schema.pointer.clone(), TypeRef::Named(id));
                let kind = self.kind_of(schema, &name, id);
                self.space.types[id.0].kind = kind;
                let nullable = self.admits_null(schema);
                nullable_if(TypeRef::Named(id), nullable)
            }
        };
        self.by_pointer.insert(schema.pointer.clone(), ty.clone());
        ty
    }

    /// Resolves a `$ref` to a type, lowering the target on first use if it is not a component.
    fn follow_ref(&mut self, reference: &str, hint: &str, at: &Pointer) -> TypeRef {
        let target = match self.resolver.target(reference) {
            Ok((_, target)) => target,
            Err(message) => {
                self.diagnostics
                    .degraded(at, format!("{message}; typed as any JSON value"));
                return TypeRef::Json;
            }
        };
        if let Some(found) = self.by_pointer.get(&target) {
            return found.clone();
        }
        if !self.following.insert(target.clone()) {
            self.diagnostics.degraded(
                at,
                format!("reference `{reference}` leads back to itself without a type in between; typed as any JSON value"),
            );
            return TypeRef::Json;
        }
        let result = match self.schema_at(reference) {
            Ok(schema) => {
                let target_hint = hint_from_pointer(&target).unwrap_or_else(|| hint.to_owned());
                self.lower(&schema, &target_hint)
            }
            Err(message) => {
                self.diagnostics
                    .degraded(at, format!("{message}; typed as any JSON value"));
                TypeRef::Json
            }
        };
        self.following.remove(&target);
        result
    }

    /// Reads the keywords of `schema` together and decides what it is.
    fn shape<'s>(&mut self, schema: &'s Schema) -> Shape<'s> {
        if let Some(reference) = &schema.reference {
            if !schema.has_shape() {
                return Shape::Reference(reference);
            }
            // A reference with shape keywords beside it (3.1): all of them apply.
            return Shape::Struct;
        }
        let own_object = !schema.properties.is_empty();
        let union_members = |members: &'s [Rc<Schema>]| -> Vec<&'s Schema> {
            members
                .iter()
                .map(|m| &**m)
                .filter(|m| !m.is_null_marker())
                .collect()
        };
        for members in [&schema.one_of, &schema.any_of] {
            if members.is_empty() {
                continue;
            }
            let real = union_members(members);
            let has_null = real.len() < members.len();
            if own_object || !schema.all_of.is_empty() {
                return Shape::Struct;
            }
            return match real.as_slice() {
                [] => Shape::Expression,
                [only] => Shape::Member(only, has_null),
                _ => Shape::Union(real),
            };
        }
        if !schema.all_of.is_empty() && !own_object {
            let real: Vec<&Schema> = schema
                .all_of
                .iter()
                .map(|m| &**m)
                .filter(|m| !m.is_annotation())
                .collect();
            let nullable = schema
                .all_of
                .iter()
                .any(|m| m.is_annotation() && m.nullable);
            match real.as_slice() {
                [only] => return Shape::Member(only, nullable),
                [] => {
                    if let Some(typed) = schema.all_of.iter().find(|m| !m.types.is_empty()) {
                        return Shape::Member(typed, nullable);
                    }
                    return Shape::Expression;
                }
                _ => return Shape::Struct,
            }
        }
        if own_object || !schema.all_of.is_empty() {
            return Shape::Struct;
        }
        if let Some(values) = &schema.enumeration {
            let strings: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
            if !strings.is_empty() && strings.len() == values.len() {
                return Shape::StringEnum(strings);
            }
            return Shape::Expression;
        }
        let distinct: BTreeSet<InstanceType> = schema
            .types
            .iter()
            .map(|t| match t {
                // An integer is a number: `[integer, number]` is one numeric type.
                InstanceType::Integer => InstanceType::Number,
                other => *other,
            })
            .collect();
        if distinct.len() > 1 {
            return Shape::TypeUnion;
        }
        Shape::Expression
    }

    /// The model a named schema becomes; `id` is the model's own id.
    fn kind_of(&mut self, schema: &Schema, name: &str, id: TypeId) -> TypeKind {
        match self.shape(schema) {
            Shape::Reference(reference) => {
                TypeKind::Alias(self.follow_ref(reference, name, &schema.pointer))
            }
            // `Foo: {allOf: [{type: object, ...}]}` is that object, named `Foo`.
            Shape::Member(member, nullable)
                if member.reference.is_none() && self.is_model(member) =>
            {
                let ty = nullable_if(TypeRef::Named(id), nullable);
                self.by_pointer.insert(member.pointer.clone(), ty);
                if self.space.types[id.0].docs.is_none() {
                    self.space.types[id.0].docs = docs::schema_docs(member);
                }
                self.kind_of(member, name, id)
            }
            // Nullability travels with the references to this model.
            Shape::Member(member, _) => match self.lower(member, name) {
                TypeRef::Nullable(inner) => TypeKind::Alias(*inner),
                other => TypeKind::Alias(other),
            },
            Shape::Struct => self.struct_kind(schema, name),
            Shape::Union(members) => self.union_of(&members, schema, name),
            Shape::TypeUnion => self.type_union(schema, name),
            Shape::StringEnum(values) => TypeKind::StringEnum(enum_values(
                values.into_iter(),
                &schema.pointer,
                self.diagnostics,
            )),
            Shape::Expression => TypeKind::Alias(self.expression(schema, name)),
        }
    }

    /// Whether a schema becomes a model of its own (not a type expression or a reference).
    fn is_model(&mut self, schema: &Schema) -> bool {
        !matches!(
            self.shape(schema),
            Shape::Expression | Shape::Reference(_) | Shape::Member(..)
        )
    }

    /// A schema that maps to a type expression (no model of its own).
    fn expression(&mut self, schema: &Schema, hint: &str) -> TypeRef {
        if schema.never {
            return TypeRef::Json;
        }
        let kind = schema.types.first().copied().or_else(|| {
            // No `type`: infer from the keywords present.
            if schema.items.is_some() || !schema.prefix_items.is_empty() {
                Some(InstanceType::Array)
            } else if !matches!(schema.additional, Additional::Unspecified) {
                Some(InstanceType::Object)
            } else if let Some(first) = schema.enumeration.as_ref().and_then(|v| v.first()) {
                match first {
                    Value::String(_) => Some(InstanceType::String),
                    Value::Bool(_) => Some(InstanceType::Boolean),
                    Value::Number(n) if n.is_i64() || n.is_u64() => Some(InstanceType::Integer),
                    Value::Number(_) => Some(InstanceType::Number),
                    _ => None,
                }
            } else if schema.effective_format().is_some() {
                Some(InstanceType::String)
            } else {
                None
            }
        });
        let numeric = schema.types.contains(&InstanceType::Number);
        match kind {
            Some(InstanceType::String) => match schema.effective_format() {
                Some("date-time") => TypeRef::DateTime,
                Some("date") => TypeRef::Date,
                Some("binary") => TypeRef::Bytes,
                _ => TypeRef::String,
            },
            Some(InstanceType::Integer) if numeric => TypeRef::F64,
            Some(InstanceType::Integer) => match schema.format.as_deref() {
                Some("int32" | "int16" | "int8") => TypeRef::I32,
                Some("uint64" | "uint" | "uint32") => TypeRef::U64,
                _ => TypeRef::I64,
            },
            Some(InstanceType::Number) => match schema.format.as_deref() {
                Some("float") => TypeRef::F32,
                _ => TypeRef::F64,
            },
            Some(InstanceType::Boolean) => TypeRef::Bool,
            Some(InstanceType::Array) => self.array(schema, hint),
            Some(InstanceType::Object) => self.map_of(&schema.additional, hint),
            None => {
                if schema.not.is_some() {
                    self.diagnostics.degraded(
                        &schema.pointer,
                        "`not` alone cannot be expressed as a Rust type; typed as any JSON value",
                    );
                }
                TypeRef::Json
            }
        }
    }

    fn array(&mut self, schema: &Schema, hint: &str) -> TypeRef {
        if !schema.prefix_items.is_empty() {
            let items: Vec<TypeRef> = schema
                .prefix_items
                .iter()
                .enumerate()
                .map(|(i, item)| self.lower(item, &format!("{hint}Item{i}")))
                .collect();
            let exact = schema.bounds.max_items == Some(items.len() as u64)
                || schema.items.as_ref().is_some_and(|i| i.never);
            if exact {
                return TypeRef::Tuple(items);
            }
            let rest = schema
                .items
                .as_ref()
                .map(|i| self.lower(i, &format!("{hint}Item")));
            let same = items.iter().chain(rest.as_ref()).all(|t| *t == items[0]);
            return TypeRef::Vec(Box::new(if same {
                items[0].clone()
            } else {
                TypeRef::Json
            }));
        }
        match &schema.items {
            Some(items) => TypeRef::Vec(Box::new(self.lower(items, &format!("{hint}Item")))),
            None => TypeRef::Vec(Box::new(TypeRef::Json)),
        }
    }

    fn map_of(&mut self, additional: &Additional, hint: &str) -> TypeRef {
        match additional {
            Additional::Schema(value) => match self.lower(value, &format!("{hint}Value")) {
                TypeRef::Json => TypeRef::JsonObject,
                value => TypeRef::Map(Box::new(value)),
            },
            _ => TypeRef::JsonObject,
        }
    }

    /// `type: [string, integer, ...]`: a union with one variant per type.
    fn type_union(&mut self, schema: &Schema, name: &str) -> TypeKind {
        let mut names = NameScope::new();
        let mut variants = Vec::new();
        for (i, t) in schema.types.iter().enumerate() {
            let single = Schema {
                pointer: schema.pointer.push("type").push(i),
                types: vec![*t],
                nullable: false,
                title: None,
                description: None,
                ..schema.clone()
            };
            // Only an object or array member needs a name of its own: `{name}Object`.
            let ty = self.lower(&single, &format!("{name}{t:?}"));
            variants.push(UnionVariant {
                name: names.claim(&expression_variant_name(&ty)),
                ty,
                tags: Vec::new(),
                boxed: false,
            });
        }
        let space = &self.space;
        variants.sort_by_key(|v| std::cmp::Reverse(specificity(space, &v.ty)));
        TypeKind::Union(UnionDef {
            fallback: names.claim("Other"),
            variants,
            discriminator: None,
        })
    }

    /// An object model: own properties, `allOf` members merged in, and any `oneOf`/`anyOf`
    /// beside them carried as a flattened union.
    fn struct_kind(&mut self, schema: &Schema, name: &str) -> TypeKind {
        let mut parts = ObjectParts::default();
        let mut seen = HashSet::new();
        if let Err(reason) = self.collect_object(schema, &mut parts, &mut seen, true) {
            self.diagnostics.degraded(
                &schema.pointer,
                format!("{reason}; the merged type is any JSON value"),
            );
            return TypeKind::Alias(TypeRef::Json);
        }
        TypeKind::Struct(self.struct_of(parts, name))
    }

    /// Adds an object schema's members to `parts`; an error says why it is not an object.
    fn collect_object(
        &mut self,
        schema: &Schema,
        parts: &mut ObjectParts,
        seen: &mut HashSet<Pointer>,
        top: bool,
    ) -> Result<(), String> {
        if let Some(reference) = &schema.reference {
            let target = self.schema_at(reference)?;
            if seen.insert(target.pointer.clone()) {
                self.collect_object(&target, parts, seen, false)?;
            }
        }
        if !top
            && schema.reference.is_none()
            && schema.is_annotation()
            && schema.properties.is_empty()
        {
            if schema.types.iter().any(|t| *t != InstanceType::Object) {
                return Err(format!(
                    "`{}` is not an object schema and cannot be merged with objects",
                    schema.pointer
                ));
            }
            return Ok(());
        }
        if schema.enumeration.as_ref().is_some_and(|v| !v.is_empty()) {
            return Err(format!(
                "`{}` is an enum and cannot be merged with objects",
                schema.pointer
            ));
        }
        if schema.items.is_some() || schema.types.contains(&InstanceType::Array) {
            return Err(format!(
                "`{}` is a list and cannot be merged with objects",
                schema.pointer
            ));
        }
        for member in &schema.all_of {
            self.collect_object(member, parts, seen, false)?;
        }
        for (key, property) in &schema.properties {
            match parts.properties.iter_mut().find(|(k, _)| k == key) {
                Some(entry) => entry.1 = both(&entry.1, property),
                None => parts.properties.push((key.clone(), property.clone())),
            }
        }
        parts.required.extend(schema.required.iter().cloned());
        if !matches!(schema.additional, Additional::Unspecified) {
            parts.additional = Some(schema.additional.clone());
        }
        let unions = [("oneOf", &schema.one_of), ("anyOf", &schema.any_of)];
        for (keyword, members) in unions {
            if members.iter().filter(|m| !m.is_null_marker()).count() > 0 {
                let mut union = schema.clone();
                union.pointer = schema.pointer.push(keyword);
                union.reference = None;
                union.properties.clear();
                union.required.clear();
                union.all_of.clear();
                union.additional = Additional::Unspecified;
                union.types.clear();
                if keyword == "oneOf" {
                    union.any_of.clear();
                } else {
                    union.one_of.clear();
                }
                parts.unions.push(union);
            }
        }
        Ok(())
    }

    fn struct_of(&mut self, parts: ObjectParts, name: &str) -> StructDef {
        let mut field_names = NameScope::new();
        let mut fields = Vec::with_capacity(parts.properties.len());
        // Properties the union's variants declare themselves are left to them.
        let mut union_fields: HashSet<String> = HashSet::new();
        let mut flattened = Vec::new();
        for union in &parts.unions {
            union_fields.extend(self.member_property_names(union));
            flattened.push(self.lower(union, &format!("{name}Kind")));
        }
        for (wire_name, schema) in parts.properties {
            if union_fields.contains(&wire_name) || schema.never {
                continue;
            }
            let wanted = snake_name(&wire_name);
            let (rust_name, collided) = field_names.claim_for(&wanted, &wire_name);
            if let Some(other) = collided {
                self.diagnostics.repaired(
                    &schema.pointer,
                    format!("property `{wire_name}` would be field `{wanted}`, which property `{other}` already is; named `{rust_name}`"),
                );
            }
            let ty = self.lower(&schema, &format!("{name}{}", type_name(&wire_name)));
            let (ty, nullable) = match ty {
                TypeRef::Nullable(inner) => (*inner, true),
                other => (other, false),
            };
            let target = self.dereference(&schema);
            // Server-only and client-only properties cannot be required of both directions.
            let one_way =
                schema.read_only || schema.write_only || target.read_only || target.write_only;
            let deprecated = schema.deprecated || target.deprecated;
            fields.push(Field {
                required: parts.required.contains(&wire_name) && !one_way,
                name: rust_name,
                wire_name,
                ty,
                nullable,
                boxed: false,
                deprecated,
                docs: self.property_docs(&schema),
            });
        }
        let (additional, open) = match parts.additional {
            Some(Additional::Schema(value)) => {
                (Some(self.lower(&value, &format!("{name}Value"))), true)
            }
            Some(Additional::Allowed(true)) => (Some(TypeRef::Json), true),
            Some(Additional::Allowed(false)) => (None, false),
            // Unspecified: undeclared properties are allowed but not described.
            _ => (None, true),
        };
        let flattened = flattened
            .into_iter()
            .map(|ty| {
                let field = field_names.claim("kind");
                (field, ty)
            })
            .collect();
        StructDef {
            fields,
            additional,
            open,
            flattened,
        }
    }

    /// The JSON property names the members of a `oneOf`/`anyOf` declare.
    fn member_property_names(&mut self, union: &Schema) -> Vec<String> {
        let mut names = Vec::new();
        for member in union.one_of.iter().chain(&union.any_of) {
            let mut parts = ObjectParts::default();
            if self
                .collect_object(member, &mut parts, &mut HashSet::new(), true)
                .is_ok()
            {
                names.extend(parts.properties.into_iter().map(|(name, _)| name));
            }
        }
        names
    }

    fn property_docs(&mut self, schema: &Schema) -> Option<String> {
        let own = docs::schema_docs(schema).or_else(|| {
            schema
                .all_of
                .iter()
                .filter(|m| m.is_annotation())
                .find_map(|m| docs::schema_docs(m))
        });
        let facts = docs::facts(schema);
        docs::append(own, facts)
    }

    fn union_of(&mut self, members: &[&Schema], schema: &Schema, name: &str) -> TypeKind {
        let mut variant_names = NameScope::new();
        let mapping: HashMap<String, Vec<String>> = schema
            .discriminator
            .as_ref()
            .map(|d| {
                let mut by_ref: HashMap<String, Vec<String>> = HashMap::new();
                for (tag, target) in &d.mapping {
                    let target = if target.starts_with('#') {
                        target.clone()
                    } else {
                        format!("#/components/schemas/{target}")
                    };
                    by_ref.entry(target).or_default().push(tag.clone());
                }
                by_ref
            })
            .unwrap_or_default();
        let mut variants = Vec::with_capacity(members.len());
        for (i, member) in members.iter().enumerate() {
            // Inline members are named within their union: titles repeat across a spec.
            let hint = match (&member.title, member_tag_name(member)) {
                (Some(title), _) => format!("{name}{}", type_name(title)),
                (None, Some(tag)) => format!("{name}{}", type_name(&tag)),
                (None, None) => format!("{name}Variant{i}"),
            };
            let ty = self.lower(member, &hint);
            let base = match (&member.reference, &member.title, &ty) {
                (Some(reference), _, _) => {
                    type_name(reference.rsplit('/').next().unwrap_or("Variant"))
                }
                (None, Some(title), _) => type_name(title),
                (None, None, TypeRef::Named(id)) => self.space.get(*id).name.clone(),
                (None, None, other) => expression_variant_name(other),
            };
            let tags = match &member.reference {
                Some(reference) => mapping.get(reference).cloned().unwrap_or_else(|| {
                    vec![reference.rsplit('/').next().unwrap_or_default().to_owned()]
                }),
                None => member_tag_name(member).into_iter().collect(),
            };
            let base = base
                .strip_prefix(name)
                .filter(|s| !s.is_empty() && !s.starts_with(|c: char| c.is_ascii_digit()))
                .map(str::to_owned)
                .unwrap_or(base);
            variants.push(UnionVariant {
                name: variant_names.claim(&base),
                ty,
                tags,
                boxed: false,
            });
        }
        let discriminator = schema
            .discriminator
            .as_ref()
            .map(|d| d.property_name.clone());
        if discriminator.is_none() {
            // Untagged: decoding prefers the variant that explains most of the payload; try
            // the most specific first so ties go to it.
            let space = &self.space;
            variants.sort_by_key(|v| std::cmp::Reverse(specificity(space, &v.ty)));
        }
        TypeKind::Union(UnionDef {
            fallback: variant_names.claim("Other"),
            variants,
            discriminator,
        })
    }
}

/// A type name for a schema reached by a `$ref` into the middle of a document, from the names
/// along its pointer: `#/components/parameters/action_type/schema` → `ActionType`,
/// `#/components/schemas/Template/properties/created_by/oneOf/1` → `TemplateCreatedByVariant1`.
fn hint_from_pointer(pointer: &Pointer) -> Option<String> {
    let segments: Vec<String> = pointer.segments().collect();
    let mut name = String::new();
    let mut i = 0;
    while i < segments.len() {
        let segment = segments[i].as_str();
        let next = segments.get(i + 1).map(String::as_str);
        match (segment, next) {
            (
                "schemas" | "parameters" | "responses" | "requestBodies" | "headers" | "$defs"
                | "definitions" | "properties" | "paths" | "webhooks",
                Some(named),
            ) => {
                name.push_str(&type_name(named));
                i += 2;
                continue;
            }
            ("oneOf" | "anyOf" | "prefixItems", Some(index)) => {
                name.push_str(&format!("Variant{index}"));
                i += 2;
                continue;
            }
            ("allOf", Some(index)) => {
                name.push_str(&format!("Part{index}"));
                i += 2;
                continue;
            }
            ("content", Some(_)) => {
                i += 2;
                continue;
            }
            ("items", _) => name.push_str("Item"),
            ("additionalProperties", _) => name.push_str("Value"),
            _ => {}
        }
        i += 1;
    }
    (!name.is_empty()).then_some(name)
}

/// The schema of a property that two `allOf` members both declare: a value must satisfy
/// both, so inline objects merge their properties (recursively) and required lists; otherwise
/// the later declaration wins, as before.
fn both(first: &Rc<Schema>, second: &Rc<Schema>) -> Rc<Schema> {
    let objects = |s: &Schema| s.reference.is_none() && !s.properties.is_empty();
    if !(objects(first) && objects(second)) {
        return second.clone();
    }
    let mut merged = (**first).clone();
    for (key, property) in &second.properties {
        match merged.properties.iter_mut().find(|(k, _)| k == key) {
            Some(entry) => entry.1 = both(&entry.1, property),
            None => merged.properties.push((key.clone(), property.clone())),
        }
    }
    for name in &second.required {
        if !merged.required.contains(name) {
            merged.required.push(name.clone());
        }
    }
    Rc::new(merged)
}

/// Wraps `ty` in [`TypeRef::Nullable`] when `nullable` (once).
fn nullable_if(ty: TypeRef, nullable: bool) -> TypeRef {
    match ty {
        TypeRef::Nullable(_) => ty,
        other if nullable => TypeRef::Nullable(Box::new(other)),
        other => other,
    }
}

/// The value of a property with a single allowed string (`type: {const: user}`), which
/// names an inline union member better than its position does.
fn member_tag_name(member: &Schema) -> Option<String> {
    member
        .properties
        .iter()
        .find_map(|(_, property)| match property.enumeration.as_deref() {
            Some([Value::String(tag)]) => Some(tag.clone()),
            _ => None,
        })
}

/// String enum variants with unique names; a name changed to avoid another is reported.
fn enum_values<'s>(
    values: impl Iterator<Item = &'s str>,
    pointer: &Pointer,
    diagnostics: &mut Diagnostics,
) -> Vec<EnumValue> {
    let mut names = NameScope::new();
    let mut seen = HashSet::new();
    values
        .filter(|v| seen.insert(v.to_string()))
        .enumerate()
        .map(|(i, wire)| {
            let wanted = enum_variant_name(wire, &format!("Value{i}"));
            let (name, collided) = names.claim_for(&wanted, wire);
            if let Some(other) = collided {
                diagnostics.repaired(
                    &pointer.push("enum"),
                    format!("enum value `{wire}` would be variant `{wanted}`, which `{other}` already is; named `{name}`"),
                );
            }
            EnumValue {
                name,
                wire: wire.to_owned(),
            }
        })
        .collect()
}

/// A variant name for an unnamed union member.
fn expression_variant_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".to_owned(),
        TypeRef::Bool => "Boolean".to_owned(),
        TypeRef::I32 | TypeRef::I64 | TypeRef::U64 => "Integer".to_owned(),
        TypeRef::F32 | TypeRef::F64 => "Number".to_owned(),
        TypeRef::DateTime => "DateTime".to_owned(),
        TypeRef::Date => "Date".to_owned(),
        TypeRef::Bytes => "Bytes".to_owned(),
        TypeRef::Json => "Value".to_owned(),
        TypeRef::JsonObject | TypeRef::Map(_) => "Map".to_owned(),
        TypeRef::Vec(inner) => format!("{}List", expression_variant_name(inner)),
        TypeRef::Tuple(_) => "Tuple".to_owned(),
        TypeRef::Nullable(inner) | TypeRef::Boxed(inner) => expression_variant_name(inner),
        TypeRef::Named(_) => "Variant".to_owned(),
    }
}

/// How much a payload must have to decode as `ty`: required fields, then all fields.
fn specificity(space: &TypeSpace, ty: &TypeRef) -> (usize, usize, usize) {
    match ty {
        TypeRef::Named(id) => match &space.get(*id).kind {
            TypeKind::Struct(s) => (
                3,
                s.fields.iter().filter(|f| f.required).count(),
                s.fields.len(),
            ),
            TypeKind::StringEnum(_) => (2, 1, 0),
            TypeKind::Union(_) => (1, 0, 0),
            TypeKind::Alias(inner) | TypeKind::Newtype(inner) => specificity(space, inner),
        },
        TypeRef::Json => (0, 0, 0),
        TypeRef::JsonObject | TypeRef::Map(_) => (1, 0, 0),
        TypeRef::Nullable(inner) | TypeRef::Boxed(inner) => specificity(space, inner),
        // A string accepts any text: try dates and numbers first.
        TypeRef::String => (2, 0, 0),
        _ => (2, 1, 0),
    }
}
