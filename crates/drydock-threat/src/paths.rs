//! Attack paths through the topology: from an entry (a published port, a compromised image)
//! along the flows and across shared zones to an impact (root on the host, cluster-admin,
//! the cluster's secrets, or — for compose services and workloads — another service
//! reached). Each step names the failing control that allows it and the threat instance it
//! is, so that cutting a path is a fix action.
//!
//! One path per entry and impact: the shortest (breadth first, zones as hubs so a shared
//! network costs one visit, not one per pair). Ranked by impact, then by how exposed the
//! entry is, then by length.

use crate::topology::{API_SERVER, HOST, OUTSIDE};
use drydock_model::model::Severity;
use drydock_model::threat_report::{ControlVerdict, InstanceId, ThreatModelReport};
use drydock_model::topology::{AttackPath, ElementKind, PathStep, SystemFlow, Topology};
use std::collections::{BTreeMap, HashMap, VecDeque};

/// Published entries traced across zones; the others follow their element's own flows.
const MAX_TRACED: usize = 100;

/// The threat instances of the failing controls: (rule id, object id) → instance id, and the
/// first instance of each rule. Borrowed from the report: no string is copied.
#[derive(Default)]
pub struct FailingControls<'a> {
    by_object: HashMap<(&'a str, &'a str), &'a InstanceId>,
    by_rule: HashMap<&'a str, &'a InstanceId>,
}

impl<'a> FailingControls<'a> {
    fn on(&self, rule: &str, object: &str) -> Option<&'a InstanceId> {
        self.by_object.get(&(rule, object)).copied()
    }
}

/// Controls a path step can name besides those on the topology's flows.
const STEP_CONTROLS: &[&str] = &["DH022", "KC14", "KC01", "KC02", "KC04", "KC08"];

/// The failing controls' threat instances of an assessment, for the controls a path step
/// can name (those on the topology's flows, and the zone and RBAC controls).
pub fn instances_by_control<'a>(
    tm: &'a ThreatModelReport,
    report: &'a drydock_model::report::Report,
    topology: &Topology,
) -> FailingControls<'a> {
    let wanted: std::collections::HashSet<&str> = topology
        .flows
        .iter()
        .map(|f| f.control.as_str())
        .chain(STEP_CONTROLS.iter().copied())
        .collect();
    let mut out = FailingControls::default();
    for t in &tm.threats {
        for i in &t.instances {
            for c in i.controls() {
                if c.verdict != ControlVerdict::Fail || !wanted.contains(c.rule_id) {
                    continue;
                }
                let rule = c.rule_id;
                out.by_rule.entry(rule).or_insert(&i.id);
                for &r in c.results.iter() {
                    let object = report.results[r].object.id.as_str();
                    out.by_object.entry((rule, object)).or_insert(&i.id);
                    // A workload's container findings belong to the workload.
                    if let Some((owner, _)) = object.rsplit_once('/')
                        && owner.contains('@')
                    {
                        out.by_object.entry((rule, owner)).or_insert(&i.id);
                    }
                }
                out.by_object
                    .entry((rule, i.object.id.as_str()))
                    .or_insert(&i.id);
            }
        }
    }
    out
}

fn exposure_weight(exposure: &str) -> u32 {
    match exposure {
        "all interfaces" => 3,
        "one interface" => 2,
        "loopback" | "image" => 1,
        _ => 0,
    }
}

fn impact_weight(impact: &str) -> u32 {
    match impact {
        "host root" | "cluster-admin" => 4,
        "cluster secrets" => 3,
        _ => 1,
    }
}

/// The risk level of a path: likelihood (how exposed its entry is) × impact.
pub fn risk(exposure: &str, impact: &str) -> Severity {
    match exposure_weight(exposure) * impact_weight(impact) {
        n if n >= 12 => Severity::Critical,
        n if n >= 8 => Severity::High,
        n if n >= 4 => Severity::Medium,
        n if n >= 2 => Severity::Low,
        _ => Severity::Info,
    }
}

/// An edge of the search.
#[derive(Clone)]
enum Edge<'a> {
    Flow(&'a SystemFlow),
    /// Across a shared zone, to another element of it.
    Zone(&'a str),
}

/// Attack paths of a topology.
pub fn attack_paths(topology: &Topology, controls: &FailingControls) -> Vec<AttackPath> {
    let index: HashMap<&str, usize> = topology
        .elements
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    let mut out_flows: HashMap<&str, Vec<&SystemFlow>> = HashMap::new();
    for f in &topology.flows {
        if f.kind != "publishes" {
            out_flows.entry(f.from.as_str()).or_default().push(f);
        }
    }
    let mut members: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, e) in topology.elements.iter().enumerate() {
        for z in &e.zones {
            // The host's network is the host's, not a zone of peers.
            if z != "network:host" {
                members.entry(z.as_str()).or_default().push(i);
            }
        }
    }
    let zone_names: HashMap<&str, (&str, &str)> = topology
        .zones
        .iter()
        .map(|z| (z.id.as_str(), (z.name.as_str(), z.kind.as_str())))
        .collect();
    // Entries: each published element, and each element with a way out (its image may be
    // the one compromised).
    let mut entries: Vec<(usize, String, String)> = Vec::new();
    let mut entered: std::collections::HashSet<usize> = std::collections::HashSet::new();
    for f in &topology.flows {
        if f.kind == "publishes"
            && let Some(&i) = index.get(f.to.as_str())
            && entered.insert(i)
        {
            entries.push((
                i,
                format!("{} on {}", f.label, topology.elements[i].name),
                topology.elements[i].exposure.clone(),
            ));
        }
    }
    for (i, e) in topology.elements.iter().enumerate() {
        let out = out_flows.get(e.id.as_str()).is_some_and(|fs| {
            fs.iter()
                .any(|f| matches!(f.kind.as_str(), "escapes" | "controls" | "authenticates"))
        });
        if out
            && !entered.contains(&i)
            && matches!(
                e.kind,
                ElementKind::Container | ElementKind::Service | ElementKind::Workload
            )
        {
            entries.push((
                i,
                format!("a compromised image or dependency of {}", e.name),
                "image".into(),
            ));
        }
    }
    let first_object = |i: usize| -> String {
        topology.elements[i]
            .objects
            .first()
            .cloned()
            .unwrap_or_default()
    };
    let threat_of = |rule: &str, i: usize| -> String {
        topology.elements[i]
            .objects
            .iter()
            .find_map(|o| controls.on(rule, o))
            .or_else(|| controls.on(rule, "host"))
            .map(ToString::to_string)
            .unwrap_or_default()
    };
    let cis_of = |rule: &str| -> String {
        drydock_rules::rules::find(rule)
            .and_then(|r| r.cis.first().or(r.kube_cis.first()))
            .map(|s| s.to_string())
            .unwrap_or_default()
    };
    let _ = first_object;
    let mut paths = Vec::new();
    // Published entries are traced across zones (the most exposed first, up to
    // MAX_TRACED, so the work stays linear in the system's size); an image entry follows
    // only its element's own flows — a lateral move from it reaches nothing that the other
    // element's own entry does not.
    let mut traced = 0;
    // Marks reused from one search to the next: a node is seen in this search when its
    // mark is the search's number (no clearing, no allocation per entry).
    let n = topology.elements.len();
    let mut mark: Vec<u32> = vec![0; n];
    let mut parent: Vec<Option<(usize, Edge)>> = vec![None; n];
    let mut zone_mark: HashMap<&str, u32> = HashMap::new();
    for (search, (entry, entry_label, exposure)) in entries.iter().enumerate() {
        let search = search as u32 + 1;
        let crosses_zones = exposure != "image" && traced < MAX_TRACED;
        traced += usize::from(crosses_zones);
        let mut seen: Vec<usize> = vec![*entry];
        mark[*entry] = search;
        parent[*entry] = None;
        let mut queue = VecDeque::from([*entry]);
        // Impacts reached: impact name → (element where it is reached, the flow).
        let mut impacts: BTreeMap<String, (usize, Option<&SystemFlow>)> = BTreeMap::new();
        while let Some(at) = queue.pop_front() {
            let here = &topology.elements[at];
            for f in out_flows.get(here.id.as_str()).into_iter().flatten() {
                if f.kind == "authenticates" {
                    // Creating pods, entering them or binding roles is cluster-admin one step
                    // later: a privileged pod on any node, or a binding to cluster-admin.
                    let impact = if f.label.contains("cluster-admin")
                        || f.label.contains("can create or enter pods")
                    {
                        "cluster-admin"
                    } else {
                        "cluster secrets"
                    };
                    impacts.entry(impact.into()).or_insert((at, Some(f)));
                    continue;
                }
                let Some(&to) = index.get(f.to.as_str()) else {
                    continue;
                };
                if mark[to] != search {
                    mark[to] = search;
                    parent[to] = Some((at, Edge::Flow(f)));
                    seen.push(to);
                    queue.push_back(to);
                }
            }
            if !crosses_zones {
                continue;
            }
            for z in &here.zones {
                if zone_mark.insert(z.as_str(), search) == Some(search) {
                    continue;
                }
                for &m in members.get(z.as_str()).into_iter().flatten() {
                    if mark[m] != search {
                        mark[m] = search;
                        parent[m] = Some((at, Edge::Zone(z.as_str())));
                        seen.push(m);
                        queue.push_back(m);
                    }
                }
            }
        }
        if let Some(&h) = index.get(HOST)
            && mark[h] == search
        {
            impacts.entry("host root".into()).or_insert((h, None));
        }
        // Another compose service reached (a project is small; workloads and containers
        // number in the thousands, and their impacts are the host and the cluster).
        for &i in &seen {
            let e = &topology.elements[i];
            if i != *entry && e.kind == ElementKind::Service {
                impacts
                    .entry(format!("service reached: {}", e.name))
                    .or_insert((i, None));
            }
        }
        for (impact, (end, last)) in impacts {
            // Walk back from the end to the entry.
            let mut chain: Vec<(usize, usize, Edge)> = Vec::new();
            let mut at = end;
            while let Some((from, edge)) = parent[at].clone() {
                chain.push((from, at, edge));
                at = from;
            }
            chain.reverse();
            let mut steps = Vec::new();
            let entry_el = &topology.elements[*entry];
            if exposure != "image" {
                let publish = topology
                    .flows
                    .iter()
                    .find(|f| f.kind == "publishes" && f.to == entry_el.id);
                let control = publish.map(|f| f.control.clone()).unwrap_or_default();
                steps.push(PathStep {
                    from: OUTSIDE.into(),
                    to: entry_el.id.clone(),
                    action: format!(
                        "reach {} on {}",
                        entry_el.name,
                        publish.map_or("", |f| f.label.as_str())
                    ),
                    threat: if control.is_empty() {
                        String::new()
                    } else {
                        threat_of(&control, *entry)
                    },
                    cis: if control.is_empty() {
                        String::new()
                    } else {
                        cis_of(&control)
                    },
                    control,
                });
            } else {
                steps.push(PathStep {
                    from: "image".into(),
                    to: entry_el.id.clone(),
                    action: format!(
                        "run code in {} through its image or a dependency",
                        entry_el.name
                    ),
                    control: String::new(),
                    cis: String::new(),
                    threat: String::new(),
                });
            }
            for (from, to, edge) in &chain {
                let (a, b) = (&topology.elements[*from], &topology.elements[*to]);
                let (action, control) = match edge {
                    Edge::Flow(f) => (
                        match f.kind.as_str() {
                            "controls" => format!("command the Docker API through {}", f.label),
                            "escapes" => format!("escape to the host: {}", f.label),
                            "starts" => {
                                "start a privileged container: root on the host".to_string()
                            }
                            other => format!("{other}: {}", f.label),
                        },
                        f.control.clone(),
                    ),
                    Edge::Zone(z) => {
                        let (name, kind) = zone_names.get(z).copied().unwrap_or((z, ""));
                        let control = match (kind, name) {
                            ("docker-network", "bridge") => "DH022",
                            ("namespace", _) => "KC14",
                            _ => "",
                        };
                        (
                            format!("move from {} to {} over {kind} {name}", a.name, b.name),
                            control.to_string(),
                        )
                    }
                };
                let owner = if b.kind == ElementKind::Host || b.kind == ElementKind::DockerApi {
                    *from
                } else {
                    *to
                };
                steps.push(PathStep {
                    from: a.id.clone(),
                    to: b.id.clone(),
                    action,
                    threat: if control.is_empty() {
                        String::new()
                    } else {
                        threat_of(&control, owner)
                    },
                    cis: if control.is_empty() {
                        String::new()
                    } else {
                        cis_of(&control)
                    },
                    control,
                });
            }
            if let Some(f) = last {
                // The binding's control, written at the end of the flow's label.
                let grant = f
                    .label
                    .rsplit_once('[')
                    .map(|(_, c)| c.trim_end_matches(']'))
                    .unwrap_or("KC01");
                steps.push(PathStep {
                    from: f.from.clone(),
                    to: API_SERVER.into(),
                    action: format!("call the API server with the pod's token ({})", f.label),
                    threat: threat_of(&f.control, end),
                    cis: cis_of(&f.control),
                    control: f.control.clone(),
                });
                steps.push(PathStep {
                    from: API_SERVER.into(),
                    to: impact.clone(),
                    action: format!("act as {impact}"),
                    threat: controls
                        .by_rule
                        .get(grant)
                        .map(|v| v.to_string())
                        .unwrap_or_default(),
                    cis: cis_of(grant),
                    control: grant.into(),
                });
            }
            let mut names: Vec<String> = vec![if exposure == "image" {
                "image".into()
            } else {
                steps[0]
                    .action
                    .trim_start_matches("reach ")
                    .split(" on ")
                    .nth(1)
                    .unwrap_or("")
                    .to_string()
            }];
            names.push(describe(entry_el));
            for (_, to, _) in &chain {
                let el = &topology.elements[*to];
                names.push(match el.kind {
                    ElementKind::Host => "host root".into(),
                    _ => describe(el),
                });
            }
            if last.is_some() {
                names.push("API server".into());
                names.push(impact.clone());
            }
            let impact_name = if impact.starts_with("service reached") {
                "service reached".to_string()
            } else {
                impact.clone()
            };
            paths.push(AttackPath {
                rank: 0,
                id: String::new(),
                entry: entry_label.clone(),
                exposure: exposure.clone(),
                risk: risk(exposure, &impact_name),
                impact: impact.clone(),
                summary: names.join(" → "),
                steps,
            });
        }
    }
    paths.sort_by(|a, b| {
        let impact = |p: &AttackPath| {
            impact_weight(if p.impact.starts_with("service") {
                "service"
            } else {
                &p.impact
            })
        };
        impact(b)
            .cmp(&impact(a))
            .then_with(|| exposure_weight(&b.exposure).cmp(&exposure_weight(&a.exposure)))
            .then_with(|| a.steps.len().cmp(&b.steps.len()))
            .then_with(|| a.summary.cmp(&b.summary))
    });
    for (i, p) in paths.iter_mut().enumerate() {
        p.rank = i + 1;
        p.id = format!("P{}", i + 1);
    }
    paths
}

/// An element with what makes it dangerous: `web (root, docker.sock)`.
fn describe(e: &drydock_model::topology::SystemElement) -> String {
    match e.kind {
        ElementKind::DockerApi => "Docker API".into(),
        ElementKind::Host => "host".into(),
        _ if e.traits.is_empty() => e.name.clone(),
        _ => {
            let short: Vec<String> = e
                .traits
                .iter()
                .map(|t| {
                    if t.starts_with("runs as root") {
                        "root".to_string()
                    } else if t.contains(".sock") {
                        t.rsplit('/')
                            .next()
                            .unwrap_or(t)
                            .trim_end_matches(" mounted")
                            .to_string()
                    } else {
                        t.clone()
                    }
                })
                .collect();
            format!("{} ({})", e.name, short.join(", "))
        }
    }
}
