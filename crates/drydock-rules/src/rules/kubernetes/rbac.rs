//! Shared reading of RBAC objects and other non-workload manifests for the rules.

use crate::project::KubeObject;
use crate::rule::{Context, Rule};
use drydock_model::model::{ObjectRef, Outcome, Target};
use drydock_parse::yaml::Node;

/// One rule of a Role or ClusterRole.
pub struct PolicyRule<'a> {
    /// Its node.
    pub node: &'a Node,
    /// `apiGroups`.
    pub api_groups: Vec<String>,
    /// `resources` (with subresources, `nodes/proxy`).
    pub resources: Vec<String>,
    /// `verbs`.
    pub verbs: Vec<String>,
}

fn strings(node: Option<&Node>) -> Vec<String> {
    node.map(|n| {
        n.items()
            .iter()
            .filter_map(|i| i.as_str().map(str::to_string))
            .collect()
    })
    .unwrap_or_default()
}

impl PolicyRule<'_> {
    /// Whether the rule allows any of `verbs` on any of `resources` in any of `groups`
    /// (`""` is the core group); `*` matches everything.
    pub fn grants(&self, verbs: &[&str], resources: &[&str], groups: &[&str]) -> bool {
        let any = |have: &[String], want: &[&str]| {
            have.iter().any(|h| h == "*" || want.contains(&h.as_str()))
        };
        any(&self.verbs, verbs) && any(&self.resources, resources) && any(&self.api_groups, groups)
    }
}

/// The rules of a Role or ClusterRole.
pub fn policy_rules(object: &KubeObject) -> Vec<PolicyRule<'_>> {
    object
        .node
        .get("rules")
        .map(|r| r.items().iter().collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .map(|node| PolicyRule {
            node,
            api_groups: strings(node.get("apiGroups")),
            resources: strings(node.get("resources")),
            verbs: strings(node.get("verbs")),
        })
        .collect()
}

/// Every object of the given kinds.
pub fn objects_of<'a>(ctx: &'a Context, kinds: &[&str]) -> Vec<&'a KubeObject> {
    ctx.project()
        .kube
        .iter()
        .filter(|o| kinds.contains(&o.kind.as_str()))
        .collect()
}

/// The object reference of a non-workload object.
pub fn kube_object_ref(object: &KubeObject) -> ObjectRef {
    ObjectRef {
        kind: Target::KubeObject,
        id: object.id(),
        name: object.label(),
    }
}

/// A failing outcome on an object, placed on `node`, exempted by a `drydock.io/ignore`
/// annotation that names the rule.
pub fn object_finding(
    rule: &Rule,
    object: &KubeObject,
    node: &Node,
    message: impl Into<String>,
) -> Outcome {
    let mut outcome = Outcome::fail(kube_object_ref(object), message).at(
        &object.path,
        node.pos.line,
        node.pos.column,
    );
    let annotation = object
        .node
        .get("metadata")
        .and_then(|m| m.get("annotations"))
        .and_then(|a| a.get(super::workload::IGNORE_ANNOTATION))
        .and_then(Node::as_str);
    if let Some(text) = annotation {
        for entry in text.split(['\n', ';']) {
            if let Some((r, reason)) = entry.split_once('=')
                && (r.trim().eq_ignore_ascii_case(rule.id) || r.trim() == rule.name)
                && !reason.trim().is_empty()
            {
                outcome.suppressed = Some(Box::new((
                    reason.trim().to_string(),
                    format!("{} annotation on {}", object.path, object.label()),
                )));
            }
        }
    }
    outcome
}

/// Findings for every Role/ClusterRole rule that grants `verbs` on `resources` in `groups`.
pub fn role_grants(
    ctx: &Context,
    rule: &Rule,
    verbs: &[&str],
    resources: &[&str],
    groups: &[&str],
    what: &str,
) -> Vec<Outcome> {
    objects_of(ctx, &["Role", "ClusterRole"])
        .into_iter()
        .flat_map(|o| {
            policy_rules(o)
                .into_iter()
                .filter(|r| r.grants(verbs, resources, groups))
                .map(|r| {
                    object_finding(rule, o, r.node, format!("grants {what}")).with(
                        drydock_model::model::Evidence::new(
                            "rule",
                            format!(
                                "verbs [{}] on [{}] in groups [{}]",
                                r.verbs.join(", "),
                                r.resources.join(", "),
                                r.api_groups.join(", ")
                            ),
                        ),
                    )
                })
                .collect::<Vec<_>>()
        })
        .collect()
}
