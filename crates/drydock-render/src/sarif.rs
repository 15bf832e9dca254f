//! SARIF 2.1.0 for code scanning: one run, the rules with their help, failed results with
//! locations, `security-severity`, stable fingerprints and in-source suppressions.

use drydock_model::model::{Severity, Status};
use drydock_model::report::{Report, ResultEntry};
use drydock_rules::rule::Rule;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The numeric severity code scanning sorts by.
pub fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "1.0",
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// FNV-1a: a stable hash that needs no dependency and never changes between releases.
fn fingerprint(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain(std::iter::once(0)) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// The directory every location is written relative to (`%SRCROOT%`): the directory drydock ran
/// in when every file is under it (a repository checkout, as code scanning expects), else the
/// deepest directory that holds them all.
pub fn source_root(report: &Report, current_dir: &Path) -> PathBuf {
    let absolute: Vec<PathBuf> = report
        .results
        .iter()
        .filter_map(|r| r.location.as_ref())
        .map(|l| normalize(&current_dir.join(&*l.path)))
        .collect();
    if absolute.iter().all(|p| p.starts_with(current_dir)) {
        return current_dir.to_path_buf();
    }
    let mut root = match absolute.first().and_then(|p| p.parent()) {
        Some(p) => p.to_path_buf(),
        None => return current_dir.to_path_buf(),
    };
    for p in &absolute {
        while !p.starts_with(&root) {
            if !root.pop() {
                break;
            }
        }
    }
    root
}

/// `a/./b/../c` as `a/c`, without asking the file system (the files may be gone).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// A location's path relative to the source root, with `/` separators.
fn relative_uri(path: &str, root: &Path, current_dir: &Path) -> String {
    let absolute = normalize(&current_dir.join(path));
    let relative = absolute.strip_prefix(root).unwrap_or(&absolute);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The object's id without line numbers: Kubernetes objects are told apart by their position
/// (`pods.yaml#Pod//a@12/c`), which moves when unrelated lines do.
fn stable_object_id(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    let mut chars = id.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '@' && chars.peek().is_some_and(char::is_ascii_digit) {
            while chars.peek().is_some_and(char::is_ascii_digit) {
                chars.next();
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn result(
    r: &ResultEntry,
    rule_index: usize,
    seen: &mut HashMap<String, usize>,
    root: &Path,
    current_dir: &Path,
) -> Value {
    let (uri, line, column) = match &r.location {
        Some(l) => (
            relative_uri(&l.path, root, current_dir),
            l.line.max(1),
            l.column.max(1),
        ),
        // Host findings have no file: they point at a stand-in for the host and name the object.
        None => ("docker-host".to_string(), 1, 1),
    };
    let evidence: Vec<String> = r
        .evidence
        .iter()
        .map(|e| format!("{}: {}", e.field, e.actual))
        .collect();
    let mut v = json!({
        "ruleId": r.rule.rule_id,
        "ruleIndex": rule_index,
        "level": level(r.rule.severity),
        "message": {"text": format!("{}: {}{}", r.object.name, r.message, if evidence.is_empty() { String::new() } else { format!(" ({})", evidence.join("; ")) })},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": line, "startColumn": column}
            }
        }],
        "partialFingerprints": {
            "drydock/v1": unique_fingerprint(
                fingerprint(&[
                    &r.rule.rule_id,
                    &stable_object_id(&r.object.id),
                    &uri,
                    &evidence.join("\n")
                ]),
                seen,
            )
        },
        "properties": {"status": r.status, "object": r.object.name}
    });
    if let Some(s) = &r.suppressed {
        // An ignore comment sits in the file; a waiver or a baseline lives beside it.
        let kind = match s.kind {
            drydock_model::report::SuppressionKind::Inline => "inSource",
            drydock_model::report::SuppressionKind::Waiver
            | drydock_model::report::SuppressionKind::Baseline => "external",
        };
        v["suppressions"] = json!([{"kind": kind, "justification": s.describe()}]);
    }
    v
}

/// A fingerprint no earlier result of the log has: findings alike in rule, object, file and
/// evidence (two identical `RUN` lines) are told apart by their order, which unrelated edits
/// elsewhere in the file do not change.
fn unique_fingerprint(base: String, seen: &mut HashMap<String, usize>) -> String {
    let n = seen.entry(base.clone()).or_insert(0);
    *n += 1;
    if *n == 1 {
        base
    } else {
        fingerprint(&[&base, &n.to_string()])
    }
}

/// The run's invocation: whether the audit was complete, and a notification for each source
/// that could not be read and each control that could not be judged, so code scanning does
/// not read silence as a pass.
fn invocation(report: &Report) -> Value {
    let mut notifications: Vec<Value> = report
        .incomplete_reasons
        .iter()
        .map(|reason| json!({"level": "error", "message": {"text": format!("not read: {reason}")}}))
        .collect();
    let mut unknown: Vec<(&str, &str, &str)> = report
        .results
        .iter()
        .filter(|r| r.status == Status::Unknown)
        .map(|r| {
            (
                r.rule.rule_id.as_ref(),
                r.object.name.as_str(),
                r.message.as_str(),
            )
        })
        .collect();
    unknown.dedup();
    notifications.extend(unknown.into_iter().map(|(rule, object, message)| {
        json!({
            "level": "warning",
            "message": {"text": format!("{rule} could not be judged on {object}: {message}")},
            "associatedRule": {"id": rule}
        })
    }));
    json!({
        "executionSuccessful": report.complete,
        "toolExecutionNotifications": notifications
    })
}

/// Renders the failed results of a report as a SARIF log, locations relative to
/// [`source_root`] of `current_dir` (the directory the relative paths of the report start from).
pub fn render(report: &Report, rules: &[&Rule], current_dir: &Path) -> Value {
    let root = source_root(report, current_dir);
    let descriptors: Vec<Value> = rules
        .iter()
        .map(|rule| {
            let mut tags = vec!["security".to_string()];
            tags.extend(rule.cis.iter().map(|c| format!("cis-docker-1.6.0/{c}")));
            tags.extend(rule.stride.iter().map(|s| format!("stride/{}", s.name())));
            json!({
                "id": rule.id,
                "name": rule.name,
                "shortDescription": {"text": rule.title()},
                "fullDescription": {"text": rule.doc_section("What it checks").split_whitespace().collect::<Vec<_>>().join(" ")},
                "help": {"text": rule.docs_text(), "markdown": rule.docs_text()},
                "defaultConfiguration": {"level": level(rule.severity)},
                "properties": {"security-severity": security_severity(rule.severity), "tags": tags, "precision": "high"}
            })
        })
        .collect();
    let mut seen = HashMap::new();
    let results: Vec<Value> = report
        .results
        .iter()
        .filter(|r| r.status == Status::Fail)
        .filter_map(|r| {
            rules
                .iter()
                .position(|rule| rule.id == r.rule.rule_id)
                .map(|i| result(r, i, &mut seen, &root, current_dir))
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "drydock",
                "version": report.tool_version,
                "rules": descriptors
            }},
            "originalUriBaseIds": {"%SRCROOT%": {
                "uri": format!("file://{}/", root.display().to_string().trim_end_matches('/')),
                "description": {"text": "the directory the audited files are in"}
            }},
            "invocations": [invocation(report)],
            "results": results,
            "columnKind": "unicodeCodePoints"
        }]
    })
}
