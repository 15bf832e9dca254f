//! Evaluation: every selected rule over the facts, into a report.

use crate::rule::{Context, Rule, RuleOptions, container_ref, image_ref};
use drydock_model::benchmark::DockerBenchmark;
use drydock_model::facts::{Facts, Probe};
use drydock_model::intern::Interner;
use drydock_model::model::{ObjectRef, Target};
use drydock_model::report::{
    AuditTarget, CisRef, ObjectCounts, PssRef, REPORT_SCHEMA_VERSION, Report, ResultEntry,
    ResultRule, Summary, Suppression, SuppressionKind,
};
use rayon::prelude::*;
use std::borrow::Cow;
use std::sync::Arc;

/// Evaluates rules over facts into a report.
pub fn evaluate(
    facts: &Facts,
    rules: &[&'static Rule],
    options: &RuleOptions,
    numbering: DockerBenchmark,
    tool_version: &str,
) -> Report {
    evaluate_then(facts, rules, options, numbering, tool_version, |_| ()).0
}

/// Evaluates rules over facts into a report, then gives the project files as the rules read
/// them to `then` before they are dropped: the threat model's topology is made from the same
/// parse, without reading the files again or holding a second copy.
pub fn evaluate_then<T>(
    facts: &Facts,
    rules: &[&'static Rule],
    options: &RuleOptions,
    numbering: DockerBenchmark,
    tool_version: &str,
    then: impl FnOnce(&crate::project::ParsedProject) -> T,
) -> (Report, T) {
    let ctx = Context::new(facts, options);
    // Parse the project and the node before the rules run: the first rule to ask would parse
    // them while the other workers, asking too, wait on the lock instead of helping.
    ctx.project();
    ctx.node();
    // Rules are independent: evaluate them in parallel, keep the catalog's order.
    let evaluated: Vec<&'static Rule> = rules
        .iter()
        .copied()
        .filter(|rule| rule.applies_to(facts))
        .collect();
    // Results repeat their objects, messages and evidence: one copy of each, shared.
    let shared = Interner::default();
    let per_rule: Vec<Vec<ResultEntry>> = evaluated
        .par_iter()
        .map(|rule| results_of(&ctx, rule, numbering, &shared))
        .collect();
    // One allocation of the exact size: a flattening collect grows by doubling, and at a few
    // hundred bytes a result the spare half is the largest thing in memory.
    let mut results: Vec<ResultEntry> = Vec::with_capacity(per_rule.iter().map(Vec::len).sum());
    for rule_results in per_rule {
        results.extend(rule_results);
    }
    let mut report = finish(facts, &ctx, results, numbering, tool_version, &shared);
    drop(shared);
    report.rules_evaluated = evaluated.iter().map(|r| r.id.to_string()).collect();
    let made = then(ctx.project());
    (report, made)
}

fn results_of(
    ctx: &Context,
    rule: &'static Rule,
    numbering: DockerBenchmark,
    shared: &Interner,
) -> Vec<ResultEntry> {
    // The rule's part is the same on every result: made once, shared by each.
    let rule_part = Arc::new(result_rule(rule, numbering, cis_refs(rule)));
    // A remote engine's host was not read: its host and file controls are unknown, whatever
    // an empty set of host facts would make of them.
    let outcomes = match &ctx.facts.host.remote {
        Some(reason)
            if matches!(
                rule.target,
                drydock_model::model::Target::Host | drydock_model::model::Target::File
            ) =>
        {
            vec![drydock_model::model::Outcome::unknown(
                drydock_model::model::ObjectRef::host(),
                reason.clone(),
            )]
        }
        _ => (rule.check)(ctx),
    };
    let mut results = Vec::with_capacity(outcomes.len());
    for outcome in outcomes {
        let suppressed = outcome
            .suppressed
            .clone()
            .map(|found| {
                let (reason, source) = *found;
                Suppression {
                    kind: SuppressionKind::Inline,
                    reason,
                    source,
                    expires: None,
                }
            })
            .or_else(|| suppression(ctx, rule, &outcome));
        results.push(entry_with(&rule_part, outcome, suppressed, shared));
    }
    results
}

/// The control's id in every benchmark version that has it. Made once per rule and kept for
/// the process (a few hundred rules at most), so that results share it instead of each
/// holding a copy: 800,000 results would otherwise carry 800,000 copies.
fn cis_refs(rule: &'static Rule) -> &'static [CisRef] {
    static MADE: std::sync::OnceLock<
        std::sync::Mutex<std::collections::HashMap<&'static str, &'static [CisRef]>>,
    > = std::sync::OnceLock::new();
    let made = MADE.get_or_init(Default::default);
    let mut made = made.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    made.entry(rule.id).or_insert_with(|| {
        let mut cis: Vec<CisRef> = DockerBenchmark::ALL
            .iter()
            .filter_map(|b| {
                rule.cis_id_in(*b).map(|id| CisRef {
                    benchmark: Cow::Borrowed(b.name()),
                    id: Cow::Borrowed(id),
                })
            })
            .collect();
        cis.extend(rule.kube_cis.iter().map(|id| CisRef {
            benchmark: Cow::Borrowed(drydock_model::benchmark::KUBE_BENCHMARK),
            id: Cow::Borrowed(id),
        }));
        Box::leak(cis.into_boxed_slice())
    })
}

/// A result of a rule: the rule's metadata in the report's numbering, and the outcome with
/// any credential it quotes masked.
pub fn result_entry(
    rule: &'static Rule,
    numbering: DockerBenchmark,
    outcome: drydock_model::model::Outcome,
    suppressed: Option<Suppression>,
) -> ResultEntry {
    let rule_part = Arc::new(result_rule(rule, numbering, cis_refs(rule)));
    entry_with(&rule_part, outcome, suppressed, &Interner::default())
}

/// What every result of a rule shares, in the report's numbering.
fn result_rule(
    rule: &'static Rule,
    numbering: DockerBenchmark,
    cis: &'static [CisRef],
) -> ResultRule {
    ResultRule {
        rule_id: Cow::Borrowed(rule.id),
        rule_name: Cow::Borrowed(rule.name),
        control: Cow::Borrowed(
            rule.cis_id_in(numbering)
                .or_else(|| rule.kube_cis.first().copied())
                .unwrap_or_default(),
        ),
        title: Cow::Borrowed(rule.title()),
        cis: Cow::Borrowed(cis),
        section: rule.section(),
        level: rule.level(),
        assessment: rule.assessment(),
        severity: rule.severity,
        stride: Cow::Borrowed(rule.stride),
        remediation: Cow::Borrowed(rule.remediation()),
        pss: rule.pss.map(|p| PssRef {
            control: Cow::Borrowed(p.control),
            level: p.level,
        }),
    }
}

fn entry_with(
    rule: &Arc<ResultRule>,
    outcome: drydock_model::model::Outcome,
    suppressed: Option<Suppression>,
    shared: &Interner,
) -> ResultEntry {
    use drydock_model::secrets::redacted;
    // No output repeats a credential a rule quoted from its input.
    let message = redacted(&outcome.message).unwrap_or(outcome.message);
    let mut evidence = outcome.evidence;
    for e in &mut evidence {
        if let Some(masked) = redacted(&e.actual) {
            e.actual = masked;
        }
    }
    ResultEntry {
        rule: Arc::clone(rule),
        status: outcome.status,
        object: shared.object(outcome.object),
        message: shared.string(&message),
        evidence: shared.evidence(evidence),
        location: outcome.location.map(|mut at| {
            at.path = shared.string(&at.path);
            at
        }),
        suppressed: suppressed.map(Box::new),
    }
}

fn suppression(
    ctx: &Context,
    rule: &Rule,
    outcome: &drydock_model::model::Outcome,
) -> Option<Suppression> {
    let location = outcome.location.as_ref()?;
    let project = ctx.project();
    let found = |path: &str, line: usize| {
        project
            .ignores
            .get(path)
            .and_then(|ig| ig.find(line, rule.id, rule.name))
            .map(|ig| Suppression {
                kind: SuppressionKind::Inline,
                reason: ig.reason.clone(),
                source: format!("{path}:{}", ig.line),
                expires: None,
            })
    };
    if project.ignores.is_empty() {
        return None;
    }
    if let Some(s) = found(&location.path, location.line as usize) {
        return Some(s);
    }
    if outcome.object.kind == Target::ComposeService {
        let (path, line) = project.service_keys.get(&outcome.object.id)?;
        return found(path, *line);
    }
    None
}

fn finish(
    facts: &Facts,
    ctx: &Context,
    results: Vec<ResultEntry>,
    numbering: DockerBenchmark,
    tool_version: &str,
    shared: &Interner,
) -> Report {
    let mut incomplete_reasons = Vec::new();
    let mut notes = Vec::new();
    if let Probe::Unavailable { reason } = &facts.engine
        && facts.host_audited
    {
        if reason == drydock_model::facts::ENGINE_NOT_REQUESTED {
            // The user chose this scope: the engine's controls are unknown, not failed, and
            // the audit of what was asked for is whole.
            notes.push(
                "the Docker engine was not contacted (--no-engine): its controls are unknown"
                    .into(),
            );
        } else {
            incomplete_reasons.push(format!("Docker Engine API: {reason}"));
        }
    }
    if let Probe::Unavailable { reason } = &facts.host.dockerd
        && facts.engine.known().is_some()
    {
        notes.push(format!("dockerd's command line: {reason}"));
    }
    if facts.host.processes_unreadable > 0 {
        incomplete_reasons.push(format!(
            "{} process(es) in /proc could not be read (permission denied): dockerd, containerd and the Kubernetes components may be among them",
            facts.host.processes_unreadable
        ));
    }
    match &facts.host.daemon_config.content {
        drydock_model::facts::ConfigContent::Unreadable { reason } => {
            incomplete_reasons.push(format!("{}: {reason}", facts.host.daemon_config.path));
        }
        drydock_model::facts::ConfigContent::Invalid {
            message,
            line,
            column,
        } => {
            incomplete_reasons.push(format!(
                "{}{}: not valid JSON: {message}",
                facts.host.daemon_config.path,
                match (line, column) {
                    (Some(l), Some(c)) => format!(":{l}:{c}"),
                    _ => String::new(),
                }
            ));
        }
        _ => {}
    }
    for (path, probe) in &facts.host.files {
        if let drydock_model::facts::FileProbe::Unreadable { reason } = probe {
            incomplete_reasons.push(format!("{path}: {reason}"));
        }
    }
    if let Some(engine) = facts.engine.known() {
        for s in &engine.skipped {
            incomplete_reasons.push(format!(
                "{} {} skipped: {}",
                s.kind,
                s.name.as_deref().unwrap_or(&s.id),
                s.reason
            ));
        }
    }
    // A project file that looked relevant but was not read was not audited: its checks would
    // be silent, so the audit is incomplete and says which file and why.
    for skipped in &facts.project.skipped {
        incomplete_reasons.push(format!("{} was not read: {}", skipped.path, skipped.reason));
    }
    notes.extend(facts.project.notes.iter().cloned());
    for set in &facts.project.compose_sets {
        incomplete_reasons.extend(set.problems.iter().cloned());
    }
    for file in &facts.project.files {
        if let Some(how) = &file.recoded {
            notes.push(format!(
                "{}: {how}; drydock offers no fix for this file",
                file.path
            ));
        }
    }
    let project = ctx.project();
    for d in &project.dockerfiles {
        if let Err(reason) = &d.file {
            incomplete_reasons.push(format!("{}: {reason}", d.path));
        }
    }
    for (path, ignores) in &project.ignores {
        for line in &ignores.without_reason {
            notes.push(format!(
                "{path}:{line}: drydock-ignore without a reason is not honoured"
            ));
        }
    }
    for archive in facts.archives() {
        for problem in &archive.problems {
            notes.push(format!("{}: {problem}", archive.path));
        }
        // An archive that yielded no image, or an image with layers not read, was not audited
        // whole.
        if archive.images.is_empty() && !archive.problems.is_empty() {
            incomplete_reasons.push(format!("{}: no image could be read", archive.path));
        }
        for image in &archive.images {
            if !image.unread_layers.is_empty() {
                incomplete_reasons.push(format!(
                    "{}: image {}: {} layer(s) not read whole, so its file checks are unknown",
                    archive.path,
                    image.name,
                    image.unread_layers.len()
                ));
            }
        }
    }
    if let Some(db) = &facts.vulnerability_db {
        // A record that could not be read may be the one that concerns an image.
        for problem in &db.problems {
            incomplete_reasons.push(format!("vulnerability database: {problem}"));
        }
        notes.push(format!(
            "vulnerability database {}: {} records ({}){}",
            db.path,
            db.records,
            db.ecosystems
                .iter()
                .map(|(e, n)| format!("{e}: {n}"))
                .collect::<Vec<_>>()
                .join(", "),
            match (&db.fetched, &db.newest_record) {
                (Some(f), _) => format!(", fetched {f}"),
                (None, Some(r)) => format!(", newest record {r}"),
                (None, None) => String::new(),
            }
        ));
    }
    if let Some(node) = &facts.kubernetes {
        // `--kubernetes` on a host with no component: nothing of the node was audited.
        if node.components.is_empty() {
            incomplete_reasons.push(format!(
                "--kubernetes: no Kubernetes component was found on this host (looked in {})",
                if node.searched.is_empty() {
                    "nowhere".to_string()
                } else {
                    node.searched.join(", ")
                }
            ));
        }
        for problem in &node.problems {
            incomplete_reasons.push(problem.clone());
        }
        for (path, probe) in &node.files {
            if let Probe::Unavailable { reason } = probe {
                incomplete_reasons.push(format!("{path}: {reason}"));
            }
        }
        for (dir, probe) in &node.trees {
            if let Probe::Unavailable { reason } = probe {
                incomplete_reasons.push(format!("{dir}: {reason}"));
            }
        }
        // A kubelet configuration the kubelet could not read makes every setting it holds
        // unknown: the audit did not see the node's real configuration.
        if let Some(Some(Err(reason))) = ctx.node().map(|view| view.kubelet.as_ref()) {
            incomplete_reasons.push(format!("the kubelet's configuration: {reason}"));
        }
        if let Some(reason) = &node.processes_unlisted {
            notes.push(format!(
                "Kubernetes components were looked for in files only: {reason}"
            ));
        }
    }
    let engine = facts.engine.known();
    Report {
        schema_version: REPORT_SCHEMA_VERSION.to_string(),
        tool_version: tool_version.to_string(),
        benchmark: numbering.name().to_string(),
        target: AuditTarget {
            host: facts
                .host
                .hostname
                .clone()
                .or_else(|| engine.map(|e| e.info.name.clone()))
                .unwrap_or_default(),
            root: facts.root.clone(),
            engine_endpoint: engine.map(|e| e.endpoint.clone()),
            engine_version: engine.map(|e| e.version.version.clone()),
            containers: engine.map_or(0, |e| e.containers.len()),
            images: engine.map_or(0, |e| e.images.len()),
            files: facts.project.files.len() + facts.project.archives.len(),
            host_audited: facts.host_audited,
            kubernetes_node: facts.kubernetes.as_ref().map(|node| {
                node.components
                    .iter()
                    .map(|c| format!("{} ({})", c.name, c.source.describe()))
                    .collect()
            }),
            objects: {
                let project = ctx.project();
                ObjectCounts {
                    dockerfiles: project.dockerfiles.len(),
                    compose_services: project
                        .composes
                        .iter()
                        .map(|c| c.project.services.len())
                        .sum(),
                    image_archives: facts.project.archives.len(),
                    kubernetes_workloads: project
                        .kube
                        .iter()
                        .filter(|o| o.pod_spec.is_some())
                        .count(),
                    kubernetes_objects: project.kube.len(),
                }
            },
            // The results' own copies: the threat instances made of these share them too.
            audited: {
                let mut audited: Vec<_> = audited_objects(facts, ctx)
                    .into_iter()
                    .map(|object| shared.object(object))
                    .collect();
                // Collected in place: the list of whole objects' room, seven times what the
                // shared ones need, would be kept to the end.
                audited.shrink_to_fit();
                audited
            },
            evidence: Vec::new(),
        },
        complete: incomplete_reasons.is_empty(),
        incomplete_reasons,
        notes,
        summary: Summary::of(&results),
        rules_evaluated: Vec::new(),
        waivers: Vec::new(),
        threat_model: None,
        results,
    }
}

/// Every object the audit looked at, as the rules name them: the threat model makes its
/// instances of these.
fn audited_objects(facts: &Facts, ctx: &Context) -> Vec<ObjectRef> {
    let mut objects = Vec::new();
    if facts.host_audited {
        objects.push(ObjectRef::host());
        objects.push(ObjectRef::daemon());
    }
    if let Some(engine) = facts.engine.known() {
        objects.extend(engine.containers.iter().map(container_ref));
        objects.extend(engine.images.iter().map(image_ref));
    }
    if let Some(node) = &facts.kubernetes {
        objects.extend(
            node.components
                .iter()
                .map(|c| ObjectRef::kube_component(&c.name)),
        );
    }
    let project = ctx.project();
    objects.extend(
        project
            .dockerfiles
            .iter()
            .filter(|d| d.file.is_ok())
            .map(|d| ObjectRef {
                kind: Target::Dockerfile,
                id: d.path.clone(),
                name: d.path.clone(),
            }),
    );
    for compose in &project.composes {
        objects.extend(
            compose
                .project
                .services
                .iter()
                .map(|s| crate::rules::compose::service::object(compose, s)),
        );
    }
    for archive in facts.archives() {
        objects.extend(
            archive
                .images
                .iter()
                .map(|image| crate::rules::image_archive::archived::object(archive, image)),
        );
    }
    for object in &project.kube {
        objects.push(crate::rules::kubernetes::rbac::kube_object_ref(object));
        if object.pod_spec.is_some() {
            objects.push(ObjectRef::clone(
                &crate::rules::kubernetes::workload::object_ref(object, None),
            ));
        }
    }
    objects
}
