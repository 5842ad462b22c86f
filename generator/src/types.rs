//! Stage 3a: schemas → named models in a [`TypeSpace`].
//!
//! Component schemas are registered first (so `$ref`s and cycles resolve to ids), then each
//! schema is lowered. Inline schemas that need a Rust type of their own (objects, enums, unions)
//! get a stable name from where they appear (`Identity` + `attributes` → `IdentityAttributes`),
//! and are cached by JSON pointer so a shared schema is lowered once.

use std::collections::{BTreeMap, HashMap, HashSet};

use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};
use serde::Deserialize;
use serde_json::Value;

use crate::diagnostics::{Diagnostics, Pointer};
use crate::docs::schema_docs;
use crate::ir::{
    EnumValue, Field, StructDef, TypeDef, TypeId, TypeKind, TypeRef, TypeSpace, UnionDef,
    UnionVariant,
};
use crate::load::LoadedSpec;
use crate::naming::{snake_name, type_name, variant_name, NameScope};

/// Builds the type space of one spec; operations call [`TypeBuilder::lower`] for their schemas.
pub struct TypeBuilder<'a> {
    spec: &'a LoadedSpec,
    diagnostics: &'a mut Diagnostics,
    space: TypeSpace,
    names: NameScope,
    /// Lowered schemas by the pointer where they are defined.
    by_pointer: HashMap<Pointer, TypeRef>,
    /// `$ref` pointers being followed, to stop on a ref that points at itself.
    following: HashSet<Pointer>,
}

/// A schema's properties after `allOf` merging.
#[derive(Default)]
struct ObjectParts {
    properties: Vec<(String, ReferenceOr<Schema>, Pointer)>,
    required: HashSet<String>,
    additional: Option<(AdditionalProperties, Pointer)>,
}

impl ObjectParts {
    /// The parts of one object schema defined at `pointer`.
    fn of(
        properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: &Option<AdditionalProperties>,
        pointer: &Pointer,
    ) -> Self {
        ObjectParts {
            properties: properties
                .iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        v.clone().unbox(),
                        pointer.push("properties").push(k),
                    )
                })
                .collect(),
            required: required.iter().cloned().collect(),
            additional: additional
                .clone()
                .map(|a| (a, pointer.push("additionalProperties"))),
        }
    }
}

impl<'a> TypeBuilder<'a> {
    /// Registers every component schema of `spec` and lowers them.
    pub fn new(spec: &'a LoadedSpec, diagnostics: &'a mut Diagnostics) -> Self {
        let mut builder = TypeBuilder {
            spec,
            diagnostics,
            space: TypeSpace::default(),
            names: NameScope::new(),
            by_pointer: HashMap::new(),
            following: HashSet::new(),
        };
        let components = Pointer::root().push("components").push("schemas");
        let schemas: Vec<(String, ReferenceOr<Schema>)> = spec
            .api
            .components
            .as_ref()
            .map(|c| {
                c.schemas
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect()
            })
            .unwrap_or_default();
        let mut ids = Vec::with_capacity(schemas.len());
        for (name, schema) in &schemas {
            let pointer = components.push(name);
            let rust_name = builder.names.claim(&type_name(name));
            if rust_name != *name && type_name(name) != rust_name {
                builder.diagnostics.repaired(
                    &pointer,
                    format!("schema name `{name}` collides with another after conversion; named `{rust_name}`"),
                );
            }
            let docs = schema.as_item().and_then(schema_docs);
            let nullable = schema.as_item().is_some_and(|s| builder.is_nullable(s));
            let id = builder.push(rust_name, docs, pointer.clone());
            let ty = if nullable {
                TypeRef::Nullable(Box::new(TypeRef::Named(id)))
            } else {
                TypeRef::Named(id)
            };
            builder.by_pointer.insert(pointer, ty);
            ids.push(id);
        }
        for ((_, schema), id) in schemas.iter().zip(ids) {
            let pointer = builder.space.get(id).pointer.clone();
            let name = builder.space.get(id).name.clone();
            let kind = match schema {
                ReferenceOr::Reference { reference } => {
                    TypeKind::Alias(builder.follow_ref(reference, &name, &pointer))
                }
                ReferenceOr::Item(schema) => builder.kind_of(schema, &name, &pointer),
            };
            builder.space.types[id.0].kind = kind;
        }
        builder
    }

    /// Finishes the type space: decides which references must be boxed.
    pub fn finish(mut self) -> TypeSpace {
        crate::cycles::break_cycles(&mut self.space);
        self.space
    }

    /// Records a warning through the builder's diagnostics.
    pub fn diagnostics(&mut self) -> &mut Diagnostics {
        self.diagnostics
    }

    fn push(&mut self, name: String, docs: Option<String>, pointer: Pointer) -> TypeId {
        let id = TypeId(self.space.types.len());
        self.space.types.push(TypeDef {
            name,
            docs,
            pointer,
            kind: TypeKind::Alias(TypeRef::Json),
        });
        id
    }

    /// Lowers a schema or reference found at `pointer`; `hint` names inline models.
    pub fn lower(
        &mut self,
        schema: &ReferenceOr<Schema>,
        hint: &str,
        pointer: &Pointer,
    ) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.follow_ref(reference, hint, pointer),
            ReferenceOr::Item(schema) => self.lower_inline(schema, hint, pointer),
        }
    }

    fn lower_boxed(
        &mut self,
        schema: &ReferenceOr<Box<Schema>>,
        hint: &str,
        pointer: &Pointer,
    ) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.follow_ref(reference, hint, pointer),
            ReferenceOr::Item(schema) => self.lower_inline(schema, hint, pointer),
        }
    }

    /// Resolves a `$ref` to a type, lowering the target on first use if it is not a component.
    fn follow_ref(&mut self, reference: &str, hint: &str, at: &Pointer) -> TypeRef {
        let Some(target) = Pointer::from_ref(reference) else {
            self.diagnostics.degraded(
                at,
                format!(
                    "external reference `{reference}` is not supported; typed as any JSON value"
                ),
            );
            return TypeRef::Json;
        };
        if let Some(found) = self.by_pointer.get(&target) {
            return found.clone();
        }
        if !self.following.insert(target.clone()) {
            self.diagnostics.degraded(
                at,
                format!("reference `{reference}` points at itself; typed as any JSON value"),
            );
            return TypeRef::Json;
        }
        let resolved = self
            .spec
            .json
            .pointer(target.as_str().trim_start_matches('#'))
            .map(ReferenceOr::<Schema>::deserialize);
        let result = match resolved {
            Some(Ok(schema)) => {
                let target_hint = target
                    .segments()
                    .last()
                    .map(|s| type_name(&s))
                    .unwrap_or_else(|| hint.to_owned());
                let ty = self.lower(&schema, &target_hint, &target);
                self.by_pointer.insert(target.clone(), ty.clone());
                ty
            }
            Some(Err(e)) => {
                self.diagnostics.degraded(
                    at,
                    format!(
                        "reference `{reference}` is not a schema ({e}); typed as any JSON value"
                    ),
                );
                TypeRef::Json
            }
            None => {
                self.diagnostics.degraded(
                    at,
                    format!("reference `{reference}` does not resolve; typed as any JSON value"),
                );
                TypeRef::Json
            }
        };
        self.following.remove(&target);
        result
    }

    /// Lowers an inline schema; objects, enums and unions become named models.
    fn lower_inline(&mut self, schema: &Schema, hint: &str, pointer: &Pointer) -> TypeRef {
        if let Some(found) = self.by_pointer.get(pointer) {
            return found.clone();
        }
        if let Some((index, member, nullable)) = single_member(schema) {
            // `allOf: [$ref: X, {nullable: true, description: ...}]`: a (nullable) X.
            let ty = self.lower(member, hint, &pointer.push("allOf").push(index));
            let ty = match ty {
                TypeRef::Nullable(_) => ty,
                other if nullable || schema.schema_data.nullable => {
                    TypeRef::Nullable(Box::new(other))
                }
                other => other,
            };
            self.by_pointer.insert(pointer.clone(), ty.clone());
            return ty;
        }
        let ty = if self.needs_named_type(schema) {
            let name = self.names.claim(&type_name(hint));
            let id = self.push(name.clone(), schema_docs(schema), pointer.clone());
            self.by_pointer.insert(pointer.clone(), TypeRef::Named(id));
            let kind = self.kind_of(schema, &name, pointer);
            self.space.types[id.0].kind = kind;
            TypeRef::Named(id)
        } else {
            self.expression(schema, hint, pointer)
        };
        let ty = if self.is_nullable(schema) && !matches!(ty, TypeRef::Nullable(_)) {
            TypeRef::Nullable(Box::new(ty))
        } else {
            ty
        };
        self.by_pointer.insert(pointer.clone(), ty.clone());
        ty
    }

    fn is_nullable(&self, schema: &Schema) -> bool {
        schema.schema_data.nullable
            || matches!(&schema.schema_kind, SchemaKind::Type(Type::String(s)) if s.enumeration.contains(&None))
    }

    /// Whether a schema is a model of its own rather than a type expression.
    fn needs_named_type(&self, schema: &Schema) -> bool {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => s.enumeration.iter().any(Option::is_some),
            SchemaKind::Type(Type::Object(o)) => !o.properties.is_empty(),
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
                members.len() > 1
            }
            SchemaKind::AllOf { all_of } => all_of.len() > 1,
            SchemaKind::Any(any) => {
                !any.properties.is_empty()
                    || any.one_of.len() > 1
                    || any.any_of.len() > 1
                    || any.all_of.len() > 1
                    || (!any.all_of.is_empty()
                        && (!any.one_of.is_empty() || !any.any_of.is_empty()))
                    || any.enumeration.iter().any(Value::is_string)
            }
            _ => false,
        }
    }

    /// The model a named schema becomes.
    fn kind_of(&mut self, schema: &Schema, name: &str, pointer: &Pointer) -> TypeKind {
        if let Some((index, member, _)) = single_member(schema) {
            return TypeKind::Alias(self.lower(member, name, &pointer.push("allOf").push(index)));
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) if s.enumeration.iter().any(Option::is_some) => {
                TypeKind::StringEnum(enum_values(
                    s.enumeration.iter().flatten().map(String::as_str),
                ))
            }
            SchemaKind::Type(Type::Object(o)) if !o.properties.is_empty() => {
                let parts = ObjectParts::of(
                    &o.properties,
                    &o.required,
                    &o.additional_properties,
                    pointer,
                );
                TypeKind::Struct(self.struct_of(parts, name))
            }
            SchemaKind::OneOf { one_of: members } => {
                self.union_of(members, "oneOf", schema, name, pointer)
            }
            SchemaKind::AnyOf { any_of: members } => {
                self.union_of(members, "anyOf", schema, name, pointer)
            }
            SchemaKind::AllOf { all_of } if all_of.len() > 1 => {
                self.all_of(all_of, None, name, pointer)
            }
            SchemaKind::Any(any)
                if !any.all_of.is_empty() && any.one_of.is_empty() && any.any_of.is_empty() =>
            {
                self.all_of(&any.all_of, Some(schema), name, pointer)
            }
            SchemaKind::Any(any) if any.one_of.len() > 1 || any.any_of.len() > 1 => {
                if !any.properties.is_empty() || !any.all_of.is_empty() {
                    self.diagnostics.degraded(
                        pointer,
                        "properties or allOf beside oneOf/anyOf are not merged into the variants",
                    );
                }
                let (members, keyword) = if any.one_of.len() > 1 {
                    (&any.one_of, "oneOf")
                } else {
                    (&any.any_of, "anyOf")
                };
                self.union_of(members, keyword, schema, name, pointer)
            }
            SchemaKind::Any(any) if !any.properties.is_empty() => {
                let parts = ObjectParts::of(
                    &any.properties,
                    &any.required,
                    &any.additional_properties,
                    pointer,
                );
                TypeKind::Struct(self.struct_of(parts, name))
            }
            SchemaKind::Any(any) if any.enumeration.iter().any(Value::is_string) => {
                TypeKind::StringEnum(enum_values(
                    any.enumeration.iter().filter_map(Value::as_str),
                ))
            }
            _ => TypeKind::Alias(self.expression(schema, name, pointer)),
        }
    }

    /// A schema that maps to a type expression (no model of its own, or a reference to one).
    fn expression(&mut self, schema: &Schema, hint: &str, pointer: &Pointer) -> TypeRef {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => match &s.format {
                VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
                VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Date,
                VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => TypeRef::Bytes,
                _ => TypeRef::String,
            },
            SchemaKind::Type(Type::Integer(i)) => match &i.format {
                VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => TypeRef::I32,
                _ => TypeRef::I64,
            },
            SchemaKind::Type(Type::Number(n)) => match &n.format {
                VariantOrUnknownOrEmpty::Item(openapiv3::NumberFormat::Float) => TypeRef::F32,
                _ => TypeRef::F64,
            },
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            SchemaKind::Type(Type::Array(a)) => match &a.items {
                Some(items) => {
                    let item =
                        self.lower_boxed(items, &format!("{hint}Item"), &pointer.push("items"));
                    TypeRef::Vec(Box::new(item))
                }
                None => TypeRef::Vec(Box::new(TypeRef::Json)),
            },
            SchemaKind::Type(Type::Object(o)) => {
                self.map_of(o.additional_properties.as_ref(), hint, pointer)
            }
            SchemaKind::OneOf { one_of: members }
            | SchemaKind::AnyOf { any_of: members }
            | SchemaKind::AllOf { all_of: members }
                if members.len() == 1 =>
            {
                let keyword = match &schema.schema_kind {
                    SchemaKind::OneOf { .. } => "oneOf",
                    SchemaKind::AnyOf { .. } => "anyOf",
                    _ => "allOf",
                };
                self.lower(&members[0], hint, &pointer.push(keyword).push(0))
            }
            SchemaKind::Not { .. } => {
                self.diagnostics.degraded(
                    pointer,
                    "`not` cannot be expressed as a Rust type; typed as any JSON value",
                );
                TypeRef::Json
            }
            SchemaKind::Any(any) => self.any_expression(any, hint, pointer),
            _ => TypeRef::Json,
        }
    }

    /// A schema without a recognised `type`: infer from the keywords it does have.
    fn any_expression(
        &mut self,
        any: &openapiv3::AnySchema,
        hint: &str,
        pointer: &Pointer,
    ) -> TypeRef {
        for (keyword, members) in [
            ("allOf", &any.all_of),
            ("oneOf", &any.one_of),
            ("anyOf", &any.any_of),
        ] {
            if members.len() == 1 {
                return self.lower(&members[0], hint, &pointer.push(keyword).push(0));
            }
        }
        if let Some(items) = &any.items {
            let item = self.lower_boxed(items, &format!("{hint}Item"), &pointer.push("items"));
            return TypeRef::Vec(Box::new(item));
        }
        if any.additional_properties.is_some() || any.typ.as_deref() == Some("object") {
            return self.map_of(any.additional_properties.as_ref(), hint, pointer);
        }
        match any.typ.as_deref() {
            Some("string") => match any.format.as_deref() {
                Some("date-time") => TypeRef::DateTime,
                Some("date") => TypeRef::Date,
                Some("binary") => TypeRef::Bytes,
                _ => TypeRef::String,
            },
            Some("integer") if any.format.as_deref() == Some("int32") => TypeRef::I32,
            Some("integer") => TypeRef::I64,
            Some("number") => TypeRef::F64,
            Some("boolean") => TypeRef::Bool,
            Some("array") => TypeRef::Vec(Box::new(TypeRef::Json)),
            _ => TypeRef::Json,
        }
    }

    fn map_of(
        &mut self,
        additional: Option<&AdditionalProperties>,
        hint: &str,
        pointer: &Pointer,
    ) -> TypeRef {
        match additional {
            Some(AdditionalProperties::Schema(value)) => {
                let value = self.lower(
                    value,
                    &format!("{hint}Value"),
                    &pointer.push("additionalProperties"),
                );
                if value == TypeRef::Json {
                    TypeRef::JsonObject
                } else {
                    TypeRef::Map(Box::new(value))
                }
            }
            _ => TypeRef::JsonObject,
        }
    }

    fn struct_of(&mut self, parts: ObjectParts, name: &str) -> StructDef {
        let mut field_names = NameScope::new();
        let mut fields = Vec::with_capacity(parts.properties.len());
        for (wire_name, schema, pointer) in parts.properties {
            let rust_name = field_names.claim(&snake_name(&wire_name));
            let ty = self.lower(
                &schema,
                &format!("{name}{}", type_name(&wire_name)),
                &pointer,
            );
            let (ty, nullable) = match ty {
                TypeRef::Nullable(inner) => (*inner, true),
                other => (other, false),
            };
            let default = schema
                .as_item()
                .and_then(|s| s.schema_data.default.as_ref());
            let docs = crate::docs::with_default(self.property_docs(&schema), default);
            fields.push(Field {
                required: parts.required.contains(&wire_name),
                name: rust_name,
                wire_name,
                ty,
                nullable,
                boxed: false,
                docs,
            });
        }
        let additional = match parts.additional {
            Some((AdditionalProperties::Schema(value), pointer)) => {
                Some(self.lower(&value, &format!("{name}Value"), &pointer))
            }
            Some((AdditionalProperties::Any(true), _)) => Some(TypeRef::Json),
            _ => None,
        };
        StructDef { fields, additional }
    }

    fn property_docs(&self, schema: &ReferenceOr<Schema>) -> Option<String> {
        let ReferenceOr::Item(schema) = schema else {
            return None;
        };
        schema_docs(schema).or_else(|| {
            all_of_members(schema)
                .iter()
                .filter_map(ReferenceOr::as_item)
                .filter(|member| is_annotation(member))
                .find_map(schema_docs)
        })
    }

    /// Merges `allOf` members (and the schema's own properties) into one struct.
    fn all_of(
        &mut self,
        members: &[ReferenceOr<Schema>],
        own: Option<&Schema>,
        name: &str,
        pointer: &Pointer,
    ) -> TypeKind {
        let mut parts = ObjectParts::default();
        let mut seen = HashSet::new();
        for (i, member) in members.iter().enumerate() {
            if !self.collect_object(
                member,
                &pointer.push("allOf").push(i),
                &mut parts,
                &mut seen,
            ) {
                self.diagnostics.degraded(
                    &pointer.push("allOf").push(i),
                    "allOf member is not an object schema; the merged type is any JSON value",
                );
                return TypeKind::Alias(TypeRef::Json);
            }
        }
        if let Some(SchemaKind::Any(any)) = own.map(|s| &s.schema_kind) {
            for (k, v) in &any.properties {
                upsert(
                    &mut parts.properties,
                    k.clone(),
                    v.clone().unbox(),
                    pointer.push("properties").push(k),
                );
            }
            parts.required.extend(any.required.iter().cloned());
        }
        TypeKind::Struct(self.struct_of(parts, name))
    }

    /// Adds an object schema's properties to `parts`; false if the schema is not an object.
    fn collect_object(
        &mut self,
        schema: &ReferenceOr<Schema>,
        pointer: &Pointer,
        parts: &mut ObjectParts,
        seen: &mut HashSet<Pointer>,
    ) -> bool {
        let (schema, pointer) = match schema {
            ReferenceOr::Reference { reference } => {
                let Some(target) = Pointer::from_ref(reference) else {
                    return false;
                };
                if !seen.insert(target.clone()) {
                    return true;
                }
                let Some(found) = self
                    .spec
                    .json
                    .pointer(target.as_str().trim_start_matches('#'))
                    .and_then(|v| Schema::deserialize(v).ok())
                else {
                    return false;
                };
                (found, target)
            }
            ReferenceOr::Item(schema) => (schema.clone(), pointer.clone()),
        };
        let (properties, required, additional, nested) = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => (
                &o.properties,
                &o.required,
                &o.additional_properties,
                &[][..],
            ),
            SchemaKind::AllOf { all_of } => {
                for (i, member) in all_of.iter().enumerate() {
                    if !self.collect_object(member, &pointer.push("allOf").push(i), parts, seen) {
                        return false;
                    }
                }
                return true;
            }
            SchemaKind::Any(any) if any.one_of.is_empty() && any.any_of.is_empty() => (
                &any.properties,
                &any.required,
                &any.additional_properties,
                &any.all_of[..],
            ),
            _ => return false,
        };
        for (i, member) in nested.iter().enumerate() {
            if !self.collect_object(member, &pointer.push("allOf").push(i), parts, seen) {
                return false;
            }
        }
        for (k, v) in properties {
            upsert(
                &mut parts.properties,
                k.clone(),
                v.clone().unbox(),
                pointer.push("properties").push(k),
            );
        }
        parts.required.extend(required.iter().cloned());
        if let Some(additional) = additional {
            parts.additional = Some((additional.clone(), pointer.push("additionalProperties")));
        }
        true
    }

    fn union_of(
        &mut self,
        members: &[ReferenceOr<Schema>],
        keyword: &str,
        schema: &Schema,
        name: &str,
        pointer: &Pointer,
    ) -> TypeKind {
        let mut variant_names = NameScope::new();
        let mapping: BTreeMap<String, Vec<String>> = schema
            .schema_data
            .discriminator
            .as_ref()
            .map(|d| {
                let mut by_ref: BTreeMap<String, Vec<String>> = BTreeMap::new();
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
            let member_pointer = pointer.push(keyword).push(i);
            let ty = self.lower(member, &format!("{name}Variant{i}"), &member_pointer);
            let base = match (&ty, member) {
                (_, ReferenceOr::Reference { reference }) => {
                    type_name(reference.rsplit('/').next().unwrap_or("Variant"))
                }
                (TypeRef::Named(id), _) => self.space.get(*id).name.clone(),
                (other, _) => expression_variant_name(other),
            };
            let tags = match member {
                ReferenceOr::Reference { reference } => {
                    mapping.get(reference).cloned().unwrap_or_else(|| {
                        vec![reference.rsplit('/').next().unwrap_or_default().to_owned()]
                    })
                }
                ReferenceOr::Item(_) => Vec::new(),
            };
            variants.push(UnionVariant {
                name: variant_names.claim(&base),
                ty,
                tags,
                boxed: false,
            });
        }
        let discriminator = schema
            .schema_data
            .discriminator
            .as_ref()
            .map(|d| d.property_name.clone());
        if discriminator.is_none() {
            // Untagged: serde takes the first variant that decodes, so try the most specific first.
            let space = &self.space;
            variants.sort_by_key(|v| std::cmp::Reverse(specificity(space, &v.ty)));
        }
        TypeKind::Union(UnionDef {
            variants,
            discriminator,
        })
    }
}

/// The `allOf` members of a schema, if it is an `allOf`.
fn all_of_members(schema: &Schema) -> &[ReferenceOr<Schema>] {
    match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => all_of,
        SchemaKind::Any(any)
            if any.one_of.is_empty() && any.any_of.is_empty() && any.properties.is_empty() =>
        {
            &any.all_of
        }
        _ => &[],
    }
}

/// Whether a schema only annotates (description, nullable, a bare `type`) and adds no shape of
/// its own, as in `allOf: [{$ref: Status}, {type: string, nullable: true}]`.
fn is_annotation(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Any(any) => *any == openapiv3::AnySchema::default(),
        SchemaKind::Type(Type::String(s)) => s.enumeration.is_empty(),
        SchemaKind::Type(Type::Integer(i)) => i.enumeration.is_empty(),
        SchemaKind::Type(Type::Number(n)) => n.enumeration.is_empty(),
        SchemaKind::Type(Type::Boolean(b)) => b.enumeration.is_empty(),
        SchemaKind::Type(Type::Object(o)) => {
            o.properties.is_empty() && o.additional_properties.is_none()
        }
        _ => false,
    }
}

/// For an `allOf` whose members are one real schema plus annotations, that schema (with its
/// index) and whether an annotation makes it nullable.
fn single_member(schema: &Schema) -> Option<(usize, &ReferenceOr<Schema>, bool)> {
    let members = all_of_members(schema);
    if members.len() < 2 {
        return None;
    }
    let mut real = members
        .iter()
        .enumerate()
        .filter(|(_, m)| !m.as_item().is_some_and(is_annotation));
    let (index, member) = real.next()?;
    if real.next().is_some() {
        return None;
    }
    let nullable = members
        .iter()
        .filter_map(ReferenceOr::as_item)
        .any(|m| is_annotation(m) && m.schema_data.nullable);
    Some((index, member, nullable))
}

/// Adds or replaces a property, keeping first-seen order.
fn upsert(
    list: &mut Vec<(String, ReferenceOr<Schema>, Pointer)>,
    key: String,
    schema: ReferenceOr<Schema>,
    pointer: Pointer,
) {
    match list.iter_mut().find(|(k, _, _)| *k == key) {
        Some(entry) => *entry = (key, schema, pointer),
        None => list.push((key, schema, pointer)),
    }
}

/// String enum variants with unique names.
fn enum_values<'s>(values: impl Iterator<Item = &'s str>) -> Vec<EnumValue> {
    let mut names = NameScope::new();
    let mut seen = HashSet::new();
    values
        .filter(|v| seen.insert(v.to_string()))
        .enumerate()
        .map(|(i, wire)| EnumValue {
            name: names.claim(&variant_name(wire, &format!("Value{i}"))),
            wire: wire.to_owned(),
        })
        .collect()
}

/// A variant name for an unnamed union member.
fn expression_variant_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".to_owned(),
        TypeRef::Bool => "Boolean".to_owned(),
        TypeRef::I32 | TypeRef::I64 => "Integer".to_owned(),
        TypeRef::F32 | TypeRef::F64 => "Number".to_owned(),
        TypeRef::DateTime => "DateTime".to_owned(),
        TypeRef::Date => "Date".to_owned(),
        TypeRef::Bytes => "Bytes".to_owned(),
        TypeRef::Json => "Value".to_owned(),
        TypeRef::JsonObject | TypeRef::Map(_) => "Map".to_owned(),
        TypeRef::Vec(inner) => format!("{}List", expression_variant_name(inner)),
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
        _ => (2, 0, 0),
    }
}
