//! The whole report as one self-contained HTML file: the summary, the threat model (data-flow
//! diagrams as inline SVG, the STRIDE × element heat map, every threat with its evidence),
//! the plan, and the results with filters.
//!
//! Nothing is fetched: styles and the small filtering script are inline, the page's content
//! security policy forbids any other source, and fonts are the reader's own. Everything is
//! readable without the script; it only filters.

use super::markdown::audited;
use super::svg::{self, ALL_STATUSES, esc, status_key};
use super::threats::{
    decision_lists, diagram_elements, instances_to_show, ordered, references, scopes_line,
    status_colour, stride_name, verdict_name,
};
use drydock_model::model::{Severity, Status, Stride};
use drydock_model::report::Report;
use drydock_threat::{ControlRole, ControlVerdict, ThreatModelReport, ThreatStatus};
use std::collections::BTreeMap;
use std::fmt::Write;

/// Objects linked per control in a threat's evidence before "and N more".
const CHAIN_OBJECTS: usize = 12;
/// Objects named per plan item.
const PLAN_OBJECTS: usize = 10;
/// Plan items shown.
const PLAN_ITEMS: usize = 10;

pub(crate) const STYLE: &str = include_str!("html/report.css");
const SCRIPT: &str = include_str!("html/report.js");

/// The content security policy: the inline style and script, nothing from anywhere else.
pub(crate) const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

fn result_key(status: Status) -> &'static str {
    match status {
        Status::Fail => "fail",
        Status::Unknown => "unknown",
        Status::Manual => "manual",
        Status::Pass => "pass",
        Status::NotApplicable => "na",
    }
}

fn result_label(status: Status) -> &'static str {
    match status {
        Status::Fail => "fail",
        Status::Unknown => "unknown",
        Status::Manual => "manual",
        Status::Pass => "pass",
        Status::NotApplicable => "not applicable",
    }
}

/// Escapes prose and shows its `code spans` as code (the texts are written with Markdown's
/// backticks); text with an unpaired backtick is shown as it is.
fn prose(text: &str) -> String {
    let parts: Vec<&str> = text.split('`').collect();
    if parts.len().is_multiple_of(2) {
        return esc(text);
    }
    parts
        .iter()
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                format!("<code>{}</code>", esc(part))
            } else {
                esc(part)
            }
        })
        .collect()
}

/// A text written with hard line breaks (remediation, fixes) as paragraphs that reflow to the
/// page's width. Blank lines part paragraphs; a list item (`- `, `* `, `1. `) or an indented
/// (code) line keeps its own line.
fn paragraphs(text: &str) -> String {
    let mut out = String::new();
    for paragraph in text.trim().split("\n\n") {
        let mut lines: Vec<String> = Vec::new();
        for line in paragraph.lines() {
            let trimmed = line.trim_start();
            let own_line = trimmed.starts_with("- ")
                || trimmed.starts_with("* ")
                || line.starts_with("  ")
                || trimmed
                    .split_once(". ")
                    .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
            match lines.last_mut() {
                Some(last) if !own_line => {
                    last.push(' ');
                    last.push_str(trimmed);
                }
                _ => lines.push(trimmed.to_string()),
            }
        }
        if lines.is_empty() {
            continue;
        }
        let body: Vec<String> = lines.iter().map(|l| prose(l)).collect();
        let _ = write!(out, "<p>{}</p>", body.join("<br>"));
    }
    out
}

fn severity_rank(s: Severity) -> usize {
    Severity::ALL.iter().position(|x| *x == s).unwrap_or(0)
}

/// Renders the report.
pub fn report(report: &Report) -> String {
    // Results dominate the size: about 700 bytes each.
    let mut out = String::with_capacity(64 * 1024 + report.results.len() * 700);
    let what = audited(report, |t| format!("<code>{}</code>", esc(t)));
    let title = if report.target.evidence.is_empty() {
        format!("drydock audit — {}", report.target.host)
    } else {
        "drydock audit — peer evidence".to_string()
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n<meta name=\"generator\" content=\"drydock {}\">\n<title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        esc(&report.tool_version),
        esc(&title)
    );
    let _ = writeln!(
        out,
        "<header>\n<h1>drydock audit</h1>\n<p class=\"what\">Audited: {}.</p>\n<p class=\"meta\">drydock {} · control numbering {} · report format {}</p>",
        if what.is_empty() {
            "nothing".to_string()
        } else {
            what.join("; ")
        },
        esc(&report.tool_version),
        esc(&report.benchmark),
        esc(&report.schema_version)
    );
    let mut nav = vec![("summary", "Summary")];
    if report
        .threat_model
        .as_ref()
        .is_some_and(|m| m.system.is_some())
    {
        nav.push(("system", "This system"));
    }
    if report.threat_model.is_some() {
        nav.extend([("threats", "Threat model"), ("plan", "Plan")]);
    }
    nav.push(("findings", "Findings"));
    let _ = writeln!(
        out,
        "<nav>{}</nav>\n</header>\n<main>",
        nav.iter()
            .map(|(id, name)| format!("<a href=\"#{id}\">{name}</a>"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    summary(&mut out, report);
    if let Some(model) = &report.threat_model {
        if let Some(system) = &model.system {
            system_section(&mut out, system);
        }
        threat_section(&mut out, report, model);
        plan_section(&mut out, model);
    }
    findings(&mut out, report);
    let _ = write!(
        out,
        "</main>\n<script>\n{SCRIPT}</script>\n</body>\n</html>\n"
    );
    out
}

fn summary(out: &mut String, report: &Report) {
    let s = &report.summary;
    let _ = writeln!(out, "<section id=\"summary\">\n<h2>Summary</h2>");
    let _ = writeln!(out, "<div class=\"cards\" aria-label=\"Results\">");
    for (key, label, n) in [
        ("fail", "failed", s.fail),
        ("unknown", "unknown", s.unknown),
        ("manual", "manual", s.manual),
        ("pass", "passed", s.pass),
        ("na", "not applicable", s.not_applicable),
    ] {
        let _ = writeln!(
            out,
            "<a class=\"card r-{key}\" href=\"#findings\" data-show-status=\"{key}\"><b>{n}</b> {label}</a>"
        );
    }
    if s.suppressed > 0 {
        let _ = writeln!(
            out,
            "<span class=\"card\"><b>{}</b> set aside (inline ignores, waivers, baseline)</span>",
            s.suppressed
        );
    }
    out.push_str("</div>\n");
    if let Some(model) = &report.threat_model {
        let _ = writeln!(out, "<div class=\"cards\" aria-label=\"Threats\">");
        for status in ALL_STATUSES {
            let _ = writeln!(
                out,
                "<a class=\"card t-{}\" href=\"#threats\" data-show-threat-status=\"{}\"><b>{}</b> {} threat{}</a>",
                status_key(status),
                status_key(status),
                model.summary.get(status.label()).copied().unwrap_or(0),
                status.label(),
                if model.summary.get(status.label()).copied().unwrap_or(0) == 1 {
                    ""
                } else {
                    "s"
                }
            );
        }
        out.push_str("</div>\n");
    }
    if !report.complete {
        let _ = writeln!(
            out,
            "<div class=\"warning\"><p><b>The audit is incomplete.</b> What could not be read is reported as unknown, never as a pass:</p><ul>"
        );
        for r in &report.incomplete_reasons {
            let _ = writeln!(out, "<li>{}</li>", esc(r));
        }
        out.push_str("</ul></div>\n");
    }
    if !report.notes.is_empty() {
        let _ = writeln!(
            out,
            "<details class=\"notes\"><summary>{} note{}</summary><ul>",
            report.notes.len(),
            if report.notes.len() == 1 { "" } else { "s" }
        );
        for n in &report.notes {
            let _ = writeln!(out, "<li>{}</li>", esc(n));
        }
        out.push_str("</ul></details>\n");
    }
    out.push_str("</section>\n");
}

fn status_chip(status: ThreatStatus) -> String {
    format!(
        "<span class=\"chip t-{}\">{}</span>",
        status_key(status),
        status.label()
    )
}

fn threat_section(out: &mut String, report: &Report, model: &ThreatModelReport) {
    let _ = writeln!(
        out,
        "<section id=\"threats\">\n<h2>Threat model (STRIDE)</h2>\n<p>Scopes audited: {}.{}</p>",
        esc(&scopes_line(model)),
        if model.sources.is_empty() {
            String::new()
        } else {
            format!(
                " Model files read after the built-in catalog: {}.",
                model
                    .sources
                    .iter()
                    .map(|s| format!("<code>{}</code>", esc(s)))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    );
    diagram_section(out, model);
    heat_map(out, model);
    threat_list(out, report, model);
    decisions(out, model);
    out.push_str("</section>\n");
}

fn legend() -> String {
    let mut out = String::from("<p class=\"legend\">");
    for status in ALL_STATUSES {
        let _ = write!(
            out,
            "<span><i style=\"background:{};border-color:{}\"></i>{}</span>",
            status_colour(status),
            svg::status_stroke(status),
            status.label()
        );
    }
    out.push_str(
        "</p>\n<p class=\"hint\">An element takes the worst status of its threats; a flow, the worst status of the threats on the trust boundary it crosses. Dashed boxes are trust zones. Select an element to list its threats.</p>\n",
    );
    out
}

fn diagram_section(out: &mut String, model: &ThreatModelReport) {
    let _ = writeln!(out, "<h3 id=\"diagram\">Data-flow diagram</h3>");
    let elements = diagram_elements(model);
    let diagrams = svg::diagrams(model, &elements);
    if diagrams.is_empty() {
        out.push_str("<p>The model has no element to draw.</p>\n");
        return;
    }
    out.push_str(&legend());
    for d in &diagrams {
        let _ = writeln!(
            out,
            "<figure class=\"diagram\">\n<figcaption>{}</figcaption>\n<div class=\"scroll\">\n{}</div>",
            esc(&platform_name(&d.platform)),
            d.svg
        );
        if !d.flows.is_empty() {
            let _ = writeln!(
                out,
                "<table class=\"flows\"><thead><tr><th>#</th><th>Flow</th><th>What</th><th>Trust boundary crossed</th></tr></thead><tbody>"
            );
            for (n, f) in &d.flows {
                let status = svg::boundary_status(model, &f.boundary);
                let _ = writeln!(
                    out,
                    "<tr><td>{n}</td><td>{} → {}</td><td>{}</td><td>{} {}{}</td></tr>",
                    esc(&element_name(model, &f.from)),
                    esc(&element_name(model, &f.to)),
                    esc(&f.label),
                    esc(&boundary_name(model, &f.boundary)),
                    status_chip(status),
                    svg::boundary_reason(model, &f.boundary)
                        .map(|why| format!(" <span class=\"meta\">{}</span>", esc(&why)))
                        .unwrap_or_default()
                );
            }
            out.push_str("</tbody></table>\n");
        }
        out.push_str("</figure>\n");
    }
    // Flows of a model file between elements of different platforms join two drawings; they
    // are listed rather than drawn.
    let drawn: Vec<&drydock_model::threat_report::Flow> = diagrams
        .iter()
        .flat_map(|d| d.flows.iter().map(|(_, f)| f))
        .collect();
    let between: Vec<&drydock_model::threat_report::Flow> = model
        .flows
        .iter()
        .filter(|f| {
            !drawn.contains(f)
                && elements.iter().any(|e| e.id == f.from)
                && elements.iter().any(|e| e.id == f.to)
        })
        .collect();
    if !between.is_empty() {
        let _ = writeln!(
            out,
            "<p>Flows between the drawings:</p>\n<ul class=\"between\">{}</ul>",
            between
                .iter()
                .map(|f| format!(
                    "<li>{} → {}: {} <span class=\"meta\">(crosses {})</span></li>",
                    esc(&element_name(model, &f.from)),
                    esc(&element_name(model, &f.to)),
                    esc(&f.label),
                    esc(&boundary_name(model, &f.boundary))
                ))
                .collect::<String>()
        );
    }
}

fn element_name(model: &ThreatModelReport, id: &str) -> String {
    model
        .elements
        .iter()
        .find(|e| e.id == id)
        .map_or(id.to_string(), |e| e.name.clone())
}

fn boundary_name(model: &ThreatModelReport, id: &str) -> String {
    model
        .boundaries
        .iter()
        .find(|b| b.id == id)
        .map_or(id.to_string(), |b| b.name.clone())
}

fn platform_name(platform: &str) -> String {
    match platform {
        "docker" => "Docker".into(),
        "kubernetes" => "Kubernetes".into(),
        other => other.to_string(),
    }
}

fn heat_map(out: &mut String, model: &ThreatModelReport) {
    let _ = writeln!(out, "<h3 id=\"heat-map\">STRIDE × element</h3>");
    let elements: Vec<&drydock_model::threat_report::Element> = model
        .elements
        .iter()
        .filter(|e| {
            model
                .threats
                .iter()
                .any(|t| t.threat.element == e.id && t.status != ThreatStatus::NotApplicable)
        })
        .collect();
    if elements.is_empty() {
        out.push_str("<p>No threat applies to this audit.</p>\n");
        return;
    }
    let _ = writeln!(
        out,
        "<p class=\"hint\">Each cell lists the threats of that category on that element (primary and secondary categories), coloured by status; the cell takes the worst.</p>\n<div class=\"scroll\"><table class=\"heat\"><thead><tr><th></th>{}</tr></thead><tbody>",
        elements
            .iter()
            .map(|e| format!(
                "<th scope=\"col\"><button type=\"button\" class=\"link\" data-element=\"{}\">{}</button></th>",
                esc(&e.id),
                esc(&e.name)
            ))
            .collect::<String>()
    );
    for stride in Stride::ALL {
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{} <span class=\"letter\">{}</span></th>",
            stride_name(stride),
            stride.letter()
        );
        for e in &elements {
            let mut here: Vec<&drydock_model::threat_report::ThreatAssessment> = model
                .threats
                .iter()
                .filter(|t| {
                    t.threat.element == e.id
                        && (t.threat.stride == stride || t.threat.also.contains(&stride))
                        && t.status != ThreatStatus::NotApplicable
                })
                .collect();
            here.sort_by(|a, b| a.status.cmp(&b.status).then(a.threat.id.cmp(&b.threat.id)));
            match here.first() {
                None => out.push_str("<td class=\"empty\">·</td>"),
                Some(worst) => {
                    let _ = write!(
                        out,
                        "<td style=\"background:{}\">{}</td>",
                        status_colour(worst.status),
                        here.iter()
                            .map(|t| format!(
                                "<a class=\"chip t-{}\" href=\"#threat-{}\" title=\"{} — {}\">{}</a>",
                                status_key(t.status),
                                svg::anchor_id(&t.threat.id),
                                esc(&t.threat.title),
                                t.status.label(),
                                esc(&t.threat.id)
                            ))
                            .collect::<Vec<_>>()
                            .join(" ")
                    );
                }
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div>\n");
}

fn threat_list(out: &mut String, report: &Report, model: &ThreatModelReport) {
    let _ = writeln!(out, "<h3 id=\"threat-list\">Threats</h3>");
    let _ = write!(
        out,
        "<form class=\"filters\" id=\"threat-filters\" onsubmit=\"return false\"><fieldset><legend>Status</legend>"
    );
    for status in ALL_STATUSES {
        let _ = write!(
            out,
            "<label><input type=\"checkbox\" class=\"t-status\" value=\"{}\"{}> {}</label>",
            status_key(status),
            if status == ThreatStatus::NotApplicable {
                ""
            } else {
                " checked"
            },
            status.label()
        );
    }
    let _ = write!(
        out,
        "</fieldset><label>Element <select id=\"t-element\"><option value=\"\">any</option>"
    );
    for e in &model.elements {
        let _ = write!(
            out,
            "<option value=\"{}\">{}</option>",
            esc(&e.id),
            esc(&e.name)
        );
    }
    let _ = writeln!(
        out,
        "</select></label><output id=\"t-count\"></output></form>\n<div id=\"threat-items\">"
    );
    for t in ordered(model) {
        let also: String = t.threat.also.iter().map(|c| c.letter()).collect();
        let element = model
            .elements
            .iter()
            .find(|e| e.id == t.threat.element)
            .map_or(t.threat.element.as_str(), |e| e.name.as_str());
        let boundary = model
            .boundaries
            .iter()
            .find(|b| b.id == t.threat.boundary)
            .map_or(t.threat.boundary.as_str(), |b| b.name.as_str());
        let _ = writeln!(
            out,
            "<details class=\"threat\" id=\"threat-{}\" data-status=\"{}\" data-element=\"{}\">\n<summary>{} <b>{}</b> {} <span class=\"meta\">{} · {}{} · {}</span></summary>",
            svg::anchor_id(&t.threat.id),
            status_key(t.status),
            esc(&t.threat.element),
            status_chip(t.status),
            esc(&t.threat.id),
            esc(&t.threat.title),
            t.threat.severity.name(),
            stride_name(t.threat.stride),
            if also.is_empty() {
                String::new()
            } else {
                format!(" (also {also})")
            },
            esc(element)
        );
        let _ = writeln!(
            out,
            "<div class=\"body\"><p class=\"reason\">{}</p>\n<p>{}</p>\n<p class=\"meta\">Targets {}; crosses the boundary “{}”.</p>",
            prose(&t.reason),
            prose(t.threat.description.trim()),
            esc(element),
            esc(boundary)
        );
        let all_refs = references(&t.threat.references);
        if !all_refs.is_empty() {
            let _ = writeln!(
                out,
                "<p class=\"meta\">References: {}.</p>",
                esc(&all_refs.join(", "))
            );
        }
        if !t.coverage.is_empty() {
            let _ = writeln!(
                out,
                "<p class=\"coverage\">Instances: {}.</p>",
                esc(&t.coverage)
            );
        }
        let (listed, more) = instances_to_show(t, usize::MAX);
        if !listed.is_empty() {
            let _ = writeln!(
                out,
                "<details class=\"instances\"><summary>{} instance(s) not mitigated</summary><ul>",
                listed.len() + more
            );
            for i in listed {
                let _ = writeln!(
                    out,
                    "<li><span class=\"chip t-{}\">{}</span> <code>{}</code> — {}</li>",
                    svg::status_key(i.status),
                    i.status.label(),
                    esc(&i.id.to_string()),
                    esc(&i.reason)
                );
            }
            out.push_str("</ul></details>\n");
        }
        if let Some(d) = &t.decision {
            let _ = writeln!(
                out,
                "<p class=\"decision\">Decision: <b>{}</b> by {} until {} — {} <span class=\"meta\">({})</span>. The evidence below still stands.</p>",
                d.decision.label(),
                esc(&d.owner),
                esc(&d.expires),
                esc(&d.reason),
                esc(&d.source)
            );
        }
        let shown: Vec<&drydock_model::threat_report::ControlEvidence> = t
            .controls
            .iter()
            .filter(|c| c.verdict != ControlVerdict::NotApplicable)
            .collect();
        if !shown.is_empty() {
            let _ = writeln!(
                out,
                "<table class=\"controls\"><thead><tr><th>Role</th><th>Rule</th><th>Control</th><th>Verdict</th><th>On</th></tr></thead><tbody>"
            );
            for c in shown {
                let _ = writeln!(
                    out,
                    "<tr><td>{}</td><td><a href=\"#rule-{}\">{}</a>{}</td><td>{}</td><td><span class=\"chip v-{}\">{}</span></td><td>{}</td></tr>",
                    match c.role {
                        ControlRole::Mitigation => "mitigation",
                        ControlRole::Hardening => "hardening",
                    },
                    svg::anchor_id(&c.rule_id),
                    esc(&c.rule_id),
                    if c.control.is_empty() {
                        String::new()
                    } else {
                        format!(" <span class=\"cis\">CIS {}</span>", esc(&c.control))
                    },
                    esc(&c.title),
                    verdict_key(c.verdict),
                    verdict_name(c.verdict),
                    chain_objects(report, c)
                );
            }
            out.push_str("</tbody></table>\n");
        }
        out.push_str("</div>\n</details>\n");
    }
    out.push_str("</div>\n");
}

fn verdict_key(v: ControlVerdict) -> &'static str {
    match v {
        ControlVerdict::Fail => "fail",
        ControlVerdict::Unknown => "unknown",
        ControlVerdict::Manual => "manual",
        ControlVerdict::Pass => "pass",
        ControlVerdict::NotApplicable | ControlVerdict::NotAssessed => "na",
    }
}

/// The objects behind a control's verdict, each linked to its result.
fn chain_objects(
    report: &Report,
    control: &drydock_model::threat_report::ControlEvidence,
) -> String {
    let status = match control.verdict {
        ControlVerdict::Fail => Status::Fail,
        ControlVerdict::Unknown => Status::Unknown,
        ControlVerdict::Manual => Status::Manual,
        ControlVerdict::Pass => Status::Pass,
        _ => return esc(&control.note),
    };
    let mut links: Vec<String> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for l in control.chain.iter().filter(|l| l.status == status) {
        if seen.contains(&l.object.as_str()) {
            continue;
        }
        seen.push(&l.object);
        if links.len() < CHAIN_OBJECTS {
            let set_aside = l
                .set_aside
                .as_ref()
                .map(|w| format!(" <span class=\"meta\">[{}]</span>", esc(w)))
                .unwrap_or_default();
            // The link only when the result is in this report (a saved report may be cut).
            if (l.result as usize) < report.results.len() {
                links.push(format!(
                    "<a href=\"#r{}\">{}</a>{set_aside}",
                    l.result,
                    esc(&l.object)
                ));
            } else {
                links.push(format!("{}{set_aside}", esc(&l.object)));
            }
        }
    }
    if seen.is_empty() {
        return esc(&control.note);
    }
    let more = seen.len().saturating_sub(links.len());
    let mut text = links.join("; ");
    if more > 0 {
        let _ = write!(text, " and {more} more");
    }
    text
}

fn decisions(out: &mut String, model: &ThreatModelReport) {
    for (title, notes) in decision_lists(model) {
        let _ = writeln!(out, "<h3>{title}</h3>\n<ul class=\"decisions\">");
        for n in notes {
            let _ = writeln!(
                out,
                "<li><b>{}</b> {} <span class=\"meta\">({})</span>: {}</li>",
                esc(&n.decision.threat),
                esc(n.decision.object.as_deref().unwrap_or("whole threat")),
                esc(&n.decision.source),
                esc(&n.note)
            );
        }
        out.push_str("</ul>\n");
    }
}

/// Paths and actions listed on the page.
const SYSTEM_ITEMS: usize = 10;

/// The audited system: its topology drawn, its attack paths (each can be highlighted on the
/// drawing) and the plan by fix action.
fn system_section(out: &mut String, system: &drydock_model::topology::SystemModel) {
    use crate::system as sys;
    let p = &system.provenance;
    let _ = writeln!(
        out,
        "<section id=\"system\">\n<h2>This system</h2>\n<p class=\"meta\">Made {} on {} by drydock {}.</p>",
        esc(&p.made_at),
        esc(&p.host),
        esc(&p.tool_version)
    );
    if system.topology.elements.is_empty() {
        out.push_str("<p>No container, compose service or workload was audited: there is no topology to draw.</p>\n");
    } else {
        out.push_str("<p class=\"hint\">Trust zones (networks, namespaces) hold the containers, services and workloads; identical replicas are one box with a count. Red boxes can reach the host, the Docker API or the cluster's credentials; orange ones are published on every interface. Select a path below to highlight it.</p>\n");
        let _ = writeln!(
            out,
            "<figure class=\"diagram\">\n<figcaption>Topology</figcaption>\n<div class=\"scroll\">\n{}</div>\n</figure>",
            sys::topology_svg(system)
        );
    }
    let _ = writeln!(
        out,
        "<h3 id=\"paths\">Attack paths ({})</h3>",
        system.paths.len()
    );
    if system.paths.is_empty() {
        out.push_str("<p>No published entry or image reaches the host, the Docker API or the cluster's credentials.</p>\n");
    } else {
        out.push_str("<ol class=\"paths\">\n");
        for path in system.paths.iter().take(SYSTEM_ITEMS) {
            let mut nodes: Vec<&str> = Vec::new();
            let mut edges: Vec<String> = Vec::new();
            for st in &path.steps {
                nodes.push(&st.from);
                nodes.push(&st.to);
                edges.push(format!("{}>{}", st.from, st.to));
            }
            let _ = writeln!(
                out,
                "<li id=\"path-{}\"><button type=\"button\" class=\"path\" data-nodes=\"{}\" data-edges=\"{}\">{}</button> {} <span class=\"meta\">risk {} · entry {} · impact {}</span><ol class=\"steps\">{}</ol></li>",
                esc(&path.id),
                esc(&nodes.join(" ")),
                esc(&edges.join(" ")),
                esc(&path.id),
                esc(&path.summary),
                path.risk.name(),
                esc(&path.exposure),
                esc(&path.impact),
                path.steps
                    .iter()
                    .map(|st| format!(
                        "<li>{}{}{}</li>",
                        esc(&st.action),
                        if st.control.is_empty() {
                            String::new()
                        } else {
                            format!(
                                " <a href=\"#rule-{}\"><code>{}</code></a>{}",
                                svg::anchor_id(&st.control),
                                esc(&st.control),
                                if st.cis.is_empty() {
                                    String::new()
                                } else {
                                    format!(" <span class=\"cis\">CIS {}</span>", esc(&st.cis))
                                }
                            )
                        },
                        if st.threat.is_empty() {
                            String::new()
                        } else {
                            format!(" <span class=\"meta\">{}</span>", esc(&st.threat))
                        }
                    ))
                    .collect::<String>()
            );
        }
        out.push_str("</ol>\n");
    }
    let _ = writeln!(out, "<h3 id=\"actions\">Fix actions, best first</h3>");
    if system.actions.is_empty() {
        out.push_str("<p>Nothing to harden.</p>\n");
    } else {
        out.push_str("<ol class=\"actions\">\n");
        for a in system.actions.iter().take(SYSTEM_ITEMS) {
            let _ = writeln!(
                out,
                "<li><h4>{} <span class=\"score\">{} · score {:.2}</span></h4><p>{}.</p><p><b>Turns to pass:</b> {}</p>{}</li>",
                esc(&a.action),
                esc(&a.scope),
                a.score,
                esc(&a.why),
                esc(&a.controls.join("; ")),
                if a.paths.is_empty() {
                    String::new()
                } else {
                    format!(
                        "<p><b>Cuts:</b> {}</p>",
                        a.paths
                            .iter()
                            .map(|p| {
                                // Only the paths listed on the page have an anchor.
                                let listed =
                                    system.paths.iter().take(SYSTEM_ITEMS).any(|q| &q.id == p);
                                if listed {
                                    format!("<a href=\"#path-{0}\">{0}</a>", esc(p))
                                } else {
                                    esc(p)
                                }
                            })
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }
            );
        }
        out.push_str("</ol>\n");
        let _ = writeln!(out, "<p class=\"hint\">{}</p>", esc(&system.how_scored));
    }
    out.push_str("</section>\n");
}

fn plan_section(out: &mut String, model: &ThreatModelReport) {
    let _ = writeln!(
        out,
        "<section id=\"plan\">\n<h2>Plan: harden these first</h2>\n<p class=\"hint\">Failed controls ranked by the severity of the open threats each one closes or reduces, scaled by the objects it touches. Threats under a decision are left out.</p>"
    );
    if model.plan.is_empty() {
        out.push_str(
            "<p>Nothing to harden: no failed control acts on an open or partially mitigated threat.</p>\n</section>\n",
        );
        return;
    }
    out.push_str("<ol class=\"plan\">\n");
    for item in model.plan.iter().take(PLAN_ITEMS) {
        let _ = writeln!(
            out,
            "<li><h3><a href=\"#rule-{}\">{}</a> {}{} <span class=\"score\">score {:.2}</span></h3>\n<p>{}.</p>\n<ul class=\"effects\">{}</ul>",
            svg::anchor_id(&item.rule_id),
            esc(&item.rule_id),
            esc(&item.title),
            if item.control.is_empty() {
                String::new()
            } else {
                format!(" <span class=\"cis\">CIS {}</span>", esc(&item.control))
            },
            item.score,
            esc(item.why.trim_end_matches('.')),
            item.threats
                .iter()
                .map(|t| format!(
                    "<li>{} <a href=\"#threat-{}\">{}</a> {} <span class=\"meta\">({})</span></li>",
                    esc(&t.effect),
                    svg::anchor_id(&t.id),
                    esc(&t.id),
                    esc(&t.title),
                    t.severity.name()
                ))
                .collect::<String>()
        );
        let more = item.objects.len().saturating_sub(PLAN_OBJECTS);
        let _ = writeln!(
            out,
            "<p><b>Objects:</b> {}{}</p>\n<p><b>Fix:</b></p><div class=\"fix\">{}</div>\n<p><b>Trade-off:</b> {}</p></li>",
            item.objects
                .iter()
                .take(PLAN_OBJECTS)
                .map(|o| format!("<code>{}</code>", esc(o)))
                .collect::<Vec<_>>()
                .join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            },
            paragraphs(&item.remediation),
            prose(&item.tradeoff)
        );
    }
    out.push_str("</ol>\n");
    if model.plan.len() > PLAN_ITEMS {
        let _ = writeln!(
            out,
            "<p class=\"hint\">{} more controls in the plan: <code>drydock plan --top N</code> lists them.</p>",
            model.plan.len() - PLAN_ITEMS
        );
    }
    out.push_str("</section>\n");
}

fn findings(out: &mut String, report: &Report) {
    let _ = writeln!(
        out,
        "<section id=\"findings\">\n<h2>Findings</h2>\n<form class=\"filters\" id=\"finding-filters\" onsubmit=\"return false\"><fieldset><legend>Status</legend>"
    );
    for status in [
        Status::Fail,
        Status::Unknown,
        Status::Manual,
        Status::Pass,
        Status::NotApplicable,
    ] {
        let _ = write!(
            out,
            "<label><input type=\"checkbox\" class=\"f-status\" value=\"{}\"{}> {}</label>",
            result_key(status),
            if matches!(status, Status::Pass | Status::NotApplicable) {
                ""
            } else {
                " checked"
            },
            result_label(status)
        );
    }
    let _ = write!(
        out,
        "</fieldset><label>Severity at least <select id=\"f-severity\">"
    );
    for s in Severity::ALL {
        let _ = write!(
            out,
            "<option value=\"{}\">{}</option>",
            severity_rank(s),
            s.name()
        );
    }
    let _ = write!(
        out,
        "</select></label><label>Object <select id=\"f-kind\"><option value=\"\">any kind</option>"
    );
    let mut kinds: BTreeMap<&'static str, usize> = BTreeMap::new();
    for r in &report.results {
        *kinds.entry(r.object.kind.name()).or_default() += 1;
    }
    for (kind, n) in &kinds {
        let _ = write!(out, "<option value=\"{kind}\">{kind} ({n})</option>");
    }
    let _ = writeln!(
        out,
        "</select></label><label>Search <input type=\"search\" id=\"f-search\" placeholder=\"rule, object, path, text\"></label><output id=\"f-count\"></output></form>"
    );
    if report.results.is_empty() {
        out.push_str("<p>No rule produced a result.</p>\n</section>\n");
        return;
    }
    out.push_str(
        "<div class=\"scroll\"><table id=\"finding-table\"><thead><tr><th>Status</th><th>Severity</th><th>Rule</th><th>Object</th><th>Where</th><th>Message and evidence</th></tr></thead><tbody>\n",
    );
    // Most severe first, failures before the rest; a row keeps the id of its place in the
    // report, which the threats link to.
    let status_rank = |s: Status| match s {
        Status::Fail => 0,
        Status::Unknown => 1,
        Status::Manual => 2,
        Status::Pass => 3,
        Status::NotApplicable => 4,
    };
    let mut ordered: Vec<(usize, &drydock_model::report::ResultEntry)> =
        report.results.iter().enumerate().collect();
    ordered.sort_by(|(_, a), (_, b)| {
        b.rule
            .severity
            .cmp(&a.rule.severity)
            .then(status_rank(a.status).cmp(&status_rank(b.status)))
            .then(a.rule.rule_id.cmp(&b.rule.rule_id))
            .then(a.object.name.cmp(&b.object.name))
    });
    for (i, r) in ordered {
        let _ = write!(
            out,
            "<tr id=\"r{i}\" data-status=\"{}\" data-severity=\"{}\" data-kind=\"{}\"><td><span class=\"chip r-{}\">{}</span></td><td>{}</td><td><a href=\"#rule-{}\">{}</a>{}<br><span class=\"title\">{}</span></td><td><span class=\"kind\">{}</span> {}</td><td class=\"where\">{}</td><td>{}",
            result_key(r.status),
            severity_rank(r.rule.severity),
            r.object.kind.name(),
            result_key(r.status),
            result_label(r.status),
            r.rule.severity.name(),
            svg::anchor_id(&r.rule.rule_id),
            esc(&r.rule.rule_id),
            if r.rule.control.is_empty() {
                String::new()
            } else {
                format!(" <span class=\"cis\">{}</span>", esc(&r.rule.control))
            },
            esc(&r.rule.title),
            r.object.kind.name(),
            esc(&r.object.name),
            r.location
                .as_ref()
                .map(|l| format!("<code>{}:{}</code>", esc(&l.path), l.line))
                .unwrap_or_default(),
            prose(&r.message)
        );
        if let Some(s) = &r.suppressed {
            let _ = write!(
                out,
                " <span class=\"suppressed\">set aside: {}</span>",
                esc(&s.describe())
            );
        }
        if !r.evidence.is_empty() {
            out.push_str("<ul class=\"ev\">");
            for e in r.evidence.iter() {
                let _ = write!(
                    out,
                    "<li><code>{}</code> = {}{}{}</li>",
                    esc(&e.field),
                    esc(&e.actual),
                    e.expected
                        .as_ref()
                        .map(|x| format!(" <span class=\"meta\">(expected {})</span>", esc(x)))
                        .unwrap_or_default(),
                    e.source
                        .as_ref()
                        .map(|s| format!(" <span class=\"meta\">— {}</span>", esc(s)))
                        .unwrap_or_default()
                );
            }
            out.push_str("</ul>");
        }
        out.push_str("</td></tr>\n");
    }
    out.push_str("</tbody></table></div>\n<p class=\"more\"><button type=\"button\" id=\"f-more\" hidden></button></p>\n");
    remediations(out, report);
    out.push_str("</section>\n");
}

/// Each rule's remediation, once, for the results that link to it.
fn remediations(out: &mut String, report: &Report) {
    let mut rules: BTreeMap<&str, (&str, &str, &str)> = BTreeMap::new();
    for r in &report.results {
        rules.entry(r.rule.rule_id.as_ref()).or_insert((
            r.rule.title.as_ref(),
            r.rule.control.as_ref(),
            r.rule.remediation.as_ref(),
        ));
    }
    // Rules the threat model names link here too, even without a result of their own, and
    // so do the controls of the attack paths' steps.
    if let Some(model) = &report.threat_model {
        for t in &model.threats {
            for c in &t.controls {
                if !rules.contains_key(c.rule_id.as_str())
                    && let Some(rule) = drydock_rules::rules::find(&c.rule_id)
                {
                    rules.insert(rule.id, (rule.title(), &c.control, rule.remediation()));
                }
            }
        }
        for step in model
            .system
            .iter()
            .flat_map(|s| s.paths.iter().take(SYSTEM_ITEMS))
            .flat_map(|p| &p.steps)
        {
            if !step.control.is_empty()
                && !rules.contains_key(step.control.as_str())
                && let Some(rule) = drydock_rules::rules::find(&step.control)
            {
                rules.insert(rule.id, (rule.title(), &step.cis, rule.remediation()));
            }
        }
    }
    let _ = writeln!(
        out,
        "<h3 id=\"remediation\">Rules and their remediation</h3>\n<dl class=\"rules\">"
    );
    for (id, (title, control, remediation)) in rules {
        let _ = writeln!(
            out,
            "<dt id=\"rule-{}\"><b>{}</b>{} {}</dt><dd class=\"fix\">{}</dd>",
            svg::anchor_id(id),
            esc(id),
            if control.is_empty() {
                String::new()
            } else {
                format!(" <span class=\"cis\">CIS {}</span>", esc(control))
            },
            esc(title),
            paragraphs(remediation)
        );
    }
    out.push_str("</dl>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_shows_code_spans_and_escapes_everything() {
        assert_eq!(
            prose("set `icc: <false>` & restart"),
            "set <code>icc: &lt;false&gt;</code> &amp; restart"
        );
        // An unpaired backtick is not a code span.
        assert_eq!(prose("it`s <b>"), "it`s &lt;b&gt;");
    }
}
