//! SARIF 2.1.0 for code scanning: one run, the rules with their help, failed results with
//! locations, `security-severity`, stable fingerprints and in-source suppressions.

use drydock_model::model::{Severity, Status};
use drydock_model::report::{Report, ResultEntry};
use drydock_rules::rule::Rule;
use serde_json::{Value, json};

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

fn result(r: &ResultEntry, rule_index: usize) -> Value {
    let (uri, line, column) = match &r.location {
        Some(l) => (l.path.clone(), l.line.max(1), l.column.max(1)),
        // Host findings have no file: they point at a stand-in for the host and name the object.
        None => ("docker-host".to_string(), 1, 1),
    };
    let evidence: Vec<String> = r
        .evidence
        .iter()
        .map(|e| format!("{}: {}", e.field, e.actual))
        .collect();
    let mut v = json!({
        "ruleId": r.rule_id,
        "ruleIndex": rule_index,
        "level": level(r.severity),
        "message": {"text": format!("{}: {}{}", r.object.name, r.message, if evidence.is_empty() { String::new() } else { format!(" ({})", evidence.join("; ")) })},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": line, "startColumn": column}
            }
        }],
        "partialFingerprints": {
            "drydock/v1": fingerprint(&[&r.rule_id, &r.object.id, &uri, &evidence.join("\n")])
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

/// Renders the failed results of a report as a SARIF log.
pub fn render(report: &Report, rules: &[&Rule]) -> Value {
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
    let results: Vec<Value> = report
        .results
        .iter()
        .filter(|r| r.status == Status::Fail)
        .filter_map(|r| {
            rules
                .iter()
                .position(|rule| rule.id == r.rule_id)
                .map(|i| result(r, i))
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
            "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "the directory drydock was run from"}}},
            "results": results,
            "columnKind": "unicodeCodePoints"
        }]
    })
}
