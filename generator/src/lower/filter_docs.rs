//! The fields, operators and sort keys that SailPoint-style list operations document in the
//! Markdown descriptions of their `filters` and `sorters` query parameters.
//!
//! SailPoint describes what a `filters` parameter accepts in prose, one field per paragraph:
//!
//! ```text
//! Filtering is supported for the following fields and operators:
//!
//! **id**: *eq, in*
//!
//! **name**: *eq, sw*
//! ```
//!
//! and what a `sorters` parameter accepts in one sentence:
//! `Sorting is supported for the following fields: **name, alias, cloudStatus**`.
//! [`filter_fields`] and [`sorter_fields`] read those lists back, so that typed filter and sorter
//! builders can be generated for each operation. Both are lenient about Markdown variations
//! (missing colon, colon inside the bold, several fields in one bold span, operators in
//! backticks, trailing periods, everything on one line) and return an empty list rather than an
//! error when nothing matches.

/// A field that a `filters` parameter documents, with the operators allowed on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterField {
    /// The field's name as it is written in a filter expression (may contain dots, e.g.
    /// `owner.id`).
    pub name: String,
    /// The operators documented for the field, in documented order, without duplicates.
    pub operators: Vec<FilterOperator>,
}

/// A primitive operator of SailPoint's filter syntax (V3 standard collection parameters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FilterOperator {
    /// `eq`: equal to the value.
    Eq,
    /// `ne`: not equal to the value.
    Ne,
    /// `gt`: greater than the value.
    Gt,
    /// `ge`: greater than or equal to the value.
    Ge,
    /// `lt`: less than the value.
    Lt,
    /// `le`: less than or equal to the value.
    Le,
    /// `co`: contains the value as a substring.
    Co,
    /// `sw`: starts with the value.
    Sw,
    /// `in`: equal to one of a parenthesised list of values.
    In,
    /// `ca`: a collection-valued field that contains all of a parenthesised list of values.
    Ca,
    /// `pr`: present (not null); takes no value.
    Pr,
    /// `isnull`: null; takes no value.
    IsNull,
}

impl FilterOperator {
    /// Every operator, in the order of this enum.
    pub const ALL: [FilterOperator; 12] = [
        FilterOperator::Eq,
        FilterOperator::Ne,
        FilterOperator::Gt,
        FilterOperator::Ge,
        FilterOperator::Lt,
        FilterOperator::Le,
        FilterOperator::Co,
        FilterOperator::Sw,
        FilterOperator::In,
        FilterOperator::Ca,
        FilterOperator::Pr,
        FilterOperator::IsNull,
    ];

    /// The operator as written in a filter expression (`eq`, `isnull`, ...).
    pub fn wire(self) -> &'static str {
        match self {
            FilterOperator::Eq => "eq",
            FilterOperator::Ne => "ne",
            FilterOperator::Gt => "gt",
            FilterOperator::Ge => "ge",
            FilterOperator::Lt => "lt",
            FilterOperator::Le => "le",
            FilterOperator::Co => "co",
            FilterOperator::Sw => "sw",
            FilterOperator::In => "in",
            FilterOperator::Ca => "ca",
            FilterOperator::Pr => "pr",
            FilterOperator::IsNull => "isnull",
        }
    }

    /// The operator named by `text` (surrounding whitespace and ASCII case ignored), or `None`.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        FilterOperator::ALL
            .into_iter()
            .find(|op| op.wire().eq_ignore_ascii_case(text))
    }

    /// Whether the operator takes no value (`pr`, `isnull`).
    pub fn is_unary(self) -> bool {
        matches!(self, FilterOperator::Pr | FilterOperator::IsNull)
    }

    /// Whether the operator takes a parenthesised list of values (`in`, `ca`).
    pub fn takes_list(self) -> bool {
        matches!(self, FilterOperator::In | FilterOperator::Ca)
    }

    /// What the operator tests, as a short phrase for generated docs ("starts with the value").
    pub fn meaning(self) -> &'static str {
        match self {
            FilterOperator::Eq => "equals the value",
            FilterOperator::Ne => "does not equal the value",
            FilterOperator::Gt => "is greater than the value",
            FilterOperator::Ge => "is greater than or equal to the value",
            FilterOperator::Lt => "is less than the value",
            FilterOperator::Le => "is less than or equal to the value",
            FilterOperator::Co => "contains the value",
            FilterOperator::Sw => "starts with the value",
            FilterOperator::In => "equals one of the values",
            FilterOperator::Ca => "contains all of the values",
            FilterOperator::Pr => "is present (not null)",
            FilterOperator::IsNull => "is null",
        }
    }
}

/// The phrase that introduces a `filters` field list; scanning starts after it when present.
const FILTER_INTRO: &str = "filtering is supported";

/// The phrase that introduces a `sorters` field list (`field` or `fields` may follow).
const SORTER_INTRO: &str = "sorting is supported for the following field";

/// Every `**field**: *op, op*` entry of a `filters` parameter's description, in documented
/// order. A bold span may list several fields (`**a, b**: *eq*`); a field documented twice gets
/// the union of its operators; unknown operators are skipped, and a field left with none is
/// left out. Empty when nothing parses.
pub fn filter_fields(description: &str) -> Vec<FilterField> {
    let mut fields: Vec<FilterField> = Vec::new();
    let mut rest = after_phrase(description, FILTER_INTRO).unwrap_or(description);
    while let Some(bold) = next_bold(rest) {
        rest = bold.after;
        let Some(names) = field_names(bold.inner) else {
            continue;
        };
        let (operators, after) = operator_list(bold.after, bold.colon_inside);
        rest = after;
        if operators.is_empty() {
            continue;
        }
        for name in names {
            match fields.iter_mut().find(|f| f.name == name) {
                Some(field) => {
                    for op in &operators {
                        if !field.operators.contains(op) {
                            field.operators.push(*op);
                        }
                    }
                }
                None => fields.push(FilterField {
                    name: name.to_owned(),
                    operators: operators.clone(),
                }),
            }
        }
    }
    fields
}

/// The fields listed after "Sorting is supported for the following fields" in a `sorters`
/// parameter's description, in documented order and without duplicates. Accepts one bold list
/// (`**a, b**`), several bold or backticked names, or plain comma-separated names ending the
/// sentence. Empty when the phrase is missing or nothing parses.
pub fn sorter_fields(description: &str) -> Vec<String> {
    let Some(rest) = after_phrase(description, SORTER_INTRO) else {
        return Vec::new();
    };
    let rest = rest.strip_prefix('s').unwrap_or(rest);
    let rest = rest.trim_start_matches([' ', '\t']);
    let rest = rest.strip_prefix(':').unwrap_or(rest).trim_start();
    let line = rest.lines().next().unwrap_or("");
    let mut names: Vec<String> = Vec::new();
    let mut push = |candidate: &str| {
        for name in split_names(candidate) {
            if !names.iter().any(|n| n == name) {
                names.push(name.to_owned());
            }
        }
    };
    if line.starts_with(['*', '_', '`']) {
        for run in decorated_runs(line).0 {
            push(run);
        }
    } else {
        push(sentence(line));
    }
    names
}

/// The text after the first case-insensitive occurrence of `phrase` (which must be lowercase
/// ASCII), or `None`.
fn after_phrase<'a>(text: &'a str, phrase: &str) -> Option<&'a str> {
    let start = text.to_ascii_lowercase().find(phrase)?;
    // ASCII lowercasing keeps byte offsets, and `phrase` is ASCII, so this is a char boundary.
    text.get(start + phrase.len()..)
}

/// A `**bold**` span on one line.
struct Bold<'a> {
    /// The text between the markers, trimmed, without a trailing colon.
    inner: &'a str,
    /// Whether the span ended with a colon (`**id:**`).
    colon_inside: bool,
    /// The text after the closing marker.
    after: &'a str,
}

/// The next bold span in `text`, skipping `**` pairs that do not close on the same line.
fn next_bold(mut text: &str) -> Option<Bold<'_>> {
    loop {
        let open = text.find("**")?;
        let stars = text[open..].len() - text[open..].trim_start_matches('*').len();
        let body = &text[open + stars..];
        let line_end = body.find('\n').unwrap_or(body.len());
        let Some(close) = body[..line_end].find("**") else {
            text = body;
            continue;
        };
        let after = &body[close..];
        let closing = (after.len() - after.trim_start_matches('*').len()).min(stars);
        let inner = body[..close].trim();
        let (inner, colon_inside) = match inner.strip_suffix(':') {
            Some(stripped) => (stripped.trim_end(), true),
            None => (inner, false),
        };
        return Some(Bold {
            inner,
            colon_inside,
            after: &after[closing..],
        });
    }
}

/// The field names in a bold span (`id`, `a, b`, `a and b`), or `None` when any part is not a
/// plausible field name (prose such as `Supported composite operators`).
fn field_names(inner: &str) -> Option<Vec<&str>> {
    let mut names = Vec::new();
    for part in inner.split([',', '/']) {
        let words: Vec<&str> = part
            .split_whitespace()
            .filter(|w| !w.eq_ignore_ascii_case("and"))
            .map(|w| w.trim_matches(['`', '*', '_']))
            .collect();
        if words.len() != 1 || !is_field_name(words[0]) {
            return None;
        }
        names.push(words[0]);
    }
    Some(names)
}

/// Whether `name` looks like a wire field name: ASCII letters, digits, `_`, `-` and inner dots.
fn is_field_name(name: &str) -> bool {
    let first_ok = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    first_ok
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
        && !name.ends_with('.')
        && !name.contains("..")
}

/// The operators that follow a bold field list, and the text after them. The list is either
/// emphasised (`*eq, in*`, `` `eq`, `in` ``, `*eq*, *in*`) or, when a colon or dash separates it
/// from the field, plain (`eq, in`, up to the first character other than letters, spaces and
/// commas, and only if every word is an operator). Only the current line is read, and only up
/// to the next bold span.
fn operator_list(text: &str, colon_inside: bool) -> (Vec<FilterOperator>, &str) {
    let mut rest = text.trim_start_matches([' ', '\t']);
    let mut separated = colon_inside;
    if let Some(after) = rest.strip_prefix([':', '-', '–', '—']) {
        separated = true;
        rest = after.trim_start_matches([' ', '\t']);
    }
    let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
    let segment_end = match line.strip_prefix("**") {
        // Bold operators (`**eq, in**`): up to and including the closing marker.
        Some(inner) => inner.find("**").map_or(line.len(), |i| i + 4),
        None => line.find("**").unwrap_or(line.len()),
    };
    let segment = &line[..segment_end];
    let mut operators = Vec::new();
    if segment.starts_with(['*', '_', '`']) {
        let (runs, after) = decorated_runs(segment);
        for run in runs {
            collect_operators(run, &mut operators);
        }
        (operators, &rest[segment.len() - after.len()..])
    } else if separated {
        let end = segment
            .find(|c: char| !(c.is_ascii_alphabetic() || matches!(c, ' ' | '\t' | ',')))
            .unwrap_or(segment.len());
        // Undecorated text counts only when every word is an operator (or `and`/`or`), so that
        // `**Note:** in some cases...` is not read as the field `Note` with `in`.
        let list = &segment[..end];
        let all_operators = list
            .split([',', ' ', '\t'])
            .filter(|w| !w.is_empty())
            .all(|w| {
                FilterOperator::parse(w).is_some()
                    || w.eq_ignore_ascii_case("and")
                    || w.eq_ignore_ascii_case("or")
            });
        if all_operators {
            collect_operators(list, &mut operators);
        }
        (operators, &rest[end..])
    } else {
        (operators, rest)
    }
}

/// Adds the known operators among the comma- or space-separated words of `text` to `out`,
/// skipping unknown words and repeats.
fn collect_operators(text: &str, out: &mut Vec<FilterOperator>) {
    for word in text.split([',', ' ', '\t', '/', '|']) {
        let word = word.trim_matches(['*', '_', '`', '.', ';', ':', '(', ')']);
        if let Some(op) = FilterOperator::parse(word) {
            if !out.contains(&op) {
                out.push(op);
            }
        }
    }
}

/// The contents of consecutive emphasised runs at the start of `text` (`*a, b*`, `**a**, **b**`,
/// `` `a`, `b` ``), joined by commas, spaces or `and`/`or`, and the text after the last run's
/// closing marker. A run that does not close ends at the end of `text`.
fn decorated_runs(text: &str) -> (Vec<&str>, &str) {
    let mut runs = Vec::new();
    let mut rest = text;
    while let Some(marker) = rest.chars().next().filter(|c| matches!(c, '*' | '_' | '`')) {
        let body = rest.trim_start_matches(marker);
        let close = body.find(marker).unwrap_or(body.len());
        runs.push(&body[..close]);
        let after = body[close..].trim_start_matches(marker);
        let next = after.trim_start_matches([',', ' ', '\t']);
        let next = ["and ", "or "]
            .iter()
            .find_map(|joiner| next.strip_prefix(joiner))
            .unwrap_or(next)
            .trim_start_matches([' ', '\t']);
        if next.len() == after.len() || !next.starts_with(['*', '_', '`']) {
            return (runs, after);
        }
        rest = next;
    }
    (runs, rest)
}

/// The part of `line` up to the end of its first sentence: a period followed by whitespace or
/// the end of the line (dots inside names such as `access.name` are kept).
fn sentence(line: &str) -> &str {
    let bytes = line.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'.' && bytes.get(i + 1).is_none_or(|n| n.is_ascii_whitespace()) {
            return &line[..i];
        }
    }
    line
}

/// The valid field names in a comma-separated list, undecorated; parts that are not a single
/// plausible name (prose) are skipped.
fn split_names(text: &str) -> Vec<&str> {
    text.split(',')
        .flat_map(|part| part.split(" and "))
        .map(|part| {
            part.trim()
                .trim_matches(['*', '_', '`'])
                .trim_end_matches('.')
                .trim()
        })
        .filter(|name| is_field_name(name))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::FilterOperator::*;
    use super::*;

    fn field(name: &str, operators: &[FilterOperator]) -> FilterField {
        FilterField {
            name: name.to_owned(),
            operators: operators.to_vec(),
        }
    }

    /// `listIdentities` in v2024, verbatim.
    const LIST_IDENTITIES: &str = "Filter results using the standard syntax described in [V3 API Standard Collection Parameters](https://developer.sailpoint.com/idn/api/standard-collection-parameters#filtering-results)\n\nFiltering is supported for the following fields and operators:\n\n**id**: *eq, in*\n\n**name**: *eq, sw*\n\n**alias**: *eq, sw*\n\n**firstname**: *eq, sw*\n\n**lastname**: *eq, sw*\n\n**email**: *eq, sw*\n\n**cloudStatus**: *eq*\n\n**processingState**: *eq*\n\n**correlated**: *eq*\n\n**protected**: *eq*";

    #[test]
    fn list_identities_filters() {
        assert_eq!(
            filter_fields(LIST_IDENTITIES),
            vec![
                field("id", &[Eq, In]),
                field("name", &[Eq, Sw]),
                field("alias", &[Eq, Sw]),
                field("firstname", &[Eq, Sw]),
                field("lastname", &[Eq, Sw]),
                field("email", &[Eq, Sw]),
                field("cloudStatus", &[Eq]),
                field("processingState", &[Eq]),
                field("correlated", &[Eq]),
                field("protected", &[Eq]),
            ]
        );
    }

    #[test]
    fn list_identities_sorters() {
        let description = "Sort results using the standard syntax described in [V3 API Standard Collection Parameters](https://developer.sailpoint.com/idn/api/standard-collection-parameters#sorting-results)\n\nSorting is supported for the following fields: **name, alias, cloudStatus**";
        assert_eq!(sorter_fields(description), ["name", "alias", "cloudStatus"]);
    }

    #[test]
    fn brief_example_with_trailing_example_line() {
        let description = "Filter results using the standard syntax described in [V3 API Standard Collection Parameters](https://developer.sailpoint.com/idn/api/standard-collection-parameters#filtering-results)\n\nFiltering is supported for the following fields and operators:\n\n**id**: *eq, in*\n\n**name**: *eq, sw*\n\n**cloudStatus**: *eq*\n\nExample: `id eq \"6c9079b270a266a60170a2779fcb0006\" or correlated eq false`.\n";
        assert_eq!(
            filter_fields(description),
            vec![
                field("id", &[Eq, In]),
                field("name", &[Eq, Sw]),
                field("cloudStatus", &[Eq])
            ]
        );
    }

    /// `listAccessProfiles` (v2024): dotted names, composite-operator and limitation prose.
    #[test]
    fn access_profiles_with_composite_prose() {
        let description = "Filter results using the standard syntax described in [V3 API Standard Collection Parameters](https://developer.sailpoint.com/idn/api/standard-collection-parameters#filtering-results)\n\nFiltering is supported for the following fields and operators:\n\n**id**: *eq, in*\n\n**name**: *eq, sw*\n\n**created**: *gt, ge, le*\n\n**modified**: *gt, lt, ge, le*\n\n**owner.id**: *eq, in*\n\n**requestable**: *eq*\n\n**source.id**: *eq, in*\n\nSupported composite operators are *and, or*\n\nFiltering is not supported for access profiles and entitlements that have the '+' symbol in their names. ";
        assert_eq!(
            filter_fields(description),
            vec![
                field("id", &[Eq, In]),
                field("name", &[Eq, Sw]),
                field("created", &[Gt, Ge, Le]),
                field("modified", &[Gt, Lt, Ge, Le]),
                field("owner.id", &[Eq, In]),
                field("requestable", &[Eq]),
                field("source.id", &[Eq, In]),
            ]
        );
    }

    /// `listAdministratorsAccessRequestStatus` (v2024): long operator lists with `isnull`.
    #[test]
    fn long_operator_lists_keep_documented_order() {
        let description = "Filtering is supported for the following fields and operators:\n\n**accountActivityItemId**: *eq, in, ge, gt, le, lt, ne, isnull, sw*\n\n**status**: *in, eq, ne*\n";
        assert_eq!(
            filter_fields(description),
            vec![
                field(
                    "accountActivityItemId",
                    &[Eq, In, Ge, Gt, Le, Lt, Ne, IsNull, Sw]
                ),
                field("status", &[In, Eq, Ne]),
            ]
        );
    }

    /// `getCommonAccess` (v2024): `**reviewedByUser** *eq*` has no colon.
    #[test]
    fn missing_colon() {
        let description = "Filtering is supported for the following fields and operators:\n\n**status**: *eq, sw*\n\n**reviewedByUser** *eq*\n\n**access.id**: *eq, sw*\n\n**access.name**: *sw, eq*\n";
        assert_eq!(
            filter_fields(description),
            vec![
                field("status", &[Eq, Sw]),
                field("reviewedByUser", &[Eq]),
                field("access.id", &[Eq, Sw]),
                field("access.name", &[Sw, Eq]),
            ]
        );
    }

    /// `getIdentityCertificationItemPermissions` (v2024): `ca`, and `**Supported composite
    /// operators**: *and*` style prose that must not become a field.
    #[test]
    fn contains_all_and_bold_prose() {
        let description = "Filtering is supported for the following fields and operators:\n\n**target**: *eq, sw*\n\n**rights**: *ca*\n\nSupported composite operators: *and, or*\n\n**Supported composite operators**: *and*\n\nFor example, the following is valid: `?filters=rights+ca+(%22CREATE%22)+and+target+eq+%22SYS.OBJAUTH2%22`\n";
        assert_eq!(
            filter_fields(description),
            vec![field("target", &[Eq, Sw]), field("rights", &[Ca])]
        );
    }

    /// `listMachineIdentities` (v2025): `pr`; `getTaskStatusList` (v2025): a bold
    /// `**Possible Values:**` paragraph after the list.
    #[test]
    fn present_and_possible_values() {
        let description = "Filtering is supported for the following fields and operators:\n\n**owners.primaryIdentity.name**: *eq, in, isnull, pr*\n\n**type**: *eq, in*\n\n**Possible Values:** CLOUD_ACCOUNT_AGGREGATION, CLOUD_GROUP_AGGREGATION, CLOUD_REFRESH_ROLE\n";
        assert_eq!(
            filter_fields(description),
            vec![
                field("owners.primaryIdentity.name", &[Eq, In, IsNull, Pr]),
                field("type", &[Eq, In]),
            ]
        );
    }

    /// `getWorkflowExecutions`: underscores in names; `getDiscoveredApplications`: blank lines
    /// with trailing spaces before the list.
    #[test]
    fn underscores_and_blank_lines() {
        let description = "Filter results using the standard syntax\n  \n  \nFiltering is supported for the following fields and operators:\n\n**start_time**: *eq, lt, le, gt, ge*\n\n**discoverySource**: *eq, in*\n\n";
        assert_eq!(
            filter_fields(description),
            vec![
                field("start_time", &[Eq, Lt, Le, Gt, Ge]),
                field("discoverySource", &[Eq, In]),
            ]
        );
    }

    /// `RoleMetadataBulkUpdateByFilterRequest.filters` (a request-body property in v2024): a
    /// space before the colon.
    #[test]
    fn space_before_colon() {
        let description = "Filtering is supported for the following fields and operators:\n\n**id** : *eq, in*\n\n**name** : *eq, sw*\n\n**created** : *gt, lt, ge, le*\n\n**owner.id** : *eq, in*\n\n**requestable** : *eq*";
        assert_eq!(
            filter_fields(description),
            vec![
                field("id", &[Eq, In]),
                field("name", &[Eq, Sw]),
                field("created", &[Gt, Lt, Ge, Le]),
                field("owner.id", &[Eq, In]),
                field("requestable", &[Eq]),
            ]
        );
    }

    /// The SDK docs render the whole list on one line.
    #[test]
    fn everything_on_one_line() {
        let description = "Filtering is supported for the following fields and operators: **id**: *eq, in* **name**: *eq, sw* **cloudStatus**: *eq* (optional)";
        assert_eq!(
            filter_fields(description),
            vec![
                field("id", &[Eq, In]),
                field("name", &[Eq, Sw]),
                field("cloudStatus", &[Eq])
            ]
        );
    }

    #[test]
    fn markdown_variations() {
        let description = "Filtering is supported for the following fields and operators:\n\n\
            * **id:** *eq, in*.\n\
            - **name** : `eq`, `sw`\n\
            **created, modified**: *gt, lt*\n\
            **owner.id**: eq, in (ids are case-sensitive)\n\
            **source.id** - *EQ*, *in*\n\
            ***type***: *eq*\n\
            **status**: *eq, xx, in*\n";
        assert_eq!(
            filter_fields(description),
            vec![
                field("id", &[Eq, In]),
                field("name", &[Eq, Sw]),
                field("created", &[Gt, Lt]),
                field("modified", &[Gt, Lt]),
                field("owner.id", &[Eq, In]),
                field("source.id", &[Eq, In]),
                field("type", &[Eq]),
                field("status", &[Eq, In]),
            ]
        );
    }

    #[test]
    fn plain_list_stops_at_prose() {
        let description = "**created**: gt, lt. Dates in ISO-8601.\n**name**: eq (in lower case)\n";
        assert_eq!(
            filter_fields(description),
            vec![field("created", &[Gt, Lt]), field("name", &[Eq])]
        );
    }

    #[test]
    fn plain_prose_after_a_bold_label_is_not_a_list() {
        let description =
            "**Note:** in some cases, filtering is slow.\n**id**: *eq*\n**Tip**: eq is fastest";
        assert_eq!(filter_fields(description), vec![field("id", &[Eq])]);
    }

    #[test]
    fn bold_without_separator_or_emphasis_is_not_a_field() {
        let description =
            "The default sort is **created** in descending order.\n**count=true** is slow.";
        assert_eq!(filter_fields(description), vec![]);
    }

    #[test]
    fn duplicates_are_merged() {
        let description = "**id**: *eq*\n\n**name**: *sw*\n\n**id**: *in, eq*\n";
        assert_eq!(
            filter_fields(description),
            vec![field("id", &[Eq, In]), field("name", &[Sw])]
        );
    }

    #[test]
    fn unknown_operators_only_means_no_field() {
        let description = "**id**: *equals, startswith*\n\n**name**: *eq*";
        assert_eq!(filter_fields(description), vec![field("name", &[Eq])]);
    }

    #[test]
    fn nothing_to_parse() {
        assert_eq!(filter_fields(""), vec![]);
        assert_eq!(
            filter_fields("Filter results using the standard syntax."),
            vec![]
        );
        assert_eq!(filter_fields("**unclosed: *eq*"), vec![]);
    }

    #[test]
    fn operator_wire_and_parse_round_trip() {
        for op in FilterOperator::ALL {
            assert_eq!(FilterOperator::parse(op.wire()), Some(op));
        }
        assert_eq!(FilterOperator::parse(" ISNULL "), Some(IsNull));
        assert_eq!(FilterOperator::parse("isNull"), Some(IsNull));
        assert_eq!(FilterOperator::parse("and"), None);
        assert_eq!(FilterOperator::parse(""), None);
        assert!(Pr.is_unary() && IsNull.is_unary() && !Eq.is_unary());
        assert!(In.takes_list() && Ca.takes_list() && !Sw.takes_list());
    }

    /// `getEntitlementsPotentialRole`: a second bold span on a later line is not a sort field.
    #[test]
    fn sorters_ignore_later_bold() {
        let description = "Sort results using the standard syntax described in [V3 API Standard Collection Parameters](https://developer.sailpoint.com/idn/api/standard-collection-parameters#sorting-results)\n\nSorting is supported for the following fields: **popularity, entitlementName, applicationName**\n\nThe default sort is **popularity** in descending order. ";
        assert_eq!(
            sorter_fields(description),
            ["popularity", "entitlementName", "applicationName"]
        );
    }

    /// Six v2024/v2025 operations keep the sentence on the line of the link.
    #[test]
    fn sorters_on_the_link_line() {
        let description = "Sort results using the standard syntax described in [V3 API Standard Collection Parameters](https://developer.sailpoint.com/idn/api/standard-collection-parameters/) Sorting is supported for the following fields: **access.name, access.type**\n\nBy default the recommendations are sorted by highest confidence first.";
        assert_eq!(sorter_fields(description), ["access.name", "access.type"]);
    }

    #[test]
    fn sorter_variations() {
        assert_eq!(
            sorter_fields(
                "Sorting is supported for the following fields: name, alias, cloudStatus"
            ),
            ["name", "alias", "cloudStatus"]
        );
        assert_eq!(
            sorter_fields("sorting is supported for the following fields: access.name and created. Default: name."),
            ["access.name", "created"]
        );
        assert_eq!(
            sorter_fields("Sorting is supported for the following fields: **name**, **created**."),
            ["name", "created"]
        );
        assert_eq!(
            sorter_fields(
                "Sorting is supported for the following field: `created`, `name`, `created`"
            ),
            ["created", "name"]
        );
        assert_eq!(
            sorter_fields("Sorting is supported for the following fields:\n**name, modified.**"),
            ["name", "modified"]
        );
    }

    #[test]
    fn no_sorters() {
        assert!(sorter_fields("").is_empty());
        assert!(sorter_fields("Sort results using the standard syntax.").is_empty());
        assert!(sorter_fields("Sorting is supported for the following fields:").is_empty());
    }
}
