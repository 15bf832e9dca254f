//! Threat instances: a threat judged on each object it concerns.
//!
//! The objects of a threat are the audited objects of the kinds its mitigating rules judge
//! (containers, compose services, Dockerfiles, workloads, RBAC objects, …), narrowed by the
//! threat's `objects` when it names them. On each object:
//! - a rule of the object's own kind speaks through its results on that object; a rule on
//!   project files reports failures only, so when it ran and found nothing on the object, it
//!   holds there;
//! - a host-wide rule (the daemon's settings, the host's files) speaks for every live object
//!   of the Docker host it covers (a daemon default applies to each container unless that
//!   container overrides it, which the per-container rule then shows);
//! - `any_of` groups hold when one alternative holds, `all_of` (the list) when each entry does.
//!
//! An instance is *mitigated* only when every entry that applies to the object holds on it
//! **and** the evidence the threat needs was read; a rule not evaluated, unknown or manual on
//! the object makes it *unknown*; a failing entry makes it *open*. A threat whose scope was
//! audited but none of whose objects was is *not assessed* — never mitigated.

use crate::scope_of;
use drydock_model::intern::Interner;
use drydock_model::model::{ObjectRef, Status, Target};
use drydock_model::report::{Report, ResultEntry};
use drydock_model::threat_report::{
    ControlRole, ControlVerdict, InstanceControl, InstanceId, Mitigation, Scope, Threat,
    ThreatInstance, ThreatStatus,
};
use drydock_rules::rule::Rule;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock};

/// Evidence a threat can need beyond its rules, and what supplies it.
pub const KNOWN_NEEDS: &[(&str, &str)] = &[(
    "vulnerability-data",
    "no vulnerability data judged this object (the packages of images are matched with --vuln-db and --image-layers, or taken from a scanner's report given as --evidence; a Dockerfile or workload is judged through the image it builds or runs, which must be audited too)",
)];

/// Rules whose pass or fail on an object means vulnerability data judged it.
const VULNERABILITY_RULES: [&str; 3] = ["DH066", "AR007", "KC22"];

/// What the assessment of one report shares between threats: the results by rule and object,
/// the audited objects by kind.
pub struct Index<'a> {
    report: &'a Report,
    evaluated: HashSet<&'a str>,
    /// Results of each rule: a range of `rule_order`.
    by_rule: HashMap<&'a str, (u32, u32)>,
    /// Results on each object (its owner: see `owner_id`): a range of `object_order`.
    by_object: HashMap<&'a str, (u32, u32)>,
    // Result indices grouped by rule, in the report's order within a rule; and grouped by
    // object, by rule within an object (rules in `rule_order`'s order), so that a rule's
    // results on an object are found by a binary search in the object's range. One number per
    // result each, where a map keyed by rule and object cost forty bytes a result of a large
    // cluster and a list per group an allocation per result.
    rule_order: Vec<u32>,
    object_order: Vec<u32>,
    /// Where each result's rule starts in `rule_order`, which orders rules as
    /// `object_order` does within an object.
    rule_start: Vec<u32>,
    /// Audited objects by kind, each shared by its threat instances.
    objects: BTreeMap<Target, Vec<Arc<ObjectRef>>>,
    /// Objects that vulnerability data judged (a pass or fail of a vulnerability rule).
    vulnerability_judged: HashSet<&'a str>,
    /// Results taken as passing: what a fix action would turn to pass, to re-assess the
    /// instances it touches.
    passing: std::cell::RefCell<HashSet<usize>>,
    /// One copy of each reason (most instances of a threat say the same sentence), of what
    /// an instance's controls say (objects alike say the same) and of each object label in
    /// the threats' chains.
    shared: Interner,
}

impl<'a> Index<'a> {
    /// Indexes a report.
    pub fn new(report: &'a Report) -> Self {
        let results = &report.results;
        let (by_rule, rule_order) = grouped(0..results.len(), |i| results[i].rule.rule_id.as_ref());
        let (by_object, object_order) = grouped(rule_order.iter().map(|&i| i as usize), |i| {
            owner_id(&results[i])
        });
        let mut rule_start = vec![0u32; results.len()];
        for &(start, end) in by_rule.values() {
            for &i in &rule_order[start as usize..end as usize] {
                rule_start[i as usize] = start;
            }
        }
        let mut objects: BTreeMap<Target, Vec<Arc<ObjectRef>>> = BTreeMap::new();
        let mut seen = HashSet::new();
        let mut add = |o: &'a Arc<ObjectRef>| {
            if o.id != "*" && seen.insert((o.kind, o.id.as_str())) {
                objects.entry(o.kind).or_default().push(Arc::clone(o));
            }
        };
        if report.target.audited.is_empty() {
            // A report of an older drydock, or of peers' evidence: the objects its results name.
            report.results.iter().for_each(|r| add(&r.object));
        } else {
            // The report's own copies, which its results share too.
            report.target.audited.iter().for_each(add);
        }
        Index {
            report,
            evaluated: report.rules_evaluated.iter().map(String::as_str).collect(),
            by_rule,
            by_object,
            rule_order,
            object_order,
            rule_start,
            objects,
            vulnerability_judged: report
                .results
                .iter()
                .filter(|r| {
                    VULNERABILITY_RULES.contains(&r.rule.rule_id.as_ref())
                        && matches!(r.status, Status::Pass | Status::Fail)
                })
                .map(owner_id)
                .collect(),
            passing: Default::default(),
            shared: Interner::default(),
        }
    }
}

/// The results `items` lists, grouped by `key`: each key's range in the order returned, within
/// which the results keep the order of `items`. Linear: a counting sort over the keys' numbers
/// in the order they first appear, where a comparison sort of strings cost a fifth of the
/// audit.
fn grouped<K: std::hash::Hash + Eq>(
    items: impl Iterator<Item = usize> + Clone,
    key: impl Fn(usize) -> K,
) -> (HashMap<K, (u32, u32)>, Vec<u32>) {
    let number = |n: usize| u32::try_from(n).expect("fewer than 2^32 results");
    // First the group of each result, numbered as they come, and the size of each group.
    let mut ranges: HashMap<K, (u32, u32)> = HashMap::new();
    let mut group_of: Vec<u32> = Vec::with_capacity(items.size_hint().0);
    let mut sizes: Vec<u32> = Vec::new();
    for i in items.clone() {
        let next = number(sizes.len());
        let group = ranges.entry(key(i)).or_insert((next, 0)).0;
        if group == next {
            sizes.push(0);
        }
        sizes[group as usize] += 1;
        group_of.push(group);
    }
    // Then where each group starts, and every result placed in its group.
    let mut starts: Vec<u32> = Vec::with_capacity(sizes.len());
    let mut at = 0u32;
    for size in &sizes {
        starts.push(at);
        at += size;
    }
    let mut order = vec![0u32; group_of.len()];
    let mut fill = starts.clone();
    for (i, &group) in items.zip(&group_of) {
        order[fill[group as usize] as usize] = number(i);
        fill[group as usize] += 1;
    }
    for range in ranges.values_mut() {
        let group = range.0 as usize;
        *range = (starts[group], starts[group] + sizes[group]);
    }
    ranges.shrink_to_fit();
    (ranges, order)
}

impl Index<'_> {
    /// The results of a rule, in the report's order.
    pub(crate) fn of_rule(&self, rule: &str) -> impl Iterator<Item = usize> + '_ {
        let (start, end) = self.by_rule.get(rule).copied().unwrap_or((0, 0));
        self.rule_order[start as usize..end as usize]
            .iter()
            .map(|&i| i as usize)
    }

    /// The results of a rule on an object, in the report's order.
    fn of_rule_on(&self, rule: &str, object: &str) -> impl Iterator<Item = usize> + '_ {
        let on_object = match (self.by_object.get(object), self.by_rule.get(rule)) {
            (Some(&(start, end)), Some(&(rule_start, _))) => {
                let all = &self.object_order[start as usize..end as usize];
                let first = all.partition_point(|&i| self.rule_start[i as usize] < rule_start);
                let past = all.partition_point(|&i| self.rule_start[i as usize] <= rule_start);
                &all[first..past]
            }
            _ => &[],
        };
        on_object.iter().map(|&i| i as usize)
    }

    /// The status of a result, as it is or as a fix would make it.
    fn status(&self, i: usize) -> Status {
        if self.passing.borrow().contains(&i) {
            Status::Pass
        } else {
            self.report.results[i].status
        }
    }

    /// The copies the assessment shares.
    pub fn shared(&self) -> &Interner {
        &self.shared
    }

    /// Takes these results as passing until the next call (empty: as they are).
    pub fn assume_passing(&self, results: HashSet<usize>) {
        *self.passing.borrow_mut() = results;
    }
}

/// A threat on one object, re-assessed (with the results [`Index::assume_passing`] names
/// taken as passing).
pub fn reassess(
    threat: &Threat,
    index: &Index,
    scopes: &[Scope],
    object: &Arc<ObjectRef>,
) -> ThreatInstance {
    instance(threat, &threat_rules(threat, scopes), object, index)
}

/// The object a result belongs to: a workload's container findings belong to the workload.
fn owner_id(r: &ResultEntry) -> &str {
    if r.object.kind == Target::KubeWorkload {
        // `<object id>/<container>`: the object id ends with `@<line>`, a container name has no
        // `@`.
        if let Some(at) = r.object.id.rfind('@')
            && let Some(slash) = r.object.id[at..].find('/')
        {
            return &r.object.id[..at + slash];
        }
    }
    &r.object.id
}

/// Kinds of object that stand for the whole host or node: one object, whose settings apply
/// to everything on it.
fn host_wide(kind: Target) -> bool {
    matches!(
        kind,
        Target::Host | Target::Daemon | Target::File | Target::Network | Target::Swarm
    )
}

/// Kinds of live object on the Docker host, which the host-wide settings cover.
fn live_docker(kind: Target) -> bool {
    matches!(kind, Target::Container | Target::Image)
}

/// The Kubernetes kind of a manifest object (`path#Kind/ns/name@line`).
fn kube_kind(object: &ObjectRef) -> Option<&str> {
    let (_, rest) = object.id.rsplit_once('#')?;
    rest.split('/').next()
}

/// Whether an object is one the threat's `objects` selectors name.
fn selected(threat: &Threat, object: &ObjectRef) -> bool {
    threat.objects.is_empty()
        || threat
            .objects
            .iter()
            .any(|s| match s.strip_prefix("kubernetes/") {
                Some(kind) => {
                    matches!(object.kind, Target::KubeObject | Target::KubeWorkload)
                        && kube_kind(object) == Some(kind)
                }
                None => s == object.kind.name(),
            })
}

/// The rules of a threat that belong to an audited scope, with their role.
fn threat_rules(threat: &Threat, scopes: &[Scope]) -> Vec<(&'static Rule, ControlRole)> {
    threat
        .mitigations
        .iter()
        .flat_map(Mitigation::rules)
        .map(|r| (r, ControlRole::Mitigation))
        .chain(threat.hardening.iter().map(|r| (r, ControlRole::Hardening)))
        .filter_map(|(id, role)| drydock_rules::rules::find(id).map(|rule| (rule, role)))
        .filter(|(rule, _)| scopes.contains(&scope_of(rule)))
        .collect()
}

/// The threat on each object it concerns.
pub fn instances(threat: &Threat, index: &Index, scopes: &[Scope]) -> Vec<ThreatInstance> {
    let rules = threat_rules(threat, scopes);
    let mitigating = rules
        .iter()
        .filter(|(_, role)| *role == ControlRole::Mitigation);
    let mut kinds: Vec<Target> = Vec::new();
    let (mut host_rules, mut node_rules) = (false, false);
    for (rule, _) in mitigating {
        if scope_of(rule) == Scope::KubernetesNode
            && (host_wide(rule.target) || rule.target == Target::KubeComponent)
        {
            node_rules = true;
        } else if host_wide(rule.target) {
            host_rules = true;
        } else if !kinds.contains(&rule.target) {
            kinds.push(rule.target);
        }
    }
    let mut objects: Vec<Arc<ObjectRef>> = Vec::new();
    for kind in &kinds {
        let audited = index.objects.get(kind).map(Vec::as_slice).unwrap_or(&[]);
        objects.extend(
            audited
                .iter()
                .filter(|o| selected(threat, o))
                .map(Arc::clone),
        );
        // Objects of the kind that could not be listed (the engine did not answer): one
        // instance stands for all of them, unknown through the rules' unknown results.
        if audited.is_empty()
            && rules.iter().any(|(rule, _)| {
                rule.target == *kind
                    && index.of_rule(rule.id).any(|i| {
                        let r = &index.report.results[i];
                        r.object.id == "*" && index.status(i) == Status::Unknown
                    })
            })
        {
            objects.push(Arc::new(ObjectRef {
                kind: *kind,
                id: "*".into(),
                name: format!("all {}s", kind.name()),
            }));
        }
    }
    // Host-wide mitigations judge the host itself when no live object carries them; node
    // mitigations judge the node.
    if host_rules
        && index.report.target.host_audited
        && !objects.iter().any(|o| live_docker(o.kind))
    {
        objects.push(Arc::new(ObjectRef::host()));
    }
    if node_rules && index.report.target.kubernetes_node.is_some() {
        objects.push(Arc::new(node_object()));
    }
    objects
        .into_iter()
        .map(|object| instance(threat, &rules, &object, index))
        .collect()
}

/// The node audited with `--kubernetes`, as the object of its threats.
fn node_object() -> ObjectRef {
    ObjectRef {
        kind: Target::KubeComponent,
        id: "node".into(),
        name: "node".into(),
    }
}

/// Whether a rule speaks for an object.
fn covers(rule: &Rule, object: &ObjectRef) -> bool {
    let node = scope_of(rule) == Scope::KubernetesNode;
    match object.kind {
        Target::KubeComponent if object.id == "node" => node,
        Target::Container | Target::Image => {
            rule.target == object.kind || (host_wide(rule.target) && !node)
        }
        Target::Host => host_wide(rule.target) && !node,
        _ => rule.target == object.kind,
    }
}

/// What one rule says on one object.
fn control_on(
    rule: &Rule,
    role: ControlRole,
    object: &ObjectRef,
    index: &Index,
) -> InstanceControl {
    let per_object = rule.target == object.kind && object.id != "node" && object.id != "host";
    let mut results: Vec<usize> = if per_object {
        // A verdict on all objects of the kind (`*`) is a verdict on this one.
        index
            .of_rule_on(rule.id, object.id.as_str())
            .chain(index.of_rule_on(rule.id, "*"))
            .collect()
    } else {
        index.of_rule(rule.id).collect()
    };
    results.retain(|&i| index.status(i) != Status::NotApplicable || !per_object);
    let statuses: Vec<Status> = results.iter().map(|&i| index.status(i)).collect();
    let has = |s: Status| statuses.contains(&s);
    let mut note: Cow<'static, str> = Cow::Borrowed("");
    let verdict = if !index.evaluated.contains(rule.id) && results.is_empty() {
        note = "not evaluated in this audit (deselected)".into();
        ControlVerdict::NotAssessed
    } else if has(Status::Fail) {
        ControlVerdict::Fail
    } else if has(Status::Unknown) {
        ControlVerdict::Unknown
    } else if has(Status::Manual) {
        ControlVerdict::Manual
    } else if has(Status::Pass) {
        if !per_object && object.kind != rule.target {
            note = shared_note("a ", rule.target, "-wide setting that covers it");
        }
        ControlVerdict::Pass
    } else if per_object && rule.target.is_project() {
        note = shared_note("no finding on this ", object.kind, "");
        ControlVerdict::Pass
    } else if per_object {
        note = "no result on this object".into();
        ControlVerdict::Unknown
    } else {
        ControlVerdict::NotApplicable
    };
    results.retain(|&i| index.status(i) != Status::NotApplicable);
    InstanceControl {
        rule_id: Cow::Borrowed(rule.id),
        role,
        verdict,
        results: results.into(),
        note,
    }
}

/// A note that names a kind of object, made once per wording and kind for the process: the
/// same few sentences stand on hundreds of thousands of controls of a large cluster, and a copy
/// each was a tenth of the threat model's memory.
fn shared_note(before: &'static str, kind: Target, after: &'static str) -> Cow<'static, str> {
    type Notes = HashMap<(&'static str, Target, &'static str), &'static str>;
    static MADE: OnceLock<Mutex<Notes>> = OnceLock::new();
    let mut made = MADE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    Cow::Borrowed(
        made.entry((before, kind, after)).or_insert_with(|| {
            Box::leak(format!("{before}{}{after}", kind.name()).into_boxed_str())
        }),
    )
}

/// The verdict of a mitigation entry on an object: `None` when no rule of it applies there.
fn entry_verdict(entry: &Mitigation, controls: &[InstanceControl]) -> Option<ControlVerdict> {
    let verdicts: Vec<ControlVerdict> = entry
        .rules()
        .iter()
        .filter_map(|id| {
            controls
                .iter()
                .find(|c| c.role == ControlRole::Mitigation && &c.rule_id == id)
        })
        .map(|c| c.verdict)
        .filter(|v| *v != ControlVerdict::NotApplicable)
        .collect();
    if verdicts.is_empty() {
        return None;
    }
    let any = |v: ControlVerdict| verdicts.contains(&v);
    let unjudged = any(ControlVerdict::Unknown)
        || any(ControlVerdict::Manual)
        || any(ControlVerdict::NotAssessed);
    Some(match entry {
        Mitigation::Rule(_) => verdicts[0],
        // One alternative that holds is enough; a failure counts only when none may hold.
        Mitigation::AnyOf { .. } if any(ControlVerdict::Pass) => ControlVerdict::Pass,
        Mitigation::AnyOf { .. } if unjudged => ControlVerdict::Unknown,
        Mitigation::AnyOf { .. } => ControlVerdict::Fail,
    })
}

fn instance(
    threat: &Threat,
    rules: &[(&'static Rule, ControlRole)],
    object: &Arc<ObjectRef>,
    index: &Index,
) -> ThreatInstance {
    let controls: Vec<InstanceControl> = rules
        .iter()
        .filter(|(rule, _)| covers(rule, object))
        .map(|(rule, role)| control_on(rule, *role, object, index))
        .collect();
    let entries: Vec<(String, ControlVerdict)> = threat
        .mitigations
        .iter()
        .filter_map(|e| entry_verdict(e, &controls).map(|v| (e.rules().join(" or "), v)))
        .collect();
    let named = |wanted: &[ControlVerdict]| -> Vec<String> {
        entries
            .iter()
            .filter(|(_, v)| wanted.contains(v))
            .map(|(names, _)| names.clone())
            .collect()
    };
    let missing: Vec<&str> = threat
        .needs
        .iter()
        .filter(|n| match n.as_str() {
            "vulnerability-data" => !index.vulnerability_judged.contains(object.id.as_str()),
            _ => true,
        })
        .map(|n| {
            KNOWN_NEEDS
                .iter()
                .find(|(k, _)| k == n)
                .map_or(n.as_str(), |(_, why)| *why)
        })
        .collect();
    let failed = named(&[ControlVerdict::Fail]);
    let unjudged = named(&[
        ControlVerdict::Unknown,
        ControlVerdict::Manual,
        ControlVerdict::NotAssessed,
    ]);
    let weak: Vec<&str> = controls
        .iter()
        .filter(|c| {
            c.role == ControlRole::Hardening
                && matches!(
                    c.verdict,
                    ControlVerdict::Fail
                        | ControlVerdict::Unknown
                        | ControlVerdict::Manual
                        | ControlVerdict::NotAssessed
                )
        })
        .map(|c| &*c.rule_id)
        .collect();
    // Vulnerability findings carry their counts by severity: the instance says them.
    let counts: Vec<&str> = controls
        .iter()
        .filter(|c| c.verdict == ControlVerdict::Fail && VULNERABILITY_RULES.contains(&&*c.rule_id))
        .flat_map(|c| c.results.iter())
        .map(|&i| index.report.results[i].message.as_str())
        .filter(|m| !m.is_empty())
        .collect();
    let (status, reason) = if !failed.is_empty() {
        (
            ThreatStatus::Open,
            if counts.is_empty() {
                format!("mitigating control failed: {}", failed.join(", "))
            } else {
                format!(
                    "mitigating control failed: {} ({})",
                    failed.join(", "),
                    counts.join("; ")
                )
            },
        )
    } else if !unjudged.is_empty() {
        (
            ThreatStatus::Unknown,
            format!("mitigating control not judged: {}", unjudged.join(", ")),
        )
    } else if entries.is_empty() {
        (
            ThreatStatus::NotApplicable,
            "no mitigating control applies to this object".into(),
        )
    } else if !missing.is_empty() {
        (
            ThreatStatus::Unknown,
            format!(
                "its controls hold, but evidence it needs is missing: {}",
                missing.join("; ")
            ),
        )
    } else if !weak.is_empty() {
        (
            ThreatStatus::PartiallyMitigated,
            format!(
                "every mitigation holds; hardening failed or not judged: {}",
                weak.join(", ")
            ),
        )
    } else {
        (
            ThreatStatus::Mitigated,
            "every control that applies holds".into(),
        )
    };
    ThreatInstance::new(
        InstanceId::new(index.shared.string(&threat.id), Arc::clone(object)),
        Arc::clone(object),
        status,
        index.shared.string(&reason),
        controls,
        &index.shared,
    )
}

/// A threat's status from its instances, and its coverage in words.
pub fn summarise(
    threat: &Threat,
    instances: &[ThreatInstance],
    scopes: &[Scope],
) -> (ThreatStatus, String, String) {
    if !threat.applies.iter().any(|s| scopes.contains(s)) {
        let wanted: Vec<&str> = threat.applies.iter().map(|s| s.name()).collect();
        return (
            ThreatStatus::NotApplicable,
            format!("outside this audit (it concerns: {})", wanted.join(", ")),
            String::new(),
        );
    }
    if instances.is_empty() {
        // A Docker host's audit lists every container and image on it: none means nothing is
        // exposed. Project files are whatever the user gave: none of a kind means not seen.
        let rules = threat_rules(threat, scopes);
        let kinds: Vec<Target> = rules
            .iter()
            .filter(|(rule, role)| *role == ControlRole::Mitigation && !host_wide(rule.target))
            .map(|(rule, _)| rule.target)
            .collect();
        if !kinds.is_empty() && kinds.iter().all(|k| live_docker(*k)) {
            return (
                ThreatStatus::NotApplicable,
                "nothing in this audit is exposed to it: no container or image to judge".into(),
                "no container or image on the host".into(),
            );
        }
        let mut wanted: Vec<String> = if threat.objects.is_empty() {
            kinds.iter().map(|k| format!("{}s", k.name())).collect()
        } else {
            threat.objects.clone()
        };
        wanted.dedup();
        return (
            ThreatStatus::NotAssessed,
            format!(
                "none of the objects it concerns was audited ({})",
                wanted.join(", ")
            ),
            "no object it concerns was audited".into(),
        );
    }
    let count = |s: ThreatStatus| instances.iter().filter(|i| i.status == s).count();
    let total = instances
        .iter()
        .filter(|i| i.status != ThreatStatus::NotApplicable)
        .count();
    let kinds = {
        let mut k: Vec<&str> = instances.iter().map(|i| i.object.kind.name()).collect();
        k.dedup();
        k.sort_unstable();
        k.dedup();
        k.iter()
            .map(|k| format!("{k}s"))
            .collect::<Vec<_>>()
            .join(" and ")
    };
    let first_reason = |s: ThreatStatus| {
        instances
            .iter()
            .find(|i| i.status == s)
            .map(|i| format!("{}: {}", i.object.label(), i.reason))
            .unwrap_or_default()
    };
    for (status, word) in [
        (ThreatStatus::Open, "open"),
        (ThreatStatus::Unknown, "unknown"),
        (ThreatStatus::PartiallyMitigated, "partially mitigated"),
    ] {
        let n = count(status);
        if n > 0 {
            return (
                status,
                first_reason(status),
                format!("{word} on {n} of {total} {kinds}"),
            );
        }
    }
    if total == 0 {
        return (
            ThreatStatus::NotApplicable,
            "nothing in this audit is exposed to it: its mitigations had nothing to judge".into(),
            format!("not applicable to the {} {kinds}", instances.len()),
        );
    }
    (
        ThreatStatus::Mitigated,
        "every control that applies holds on every object it concerns".into(),
        format!("mitigated on all {total} {kinds}"),
    )
}
