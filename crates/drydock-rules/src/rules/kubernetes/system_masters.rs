use super::rbac::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};
use drydock_parse::yaml::Node;

declare_rule! {
    /// ## What it checks
    /// Bindings whose subjects include the group `system:masters`.
    ///
    /// ## Why it matters
    /// Members of system:masters bypass authorization entirely, and their access cannot be revoked
    /// by removing a binding.
    ///
    /// ## Remediation
    /// Bind users and groups to ordinary roles; keep system:masters to the bootstrap credential.
    pub static RULE = {
        id: "KC07",
        name: "rbac-system-masters",
        title: "A binding names the system:masters group",
        cis: [],
        kube_cis: ["5.1.7"],
        target: KubeObject,
        severity: Critical,
        stride: [ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    objects_of(ctx, &["ClusterRoleBinding", "RoleBinding"])
        .into_iter()
        .flat_map(|o| {
            o.node
                .get("subjects")
                .map_or(&[][..], Node::items)
                .iter()
                .filter(|s| {
                    s.get("kind").and_then(|k| k.as_str()) == Some("Group")
                        && s.get("name").and_then(|k| k.as_str()) == Some("system:masters")
                })
                .map(|s| {
                    object_finding(&RULE, o, s, "binds the system:masters group")
                        .with(Evidence::new("subject", "Group system:masters"))
                })
                .collect::<Vec<_>>()
        })
        .collect()
}
