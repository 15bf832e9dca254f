//! One report of many hosts (`drydock merge`): each host's standing, each control across the
//! fleet, each threat across the fleet, and the fleet's plan. Built one report at a time, so
//! memory holds the summaries, not the reports.

use crate::model::{Severity, Status};
use crate::report::{FailOn, Report};
use crate::threat_report::ThreatStatus;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The merged report.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
pub struct FleetReport {
    /// Version of this format.
    pub schema_version: String,
    /// drydock's version.
    pub tool_version: String,
    /// The hosts, worst first.
    pub hosts: Vec<FleetHost>,
    /// Every control that failed or could not be judged somewhere, most severe first, then by
    /// the number of hosts it fails on.
    pub controls: Vec<FleetControl>,
    /// Every threat open, partly mitigated or unknown somewhere.
    pub threats: Vec<FleetThreat>,
    /// Fix actions, each counted on every host it applies to.
    pub plan: Vec<FleetAction>,
    /// Inputs left out, each with its file (and line) and why: the merge is incomplete.
    pub skipped: Vec<String>,
    /// Whether every input was read and every host's audit was complete.
    pub complete: bool,
}

/// One host (one report).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct FleetHost {
    /// The host's name (the report's target), made unique with the file name when two agree.
    pub name: String,
    /// Where the report came from.
    pub source: String,
    /// Whether its audit read everything.
    pub complete: bool,
    /// Why not, when not.
    pub incomplete_reasons: Vec<String>,
    /// Failed controls by severity (`critical` … `info`).
    pub failed_controls: BTreeMap<String, usize>,
    /// Failed controls in all.
    pub failed: usize,
    /// Controls that could not be judged.
    pub unknown: usize,
    /// Threats open on it.
    pub open_threats: usize,
    /// The exit code `drydock audit` gave (or would give) it: 0, 1 or 3.
    pub exit_code: i32,
}

/// One control across the fleet.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct FleetControl {
    /// drydock's rule id.
    pub rule_id: String,
    /// The CIS control id, when there is one.
    pub control: String,
    /// Its title.
    pub title: String,
    /// Severity of a failure.
    pub severity: Severity,
    /// Hosts it fails on.
    pub failing_hosts: Vec<String>,
    /// Hosts where it could not be judged.
    pub unknown_hosts: Vec<String>,
    /// Hosts where it was judged and did not fail.
    pub other_hosts: usize,
    /// Objects it fails on, over all hosts.
    pub failing_objects: usize,
}

impl FleetControl {
    /// Whether it fails on every host that judged it.
    pub fn fails_everywhere(&self) -> bool {
        !self.failing_hosts.is_empty() && self.other_hosts == 0 && self.unknown_hosts.is_empty()
    }
}

/// One threat across the fleet.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct FleetThreat {
    /// Threat id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Severity.
    pub severity: Severity,
    /// Hosts by status label (`open`, `partially mitigated`, …).
    pub hosts: BTreeMap<String, Vec<String>>,
    /// Its instances (one per object it concerns) over all hosts, by status label.
    pub instances: BTreeMap<String, usize>,
}

/// A fix action across the fleet: one control hardened wherever it fails.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct FleetAction {
    /// Rank, from 1.
    pub rank: usize,
    /// The rule whose control the action hardens.
    pub rule_id: String,
    /// Its title.
    pub title: String,
    /// The CIS control.
    pub control: String,
    /// The hosts' plan scores added up: each host counts.
    pub score: f64,
    /// Hosts it applies to.
    pub hosts: Vec<String>,
    /// Objects it touches, over all hosts.
    pub objects: usize,
}

/// Builds a [`FleetReport`] one report at a time.
#[derive(Default)]
pub struct FleetBuilder {
    report: FleetReport,
    controls: BTreeMap<String, FleetControl>,
    threats: BTreeMap<String, FleetThreat>,
    plan: BTreeMap<String, FleetAction>,
    names: BTreeMap<String, usize>,
}

impl FleetBuilder {
    /// Adds one host's report, read from `source`.
    pub fn add(&mut self, source: &str, report: &Report) {
        // A source may be an endpoint written with its credential (`tcp://user:pw@host`).
        let source = &crate::secrets::redact_text(source);
        // A host is named as it names itself; two of one name are told apart by their engine
        // (several engines on one machine), else by where the report came from.
        let base = if report.target.host.is_empty() {
            source.to_string()
        } else {
            report.target.host.clone()
        };
        let mut name = base.clone();
        if self.names.contains_key(&name) {
            name = format!(
                "{base} ({})",
                report
                    .target
                    .engine_endpoint
                    .as_deref()
                    .map(crate::secrets::redact_text)
                    .unwrap_or_else(|| source.to_string())
            );
        }
        if self.names.contains_key(&name) {
            name = format!("{base} ({source})");
        }
        let mut n = 1;
        let unique = name.clone();
        while self.names.contains_key(&name) {
            n += 1;
            name = format!("{unique} #{n}");
        }
        self.names.insert(name.clone(), 1);
        // Each rule's worst open status on this host, and its failing objects.
        let mut by_rule: BTreeMap<&str, (Status, usize, &crate::report::ResultEntry)> =
            BTreeMap::new();
        for r in report.results.iter().filter(|r| r.suppressed.is_none()) {
            let entry = by_rule
                .entry(r.rule.rule_id.as_ref())
                .or_insert((r.status, 0, r));
            entry.0 = entry.0.min(r.status);
            if r.status == Status::Fail {
                entry.1 += 1;
            }
        }
        let mut failed_controls: BTreeMap<String, usize> = BTreeMap::new();
        let (mut failed, mut unknown) = (0, 0);
        for (rule, (status, objects, first)) in &by_rule {
            let control =
                self.controls
                    .entry((*rule).to_string())
                    .or_insert_with(|| FleetControl {
                        rule_id: first.rule.rule_id.to_string(),
                        control: first.rule.control.to_string(),
                        title: first.rule.title.to_string(),
                        severity: first.rule.severity,
                        failing_hosts: Vec::new(),
                        unknown_hosts: Vec::new(),
                        other_hosts: 0,
                        failing_objects: 0,
                    });
            match status {
                Status::Fail => {
                    failed += 1;
                    *failed_controls
                        .entry(first.rule.severity.name().to_string())
                        .or_default() += 1;
                    control.failing_hosts.push(name.clone());
                    control.failing_objects += objects;
                }
                Status::Unknown => {
                    unknown += 1;
                    control.unknown_hosts.push(name.clone());
                }
                _ => control.other_hosts += 1,
            }
        }
        let mut open_threats = 0;
        if let Some(model) = &report.threat_model {
            for t in &model.threats {
                if t.status == ThreatStatus::Open {
                    open_threats += 1;
                }
                if matches!(t.status, ThreatStatus::NotApplicable) {
                    continue;
                }
                let threat =
                    self.threats
                        .entry(t.threat.id.clone())
                        .or_insert_with(|| FleetThreat {
                            id: t.threat.id.clone(),
                            title: t.threat.title.clone(),
                            severity: t.threat.severity,
                            hosts: BTreeMap::new(),
                            instances: BTreeMap::new(),
                        });
                threat
                    .hosts
                    .entry(t.status.label().to_string())
                    .or_default()
                    .push(name.clone());
                for instance in &t.instances {
                    *threat
                        .instances
                        .entry(instance.status.label().to_string())
                        .or_default() += 1;
                }
            }
            for item in &model.plan {
                let action = self
                    .plan
                    .entry(item.rule_id.clone())
                    .or_insert_with(|| FleetAction {
                        rank: 0,
                        rule_id: item.rule_id.clone(),
                        title: item.title.clone(),
                        control: item.control.clone(),
                        score: 0.0,
                        hosts: Vec::new(),
                        objects: 0,
                    });
                action.score += item.score;
                action.hosts.push(name.clone());
                action.objects += item.objects.len();
            }
        }
        self.report.hosts.push(FleetHost {
            name,
            source: source.to_string(),
            complete: report.complete,
            incomplete_reasons: report
                .incomplete_reasons
                .iter()
                .map(|r| crate::secrets::redact_text(r))
                .collect(),
            failed_controls,
            failed,
            unknown,
            open_threats,
            exit_code: crate::report::exit_code(report, FailOn::Automated),
        });
    }

    /// Notes an input that could not be read.
    pub fn skip(&mut self, why: String) {
        self.report.skipped.push(crate::secrets::redact_text(&why));
    }

    /// The merged report.
    pub fn finish(mut self, tool_version: &str) -> FleetReport {
        let mut report = std::mem::take(&mut self.report);
        report.schema_version = "1.0".into();
        report.tool_version = tool_version.to_string();
        let rank = |h: &FleetHost| {
            let n = |s: &str| h.failed_controls.get(s).copied().unwrap_or(0);
            (
                std::cmp::Reverse(n("critical")),
                std::cmp::Reverse(n("high")),
                std::cmp::Reverse(h.failed),
                std::cmp::Reverse(h.open_threats),
                h.name.clone(),
            )
        };
        report.hosts.sort_by_cached_key(rank);
        let mut controls: Vec<FleetControl> = self
            .controls
            .into_values()
            .filter(|c| !c.failing_hosts.is_empty() || !c.unknown_hosts.is_empty())
            .collect();
        controls.sort_by(|a, b| {
            b.severity
                .cmp(&a.severity)
                .then(b.failing_hosts.len().cmp(&a.failing_hosts.len()))
                .then(b.unknown_hosts.len().cmp(&a.unknown_hosts.len()))
                .then(a.rule_id.cmp(&b.rule_id))
        });
        report.controls = controls;
        let mut threats: Vec<FleetThreat> = self
            .threats
            .into_values()
            .filter(|t| {
                ["open", "partially mitigated", "unknown"]
                    .iter()
                    .any(|s| t.hosts.contains_key(*s))
            })
            .collect();
        threats.sort_by(|a, b| {
            let open = |t: &FleetThreat| t.hosts.get("open").map_or(0, Vec::len);
            b.severity
                .cmp(&a.severity)
                .then(open(b).cmp(&open(a)))
                .then(a.id.cmp(&b.id))
        });
        report.threats = threats;
        let mut plan: Vec<FleetAction> = self.plan.into_values().collect();
        plan.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(b.hosts.len().cmp(&a.hosts.len()))
                .then(a.rule_id.cmp(&b.rule_id))
        });
        for (i, action) in plan.iter_mut().enumerate() {
            action.rank = i + 1;
        }
        report.plan = plan;
        report.complete = report.skipped.is_empty() && report.hosts.iter().all(|h| h.complete);
        report
    }
}

impl FleetReport {
    /// 1 when a host failed an automated control, else 3 when an input was left out or an audit
    /// was incomplete, else 0: as `drydock audit` says of one host.
    pub fn exit_code(&self) -> i32 {
        if self.hosts.iter().any(|h| h.exit_code == 1) {
            1
        } else if !self.complete {
            3
        } else {
            0
        }
    }
}
