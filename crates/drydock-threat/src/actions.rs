//! The plan by fix action: each item one change a person makes, with every control it turns
//! to pass on every object, the threat instances it acts on and the attack paths it cuts.
//!
//! What a change does is found, not assumed, where it can be: a change to a live container
//! (drop `--privileged`, remove the socket mount, …) or to daemon.json (`no-new-privileges`,
//! `icc`, `userns-remap`) is applied to a copy of the facts and the rules are evaluated again;
//! the controls that stop failing are its effect. The threat instances those results feed are
//! then re-assessed with them passing: an instance is *closed* only when it would be
//! mitigated. Other failures are grouped into one action per rule (the same edit on each
//! object), and the auditd rules into one.

use crate::instances::{Index, reassess};
use crate::paths::risk;
use crate::{Model, Threat, audited_scopes, severity_weight};
use drydock_model::benchmark::DockerBenchmark;
use drydock_model::facts::{ConfigContent, ContainerFacts, Facts, Probe};
use drydock_model::model::{Status, Target};
use drydock_model::report::Report;
use drydock_model::threat_report::{ThreatModelReport, ThreatStatus};
use drydock_model::topology::{ActionEffect, ActionThreat, AttackPath, FixAction, Topology};
use drydock_rules::rule::{Rule, RuleOptions};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// How the scores are made, for the report.
pub const HOW_SCORED: &str = "Each action is scored by what it buys. For every threat instance it acts on, re-assessed with the action's controls passing: the threat's severity weight (critical 8, high 5, medium 3, low 1) times 1 when the instance would become mitigated (closes), 0.6 when only hardening would remain (mitigates), 0.3 when other mitigations still fail (reduces), 0.15 when its mitigations already held or only hardening changes (hardens); times the likelihood of its object (2 published on every interface, 1.5 on one interface, 1.2 on loopback, 1 otherwise). On one object a STRIDE category and element count once (near-duplicate threats do not add up), and a threat with several failing mitigations is not discounted. A daemon-wide default counts on every container it fixes, and half again for the containers started later. For every attack path it cuts: 4 × exposure (3 every interface, 2 one interface, 1 loopback or image) × impact (4 host root or cluster-admin, 3 cluster secrets, 1 a service reached). Ties go to the more severe control.";

/// Changes to one live container that are simulated: (rule, what to do, the change).
type ContainerChange = (&'static str, &'static str, fn(&mut ContainerFacts));

const CONTAINER_CHANGES: &[ContainerChange] = &[
    ("DH079", "drop --privileged from {}", |c| {
        c.privileged = false
    }),
    ("DH106", "remove the Docker socket mount from {}", |c| {
        c.mounts.retain(|m| {
            !(m.source.ends_with("/docker.sock") || m.source.ends_with("/containerd.sock"))
        })
    }),
    ("DH080", "remove the sensitive host mounts from {}", |c| {
        c.mounts.retain(|m| m.kind != "bind")
    }),
    ("DH084", "stop sharing the host's network with {}", |c| {
        c.network_mode = "bridge".into()
    }),
    (
        "DH090",
        "stop sharing the host's PID namespace with {}",
        |c| c.pid_mode = String::new(),
    ),
    (
        "DH091",
        "stop sharing the host's IPC namespace with {}",
        |c| c.ipc_mode = "private".into(),
    ),
    (
        "DH095",
        "stop sharing the host's UTS namespace with {}",
        |c| c.uts_mode = String::new(),
    ),
    ("DH105", "stop opting {} out of user namespaces", |c| {
        c.userns_mode = String::new()
    }),
    ("DH078", "drop the capabilities added to {}", |c| {
        c.cap_add.clear()
    }),
    ("DH096", "turn seccomp back on for {}", |c| {
        c.security_opt
            .retain(|o| !o.contains("unconfined") || !o.starts_with("seccomp"))
    }),
];

/// Changes to daemon.json that are simulated: (rule, key, value, the container rules that
/// read the daemon's default and are evaluated again with it).
const DAEMON_CHANGES: &[(&str, &str, &str, &[&str])] = &[
    ("DH034", "no-new-privileges", "true", &["DH100"]),
    ("DH022", "icc", "false", &["DH104"]),
    ("DH029", "userns-remap", "\"default\"", &["DH105"]),
    ("DH035", "live-restore", "true", &[]),
    ("DH036", "userland-proxy", "false", &[]),
];

/// The auditd rules: one change (install auditd, load the rules) for all of them.
const AUDITD: &[&str] = &[
    "DH003", "DH004", "DH005", "DH006", "DH007", "DH008", "DH009", "DH010", "DH011", "DH012",
    "DH013", "DH014", "DH015", "DH016", "DH017", "DH018",
];

struct Candidate {
    action: String,
    scope: &'static str,
    /// Results it turns to pass, ascending.
    // Numbers of four bytes in a list: a set of the failing results of every rule, each with
    // a set of its own, was the largest part of the plan's memory for a cluster's manifests.
    effect: Vec<u32>,
    remediation: String,
}

/// A result's number in an effect.
fn number(i: usize) -> u32 {
    u32::try_from(i).expect("fewer than 2^32 results and instances")
}

/// An effect: the results a set names, ascending.
fn effect_of(results: &BTreeSet<usize>) -> Vec<u32> {
    results.iter().map(|&i| number(i)).collect()
}

/// Whether every result of `part` is in `whole` (both ascending).
fn is_subset(part: &[u32], whole: &[u32]) -> bool {
    let mut rest = whole.iter();
    part.iter().all(|p| rest.any(|w| w == p))
}

fn failing(report: &Report) -> Vec<usize> {
    report
        .results
        .iter()
        .enumerate()
        .filter(|(_, r)| r.status == Status::Fail && r.suppressed.is_none())
        .map(|(i, _)| i)
        .collect()
}

/// The results of `report` that fail now and pass when the rules are evaluated on `changed`.
fn simulated(
    report: &Report,
    failing_now: &BTreeMap<(&str, &str), usize>,
    changed: &Facts,
    rules: &[&'static Rule],
    options: &RuleOptions,
    benchmark: DockerBenchmark,
) -> BTreeSet<usize> {
    let after = drydock_rules::evaluate::evaluate(changed, rules, options, benchmark, "simulation");
    let still: HashSet<(&str, &str)> = after
        .results
        .iter()
        .filter(|r| r.status == Status::Fail)
        .map(|r| (r.rule.rule_id.as_ref(), r.object.id.as_str()))
        .collect();
    let judged: HashSet<(&str, &str)> = after
        .results
        .iter()
        .map(|r| (r.rule.rule_id.as_ref(), r.object.id.as_str()))
        .collect();
    let _ = report;
    failing_now
        .iter()
        .filter(|(key, _)| judged.contains(key) && !still.contains(key))
        .map(|(_, &i)| i)
        .collect()
}

/// The engine's facts without its containers and images, to copy cheaply per simulation.
fn engine_template(facts: &Facts) -> Option<drydock_model::facts::EngineFacts> {
    facts
        .engine
        .known()
        .map(|e| drydock_model::facts::EngineFacts {
            endpoint: e.endpoint.clone(),
            api_version: e.api_version.clone(),
            version: e.version.clone(),
            info: e.info.clone(),
            containers: Vec::new(),
            skipped: Vec::new(),
            images: Vec::new(),
            networks: e.networks.clone(),
            swarm: e.swarm.clone(),
            running_only: e.running_only,
            image_layers: Vec::new(),
        })
}

/// Facts with only the host and the given containers (and no project files).
fn host_with(
    facts: &Facts,
    template: &Option<drydock_model::facts::EngineFacts>,
    containers: Vec<ContainerFacts>,
) -> Facts {
    let engine = match template {
        Some(t) => {
            let mut e = t.clone();
            e.containers = containers;
            Probe::Known { value: e }
        }
        None => facts.engine.clone(),
    };
    Facts {
        schema_version: facts.schema_version,
        collector_version: facts.collector_version.clone(),
        root: facts.root.clone(),
        host_audited: facts.host_audited,
        host: facts.host.clone(),
        engine,
        project: Default::default(),
        kubernetes: None,
        vulnerability_db: None,
    }
}

fn candidates(
    facts: Option<&Facts>,
    report: &Report,
    rules: &[&'static Rule],
    options: &RuleOptions,
    benchmark: DockerBenchmark,
) -> Vec<Candidate> {
    let fails = failing(report);
    let mut taken: HashSet<usize> = HashSet::new();
    let mut out = Vec::new();
    let live_rules: Vec<&'static Rule> = rules
        .iter()
        .copied()
        .filter(|r| matches!(r.target, Target::Container | Target::Daemon))
        .collect();
    if let Some(facts) = facts
        && let Some(engine) = facts.engine.known()
    {
        // The failing results of the rules a simulation evaluates, by rule and object: only
        // those can change (borrowed: a copy of every failing result's names was the largest
        // thing in memory for a cluster's manifests).
        let by_rule_object: BTreeMap<(&str, &str), usize> = fails
            .iter()
            .map(|&i| (i, &report.results[i]))
            .filter(|(_, r)| live_rules.iter().any(|l| l.id == &*r.rule.rule_id))
            .map(|(i, r)| ((r.rule.rule_id.as_ref(), r.object.id.as_str()), i))
            .collect();
        // One copy of the host's facts, reused for every simulation: only the containers
        // (and, for a daemon change, its settings) differ from one to the next.
        let template = engine_template(facts);
        let mut sim = host_with(facts, &template, Vec::new());
        let set_containers = |sim: &mut Facts, containers: Vec<ContainerFacts>| {
            if let Probe::Known { value } = &mut sim.engine {
                value.containers = containers;
            }
        };
        // The rules failing on each container: only those can stop failing.
        let mut failing_on: HashMap<&str, Vec<&'static Rule>> = HashMap::new();
        for (rule, object) in by_rule_object.keys() {
            if let Some(r) = live_rules.iter().find(|r| r.id == *rule) {
                failing_on.entry(object).or_default().push(r);
            }
        }
        // One live container at a time, with the changes its failures call for.
        for c in &engine.containers {
            for (rule, what, change) in CONTAINER_CHANGES {
                let Some(&primary) = by_rule_object.get(&(*rule, c.id.as_str())) else {
                    continue;
                };
                let mut changed = c.clone();
                change(&mut changed);
                set_containers(&mut sim, vec![changed]);
                let before: BTreeMap<(&str, &str), usize> = by_rule_object
                    .iter()
                    .filter(|((_, o), _)| *o == c.id)
                    .map(|(k, v)| (*k, *v))
                    .collect();
                let rules_here = failing_on.get(c.id.as_str()).cloned().unwrap_or_default();
                let mut effect = simulated(report, &before, &sim, &rules_here, options, benchmark);
                effect.insert(primary);
                taken.insert(primary);
                out.push(Candidate {
                    action: what.replace("{}", &c.name),
                    scope: "container",
                    effect: effect_of(&effect),
                    remediation: report.results[primary].rule.remediation.to_string(),
                });
            }
        }
        // daemon.json defaults: every container they reach.
        let failing_live: Vec<&'static Rule> = live_rules
            .iter()
            .copied()
            .filter(|r| by_rule_object.keys().any(|(id, _)| *id == r.id))
            .collect();
        set_containers(&mut sim, engine.containers.clone());
        let original = sim.host.daemon_config.content.clone();
        for (rule, key, value, readers) in DAEMON_CHANGES {
            let primary: Vec<usize> = by_rule_object
                .iter()
                .filter(|((r, _), _)| r == rule)
                .map(|(_, &i)| i)
                .collect();
            if primary.is_empty() {
                continue;
            }
            let parsed: serde_json::Value = serde_json::from_str(value).unwrap_or_default();
            sim.host.daemon_config.content = original.clone();
            match &mut sim.host.daemon_config.content {
                ConfigContent::Parsed { settings } => {
                    settings.insert(key.to_string(), parsed);
                }
                content @ ConfigContent::Absent => {
                    let mut settings = serde_json::Map::new();
                    settings.insert(key.to_string(), parsed);
                    *content = ConfigContent::Parsed { settings };
                }
                // An unreadable or invalid file: nothing can be simulated on it.
                _ => continue,
            }
            let evaluated: Vec<&'static Rule> = failing_live
                .iter()
                .copied()
                .filter(|r| r.id == *rule || readers.contains(&r.id))
                .collect();
            let mut effect = simulated(
                report,
                &by_rule_object,
                &sim,
                &evaluated,
                options,
                benchmark,
            );
            effect.extend(primary.iter().copied());
            taken.extend(primary.iter().copied());
            out.push(Candidate {
                action: format!(
                    "set \"{key}\": {value} in {}",
                    facts.host.daemon_config.path
                ),
                scope: "daemon",
                effect: effect_of(&effect),
                remediation: report.results[primary[0]].rule.remediation.to_string(),
            });
        }
    }
    // auditd: one action for all its rules.
    let audit: BTreeSet<usize> = fails
        .iter()
        .copied()
        .filter(|&i| AUDITD.contains(&report.results[i].rule.rule_id.as_ref()))
        .collect();
    if !audit.is_empty() {
        taken.extend(audit.iter().copied());
        out.push(Candidate {
            action: format!(
                "install auditd and load rules for Docker's files and directories ({} rules)",
                audit
                    .iter()
                    .map(|&i| report.results[i].rule.rule_id.as_ref())
                    .collect::<BTreeSet<_>>()
                    .len()
            ),
            scope: "host",
            remediation: report.results[*audit.first().unwrap_or(&0)]
                .rule
                .remediation
                .to_string(),
            effect: effect_of(&audit),
        });
    }
    // Everything else: one action per rule, the same change on each object.
    let mut by_rule: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    for &i in &fails {
        if !taken.contains(&i) {
            by_rule
                .entry(report.results[i].rule.rule_id.as_ref())
                .or_default()
                .push(number(i));
        }
    }
    for (rule, mut effect) in by_rule {
        // `fails` is ascending already; sorted all the same, since the effect is searched.
        effect.sort_unstable();
        effect.dedup();
        effect.shrink_to_fit();
        let first = &report.results[effect.first().map_or(0, |&i| i as usize)];
        let objects: BTreeSet<&str> = effect
            .iter()
            .map(|&i| report.results[i as usize].object.name.as_str())
            .collect();
        let scope = match first.object.kind {
            Target::Container | Target::Image => "container",
            Target::Daemon => "daemon",
            Target::Host | Target::File | Target::Network | Target::Swarm => "host",
            Target::KubeComponent => "node",
            Target::KubeWorkload | Target::KubeObject => "cluster",
            _ => "file",
        };
        let on = if objects.len() == 1 {
            objects
                .iter()
                .next()
                .copied()
                .unwrap_or_default()
                .to_string()
        } else {
            format!("{} objects", objects.len())
        };
        out.push(Candidate {
            action: format!("fix {rule} on {on}: {}", first.rule.title),
            scope,
            remediation: first.rule.remediation.to_string(),
            effect,
        });
    }
    out
}

/// The fix actions of an audit, ranked.
#[allow(clippy::too_many_arguments)]
pub fn fix_actions(
    facts: Option<&Facts>,
    report: &Report,
    tm: &ThreatModelReport,
    model: &Model,
    topology: &Topology,
    paths: &[AttackPath],
    rules: &[&'static Rule],
    options: &RuleOptions,
    benchmark: DockerBenchmark,
) -> Vec<FixAction> {
    let candidates = candidates(facts, report, rules, options, benchmark);
    let index = Index::new(report);
    let scopes = audited_scopes(report);
    let threats: HashMap<&str, &Threat> =
        model.threats.iter().map(|t| (t.id.as_str(), t)).collect();
    // Which instances each result feeds: (result, instance), sorted, where an instance is
    // numbered across all threats (`first` holds where each threat's instances start). Eight
    // bytes a link, where a map of lists cost a hundred for each result of a large cluster.
    let mut first: Vec<u32> = Vec::with_capacity(tm.threats.len());
    let mut instances = 0usize;
    for t in &tm.threats {
        first.push(number(instances));
        instances += t.instances.len();
    }
    // The last number given fits too.
    number(instances);
    let instance_at = |n: u32| {
        let ti = first.partition_point(|&f| f <= n) - 1;
        (ti, (n - first[ti]) as usize)
    };
    let mut fed: Vec<(u32, u32)> = Vec::new();
    for (ti, t) in tm.threats.iter().enumerate() {
        if t.decision.is_some() {
            continue;
        }
        for (ii, inst) in t.instances.iter().enumerate() {
            if !matches!(
                inst.status,
                ThreatStatus::Open | ThreatStatus::PartiallyMitigated
            ) {
                continue;
            }
            for c in inst.controls() {
                for &r in c.results {
                    fed.push((number(r), first[ti] + number(ii)));
                }
            }
        }
    }
    fed.sort_unstable();
    let elements: HashMap<&str, &drydock_model::topology::SystemElement> = topology
        .elements
        .iter()
        .map(|e| (e.id.as_str(), e))
        .collect();
    let mut exposure_of_object: HashMap<&str, f64> = HashMap::new();
    for e in &topology.elements {
        let factor = match e.exposure.as_str() {
            "all interfaces" => 2.0,
            "one interface" => 1.5,
            "loopback" => 1.2,
            _ => 1.0,
        };
        for o in &e.objects {
            exposure_of_object.insert(o.as_str(), factor);
        }
    }
    // Each threat's (STRIDE category, element) as a number, in the order of their names: an
    // instance's key in `best` below is its object and that number, which sorts as the names
    // would (the scores are summed in that order, as they always were).
    let mut kinds: Vec<(&str, &str)> = model
        .threats
        .iter()
        .map(|t| (t.stride.name(), t.element.as_str()))
        .collect();
    kinds.sort_unstable();
    kinds.dedup();
    let kind_of = |threat: &Threat| {
        kinds
            .binary_search(&(threat.stride.name(), threat.element.as_str()))
            .unwrap_or_default()
    };
    let mut actions: Vec<(FixAction, Vec<u32>, drydock_model::model::Severity)> = Vec::new();
    for c in candidates {
        // The instances it acts on, by number, ascending (by threat, then instance) and each
        // once: four bytes each, where a set of pairs cost six times that for an action on
        // every pod of a cluster.
        let mut affected: Vec<u32> = c
            .effect
            .iter()
            .flat_map(|&r| {
                let start = fed.partition_point(|&(fr, _)| fr < r);
                fed[start..]
                    .iter()
                    .take_while(move |&&(fr, _)| fr == r)
                    .map(|&(_, n)| n)
            })
            .collect();
        affected.sort_unstable();
        affected.dedup();
        index.assume_passing(c.effect.iter().map(|&r| r as usize).collect());
        type Signature = (usize, &'static str, Vec<(usize, u8)>, Vec<u8>);
        let mut memo: HashMap<
            Signature,
            (
                ThreatStatus,
                Vec<drydock_model::threat_report::ControlVerdict>,
            ),
        > = HashMap::new();
        // The best value on each (object, STRIDE category, element): every value, then the
        // greatest of each key (a list, sorted once, where a map cost twice the room).
        let mut values: Vec<((&str, usize), f64)> = Vec::with_capacity(affected.len());
        let mut threat_lines = Vec::with_capacity(affected.len());
        for (ti, ii) in affected.into_iter().map(instance_at) {
            let assessed = &tm.threats[ti];
            let inst = &assessed.instances[ii];
            let Some(threat) = threats.get(assessed.threat.id.as_str()) else {
                continue;
            };
            // Instances of one threat whose controls see the same statuses after the change
            // are re-assessed the same: the first one's verdict serves the others (thousands
            // of alike workloads cost one re-assessment). Threats that need evidence on the
            // object itself are re-assessed each time.
            let signature: Option<Vec<(usize, u8)>> = threat.needs.is_empty().then(|| {
                inst.controls()
                    .enumerate()
                    .map(|(k, ctl)| {
                        let mask = ctl.results.iter().fold(0u8, |m, &r| {
                            let status = if c.effect.binary_search(&number(r)).is_ok() {
                                Status::Pass
                            } else {
                                report.results[r].status
                            };
                            m | (1 << status as u8)
                        });
                        (k, mask)
                    })
                    .collect()
            });
            let key = signature.map(|sig| {
                (
                    ti,
                    inst.object.kind.name(),
                    sig,
                    inst.controls()
                        .map(|ctl| ctl.verdict as u8)
                        .collect::<Vec<u8>>(),
                )
            });
            let (after_status, after_verdicts) = match key.as_ref().and_then(|k| memo.get(k)) {
                Some(found) => found.clone(),
                None => {
                    let after = reassess(threat, &index, &scopes, &inst.object);
                    let value = (
                        after.status,
                        after.controls().map(|ctl| ctl.verdict).collect::<Vec<_>>(),
                    );
                    if let Some(k) = key {
                        memo.insert(k, value.clone());
                    }
                    value
                }
            };
            let mitigation_moved = inst.controls().zip(&after_verdicts).any(|(b, a)| {
                b.role == drydock_model::threat_report::ControlRole::Mitigation && b.verdict != *a
            });
            // An instance whose mitigations already hold is only hardened, even when the
            // change completes it.
            let (effect, weight) = match after_status {
                _ if inst.status == ThreatStatus::PartiallyMitigated || !mitigation_moved => {
                    (ActionEffect::Hardens, 0.15)
                }
                ThreatStatus::Mitigated => (ActionEffect::Closes, 1.0),
                ThreatStatus::PartiallyMitigated => (ActionEffect::Mitigates, 0.6),
                _ => (ActionEffect::Reduces, 0.3),
            };
            // Likelihood: an instance on an object published on every interface counts more.
            let exposure = exposure_of_object
                .get(inst.object.id.as_str())
                .copied()
                .unwrap_or(1.0);
            let value = weight * severity_weight(threat.severity) * exposure;
            values.push(((inst.object.id.as_str(), kind_of(threat)), value));
            threat_lines.push(ActionThreat {
                effect,
                instance: inst.id.clone(),
            });
        }
        index.assume_passing(HashSet::new());
        // The (rule, object) pairs it fixes, to find the paths it cuts.
        let fixed: HashSet<(&str, &str)> = c
            .effect
            .iter()
            .map(|&i| {
                let r = &report.results[i as usize];
                (r.rule.rule_id.as_ref(), r.object.id.as_str())
            })
            .collect();
        let fixed_rules: HashSet<&str> = fixed.iter().map(|(r, _)| *r).collect();
        let cut: Vec<&AttackPath> = paths
            .iter()
            .filter(|p| {
                p.steps.iter().any(|s| {
                    if s.control.is_empty() || !fixed_rules.contains(s.control.as_str()) {
                        return false;
                    }
                    let objects: Vec<&str> = [s.from.as_str(), s.to.as_str()]
                        .iter()
                        .filter_map(|id| elements.get(id))
                        .flat_map(|e| e.objects.iter().map(String::as_str))
                        .collect();
                    // Host-wide controls (the daemon's, the host's) and RBAC objects cut the
                    // step whatever object they were judged on.
                    objects
                        .iter()
                        .any(|o| fixed.contains(&(s.control.as_str(), *o)))
                        || drydock_rules::rules::find(&s.control).is_some_and(|r| {
                            !matches!(
                                r.target,
                                Target::Container | Target::ComposeService | Target::KubeWorkload
                            )
                        })
                })
            })
            .collect();
        let path_score: f64 = cut
            .iter()
            .map(|p| {
                let exposure = match p.exposure.as_str() {
                    "all interfaces" => 3.0,
                    "one interface" => 2.0,
                    _ => 1.0,
                };
                let impact = match p.impact.as_str() {
                    "host root" | "cluster-admin" => 4.0,
                    "cluster secrets" => 3.0,
                    _ => 1.0,
                };
                4.0 * exposure * impact
            })
            .sum();
        values.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut threat_score = 0.0;
        let mut at = 0;
        while at < values.len() {
            let key = values[at].0;
            let same = values[at..].iter().take_while(|(k, _)| *k == key).count();
            threat_score += values[at..at + same]
                .iter()
                .map(|&(_, v)| v)
                .fold(0.0, f64::max);
            at += same;
        }
        drop(values);
        // A daemon default also covers the containers started after the audit.
        let scope_factor = if c.scope == "daemon" { 1.5 } else { 1.0 };
        let score = ((threat_score * scope_factor + path_score) * 100.0).round() / 100.0;
        let mut controls: Vec<String> = Vec::new();
        let mut per_rule: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for &i in &c.effect {
            let r = &report.results[i as usize];
            per_rule
                .entry(r.rule.rule_id.as_ref())
                .or_default()
                .insert(r.object.name.as_str());
        }
        let mut severity = drydock_model::model::Severity::Info;
        for (rule, objects) in &per_rule {
            let found = drydock_rules::rules::find(rule);
            if let Some(r) = found {
                severity = severity.max(r.severity);
            }
            let cis = found
                .and_then(|r| r.cis.first().or(r.kube_cis.first()))
                .map(|c| format!(" ({c})"))
                .unwrap_or_default();
            let on = if objects.len() <= 3 {
                objects.iter().copied().collect::<Vec<_>>().join(", ")
            } else {
                format!("{} objects", objects.len())
            };
            controls.push(format!("{rule}{cis} on {on}"));
        }
        let closes = threat_lines
            .iter()
            .filter(|t| t.effect == ActionEffect::Closes)
            .count();
        let why = format!(
            "turns {} result(s) of {} control(s) to pass; {} threat instance(s) acted on{}; cuts {} attack path(s){}",
            c.effect.len(),
            per_rule.len(),
            threat_lines.len(),
            if closes > 0 {
                format!(" ({closes} closed)")
            } else {
                String::new()
            },
            cut.len(),
            cut.iter()
                .map(|p| risk(&p.exposure, &p.impact))
                .max()
                .map(|r| format!(", the worst {}", r.name()))
                .unwrap_or_default()
        );
        // Lines alike are equal, so an unstable sort (no buffer) gives the same order.
        threat_lines.sort_unstable();
        threat_lines.dedup();
        // Kept until the report is written: an action on every pod of a cluster names each.
        threat_lines.shrink_to_fit();
        actions.push((
            FixAction {
                rank: 0,
                action: c.action,
                scope: c.scope.to_string(),
                score,
                controls,
                threats: threat_lines,
                paths: cut.iter().map(|p| p.id.clone()).collect(),
                remediation: c.remediation,
                why,
            },
            c.effect,
            severity,
        ));
    }
    actions.sort_by(|a, b| {
        b.0.score
            .partial_cmp(&a.0.score)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| b.2.cmp(&a.2))
            .then_with(|| a.0.action.cmp(&b.0.action))
    });
    // An action whose every effect a better one already has adds nothing of its own.
    let mut kept: Vec<(FixAction, Vec<u32>, drydock_model::model::Severity)> = Vec::new();
    for a in actions {
        if kept.iter().any(|k| is_subset(&a.1, &k.1)) {
            continue;
        }
        kept.push(a);
    }
    kept.into_iter()
        .enumerate()
        .map(|(i, (mut a, _, _))| {
            a.rank = i + 1;
            a
        })
        .collect()
}
