//! The system's own threat model for people: the attack paths with their steps, the plan by
//! fix action (with how it is scored), and the topology as Mermaid and Graphviz DOT.

use anstyle::Style;
use drydock_model::topology::{AttackPath, ElementKind, FixAction, SystemModel};
use std::fmt::Write;

/// Paths listed before "… and N more".
pub const PATHS_SHOWN: usize = 5;

fn provenance_line(system: &SystemModel) -> String {
    let p = &system.provenance;
    format!(
        "made {} on {} by drydock {}",
        p.made_at, p.host, p.tool_version
    )
}

fn path_text(out: &mut String, p: &AttackPath) {
    let bold = Style::new().bold();
    let dim = Style::new().dimmed();
    let _ = writeln!(
        out,
        "{bold}{} {}{bold:#} {dim}risk {} · entry {} · impact {}{dim:#}",
        p.id,
        p.summary,
        p.risk.name(),
        p.exposure,
        p.impact
    );
    for (i, s) in p.steps.iter().enumerate() {
        let control = if s.control.is_empty() {
            String::new()
        } else if s.cis.is_empty() {
            format!("  [{}]", s.control)
        } else {
            format!("  [{} CIS {}]", s.control, s.cis)
        };
        let threat = if s.threat.is_empty() {
            String::new()
        } else {
            format!(" {}", s.threat)
        };
        let _ = writeln!(
            out,
            "   {}. {}{control}{dim}{threat}{dim:#}",
            i + 1,
            s.action
        );
    }
}

/// The attack paths, for `drydock threats`.
pub fn paths_text(system: &SystemModel, all: bool) -> String {
    let mut out = String::new();
    let bold = Style::new().bold();
    let t = &system.topology;
    let count = |k: ElementKind| {
        t.elements
            .iter()
            .filter(|e| e.kind == k)
            .map(|e| e.replicas)
            .sum::<usize>()
    };
    let _ = writeln!(
        out,
        "{bold}This system{bold:#} — {} containers, {} compose services, {} workloads in {} zones; {} flows ({})",
        count(ElementKind::Container),
        count(ElementKind::Service),
        count(ElementKind::Workload),
        t.zones.len(),
        t.flows.len(),
        provenance_line(system)
    );
    if system.paths.is_empty() {
        let _ = writeln!(
            out,
            "No attack path: no published entry or compromised image reaches the host, the Docker API or the cluster's credentials through what was audited.\n"
        );
        return out;
    }
    let shown = if all {
        system.paths.len()
    } else {
        PATHS_SHOWN.min(system.paths.len())
    };
    let _ = writeln!(
        out,
        "{bold}Attack paths{bold:#} ({}), most severe first; each step names the failing control that allows it:\n",
        system.paths.len()
    );
    for p in &system.paths[..shown] {
        path_text(&mut out, p);
    }
    if shown < system.paths.len() {
        let _ = writeln!(
            out,
            "   … and {} more (--all lists every one)",
            system.paths.len() - shown
        );
    }
    out.push('\n');
    out
}

fn action_text(out: &mut String, a: &FixAction, system: &SystemModel) {
    let bold = Style::new().bold();
    let dim = Style::new().dimmed();
    let _ = writeln!(
        out,
        "{bold}{}. {}{bold:#}  {dim}{} · score {:.2}{dim:#}",
        a.rank, a.action, a.scope, a.score
    );
    let _ = writeln!(out, "   why: {}", a.why);
    let _ = writeln!(out, "   turns to pass: {}", a.controls.join("; "));
    let shown: Vec<&str> = a.threats.iter().take(5).map(String::as_str).collect();
    if !shown.is_empty() {
        let more = a.threats.len() - shown.len();
        let _ = writeln!(
            out,
            "   threats: {}{}",
            shown.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        );
    }
    for id in &a.paths {
        if let Some(p) = system.paths.iter().find(|p| &p.id == id) {
            let _ = writeln!(
                out,
                "   cuts {}: {} ({} risk)",
                p.id,
                p.summary,
                p.risk.name()
            );
        }
    }
    let fix = a.remediation.trim().lines().next().unwrap_or("");
    if !fix.is_empty() {
        let _ = writeln!(out, "   fix: {fix}");
    }
    out.push('\n');
}

/// The plan by fix action, for `drydock plan`.
pub fn actions_text(system: &SystemModel, top: usize) -> String {
    let mut out = String::new();
    let bold = Style::new().bold();
    let dim = Style::new().dimmed();
    if system.actions.is_empty() {
        let _ = writeln!(
            out,
            "Nothing to harden: no failed control acts on an open or partially mitigated threat."
        );
        return out;
    }
    let _ = writeln!(
        out,
        "{bold}Do these first{bold:#}, one change each ({}):\n",
        provenance_line(system)
    );
    for a in system.actions.iter().take(top) {
        action_text(&mut out, a, system);
    }
    let _ = writeln!(
        out,
        "{dim}How the score is made: {}{dim:#}",
        system.how_scored
    );
    out
}

fn md(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The plan by fix action, in Markdown.
pub fn actions_markdown(system: &SystemModel, top: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "*{}*\n", provenance_line(system));
    if system.actions.is_empty() {
        out.push_str("No failed control acts on an open threat.\n");
        return out;
    }
    for a in system.actions.iter().take(top) {
        let _ = writeln!(out, "### {}. {}\n", a.rank, md(&a.action));
        let _ = writeln!(
            out,
            "*Why:* {} (score {:.2}, {}).\n",
            md(&a.why),
            a.score,
            a.scope
        );
        let _ = writeln!(out, "*Turns to pass:* {}\n", md(&a.controls.join("; ")));
        if !a.threats.is_empty() {
            let _ = writeln!(out, "*Threats:* {}\n", md(&a.threats.join(", ")));
        }
        for id in &a.paths {
            if let Some(p) = system.paths.iter().find(|p| &p.id == id) {
                let _ = writeln!(
                    out,
                    "- cuts **{}**: {} ({} risk)",
                    p.id,
                    md(&p.summary),
                    p.risk.name()
                );
            }
        }
        let _ = writeln!(out, "\n*Fix:* {}\n", md(a.remediation.trim()));
    }
    let _ = writeln!(out, "*How the score is made:* {}", system.how_scored);
    out
}

/// The attack paths, in Markdown.
pub fn paths_markdown(system: &SystemModel) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## Attack paths\n\n*{}*\n", provenance_line(system));
    if system.paths.is_empty() {
        out.push_str("No attack path through what was audited.\n\n");
        return out;
    }
    for p in system.paths.iter().take(PATHS_SHOWN * 2) {
        let _ = writeln!(
            out,
            "**{}** {} — risk {}, entry {}, impact {}\n",
            p.id,
            md(&p.summary),
            p.risk.name(),
            p.exposure,
            p.impact
        );
        for (i, s) in p.steps.iter().enumerate() {
            let _ = writeln!(
                out,
                "{}. {}{}{}",
                i + 1,
                md(&s.action),
                if s.control.is_empty() {
                    String::new()
                } else {
                    format!(
                        " — `{}`{}",
                        s.control,
                        if s.cis.is_empty() {
                            String::new()
                        } else {
                            format!(" (CIS {})", s.cis)
                        }
                    )
                },
                if s.threat.is_empty() {
                    String::new()
                } else {
                    format!(", {}", md(&s.threat))
                }
            );
        }
        out.push('\n');
    }
    out
}

fn node_id(id: &str) -> String {
    let mut s: String = id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    s.insert(0, 'n');
    s
}

fn quoted(text: &str) -> String {
    text.replace('"', "'")
}

fn element_label(e: &drydock_model::topology::SystemElement) -> String {
    let mut label = e.name.clone();
    if !e.traits.is_empty() {
        label.push_str(&format!(" ({})", e.traits.join(", ")));
    }
    label
}

/// The topology as a Mermaid flowchart: zones as subgraphs, flows as labelled edges.
pub fn topology_mermaid(system: &SystemModel) -> String {
    let t = &system.topology;
    let mut out = String::from("flowchart LR\n");
    let _ = writeln!(out, "  %% {}", provenance_line(system));
    for e in t.elements.iter().filter(|e| e.zones.is_empty()) {
        let _ = writeln!(
            out,
            "  {}[\"{}\"]",
            node_id(&e.id),
            quoted(&element_label(e))
        );
    }
    for z in &t.zones {
        let _ = writeln!(
            out,
            "  subgraph {}[\"{} {}{}\"]",
            node_id(&z.id),
            z.kind,
            quoted(&z.name),
            if z.isolated { " (isolated)" } else { "" }
        );
        for e in t.elements.iter().filter(|e| e.zones.first() == Some(&z.id)) {
            let _ = writeln!(
                out,
                "    {}[\"{}\"]",
                node_id(&e.id),
                quoted(&element_label(e))
            );
        }
        out.push_str("  end\n");
    }
    for f in &t.flows {
        let _ = writeln!(
            out,
            "  {} -->|\"{}\"| {}",
            node_id(&f.from),
            quoted(&format!("{}: {}", f.kind, f.label)),
            node_id(&f.to)
        );
    }
    out
}

/// The topology as Graphviz DOT: zones as clusters, flows as labelled edges.
pub fn topology_dot(system: &SystemModel) -> String {
    let t = &system.topology;
    let mut out = String::from("digraph system {\n  rankdir=LR;\n  node [shape=box];\n");
    let _ = writeln!(out, "  label=\"{}\";", quoted(&provenance_line(system)));
    for e in t.elements.iter().filter(|e| e.zones.is_empty()) {
        let _ = writeln!(
            out,
            "  {} [label=\"{}\"];",
            node_id(&e.id),
            quoted(&element_label(e))
        );
    }
    for z in &t.zones {
        let _ = writeln!(
            out,
            "  subgraph cluster_{} {{\n    label=\"{} {}{}\";",
            node_id(&z.id),
            z.kind,
            quoted(&z.name),
            if z.isolated { " (isolated)" } else { "" }
        );
        for e in t.elements.iter().filter(|e| e.zones.first() == Some(&z.id)) {
            let _ = writeln!(
                out,
                "    {} [label=\"{}\"];",
                node_id(&e.id),
                quoted(&element_label(e))
            );
        }
        out.push_str("  }\n");
    }
    for f in &t.flows {
        let _ = writeln!(
            out,
            "  {} -> {} [label=\"{}\"];",
            node_id(&f.from),
            node_id(&f.to),
            quoted(&format!("{}: {}", f.kind, f.label))
        );
    }
    out.push_str("}\n");
    out
}
