//! Typed `filters` and `sorters` query values for list operations that use SailPoint's
//! standard collection parameters.
//!
//! A [`Filter<T>`] is a filter expression such as `name sw "Jo" and correlated eq true`. `T` is
//! a marker type of one operation, so a filter built for one operation cannot be passed to
//! another. The generated code offers one constructor per documented field and operator; the
//! constructors here are what those call. Filters combine with [`and`](Filter::and),
//! [`or`](Filter::or) and [`not`](Filter::not) (or `&`, `|` and `!`), and parentheses are added
//! where grouping needs them. String values are quoted and escaped.
//!
//! A [`Sorter<T>`] is one sort key (`name` or `-name`); [`join`] renders several as the
//! comma-separated `sorters` value.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::ops::{BitAnd, BitOr, Not};

use serde::{Serialize, Serializer};

/// A filter expression for the operation marked by `T`. Its text is what goes in the `filters`
/// query parameter (before URL encoding).
pub struct Filter<T> {
    expr: Expr,
    marker: PhantomData<fn() -> T>,
}

/// A filter's text and how it must be grouped when combined; the non-generic part of
/// [`Filter`], so that the work is compiled once, not once per operation.
#[derive(Clone, PartialEq, Eq, Hash)]
struct Expr {
    text: String,
    shape: Shape,
}

/// The outermost construct of an expression, which decides where parentheses go.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Shape {
    /// A single comparison, or anything already in parentheses.
    Atom,
    /// `not ...`.
    Not,
    /// `... and ...`.
    And,
    /// `... or ...`.
    Or,
    /// Text given by the caller; always parenthesised when combined.
    Raw,
}

impl Expr {
    /// `field operator value`.
    fn compare(field: &str, operator: &str, value: &FilterValue) -> Expr {
        let mut text = String::with_capacity(field.len() + operator.len() + value.0.len() + 2);
        text.push_str(field);
        text.push(' ');
        text.push_str(operator);
        text.push(' ');
        text.push_str(&value.0);
        Expr {
            text,
            shape: Shape::Atom,
        }
    }

    /// `field operator (value, value, ...)`.
    fn list(field: &str, operator: &str, values: &mut dyn Iterator<Item = FilterValue>) -> Expr {
        let mut text = format!("{field} {operator} (");
        for (i, value) in values.enumerate() {
            if i > 0 {
                text.push_str(", ");
            }
            text.push_str(&value.0);
        }
        text.push(')');
        Expr {
            text,
            shape: Shape::Atom,
        }
    }

    /// `field operator`.
    fn unary(field: &str, operator: &str) -> Expr {
        Expr {
            text: format!("{field} {operator}"),
            shape: Shape::Atom,
        }
    }

    /// `left and right` or `left or right`. An operand is parenthesised unless it is a single
    /// comparison, a `not`, or a chain of the same connective: `a or b` in an `and`, and
    /// `a and b` in an `or`, are grouped explicitly even where precedence would not need it.
    fn join(self, connective: Shape, other: Expr) -> Expr {
        let word = if connective == Shape::And {
            " and "
        } else {
            " or "
        };
        let mut text = String::with_capacity(self.text.len() + other.text.len() + 9);
        for (i, operand) in [self, other].into_iter().enumerate() {
            if i > 0 {
                text.push_str(word);
            }
            if matches!(operand.shape, Shape::Atom | Shape::Not) || operand.shape == connective {
                text.push_str(&operand.text);
            } else {
                text.push('(');
                text.push_str(&operand.text);
                text.push(')');
            }
        }
        Expr {
            text,
            shape: connective,
        }
    }

    /// `not operand`, with the operand in parentheses unless it is a single comparison.
    fn negate(self) -> Expr {
        let text = if self.shape == Shape::Atom {
            format!("not {}", self.text)
        } else {
            format!("not ({})", self.text)
        };
        Expr {
            text,
            shape: Shape::Not,
        }
    }
}

impl<T> Filter<T> {
    /// Wraps an expression.
    fn from_expr(expr: Expr) -> Self {
        Filter {
            expr,
            marker: PhantomData,
        }
    }

    /// `field operator value`, e.g. `name sw "Jo"` from `("name", "sw", "Jo".into())`.
    pub fn compare(field: &'static str, operator: &'static str, value: FilterValue) -> Self {
        Self::from_expr(Expr::compare(field, operator, &value))
    }

    /// `field operator (values...)` for the operators that take a list: `in` (equals one of
    /// the values) and `ca` (a collection contains all of them). An empty list renders
    /// `field in ()`, which the server rejects.
    pub fn list(
        field: &'static str,
        operator: &'static str,
        values: impl IntoIterator<Item = FilterValue>,
    ) -> Self {
        Self::from_expr(Expr::list(field, operator, &mut values.into_iter()))
    }

    /// `field operator` for the operators that take no value: `pr` (present) and `isnull`.
    pub fn unary(field: &'static str, operator: &'static str) -> Self {
        Self::from_expr(Expr::unary(field, operator))
    }

    /// An expression written by hand, sent as it is, for what the typed constructors do not
    /// cover (an undocumented field, a date-time compared bare). It is parenthesised when
    /// combined with other filters.
    pub fn raw(expression: impl Into<String>) -> Self {
        Self::from_expr(Expr {
            text: expression.into(),
            shape: Shape::Raw,
        })
    }

    /// Both filters must match: `self and other`.
    pub fn and(self, other: Self) -> Self {
        Self::from_expr(self.expr.join(Shape::And, other.expr))
    }

    /// Either filter must match: `self or other`.
    pub fn or(self, other: Self) -> Self {
        Self::from_expr(self.expr.join(Shape::Or, other.expr))
    }

    /// The filter must not match: `not self`.
    #[allow(clippy::should_implement_trait)] // `Not` is implemented too; this reads better in chains
    pub fn not(self) -> Self {
        Self::from_expr(self.expr.negate())
    }

    /// All of the filters joined with `and`; `None` when there are none.
    pub fn all(filters: impl IntoIterator<Item = Self>) -> Option<Self> {
        filters.into_iter().reduce(Self::and)
    }

    /// Any of the filters joined with `or`; `None` when there are none.
    pub fn any(filters: impl IntoIterator<Item = Self>) -> Option<Self> {
        filters.into_iter().reduce(Self::or)
    }

    /// The expression text, as sent in the `filters` query parameter.
    pub fn as_str(&self) -> &str {
        &self.expr.text
    }

    /// The expression text, by value.
    pub fn into_string(self) -> String {
        self.expr.text
    }
}

impl<T> Clone for Filter<T> {
    fn clone(&self) -> Self {
        Self::from_expr(self.expr.clone())
    }
}

impl<T> PartialEq for Filter<T> {
    fn eq(&self, other: &Self) -> bool {
        self.expr == other.expr
    }
}

impl<T> Eq for Filter<T> {}

impl<T> Hash for Filter<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.expr.hash(state);
    }
}

impl<T> fmt::Debug for Filter<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Filter").field(&self.expr.text).finish()
    }
}

impl<T> fmt::Display for Filter<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.expr.text)
    }
}

impl<T> Serialize for Filter<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.expr.text)
    }
}

impl<T> From<Filter<T>> for String {
    fn from(filter: Filter<T>) -> String {
        filter.expr.text
    }
}

/// `a & b` is `a.and(b)`.
impl<T> BitAnd for Filter<T> {
    type Output = Self;

    fn bitand(self, other: Self) -> Self {
        self.and(other)
    }
}

/// `a | b` is `a.or(b)`.
impl<T> BitOr for Filter<T> {
    type Output = Self;

    fn bitor(self, other: Self) -> Self {
        self.or(other)
    }
}

/// `!a` is `a.not()`.
impl<T> Not for Filter<T> {
    type Output = Self;

    fn not(self) -> Self {
        Filter::not(self)
    }
}

/// The right-hand side of a comparison, already rendered as filter syntax: strings quoted and
/// escaped, booleans and numbers bare.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FilterValue(String);

impl FilterValue {
    /// A string value: in double quotes, with `"` and `\` escaped by a backslash, and control
    /// characters as `\n`, `\r`, `\t` or `\u00XX`. Other characters are kept as they are.
    pub fn string(value: &str) -> Self {
        FilterValue(quote(value))
    }

    /// A value's `Display` text as a string value (for enumerations).
    pub fn text(value: impl fmt::Display) -> Self {
        Self::string(&value.to_string())
    }

    /// A literal sent as it is, unquoted. SailPoint's documentation compares date-times bare
    /// (`created gt 2018-12-18T23:05:55Z`); the caller is responsible for valid syntax.
    pub fn raw(literal: impl Into<String>) -> Self {
        FilterValue(literal.into())
    }

    /// The rendered literal (`"Jo"`, `true`, `42`).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for FilterValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for FilterValue {
    fn from(value: &str) -> Self {
        Self::string(value)
    }
}

impl From<String> for FilterValue {
    fn from(value: String) -> Self {
        Self::string(&value)
    }
}

impl From<&String> for FilterValue {
    fn from(value: &String) -> Self {
        Self::string(value)
    }
}

impl From<bool> for FilterValue {
    fn from(value: bool) -> Self {
        FilterValue(if value { "true" } else { "false" }.to_owned())
    }
}

impl From<i32> for FilterValue {
    fn from(value: i32) -> Self {
        FilterValue(value.to_string())
    }
}

impl From<i64> for FilterValue {
    fn from(value: i64) -> Self {
        FilterValue(value.to_string())
    }
}

impl From<u32> for FilterValue {
    fn from(value: u32) -> Self {
        FilterValue(value.to_string())
    }
}

impl From<u64> for FilterValue {
    fn from(value: u64) -> Self {
        FilterValue(value.to_string())
    }
}

/// Plain decimal notation (`1.5`, `2`), never an exponent. NaN and infinities are not numbers in
/// the filter syntax; they render as `NaN`, `inf` and `-inf`, which the server rejects.
impl From<f64> for FilterValue {
    fn from(value: f64) -> Self {
        FilterValue(value.to_string())
    }
}

/// A timestamp goes unquoted in RFC 3339, as SailPoint's filter syntax writes it
/// (`created gt 2018-12-18T23:05:55Z`); fractions of a second only when there are some.
impl From<chrono::DateTime<chrono::Utc>> for FilterValue {
    fn from(value: chrono::DateTime<chrono::Utc>) -> Self {
        FilterValue(value.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
    }
}

/// `text` in double quotes, with `"` and `\` backslash-escaped and control characters escaped.
fn quote(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // Control characters are U+0000..=U+001F and U+007F..=U+009F: two hex digits.
            c if c.is_control() => {
                let code = u32::from(c) as usize;
                out.push_str("\\u00");
                out.push(char::from(HEX[(code >> 4) & 0xf]));
                out.push(char::from(HEX[code & 0xf]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// One sort key for the operation marked by `T`: a field, ascending unless made
/// [`descending`](Sorter::descending) (rendered `-field`).
pub struct Sorter<T> {
    field: &'static str,
    descending: bool,
    marker: PhantomData<fn() -> T>,
}

impl<T> Sorter<T> {
    /// Sort by `field`, smallest first.
    pub fn ascending(field: &'static str) -> Self {
        Sorter {
            field,
            descending: false,
            marker: PhantomData,
        }
    }

    /// The same field, largest first.
    pub fn descending(self) -> Self {
        Sorter {
            descending: true,
            ..self
        }
    }

    /// The field sorted by.
    pub fn field(&self) -> &'static str {
        self.field
    }

    /// Whether the order is descending.
    pub fn is_descending(&self) -> bool {
        self.descending
    }
}

impl<T> Clone for Sorter<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Sorter<T> {}

impl<T> PartialEq for Sorter<T> {
    fn eq(&self, other: &Self) -> bool {
        self.field == other.field && self.descending == other.descending
    }
}

impl<T> Eq for Sorter<T> {}

impl<T> Hash for Sorter<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.field.hash(state);
        self.descending.hash(state);
    }
}

impl<T> fmt::Debug for Sorter<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Sorter")
            .field(&format_args!("{self}"))
            .finish()
    }
}

impl<T> fmt::Display for Sorter<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.descending {
            f.write_str("-")?;
        }
        f.write_str(self.field)
    }
}

/// Serialized as its text (`-name`), so a list of sorters serializes as the `sorters` list.
impl<T> Serialize for Sorter<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// The `sorters` query value: the keys comma-separated, most significant first
/// (`name,-created`). Empty when there are none.
pub fn join<T>(sorters: impl IntoIterator<Item = Sorter<T>>) -> String {
    let mut out = String::new();
    for (i, sorter) in sorters.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if sorter.descending {
            out.push('-');
        }
        out.push_str(sorter.field);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_go_unquoted_in_rfc_3339() {
        let at = chrono::DateTime::from_timestamp(1_545_174_355, 0).unwrap();
        assert_eq!(FilterValue::from(at).as_str(), "2018-12-18T23:05:55Z");
        let precise = chrono::DateTime::from_timestamp(1_545_174_355, 120_000_000).unwrap();
        assert_eq!(
            FilterValue::from(precise).as_str(),
            "2018-12-18T23:05:55.120Z"
        );
    }

    /// The marker of an operation, as the generator emits one per operation.
    struct ListIdentities;

    type F = Filter<ListIdentities>;
    type S = Sorter<ListIdentities>;

    fn eq(field: &'static str, value: impl Into<FilterValue>) -> F {
        Filter::compare(field, "eq", value.into())
    }

    #[test]
    fn renders_comparisons() {
        assert_eq!(eq("name", "Jo").as_str(), r#"name eq "Jo""#);
        assert_eq!(eq("correlated", false).to_string(), "correlated eq false");
        assert_eq!(eq("correlated", true).to_string(), "correlated eq true");
        assert_eq!(
            F::compare("created", "ge", 1_700_000_000_i64.into()).as_str(),
            "created ge 1700000000"
        );
        assert_eq!(
            F::compare("count", "lt", (-3).into()).as_str(),
            "count lt -3"
        );
        assert_eq!(F::compare("n", "gt", 7_u32.into()).as_str(), "n gt 7");
        assert_eq!(
            F::compare("n", "gt", u64::MAX.into()).as_str(),
            "n gt 18446744073709551615"
        );
        assert_eq!(
            F::compare("score", "le", 1.5.into()).as_str(),
            "score le 1.5"
        );
        assert_eq!(F::compare("score", "le", 2.0.into()).as_str(), "score le 2");
        assert_eq!(
            F::compare("score", "le", 1e21.into()).as_str(),
            "score le 1000000000000000000000"
        );
        let owned = String::from("a");
        assert_eq!(eq("name", &owned).as_str(), r#"name eq "a""#);
        assert_eq!(eq("name", owned).as_str(), r#"name eq "a""#);
        assert_eq!(F::unary("lastUsed", "isnull").as_str(), "lastUsed isnull");
        assert_eq!(F::unary("manager", "pr").as_str(), "manager pr");
    }

    #[test]
    fn the_documented_example() {
        let filter = eq("id", "6c9079b270a266a60170a2779fcb0006").or(eq("correlated", false));
        assert_eq!(
            filter.as_str(),
            r#"id eq "6c9079b270a266a60170a2779fcb0006" or correlated eq false"#
        );
    }

    #[test]
    fn escapes_strings() {
        assert_eq!(FilterValue::from(r#"say "hi""#).as_str(), r#""say \"hi\"""#);
        assert_eq!(FilterValue::from(r"C:\temp").as_str(), r#""C:\\temp""#);
        assert_eq!(FilterValue::from(r#"\""#).as_str(), r#""\\\"""#);
        assert_eq!(FilterValue::from("a\nb").as_str(), r#""a\nb""#);
        assert_eq!(FilterValue::from("a\r\n\tb").as_str(), r#""a\r\n\tb""#);
        assert_eq!(
            FilterValue::from("\u{0}\u{1f}\u{7f}\u{9f}").as_str(),
            r#""\u0000\u001f\u007f\u009f""#
        );
        assert_eq!(FilterValue::from("").as_str(), r#""""#);
        assert_eq!(
            eq("name", "#Employees & 100%").as_str(),
            r##"name eq "#Employees & 100%""##,
            "URL-special characters are left to the query encoder"
        );
    }

    #[test]
    fn keeps_unicode() {
        assert_eq!(FilterValue::from("José").as_str(), "\"José\"");
        assert_eq!(FilterValue::from("🦀 crab").as_str(), "\"🦀 crab\"");
        assert_eq!(
            FilterValue::from("日本\u{2028}").as_str(),
            "\"日本\u{2028}\""
        );
    }

    #[test]
    fn text_and_raw_values() {
        #[derive(Debug)]
        enum CloudStatus {
            Unregistered,
        }
        impl fmt::Display for CloudStatus {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self {
                    CloudStatus::Unregistered => f.write_str("UNREGISTERED"),
                }
            }
        }
        assert_eq!(
            eq("cloudStatus", FilterValue::text(CloudStatus::Unregistered)).as_str(),
            r#"cloudStatus eq "UNREGISTERED""#
        );
        assert_eq!(FilterValue::text("x\"y").as_str(), r#""x\"y""#);
        assert_eq!(
            F::compare("created", "gt", FilterValue::raw("2018-12-18T23:05:55Z")).as_str(),
            "created gt 2018-12-18T23:05:55Z"
        );
        assert_eq!(FilterValue::raw("42").to_string(), "42");
    }

    #[test]
    fn groups_by_precedence() {
        let (a, b, c) = (eq("a", 1), eq("b", 2), eq("c", 3));
        assert_eq!(
            a.clone().or(b.clone()).and(c.clone()).as_str(),
            "(a eq 1 or b eq 2) and c eq 3"
        );
        assert_eq!(
            c.clone().and(a.clone().or(b.clone())).as_str(),
            "c eq 3 and (a eq 1 or b eq 2)"
        );
        assert_eq!(
            a.clone().and(b.clone()).or(c.clone()).as_str(),
            "(a eq 1 and b eq 2) or c eq 3"
        );
        assert_eq!(
            a.clone().and(b.clone()).and(c.clone()).as_str(),
            "a eq 1 and b eq 2 and c eq 3"
        );
        assert_eq!(
            a.clone().and(b.clone().and(c.clone())).as_str(),
            "a eq 1 and b eq 2 and c eq 3"
        );
        assert_eq!(
            a.clone().or(b.clone()).or(c.clone()).as_str(),
            "a eq 1 or b eq 2 or c eq 3"
        );
        assert_eq!(
            a.clone()
                .or(b.clone())
                .and(c.clone().or(a.clone()))
                .as_str(),
            "(a eq 1 or b eq 2) and (c eq 3 or a eq 1)"
        );
        assert_eq!(
            a.clone()
                .and(b.clone())
                .or(c.clone().and(a.clone()))
                .as_str(),
            "(a eq 1 and b eq 2) or (c eq 3 and a eq 1)"
        );
    }

    #[test]
    fn negates() {
        let (a, b) = (eq("a", 1), eq("b", 2));
        assert_eq!(a.clone().not().as_str(), "not a eq 1");
        assert_eq!(
            F::list("value", "in", ["ID01".into()]).not().as_str(),
            r#"not value in ("ID01")"#
        );
        assert_eq!(
            a.clone().and(b.clone()).not().as_str(),
            "not (a eq 1 and b eq 2)"
        );
        assert_eq!(
            a.clone().or(b.clone()).not().as_str(),
            "not (a eq 1 or b eq 2)"
        );
        assert_eq!(a.clone().not().not().as_str(), "not (not a eq 1)");
        assert_eq!(
            a.clone().not().and(b.clone()).as_str(),
            "not a eq 1 and b eq 2"
        );
        assert_eq!(
            a.clone().not().or(b.clone().not()).as_str(),
            "not a eq 1 or not b eq 2"
        );
    }

    #[test]
    fn operators_match_methods() {
        let (a, b, c) = (eq("a", 1), eq("b", 2), eq("c", 3));
        assert_eq!(
            (a.clone() | b.clone()) & !c.clone(),
            a.clone().or(b.clone()).and(c.clone().not())
        );
        assert_eq!(
            (a.clone() | b.clone() & c.clone()).as_str(),
            "a eq 1 or (b eq 2 and c eq 3)"
        );
    }

    #[test]
    fn lists() {
        assert_eq!(
            F::list("id", "in", ["a".into(), "b".into()]).as_str(),
            r#"id in ("a", "b")"#
        );
        assert_eq!(
            F::list("id", "in", vec![FilterValue::from("x\"y")]).as_str(),
            r#"id in ("x\"y")"#
        );
        assert_eq!(
            F::list("n", "in", (1..=3).map(FilterValue::from)).as_str(),
            "n in (1, 2, 3)"
        );
        assert_eq!(F::list("id", "in", []).as_str(), "id in ()");
        assert_eq!(
            F::list("rights", "ca", ["CREATE".into(), "SELECT".into()]).as_str(),
            r#"rights ca ("CREATE", "SELECT")"#
        );
        assert_eq!(
            F::list("groups", "ca", ["Venezia".into()]).as_str(),
            r#"groups ca ("Venezia")"#
        );
        assert_eq!(
            F::list("id", "in", ["a".into()])
                .or(F::list("id", "in", ["b".into()]))
                .and(eq("c", 1))
                .as_str(),
            r#"(id in ("a") or id in ("b")) and c eq 1"#
        );
    }

    #[test]
    fn raw_expressions_are_grouped() {
        let raw = F::raw("x eq 1 or y eq 2");
        assert_eq!(raw.as_str(), "x eq 1 or y eq 2");
        assert_eq!(
            raw.clone().and(eq("a", 1)).as_str(),
            "(x eq 1 or y eq 2) and a eq 1"
        );
        assert_eq!(
            raw.clone().or(eq("a", 1)).as_str(),
            "(x eq 1 or y eq 2) or a eq 1"
        );
        assert_eq!(raw.not().as_str(), "not (x eq 1 or y eq 2)");
    }

    #[test]
    fn all_and_any() {
        assert_eq!(F::all(Vec::new()), None);
        assert_eq!(F::any(Vec::new()), None);
        assert_eq!(F::all([eq("a", 1)]), Some(eq("a", 1)));
        assert_eq!(
            F::all([eq("a", 1), eq("b", 2), eq("c", 3)]).map(F::into_string),
            Some("a eq 1 and b eq 2 and c eq 3".to_owned())
        );
        assert_eq!(
            F::any([eq("a", 1), eq("b", 2).and(eq("c", 3))]).map(String::from),
            Some("a eq 1 or (b eq 2 and c eq 3)".to_owned())
        );
    }

    #[test]
    fn filter_traits() {
        let a = eq("name", "Jo");
        assert_eq!(format!("{a:?}"), r#"Filter("name eq \"Jo\"")"#);
        assert_eq!(a.clone(), a);
        assert_ne!(a, eq("name", "Jim"));
        let mut set = std::collections::HashSet::new();
        set.insert(a.clone());
        assert!(set.contains(&a));
        assert_eq!(String::from(a.clone()), a.to_string());
        fn send_sync<X: Send + Sync>() {}
        send_sync::<F>();
        send_sync::<S>();
    }

    #[test]
    fn sorters() {
        assert_eq!(S::ascending("name").to_string(), "name");
        assert_eq!(S::ascending("name").descending().to_string(), "-name");
        assert!(S::ascending("name").descending().is_descending());
        assert_eq!(S::ascending("access.name").field(), "access.name");
        assert_eq!(
            join([
                S::ascending("name"),
                S::ascending("cloudStatus").descending()
            ]),
            "name,-cloudStatus"
        );
        assert_eq!(join::<ListIdentities>([]), "");
        assert_eq!(join(vec![S::ascending("created").descending()]), "-created");
        assert_eq!(
            format!("{:?}", S::ascending("name").descending()),
            "Sorter(-name)"
        );
        let s = S::ascending("name");
        let copy = s;
        assert_eq!(s, copy);
        assert_ne!(s, s.descending());
    }
}
