//! YAML into a tree where every node keeps its line and column, for compose files and
//! Kubernetes manifests.
//!
//! Anchors and aliases are expanded under a budget (billion-laughs inputs are refused), merge
//! keys (`<<`) are applied, nesting depth is bounded, duplicate keys are errors. A multi-document
//! stream is split at its `---` markers first, so a broken document does not hide the others.

use crate::text::Text;
use saphyr_parser::{Event, Parser, ScalarStyle};
use std::collections::HashMap;

/// Most nodes one document may expand to (aliases included), unless its text is longer: a
/// document may always hold as many nodes as it has bytes. A document without aliases never
/// has more (a scalar takes at least one byte and its separator), so only an alias expansion
/// meets the budget, and what one costs grows with the text, never past a million nodes a
/// byte would not pay for. (A flat budget refused a List of 100,000 pods, which `kubectl`
/// reads.)
pub const MAX_NODES: usize = 1_000_000;
/// Deepest nesting accepted.
pub const MAX_DEPTH: usize = 200;

/// A position in a file (1-based line and column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
}

/// A YAML node.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// What it holds.
    pub value: Value,
    /// Where it starts.
    pub pos: Pos,
    /// Which file it came from (an index the caller assigns; 0 by default).
    pub file: usize,
    /// The text as written, when interpolation changed it.
    // Boxed: it is rare, and a manifest of a hundred thousand objects has millions of nodes,
    // each of which would carry its room.
    pub raw: Option<Box<String>>,
}

/// The content of a node.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`, `~` or nothing.
    Null,
    /// A scalar; `plain` is false for quoted and block scalars.
    Scalar { text: Text, plain: bool },
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in document order.
    Map(Vec<(Node, Node)>),
}

/// A problem in a YAML document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// Where.
    pub pos: Pos,
    /// What.
    pub message: String,
}

/// One document of a stream.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The root node (`None` for an empty document or one that could not be parsed).
    pub root: Option<Node>,
    /// Problems; a document with a syntax error has no root.
    pub errors: Vec<YamlError>,
    /// Line where the document starts.
    pub first_line: usize,
}

impl Node {
    /// A null node at a position.
    pub fn null(pos: Pos) -> Node {
        Node {
            value: Value::Null,
            pos,
            file: 0,
            raw: None,
        }
    }

    /// The scalar text, if this is a scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// A boolean in YAML 1.1 or 1.2 spelling (`true`, `yes`, `on`…); quoted text counts too,
    /// as compose accepts it.
    pub fn as_bool(&self) -> Option<bool> {
        match self.as_str()?.to_ascii_lowercase().as_str() {
            "true" | "yes" | "on" | "y" => Some(true),
            "false" | "no" | "off" | "n" => Some(false),
            _ => None,
        }
    }

    /// The value of a key in a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|(_, v)| v)
    }

    /// The key node and value node of a key in a mapping.
    pub fn entry(&self, key: &str) -> Option<(&Node, &Node)> {
        match &self.value {
            Value::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.as_str() == Some(key))
                .map(|(k, v)| (k, v)),
            _ => None,
        }
    }

    /// Mapping entries (empty for other nodes).
    pub fn entries(&self) -> &[(Node, Node)] {
        match &self.value {
            Value::Map(e) => e,
            _ => &[],
        }
    }

    /// Sequence items (empty for other nodes).
    pub fn items(&self) -> &[Node] {
        match &self.value {
            Value::Seq(v) => v,
            _ => &[],
        }
    }

    /// Moves the items of the sequence under `key` out of this mapping (the key's value is
    /// left empty); `None` when the key is missing or its value is not a sequence.
    pub fn take_items(&mut self, key: &str) -> Option<Vec<Node>> {
        let Value::Map(entries) = &mut self.value else {
            return None;
        };
        let (_, value) = entries.iter_mut().find(|(k, _)| k.as_str() == Some(key))?;
        match std::mem::replace(&mut value.value, Value::Null) {
            Value::Seq(items) => Some(items),
            other => {
                value.value = other;
                None
            }
        }
    }

    /// Whether the node is null.
    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    /// Sets the file index on this node and all below it.
    pub fn set_file(&mut self, file: usize) {
        self.file = file;
        match &mut self.value {
            Value::Seq(items) => items.iter_mut().for_each(|n| n.set_file(file)),
            Value::Map(entries) => entries.iter_mut().for_each(|(k, v)| {
                k.set_file(file);
                v.set_file(file);
            }),
            _ => {}
        }
    }

    /// Converts to JSON (scalars typed as YAML 1.2 core schema types for plain scalars).
    pub fn to_json(&self) -> serde_json::Value {
        match &self.value {
            Value::Null => serde_json::Value::Null,
            Value::Scalar { text, plain } => {
                if *plain {
                    match text.as_str() {
                        "true" | "True" | "TRUE" => return serde_json::Value::Bool(true),
                        "false" | "False" | "FALSE" => return serde_json::Value::Bool(false),
                        _ => {}
                    }
                    if let Ok(i) = text.parse::<i64>() {
                        return i.into();
                    }
                    if let Ok(f) = text.parse::<f64>()
                        && let Some(n) = serde_json::Number::from_f64(f)
                    {
                        return serde_json::Value::Number(n);
                    }
                }
                serde_json::Value::String(text.to_string())
            }
            Value::Seq(items) => items.iter().map(Node::to_json).collect(),
            Value::Map(entries) => serde_json::Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.as_str().unwrap_or_default().to_string(), v.to_json()))
                    .collect(),
            ),
        }
    }
}

/// Splits a stream at its document markers: each piece with the line it starts on.
fn split_documents(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut start = 1;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let bare = line.trim_end();
        if bare == "---" || bare.starts_with("--- ") || bare == "..." {
            if !current.trim().is_empty() {
                out.push((start, std::mem::take(&mut current)));
            }
            current.clear();
            start = i + 2;
            if let Some(rest) = bare.strip_prefix("--- ") {
                // Content on the marker line (`--- !tag` or `--- value`) starts the document.
                current.push_str(&" ".repeat(4));
                current.push_str(rest);
                current.push('\n');
                start = i + 1;
            }
            continue;
        }
        current.push_str(line);
    }
    if !current.trim().is_empty() {
        out.push((start, current));
    }
    out
}

/// A collection being read: where its children start in the builder's `items` or `entries`,
/// its pending key (a mapping's), its position and its anchor.
enum Frame {
    Seq(usize, Pos, usize),
    Map(usize, Option<Node>, Pos, usize),
}

struct Builder {
    stack: Vec<Frame>,
    // The children of the open collections, innermost last: a finished collection takes its
    // own in one allocation of the exact size. (A list of its own for each, grown by doubling
    // and then shrunk, left a hole behind every collection of the tree, and a large manifest's
    // tree is held until its rules have run.)
    items: Vec<Node>,
    entries: Vec<(Node, Node)>,
    anchors: HashMap<usize, Node>,
    nodes: usize,
    /// `MAX_NODES`, or the document's length in bytes when that is more.
    budget: usize,
    errors: Vec<YamlError>,
    line_offset: usize,
}

impl Builder {
    fn pos(&self, marker: &saphyr_parser::Marker) -> Pos {
        Pos {
            line: marker.line() + self.line_offset,
            column: marker.col() + 1,
        }
    }

    fn count(&mut self, n: usize, pos: Pos) -> Result<(), YamlError> {
        self.nodes += n;
        if self.nodes > self.budget {
            return Err(YamlError {
                pos,
                message: format!(
                    "the document expands to more than {} nodes (alias expansion bomb?); refused",
                    self.budget
                ),
            });
        }
        Ok(())
    }

    /// Adds a finished node to its parent; returns it when it is the root.
    fn push(&mut self, node: Node) -> Option<Node> {
        match self.stack.last_mut() {
            None => Some(node),
            Some(Frame::Seq(..)) => {
                self.items.push(node);
                None
            }
            Some(Frame::Map(_, pending, _, _)) => {
                match pending.take() {
                    None => *pending = Some(node),
                    Some(key) => self.entries.push((key, node)),
                }
                None
            }
        }
    }
}

fn size(node: &Node) -> usize {
    match &node.value {
        Value::Seq(items) => 1 + items.iter().map(size).sum::<usize>(),
        Value::Map(entries) => {
            1 + entries
                .iter()
                .map(|(k, v)| size(k) + size(v))
                .sum::<usize>()
        }
        _ => 1,
    }
}

/// Whether a key is the merge key (`<<`, plain).
fn is_merge_key(key: &Node) -> bool {
    matches!(&key.value, Value::Scalar { text, plain: true } if text == "<<")
}

/// Whether two scalar keys of a mapping are the same text.
fn has_duplicate_key(entries: &[(Node, Node)]) -> bool {
    let keys = entries.iter().filter_map(|(k, _)| k.as_str());
    if entries.len() <= 16 {
        // Small mappings (nearly all): compared pairwise, without allocating.
        keys.clone()
            .enumerate()
            .any(|(i, a)| keys.clone().skip(i + 1).any(|b| a == b))
    } else {
        let mut seen = std::collections::HashSet::with_capacity(entries.len());
        keys.into_iter().any(|k| !seen.insert(k))
    }
}

/// Applies merge keys and reports duplicate keys, in time linear in the entries (keys are
/// looked up in a hash map, so a mapping of 450,000 keys costs what 450,000 single keys do).
fn finish_map(entries: Vec<(Node, Node)>, errors: &mut Vec<YamlError>) -> Vec<(Node, Node)> {
    // Nearly every mapping has neither: kept as it is, with no allocation.
    if !entries.iter().any(|(k, _)| is_merge_key(k)) && !has_duplicate_key(&entries) {
        return entries;
    }
    // Explicit entries in order; a duplicate's earlier entry is dropped (the later one wins).
    let mut explicit: Vec<Option<(Node, Node)>> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut merged: Vec<(Node, Node)> = Vec::new();
    let mut merged_keys: std::collections::HashSet<Option<String>> = Default::default();
    for (k, v) in entries {
        if is_merge_key(&k) {
            let sources: Vec<&Node> = match &v.value {
                Value::Seq(items) => items.iter().collect(),
                _ => vec![&v],
            };
            for source in sources {
                match &source.value {
                    Value::Map(pairs) => {
                        for (mk, mv) in pairs {
                            if merged_keys.insert(mk.as_str().map(str::to_string)) {
                                merged.push((mk.clone(), mv.clone()));
                            }
                        }
                    }
                    _ => errors.push(YamlError {
                        pos: source.pos,
                        message: "a merge key (<<) must refer to a mapping".into(),
                    }),
                }
            }
            continue;
        }
        if let Some(text) = k.as_str()
            && let Some(earlier) = index.insert(text.to_string(), explicit.len())
            && let Some((first, _)) = explicit[earlier].take()
        {
            errors.push(YamlError {
                pos: k.pos,
                message: format!("duplicate key `{text}` (first at line {})", first.pos.line),
            });
        }
        explicit.push(Some((k, v)));
    }
    let mut out: Vec<(Node, Node)> = explicit.into_iter().flatten().collect();
    for (mk, mv) in merged {
        let shadowed = match mk.as_str() {
            Some(text) => index.contains_key(text),
            None => out.iter().any(|(e, _)| e.as_str().is_none()),
        };
        if !shadowed {
            out.push((mk, mv));
        }
    }
    out
}

fn parse_one(text: &str, line_offset: usize) -> Document {
    let mut builder = Builder {
        stack: Vec::new(),
        items: Vec::new(),
        entries: Vec::new(),
        anchors: HashMap::new(),
        nodes: 0,
        budget: MAX_NODES.max(text.len()),
        errors: Vec::new(),
        line_offset,
    };
    let mut root = None;
    let mut parser = Parser::new_from_str(text);
    let fail = |builder: Builder, e: YamlError| Document {
        root: None,
        errors: builder
            .errors
            .into_iter()
            .chain(std::iter::once(e))
            .collect(),
        first_line: line_offset + 1,
    };
    loop {
        let (event, span) = match parser.next_event() {
            None => break,
            Some(Ok(e)) => e,
            Some(Err(e)) => {
                let mut pos = builder.pos(e.marker());
                // An error found at the end of input belongs to the document's last line.
                let last = line_offset + text.trim_end().lines().count().max(1);
                if pos.line > last {
                    pos = Pos {
                        line: last,
                        column: 1,
                    };
                }
                let message = if e.info().contains("recursion limit") {
                    format!(
                        "nesting deeper than the parser's limit; refused ({})",
                        e.info()
                    )
                } else {
                    e.info().to_string()
                };
                return fail(builder, YamlError { pos, message });
            }
        };
        let pos = builder.pos(&span.start);
        let finished = match event {
            Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart(_)
            | Event::DocumentEnd
            | Event::Nothing => None,
            Event::Alias(id) => match builder.anchors.get(&id).cloned() {
                Some(mut node) => {
                    if let Err(e) = builder.count(size(&node), pos) {
                        return fail(builder, e);
                    }
                    node.pos = pos;
                    Some(node)
                }
                None => {
                    return fail(
                        builder,
                        YamlError {
                            pos,
                            message: "alias to an unknown anchor".into(),
                        },
                    );
                }
            },
            Event::Scalar(text, style, anchor, _tag) => {
                if let Err(e) = builder.count(1, pos) {
                    return fail(builder, e);
                }
                let plain = style == ScalarStyle::Plain;
                let value = if plain && matches!(text.as_ref(), "" | "~" | "null" | "Null" | "NULL")
                {
                    Value::Null
                } else {
                    Value::Scalar {
                        text: Text::new(&text),
                        plain,
                    }
                };
                let node = Node {
                    value,
                    pos,
                    file: 0,
                    raw: None,
                };
                if anchor > 0 {
                    builder.anchors.insert(anchor, node.clone());
                }
                Some(node)
            }
            Event::SequenceStart(anchor, _) => {
                if builder.stack.len() >= MAX_DEPTH {
                    return fail(
                        builder,
                        YamlError {
                            pos,
                            message: format!("nesting deeper than {MAX_DEPTH} levels; refused"),
                        },
                    );
                }
                builder
                    .stack
                    .push(Frame::Seq(builder.items.len(), pos, anchor));
                None
            }
            Event::MappingStart(anchor, _) => {
                if builder.stack.len() >= MAX_DEPTH {
                    return fail(
                        builder,
                        YamlError {
                            pos,
                            message: format!("nesting deeper than {MAX_DEPTH} levels; refused"),
                        },
                    );
                }
                builder
                    .stack
                    .push(Frame::Map(builder.entries.len(), None, pos, anchor));
                None
            }
            Event::SequenceEnd => match builder.stack.pop() {
                Some(Frame::Seq(first, start, anchor)) => {
                    let items: Vec<Node> = builder.items.drain(first..).collect();
                    let node = Node {
                        value: Value::Seq(items),
                        pos: start,
                        file: 0,
                        raw: None,
                    };
                    if anchor > 0 {
                        builder.anchors.insert(anchor, node.clone());
                    }
                    Some(node)
                }
                _ => None,
            },
            Event::MappingEnd => match builder.stack.pop() {
                Some(Frame::Map(first, _, start, anchor)) => {
                    let entries = builder.entries.drain(first..).collect();
                    let mut entries = finish_map(entries, &mut builder.errors);
                    entries.shrink_to_fit();
                    let node = Node {
                        value: Value::Map(entries),
                        pos: start,
                        file: 0,
                        raw: None,
                    };
                    if anchor > 0 {
                        builder.anchors.insert(anchor, node.clone());
                    }
                    Some(node)
                }
                _ => None,
            },
        };
        if let Some(node) = finished
            && let Some(done) = builder.push(node)
        {
            root = Some(done);
        }
    }
    Document {
        root,
        errors: builder.errors,
        first_line: line_offset + 1,
    }
}

/// Parses a YAML stream into its documents.
pub fn parse_stream(text: &str) -> Vec<Document> {
    split_documents(text)
        .into_iter()
        .map(|(start, chunk)| parse_one(&chunk, start - 1))
        .collect()
}

/// Parses a single-document YAML file (compose files).
pub fn parse_single(text: &str) -> Document {
    parse_one(text, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn take_items_moves_a_sequence_out_and_leaves_anything_else() {
        let mut root = parse_single("kind: List\nitems:\n- a\n- b\nname: x\n")
            .root
            .unwrap();
        let items = root.take_items("items").unwrap();
        assert_eq!(
            items.iter().filter_map(Node::as_str).collect::<Vec<_>>(),
            ["a", "b"]
        );
        assert!(root.get("items").unwrap().is_null(), "moved, not copied");
        assert_eq!(root.take_items("items"), None);
        assert_eq!(root.take_items("name"), None);
        assert_eq!(
            root.get("name").and_then(Node::as_str),
            Some("x"),
            "left as it was"
        );
        assert_eq!(root.take_items("absent"), None);
    }

    #[test]
    fn positions_are_one_based() {
        let d = parse_single("services:\n  web:\n    image: nginx\n");
        let root = d.root.unwrap();
        let (key, value) = root
            .get("services")
            .unwrap()
            .get("web")
            .unwrap()
            .entry("image")
            .unwrap();
        assert_eq!(key.pos, Pos { line: 3, column: 5 });
        assert_eq!(
            value.pos,
            Pos {
                line: 3,
                column: 12
            }
        );
        assert_eq!(value.as_str(), Some("nginx"));
    }

    #[test]
    fn anchors_and_merge_keys() {
        let d = parse_single(
            "x-base: &base\n  privileged: true\n  read_only: false\nservices:\n  a:\n    <<: *base\n    read_only: true\n",
        );
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        let a = d
            .root
            .unwrap()
            .get("services")
            .unwrap()
            .get("a")
            .unwrap()
            .clone();
        assert_eq!(a.get("privileged").unwrap().as_bool(), Some(true));
        assert_eq!(a.get("read_only").unwrap().as_bool(), Some(true));
    }

    #[test]
    fn alias_bombs_and_deep_nesting_are_refused() {
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let mut prev = 'a';
        for c in 'b'..='k' {
            bomb.push_str(&format!("{c}: &{c} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
            prev = c;
        }
        let d = parse_single(&bomb);
        assert!(d.root.is_none());
        assert!(
            d.errors[0]
                .message
                .contains("expands to more than 1000000 nodes"),
            "{:?}",
            d.errors
        );
        // A bomb padded past a megabyte gets no more than its length.
        let padded = format!("{}{bomb}", "# padding\n".repeat(150_000));
        let d = parse_single(&padded);
        assert!(d.root.is_none());
        let budget = padded.len();
        assert!(
            d.errors[0]
                .message
                .contains(&format!("expands to more than {budget} nodes")),
            "{:?}",
            d.errors
        );
        let deep = "[".repeat(1000) + &"]".repeat(1000);
        let d = parse_single(&deep);
        assert!(d.errors[0].message.contains("nesting"), "{:?}", d.errors);
    }

    #[test]
    fn a_document_may_hold_as_many_nodes_as_it_has_bytes() {
        // 1,200,000 scalars in a flow list: more than the flat budget, fewer than the bytes.
        let text = format!("[{}x]\n", "x,".repeat(1_199_999));
        let d = parse_single(&text);
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        assert_eq!(d.root.unwrap().items().len(), 1_200_000);
    }

    #[test]
    fn a_broken_document_does_not_hide_the_others() {
        let docs = parse_stream("a: 1\n---\nb: [unclosed\n---\nc: 3\n");
        assert_eq!(docs.len(), 3);
        assert!(docs[0].root.is_some());
        assert!(docs[1].root.is_none());
        assert_eq!(docs[1].errors[0].pos.line, 3, "{:?}", docs[1].errors);
        assert_eq!(docs[2].root.as_ref().unwrap().get("c").unwrap().pos.line, 5);
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let d = parse_single("a: 1\na: 2\n");
        assert!(d.errors[0].message.contains("duplicate key `a`"));
        // In a mapping too large to compare its keys pairwise, nested, and in flow style; the
        // later entry wins.
        let mut big: String = (0..40).map(|i| format!("k{i}: {i}\n")).collect();
        big.push_str("k7: again\n");
        let d = parse_single(&big);
        assert_eq!(d.errors.len(), 1, "{:?}", d.errors);
        assert!(d.errors[0].message.contains("duplicate key `k7`"));
        let root = d.root.unwrap();
        assert_eq!(root.get("k7").and_then(Node::as_str), Some("again"));
        assert_eq!(root.entries().len(), 40);
        let d = parse_single("outer:\n  inner: {x: 1, y: 2, x: 3}\n");
        assert!(d.errors[0].message.contains("duplicate key `x`"));
        // Keys alike in text only after a merge are not duplicates.
        let d = parse_single("base: &b {x: 1}\nuse:\n  <<: *b\n  y: 2\n");
        assert!(d.errors.is_empty(), "{:?}", d.errors);
    }

    #[test]
    fn collections_keep_their_children_in_order_whatever_their_nesting() {
        // The children of every open collection share the builder's lists: each must take
        // back exactly its own.
        let d = parse_single(
            "a: [1, [2, 3], {b: [4, 5], c: {d: 6}}, 7]\ne: {f: [8], g: 9}\nh:\n- i: 10\n  j: [11]\n- 12\n",
        );
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        let json = d.root.unwrap().to_json();
        assert_eq!(
            json,
            serde_json::json!({
                "a": [1, [2, 3], {"b": [4, 5], "c": {"d": 6}}, 7],
                "e": {"f": [8], "g": 9},
                "h": [{"i": 10, "j": [11]}, 12]
            })
        );
    }
}
