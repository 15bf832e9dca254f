//! The fleet report (`drydock merge`) for people: hosts worst first, the controls that fail
//! everywhere and those that fail on a few hosts, threats across the fleet, the fleet's plan.

use drydock_model::fleet::{FleetControl, FleetReport};
use std::fmt::Write;

/// Names, at most `n` of them, then how many more.
fn some(names: &[String], n: usize) -> String {
    let mut out = names.iter().take(n).cloned().collect::<Vec<_>>().join(", ");
    if names.len() > n {
        let _ = write!(out, " and {} more", names.len() - n);
    }
    out
}

fn severities(counts: &std::collections::BTreeMap<String, usize>) -> String {
    let parts: Vec<String> = ["critical", "high", "medium", "low", "info"]
        .iter()
        .filter_map(|s| counts.get(*s).map(|n| format!("{n} {s}")))
        .collect();
    parts.join(", ")
}

fn control_id(c: &FleetControl) -> &str {
    if c.control.is_empty() {
        &c.rule_id
    } else {
        &c.control
    }
}

/// The text report.
pub fn text(fleet: &FleetReport, top: usize) -> String {
    let mut out = String::new();
    let hosts = fleet.hosts.len();
    let _ = writeln!(
        out,
        "drydock {} — fleet of {hosts} hosts{}",
        fleet.tool_version,
        if fleet.skipped.is_empty() {
            String::new()
        } else {
            format!(", {} inputs left out", fleet.skipped.len())
        }
    );
    let _ = writeln!(out, "\nHosts, worst first");
    for h in fleet.hosts.iter().take(top) {
        let _ = writeln!(
            out,
            "  {:<32} {:>3} failed controls ({}), {} unknown, {} open threats{}",
            h.name,
            h.failed,
            severities(&h.failed_controls),
            h.unknown,
            h.open_threats,
            if h.complete { "" } else { " — INCOMPLETE" }
        );
    }
    if hosts > top {
        let _ = writeln!(
            out,
            "  … and {} more hosts (--top lifts the limit)",
            hosts - top
        );
    }
    let (everywhere, some_hosts): (Vec<&FleetControl>, Vec<&FleetControl>) = fleet
        .controls
        .iter()
        .filter(|c| !c.failing_hosts.is_empty())
        .partition(|c| c.fails_everywhere());
    let _ = writeln!(
        out,
        "\nControls failing on every host ({})",
        everywhere.len()
    );
    for c in everywhere.iter().take(top) {
        let _ = writeln!(
            out,
            "  {:<8} {:<7} {} ({} objects)",
            c.severity.name().to_uppercase(),
            control_id(c),
            c.title,
            c.failing_objects
        );
    }
    let _ = writeln!(
        out,
        "\nControls failing on some hosts ({})",
        some_hosts.len()
    );
    for c in some_hosts.iter().take(top) {
        let _ = writeln!(
            out,
            "  {:<8} {:<7} {} — {} of {} hosts: {}",
            c.severity.name().to_uppercase(),
            control_id(c),
            c.title,
            c.failing_hosts.len(),
            c.failing_hosts.len() + c.unknown_hosts.len() + c.other_hosts,
            some(&c.failing_hosts, 5)
        );
    }
    let unknown: Vec<&FleetControl> = fleet
        .controls
        .iter()
        .filter(|c| !c.unknown_hosts.is_empty())
        .collect();
    if !unknown.is_empty() {
        let _ = writeln!(
            out,
            "\nControls not judged on some hosts ({})",
            unknown.len()
        );
        for c in unknown.iter().take(top) {
            let _ = writeln!(
                out,
                "  {:<7} {} — unknown on {}",
                control_id(c),
                c.title,
                some(&c.unknown_hosts, 5)
            );
        }
    }
    if !fleet.threats.is_empty() {
        let _ = writeln!(out, "\nThreats across the fleet");
        for t in fleet.threats.iter().take(top) {
            let counts: Vec<String> = ["open", "partially mitigated", "unknown", "mitigated"]
                .iter()
                .filter_map(|s| t.hosts.get(*s).map(|h| format!("{s} on {}", h.len())))
                .collect();
            let _ = writeln!(out, "  {:<5} {} — {}", t.id, t.title, counts.join(", "));
        }
    }
    if !fleet.plan.is_empty() {
        let _ = writeln!(
            out,
            "\nFleet plan: harden these first (each host it applies to counts)"
        );
        for a in fleet.plan.iter().take(top) {
            let _ = writeln!(
                out,
                "  {:>2}. {} {} — {} hosts, {} objects (score {:.2})",
                a.rank,
                a.rule_id,
                a.title,
                a.hosts.len(),
                a.objects,
                a.score
            );
        }
    }
    if !fleet.skipped.is_empty() {
        let _ = writeln!(out, "\nINCOMPLETE MERGE: inputs left out:");
        for s in &fleet.skipped {
            let _ = writeln!(out, "  - {s}");
        }
    }
    let incomplete = fleet.hosts.iter().filter(|h| !h.complete).count();
    if incomplete > 0 {
        let _ = writeln!(
            out,
            "{incomplete} host audits were incomplete: their unknown controls are not passes."
        );
    }
    out
}

/// The Markdown report: the same sections as tables.
pub fn markdown(fleet: &FleetReport, top: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# drydock fleet report\n\n{} hosts{}.\n\n## Hosts, worst first\n\n| host | failed controls | by severity | unknown | open threats | complete |\n|---|---|---|---|---|---|",
        fleet.hosts.len(),
        if fleet.skipped.is_empty() {
            String::new()
        } else {
            format!(", {} inputs left out", fleet.skipped.len())
        }
    );
    for h in fleet.hosts.iter().take(top) {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            h.name.replace('|', "\\|"),
            h.failed,
            severities(&h.failed_controls),
            h.unknown,
            h.open_threats,
            if h.complete { "yes" } else { "no" }
        );
    }
    let _ = writeln!(
        out,
        "\n## Failed controls\n\n| severity | control | title | failing hosts | objects |\n|---|---|---|---|---|"
    );
    for c in fleet
        .controls
        .iter()
        .filter(|c| !c.failing_hosts.is_empty())
        .take(top)
    {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} of {}{} | {} |",
            c.severity.name(),
            control_id(c),
            c.title.replace('|', "\\|"),
            c.failing_hosts.len(),
            c.failing_hosts.len() + c.unknown_hosts.len() + c.other_hosts,
            if c.fails_everywhere() { " (all)" } else { "" },
            c.failing_objects
        );
    }
    if !fleet.plan.is_empty() {
        let _ = writeln!(
            out,
            "\n## Fleet plan\n\n| # | rule | title | hosts | objects | score |\n|---|---|---|---|---|---|"
        );
        for a in fleet.plan.iter().take(top) {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {:.2} |",
                a.rank,
                a.rule_id,
                a.title.replace('|', "\\|"),
                a.hosts.len(),
                a.objects,
                a.score
            );
        }
    }
    if !fleet.skipped.is_empty() {
        let _ = writeln!(out, "\n## Inputs left out\n");
        for s in &fleet.skipped {
            let _ = writeln!(out, "- {}", s.replace('|', "\\|"));
        }
    }
    out
}
