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
        if r.status == Status::Fail && r.location.as_ref().is_some_and(|l| *l.path == path) {
            *out.entry((r.rule.rule_id.to_string(), r.object.name.clone()))
                .or_insert(0) += 1;
        }
    }
    out
}

/// Project facts with one file's text replaced.
fn with_text(facts: &Facts, path: &str, text: &str) -> Facts {
    let mut facts = facts.clone();
    for f in &mut facts.project.files {
        if f.path == path {
            f.content = Probe::Known {
                value: text.to_string(),
            };
        }
    }
    facts
}

fn dir_of(path: &str) -> std::path::PathBuf {
    std::path::Path::new(path)
        .parent()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_default()
}

/// Where each project file is, to find a file's neighbours without scanning the project.
struct ProjectIndex<'a> {
    by_path: std::collections::HashMap<&'a str, &'a drydock_model::facts::SourceFile>,
    /// Compose files by their directory.
    compose_files: std::collections::HashMap<std::path::PathBuf, Vec<&'a str>>,
    /// Dockerfiles by their directory, in order, so a directory's subtree is one range.
    dockerfiles: std::collections::BTreeMap<std::path::PathBuf, Vec<&'a str>>,
    sets_of: std::collections::HashMap<&'a str, Vec<&'a drydock_model::facts::ComposeSet>>,
}

impl<'a> ProjectIndex<'a> {
    fn new(project: &'a drydock_model::facts::ProjectFacts) -> Self {
        let mut index = ProjectIndex {
            by_path: Default::default(),
            compose_files: Default::default(),
            dockerfiles: Default::default(),
            sets_of: Default::default(),
        };
        for f in &project.files {
            index.by_path.insert(f.path.as_str(), f);
            let dir = dir_of(&f.path);
            match f.kind {
                SourceKind::Compose => index.compose_files.entry(dir).or_default().push(&f.path),
                SourceKind::Dockerfile => index.dockerfiles.entry(dir).or_default().push(&f.path),
                SourceKind::Kubernetes => {}
            }
        }
        for set in &project.compose_sets {
            for f in &set.files {
                index.sets_of.entry(f.as_str()).or_default().push(set);
            }
        }
        index
    }
}

/// The project facts a fix of `path` is judged on: the file, the compose projects it belongs
/// to, the compose files that may build it (a Dockerfile: those in its directory or above) and
/// the Dockerfiles they may build (a compose file: those in its directory or below). Judging
/// every fix on the whole project made `fix` quadratic in the number of files; a rule that
/// reads another file reads one of these.
fn neighbourhood(project_facts: &Facts, index: &ProjectIndex, path: &str) -> Facts {
    let mut keep: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    keep.insert(path);
    match index.by_path.get(path).map(|f| f.kind) {
        Some(SourceKind::Dockerfile) => {
            let dir = dir_of(path);
            for ancestor in dir.ancestors() {
                keep.extend(index.compose_files.get(ancestor).into_iter().flatten());
            }
        }
        Some(SourceKind::Compose) => {
            let dir = dir_of(path);
            for (_, files) in index
                .dockerfiles
                .range(dir.clone()..)
                .take_while(|(d, _)| d.starts_with(&dir))
            {
                keep.extend(files.iter().copied());
            }
        }
        _ => {}
    }
    // Whole compose projects: a file with its overrides.
    let mut sets: Vec<&drydock_model::facts::ComposeSet> = Vec::new();
    for f in keep.clone() {
        for set in index.sets_of.get(f).into_iter().flatten() {
            if !sets.iter().any(|s| std::ptr::eq(*s, *set)) {
                sets.push(set);
            }
        }
    }
    for set in &sets {
        keep.extend(set.files.iter().map(String::as_str));
    }
    let project = &project_facts.project;
    with_project(
        project_facts,
        drydock_model::facts::ProjectFacts {
            roots: project.roots.clone(),
            files: keep
                .iter()
                .filter_map(|p| index.by_path.get(p).map(|f| (*f).clone()))
                .collect(),
            compose_sets: sets.into_iter().cloned().collect(),
            archives: Vec::new(),
            skipped: Vec::new(),
            notes: Vec::new(),
        },
    )
}

/// The facts of the project alone: fixes concern files, and rules on the host would only
/// cost time in every verification.
fn facts_without_host(facts: &Facts) -> Facts {
    with_project(facts, facts.project.clone())
}

/// `project` with no host: what a fix of a file is judged on. (Built field by field, not as
/// `..facts_without_host(…)`, which would copy the whole project each time.)
fn with_project(facts: &Facts, project: drydock_model::facts::ProjectFacts) -> Facts {
    Facts {
        schema_version: facts.schema_version,
        collector_version: facts.collector_version.clone(),
        root: facts.root.clone(),
        host_audited: false,
        host: Default::default(),
        engine: Probe::Unavailable {
            reason: "not needed to verify a file fix".into(),
        },
        project,
        kubernetes: None,
        vulnerability_db: None,
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
    // The findings of each file, sorted out once (per file, a scan of every finding would make
    // the plan quadratic).
    let mut first_by_path: std::collections::HashMap<String, Vec<ResultEntry>> =
        std::collections::HashMap::new();
    for r in first {
        if let Some(l) = &r.location {
            first_by_path.entry(l.path.to_string()).or_default().push(r);
        }
    }
    let index = ProjectIndex::new(&project_facts.project);
    let work: Vec<(&str, &str, Vec<ResultEntry>)> = files
        .into_iter()
        .map(|(path, original)| {
            (
                path,
                original,
                first_by_path.remove(path).unwrap_or_default(),
            )
        })
        .collect();
    // Files are fixed in parallel: each is judged among its own neighbours.
    let fix_file = |(path, original, mut results): (&str, &str, Vec<ResultEntry>)| {
        let mut records: Vec<FixRecord> = Vec::new();
        let kind = index.by_path.get(path).map(|f| f.kind);
        let mut text = original.to_string();
        let local = neighbourhood(&project_facts, &index, path);
        // What the rules find on the file among its neighbours alone: fixes are judged by the
        // change from this, so a finding that only the whole project gives (a namespace with no
        // NetworkPolicy in these files) counts the same before and after.
        let mut local_results: Vec<ResultEntry> = evaluate(&local)
            .into_iter()
            .filter(|r| r.location.as_ref().is_some_and(|l| *l.path == path))
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
                let fixer = rules.iter().find(|rule| rule.id == r.rule.rule_id)?.fixer?;
                let key = (r.rule.rule_id.to_string(), r.object.name.clone());
                let nth = seen.entry(key.clone()).or_insert(0);
                *nth += 1;
                (*nth > passed_over.get(&key).copied().unwrap_or(0)).then(|| (r.clone(), fixer))
            });
            let Some((finding, fixer)) = next else {
                break;
            };
            let line = finding.location.as_ref().map_or(0, |l| l.line);
            let key = (
                finding.rule.rule_id.to_string(),
                finding.object.name.clone(),
            );
            let mut record = FixRecord {
                rule_id: finding.rule.rule_id.to_string(),
                path: path.to_string(),
                line: line as usize,
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
                records.push(record);
                continue;
            }
            let Some(edits) = (fixer.make)(&text, &finding) else {
                record.outcome = FixOutcome::NotOffered(
                    "the text is not in a shape this fix can edit; see the remediation".into(),
                );
                *passed_over.entry(key).or_insert(0) += 1;
                records.push(record);
                continue;
            };
            let Some(candidate) = apply_edits(&text, &edits) else {
                record.outcome = FixOutcome::RolledBack("its edits overlap".into());
                *passed_over.entry(key).or_insert(0) += 1;
                records.push(record);
                continue;
            };
            // What the API server or the kubelet would refuse is never written: no fix is
            // better than a manifest `kubectl apply` rejects or a pod that will not start.
            if kind == Some(SourceKind::Kubernetes) {
                let refused = drydock_rules::fix::kube_api::new_problems(&text, &candidate);
                if !refused.is_empty() {
                    record.outcome =
                        FixOutcome::NotOffered(format!("no valid fix: {}", refused.join("; ")));
                    *passed_over.entry(key).or_insert(0) += 1;
                    records.push(record);
                    continue;
                }
            }
            let after = evaluate(&with_text(&local, path, &candidate));
            let before_counts = findings_of(&local_results, path);
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
                local_results = after
                    .into_iter()
                    .filter(|r| r.location.as_ref().is_some_and(|l| *l.path == path))
                    .collect();
                // The findings as they stand now, with their new lines.
                results = local_results.clone();
            }
            records.push(record);
        }
        let change = (text != original).then(|| FileChange {
            path: path.to_string(),
            before: original.to_string(),
            after: text,
        });
        (records, change)
    };
    use rayon::prelude::*;
    let fixed: Vec<(Vec<FixRecord>, Option<FileChange>)> =
        work.into_par_iter().map(fix_file).collect();
    for (records, change) in fixed {
        out.records.extend(records);
        out.changes.extend(change);
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
            .map(|r| r.rule.rule_id.to_string())
            .collect()
    };
    let mut tried: Vec<String> = Vec::new();
    loop {
        let next = results.iter().find(|r| {
            r.status == Status::Fail
                && !tried.contains(&r.rule.rule_id.to_string())
                && rules
                    .iter()
                    .any(|rule| rule.id == r.rule.rule_id && rule.fixer.is_some())
        });
        let Some(finding) = next.cloned() else {
            break;
        };
        tried.push(finding.rule.rule_id.to_string());
        let fixer = rules
            .iter()
            .find(|rule| rule.id == finding.rule.rule_id)
            .and_then(|rule| rule.fixer)
            .expect("found above");
        let mut record = FixRecord {
            rule_id: finding.rule.rule_id.to_string(),
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
        if after_failing.contains(&finding.rule.rule_id.to_string()) {
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
