use super::rbac::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// Roles and ClusterRoles with `*` in `apiGroups`, `resources` or `verbs`.
    ///
    /// ## Why it matters
    /// A wildcard grants every present and future resource or verb, including ones added by new API
    /// extensions.
    ///
    /// ## Remediation
    /// List the groups, resources and verbs explicitly.
    pub static RULE = {
        id: "KC03",
        name: "rbac-wildcard",
        title: "A role uses wildcards",
        cis: [],
        kube_cis: ["5.1.3"],
        target: KubeObject,
        severity: Medium,
        stride: [ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    objects_of(ctx, &["Role", "ClusterRole"])
        .into_iter()
        .flat_map(|o| {
            policy_rules(o)
                .into_iter()
                .filter(|r| {
                    r.api_groups
                        .iter()
                        .chain(&r.resources)
                        .chain(&r.verbs)
                        .any(|x| x == "*")
                })
                .map(|r| {
                    object_finding(&RULE, o, r.node, "uses a wildcard").with(Evidence::new(
                        "rule",
                        format!(
                            "verbs [{}] on [{}] in groups [{}]",
                            r.verbs.join(", "),
                            r.resources.join(", "),
                            r.api_groups.join(", ")
                        ),
                    ))
                })
                .collect::<Vec<_>>()
        })
        .collect()
}
