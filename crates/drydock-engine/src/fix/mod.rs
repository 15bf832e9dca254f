//! The fix planner: edits to the user's files that make a finding disappear and change
//! nothing else.
//!
//! Nothing is trusted: [`plan`] applies each rule's fix (its `Fixer`, from `drydock-rules`) to
//! the text in memory, parses the file again and re-runs every rule on the project. A fix is
//! kept only when its finding is gone and no other finding of the file appeared (a broken file
//! shows up as one); otherwise it is dropped and reported. Fixes of one file are applied one
//! after the other, each computed on the text the previous ones left, so offsets never go
//! stale.

pub mod container;
pub mod script;

use drydock_model::benchmark::DockerBenchmark;
use drydock_model::facts::{Facts, Probe, SourceKind};
use drydock_model::model::Status;
use drydock_model::report::ResultEntry;
use drydock_rules::fix::{Applicability, apply_edits};
use drydock_rules::rule::{Rule, RuleOptions};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A fix applied (in memory) or refused, for the report of `drydock fix`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FixRecord {
    /// Rule id.
    pub rule_id: String,
    /// The file.
    pub path: String,
    /// Line of the finding in the text as it stood when the fix was tried.
    pub line: usize,
    /// The object (service, stage).
    pub object: String,
    /// Its applicability.
    pub applicability: Applicability,
    /// What the fix does.
    pub what: String,
    /// What became of it: `applied`, `needs --unsafe`, or why it was dropped.
    pub outcome: FixOutcome,
}

/// What became of a fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "state", content = "reason")]
pub enum FixOutcome {
    /// In the new text, checked.
    Applied,
    /// Unsafe, and `--unsafe` was not given.
    NeedsUnsafe,
    /// The fixer could not edit this text (the remediation says what to do).
    NotOffered(String),
    /// Applied in memory and undone: it broke the file or did not remove the finding.
    RolledBack(String),
}

/// The new text of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    /// Path as in the facts.
    pub path: String,
    /// The text audited.
    pub before: String,
    /// The text with the fixes applied.
    pub after: String,
}

/// Every fix for a project: the records and the new texts.
#[derive(Debug, Clone, Default)]
pub struct FixPlan {
    /// One per finding with a fixer, in file and line order.
    pub records: Vec<FixRecord>,
    /// Files whose text changed.
    pub changes: Vec<FileChange>,
}

/// The findings of one file: (rule, object name) → count.
fn findings_of(results: &[ResultEntry], path: &str) -> BTreeMap<(String, String), usize> {
    let mut out = BTreeMap::new();
    for r in results {
        if r.status == Status::Fail && r.location.as_ref().is_some_and(|l| l.path == path) {
            *out.entry((r.rule_id.to_string(), r.object.name.clone()))
                .or_insert(0) += 1;
        }
    }
    out
}

/// Project facts with one file's text replaced.
fn with_text(facts: &Facts, path: &str, text: &str) -> Facts {
    let mut project = facts.project.clone();
    for f in &mut project.files {
        if f.path == path {
            f.content = Probe::Known {
                value: text.to_string(),
            };
        }
    }
    Facts {
        project,
        ..facts_without_host(facts)
    }
}

/// The facts of the project alone: fixes concern files, and rules on the host would only
/// cost time in every verification.
fn facts_without_host(facts: &Facts) -> Facts {
    Facts {
        schema_version: facts.schema_version,
        collector_version: facts.collector_version.clone(),
        root: facts.root.clone(),
        host_audited: false,
        host: Default::default(),
        engine: Probe::Unavailable {
            reason: "not needed to verify a file fix".into(),
        },
        project: facts.project.clone(),
        kubernetes: None,
    }
}

/// Which text kinds drydock can edit.
fn editable(kind: SourceKind) -> bool {
    matches!(
        kind,
        SourceKind::Dockerfile | SourceKind::Compose | SourceKind::Kubernetes
    )
}

/// Works out every fix the selected `rules` offer for the project's files, each checked
/// against the whole catalog. `unsafe_too` lets unsafe fixes in.
pub fn plan(
    facts: &Facts,
    rules: &[&'static Rule],
    options: &RuleOptions,
    numbering: DockerBenchmark,
    unsafe_too: bool,
) -> FixPlan {
    plan_with(facts, rules, options, numbering, unsafe_too, None)
}

/// [`plan`] under a configuration: findings its waivers set aside, like those an inline
/// ignore sets aside, are accepted as they are and get no fix.
pub fn plan_with(
    facts: &Facts,
    rules: &[&'static Rule],
    options: &RuleOptions,
    numbering: DockerBenchmark,
    unsafe_too: bool,
    config: Option<&crate::config::Config>,
) -> FixPlan {
    let project_facts = facts_without_host(facts);
    // Fixes are offered for the selected rules; every rule judges the result, so a fix that
    // breaks what a deselected rule checks is caught too.
    let catalog = drydock_rules::rules::catalog();
    let today = drydock_model::dates::today();
    let evaluate = |f: &Facts| {
        let mut report = drydock_rules::evaluate::evaluate(f, &catalog, options, numbering, "fix");
        if let Some(config) = config {
            config.apply(&mut report, &today);
        }
        report.results
    };
    let first = evaluate(&project_facts);
    let mut out = FixPlan::default();
    let files: Vec<(&str, &str)> = facts
        .project
        .files
        .iter()
        .filter(|f| editable(f.kind))
        // A file whose text is not its bytes (decoded from UTF-16, bytes that are not UTF-8
        // replaced) would lose them if written back: no fix is offered for it.
        .filter(|f| f.recoded.is_none())
        .filter_map(|f| f.content.known().map(|t| (f.path.as_str(), t.as_str())))
        .collect();
    for (path, original) in files {
        let mut text = original.to_string();
        let mut results: Vec<ResultEntry> = first
            .iter()
            .filter(|r| r.location.as_ref().is_some_and(|l| l.path == path))
            .cloned()
            .collect();
        // Findings tried without success, per rule and object: they stay in the results and
        // are passed over. They always come first among their rule's findings on the object,
        // since findings are tried in order and a fix removes the one it fixes.
        let mut passed_over: BTreeMap<(String, String), usize> = BTreeMap::new();
        // Each round deals with one finding; a fixed one is gone, a failed one passed over.
        for _ in 0..=results.len() * 2 {
            let mut seen: BTreeMap<(String, String), usize> = BTreeMap::new();
            let next = results.iter().find_map(|r| {
                if r.status != Status::Fail || r.suppressed.is_some() {
                    return None;
                }
                let fixer = rules.iter().find(|rule| rule.id == r.rule_id)?.fixer?;
                let key = (r.rule_id.to_string(), r.object.name.clone());
                let nth = seen.entry(key.clone()).or_insert(0);
                *nth += 1;
                (*nth > passed_over.get(&key).copied().unwrap_or(0)).then(|| (r.clone(), fixer))
            });
            let Some((finding, fixer)) = next else {
                break;
            };
            let line = finding.location.as_ref().map_or(0, |l| l.line);
            let key = (finding.rule_id.to_string(), finding.object.name.clone());
            let mut record = FixRecord {
                rule_id: finding.rule_id.to_string(),
                path: path.to_string(),
                line,
                object: finding.object.name.clone(),
                applicability: fixer.applicability,
                what: fixer.what.to_string(),
                outcome: FixOutcome::Applied,
            };
            if fixer.applicability != Applicability::Safe
                && (fixer.applicability == Applicability::DisplayOnly || !unsafe_too)
            {
                record.outcome = if fixer.applicability == Applicability::DisplayOnly {
                    FixOutcome::NotOffered("advice only".into())
                } else {
                    FixOutcome::NeedsUnsafe
                };
                *passed_over.entry(key).or_insert(0) += 1;
                out.records.push(record);
                continue;
            }
            let Some(edits) = (fixer.make)(&text, &finding) else {
                record.outcome = FixOutcome::NotOffered(
                    "the text is not in a shape this fix can edit; see the remediation".into(),
                );
                *passed_over.entry(key).or_insert(0) += 1;
                out.records.push(record);
                continue;
            };
            let Some(candidate) = apply_edits(&text, &edits) else {
                record.outcome = FixOutcome::RolledBack("its edits overlap".into());
                *passed_over.entry(key).or_insert(0) += 1;
                out.records.push(record);
                continue;
            };
            let after = evaluate(&with_text(&project_facts, path, &candidate));
            let before_counts = findings_of(&results, path);
            let after_counts = findings_of(&after, path);
            let fixed = after_counts.get(&key).copied().unwrap_or(0)
                < before_counts.get(&key).copied().unwrap_or(0);
            let appeared: Vec<String> = after_counts
                .iter()
                .filter(|(k, n)| **n > before_counts.get(*k).copied().unwrap_or(0))
                .map(|((rule, object), _)| format!("{rule} on {object}"))
                .collect();
            if !fixed {
                record.outcome =
                    FixOutcome::RolledBack("the finding was still there after the edit".into());
                *passed_over.entry(key).or_insert(0) += 1;
            } else if !appeared.is_empty() {
                record.outcome = FixOutcome::RolledBack(format!(
                    "the edit brought new findings: {}",
                    appeared.join(", ")
                ));
                *passed_over.entry(key).or_insert(0) += 1;
            } else {
                text = candidate;
                results = after
                    .into_iter()
                    .filter(|r| r.location.as_ref().is_some_and(|l| l.path == path))
                    .collect();
            }
            out.records.push(record);
        }
        if text != original {
            out.changes.push(FileChange {
                path: path.to_string(),
                before: original.to_string(),
                after: text,
            });
        }
    }
    out.records
        .sort_by(|a, b| (&a.path, a.line, &a.rule_id).cmp(&(&b.path, b.line, &b.rule_id)));
    out
}

/// The fixes of `daemon.json` for the failing daemon settings of the selected rules, each
/// checked by judging the daemon's settings as dockerd would read them after a restart (its
/// flags, then the new file). `text` is the file as read now (empty when it does not exist).
pub fn plan_daemon(
    facts: &Facts,
    rules: &[&'static Rule],
    options: &RuleOptions,
    numbering: DockerBenchmark,
    unsafe_too: bool,
    path: &str,
    text: &str,
) -> FixPlan {
    use drydock_model::facts::ConfigContent;
    use drydock_model::model::Target;
    let daemon_rules: Vec<&'static Rule> = drydock_rules::rules::catalog()
        .into_iter()
        .filter(|r| r.target == Target::Daemon)
        .collect();
    // Without the engine the settings are judged from the flags and the file, which is what
    // a restarted dockerd will run with.
    let judge = |content: &str| -> Option<Vec<ResultEntry>> {
        let settings = match serde_json::from_str::<serde_json::Value>(content) {
            Ok(serde_json::Value::Object(map)) => map,
            _ if content.trim().is_empty() => Default::default(),
            _ => return None,
        };
        let mut f = Facts {
            engine: Probe::Unavailable {
                reason: "settings judged as dockerd reads them at start".into(),
            },
            project: Default::default(),
            kubernetes: None,
            ..facts.clone()
        };
        f.host.daemon_config.content = ConfigContent::Parsed { settings };
        Some(
            drydock_rules::evaluate::evaluate(&f, &daemon_rules, options, numbering, "fix").results,
        )
    };
    let mut out = FixPlan::default();
    let Some(mut results) = judge(text) else {
        return out;
    };
    let mut current = text.to_string();
    let failing = |results: &[ResultEntry]| -> Vec<String> {
        results
            .iter()
            .filter(|r| r.status == Status::Fail)
            .map(|r| r.rule_id.to_string())
            .collect()
    };
    let mut tried: Vec<String> = Vec::new();
    loop {
        let next = results.iter().find(|r| {
            r.status == Status::Fail
                && !tried.contains(&r.rule_id.to_string())
                && rules
                    .iter()
                    .any(|rule| rule.id == r.rule_id && rule.fixer.is_some())
        });
        let Some(finding) = next.cloned() else {
            break;
        };
        tried.push(finding.rule_id.to_string());
        let fixer = rules
            .iter()
            .find(|rule| rule.id == finding.rule_id)
            .and_then(|rule| rule.fixer)
            .expect("found above");
        let mut record = FixRecord {
            rule_id: finding.rule_id.to_string(),
            path: path.to_string(),
            line: 0,
            object: finding.object.name.clone(),
            applicability: fixer.applicability,
            what: fixer.what.to_string(),
            outcome: FixOutcome::Applied,
        };
        if fixer.applicability == Applicability::Unsafe && !unsafe_too {
            record.outcome = FixOutcome::NeedsUnsafe;
            out.records.push(record);
            continue;
        }
        let candidate = (fixer.make)(&current, &finding).and_then(|e| apply_edits(&current, &e));
        let Some(candidate) = candidate else {
            record.outcome = FixOutcome::NotOffered(format!(
                "{path} is not one JSON object drydock can edit; see the remediation"
            ));
            out.records.push(record);
            continue;
        };
        let Some(after) = judge(&candidate) else {
            record.outcome = FixOutcome::RolledBack("the edit left invalid JSON".into());
            out.records.push(record);
            continue;
        };
        let before_failing = failing(&results);
        let after_failing = failing(&after);
        let from_flag = finding
            .evidence
            .iter()
            .filter_map(|e| e.source.as_deref())
            .any(|s| s.contains("command line") || s.contains("ExecStart"));
        if after_failing.contains(&finding.rule_id.to_string()) {
            record.outcome = FixOutcome::RolledBack(if from_flag {
                "a dockerd flag sets it, and flags win (dockerd will not even start when both set it): change the flag in the unit instead".into()
            } else {
                "the setting still fails with the new file".into()
            });
        } else if let Some(new) = after_failing.iter().find(|r| !before_failing.contains(r)) {
            record.outcome = FixOutcome::RolledBack(format!("the edit made {new} fail"));
        } else {
            current = candidate;
            results = after;
        }
        out.records.push(record);
    }
    if current != text {
        out.changes.push(FileChange {
            path: path.to_string(),
            before: text.to_string(),
            after: current,
        });
    }
    out
}
