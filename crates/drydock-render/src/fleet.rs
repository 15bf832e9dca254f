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
            let open_instances = t.instances.get("open").copied().unwrap_or(0);
            let _ = writeln!(
                out,
                "  {:<5} {} — {}{}",
                t.id,
                t.title,
                counts.join(", "),
                if open_instances > 0 {
                    format!(" ({open_instances} open instances)")
                } else {
                    String::new()
                }
            );
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

/// Controls shown as columns of the host matrix, most severe and most widespread first.
const MATRIX_CONTROLS: usize = 40;

const FLEET_SCRIPT: &str = include_str!("html/fleet.js");

/// The fleet page: summary, the hosts × failed controls matrix (filterable, a page of hosts at
/// a time), the controls, threats and plan across the fleet. Self-contained like the audit page.
pub fn html(fleet: &FleetReport) -> String {
    use crate::svg::esc;
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n<meta name=\"generator\" content=\"drydock {}\">\n<title>drydock fleet — {} hosts</title>\n<style>\n{}</style>\n</head>\n<body data-page=\"fleet\">\n",
        crate::html::CSP,
        esc(&fleet.tool_version),
        fleet.hosts.len(),
        crate::html::STYLE
    );
    let everywhere = fleet
        .controls
        .iter()
        .filter(|c| c.fails_everywhere())
        .count();
    let incomplete = fleet.hosts.iter().filter(|h| !h.complete).count();
    let _ = writeln!(
        out,
        "<header>\n<h1>drydock fleet</h1>\n<p class=\"meta\">drydock {} · {} hosts · {} inputs left out</p>\n<nav><a href=\"#hosts\">Hosts</a><a href=\"#controls\">Controls</a><a href=\"#fleet-threats\">Threats</a><a href=\"#fleet-plan\">Plan</a></nav>\n</header>\n<main>",
        esc(&fleet.tool_version),
        fleet.hosts.len(),
        fleet.skipped.len()
    );
    let _ = writeln!(
        out,
        "<section id=\"summary\"><h2>Summary</h2><div class=\"cards\"><span class=\"card\"><b>{}</b> hosts</span><span class=\"card r-unknown\"><b>{incomplete}</b> incomplete audits</span><span class=\"card r-fail\"><b>{everywhere}</b> controls failing on every host</span><span class=\"card\"><b>{}</b> controls failing somewhere</span></div>",
        fleet.hosts.len(),
        fleet
            .controls
            .iter()
            .filter(|c| !c.failing_hosts.is_empty())
            .count()
    );
    if !fleet.skipped.is_empty() {
        out.push_str("<div class=\"warning\"><p><b>Incomplete merge.</b> Inputs left out:</p><ul>");
        for s in &fleet.skipped {
            let _ = write!(out, "<li><code>{}</code></li>", esc(s));
        }
        out.push_str("</ul></div>");
    }
    out.push_str("</section>\n");

    // The matrix.
    let columns: Vec<&FleetControl> = fleet
        .controls
        .iter()
        .filter(|c| !c.failing_hosts.is_empty() || !c.unknown_hosts.is_empty())
        .take(MATRIX_CONTROLS)
        .collect();
    let failing: Vec<std::collections::HashSet<&str>> = columns
        .iter()
        .map(|c| c.failing_hosts.iter().map(String::as_str).collect())
        .collect();
    let unknown: Vec<std::collections::HashSet<&str>> = columns
        .iter()
        .map(|c| c.unknown_hosts.iter().map(String::as_str).collect())
        .collect();
    let _ = writeln!(
        out,
        "<section id=\"hosts\"><h2>Hosts, worst first</h2>\n<p class=\"hint\">A row per host, a column per control that failed or could not be judged somewhere (the {} most severe and widespread): <span class=\"chip r-fail\">F</span> failed, <span class=\"chip r-unknown\">?</span> unknown.</p>\n<form class=\"filters\" onsubmit=\"return false\"><label>Host <input type=\"search\" id=\"h-search\" placeholder=\"name\"></label><label><input type=\"checkbox\" id=\"h-incomplete\"> incomplete audits only</label><label><input type=\"checkbox\" id=\"h-failing\"> failing hosts only</label><output id=\"h-count\"></output></form>",
        columns.len()
    );
    out.push_str("<div class=\"scroll\"><table id=\"host-matrix\"><thead><tr><th>Host</th><th>Failed</th><th>Open threats</th>");
    for c in &columns {
        let _ = write!(
            out,
            "<th title=\"{} ({})\">{}</th>",
            esc(&c.title),
            c.severity.name(),
            esc(control_id(c))
        );
    }
    out.push_str("</tr></thead><tbody>\n");
    for h in &fleet.hosts {
        let _ = write!(
            out,
            "<tr data-host=\"{}\" data-complete=\"{}\" data-failed=\"{}\"><th>{}{}</th><td>{}</td><td>{}</td>",
            esc(&h.name),
            h.complete,
            h.failed,
            esc(&h.name),
            if h.complete {
                String::new()
            } else {
                " <span class=\"chip r-unknown\">incomplete</span>".to_string()
            },
            h.failed,
            h.open_threats
        );
        for (i, _) in columns.iter().enumerate() {
            if failing[i].contains(h.name.as_str()) {
                out.push_str("<td><span class=\"chip r-fail\">F</span></td>");
            } else if unknown[i].contains(h.name.as_str()) {
                out.push_str("<td><span class=\"chip r-unknown\">?</span></td>");
            } else {
                out.push_str("<td></td>");
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div>\n<p class=\"more\"><button type=\"button\" id=\"h-more\" hidden></button></p>\n</section>\n");

    let _ = writeln!(
        out,
        "<section id=\"controls\"><h2>Controls across the fleet</h2><div class=\"scroll\"><table><thead><tr><th>Severity</th><th>Control</th><th>Title</th><th>Failing hosts</th><th>Unknown on</th><th>Objects</th></tr></thead><tbody>"
    );
    for c in &fleet.controls {
        let judged = c.failing_hosts.len() + c.unknown_hosts.len() + c.other_hosts;
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{} of {judged}{}</td><td>{}</td><td>{}</td></tr>",
            c.severity.name(),
            esc(control_id(c)),
            esc(&c.title),
            c.failing_hosts.len(),
            if c.fails_everywhere() {
                " (every host)"
            } else {
                ""
            },
            c.unknown_hosts.len(),
            c.failing_objects
        );
    }
    out.push_str("</tbody></table></div></section>\n");
    let _ = writeln!(
        out,
        "<section id=\"fleet-threats\"><h2>Threats across the fleet</h2><div class=\"scroll\"><table><thead><tr><th>Threat</th><th>Severity</th><th>Open</th><th>Partially mitigated</th><th>Unknown</th><th>Mitigated</th></tr></thead><tbody>"
    );
    for t in &fleet.threats {
        let n = |s: &str| t.hosts.get(s).map_or(0, Vec::len);
        let _ = writeln!(
            out,
            "<tr><td>{} {}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&t.id),
            esc(&t.title),
            t.severity.name(),
            n("open"),
            n("partially mitigated"),
            n("unknown"),
            n("mitigated")
        );
    }
    out.push_str("</tbody></table></div></section>\n");
    let _ = writeln!(
        out,
        "<section id=\"fleet-plan\"><h2>Fleet plan: harden these first</h2><p class=\"hint\">Each host a fix applies to adds its plan score.</p><ol class=\"plan\">"
    );
    for a in fleet.plan.iter().take(30) {
        let _ = writeln!(
            out,
            "<li><b>{}</b> {} — {} hosts, {} objects <span class=\"score\">score {:.2}</span></li>",
            esc(&a.rule_id),
            esc(&a.title),
            a.hosts.len(),
            a.objects,
            a.score
        );
    }
    let _ = writeln!(
        out,
        "</ol></section>\n</main>\n<script>\n{FLEET_SCRIPT}</script>\n</body>\n</html>"
    );
    out
}
