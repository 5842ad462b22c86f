//! Turns the text of a spec file (JSON or YAML) into a [`serde_json::Value`].
//!
//! [`parse_document`] picks the format by content, not by file name: JSON when the first
//! non-whitespace character (after an optional UTF-8 byte order mark) is `{` or `[`, YAML
//! otherwise. Every error is a [`Error::Syntax`] located at a 1-based `line:column`, where
//! columns count characters and a leading byte order mark is not counted.
//! [`parse_document_with_warnings`] also returns the [`Leniency`] warnings of a YAML document.
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
//! strings, as does everything else (`yes`, `no`, `on`, `y`, `1_000`, `12:30`, timestamps).
//! The core tags `!!str`, `!!int`, `!!float`, `!!bool` and `!!null` force a type when the text
//! fits it; other tags are ignored.
//!
//! Mapping keys must be scalars and keep their text as written (`200:` is the key `"200"`),
//! except `~` and the empty key, which become `"null"`. A duplicated key keeps its last value
//! (as PyYAML does; js-yaml rejects the document), with a [`Leniency`] warning.
//! Aliases copy their anchored node, YAML 1.1 merge keys (`<<: *base`, `<<: [*a, *b]`) add the
//! keys the mapping does not already have, and a document whose aliases would expand to more
//! than 50,000,000 nodes is rejected rather than exhausting memory.
//!
//! Block style nests without limit up to [`MAX_NESTING_DEPTH`]; flow style (`{` `[`) at most
//! 255 levels, a limit of `saphyr-parser`.
//!
//! ## Leniencies
//!
//! A document `saphyr-parser` rejects is repaired where PyYAML and js-yaml (3 and 4) read it,
//! and only then: a document that parses is never changed. Each repair keeps every line where
//! it was (it only adds or replaces characters within lines), so line numbers stay those of
//! the file, and columns in warnings and errors are mapped back to the file's. Repaired:
//!
//! - lines of a flow collection (`[ ]`, `{ }`, such as a closing `]` at column 0) or of a
//!   multi-line quoted scalar indented no deeper than the block they are in: indented;
//! - a comment with no space before its `#` after a quoted scalar or closing bracket
//!   (`"x"#c`, `[a]#c`): the space is added;
//! - JSON-style UTF-16 surrogate escapes in double-quoted scalars (`"\ud83d\udc4d"`): a pair
//!   becomes the character it encodes, a lone one U+FFFD (degraded).
//!
//! Each repair is a [`Leniency`] located at its line and at the node it concerns. Errors are
//! repaired one at a time (at most 10,000), each later parse starting at the last mapping
//! key before the repair, so many repairs cost little more than one parse. Not repaired, as
//! PyYAML rejects them too: tabs as indentation or separation, keys over 1024 characters.
//! js-yaml 5 (unlike 3 and 4) rejects the indentation and comment cases as well.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::Path;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle, ScanError, Span, StrInput, Tag};
use serde::Deserialize;
use serde_json::{Map, Number, Value};

use crate::diagnostics::{Diagnostics, Error, Pointer, Severity};

/// The deepest nesting of arrays/objects a document may have; deeper documents fail with a located error.
pub const MAX_NESTING_DEPTH: usize = 10_000;

/// The most nodes a YAML document may produce, aliases expanded.
const MAX_NODES: u64 = 50_000_000;

/// A place where a YAML document bends YAML 1.2 and was read the way PyYAML and js-yaml read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leniency {
    /// 1-based line in the file (a leading byte order mark not counted).
    pub line: usize,
    /// 1-based column in characters.
    pub column: usize,
    /// The node it concerns.
    pub pointer: Pointer,
    /// [`Severity::Repaired`] when the value is what the author meant, else degraded.
    pub severity: Severity,
    /// What the document does and how it was read.
    pub message: String,
}

/// Forwarding to [`Diagnostics`].
impl Leniency {
    /// Records this leniency as a warning at its pointer, the message starting with its line.
    pub fn record(&self, diagnostics: &mut Diagnostics) {
        if self.severity == Severity::Degraded {
            diagnostics.degraded(&self.pointer, self.to_string());
        } else {
            diagnostics.repaired(&self.pointer, self.to_string());
        }
    }
}

/// Names the place first, for messages.
impl fmt::Display for Leniency {
    /// `line L, column C: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

/// A parsed document and the leniencies reading it needed, in document order.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The document as JSON.
    pub value: Value,
    /// Where the YAML text bends YAML 1.2 (always empty for JSON).
    pub leniencies: Vec<Leniency>,
}

/// Parses a spec document: JSON when its first non-whitespace character (after an optional UTF-8 BOM) is `{` or `[`, else YAML.
/// `file` is used only in error messages. The warnings of `parse_document_with_warnings` are dropped.
pub fn parse_document(file: &Path, text: &str) -> Result<Value, Error> {
    parse_document_with_warnings(file, text).map(|parsed| parsed.value)
}

/// Like [`parse_document`], also returning where a YAML document needed a [`Leniency`].
pub fn parse_document_with_warnings(file: &Path, text: &str) -> Result<Parsed, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let start = text.trim_start_matches([' ', '\t', '\r', '\n']);
    if start.starts_with(['{', '[']) {
        let value = parse_json(file, text)?;
        Ok(Parsed {
            value,
            leniencies: Vec::new(),
        })
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

/// The message of a document nested deeper than [`MAX_NESTING_DEPTH`].
fn too_deep_message() -> String {
    format!("the document nests deeper than {MAX_NESTING_DEPTH} levels (MAX_NESTING_DEPTH)")
}

// ---------------------------------------------------------------------------------------------
// JSON

/// Parses a JSON document, first checking its nesting depth.
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

/// Parses a YAML document; only if that fails, repairs what PyYAML and js-yaml accept
/// ([`repair`]) and parses the repaired text, reporting each repair as a [`Leniency`].
fn parse_yaml(file: &Path, text: &str) -> Result<Parsed, Error> {
    let error = match build_yaml(file, text, Vec::new(), &Shifts::default()) {
        Ok(parsed) => return Ok(parsed),
        Err(error) => error,
    };
    let Some(repaired) = repair(text) else {
        return Err(error);
    };
    build_yaml(file, &repaired.text, repaired.notes, &repaired.shifts)
        .map_err(|error| repaired.shifts.relocate(error))
}

/// Builds the value of `text`, turning `notes` (repairs, in the original text's columns;
/// `shifts` maps `text`'s columns back to those) into leniencies located at their nodes.
fn build_yaml(file: &Path, text: &str, notes: Vec<Note>, shifts: &Shifts) -> Result<Parsed, Error> {
    // Aliases need `*`; without one there is nothing to measure.
    let aliased = if text.contains('*') {
        measure(file, text)?
    } else {
        HashSet::new()
    };
    let mut builder = Builder::new(file, aliased, notes, shifts);
    let mut events = Events::new(file, text);
    while let Some((event, span)) = events.next()? {
        builder.on_event(event, span)?;
    }
    Ok(builder.finish())
}

/// A syntax error at a `saphyr` marker (1-based line, 0-based column).
fn located(file: &Path, at: Marker, message: impl Into<String>) -> Error {
    syntax_error(file, at.line(), at.col() + 1, message)
}

/// A located syntax error for a `saphyr` scan error, explaining its flow nesting limit.
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
    /// The spec file, for error messages.
    file: &'a Path,
    /// The event parser.
    parser: Parser<'a, StrInput<'a>>,
    /// Whether the first document has ended.
    finished: bool,
}

/// Reading the events.
impl<'a> Events<'a> {
    /// The events of `text`; errors name `file`.
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
    /// Nodes, aliases expanded.
    nodes: u64,
    /// Collection levels below the node.
    height: usize,
}

/// The first pass over a document with aliases: counts the nodes they would produce and the
/// depth they would reach, without building anything, so alias bombs fail fast.
struct Measure<'a> {
    /// The spec file, for error messages.
    file: &'a Path,
    /// Anchor id and size so far (`height` is the tallest child's) of each open collection.
    open: Vec<(usize, Size)>,
    /// The size of each anchored node seen so far.
    anchors: HashMap<usize, Size>,
    /// The anchors some alias uses.
    aliased: HashSet<usize>,
    /// Nodes produced so far.
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

/// Counting the events.
impl Measure<'_> {
    /// Counts one event.
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

    /// Counts an alias as the nodes of its anchor.
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

/// Fails when `depth` levels nest deeper than [`MAX_NESTING_DEPTH`].
fn check_depth(file: &Path, depth: usize, at: Marker) -> Result<(), Error> {
    if depth > MAX_NESTING_DEPTH {
        return Err(located(file, at, too_deep_message()));
    }
    Ok(())
}

/// A mapping key, and whether it is the merge key `<<`.
struct Key {
    /// The key as written (`~` and the empty key: `null`).
    text: String,
    /// Whether it is a plain `<<`.
    merge: bool,
}

/// A collection being built.
enum Open {
    /// A sequence and its items so far.
    Sequence(Vec<Value>),
    /// A mapping, its entries so far and the key waiting for its value.
    Mapping {
        /// The entries so far.
        entries: Map<String, Value>,
        /// The key whose value comes next.
        key: Option<Key>,
        /// Keys that came from merge keys and were not written in the mapping itself: one
        /// written later replaces them without being a duplicate.
        inherited: HashSet<String>,
    },
}

/// Making and locating collections.
impl Open {
    /// An empty mapping.
    fn mapping() -> Self {
        Open::Mapping {
            entries: Map::new(),
            key: None,
            inherited: HashSet::new(),
        }
    }

    /// The pointer segment of the child being built: the next index or the current key.
    fn child_segment(&self) -> String {
        match self {
            Open::Sequence(items) => items.len().to_string(),
            Open::Mapping { key, .. } => key
                .as_ref()
                .map_or_else(String::new, |key| key.text.clone()),
        }
    }
}

/// Builds the value of a document from its events, with an explicit stack of open collections.
struct Builder<'a> {
    /// The spec file, for error messages.
    file: &'a Path,
    /// Each open collection with the id of its anchor (0 for none).
    stack: Vec<(usize, Open)>,
    /// The anchors some alias uses: only those are kept.
    aliased: HashSet<usize>,
    /// The values of the anchors in `aliased` seen so far.
    anchors: HashMap<usize, Value>,
    /// The document's value once complete.
    root: Option<Value>,
    /// The repairs not yet tied to a node, the next last.
    notes: Vec<Note>,
    /// Maps the parsed text's columns back to the file's.
    shifts: &'a Shifts,
    /// The leniencies found so far.
    leniencies: Vec<Leniency>,
}

/// Building from the events.
impl<'a> Builder<'a> {
    /// A builder for a text whose repairs are `notes`.
    fn new(
        file: &'a Path,
        aliased: HashSet<usize>,
        mut notes: Vec<Note>,
        shifts: &'a Shifts,
    ) -> Self {
        notes.sort_by_key(|note| std::cmp::Reverse((note.line, note.column)));
        Builder {
            file,
            stack: Vec::new(),
            aliased,
            anchors: HashMap::new(),
            root: None,
            notes,
            shifts,
            leniencies: Vec::new(),
        }
    }

    /// The document's value and its leniencies in document order; a repair no node reached
    /// is located at the root.
    fn finish(mut self) -> Parsed {
        while let Some(note) = self.notes.pop() {
            self.leniencies.push(note.into_leniency(Pointer::root()));
        }
        self.leniencies
            .sort_by_key(|leniency| (leniency.line, leniency.column));
        Parsed {
            value: self.root.unwrap_or(Value::Null),
            leniencies: self.leniencies,
        }
    }

    /// Adds one event to the value.
    fn on_event(&mut self, event: Event<'_>, span: Span) -> Result<(), Error> {
        self.tie_notes(&event, span);
        let at = span.start;
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                self.scalar(&text, style, anchor, tag.as_deref(), at);
                Ok(())
            }
            Event::Alias(id) => self.alias(id, at),
            Event::SequenceStart(anchor, _) => self.open(anchor, Open::Sequence(Vec::new()), at),
            Event::MappingStart(anchor, _) => self.open(anchor, Open::mapping(), at),
            Event::SequenceEnd | Event::MappingEnd => {
                self.close();
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// Ties the repairs that are about this event to its node.
    fn tie_notes(&mut self, event: &Event<'_>, span: Span) {
        while let Some(note) = self.notes.last() {
            let at = match note.tie {
                Tie::Starts => span.start,
                Tie::Ends => span.end,
            };
            let reached = match at.line().cmp(&note.line) {
                std::cmp::Ordering::Less => false,
                std::cmp::Ordering::Greater => true,
                std::cmp::Ordering::Equal => {
                    self.shifts.original_column(at.line(), at.col()) >= note.column
                }
            };
            if !reached {
                return;
            }
            let pointer = self.event_pointer(event);
            if let Some(note) = self.notes.pop() {
                self.leniencies.push(note.into_leniency(pointer));
            }
        }
    }

    /// The pointer of the node `event` starts, is, or (for an end) closes.
    fn event_pointer(&self, event: &Event<'_>) -> Pointer {
        match event {
            Event::SequenceEnd | Event::MappingEnd => self.collection_pointer(self.stack.len()),
            Event::Scalar(text, style, ..) if self.wants_key() => self
                .collection_pointer(self.stack.len())
                .push(key_text(text, *style)),
            _ => self.child_pointer(),
        }
    }

    /// The pointer of the `depth`-th open collection (1 is the root).
    fn collection_pointer(&self, depth: usize) -> Pointer {
        let parents = self.stack.iter().take(depth.saturating_sub(1));
        parents.fold(Pointer::root(), |pointer, (_, open)| {
            pointer.push(open.child_segment())
        })
    }

    /// The pointer of the node being built in the innermost open collection.
    fn child_pointer(&self) -> Pointer {
        let Some((_, open)) = self.stack.last() else {
            return Pointer::root();
        };
        self.collection_pointer(self.stack.len())
            .push(open.child_segment())
    }

    /// Whether the next node is a mapping key.
    fn wants_key(&self) -> bool {
        matches!(
            self.stack.last(),
            Some((_, Open::Mapping { key: None, .. }))
        )
    }

    /// Makes `new` the key of the innermost mapping, warning if the mapping already has it.
    fn set_key(&mut self, new: Key, at: Marker) {
        if !new.merge {
            self.check_duplicate(&new.text, at);
        }
        if let Some((_, Open::Mapping { key, .. })) = self.stack.last_mut() {
            *key = Some(new);
        }
    }

    /// Records a [`Leniency`] when the innermost mapping already has `text` from its own keys.
    fn check_duplicate(&mut self, text: &str, at: Marker) {
        let Some((
            _,
            Open::Mapping {
                entries, inherited, ..
            },
        )) = self.stack.last()
        else {
            return;
        };
        if !entries.contains_key(text) || inherited.contains(text) {
            return;
        }
        let pointer = self.collection_pointer(self.stack.len()).push(text);
        self.leniencies.push(Leniency {
            line: at.line(),
            column: self.shifts.original_column(at.line(), at.col()) + 1,
            pointer,
            severity: Severity::Repaired,
            message: format!(
                "duplicate key `{text}`: the later value replaces the earlier one, as PyYAML \
                 reads it (js-yaml rejects the document)"
            ),
        });
    }

    /// Adds a scalar as a value, or makes it the pending key.
    fn scalar(
        &mut self,
        text: &str,
        style: ScalarStyle,
        anchor: usize,
        tag: Option<&Tag>,
        at: Marker,
    ) {
        if !self.wants_key() {
            self.place(anchor, resolve_scalar(text, style, tag));
            return;
        }
        if self.aliased.contains(&anchor) {
            self.anchors
                .insert(anchor, resolve_scalar(text, style, tag));
        }
        let text = key_text(text, style);
        let merge = style == ScalarStyle::Plain && text == "<<";
        let key = Key {
            text: text.to_owned(),
            merge,
        };
        self.set_key(key, at);
    }

    /// Adds a copy of an anchored node as a value, or its text as the pending key.
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
        self.set_key(Key { text, merge: false }, at);
        Ok(())
    }

    /// The error for a sequence or mapping used as a key.
    fn non_scalar_key(&self, at: Marker) -> Error {
        located(
            self.file,
            at,
            "a mapping key must be a scalar, not a sequence or mapping",
        )
    }

    /// Opens a collection, failing if it is a key or nests too deep.
    fn open(&mut self, anchor: usize, open: Open, at: Marker) -> Result<(), Error> {
        if self.wants_key() {
            return Err(self.non_scalar_key(at));
        }
        check_depth(self.file, self.stack.len() + 1, at)?;
        self.stack.push((anchor, open));
        Ok(())
    }

    /// Closes the innermost collection and places it in its parent.
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
            Some((
                _,
                Open::Mapping {
                    entries,
                    key,
                    inherited,
                },
            )) => match key.take() {
                Some(Key { merge: true, .. }) if mergeable(&value) => {
                    merge_into(entries, inherited, value);
                }
                Some(Key { text, .. }) => {
                    inherited.remove(&text);
                    entries.insert(text, value);
                }
                None => {}
            },
        }
    }
}

/// The key a scalar names: its text, except that plain `~` and the empty key name `null`.
fn key_text(text: &str, style: ScalarStyle) -> &str {
    match text {
        "~" | "" if style == ScalarStyle::Plain => "null",
        _ => text,
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

/// Adds the keys of the merged mapping(s) that `entries` does not have yet, noting them in
/// `inherited`. Keys given later in the mapping still replace them, so explicit keys always win.
fn merge_into(entries: &mut Map<String, Value>, inherited: &mut HashSet<String>, value: Value) {
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
                inherited.insert(key.clone());
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

/// `null`, `Null`, `NULL`, `~` or the empty scalar.
fn resolve_null(text: &str) -> Option<Value> {
    matches!(text, "null" | "Null" | "NULL" | "~" | "").then_some(Value::Null)
}

/// `true`, `True`, `TRUE`, `false`, `False` or `FALSE`.
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

/// The number `digits` write in base `radix` (beyond `u64`: an `f64`).
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

// ---------------------------------------------------------------------------------------------
// YAML repairs: what PyYAML and js-yaml read but YAML 1.2 (and so `saphyr`) rejects

/// The most repairs tried on one document; past them, the error left is reported.
const MAX_REPAIRS: usize = 10_000;

/// A repair made before parsing, located in the original text.
struct Note {
    /// 1-based line.
    line: usize,
    /// 0-based character column.
    column: usize,
    /// Whether the value is still exactly what the author wrote.
    severity: Severity,
    /// What was repaired and how it was read.
    message: String,
    /// Which event the note is about.
    tie: Tie,
}

/// Which event a [`Note`] is about, by its place in the text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tie {
    /// The first event starting at or after the note (a repaired line's first token).
    Starts,
    /// The first event ending at or after the note (the token before a repaired `#`).
    Ends,
}

/// Turning a repair into its warning.
impl Note {
    /// The leniency this repair reports about the node at `pointer`.
    fn into_leniency(self, pointer: Pointer) -> Leniency {
        Leniency {
            line: self.line,
            column: self.column + 1,
            pointer,
            severity: self.severity,
            message: self.message,
        }
    }
}

/// A change of width within one line: `removed` characters at `column` became `inserted`.
struct Shift {
    /// 1-based line.
    line: usize,
    /// 0-based character column, in the text after the change.
    column: usize,
    /// Characters there before the change.
    removed: usize,
    /// Characters there after the change.
    inserted: usize,
}

/// The shifts of all repairs, in the order they were made.
#[derive(Default)]
struct Shifts(Vec<Shift>);

/// Mapping the repaired text back to the original.
impl Shifts {
    /// The 0-based column in the original text of `column` on `line` of the repaired text; a
    /// column inside replaced text maps to the start of what it replaced.
    fn original_column(&self, line: usize, column: usize) -> usize {
        let on_line = self.0.iter().rev().filter(|shift| shift.line == line);
        on_line.fold(column, |column, shift| {
            if column >= shift.column + shift.inserted {
                column - shift.inserted + shift.removed
            } else {
                column.min(shift.column)
            }
        })
    }

    /// `error` with its `line:column` mapped back to the original text.
    fn relocate(&self, error: Error) -> Error {
        let Error::Syntax {
            file,
            location,
            message,
        } = error
        else {
            return error;
        };
        let parsed = location.split_once(':').and_then(|(line, column)| {
            Some((line.parse::<usize>().ok()?, column.parse::<usize>().ok()?))
        });
        let location = match parsed {
            Some((line, column)) => {
                let original = self.original_column(line, column.saturating_sub(1));
                format!("{line}:{}", original + 1)
            }
            None => location,
        };
        Error::Syntax {
            file,
            location,
            message,
        }
    }
}

/// A YAML text after repairs, with what they changed and the warnings they owe.
struct Repaired {
    /// The repaired text: as many lines as the original.
    text: String,
    /// Maps the repaired text's columns back to the original's.
    shifts: Shifts,
    /// One note per repair.
    notes: Vec<Note>,
}

/// A text being repaired, kept as lines so that a repair rewrites only the lines it changes.
struct Draft<'t> {
    /// Each line with its line break (LF, CRLF or CR, as in YAML); joined, the text.
    lines: Vec<Cow<'t, str>>,
}

/// Reading the lines.
impl<'t> Draft<'t> {
    /// Splits `text` into lines.
    fn new(text: &'t str) -> Self {
        let bytes = text.as_bytes();
        let (mut lines, mut start) = (Vec::new(), 0);
        for (index, &byte) in bytes.iter().enumerate() {
            if byte == b'\n' || (byte == b'\r' && bytes.get(index + 1) != Some(&b'\n')) {
                lines.extend(text.get(start..=index).map(Cow::Borrowed));
                start = index + 1;
            }
        }
        lines.extend(
            text.get(start..)
                .filter(|rest| !rest.is_empty())
                .map(Cow::Borrowed),
        );
        Draft { lines }
    }

    /// The text of 1-based `line` without its line break (empty past the end).
    fn content(&self, line: usize) -> &str {
        let text = line.checked_sub(1).and_then(|index| self.lines.get(index));
        text.map_or("", |text| text.trim_end_matches(['\n', '\r']))
    }

    /// The characters of the text from 1-based `line` on.
    fn chars_from(&self, line: usize) -> impl Iterator<Item = char> + '_ {
        let skip = line.saturating_sub(1);
        self.lines.iter().skip(skip).flat_map(|text| text.chars())
    }

    /// The byte offset in `line` of its 0-based character `column` (at most its end).
    fn byte_at(&self, line: usize, column: usize) -> Option<usize> {
        let content = self.content(line);
        let starts = content.char_indices().map(|(index, _)| index);
        starts.chain(std::iter::once(content.len())).nth(column)
    }

    /// The whole text.
    fn text(&self) -> String {
        self.lines.iter().map(|line| line.as_ref()).collect()
    }
}

/// One change to a line: `removed` bytes at byte `at` replaced by `insert`.
struct Edit {
    /// 1-based line.
    line: usize,
    /// Byte offset in the line.
    at: usize,
    /// How many bytes are replaced.
    removed: usize,
    /// What replaces them (no line breaks).
    insert: String,
}

/// The repair of one parse error: its edits and the note it owes.
struct Fix {
    /// The edits, on distinct places of the current text.
    edits: Vec<Edit>,
    /// 1-based line of the error in the current text.
    line: usize,
    /// 0-based column of the error in the current text.
    column: usize,
    /// Whether the value is still exactly what the author wrote.
    severity: Severity,
    /// What was repaired and how it was read.
    message: String,
    /// Which event the note is about.
    tie: Tie,
}

/// The error a parse stopped at, in the whole text's lines.
struct Failure {
    /// 1-based line.
    line: usize,
    /// 0-based character column.
    column: usize,
    /// The parser's message.
    info: String,
    /// The column of the innermost open block mapping's keys or block sequence's `-` (flow
    /// collections do not count).
    block_column: Option<usize>,
}

/// Where a parse may start over with the same parser state: a mapping key at the start of
/// its line whose open collections are all block mappings.
#[derive(Clone)]
struct Restart {
    /// 1-based line of the key.
    line: usize,
    /// The key columns of the open mappings, outermost first; the last is the key's own.
    columns: Vec<usize>,
}

/// What one parse of a draft found: its first error, and the last restart before it.
struct Pass {
    /// The first error, if any.
    failure: Option<Failure>,
    /// The last place the next parse may start from.
    restart: Option<Restart>,
}

/// One open collection during a [`Pass`].
struct Frame {
    /// The column of a block collection; `None` for a flow one.
    column: Option<usize>,
    /// Whether it is a block mapping.
    block_mapping: bool,
    /// How many complete child nodes (keys and values) it has.
    children: usize,
}

/// Repairs, one parse error at a time, the constructs PyYAML and js-yaml read that YAML 1.2
/// rejects; `None` when the first error is none of them. A repair that does not move the error
/// stops the loop: the final parse then reports what is left. After a repair, the next parse
/// starts at the last [`Restart`] before it, so many repairs cost about one parse in all.
fn repair(text: &str) -> Option<Repaired> {
    let mut draft = Draft::new(text);
    let (mut shifts, mut notes) = (Shifts::default(), Vec::new());
    let (mut previous, mut restart): (Option<(usize, usize, String)>, Option<Restart>) =
        (None, None);
    for _ in 0..MAX_REPAIRS {
        let pass = parse_pass(&draft, restart.as_ref());
        let Some(failure) = pass.failure else {
            break;
        };
        let at = (failure.line, failure.column, failure.info.clone());
        let fix = (previous.as_ref() != Some(&at))
            .then(|| fix_for(&draft, &failure))
            .flatten();
        let Some(fix) = fix else {
            // From a restart, an error may come from what the skipped text defines (anchors,
            // tag handles): only a parse of the whole text is sure.
            if restart.take().is_some() {
                continue;
            }
            break;
        };
        notes.push(apply(&mut draft, &mut shifts, fix));
        restart = pass.restart.or(restart);
        previous = Some(at);
    }
    (!notes.is_empty()).then(|| Repaired {
        text: draft.text(),
        shifts,
        notes,
    })
}

/// Applies `fix` to `draft`, recording its shifts; returns its note (in original columns).
fn apply(draft: &mut Draft<'_>, shifts: &mut Shifts, fix: Fix) -> Note {
    let note = Note {
        line: fix.line,
        column: shifts.original_column(fix.line, fix.column),
        severity: fix.severity,
        message: fix.message,
        tie: fix.tie,
    };
    let mut edits = fix.edits;
    edits.sort_by_key(|edit| (edit.line, edit.at));
    for same_line in edits.chunk_by(|a, b| a.line == b.line) {
        edit_line(draft, shifts, same_line);
    }
    note
}

/// Applies `edits`, all on one line and in order, recording their shifts.
fn edit_line(draft: &mut Draft<'_>, shifts: &mut Shifts, edits: &[Edit]) {
    let Some(line) = edits.first().map(|edit| edit.line) else {
        return;
    };
    let Some(slot) = line
        .checked_sub(1)
        .and_then(|index| draft.lines.get_mut(index))
    else {
        return;
    };
    let old = slot.as_ref();
    let mut new = String::with_capacity(old.len() + 16);
    let (mut copied, mut added, mut dropped) = (0, 0, 0);
    for edit in edits {
        let end = edit.at + edit.removed;
        let (Some(before), Some(removed)) = (old.get(copied..edit.at), old.get(edit.at..end))
        else {
            continue;
        };
        let column = old.get(..edit.at).map_or(0, |head| head.chars().count());
        let (removed, inserted) = (removed.chars().count(), edit.insert.chars().count());
        shifts.0.push(Shift {
            line,
            column: (column + added).saturating_sub(dropped),
            removed,
            inserted,
        });
        (added, dropped) = (added + inserted, dropped + removed);
        new.push_str(before);
        new.push_str(&edit.insert);
        copied = end;
    }
    new.push_str(old.get(copied..).unwrap_or(""));
    *slot = Cow::Owned(new);
}

/// Parses `draft` up to its first error, from `restart` if given: the restart's open mappings
/// are recreated by one `_:` line each at their columns, so the parser is where it was there.
fn parse_pass(draft: &Draft<'_>, restart: Option<&Restart>) -> Pass {
    let (first, columns) = restart.map_or((1, &[][..]), |r| (r.line, &r.columns[..]));
    let outer = columns.split_last().map_or(&[][..], |(_, outer)| outer);
    let prefix: String = outer
        .iter()
        .map(|&c| format!("{}_:\n", " ".repeat(c)))
        .collect();
    let chars = prefix.chars().chain(draft.chars_from(first));
    let mut parser = Parser::new_from_iter(chars);
    // Line `l` of the parse is line `l + first - 1 - outer.len()` of the draft.
    let to_draft = |line: usize| (line + first).checked_sub(1 + outer.len());
    let mut frames = Vec::new();
    let mut pass = Pass {
        failure: None,
        restart: None,
    };
    while let Some(next) = parser.next_event() {
        let (event, span) = match next {
            Ok(event) => event,
            Err(error) => {
                let line = to_draft(error.marker().line());
                pass.failure = Some(failure(&error, line, &frames));
                break;
            }
        };
        if !track(&mut frames, &event, span) {
            break;
        }
        let at = to_draft(span.start.line()).filter(|&line| line >= first);
        if let Some(found) = at.and_then(|line| restart_at(draft, &frames, &event, line, span)) {
            pass.restart = Some(found);
        }
    }
    pass
}

/// The [`Failure`] for `error`, at `line` of the draft (`None`: in the recreated lines, where
/// no error is expected; it is then one no fix matches), inside `frames`.
fn failure(error: &ScanError, line: Option<usize>, frames: &[Frame]) -> Failure {
    Failure {
        line: line.unwrap_or(0),
        column: error.marker().col(),
        info: line.map_or_else(String::new, |_| error.info().to_owned()),
        block_column: frames.iter().rev().find_map(|frame| frame.column),
    }
}

/// Follows the open collections through `event`; `false` at the end of the first document.
fn track(frames: &mut Vec<Frame>, event: &Event<'_>, span: Span) -> bool {
    let completes = match event {
        Event::DocumentEnd | Event::StreamEnd => return false,
        Event::SequenceStart(..) | Event::MappingStart(..) => {
            let block = span.is_empty();
            frames.push(Frame {
                column: block.then_some(span.start.col()),
                block_mapping: block && matches!(event, Event::MappingStart(..)),
                children: 0,
            });
            false
        }
        Event::SequenceEnd | Event::MappingEnd => {
            frames.pop();
            true
        }
        Event::Scalar(..) | Event::Alias(_) => true,
        _ => false,
    };
    if let (true, Some(parent)) = (completes, frames.last_mut()) {
        parent.children += 1;
    }
    true
}

/// The restart at `event`, just tracked, if it is a key at the start of draft `line` in block
/// mappings only.
fn restart_at(
    draft: &Draft<'_>,
    frames: &[Frame],
    event: &Event<'_>,
    line: usize,
    span: Span,
) -> Option<Restart> {
    let (innermost, _) = frames.split_last()?;
    let is_key = matches!(event, Event::Scalar(..)) && innermost.children % 2 == 1;
    let column = span.start.col();
    if !is_key || innermost.column != Some(column) || !frames.iter().all(|f| f.block_mapping) {
        return None;
    }
    let indent = draft.content(line).get(..draft.byte_at(line, column)?)?;
    if !indent.bytes().all(|byte| byte == b' ') {
        return None;
    }
    let columns = frames.iter().filter_map(|frame| frame.column).collect();
    Some(Restart { line, columns })
}

/// The repair for `failure`, if it is a construct PyYAML and js-yaml read.
fn fix_for(draft: &Draft<'_>, failure: &Failure) -> Option<Fix> {
    match failure.info.as_str() {
        "invalid indentation" | "invalid indentation in flow construct" => {
            dedented_flow(draft, failure)
        }
        "invalid indentation in quoted scalar" => dedented_quoted(draft, failure),
        "comments must be separated from other tokens by whitespace" => {
            glued_comment(draft, failure)
        }
        "while parsing a quoted scalar, found invalid Unicode character escape code" => {
            surrogate_escapes(draft, failure)
        }
        _ => None,
    }
}

/// `line 5` or `lines 5-7`, and the verb that goes with it.
fn lines_words(first: usize, last: usize) -> (String, &'static str) {
    if first == last {
        (format!("line {first}"), "is")
    } else {
        (format!("lines {first}-{last}"), "are")
    }
}

/// Indents the lines of a flow collection that sit no deeper than the block it is in, from the
/// error line (which starts with a token) to the line closing the innermost collection there.
fn dedented_flow(draft: &Draft<'_>, failure: &Failure) -> Option<Fix> {
    let required = failure.block_column? + 1;
    let first = failure.line;
    let last = flow_end_line(draft, first)?;
    let edits = pad_lines(draft, first, last, required);
    if edits.is_empty() {
        return None;
    }
    let closing = draft.content(first).trim_start_matches([' ', '\t']);
    let (subject, verb) = match closing.chars().next() {
        Some(bracket @ (']' | '}')) if first == last => (
            format!("the closing `{bracket}` of a flow collection"),
            "is",
        ),
        _ => {
            let (words, verb) = lines_words(first, last);
            (format!("{words} of a flow collection ([ ] or {{ }})"), verb)
        }
    };
    Some(Fix {
        edits,
        line: first,
        column: failure.column,
        severity: Severity::Repaired,
        message: format!(
            "{subject} {verb} indented no deeper than the block it is in, which YAML 1.2 \
             rejects; read as PyYAML and js-yaml 4 read it"
        ),
        tie: Tie::Starts,
    })
}

/// The line of the bracket closing the innermost flow collection that line `first` is in,
/// found by parsing the text from that line on inside a new bracket of each kind.
fn flow_end_line(draft: &Draft<'_>, first: usize) -> Option<usize> {
    // A line starting with `,` continues after a node: give the new bracket one.
    let lead = if draft
        .content(first)
        .trim_start_matches([' ', '\t'])
        .starts_with(',')
    {
        "~"
    } else {
        ""
    };
    ["[", "{"].into_iter().find_map(|open| {
        let head = format!("{open}{lead}\n");
        let line = closing_line(|| head.chars().chain(draft.chars_from(first)))?;
        (first + line).checked_sub(2)
    })
}

/// The line of the event that closes the collection the text `chars` gives opens with. The
/// parser reads a token ahead, so an error just after the closing bracket hides it: the text
/// is then cut where the error is and read again.
fn closing_line<I: Iterator<Item = char>>(chars: impl Fn() -> I) -> Option<usize> {
    let mut cut = usize::MAX;
    for _ in 0..3 {
        match closing_event(chars().take(cut)) {
            Ok(line) => return line,
            Err(index) if index < cut => cut = index,
            Err(_) => return None,
        }
    }
    None
}

/// The line of the event that closes the collection `chars` opens with, `None` if nothing
/// does, or the character index of the parse error before it.
fn closing_event(chars: impl Iterator<Item = char>) -> Result<Option<usize>, usize> {
    let mut parser = Parser::new_from_iter(chars);
    let mut depth = 0usize;
    while let Some(event) = parser.next_event() {
        match event.map_err(|error| error.marker().index())? {
            (Event::SequenceStart(..) | Event::MappingStart(..), _) => depth += 1,
            (Event::SequenceEnd | Event::MappingEnd, span) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Ok(Some(span.start.line()));
                }
            }
            (Event::DocumentEnd | Event::StreamEnd, _) => return Ok(None),
            _ => {}
        }
    }
    Ok(None)
}

/// Edits indenting each non-blank line from `first` to `last` to at least `required` columns,
/// with spaces put before its indentation. Inside a flow collection or a quoted scalar the
/// indentation of a line has no meaning beyond this minimum.
fn pad_lines(draft: &Draft<'_>, first: usize, last: usize, required: usize) -> Vec<Edit> {
    let mut edits = Vec::new();
    for line in first..=last {
        let content = draft.content(line);
        let rest = content.trim_start_matches([' ', '\t']);
        let indent = content.len() - rest.len();
        if !rest.is_empty() && indent < required {
            let insert = " ".repeat(required - indent);
            edits.push(Edit {
                line,
                at: 0,
                removed: 0,
                insert,
            });
        }
    }
    edits
}

/// Indents the continuation lines of the quoted scalar the error is at that sit no deeper than
/// the block it is in.
fn dedented_quoted(draft: &Draft<'_>, failure: &Failure) -> Option<Fix> {
    let required = failure.block_column? + 1;
    let open = draft.byte_at(failure.line, failure.column)?;
    let (last, _) = quoted_end(draft, failure.line, open)?;
    let edits = pad_lines(draft, failure.line + 1, last, required);
    if edits.is_empty() {
        return None;
    }
    let (words, _) = lines_words(failure.line + 1, last);
    Some(Fix {
        edits,
        line: failure.line,
        column: failure.column,
        severity: Severity::Repaired,
        message: format!(
            "a quoted scalar continues on {words} indented no deeper than the block it is in, \
             which YAML 1.2 rejects; read as PyYAML and js-yaml 4 read it"
        ),
        tie: Tie::Starts,
    })
}

/// The line and byte offset of the quote closing the quoted scalar whose opening quote is at
/// byte `open` of `line`.
fn quoted_end(draft: &Draft<'_>, line: usize, open: usize) -> Option<(usize, usize)> {
    let quote = draft.content(line).get(open..)?.chars().next()?;
    if quote != '"' && quote != '\'' {
        return None;
    }
    let mut escaped = false;
    for number in line..=draft.lines.len() {
        let start = if number == line { open + 1 } else { 0 };
        let mut chars = draft
            .content(number)
            .get(start..)?
            .char_indices()
            .peekable();
        while let Some((index, c)) = chars.next() {
            match (quote, c) {
                _ if escaped => escaped = false,
                ('"', '\\') => escaped = true,
                ('\'', '\'') if chars.peek().is_some_and(|&(_, next)| next == '\'') => {
                    chars.next();
                }
                ('"', '"') | ('\'', '\'') => return Some((number, start + index)),
                _ => {}
            }
        }
        // A backslash at the end of a line escapes the line break.
        escaped = false;
    }
    None
}

/// Adds the space missing before a `#` that follows a quoted scalar or a closing bracket.
fn glued_comment(draft: &Draft<'_>, failure: &Failure) -> Option<Fix> {
    let at = draft.byte_at(failure.line, failure.column)?;
    let content = draft.content(failure.line);
    if !content.get(at..)?.starts_with('#') {
        return None;
    }
    let before = content.get(..at)?.chars().next_back()?;
    if !matches!(before, '"' | '\'' | ']' | '}') {
        return None;
    }
    let insert = " ".to_owned();
    Some(Fix {
        edits: vec![Edit {
            line: failure.line,
            at,
            removed: 0,
            insert,
        }],
        line: failure.line,
        column: failure.column,
        severity: Severity::Repaired,
        message: format!(
            "a comment follows `{before}` with no space before its `#`, which YAML 1.2 \
             rejects; read as a comment, as PyYAML and js-yaml 4 read it"
        ),
        tie: Tie::Ends,
    })
}

/// Replaces the UTF-16 surrogate escapes of the double-quoted scalar the error is at: a pair
/// by the `\U` escape of the character it encodes, a lone one by `\uFFFD`.
fn surrogate_escapes(draft: &Draft<'_>, failure: &Failure) -> Option<Fix> {
    let open = draft.byte_at(failure.line, failure.column)?;
    if !draft.content(failure.line).get(open..)?.starts_with('"') {
        return None;
    }
    let (last, close) = quoted_end(draft, failure.line, open)?;
    let (mut edits, mut lone) = (Vec::new(), 0);
    for line in failure.line..=last {
        let start = if line == failure.line { open + 1 } else { 0 };
        let content = draft.content(line);
        let end = if line == last { close } else { content.len() };
        lone += surrogate_edits(content, line, start, end, &mut edits);
    }
    if edits.is_empty() {
        return None;
    }
    let (severity, message) = if lone == 0 {
        (
            Severity::Repaired,
            "a double-quoted scalar escapes characters as UTF-16 surrogate pairs \
             (`\\ud83d\\udc4d`), which YAML 1.2 rejects; read as the characters they encode, \
             as PyYAML and js-yaml read them"
                .to_owned(),
        )
    } else {
        (
            Severity::Degraded,
            format!(
                "a double-quoted scalar has {lone} lone UTF-16 surrogate escape(s) \
                 (`\\ud800` to `\\udfff`), which YAML 1.2 rejects and a JSON string cannot \
                 hold; each is read as U+FFFD"
            ),
        )
    };
    Some(Fix {
        edits,
        line: failure.line,
        column: failure.column,
        severity,
        message,
        tie: Tie::Starts,
    })
}

/// Adds to `edits` the replacements of the surrogate escapes between bytes `start` and `end`
/// of `content` (line `line` of a double-quoted scalar); returns how many were lone.
fn surrogate_edits(
    content: &str,
    line: usize,
    start: usize,
    end: usize,
    edits: &mut Vec<Edit>,
) -> usize {
    let (mut lone, mut at) = (0, start);
    while at < end {
        if content.as_bytes().get(at) != Some(&b'\\') {
            at += 1;
            continue;
        }
        let Some(high) = unicode_escape(content, at) else {
            at += 2; // another escape: skip the escaped character's first byte too
            continue;
        };
        let (removed, insert) = match (high, unicode_escape(content, at + 6)) {
            (0xD800..=0xDBFF, Some(low @ 0xDC00..=0xDFFF)) => {
                let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                (12, format!("\\U{code:08X}"))
            }
            (0xD800..=0xDFFF, _) => {
                lone += 1;
                (6, "\\uFFFD".to_owned())
            }
            _ => {
                at += 6;
                continue;
            }
        };
        edits.push(Edit {
            line,
            at,
            removed,
            insert,
        });
        at += removed;
    }
    lone
}

/// The code of the `\uXXXX` escape at byte `at`.
fn unicode_escape(text: &str, at: usize) -> Option<u32> {
    let digits = text.get(at..at + 6)?.strip_prefix("\\u")?;
    if !digits.bytes().all(|byte| byte.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(digits, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The value of a document that parses.
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

    /// A fixture of `tests/fixtures/yaml/`: its text, parsed with warnings, checked against
    /// the JSON tree in the `.json` file beside it.
    fn fixture(name: &str) -> Parsed {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/yaml");
        let read = |extension: &str| {
            let path = dir.join(format!("{name}.{extension}"));
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        };
        let parsed = parse_document_with_warnings(Path::new(name), &read("yaml")).expect("parses");
        let expected: Value = serde_json::from_str(&read("json")).expect("expected JSON");
        assert_eq!(parsed.value, expected, "{name}");
        parsed
    }

    /// Where each leniency is: line, column and pointer.
    fn places(parsed: &Parsed) -> Vec<(usize, usize, &str)> {
        let leniencies = parsed.leniencies.iter();
        leniencies
            .map(|l| (l.line, l.column, l.pointer.as_str()))
            .collect()
    }

    /// The leniencies of a document that parses.
    fn leniencies(text: &str) -> Vec<Leniency> {
        let parsed = parse_document_with_warnings(Path::new("spec.yaml"), text).expect("parses");
        parsed.leniencies
    }

    #[test]
    fn yaml_flow_sequence_closed_at_column_0_is_read_with_a_warning() {
        let parsed = fixture("flow_sequence_close_column0");
        let colour = &parsed.value["components"]["schemas"]["Colour"];
        assert_eq!(colour["enum"], json!(["red", "green"]));
        assert_eq!(
            places(&parsed),
            [(13, 1, "#/components/schemas/Colour/enum")]
        );
        let leniency = &parsed.leniencies[0];
        assert_eq!(leniency.severity, Severity::Repaired);
        assert!(leniency.message.contains("closing `]`"), "{leniency}");
        assert!(
            leniency.to_string().starts_with("line 13, column 1: "),
            "{leniency}"
        );
        // The strict parser's verdict, which the repair answers.
        let text = "a:\n  b: [\n    1\n]\n";
        let failure = parse_pass(&Draft::new(text), None)
            .failure
            .expect("saphyr rejects it");
        assert_eq!(
            (failure.info.as_str(), failure.line, failure.column),
            ("invalid indentation", 4, 0)
        );
        assert_eq!(failure.block_column, Some(2));
    }

    #[test]
    fn yaml_flow_sequence_closed_left_of_its_key_is_read_with_a_warning() {
        let parsed = fixture("flow_sequence_close_under_key");
        // `]` at the key's own column (Size) is accepted as it is: no warning.
        assert_eq!(
            places(&parsed),
            [(13, 5, "#/components/schemas/Colour/enum")]
        );
    }

    #[test]
    fn yaml_flow_mapping_closed_at_column_0_is_read_with_a_warning() {
        let parsed = fixture("flow_mapping_close_column0");
        let point = &parsed.value["components"]["schemas"]["Point"];
        assert_eq!(point["example"], json!({"x": 1, "y": 2}));
        assert_eq!(
            places(&parsed),
            [(13, 1, "#/components/schemas/Point/example")]
        );
        assert!(parsed.leniencies[0].message.contains("closing `}`"));
    }

    #[test]
    fn yaml_flow_content_indented_too_little_is_read_with_warnings() {
        let parsed = fixture("flow_content_dedented");
        let status = &parsed.value["components"]["schemas"]["Status"];
        assert_eq!(status["enum"], json!(["active", "on hold", "closed"]));
        assert_eq!(
            status["examples"],
            json!([["active", "closed"], ["closed"]])
        );
        let schema = "#/components/schemas/Status";
        assert_eq!(
            places(&parsed),
            [
                (11, 7, &*format!("{schema}/enum/0")),
                (15, 3, &*format!("{schema}/examples/0/1")),
                (16, 1, &*format!("{schema}/examples/1/0")),
            ]
        );
        assert!(parsed.leniencies[0]
            .message
            .starts_with("lines 11-13 of a flow"));
    }

    #[test]
    fn yaml_quoted_scalars_continued_too_little_indented_are_read_with_warnings() {
        let parsed = fixture("quoted_scalar_dedented");
        let pet = &parsed.value["components"]["schemas"]["Pet"];
        assert_eq!(pet["description"], "A pet that lives in a house");
        assert_eq!(pet["title"], "It's a pet");
        assert_eq!(pet["properties"]["name"]["pattern"], "^[a-z]+$");
        let pet = "#/components/schemas/Pet";
        assert_eq!(
            places(&parsed),
            [
                (10, 20, &*format!("{pet}/description")),
                (13, 14, &*format!("{pet}/title")),
                (18, 20, &*format!("{pet}/properties/name/pattern")),
            ]
        );
        assert!(parsed.leniencies[0].message.contains("lines 11-12"));
    }

    #[test]
    fn yaml_comments_glued_to_a_quote_or_bracket_are_read_with_warnings() {
        let parsed = fixture("comment_without_space");
        let flag = &parsed.value["components"]["schemas"]["Flag"];
        assert_eq!(flag["description"], "a flag");
        assert_eq!(flag["title"], "Flag");
        assert_eq!(flag["enum"], json!(["set", "unset"]));
        assert_eq!(flag["example"], json!({"value": "set"}));
        let flag = "#/components/schemas/Flag";
        assert_eq!(
            places(&parsed),
            [
                (10, 28, &*format!("{flag}/description")),
                (11, 20, &*format!("{flag}/title")),
                (12, 25, &*format!("{flag}/enum")),
                (13, 28, &*format!("{flag}/example")),
            ]
        );
    }

    #[test]
    fn yaml_surrogate_pair_escapes_are_read_as_their_character() {
        let parsed = fixture("surrogate_escapes");
        let reaction = &parsed.value["components"]["schemas"]["Reaction"];
        assert_eq!(
            reaction["description"],
            "Thumbs up: \u{1f44d}, grin: \u{1f600}, e-acute: é"
        );
        assert_eq!(reaction["enum"], json!(["\u{1f44d}", "plain"]));
        let reaction = "#/components/schemas/Reaction";
        assert_eq!(
            places(&parsed),
            [
                (10, 20, &*format!("{reaction}/description")),
                (11, 14, &*format!("{reaction}/enum/0")),
            ]
        );
        assert!(parsed
            .leniencies
            .iter()
            .all(|l| l.severity == Severity::Repaired));
    }

    #[test]
    fn yaml_lone_surrogate_escape_becomes_a_replacement_character() {
        let parsed = fixture("lone_surrogate_escape");
        let broken = &parsed.value["components"]["schemas"]["Broken"];
        assert_eq!(broken["description"], "half an emoji: \u{fffd}!");
        assert_eq!(
            places(&parsed),
            [(10, 20, "#/components/schemas/Broken/description")]
        );
        assert_eq!(parsed.leniencies[0].severity, Severity::Degraded);
        // Escaped backslashes are not escapes; other escapes stay as they are.
        let value = parse("a: \"\\\\ud83d \\udc4d \\u0041 \\x42 \\ud83d\\u0041\"\n");
        assert_eq!(value["a"], "\\ud83d \u{fffd} A B \u{fffd}A");
    }

    #[test]
    fn yaml_duplicate_keys_keep_the_last_value_with_a_warning() {
        let parsed = fixture("duplicate_keys");
        let pet = &parsed.value["components"]["schemas"]["Pet"];
        assert_eq!(pet["properties"]["name"]["type"], "integer");
        assert_eq!(pet["required"], json!(["id"]));
        // A key replacing a merged one is not a duplicate.
        assert_eq!(
            pet["description"],
            "overrides the merged key, not a duplicate"
        );
        assert_eq!(
            places(&parsed),
            [
                (18, 11, "#/components/schemas/Pet/properties/name/type"),
                (20, 7, "#/components/schemas/Pet/required"),
            ]
        );
        assert!(parsed.leniencies[0]
            .message
            .contains("duplicate key `type`"));
        // `~` and `null` name the same key; flow mappings and alias keys count too.
        let places = |text| -> Vec<(usize, usize, String)> {
            let found = leniencies(text);
            found
                .into_iter()
                .map(|l| (l.line, l.column, l.pointer.to_string()))
                .collect()
        };
        assert_eq!(places("~: 1\nnull: 2\n"), [(2, 1, "#/null".to_owned())]);
        assert_eq!(places("a: {x: 1, x: 2}\n"), [(1, 11, "#/a/x".to_owned())]);
        let text = "- &k name\n- {name: 1, *k : 2}\n";
        assert_eq!(places(text), [(2, 13, "#/1/name".to_owned())]);
        assert_eq!(places("<<: {a: 1}\n<<: {a: 2, b: 3}\na: 4\n"), []);
    }

    #[test]
    fn yaml_byte_order_mark_and_crlf_keep_lines_and_columns() {
        let parsed = fixture("bom_crlf");
        let note = &parsed.value["components"]["schemas"]["Note"];
        assert_eq!(note["description"], "two\nlines\n");
        assert_eq!(places(&parsed), [(16, 1, "#/components/schemas/Note/enum")]);
        // Old Mac line ends (CR alone) are line breaks too.
        let text = "a:\r  b: [\r    1\r]\r  c: \"x\r y\"\r";
        let parsed = parse_document_with_warnings(Path::new("cr.yaml"), text).expect("parses");
        assert_eq!(parsed.value, json!({"a": {"b": [1], "c": "x y"}}));
        assert_eq!(places(&parsed), [(4, 1, "#/a/b"), (5, 6, "#/a/c")]);
    }

    #[test]
    fn yaml_directives_markers_and_block_headers_need_no_leniency() {
        for name in [
            "document_markers",
            "block_scalar_header_trailing_spaces",
            "yaml11_scalars",
        ] {
            assert_eq!(fixture(name).leniencies, [], "{name}");
        }
        let value = parse("%YAML 1.1\n--- # comment\na: |  \n  x\nb: >-\t\n  y\n...\n");
        assert_eq!(value, json!({"a": "x\n", "b": "y"}));
    }

    #[test]
    fn yaml11_scalars_keep_their_yaml12_meaning() {
        let parsed = fixture("yaml11_scalars");
        let schemas = &parsed.value["components"]["schemas"];
        let words = ["no", "yes", "y", "n", "on", "off", "NO", "Yes", "ON", "Off"];
        assert_eq!(schemas["Words"]["enum"], json!(words));
        let numbers = &schemas["Numbers"]["enum"];
        assert_eq!(numbers[0].as_f64(), Some(1e-8));
        assert_eq!(numbers[1].as_f64(), Some(1e5));
        assert_eq!(numbers[2], 15); // 0o17
        assert_eq!(numbers[3], 17); // 017: decimal in YAML 1.2, octal 15 in YAML 1.1
        assert_eq!(numbers[4], 31);
        assert_eq!(numbers[5], "1_000");
        assert_eq!(numbers[6], "12:30"); // sexagesimal 750 in YAML 1.1
        assert_eq!(numbers[7], "0b101");
        assert_eq!(numbers[8].as_f64(), Some(0.5));
        assert_eq!(numbers[9], 1);
        assert_eq!(schemas["Numbers"]["minimum"].as_f64(), Some(1e-8));
        let value = parse("a: 1:20:00\nb: =\nc: 1.0e+3\nd: -.5E-2\ne: 1e\nf: 0O17\n");
        assert_eq!(value["a"], "1:20:00");
        assert_eq!(value["b"], "=");
        assert_eq!(value["c"].as_f64(), Some(1000.0));
        assert_eq!(value["d"].as_f64(), Some(-0.005));
        assert_eq!(value["e"], "1e");
        assert_eq!(value["f"], "0O17");
    }

    #[test]
    fn yaml_that_parses_is_never_repaired() {
        // `]` at its key's column, flow content deeper than the key, and block scalars whose
        // lines look like flow content: all parse strictly and stay exactly as they are.
        let text = "a:\n  b: [\n    1,\n  ]\n  c: |\n    ]\n    x\n  d: \"q\n   r\"\n";
        let parsed = parse_document_with_warnings(Path::new("a.yaml"), text).expect("parses");
        assert_eq!(
            parsed.value,
            json!({"a": {"b": [1], "c": "]\nx\n", "d": "q r"}})
        );
        assert_eq!(parsed.leniencies, []);
        // A repair elsewhere leaves a block scalar's lines alone.
        let text = "a:\n  b: [\n1]\n  c: |\n    [\n  ]\n";
        let parsed = parse_document_with_warnings(Path::new("a.yaml"), text);
        assert!(parsed.is_err(), "{parsed:?}");
        let text = "a:\n  b: [\n1]\n  c: |\n    ]\n     [\n";
        let parsed = parse_document_with_warnings(Path::new("a.yaml"), text).expect("parses");
        assert_eq!(parsed.value, json!({"a": {"b": [1], "c": "]\n [\n"}}));
        assert_eq!(places(&parsed), [(3, 1, "#/a/b/0")]);
    }

    #[test]
    fn yaml_errors_after_repairs_keep_the_file_columns() {
        // Unclosed flow sequence: not repaired, reported where the strict parser stopped.
        let (location, _) = syntax("a: [1, 2\nb: 3\n");
        assert!(location.starts_with("2:"), "{location}");
        let unclosed = "openapi: 3.0.3\ninfo:\n  title: x\n  version: [1,\npaths: {}\n";
        assert_eq!(syntax(unclosed).0, "5:1");
        // A repair needs the collection to close; if not, the strict error stands.
        assert_eq!(syntax("a:\n  b: [\n1, @]\n").0, "3:1");
        // A real error on a repaired line: its column is the file's (the second `]`).
        let (location, message) = syntax("a:\n  b: [\n1]]\n");
        assert_eq!(location, "3:3");
        assert!(message.contains("bracket"), "{message}");
        // Two repairs on one line: each warning has its column in the file.
        let found = leniencies("a:\n  b: [\n1]#c\n");
        let columns: Vec<(usize, usize)> = found.iter().map(|l| (l.line, l.column)).collect();
        assert_eq!(columns, [(3, 1), (3, 3)]);
        // A surrogate pair shortens the line; the error after it is still at its column.
        let (location, _) = syntax("a: [\"\\ud83d\\udc4d\", @]\n");
        assert_eq!(location, "1:21");
        // Tabs as indentation and keys over 1024 characters stay errors (PyYAML rejects both).
        assert!(syntax("a:\n\tb: 1\n").0.starts_with("2:"));
        assert!(syntax(&format!("{}: 1\n", "k".repeat(1100)))
            .0
            .starts_with("1:"));
    }

    #[test]
    fn yaml_leniency_is_recorded_with_its_line() {
        let mut diagnostics = Diagnostics::new("spec.yaml");
        for leniency in leniencies("a:\n  b: [\n1]\n") {
            leniency.record(&mut diagnostics);
        }
        let recorded = diagnostics.into_vec();
        assert_eq!(recorded.len(), 1);
        assert_eq!(recorded[0].pointer.as_str(), "#/a/b/0");
        assert_eq!(recorded[0].severity, Severity::Repaired);
        assert!(recorded[0]
            .message
            .starts_with("line 3, column 1: line 3 of a flow"));
    }

    #[test]
    fn yaml_many_repairs_stay_fast() {
        let mut text = String::from("openapi: 3.1.0\ncomponents:\n  schemas:\n");
        for index in 0..3000 {
            text.push_str(&format!(
                "    E{index}:\n      enum: [\n        a,\n        b\n]\n"
            ));
        }
        let started = std::time::Instant::now();
        let parsed = parse_document_with_warnings(Path::new("many.yaml"), &text).expect("parses");
        assert!(started.elapsed() < std::time::Duration::from_secs(20));
        assert_eq!(parsed.leniencies.len(), 3000);
        assert_eq!(parsed.leniencies[2999].line, 3 + 3000 * 5);
        assert_eq!(
            parsed.value["components"]["schemas"]["E2999"]["enum"],
            json!(["a", "b"])
        );
    }

    #[test]
    fn yaml_repairs_after_a_restart_see_the_whole_document() {
        // Later parses start at the last key before a repair, recreating its mappings; what
        // the skipped text defines (anchors, tag handles) makes them parse it all again.
        let text = "%TAG !e! tag:example.com,2000:\n---\nbase: &b {x: 1}\nc:\n  s:\n    A:\n      \
                    enum: [\na]\n    B:\n      enum: [\nb]\n      default: *b\n    C: !e!t [\nc]\n  \
                    t: ['d'\n]\nu: [\n  e]\n";
        let parsed = parse_document_with_warnings(Path::new("r.yaml"), text).expect("parses");
        let expected = json!({
            "base": {"x": 1},
            "c": {
                "s": {"A": {"enum": ["a"]}, "B": {"enum": ["b"], "default": {"x": 1}}, "C": ["c"]},
                "t": ["d"],
            },
            "u": ["e"],
        });
        assert_eq!(parsed.value, expected);
        let lines: Vec<usize> = parsed.leniencies.iter().map(|l| l.line).collect();
        assert_eq!(lines, [8, 11, 14, 16]);
        assert_eq!(parsed.leniencies[3].pointer.as_str(), "#/c/t");
        let text = "a:\n  b: [\n1]\n  c: [\n2]\nd: [\n]\n";
        let parsed = parse_document_with_warnings(Path::new("r.yaml"), text).expect("parses");
        assert_eq!(parsed.value, json!({"a": {"b": [1], "c": [2]}, "d": []}));
        assert_eq!(parsed.leniencies.len(), 3, "{:#?}", parsed.leniencies);
    }

    #[test]
    fn yaml_no_input_panics() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/yaml");
        let mut texts: Vec<String> = std::fs::read_dir(dir)
            .expect("fixtures")
            .map(|entry| entry.expect("entry").path())
            .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
            .map(|path| std::fs::read_to_string(path).expect("fixture"))
            .collect();
        for odd in [
            "a: \"\\ud83d",
            "a: \"\\ud8",
            "a: [\n",
            "a:\n  b: [\n,",
            "a:\n  b: [\n]]\n]",
            "a:\n  b: \"\n",
            "a:\n  b: '\n'",
            "a: 'x'#",
            "#",
            "a: {\n}\n}",
            "]",
            "- [\n]\n- \"\n\"",
            "a:\n  b: [\n\u{e9}\u{301}]\n",
            "a:\r\n  b: [\r\n1]\r",
            "a: [\"\\\n\\ud83d\\udc4d\"]",
        ] {
            texts.push(odd.to_owned());
        }
        for text in &texts {
            let cuts = text.char_indices().map(|(index, _)| index);
            for cut in cuts.chain(std::iter::once(text.len())) {
                let _ = parse_document_with_warnings(Path::new("x.yaml"), &text[..cut]);
                let (head, tail) = text.split_at(cut);
                let dropped: String = tail.chars().skip(1).collect();
                let _ =
                    parse_document_with_warnings(Path::new("x.yaml"), &format!("{head}{dropped}"));
            }
        }
    }
}
