//! What changed between two reports of the same platform: findings fixed, new and still
//! there, and threats whose status moved.
//!
//! A finding is a result that is not a pass: a failure, or a result that could not be judged.
//! It is identified by its rule, its object's kind and its object's name (a container keeps its
//! name when it is re-created, a file its path); line numbers are left out, since a fix moves
//! them. Several findings of one rule on one object (a Dockerfile with two bad `RUN` lines)
//! are counted, and matched by message where the messages allow.
//!
//! A failure is *fixed* only when the later report judged it and found it holds: a pass, not
//! applicable, or — for rules on project files, which report failures only — no finding while
//! the rule was evaluated. A failure that became unknown is not fixed; one whose object is
//! gone from the later report is listed apart.

use crate::model::{Status, Target};
use crate::report::{Report, ResultEntry};
use crate::threat_report::ThreatStatus;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One finding in a diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DiffFinding {
    /// Rule id.
    pub rule_id: String,
    /// CIS id in the later report's numbering (the earlier one's when it is gone).
    pub control: String,
    /// Rule title.
    pub title: String,
    /// Severity.
    pub severity: crate::model::Severity,
    /// Object kind.
    pub kind: Target,
    /// Object name.
    pub object: String,
    /// Status before (none when there was no result).
    pub before: Option<Status>,
    /// Status after (none when there is no result).
    pub after: Option<Status>,
    /// The message of the result this entry stands for.
    pub message: String,
    /// `file:line`, when the finding is in a file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
}

/// A threat whose status changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ThreatChange {
    /// Threat id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Status before.
    pub before: ThreatStatus,
    /// Status after.
    pub after: ThreatStatus,
}

/// The difference between two reports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReportDiff {
    /// Failures the later report judged and found to hold.
    pub fixed: Vec<DiffFinding>,
    /// Failures in the later report that the earlier one did not have.
    pub new: Vec<DiffFinding>,
    /// Failures in both.
    pub unchanged: Vec<DiffFinding>,
    /// Failures that could not be judged in the later report: not fixed, not proven.
    pub now_unknown: Vec<DiffFinding>,
    /// Results that were passes and could not be judged in the later report.
    pub lost_evidence: Vec<DiffFinding>,
    /// Failures whose object is not in the later report (a container removed, a file
    /// deleted), or whose rule it did not evaluate.
    pub gone: Vec<DiffFinding>,
    /// Threats whose status got worse (towards open).
    pub threats_worse: Vec<ThreatChange>,
    /// Threats whose status got better.
    pub threats_better: Vec<ThreatChange>,
    /// Things to know about the comparison (different benchmarks, scopes).
    pub notes: Vec<String>,
}

impl ReportDiff {
    /// New failures or threats that got worse: the change made things worse somewhere.
    pub fn has_regressions(&self) -> bool {
        !self.new.is_empty() || !self.threats_worse.is_empty()
    }
}

/// The identity of a finding across reports.
type Key = (String, Target, String);

fn key(r: &ResultEntry) -> Key {
    // An untagged image has no name worth the word; its id is what identifies it.
    let name = if r.object.name.is_empty() || r.object.name == "<none>" {
        r.object.id.clone()
    } else {
        r.object.name.clone()
    };
    (r.rule.rule_id.to_string(), r.object.kind, name)
}

/// Kinds of object whose rules report failures only: a missing finding is a pass when the
/// rule ran.
fn findings_only(kind: Target) -> bool {
    matches!(
        kind,
        Target::Dockerfile
            | Target::ComposeService
            | Target::ImageArchive
            | Target::KubeWorkload
            | Target::KubeObject
    )
}

fn entry(r: &ResultEntry, before: Option<Status>, after: Option<Status>) -> DiffFinding {
    DiffFinding {
        rule_id: r.rule.rule_id.to_string(),
        control: r.rule.control.to_string(),
        title: r.rule.title.to_string(),
        severity: r.rule.severity,
        kind: r.object.kind,
        object: key(r).2,
        before,
        after,
        message: r.message.to_string(),
        location: r
            .location
            .as_ref()
            .map(|l| format!("{}:{}", l.path, l.line)),
    }
}

fn is_finding(s: Status) -> bool {
    !matches!(s, Status::Pass | Status::NotApplicable)
}

/// How well a threat is held, for comparing statuses: open 0, unknown 1 (a mitigation could
/// not be judged), partially mitigated 2, mitigated 3; not applicable is outside the scale.
fn standing(status: ThreatStatus) -> Option<u8> {
    match status {
        ThreatStatus::Open => Some(0),
        ThreatStatus::Unknown | ThreatStatus::NotAssessed => Some(1),
        ThreatStatus::PartiallyMitigated => Some(2),
        ThreatStatus::Mitigated => Some(3),
        ThreatStatus::NotApplicable => None,
    }
}

fn group(report: &Report) -> BTreeMap<Key, Vec<&ResultEntry>> {
    let mut by_key: BTreeMap<Key, Vec<&ResultEntry>> = BTreeMap::new();
    for r in &report.results {
        by_key.entry(key(r)).or_default().push(r);
    }
    by_key
}

/// Compares two reports.
pub fn diff(before: &Report, after: &Report) -> ReportDiff {
    let mut out = ReportDiff::default();
    if before.benchmark != after.benchmark {
        out.notes.push(format!(
            "the reports number controls differently ({} and {}); findings are matched by rule",
            before.benchmark, after.benchmark
        ));
    }
    if !before.target.evidence.is_empty() || !after.target.evidence.is_empty() {
        out.notes
            .push("a report built from peer evidence is compared as its peer reported it".into());
    }
    let old = group(before);
    let new = group(after);
    let evaluated_after: BTreeSet<&str> =
        after.rules_evaluated.iter().map(String::as_str).collect();
    let objects_after: BTreeSet<(Target, String)> = after
        .results
        .iter()
        .map(|r| (r.object.kind, key(r).2))
        .collect();

    let keys: BTreeSet<&Key> = old.keys().chain(new.keys()).collect();
    for k in keys {
        let was: Vec<&ResultEntry> = old.get(k).cloned().unwrap_or_default();
        let now: Vec<&ResultEntry> = new.get(k).cloned().unwrap_or_default();
        let (mut was_findings, was_other): (Vec<&ResultEntry>, Vec<&ResultEntry>) =
            was.iter().partition(|r| is_finding(r.status));
        let (mut now_findings, now_other): (Vec<&ResultEntry>, Vec<&ResultEntry>) =
            now.iter().partition(|r| is_finding(r.status));

        // Pair findings present in both, same status and message first, then any.
        let mut pairs: Vec<(&ResultEntry, &ResultEntry)> = Vec::new();
        for exact in [true, false] {
            let mut i = 0;
            while i < was_findings.len() {
                let w = was_findings[i];
                let found = now_findings
                    .iter()
                    .position(|n| !exact || (n.status == w.status && n.message == w.message));
                match found {
                    Some(j) => {
                        pairs.push((w, now_findings.remove(j)));
                        was_findings.remove(i);
                    }
                    None => i += 1,
                }
            }
        }
        for (w, n) in pairs {
            let e = entry(n, Some(w.status), Some(n.status));
            match (w.status, n.status) {
                (Status::Fail, Status::Fail) => out.unchanged.push(e),
                (Status::Fail, _) => out.now_unknown.push(e),
                (_, Status::Fail) => out.new.push(e),
                // Unknown or manual before and after: nothing moved that a fix could claim.
                _ => {}
            }
        }
        // Findings only before.
        for w in was_findings {
            if w.status != Status::Fail {
                continue;
            }
            let judged_now = now_other.first().map(|n| n.status);
            match judged_now {
                Some(s) => out.fixed.push(entry(w, Some(w.status), Some(s))),
                None => {
                    let object_still_there =
                        objects_after.contains(&(w.object.kind, key(w).2.clone()));
                    let rule_ran = evaluated_after.contains(w.rule.rule_id.as_ref());
                    if rule_ran && (findings_only(w.object.kind) || object_still_there) {
                        out.fixed.push(entry(w, Some(w.status), None));
                    } else {
                        out.gone.push(entry(w, Some(w.status), None));
                    }
                }
            }
        }
        // Findings only after.
        for n in now_findings {
            let before_status = was_other.first().map(|w| w.status);
            match n.status {
                Status::Fail => out.new.push(entry(n, before_status, Some(n.status))),
                Status::Unknown if before_status == Some(Status::Pass) => out
                    .lost_evidence
                    .push(entry(n, before_status, Some(n.status))),
                _ => {}
            }
        }
    }

    if let (Some(a), Some(b)) = (&before.threat_model, &after.threat_model) {
        for t in &b.threats {
            let Some(old) = a.threats.iter().find(|o| o.threat.id == t.threat.id) else {
                continue;
            };
            if old.status == t.status {
                continue;
            }
            let change = ThreatChange {
                id: t.threat.id.clone(),
                title: t.threat.title.clone(),
                before: old.status,
                after: t.status,
            };
            // Not applicable is outside the order: a threat that left the audit's scope did
            // not get better, and one that entered it did not get worse, unless it is open.
            let worse = match (standing(old.status), standing(t.status)) {
                (None, Some(0)) => true,
                (Some(o), Some(n)) => n < o,
                _ => false,
            };
            if worse {
                out.threats_worse.push(change);
            } else if t.status != ThreatStatus::NotApplicable
                && old.status != ThreatStatus::NotApplicable
            {
                out.threats_better.push(change);
            } else {
                out.notes.push(format!(
                    "threat {} went from {} to {}",
                    t.threat.id,
                    old.status.label(),
                    t.status.label()
                ));
            }
        }
    }
    out
}

/// Sets aside the failed and manual results of `report` that `baseline` already had, matched
/// as `drydock diff` matches them (rule, kind of object, object name; one for one), so that
/// only what is new since the baseline shows and fails the run. Returns how many were set
/// aside. Unknown results are never set aside: they say drydock could not look this time.
pub fn set_aside_baseline(report: &mut Report, baseline: &Report, source: &str) -> usize {
    let mut known: HashMap<(Key, Status), usize> = HashMap::new();
    for r in &baseline.results {
        if matches!(r.status, Status::Fail | Status::Manual) {
            *known.entry((key(r), r.status)).or_default() += 1;
        }
    }
    let mut set_aside = 0;
    for r in &mut report.results {
        if !matches!(r.status, Status::Fail | Status::Manual) || r.suppressed.is_some() {
            continue;
        }
        if let Some(left) = known.get_mut(&(key(r), r.status))
            && *left > 0
        {
            *left -= 1;
            set_aside += 1;
            r.suppressed = Some(Box::new(crate::report::Suppression {
                kind: crate::report::SuppressionKind::Baseline,
                reason: "in the baseline".into(),
                source: source.to_string(),
                expires: None,
            }));
        }
    }
    report.summary = crate::report::Summary::of(&report.results);
    set_aside
}
