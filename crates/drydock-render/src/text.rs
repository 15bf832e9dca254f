//! The human report: results grouped by benchmark section, every failure with its evidence.
//! Styles are ANSI escapes; the caller strips them when the output is not a terminal.

use super::control_sort_key;
use anstyle::{AnsiColor, Style};
use drydock_model::benchmark::{docker_section_title, kube_section_title};
use drydock_model::model::Status;
use drydock_model::report::{Report, ResultEntry};
use std::collections::BTreeMap;
use std::fmt::Write;

/// How much of the report to show.
#[derive(Debug, Clone, Copy, Default)]
pub struct TextOptions {
    /// Show every result, passes included, with its evidence.
    pub verbose: bool,
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

/// Renders the report as text.
pub fn render(report: &Report, options: TextOptions) -> String {
    let mut out = String::new();
    let bold = Style::new().bold();
    let dim = Style::new().dimmed();
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
    // Group by rule, in control order within each section.
    // Docker sections first, then the Kubernetes node's (their numbers overlap).
    let mut by_rule: BTreeMap<(bool, u8, Vec<u32>, String), Vec<&ResultEntry>> = BTreeMap::new();
    for r in report
        .results
        .iter()
        .filter(|r| !r.object.kind.is_project())
    {
        let id_160 = r.cis.first().map(|c| c.id.as_ref()).unwrap_or("");
        let kube = r
            .cis
            .first()
            .is_some_and(|c| c.benchmark == drydock_model::benchmark::KUBE_BENCHMARK);
        by_rule
            .entry((
                kube,
                r.section,
                control_sort_key(id_160),
                r.rule_id.to_string(),
            ))
            .or_default()
            .push(r);
    }
    let mut section = (false, 0);
    for ((kube, sec, _, _), results) in &by_rule {
        if (*kube, *sec) != section {
            section = (*kube, *sec);
            let title = if *kube {
                format!("{} (CIS Kubernetes 1.12)", kube_section_title(*sec))
            } else {
                docker_section_title(*sec).to_string()
            };
            let _ = writeln!(out, "\n{bold}{sec} {title}{bold:#}");
        }
        let first = results[0];
        // Findings set aside (inline ignores, waivers, the baseline) do not colour the
        // control; a control whose every finding is set aside says so.
        let open: Vec<&ResultEntry> = results
            .iter()
            .copied()
            .filter(|r| r.suppressed.is_none())
            .collect();
        let status = worst(&open);
        let control = if first.control.is_empty() {
            "-".to_string()
        } else {
            first.control.to_string()
        };
        let counts = counts(results);
        let _ = writeln!(
            out,
            "  {} {:<7} {}{}",
            if open.is_empty() {
                format!("{dim}{:<9}{dim:#}", "[ASIDE]")
            } else {
                tag(status)
            },
            control,
            first.title,
            if results.len() > 1 {
                format!(" {dim}({counts}){dim:#}")
            } else {
                String::new()
            }
        );
        for r in results.iter().filter(|r| {
            options.verbose
                || (!matches!(r.status, Status::Pass | Status::NotApplicable)
                    && r.suppressed.is_none())
        }) {
            let ts = style(r.status);
            let _ = writeln!(out, "            {ts}{}{ts:#}: {}", r.object, r.message);
            if let Some(s) = &r.suppressed {
                let _ = writeln!(out, "              {dim}set aside: {}{dim:#}", s.describe());
            }
            for e in &r.evidence {
                let _ = write!(out, "              {}: {}", e.field, e.actual);
                if let Some(expected) = &e.expected {
                    let _ = write!(out, "  {dim}(expected {expected}){dim:#}");
                }
                if let Some(source) = &e.source {
                    let _ = write!(out, "  {dim}[{source}]{dim:#}");
                }
                out.push('\n');
            }
        }
        if status == Status::Fail && !options.verbose {
            let first_paragraph = first
                .remediation
                .split("\n\n")
                .next()
                .unwrap_or("")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if !first_paragraph.is_empty() {
                let _ = writeln!(out, "            {dim}fix: {first_paragraph}{dim:#}");
            }
        }
    }
    render_files(&mut out, report, options);
    let s = &report.summary;
    let _ = writeln!(
        out,
        "\n{bold}Summary{bold:#}: {} failed, {} unknown, {} manual, {} passed, {} not applicable{}",
        s.fail,
        s.unknown,
        s.manual,
        s.pass,
        s.not_applicable,
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

/// Findings on project files, grouped by file and ordered by line.
fn render_files(out: &mut String, report: &Report, options: TextOptions) {
    let bold = Style::new().bold();
    let dim = Style::new().dimmed();
    let mut by_file: BTreeMap<&str, Vec<&ResultEntry>> = BTreeMap::new();
    for r in report.results.iter().filter(|r| r.object.kind.is_project()) {
        let path = r
            .location
            .as_ref()
            .map_or(r.object.name.as_str(), |l| l.path.as_str());
        by_file.entry(path).or_default().push(r);
    }
    let mut suppressed = 0;
    for (path, mut results) in by_file {
        results.sort_by_key(|r| (r.location.as_ref().map_or(0, |l| l.line), r.rule_id.clone()));
        let shown: Vec<&&ResultEntry> = results
            .iter()
            .filter(|r| options.verbose || r.suppressed.is_none())
            .collect();
        suppressed += results.len() - shown.len();
        if shown.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{bold}{path}{bold:#}");
        for r in shown {
            let place = r
                .location
                .as_ref()
                .map_or(String::new(), |l| format!("{}:{}", l.line, l.column));
            let cis = r.cis.first().map_or(String::new(), |c| {
                format!(
                    " CIS {}",
                    if r.control.is_empty() {
                        &c.id
                    } else {
                        &r.control
                    }
                )
            });
            let _ = writeln!(
                out,
                "  {place:>7} {} {} {dim}{}{cis}{dim:#}  {}",
                tag(r.status),
                r.rule_id,
                r.rule_name,
                r.message
            );
            if r.object.kind == drydock_model::model::Target::ComposeService
                || r.object.kind == drydock_model::model::Target::ImageArchive
            {
                let _ = writeln!(out, "            {dim}{}{dim:#}", r.object.name);
            }
            for e in r
                .evidence
                .iter()
                .filter(|_| options.verbose || r.status != Status::Pass)
            {
                let _ = write!(out, "            {}: {}", e.field, e.actual);
                if let Some(expected) = &e.expected {
                    let _ = write!(out, "  {dim}(expected {expected}){dim:#}");
                }
                out.push('\n');
            }
            if let Some(s) = &r.suppressed {
                let _ = writeln!(out, "            {dim}set aside: {}{dim:#}", s.describe());
            }
        }
    }
    if suppressed > 0 {
        let _ = writeln!(
            out,
            "\n{dim}{suppressed} findings in files set aside (-v shows them){dim:#}"
        );
    }
}

fn counts(results: &[&ResultEntry]) -> String {
    let mut parts = Vec::new();
    for status in [
        Status::Fail,
        Status::Unknown,
        Status::Manual,
        Status::Pass,
        Status::NotApplicable,
    ] {
        let n = results.iter().filter(|r| r.status == status).count();
        if n > 0 {
            parts.push(format!("{n} {}", status.tag().to_lowercase()));
        }
    }
    parts.join(", ")
}
