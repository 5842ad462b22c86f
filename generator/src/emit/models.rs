//! Emits the `types` module: one Rust item per model in the type space.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::emit::cfg_attr;
use crate::emit::{doc_attrs, Part};
use crate::ir::{
    EnumValue, Field, StructDef, TypeDef, TypeKind, TypeRef, TypeSpace, UnionDef, UnionVariant,
};
use crate::naming::NameScope;
use crate::passes::gating::Gate;

/// Tokens for a type expression; `prefix` qualifies model names (e.g. `types::`).
pub fn type_tokens(ty: &TypeRef, space: &TypeSpace, prefix: Option<&Ident>) -> TokenStream {
    match ty {
        TypeRef::Named(id) => {
            let name = format_ident!("{}", space.get(*id).name);
            match prefix {
                Some(prefix) => quote!(#prefix::#name),
                None => quote!(#name),
            }
        }
        TypeRef::String => quote!(String),
        TypeRef::Bool => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::U64 => quote!(u64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::DateTime => quote!(chrono::DateTime<chrono::Utc>),
        TypeRef::Date => quote!(chrono::NaiveDate),
        TypeRef::Bytes => quote!(Vec<u8>),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::JsonObject => quote!(serde_json::Map<String, serde_json::Value>),
        TypeRef::Vec(inner) => {
            let inner = type_tokens(inner, space, prefix);
            quote!(Vec<#inner>)
        }
        TypeRef::Tuple(items) => {
            let items = items.iter().map(|item| type_tokens(item, space, prefix));
            quote!((#(#items,)*))
        }
        TypeRef::Map(inner) => {
            let inner = type_tokens(inner, space, prefix);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        TypeRef::Nullable(inner) => {
            let inner = type_tokens(inner, space, prefix);
            quote!(Option<#inner>)
        }
        TypeRef::Boxed(inner) => {
            let inner = type_tokens(inner, space, prefix);
            quote!(Box<#inner>)
        }
    }
}

/// The type an alias finally names, following aliases of aliases (a `$ref` chain thousands
/// long is one alias of its end, not a chain rustc must unfold).
fn alias_end<'t>(ty: &'t TypeRef, space: &'t TypeSpace) -> &'t TypeRef {
    let mut current = ty;
    for _ in 0..space.types.len() {
        match current {
            TypeRef::Named(id) => match &space.get(*id).kind {
                TypeKind::Alias(next) => current = next,
                _ => break,
            },
            _ => break,
        }
    }
    current
}

/// What model emission needs besides the model itself.
pub struct ModelContext<'a> {
    /// All models of the spec.
    pub space: &'a TypeSpace,
    /// One gate per model (Cargo features), when tag features are on.
    pub gates: Option<&'a [Gate]>,
    /// Keep undeclared properties of open objects in a map, for round trips.
    pub keep_unknown_properties: bool,
}

/// The models of a spec in `part`, handed to `out` one model at a time.
pub fn emit_models(cx: &ModelContext<'_>, part: Part, out: &mut dyn FnMut(TokenStream)) {
    if cx.space.types.is_empty() {
        return;
    }
    if part.is_first() {
        let allow = cx.gates.is_some().then(|| quote!(#[allow(unused_imports)]));
        out(quote! {
            #allow
            use serde::{Deserialize, Serialize};
        });
    }
    for i in part.range(cx.space.types.len()) {
        let def = &cx.space.types[i];
        let cfg = cx
            .gates
            .and_then(|g| g.get(i))
            .map(cfg_attr)
            .unwrap_or_default();
        out(emit_model(def, cx, &cfg));
    }
}

fn emit_model(def: &TypeDef, cx: &ModelContext<'_>, cfg: &TokenStream) -> TokenStream {
    let space = cx.space;
    let name = format_ident!("{}", def.name);
    let docs = doc_attrs(def.docs.as_deref());
    match &def.kind {
        TypeKind::Struct(s) => {
            let constructor = def.in_requests;
            emit_struct(&name, &docs, s, cx, cfg, constructor)
        }
        TypeKind::StringEnum(values) => emit_string_enum(&name, &docs, values, cfg),
        TypeKind::Union(u) => emit_union(&name, &docs, u, space, cfg),
        TypeKind::Alias(inner) => {
            let inner = type_tokens(alias_end(inner, space), space, None);
            quote! {
                #docs
                #cfg
                pub type #name = #inner;
            }
        }
        TypeKind::Newtype(inner) => {
            let inner = type_tokens(inner, space, None);
            quote! {
                #docs
                #cfg
                #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
                #[serde(transparent)]
                pub struct #name(pub #inner);
            }
        }
    }
}

/// Tokens for a field's type: binary content is a [`File`](runtime::File), which carries the
/// file name and content type a multipart upload declares.
fn field_type_tokens(ty: &TypeRef, space: &TypeSpace) -> TokenStream {
    match ty {
        TypeRef::Bytes => quote!(super::runtime::File),
        TypeRef::Vec(inner) if **inner == TypeRef::Bytes => quote!(Vec<super::runtime::File>),
        other => type_tokens(other, space, None),
    }
}

/// How a field is decoded, which decides its optionality wrapper.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Presence {
    /// Required and not nullable: `T`; absent is an error.
    Required,
    /// Optional, or required but nullable: `Option<T>`; absent and `null` are both `None`.
    Optional,
    /// Optional and nullable: `Option<Option<T>>`; absent is `None`, `null` is `Some(None)`.
    OptionalNullable,
}

fn presence(field: &Field) -> Presence {
    match (field.required, field.nullable) {
        (true, false) => Presence::Required,
        (true, true) | (false, false) => Presence::Optional,
        (false, true) => Presence::OptionalNullable,
    }
}

/// The Rust type of a struct field, with its optionality wrapper and serde attributes. With
/// `derived_deserialize` the attributes also drive serde's `Deserialize` derive; otherwise only
/// `Serialize` reads them and decoding is [`lean_deserialize`]'s.
fn field_type(
    field: &Field,
    space: &TypeSpace,
    derived_deserialize: bool,
) -> (TokenStream, Vec<TokenStream>) {
    let mut ty = field_type_tokens(&field.ty, space);
    if field.boxed {
        ty = quote!(Box<#ty>);
    }
    let wire = &field.wire_name;
    let mut serde = Vec::new();
    if field.name != field.wire_name {
        serde.push(quote!(rename = #wire));
    }
    let ty = match (field.required, field.nullable) {
        (true, false) => ty,
        // Required and nullable: always sent, `null` when `None`.
        (true, true) => quote!(Option<#ty>),
        // Optional: `None` is absent. Optional and nullable: `Some(None)` is an explicit `null`.
        (false, nullable) => {
            if derived_deserialize {
                serde.push(quote!(default));
            }
            serde.push(quote!(skip_serializing_if = "Option::is_none"));
            if nullable && derived_deserialize {
                serde.push(quote!(
                    deserialize_with = "super::runtime::deserialize_some"
                ));
            }
            if nullable {
                quote!(Option<Option<#ty>>)
            } else {
                quote!(Option<#ty>)
            }
        }
    };
    (ty, serde)
}

/// `Deserialize` for a struct without flattened parts, through [`runtime::FromFields`]: one
/// `match` on the property name per entry, instead of serde's derive (which also compiles a
/// sequence form and a field-identifier type for every model). Same results on JSON objects:
/// unknown properties are skipped, a missing required one is serde's "missing field" error,
/// and an optional nullable one keeps absent (`None`) apart from `null` (`Some(None)`).
fn lean_deserialize(
    name: &Ident,
    fields: &[Field],
    space: &TypeSpace,
    cfg: &TokenStream,
) -> TokenStream {
    let locals: Vec<Ident> = fields.iter().map(|f| format_ident!("{}", f.name)).collect();
    let declarations = fields.iter().zip(&locals).map(|(field, local)| {
        let (ty, _) = field_type(field, space, false);
        let ty = match presence(field) {
            Presence::Required => quote!(Option<#ty>),
            Presence::Optional | Presence::OptionalNullable => ty,
        };
        quote!(let mut #local: #ty = None;)
    });
    let arms = fields.iter().zip(&locals).map(|(field, local)| {
        let wire = &field.wire_name;
        match presence(field) {
            Presence::Optional => quote!(#wire => #local = __map.next_value()?,),
            Presence::Required | Presence::OptionalNullable => {
                quote!(#wire => #local = Some(__map.next_value()?),)
            }
        }
    });
    let inits = fields.iter().zip(&locals).map(|(field, local)| {
        let wire = &field.wire_name;
        match presence(field) {
            Presence::Required => quote!(#local: super::runtime::required(#local, #wire)?,),
            Presence::Optional | Presence::OptionalNullable => quote!(#local,),
        }
    });
    let model_name = name.to_string();
    quote! {
        #cfg
        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_map(super::runtime::ObjectVisitor::<Self>::new())
            }
        }

        #cfg
        impl super::runtime::FromFields for #name {
            const NAME: &'static str = #model_name;

            fn from_fields<'de, A: serde::de::MapAccess<'de>>(mut __map: A) -> Result<Self, A::Error> {
                #(#declarations)*
                while let Some(__key) = __map.next_key::<super::runtime::FieldName<'de>>()? {
                    match __key.as_str() {
                        #(#arms)*
                        _ => {
                            __map.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(#name { #(#inits)* })
            }
        }
    }
}

fn emit_struct(
    name: &Ident,
    docs: &TokenStream,
    s: &StructDef,
    cx: &ModelContext<'_>,
    cfg: &TokenStream,
    constructor: bool,
) -> TokenStream {
    let space = cx.space;
    let mut field_names = NameScope::new();
    for field in &s.fields {
        field_names.reserve(&field.name);
    }
    for (field, _) in &s.flattened {
        field_names.reserve(field);
    }
    let extra_value = match (&s.additional, s.open && cx.keep_unknown_properties) {
        (Some(value), _) => Some(type_tokens(value, space, None)),
        (None, true) => Some(quote!(serde_json::Value)),
        (None, false) => None,
    };
    let derived_deserialize = !s.flattened.is_empty() || extra_value.is_some();
    let fields = s.fields.iter().map(|field| {
        let field_name = format_ident!("{}", field.name);
        let (ty, serde) = field_type(field, space, derived_deserialize);
        let serde = (!serde.is_empty()).then(|| quote!(#[serde(#(#serde),*)]));
        let docs = doc_attrs(field.docs.as_deref());
        let deprecated = field.deprecated.then(|| quote!(#[deprecated]));
        quote! {
            #docs
            #deprecated
            #serde
            pub #field_name: #ty,
        }
    });
    let flattened = s.flattened.iter().map(|(field, ty)| {
        let field_name = format_ident!("{}", field);
        let ty = type_tokens(ty, space, None);
        quote! {
            /// The alternative this value is (the schema's `oneOf`/`anyOf`).
            #[serde(flatten)]
            pub #field_name: #ty,
        }
    });
    let additional_name = extra_value
        .as_ref()
        .map(|_| format_ident!("{}", field_names.claim("additional_properties")));
    let additional = extra_value.as_ref().map(|value| {
        let field_name = additional_name.as_ref();
        quote! {
            /// Properties not declared by the schema.
            #[serde(flatten)]
            pub #field_name: std::collections::BTreeMap<String, #value>,
        }
    });
    let all_optional = s.fields.iter().all(|f| !f.required || f.nullable) && s.flattened.is_empty();
    let default = all_optional.then(|| quote!(Default,));
    let new = (constructor && !all_optional)
        .then(|| struct_constructor(name, s, space, additional_name.as_ref(), cfg));
    let (derive_deserialize, deserialize) = if derived_deserialize {
        (Some(quote!(Deserialize)), None)
    } else {
        (None, Some(lean_deserialize(name, &s.fields, space, cfg)))
    };
    quote! {
        #docs
        #cfg
        #[derive(Debug, Clone, PartialEq, #default Serialize, #derive_deserialize)]
        pub struct #name {
            #(#fields)*
            #(#flattened)*
            #additional
        }

        #deserialize

        #new
    }
}

/// `new`: a value from the required properties, the optional ones `None` and undeclared
/// ones (`additional_name`) empty.
fn struct_constructor(
    name: &Ident,
    s: &StructDef,
    space: &TypeSpace,
    additional_name: Option<&Ident>,
    cfg: &TokenStream,
) -> TokenStream {
    let required: Vec<&Field> = s
        .fields
        .iter()
        .filter(|f| f.required && !f.nullable)
        .collect();
    let params = required.iter().map(|f| {
        let name = format_ident!("{}", f.name);
        let (ty, _) = field_type(f, space, false);
        quote!(#name: #ty)
    });
    let inits = s.fields.iter().map(|f| {
        let name = format_ident!("{}", f.name);
        if f.required && !f.nullable {
            quote!(#name,)
        } else {
            quote!(#name: None,)
        }
    });
    let flattened_params = s.flattened.iter().map(|(field, ty)| {
        let name = format_ident!("{}", field);
        let ty = type_tokens(ty, space, None);
        quote!(#name: #ty)
    });
    let flattened_inits = s.flattened.iter().map(|(field, _)| {
        let name = format_ident!("{}", field);
        quote!(#name,)
    });
    let additional_init = additional_name.map(|name| quote!(#name: Default::default(),));
    let deprecated = s
        .fields
        .iter()
        .any(|f| f.deprecated)
        .then(|| quote!(#[allow(deprecated)]));
    quote! {
        #cfg
        impl #name {
            /// A value with the required properties; the optional ones are `None`.
            #deprecated
            #[allow(clippy::too_many_arguments)]
            pub fn new(#(#params,)* #(#flattened_params),*) -> Self {
                #name { #(#inits)* #(#flattened_inits)* #additional_init }
            }
        }
    }
}

fn emit_string_enum(
    name: &Ident,
    docs: &TokenStream,
    values: &[EnumValue],
    cfg: &TokenStream,
) -> TokenStream {
    let mut names = NameScope::new();
    for value in values {
        names.reserve(&value.name);
    }
    let fallback = format_ident!("{}", names.claim("Unknown"));
    let variants = values.iter().map(|v| {
        let variant = format_ident!("{}", v.name);
        let wire = &v.wire;
        let doc = format!(" `{wire}`");
        quote!(#[doc = #doc] #variant,)
    });
    let to_str = values.iter().map(|v| {
        let variant = format_ident!("{}", v.name);
        let wire = &v.wire;
        quote!(Self::#variant => #wire,)
    });
    let from_str = values.iter().map(|v| {
        let variant = format_ident!("{}", v.name);
        let wire = &v.wire;
        quote!(#wire => Self::#variant,)
    });
    quote! {
        #docs
        #cfg
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#variants)*
            /// A value this client does not know yet, kept as received.
            #fallback(String),
        }

        #cfg
        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::#fallback(value) => value.as_str(),
                }
            }
        }

        #cfg
        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => Self::#fallback(other.to_owned()),
                }
            }
        }

        #cfg
        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #cfg
        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        #cfg
        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
                Ok(Self::from(value.as_ref()))
            }
        }
    }
}

/// The JSON property names of a struct-shaped type (empty for anything else).
fn wire_names<'s>(ty: &TypeRef, space: &'s TypeSpace) -> Vec<&'s str> {
    match ty {
        TypeRef::Named(id) => match &space.get(*id).kind {
            TypeKind::Struct(s) => s.fields.iter().map(|f| f.wire_name.as_str()).collect(),
            TypeKind::Alias(inner) | TypeKind::Newtype(inner) => wire_names(inner, space),
            _ => Vec::new(),
        },
        TypeRef::Nullable(inner) | TypeRef::Boxed(inner) => wire_names(inner, space),
        _ => Vec::new(),
    }
}

fn emit_union(
    name: &Ident,
    docs: &TokenStream,
    u: &UnionDef,
    space: &TypeSpace,
    cfg: &TokenStream,
) -> TokenStream {
    let fallback = format_ident!("{}", u.fallback);
    let variants = u.variants.iter().map(|v| {
        let variant = format_ident!("{}", v.name);
        let mut ty = type_tokens(&v.ty, space, None);
        if v.boxed {
            ty = quote!(Box<#ty>);
        }
        quote!(#variant(#ty),)
    });
    let wrap = |v: &UnionVariant| {
        let variant = format_ident!("{}", v.name);
        if v.boxed {
            quote!(|v| Self::#variant(Box::new(v)))
        } else {
            quote!(Self::#variant)
        }
    };
    let decode = match &u.discriminator {
        // No discriminator: decode every variant that fits and keep the one that explains the
        // most of the payload, so a richer shape is not swallowed by a poorer one.
        None => {
            let attempts = u.variants.iter().map(|v| {
                let fields = wire_names(&v.ty, space);
                let wrap = wrap(v);
                quote!(best.try_variant(&[#(#fields),*], serde_json::from_value(value.clone()).map(#wrap));)
            });
            quote! {
                let mut best = super::runtime::BestMatch::new(&value);
                #(#attempts)*
                Ok(best.finish().unwrap_or(Self::#fallback(value)))
            }
        }
        Some(property) => {
            let tagged = u.variants.iter().filter(|v| !v.tags.is_empty()).map(|v| {
                let tags = &v.tags;
                let wrap = wrap(v);
                quote!(Some(#(#tags)|*) => serde_json::from_value(value).map(#wrap).map_err(serde::de::Error::custom),)
            });
            quote! {
                let tag = value.get(#property).and_then(serde_json::Value::as_str).map(str::to_owned);
                match tag.as_deref() {
                    #(#tagged)*
                    _ => Ok(Self::#fallback(value)),
                }
            }
        }
    };
    let fallback_doc = match &u.discriminator {
        Some(property) => {
            format!(" A value whose `{property}` this client does not know, kept as received.")
        }
        None => " A value that fits none of the alternatives, kept as received.".to_owned(),
    };
    quote! {
        #docs
        #cfg
        #[derive(Debug, Clone, PartialEq, Serialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
            #[doc = #fallback_doc]
            #fallback(serde_json::Value),
        }

        #cfg
        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                #decode
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The struct named `name` of a spec with these component schemas (YAML, indented).
    fn lower_struct(schemas: &str, name: &str) -> (crate::ir::Api, StructDef) {
        let api = crate::pipeline::lower_text(&format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
        ));
        let def = api
            .types
            .types
            .iter()
            .find(|t| t.name == name)
            .expect("the model");
        let TypeKind::Struct(s) = &def.kind else {
            panic!("a struct")
        };
        let s = s.clone();
        (api, s)
    }

    #[test]
    fn constructors_take_the_required_properties_and_leave_the_rest_empty() {
        let (api, s) = lower_struct(
            "    Thing:\n      type: object\n      required: [id]\n      properties:\n        id: {type: string}\n        note: {type: string}\n",
            "Thing",
        );
        let name = format_ident!("Thing");
        let extra = format_ident!("additional_properties");
        let tokens = struct_constructor(&name, &s, &api.types, Some(&extra), &quote!());
        let expected = quote! {
            impl Thing {
                /// A value with the required properties; the optional ones are `None`.
                #[allow(clippy::too_many_arguments)]
                pub fn new(id: String,) -> Self {
                    Thing { id, note: None, additional_properties: Default::default(), }
                }
            }
        };
        assert_eq!(tokens.to_string(), expected.to_string());
    }
}
