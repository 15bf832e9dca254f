//! A diff of two reports, for people (text, Markdown).

use super::threats::cell;
use anstyle::{AnsiColor, Style};
use drydock_model::diff::{DiffFinding, ReportDiff, ThreatChange};
use std::fmt::Write;

fn status_word(s: Option<drydock_model::model::Status>) -> &'static str {
    match s {
        None => "no result",
        Some(s) => match s {
            drydock_model::model::Status::Fail => "fail",
            drydock_model::model::Status::Unknown => "unknown",
            drydock_model::model::Status::Manual => "manual",
            drydock_model::model::Status::Pass => "pass",
            drydock_model::model::Status::NotApplicable => "not applicable",
        },
    }
}

fn finding_line(f: &DiffFinding) -> String {
    format!(
        "{}{} {} — {} {}{}",
        f.rule_id,
        if f.control.is_empty() {
            String::new()
        } else {
            format!(" (CIS {})", f.control)
        },
        f.title,
        f.kind.name(),
        f.object,
        f.location
            .as_ref()
            .map(|l| format!(" at {l}"))
            .unwrap_or_default()
    )
}

fn threat_line(t: &ThreatChange) -> String {
    format!(
        "{} {}: {} → {}",
        t.id,
        t.title,
        t.before.label(),
        t.after.label()
    )
}

/// The sections of a diff, in the order people read them: (title, style, lines).
fn sections(d: &ReportDiff) -> Vec<(&'static str, Style, Vec<String>)> {
    let red = AnsiColor::Red.on_default().bold();
    let green = AnsiColor::Green.on_default().bold();
    let yellow = AnsiColor::Yellow.on_default().bold();
    let plain = Style::new().bold();
    let findings = |v: &[DiffFinding], with_status: bool| -> Vec<String> {
        v.iter()
            .map(|f| {
                if with_status {
                    format!(
                        "{} ({} → {})",
                        finding_line(f),
                        status_word(f.before),
                        status_word(f.after)
                    )
                } else {
                    finding_line(f)
                }
            })
            .collect()
    };
    vec![
        ("New failures", red, findings(&d.new, false)),
        (
            "Threats worse",
            red,
            d.threats_worse.iter().map(threat_line).collect(),
        ),
        ("Fixed", green, findings(&d.fixed, true)),
        (
            "Threats better",
            green,
            d.threats_better.iter().map(threat_line).collect(),
        ),
        (
            "Failing before, unknown now (not fixed: could not be judged)",
            yellow,
            findings(&d.now_unknown, true),
        ),
        (
            "Passing before, unknown now",
            yellow,
            findings(&d.lost_evidence, false),
        ),
        (
            "Failing before, object or rule not in the later report",
            plain,
            findings(&d.gone, false),
        ),
    ]
}

fn totals(d: &ReportDiff) -> String {
    format!(
        "{} fixed, {} new, {} still failing, {} now unknown, {} gone; threats: {} worse, {} better",
        d.fixed.len(),
        d.new.len(),
        d.unchanged.len(),
        d.now_unknown.len(),
        d.gone.len(),
        d.threats_worse.len(),
        d.threats_better.len()
    )
}

/// The diff as text. `unchanged` lists the failures present in both.
pub fn text(d: &ReportDiff, unchanged: bool) -> String {
    let mut out = String::new();
    for (title, style, lines) in sections(d) {
        if lines.is_empty() {
            continue;
        }
        let _ = writeln!(out, "{style}{title} ({}){style:#}", lines.len());
        for l in lines {
            let _ = writeln!(out, "  {l}");
        }
        out.push('\n');
    }
    if unchanged && !d.unchanged.is_empty() {
        let _ = writeln!(out, "Still failing ({})", d.unchanged.len());
        for f in &d.unchanged {
            let _ = writeln!(out, "  {}", finding_line(f));
        }
        out.push('\n');
    }
    for n in &d.notes {
        let _ = writeln!(out, "note: {n}");
    }
    let _ = writeln!(out, "{}", totals(d));
    let _ = writeln!(
        out,
        "{}",
        if d.has_regressions() {
            "Regressions: yes (exit 1)."
        } else {
            "Regressions: none."
        }
    );
    out
}

/// The diff as Markdown.
pub fn markdown(d: &ReportDiff) -> String {
    let mut out = String::from("# drydock diff\n\n");
    let _ = writeln!(out, "{}.\n", totals(d));
    for (title, _, lines) in sections(d) {
        if lines.is_empty() {
            continue;
        }
        let _ = writeln!(out, "## {title} ({})\n", lines.len());
        for l in lines {
            let _ = writeln!(out, "- {}", cell(&l));
        }
        out.push('\n');
    }
    if !d.notes.is_empty() {
        let _ = writeln!(out, "## Notes\n");
        for n in &d.notes {
            let _ = writeln!(out, "- {}", cell(n));
        }
    }
    out
}
