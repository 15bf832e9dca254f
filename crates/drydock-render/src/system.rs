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
    let counted =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let _ = writeln!(
        out,
        "{bold}This system{bold:#} — {}, {}, {} in {}; {} ({})",
        counted(count(ElementKind::Container), "container", "containers"),
        counted(
            count(ElementKind::Service),
            "compose service",
            "compose services"
        ),
        counted(count(ElementKind::Workload), "workload", "workloads"),
        counted(t.zones.len(), "zone", "zones"),
        counted(t.flows.len(), "flow", "flows"),
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
    if !system.risks.is_empty() {
        let _ = writeln!(
            out,
            "\n{bold}Highest risks{bold:#} (likelihood × impact; residual after decisions [inherent]):"
        );
        for r in system
            .risks
            .iter()
            .take(if all { system.risks.len() } else { PATHS_SHOWN })
        {
            let _ = writeln!(
                out,
                "   {:<8} [{}] {} — {}, {}{}",
                r.residual.name(),
                r.inherent.name(),
                r.instance,
                r.likelihood,
                r.impact,
                if r.decision.is_empty() {
                    String::new()
                } else {
                    format!("; {}", r.decision)
                }
            );
        }
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
    let shown: Vec<String> = a.threats.iter().take(5).map(|t| t.to_string()).collect();
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
    let fix = crate::first_paragraph(&a.remediation);
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
            let _ = writeln!(
                out,
                "*Threats:* {}\n",
                md(&a
                    .threats
                    .iter()
                    .map(|t| t.to_string())
                    .collect::<Vec<_>>()
                    .join(", "))
            );
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

const BOX_W: f64 = 168.0;
const BOX_H: f64 = 46.0;
const GAP: f64 = 14.0;
const PER_ROW: usize = 4;
const HEADER: f64 = 26.0;
const COLUMN_GAP: f64 = 64.0;

fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn short(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(max - 1).collect::<String>())
    }
}

/// The topology drawn as SVG: the outside on the left, the zones (networks, namespaces) in
/// the middle with their elements, the Docker API, API server and host on the right; flows
/// as curves. Elements and flows carry their ids (`data-node`, `data-edge`) so that a path
/// can be highlighted on the page.
pub fn topology_svg(system: &SystemModel) -> String {
    use std::collections::HashMap;
    let t = &system.topology;
    let mut place: HashMap<&str, (f64, f64)> = HashMap::new();
    let mut parts: Vec<String> = Vec::new();
    let mut titles: Vec<String> = Vec::new();
    let x_left = GAP;
    let x_mid = x_left + BOX_W + COLUMN_GAP;
    let zone_w = PER_ROW as f64 * (BOX_W + GAP) + GAP;
    let x_right = x_mid + zone_w + COLUMN_GAP;
    // Zones, in the order they were found, then elements without a zone of their own.
    let mut y = GAP;
    let mut zone_list: Vec<(&str, String, bool)> = t
        .zones
        .iter()
        .map(|z| {
            (
                z.id.as_str(),
                format!(
                    "{} {}{}",
                    z.kind,
                    z.name,
                    if z.isolated { " (isolated)" } else { "" }
                ),
                z.isolated,
            )
        })
        .collect();
    let zoned = |e: &&drydock_model::topology::SystemElement| {
        matches!(
            e.kind,
            ElementKind::Container | ElementKind::Service | ElementKind::Workload
        )
    };
    if t.elements.iter().filter(zoned).any(|e| e.zones.is_empty()) {
        zone_list.push(("", "no network".into(), false));
    }
    for (zone_id, title, isolated) in &zone_list {
        let members: Vec<&drydock_model::topology::SystemElement> = t
            .elements
            .iter()
            .filter(zoned)
            .filter(|e| e.zones.first().map_or("", String::as_str) == *zone_id)
            .collect();
        if members.is_empty() {
            continue;
        }
        let rows = members.len().div_ceil(PER_ROW);
        let height = HEADER + rows as f64 * (BOX_H + GAP) + GAP;
        parts.push(format!(
            "<g class=\"zone{}\"><rect x=\"{x_mid}\" y=\"{y}\" width=\"{zone_w}\" height=\"{height}\" rx=\"8\"/></g>",
            if *isolated { " isolated" } else { "" },
        ));
        // Titles go over the flows (a published port's curve enters the zone across its
        // header), each on a halo of the page's colour so that a line never strikes it out.
        titles.push(format!(
            "<text class=\"zone-title\" x=\"{}\" y=\"{}\">{}</text>",
            x_mid + 10.0,
            y + 17.0,
            esc(title)
        ));
        for (i, e) in members.iter().enumerate() {
            let ex = x_mid + GAP + (i % PER_ROW) as f64 * (BOX_W + GAP);
            let ey = y + HEADER + (i / PER_ROW) as f64 * (BOX_H + GAP);
            place.insert(e.id.as_str(), (ex, ey));
        }
        y += height + GAP;
    }
    let middle_height = y;
    // The frame: outside on the left, the daemon, API server and host on the right.
    let mut left_y = GAP;
    let mut right_y = GAP;
    for e in &t.elements {
        match e.kind {
            ElementKind::Outside => {
                place.insert(e.id.as_str(), (x_left, left_y));
                left_y += BOX_H + GAP;
            }
            ElementKind::DockerApi | ElementKind::ApiServer | ElementKind::Host => {
                place.insert(e.id.as_str(), (x_right, right_y));
                right_y += BOX_H + 3.0 * GAP;
            }
            _ => {}
        }
    }
    let width = x_right + BOX_W + GAP;
    let height = middle_height.max(left_y).max(right_y) + GAP;
    let mut svg = format!(
        "<svg class=\"sysmap\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"Topology of the audited system\">\n"
    );
    for p in &parts {
        svg.push_str(p);
        svg.push('\n');
    }
    for f in &t.flows {
        let (Some(&(fx, fy)), Some(&(tx, ty))) =
            (place.get(f.from.as_str()), place.get(f.to.as_str()))
        else {
            continue;
        };
        // From the right edge of the source to the left edge of the target (or back).
        let (x1, x2) = if tx >= fx {
            (fx + BOX_W, tx)
        } else {
            (fx, tx + BOX_W)
        };
        let (y1, y2) = (fy + BOX_H / 2.0, ty + BOX_H / 2.0);
        let (x1, x2) = if (tx - fx).abs() < 1.0 {
            // Same column (the daemon to the host): down the right-hand side.
            (fx + BOX_W, tx + BOX_W)
        } else {
            (x1, x2)
        };
        let bend = if (tx - fx).abs() < 1.0 {
            30.0_f64.min(GAP)
        } else {
            (x2 - x1) / 2.0
        };
        // A published port is drawn into the top of its element, so the curve does not run
        // through the boxes beside it.
        let d = if f.kind == "publishes" {
            let cx = tx + BOX_W / 2.0;
            format!(
                "M {} {y1} C {} {y1} {cx} {} {cx} {ty}",
                fx + BOX_W,
                fx + BOX_W + COLUMN_GAP / 2.0,
                (ty - HEADER).max(1.0)
            )
        } else if matches!(f.kind.as_str(), "escapes" | "controls" | "authenticates") {
            // Out of the bottom of the element, then across to the frame on the right.
            let cx = fx + BOX_W / 2.0;
            let by = fy + BOX_H;
            format!(
                "M {cx} {by} C {cx} {} {} {y2} {x2} {y2}",
                by + GAP,
                x2 - COLUMN_GAP / 2.0
            )
        } else if (tx - fx).abs() < 1.0 {
            format!(
                "M {x1} {y1} C {} {y1} {} {y2} {x2} {y2}",
                x1 + bend,
                x2 + bend
            )
        } else {
            format!(
                "M {x1} {y1} C {} {y1} {} {y2} {x2} {y2}",
                x1 + bend,
                x2 - bend
            )
        };
        let _ = writeln!(
            svg,
            "<path class=\"flow {}\" d=\"{d}\" data-edge=\"{}&gt;{}\"><title>{}: {}{}</title></path>",
            esc(&f.kind),
            esc(&f.from),
            esc(&f.to),
            esc(&f.kind),
            esc(&f.label),
            if f.control.is_empty() {
                String::new()
            } else {
                format!(" ({})", esc(&f.control))
            }
        );
    }
    for title in &titles {
        svg.push_str(title);
        svg.push('\n');
    }
    for e in &t.elements {
        let Some(&(x, y)) = place.get(e.id.as_str()) else {
            continue;
        };
        let danger = e.traits.iter().any(|t| {
            t.contains("privileged")
                || t.contains(".sock")
                || t.contains("host ")
                || t.contains("cluster-admin")
        });
        let class = if danger {
            "danger"
        } else if e.exposure == "all interfaces" {
            "exposed"
        } else {
            "plain"
        };
        let detail = if e.traits.is_empty() {
            if e.image.is_empty() {
                e.exposure.clone()
            } else {
                e.image.clone()
            }
        } else {
            e.traits.join(", ")
        };
        let also = if e.zones.len() > 1 {
            format!("; also in {}", e.zones[1..].join(", "))
        } else {
            String::new()
        };
        let _ = writeln!(
            svg,
            "<g class=\"node {class}\" data-node=\"{}\"><title>{}{}{}</title><rect x=\"{x}\" y=\"{y}\" width=\"{BOX_W}\" height=\"{BOX_H}\" rx=\"6\"/><text class=\"name\" x=\"{}\" y=\"{}\">{}</text><text class=\"detail\" x=\"{}\" y=\"{}\">{}</text></g>",
            esc(&e.id),
            esc(&e.name),
            if detail.is_empty() {
                String::new()
            } else {
                format!(": {}", esc(&detail))
            },
            esc(&also),
            x + BOX_W / 2.0,
            y + 19.0,
            esc(&short(&e.name, 26)),
            x + BOX_W / 2.0,
            y + 36.0,
            esc(&short(&detail, 28))
        );
    }
    svg.push_str("</svg>\n");
    svg
}
