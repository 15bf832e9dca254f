//! The human report: failed controls by severity, each with the objects it fails on (or, by
//! object, each object with its failed controls), a table of failures by severity, the summary.
//! Styles are ANSI escapes; the caller strips them when the output is not a terminal.

use super::control_sort_key;
use anstyle::{AnsiColor, Style};
use drydock_model::model::Status;
use drydock_model::report::{Report, ResultEntry};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

/// How much of the report to show, and how.
#[derive(Debug, Clone, Copy, Default)]
pub struct TextOptions {
    /// Show every result, passes included, every object with its evidence.
    pub verbose: bool,
    /// Controls with their objects, or objects with their controls.
    pub group_by: GroupBy,
}

/// What the text report is organised by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum GroupBy {
    /// Each failed control with the objects it fails on: what to fix first across the host.
    #[default]
    Control,
    /// Each object with every control it fails: what to fix on one container or file.
    Object,
}

fn style(status: Status) -> Style {
    match status {
        Status::Fail => AnsiColor::Red.on_default().bold(),
        Status::Unknown => AnsiColor::Yellow.on_default().bold(),
        Status::Manual => AnsiColor::Cyan.on_default(),
        Status::Pass => AnsiColor::Green.on_default(),
        Status::NotApplicable => Style::new().dimmed(),
    }
}

fn tag(status: Status) -> String {
    let s = style(status);
    format!("{s}{:<9}{s:#}", format!("[{}]", status.tag()))
}

/// The worst status among results: what a control's line shows.
pub fn worst(results: &[&ResultEntry]) -> Status {
    results
        .iter()
        .map(|r| r.status)
        .min()
        .unwrap_or(Status::NotApplicable)
}

/// The worst status of the results not set aside; `None` when every one is.
fn worst_open(results: &[&ResultEntry]) -> Option<Status> {
    results
        .iter()
        .filter(|r| r.suppressed.is_none())
        .map(|r| r.status)
        .min()
}

/// Renders the report as text.
pub fn render(report: &Report, options: TextOptions) -> String {
    let mut out = String::new();
    let bold = Style::new().bold();
    let t = &report.target;
    let files = if t.files > 0 {
        format!(", {} files", t.files)
    } else {
        String::new()
    };
    if t.host_audited {
        let engine = match &t.engine_version {
            Some(v) => format!(
                " (Docker {v}, {} containers, {} images)",
                t.containers, t.images
            ),
            None => " (Docker Engine API not available)".to_string(),
        };
        let host = if t.host.is_empty() {
            "this host"
        } else {
            &t.host
        };
        let _ = writeln!(
            out,
            "{bold}drydock {}{bold:#} — {} audit of {host}{engine}{files}",
            report.tool_version, report.benchmark
        );
    } else {
        let _ = writeln!(
            out,
            "{bold}drydock {}{bold:#} — audit of {} project files",
            report.tool_version, t.files
        );
    }
    if let Some(components) = &t.kubernetes_node {
        let found = if components.is_empty() {
            "no components found".to_string()
        } else {
            components.join(", ")
        };
        let _ = writeln!(out, "Kubernetes node (CIS Kubernetes 1.12): {found}");
    }
    if t.root != "/" {
        let _ = writeln!(out, "host files read under {}", t.root);
    }
    let controls = controls(report);
    match options.group_by {
        GroupBy::Control => {
            render_by_control(&mut out, &controls, options);
            if !options.verbose {
                failing_objects(&mut out, &controls);
            }
        }
        GroupBy::Object => render_by_object(&mut out, &controls),
    }
    closing_table(&mut out, &controls);
    let failed_objects = objects_of(controls.iter().filter(|c| c.status == Some(Status::Fail)));
    let count = |status: Status| controls.iter().filter(|c| c.status == Some(status)).count();
    let _ = writeln!(
        out,
        "\n{bold}Summary{bold:#}: {} controls failed on {} objects, {} unknown, {} manual, {} passed, {} not applicable ({} results: {} failed, {} unknown, {} manual, {} passed, {} not applicable{})",
        count(Status::Fail),
        failed_objects,
        count(Status::Unknown),
        count(Status::Manual),
        count(Status::Pass),
        count(Status::NotApplicable),
        report.results.len(),
        report.summary.fail,
        report.summary.unknown,
        report.summary.manual,
        report.summary.pass,
        report.summary.not_applicable,
        set_aside(report)
    );
    if let Some(model) = &report.threat_model {
        let count = |label: &str| model.summary.get(label).copied().unwrap_or(0);
        let _ = writeln!(
            out,
            "Threats: {} open, {} partially mitigated, {} unknown, {} mitigated (`drydock threats` shows why; `drydock plan` what to harden first)",
            count("open"),
            count("partially mitigated"),
            count("unknown"),
            count("mitigated")
        );
    }
    for note in &report.notes {
        let _ = writeln!(out, "note: {note}");
    }
    if !report.complete {
        let w = style(Status::Unknown);
        let _ = writeln!(
            out,
            "{w}INCOMPLETE AUDIT{w:#}: some sources could not be read; their controls are unknown, not passed:"
        );
        for reason in &report.incomplete_reasons {
            let _ = writeln!(out, "  - {reason}");
        }
    }
    out
}

/// How many objects of a control the default output names before "and N more".
pub const OBJECTS_SHOWN: usize = 5;

/// One control (one rule) with every result of it.
struct Control<'a> {
    first: &'a ResultEntry,
    /// Every result, set aside or not.
    all: Vec<&'a ResultEntry>,
    /// The worst status of the open results; `None` when every result is set aside.
    status: Option<Status>,
}

impl Control<'_> {
    /// The id people look up: the CIS control in the report's numbering, else the rule's.
    fn id(&self) -> &str {
        if self.first.rule.control.is_empty() {
            &self.first.rule.rule_id
        } else {
            &self.first.rule.control
        }
    }

    /// The results of the control's own status (of those not set aside).
    // Picked from `all` when asked: a second list of the open results, nearly always all of
    // them, was a copy of every result's place for a cluster's audit.
    fn shown(&self) -> Vec<&ResultEntry> {
        self.all
            .iter()
            .copied()
            .filter(|r| r.suppressed.is_none() && Some(r.status) == self.status)
            .collect()
    }
}

/// Results grouped by rule, most severe first, then in benchmark order (Docker sections before
/// the Kubernetes node's, whose numbers overlap), then project rules by id.
fn controls(report: &Report) -> Vec<Control<'_>> {
    let mut by_rule: BTreeMap<&str, Vec<&ResultEntry>> = BTreeMap::new();
    for r in &report.results {
        by_rule.entry(r.rule.rule_id.as_ref()).or_default().push(r);
    }
    let mut controls: Vec<Control> = by_rule
        .into_values()
        .map(|all| {
            let status = worst_open(&all);
            Control {
                first: all[0],
                all,
                status,
            }
        })
        .collect();
    controls.sort_by_cached_key(|c| {
        let r = c.first;
        let kube = r
            .rule
            .cis
            .first()
            .is_some_and(|x| x.benchmark == drydock_model::benchmark::KUBE_BENCHMARK);
        let id_160 = r
            .rule
            .cis
            .first()
            .map(|x| x.id.to_string())
            .unwrap_or_default();
        (
            std::cmp::Reverse(r.rule.severity),
            r.rule.cis.is_empty(),
            kube,
            r.rule.section,
            control_sort_key(&id_160),
            r.rule.rule_id.to_string(),
        )
    });
    controls
}

/// The object inside a project file a result concerns (`service web`, `Deployment api`), when
/// the file holds several; without the file's name, which the place already gives.
fn object_in_file(r: &ResultEntry) -> Option<String> {
    use drydock_model::model::Target;
    let name = r.object.name.as_str();
    let name = match &r.location {
        Some(l) => name.strip_suffix(&format!(" ({})", l.path)).unwrap_or(name),
        None => name,
    };
    match r.object.kind {
        Target::ComposeService => Some(format!("service {name}")),
        Target::KubeWorkload | Target::ImageArchive => Some(name.to_string()),
        _ => None,
    }
}

/// Where a result is: `file:line` (and the object in the file) for project files, else the
/// object.
fn place(r: &ResultEntry) -> String {
    match &r.location {
        Some(l) if r.object.kind.is_project() => match object_in_file(r) {
            Some(object) => format!("{}:{} {object}", l.path, l.line),
            None => format!("{}:{}", l.path, l.line),
        },
        _ => r.object.to_string(),
    }
}

/// The object a result belongs to, as `--group-by object` groups them: a compose service, a
/// workload or a file; a container, an image, the daemon.
fn object_key(r: &ResultEntry) -> String {
    match &r.location {
        Some(l) if r.object.kind.is_project() => match object_in_file(r) {
            Some(object) => format!("{} {object}", l.path),
            None => l.path.to_string(),
        },
        _ => r.object.to_string(),
    }
}

fn objects_of<'a>(controls: impl Iterator<Item = &'a Control<'a>>) -> usize {
    let mut objects = std::collections::HashSet::new();
    for c in controls {
        for r in c.shown() {
            objects.insert(object_key(r));
        }
    }
    objects.len()
}

/// The first evidence of a result on the same line: `(field: actual, expected …)`.
fn evidence_inline(r: &ResultEntry) -> String {
    let dim = Style::new().dimmed();
    match r.evidence.first() {
        Some(e) => {
            let expected = e
                .expected
                .as_ref()
                .map(|x| format!(", expected {x}"))
                .unwrap_or_default();
            format!("  {dim}({}: {}{expected}){dim:#}", e.field, e.actual)
        }
        None => String::new(),
    }
}

fn evidence_lines(out: &mut String, r: &ResultEntry, indent: &str) {
    let dim = Style::new().dimmed();
    for e in r.evidence.iter() {
        let _ = write!(out, "{indent}{}: {}", e.field, e.actual);
        if let Some(expected) = &e.expected {
            let _ = write!(out, "  {dim}(expected {expected}){dim:#}");
        }
        if let Some(source) = &e.source {
            let _ = write!(out, "  {dim}[{source}]{dim:#}");
        }
        out.push('\n');
    }
}

fn severity_word(s: drydock_model::model::Severity) -> &'static str {
    use drydock_model::model::Severity;
    match s {
        Severity::Critical => "CRITICAL",
        Severity::High => "HIGH",
        Severity::Medium => "MEDIUM",
        Severity::Low => "LOW",
        Severity::Info => "INFO",
    }
}

fn severity_style(s: drydock_model::model::Severity) -> Style {
    use drydock_model::model::Severity;
    match s {
        Severity::Critical => AnsiColor::Magenta.on_default().bold(),
        Severity::High => AnsiColor::Red.on_default().bold(),
        Severity::Medium => AnsiColor::Yellow.on_default().bold(),
        Severity::Low | Severity::Info => Style::new().bold(),
    }
}

/// One control's line: status, severity, id, title, and how many objects it concerns.
fn control_line(out: &mut String, c: &Control, status: Option<Status>) {
    let dim = Style::new().dimmed();
    let sev = severity_style(c.first.rule.severity);
    let tag = match status {
        Some(s) => tag(s),
        None => format!("{dim}{:<9}{dim:#}", "[ASIDE]"),
    };
    let objects = c.shown().len();
    let count = if objects > 1 || c.first.object.kind.is_project() {
        format!(
            " — {objects} {}",
            if objects == 1 { "object" } else { "objects" }
        )
    } else {
        String::new()
    };
    let rule = if c.first.rule.control.is_empty() {
        String::new()
    } else {
        format!(" {}", c.first.rule.rule_id)
    };
    let _ = writeln!(
        out,
        "  {tag} {sev}{:<8}{sev:#} {:<7} {}{dim}{rule}{count}{dim:#}",
        severity_word(c.first.rule.severity),
        c.id(),
        c.first.rule.title
    );
}

/// Failed controls by severity, then unknown and manual ones; `-v` adds the rest and lists
/// every object with its evidence.
fn render_by_control(out: &mut String, controls: &[Control], options: TextOptions) {
    let bold = Style::new().bold();
    let dim = Style::new().dimmed();
    let groups: [(&str, Option<Status>); 6] = [
        ("Failed controls, most severe first", Some(Status::Fail)),
        (
            "Not checked: unknown (a fact could not be read)",
            Some(Status::Unknown),
        ),
        ("Manual: check these by hand", Some(Status::Manual)),
        ("Passed", Some(Status::Pass)),
        ("Not applicable", Some(Status::NotApplicable)),
        (
            "Set aside (waived, in the baseline or ignored inline)",
            None,
        ),
    ];
    // Fixes already printed, with the control they were printed under: seventeen audit
    // controls share one fix, which is then written once.
    let mut fixes_shown: HashMap<String, String> = HashMap::new();
    for (title, status) in groups {
        let quiet = matches!(
            status,
            Some(Status::Pass) | Some(Status::NotApplicable) | None
        );
        if quiet && !options.verbose {
            continue;
        }
        let members: Vec<&Control> = controls.iter().filter(|c| c.status == status).collect();
        if members.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{bold}{title}{bold:#} ({})", members.len());
        // Unknown controls that share one reason (an engine that could not be reached leaves
        // fifty) are listed under it, the reason written once.
        let mut members = members;
        if status == Some(Status::Unknown) && !options.verbose {
            let mut by_reason: Vec<(std::sync::Arc<String>, Vec<&Control>)> = Vec::new();
            let mut alone = Vec::new();
            for c in members {
                let shown = c.shown();
                let reason = shown[0].message.clone();
                if shown.iter().all(|r| r.message == reason) {
                    match by_reason.iter_mut().find(|(r, _)| *r == reason) {
                        Some((_, controls)) => controls.push(c),
                        None => by_reason.push((reason, vec![c])),
                    }
                } else {
                    alone.push(c);
                }
            }
            for (reason, controls) in by_reason {
                if controls.len() == 1 {
                    alone.extend(controls);
                    continue;
                }
                let ts = style(Status::Unknown);
                let _ = writeln!(
                    out,
                    "  {ts}{} controls{ts:#}, because {reason}:",
                    controls.len()
                );
                for c in controls {
                    control_line(out, c, status);
                }
            }
            members = alone;
        }
        for c in members {
            control_line(out, c, status);
            // Manual controls name no object: the line says what to check.
            if status == Some(Status::Manual) && !options.verbose {
                continue;
            }
            let results = if status.is_none() {
                c.all.clone()
            } else {
                c.shown()
            };
            let limit = if options.verbose {
                usize::MAX
            } else {
                OBJECTS_SHOWN
            };
            for r in results.iter().take(limit) {
                let ts = style(r.status);
                if options.verbose {
                    let _ = writeln!(out, "            {ts}{}{ts:#}: {}", place(r), r.message);
                    if let Some(s) = &r.suppressed {
                        let _ =
                            writeln!(out, "              {dim}set aside: {}{dim:#}", s.describe());
                    }
                    evidence_lines(out, r, "              ");
                } else {
                    let _ = writeln!(
                        out,
                        "            {ts}{}{ts:#}: {}{}",
                        place(r),
                        r.message,
                        evidence_inline(r)
                    );
                }
            }
            if results.len() > limit {
                let _ = writeln!(
                    out,
                    "            {dim}… and {} more (-v lists every one){dim:#}",
                    results.len() - limit
                );
            }
            if status == Some(Status::Fail) {
                let first_paragraph = crate::first_paragraph(&c.first.rule.remediation);
                if let Some(earlier) = fixes_shown.get(&first_paragraph) {
                    let _ = writeln!(out, "            {dim}fix: as for {earlier}{dim:#}");
                } else if !first_paragraph.is_empty() {
                    let _ = writeln!(out, "            {dim}fix: {first_paragraph}{dim:#}");
                    fixes_shown.insert(first_paragraph, c.id().to_string());
                }
            }
        }
    }
}

/// Every object that fails a control, by name, when the lists above left some out: no failing
/// object goes unnamed, and the list takes a line per few names.
fn failing_objects(out: &mut String, controls: &[Control]) {
    let bold = Style::new().bold();
    let dim = Style::new().dimmed();
    let failed: Vec<&Control> = controls
        .iter()
        .filter(|c| c.status == Some(Status::Fail))
        .collect();
    if failed.iter().all(|c| c.shown().len() <= OBJECTS_SHOWN) {
        return;
    }
    // Each object once as it is found, not once per failure and then deduplicated: a cluster
    // fails several controls on each of its objects.
    // (Inserted one by one: a set collected from an iterator first gathers every key, one per
    // failure, in a list, and only then sorts and deduplicates it.)
    let mut names = std::collections::BTreeSet::new();
    for r in failed.iter().flat_map(|c| c.shown()) {
        names.insert(object_key(r));
    }
    let _ = writeln!(
        out,
        "\n{bold}Objects with failed controls{bold:#} ({}) {dim}— `--group-by object` shows each with its controls{dim:#}",
        names.len()
    );
    let mut line = String::from(" ");
    for (i, name) in names.iter().enumerate() {
        let piece = if i + 1 < names.len() {
            format!(" {name},")
        } else {
            format!(" {name}")
        };
        if line.len() + piece.len() > 100 && line.len() > 1 {
            let _ = writeln!(out, "{line}");
            line = String::from(" ");
        }
        line.push_str(&piece);
    }
    let _ = writeln!(out, "{line}");
}

/// Every object with a failed or unknown control, the worst first, each with its controls.
fn render_by_object(out: &mut String, controls: &[Control]) {
    let bold = Style::new().bold();
    let mut by_object: BTreeMap<String, Vec<(&Control, &ResultEntry)>> = BTreeMap::new();
    for c in controls {
        if !matches!(c.status, Some(Status::Fail) | Some(Status::Unknown)) {
            continue;
        }
        for r in c.shown() {
            by_object.entry(object_key(r)).or_default().push((c, r));
        }
    }
    let mut objects: Vec<(String, Vec<(&Control, &ResultEntry)>)> = by_object.into_iter().collect();
    let failures =
        |v: &[(&Control, &ResultEntry)]| v.iter().filter(|(_, r)| r.status == Status::Fail).count();
    objects.sort_by_cached_key(|(name, v)| {
        let worst = v
            .iter()
            .filter(|(_, r)| r.status == Status::Fail)
            .map(|(c, _)| c.first.rule.severity)
            .max();
        (
            std::cmp::Reverse(worst),
            std::cmp::Reverse(failures(v)),
            name.clone(),
        )
    });
    if objects.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\n{bold}Objects with failed or unknown controls, worst first{bold:#} ({})",
        objects.len()
    );
    for (name, results) in objects {
        let unknown = results.len() - failures(&results);
        let _ = writeln!(
            out,
            "\n{bold}{name}{bold:#} — {} failed{}",
            failures(&results),
            if unknown > 0 {
                format!(", {unknown} unknown")
            } else {
                String::new()
            }
        );
        for (c, r) in results {
            let sev = severity_style(c.first.rule.severity);
            let line = r
                .location
                .as_ref()
                .filter(|_| r.object.kind.is_project())
                .map(|l| format!("{:>5} ", l.line))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  {} {sev}{:<8}{sev:#} {line}{:<7} {}: {}{}",
                tag(r.status),
                severity_word(c.first.rule.severity),
                c.id(),
                c.first.rule.title,
                r.message,
                evidence_inline(r)
            );
        }
    }
}

/// Failed controls by severity with the number of objects each severity touches.
fn closing_table(out: &mut String, controls: &[Control]) {
    use drydock_model::model::Severity;
    let bold = Style::new().bold();
    let failed: Vec<&Control> = controls
        .iter()
        .filter(|c| c.status == Some(Status::Fail))
        .collect();
    if failed.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\n{bold}Failed controls by severity{bold:#}\n  severity  controls  objects"
    );
    for severity in [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ] {
        let of: Vec<&Control> = failed
            .iter()
            .copied()
            .filter(|c| c.first.rule.severity == severity)
            .collect();
        if of.is_empty() {
            continue;
        }
        let sev = severity_style(severity);
        let _ = writeln!(
            out,
            "  {sev}{:<9}{sev:#} {:>8} {:>8}",
            severity_word(severity).to_lowercase(),
            of.len(),
            objects_of(of.into_iter())
        );
    }
    let _ = writeln!(
        out,
        "  {:<9} {:>8} {:>8}",
        "all",
        failed.len(),
        objects_of(failed.into_iter())
    );
}

/// `, 5 set aside (3 waived, 2 in the baseline)` for the summary line, or nothing.
fn set_aside(report: &Report) -> String {
    use drydock_model::report::SuppressionKind;
    let count = |kind: SuppressionKind| {
        report
            .results
            .iter()
            .filter(|r| r.suppressed.as_ref().is_some_and(|s| s.kind == kind))
            .count()
    };
    let parts: Vec<String> = [
        (SuppressionKind::Waiver, "waived"),
        (SuppressionKind::Baseline, "in the baseline"),
        (SuppressionKind::Inline, "ignored inline"),
    ]
    .into_iter()
    .map(|(kind, label)| (count(kind), label))
    .filter(|(n, _)| *n > 0)
    .map(|(n, label)| format!("{n} {label}"))
    .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!(
            ", {} set aside ({})",
            report.summary.suppressed,
            parts.join(", ")
        )
    }
}
