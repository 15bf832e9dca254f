//! Fixes: edits to the user's files that make a finding disappear and change nothing else.
//!
//! A rule that can fix what it finds names a [`Fixer`] in its declaration: a pure function
//! from the file's text and the finding to byte-range edits. Edits are small splices into the
//! text as written, so comments, anchors, quoting and indentation everywhere else stay as they
//! were.
//!
//! Nothing is trusted: [`plan`] applies each fix to the text in memory, parses the file again
//! and re-runs every rule on the project. A fix is kept only when its finding is gone and no
//! other finding of the file appeared (a broken file shows up as one); otherwise it is dropped
//! and reported. Fixes of one file are applied one after the other, each computed on the text
//! the previous ones left, so offsets never go stale.

pub mod container;
pub mod json;
pub mod script;
pub mod yaml;

use crate::benchmark::DockerBenchmark;
use crate::facts::{Facts, Probe, SourceKind};
use crate::model::Status;
use crate::report::{self, ResultEntry};
use crate::rule::{Rule, RuleOptions};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
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

/// A fix applied (in memory) or refused, for the report of `drydock fix`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FixRecord {
    /// Rule id.
    pub rule_id: String,
    /// The file.
    pub path: String,
    /// Line of the finding in the text as it stood when the fix was tried.
    pub line: usize,
    /// The object (service, stage).
    pub object: String,
    /// Its applicability.
    pub applicability: Applicability,
    /// What the fix does.
    pub what: String,
    /// What became of it: `applied`, `needs --unsafe`, or why it was dropped.
    pub outcome: FixOutcome,
}

/// What became of a fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "state", content = "reason")]
pub enum FixOutcome {
    /// In the new text, checked.
    Applied,
    /// Unsafe, and `--unsafe` was not given.
    NeedsUnsafe,
    /// The fixer could not edit this text (the remediation says what to do).
    NotOffered(String),
    /// Applied in memory and undone: it broke the file or did not remove the finding.
    RolledBack(String),
}

/// The new text of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    /// Path as in the facts.
    pub path: String,
    /// The text audited.
    pub before: String,
    /// The text with the fixes applied.
    pub after: String,
}

/// Every fix for a project: the records and the new texts.
#[derive(Debug, Clone, Default)]
pub struct FixPlan {
    /// One per finding with a fixer, in file and line order.
    pub records: Vec<FixRecord>,
    /// Files whose text changed.
    pub changes: Vec<FileChange>,
}

/// The findings of one file: (rule, object name) → count.
fn findings_of(results: &[ResultEntry], path: &str) -> BTreeMap<(String, String), usize> {
    let mut out = BTreeMap::new();
    for r in results {
        if r.status == Status::Fail && r.location.as_ref().is_some_and(|l| l.path == path) {
            *out.entry((r.rule_id.to_string(), r.object.name.clone()))
                .or_insert(0) += 1;
        }
    }
    out
}

/// Project facts with one file's text replaced.
fn with_text(facts: &Facts, path: &str, text: &str) -> Facts {
    let mut project = facts.project.clone();
    for f in &mut project.files {
        if f.path == path {
            f.content = Probe::Known {
                value: text.to_string(),
            };
        }
    }
    Facts {
        project,
        ..facts_without_host(facts)
    }
}

/// The facts of the project alone: fixes concern files, and rules on the host would only
/// cost time in every verification.
fn facts_without_host(facts: &Facts) -> Facts {
    Facts {
        schema_version: facts.schema_version,
        collector_version: facts.collector_version.clone(),
        root: facts.root.clone(),
        host_audited: false,
        host: Default::default(),
        engine: Probe::Unavailable {
            reason: "not needed to verify a file fix".into(),
        },
        project: facts.project.clone(),
        kubernetes: None,
    }
}

/// Which text kinds drydock can edit.
fn editable(kind: SourceKind) -> bool {
    matches!(
        kind,
        SourceKind::Dockerfile | SourceKind::Compose | SourceKind::Kubernetes
    )
}

/// Works out every fix the selected `rules` offer for the project's files, each checked
/// against the whole catalog. `unsafe_too` lets unsafe fixes in.
pub fn plan(
    facts: &Facts,
    rules: &[&'static Rule],
    options: &RuleOptions,
    numbering: DockerBenchmark,
    unsafe_too: bool,
) -> FixPlan {
    plan_with(facts, rules, options, numbering, unsafe_too, None)
}

/// [`plan`] under a configuration: findings its waivers set aside, like those an inline
/// ignore sets aside, are accepted as they are and get no fix.
pub fn plan_with(
    facts: &Facts,
    rules: &[&'static Rule],
    options: &RuleOptions,
    numbering: DockerBenchmark,
    unsafe_too: bool,
    config: Option<&crate::config::Config>,
) -> FixPlan {
    let project_facts = facts_without_host(facts);
    // Fixes are offered for the selected rules; every rule judges the result, so a fix that
    // breaks what a deselected rule checks is caught too.
    let catalog = crate::rules::catalog();
    let today = crate::threat::today();
    let evaluate = |f: &Facts| {
        let mut report = report::evaluate(f, &catalog, options, numbering, "fix");
        if let Some(config) = config {
            config.apply(&mut report, &today);
        }
        report.results
    };
    let first = evaluate(&project_facts);
    let mut out = FixPlan::default();
    let files: Vec<(&str, &str)> = facts
        .project
        .files
        .iter()
        .filter(|f| editable(f.kind))
        .filter_map(|f| f.content.known().map(|t| (f.path.as_str(), t.as_str())))
        .collect();
    for (path, original) in files {
        let mut text = original.to_string();
        let mut results: Vec<ResultEntry> = first
            .iter()
            .filter(|r| r.location.as_ref().is_some_and(|l| l.path == path))
            .cloned()
            .collect();
        // Findings tried without success, per rule and object: they stay in the results and
        // are passed over. They always come first among their rule's findings on the object,
        // since findings are tried in order and a fix removes the one it fixes.
        let mut passed_over: BTreeMap<(String, String), usize> = BTreeMap::new();
        // Each round deals with one finding; a fixed one is gone, a failed one passed over.
        for _ in 0..=results.len() * 2 {
            let mut seen: BTreeMap<(String, String), usize> = BTreeMap::new();
            let next = results.iter().find_map(|r| {
                if r.status != Status::Fail || r.suppressed.is_some() {
                    return None;
                }
                let fixer = rules.iter().find(|rule| rule.id == r.rule_id)?.fixer?;
                let key = (r.rule_id.to_string(), r.object.name.clone());
                let nth = seen.entry(key.clone()).or_insert(0);
                *nth += 1;
                (*nth > passed_over.get(&key).copied().unwrap_or(0)).then(|| (r.clone(), fixer))
            });
            let Some((finding, fixer)) = next else {
                break;
            };
            let line = finding.location.as_ref().map_or(0, |l| l.line);
            let key = (finding.rule_id.to_string(), finding.object.name.clone());
            let mut record = FixRecord {
                rule_id: finding.rule_id.to_string(),
                path: path.to_string(),
                line,
                object: finding.object.name.clone(),
                applicability: fixer.applicability,
                what: fixer.what.to_string(),
                outcome: FixOutcome::Applied,
            };
            if fixer.applicability != Applicability::Safe
                && (fixer.applicability == Applicability::DisplayOnly || !unsafe_too)
            {
                record.outcome = if fixer.applicability == Applicability::DisplayOnly {
                    FixOutcome::NotOffered("advice only".into())
                } else {
                    FixOutcome::NeedsUnsafe
                };
                *passed_over.entry(key).or_insert(0) += 1;
                out.records.push(record);
                continue;
            }
            let Some(edits) = (fixer.make)(&text, &finding) else {
                record.outcome = FixOutcome::NotOffered(
                    "the text is not in a shape this fix can edit; see the remediation".into(),
                );
                *passed_over.entry(key).or_insert(0) += 1;
                out.records.push(record);
                continue;
            };
            let Some(candidate) = apply_edits(&text, &edits) else {
                record.outcome = FixOutcome::RolledBack("its edits overlap".into());
                *passed_over.entry(key).or_insert(0) += 1;
                out.records.push(record);
                continue;
            };
            let after = evaluate(&with_text(&project_facts, path, &candidate));
            let before_counts = findings_of(&results, path);
            let after_counts = findings_of(&after, path);
            let fixed = after_counts.get(&key).copied().unwrap_or(0)
                < before_counts.get(&key).copied().unwrap_or(0);
            let appeared: Vec<String> = after_counts
                .iter()
                .filter(|(k, n)| **n > before_counts.get(*k).copied().unwrap_or(0))
                .map(|((rule, object), _)| format!("{rule} on {object}"))
                .collect();
            if !fixed {
                record.outcome =
                    FixOutcome::RolledBack("the finding was still there after the edit".into());
                *passed_over.entry(key).or_insert(0) += 1;
            } else if !appeared.is_empty() {
                record.outcome = FixOutcome::RolledBack(format!(
                    "the edit brought new findings: {}",
                    appeared.join(", ")
                ));
                *passed_over.entry(key).or_insert(0) += 1;
            } else {
                text = candidate;
                results = after
                    .into_iter()
                    .filter(|r| r.location.as_ref().is_some_and(|l| l.path == path))
                    .collect();
            }
            out.records.push(record);
        }
        if text != original {
            out.changes.push(FileChange {
                path: path.to_string(),
                before: original.to_string(),
                after: text,
            });
        }
    }
    out.records
        .sort_by(|a, b| (&a.path, a.line, &a.rule_id).cmp(&(&b.path, b.line, &b.rule_id)));
    out
}

/// The fixes of `daemon.json` for the failing daemon settings of the selected rules, each
/// checked by judging the daemon's settings as dockerd would read them after a restart (its
/// flags, then the new file). `text` is the file as read now (empty when it does not exist).
pub fn plan_daemon(
    facts: &Facts,
    rules: &[&'static Rule],
    options: &RuleOptions,
    numbering: DockerBenchmark,
    unsafe_too: bool,
    path: &str,
    text: &str,
) -> FixPlan {
    use crate::facts::ConfigContent;
    use crate::model::Target;
    let daemon_rules: Vec<&'static Rule> = crate::rules::catalog()
        .into_iter()
        .filter(|r| r.target == Target::Daemon)
        .collect();
    // Without the engine the settings are judged from the flags and the file, which is what
    // a restarted dockerd will run with.
    let judge = |content: &str| -> Option<Vec<ResultEntry>> {
        let settings = match serde_json::from_str::<serde_json::Value>(content) {
            Ok(serde_json::Value::Object(map)) => map,
            _ if content.trim().is_empty() => Default::default(),
            _ => return None,
        };
        let mut f = Facts {
            engine: Probe::Unavailable {
                reason: "settings judged as dockerd reads them at start".into(),
            },
            project: Default::default(),
            kubernetes: None,
            ..facts.clone()
        };
        f.host.daemon_config.content = ConfigContent::Parsed { settings };
        Some(report::evaluate(&f, &daemon_rules, options, numbering, "fix").results)
    };
    let mut out = FixPlan::default();
    let Some(mut results) = judge(text) else {
        return out;
    };
    let mut current = text.to_string();
    let failing = |results: &[ResultEntry]| -> Vec<String> {
        results
            .iter()
            .filter(|r| r.status == Status::Fail)
            .map(|r| r.rule_id.to_string())
            .collect()
    };
    let mut tried: Vec<String> = Vec::new();
    loop {
        let next = results.iter().find(|r| {
            r.status == Status::Fail
                && !tried.contains(&r.rule_id.to_string())
                && rules
                    .iter()
                    .any(|rule| rule.id == r.rule_id && rule.fixer.is_some())
        });
        let Some(finding) = next.cloned() else {
            break;
        };
        tried.push(finding.rule_id.to_string());
        let fixer = rules
            .iter()
            .find(|rule| rule.id == finding.rule_id)
            .and_then(|rule| rule.fixer)
            .expect("found above");
        let mut record = FixRecord {
            rule_id: finding.rule_id.to_string(),
            path: path.to_string(),
            line: 0,
            object: finding.object.name.clone(),
            applicability: fixer.applicability,
            what: fixer.what.to_string(),
            outcome: FixOutcome::Applied,
        };
        if fixer.applicability == Applicability::Unsafe && !unsafe_too {
            record.outcome = FixOutcome::NeedsUnsafe;
            out.records.push(record);
            continue;
        }
        let candidate = (fixer.make)(&current, &finding).and_then(|e| apply_edits(&current, &e));
        let Some(candidate) = candidate else {
            record.outcome = FixOutcome::NotOffered(format!(
                "{path} is not one JSON object drydock can edit; see the remediation"
            ));
            out.records.push(record);
            continue;
        };
        let Some(after) = judge(&candidate) else {
            record.outcome = FixOutcome::RolledBack("the edit left invalid JSON".into());
            out.records.push(record);
            continue;
        };
        let before_failing = failing(&results);
        let after_failing = failing(&after);
        let from_flag = finding
            .evidence
            .iter()
            .filter_map(|e| e.source.as_deref())
            .any(|s| s.contains("command line") || s.contains("ExecStart"));
        if after_failing.contains(&finding.rule_id.to_string()) {
            record.outcome = FixOutcome::RolledBack(if from_flag {
                "a dockerd flag sets it, and flags win (dockerd will not even start when both set it): change the flag in the unit instead".into()
            } else {
                "the setting still fails with the new file".into()
            });
        } else if let Some(new) = after_failing.iter().find(|r| !before_failing.contains(r)) {
            record.outcome = FixOutcome::RolledBack(format!("the edit made {new} fail"));
        } else {
            current = candidate;
            results = after;
        }
        out.records.push(record);
    }
    if current != text {
        out.changes.push(FileChange {
            path: path.to_string(),
            before: text.to_string(),
            after: current,
        });
    }
    out
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
    let line = finding.location.as_ref()?.line;
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
