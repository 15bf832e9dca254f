//! The STRIDE threat model: the built-in catalog (`data/threats.yaml`), the user's own model
//! file, and each threat's status derived from a report's results.
//!
//! A threat names the rules that close it (`mitigations`) and the rules that add depth
//! (`hardening`). Its status, for one audit:
//! - *not applicable*: none of its rules belongs to a scope this audit looked at, or every
//!   mitigation had nothing to judge (no container, no such file);
//! - *open*: a mitigation failed;
//! - *unknown*: no mitigation failed, but one could not be judged (unknown, manual, or not
//!   evaluated) — never reported as mitigated;
//! - *partially mitigated*: every mitigation holds, a hardening control failed or was not
//!   judged;
//! - *mitigated*: every mitigation and hardening control that applies holds.
//!
//! Rules on project files report failures only; a rule that ran over objects of its kind and
//! reported nothing counts as a pass on them.

use drydock_model::model::{Severity, Status, Target};
use drydock_model::report::{Report, ResultEntry};
use drydock_parse::yaml::{self, Node};
use drydock_rules::rule::Rule;

use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

use drydock_model::dates::{glob_match, parse_date};

pub mod actions;
pub mod instances;
pub mod paths;
pub mod topology;
pub use drydock_model::threat_report::*;

/// The built-in catalog, as shipped.
pub const BUILTIN_CATALOG: &str = include_str!("../data/threats.yaml");

/// The scope a rule judges.
pub fn scope_of(rule: &Rule) -> Scope {
    if rule.is_node_rule() {
        return Scope::KubernetesNode;
    }
    match rule.target {
        Target::Swarm => Scope::Swarm,
        Target::Dockerfile => Scope::Dockerfiles,
        Target::ComposeService => Scope::Compose,
        Target::ImageArchive => Scope::ImageArchives,
        Target::KubeWorkload | Target::KubeObject => Scope::KubernetesManifests,
        Target::KubeComponent => Scope::KubernetesNode,
        _ => Scope::DockerHost,
    }
}

/// A threat model: the catalog, extended by the user's file.
#[derive(Debug, Clone, Default)]
pub struct Model {
    /// Components.
    pub elements: Vec<Element>,
    /// Data flows.
    pub flows: Vec<Flow>,
    /// Trust boundaries.
    pub boundaries: Vec<Boundary>,
    /// Threats.
    pub threats: Vec<Threat>,
    /// What hardening each rule costs (rule id → text).
    pub tradeoffs: BTreeMap<String, String>,
    /// Decisions.
    pub decisions: Vec<Decision>,
    /// The files the model was read from, after the built-in catalog.
    pub sources: Vec<String>,
}

/// A problem in a model file, with its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelError {
    /// `file:line`.
    pub at: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for ModelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}

impl Model {
    /// The built-in catalog.
    pub fn builtin() -> Model {
        let mut model = Model::default();
        model
            .extend("built-in threats.yaml", BUILTIN_CATALOG)
            .expect("the built-in threat catalog is valid (tested)");
        model.sources.clear();
        model
    }

    /// Adds a model file: new elements, flows, boundaries and threats (a threat with an
    /// existing id replaces it), `links` adding rules to threats, and decisions. Everything it
    /// names is checked against the model and the rule catalog; nothing is applied when any
    /// entry is wrong.
    pub fn extend(&mut self, path: &str, text: &str) -> Result<(), Vec<ModelError>> {
        let doc = yaml::parse_single(text);
        let at = |node: &Node| format!("{path}:{}", node.pos.line);
        if let Some(e) = doc.errors.first() {
            return Err(vec![ModelError {
                at: format!("{path}:{}:{}", e.pos.line, e.pos.column),
                message: format!("not valid YAML: {}", e.message),
            }]);
        }
        let Some(root) = doc.root else {
            return Ok(());
        };
        if !matches!(root.value, yaml::Value::Map(_)) {
            return Err(vec![ModelError {
                at: at(&root),
                message: "a threat model is a mapping (elements, flows, boundaries, threats, links, decisions, tradeoffs)".into(),
            }]);
        }
        let mut next = self.clone();
        let mut errors = Vec::new();
        for (key, value) in root.entries() {
            let name = key.as_str().unwrap_or("");
            match name {
                "elements" => read_list(value, &at, &mut errors, |e: Element, _| {
                    next.elements.retain(|o| o.id != e.id);
                    next.elements.push(e);
                }),
                "flows" => read_list(value, &at, &mut errors, |f: Flow, _| next.flows.push(f)),
                "boundaries" => read_list(value, &at, &mut errors, |b: Boundary, _| {
                    next.boundaries.retain(|o| o.id != b.id);
                    next.boundaries.push(b);
                }),
                "threats" => read_list(value, &at, &mut errors, |t: Threat, _| {
                    match next.threats.iter_mut().find(|o| o.id == t.id) {
                        Some(existing) => *existing = t,
                        None => next.threats.push(t),
                    }
                }),
                "links" => {
                    let mut links = Vec::new();
                    read_list(value, &at, &mut errors, |l: Link, place| links.push((l, place)));
                    for (link, place) in links {
                        match next.threats.iter_mut().find(|t| t.id == link.threat) {
                            Some(t) => {
                                t.mitigations.extend(link.mitigations.into_iter().map(Mitigation::Rule));
                                t.hardening.extend(link.hardening);
                            }
                            None => errors.push(ModelError {
                                at: place,
                                message: format!("link to unknown threat `{}`", link.threat),
                            }),
                        }
                    }
                }
                "decisions" => read_list(value, &at, &mut errors, |mut d: Decision, place| {
                    d.source = place;
                    next.decisions.push(d);
                }),
                "tradeoffs" => match value.to_json() {
                    serde_json::Value::Object(map) => {
                        for (rule, text) in map {
                            match text {
                                serde_json::Value::String(t) => {
                                    next.tradeoffs.insert(rule, t);
                                }
                                _ => errors.push(ModelError {
                                    at: at(value),
                                    message: format!("tradeoff of {rule} is not text"),
                                }),
                            }
                        }
                    }
                    _ => errors.push(ModelError {
                        at: at(value),
                        message: "tradeoffs is a mapping of rule id to text".into(),
                    }),
                },
                other => errors.push(ModelError {
                    at: at(key),
                    message: format!(
                        "unknown section `{other}` (elements, flows, boundaries, threats, links, decisions, tradeoffs)"
                    ),
                }),
            }
        }
        errors.extend(next.check(path));
        if !errors.is_empty() {
            return Err(errors);
        }
        next.sources.push(path.to_string());
        *self = next;
        Ok(())
    }

    /// Problems in the model: unknown rules, elements or boundaries, duplicate ids, threats
    /// without a mitigation, malformed expiry dates.
    fn check(&self, path: &str) -> Vec<ModelError> {
        let rules: HashMap<&str, &Rule> = drydock_rules::rules::catalog()
            .into_iter()
            .map(|r| (r.id, r))
            .collect();
        let mut errors = Vec::new();
        let mut err = |message: String| {
            errors.push(ModelError {
                at: path.to_string(),
                message,
            })
        };
        let mut seen = std::collections::HashSet::new();
        for t in &self.threats {
            if !seen.insert(&t.id) {
                err(format!("threat id {} is used twice", t.id));
            }
            if t.mitigations.is_empty() {
                err(format!("threat {} names no mitigating rule", t.id));
            }
            for r in t
                .mitigations
                .iter()
                .flat_map(Mitigation::rules)
                .chain(&t.hardening)
            {
                if !rules.contains_key(r.as_str()) {
                    err(format!("threat {} names unknown rule {r}", t.id));
                }
            }
            if !self.elements.iter().any(|e| e.id == t.element) {
                err(format!(
                    "threat {} targets unknown element {}",
                    t.id, t.element
                ));
            }
            if !self.boundaries.iter().any(|b| b.id == t.boundary) {
                err(format!(
                    "threat {} crosses unknown boundary {}",
                    t.id, t.boundary
                ));
            }
        }
        for f in &self.flows {
            for end in [&f.from, &f.to] {
                if !self.elements.iter().any(|e| &e.id == end) {
                    err(format!("flow `{}` names unknown element {end}", f.label));
                }
            }
            if !self.boundaries.iter().any(|b| b.id == f.boundary) {
                err(format!(
                    "flow `{}` crosses unknown boundary {}",
                    f.label, f.boundary
                ));
            }
        }
        for rule in self.tradeoffs.keys() {
            if !rules.contains_key(rule.as_str()) {
                err(format!("tradeoff for unknown rule {rule}"));
            }
        }
        for d in &self.decisions {
            if parse_date(&d.expires).is_none() {
                errors.push(ModelError {
                    at: d.source.clone(),
                    message: format!("expires `{}` is not a date (YYYY-MM-DD)", d.expires),
                });
            }
            if d.reason.trim().is_empty() || d.owner.trim().is_empty() {
                errors.push(ModelError {
                    at: d.source.clone(),
                    message: "a decision needs a reason and an owner".into(),
                });
            }
        }
        errors
    }
}

/// Rules added to a threat by the user's model.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Link {
    threat: String,
    #[serde(default)]
    mitigations: Vec<String>,
    #[serde(default)]
    hardening: Vec<String>,
}

/// Reads a YAML list item by item, handing each with its `file:line`; an item that does not
/// fit is reported at its line.
fn read_list<T: serde::de::DeserializeOwned>(
    list: &Node,
    at: &dyn Fn(&Node) -> String,
    errors: &mut Vec<ModelError>,
    mut take: impl FnMut(T, String),
) {
    if !matches!(list.value, yaml::Value::Seq(_)) {
        errors.push(ModelError {
            at: at(list),
            message: "expected a list".into(),
        });
        return;
    }
    for item in list.items() {
        let place = at(item);
        match serde_json::from_value::<T>(item.to_json()) {
            Ok(v) => take(v, place),
            Err(e) => errors.push(ModelError {
                at: place,
                message: e.to_string(),
            }),
        }
    }
}

/// The scopes a report looked at.
pub fn audited_scopes(report: &Report) -> Vec<Scope> {
    let t = &report.target;
    let swarm_active = report.results.iter().any(|r| {
        r.status != Status::NotApplicable
            && drydock_rules::rules::find(&r.rule.rule_id)
                .is_some_and(|rule| rule.target == Target::Swarm)
    });
    let mut scopes = Vec::new();
    // Images a scanner's report judged (evidence without a host audit) are the Docker host's.
    if t.host_audited || t.images > 0 {
        scopes.push(Scope::DockerHost);
        if swarm_active {
            scopes.push(Scope::Swarm);
        }
    }
    for (scope, count) in [
        (Scope::Dockerfiles, t.objects.dockerfiles),
        (Scope::Compose, t.objects.compose_services),
        (Scope::ImageArchives, t.objects.image_archives),
    ] {
        if count > 0 {
            scopes.push(scope);
        }
    }
    if t.kubernetes_node.is_some() {
        scopes.push(Scope::KubernetesNode);
    }
    if t.objects.kubernetes_objects > 0 {
        scopes.push(Scope::KubernetesManifests);
    }
    scopes
}

/// How many objects a findings-only project rule looked at.
fn objects_judged(rule: &Rule, report: &Report) -> Option<usize> {
    let o = &report.target.objects;
    match rule.target {
        Target::Dockerfile => Some(o.dockerfiles),
        Target::ComposeService => Some(o.compose_services),
        Target::ImageArchive => Some(o.image_archives),
        Target::KubeWorkload => Some(o.kubernetes_workloads),
        Target::KubeObject => Some(o.kubernetes_objects),
        _ => None,
    }
}

/// Derives every threat's status from the report, applies the decisions that hold on `today`
/// (`YYYY-MM-DD`), and ranks the plan.
pub fn assess(report: &Report, model: &Model, today: &str) -> ThreatModelReport {
    let scopes = audited_scopes(report);
    let evaluated: std::collections::HashSet<&str> =
        report.rules_evaluated.iter().map(String::as_str).collect();
    let index = instances::Index::new(report);
    let today_date = parse_date(today);
    let (live, expired): (Vec<&Decision>, Vec<&Decision>) =
        model
            .decisions
            .iter()
            .partition(|d| match (parse_date(&d.expires), today_date) {
                (Some(e), Some(t)) => e >= t,
                _ => true,
            });
    let mut used = vec![false; live.len()];
    let mut threats = Vec::new();
    for threat in &model.threats {
        let mut assessment = assess_threat(threat, report, &scopes, &evaluated, &index);
        if assessment.status != ThreatStatus::NotApplicable {
            for (i, d) in live.iter().enumerate() {
                if d.threat != threat.id {
                    continue;
                }
                match &d.object {
                    None => {
                        assessment.decision = Some((*d).clone());
                        used[i] = true;
                    }
                    Some(pattern) => {
                        for link in assessment.controls.iter_mut().flat_map(|c| &mut c.chain) {
                            let r = &report.results[link.result as usize].object;
                            if glob_match(pattern, &r.name) || glob_match(pattern, &r.id) {
                                link.set_aside = Some(
                                    format!(
                                        "{} by {} until {}: {}",
                                        d.decision.label(),
                                        d.owner,
                                        d.expires,
                                        d.reason
                                    )
                                    .into(),
                                );
                                used[i] = true;
                            }
                        }
                    }
                }
            }
        }
        threats.push(assessment);
    }
    let decisions_unmatched = live
        .iter()
        .zip(&used)
        .filter(|(_, used)| !**used)
        .map(|(d, _)| DecisionNote {
            decision: (*d).clone(),
            note: if model.threats.iter().any(|t| t.id == d.threat) {
                match &d.object {
                    Some(o) => format!(
                        "no object named `{o}` is in {}'s evidence in this audit",
                        d.threat
                    ),
                    None => format!("{} is not applicable to this audit", d.threat),
                }
            } else {
                format!("no threat {} in the model", d.threat)
            },
        })
        .collect();
    let decisions_expired = expired
        .into_iter()
        .map(|d| DecisionNote {
            decision: d.clone(),
            note: format!("expired on {}; not applied", d.expires),
        })
        .collect();
    let mut summary = BTreeMap::new();
    for t in &threats {
        *summary.entry(t.status.label().to_string()).or_insert(0) += 1;
    }
    let plan = plan(&threats, model);
    ThreatModelReport {
        sources: model.sources.clone(),
        scopes,
        summary,
        threats,
        elements: model.elements.clone(),
        flows: model.flows.clone(),
        boundaries: model.boundaries.clone(),
        decisions_expired,
        decisions_unmatched,
        plan,
        system: None,
    }
}

fn assess_threat(
    threat: &Threat,
    report: &Report,
    scopes: &[Scope],
    evaluated: &std::collections::HashSet<&str>,
    index: &instances::Index,
) -> ThreatAssessment {
    let mut controls = Vec::new();
    let roles = threat
        .mitigations
        .iter()
        .flat_map(Mitigation::rules)
        .map(|r| (r, ControlRole::Mitigation))
        .chain(threat.hardening.iter().map(|r| (r, ControlRole::Hardening)));
    for (rule_id, role) in roles {
        let Some(rule) = drydock_rules::rules::find(rule_id) else {
            continue;
        };
        if !scopes.contains(&scope_of(rule)) {
            continue;
        }
        controls.push(control_evidence(rule, role, report, evaluated, index));
    }
    let instances = instances::instances(threat, index, scopes);
    let (status, reason, coverage) = instances::summarise(threat, &instances, scopes);
    ThreatAssessment {
        threat: threat.clone(),
        status,
        reason,
        controls,
        decision: None,
        coverage,
        instances,
    }
}

fn control_evidence(
    rule: &'static Rule,
    role: ControlRole,
    report: &Report,
    evaluated: &std::collections::HashSet<&str>,
    index: &instances::Index,
) -> ControlEvidence {
    let labels = index.shared();
    let results: Vec<(usize, &ResultEntry)> = index
        .of_rule(rule.id)
        .map(|i| (i, &report.results[i]))
        .collect();
    let has = |s: Status| results.iter().any(|(_, r)| r.status == s);
    let mut note = String::new();
    let verdict = if !evaluated.contains(rule.id) && results.is_empty() {
        note = "not evaluated in this audit (deselected)".into();
        ControlVerdict::NotAssessed
    } else if has(Status::Fail) {
        ControlVerdict::Fail
    } else if has(Status::Unknown) {
        ControlVerdict::Unknown
    } else if has(Status::Manual) {
        ControlVerdict::Manual
    } else if has(Status::Pass) {
        ControlVerdict::Pass
    } else if let Some(count) = objects_judged(rule, report).filter(|c| *c > 0) {
        note = format!("no finding on {count} object(s) of its kind");
        ControlVerdict::Pass
    } else {
        ControlVerdict::NotApplicable
    };
    let mut chain: Vec<ChainLink> = results
        .iter()
        .filter(|(_, r)| r.status != Status::NotApplicable)
        .map(|(i, r)| ChainLink {
            result: u32::try_from(*i).expect("fewer than 2^32 results"),
            status: r.status,
            object: drydock_model::threat_report::ObjectLabel::of(&r.object),
            set_aside: r.suppressed.as_ref().map(|s| labels.string(&s.describe())),
        })
        .collect();
    // Grown by doubling: a link for each result of a large cluster, up to half of it spare.
    chain.shrink_to_fit();
    ControlEvidence {
        rule_id: rule.id.to_string(),
        title: rule.title().to_string(),
        control: control_id(rule),
        role,
        verdict,
        note,
        chain,
    }
}

pub(crate) fn severity_weight(s: Severity) -> f64 {
    match s {
        Severity::Critical => 8.0,
        Severity::High => 5.0,
        Severity::Medium => 3.0,
        Severity::Low => 1.0,
        Severity::Info => 0.5,
    }
}

/// Ranks the failed controls by what hardening them buys: for each threat still open or
/// partially mitigated (and not covered by a decision), the severity of the threat times the
/// effect — 1 for a failing mitigation, however many others fail beside it (a threat broken
/// in several places is no less worth mending), 0.25 for hardening — scaled by how many
/// objects fail it. Threats of one STRIDE category on one element count once per control (the
/// most severe), so near-duplicate threats do not double a control's score. A control
/// `closes` a threat only when it is the threat's last failing or unjudged control, so that
/// the threat would be mitigated; the last failing mitigation with hardening still failing
/// `mitigates` it (it would be partially mitigated); otherwise it `reduces` or `hardens` it.
fn plan(threats: &[ThreatAssessment], model: &Model) -> Vec<PlanItem> {
    struct Acc {
        score: f64,
        /// The largest contribution so far per (STRIDE category, element).
        by_kind: BTreeMap<(String, String), f64>,
        threats: Vec<PlanThreat>,
        objects: std::collections::BTreeSet<drydock_model::threat_report::ObjectLabel>,
    }
    let mut by_rule: BTreeMap<String, Acc> = BTreeMap::new();
    for t in threats {
        if !matches!(
            t.status,
            ThreatStatus::Open | ThreatStatus::PartiallyMitigated
        ) || t.decision.is_some()
        {
            continue;
        }
        let failing_mitigations = t
            .controls
            .iter()
            .filter(|c| c.role == ControlRole::Mitigation && c.verdict == ControlVerdict::Fail)
            .count();
        let unsettled = t
            .controls
            .iter()
            .filter(|c| matches!(c.verdict, ControlVerdict::Fail | ControlVerdict::Unknown))
            .count();
        for c in &t.controls {
            if c.verdict != ControlVerdict::Fail {
                continue;
            }
            let objects: Vec<&ChainLink> = c
                .chain
                .iter()
                .filter(|l| l.status == Status::Fail && l.set_aside.is_none())
                .collect();
            if objects.is_empty() {
                continue;
            }
            let (effect, weight) = match c.role {
                ControlRole::Mitigation if unsettled == 1 => ("closes", 1.0),
                ControlRole::Mitigation if failing_mitigations == 1 => ("mitigates", 1.0),
                ControlRole::Mitigation => ("reduces", 1.0),
                ControlRole::Hardening => ("hardens", 0.25),
            };
            let acc = by_rule.entry(c.rule_id.clone()).or_insert(Acc {
                score: 0.0,
                by_kind: BTreeMap::new(),
                threats: Vec::new(),
                objects: Default::default(),
            });
            let contribution = weight * severity_weight(t.threat.severity);
            let kind = acc
                .by_kind
                .entry((t.threat.stride.name().to_string(), t.threat.element.clone()))
                .or_insert(0.0);
            if contribution > *kind {
                acc.score += contribution - *kind;
                *kind = contribution;
            }
            acc.threats.push(PlanThreat {
                id: t.threat.id.clone(),
                title: t.threat.title.clone(),
                severity: t.threat.severity,
                effect: effect.into(),
            });
            acc.objects.extend(objects.iter().map(|l| l.object.clone()));
        }
    }
    let mut items: Vec<PlanItem> = by_rule
        .into_iter()
        .filter_map(|(rule_id, acc)| {
            let rule = drydock_rules::rules::find(&rule_id)?;
            let score = acc.score * (1.0 + (acc.objects.len() as f64).ln_1p() / 4.0);
            let closes: Vec<String> = acc
                .threats
                .iter()
                .filter(|t| t.effect == "closes")
                .map(|t| format!("{} ({})", t.id, t.severity.name()))
                .collect();
            let others = acc.threats.len() - closes.len();
            let mut why = if closes.is_empty() {
                format!("acts on {} open threat(s)", acc.threats.len())
            } else {
                format!("closes {}", closes.join(", "))
            };
            if !closes.is_empty() && others > 0 {
                why.push_str(&format!(" and acts on {others} more"));
            }
            why.push_str(&format!("; fails on {} object(s)", acc.objects.len()));
            Some(PlanItem {
                rank: 0,
                title: rule.title().to_string(),
                control: control_id(rule),
                score: (score * 100.0).round() / 100.0,
                threats: acc.threats,
                objects: acc.objects.into_iter().collect(),
                fix_available: rule.fix == drydock_rules::rule::Fix::Available,
                remediation: rule.remediation().to_string(),
                tradeoff: model.tradeoffs.get(&rule_id).cloned().unwrap_or_else(|| {
                    "None recorded; check the remediation against what the workload needs.".into()
                }),
                why,
                rule_id,
            })
        })
        .collect();
    // Highest score first; ties by severity of the rule, then id, so the order is stable.
    let severity_of = |id: &str| drydock_rules::rules::find(id).map(|r| r.severity);
    items.sort_by(|a, b| {
        b.score
            .partial_cmp(&a.score)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| severity_of(&b.rule_id).cmp(&severity_of(&a.rule_id)))
            .then_with(|| a.rule_id.cmp(&b.rule_id))
    });
    for (i, item) in items.iter_mut().enumerate() {
        item.rank = i + 1;
    }
    items
}

/// The CIS id a rule implements first (Docker, else Kubernetes), or nothing.
fn control_id(rule: &Rule) -> String {
    rule.cis
        .first()
        .or(rule.kube_cis.first())
        .map(|s| s.to_string())
        .unwrap_or_default()
}

/// A threat's impact in words: its severity, and whether it lies on a path to host root or
/// cluster-admin. Fixed phrases, so that a cluster's hundreds of thousands of risks share them.
fn impact_words(severity: Severity, on_path: bool) -> &'static str {
    match (severity, on_path) {
        (Severity::Critical, false) => "critical threat",
        (Severity::High, false) => "high threat",
        (Severity::Medium, false) => "medium threat",
        (Severity::Low, false) => "low threat",
        (Severity::Info, false) => "info threat",
        (Severity::Critical, true) => "critical threat, on a path to host root or cluster-admin",
        (Severity::High, true) => "high threat, on a path to host root or cluster-admin",
        (Severity::Medium, true) => "medium threat, on a path to host root or cluster-admin",
        (Severity::Low, true) => "low threat, on a path to host root or cluster-admin",
        (Severity::Info, true) => "info threat, on a path to host root or cluster-admin",
    }
}

/// The threat model of the system as audited: its topology from the facts, the attack paths
/// through it, and the plan by fix action (see [`topology`], [`paths`], [`actions`]). Without
/// facts (a report made from peers' evidence) there is no topology and no path, and the
/// actions are grouped from the results alone.
#[allow(clippy::too_many_arguments)]
pub fn analyse_system(
    facts: Option<&drydock_model::facts::Facts>,
    topology: drydock_model::topology::Topology,
    report: &Report,
    assessed: &ThreatModelReport,
    model: &Model,
    rules: &[&'static Rule],
    options: &drydock_rules::rule::RuleOptions,
    benchmark: drydock_model::benchmark::DockerBenchmark,
    provenance: drydock_model::topology::Provenance,
) -> drydock_model::topology::SystemModel {
    let timings = std::env::var_os("DRYDOCK_TIMINGS").is_some();
    let clock = std::time::Instant::now();
    let lap = |what: &str| {
        if timings {
            eprintln!(
                "drydock: timing: {what} done at {:.1} ms",
                clock.elapsed().as_secs_f64() * 1000.0
            );
        }
    };
    let controls = paths::instances_by_control(assessed, report, &topology);
    let paths = paths::attack_paths(&topology, &controls);
    lap("paths");
    let actions = actions::fix_actions(
        facts, report, assessed, model, &topology, &paths, rules, options, benchmark,
    );
    lap("actions");
    let risks = risks(assessed, &topology, &paths);
    lap("risks");
    drydock_model::topology::SystemModel {
        provenance,
        topology,
        paths,
        actions,
        how_scored: actions::HOW_SCORED.to_string(),
        risks,
    }
}

/// Likelihood × impact of every instance still at risk (see [`drydock_model::topology::InstanceRisk`]).
fn risks(
    assessed: &ThreatModelReport,
    topology: &drydock_model::topology::Topology,
    paths: &[drydock_model::topology::AttackPath],
) -> Vec<drydock_model::topology::InstanceRisk> {
    use drydock_model::topology::{ElementKind, InstanceRisk};
    use std::collections::HashSet;
    // Objects an attacker reaches from a published entry (breadth first over shared zones).
    let mut reached: HashSet<&str> = HashSet::new();
    let mut frontier: Vec<&drydock_model::topology::SystemElement> = topology
        .elements
        .iter()
        .filter(|e| e.exposure == "all interfaces" || e.exposure == "one interface")
        .collect();
    let mut zones_done: HashSet<&str> = HashSet::new();
    let mut members: HashMap<&str, Vec<&drydock_model::topology::SystemElement>> = HashMap::new();
    for e in &topology.elements {
        for z in &e.zones {
            members.entry(z.as_str()).or_default().push(e);
        }
    }
    while let Some(e) = frontier.pop() {
        for z in &e.zones {
            if z == "network:host" || !zones_done.insert(z.as_str()) {
                continue;
            }
            for m in members.get(z.as_str()).into_iter().flatten().copied() {
                if m.objects.iter().all(|o| reached.insert(o.as_str())) {
                    frontier.push(m);
                }
            }
        }
    }
    let exposure: HashMap<&str, (&str, ElementKind)> = topology
        .elements
        .iter()
        .flat_map(|e| {
            e.objects
                .iter()
                .map(move |o| (o.as_str(), (e.exposure.as_str(), e.kind)))
        })
        .collect();
    // Objects on a path to host root or cluster-admin.
    let by_id: HashMap<&str, &drydock_model::topology::SystemElement> = topology
        .elements
        .iter()
        .map(|e| (e.id.as_str(), e))
        .collect();
    let mut severe: HashSet<&str> = HashSet::new();
    for p in paths
        .iter()
        .filter(|p| p.impact == "host root" || p.impact == "cluster-admin")
    {
        for st in &p.steps {
            for id in [st.from.as_str(), st.to.as_str()] {
                if let Some(e) = by_id.get(id) {
                    severe.extend(e.objects.iter().map(String::as_str));
                }
            }
        }
    }
    let level = |n: u32| match n {
        n if n >= 9 => Severity::Critical,
        n if n >= 6 => Severity::High,
        n if n >= 3 => Severity::Medium,
        n if n >= 1 => Severity::Low,
        _ => Severity::Info,
    };
    let lower = |s: Severity| match s {
        Severity::Critical => Severity::High,
        Severity::High => Severity::Medium,
        Severity::Medium => Severity::Low,
        _ => Severity::Info,
    };
    let at_risk = |status: ThreatStatus| {
        matches!(
            status,
            ThreatStatus::Open | ThreatStatus::PartiallyMitigated | ThreatStatus::Unknown
        )
    };
    // Sized once: grown by doubling, up to half of it was spare, at a risk for each open
    // instance of a cluster.
    let mut out = Vec::with_capacity(
        assessed
            .threats
            .iter()
            .flat_map(|t| &t.instances)
            .filter(|i| at_risk(i.status))
            .count(),
    );
    // One copy of each phrase, decision and set-aside sentence, shared by the risks.
    let phrases = drydock_model::intern::Interner::default();
    for t in &assessed.threats {
        // Objects a decision sets aside, once per threat.
        let set_aside: HashMap<&str, &str> = t
            .controls
            .iter()
            .flat_map(|c| &c.chain)
            .filter_map(|l| {
                l.set_aside
                    .as_deref()
                    .map(|r| (l.object.as_str(), r.as_str()))
            })
            .collect();
        for i in &t.instances {
            if !at_risk(i.status) {
                continue;
            }
            let (likelihood, l): (&str, u32) = match exposure.get(i.object.id.as_str()) {
                Some(("all interfaces", _)) => ("published on all interfaces", 3),
                Some(("one interface", _)) => ("published on one interface", 3),
                _ if reached.contains(i.object.id.as_str()) => {
                    ("reachable through a published element", 2)
                }
                Some(_) => ("reachable only from the host", 1),
                None if matches!(i.object.kind, Target::Dockerfile | Target::ImageArchive) => {
                    ("build-time only", 1)
                }
                None => ("reachable only from the host", 1),
            };
            let m = match t.threat.severity {
                Severity::Critical => 4,
                Severity::High => 3,
                Severity::Medium => 2,
                _ => 1,
            };
            // On a path to host root or cluster-admin, a threat of tampering or privilege
            // weighs one level more: it is a step towards that impact.
            let on_path = severe.contains(i.object.id.as_str())
                && matches!(
                    t.threat.stride,
                    drydock_model::model::Stride::ElevationOfPrivilege
                        | drydock_model::model::Stride::Tampering
                );
            let (impact, m) = if on_path && m < 4 {
                (impact_words(t.threat.severity, true), m + 1)
            } else {
                (impact_words(t.threat.severity, false), m)
            };
            // Mitigations that hold make it less likely, whatever hardening is missing.
            let l = if i.status == ThreatStatus::PartiallyMitigated {
                l.saturating_sub(1).max(1)
            } else {
                l
            };
            // A build-time object weighs half: it is a risk once built and run.
            let n = if likelihood == "build-time only" {
                (l * m).div_ceil(2)
            } else {
                l * m
            };
            let inherent = level(n);
            let decision = t
                .decision
                .as_ref()
                .map(|d| phrases.string(&format!("{} by {}", d.decision.label(), d.owner)))
                .or_else(|| {
                    set_aside
                        .get(i.object.name.as_str())
                        .map(|r| phrases.string(r))
                })
                .unwrap_or_else(|| phrases.string(""));
            out.push(InstanceRisk {
                instance: i.id.clone(),
                likelihood: phrases.string(likelihood),
                impact: phrases.string(impact),
                inherent,
                residual: if decision.is_empty() {
                    inherent
                } else {
                    lower(inherent)
                },
                decision,
            });
        }
    }
    // In place: a stable sort takes a buffer of half the list. Two risks the order cannot
    // tell apart are alike in every field (objects of one name in two files share an
    // instance id), so the order is still fixed.
    out.sort_unstable_by(|a, b| {
        b.residual
            .cmp(&a.residual)
            .then(b.inherent.cmp(&a.inherent))
            .then_with(|| a.instance.cmp(&b.instance))
            .then_with(|| a.likelihood.cmp(&b.likelihood))
            .then_with(|| a.impact.cmp(&b.impact))
            .then_with(|| a.decision.cmp(&b.decision))
    });
    out
}
