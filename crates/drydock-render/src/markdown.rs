//! The whole report as Markdown: what was audited, the threat model, the plan, and every
//! result that is not a pass, grouped by rule.

use super::threats::{self, cell};
use drydock_model::model::Status;
use drydock_model::report::{Report, ResultEntry};
use std::collections::BTreeMap;
use std::fmt::Write;

/// Objects listed per rule before the rest are counted.
const OBJECTS_PER_RULE: usize = 50;

/// `1 container`, `2 containers`.
fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// What the report covers, one phrase per source; `code` formats names and paths.
pub fn audited(report: &Report, code: impl Fn(&str) -> String) -> Vec<String> {
    let t = &report.target;
    let mut what = Vec::new();
    if !t.evidence.is_empty() {
        what.push(format!(
            "results taken from peer evidence ({}), not audited by drydock",
            t.evidence
                .iter()
                .map(|e| code(e))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    } else if t.host_audited {
        what.push(match &t.engine_version {
            Some(v) => format!(
                "Docker host {} (Docker {v}, {}, {})",
                code(&t.host),
                count(t.containers, "container"),
                count(t.images, "image")
            ),
            None => format!("Docker host {} (Engine API not available)", code(&t.host)),
        });
    }
    if let Some(components) = &t.kubernetes_node {
        what.push(format!(
            "Kubernetes node ({})",
            if components.is_empty() {
                "no component found".to_string()
            } else {
                components.join(", ")
            }
        ));
    }
    if t.files > 0 {
        what.push(format!("{} project files", t.files));
    }
    what
}

/// Renders the report.
pub fn report(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# drydock audit\n");
    let what = audited(report, |t| format!("`{}`", t.replace('`', "'")));
    let _ = writeln!(
        out,
        "Audited: {}. drydock {}, numbering {}.\n",
        if what.is_empty() {
            "nothing".to_string()
        } else {
            what.join("; ")
        },
        report.tool_version,
        report.benchmark
    );
    let s = &report.summary;
    let _ = writeln!(
        out,
        "| fail | unknown | manual | pass | not applicable | suppressed |\n|---|---|---|---|---|---|\n| {} | {} | {} | {} | {} | {} |\n",
        s.fail, s.unknown, s.manual, s.pass, s.not_applicable, s.suppressed
    );
    if !report.complete {
        let _ = writeln!(out, "**The audit is incomplete:**\n");
        for r in &report.incomplete_reasons {
            let _ = writeln!(out, "- {}", cell(r));
        }
        out.push('\n');
    }
    if let Some(model) = &report.threat_model {
        out.push_str(&threats::markdown(report));
        let _ = writeln!(out, "\n## Plan: harden these first\n");
        let top: Vec<_> = model.plan.iter().take(10).cloned().collect();
        out.push_str(&threats::plan_markdown(&top));
    }
    let _ = writeln!(out, "\n## Findings\n");
    let mut by_rule: BTreeMap<(u8, &str), Vec<&ResultEntry>> = BTreeMap::new();
    for r in &report.results {
        if matches!(r.status, Status::Pass | Status::NotApplicable) {
            continue;
        }
        let order = match r.status {
            Status::Fail => 0,
            Status::Unknown => 1,
            _ => 2,
        };
        by_rule
            .entry((order, r.rule.rule_id.as_ref()))
            .or_default()
            .push(r);
    }
    if by_rule.is_empty() {
        out.push_str("Every result passed or did not apply.\n");
    }
    for ((_, rule_id), results) in by_rule {
        let first = results[0];
        let _ = writeln!(
            out,
            "### {} {}{} — {} ({})\n",
            first.status.tag(),
            rule_id,
            if first.rule.control.is_empty() {
                String::new()
            } else {
                format!(" (CIS {})", first.rule.control)
            },
            cell(&first.rule.title),
            results.len()
        );
        let _ = writeln!(out, "| Object | Where | Message |\n|---|---|---|");
        for r in results.iter().take(OBJECTS_PER_RULE) {
            let place = r
                .location
                .as_ref()
                .map(|l| format!("`{}:{}`", l.path.replace('`', "'"), l.line))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "| {} | {} | {}{} |",
                cell(&r.object.name),
                place,
                cell(&r.message),
                r.suppressed
                    .as_ref()
                    .map(|s| format!(" (set aside: {})", cell(&s.describe())))
                    .unwrap_or_default()
            );
        }
        if results.len() > OBJECTS_PER_RULE {
            let _ = writeln!(
                out,
                "\n…and {} more (the JSON report lists them all).",
                results.len() - OBJECTS_PER_RULE
            );
        }
        let _ = writeln!(out, "\n*Remediation:* {}\n", first.rule.remediation.trim());
    }
    out
}
