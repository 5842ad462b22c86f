//! Turns the text of a spec file (JSON or YAML) into a [`serde_json::Value`].
//!
//! [`parse_document`] picks the format by content, not by file name: JSON when the first
//! non-whitespace character (after an optional UTF-8 byte order mark) is `{` or `[`, YAML
//! otherwise. Every error is a [`Error::Syntax`] located at a 1-based `line:column`, where
//! columns count characters and a leading byte order mark is not counted.
//!
//! # JSON
//!
//! Parsed by `serde_json` without its fixed recursion limit of 128. A cheap scan first checks
//! that brackets (outside strings) nest at most [`MAX_NESTING_DEPTH`] levels, so the parser
//! never recurses deeper than that. Integers beyond `i64` and `u64` become `f64` numbers.
//!
//! # YAML
//!
//! The first document of the stream is read with the event parser of `saphyr-parser`, and the
//! value is built iteratively (depth costs heap, not stack). Plain scalars are resolved by the
//! YAML 1.2 core schema: `null`, booleans, integers (decimal, `0o` octal, `0x` hex; too large
//! for `i64` and `u64`: `f64`) and floats; `.inf` and `.nan`, which JSON cannot hold, stay
//! strings, as does everything else (`yes`, timestamps). The core tags `!!str`, `!!int`,
//! `!!float`, `!!bool` and `!!null` force a type when the text fits it; other tags are ignored.
//!
//! Mapping keys must be scalars and keep their text as written (`200:` is the key `"200"`),
//! except `~` and the empty key, which become `"null"`. A duplicated key keeps its last value.
//! Aliases copy their anchored node, YAML 1.1 merge keys (`<<: *base`, `<<: [*a, *b]`) add the
//! keys the mapping does not already have, and a document whose aliases would expand to more
//! than 50,000,000 nodes is rejected rather than exhausting memory.
//!
//! Block style nests without limit up to [`MAX_NESTING_DEPTH`]; flow style (`{` `[`) at most
//! 255 levels, a limit of `saphyr-parser`.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle, ScanError, Span, StrInput, Tag};
use serde::Deserialize;
use serde_json::{Map, Number, Value};

use crate::diagnostics::Error;

/// The deepest nesting of arrays/objects a document may have; deeper documents fail with a located error.
pub const MAX_NESTING_DEPTH: usize = 10_000;

/// The most nodes a YAML document may produce, aliases expanded.
const MAX_NODES: u64 = 50_000_000;

/// Parses a spec document: JSON when its first non-whitespace character (after an optional UTF-8 BOM) is `{` or `[`, else YAML.
/// `file` is used only in error messages.
pub fn parse_document(file: &Path, text: &str) -> Result<Value, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let start = text.trim_start_matches([' ', '\t', '\r', '\n']);
    if start.starts_with(['{', '[']) {
        parse_json(file, text)
    } else {
        parse_yaml(file, text)
    }
}

/// A [`Error::Syntax`] at a 1-based line and column.
fn syntax_error(file: &Path, line: usize, column: usize, message: impl Into<String>) -> Error {
    Error::Syntax {
        file: file.to_path_buf(),
        location: format!("{line}:{column}"),
        message: message.into(),
    }
}

fn too_deep_message() -> String {
    format!("the document nests deeper than {MAX_NESTING_DEPTH} levels (MAX_NESTING_DEPTH)")
}

// ---------------------------------------------------------------------------------------------
// JSON

fn parse_json(file: &Path, text: &str) -> Result<Value, Error> {
    if let Some(index) = too_deep_at(text) {
        let (line, column) = line_column(text, index);
        return Err(syntax_error(file, line, column, too_deep_message()));
    }
    let mut deserializer = serde_json::Deserializer::from_str(text);
    deserializer.disable_recursion_limit();
    Value::deserialize(&mut deserializer)
        .and_then(|value| deserializer.end().map(|()| value))
        .map_err(|error| json_error(file, text, &error))
}

/// The byte index of the first bracket that opens more than [`MAX_NESTING_DEPTH`] levels,
/// ignoring brackets inside strings.
fn too_deep_at(text: &str) -> Option<usize> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (index, byte) in text.bytes().enumerate() {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING_DEPTH {
                    return Some(index);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// The 1-based line and character column of the byte at `index`.
fn line_column(text: &str, index: usize) -> (usize, usize) {
    let before = text.get(..index).unwrap_or(text);
    let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
    let line = before.matches('\n').count() + 1;
    (line, before[line_start..].chars().count() + 1)
}

/// Converts a `serde_json` error, whose column counts bytes, to a located syntax error.
fn json_error(file: &Path, text: &str, error: &serde_json::Error) -> Error {
    let full = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    let message = full.strip_suffix(&suffix).unwrap_or(&full);
    let line = error.line().max(1);
    let line_text = text.split('\n').nth(line - 1).unwrap_or("");
    let byte_column = error.column().saturating_sub(1);
    let column = line_text
        .char_indices()
        .take_while(|&(start, _)| start < byte_column)
        .count();
    syntax_error(file, line, column + 1, message)
}

// ---------------------------------------------------------------------------------------------
// YAML

fn parse_yaml(file: &Path, text: &str) -> Result<Value, Error> {
    // Aliases need `*`; without one there is nothing to measure.
    let aliased = if text.contains('*') {
        measure(file, text)?
    } else {
        HashSet::new()
    };
    let mut builder = Builder::new(file, aliased);
    let mut events = Events::new(file, text);
    while let Some((event, span)) = events.next()? {
        builder.on_event(event, span.start)?;
    }
    Ok(builder.root.unwrap_or(Value::Null))
}

/// A syntax error at a `saphyr` marker (1-based line, 0-based column).
fn located(file: &Path, at: Marker, message: impl Into<String>) -> Error {
    syntax_error(file, at.line(), at.col() + 1, message)
}

fn scan_error(file: &Path, error: &ScanError) -> Error {
    let message = match error.info() {
        "recursion limit exceeded" => {
            "flow collections ({ } and [ ]) nest at most 255 levels in YAML; use block style or JSON"
        }
        info => info,
    };
    located(file, *error.marker(), message)
}

/// The node events of the first document of a YAML stream.
struct Events<'a> {
    file: &'a Path,
    parser: Parser<'a, StrInput<'a>>,
    finished: bool,
}

impl<'a> Events<'a> {
    fn new(file: &'a Path, text: &'a str) -> Self {
        Events {
            file,
            parser: Parser::new_from_str(text),
            finished: false,
        }
    }

    /// The next scalar, alias, collection start or end; `None` after the first document.
    fn next(&mut self) -> Result<Option<(Event<'a>, Span)>, Error> {
        while !self.finished {
            match self.parser.next_event() {
                None => self.finished = true,
                Some(Err(error)) => return Err(scan_error(self.file, &error)),
                Some(Ok((Event::DocumentEnd | Event::StreamEnd, _))) => self.finished = true,
                Some(Ok((Event::StreamStart | Event::DocumentStart(_) | Event::Nothing, _))) => {}
                Some(Ok(node)) => return Ok(Some(node)),
            }
        }
        Ok(None)
    }
}

/// How many nodes a node expands to, and how many collection levels it nests.
#[derive(Clone, Copy)]
struct Size {
    nodes: u64,
    height: usize,
}

/// The first pass over a document with aliases: counts the nodes they would produce and the
/// depth they would reach, without building anything, so alias bombs fail fast.
struct Measure<'a> {
    file: &'a Path,
    /// Anchor id and size so far (`height` is the tallest child's) of each open collection.
    open: Vec<(usize, Size)>,
    anchors: HashMap<usize, Size>,
    aliased: HashSet<usize>,
    total: u64,
}

/// Checks the node budget and nesting of `text`; returns the ids of the anchors aliases use.
fn measure(file: &Path, text: &str) -> Result<HashSet<usize>, Error> {
    let mut measure = Measure {
        file,
        open: Vec::new(),
        anchors: HashMap::new(),
        aliased: HashSet::new(),
        total: 0,
    };
    let mut events = Events::new(file, text);
    while let Some((event, span)) = events.next()? {
        measure.on_event(event, span.start)?;
    }
    Ok(measure.aliased)
}

impl Measure<'_> {
    fn on_event(&mut self, event: Event<'_>, at: Marker) -> Result<(), Error> {
        match event {
            Event::Scalar(_, _, anchor, _) => {
                self.produce(1, at)?;
                self.finish(
                    anchor,
                    Size {
                        nodes: 1,
                        height: 0,
                    },
                );
            }
            Event::Alias(id) => self.alias(id, at)?,
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                check_depth(self.file, self.open.len() + 1, at)?;
                self.produce(1, at)?;
                self.open.push((
                    anchor,
                    Size {
                        nodes: 1,
                        height: 0,
                    },
                ));
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((anchor, size)) = self.open.pop() {
                    let height = size.height + 1;
                    self.finish(anchor, Size { height, ..size });
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn alias(&mut self, id: usize, at: Marker) -> Result<(), Error> {
        let size = *self.anchors.get(&id).ok_or_else(|| {
            located(
                self.file,
                at,
                "an alias may not refer to a node containing it",
            )
        })?;
        check_depth(self.file, self.open.len() + size.height, at)?;
        self.produce(size.nodes, at)?;
        self.aliased.insert(id);
        self.finish(0, size);
        Ok(())
    }

    /// Counts `nodes` more nodes, failing past [`MAX_NODES`].
    fn produce(&mut self, nodes: u64, at: Marker) -> Result<(), Error> {
        self.total = self.total.saturating_add(nodes);
        if self.total > MAX_NODES {
            let message = format!("aliases would expand the document past {MAX_NODES} nodes");
            return Err(located(self.file, at, message));
        }
        Ok(())
    }

    /// Records a complete node's size under its anchor and in its parent.
    fn finish(&mut self, anchor: usize, size: Size) {
        if anchor != 0 {
            self.anchors.insert(anchor, size);
        }
        if let Some((_, parent)) = self.open.last_mut() {
            parent.nodes = parent.nodes.saturating_add(size.nodes);
            parent.height = parent.height.max(size.height);
        }
    }
}

fn check_depth(file: &Path, depth: usize, at: Marker) -> Result<(), Error> {
    if depth > MAX_NESTING_DEPTH {
        return Err(located(file, at, too_deep_message()));
    }
    Ok(())
}

/// A mapping key, and whether it is the merge key `<<`.
struct Key {
    text: String,
    merge: bool,
}

/// A collection being built.
enum Open {
    Sequence(Vec<Value>),
    Mapping {
        entries: Map<String, Value>,
        key: Option<Key>,
    },
}

/// Builds the value of a document from its events, with an explicit stack of open collections.
struct Builder<'a> {
    file: &'a Path,
    /// Each open collection with the id of its anchor (0 for none).
    stack: Vec<(usize, Open)>,
    /// The anchors some alias uses: only those are kept.
    aliased: HashSet<usize>,
    anchors: HashMap<usize, Value>,
    root: Option<Value>,
}

impl<'a> Builder<'a> {
    fn new(file: &'a Path, aliased: HashSet<usize>) -> Self {
        Builder {
            file,
            stack: Vec::new(),
            aliased,
            anchors: HashMap::new(),
            root: None,
        }
    }

    fn on_event(&mut self, event: Event<'_>, at: Marker) -> Result<(), Error> {
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                self.scalar(&text, style, anchor, tag.as_deref());
                Ok(())
            }
            Event::Alias(id) => self.alias(id, at),
            Event::SequenceStart(anchor, _) => self.open(anchor, Open::Sequence(Vec::new()), at),
            Event::MappingStart(anchor, _) => {
                let entries = Map::new();
                self.open(anchor, Open::Mapping { entries, key: None }, at)
            }
            Event::SequenceEnd | Event::MappingEnd => {
                self.close();
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// Whether the next node is a mapping key.
    fn wants_key(&self) -> bool {
        matches!(
            self.stack.last(),
            Some((_, Open::Mapping { key: None, .. }))
        )
    }

    fn set_key(&mut self, new: Key) {
        if let Some((_, Open::Mapping { key, .. })) = self.stack.last_mut() {
            *key = Some(new);
        }
    }

    fn scalar(&mut self, text: &str, style: ScalarStyle, anchor: usize, tag: Option<&Tag>) {
        if !self.wants_key() {
            self.place(anchor, resolve_scalar(text, style, tag));
            return;
        }
        if self.aliased.contains(&anchor) {
            self.anchors
                .insert(anchor, resolve_scalar(text, style, tag));
        }
        let plain = style == ScalarStyle::Plain;
        let text = match text {
            "~" | "" if plain => "null",
            _ => text,
        };
        let merge = plain && text == "<<";
        self.set_key(Key {
            text: text.to_owned(),
            merge,
        });
    }

    fn alias(&mut self, id: usize, at: Marker) -> Result<(), Error> {
        let value = self
            .anchors
            .get(&id)
            .cloned()
            .ok_or_else(|| located(self.file, at, "unknown alias"))?;
        if !self.wants_key() {
            self.place(0, value);
            return Ok(());
        }
        let text = scalar_text(value).ok_or_else(|| self.non_scalar_key(at))?;
        self.set_key(Key { text, merge: false });
        Ok(())
    }

    fn non_scalar_key(&self, at: Marker) -> Error {
        located(
            self.file,
            at,
            "a mapping key must be a scalar, not a sequence or mapping",
        )
    }

    fn open(&mut self, anchor: usize, open: Open, at: Marker) -> Result<(), Error> {
        if self.wants_key() {
            return Err(self.non_scalar_key(at));
        }
        check_depth(self.file, self.stack.len() + 1, at)?;
        self.stack.push((anchor, open));
        Ok(())
    }

    fn close(&mut self) {
        if let Some((anchor, open)) = self.stack.pop() {
            let value = match open {
                Open::Sequence(items) => Value::Array(items),
                Open::Mapping { entries, .. } => Value::Object(entries),
            };
            self.place(anchor, value);
        }
    }

    /// Puts a complete node into its parent (or makes it the root), keeping it if aliased.
    fn place(&mut self, anchor: usize, value: Value) {
        if anchor != 0 && self.aliased.contains(&anchor) {
            self.anchors.insert(anchor, value.clone());
        }
        match self.stack.last_mut() {
            None => self.root = Some(value),
            Some((_, Open::Sequence(items))) => items.push(value),
            Some((_, Open::Mapping { entries, key })) => match key.take() {
                Some(Key { merge: true, .. }) if mergeable(&value) => merge_into(entries, value),
                Some(Key { text, .. }) => {
                    entries.insert(text, value);
                }
                None => {}
            },
        }
    }
}

/// The text of a scalar used as a key through an alias.
fn scalar_text(value: Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text),
        Value::Null => Some("null".to_owned()),
        Value::Bool(_) | Value::Number(_) => Some(value.to_string()),
        Value::Array(_) | Value::Object(_) => None,
    }
}

/// Whether `value` can follow a merge key: a mapping or a sequence of mappings.
fn mergeable(value: &Value) -> bool {
    match value {
        Value::Object(_) => true,
        Value::Array(items) => items.iter().all(Value::is_object),
        _ => false,
    }
}

/// Adds the keys of the merged mapping(s) that `entries` does not have yet. Keys given later
/// in the mapping still replace them, so explicit keys always win.
fn merge_into(entries: &mut Map<String, Value>, value: Value) {
    let sources = match value {
        Value::Array(items) => items,
        other => vec![other],
    };
    for source in sources {
        let Value::Object(source) = source else {
            continue;
        };
        for (key, value) in source {
            if !entries.contains_key(&key) {
                entries.insert(key, value);
            }
        }
    }
}

/// Resolves a scalar by its core tag, or else by its style and the core schema.
fn resolve_scalar(text: &str, style: ScalarStyle, tag: Option<&Tag>) -> Value {
    let core_tag = tag
        .filter(|tag| tag.is_yaml_core_schema())
        .map(|tag| tag.suffix.as_str());
    let resolved = match core_tag {
        Some("str") => None,
        Some("int") => resolve_int(text),
        Some("float") => resolve_float(text),
        Some("bool") => resolve_bool(text),
        Some("null") => resolve_null(text),
        _ if style != ScalarStyle::Plain => None,
        _ => resolve_null(text)
            .or_else(|| resolve_bool(text))
            .or_else(|| resolve_int(text))
            .or_else(|| resolve_float(text)),
    };
    resolved.unwrap_or_else(|| Value::String(text.to_owned()))
}

fn resolve_null(text: &str) -> Option<Value> {
    matches!(text, "null" | "Null" | "NULL" | "~" | "").then_some(Value::Null)
}

fn resolve_bool(text: &str) -> Option<Value> {
    match text {
        "true" | "True" | "TRUE" => Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => Some(Value::Bool(false)),
        _ => None,
    }
}

/// `[-+]?[0-9]+`, `0o[0-7]+` or `0x[0-9a-fA-F]+`; beyond `i64` and `u64`, an `f64`.
fn resolve_int(text: &str) -> Option<Value> {
    if let Some(digits) = text.strip_prefix("0o") {
        return radix_number(digits, 8);
    }
    if let Some(digits) = text.strip_prefix("0x") {
        return radix_number(digits, 16);
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let number = match (text.parse::<i64>(), text.parse::<u64>()) {
        (Ok(small), _) => Number::from(small),
        (_, Ok(large)) => Number::from(large),
        _ => Number::from_f64(text.parse::<f64>().ok()?)?,
    };
    Some(Value::Number(number))
}

fn radix_number(digits: &str, radix: u32) -> Option<Value> {
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let number = match u64::from_str_radix(digits, radix) {
        Ok(number) => Number::from(number),
        Err(_) => {
            let float = digits
                .chars()
                .filter_map(|c| c.to_digit(radix))
                .fold(0.0, |acc, d| acc * f64::from(radix) + f64::from(d));
            Number::from_f64(float)?
        }
    };
    Some(Value::Number(number))
}

/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, if finite as an `f64`.
fn resolve_float(text: &str) -> Option<Value> {
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa, Some(exponent)),
        None => (unsigned, None),
    };
    let mantissa_fits = match mantissa.split_once('.') {
        Some((whole, fraction)) => {
            digits(whole) && digits(fraction) && !(whole.is_empty() && fraction.is_empty())
        }
        None => !mantissa.is_empty() && digits(mantissa),
    };
    let exponent_fits = exponent.is_none_or(|exponent| {
        let exponent = exponent.strip_prefix(['-', '+']).unwrap_or(exponent);
        !exponent.is_empty() && digits(exponent)
    });
    if !(mantissa_fits && exponent_fits) {
        return None;
    }
    Number::from_f64(text.parse().ok()?).map(Value::Number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(text: &str) -> Value {
        parse_document(Path::new("spec.yaml"), text).expect("parses")
    }

    /// The location and message of a syntax error.
    fn syntax(text: &str) -> (String, String) {
        match parse_document(Path::new("spec.yaml"), text) {
            Err(Error::Syntax {
                location, message, ..
            }) => (location, message),
            other => panic!("expected a syntax error, got {other:?}"),
        }
    }

    /// Runs `work` on a thread with the 512 MiB stack the caller gives parsing.
    fn on_big_stack<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
        std::thread::Builder::new()
            .stack_size(512 << 20)
            .spawn(work)
            .expect("spawn")
            .join()
            .expect("no panic")
    }

    /// How many arrays/objects nest along the first child of each level.
    fn depth(mut value: &Value) -> usize {
        let mut depth = 0;
        loop {
            let first = match value {
                Value::Array(items) => items.first(),
                Value::Object(map) => map.values().next(),
                _ => return depth,
            };
            depth += 1;
            match first {
                Some(child) => value = child,
                None => return depth,
            }
        }
    }

    #[test]
    fn json_surrogate_pairs_and_escapes() {
        let value = parse(r#"{"s": "\ud83d\udc4d \u00e9 \n \" \\ \/ \t"}"#);
        assert_eq!(value["s"], "\u{1f44d} é \n \" \\ / \t");
    }

    #[test]
    fn huge_integer_minimum_becomes_f64() {
        let json = parse(r#"{"minimum": 18446744073709551616000}"#);
        let yaml = parse("minimum: 18446744073709551616000\n");
        for value in [json, yaml] {
            let minimum = &value["minimum"];
            assert!(minimum.is_f64(), "{minimum:?}");
            assert_eq!(minimum.as_f64(), Some(18446744073709551616000.0));
        }
        let yaml = parse("max: 18446744073709551615\nmin: -9223372036854775808\n");
        assert_eq!(yaml["max"].as_u64(), Some(u64::MAX));
        assert_eq!(yaml["min"].as_i64(), Some(i64::MIN));
    }

    #[test]
    fn yaml_numbers_follow_the_core_schema() {
        let value = parse(
            "a: 1e-08\nb: 1E5\nc: -2.5e+3\nd: .5\ne: 1.\nf: 0o17\ng: 0x1F\nh: 0777\ni: +12\n\
             j: -0\nk: 1e400\nl: 0x\nm: 1_000\nn: 0b101\n",
        );
        assert_eq!(value["a"].as_f64(), Some(1e-8));
        assert_eq!(value["b"].as_f64(), Some(1e5));
        assert!(value["b"].is_f64());
        assert_eq!(value["c"].as_f64(), Some(-2500.0));
        assert_eq!(value["d"].as_f64(), Some(0.5));
        assert_eq!(value["e"].as_f64(), Some(1.0));
        assert_eq!(value["f"], 15);
        assert_eq!(value["g"], 31);
        assert_eq!(value["h"], 777);
        assert_eq!(value["i"], 12);
        assert_eq!(value["j"], 0);
        // Not representable or not core-schema numbers: strings.
        assert_eq!(value["k"], "1e400");
        assert_eq!(value["l"], "0x");
        assert_eq!(value["m"], "1_000");
        assert_eq!(value["n"], "0b101");
    }

    #[test]
    fn yaml_timestamps_and_yaml11_words_stay_strings() {
        let value = parse(
            "created: 2020-01-01T00:00:00Z\nday: 2020-01-01\nyes: yes\non: on\nno: No\n\
             inf: .inf\nneg: -.Inf\nnan: .NaN\n",
        );
        assert_eq!(value["created"], "2020-01-01T00:00:00Z");
        assert_eq!(value["day"], "2020-01-01");
        assert_eq!(value["yes"], "yes");
        assert_eq!(value["on"], "on");
        assert_eq!(value["no"], "No");
        assert_eq!(value["inf"], ".inf");
        assert_eq!(value["neg"], "-.Inf");
        assert_eq!(value["nan"], ".NaN");
    }

    #[test]
    fn yaml_keys_keep_their_text() {
        let value =
            parse("200:\n  description: ok\n'201': created\ntrue: t\n~: n\n1.50: f\nnull: x\n");
        let keys: Vec<&str> = value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ["200", "201", "true", "null", "1.50"]);
        assert_eq!(value["200"]["description"], "ok");
        assert_eq!(value["201"], "created");
        assert_eq!(value["true"], "t");
        // `~` and `null` both name the key "null"; the last one wins.
        assert_eq!(value["null"], "x");
        assert_eq!(value["1.50"], "f");
    }

    #[test]
    fn yaml_quoted_scalars_are_strings() {
        let value = parse("a: '200'\nb: \"true\"\nc: |\n  12\nd: >\n  null\ne: ''\n");
        assert_eq!(
            value,
            json!({"a": "200", "b": "true", "c": "12\n", "d": "null\n", "e": ""})
        );
    }

    #[test]
    fn yaml_bools_and_nulls() {
        let value = parse(
            "- true\n- True\n- TRUE\n- false\n- False\n- FALSE\n- tRUE\n\
             - null\n- Null\n- NULL\n- ~\n-\n- nULL\n",
        );
        let expected = json!([
            true, true, true, false, false, false, "tRUE", null, null, null, null, null, "nULL"
        ]);
        assert_eq!(value, expected);
    }

    #[test]
    fn yaml_core_tags_force_types() {
        let value = parse(
            "a: !!str 12\nb: !!int \"12\"\nc: !!int abc\nd: !!float 1\ne: !!bool 'true'\n\
             f: !!null ''\ng: !custom 5\nh: !!binary 7\ni: !!float .inf\n",
        );
        assert_eq!(value["a"], "12");
        assert_eq!(value["b"], 12);
        assert_eq!(value["c"], "abc");
        assert!(value["d"].is_f64());
        assert_eq!(value["d"].as_f64(), Some(1.0));
        assert_eq!(value["e"], true);
        assert_eq!(value["f"], Value::Null);
        assert_eq!(value["g"], 5);
        assert_eq!(value["h"], 7);
        assert_eq!(value["i"], ".inf");
    }

    #[test]
    fn yaml_duplicate_keys_last_wins() {
        assert_eq!(parse("a: 1\nb: 2\na: 3\n"), json!({"a": 3, "b": 2}));
    }

    #[test]
    fn yaml_anchors_aliases_and_merge_keys() {
        let value = parse(concat!(
            "base: &base\n  type: object\n  required: [id]\n",
            "extra: &extra\n  description: extra\n  type: string\n",
            "child:\n  <<: [*base, *extra]\n  required: [name]\n",
            "single:\n  title: mine\n  <<: *extra\n",
            "copy: *base\n",
            "quoted:\n  '<<': *base\n",
            "scalar: &s 7\n",
            "list: [*s, *s]\n",
        ));
        assert_eq!(value["copy"], json!({"type": "object", "required": ["id"]}));
        assert_eq!(
            value["child"],
            json!({"type": "object", "required": ["name"], "description": "extra"})
        );
        assert_eq!(
            value["single"],
            json!({"title": "mine", "description": "extra", "type": "string"})
        );
        assert_eq!(value["quoted"]["<<"], value["copy"]);
        assert_eq!(value["list"], json!([7, 7]));
    }

    #[test]
    fn yaml_alias_as_key_and_errors() {
        let value = parse("- &k 200\n- *k : ok\n");
        assert_eq!(value, json!([200, {"200": "ok"}]));
        let (location, message) = syntax("a: 1\nb: *nowhere\n");
        assert_eq!(location, "2:4");
        assert!(message.contains("unknown anchor"), "{message}");
        let (location, message) = syntax("a: &a [1, *a]\n");
        assert_eq!(location, "1:11");
        assert!(message.contains("containing it"), "{message}");
    }

    #[test]
    fn yaml_non_scalar_key_is_an_error() {
        let (location, message) = syntax("ok: 1\n? [a, b]\n: c\n");
        assert_eq!(location, "2:3");
        assert!(message.contains("must be a scalar"), "{message}");
        let (location, _) = syntax("- &m {a: 1}\n- {*m : 2}\n");
        assert_eq!(location, "2:4");
    }

    #[test]
    fn yaml_alias_bomb_fails_fast() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for level in 1..=9 {
            let refs = vec![format!("*a{}", level - 1); 10].join(", ");
            text.push_str(&format!("a{level}: &a{level} [{refs}]\n"));
        }
        let started = std::time::Instant::now();
        let (location, message) = syntax(&text);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        assert!(message.contains("50000000 nodes"), "{message}");
        // `a6` expands to 11,111,111 nodes: the fourth alias of it in `a7` crosses the bound.
        assert_eq!(location, "8:25");
    }

    #[test]
    fn json_nested_to_the_limit_parses_and_deeper_fails() {
        let depth_parsed = on_big_stack(|| {
            let n = MAX_NESTING_DEPTH;
            let text = format!("{}1{}", "[".repeat(n), "]".repeat(n));
            let value = parse_document(Path::new("deep.json"), &text).expect("parses");
            depth(&value)
        });
        assert_eq!(depth_parsed, MAX_NESTING_DEPTH);

        // `{` is level 1, so the 10,000th `[` opens level 10,001: column 7 + 10,000.
        let n = MAX_NESTING_DEPTH;
        let text = format!("{{\n  \"x\": {}{}\n}}", "[".repeat(n), "]".repeat(n));
        let (location, message) = syntax(&text);
        assert_eq!(location, "2:10007");
        assert!(message.contains("10000"), "{message}");
    }

    #[test]
    fn json_brackets_in_strings_do_not_count() {
        let inner = "[{".repeat(MAX_NESTING_DEPTH);
        let value = parse(&format!(r#"{{"a": "{inner}\"[", "b": [1]}}"#));
        assert_eq!(value["b"], json!([1]));
    }

    #[test]
    fn json_errors_are_located_in_characters() {
        let (location, message) = syntax("{\"a\": 1,\n \"é\": é}");
        assert_eq!(location, "2:7"); // serde_json says byte column 8
        assert!(message.contains("expected value"), "{message}");
        let (location, _) = syntax("[1, 2] x");
        assert_eq!(location, "1:8");
    }

    #[test]
    fn yaml_block_nested_to_the_limit_parses() {
        let depth_parsed = on_big_stack(|| {
            let mut text = String::new();
            for level in 0..MAX_NESTING_DEPTH {
                text.push_str(&" ".repeat(level));
                text.push_str("a:\n");
            }
            let value = parse_document(Path::new("deep.yaml"), &text).expect("parses");
            depth(&value)
        });
        assert_eq!(depth_parsed, MAX_NESTING_DEPTH);
    }

    #[test]
    fn yaml_block_nesting_past_the_limit_fails() {
        // Compact sequences: the 10,001st `- ` opens level 10,001 at column 20,001.
        let text = format!("{}x\n", "- ".repeat(MAX_NESTING_DEPTH + 1));
        let (location, message) = syntax(&text);
        assert_eq!(location, "1:20001");
        assert!(message.contains("10000"), "{message}");
    }

    #[test]
    fn yaml_flow_nesting_is_limited_to_255() {
        let text = format!("a: {}{}", "[".repeat(255), "]".repeat(255));
        assert_eq!(depth(&parse(&text)), 256);
        let text = format!("a: {}{}", "[".repeat(256), "]".repeat(256));
        let (location, message) = syntax(&text);
        assert_eq!(location, "1:259");
        assert!(message.contains("255"), "{message}");
    }

    #[test]
    fn yaml_aliases_cannot_nest_past_the_limit() {
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let mut text = format!("a0: &a0 {deep}\n");
        for level in 1..=50 {
            let previous = level - 1;
            text.push_str(&format!(
                "a{level}: &a{level} {}*a{previous}{}\n",
                "[".repeat(200),
                "]".repeat(200)
            ));
        }
        let (location, message) = syntax(&text);
        assert!(message.contains("10000"), "{message}");
        assert!(location.starts_with("50:"), "{location}");
    }

    #[test]
    fn yaml_syntax_error_has_one_based_line() {
        let (location, message) = syntax("a: 1\nb: c: d\n");
        assert_eq!(location, "2:5");
        assert!(!message.is_empty());
        let (location, _) = syntax("a:\n  - 1\n - 2\n");
        assert!(location.starts_with("3:"), "{location}");
    }

    #[test]
    fn byte_order_mark_is_skipped() {
        assert_eq!(parse("\u{feff}a: 1\n"), json!({"a": 1}));
        assert_eq!(parse("\u{feff}  {\"a\": 1}"), json!({"a": 1}));
        let (location, _) = syntax("\u{feff}{\"a\" 1}");
        assert_eq!(location, "1:6");
    }

    #[test]
    fn detection_is_by_content() {
        // 300 levels of flow nesting: too deep for YAML, fine for JSON.
        let text = format!("\n  {}\"x\"{}", "[".repeat(300), "]".repeat(300));
        let value = parse_document(Path::new("spec.yaml"), &text).expect("parsed as JSON");
        assert_eq!(depth(&value), 300);
        // JSON's surrogate pairs, which YAML would not combine.
        assert_eq!(parse(r#"{"a": "\ud83d\udc4d"}"#)["a"], "\u{1f44d}");
        // YAML in a `.json` file.
        let value = parse_document(Path::new("spec.json"), "openapi: 3.0.0\n").expect("YAML");
        assert_eq!(value, json!({"openapi": "3.0.0"}));
    }

    #[test]
    fn only_the_first_yaml_document_is_read() {
        assert_eq!(parse(""), Value::Null);
        assert_eq!(parse("# only a comment\n"), Value::Null);
        assert_eq!(parse("---\n"), Value::Null);
        assert_eq!(parse("a: 1\n---\nb: 2\n"), json!({"a": 1}));
        assert_eq!(parse("--- 5\n...\n--- [oops\n"), json!(5));
    }
}
