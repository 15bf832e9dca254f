//! Fixes as text edits: what a rule's fixer returns, and the splicing helpers fixers share.
//!
//! A rule that can fix what it finds names a [`Fixer`] in its declaration: a pure function
//! from the file's text and the finding to byte-range edits. Edits are small splices into the
//! text as written, so comments, anchors, quoting and indentation everywhere else stay as they
//! were. Whether a fix is kept is decided by `drydock-engine`'s fix planner, which applies it
//! in memory and audits the result again.

pub mod json;
pub mod kube_api;
pub mod yaml;

use drydock_model::report::ResultEntry;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// Whether applying a fix can change behaviour the user relies on.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// It cannot change what the image or container does.
    Safe,
    /// It may (a process that needed the privilege, a package that came as a recommendation);
    /// applied only when asked with `--unsafe`.
    Unsafe,
    /// Advice only: the remediation says what to do; drydock writes nothing.
    DisplayOnly,
}

impl Applicability {
    /// Lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
            Applicability::DisplayOnly => "display-only",
        }
    }
}

/// One replacement in a file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextEdit {
    /// Byte range replaced (empty for an insertion).
    pub range: Range<usize>,
    /// The new text.
    pub text: String,
}

impl TextEdit {
    /// Inserts text at a byte offset.
    pub fn insert(at: usize, text: impl Into<String>) -> Self {
        TextEdit {
            range: at..at,
            text: text.into(),
        }
    }
}

/// Makes the edits that fix one finding, or `None` when the text is not in a shape the fixer
/// can edit safely (then the remediation is shown instead).
pub type FixFn = fn(text: &str, finding: &ResultEntry) -> Option<Vec<TextEdit>>;

/// How a rule fixes what it finds.
#[derive(Debug, Clone, Copy)]
pub struct Fixer {
    /// Whether it can change behaviour.
    pub applicability: Applicability,
    /// What it does, in a few words.
    pub what: &'static str,
    /// The edit maker.
    pub make: FixFn,
}

/// The fixer a rule declares (none, or one).
pub const fn fixer_of(given: &[Fixer]) -> Option<Fixer> {
    match given {
        [f] => Some(*f),
        _ => None,
    }
}

/// Applies non-overlapping edits to a text.
pub fn apply_edits(text: &str, edits: &[TextEdit]) -> Option<String> {
    let mut sorted: Vec<&TextEdit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for e in sorted {
        if e.range.start < at
            || e.range.end > text.len()
            || !text.is_char_boundary(e.range.start)
            || !text.is_char_boundary(e.range.end)
        {
            return None;
        }
        out.push_str(&text[at..e.range.start]);
        out.push_str(&e.text);
        at = e.range.end;
    }
    out.push_str(&text[at..]);
    Some(out)
}

// Helpers for fixers.

/// Byte offset where a 1-based line starts (the text's length past its end).
pub fn line_start(text: &str, line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    text.match_indices('\n')
        .nth(line - 2)
        .map_or(text.len(), |(i, _)| i + 1)
}

/// The line break the file uses.
pub fn newline(text: &str) -> &'static str {
    if text.contains("\r\n") { "\r\n" } else { "\n" }
}

/// Inserts `option` after the subcommand of every `program … subcommand` command in an
/// instruction's text that lacks the option (`apk add`, `apt-get -y install`).
pub fn insert_after_command(
    text: &str,
    span: Range<usize>,
    program: &str,
    subcommand: &str,
    option: &str,
) -> Vec<TextEdit> {
    let body = &text[span.clone()];
    let words: Vec<(usize, &str)> = word_spans(body);
    let mut edits = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if words[i].1 != program {
            i += 1;
            continue;
        }
        let end = words[i + 1..]
            .iter()
            .position(|(_, w)| is_separator(w))
            .map_or(words.len(), |p| p + i + 1);
        let command = &words[i + 1..end];
        let sub = command.iter().find(|(_, w)| *w == subcommand);
        if let Some((at, word)) = sub
            && !command.iter().any(|(_, w)| *w == option)
        {
            edits.push(TextEdit::insert(
                span.start + at + word.len(),
                format!(" {option}"),
            ));
        }
        i = end;
    }
    edits
}

fn is_separator(word: &str) -> bool {
    matches!(word, "&&" | "||" | ";" | "|" | "&")
}

/// Words of a shell text with their byte offsets, split on whitespace and line
/// continuations, with `;` and `&&` kept as words of their own where they stand apart.
fn word_spans(body: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in body.char_indices() {
        let space = c.is_whitespace() || c == '\\';
        match (space, start) {
            (true, Some(s)) => {
                out.push((s, &body[s..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &body[s..]));
    }
    // `apk add curl;` ends a command too.
    let mut split = Vec::new();
    for (at, w) in out {
        if w.len() > 1 && w.ends_with(';') {
            split.push((at, &w[..w.len() - 1]));
            split.push((at + w.len() - 1, ";"));
        } else {
            split.push((at, w));
        }
    }
    split
}

/// The Dockerfile instruction a finding points at (the one starting on its line).
pub fn dockerfile_instruction(
    text: &str,
    finding: &ResultEntry,
) -> Option<drydock_parse::dockerfile::Instruction> {
    let line = finding.location.as_ref()?.line as usize;
    drydock_parse::dockerfile::parse(text)
        .instructions
        .into_iter()
        .find(|i| i.line == line)
}

/// The service name of a compose finding (`path#service` object id).
pub fn compose_service(finding: &ResultEntry) -> Option<&str> {
    finding.object.id.rsplit_once('#').map(|(_, s)| s)
}

/// Where a new key of a compose service goes: the byte offset of the line after the service's
/// key, and the indentation of the service's own keys. `None` for a flow mapping, a service
/// that is an alias of another, or one with no key of its own to take the indentation from.
pub fn compose_service_insertion(text: &str, service: &str) -> Option<(usize, String)> {
    let doc = drydock_parse::yaml::parse_single(text);
    if !doc.errors.is_empty() {
        return None;
    }
    let root = doc.root?;
    let services = root.get("services")?;
    let (key, value) = services
        .entries()
        .iter()
        .find(|(k, _)| k.as_str() == Some(service))?;
    // The service's own entries are written below its key; merged or aliased ones sit above.
    let own = value
        .entries()
        .iter()
        .filter(|(k, _)| k.pos.line > key.pos.line)
        .min_by_key(|(k, _)| (k.pos.line, k.pos.column))?;
    let indent_cols = own.0.pos.column.checked_sub(1)?;
    let indent_line = &text[line_start(text, own.0.pos.line)..];
    let indent: String = indent_line.chars().take(indent_cols).collect();
    if indent.chars().any(|c| c != ' ') || indent.len() < key.pos.column {
        return None;
    }
    Some((line_start(text, key.pos.line + 1), indent))
}

/// Byte offset of a 1-based line and column (columns count characters).
pub fn offset_of(text: &str, line: usize, column: usize) -> Option<usize> {
    let start = line_start(text, line);
    let rest = text.get(start..)?;
    let skip = column.checked_sub(1)?;
    rest.char_indices().nth(skip).map(|(i, _)| start + i)
}

/// The byte range of the YAML scalar that starts at a line and column: a quoted scalar up to
/// its closing quote, a plain one up to the end of its line, a comment, or a flow delimiter.
pub fn scalar_range_at(text: &str, line: usize, column: usize) -> Option<Range<usize>> {
    let start = offset_of(text, line, column)?;
    let rest = &text[start..];
    let first = rest.chars().next()?;
    if first == '"' || first == '\'' {
        let mut escaped = false;
        for (i, c) in rest.char_indices().skip(1) {
            if c == '\n' {
                return None;
            }
            if first == '"' && c == '\\' && !escaped {
                escaped = true;
                continue;
            }
            if c == first && !escaped {
                return Some(start..start + i + 1);
            }
            escaped = false;
        }
        return None;
    }
    let mut end = rest.find(['\n', '\r']).unwrap_or(rest.len());
    for stop in [" #", ",", "]", "}"] {
        if let Some(i) = rest[..end].find(stop) {
            end = end.min(i);
        }
    }
    let token = rest[..end].trim_end();
    (!token.is_empty()).then(|| start..start + token.len())
}

/// Edits that give a compose service `key: value`: the value replaced where the key is
/// written, else a new line among the service's own keys.
pub fn compose_set(
    text: &str,
    finding: &ResultEntry,
    key: &str,
    value: &str,
) -> Option<Vec<TextEdit>> {
    let service = compose_service(finding)?;
    let doc = drydock_parse::yaml::parse_single(text);
    let root = doc.root.as_ref()?;
    let node = root.get("services")?.get(service)?;
    if node.entry(key).is_some() {
        // Only a one-line value written right there (not merged from elsewhere) is replaced.
        return yaml::ensure(text, node, &[], &[(key, value)]);
    }
    let (at, indent) = compose_service_insertion(text, service)?;
    Some(vec![TextEdit::insert(
        at,
        format!("{indent}{key}: {value}{}", newline(text)),
    )])
}

/// Edits that add an item to a list of a compose service (`security_opt`, `cap_drop`): to the
/// list where it is written (block or flow), else a new key with a one-item list.
pub fn compose_add_item(
    text: &str,
    finding: &ResultEntry,
    key: &str,
    item: &str,
) -> Option<Vec<TextEdit>> {
    let service = compose_service(finding)?;
    let doc = drydock_parse::yaml::parse_single(text);
    let root = doc.root.as_ref()?;
    let node = root.get("services")?.get(service)?;
    if node.entry(key).is_none() {
        // A new key goes where compose_service_insertion puts it: after the service's key,
        // in the indentation of its own keys (merged keys do not count).
        let (at, indent) = compose_service_insertion(text, service)?;
        let nl = newline(text);
        return Some(vec![TextEdit::insert(
            at,
            format!("{indent}{key}:{nl}{indent}  - {item}{nl}"),
        )]);
    }
    yaml::add_item(text, node, key, item)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_apply_in_order_and_refuse_overlaps() {
        let text = "abcdef";
        let edits = [
            TextEdit::insert(6, "!"),
            TextEdit {
                range: 0..1,
                text: "A".into(),
            },
        ];
        assert_eq!(apply_edits(text, &edits).unwrap(), "Abcdef!");
        let overlapping = [
            TextEdit {
                range: 0..3,
                text: String::new(),
            },
            TextEdit {
                range: 2..4,
                text: String::new(),
            },
        ];
        assert!(apply_edits(text, &overlapping).is_none());
    }

    #[test]
    fn an_option_goes_after_each_command_that_lacks_it() {
        let text = "RUN apk add curl && apk add --no-cache git; apk  --update add \\\n  jq";
        let edits = insert_after_command(text, 0..text.len(), "apk", "add", "--no-cache");
        assert_eq!(
            apply_edits(text, &edits).unwrap(),
            "RUN apk add --no-cache curl && apk add --no-cache git; apk  --update add --no-cache \\\n  jq"
        );
    }

    #[test]
    fn compose_insertion_takes_the_service_indentation() {
        let text = "x-base: &base\n  restart: always\nservices:\n  web:\n    <<: *base\n    # the app\n    image: app\n  db: {image: pg}\n";
        let (at, indent) = compose_service_insertion(text, "web").unwrap();
        assert_eq!(&text[at..at + 4], "    ");
        assert_eq!(indent, "    ");
        assert_eq!(line_start(text, 5), at);
        // A flow mapping is left alone.
        assert!(compose_service_insertion(text, "db").is_none());
    }
}
