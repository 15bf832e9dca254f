//! The topology of the audited system, built from its facts: live containers (identical
//! replicas folded), compose services and Kubernetes workloads as elements; Docker networks,
//! compose networks and namespaces as zones; the flows an attacker can use — the outside to a
//! published port, a container to the Docker API through its socket, a container to the host
//! through privileges, host namespaces or sensitive mounts, a workload to the API server as
//! its service account.

use drydock_model::facts::{ContainerFacts, Facts};
use drydock_model::topology::{ElementKind, SystemElement, SystemFlow, Topology, Zone};
use drydock_parse::yaml::Node;
use drydock_rules::project::ParsedProject;
use std::collections::{BTreeMap, BTreeSet};

/// Element ids of the frame around the system.
pub const OUTSIDE: &str = "outside";
/// The Docker daemon's API.
pub const DOCKER_API: &str = "docker-api";
/// The host.
pub const HOST: &str = "host";
/// The Kubernetes API server.
pub const API_SERVER: &str = "api-server";

/// Host paths whose mount hands the host to a container (read-write or not, for the
/// directories with credentials and devices).
const SENSITIVE: &[&str] = &[
    "/",
    "/boot",
    "/dev",
    "/etc",
    "/lib",
    "/proc",
    "/sys",
    "/usr",
    "/var/lib/docker",
    "/var/lib/kubelet",
    "/root",
    "/run",
    "/var/run",
];

fn is_socket(path: &str) -> bool {
    path.ends_with("/docker.sock") || path.ends_with("/containerd.sock")
}

fn sensitive(path: &str) -> bool {
    let p = path.trim_end_matches('/');
    let p = if p.is_empty() { "/" } else { p };
    SENSITIVE.contains(&p)
}

fn root_user(user: &str) -> bool {
    let name = user.split(':').next().unwrap_or("");
    name.is_empty() || name == "0" || name == "root"
}

/// How exposed a published port is, from the address it is bound to.
fn exposure_of(host_ip: &str) -> &'static str {
    match host_ip.trim_matches(['[', ']']) {
        "" | "0.0.0.0" | "::" => "all interfaces",
        ip if ip.starts_with("127.") || ip == "::1" => "loopback",
        _ => "one interface",
    }
}

/// The most exposed of several exposures.
fn most_exposed<'a>(a: &'a str, b: &'a str) -> &'a str {
    let rank = |e: &str| match e {
        "all interfaces" => 3,
        "one interface" => 2,
        "loopback" => 1,
        _ => 0,
    };
    if rank(b) > rank(a) { b } else { a }
}

/// What builds the topology up.
#[derive(Default)]
struct Builder {
    elements: Vec<SystemElement>,
    zones: BTreeMap<String, Zone>,
    flows: Vec<SystemFlow>,
    /// The ids of the frame elements added.
    framed: std::collections::HashSet<String>,
}

impl Builder {
    fn zone(&mut self, id: String, name: &str, kind: &str, isolated: bool) -> String {
        self.zones.entry(id.clone()).or_insert(Zone {
            id: id.clone(),
            name: name.to_string(),
            kind: kind.to_string(),
            isolated,
        });
        id
    }

    fn flow(&mut self, from: &str, to: &str, kind: &str, label: String, control: &str) {
        self.flows.push(SystemFlow {
            from: from.to_string(),
            to: to.to_string(),
            kind: kind.to_string(),
            label,
            control: control.to_string(),
        });
    }

    fn frame(&mut self, id: &str, kind: ElementKind, name: &str) {
        // Asked for by every workload with a grant: found among the few frame ids, not by a
        // search of every element.
        if self.framed.insert(id.to_string()) {
            self.elements.push(SystemElement {
                id: id.to_string(),
                kind,
                name: name.to_string(),
                replicas: 1,
                zones: Vec::new(),
                objects: Vec::new(),
                image: String::new(),
                traits: Vec::new(),
                exposure: String::new(),
            });
        }
    }
}

/// What a live container can do beyond its own namespaces: (trait, flow kind, target, control).
fn container_escapes(
    c: &ContainerFacts,
) -> Vec<(String, &'static str, &'static str, &'static str)> {
    let mut out = Vec::new();
    if c.privileged {
        out.push(("privileged".into(), "escapes", HOST, "DH079"));
    }
    if c.pid_mode == "host" {
        out.push(("host PID namespace".into(), "escapes", HOST, "DH090"));
    }
    if c.cap_add.iter().any(|cap| {
        matches!(
            cap.to_ascii_uppercase().trim_start_matches("CAP_"),
            "SYS_ADMIN" | "ALL" | "SYS_MODULE" | "SYS_PTRACE"
        )
    }) {
        out.push(("powerful capabilities".into(), "escapes", HOST, "DH078"));
    }
    for m in &c.mounts {
        if is_socket(&m.source) {
            out.push((
                format!("{} mounted", m.source),
                "controls",
                DOCKER_API,
                "DH106",
            ));
        } else if m.kind == "bind" && sensitive(&m.source) {
            out.push((
                format!(
                    "host {} mounted{}",
                    m.source,
                    if m.rw { " read-write" } else { "" }
                ),
                "escapes",
                HOST,
                "DH080",
            ));
        }
    }
    out
}

fn live(facts: &Facts, b: &mut Builder) {
    let Some(engine) = facts.engine.known() else {
        return;
    };
    // Replicas: containers alike in everything an attacker cares about, none publishing a
    // port, fold into one element with a count.
    let mut folded: BTreeMap<String, usize> = BTreeMap::new();
    for c in &engine.containers {
        let escapes = container_escapes(c);
        let mut traits: Vec<String> = escapes.iter().map(|e| e.0.clone()).collect();
        if root_user(&c.user) {
            traits.insert(0, "runs as root".into());
        }
        if c.network_mode == "host" {
            traits.push("host network".into());
        }
        let networks: Vec<String> = if c.network_mode == "host" {
            vec!["host".into()]
        } else if c.networks.is_empty() {
            vec![c.network_mode.clone()]
        } else {
            c.networks.clone()
        };
        let service = c
            .labels
            .get("com.docker.compose.service")
            .cloned()
            .unwrap_or_default();
        let key = format!(
            "{}|{}|{}|{}",
            c.image,
            networks.join(","),
            traits.join(","),
            service
        );
        if c.ports.is_empty()
            && let Some(&i) = folded.get(&key)
        {
            b.elements[i].replicas += 1;
            b.elements[i].objects.push(c.id.clone());
            continue;
        }
        let id = format!("container:{}", c.name);
        let zones: Vec<String> = networks
            .iter()
            .filter(|n| !n.is_empty())
            // The facts carry no `internal` flag of Docker networks: none is taken as isolated.
            .map(|n| b.zone(format!("network:{n}"), n, "docker-network", false))
            .collect();
        let mut exposure = "internal";
        for p in &c.ports {
            exposure = most_exposed(exposure, exposure_of(&p.host_ip));
        }
        for p in &c.ports {
            let all = exposure_of(&p.host_ip) == "all interfaces";
            b.flow(
                OUTSIDE,
                &id,
                "publishes",
                p.describe(),
                if all { "DH088" } else { "" },
            );
        }
        for (what, kind, to, control) in &escapes {
            b.flow(&id, to, kind, what.clone(), control);
        }
        if c.ports.is_empty() {
            folded.insert(key, b.elements.len());
        }
        b.elements.push(SystemElement {
            id,
            kind: ElementKind::Container,
            name: c.name.clone(),
            replicas: 1,
            zones,
            objects: vec![c.id.clone()],
            image: c.image.clone(),
            traits,
            exposure: exposure.to_string(),
        });
    }
    // Elements folded from several containers are named for all of them.
    for e in &mut b.elements {
        if e.replicas > 1 && e.kind == ElementKind::Container {
            e.name = format!("{} (×{})", e.name, e.replicas);
        }
    }
}

fn compose(project: &ParsedProject, b: &mut Builder) {
    use drydock_rules::rules::compose::service::{at, mounts, object, ports};
    for compose in &project.composes {
        let file = compose.paths.first().cloned().unwrap_or_default();
        // Networks declared `internal: true` let nothing out or in from the host's side.
        let internal: BTreeSet<String> = compose
            .project
            .networks
            .as_ref()
            .map(|n| {
                n.entries()
                    .iter()
                    .filter(|(_, v)| {
                        v.get("internal")
                            .and_then(Node::as_str)
                            .is_some_and(|t| t == "true")
                    })
                    .filter_map(|(k, _)| k.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        for service in &compose.project.services {
            let o = object(compose, service);
            let id = format!("service:{}", o.id);
            let mode = at(service, "network_mode")
                .and_then(Node::as_str)
                .unwrap_or("");
            let mut networks: Vec<String> = match at(service, "networks") {
                Some(n) if !n.items().is_empty() => n
                    .items()
                    .iter()
                    .filter_map(|i| i.as_str().map(str::to_string))
                    .collect(),
                Some(n) => n
                    .entries()
                    .iter()
                    .filter_map(|(k, _)| k.as_str().map(str::to_string))
                    .collect(),
                None => Vec::new(),
            };
            if networks.is_empty() && mode.is_empty() {
                networks.push("default".into());
            }
            let zones: Vec<String> = if mode == "host" {
                vec![b.zone("network:host".into(), "host", "docker-network", false)]
            } else {
                networks
                    .iter()
                    .map(|n| {
                        b.zone(
                            format!("compose:{file}#{n}"),
                            n,
                            "compose-network",
                            internal.contains(n),
                        )
                    })
                    .collect()
            };
            let mut traits = Vec::new();
            let user = at(service, "user").and_then(Node::as_str).unwrap_or("");
            if root_user(user) {
                traits.push("runs as root (unless its image sets a user)".to_string());
            }
            let flag = |key: &str| at(service, key).and_then(Node::as_str) == Some("true");
            let mut escapes: Vec<(String, &str, &str, &str)> = Vec::new();
            if flag("privileged") {
                escapes.push(("privileged".into(), "escapes", HOST, "CO001"));
            }
            if at(service, "pid").and_then(Node::as_str) == Some("host") {
                escapes.push(("host PID namespace".into(), "escapes", HOST, "CO014"));
            }
            for m in mounts(service) {
                if m.bind && is_socket(&m.source) {
                    escapes.push((
                        format!("{} mounted", m.source),
                        "controls",
                        DOCKER_API,
                        "CO009",
                    ));
                } else if m.bind && sensitive(&m.source) {
                    escapes.push((
                        format!("host {} mounted", m.source),
                        "escapes",
                        HOST,
                        "CO008",
                    ));
                }
            }
            let mut exposure = "internal";
            for p in ports(service) {
                let Some(published) = &p.published else {
                    continue;
                };
                let ip = p.host_ip.clone().unwrap_or_default();
                exposure = most_exposed(exposure, exposure_of(&ip));
                let shown = if ip.is_empty() {
                    "0.0.0.0".to_string()
                } else {
                    ip.clone()
                };
                b.flow(
                    OUTSIDE,
                    &id,
                    "publishes",
                    format!("{shown}:{published} → {}", p.target),
                    if exposure_of(&ip) == "all interfaces" {
                        "CO012"
                    } else {
                        ""
                    },
                );
            }
            for (what, kind, to, control) in &escapes {
                b.flow(&id, to, kind, what.clone(), control);
            }
            traits.extend(escapes.iter().map(|e| e.0.clone()));
            b.elements.push(SystemElement {
                id,
                kind: ElementKind::Service,
                name: service.name.clone(),
                replicas: 1,
                zones,
                objects: vec![o.id],
                image: at(service, "image")
                    .and_then(Node::as_str)
                    .unwrap_or("")
                    .to_string(),
                traits,
                exposure: exposure.to_string(),
            });
        }
    }
}

/// What a role lets its holder do that leads further: (grant, control), the first that
/// applies of cluster-admin, an escalation (create pods, exec into them, bind, escalate or
/// impersonate) and reading secrets.
fn role_grants(rules: &Node) -> Option<(&'static str, &'static str)> {
    let mut grant: Option<(&'static str, &'static str)> = None;
    for r in rules.items() {
        let list = |key: &str| -> Vec<&str> {
            r.get(key)
                .map(|l| l.items().iter().filter_map(Node::as_str).collect())
                .unwrap_or_default()
        };
        let (resources, verbs) = (list("resources"), list("verbs"));
        let any =
            |wanted: &[&str], have: &[&str]| have.iter().any(|h| *h == "*" || wanted.contains(h));
        let escalates = (any(&["pods"], &resources) && any(&["create"], &verbs))
            || (any(&["pods/exec", "pods/attach"], &resources) && any(&["create", "get"], &verbs))
            || any(&["bind", "escalate", "impersonate"], &verbs);
        if escalates {
            return Some((
                "escalation",
                if any(&["bind", "escalate", "impersonate"], &verbs) {
                    "KC08"
                } else {
                    "KC04"
                },
            ));
        }
        if any(&["secrets"], &resources) && any(&["get", "list", "watch"], &verbs) {
            grant = Some(("secrets", "KC02"));
        }
    }
    grant
}

/// Service account (namespace, name) → what its bindings give: (grant, binding, control).
type Grants = BTreeMap<(String, String), Vec<(String, String, String)>>;

/// What each service account's bindings give it: (namespace, name) → (grant, binding,
/// control), the grant `cluster-admin`, `escalation` or `secrets`.
fn bindings(project: &ParsedProject) -> Grants {
    let mut roles: BTreeMap<String, (&'static str, &'static str)> = BTreeMap::new();
    for o in &project.kube {
        if !matches!(o.kind.as_str(), "ClusterRole" | "Role") {
            continue;
        }
        if let Some(grant) = o.node.get("rules").and_then(role_grants) {
            roles.insert(format!("{}/{}", o.kind, o.name), grant);
        }
    }
    let mut out = Grants::new();
    for o in &project.kube {
        if !matches!(o.kind.as_str(), "ClusterRoleBinding" | "RoleBinding") {
            continue;
        }
        let role_ref = |key: &str| {
            o.node
                .get("roleRef")
                .and_then(|r| r.get(key))
                .and_then(Node::as_str)
                .unwrap_or("")
        };
        let (role_kind, role) = (role_ref("kind"), role_ref("name"));
        let (grant, control) = if role == "cluster-admin" && role_kind == "ClusterRole" {
            ("cluster-admin", "KC01")
        } else if let Some(g) = roles.get(&format!("{role_kind}/{role}")) {
            *g
        } else {
            continue;
        };
        let binding = format!("{} {}", o.kind, o.name);
        for s in o.node.get("subjects").map(Node::items).unwrap_or(&[]) {
            if s.get("kind").and_then(Node::as_str) != Some("ServiceAccount") {
                continue;
            }
            let ns = s
                .get("namespace")
                .and_then(Node::as_str)
                .or(o.namespace.as_deref())
                .unwrap_or("default");
            let name = s.get("name").and_then(Node::as_str).unwrap_or("");
            out.entry((ns.to_string(), name.to_string()))
                .or_default()
                .push((grant.to_string(), binding.clone(), control.to_string()));
        }
    }
    out
}

/// A Service that publishes pods outside the cluster: its namespace, selector and name.
type ExposingService = (String, Vec<(String, String)>, String);

fn kubernetes(project: &ParsedProject, b: &mut Builder) {
    use drydock_rules::rules::kubernetes::workload::{object_ref, workload};
    if project.kube.is_empty() {
        return;
    }
    let isolated: BTreeSet<String> = project
        .kube
        .iter()
        .filter(|o| o.kind == "NetworkPolicy")
        .map(|o| o.namespace_or_default().to_string())
        .collect();
    let grants = bindings(project);
    // Services that publish pods outside the cluster: their selectors.
    let exposed: Vec<ExposingService> = project
        .kube
        .iter()
        .filter(|o| o.kind == "Service")
        .filter_map(|o| {
            let spec = o.node.get("spec")?;
            let kind = spec
                .get("type")
                .and_then(Node::as_str)
                .unwrap_or("ClusterIP");
            if !matches!(kind, "NodePort" | "LoadBalancer") {
                return None;
            }
            let selector = spec
                .get("selector")
                .map(|s| {
                    s.entries()
                        .iter()
                        .filter_map(|(k, v)| {
                            Some((k.as_str()?.to_string(), v.as_str()?.to_string()))
                        })
                        .collect()
                })
                .unwrap_or_default();
            Some((
                o.namespace_or_default().to_string(),
                selector,
                format!("Service {} ({kind})", o.name),
            ))
        })
        .collect();
    for object in &project.kube {
        let Some(w) = workload(object) else { continue };
        let o = object_ref(object, None);
        let ns = object.namespace_or_default().to_string();
        let id = format!("workload:{}", o.id);
        let zone = b.zone(
            format!("namespace:{ns}"),
            &ns,
            "namespace",
            isolated.contains(&ns),
        );
        let mut traits = Vec::new();
        let mut escapes: Vec<(String, &str, &str, &str)> = Vec::new();
        let spec_flag = |key: &str| w.spec.get(key).and_then(Node::as_str) == Some("true");
        if spec_flag("hostPID") {
            escapes.push(("host PID namespace".into(), "escapes", HOST, "KP02"));
        }
        if spec_flag("hostNetwork") {
            traits.push("host network".to_string());
        }
        for c in w.containers() {
            let privileged = c
                .node
                .get("securityContext")
                .and_then(|s| s.get("privileged"))
                .and_then(Node::as_str)
                == Some("true");
            if privileged {
                escapes.push((
                    format!("container {} privileged", c.name),
                    "escapes",
                    HOST,
                    "KP03",
                ));
            }
        }
        for v in w.spec.get("volumes").map(Node::items).unwrap_or(&[]) {
            if let Some(path) = v
                .get("hostPath")
                .and_then(|h| h.get("path"))
                .and_then(Node::as_str)
            {
                if is_socket(path) {
                    escapes.push((format!("hostPath {path}"), "controls", DOCKER_API, "KP05"));
                } else if sensitive(path) {
                    escapes.push((format!("hostPath {path}"), "escapes", HOST, "KP05"));
                }
            }
        }
        let account = w
            .spec
            .get("serviceAccountName")
            .or_else(|| w.spec.get("serviceAccount"))
            .and_then(Node::as_str)
            .unwrap_or("default")
            .to_string();
        let automount = w
            .spec
            .get("automountServiceAccountToken")
            .and_then(Node::as_str)
            != Some("false");
        if let Some(granted) = grants.get(&(ns.clone(), account.clone())) {
            b.frame(API_SERVER, ElementKind::ApiServer, "Kubernetes API server");
            for (grant, binding, control) in granted {
                let what = match grant.as_str() {
                    "cluster-admin" => {
                        format!("service account {account}: cluster-admin through {binding}")
                    }
                    "escalation" => format!(
                        "service account {account}: can create or enter pods, or bind roles, through {binding}"
                    ),
                    _ => format!("service account {account}: reads secrets through {binding}"),
                };
                traits.push(what.clone());
                // The token the pod is given is the way in; the binding is what it buys.
                if automount {
                    b.flow(
                        &id,
                        API_SERVER,
                        "authenticates",
                        format!("{what} [{control}]"),
                        "KC06",
                    );
                }
            }
        }
        let labels: Vec<(String, String)> = w
            .pod_meta
            .and_then(|m| m.get("labels"))
            .map(|l| {
                l.entries()
                    .iter()
                    .filter_map(|(k, v)| Some((k.as_str()?.to_string(), v.as_str()?.to_string())))
                    .collect()
            })
            .unwrap_or_default();
        let mut exposure = "internal";
        for (sns, selector, service) in &exposed {
            if *sns == ns && !selector.is_empty() && selector.iter().all(|s| labels.contains(s)) {
                exposure = "all interfaces";
                b.flow(OUTSIDE, &id, "publishes", service.clone(), "");
            }
        }
        for (what, kind, to, control) in &escapes {
            b.flow(&id, to, kind, what.clone(), control);
        }
        traits.extend(escapes.iter().map(|e| e.0.clone()));
        let replicas = object
            .node
            .get("spec")
            .and_then(|s| s.get("replicas"))
            .and_then(Node::as_str)
            .and_then(|r| r.parse().ok())
            .unwrap_or(1);
        b.elements.push(SystemElement {
            id,
            kind: ElementKind::Workload,
            name: o.name.clone(),
            replicas,
            zones: vec![zone],
            objects: vec![o.id.clone()],
            image: w
                .containers()
                .first()
                .and_then(|c| c.node.get("image"))
                .and_then(Node::as_str)
                .unwrap_or("")
                .to_string(),
            traits,
            exposure: exposure.to_string(),
        });
    }
}

/// The topology of what the facts show.
pub fn build(facts: &Facts, project: &ParsedProject) -> Topology {
    let mut b = Builder::default();
    live(facts, &mut b);
    compose(project, &mut b);
    kubernetes(project, &mut b);
    let uses = |b: &Builder, id: &str| b.flows.iter().any(|f| f.to == id || f.from == id);
    if b.flows.iter().any(|f| f.from == OUTSIDE) {
        b.frame(OUTSIDE, ElementKind::Outside, "outside");
    }
    if uses(&b, DOCKER_API) || facts.engine.known().is_some() {
        b.frame(DOCKER_API, ElementKind::DockerApi, "Docker API");
        // The daemon runs as root unless rootless: whoever commands it commands the host.
        b.flow(
            DOCKER_API,
            HOST,
            "starts",
            "dockerd starts containers as root, privileged on request".into(),
            "DH021",
        );
    }
    if uses(&b, HOST) {
        b.frame(HOST, ElementKind::Host, "host");
    }
    // The frame first, then the system's own elements as they were found. The few frame
    // elements are taken out and put in front: a stable sort of them all took a buffer of half
    // the elements, and a cluster's workloads are a hundred thousand.
    let place = |e: &SystemElement| match e.kind {
        ElementKind::Outside => 0,
        ElementKind::DockerApi | ElementKind::ApiServer | ElementKind::Host => 1,
        _ => 2,
    };
    let mut front: Vec<SystemElement> = b.elements.extract_if(.., |e| place(e) < 2).collect();
    front.sort_by_key(place);
    b.elements.splice(0..0, front);
    b.elements.shrink_to_fit();
    Topology {
        elements: b.elements,
        zones: b.zones.into_values().collect(),
        flows: b.flows,
    }
}
