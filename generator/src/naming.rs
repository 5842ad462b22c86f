//! Turning spec names (`Identity-2`, `x-sailpoint-experimental`, `type`) into Rust identifiers.
//!
//! Every function here is total and deterministic: any input string gives a valid identifier,
//! and the same inputs in the same order give the same names.

use std::collections::{HashMap, HashSet};

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::emit::reserved::reserved;

/// Words that cannot be used as identifiers as they are.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Splits on anything that is not alphanumeric so `heck` sees word boundaries.
fn words(raw: &str) -> String {
    raw.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

/// `UpperCamelCase` type name for `raw`; never empty, never a keyword, never starts with a
/// digit, never a name the generated code itself uses unqualified (see [`reserved`]): those
/// get a `Model` suffix (`Into` → `IntoModel`).
pub fn type_name(raw: &str) -> String {
    let name = plain_type_name(raw);
    if reserved().types.contains(&name) {
        return format!("{name}Model");
    }
    name
}

/// When `type_name` renames `raw` because the generated code uses its name, that name.
pub fn reserved_type_name(raw: &str) -> Option<String> {
    let name = plain_type_name(raw);
    reserved().types.contains(&name).then_some(name)
}

fn plain_type_name(raw: &str) -> String {
    let name = words(raw).to_upper_camel_case();
    if name.is_empty() {
        return "Unnamed".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("Type{name}");
    }
    name
}

/// `UpperCamelCase` enum variant name for `raw`, or `fallback` when `raw` has no letters or digits.
pub fn variant_name(raw: &str, fallback: &str) -> String {
    let name = words(raw).to_upper_camel_case();
    if name.is_empty() {
        return fallback.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("Value{name}");
    }
    if name == "Self" {
        return "SelfValue".to_owned();
    }
    name
}

/// The name of a punctuation character, for enum values made only of punctuation (`*`, `+`).
fn symbol_name(c: char) -> Option<&'static str> {
    Some(match c {
        '*' => "Asterisk",
        '+' => "Plus",
        '-' => "Minus",
        '.' => "Dot",
        '/' => "Slash",
        '\\' => "Backslash",
        '_' => "Underscore",
        ' ' => "Space",
        '<' => "Lt",
        '>' => "Gt",
        '=' => "Eq",
        '!' => "Bang",
        '@' => "At",
        '#' => "Hash",
        '$' => "Dollar",
        '%' => "Percent",
        '&' => "Ampersand",
        '|' => "Pipe",
        '~' => "Tilde",
        '?' => "Question",
        ':' => "Colon",
        ';' => "Semicolon",
        ',' => "Comma",
        '^' => "Caret",
        '(' => "LeftParen",
        ')' => "RightParen",
        '[' => "LeftBracket",
        ']' => "RightBracket",
        '{' => "LeftBrace",
        '}' => "RightBrace",
        '\'' => "Quote",
        '"' => "DoubleQuote",
        '`' => "Backtick",
        _ => return None,
    })
}

/// `UpperCamelCase` variant name for an enum value, spelled from its text: `*` → `Asterisk`,
/// `""` → `Empty`, `+1` → `Plus1`, `-1` → `Minus1`, `>=` → `GtEq`. `fallback` only when the
/// text gives nothing (characters without a name, such as emoji only).
pub fn enum_variant_name(raw: &str, fallback: &str) -> String {
    if raw.is_empty() {
        return "Empty".to_owned();
    }
    if raw.trim().is_empty() {
        return "Blank".to_owned();
    }
    // A leading sign is part of the meaning (`-1`, `-name` for a descending sort).
    let sign = match raw.as_bytes() {
        [b'-', next, ..] if next.is_ascii_alphanumeric() || *next == b'.' => "Minus",
        [b'+', next, ..] if next.is_ascii_alphanumeric() || *next == b'.' => "Plus",
        _ => "",
    };
    if raw.chars().any(|c| c.is_ascii_alphanumeric()) {
        let name = variant_name(raw, fallback);
        return match (sign, name.strip_prefix("Value")) {
            ("", _) => name,
            (sign, Some(digits)) if digits.starts_with(|c: char| c.is_ascii_digit()) => {
                format!("{sign}{digits}")
            }
            (sign, _) => format!("{sign}{name}"),
        };
    }
    let spelled: Option<String> = raw.chars().map(symbol_name).collect();
    spelled.unwrap_or_else(|| fallback.to_owned())
}

/// `snake_case` name for a field, parameter or method; keywords get a trailing `_`.
pub fn snake_name(raw: &str) -> String {
    // Keep `camelCase` boundaries but treat punctuation (`-`, `.`, `$`) as separators.
    let mut name = words(raw).to_snake_case();
    if name.is_empty() {
        name = "value".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("n{name}");
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// Hands out names unique within one scope, suffixing `2`, `3`, ... on collision.
#[derive(Debug, Default, Clone)]
pub struct NameScope {
    taken: HashSet<String>,
    /// Who took each name, for reporting collisions (spec names, not Rust names).
    owners: HashMap<String, String>,
}

impl NameScope {
    /// An empty scope.
    pub fn new() -> Self {
        Self::default()
    }

    /// Marks `name` as used without claiming a variant of it.
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_owned());
    }

    /// Like [`claim`](Self::claim) for the spec name `owner`; when `base` was taken, also
    /// returns who took it (the spec name given then, or `base` itself if it was reserved).
    pub fn claim_for(&mut self, base: &str, owner: &str) -> (String, Option<String>) {
        let previous = self.taken.contains(base).then(|| {
            self.owners
                .get(base)
                .cloned()
                .unwrap_or_else(|| base.to_owned())
        });
        let name = self.claim(base);
        self.owners.insert(name.clone(), owner.to_owned());
        (name, previous)
    }

    /// Returns `base` if free, else the first free `base2`, `base3`, ... (`base_2` for snake case).
    pub fn claim(&mut self, base: &str) -> String {
        if self.taken.insert(base.to_owned()) {
            return base.to_owned();
        }
        let separator = if base.ends_with('_') {
            ""
        } else if base.contains('_') || base.chars().all(|c| !c.is_uppercase()) {
            "_"
        } else {
            ""
        };
        (2..)
            .map(|n| format!("{base}{separator}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .expect("an unbounded range always yields a free name")
    }
}

/// The HTTP reason phrase of a status code as a type-name fragment (`404` → `NotFound`).
pub fn status_name(code: u16) -> String {
    let phrase = match code {
        100 => "Continue",
        101 => "SwitchingProtocols",
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        204 => "NoContent",
        205 => "ResetContent",
        206 => "PartialContent",
        207 => "MultiStatus",
        300 => "MultipleChoices",
        301 => "MovedPermanently",
        302 => "Found",
        303 => "SeeOther",
        304 => "NotModified",
        307 => "TemporaryRedirect",
        308 => "PermanentRedirect",
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "LengthRequired",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        414 => "UriTooLong",
        415 => "UnsupportedMediaType",
        416 => "RangeNotSatisfiable",
        417 => "ExpectationFailed",
        422 => "UnprocessableEntity",
        423 => "Locked",
        424 => "FailedDependency",
        428 => "PreconditionRequired",
        429 => "TooManyRequests",
        431 => "RequestHeaderFieldsTooLarge",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        _ => return format!("Status{code}"),
    };
    phrase.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitises_spec_names() {
        assert_eq!(type_name("Identity-2"), "Identity2");
        assert_eq!(
            type_name("accounts-export-report-arguments"),
            "AccountsExportReportArguments"
        );
        assert_eq!(type_name("401"), "Type401");
        assert_eq!(type_name("Result"), "ResultModel");
        assert_eq!(type_name("$$$"), "Unnamed");
        assert_eq!(
            snake_name("X-SailPoint-Experimental"),
            "x_sail_point_experimental"
        );
        assert_eq!(snake_name("type"), "type_");
        assert_eq!(snake_name("self"), "self_");
        assert_eq!(snake_name("2fa"), "n2fa");
        assert_eq!(snake_name("@odata.count"), "odata_count");
        assert_eq!(variant_name("CORRELATED_ONLY", "V"), "CorrelatedOnly");
        assert_eq!(variant_name("*", "Value0"), "Value0");
        assert_eq!(enum_variant_name("*", "Value0"), "Asterisk");
        assert_eq!(enum_variant_name("", "Value3"), "Empty");
        assert_eq!(enum_variant_name("+1", "V"), "Plus1");
        assert_eq!(enum_variant_name("-1", "V"), "Minus1");
        assert_eq!(enum_variant_name("1", "V"), "Value1");
        assert_eq!(enum_variant_name(">=", "V"), "GtEq");
        assert_eq!(enum_variant_name("in-progress", "V"), "InProgress");
        assert_eq!(enum_variant_name("-name", "V"), "MinusName");
        assert_eq!(enum_variant_name("+name", "V"), "PlusName");
    }

    #[test]
    fn scope_suffixes_collisions_deterministically() {
        let mut scope = NameScope::new();
        assert_eq!(scope.claim("foo_bar"), "foo_bar");
        assert_eq!(scope.claim("foo_bar"), "foo_bar_2");
        assert_eq!(scope.claim("type_"), "type_");
        assert_eq!(scope.claim("type_"), "type_2");
        assert_eq!(scope.claim("Identity"), "Identity");
        assert_eq!(scope.claim("Identity"), "Identity2");
    }
}
