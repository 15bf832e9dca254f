//! Shared reading of Kubernetes manifests for the rules: the pod spec of every workload kind,
//! its containers, security settings with the API server's pod-to-container inheritance,
//! findings placed on the offending field, and `drydock.io/ignore` annotations.

use crate::project::KubeObject;
use crate::rule::{Context, Rule};
use drydock_model::model::{Evidence, ObjectRef, Outcome, Target};
use drydock_parse::yaml::Node;
use std::sync::Arc;

/// Annotation that exempts a rule on a workload or one of its containers:
/// `RULE[@container]=reason`, one per line or separated by `;`.
pub const IGNORE_ANNOTATION: &str = "drydock.io/ignore";

/// Latest Kubernetes minor version whose Pod Security Standards drydock knows.
pub const LATEST_PSS_MINOR: u32 = 37;

/// A workload: an object that carries a pod spec.
pub struct Workload<'a> {
    /// The object.
    pub object: &'a KubeObject,
    /// The pod spec.
    pub spec: &'a Node,
    /// Metadata of the pod (the template's, or the pod's own).
    pub pod_meta: Option<&'a Node>,
}

/// One container of a pod spec.
pub struct Container<'a> {
    /// Its name.
    pub name: &'a str,
    /// Its node.
    pub node: &'a Node,
    /// `containers`, `initContainers` or `ephemeralContainers`.
    pub group: &'static str,
}

impl<'a> Workload<'a> {
    /// Every container: regular, init and ephemeral.
    pub fn containers(&self) -> Vec<Container<'a>> {
        ["containers", "initContainers", "ephemeralContainers"]
            .iter()
            .flat_map(|group| {
                self.spec
                    .get(group)
                    .map(|list| list.items().iter().collect::<Vec<_>>())
                    .unwrap_or_default()
                    .into_iter()
                    .map(move |node| Container {
                        name: node.get("name").and_then(Node::as_str).unwrap_or(""),
                        node,
                        group,
                    })
            })
            .collect()
    }

    /// The pod-level security context setting at a path under `securityContext`.
    pub fn pod_setting(&self, path: &str) -> Option<&'a Node> {
        walk(self.spec.get("securityContext")?, path)
    }

    /// Whether the pod is exempt from the Linux-only restricted controls (allowPrivilegeEscalation,
    /// seccomp, capabilities): a pod that declares `os.name: windows`, from PSS v1.25. Earlier
    /// versions judged Windows pods like any other.
    pub fn windows_exempt(&self, minor: u32) -> bool {
        minor >= 25 && self.is_windows()
    }

    /// Whether the pod declares itself a Windows pod.
    pub fn is_windows(&self) -> bool {
        self.spec
            .get("os")
            .and_then(|o| o.get("name"))
            .and_then(Node::as_str)
            == Some("windows")
    }

    /// Whether the pod runs in its own user namespace (`hostUsers: false`). From PSS v1.35 this
    /// relaxes the baseline procMount control and the restricted runAsNonRoot and runAsUser
    /// controls: root in the pod maps to an unprivileged user on the node.
    pub fn in_user_namespace(&self) -> bool {
        self.spec.get("hostUsers").and_then(Node::as_bool) == Some(false)
    }

    /// A pod annotation.
    pub fn annotation(&self, key: &str) -> Option<&'a Node> {
        self.pod_meta?.get("annotations")?.get(key)
    }
}

impl<'a> Container<'a> {
    /// The container-level security context setting at a path.
    pub fn setting(&self, path: &str) -> Option<&'a Node> {
        walk(self.node.get("securityContext")?, path)
    }

    /// A setting the container inherits from the pod when it does not set it itself (as the
    /// API server applies `runAsUser`, `runAsNonRoot`, `seccompProfile`, `seLinuxOptions`,
    /// `appArmorProfile` and `windowsOptions`): the node and whether it came from the pod.
    pub fn effective(&self, workload: &Workload<'a>, path: &str) -> Option<(&'a Node, bool)> {
        if let Some(n) = self.setting(path).filter(|n| !n.is_null()) {
            return Some((n, false));
        }
        workload
            .pod_setting(path)
            .filter(|n| !n.is_null())
            .map(|n| (n, true))
    }
}

fn walk<'a>(mut node: &'a Node, path: &str) -> Option<&'a Node> {
    for part in path.split('.') {
        node = node.get(part)?;
    }
    Some(node)
}

/// The pod spec of a workload object, whatever its kind.
pub fn workload(object: &KubeObject) -> Option<Workload<'_>> {
    let at = object.pod_spec.as_ref()?;
    Some(Workload {
        object,
        spec: at.spec_in(&object.node),
        pod_meta: at.meta_in(&object.node),
    })
}

/// Applies `check` to every workload of the project.
pub fn per_workload(ctx: &Context, check: impl Fn(&Workload) -> Vec<Outcome>) -> Vec<Outcome> {
    ctx.project()
        .kube
        .iter()
        .filter_map(workload)
        .flat_map(|w| check(&w))
        .collect()
}

/// The Pod Security Standards version in force (minor of v1.N).
pub fn pss_minor(ctx: &Context) -> u32 {
    ctx.options.pss_minor.unwrap_or(LATEST_PSS_MINOR)
}

/// The object reference of a workload, or of one of its containers.
pub fn object_ref(object: &KubeObject, container: Option<&str>) -> Arc<ObjectRef> {
    let refs = workload_refs(object);
    match container {
        None => Arc::clone(&refs.workload),
        Some(c) => refs
            .containers
            .iter()
            .find(|(name, _)| &**name == c)
            .map(|(_, shared)| Arc::clone(shared))
            .unwrap_or_else(|| container_ref(object, c)),
    }
}

/// A workload and its containers as the report names them.
// Made once per workload, by the first rule that asks, and handed to every rule's findings:
// made for each finding, they were the largest part of a cluster's outcomes while its rules
// ran. (Made for every workload as soon as its file was parsed, they cost more: those the
// rules never name stay among the freed nodes until the project is dropped.)
#[derive(Debug, Clone)]
pub struct WorkloadRefs {
    workload: Arc<ObjectRef>,
    containers: Vec<(Box<str>, Arc<ObjectRef>)>,
}

/// The names of `object` and its containers, made the first time they are asked for.
pub fn workload_refs(object: &KubeObject) -> &WorkloadRefs {
    object.workload_refs.get_or_init(|| {
        let mut containers: Vec<(Box<str>, Arc<ObjectRef>)> = workload(object)
            .map(|w| {
                w.containers()
                    .iter()
                    .map(|c| (Box::from(c.name), container_ref(object, c.name)))
                    .collect()
            })
            .unwrap_or_default();
        containers.shrink_to_fit();
        WorkloadRefs {
            workload: Arc::new(ObjectRef {
                kind: Target::KubeWorkload,
                id: object.id(),
                name: object.label(),
            }),
            containers,
        }
    })
}

fn container_ref(object: &KubeObject, container: &str) -> Arc<ObjectRef> {
    Arc::new(ObjectRef {
        kind: Target::KubeWorkload,
        id: format!("{}/{container}", object.id()),
        name: format!("{}, container {container}", object.label()),
    })
}

/// Ignore entries of a workload: (rule, container, reason), from the object's and the pod
/// template's annotations.
fn ignores(w: &Workload) -> Vec<(String, Option<String>, String)> {
    let own = w
        .object
        .node
        .get("metadata")
        .and_then(|m| m.get("annotations"))
        .and_then(|a| a.get(IGNORE_ANNOTATION));
    let template = w.annotation(IGNORE_ANNOTATION);
    own.into_iter()
        .chain(template)
        .filter_map(Node::as_str)
        .flat_map(|text| {
            text.split(['\n', ';'])
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter_map(|entry| {
            let (target, reason) = entry.split_once('=')?;
            let reason = reason.trim();
            if reason.is_empty() {
                return None;
            }
            let (rule, container) = match target.trim().split_once('@') {
                Some((r, c)) => (r.trim().to_string(), Some(c.trim().to_string())),
                None => (target.trim().to_string(), None),
            };
            Some((rule, container, reason.to_string()))
        })
        .collect()
}

/// A failing outcome on a workload (or one container of it), placed on `node`, and exempted
/// when an ignore annotation names the rule (for this container, or for the whole workload).
pub fn finding(
    rule: &Rule,
    w: &Workload,
    container: Option<&str>,
    node: &Node,
    message: impl Into<String>,
) -> Outcome {
    let mut outcome = Outcome::fail(object_ref(w.object, container), message).at(
        &w.object.path,
        node.pos.line,
        node.pos.column,
    );
    let exempt = ignores(w).into_iter().find(|(r, c, _)| {
        (r.eq_ignore_ascii_case(rule.id) || r == rule.name)
            && (c.is_none() || c.as_deref() == container)
    });
    if let Some((_, c, reason)) = exempt {
        let scope = c.map_or_else(|| "the workload".to_string(), |c| format!("container {c}"));
        outcome.suppressed = Some(Box::new((
            reason,
            format!(
                "{} annotation {IGNORE_ANNOTATION} on {} ({scope})",
                w.object.path,
                w.object.label()
            ),
        )));
    }
    outcome
}

/// Findings for a `securityContext` field (`path` below it) that the pod and each container
/// can set: one for the pod's value and one per container whose own value is forbidden. A
/// container is not charged again for a value it inherits — the pod's finding covers it.
/// `what` words the value for the message (`"runs as uid 0"`).
pub fn forbidden_security_settings(
    rule: &Rule,
    w: &Workload,
    path: &str,
    is_forbidden: impl Fn(&Node) -> bool,
    what: impl Fn(&str) -> String,
    expected: &str,
) -> Vec<Outcome> {
    let mut out = Vec::new();
    let mut report = |container: Option<&str>, n: &Node, field: String| {
        let actual = n.as_str().unwrap_or("");
        let subject = if container.is_some() {
            "the container"
        } else {
            "the pod"
        };
        out.push(
            finding(rule, w, container, n, format!("{subject} {}", what(actual)))
                .with(Evidence::new(field, actual).expected(expected)),
        );
    };
    if let Some(n) = w.pod_setting(path).filter(|n| is_forbidden(n)) {
        report(None, n, format!("spec.securityContext.{path}"));
    }
    for c in w.containers() {
        if let Some(n) = c.setting(path).filter(|n| is_forbidden(n)) {
            report(Some(c.name), n, format!("securityContext.{path}"));
        }
    }
    out
}

/// A finding for each capability a container adds outside `allowed`, placed on the entry.
pub fn added_capabilities_outside(
    rule: &Rule,
    w: &Workload,
    c: &Container,
    allowed: &[&str],
    expected: &str,
) -> Vec<Outcome> {
    c.setting("capabilities.add")
        .map_or(&[][..], Node::items)
        .iter()
        .filter_map(|cap| {
            let name = cap.as_str().unwrap_or("");
            (!allowed.contains(&name)).then(|| {
                finding(
                    rule,
                    w,
                    Some(c.name),
                    cap,
                    format!("adds capability {name}"),
                )
                .with(Evidence::new("securityContext.capabilities.add", name).expected(expected))
            })
        })
        .collect()
}

/// How a container fails a setting the restricted profile requires.
pub enum RequiredSetting<'n> {
    /// Set to a value that is not allowed (the node holding it).
    Wrong(&'n Node),
    /// Set neither on the container nor, where it inherits, on the pod.
    Unset,
}

/// The finding for a container that fails a required setting: placed on the wrong value, or on
/// the container's anchor when the setting is missing. `field` and `expected` fill the evidence.
pub fn required_setting_finding(
    rule: &Rule,
    w: &Workload,
    c: &Container,
    failure: RequiredSetting,
    message: String,
    field: &str,
    expected: &str,
) -> Outcome {
    let (node, actual) = match failure {
        RequiredSetting::Wrong(n) => (n, n.as_str().unwrap_or("")),
        RequiredSetting::Unset => (container_anchor(c), "unset"),
    };
    finding(rule, w, Some(c.name), node, message)
        .with(Evidence::new(field, actual).expected(expected))
}

/// Where a finding about a missing container setting goes: the container's `securityContext`
/// key if it has one, else the container's `name`.
pub fn container_anchor<'a>(c: &Container<'a>) -> &'a Node {
    c.node
        .entry("securityContext")
        .map(|(k, _)| k)
        .or_else(|| c.node.entry("name").map(|(_, v)| v))
        .unwrap_or(c.node)
}

/// Where a finding about a missing pod setting goes: the pod spec's `securityContext` key, or
/// the `spec` itself.
pub fn pod_anchor<'a>(w: &Workload<'a>) -> &'a Node {
    w.spec
        .entry("securityContext")
        .map(|(k, _)| k)
        .or_else(|| w.spec.entry("containers").map(|(k, _)| k))
        .unwrap_or(w.spec)
}
