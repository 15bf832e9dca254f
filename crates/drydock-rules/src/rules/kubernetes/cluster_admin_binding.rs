use super::rbac::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// RoleBindings and ClusterRoleBindings whose `roleRef` is the `cluster-admin` ClusterRole, for
    /// review: each subject gets every permission in the cluster.
    ///
    /// ## Why it matters
    /// cluster-admin can read every secret and change everything; an over-broad binding is the
    /// shortest path to taking the cluster.
    ///
    /// ## Remediation
    /// Bind a role with only the permissions the subject needs; keep cluster-admin for break-glass
    /// accounts.
    pub static RULE = {
        id: "KC01",
        name: "rbac-cluster-admin-binding",
        title: "A binding grants cluster-admin",
        cis: [],
        kube_cis: ["5.1.1"],
        target: KubeObject,
        severity: High,
        stride: [ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    objects_of(ctx, &["ClusterRoleBinding", "RoleBinding"])
        .into_iter()
        .filter_map(|o| {
            let role = o.node.get("roleRef")?.get("name")?;
            (role.as_str() == Some("cluster-admin")).then(|| {
                let subjects: Vec<String> = o
                    .node
                    .get("subjects")
                    .map(|s| {
                        s.items()
                            .iter()
                            .map(|i| {
                                format!(
                                    "{} {}",
                                    i.get("kind").and_then(|k| k.as_str()).unwrap_or(""),
                                    i.get("name").and_then(|k| k.as_str()).unwrap_or("")
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                object_finding(&RULE, o, role, "binds cluster-admin")
                    .with(Evidence::new("subjects", subjects.join(", ")))
            })
        })
        .collect()
}
