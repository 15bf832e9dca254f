//! The threat model and the plan, for people (text, Markdown) and as diagrams (Mermaid, DOT).

use anstyle::{AnsiColor, Style};
use drydock_model::model::{Status, Stride};
use drydock_model::report::Report;
use drydock_threat::{
    ControlRole, ControlVerdict, PlanItem, ThreatAssessment, ThreatModelReport, ThreatStatus,
};
use std::fmt::Write;

/// Objects named per control before "and N more".
const OBJECTS_SHOWN: usize = 5;

fn status_style(status: ThreatStatus) -> Style {
    match status {
        ThreatStatus::Open => AnsiColor::Red.on_default().bold(),
        ThreatStatus::PartiallyMitigated => AnsiColor::Magenta.on_default().bold(),
        ThreatStatus::Unknown => AnsiColor::Yellow.on_default().bold(),
        ThreatStatus::Mitigated => AnsiColor::Green.on_default(),
        ThreatStatus::NotAssessed => Style::new().dimmed().italic(),
        ThreatStatus::NotApplicable => Style::new().dimmed(),
    }
}

pub(crate) fn status_tag(status: ThreatStatus) -> &'static str {
    match status {
        ThreatStatus::Open => "OPEN",
        ThreatStatus::PartiallyMitigated => "PARTIAL",
        ThreatStatus::Unknown => "UNKNOWN",
        ThreatStatus::Mitigated => "MITIGATED",
        ThreatStatus::NotAssessed => "NOT ASSESSED",
        ThreatStatus::NotApplicable => "N/A",
    }
}

/// Words for a STRIDE category.
pub fn stride_name(s: Stride) -> &'static str {
    match s {
        Stride::Spoofing => "Spoofing",
        Stride::Tampering => "Tampering",
        Stride::Repudiation => "Repudiation",
        Stride::InformationDisclosure => "Information disclosure",
        Stride::DenialOfService => "Denial of service",
        Stride::ElevationOfPrivilege => "Elevation of privilege",
    }
}

pub(crate) fn verdict_name(v: ControlVerdict) -> &'static str {
    match v {
        ControlVerdict::Fail => "fail",
        ControlVerdict::Unknown => "unknown",
        ControlVerdict::Manual => "manual",
        ControlVerdict::Pass => "pass",
        ControlVerdict::NotApplicable => "not applicable",
        ControlVerdict::NotAssessed => "not assessed",
    }
}

/// The order threats are listed in: open first, most severe first.
pub(crate) fn ordered(model: &ThreatModelReport) -> Vec<&ThreatAssessment> {
    let mut threats: Vec<&ThreatAssessment> = model.threats.iter().collect();
    threats.sort_by(|a, b| {
        a.status
            .cmp(&b.status)
            .then(b.threat.severity.cmp(&a.threat.severity))
            .then(a.threat.id.cmp(&b.threat.id))
    });
    threats
}

/// The objects of a control's chain with a given status, named, capped.
pub(crate) fn objects_with(
    control: &drydock_model::threat_report::ControlEvidence,
    status: Status,
) -> (Vec<String>, usize) {
    // An object with several findings of one rule is named once.
    let mut all: Vec<String> = Vec::new();
    for l in control.chain.iter().filter(|l| l.status == status) {
        let name = match &l.set_aside {
            Some(why) => format!("{} [{why}]", l.object),
            None => l.object.to_string(),
        };
        if !all.contains(&name) {
            all.push(name);
        }
    }
    let total = all.len();
    (all.into_iter().take(OBJECTS_SHOWN).collect(), total)
}

fn objects_phrase(control: &drydock_model::threat_report::ControlEvidence) -> String {
    let status = match control.verdict {
        ControlVerdict::Fail => Status::Fail,
        ControlVerdict::Unknown => Status::Unknown,
        ControlVerdict::Manual => Status::Manual,
        ControlVerdict::Pass => Status::Pass,
        _ => return control.note.clone(),
    };
    let (shown, total) = objects_with(control, status);
    if total == 0 {
        return control.note.clone();
    }
    let mut text = format!("on {}", shown.join("; "));
    if total > shown.len() {
        let _ = write!(text, " and {} more", total - shown.len());
    }
    text
}

pub(crate) fn summary_line(model: &ThreatModelReport) -> String {
    [
        ThreatStatus::Open,
        ThreatStatus::PartiallyMitigated,
        ThreatStatus::Unknown,
        ThreatStatus::Mitigated,
        ThreatStatus::NotApplicable,
    ]
    .iter()
    .map(|s| {
        format!(
            "{} {}",
            model.summary.get(s.label()).copied().unwrap_or(0),
            s.label()
        )
    })
    .collect::<Vec<_>>()
    .join(" · ")
}

pub(crate) fn scopes_line(model: &ThreatModelReport) -> String {
    if model.scopes.is_empty() {
        "nothing (no host, node or project file was audited)".into()
    } else {
        model
            .scopes
            .iter()
            .map(|s| s.name())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The threat model as text: every threat that applies, with the chain behind its status.
pub fn text(report: &Report, all: bool) -> String {
    let Some(model) = &report.threat_model else {
        return String::new();
    };
    let mut out = String::new();
    let bold = Style::new().bold();
    let dim = Style::new().dimmed();
    let _ = writeln!(
        out,
        "{bold}STRIDE threat model{bold:#} — scopes audited: {}",
        scopes_line(model)
    );
    let _ = writeln!(out, "{}\n", summary_line(model));
    let mut hidden = 0;
    for t in ordered(model) {
        if t.status == ThreatStatus::NotApplicable && !all {
            hidden += 1;
            continue;
        }
        let s = status_style(t.status);
        let also: String = t.threat.also.iter().map(|c| c.letter()).collect();
        let _ = writeln!(
            out,
            "{s}{:<10}{s:#}{bold}{} {}{bold:#}",
            status_tag(t.status),
            t.threat.id,
            t.threat.title
        );
        let _ = writeln!(
            out,
            "          {dim}{} · {}{} · {} · crosses {}{dim:#}",
            t.threat.severity.name(),
            t.threat.stride.letter(),
            if also.is_empty() {
                String::new()
            } else {
                format!(" (also {also})")
            },
            t.threat.element,
            t.threat.boundary
        );
        let _ = writeln!(out, "          {}", t.reason);
        if !t.coverage.is_empty() {
            let _ = writeln!(out, "          {dim}{}{dim:#}", t.coverage);
        }
        let (listed, more) = instances_to_show(t, if all { usize::MAX } else { INSTANCES_SHOWN });
        for i in listed {
            let _ = writeln!(
                out,
                "          {}: {} — {}",
                i.id,
                i.status.label(),
                i.reason
            );
        }
        if more > 0 {
            let _ = writeln!(
                out,
                "          {dim}and {more} more (--all lists them){dim:#}"
            );
        }
        if let Some(d) = &t.decision {
            let _ = writeln!(
                out,
                "          decision: {} by {} until {} — {} ({})",
                d.decision.label(),
                d.owner,
                d.expires,
                d.reason,
                d.source
            );
        }
        for c in &t.controls {
            if c.verdict == ControlVerdict::NotApplicable {
                continue;
            }
            let role = match c.role {
                ControlRole::Mitigation => "mitigation",
                ControlRole::Hardening => "hardening ",
            };
            let _ = writeln!(
                out,
                "          {role} {} {:<8} {:<14} {}",
                c.rule_id,
                c.control,
                verdict_name(c.verdict),
                objects_phrase(c)
            );
        }
        out.push('\n');
    }
    if hidden > 0 {
        let _ = writeln!(
            out,
            "{dim}{hidden} threat(s) not applicable to this audit are hidden (--all shows them).{dim:#}"
        );
    }
    decisions_text(&mut out, model);
    out
}

/// Instances named before "and N more" in text and Markdown.
const INSTANCES_SHOWN: usize = 8;

/// The instances of a threat that are not mitigated (open first), as `(id, status, reason)`,
/// at most `limit` of them, and how many more there are.
pub(crate) fn instances_to_show(
    t: &drydock_model::threat_report::ThreatAssessment,
    limit: usize,
) -> (Vec<&drydock_model::threat_report::ThreatInstance>, usize) {
    let mut listed: Vec<&drydock_model::threat_report::ThreatInstance> = t
        .instances
        .iter()
        .filter(|i| {
            !matches!(
                i.status,
                ThreatStatus::Mitigated | ThreatStatus::NotApplicable
            )
        })
        .collect();
    listed.sort_by_key(|i| i.status);
    let more = listed.len().saturating_sub(limit);
    listed.truncate(limit);
    (listed, more)
}

/// A threat's references, each named with its source.
pub(crate) fn references(refs: &drydock_model::threat_report::References) -> Vec<String> {
    refs.attack
        .iter()
        .map(|r| format!("ATT&CK {r}"))
        .chain(refs.microsoft.iter().cloned())
        .chain(refs.nist.iter().map(|r| format!("NIST SP 800-190 {r}")))
        .collect()
}

/// The decisions that need a person's eye, with their headings: expired ones and ones that
/// match nothing (empty lists left out).
pub(crate) fn decision_lists(
    model: &ThreatModelReport,
) -> Vec<(&'static str, &[drydock_model::threat_report::DecisionNote])> {
    [
        ("Expired decisions", model.decisions_expired.as_slice()),
        (
            "Decisions that match nothing",
            model.decisions_unmatched.as_slice(),
        ),
    ]
    .into_iter()
    .filter(|(_, notes)| !notes.is_empty())
    .collect()
}

fn decisions_text(out: &mut String, model: &ThreatModelReport) {
    for (title, notes) in decision_lists(model) {
        let _ = writeln!(out, "\n{title}:");
        for n in notes {
            let _ = writeln!(
                out,
                "  {} {} ({}): {}",
                n.decision.threat,
                n.decision.object.as_deref().unwrap_or("whole threat"),
                n.decision.source,
                n.note
            );
        }
    }
}

/// The plan as text.
pub fn plan_text(report: &Report, items: &[PlanItem]) -> String {
    let mut out = String::new();
    let bold = Style::new().bold();
    let dim = Style::new().dimmed();
    if items.is_empty() {
        let open = report
            .threat_model
            .as_ref()
            .map(|m| {
                m.threats
                    .iter()
                    .filter(|t| t.status == ThreatStatus::Open)
                    .count()
            })
            .unwrap_or(0);
        let _ = writeln!(
            out,
            "Nothing to harden: no failed control acts on an open or partially mitigated threat ({open} open)."
        );
        return out;
    }
    let _ = writeln!(
        out,
        "{bold}Harden these first{bold:#} (ranked by the severity of the threats each closes, and the objects it touches)\n"
    );
    for item in items {
        let _ = writeln!(
            out,
            "{bold}{}. {} {}{bold:#} {}  {dim}score {:.2}{dim:#}",
            item.rank,
            item.rule_id,
            if item.control.is_empty() {
                String::new()
            } else {
                format!("(CIS {})", item.control)
            },
            item.title,
            item.score
        );
        let _ = writeln!(out, "   why: {}", item.why);
        for t in &item.threats {
            let _ = writeln!(
                out,
                "   {:<7} {} {} ({})",
                t.effect,
                t.id,
                t.title,
                t.severity.name()
            );
        }
        let shown: Vec<&str> = item
            .objects
            .iter()
            .take(OBJECTS_SHOWN)
            .map(|o| o.as_str())
            .collect();
        let more = item.objects.len().saturating_sub(shown.len());
        let _ = writeln!(
            out,
            "   objects: {}{}",
            shown.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        );
        let _ = writeln!(out, "   fix: {}", indent(&item.remediation, "        "));
        // No "automatic fix" line: `drydock fix` does not exist yet, and a plan must not
        // promise one.
        let _ = writeln!(out, "   trade-off: {}\n", item.tradeoff);
    }
    out
}

fn indent(text: &str, prefix: &str) -> String {
    text.trim()
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                l.to_string()
            } else {
                format!("{prefix}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Escapes text for a Markdown table cell.
pub fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The plan as Markdown.
pub fn plan_markdown(items: &[PlanItem]) -> String {
    let mut out = String::new();
    if items.is_empty() {
        out.push_str("No failed control acts on an open threat.\n");
        return out;
    }
    for item in items {
        let _ = writeln!(
            out,
            "### {}. {} — {}{}\n",
            item.rank,
            item.rule_id,
            cell(&item.title),
            if item.control.is_empty() {
                String::new()
            } else {
                format!(" (CIS {})", item.control)
            }
        );
        let _ = writeln!(out, "*Why:* {} (score {:.2}).\n", item.why, item.score);
        for t in &item.threats {
            let _ = writeln!(
                out,
                "- {} **{}** {} ({})",
                t.effect,
                t.id,
                cell(&t.title),
                t.severity.name()
            );
        }
        let more = item.objects.len().saturating_sub(OBJECTS_SHOWN);
        let _ = writeln!(
            out,
            "\n*Objects:* {}{}\n",
            item.objects
                .iter()
                .take(OBJECTS_SHOWN)
                .map(|o| format!("`{}`", o.replace('`', "'")))
                .collect::<Vec<_>>()
                .join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        );
        let _ = writeln!(out, "*Fix:* {}\n", item.remediation.trim());
        let _ = writeln!(out, "*Trade-off:* {}\n", item.tradeoff);
    }
    out
}

/// Counts of threats per STRIDE category and element that are open or partially mitigated:
/// (category, element id, open, partial, total applicable).
pub fn heat_map(model: &ThreatModelReport) -> Vec<(Stride, String, usize, usize, usize)> {
    let mut cells = Vec::new();
    for stride in Stride::ALL {
        for element in &model.elements {
            let here: Vec<&ThreatAssessment> = model
                .threats
                .iter()
                .filter(|t| {
                    t.threat.element == element.id
                        && (t.threat.stride == stride || t.threat.also.contains(&stride))
                        && t.status != ThreatStatus::NotApplicable
                })
                .collect();
            if here.is_empty() {
                continue;
            }
            let open = here
                .iter()
                .filter(|t| t.status == ThreatStatus::Open)
                .count();
            let partial = here
                .iter()
                .filter(|t| t.status == ThreatStatus::PartiallyMitigated)
                .count();
            cells.push((stride, element.id.clone(), open, partial, here.len()));
        }
    }
    cells
}

/// The worst status of the threats on an element (for diagram colours).
pub fn element_status(model: &ThreatModelReport, element: &str) -> ThreatStatus {
    model
        .threats
        .iter()
        .filter(|t| t.threat.element == element)
        .map(|t| t.status)
        .min()
        .unwrap_or(ThreatStatus::NotApplicable)
}

/// The threat model as Markdown (a section of the Markdown report, or on its own).
pub fn markdown(report: &Report) -> String {
    let Some(model) = &report.threat_model else {
        return String::new();
    };
    let mut out = String::new();
    let _ = writeln!(out, "## Threat model (STRIDE)\n");
    let _ = writeln!(out, "Scopes audited: {}.\n", scopes_line(model));
    let _ = writeln!(out, "{}\n", summary_line(model));
    let _ = writeln!(
        out,
        "| Status | Threat | STRIDE | Element | Severity | Why |\n|---|---|---|---|---|---|"
    );
    for t in ordered(model) {
        if t.status == ThreatStatus::NotApplicable {
            continue;
        }
        let also: String = t.threat.also.iter().map(|c| c.letter()).collect();
        let _ = writeln!(
            out,
            "| {} | **{}** {} | {}{} | {} | {} | {}{} |",
            t.status.label(),
            t.threat.id,
            cell(&t.threat.title),
            t.threat.stride.letter(),
            if also.is_empty() {
                String::new()
            } else {
                format!(" ({also})")
            },
            t.threat.element,
            t.threat.severity.name(),
            cell(&t.reason),
            t.decision
                .as_ref()
                .map(|d| format!(
                    "; decision: {} by {} until {}",
                    d.decision.label(),
                    d.owner,
                    d.expires
                ))
                .unwrap_or_default()
        );
    }
    let na = model
        .threats
        .iter()
        .filter(|t| t.status == ThreatStatus::NotApplicable)
        .count();
    if na > 0 {
        let _ = writeln!(out, "\n{na} threat(s) are not applicable to this audit.");
    }
    let _ = writeln!(out, "\n### Evidence\n");
    for t in ordered(model) {
        if t.status == ThreatStatus::NotApplicable {
            continue;
        }
        let _ = writeln!(
            out,
            "#### {} {} — {}\n\n{}\n",
            t.threat.id,
            cell(&t.threat.title),
            t.status.label(),
            t.threat.description
        );
        let all_refs = references(&t.threat.references);
        if !all_refs.is_empty() {
            let _ = writeln!(out, "References: {}.\n", all_refs.join(", "));
        }
        if !t.coverage.is_empty() {
            let _ = writeln!(out, "Instances: {}.\n", cell(&t.coverage));
        }
        let (listed, more) = instances_to_show(t, INSTANCES_SHOWN);
        for i in &listed {
            let _ = writeln!(
                out,
                "- `{}` {} — {}",
                i.id,
                i.status.label(),
                cell(&i.reason)
            );
        }
        if more > 0 {
            let _ = writeln!(out, "- and {more} more");
        }
        if !listed.is_empty() {
            out.push('\n');
        }
        for c in &t.controls {
            if c.verdict == ControlVerdict::NotApplicable {
                continue;
            }
            let _ = writeln!(
                out,
                "- {} `{}`{} {} — **{}** {}",
                match c.role {
                    ControlRole::Mitigation => "mitigation",
                    ControlRole::Hardening => "hardening",
                },
                c.rule_id,
                if c.control.is_empty() {
                    String::new()
                } else {
                    format!(" (CIS {})", c.control)
                },
                cell(&c.title),
                verdict_name(c.verdict),
                cell(&objects_phrase(c))
            );
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "### STRIDE × element (open / partially mitigated / applicable)\n"
    );
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
        out.push_str("No threat applies to this audit.\n");
    } else {
        let cells = heat_map(model);
        let _ = writeln!(
            out,
            "| | {} |\n|---|{}",
            elements
                .iter()
                .map(|e| cell(&e.name))
                .collect::<Vec<_>>()
                .join(" | "),
            "---|".repeat(elements.len())
        );
        for stride in Stride::ALL {
            let row: Vec<String> = elements
                .iter()
                .map(|e| {
                    cells
                        .iter()
                        .find(|(s, id, ..)| *s == stride && *id == e.id)
                        .map(|(_, _, open, partial, total)| format!("{open} / {partial} / {total}"))
                        .unwrap_or_else(|| "·".into())
                })
                .collect();
            let _ = writeln!(out, "| {} | {} |", stride_name(stride), row.join(" | "));
        }
    }
    let mut decisions = String::new();
    decisions_text(&mut decisions, model);
    if !decisions.is_empty() {
        let _ = writeln!(out, "\n### Decisions\n\n```text{decisions}```");
    }
    out
}

fn node_id(id: &str) -> String {
    id.replace(|c: char| !c.is_ascii_alphanumeric(), "_")
}

/// Elements the diagram shows: those of the built-in platforms the audit touched (all when it
/// touched none), and every element of a platform a model file added, which its author wants
/// drawn whatever the audit covered.
pub(crate) fn diagram_elements(
    model: &ThreatModelReport,
) -> Vec<&drydock_model::threat_report::Element> {
    const BUILT_IN: [&str; 2] = ["docker", "kubernetes"];
    let touched: std::collections::BTreeSet<&str> = model
        .elements
        .iter()
        .filter(|e| element_status(model, &e.id) != ThreatStatus::NotApplicable)
        .map(|e| e.platform.as_str())
        .filter(|p| BUILT_IN.contains(p))
        .collect();
    model
        .elements
        .iter()
        .filter(|e| {
            let p = e.platform.as_str();
            touched.is_empty() || touched.contains(p) || !BUILT_IN.contains(&p)
        })
        .collect()
}

/// Fill colours per status, shared by every diagram format.
pub fn status_colour(status: ThreatStatus) -> &'static str {
    match status {
        ThreatStatus::Open => "#f8b4b4",
        ThreatStatus::PartiallyMitigated => "#f9d9a8",
        ThreatStatus::Unknown => "#fdf3b0",
        ThreatStatus::Mitigated => "#bfe5c4",
        ThreatStatus::NotAssessed => "#d1d5db",
        ThreatStatus::NotApplicable => "#e5e7eb",
    }
}

/// The data-flow diagram as Mermaid: elements grouped by trust zone, flows labelled with
/// the boundary they cross, coloured by the worst threat status of each element.
pub fn mermaid(model: &ThreatModelReport) -> String {
    let elements = diagram_elements(model);
    let mut out = String::from("flowchart LR\n");
    let mut zones: Vec<&str> = elements.iter().map(|e| e.zone.as_str()).collect();
    zones.dedup();
    zones.sort();
    zones.dedup();
    for zone in &zones {
        let _ = writeln!(out, "  subgraph {}[\"{}\"]", node_id(zone), zone);
        for e in elements.iter().filter(|e| e.zone == *zone) {
            let _ = writeln!(
                out,
                "    {}[\"{}<br/>{}\"]",
                node_id(&e.id),
                e.name.replace('"', "'"),
                element_status(model, &e.id).label()
            );
        }
        out.push_str("  end\n");
    }
    for f in &model.flows {
        if elements.iter().any(|e| e.id == f.from) && elements.iter().any(|e| e.id == f.to) {
            let _ = writeln!(
                out,
                "  {} -->|\"{}\"| {}",
                node_id(&f.from),
                f.label.replace('"', "'"),
                node_id(&f.to)
            );
        }
    }
    for e in &elements {
        let _ = writeln!(
            out,
            "  style {} fill:{}",
            node_id(&e.id),
            status_colour(element_status(model, &e.id))
        );
    }
    out
}

/// The data-flow diagram as Graphviz DOT.
pub fn dot(model: &ThreatModelReport) -> String {
    let elements = diagram_elements(model);
    let mut out = String::from(
        "digraph drydock {\n  rankdir=LR;\n  node [shape=box, style=\"rounded,filled\", fontname=\"sans-serif\"];\n",
    );
    let mut zones: Vec<&str> = elements.iter().map(|e| e.zone.as_str()).collect();
    zones.sort();
    zones.dedup();
    for zone in zones {
        let _ = writeln!(
            out,
            "  subgraph cluster_{} {{\n    label=\"{}\"; style=dashed;",
            node_id(zone),
            zone
        );
        for e in elements.iter().filter(|e| e.zone == zone) {
            let status = element_status(model, &e.id);
            let _ = writeln!(
                out,
                "    {} [label=\"{}\\n{}\", fillcolor=\"{}\"];",
                node_id(&e.id),
                e.name.replace('"', "'"),
                status.label(),
                status_colour(status)
            );
        }
        out.push_str("  }\n");
    }
    for f in &model.flows {
        if elements.iter().any(|e| e.id == f.from) && elements.iter().any(|e| e.id == f.to) {
            let _ = writeln!(
                out,
                "  {} -> {} [label=\"{}\"];",
                node_id(&f.from),
                node_id(&f.to),
                f.label.replace('"', "'")
            );
        }
    }
    out.push_str("}\n");
    out
}
